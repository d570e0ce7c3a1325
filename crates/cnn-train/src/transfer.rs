//! Transfer learning by feature extraction (seed 001, 8-3, method 1): a
//! network pretrained on ImageNet, frozen, looks at each photo once; what
//! it keeps of the photo (the 1,280 averages of its last maps) is all a new,
//! small classifier (the head) learns from.
//!
//! The base is EfficientNet-Lite0 ([`crate::efficientnet::lite0`]) without
//! its ImageNet classifier, batch normalization folded into its
//! convolutions ([`crate::fold`]): frozen, it only looks. The head is an
//! ordinary sequential model that the trainer ([`crate::train::Trainer`])
//! trains on the features as on 1x1 pictures of 1,280 channels, so the
//! curves, the pause and the model file work as for any model.

use burn::tensor::{Device, Tensor, TensorData};

use crate::data::{DataError, Dataset};
use crate::efficientnet::{self, FEATURES, INPUT_SIDE};
use crate::fold::fold_batch_norm;
use crate::graph_net::{GraphModel, GraphNet};
use crate::pretrained::{self, WeightsError};
use crate::spec::{Activation, Layer, ModelSpec, Output, Shape3};

/// What the head reads: the base's features as a 1x1 picture.
pub const HEAD_INPUT: Shape3 = Shape3::new(1, 1, FEATURES);

/// The frozen base: EfficientNet-Lite0 up to global average pooling, with
/// its ImageNet weights.
pub struct Base {
    model: GraphModel,
    net: GraphNet,
    device: Device,
}

impl std::fmt::Debug for Base {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Base").finish_non_exhaustive()
    }
}

impl Base {
    /// The base from the weights file's bytes ([`pretrained::LITE0_FILE`]);
    /// the file's ImageNet classifier is left out.
    pub fn new(weights: &[u8], device: &Device) -> Result<Base, WeightsError> {
        let whole = efficientnet::lite0(true);
        let base = efficientnet::lite0(false);
        let mut values = pretrained::weights_for(&whole, weights)?;
        values.truncate(pretrained::param_lengths(&base).len());
        let wrong = || WeightsError::WrongNetwork {
            expected: base.name.clone(),
            found: whole.name.clone(),
        };
        let (graph, values) = fold_batch_norm(&base, &values).ok_or_else(wrong)?;
        let (model, net) = GraphModel::new(&graph, device).map_err(|_| wrong())?;
        let net = model
            .write_weights(net, &values, device)
            .ok_or_else(wrong)?;
        Ok(Base {
            model,
            net,
            device: device.clone(),
        })
    }

    /// The same network as it starts, before any training (Keras's random
    /// initialisation, batch normalization the identity): what ImageNet's
    /// weights bring is the difference between this base's features and
    /// [`Base::new`]'s.
    pub fn untrained(device: &Device) -> Base {
        let (model, net) = GraphModel::new(&efficientnet::lite0(false), device)
            .expect("EfficientNet-Lite0's shapes fit");
        Base {
            model,
            net,
            device: device.clone(),
        }
    }

    /// The features of 224x224 centre crops (each planar RGB bytes, as
    /// `cnn_photos::prepare::fit` makes them): `[n, 1280]`.
    pub fn features(&self, crops: &[&[u8]]) -> Tensor<2> {
        let side = INPUT_SIDE;
        let input: Vec<f32> = crops
            .iter()
            .flat_map(|c| pretrained::imagenet_input(c))
            .collect();
        let x = Tensor::<4>::from_data(
            TensorData::new(input, [crops.len(), 3, side, side]),
            &self.device,
        );
        self.model.forward(&self.net, x)
    }
}

/// The new head on the base's features: a dense softmax layer, one unit per
/// class (2,562 parameters for two classes).
pub fn head(classes: usize) -> ModelSpec {
    ModelSpec {
        name: "transfer-head".into(),
        input: HEAD_INPUT,
        layers: vec![
            Layer::Flatten,
            Layer::Dense {
                units: classes,
                activation: Activation::Softmax,
            },
        ],
        output: Output::Softmax { classes },
    }
}

/// Features (`[n, 1280]`, row by row) with their labels, as the dataset the
/// head trains on.
pub fn feature_dataset(
    name: &str,
    class_names: Vec<String>,
    features: Vec<f32>,
    labels: Vec<u8>,
) -> Result<Dataset, DataError> {
    Dataset::new(name, (FEATURES, 1, 1), class_names, features, labels)
}

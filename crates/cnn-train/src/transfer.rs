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
use crate::protocol::{Occlusion, Prediction, WorkerError};
use crate::spec::{Activation, Layer, ModelSpec, Output, Shape3};
use crate::train::{read_f32, Occluder, Trainer};

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
        let unit: Vec<f32> = crops
            .iter()
            .flat_map(|c| c.iter().map(|&v| f32::from(v) / 255.0))
            .collect();
        self.features_of(unit, crops.len())
    }

    /// The features of `n` 224x224 pictures with values in `[0, 1]`,
    /// `[n, 3, 224, 224]` planar: `[n, 1280]`.
    pub fn features_of(&self, mut pixels: Vec<f32>, n: usize) -> Tensor<2> {
        let side = INPUT_SIDE;
        pretrained::imagenet_normalize(&mut pixels, side);
        let x = Tensor::<4>::from_data(TensorData::new(pixels, [n, 3, side, side]), &self.device);
        self.model.forward(&self.net, x)
    }
}

/// Whether `spec` is a head on the base's features (its input is
/// [`HEAD_INPUT`]): such a model sees photos through the base.
pub fn is_head(spec: &ModelSpec) -> bool {
    spec.input == HEAD_INPUT
}

/// The occlusion map of a head's answer is coarser than a small network's:
/// each covered copy of the photo goes through the whole base (about 80 ms
/// in the browser), so a 5x5 grid of 56-pixel patches, 26 passes.
pub const OCCLUSION_PATCH: (usize, usize) = (56, 42);

/// Batches of photos that go through the base together.
pub const BATCH: usize = 8;

/// What a trained `head` answers for a 224x224 picture (`[3, 224, 224]`,
/// values in `[0, 1]`) seen through `base`, and its occlusion map
/// ([`OCCLUSION_PATCH`]).
pub async fn explain(
    base: &Base,
    head: &Trainer,
    image: &[f32],
) -> Result<(Prediction, Occlusion), WorkerError> {
    pretrained::check_input(image.len())?;
    let side = INPUT_SIDE;
    let (patch, stride) = OCCLUSION_PATCH;
    let grid = Occluder::new(image, [3, side, side], patch, stride);
    let classes = head.spec().output.classes();
    let mut probs = Vec::with_capacity(grid.copies() * classes);
    let mut prediction = None;
    let mut start = 0;
    while start < grid.copies() {
        let n = BATCH.min(grid.copies() - start);
        let features = read_f32(base.features_of(grid.batch(start, n), n)).await?;
        for row in features.chunks_exact(FEATURES) {
            let p = head.predict(row).await?;
            probs.extend_from_slice(&p.probabilities);
            prediction.get_or_insert(p);
        }
        start += n;
    }
    let occlusion = grid.answer(&probs, classes)?;
    let prediction = prediction.ok_or(WorkerError::AnswerSize)?;
    Ok((prediction, occlusion))
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

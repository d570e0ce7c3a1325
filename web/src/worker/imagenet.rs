//! The network pretrained on ImageNet (EfficientNet-Lite0) in the worker:
//! fetched from the site the first time a learner asks what it sees, built
//! as a graph of cnn-train's layers, run on the CPU.

use burn::tensor::{Device, Tensor, TensorData};
use cnn_train::efficientnet::{self, INPUT_SIDE};
use cnn_train::fold::fold_batch_norm;
use cnn_train::graph_net::{GraphModel, GraphNet};
use cnn_train::pretrained::{self, CLASSES_FILE, LITE0_FILE};
use cnn_train::protocol::{ImageNetGuess, WorkerError};
use cnn_train::train::read_f32;

/// How many guesses the page shows.
pub const TOP: usize = 5;

/// The network with its ImageNet weights and class names.
pub struct Pretrained {
    model: GraphModel,
    net: GraphNet,
    names: Vec<String>,
    device: Device,
    /// The weights file's size, for the page.
    pub bytes: usize,
}

impl std::fmt::Debug for Pretrained {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pretrained")
            .field("bytes", &self.bytes)
            .finish_non_exhaustive()
    }
}

fn unusable(e: impl std::fmt::Display) -> WorkerError {
    WorkerError::Pretrained {
        detail: e.to_string(),
    }
}

impl Pretrained {
    /// Builds the network from the weights file's and the class list's
    /// bytes (as fetched from [`LITE0_FILE`] and [`CLASSES_FILE`]).
    pub fn new(weights: &[u8], classes: &[u8]) -> Result<Pretrained, WorkerError> {
        let graph = efficientnet::lite0(true);
        let values = pretrained::weights_for(&graph, weights).map_err(unusable)?;
        let names = pretrained::class_names(&String::from_utf8_lossy(classes)).map_err(unusable)?;
        // It only looks, so batch normalization goes into the convolutions
        // (the same answers, fewer passes over memory: see cnn_train::fold).
        let (graph, values) = fold_batch_norm(&graph, &values)
            .ok_or_else(|| unusable("the weights do not fit the network"))?;
        let device = Device::flex();
        let (model, net) =
            GraphModel::new(&graph, &device).map_err(|e| unusable(format!("{e:?}")))?;
        let net = model
            .write_weights(net, &values, &device)
            .ok_or_else(|| unusable("the weights do not fit the network"))?;
        Ok(Pretrained {
            model,
            net,
            names,
            device,
            bytes: weights.len(),
        })
    }

    /// The files to fetch, in the order [`Pretrained::new`] takes them.
    pub fn files() -> [&'static str; 2] {
        [LITE0_FILE, CLASSES_FILE]
    }

    /// The [`TOP`] likeliest ImageNet classes for a 224x224 centre crop
    /// (planar RGB bytes).
    pub async fn see(&self, pixels: &[u8]) -> Result<Vec<ImageNetGuess>, WorkerError> {
        pretrained::check_input(pixels.len())?;
        let side = INPUT_SIDE;
        let x = pretrained::imagenet_input(pixels);
        let x = Tensor::<4>::from_data(TensorData::new(x, [1, 3, side, side]), &self.device);
        let probs = read_f32(self.model.forward(&self.net, x)).await?;
        Ok(pretrained::top_k(&probs, TOP)
            .into_iter()
            .map(|(class, probability)| ImageNetGuess {
                class,
                name: self.names.get(class).cloned().unwrap_or_default(),
                probability,
            })
            .collect())
    }
}

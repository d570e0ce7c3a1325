//! The messages between the page and the training worker. Only these cross
//! the worker boundary (as JSON; model files travel as raw bytes beside it).

use serde::{Deserialize, Serialize};

use crate::data::xo::XoConfig;
use crate::spec::ModelSpec;
use crate::train::{Evaluation, Event, Prediction, TrainConfig};

/// Which built-in data to train on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DataChoice {
    /// Procedural X and O pictures.
    Xo { config: XoConfig },
    /// The 5,000 MNIST digits shipped with the app, padded by `pad` pixels
    /// a side (2 makes LeNet's 32x32).
    Digits { pad: usize },
}

/// Page → worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Request {
    Start {
        spec: ModelSpec,
        data: DataChoice,
        /// Fraction of the data held out for validation.
        validation: f32,
        config: TrainConfig,
        /// Which validation picture to show the feature maps of.
        probe: usize,
    },
    Pause,
    Resume,
    Stop,
    /// Show a validation picture's feature maps.
    Probe {
        index: usize,
    },
    /// A picture the learner drew: `[c, h, w]` in [0, 1].
    Predict {
        image: Vec<f32>,
    },
    /// Ask for the trained model as a file (sent back as bytes).
    Export,
    /// A model file to load (its bytes travel beside the message).
    Import,
}

/// What the page draws of the network at one moment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// First layer's filters: `[filters, in_channels, k, k]` flattened.
    pub filters: Vec<f32>,
    pub filter_shape: [usize; 4],
    /// The probe picture, `[c, h, w]`.
    pub input: Vec<f32>,
    pub input_shape: [usize; 3],
    pub label: u8,
    pub prediction: Prediction,
}

/// Worker → page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Reply {
    /// The worker is running; which backend it uses and why.
    Ready {
        backend: String,
        reason: String,
    },
    /// The data is loaded and split; training starts.
    Started {
        train: usize,
        validation: usize,
        class_names: Vec<String>,
        steps_per_epoch: usize,
    },
    Event {
        event: Event,
    },
    Snapshot {
        snapshot: Snapshot,
    },
    /// After training: the validation set in full, and the pictures of the
    /// ones it got wrong (up to 24), `[c, h, w]` each.
    Evaluation {
        evaluation: Evaluation,
        mistakes: Vec<Mistake>,
    },
    Prediction {
        prediction: Prediction,
    },
    Paused,
    Resumed,
    Stopped,
    /// A model file follows as bytes.
    Exported {
        name: String,
    },
    /// An imported model is loaded and ready to predict.
    Imported {
        spec: ModelSpec,
        class_names: Vec<String>,
    },
    /// Something the learner can act on, in a sentence.
    Error {
        message: String,
    },
}

/// A validation picture the model got wrong.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mistake {
    pub index: usize,
    pub label: u8,
    pub predicted: u8,
    pub confidence: f32,
    pub image: Vec<f32>,
}

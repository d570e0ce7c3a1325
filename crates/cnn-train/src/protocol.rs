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

/// Where the learner asks to train.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BackendChoice {
    /// WebGPU where the browser gives an adapter, else the CPU.
    #[default]
    Auto,
    WebGpu,
    Cpu,
}

/// The backend a run uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Backend {
    /// burn's wgpu backend on the browser's WebGPU.
    WebGpu,
    /// burn's flex backend, compiled to WebAssembly.
    Cpu,
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
        /// Where to train.
        #[serde(default)]
        backend: BackendChoice,
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
    /// For tests: make the device fail at the next step, as a lost GPU
    /// does, to exercise the fallback to the CPU.
    FailDevice,
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
    /// The worker is running. `webgpu` is whether WebGPU can be used;
    /// `reason` says why not when it cannot.
    Ready {
        webgpu: bool,
        /// The adapter is a software one (SwiftShader): Automatic trains on
        /// the CPU, which is faster; WebGPU can still be chosen.
        #[serde(default)]
        software: bool,
        reason: Option<String>,
    },
    /// The data is loaded and split; training starts.
    Started {
        backend: Backend,
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
    /// The device failed; training goes on on the CPU from the last
    /// completed step (`epoch`, `step`), with the data and the curves kept.
    FellBack {
        reason: String,
        epoch: usize,
        step: usize,
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

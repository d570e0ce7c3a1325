//! The messages between the page and the training worker. Only these cross
//! the worker boundary (as JSON; model files travel as raw bytes beside it).

use serde::{Deserialize, Serialize};

use crate::data::xo::XoConfig;
use crate::spec::{Layer, ModelSpec};
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
    /// The learner's own photos. Beside the message travel, as one byte
    /// array: `count` pictures of `[3, size, size]` bytes (0–255, planar
    /// RGB), then `count` labels (one byte each, below `class_names.len()`).
    Photos {
        class_names: Vec<String>,
        size: usize,
        count: usize,
    },
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
    /// Explain one picture (`[c, h, w]` in [0, 1]): the prediction, every
    /// layer's maps, and an occlusion map.
    Explain {
        image: Vec<f32>,
    },
    /// Hand the trained model back as bytes to keep on this device (not to
    /// download): answered by [`Reply::Kept`].
    Keep,
    /// Decode a photo the browser's own decoder refused, with the `image`
    /// crate (the file's bytes travel beside the message). The result fits
    /// in `max_side` pixels a side, EXIF orientation applied.
    Decode {
        id: u64,
        max_side: u32,
    },
}

/// Which parts of a picture drove a decision: the drop in the predicted
/// class's probability when a grey patch covers each part.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Occlusion {
    /// The class explained (the one predicted for the whole picture).
    pub class: usize,
    /// Patch positions down and across.
    pub rows: usize,
    pub cols: usize,
    /// Side of the square patch, in input pixels, and the step between patches.
    pub patch: usize,
    pub stride: usize,
    /// `[rows, cols]`: probability without the patch minus with it
    /// (positive: that part supported the decision).
    pub drops: Vec<f32>,
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
    /// First layer's biases, `[filters]` (empty from a worker that did not
    /// send them).
    #[serde(default)]
    pub filter_bias: Vec<f32>,
    /// Per input channel, the `(mean, sd)` the worker standardised the probe
    /// with before the first layer, `(x − mean) / sd`; empty: not at all.
    #[serde(default)]
    pub input_norm: Vec<(f32, f32)>,
    /// The model's first layer (the filters' stride, padding and
    /// activation), when it is a convolution.
    #[serde(default)]
    pub first_layer: Option<Layer>,
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
        /// Boxed: a snapshot is several times the size of any other reply.
        snapshot: Box<Snapshot>,
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
    /// The answer to [`Request::Explain`].
    Explanation {
        prediction: Prediction,
        occlusion: Occlusion,
    },
    /// The trained model as a file follows as bytes (answer to [`Request::Keep`]).
    Kept {
        name: String,
    },
    /// A decoded photo follows as bytes: `width × height` RGB, row by row.
    Decoded {
        id: u64,
        width: u32,
        height: u32,
    },
    /// The photo could not be decoded; `message` says why, in a sentence.
    DecodeFailed {
        id: u64,
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

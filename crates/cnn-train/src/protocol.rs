//! The messages between the page and the training worker. Only these cross
//! the worker boundary (as JSON; model files travel as raw bytes beside it).

use serde::{Deserialize, Serialize};

use crate::data::augment::Augment;
use crate::data::xo::XoConfig;
use crate::data::DataError;
use crate::export::ImportError;
use crate::spec::{Layer, ModelSpec, SpecError};

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
        /// Per photo, where its folders put it (`Some(true)`: validation,
        /// `Some(false)`: training); the rest are split at random
        /// (`Dataset::split_placed`). Empty: all at random.
        #[serde(default)]
        placed: Vec<Option<bool>>,
    },
    /// The learner's photos for transfer learning: as [`DataChoice::Photos`]
    /// at the pretrained network's 224x224. The worker fetches the network
    /// (`pretrained::LITE0_FILE`), runs each photo through its frozen base
    /// once ([`Reply::Extracting`] says how far it is), and trains the
    /// model (a head on the base's features, `transfer::head`) on what the
    /// base kept of each photo.
    Transfer {
        class_names: Vec<String>,
        count: usize,
        /// As [`DataChoice::Photos`]'s.
        #[serde(default)]
        placed: Vec<Option<bool>>,
        /// Per photo, whether what travels is the features the base made
        /// of it on an earlier run (kept by the page, [`Reply::Features`])
        /// rather than its crop (`transfer::transfer_data`). Empty: crops
        /// only.
        #[serde(default)]
        kept: Vec<bool>,
        /// The crops are not in the start's bytes (only the kept features
        /// and the labels are): the worker asks the page for them a few
        /// photos at a time as the base needs them ([`Reply::NeedCrops`],
        /// [`Request::Crops`]), so the photos of a large project never
        /// travel, or sit in memory, all at once.
        #[serde(default)]
        apart: bool,
    },
}

impl DataChoice {
    /// Per picture, where the learner's folders put it (empty: nowhere,
    /// all split at random).
    pub fn placed(&self) -> &[Option<bool>] {
        match self {
            DataChoice::Photos { placed, .. } | DataChoice::Transfer { placed, .. } => placed,
            DataChoice::Xo { .. } | DataChoice::Digits { .. } => &[],
        }
    }
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
// A request lives only between a page's `postMessage` and the worker's
// match on it, one at a time: boxing `Start`'s fields would save nothing.
#[allow(clippy::large_enum_variant)]
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
    /// Fine-tune the trained head and the top of the pretrained base
    /// (`transfer::fine_tune_model`) on the same photos, as `data` (a
    /// [`DataChoice::Transfer`] of crops, beside the message), split as
    /// before. The run goes on where the head's ended: answered by
    /// [`Reply::FineTuning`], then the run's events with epochs counted on.
    FineTune {
        data: DataChoice,
        validation: f32,
        config: TrainConfig,
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
    /// Ask for the trained network as an ONNX file (`onnx`), a head on the
    /// pretrained base with the base inside: answered by
    /// [`Reply::ExportedOnnx`].
    ExportOnnx,
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
    /// Bring one photo into the photos page's project, off the page's main
    /// thread: the file travels beside the message as a `Blob`. The worker
    /// that takes it (the training worker, or one of its peers: up to
    /// `workers` in all share an import) checks it (`cnn_photos::sniff`),
    /// decodes it at `prepare::stored_size` (the browser's decoder; the
    /// `image` crate where that refuses it, or always with `crate_only`)
    /// and makes its thumbnail. Answered by [`Reply::PhotoImported`]
    /// or [`Reply::PhotoNotImported`].
    ImportPhoto {
        id: u64,
        workers: usize,
        crate_only: bool,
    },
    /// Train the two networks of experiment `id` (`lab::EXPERIMENTS`) side
    /// by side on the first `digits` shipped digits (a tenth kept to
    /// validate), one batch each in turn, for `epochs`. Pause, Resume and
    /// Stop act on it as on a run; a Start or another Experiment ends it.
    Experiment {
        id: String,
        epochs: usize,
        digits: usize,
    },
    /// What the network pretrained on ImageNet sees in a photo: `pixels` is
    /// its 224x224 centre crop, planar RGB bytes (`cnn_photos::prepare::fit`).
    /// The first one fetches the network (`pretrained::LITE0_FILE`).
    /// Answered by [`Reply::ImageNet`].
    SeeImageNet {
        pixels: Vec<u8>,
    },
    /// Leader → peer (data-parallel training, `cnn_train::parallel`): hold
    /// this network, with a fresh optimizer. The weights travel as bytes
    /// (little-endian `f32`s, one tensor after another, `lengths` long
    /// each). `generation` names the run; the peer's answers carry it.
    /// Answered by [`Reply::PeerReady`].
    Peer {
        spec: ModelSpec,
        config: TrainConfig,
        index: usize,
        generation: u32,
        lengths: Vec<usize>,
    },
    /// Leader → peer: the gradients of this part of a batch (`images`
    /// pictures, bytes from `parallel::Shard::to_bytes`). Answered by
    /// [`Reply::Gradients`].
    Shard {
        images: usize,
    },
    /// Leader → peer: take the optimizer step with the combined gradient
    /// (bytes: little-endian `f32`s).
    Apply,
    /// Leader → peer: the loss and right answers of this part of the
    /// validation pass (`images` pictures, bytes from
    /// `parallel::Shard::to_bytes`). Answered by [`Reply::Checked`].
    Check {
        images: usize,
    },
    /// Leader → peer (transfer learning's first step, shared): the frozen
    /// base's features of `images` photos (bytes: their 224x224 crops,
    /// planar RGB, one after another), and with `cut` the maps fine-tuning
    /// starts from. `job` names the batch; the answer carries it. Answered
    /// by [`Reply::Looked`].
    Look {
        job: u32,
        images: usize,
        cut: bool,
    },
    /// Page → worker: the crops a [`Reply::NeedCrops`] asked for (bytes:
    /// one 224x224 planar RGB crop for each photo it named, in its order),
    /// with its `run` and `part`.
    Crops {
        run: u32,
        part: u32,
    },
}

/// One of the pretrained network's guesses: an ImageNet class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImageNetGuess {
    /// ImageNet's class number (0 to 999).
    pub class: usize,
    pub name: String,
    pub probability: f32,
}

/// Where an experiment's network looked in one validation digit: the
/// class activation map for the class it predicts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabCam {
    /// The digit, `height * width` pixels in `[0, 1]`.
    pub image: Vec<f32>,
    pub height: usize,
    pub width: usize,
    pub label: usize,
    pub class: usize,
    /// The map at the digit's size, row after row.
    pub map: Vec<f32>,
}

/// One batch of one of an experiment's two networks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabStep {
    /// 0 for the left network, 1 for the right.
    pub net: usize,
    pub epoch: usize,
    pub step: usize,
    pub loss: f32,
    pub accuracy: f32,
    /// Mean absolute gradient reaching each weighted layer, input side
    /// first.
    pub gradients: Vec<f32>,
    /// Validation accuracy, at an epoch's end.
    pub val_accuracy: Option<f32>,
    /// How long the batch took, in milliseconds.
    pub ms: f32,
}

/// Where a network that ends in global average pooling and a Dense layer
/// looks: the class activation map of the predicted class (see
/// `cam::class_activation_map`), `rows x cols` cells of its last feature
/// maps, row by row, in units of the class's score (positive: that place
/// adds to the class).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassActivation {
    pub class: usize,
    pub rows: usize,
    pub cols: usize,
    pub values: Vec<f32>,
}

/// Some of the maps one block of the pretrained base makes of a photo:
/// the `shown` channels that respond most (largest mean), each
/// `height x width`, in `maps.values` one after another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BlockMaps {
    /// The block's name in the network (`block1a`).
    pub block: String,
    /// The block's whole output, `[channels, height, width]`.
    pub shape: [usize; 3],
    /// Which of its channels are shown, in `maps`' order.
    pub channels: Vec<usize>,
    /// `[channels.len(), height, width]`.
    pub maps: LayerOutput,
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

/// Why a worker refused a photo's file, for the page to say in the
/// learner's language: the refusal's stable `code` and its arguments
/// (`cnn_photos::sniff::Refusal::code` and `args`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refused {
    pub code: String,
    pub args: Vec<(String, String)>,
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
        reason: Option<NoGpu>,
    },
    /// Fine-tuning starts where the head's training ended (after
    /// `from_epoch` epochs), for `epochs` more, on the same split.
    FineTuning {
        from_epoch: usize,
        epochs: usize,
        steps_per_epoch: usize,
        train: usize,
        validation: usize,
    },
    /// The data is loaded and split; training starts.
    Started {
        backend: Backend,
        train: usize,
        validation: usize,
        class_names: Vec<String>,
        steps_per_epoch: usize,
        /// How many workers (cores) share each batch.
        #[serde(default = "one")]
        workers: usize,
    },
    /// The other workers stopped answering (`detail` says how): training
    /// goes on in this worker alone, from the same step.
    PeersLost {
        detail: String,
    },
    /// Peer → leader: the base's features of batch `job` (`images` x
    /// 1,280), then with `cut` its maps (`images` x 192 x 7 x 7), as
    /// little-endian `f32` bytes.
    Looked {
        job: u32,
        images: usize,
    },
    /// Peer → leader: the sum of a validation part's losses and its right
    /// answers, for run `generation`.
    Checked {
        generation: u32,
        images: usize,
        loss_sum: f64,
        correct: usize,
    },
    /// Peer → leader: holding the network of run `generation`.
    PeerReady {
        generation: u32,
    },
    /// Peer → leader: a part's mean loss, right answers and (as bytes) the
    /// gradient of its mean loss, for run `generation`.
    Gradients {
        generation: u32,
        images: usize,
        loss: f32,
        correct: usize,
    },
    Event {
        event: Event,
    },
    /// The batches done since the last message, oldest first. The worker
    /// sends them at most ten times a second: a message a batch made the
    /// page redraw 30 times a second, which took a core's time from
    /// training on a small machine.
    Batches {
        batches: Vec<BatchStats>,
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
    /// completed step, numbered as [`BatchStats`] numbers it (`epoch` from
    /// 1, `step` from 1 within it; step 0 of epoch 1 is the very start),
    /// with the data and the curves kept.
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
    /// An ONNX file follows as bytes (answer to [`Request::ExportOnnx`]).
    ExportedOnnx {
        name: String,
    },
    /// An imported model is loaded and ready to predict.
    Imported {
        spec: ModelSpec,
        class_names: Vec<String>,
    },
    /// Something went wrong; the page says what in the learner's language.
    Error {
        error: WorkerError,
    },
    /// The answer to [`Request::Explain`].
    Explanation {
        prediction: Prediction,
        occlusion: Occlusion,
        /// Only for a model that ends in global average pooling and a
        /// Dense layer.
        #[serde(default)]
        cam: Option<ClassActivation>,
        /// Only for a head on the pretrained base: the maps of an early and
        /// a late block of the base for this photo.
        #[serde(default)]
        blocks: Vec<BlockMaps>,
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
    /// A photo brought in ([`Request::ImportPhoto`]): its `width × height` RGB
    /// bytes, row by row, then its `THUMB_SIDE²` RGB thumbnail follow as
    /// bytes. `by_crate`: the `image` crate decoded it; `worker`: which
    /// worker did (0 the training worker, k its k-th peer).
    PhotoImported {
        id: u64,
        width: u32,
        height: u32,
        by_crate: bool,
        worker: usize,
    },
    /// `count` of the training worker's peers have loaded (they train,
    /// look at photos and bring them in beside it).
    PeersLoaded {
        count: usize,
    },
    /// A photo not brought in: the check's refusal, or else `detail` says
    /// why no decoder read it (in English, for the learner's sentence).
    PhotoNotImported {
        id: u64,
        refused: Option<Refused>,
        detail: String,
    },
    /// An experiment's networks are built and its digits loaded.
    LabStarted {
        id: String,
        steps_per_epoch: usize,
        train: usize,
        validation: usize,
    },
    LabStep {
        step: LabStep,
    },
    /// Class activation maps of the network `net` (one that ends in
    /// global average pooling and a dense layer), after training.
    LabMaps {
        net: usize,
        maps: Vec<LabCam>,
    },
    /// Every epoch of both networks has run.
    LabDone {
        id: String,
    },
    /// Transfer learning: the frozen base has looked at `done` of `total`
    /// photos, in `ms` so far (the first time, fetching it is counted too).
    /// With augmentation (seed 001's method 2) `total` counts every look
    /// of the run: each photo once, then the training photos again on
    /// every epoch.
    Extracting {
        done: usize,
        total: usize,
        ms: f32,
        /// Photos whose features came from an earlier run: the base did
        /// not need to look at them again.
        #[serde(default)]
        kept: usize,
        /// How many workers (cores) share the photos.
        #[serde(default = "one")]
        workers: usize,
        /// Method 2: the training photos the base looks at again,
        /// augmented, on each epoch (0: method 1, once only).
        #[serde(default)]
        again: usize,
    },
    /// The features the base made of photos it looked at, a round at a
    /// time as it goes: `count` x 1,280 little-endian `f32` follow as
    /// bytes, for the photos `from..from + count` of those the start sent
    /// as crops (not the kept ones), for the page to keep
    /// (`transfer::FEATURES_OF`).
    Features {
        #[serde(default)]
        from: usize,
        count: usize,
    },
    /// Worker → page, in a transfer run whose crops stay with the page
    /// (`DataChoice::Transfer`'s `apart`): the crops of `photos` (indices
    /// into the start's photos) are needed next. The page answers with
    /// [`Request::Crops`] of the same `run` and `part`.
    NeedCrops {
        run: u32,
        part: u32,
        photos: Vec<usize>,
    },
    /// The answer to [`Request::SeeImageNet`]: the five likeliest ImageNet
    /// classes, how long the network took, and (the first time) how long
    /// fetching and building it took, with its size.
    ImageNet {
        top: Vec<ImageNetGuess>,
        ms: f32,
        #[serde(default)]
        loaded: Option<Loaded>,
    },
}

/// How the pretrained network arrived.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Loaded {
    pub bytes: usize,
    pub ms: f32,
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

/// Most epochs one run may ask for.
pub const MAX_EPOCHS: usize = 200;
/// Largest batch.
pub const MAX_BATCH: usize = 1024;
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Optimizer {
    /// Stochastic gradient descent with (heavy-ball) momentum, as Keras's
    /// `SGD(momentum=…)`: no dampening.
    Sgd { momentum: f64 },
    /// Adam with Keras's defaults (β₁ 0.9, β₂ 0.999).
    Adam,
}

/// The hyperparameters the slides discuss.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainConfig {
    pub optimizer: Optimizer,
    pub learning_rate: f64,
    pub batch_size: usize,
    pub epochs: usize,
    /// Off: the spec's dropout layers pass everything through.
    pub dropout: bool,
    pub augment: Augment,
    /// The same seed gives the same run (initial weights, order, augmentation).
    pub seed: u64,
    /// Standardise the inputs, `(x − mean) / sd` per channel with the
    /// training set's figures (LeCun's advice; the digits need it to learn
    /// quickly). The figures travel with the model.
    #[serde(default = "yes")]
    pub standardize: bool,
    /// How many workers (one per core) share each batch on the CPU
    /// (`cnn_train::parallel`); 1 to [`MAX_WORKERS`]. WebGPU trains in one.
    #[serde(default = "one")]
    pub workers: usize,
}

/// The most workers a run shares its batches among.
pub const MAX_WORKERS: usize = 16;

fn yes() -> bool {
    true
}

fn one() -> usize {
    1
}

impl TrainConfig {
    /// The workers a run asks for, within 1 to [`MAX_WORKERS`].
    pub fn worker_count(&self) -> usize {
        self.workers.clamp(1, MAX_WORKERS)
    }
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            optimizer: Optimizer::Adam,
            learning_rate: 1e-3,
            batch_size: 32,
            epochs: 3,
            dropout: true,
            augment: Augment::NONE,
            seed: 1,
            standardize: true,
            workers: 1,
        }
    }
}

/// A setting that cannot be trained with, naming the field and the range.
#[derive(Debug, Clone, PartialEq)]
pub enum ConfigError {
    BatchSize { value: usize, max: usize },
    LearningRate { value: f64 },
    Epochs { value: usize, max: usize },
    Momentum { value: f64 },
    Augment(DataError),
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfigError::BatchSize { value, max } => {
                write!(f, "Batch size {value} is not allowed: choose 1 to {max}.")
            }
            ConfigError::LearningRate { value } => write!(
                f,
                "Learning rate {value} is not allowed: it must be a positive number such as 0.001."
            ),
            ConfigError::Epochs { value, max } => {
                write!(f, "{value} epochs is not allowed: choose 1 to {max}.")
            }
            ConfigError::Momentum { value } => {
                write!(
                    f,
                    "Momentum {value} is not allowed: choose 0 up to (not including) 1."
                )
            }
            ConfigError::Augment(why) => write!(f, "Augmentation: {why}"),
        }
    }
}

impl TrainConfig {
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.batch_size == 0 || self.batch_size > MAX_BATCH {
            return Err(ConfigError::BatchSize {
                value: self.batch_size,
                max: MAX_BATCH,
            });
        }
        if !(self.learning_rate.is_finite() && self.learning_rate > 0.0) {
            return Err(ConfigError::LearningRate {
                value: self.learning_rate,
            });
        }
        if self.epochs == 0 || self.epochs > MAX_EPOCHS {
            return Err(ConfigError::Epochs {
                value: self.epochs,
                max: MAX_EPOCHS,
            });
        }
        if let Optimizer::Sgd { momentum } = self.optimizer {
            if !(0.0..1.0).contains(&momentum) {
                return Err(ConfigError::Momentum { value: momentum });
            }
        }
        self.augment.validate().map_err(ConfigError::Augment)
    }
}

/// One batch done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchStats {
    /// From 1.
    pub epoch: usize,
    /// From 1, within the epoch.
    pub step: usize,
    pub steps_per_epoch: usize,
    pub loss: f32,
    pub accuracy: f32,
    pub images: usize,
}

/// One epoch done, with the validation set's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EpochStats {
    pub epoch: usize,
    pub train_loss: f32,
    pub train_accuracy: f32,
    pub val_loss: f32,
    pub val_accuracy: f32,
}

/// Why training stopped early.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Failure {
    /// The loss became NaN or infinite (learning rate too high, usually);
    /// the weights are those of the last good step.
    Diverged { epoch: usize, step: usize },
    /// The device failed (a GPU lost, say); the weights are those of the
    /// last completed step.
    Device { message: String },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Event {
    Batch(BatchStats),
    Epoch(EpochStats),
    Done,
    Failed(Failure),
}

/// Validation results in full.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    pub loss: f32,
    pub accuracy: f32,
    /// `confusion[actual][predicted]`
    pub confusion: Vec<Vec<u32>>,
    /// Per example: the predicted class and its probability.
    pub predictions: Vec<(u8, f32)>,
}

/// One picture through the network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prediction {
    pub probabilities: Vec<f32>,
    /// Every layer's output for this picture, in spec order.
    pub layers: Vec<LayerOutput>,
}

/// A layer's output for one picture: `[channels, height, width]` maps, or a
/// flat vector (`channels` = units, height = width = 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LayerOutput {
    pub shape: [usize; 3],
    pub values: Vec<f32>,
}

/// Declares [`WorkerError`] from one list, so that the list of every code
/// ([`WorkerError::examples`]) cannot miss a variant: each variant names its
/// code and an example value of each argument.
macro_rules! worker_errors {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident $({ $($field:ident : $ty:ty = $example:expr),* $(,)? })? => $code:literal,
    )*) => {
        /// What went wrong in the worker, as a code with arguments: the page
        /// says it in the learner's language (`err-<code>` in the Fluent
        /// files). Crosses the worker boundary in [`Reply::Error`].
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "code", rename_all = "kebab-case")]
        pub enum WorkerError {
            $(
                $(#[doc = $doc])*
                $variant $({ $($field: $ty),* })?,
            )*
        }

        impl WorkerError {
            /// The stable code: its message is `err-<code>`.
            pub fn code(&self) -> &'static str {
                match self {
                    $(WorkerError::$variant { .. } => $code,)*
                }
            }

            /// One of every variant (for the translation tests).
            pub fn examples() -> Vec<WorkerError> {
                vec![$(WorkerError::$variant $({ $($field: $example),* })?,)*]
            }
        }
    };
}

worker_errors! {
    /// Predicting or explaining before there is a model.
    NoModel => "no-model",
    /// Exporting or keeping before anything was trained.
    NoTrainedModel => "no-trained-model",
    /// Importing a model while a run goes on.
    StopFirst => "stop-first",
    /// A message the worker could not read (a page and worker of different
    /// versions).
    BadMessage { detail: String = "expected value at line 1 column 1".into() } => "bad-message",
    /// A file of the built-in data could not be fetched.
    Fetch { file: String = "digits-5k-images-idx3-ubyte.gz".into(), detail: String = "404".into() } => "fetch",
    BatchSize { value: usize = 0, max: usize = 1024 } => "batch-size",
    LearningRate { value: f64 = -1.0 } => "learning-rate",
    Epochs { value: usize = 201, max: usize = 200 } => "epochs",
    Momentum { value: f64 = 1.5 } => "momentum",
    /// A number setting (of the augmentation or the X/O data) out of range.
    Setting { field: String = "shift".into(), value: f64 = 2.0, min: f64 = 0.0, max: f64 = 0.5 } => "setting",
    /// The model does not fit together (the page renders the
    /// [`SpecError`]'s own message).
    Spec { error: SpecError = SpecError::Empty } => "spec",
    /// The data's pictures or classes do not fit the model.
    DataMismatch {
        data_height: usize = 28, data_width: usize = 28, data_channels: usize = 1, data_classes: usize = 10,
        model_height: usize = 9, model_width: usize = 9, model_channels: usize = 1, model_classes: usize = 2,
    } => "data-mismatch",
    EmptyData => "empty-data",
    /// The photos arrived with the wrong number of bytes.
    PhotoBytes { count: usize = 3, size: usize = 32, expected: usize = 9219, found: usize = 9218 } => "photo-bytes",
    TooFewClasses { classes: usize = 1 } => "too-few-classes",
    EmptyClass { class: String = "cats".into() } => "empty-class",
    /// The built-in data is damaged (it ships with the app).
    Data { detail: String = "the images file is cut short".into() } => "data",
    /// A model file: not one of ours.
    NotAModel => "not-a-model",
    /// A model file from a newer app.
    Version { found: u32 = 2, reads: u32 = 1 } => "version",
    Truncated => "truncated",
    Corrupt => "corrupt",
    TooLarge { megabytes: usize = 120 } => "too-large",
    /// The architecture in a model file cannot be read.
    BadSpec { detail: String = "missing field `layers`".into() } => "bad-spec",
    /// A model file's class names do not match its output.
    ClassNames { names: usize = 3, classes: usize = 2 } => "class-names",
    /// Weights that do not fit the architecture (a model file, a checkpoint).
    WrongArchitecture => "wrong-architecture",
    /// A picture of the wrong size for the model.
    PictureSize { values: usize = 80, height: usize = 9, width: usize = 9, channels: usize = 1 } => "picture-size",
    /// An occlusion patch or step of 0 pixels.
    OcclusionZero => "occlusion-zero",
    OcclusionTooLarge { patch: usize = 17, height: usize = 16, width: usize = 16 } => "occlusion-too-large",
    /// The network's answer had the wrong size.
    AnswerSize => "answer-size",
    /// The device (a GPU, say) failed while reading a result.
    Device { detail: String = "the device was lost".into() } => "device",
    /// The pretrained network's file arrived but cannot be used (cut
    /// short, damaged, another network's).
    Pretrained { detail: String = "the weights file ends too early".into() } => "pretrained",
}

impl WorkerError {
    /// The arguments its message needs, by name, as text.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        use WorkerError as E;
        let n = |v: &usize| v.to_string();
        match self {
            E::NoModel
            | E::NoTrainedModel
            | E::StopFirst
            | E::EmptyData
            | E::NotAModel
            | E::Truncated
            | E::Corrupt
            | E::WrongArchitecture
            | E::OcclusionZero
            | E::AnswerSize
            | E::Spec { .. } => vec![],
            E::BadMessage { detail }
            | E::Data { detail }
            | E::BadSpec { detail }
            | E::Device { detail }
            | E::Pretrained { detail } => {
                vec![("detail", detail.clone())]
            }
            E::Fetch { file, detail } => vec![("file", file.clone()), ("detail", detail.clone())],
            E::BatchSize { value, max } | E::Epochs { value, max } => {
                vec![("value", n(value)), ("max", n(max))]
            }
            E::LearningRate { value } | E::Momentum { value } => vec![("value", value.to_string())],
            E::Setting {
                field,
                value,
                min,
                max,
            } => vec![
                ("field", field.clone()),
                ("value", value.to_string()),
                ("min", min.to_string()),
                ("max", max.to_string()),
            ],
            E::DataMismatch {
                data_height,
                data_width,
                data_channels,
                data_classes,
                model_height,
                model_width,
                model_channels,
                model_classes,
            } => vec![
                (
                    "data_shape",
                    format!("{data_height}×{data_width}×{data_channels}"),
                ),
                ("data_classes", n(data_classes)),
                (
                    "model_shape",
                    format!("{model_height}×{model_width}×{model_channels}"),
                ),
                ("model_classes", n(model_classes)),
            ],
            E::PhotoBytes {
                count,
                size,
                expected,
                found,
            } => vec![
                ("count", n(count)),
                ("size", n(size)),
                ("expected", n(expected)),
                ("found", n(found)),
            ],
            E::TooFewClasses { classes } => vec![("classes", n(classes))],
            E::EmptyClass { class } => vec![("class", class.clone())],
            E::Version { found, reads } => {
                vec![("found", found.to_string()), ("reads", reads.to_string())]
            }
            E::TooLarge { megabytes } => vec![("megabytes", n(megabytes))],
            E::ClassNames { names, classes } => vec![("names", n(names)), ("classes", n(classes))],
            E::PictureSize {
                values,
                height,
                width,
                channels,
            } => vec![
                ("values", n(values)),
                ("shape", format!("{height}×{width}×{channels}")),
                ("expected", n(&(height * width * channels))),
            ],
            E::OcclusionTooLarge {
                patch,
                height,
                width,
            } => vec![
                ("patch", n(patch)),
                ("shape", format!("{height}×{width}")),
                ("max", n(height.min(width))),
            ],
        }
    }
}

impl From<SpecError> for WorkerError {
    fn from(error: SpecError) -> Self {
        WorkerError::Spec { error }
    }
}

impl From<ConfigError> for WorkerError {
    fn from(e: ConfigError) -> Self {
        match e {
            ConfigError::BatchSize { value, max } => WorkerError::BatchSize { value, max },
            ConfigError::LearningRate { value } => WorkerError::LearningRate { value },
            ConfigError::Epochs { value, max } => WorkerError::Epochs { value, max },
            ConfigError::Momentum { value } => WorkerError::Momentum { value },
            ConfigError::Augment(e) => e.into(),
        }
    }
}

impl From<DataError> for WorkerError {
    fn from(e: DataError) -> Self {
        match e {
            DataError::Setting {
                field,
                value,
                min,
                max,
            } => WorkerError::Setting {
                field: field.to_string(),
                value,
                min,
                max,
            },
            DataError::PhotoBytes {
                count,
                size,
                expected,
                found,
            } => WorkerError::PhotoBytes {
                count,
                size,
                expected,
                found,
            },
            DataError::TooFewClasses { classes } => WorkerError::TooFewClasses { classes },
            DataError::EmptyClass { class } => WorkerError::EmptyClass { class },
            other => WorkerError::Data {
                detail: other.to_string(),
            },
        }
    }
}

impl From<ImportError> for WorkerError {
    fn from(e: ImportError) -> Self {
        match e {
            ImportError::NotAModel => WorkerError::NotAModel,
            ImportError::Version { found } => WorkerError::Version {
                found,
                reads: crate::export::VERSION,
            },
            ImportError::Truncated => WorkerError::Truncated,
            ImportError::Corrupt => WorkerError::Corrupt,
            ImportError::TooLarge { bytes } => WorkerError::TooLarge {
                megabytes: bytes / (1024 * 1024),
            },
            ImportError::BadJson(detail) => WorkerError::BadSpec { detail },
            ImportError::BadSpec(error) => WorkerError::Spec { error },
            ImportError::ClassNames { names, classes } => {
                WorkerError::ClassNames { names, classes }
            }
            ImportError::WrongArchitecture { .. } => WorkerError::WrongArchitecture,
        }
    }
}

/// Why training cannot use WebGPU: what the page says (in a sentence) and
/// the technical detail behind it (shown on request).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoGpu {
    pub why: NoGpuWhy,
    /// As the browser or burn put it, in English.
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NoGpuWhy {
    /// The browser has no `navigator.gpu`.
    NoApi,
    /// It has, but gave no adapter or device.
    NoDevice,
    /// This copy of the app was built without the WebGPU backend.
    NoBuild,
}

impl NoGpuWhy {
    pub const ALL: [NoGpuWhy; 3] = [NoGpuWhy::NoApi, NoGpuWhy::NoDevice, NoGpuWhy::NoBuild];

    /// Its message: `tr-cpu-<code>`.
    pub const fn code(self) -> &'static str {
        match self {
            NoGpuWhy::NoApi | NoGpuWhy::NoDevice => "no-gpu",
            NoGpuWhy::NoBuild => "no-build",
        }
    }
}

/// The bytes that travel beside a message, read whole or a part at a time.
/// In the worker they stay in the message's own buffer until read, so that
/// a transfer-learning start's crops (150 KB a photo) come into the
/// worker's memory a batch at a time, never all at once beside the
/// buffer they came in (issue 12's memory bar).
pub trait Payload {
    /// How many bytes there are.
    fn len(&self) -> usize;
    /// Bytes `range`, copied out; `range` must lie within [`Payload::len`].
    fn read(&self, range: std::ops::Range<usize>) -> Vec<u8>;
    /// Whether there are none.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// All of them.
    fn to_vec(&self) -> Vec<u8> {
        self.read(0..self.len())
    }
}

impl Payload for Vec<u8> {
    fn len(&self) -> usize {
        self.as_slice().len()
    }
    fn read(&self, range: std::ops::Range<usize>) -> Vec<u8> {
        self[range].to_vec()
    }
}

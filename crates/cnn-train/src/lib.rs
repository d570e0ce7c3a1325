//! # cnn-train
//!
//! The pure part of the in-browser trainer: model descriptions with Keras
//! shape inference and `model.summary()` ([`spec`]), the built-in models
//! ([`spec::zoo`]), datasets (procedural X/O pictures and MNIST digits) and
//! augmentation ([`data`]), and a seeded random generator ([`rng`]).
//!
//! Images are `[n, channels, height, width]` with values in `[0, 1]`; model
//! shapes are Keras's `(height, width, channels)`.
//!
//! No browser, no clock, no threads, no file system: it runs the same under
//! `cargo test` and in WebAssembly.

pub mod core;
pub mod data;
pub mod export;
pub mod model;
pub mod protocol;
pub mod rng;
pub mod spec;
pub mod train;

pub use data::augment::{Augment, Transform};
pub use data::xo::XoConfig;
pub use data::{DataError, Dataset, IdxFile};
pub use rng::Rng;
pub use spec::{
    zoo, Activation, Layer, LayerKind, ModelSpec, Output, Padding, Shape3, SpecError, Summary,
    SummaryRow, MAX_PARAMS,
};
pub use train::{
    BatchStats, Checkpoint, ConfigError, EpochStats, Evaluation, Event, Failure, Optimizer,
    Prediction, TrainConfig, TrainError, Trainer,
};

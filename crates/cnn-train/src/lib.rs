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
//! [`protocol`] is what crosses the worker boundary, plain data with no burn
//! in it; the `burn` feature (on by default) adds the network ([`model`]) and
//! the training loop ([`train`]) that only the worker runs.
//!
//! No browser, no clock, no threads, no file system: it runs the same under
//! `cargo test` and in WebAssembly.

pub mod blocks;
#[cfg(feature = "burn")]
pub mod cam;
pub mod classic;
pub mod core;
pub mod data;
pub mod efficientnet;
#[cfg(feature = "burn")]
pub mod experiment;
pub mod export;
pub mod fold;
pub mod graph;
#[cfg(feature = "burn")]
pub mod graph_net;
pub mod lab;
#[cfg(feature = "burn")]
pub mod model;
pub mod onnx;
#[cfg(feature = "burn")]
pub mod parallel;
pub mod pretrained;
pub mod protocol;
pub mod rng;
pub mod spec;
#[cfg(feature = "burn")]
pub mod train;
#[cfg(feature = "burn")]
pub mod transfer;

pub use data::augment::{Augment, Transform};
pub use data::xo::XoConfig;
pub use data::{DataError, Dataset, IdxFile};
pub use protocol::{
    BatchStats, ConfigError, EpochStats, Evaluation, Event, Failure, Optimizer, Prediction,
    TrainConfig,
};
pub use rng::Rng;
pub use spec::{
    zoo, Activation, Layer, LayerKind, ModelSpec, Output, Padding, ParamTensor, Shape3, SpecError,
    Summary, SummaryRow, MAX_PARAMS,
};
#[cfg(feature = "burn")]
pub use train::{Checkpoint, TrainError, Trainer};

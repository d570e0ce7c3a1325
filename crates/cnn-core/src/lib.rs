//! # cnn-core
//!
//! Exact CNN arithmetic with step-by-step traces, for teaching.
//!
//! Every operation (convolution, ReLU, pooling, flatten, dense, softmax, and
//! the later networks' global pooling, 1x1, depthwise and separable
//! convolution, batch normalization and residual addition) has a
//! whole-tensor form and a *traced* form that reports, for each output cell,
//! its input window, the element products, the reduction and the result. With
//! [`Ratio`] numbers and integer inputs every result is an exact fraction, so
//! the slides' 7/9 is 7/9, not 0.7777778.
//!
//! Window placement has one source of truth, [`geometry::window`].
//!
//! This crate knows nothing of browsers, clocks, randomness or burn.

pub mod error;
pub mod geometry;
pub mod kernels;
pub mod ops;
pub mod ratio;
pub mod scalar;
pub mod trace;
pub mod worked;
pub mod xo;

pub use error::CoreError;
pub use geometry::{window, Edge, Pad, Padding, Window, WindowSpec};
pub use ops::{
    flatten, flatten_source, relu, relu_trace, residual_add, residual_add_trace, softmax, to_grey,
    BatchNorm, BatchNormTrace, ChannelStats, Conv2d, Dense, DepthwiseConv2d, GlobalPool, NormCell,
    NormTerm, Pool2d, PoolKind, Reduction, SeparableConv2d, SeparableTrace,
};
pub use ratio::Ratio;
pub use scalar::Scalar;
pub use trace::{CellTrace, Reduce, Term};

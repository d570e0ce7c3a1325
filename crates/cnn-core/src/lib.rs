//! # cnn-core
//!
//! Exact CNN arithmetic with step-by-step traces, for teaching.
//!
//! Every operation (convolution, ReLU, pooling, flatten, dense, softmax) has a
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
pub mod xo;

pub use error::CoreError;
pub use geometry::{window, Edge, Pad, Padding, Window, WindowSpec};
pub use ops::{
    flatten, flatten_source, relu, relu_trace, softmax, to_grey, Conv2d, Dense, Pool2d, PoolKind,
    Reduction,
};
pub use ratio::Ratio;
pub use scalar::Scalar;
pub use trace::{CellTrace, Reduce, Term};

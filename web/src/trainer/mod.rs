//! The trainer page (`?view=train`): pick a model from the zoo (with its
//! Keras-style summary) and data, set the hyperparameters, and watch a
//! network learn in a web worker: curves, filters, feature maps, the
//! confusion matrix and the mistakes. `form` is the pure part (settings and
//! their checks) and `spec_url` an edited model's URL form; `view` draws and
//! talks to the worker (through `crate::training`, shared with the photos
//! page); `cell` shows one first-layer cell step by step.

pub mod cell;
pub mod form;
pub mod spec_url;
pub mod view;

//! The trainer page (`?view=train`): pick a model from the zoo (with its
//! Keras-style summary) and data, set the hyperparameters, and watch a
//! network learn in a web worker: curves, filters, feature maps, the
//! confusion matrix and the mistakes. `form` is the pure part (settings and
//! their checks); `view` draws and talks to the worker.

pub mod editor;
pub mod form;
pub mod view;

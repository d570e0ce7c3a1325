//! The trainer page (`?view=train`): pick a model from the zoo (with its
//! Keras-style summary) and data, set the hyperparameters, and watch a
//! network learn in a web worker: curves, filters, feature maps, the
//! confusion matrix and the mistakes. `form` is the pure part (settings and
//! their checks) and `spec_url` an edited model's URL form; `view` is the
//! page, which owns the state and the worker (`hooks`, through
//! `crate::training`, shared with the photos page) and composes the
//! components: `status` (backend line, progress), `settings`, `actions`
//! (run buttons, export, import), `model` (editor, summary), `curves`,
//! `network` (filters, maps), `evaluation` (confusion matrix, mistakes) and
//! `draw` (the drawing pad); `cell` shows one first-layer cell step by step.

pub mod actions;
pub mod cell;
pub mod curves;
pub mod draw;
pub mod evaluation;
pub mod form;
pub mod hooks;
pub mod model;
pub mod network;
pub mod settings;
pub mod spec_url;
pub mod status;
pub mod view;

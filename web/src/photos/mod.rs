//! The photos page (`?view=photos`): the learner's own photos as a
//! dataset, trained on in the worker and explained, kept on this device.
//!
//! - `model`: the project as plain data and its rules (tested natively);
//! - `state`: the page's reducer and the explanation's;
//! - `import`: files, folders and zips in, checked and decoded;
//! - `ingest`: the import driver, and what inputs and drops carry;
//! - `store`: IndexedDB, photo by photo;
//! - `share`: the whole project as one file;
//! - `actions`, `hooks`: what the buttons do, and the page's effects;
//! - `view`: the page, which composes its sections' components:
//!   `classes`, `progress`, `preview`, `training`, `results`, `camera`,
//!   `explain`, `imagenet` (what the network pretrained on ImageNet
//!   sees), `keep`; `grid` draws pictures and the thumbnail grid.

pub mod actions;
pub mod camera;
pub mod classes;
pub mod compare;
pub mod explain;
pub mod grid;
pub mod hooks;
pub mod imagenet;
pub mod import;
pub mod ingest;
pub mod keep;
pub mod model;
pub mod preview;
pub mod progress;
pub mod results;
pub mod share;
pub mod state;
pub mod store;
pub mod training;
pub mod tune;
pub mod view;

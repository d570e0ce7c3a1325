//! The photos page (`?view=photos`): the learner's own photos as a
//! dataset, trained on in the worker and explained, kept on this device.
//!
//! - `model`: the project as plain data and its rules (tested natively);
//! - `import`: files, folders and zips in, checked and decoded;
//! - `store`: IndexedDB, photo by photo;
//! - `share`: the whole project as one file;
//! - `grid`, `camera`, `view`: drawing, the webcam, the page.

pub mod camera;
pub mod grid;
pub mod import;
pub mod model;
pub mod share;
pub mod store;
pub mod view;

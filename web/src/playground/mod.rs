//! The playground: any image, any kernels, any padding, stride, dilation and
//! pooling. `model` is the pure part (settings, URL, computing through
//! cnn-core); `state` is the page's reducer; `view` is the page, which owns
//! the hooks and composes the sections: `picture` (with `draw` and `load`),
//! `kernels`, `geometry` and `results` (with `maps` and `stepping`).
//! `effects` paints and runs the `live` loop; `step` is step mode's panel.

mod draw;
mod effects;
mod geometry;
mod kernels;
pub mod live;
mod load;
mod maps;
pub mod model;
mod picture;
mod pixels;
mod results;
mod select;
mod state;
pub mod step;
mod stepping;
pub mod view;

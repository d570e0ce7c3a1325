//! Widgets that know no page: the grid of numbers and its colour scale,
//! canvases, the drawing pad, playback, the step-through example, field
//! checking and number formats.

pub mod canvas;
pub mod example;
pub mod fields;
pub mod format;
pub mod grid;
pub mod pad;
pub mod playback;
pub mod ticker;

//! Widgets that know no page: the grid of numbers and its colour scale,
//! canvases, line charts, the drawing pad, playback, the step-through example, field
//! checking and number formats.

pub mod canvas;
pub mod example;
pub mod fields;
pub mod format;
pub mod grid;
pub mod line_chart;
pub mod pad;
pub mod playback;
pub mod ticker;

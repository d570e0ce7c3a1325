//! Global pooling: each channel's whole map pooled into one number (NiN's
//! replacement for the fully connected layers; Keras's `GlobalAveragePooling2D`
//! and `GlobalMaxPooling2D`).

use ndarray::{Array1, Array3};

use super::{Pool2d, PoolKind};
use crate::error::CoreError;
use crate::geometry::{Edge, WindowSpec};
use crate::scalar::Scalar;
use crate::trace::CellTrace;

/// Global average or max pooling: `[c, h, w]` → `[c]`, one value per channel,
/// channels never mixed.
///
/// It is a [`Pool2d`] whose window is the whole map, so its window comes from
/// [`crate::geometry::window`] like every other and its traces are
/// [`Pool2d::trace`]'s: one cell per channel, `out = (channel, 0, 0)`, the
/// map's values in reading order, their sum, and the mean (or the maximum with
/// its `pick`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GlobalPool {
    pub kind: PoolKind,
}

impl GlobalPool {
    /// Keras's `GlobalAveragePooling2D`: each map's mean.
    pub const AVERAGE: GlobalPool = GlobalPool {
        kind: PoolKind::Average,
    };
    /// Keras's `GlobalMaxPooling2D`: each map's largest value.
    pub const MAX: GlobalPool = GlobalPool {
        kind: PoolKind::Max,
    };

    /// The equivalent pooling layer for an input of `[c, h, w]`: one `h x w`
    /// window.
    pub fn pool<T>(&self, input: &Array3<T>) -> Pool2d {
        let (_, h, w) = input.dim();
        Pool2d {
            kind: self.kind,
            window: (h, w),
            stride: (1, 1),
            edge: Edge::Drop,
        }
    }

    /// The window geometry (a 1x1 output); an empty map is refused.
    pub fn spec<T>(&self, input: &Array3<T>) -> Result<WindowSpec, CoreError> {
        self.pool(input).spec(input)
    }

    /// input: `[c, h, w]` → `[c]`
    pub fn forward<T: Scalar>(&self, input: &Array3<T>) -> Result<Array1<T>, CoreError> {
        let pooled = self.pool(input).forward(input)?; // [c, 1, 1]
        Ok(pooled.iter().copied().collect())
    }

    /// One trace per channel, in channel order.
    pub fn trace<T: Scalar>(&self, input: &Array3<T>) -> Result<Vec<CellTrace<T>>, CoreError> {
        self.pool(input).trace(input)
    }
}

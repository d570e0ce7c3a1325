//! Window geometry: where each output cell of a convolution or pooling reads
//! from. [`window`] is the one function that answers this; the operations, the
//! animation, the hover highlight and the tests all call it.

use crate::error::CoreError;

/// How much zero padding surrounds the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Padding {
    /// No padding: the kernel stays inside the input.
    #[default]
    Valid,
    /// Pad so that `out = ceil(in / stride)` (TensorFlow's and Keras's "same").
    Same,
    /// The same number of zeros on every side.
    Explicit(usize),
}

/// What a pooling window does at the right and bottom edges.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Edge {
    /// A window that runs past the edge covers only what is there (the slides:
    /// 7x7 pooled 2x2/2 gives 4x4). PyTorch calls this `ceil_mode=True`.
    #[default]
    Partial,
    /// Windows that do not fit whole are dropped (Keras' default: 7x7 → 3x3).
    Drop,
}

/// Zeros added on each side of one axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Pad {
    pub before: usize,
    pub after: usize,
}

/// Everything that fixes the geometry of a sliding window along two axes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WindowSpec {
    /// Input height and width.
    pub input: (usize, usize),
    /// Kernel (or pooling window) height and width.
    pub kernel: (usize, usize),
    pub stride: (usize, usize),
    pub dilation: (usize, usize),
    /// Padding (rows, cols). Pooling uses none.
    pub pad: (Pad, Pad),
    pub edge: Edge,
}

/// The input region one output cell reads, in input coordinates. Rows and
/// columns before 0 or past the input are padding (zeros).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    /// Input row of the window's first tap (negative inside top padding).
    pub top: isize,
    /// Input column of the window's first tap.
    pub left: isize,
    /// Taps down and across (a clipped pooling window has fewer than the kernel).
    pub rows: usize,
    pub cols: usize,
    /// Distance between taps.
    pub dilation: (usize, usize),
}

impl Window {
    /// The input position of tap `(kr, kc)`.
    pub fn tap(&self, kr: usize, kc: usize) -> (isize, isize) {
        (
            self.top + (kr * self.dilation.0) as isize,
            self.left + (kc * self.dilation.1) as isize,
        )
    }

    /// Does this window read input cell `(r, c)`?
    pub fn covers(&self, r: usize, c: usize) -> bool {
        (0..self.rows)
            .any(|kr| (0..self.cols).any(|kc| self.tap(kr, kc) == (r as isize, c as isize)))
    }
}

fn pad_same(input: usize, kernel_extent: usize, stride: usize) -> Pad {
    let out = input.div_ceil(stride);
    let needed = ((out.saturating_sub(1)) * stride + kernel_extent).saturating_sub(input);
    Pad {
        before: needed / 2,
        after: needed - needed / 2,
    }
}

impl Padding {
    /// The zeros this padding adds along one axis.
    pub fn amount(self, input: usize, kernel: usize, stride: usize, dilation: usize) -> Pad {
        match self {
            Padding::Valid => Pad::default(),
            Padding::Explicit(p) => Pad {
                before: p,
                after: p,
            },
            Padding::Same => pad_same(input, dilation * (kernel - 1) + 1, stride),
        }
    }
}

impl WindowSpec {
    /// Geometry of a convolution.
    pub fn conv(
        input: (usize, usize),
        kernel: (usize, usize),
        stride: (usize, usize),
        dilation: (usize, usize),
        padding: Padding,
    ) -> Result<WindowSpec, CoreError> {
        for (name, v) in [
            ("kernel", kernel.0.min(kernel.1)),
            ("stride", stride.0.min(stride.1)),
            ("dilation", dilation.0.min(dilation.1)),
        ] {
            if v == 0 {
                return Err(CoreError::ZeroSetting { field: name });
            }
        }
        let spec = WindowSpec {
            input,
            kernel,
            stride,
            dilation,
            pad: (
                padding.amount(input.0, kernel.0, stride.0, dilation.0),
                padding.amount(input.1, kernel.1, stride.1, dilation.1),
            ),
            edge: Edge::Drop,
        };
        spec.check_has_output()?;
        Ok(spec)
    }

    /// Geometry of a pooling layer (no padding, no dilation).
    pub fn pool(
        input: (usize, usize),
        window: (usize, usize),
        stride: (usize, usize),
        edge: Edge,
    ) -> Result<WindowSpec, CoreError> {
        if window.0.min(window.1) == 0 {
            return Err(CoreError::ZeroSetting { field: "window" });
        }
        if stride.0.min(stride.1) == 0 {
            return Err(CoreError::ZeroSetting { field: "stride" });
        }
        let spec = WindowSpec {
            input,
            kernel: window,
            stride,
            dilation: (1, 1),
            pad: (Pad::default(), Pad::default()),
            edge,
        };
        spec.check_has_output()?;
        Ok(spec)
    }

    fn check_has_output(&self) -> Result<(), CoreError> {
        let (h, w) = self.output();
        if h == 0 || w == 0 {
            let (pr, pc) = self.pad;
            return Err(CoreError::NoOutput {
                padded_input: (
                    self.input.0 + pr.before + pr.after,
                    self.input.1 + pc.before + pc.after,
                ),
                kernel_extent: self.extent(),
            });
        }
        Ok(())
    }

    /// The span of the kernel on the input, dilation included.
    pub fn extent(&self) -> (usize, usize) {
        (
            self.dilation.0 * (self.kernel.0 - 1) + 1,
            self.dilation.1 * (self.kernel.1 - 1) + 1,
        )
    }

    /// Output height and width: `(W - K + 2P) / S + 1`, rounded down; with
    /// [`Edge::Partial`], rounded up as long as the last window starts inside.
    pub fn output(&self) -> (usize, usize) {
        let (eh, ew) = self.extent();
        (
            out_len(self.input.0, self.pad.0, eh, self.stride.0, self.edge),
            out_len(self.input.1, self.pad.1, ew, self.stride.1, self.edge),
        )
    }
}

/// Output length along one axis.
pub fn out_len(input: usize, pad: Pad, extent: usize, stride: usize, edge: Edge) -> usize {
    let padded = input + pad.before + pad.after;
    if stride == 0 || input == 0 {
        return 0;
    }
    match edge {
        Edge::Drop => {
            if padded < extent {
                0
            } else {
                (padded - extent) / stride + 1
            }
        }
        Edge::Partial => {
            let span = padded.saturating_sub(extent);
            let mut n = span.div_ceil(stride) + 1;
            // The last window must start inside the (padded) input.
            while n > 1 && (n - 1) * stride >= padded {
                n -= 1;
            }
            n
        }
    }
}

/// The input window that output cell `(row, col)` reads. The single source of
/// truth for window placement; pooling windows at a [`Edge::Partial`] edge are
/// clipped to what is there.
pub fn window(spec: &WindowSpec, row: usize, col: usize) -> Window {
    let top = (row * spec.stride.0) as isize - spec.pad.0.before as isize;
    let left = (col * spec.stride.1) as isize - spec.pad.1.before as isize;
    let (mut rows, mut cols) = spec.kernel;
    if spec.edge == Edge::Partial {
        let fit = |start: isize, len: usize, k: usize, dil: usize| {
            (0..k)
                .take_while(|i| start + ((i * dil) as isize) < (len as isize))
                .count()
        };
        rows = fit(top, spec.input.0, rows, spec.dilation.0);
        cols = fit(left, spec.input.1, cols, spec.dilation.1);
    }
    Window {
        top,
        left,
        rows,
        cols,
        dilation: spec.dilation,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_size_formula() {
        // (W - K + 2P) / S + 1 with W=9, K=3, P=0, S=1 → 7 (the X/O 7x7 maps).
        let s = WindowSpec::conv((9, 9), (3, 3), (1, 1), (1, 1), Padding::Valid).unwrap();
        assert_eq!(s.output(), (7, 7));
        // Same padding keeps the size at stride 1.
        let s = WindowSpec::conv((9, 9), (3, 3), (1, 1), (1, 1), Padding::Same).unwrap();
        assert_eq!(s.output(), (9, 9));
        // Dilation 2 makes a 3x3 kernel span 5: 9 - 5 + 1 = 5.
        let s = WindowSpec::conv((9, 9), (3, 3), (1, 1), (2, 2), Padding::Valid).unwrap();
        assert_eq!(s.output(), (5, 5));
    }

    #[test]
    fn partial_pooling_windows_are_clipped() {
        // The slides pool 7x7 with 2x2 / stride 2 into 4x4: the last window holds one column.
        let s = WindowSpec::pool((7, 7), (2, 2), (2, 2), Edge::Partial).unwrap();
        assert_eq!(s.output(), (4, 4));
        let w = window(&s, 3, 3);
        assert_eq!((w.top, w.left, w.rows, w.cols), (6, 6, 1, 1));
        let w = window(&s, 0, 3);
        assert_eq!((w.rows, w.cols), (2, 1));
        // Keras drops the partial window: 3x3.
        let s = WindowSpec::pool((7, 7), (2, 2), (2, 2), Edge::Drop).unwrap();
        assert_eq!(s.output(), (3, 3));
        // A last window that would start past the input is not made.
        assert_eq!(out_len(6, Pad::default(), 2, 3, Edge::Partial), 2);
    }

    #[test]
    fn kernel_larger_than_input_has_no_output() {
        let e = WindowSpec::conv((3, 3), (5, 5), (1, 1), (1, 1), Padding::Valid).unwrap_err();
        assert_eq!(
            e,
            CoreError::NoOutput {
                padded_input: (3, 3),
                kernel_extent: (5, 5)
            }
        );
        assert_eq!(
            WindowSpec::conv((3, 3), (3, 3), (0, 1), (1, 1), Padding::Valid).unwrap_err(),
            CoreError::ZeroSetting { field: "stride" }
        );
    }

    #[test]
    fn window_taps_and_cover() {
        let s = WindowSpec::conv((3, 3), (3, 3), (1, 1), (1, 1), Padding::Explicit(1)).unwrap();
        let w = window(&s, 0, 0);
        assert_eq!(w.tap(0, 0), (-1, -1));
        assert!(w.covers(0, 0) && w.covers(1, 1) && !w.covers(2, 2));
    }
}

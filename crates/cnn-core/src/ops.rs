//! The operations of a CNN, each in a whole-tensor form and a traced form.
//!
//! Tensors are ndarray arrays laid out channel-first: images and feature maps
//! are `[channels, height, width]`, convolution weights
//! `[out_channels, in_channels, kernel_h, kernel_w]`, depthwise weights
//! `[in_channels, multiplier, kernel_h, kernel_w]`, dense weights
//! `[outputs, inputs]`, and a batch (batch normalization)
//! `[batch, channels, height, width]`.
//!
//! The later networks' operations live in submodules: global pooling (NiN),
//! depthwise and separable convolution (Xception), batch normalization, and
//! the residual addition (ResNet).

use ndarray::{Array1, Array2, Array3, Array4};

use crate::error::CoreError;
use crate::geometry::{window, Edge, Padding, WindowSpec};
use crate::scalar::Scalar;
use crate::trace::{CellTrace, Reduce, Term};

mod batch_norm;
mod global;
mod residual;
mod separable;

pub use batch_norm::{BatchNorm, BatchNormTrace, ChannelStats, NormCell, NormTerm};
pub use global::GlobalPool;
pub use residual::{residual_add, residual_add_trace};
pub use separable::{DepthwiseConv2d, SeparableConv2d, SeparableTrace};

/// How a convolution combines its products.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Reduction {
    /// Weighted sum, as PyTorch, Keras and every framework compute.
    #[default]
    Sum,
    /// Mean of the products: the slides' "similarity" between filter and image.
    Mean,
}

/// A 2-D convolution layer.
#[derive(Clone, Debug, PartialEq)]
pub struct Conv2d<T> {
    /// `[out_channels, in_channels, kernel_h, kernel_w]`
    pub weight: Array4<T>,
    /// `[out_channels]`
    pub bias: Array1<T>,
    pub stride: (usize, usize),
    pub dilation: (usize, usize),
    pub padding: Padding,
    pub reduction: Reduction,
}

impl<T: Scalar> Conv2d<T> {
    /// A convolution with zero bias, stride 1, no dilation, valid padding.
    pub fn new(weight: Array4<T>, reduction: Reduction) -> Conv2d<T> {
        let out = weight.shape()[0];
        Conv2d {
            weight,
            bias: Array1::from_elem(out, T::zero()),
            stride: (1, 1),
            dilation: (1, 1),
            padding: Padding::Valid,
            reduction,
        }
    }

    /// The window geometry for an input of `[in_channels, h, w]`.
    pub fn spec(&self, input: &Array3<T>) -> Result<WindowSpec, CoreError> {
        let (wc, kh, kw) = (
            self.weight.shape()[1],
            self.weight.shape()[2],
            self.weight.shape()[3],
        );
        if input.shape()[0] != wc {
            return Err(CoreError::ShapeMismatch {
                op: "conv2d",
                expected: vec![wc, input.shape()[1], input.shape()[2]],
                got: input.shape().to_vec(),
            });
        }
        if self.bias.len() != self.weight.shape()[0] {
            return Err(CoreError::ShapeMismatch {
                op: "conv2d bias",
                expected: vec![self.weight.shape()[0]],
                got: vec![self.bias.len()],
            });
        }
        WindowSpec::conv(
            (input.shape()[1], input.shape()[2]),
            (kh, kw),
            self.stride,
            self.dilation,
            self.padding,
        )
    }

    fn count(&self) -> usize {
        let s = self.weight.shape();
        s[1] * s[2] * s[3]
    }

    fn finish(&self, sum: T, o: usize) -> T {
        let reduced = match self.reduction {
            Reduction::Sum => sum,
            Reduction::Mean => sum.div_count(self.count()),
        };
        reduced + self.bias[o]
    }

    /// input: `[in_channels, h, w]` → `[out_channels, out_h, out_w]`
    ///
    /// Computed tap by tap along whole rows ("shift and add"): for each kernel
    /// column, the range of output columns whose tap lands inside the input is
    /// worked out once, and each output row receives every tap's products along
    /// contiguous memory. Each cell still receives its products in the traced
    /// order (channel, kernel row, kernel column), so the result equals
    /// [`Conv2d::trace`]'s exactly.
    pub fn forward(&self, input: &Array3<T>) -> Result<Array3<T>, CoreError> {
        let spec = self.spec(input)?;
        let (oh, ow) = spec.output();
        let (outs, ins, kh, kw) = self.weight.dim();
        let (h, w) = (input.shape()[1], input.shape()[2]);
        let input = input.as_standard_layout();
        let src = input.as_slice().unwrap_or(&[]);
        let (sh, sw) = spec.stride;
        let (dh, dw) = spec.dilation;
        let (pt, pl) = (spec.pad.0.before as isize, spec.pad.1.before as isize);
        // Output indices `o` with `o * stride + offset` inside `0..len`.
        let span = |offset: isize, stride: usize, len: usize, out: usize| -> (usize, usize) {
            let s = stride as isize;
            let lo = if offset >= 0 {
                0
            } else {
                (-offset + s - 1) / s
            };
            let hi = (len as isize - 1 - offset).div_euclid(s) + 1; // exclusive
            (lo.max(0) as usize, (hi.max(0) as usize).min(out))
        };
        // Per kernel column: the output columns whose tap lands inside.
        let col_spans: Vec<(usize, usize, usize)> = (0..kw)
            .map(|kc| {
                let col_off = (kc * dw) as isize - pl;
                let (c0, c1) = span(col_off, sw, w, ow);
                let x0 = ((c0 * sw) as isize + col_off).max(0) as usize;
                (c0, c1, x0)
            })
            .collect();
        let mut out = vec![T::zero(); outs * oh * ow];
        for o in 0..outs {
            let plane = &mut out[o * oh * ow..(o + 1) * oh * ow];
            // Row by row, so the output row stays in cache across every tap.
            for (r, out_row) in plane.chunks_exact_mut(ow).enumerate() {
                for i in 0..ins {
                    let channel = &src[i * h * w..(i + 1) * h * w];
                    for kr in 0..kh {
                        let y = (r * sh) as isize + (kr * dh) as isize - pt;
                        if y < 0 || y >= h as isize {
                            continue;
                        }
                        let in_row = &channel[y as usize * w..(y as usize + 1) * w];
                        for (kc, &(c0, c1, x0)) in col_spans.iter().enumerate() {
                            if c0 >= c1 {
                                continue;
                            }
                            let wt = self.weight[[o, i, kr, kc]];
                            let cells = &mut out_row[c0..c1];
                            if sw == 1 {
                                multiply_add(cells, &in_row[x0..x0 + (c1 - c0)], wt);
                            } else {
                                for (cell, &v) in
                                    cells.iter_mut().zip(in_row[x0..].iter().step_by(sw))
                                {
                                    *cell = *cell + v * wt;
                                }
                            }
                        }
                    }
                }
                for cell in out_row.iter_mut() {
                    *cell = self.finish(*cell, o);
                }
            }
        }
        Ok(Array3::from_shape_vec((outs, oh, ow), out).expect("one value per output cell"))
    }

    /// Every output cell with its window, the element products and the sum,
    /// in output order (channel, row, col).
    pub fn trace(&self, input: &Array3<T>) -> Result<Vec<CellTrace<T>>, CoreError> {
        let spec = self.spec(input)?;
        let (oh, ow) = spec.output();
        let outs = self.weight.shape()[0];
        let mut cells = Vec::with_capacity(outs * oh * ow);
        for o in 0..outs {
            for r in 0..oh {
                for c in 0..ow {
                    cells.push(self.cell_trace(&spec, input, (o, r, c)));
                }
            }
        }
        Ok(cells)
    }

    /// One output cell `(channel, row, col)`, exactly as [`Conv2d::trace`]
    /// reports it, without tracing the others (a trained network's first
    /// layer has thousands of cells; a learner asks about one).
    pub fn trace_cell(
        &self,
        input: &Array3<T>,
        out: (usize, usize, usize),
    ) -> Result<CellTrace<T>, CoreError> {
        let spec = self.spec(input)?;
        let (oh, ow) = spec.output();
        let outs = self.weight.shape()[0];
        let (o, r, c) = out;
        if o >= outs || r >= oh || c >= ow {
            return Err(CoreError::ShapeMismatch {
                op: "conv2d cell",
                expected: vec![outs, oh, ow],
                got: vec![o, r, c],
            });
        }
        Ok(self.cell_trace(&spec, input, out))
    }

    /// The trace of output cell `(o, r, c)`, which must lie inside `spec`'s
    /// output: products in the order channel, kernel row, kernel column.
    fn cell_trace(
        &self,
        spec: &WindowSpec,
        input: &Array3<T>,
        (o, r, c): (usize, usize, usize),
    ) -> CellTrace<T> {
        let (_, ins, kh, kw) = self.weight.dim();
        let (h, w) = (input.shape()[1] as isize, input.shape()[2] as isize);
        let win = window(spec, r, c);
        let mut terms = Vec::with_capacity(ins * kh * kw);
        let mut sum = T::zero();
        for i in 0..ins {
            for kr in 0..kh {
                for kc in 0..kw {
                    let (y, x) = win.tap(kr, kc);
                    let inside = y >= 0 && x >= 0 && y < h && x < w;
                    let v = if inside {
                        input[[i, y as usize, x as usize]]
                    } else {
                        T::zero()
                    };
                    let wgt = self.weight[[o, i, kr, kc]];
                    let product = v * wgt;
                    sum = sum + product;
                    terms.push(Term {
                        channel: i,
                        at: (y, x),
                        tap: (kr, kc),
                        input: v,
                        weight: Some(wgt),
                        product,
                    });
                }
            }
        }
        CellTrace {
            out: (o, r, c),
            window: Some(win),
            terms,
            reduce: match self.reduction {
                Reduction::Sum => Reduce::Sum,
                Reduction::Mean => Reduce::Mean,
            },
            sum,
            bias: self.bias[o],
            result: self.finish(sum, o),
            pick: None,
        }
    }
}

/// `cells[i] += values[i] * w` along two contiguous rows, four at a time so
/// the compiler turns it into SIMD (each cell's sum keeps its order).
fn multiply_add<T: Scalar>(cells: &mut [T], values: &[T], w: T) {
    let mut c4 = cells.chunks_exact_mut(4);
    let mut v4 = values.chunks_exact(4);
    for (c, v) in (&mut c4).zip(&mut v4) {
        c[0] = c[0] + v[0] * w;
        c[1] = c[1] + v[1] * w;
        c[2] = c[2] + v[2] * w;
        c[3] = c[3] + v[3] * w;
    }
    for (c, &v) in c4.into_remainder().iter_mut().zip(v4.remainder()) {
        *c = *c + v * w;
    }
}

/// ReLU: negatives become 0.
pub fn relu<T: Scalar>(input: &Array3<T>) -> Array3<T> {
    input.mapv(|v| if v > T::zero() { v } else { T::zero() })
}

/// ReLU, one trace per cell (channel, row, col order).
pub fn relu_trace<T: Scalar>(input: &Array3<T>) -> Vec<CellTrace<T>> {
    input
        .indexed_iter()
        .map(|((ch, r, c), &v)| {
            let result = if v > T::zero() { v } else { T::zero() };
            CellTrace {
                out: (ch, r, c),
                window: None,
                terms: vec![Term {
                    channel: ch,
                    at: (r as isize, c as isize),
                    tap: (0, 0),
                    input: v,
                    weight: None,
                    product: v,
                }],
                reduce: Reduce::Relu,
                sum: v,
                bias: T::zero(),
                result,
                pick: None,
            }
        })
        .collect()
}

/// Max or average pooling, channel by channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pool2d {
    pub kind: PoolKind,
    pub window: (usize, usize),
    pub stride: (usize, usize),
    pub edge: Edge,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PoolKind {
    Max,
    Average,
}

impl Pool2d {
    /// The slides' pooling: 2x2 max, stride 2, partial windows at the edges.
    pub const SLIDES: Pool2d = Pool2d {
        kind: PoolKind::Max,
        window: (2, 2),
        stride: (2, 2),
        edge: Edge::Partial,
    };

    pub fn spec<T>(&self, input: &Array3<T>) -> Result<WindowSpec, CoreError> {
        WindowSpec::pool(
            (input.shape()[1], input.shape()[2]),
            self.window,
            self.stride,
            self.edge,
        )
    }

    /// input: `[c, h, w]` → `[c, out_h, out_w]`
    pub fn forward<T: Scalar>(&self, input: &Array3<T>) -> Result<Array3<T>, CoreError> {
        let spec = self.spec(input)?;
        let (oh, ow) = spec.output();
        let channels = input.shape()[0];
        let mut out = Array3::from_elem((channels, oh, ow), T::zero());
        for ch in 0..channels {
            for r in 0..oh {
                for c in 0..ow {
                    let win = window(&spec, r, c);
                    let (top, left) = (win.top as usize, win.left as usize);
                    let first = input[[ch, top, left]];
                    let mut acc = match self.kind {
                        PoolKind::Max => first,
                        PoolKind::Average => T::zero(),
                    };
                    for y in top..top + win.rows {
                        for x in left..left + win.cols {
                            let v = input[[ch, y, x]];
                            acc = match self.kind {
                                PoolKind::Max if v > acc => v,
                                PoolKind::Max => acc,
                                PoolKind::Average => acc + v,
                            };
                        }
                    }
                    out[[ch, r, c]] = match self.kind {
                        PoolKind::Max => acc,
                        PoolKind::Average => acc.div_count(win.rows * win.cols),
                    };
                }
            }
        }
        Ok(out)
    }

    /// One trace per output cell, with the window's values and (for max) the pick.
    pub fn trace<T: Scalar>(&self, input: &Array3<T>) -> Result<Vec<CellTrace<T>>, CoreError> {
        let spec = self.spec(input)?;
        let (oh, ow) = spec.output();
        let mut cells = Vec::with_capacity(input.shape()[0] * oh * ow);
        for ch in 0..input.shape()[0] {
            for r in 0..oh {
                for c in 0..ow {
                    let win = window(&spec, r, c);
                    let mut terms = Vec::with_capacity(win.rows * win.cols);
                    for kr in 0..win.rows {
                        for kc in 0..win.cols {
                            let (y, x) = win.tap(kr, kc);
                            let v = input[[ch, y as usize, x as usize]];
                            terms.push(Term {
                                channel: ch,
                                at: (y, x),
                                tap: (kr, kc),
                                input: v,
                                weight: None,
                                product: v,
                            });
                        }
                    }
                    let (sum, result, pick, reduce) = match self.kind {
                        PoolKind::Max => {
                            let mut best = 0;
                            for (i, t) in terms.iter().enumerate() {
                                if t.input > terms[best].input {
                                    best = i;
                                }
                            }
                            let m = terms[best].input;
                            (m, m, Some(best), Reduce::Max)
                        }
                        PoolKind::Average => {
                            let s = terms.iter().fold(T::zero(), |a, t| a + t.input);
                            (s, s.div_count(terms.len()), None, Reduce::Average)
                        }
                    };
                    cells.push(CellTrace {
                        out: (ch, r, c),
                        window: Some(win),
                        terms,
                        reduce,
                        sum,
                        bias: T::zero(),
                        result,
                        pick,
                    });
                }
            }
        }
        Ok(cells)
    }
}

/// Flatten `[c, h, w]` into one vector, channel by channel, row by row.
pub fn flatten<T: Scalar>(input: &Array3<T>) -> Array1<T> {
    input.iter().copied().collect()
}

/// Where flattened element `i` came from: (channel, row, col) in a `[c, h, w]` tensor.
pub fn flatten_source(shape: (usize, usize, usize), i: usize) -> (usize, usize, usize) {
    let (_, h, w) = shape;
    (i / (h * w), (i / w) % h, i % w)
}

/// A fully connected layer.
#[derive(Clone, Debug, PartialEq)]
pub struct Dense<T> {
    /// `[outputs, inputs]`
    pub weight: Array2<T>,
    /// `[outputs]`
    pub bias: Array1<T>,
}

impl<T: Scalar> Dense<T> {
    fn check(&self, input: &Array1<T>) -> Result<(), CoreError> {
        if input.len() != self.weight.shape()[1] || self.bias.len() != self.weight.shape()[0] {
            return Err(CoreError::ShapeMismatch {
                op: "dense",
                expected: vec![self.weight.shape()[1]],
                got: vec![input.len()],
            });
        }
        Ok(())
    }

    /// input: `[inputs]` → `[outputs]`
    pub fn forward(&self, input: &Array1<T>) -> Result<Array1<T>, CoreError> {
        Ok(self.trace(input)?.into_iter().map(|t| t.result).collect())
    }

    /// One trace per output unit: each input times its weight, the sum, the bias.
    pub fn trace(&self, input: &Array1<T>) -> Result<Vec<CellTrace<T>>, CoreError> {
        self.check(input)?;
        Ok((0..self.weight.shape()[0])
            .map(|o| {
                let terms: Vec<Term<T>> = input
                    .iter()
                    .enumerate()
                    .map(|(i, &v)| {
                        let w = self.weight[[o, i]];
                        Term {
                            channel: 0,
                            at: (0, i as isize),
                            tap: (0, i),
                            input: v,
                            weight: Some(w),
                            product: v * w,
                        }
                    })
                    .collect();
                let sum = terms.iter().fold(T::zero(), |a, t| a + t.product);
                CellTrace {
                    out: (0, 0, o),
                    window: None,
                    terms,
                    reduce: Reduce::Sum,
                    sum,
                    bias: self.bias[o],
                    result: sum + self.bias[o],
                    pick: None,
                }
            })
            .collect())
    }
}

/// Softmax of the logits, as probabilities (not exact: `exp` is irrational).
pub fn softmax<T: Scalar>(logits: &[T]) -> Vec<f64> {
    let xs: Vec<f64> = logits.iter().map(|v| v.to_f64()).collect();
    let m = xs.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    let exps: Vec<f64> = xs.iter().map(|x| (x - m).exp()).collect();
    let total: f64 = exps.iter().sum();
    exps.iter().map(|e| e / total).collect()
}

/// Colour `[3, h, w]` → grey `[1, h, w]` (Rec. 601 luma); one channel stays.
pub fn to_grey(rgb: &Array3<f32>) -> Array3<f32> {
    if rgb.shape()[0] != 3 {
        return rgb.clone();
    }
    let (_, h, w) = rgb.dim();
    Array3::from_shape_fn((1, h, w), |(_, r, c)| {
        0.299 * rgb[[0, r, c]] + 0.587 * rgb[[1, r, c]] + 0.114 * rgb[[2, r, c]]
    })
}

/// `f32` entry points, compiled in this crate. Generic code is compiled where
/// it is used; these instantiate the `f32` forms here, so the release profile's
/// speed setting for `cnn-core` (and the compiler's SIMD) applies to them even
/// when the calling crate is optimised for size. Results are those of the
/// generic forms.
pub mod f32s {
    use super::{relu, Conv2d, Pool2d};
    use crate::CoreError;
    use ndarray::Array3;

    /// [`Conv2d::forward`] on `f32`.
    pub fn conv_forward(conv: &Conv2d<f32>, input: &Array3<f32>) -> Result<Array3<f32>, CoreError> {
        conv.forward(input)
    }

    /// [`relu`](super::relu) on `f32`.
    pub fn relu_forward(input: &Array3<f32>) -> Array3<f32> {
        relu(input)
    }

    /// [`Pool2d::forward`] on `f32`.
    pub fn pool_forward(pool: &Pool2d, input: &Array3<f32>) -> Result<Array3<f32>, CoreError> {
        pool.forward(input)
    }
}

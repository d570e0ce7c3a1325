//! Depthwise and pointwise convolution, and the two together (Xception's
//! depthwise separable convolution; Keras's `DepthwiseConv2D` and
//! `SeparableConv2D`), plus the 1x1 convolution that mixes channels (NiN's
//! 縱向卷積).

use ndarray::{Array1, Array2, Array3, Array4, Axis};

use super::{Conv2d, Reduction};
use crate::error::CoreError;
use crate::geometry::{Padding, WindowSpec};
use crate::scalar::Scalar;
use crate::trace::CellTrace;

impl<T: Scalar> Conv2d<T> {
    /// A 1x1 (pointwise) convolution from `[out_channels, in_channels]`
    /// weights: each output cell is a weighted sum of the input channels at
    /// that one position, so it mixes channels and never neighbours.
    pub fn pointwise(weight: Array2<T>) -> Conv2d<T> {
        Conv2d::new(
            weight.insert_axis(Axis(2)).insert_axis(Axis(3)),
            Reduction::Sum,
        )
    }

    /// The number of weights, biases not counted (the slides count
    /// `3 x 3 x RGB = 27` for one filter).
    pub fn weight_count(&self) -> usize {
        self.weight.len()
    }
}

/// A depthwise convolution: each input channel has its own kernels and is
/// convolved alone, so channels never mix. Output channel `c * multiplier + m`
/// is input channel `c` under its kernel `m` (Keras's order).
#[derive(Clone, Debug, PartialEq)]
pub struct DepthwiseConv2d<T> {
    /// `[in_channels, multiplier, kernel_h, kernel_w]`
    pub weight: Array4<T>,
    /// `[in_channels * multiplier]`
    pub bias: Array1<T>,
    pub stride: (usize, usize),
    pub dilation: (usize, usize),
    pub padding: Padding,
    pub reduction: Reduction,
}

impl<T: Scalar> DepthwiseConv2d<T> {
    /// Zero bias, stride 1, no dilation, valid padding, weighted sum.
    pub fn new(weight: Array4<T>) -> DepthwiseConv2d<T> {
        let outs = weight.shape()[0] * weight.shape()[1];
        DepthwiseConv2d {
            weight,
            bias: Array1::from_elem(outs, T::zero()),
            stride: (1, 1),
            dilation: (1, 1),
            padding: Padding::Valid,
            reduction: Reduction::Sum,
        }
    }

    /// Kernels per input channel (Keras's `depth_multiplier`).
    pub fn multiplier(&self) -> usize {
        self.weight.shape()[1]
    }

    /// `in_channels * multiplier`
    pub fn out_channels(&self) -> usize {
        self.weight.shape()[0] * self.multiplier()
    }

    /// The number of weights, biases not counted: one `kh x kw` kernel per
    /// input channel and multiplier.
    pub fn weight_count(&self) -> usize {
        self.weight.len()
    }

    /// The window geometry for an input of `[in_channels, h, w]`.
    pub fn spec(&self, input: &Array3<T>) -> Result<WindowSpec, CoreError> {
        let (ins, mult, kh, kw) = self.weight.dim();
        if input.shape()[0] != ins {
            return Err(CoreError::ShapeMismatch {
                op: "depthwise conv2d",
                expected: vec![ins, input.shape()[1], input.shape()[2]],
                got: input.shape().to_vec(),
            });
        }
        if mult == 0 {
            return Err(CoreError::ZeroSetting {
                field: "depth multiplier",
            });
        }
        if self.bias.len() != ins * mult {
            return Err(CoreError::ShapeMismatch {
                op: "depthwise conv2d bias",
                expected: vec![ins * mult],
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

    /// Input channel `c` alone, as a one-channel [`Conv2d`] with channel
    /// `c`'s kernels and biases, and that channel as a `[1, h, w]` input.
    fn channel(&self, input: &Array3<T>, c: usize) -> (Conv2d<T>, Array3<T>) {
        let mult = self.multiplier();
        let conv = Conv2d {
            weight: self
                .weight
                .index_axis(Axis(0), c)
                .insert_axis(Axis(1))
                .to_owned(),
            bias: self
                .bias
                .iter()
                .skip(c * mult)
                .take(mult)
                .copied()
                .collect(),
            stride: self.stride,
            dilation: self.dilation,
            padding: self.padding,
            reduction: self.reduction,
        };
        let one = input.index_axis(Axis(0), c).insert_axis(Axis(0)).to_owned();
        (conv, one)
    }

    /// Renumber a one-channel trace of input channel `c` into this layer's
    /// channels.
    fn renumber(&self, mut cell: CellTrace<T>, c: usize) -> CellTrace<T> {
        cell.out.0 += c * self.multiplier();
        for t in &mut cell.terms {
            t.channel = c;
        }
        cell
    }

    /// input: `[in_channels, h, w]` → `[in_channels * multiplier, out_h, out_w]`,
    /// channel by channel through [`Conv2d::forward`] (so equal to
    /// [`DepthwiseConv2d::trace`] exactly).
    pub fn forward(&self, input: &Array3<T>) -> Result<Array3<T>, CoreError> {
        let (oh, ow) = self.spec(input)?.output();
        let mult = self.multiplier();
        let mut out = Array3::from_elem((self.out_channels(), oh, ow), T::zero());
        for c in 0..input.shape()[0] {
            let (conv, one) = self.channel(input, c);
            let maps = conv.forward(&one)?;
            out.slice_mut(ndarray::s![c * mult..(c + 1) * mult, .., ..])
                .assign(&maps);
        }
        Ok(out)
    }

    /// Every output cell in output order (channel, row, col): its window,
    /// the products of its one input channel with its kernel, the sum. Each
    /// term's `channel` is the input channel it read.
    pub fn trace(&self, input: &Array3<T>) -> Result<Vec<CellTrace<T>>, CoreError> {
        let (oh, ow) = self.spec(input)?.output();
        let mut cells = Vec::with_capacity(self.out_channels() * oh * ow);
        for c in 0..input.shape()[0] {
            let (conv, one) = self.channel(input, c);
            for cell in conv.trace(&one)? {
                cells.push(self.renumber(cell, c));
            }
        }
        Ok(cells)
    }

    /// One output cell `(channel, row, col)`, exactly as
    /// [`DepthwiseConv2d::trace`] reports it.
    pub fn trace_cell(
        &self,
        input: &Array3<T>,
        out: (usize, usize, usize),
    ) -> Result<CellTrace<T>, CoreError> {
        let (oh, ow) = self.spec(input)?.output();
        let (o, r, col) = out;
        if o >= self.out_channels() || r >= oh || col >= ow {
            return Err(CoreError::ShapeMismatch {
                op: "depthwise conv2d cell",
                expected: vec![self.out_channels(), oh, ow],
                got: vec![o, r, col],
            });
        }
        let c = o / self.multiplier();
        let (conv, one) = self.channel(input, c);
        let cell = conv.trace_cell(&one, (o % self.multiplier(), r, col))?;
        Ok(self.renumber(cell, c))
    }
}

/// Xception's depthwise separable convolution: a [`DepthwiseConv2d`] (space,
/// channel by channel) followed by a 1x1 [`Conv2d`] (channels, position by
/// position).
#[derive(Clone, Debug, PartialEq)]
pub struct SeparableConv2d<T> {
    pub depthwise: DepthwiseConv2d<T>,
    /// 1x1: `[out_channels, in_channels * multiplier, 1, 1]`
    pub pointwise: Conv2d<T>,
}

/// Both halves of a separable convolution, maps and traces.
#[derive(Clone, Debug, PartialEq)]
pub struct SeparableTrace<T> {
    /// `[in_channels * multiplier, out_h, out_w]`
    pub depthwise: Array3<T>,
    pub depthwise_cells: Vec<CellTrace<T>>,
    /// `[out_channels, out_h, out_w]`
    pub output: Array3<T>,
    pub pointwise_cells: Vec<CellTrace<T>>,
}

impl<T: Scalar> SeparableConv2d<T> {
    /// Depthwise kernels `[in_channels, multiplier, kh, kw]` and pointwise
    /// weights `[out_channels, in_channels * multiplier]`; zero biases,
    /// stride 1, valid padding, weighted sums.
    pub fn new(depthwise: Array4<T>, pointwise: Array2<T>) -> SeparableConv2d<T> {
        SeparableConv2d {
            depthwise: DepthwiseConv2d::new(depthwise),
            pointwise: Conv2d::pointwise(pointwise),
        }
    }

    /// Depthwise weights plus pointwise weights, biases not counted.
    pub fn weight_count(&self) -> usize {
        self.depthwise.weight_count() + self.pointwise.weight_count()
    }

    fn check_pointwise(&self) -> Result<(), CoreError> {
        let s = self.pointwise.weight.shape();
        if s[1] != self.depthwise.out_channels() || s[2] != 1 || s[3] != 1 {
            return Err(CoreError::ShapeMismatch {
                op: "separable conv2d pointwise",
                expected: vec![s[0], self.depthwise.out_channels(), 1, 1],
                got: s.to_vec(),
            });
        }
        Ok(())
    }

    /// input: `[in_channels, h, w]` → `[out_channels, out_h, out_w]`
    pub fn forward(&self, input: &Array3<T>) -> Result<Array3<T>, CoreError> {
        self.check_pointwise()?;
        self.pointwise.forward(&self.depthwise.forward(input)?)
    }

    /// The depthwise maps and cells, then the pointwise ones.
    pub fn trace(&self, input: &Array3<T>) -> Result<SeparableTrace<T>, CoreError> {
        self.check_pointwise()?;
        let depthwise = self.depthwise.forward(input)?;
        let depthwise_cells = self.depthwise.trace(input)?;
        let output = self.pointwise.forward(&depthwise)?;
        let pointwise_cells = self.pointwise.trace(&depthwise)?;
        Ok(SeparableTrace {
            depthwise,
            depthwise_cells,
            output,
            pointwise_cells,
        })
    }
}

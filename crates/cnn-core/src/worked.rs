//! Worked examples for the later networks' operations, small enough to follow
//! by hand: the Xception slides' 4x4 RGB picture (seed 000, Xception: 先看最原始
//! 的「卷積運算」), a 1x1 convolution over the X/O maps (NiN's 1×1 縱向卷積層),
//! a small batch for batch normalization, and a residual block on the X/O
//! images (ResNet's 「短路」).

use ndarray::{Array2, Array3, Array4};

use crate::geometry::Padding;
use crate::ops::{Conv2d, Reduction, SeparableConv2d};
use crate::xo;
use crate::{CoreError, Ratio};

fn ratios(values: &[i64]) -> Vec<Ratio> {
    values.iter().map(|&v| Ratio::int(v)).collect()
}

/// A 4x4 RGB picture of small integers, `[3, 4, 4]` (R, G, B). The slide
/// gives only its shape; the values are ours.
pub fn xception_image() -> Array3<Ratio> {
    #[rustfmt::skip]
    let values = [
        // R
        1, 4, 0, 1,
        0, 1, 3, 1,
        2, 0, 1, 2,
        3, 1, 0, 0,
        // G
        0, 1, 1, 0,
        2, 0, 1, 1,
        1, 2, 0, 1,
        0, 1, 2, 1,
        // B
        1, 0, 0, 2,
        0, 2, 1, 0,
        1, 1, 2, 0,
        2, 0, 1, 1,
    ];
    Array3::from_shape_vec((3, 4, 4), ratios(&values)).expect("48 values make 3x4x4")
}

/// The separable convolution for [`xception_image`]: one 3x3 kernel per
/// channel (R: vertical edges, G: horizontal edges, B: a Laplacian), then two
/// pointwise filters (R + G + B, and R − B). 27 + 6 = 33 weights.
pub fn xception_separable() -> SeparableConv2d<Ratio> {
    #[rustfmt::skip]
    let kernels = [
        // R: left column minus right column
        1, 0, -1,
        1, 0, -1,
        1, 0, -1,
        // G: top row minus bottom row
        1, 1, 1,
        0, 0, 0,
        -1, -1, -1,
        // B: the neighbours minus four times the centre
        0, 1, 0,
        1, -4, 1,
        0, 1, 0,
    ];
    let depthwise =
        Array4::from_shape_vec((3, 1, 3, 3), ratios(&kernels)).expect("27 values make 3x1x3x3");
    let pointwise =
        Array2::from_shape_vec((2, 3), ratios(&[1, 1, 1, 1, 0, -1])).expect("6 values make 2x3");
    SeparableConv2d::new(depthwise, pointwise)
}

/// A 1x1 convolution over the three X/O maps (left diagonal, X, right
/// diagonal) into two: their mean (1/3 each) and left minus right.
pub fn xo_pointwise() -> Conv2d<Ratio> {
    let third = Ratio::new(1, 3);
    let weights = vec![third, third, third, Ratio::ONE, Ratio::ZERO, -Ratio::ONE];
    Conv2d::pointwise(Array2::from_shape_vec((2, 3), weights).expect("6 values make 2x3"))
}

/// A batch of two samples, two channels of 2x2, `[2, 2, 2, 2]`: channel 0
/// holds 1..4 and 5..8, channel 1 a few 0s and 1s.
pub fn batch_example() -> Array4<Ratio> {
    #[rustfmt::skip]
    let values = [
        // sample 0: channel 0, channel 1
        1, 2, 3, 4,
        1, 0, 0, 1,
        // sample 1
        5, 6, 7, 8,
        1, 1, 0, 0,
    ];
    Array4::from_shape_vec((2, 2, 2, 2), ratios(&values)).expect("16 values make 2x2x2x2")
}

/// A residual block's two paths on a 9x9 X/O image: the main path is the
/// slides' three filters (mean) with `same` padding, `[3, 9, 9]`, so the
/// size is kept; the shortcut is the image copied into three channels by a
/// 1x1 convolution of weights 1 (ResNet's projection shortcut), `[3, 9, 9]`.
/// Their sum is [`crate::ops::residual_add`]'s to compute.
pub fn residual_example(img: &Array2<i8>) -> Result<(Array3<Ratio>, Array3<Ratio>), CoreError> {
    let image = xo::to_ratio_image(img);
    let mut conv = xo::conv_layer(Reduction::Mean);
    conv.padding = Padding::Same;
    let main = conv.forward(&image)?;
    let ones = Array2::from_elem((3, 1), Ratio::ONE);
    let shortcut = Conv2d::pointwise(ones).forward(&image)?;
    Ok((main, shortcut))
}

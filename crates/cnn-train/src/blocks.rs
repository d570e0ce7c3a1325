//! The block templates a learner inserts whole in the model editor, each
//! the idea of one classic network in its smallest form (seed 000's third
//! part): VGG's stacked 3x3 convolutions, ResNet's shortcut, Inception's
//! branches with or without 1x1 reductions, DenseNet's dense block and
//! transition, MobileNet's depthwise separable convolution.
//!
//! Each adds its layers to a [`Builder`] and returns its output, so a
//! block is a real subgraph: the summary counts it, the burn network
//! trains it and the feature maps show its output.

use crate::graph::{ops, Builder, Op, Out};
use crate::spec::{Activation::*, Padding::*};

/// Keras's `BatchNormalization` epsilon.
pub const BN_EPSILON: f32 = 1e-3;

/// A convolution without bias, batch normalization, then `activation`
/// (none when `None`): the unit every modern block is made of.
fn conv_bn(
    b: &mut Builder,
    x: Out,
    filters: usize,
    k: usize,
    stride: usize,
    activation: Option<crate::spec::Activation>,
) -> Out {
    let padding = if k == 1 { Valid } else { Same };
    let x = b.add(ops::conv_nb(filters, k, stride, padding), &[x]);
    let x = b.add(ops::bn(BN_EPSILON), &[x]);
    match activation {
        Some(a) => b.add(ops::act(a), &[x]),
        None => x,
    }
}

/// VGG: `convs` 3x3 `same` convolutions of `filters` maps with ReLU, then
/// 2x2 max pooling. Two 3x3 see what one 5x5 sees with 18 weights per map
/// pair instead of 25.
pub fn vgg(b: &mut Builder, mut x: Out, filters: usize, convs: usize) -> Out {
    for _ in 0..convs {
        x = b.add(ops::conv(filters, [3, 3], 1, Same, Relu), &[x]);
    }
    b.add(ops::max_pool(2, 2, Valid), &[x])
}

/// ResNet's basic block: two 3x3 convolutions with batch normalization,
/// the first with `stride`, added to the block's input (the shortcut),
/// then ReLU. With `projection`, the shortcut is a 1x1 convolution with
/// the same stride and filters (and batch normalization), which it needs
/// whenever the block changes the size or the channels; without it, such
/// a block does not fit ([`crate::spec::SpecError::Shortcut`]).
pub fn residual(b: &mut Builder, x: Out, filters: usize, stride: usize, projection: bool) -> Out {
    let y = conv_bn(b, x, filters, 3, stride, Some(Relu));
    let y = conv_bn(b, y, filters, 3, 1, None);
    let shortcut = if projection {
        conv_bn(b, x, filters, 1, stride, None)
    } else {
        x
    };
    let sum = b.add(Op::Add, &[shortcut, y]);
    b.add(ops::act(Relu), &[sum])
}

/// The widths of an Inception block of `filters`: the 1x1, 3x3 and 5x5
/// branches and the pooling branch's 1x1 (GoogLeNet's proportions: the
/// 3x3 branch widest, the 5x5 narrow).
pub const fn inception_widths(filters: usize) -> [usize; 4] {
    let half = if filters / 2 == 0 { 1 } else { filters / 2 };
    [filters, 2 * filters, half, half]
}

/// GoogLeNet's Inception module: 1x1, 3x3 and 5x5 convolutions and 3x3 max
/// pooling side by side on the same input, their maps concatenated. With
/// `reduce`, 1x1 convolutions first shrink the input of the 3x3 and 5x5
/// branches (to half their width) and the pooling's output: seed 000's
/// 403,424 against 122,064 parameters.
pub fn inception(b: &mut Builder, x: Out, filters: usize, reduce: bool) -> Out {
    let [w1, w3, w5, wp] = inception_widths(filters);
    let c = |f: usize, k: usize| ops::conv(f, [k, k], 1, Same, Relu);
    let a = b.add(c(w1, 1), &[x]);
    let branches = if reduce {
        let r3 = b.add(c((w3 / 2).max(1), 1), &[x]);
        let m3 = b.add(c(w3, 3), &[r3]);
        let r5 = b.add(c((w5 / 2).max(1), 1), &[x]);
        let m5 = b.add(c(w5, 5), &[r5]);
        let p = b.add(ops::max_pool(3, 1, Same), &[x]);
        let p = b.add(c(wp, 1), &[p]);
        [a, m3, m5, p]
    } else {
        let m3 = b.add(c(w3, 3), &[x]);
        let m5 = b.add(c(w5, 5), &[x]);
        let p = b.add(ops::max_pool(3, 1, Same), &[x]);
        [a, m3, m5, p]
    };
    b.add(Op::Concatenate, &branches)
}

/// DenseNet's dense block: `layers` times (batch normalization, ReLU, a 1x1
/// convolution of `4 * growth` maps, batch normalization, ReLU, a 3x3
/// convolution of `growth` maps), each concatenated to everything before
/// it, so every layer sees every earlier layer's maps.
pub fn dense(b: &mut Builder, mut x: Out, growth: usize, layers: usize) -> Out {
    for _ in 0..layers {
        let y = b.add(ops::bn(BN_EPSILON), &[x]);
        let y = b.add(ops::act(Relu), &[y]);
        let y = b.add(ops::conv_nb(4 * growth, 1, 1, Valid), &[y]);
        let y = b.add(ops::bn(BN_EPSILON), &[y]);
        let y = b.add(ops::act(Relu), &[y]);
        let y = b.add(ops::conv_nb(growth, 3, 1, Same), &[y]);
        x = b.add(Op::Concatenate, &[x, y]);
    }
    x
}

/// DenseNet's transition between dense blocks: batch normalization, ReLU,
/// a 1x1 convolution to half the `channels`, 2x2 average pooling.
pub fn transition(b: &mut Builder, x: Out, channels: usize) -> Out {
    let x = b.add(ops::bn(BN_EPSILON), &[x]);
    let x = b.add(ops::act(Relu), &[x]);
    let x = b.add(ops::conv_nb((channels / 2).max(1), 1, 1, Valid), &[x]);
    b.add(ops::avg_pool(2, 2, Valid), &[x])
}

/// MobileNet's depthwise separable block: a 3x3 depthwise convolution with
/// `stride` (one filter per channel), batch normalization, ReLU6, then a
/// 1x1 convolution to `filters` maps, batch normalization, ReLU6.
pub fn separable(b: &mut Builder, x: Out, filters: usize, stride: usize) -> Out {
    let x = b.add(
        Op::DepthwiseConv2d {
            kernel: [3, 3],
            stride: [stride, stride],
            padding: Same,
            multiplier: 1,
            activation: Linear,
            bias: false,
        },
        &[x],
    );
    let x = b.add(ops::bn(BN_EPSILON), &[x]);
    let x = b.add(ops::act(Relu6), &[x]);
    conv_bn(b, x, filters, 1, 1, Some(Relu6))
}

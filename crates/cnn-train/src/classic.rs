//! The classic networks of seed 000's third part (LeNet to DenseNet) as
//! real graphs, built layer by layer from their published definitions:
//! Keras's `keras.applications` code (VGG, ResNet, Inception, Xception,
//! DenseNet) and the slides' own Keras code (LeNet, AlexNet, the Inception
//! module, the MNIST CNN). Nothing here is a typed-in total: a summary
//! counts what the layers own, and the tests compare those counts with the
//! totals Keras prints.

use crate::graph::{ops::*, Builder, Graph, Op, Out};
use crate::spec::{Activation::*, Padding::*, Shape3};
use crate::{spec, zoo};

/// Keras's batch-normalization epsilon in ResNet and DenseNet.
const BN_EPS_RESNET: f32 = 1.001e-5;
/// Keras's default batch-normalization epsilon.
const BN_EPS: f32 = 1e-3;

/// One classic network, with the Keras call that builds it.
#[derive(Debug, Clone, Copy)]
pub struct Classic {
    /// Stable id, used in links: `?view=architectures&model=resnet50`.
    pub id: &'static str,
    /// As Keras names it: `ResNet50`.
    pub name: &'static str,
    /// Year of the paper (or of the slide's code).
    pub year: u16,
    /// The Keras call the slide makes (`VGG16()`), or where its code is.
    pub call: &'static str,
    /// Builds the graph.
    pub build: fn() -> Graph,
}

/// Every classic network the slides summarise, in order of year, then size.
pub const ALL: [Classic; 19] = [
    Classic {
        id: "lenet-000",
        name: "LeNet (seed 000)",
        year: 1998,
        call: "Sequential: Conv2D(32, 5x5, sigmoid), AveragePooling2D, …",
        build: lenet_000,
    },
    Classic {
        id: "lenet-003",
        name: "LeNet (seed 003)",
        year: 1998,
        call: "LetNet((28, 28, 1), 10)",
        build: lenet_003,
    },
    Classic {
        id: "alexnet",
        name: "AlexNet",
        year: 2012,
        call: "Sequential: Conv2D(96, 11x11, strides 4), MaxPooling2D(3, 2), …",
        build: alexnet,
    },
    Classic {
        id: "vgg16",
        name: "VGG16",
        year: 2014,
        call: "VGG16()",
        build: || vgg(16, true),
    },
    Classic {
        id: "vgg16-base",
        name: "VGG16 (include_top=False)",
        year: 2014,
        call: "VGG16(include_top=False)",
        build: || vgg(16, false),
    },
    Classic {
        id: "vgg19",
        name: "VGG19",
        year: 2014,
        call: "VGG19()",
        build: || vgg(19, true),
    },
    Classic {
        id: "inception-module",
        name: "Inception-v1 module",
        year: 2014,
        call: "Input((10, 10, 200)), four branches, concatenate",
        build: || inception_module(false),
    },
    Classic {
        id: "inception-module-reduced",
        name: "Inception-v1 module with 1x1 reductions",
        year: 2014,
        call: "Input((10, 10, 200)), 1x1 reductions, concatenate",
        build: || inception_module(true),
    },
    Classic {
        id: "inceptionv3",
        name: "InceptionV3",
        year: 2015,
        call: "InceptionV3()",
        build: inception_v3,
    },
    Classic {
        id: "resnet50",
        name: "ResNet50",
        year: 2015,
        call: "ResNet50()",
        build: || resnet(&[3, 4, 6, 3], "resnet50"),
    },
    Classic {
        id: "resnet101",
        name: "ResNet101",
        year: 2015,
        call: "ResNet101()",
        build: || resnet(&[3, 4, 23, 3], "resnet101"),
    },
    Classic {
        id: "resnet152",
        name: "ResNet152",
        year: 2015,
        call: "ResNet152()",
        build: || resnet(&[3, 8, 36, 3], "resnet152"),
    },
    Classic {
        id: "mnist-cnn",
        name: "MNIST CNN (seed 004)",
        year: 2015,
        call: "Sequential: Conv2D(32, 3x3), Conv2D(64, 3x3), MaxPooling2D, …",
        build: mnist_cnn,
    },
    Classic {
        id: "inceptionresnetv2",
        name: "InceptionResNetV2",
        year: 2016,
        call: "InceptionResNetV2()",
        build: inception_resnet_v2,
    },
    Classic {
        id: "xception",
        name: "Xception",
        year: 2017,
        call: "Xception()",
        build: xception,
    },
    Classic {
        id: "densenet121",
        name: "DenseNet121",
        year: 2017,
        call: "DenseNet121()",
        build: || densenet(&[6, 12, 24, 16], "densenet121"),
    },
    Classic {
        id: "densenet169",
        name: "DenseNet169",
        year: 2017,
        call: "DenseNet169()",
        build: || densenet(&[6, 12, 32, 32], "densenet169"),
    },
    Classic {
        id: "densenet201",
        name: "DenseNet201",
        year: 2017,
        call: "DenseNet201()",
        build: || densenet(&[6, 12, 48, 32], "densenet201"),
    },
    Classic {
        id: "cats-dogs",
        name: "Cats vs dogs CNN (seed 000)",
        year: 2019,
        call: "Sequential: Conv2D(32), Dropout, MaxPooling2D, … Dense(512), Dense(1)",
        build: cats_dogs,
    },
];

/// The classic network with this id.
pub fn by_id(id: &str) -> Option<&'static Classic> {
    ALL.iter().find(|c| c.id == id)
}

/// LeNet as seed 000's code builds it: 28x28x1, 32 and 64 filters of 5x5
/// with sigmoid, average pooling, Dense(100, sigmoid), Dense(10).
pub fn lenet_000() -> Graph {
    spec::ModelSpec {
        name: "sequential".into(),
        input: Shape3::new(28, 28, 1),
        layers: vec![
            spec::Layer::conv(32, 5, Valid, Sigmoid),
            spec::Layer::avg_pool(2),
            spec::Layer::conv(64, 5, Valid, Sigmoid),
            spec::Layer::avg_pool(2),
            spec::Layer::Flatten,
            spec::Layer::dense(100, Sigmoid),
            spec::Layer::dense(10, Softmax),
        ],
        output: spec::Output::Softmax { classes: 10 },
    }
    .graph()
}

/// LeNet as seed 003's `LetNet(input_shape, num_classes)` builds it, on the
/// MNIST digits its code loads (28x28x1, 10 classes): 6 and 16 filters of
/// 5x5 with `same` padding and tanh, average pooling, Dense 120 and 84.
pub fn lenet_003() -> Graph {
    spec::ModelSpec {
        name: "sequential".into(),
        input: Shape3::new(28, 28, 1),
        layers: vec![
            spec::Layer::conv(6, 5, Same, Tanh),
            spec::Layer::avg_pool(2),
            spec::Layer::conv(16, 5, Same, Tanh),
            spec::Layer::avg_pool(2),
            spec::Layer::Flatten,
            spec::Layer::dense(120, Tanh),
            spec::Layer::dense(84, Tanh),
            spec::Layer::dense(10, Softmax),
        ],
        output: spec::Output::Softmax { classes: 10 },
    }
    .graph()
}

/// AlexNet as seed 000's code builds it: 227x227x3, overlapping 3x3 max
/// pooling with stride 2, three Dense layers with dropout.
pub fn alexnet() -> Graph {
    let (mut b, x) = Builder::new("sequential", Shape3::new(227, 227, 3));
    let x = b.add(conv(96, [11, 11], 4, Valid, Relu), &[x]);
    let x = b.add(max_pool(3, 2, Valid), &[x]);
    let x = b.add(conv(256, [5, 5], 1, Same, Relu), &[x]);
    let x = b.add(max_pool(3, 2, Valid), &[x]);
    let x = b.add(conv(384, [3, 3], 1, Same, Relu), &[x]);
    let x = b.add(conv(384, [3, 3], 1, Same, Relu), &[x]);
    let x = b.add(conv(256, [3, 3], 1, Same, Relu), &[x]);
    let x = b.add(max_pool(3, 2, Valid), &[x]);
    let x = b.add(Op::Flatten, &[x]);
    let x = b.add(dense(4096, Relu), &[x]);
    let x = b.add(Op::Dropout { rate: 0.5 }, &[x]);
    let x = b.add(dense(4096, Relu), &[x]);
    let x = b.add(Op::Dropout { rate: 0.5 }, &[x]);
    b.add(dense(1000, Softmax), &[x]);
    b.sequential()
}

/// The MNIST CNN of seed 004 (the trainer's `mnist-cnn`).
pub fn mnist_cnn() -> Graph {
    zoo::mnist_cnn().graph()
}

/// The cats-vs-dogs CNN of seed 000 (the trainer's `cats-dogs`).
pub fn cats_dogs() -> Graph {
    zoo::cats_dogs().graph()
}

/// Keras's `VGG16()` or `VGG19()` (`depth` 16 or 19) on 224x224x3, with
/// its three Dense layers when `include_top`.
pub fn vgg(depth: usize, include_top: bool) -> Graph {
    let convs: [usize; 5] = if depth == 19 {
        [2, 2, 4, 4, 4]
    } else {
        [2, 2, 3, 3, 3]
    };
    let (mut b, mut x) = Builder::new(&format!("vgg{depth}"), Shape3::new(224, 224, 3));
    for (i, (&n, filters)) in convs.iter().zip([64, 128, 256, 512, 512]).enumerate() {
        let block = format!("block{}", i + 1);
        b.block(Some(&block));
        for j in 1..=n {
            x = b.named(
                format!("{block}_conv{j}"),
                conv(filters, [3, 3], 1, Same, Relu),
                &[x],
            );
        }
        x = b.named(format!("{block}_pool"), max_pool(2, 2, Valid), &[x]);
    }
    if include_top {
        b.block(Some("top"));
        x = b.named("flatten", Op::Flatten, &[x]);
        x = b.named("fc1", dense(4096, Relu), &[x]);
        x = b.named("fc2", dense(4096, Relu), &[x]);
        b.named("predictions", dense(1000, Softmax), &[x]);
    }
    b.finish()
}

/// Seed 000's Inception-v1 module on a 10x10x200 input: 1x1, 3x3 and 5x5
/// convolutions and a 3x3 max pooling side by side, concatenated; with
/// `reduced`, 1x1 convolutions first shrink the channels the 3x3 and 5x5
/// see, and a 1x1 after the pooling shrinks what it passes on.
pub fn inception_module(reduced: bool) -> Graph {
    let (mut b, ipt) = Builder::new("model", Shape3::new(10, 10, 200));
    let c = |f: usize, k: usize| conv(f, [k, k], 1, Same, Relu);
    let branches = if reduced {
        let a = b.add(c(64, 1), &[ipt]);
        let b1 = b.add(c(64, 1), &[ipt]);
        let b2 = b.add(c(128, 3), &[b1]);
        let c1 = b.add(c(16, 1), &[ipt]);
        let c2 = b.add(c(32, 5), &[c1]);
        let d1 = b.add(max_pool(3, 1, Same), &[ipt]);
        let d2 = b.add(c(32, 1), &[d1]);
        [a, b2, c2, d2]
    } else {
        let a = b.add(c(64, 1), &[ipt]);
        let b2 = b.add(c(128, 3), &[ipt]);
        let c2 = b.add(c(32, 5), &[ipt]);
        let d = b.add(max_pool(3, 1, Same), &[ipt]);
        [a, b2, c2, d]
    };
    b.add(Op::Concatenate, &branches);
    b.finish()
}

/// The classifier Keras puts on the convolutional applications:
/// `GlobalAveragePooling2D(name="avg_pool")`, `Dense(1000, softmax,
/// name="predictions")`.
fn gap_top(b: &mut Builder, x: Out) -> Out {
    b.block(Some("top"));
    let x = b.named("avg_pool", Op::GlobalAvgPool, &[x]);
    b.named("predictions", dense(1000, Softmax), &[x])
}

/// Keras's `ResNet50`, `ResNet101`, `ResNet152` (ResNet v1, bottleneck
/// blocks, a 1x1 projection shortcut where a stack starts) on 224x224x3;
/// `stacks` is the number of blocks in conv2 to conv5.
pub fn resnet(stacks: &[usize], name: &str) -> Graph {
    let (mut b, x) = Builder::new(name, Shape3::new(224, 224, 3));
    b.block(Some("conv1"));
    let x = b.named("conv1_pad", pad(3), &[x]);
    let x = b.named("conv1_conv", conv(64, [7, 7], 2, Valid, Linear), &[x]);
    let x = b.named("conv1_bn", bn(BN_EPS_RESNET), &[x]);
    let x = b.named("conv1_relu", act(Relu), &[x]);
    let x = b.named("pool1_pad", pad(1), &[x]);
    let mut x = b.named("pool1_pool", max_pool(3, 2, Valid), &[x]);
    for (s, (&blocks, filters)) in stacks.iter().zip([64, 128, 256, 512]).enumerate() {
        for i in 1..=blocks {
            let name = format!("conv{}_block{i}", s + 2);
            b.block(Some(&name));
            let stride = if i == 1 && s > 0 { 2 } else { 1 };
            let shortcut = if i == 1 {
                let sc = b.named(
                    format!("{name}_0_conv"),
                    conv(4 * filters, [1, 1], stride, Valid, Linear),
                    &[x],
                );
                b.named(format!("{name}_0_bn"), bn(BN_EPS_RESNET), &[sc])
            } else {
                x
            };
            let mut y = x;
            for (j, (f, k, st)) in [(filters, 1, stride), (filters, 3, 1), (4 * filters, 1, 1)]
                .into_iter()
                .enumerate()
            {
                let padding = if k == 3 { Same } else { Valid };
                y = b.named(
                    format!("{name}_{}_conv", j + 1),
                    conv(f, [k, k], st, padding, Linear),
                    &[y],
                );
                y = b.named(format!("{name}_{}_bn", j + 1), bn(BN_EPS_RESNET), &[y]);
                if j < 2 {
                    y = b.named(format!("{name}_{}_relu", j + 1), act(Relu), &[y]);
                }
            }
            let sum = b.named(format!("{name}_add"), Op::Add, &[shortcut, y]);
            x = b.named(format!("{name}_out"), act(Relu), &[sum]);
        }
    }
    gap_top(&mut b, x);
    b.finish()
}

/// Keras's `DenseNet121`, `DenseNet169`, `DenseNet201` on 224x224x3:
/// dense blocks of (BN, ReLU, 1x1 conv, BN, ReLU, 3x3 conv of 32 maps,
/// concatenate), transitions that halve the channels and the size.
pub fn densenet(blocks: &[usize], name: &str) -> Graph {
    let (mut b, x) = Builder::new(name, Shape3::new(224, 224, 3));
    b.block(Some("conv1"));
    let x = b.add(pad(3), &[x]);
    let x = b.named("conv1/conv", conv_nb(64, 7, 2, Valid), &[x]);
    let x = b.named("conv1/bn", bn(BN_EPS_RESNET), &[x]);
    let x = b.named("conv1/relu", act(Relu), &[x]);
    let x = b.add(pad(1), &[x]);
    let mut x = b.named("pool1", max_pool(3, 2, Valid), &[x]);
    let mut channels = 64;
    for (s, &n) in blocks.iter().enumerate() {
        let stage = format!("conv{}", s + 2);
        for i in 1..=n {
            let name = format!("{stage}_block{i}");
            b.block(Some(&name));
            let y = b.named(format!("{name}_0_bn"), bn(BN_EPS_RESNET), &[x]);
            let y = b.named(format!("{name}_0_relu"), act(Relu), &[y]);
            let y = b.named(format!("{name}_1_conv"), conv_nb(128, 1, 1, Valid), &[y]);
            let y = b.named(format!("{name}_1_bn"), bn(BN_EPS_RESNET), &[y]);
            let y = b.named(format!("{name}_1_relu"), act(Relu), &[y]);
            let y = b.named(format!("{name}_2_conv"), conv_nb(32, 3, 1, Same), &[y]);
            x = b.named(format!("{name}_concat"), Op::Concatenate, &[x, y]);
            channels += 32;
        }
        if s + 1 < blocks.len() {
            let name = format!("pool{}", s + 2);
            b.block(Some(&name));
            channels /= 2;
            let y = b.named(format!("{name}_bn"), bn(BN_EPS_RESNET), &[x]);
            let y = b.named(format!("{name}_relu"), act(Relu), &[y]);
            let y = b.named(format!("{name}_conv"), conv_nb(channels, 1, 1, Valid), &[y]);
            x = b.named(format!("{name}_pool"), avg_pool(2, 2, Valid), &[y]);
        }
    }
    b.block(Some("top"));
    let x = b.named("bn", bn(BN_EPS_RESNET), &[x]);
    let x = b.named("relu", act(Relu), &[x]);
    gap_top(&mut b, x);
    b.finish()
}

/// Keras's `conv2d_bn` of InceptionV3 and InceptionResNetV2: a convolution
/// without bias, batch normalization without scale, then (optionally) ReLU.
fn conv_bn(
    b: &mut Builder,
    x: Out,
    filters: usize,
    kernel: [usize; 2],
    stride: usize,
    padding: crate::spec::Padding,
    relu: bool,
) -> Out {
    let x = b.add(
        Op::Conv2d {
            filters,
            kernel,
            stride: [stride, stride],
            padding,
            activation: Linear,
            bias: false,
        },
        &[x],
    );
    let x = b.add(bn_no_scale(BN_EPS), &[x]);
    if relu {
        b.add(act(Relu), &[x])
    } else {
        x
    }
}

/// The stem InceptionV3 and InceptionResNetV2 share: 299x299 down to
/// 35x35x192 through five convolutions and two poolings.
fn inception_stem(b: &mut Builder, x: Out) -> Out {
    b.block(Some("stem"));
    let x = conv_bn(b, x, 32, [3, 3], 2, Valid, true);
    let x = conv_bn(b, x, 32, [3, 3], 1, Valid, true);
    let x = conv_bn(b, x, 64, [3, 3], 1, Same, true);
    let x = b.add(max_pool(3, 2, Valid), &[x]);
    let x = conv_bn(b, x, 80, [1, 1], 1, Valid, true);
    let x = conv_bn(b, x, 192, [3, 3], 1, Valid, true);
    b.add(max_pool(3, 2, Valid), &[x])
}

/// Keras's `InceptionV3()` on 299x299x3.
pub fn inception_v3() -> Graph {
    let (mut b, x) = Builder::new("inception_v3", Shape3::new(299, 299, 3));
    let cb = |b: &mut Builder, x: Out, f: usize, kh: usize, kw: usize| {
        conv_bn(b, x, f, [kh, kw], 1, Same, true)
    };
    let mut x = inception_stem(&mut b, x);
    // mixed 0, 1, 2: 35 x 35.
    for (i, pool_filters) in [32, 64, 64].into_iter().enumerate() {
        let name = format!("mixed{i}");
        b.block(Some(&name));
        let a = cb(&mut b, x, 64, 1, 1);
        let c5 = cb(&mut b, x, 48, 1, 1);
        let c5 = cb(&mut b, c5, 64, 5, 5);
        let d = cb(&mut b, x, 64, 1, 1);
        let d = cb(&mut b, d, 96, 3, 3);
        let d = cb(&mut b, d, 96, 3, 3);
        let p = b.add(avg_pool(3, 1, Same), &[x]);
        let p = cb(&mut b, p, pool_filters, 1, 1);
        x = b.named(name, Op::Concatenate, &[a, c5, d, p]);
    }
    // mixed 3: 17 x 17.
    b.block(Some("mixed3"));
    let a = conv_bn(&mut b, x, 384, [3, 3], 2, Valid, true);
    let d = cb(&mut b, x, 64, 1, 1);
    let d = cb(&mut b, d, 96, 3, 3);
    let d = conv_bn(&mut b, d, 96, [3, 3], 2, Valid, true);
    let p = b.add(max_pool(3, 2, Valid), &[x]);
    x = b.named("mixed3", Op::Concatenate, &[a, d, p]);
    // mixed 4 to 7: factorised 7x7.
    for (i, f) in [128, 160, 160, 192].into_iter().enumerate() {
        let name = format!("mixed{}", i + 4);
        b.block(Some(&name));
        let a = cb(&mut b, x, 192, 1, 1);
        let s = cb(&mut b, x, f, 1, 1);
        let s = cb(&mut b, s, f, 1, 7);
        let s = cb(&mut b, s, 192, 7, 1);
        let d = cb(&mut b, x, f, 1, 1);
        let d = cb(&mut b, d, f, 7, 1);
        let d = cb(&mut b, d, f, 1, 7);
        let d = cb(&mut b, d, f, 7, 1);
        let d = cb(&mut b, d, 192, 1, 7);
        let p = b.add(avg_pool(3, 1, Same), &[x]);
        let p = cb(&mut b, p, 192, 1, 1);
        x = b.named(name, Op::Concatenate, &[a, s, d, p]);
    }
    // mixed 8: 8 x 8.
    b.block(Some("mixed8"));
    let a = cb(&mut b, x, 192, 1, 1);
    let a = conv_bn(&mut b, a, 320, [3, 3], 2, Valid, true);
    let d = cb(&mut b, x, 192, 1, 1);
    let d = cb(&mut b, d, 192, 1, 7);
    let d = cb(&mut b, d, 192, 7, 1);
    let d = conv_bn(&mut b, d, 192, [3, 3], 2, Valid, true);
    let p = b.add(max_pool(3, 2, Valid), &[x]);
    x = b.named("mixed8", Op::Concatenate, &[a, d, p]);
    // mixed 9, 10: expanded filter banks.
    for i in 0..2 {
        let name = format!("mixed{}", 9 + i);
        b.block(Some(&name));
        let a = cb(&mut b, x, 320, 1, 1);
        let s = cb(&mut b, x, 384, 1, 1);
        let s1 = cb(&mut b, s, 384, 1, 3);
        let s2 = cb(&mut b, s, 384, 3, 1);
        let s = b.named(format!("mixed9_{i}"), Op::Concatenate, &[s1, s2]);
        let d = cb(&mut b, x, 448, 1, 1);
        let d = cb(&mut b, d, 384, 3, 3);
        let d1 = cb(&mut b, d, 384, 1, 3);
        let d2 = cb(&mut b, d, 384, 3, 1);
        let d = b.add(Op::Concatenate, &[d1, d2]);
        let p = b.add(avg_pool(3, 1, Same), &[x]);
        let p = cb(&mut b, p, 192, 1, 1);
        x = b.named(name, Op::Concatenate, &[a, s, d, p]);
    }
    gap_top(&mut b, x);
    b.finish()
}

/// Keras's `InceptionResNetV2()` on 299x299x3: Inception branches whose
/// sum is scaled and added back to their input.
pub fn inception_resnet_v2() -> Graph {
    let (mut b, x) = Builder::new("inception_resnet_v2", Shape3::new(299, 299, 3));
    let cb = |b: &mut Builder, x: Out, f: usize, kh: usize, kw: usize| {
        conv_bn(b, x, f, [kh, kw], 1, Same, true)
    };
    let x = inception_stem(&mut b, x);
    b.block(Some("mixed_5b"));
    let a = cb(&mut b, x, 96, 1, 1);
    let s = cb(&mut b, x, 48, 1, 1);
    let s = cb(&mut b, s, 64, 5, 5);
    let d = cb(&mut b, x, 64, 1, 1);
    let d = cb(&mut b, d, 96, 3, 3);
    let d = cb(&mut b, d, 96, 3, 3);
    let p = b.add(avg_pool(3, 1, Same), &[x]);
    let p = cb(&mut b, p, 64, 1, 1);
    let mut x = b.named("mixed_5b", Op::Concatenate, &[a, s, d, p]);
    let mut channels = 320;

    // One Inception-ResNet block of `kind` (35, 17 or 8).
    let block = |b: &mut Builder, x: Out, channels: usize, kind: u8, idx: usize, relu: bool| {
        let name = format!("block{kind}_{idx}");
        b.block(Some(&name));
        let branches = match kind {
            35 => {
                let a = cb(b, x, 32, 1, 1);
                let s = cb(b, x, 32, 1, 1);
                let s = cb(b, s, 32, 3, 3);
                let d = cb(b, x, 32, 1, 1);
                let d = cb(b, d, 48, 3, 3);
                let d = cb(b, d, 64, 3, 3);
                vec![a, s, d]
            }
            17 => {
                let a = cb(b, x, 192, 1, 1);
                let s = cb(b, x, 128, 1, 1);
                let s = cb(b, s, 160, 1, 7);
                let s = cb(b, s, 192, 7, 1);
                vec![a, s]
            }
            _ => {
                let a = cb(b, x, 192, 1, 1);
                let s = cb(b, x, 192, 1, 1);
                let s = cb(b, s, 224, 1, 3);
                let s = cb(b, s, 256, 3, 1);
                vec![a, s]
            }
        };
        let mixed = b.named(format!("{name}_mixed"), Op::Concatenate, &branches);
        let up = b.named(
            format!("{name}_conv"),
            conv(channels, [1, 1], 1, Same, Linear),
            &[mixed],
        );
        let scale = match kind {
            35 => 0.17,
            17 => 0.1,
            _ if relu => 0.2,
            _ => 1.0,
        };
        let x = b.named(name.clone(), Op::ScaledAdd { scale }, &[x, up]);
        if relu {
            b.named(format!("{name}_ac"), act(Relu), &[x])
        } else {
            x
        }
    };
    for idx in 1..=10 {
        x = block(&mut b, x, channels, 35, idx, true);
    }
    b.block(Some("mixed_6a"));
    let a = conv_bn(&mut b, x, 384, [3, 3], 2, Valid, true);
    let s = cb(&mut b, x, 256, 1, 1);
    let s = cb(&mut b, s, 256, 3, 3);
    let s = conv_bn(&mut b, s, 384, [3, 3], 2, Valid, true);
    let p = b.add(max_pool(3, 2, Valid), &[x]);
    x = b.named("mixed_6a", Op::Concatenate, &[a, s, p]);
    channels += 384 + 384;
    for idx in 1..=20 {
        x = block(&mut b, x, channels, 17, idx, true);
    }
    b.block(Some("mixed_7a"));
    let a = cb(&mut b, x, 256, 1, 1);
    let a = conv_bn(&mut b, a, 384, [3, 3], 2, Valid, true);
    let s = cb(&mut b, x, 256, 1, 1);
    let s = conv_bn(&mut b, s, 288, [3, 3], 2, Valid, true);
    let d = cb(&mut b, x, 256, 1, 1);
    let d = cb(&mut b, d, 288, 3, 3);
    let d = conv_bn(&mut b, d, 320, [3, 3], 2, Valid, true);
    let p = b.add(max_pool(3, 2, Valid), &[x]);
    x = b.named("mixed_7a", Op::Concatenate, &[a, s, d, p]);
    channels += 384 + 288 + 320;
    for idx in 1..=10 {
        x = block(&mut b, x, channels, 8, idx, idx < 10);
    }
    b.block(Some("conv_7b"));
    let x = b.named("conv_7b", conv_nb(1536, 1, 1, Same), &[x]);
    let x = b.named("conv_7b_bn", bn_no_scale(BN_EPS), &[x]);
    let x = b.named("conv_7b_ac", act(Relu), &[x]);
    gap_top(&mut b, x);
    b.finish()
}

/// Keras's `Xception()` on 299x299x3: depthwise separable convolutions
/// throughout, with residual shortcuts.
pub fn xception() -> Graph {
    let (mut b, x) = Builder::new("xception", Shape3::new(299, 299, 3));
    b.block(Some("block1"));
    let x = b.named("block1_conv1", conv_nb(32, 3, 2, Valid), &[x]);
    let x = b.named("block1_conv1_bn", bn(BN_EPS), &[x]);
    let x = b.named("block1_conv1_act", act(Relu), &[x]);
    let x = b.named("block1_conv2", conv_nb(64, 3, 1, Valid), &[x]);
    let x = b.named("block1_conv2_bn", bn(BN_EPS), &[x]);
    let mut x = b.named("block1_conv2_act", act(Relu), &[x]);

    // Entry flow: blocks 2 to 4, and block 13 of the exit flow.
    let down = |b: &mut Builder, x: Out, block: usize, f1: usize, f2: usize, first_relu: bool| {
        let name = format!("block{block}");
        b.block(Some(&name));
        let r = b.add(conv_nb(f2, 1, 2, Same), &[x]);
        let r = b.add(bn(BN_EPS), &[r]);
        let mut y = x;
        if first_relu {
            y = b.named(format!("{name}_sepconv1_act"), act(Relu), &[y]);
        }
        let y = b.named(
            format!("{name}_sepconv1"),
            separable(f1, 3, 1, Linear, false),
            &[y],
        );
        let y = b.named(format!("{name}_sepconv1_bn"), bn(BN_EPS), &[y]);
        let y = b.named(format!("{name}_sepconv2_act"), act(Relu), &[y]);
        let y = b.named(
            format!("{name}_sepconv2"),
            separable(f2, 3, 1, Linear, false),
            &[y],
        );
        let y = b.named(format!("{name}_sepconv2_bn"), bn(BN_EPS), &[y]);
        let y = b.named(format!("{name}_pool"), max_pool(3, 2, Same), &[y]);
        b.add(Op::Add, &[y, r])
    };
    x = down(&mut b, x, 2, 128, 128, false);
    x = down(&mut b, x, 3, 256, 256, true);
    x = down(&mut b, x, 4, 728, 728, true);
    // Middle flow: eight blocks of three separable convolutions.
    for block in 5..=12 {
        let name = format!("block{block}");
        b.block(Some(&name));
        let mut y = x;
        for j in 1..=3 {
            y = b.named(format!("{name}_sepconv{j}_act"), act(Relu), &[y]);
            y = b.named(
                format!("{name}_sepconv{j}"),
                separable(728, 3, 1, Linear, false),
                &[y],
            );
            y = b.named(format!("{name}_sepconv{j}_bn"), bn(BN_EPS), &[y]);
        }
        x = b.add(Op::Add, &[y, x]);
    }
    x = down(&mut b, x, 13, 728, 1024, true);
    b.block(Some("block14"));
    let x = b.named(
        "block14_sepconv1",
        separable(1536, 3, 1, Linear, false),
        &[x],
    );
    let x = b.named("block14_sepconv1_bn", bn(BN_EPS), &[x]);
    let x = b.named("block14_sepconv1_act", act(Relu), &[x]);
    let x = b.named(
        "block14_sepconv2",
        separable(2048, 3, 1, Linear, false),
        &[x],
    );
    let x = b.named("block14_sepconv2_bn", bn(BN_EPS), &[x]);
    let x = b.named("block14_sepconv2_act", act(Relu), &[x]);
    gap_top(&mut b, x);
    b.finish()
}

#[cfg(test)]
mod tests;

//! Every parameter count the slides print, and Keras's own totals for
//! every `model.summary()` call in them, counted from the graphs.

use super::*;
use crate::graph::{Flow, GraphSummary, OpKind};

fn summary(g: Graph) -> GraphSummary {
    g.summary().expect("a classic network fits together")
}

/// Keras's `model.summary()` totals of `keras.applications` with
/// `include_top=True` (as the slides call them: `VGG16()`, `ResNet50()`,
/// …): total, and non-trainable (batch normalization's moving statistics).
const KERAS_TOTALS: [(&str, usize, usize); 11] = [
    // Seed 000, VGGNet: `VGG16()`; the slide's table of Keras applications.
    ("vgg16", 138_357_544, 0),
    ("vgg19", 143_667_240, 0),
    // Seed 000, GoogLeNet: `InceptionV3()`, `InceptionResNetV2()`.
    ("inceptionv3", 23_851_784, 34_432),
    ("inceptionresnetv2", 55_873_736, 60_544),
    // Seed 000, Xception: `Xception()`.
    ("xception", 22_910_480, 54_528),
    // Seed 000, ResNet: `ResNet50()`, `ResNet101()`, `ResNet152()`.
    ("resnet50", 25_636_712, 53_120),
    ("resnet101", 44_707_176, 105_344),
    ("resnet152", 60_419_944, 151_424),
    // Seed 000, DenseNet: `DenseNet121()`, `DenseNet169()`, `DenseNet201()`.
    ("densenet121", 8_062_504, 83_648),
    ("densenet169", 14_307_880, 158_400),
    ("densenet201", 20_242_984, 229_056),
];

#[test]
fn keras_applications_have_keras_totals() {
    for (id, total, non_trainable) in KERAS_TOTALS {
        let s = summary((by_id(id).unwrap().build)());
        assert_eq!(s.total, total, "{id} total");
        assert_eq!(s.non_trainable, non_trainable, "{id} non-trainable");
        assert_eq!(s.trainable + s.non_trainable, s.total);
        assert_eq!(
            s.rows.last().unwrap().output,
            Flow::Flat(1000),
            "{id} predicts 1000 classes"
        );
    }
}

#[test]
fn vgg16_base_row_by_row_as_seed_000_prints_it() {
    // Seed 000, 遷移學習 (5) 用 VGG16 建造模型: `vgg16.summary()` of
    // VGG16(include_top=False) on 224x224x3.
    let printed: [(&str, [usize; 3], usize); 19] = [
        ("input_1", [224, 224, 3], 0),
        ("block1_conv1", [224, 224, 64], 1792),
        ("block1_conv2", [224, 224, 64], 36928),
        ("block1_pool", [112, 112, 64], 0),
        ("block2_conv1", [112, 112, 128], 73856),
        ("block2_conv2", [112, 112, 128], 147584),
        ("block2_pool", [56, 56, 128], 0),
        ("block3_conv1", [56, 56, 256], 295168),
        ("block3_conv2", [56, 56, 256], 590080),
        ("block3_conv3", [56, 56, 256], 590080),
        ("block3_pool", [28, 28, 256], 0),
        ("block4_conv1", [28, 28, 512], 1180160),
        ("block4_conv2", [28, 28, 512], 2359808),
        ("block4_conv3", [28, 28, 512], 2359808),
        ("block4_pool", [14, 14, 512], 0),
        ("block5_conv1", [14, 14, 512], 2359808),
        ("block5_conv2", [14, 14, 512], 2359808),
        ("block5_conv3", [14, 14, 512], 2359808),
        ("block5_pool", [7, 7, 512], 0),
    ];
    let s = summary(vgg(16, false));
    assert_eq!(s.rows.len(), printed.len());
    for (row, (name, shape, params)) in s.rows.iter().zip(printed) {
        assert_eq!(row.name, name);
        assert_eq!(row.output.dims(), shape.to_vec(), "{name}");
        assert_eq!(row.params, params, "{name}");
    }
    assert_eq!(s.total, 14_714_688);
    assert_eq!(s.trainable, 14_714_688);
}

#[test]
fn inception_module_as_seed_000_prints_it() {
    // Seed 000, GoogLeNet: "Inception-V1 Module 的程式碼", 403,424.
    let s = summary(inception_module(false));
    /// A summary row as the slide prints it: name, type, shape, count,
    /// "Connected to".
    type Printed<'a> = (&'a str, OpKind, Vec<usize>, usize, Vec<&'a str>);
    let rows: Vec<Printed> = s
        .rows
        .iter()
        .map(|r| {
            (
                r.name.as_str(),
                r.kind,
                r.output.dims(),
                r.params,
                r.connected_to.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            ("input_1", OpKind::Input, vec![10, 10, 200], 0, vec![]),
            (
                "conv2d",
                OpKind::Conv2d,
                vec![10, 10, 64],
                12864,
                vec!["input_1[0][0]"]
            ),
            (
                "conv2d_1",
                OpKind::Conv2d,
                vec![10, 10, 128],
                230528,
                vec!["input_1[0][0]"]
            ),
            (
                "conv2d_2",
                OpKind::Conv2d,
                vec![10, 10, 32],
                160032,
                vec!["input_1[0][0]"]
            ),
            (
                "max_pooling2d",
                OpKind::MaxPool,
                vec![10, 10, 200],
                0,
                vec!["input_1[0][0]"]
            ),
            (
                "concatenate",
                OpKind::Concatenate,
                vec![10, 10, 424],
                0,
                vec![
                    "conv2d[0][0]",
                    "conv2d_1[0][0]",
                    "conv2d_2[0][0]",
                    "max_pooling2d[0][0]"
                ]
            ),
        ]
    );
    assert_eq!(s.total, 403_424);
    // Seed 000, "Inception Module-V1 缺點：參數仍嫌太多": with 1x1
    // reductions, 122,064, in the order Keras prints (the reductions
    // first: they are one layer further from the output).
    let r = summary(inception_module(true));
    let order: Vec<(&str, usize)> = r.rows.iter().map(|r| (r.name.as_str(), r.params)).collect();
    assert_eq!(
        order,
        vec![
            ("input_1", 0),
            ("conv2d_1", 12864),
            ("conv2d_3", 3216),
            ("max_pooling2d", 0),
            ("conv2d", 12864),
            ("conv2d_2", 73856),
            ("conv2d_4", 12832),
            ("conv2d_5", 6432),
            ("concatenate", 0),
        ]
    );
    assert_eq!(r.rows.last().unwrap().output.dims(), vec![10, 10, 256]);
    assert_eq!(r.total, 122_064);
    // "403,424 → 122,064 下降 70% 左右": 69.7% fewer.
    let fewer = 1.0 - r.total as f64 / s.total as f64;
    assert!((0.69..0.71).contains(&fewer), "{fewer}");
}

#[test]
fn cats_dogs_convolution_against_dense_parameters() {
    // Seed 000, NiN: "卷積層參數 = 93221 (2.17%)", "全連接層參數 =
    // 4194816 (97.83%)", under the summary of the 4,288,577-parameter
    // cats-vs-dogs CNN. The convolutions really add up to 896 + 18,496 +
    // 73,856 = 93,248 (2.17% of the total), so the slide's 93221 is a typo
    // for 93248; its 4,194,816 is the Dense(512) layer alone (97.81%), and
    // with the output layer's 513 the dense layers hold 4,195,329 (97.83%).
    let s = summary(cats_dogs());
    assert_eq!(s.total, 4_288_577);
    let of = |kind| {
        s.rows
            .iter()
            .filter(|r| r.kind == kind)
            .map(|r| r.params)
            .sum::<usize>()
    };
    let conv = of(OpKind::Conv2d);
    let dense = of(OpKind::Dense);
    assert_eq!(conv, 93_248);
    assert_ne!(conv, 93_221, "the slide's figure is a typo");
    assert_eq!(dense, 4_195_329);
    assert_eq!(
        s.rows.iter().find(|r| r.name == "dense").unwrap().params,
        4_194_816
    );
    assert_eq!(conv + dense, s.total);
    let pct = |n: usize| (n as f64 * 10_000.0 / s.total as f64).round() / 100.0;
    assert_eq!(pct(conv), 2.17);
    assert_eq!(pct(dense), 97.83);
}

#[test]
fn the_slides_own_keras_code() {
    // Seed 000, LeNet 範例程式碼: 28x28x1, sigmoid, average pooling.
    let s = summary(lenet_000());
    let params: Vec<usize> = s.rows.iter().map(|r| r.params).collect();
    assert_eq!(params, vec![832, 0, 51_264, 0, 0, 102_500, 1_010]);
    assert_eq!(s.total, 155_606);
    // Seed 003, LetNet(input_shape, num_classes) on MNIST: 'same' padding.
    let s = summary(lenet_003());
    assert_eq!(s.rows[4].output, Flow::Flat(7 * 7 * 16));
    assert_eq!(s.total, 107_786);
    // Seed 000, AlexNet 程式碼: 227x227x3, overlapping 3x3/2 pooling.
    let s = summary(alexnet());
    let shapes: Vec<Vec<usize>> = s.rows.iter().take(8).map(|r| r.output.dims()).collect();
    assert_eq!(shapes[0], vec![55, 55, 96]);
    assert_eq!(
        shapes[1],
        vec![27, 27, 96],
        "3x3 windows, stride 2: they overlap"
    );
    assert_eq!(shapes[7], vec![6, 6, 256]);
    assert_eq!(s.total, 62_378_344);
    // Seed 004, print(model.summary()): 320, 18496, 1179776, 1290.
    let s = summary(mnist_cnn());
    let params: Vec<usize> = s.rows.iter().map(|r| r.params).filter(|&p| p > 0).collect();
    assert_eq!(params, vec![320, 18_496, 1_179_776, 1_290]);
    assert_eq!(s.total, 1_199_882);
}

#[test]
fn every_classic_builds_and_has_a_unique_id() {
    let mut ids = std::collections::HashSet::new();
    for c in ALL {
        assert!(ids.insert(c.id), "{} twice", c.id);
        let s = summary((c.build)());
        assert!(s.total > 0, "{}", c.id);
        assert!(by_id(c.id).is_some());
    }
    assert!(
        ALL.windows(2).all(|w| w[0].year <= w[1].year),
        "in order of year"
    );
}

#[test]
fn resnet_shortcuts_and_densenet_growth() {
    let s = summary(resnet(&[3, 4, 6, 3], "resnet50"));
    let shape = |name: &str| {
        s.rows
            .iter()
            .find(|r| r.name == name)
            .unwrap()
            .output
            .dims()
    };
    assert_eq!(shape("pool1_pool"), vec![56, 56, 64]);
    assert_eq!(shape("conv3_block1_add"), vec![28, 28, 512]);
    assert_eq!(shape("conv5_block3_out"), vec![7, 7, 2048]);
    let add = s
        .rows
        .iter()
        .find(|r| r.name == "conv2_block2_add")
        .unwrap();
    assert_eq!(
        add.connected_to,
        vec!["conv2_block1_out[0][0]", "conv2_block2_3_bn[0][0]"]
    );
    let d = summary(densenet(&[6, 12, 24, 16], "densenet121"));
    let shape = |name: &str| {
        d.rows
            .iter()
            .find(|r| r.name == name)
            .unwrap()
            .output
            .dims()
    };
    // 64 + 6 x 32 = 256 channels, halved by the transition.
    assert_eq!(shape("conv2_block6_concat"), vec![56, 56, 256]);
    assert_eq!(shape("pool2_pool"), vec![28, 28, 128]);
    assert_eq!(shape("relu"), vec![7, 7, 1024]);
}

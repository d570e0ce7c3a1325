//! The zoo's summaries against the slides' `model.summary()` tables, every
//! `SpecError` from a concrete bad edit, and the edit helpers.

use cnn_train::spec::zoo;
use cnn_train::{
    Activation, Layer, LayerKind, ModelSpec, Output, Padding, Shape3, SpecError, Summary,
};

/// `(name, shape, params)` per row.
fn rows(s: &Summary) -> Vec<(&str, Vec<usize>, usize)> {
    s.rows
        .iter()
        .map(|r| (r.name.as_str(), r.output_shape.clone(), r.params))
        .collect()
}

#[test]
fn mnist_cnn_matches_seed_004() {
    // /work/shared/seeds/004_dd6409e048b28b83.txt lines 257-270 (the slide's
    // names are conv2d_1.. from an older Keras; modern names start at conv2d).
    let s = zoo::mnist_cnn().summary().unwrap();
    assert_eq!(
        rows(&s),
        vec![
            ("conv2d", vec![26, 26, 32], 320),
            ("conv2d_1", vec![24, 24, 64], 18496),
            ("max_pooling2d", vec![12, 12, 64], 0),
            ("dropout", vec![12, 12, 64], 0),
            ("flatten", vec![9216], 0),
            ("dense", vec![128], 1_179_776),
            ("dropout_1", vec![128], 0),
            ("dense_1", vec![10], 1290),
        ]
    );
    assert_eq!(s.total, 1_199_882);
    assert_eq!(s.trainable, 1_199_882);
    assert_eq!(s.non_trainable, 0);
    assert_eq!(s.rows[0].keras_shape(), "(None, 26, 26, 32)");
    assert_eq!(s.rows[4].keras_shape(), "(None, 9216)");
}

#[test]
fn cats_dogs_matches_seed_000() {
    // /work/shared/seeds/000_cf4601a9f7f3bb89.txt lines 1286-1306.
    let s = zoo::cats_dogs().summary().unwrap();
    assert_eq!(
        rows(&s),
        vec![
            ("conv2d", vec![64, 64, 32], 896),
            ("dropout", vec![64, 64, 32], 0),
            ("max_pooling2d", vec![32, 32, 32], 0),
            ("conv2d_1", vec![32, 32, 64], 18496),
            ("dropout_1", vec![32, 32, 64], 0),
            ("max_pooling2d_1", vec![16, 16, 64], 0),
            ("conv2d_2", vec![16, 16, 128], 73856),
            ("dropout_2", vec![16, 16, 128], 0),
            ("max_pooling2d_2", vec![8, 8, 128], 0),
            ("flatten", vec![8192], 0),
            ("dense", vec![512], 4_194_816),
            ("dense_1", vec![1], 513),
        ]
    );
    assert_eq!(s.total, 4_288_577);
    assert_eq!(s.trainable, 4_288_577);
    assert_eq!(s.non_trainable, 0);
    assert_eq!(s.rows[11].kind.keras_class(), "Dense");
}

#[test]
fn lenet5_matches_seed_003() {
    // /work/shared/seeds/003_e6aa19c3b4bb0ae9.txt lines 36-85: the table's
    // 32x32 input, 28x28, 14x14, 10x10, 5x5, 120, 84, 10.
    let s = zoo::lenet5().summary().unwrap();
    assert_eq!(
        rows(&s),
        vec![
            ("conv2d", vec![28, 28, 6], 156),
            ("average_pooling2d", vec![14, 14, 6], 0),
            ("conv2d_1", vec![10, 10, 16], 2416),
            ("average_pooling2d_1", vec![5, 5, 16], 0),
            ("flatten", vec![400], 0),
            ("dense", vec![120], 48120),
            ("dense_1", vec![84], 10164),
            ("dense_2", vec![10], 850),
        ]
    );
    assert_eq!(s.total, 61_706);
}

#[test]
fn xo_tiny_and_tiny_vgg() {
    let s = zoo::xo_tiny().summary().unwrap();
    assert_eq!(
        rows(&s),
        vec![
            ("conv2d", vec![7, 7, 3], 30),
            ("max_pooling2d", vec![3, 3, 3], 0),
            ("flatten", vec![27], 0),
            ("dense", vec![2], 56),
        ]
    );
    // CNN Explainer's TinyVGG: 64 → 62 → 60 → 30 → 28 → 26 → 13.
    let s = zoo::tiny_vgg(Shape3::new(64, 64, 3), 10).summary().unwrap();
    let shapes: Vec<Vec<usize>> = s.rows.iter().map(|r| r.output_shape.clone()).collect();
    assert_eq!(
        shapes,
        vec![
            vec![62, 62, 10],
            vec![60, 60, 10],
            vec![30, 30, 10],
            vec![28, 28, 10],
            vec![26, 26, 10],
            vec![13, 13, 10],
            vec![1690],
            vec![10],
        ]
    );
    assert_eq!(s.total, 280 + 910 + 910 + 910 + 16_910);
}

#[test]
fn resnet_mini_counts_its_blocks_and_moving_statistics() {
    // Seed 000's ResNet (「短路」) in miniature; every count by hand:
    // a 3x3 convolution of c to f maps without bias has 9·c·f weights,
    // batch normalization 4 per channel (gamma and beta trainable, the
    // moving mean and variance not).
    let s = zoo::resnet_mini().summary().unwrap();
    assert_eq!(
        rows(&s),
        vec![
            ("conv2d", vec![32, 32, 16], 9 * 16 + 16),
            ("batch_normalization", vec![32, 32, 16], 4 * 16),
            ("activation", vec![32, 32, 16], 0),
            // Two 3x3 convolutions 16 -> 16, two normalizations; the
            // shortcut is the input itself.
            ("residual_block", vec![32, 32, 16], 2 * 9 * 16 * 16 + 2 * 64),
            // 16 -> 32 with stride 2, 32 -> 32, and a 1x1 projection.
            (
                "residual_block_1",
                vec![16, 16, 32],
                9 * 16 * 32 + 9 * 32 * 32 + 16 * 32 + 3 * 4 * 32
            ),
            (
                "residual_block_2",
                vec![8, 8, 64],
                9 * 32 * 64 + 9 * 64 * 64 + 32 * 64 + 3 * 4 * 64
            ),
            ("global_average_pooling2d", vec![64], 0),
            ("dense", vec![10], 64 * 10 + 10),
        ]
    );
    assert_eq!(s.total, 78_442);
    // The moving statistics: 2 per channel of each normalization.
    assert_eq!(
        s.non_trainable,
        2 * 16 + 2 * 2 * 16 + 3 * 2 * 32 + 3 * 2 * 64
    );
    assert_eq!(s.trainable, 78_442 - 672);
}

#[test]
fn a_shortcut_that_does_not_fit_says_so() {
    // A residual block that halves the size or changes the channels
    // without a projection cannot add its input to its output.
    let mut spec = zoo::resnet_mini();
    spec.layers[4] = Layer::ResidualBlock {
        filters: 32,
        stride: 2,
        projection: false,
    };
    let e = spec.summary().unwrap_err();
    assert_eq!(
        e,
        SpecError::Shortcut {
            layer: 4,
            input: Shape3::new(32, 32, 16),
            output: Shape3::new(16, 16, 32),
        }
    );
    assert!(e.to_string().contains("projection"), "{e}");
    // The same block with stride 1 and the input's channels fits.
    spec.layers[4] = Layer::ResidualBlock {
        filters: 16,
        stride: 1,
        projection: false,
    };
    assert!(spec.summary().is_ok());
    // A block after the maps were flattened, and one whose pooling is
    // larger than its maps.
    let mut flat = zoo::resnet_mini();
    flat.layers.insert(
        7,
        Layer::VggBlock {
            filters: 4,
            convs: 1,
        },
    );
    assert!(matches!(
        flat.summary(),
        Err(SpecError::SpatialAfterFlatten { layer: 7, .. })
    ));
    let tiny = ModelSpec {
        input: Shape3::new(1, 1, 1),
        layers: vec![
            Layer::VggBlock {
                filters: 4,
                convs: 1,
            },
            Layer::Flatten,
            Layer::dense(10, Activation::Softmax),
        ],
        ..zoo::resnet_mini()
    };
    assert_eq!(
        tiny.summary(),
        Err(SpecError::KernelTooLarge {
            layer: 0,
            kind: LayerKind::VggBlock,
            kernel: 2,
            input: Shape3::new(1, 1, 1),
        })
    );
    // A block setting of 0 is named.
    let mut zero = zoo::resnet_mini();
    zero.layers[3] = Layer::DenseBlock {
        growth: 0,
        layers: 2,
    };
    assert_eq!(
        zero.summary(),
        Err(SpecError::ZeroSetting {
            layer: 3,
            kind: LayerKind::DenseBlock,
            field: "growth"
        })
    );
}

#[test]
fn zoo_ids_are_stable_and_every_model_is_valid() {
    let all = zoo::all();
    let ids: Vec<&str> = all.iter().map(|(id, _)| *id).collect();
    assert_eq!(
        ids,
        [
            "xo-tiny",
            "lenet5",
            "mnist-cnn",
            "cats-dogs",
            "tiny-vgg",
            "resnet-mini"
        ]
    );
    for (id, spec) in &all {
        assert!(spec.summary().is_ok(), "{id}");
        assert_eq!(
            &ModelSpec::from_json(&spec.to_json()).unwrap(),
            spec,
            "{id}"
        );
    }
}

#[test]
fn same_padding_and_strides_follow_keras() {
    // same: ceil(in / s); valid: floor((in - k) / s) + 1.
    let spec = ModelSpec {
        name: "strides".into(),
        input: Shape3::new(7, 8, 2),
        layers: vec![
            Layer::Conv2d {
                filters: 4,
                kernel: 3,
                stride: 2,
                padding: Padding::Same,
                activation: Activation::Relu,
            },
            Layer::Conv2d {
                filters: 4,
                kernel: 2,
                stride: 2,
                padding: Padding::Valid,
                activation: Activation::Linear,
            },
            Layer::MaxPool { size: 1, stride: 1 },
            Layer::Flatten,
            Layer::dense(1, Activation::Sigmoid),
        ],
        output: Output::Sigmoid,
    };
    let s = spec.summary().unwrap();
    assert_eq!(s.rows[0].output_shape, [4, 4, 4]);
    assert_eq!(s.rows[0].params, 3 * 3 * 2 * 4 + 4);
    assert_eq!(s.rows[1].output_shape, [2, 2, 4]);
    // Pool 3 stride 2 on 7: floor((7 - 3) / 2) + 1 = 3.
    let pool = ModelSpec {
        input: Shape3::new(7, 7, 1),
        layers: vec![
            Layer::AvgPool { size: 3, stride: 2 },
            Layer::Flatten,
            Layer::dense(1, Activation::Sigmoid),
        ],
        ..spec
    };
    assert_eq!(pool.summary().unwrap().rows[0].output_shape, [3, 3, 1]);
}

#[test]
fn kernel_larger_than_input() {
    // A third 5x5 convolution in LeNet-5 meets a 5x5 map: fine; after the
    // second pooling, a 7x7 kernel does not fit.
    let spec = zoo::lenet5().insert(4, Layer::conv(8, 7, Padding::Valid, Activation::Relu));
    assert_eq!(
        spec.summary(),
        Err(SpecError::KernelTooLarge {
            layer: 4,
            kind: LayerKind::Conv2d,
            kernel: 7,
            input: Shape3::new(5, 5, 16),
        })
    );
    let msg = spec.summary().unwrap_err().to_string();
    assert!(msg.contains("Layer 5") && msg.contains("7x7"), "{msg}");
    // The same kernel with 'same' padding fits.
    let same = zoo::lenet5().insert(4, Layer::conv(8, 7, Padding::Same, Activation::Relu));
    assert_eq!(same.summary().unwrap().rows[4].output_shape, [5, 5, 8]);
    // A pool too large for its input.
    let pool = zoo::xo_tiny().insert(2, Layer::max_pool(4));
    assert!(matches!(
        pool.summary(),
        Err(SpecError::KernelTooLarge {
            layer: 2,
            kind: LayerKind::MaxPool,
            kernel: 4,
            ..
        })
    ));
}

#[test]
fn dense_before_flatten() {
    let spec = zoo::xo_tiny().remove(2);
    assert_eq!(
        spec.summary(),
        Err(SpecError::NeedsFlatten {
            layer: 2,
            input: Shape3::new(3, 3, 3),
        })
    );
    assert!(spec.summary().unwrap_err().to_string().contains("Flatten"));
}

#[test]
fn conv_after_flatten() {
    let spec = zoo::xo_tiny().move_layer(2, 0);
    assert_eq!(
        spec.summary(),
        Err(SpecError::SpatialAfterFlatten {
            layer: 1,
            kind: LayerKind::Conv2d,
            input_len: 81,
        })
    );
}

#[test]
fn zero_settings() {
    let spec = zoo::xo_tiny().set(0, Layer::conv(0, 3, Padding::Valid, Activation::Relu));
    assert_eq!(
        spec.summary(),
        Err(SpecError::ZeroSetting {
            layer: 0,
            kind: LayerKind::Conv2d,
            field: "filters",
        })
    );
    let spec = zoo::xo_tiny().set(1, Layer::MaxPool { size: 2, stride: 0 });
    assert!(matches!(
        spec.summary(),
        Err(SpecError::ZeroSetting {
            layer: 1,
            field: "stride",
            ..
        })
    ));
    let spec = zoo::lenet5().set(5, Layer::dense(0, Activation::Tanh));
    assert!(matches!(
        spec.summary(),
        Err(SpecError::ZeroSetting {
            layer: 5,
            field: "units",
            ..
        })
    ));
    let mut spec = zoo::xo_tiny();
    spec.input.width = 0;
    assert_eq!(spec.summary(), Err(SpecError::ZeroInput { field: "width" }));
}

#[test]
fn dropout_rate_one() {
    let spec = zoo::mnist_cnn().set(3, Layer::Dropout { rate: 1.0 });
    assert_eq!(
        spec.summary(),
        Err(SpecError::DropoutRate {
            layer: 3,
            rate: 1.0
        })
    );
    let nan = zoo::mnist_cnn().set(3, Layer::Dropout { rate: f32::NAN });
    assert!(matches!(
        nan.summary(),
        Err(SpecError::DropoutRate { layer: 3, .. })
    ));
    let zero = zoo::mnist_cnn().set(3, Layer::Dropout { rate: 0.0 });
    assert!(zero.summary().is_ok());
}

#[test]
fn wrong_output_units() {
    let spec = zoo::mnist_cnn().set(7, Layer::dense(9, Activation::Softmax));
    let err = spec.summary().unwrap_err();
    assert_eq!(
        err,
        SpecError::OutputMismatch {
            layer: 7,
            output: Output::Softmax { classes: 10 },
            expected_units: 10,
            expected_activation: Activation::Softmax,
            found_kind: LayerKind::Dense,
            found_units: Some(9),
            found_activation: Some(Activation::Softmax),
        }
    );
    assert!(err.to_string().contains("10 units"), "{err}");
    // Sigmoid output with a softmax layer.
    let spec = zoo::cats_dogs().set(11, Layer::dense(1, Activation::Softmax));
    assert!(matches!(
        spec.summary(),
        Err(SpecError::OutputMismatch { .. })
    ));
    // Ending on a dropout.
    let spec = zoo::mnist_cnn().remove(7);
    assert!(matches!(
        spec.summary(),
        Err(SpecError::OutputMismatch {
            layer: 6,
            found_kind: LayerKind::Dropout,
            found_units: None,
            ..
        })
    ));
    let mut one_class = zoo::xo_tiny();
    one_class.output = Output::Softmax { classes: 1 };
    assert_eq!(
        one_class.summary(),
        Err(SpecError::OutputClasses { classes: 1 })
    );
}

#[test]
fn empty_and_too_large() {
    let mut empty = zoo::xo_tiny();
    empty.layers.clear();
    assert_eq!(empty.summary(), Err(SpecError::Empty));

    // cats_dogs without its last two poolings: 32*32*128 = 131072 inputs to 512 units.
    let big = zoo::cats_dogs().remove(8).remove(5);
    assert_eq!(
        big.summary(),
        Err(SpecError::TooLarge {
            params: 896 + 18496 + 73856 + (131_072 * 512 + 512) + 513,
            limit: 20_000_000,
        })
    );
    // Huge settings saturate rather than overflow.
    let huge = zoo::xo_tiny().set(3, Layer::dense(usize::MAX, Activation::Softmax));
    assert!(huge.summary().is_err());
}

#[test]
fn edit_helpers() {
    let base = zoo::xo_tiny();
    let flat = Layer::Flatten;
    let drop = Layer::Dropout { rate: 0.5 };

    let ins = base.insert(1, drop);
    assert_eq!(ins.layers.len(), 5);
    assert_eq!(ins.layers[1], drop);
    assert_eq!(base.insert(99, drop).layers[4], drop);

    assert_eq!(ins.remove(1), base);
    assert_eq!(base.remove(99), base);

    let moved = base.move_layer(2, 0);
    assert_eq!(moved.layers[0], flat);
    assert_eq!(moved.layers[1], base.layers[0]);
    assert_eq!(moved.move_layer(0, 2), base);
    assert_eq!(base.move_layer(0, 99).layers[3], base.layers[0]);
    assert_eq!(base.move_layer(99, 0), base);

    let set = base.set(1, Layer::avg_pool(2));
    assert_eq!(set.layers[1], Layer::AvgPool { size: 2, stride: 2 });
    assert_eq!(base.set(99, flat), base);
    assert!(set.summary().is_ok());
    assert_eq!(set.summary().unwrap().rows[1].name, "average_pooling2d");
}

use super::*;
use crate::spec::{zoo, Activation::*, Padding::*};

fn one(op: Op, input: Shape3) -> Result<GraphSummary, GraphError> {
    let (mut b, x) = Builder::new("t", input);
    b.add(op, &[x]);
    b.finish().summary()
}

#[test]
fn same_padding_puts_the_odd_row_after_as_keras_does() {
    // 7 wide, 3x3, stride 2: out 4, total padding 2, one each side.
    assert_eq!(same_padding(7, 3, 2), (1, 1));
    // 224 wide, 3x3, stride 2: out 112, total 1: none before, one after
    // (PyTorch's symmetric padding would put it before).
    assert_eq!(same_padding(224, 3, 2), (0, 1));
    // 5x5 stride 1: two each side.
    assert_eq!(same_padding(10, 5, 1), (2, 2));
    // 1x1 stride 2 on an even side: no padding.
    assert_eq!(same_padding(56, 1, 2), (0, 0));
    let s = one(
        ops::conv(8, [3, 3], 2, Same, Relu),
        Shape3::new(224, 224, 3),
    )
    .unwrap();
    assert_eq!(s.rows[1].output.dims(), vec![112, 112, 8]);
}

#[test]
fn two_3x3_against_one_5x5() {
    // Seed 000, VGGNet: two stacked 3x3 convolutions see a 5x5 window with
    // 18 weights per channel pair; one 5x5 has 25.
    let c = |k| Op::Conv2d {
        filters: 1,
        kernel: [k, k],
        stride: [1, 1],
        padding: Valid,
        activation: Relu,
        bias: false,
    };
    let (mut b, x) = Builder::new("two 3x3", Shape3::new(5, 5, 1));
    let x = b.add(c(3), &[x]);
    b.add(c(3), &[x]);
    let two = b.finish().summary().unwrap();
    let one5 = one(c(5), Shape3::new(5, 5, 1)).unwrap();
    assert_eq!(two.total, 18);
    assert_eq!(one5.total, 25);
    assert_eq!(
        two.rows.last().unwrap().output,
        one5.rows[1].output,
        "both see 5x5, give 1x1"
    );
}

#[test]
fn standard_against_depthwise_separable_on_a_4x4_rgb_image() {
    // Seed 000, Xception: a 4x4 RGB image, two 3x3 filters: 3x3x3 = 27
    // weights each, 54 in all (no bias).
    let rgb = Shape3::new(4, 4, 3);
    let standard = one(
        Op::Conv2d {
            filters: 2,
            kernel: [3, 3],
            stride: [1, 1],
            padding: Valid,
            activation: Linear,
            bias: false,
        },
        rgb,
    )
    .unwrap();
    assert_eq!(standard.total, 54);
    // Depthwise: one 3x3 per channel (27), then pointwise 1x1x3 per output
    // channel (2 x 3 = 6): 33.
    let separable = one(
        Op::SeparableConv2d {
            filters: 2,
            kernel: [3, 3],
            stride: [1, 1],
            padding: Valid,
            activation: Linear,
            bias: false,
        },
        rgb,
    )
    .unwrap();
    assert_eq!(separable.total, 33);
    assert_eq!(separable.rows[1].output, standard.rows[1].output);
    // The same as a DepthwiseConv2D then a 1x1 Conv2D.
    let (mut b, x) = Builder::new("dw+pw", rgb);
    let x = b.add(
        Op::DepthwiseConv2d {
            kernel: [3, 3],
            stride: [1, 1],
            padding: Valid,
            multiplier: 1,
            activation: Linear,
            bias: false,
        },
        &[x],
    );
    b.add(conv_1x1(2), &[x]);
    let two = b.finish().summary().unwrap();
    assert_eq!(two.rows[1].params, 27);
    assert_eq!(
        two.rows[1].output.dims(),
        vec![2, 2, 3],
        "depthwise keeps the channels apart"
    );
    assert_eq!(two.total, 33);
    // Multiply-adds: the standard convolution, 2x2 cells x 2 filters x 27;
    // the separable one, 2x2 cells x 3 channels x 9 (depthwise) plus 2x2
    // cells x 2 filters x 3 (pointwise).
    assert_eq!(standard.mult_adds, 2 * 2 * 2 * 27);
    assert_eq!(separable.mult_adds, 2 * 2 * 3 * 9 + 2 * 2 * 2 * 3);
}

fn conv_1x1(filters: usize) -> Op {
    Op::Conv2d {
        filters,
        kernel: [1, 1],
        stride: [1, 1],
        padding: Valid,
        activation: Linear,
        bias: false,
    }
}

#[test]
fn batch_normalization_counts_its_moving_statistics_as_non_trainable() {
    let s = one(ops::bn(1e-3), Shape3::new(8, 8, 16)).unwrap();
    // gamma, beta: 32 trainable; moving mean and variance: 32 not.
    assert_eq!((s.total, s.trainable, s.non_trainable), (64, 32, 32));
    let names: Vec<&str> = ops::bn(1e-3)
        .params(Flow::Spatial(Shape3::new(8, 8, 16)))
        .iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(names, ["gamma", "beta", "moving_mean", "moving_variance"]);
    // Inception's BatchNormalization(scale=False) has no gamma.
    let no_scale = Op::BatchNorm {
        epsilon: 1e-3,
        center: true,
        scale: false,
    };
    let s = one(no_scale, Shape3::new(8, 8, 16)).unwrap();
    assert_eq!((s.total, s.non_trainable), (48, 32));
}

#[test]
fn global_pooling_zero_padding_and_overlapping_pooling() {
    let s = one(Op::GlobalAvgPool, Shape3::new(7, 7, 3)).unwrap();
    assert_eq!(s.rows[1].output, Flow::Flat(3));
    let s = one(Op::GlobalMaxPool, Shape3::new(7, 7, 3)).unwrap();
    assert_eq!(s.rows[1].output, Flow::Flat(3));
    let s = one(
        Op::ZeroPadding {
            top: 0,
            bottom: 1,
            left: 0,
            right: 1,
        },
        Shape3::new(224, 224, 3),
    )
    .unwrap();
    assert_eq!(s.rows[1].output.dims(), vec![225, 225, 3]);
    // AlexNet's overlapping pooling: 3x3 windows every 2 on 55 -> 27.
    let s = one(ops::max_pool(3, 2, Valid), Shape3::new(55, 55, 96)).unwrap();
    assert_eq!(s.rows[1].output.dims(), vec![27, 27, 96]);
    // Max pooling with `same` padding and stride 2 on an odd side.
    let s = one(ops::max_pool(3, 2, Same), Shape3::new(147, 147, 64)).unwrap();
    assert_eq!(s.rows[1].output.dims(), vec![74, 74, 64]);
}

#[test]
fn relu6_is_an_activation_with_a_key() {
    assert_eq!(Relu6.apply(-1.0), 0.0);
    assert_eq!(Relu6.apply(3.5), 3.5);
    assert_eq!(Relu6.apply(9.0), 6.0);
    assert_eq!(Activation::from_key("relu6"), Some(Relu6));
    for a in Activation::ALL {
        assert_eq!(Activation::from_key(a.key()), Some(a));
    }
    let s = one(ops::act(Relu6), Shape3::new(4, 4, 2)).unwrap();
    assert_eq!(s.rows[1].kind, OpKind::Activation);
}

#[test]
fn a_shortcut_across_a_stride_2_block_is_refused_with_a_reason() {
    let (mut b, x) = Builder::new("bad residual", Shape3::new(32, 32, 16));
    let y = b.add(ops::conv(32, [3, 3], 2, Same, Relu), &[x]);
    b.add(Op::Add, &[x, y]);
    let err = b.finish().summary().unwrap_err();
    assert_eq!(
        err,
        GraphError::AddShapes {
            node: 2,
            shapes: vec![
                Flow::Spatial(Shape3::new(32, 32, 16)),
                Flow::Spatial(Shape3::new(16, 16, 32))
            ],
        }
    );
    let sentence = err.to_string();
    assert!(
        sentence.contains("(None, 32, 32, 16) and (None, 16, 16, 32)"),
        "{sentence}"
    );
    assert!(sentence.contains("1x1 convolution"), "{sentence}");
    // With a 1x1 projection of the same stride, it fits.
    let (mut b, x) = Builder::new("projection", Shape3::new(32, 32, 16));
    let y = b.add(ops::conv(32, [3, 3], 2, Same, Relu), &[x]);
    let p = b.add(ops::conv(32, [1, 1], 2, Same, Linear), &[x]);
    b.add(Op::Add, &[p, y]);
    assert!(b.finish().summary().is_ok());
}

#[test]
fn bad_graphs_name_the_layer() {
    let (mut b, x) = Builder::new("concat", Shape3::new(8, 8, 4));
    let y = b.add(ops::max_pool(2, 2, Valid), &[x]);
    b.add(Op::Concatenate, &[x, y]);
    assert!(matches!(
        b.finish().summary(),
        Err(GraphError::ConcatShapes { node: 2, .. })
    ));
    let (mut b, x) = Builder::new("one input", Shape3::new(8, 8, 4));
    b.add(Op::Add, &[x]);
    assert!(matches!(
        b.finish().summary(),
        Err(GraphError::Arity {
            node: 1,
            found: 1,
            ..
        })
    ));
    let (mut b, x) = Builder::new("dense on maps", Shape3::new(8, 8, 4));
    b.add(ops::dense(3, Softmax), &[x]);
    assert!(matches!(
        b.finish().summary(),
        Err(GraphError::NeedsFlatten { node: 1, .. })
    ));
    let (mut b, x) = Builder::new("too large", Shape3::new(4, 4, 1));
    b.add(ops::conv(1, [5, 5], 1, Valid, Relu), &[x]);
    assert!(matches!(
        b.finish().summary(),
        Err(GraphError::KernelTooLarge { node: 1, .. })
    ));
    let mut g = Builder::new("forward", Shape3::new(4, 4, 1)).0.finish();
    g.nodes.push(Node {
        op: Op::Flatten,
        inputs: vec![1],
        name: None,
        block: None,
    });
    assert_eq!(
        g.summary(),
        Err(GraphError::ForwardEdge { node: 1, from: 1 })
    );
    let empty = Graph {
        name: "none".into(),
        nodes: vec![],
        sequential: false,
    };
    assert_eq!(empty.summary(), Err(GraphError::NoInput));
}

#[test]
fn a_sequential_model_counts_the_same_as_a_graph() {
    for (id, spec) in zoo::all() {
        let seq = spec.summary().unwrap();
        let graph = spec.graph().summary().unwrap();
        assert_eq!(graph.total, seq.total, "{id}");
        assert_eq!(graph.non_trainable, seq.non_trainable, "{id}");
        if !graph.sequential {
            // A block is one row of the model's summary and several of
            // the graph's: only the totals compare.
            assert!(spec.layers.iter().any(|l| l.kind().is_block()), "{id}");
            continue;
        }
        let names: Vec<&str> = graph.rows.iter().map(|r| r.name.as_str()).collect();
        let seq_names: Vec<&str> = seq.rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, seq_names, "{id}: no input row, Keras's names");
        for (g, s) in graph.rows.iter().zip(&seq.rows) {
            assert_eq!(g.output.dims(), s.output_shape, "{id} {}", s.name);
            assert_eq!(g.params, s.params, "{id} {}", s.name);
        }
    }
}

#[test]
fn keras_text_has_the_connected_to_column_and_thousands() {
    let s = crate::classic::inception_module(false).summary().unwrap();
    let text = s.to_keras_text();
    assert!(text.contains("Connected to"), "{text}");
    assert!(text.contains("input_1 (InputLayer)"), "{text}");
    assert!(text.contains("[(None, 10, 10, 200)]"), "{text}");
    assert!(text.contains("Total params: 403,424"), "{text}");
    // The concatenation lists its four inputs, one per line.
    let concat_lines = text
        .lines()
        .skip_while(|l| !l.starts_with("concatenate"))
        .take(4)
        .collect::<Vec<_>>();
    assert!(concat_lines[0].ends_with("conv2d[0][0]"), "{text}");
    assert!(concat_lines[3].trim() == "max_pooling2d[0][0]", "{text}");
    let seq = zoo::cats_dogs().graph().summary().unwrap().to_keras_text();
    assert!(
        !seq.contains("Connected to") && !seq.contains("InputLayer"),
        "{seq}"
    );
    assert!(seq.contains("Total params: 4,288,577"), "{seq}");
    assert_eq!(thousands(0), "0");
    assert_eq!(thousands(999), "999");
    assert_eq!(thousands(1_000), "1,000");
    assert_eq!(thousands(138_357_544), "138,357,544");
}

#[test]
fn graphs_travel_as_json() {
    let g = crate::classic::inception_module(true);
    let json = serde_json::to_string(&g).unwrap();
    let back: Graph = serde_json::from_str(&json).unwrap();
    assert_eq!(back, g);
}

//! Trained weights handed to cnn-core compute what burn computes: every
//! layer's output and the probabilities, for the X/O net after training and
//! for LeNet-5 (tanh, average pooling) as initialised.
#![cfg(feature = "burn")]

use burn::tensor::Device;
use cnn_train::core::{first_cell, run, to_core};
use cnn_train::data::{mnist, xo};
use cnn_train::protocol::Snapshot;
use cnn_train::train::block_on;
use cnn_train::{
    zoo, Activation, Dataset, Layer, ModelSpec, Output, Padding, Shape3, TrainConfig, Trainer,
    XoConfig,
};
use ndarray::Array3;

mod common;

fn same_numbers(spec: &ModelSpec, trainer: &Trainer, images: &[&[f32]]) {
    let cp = block_on(trainer.checkpoint()).unwrap();
    let layers = to_core(spec, &cp.weights).expect("the weights fit the spec");
    let s = spec.input;
    for image in images {
        let burn = block_on(trainer.predict(image)).unwrap();
        // The trainer standardises its inputs; cnn-core gets them standardised.
        let plane = s.height * s.width;
        let x: Vec<f32> = image
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let (m, sd) = cp.input_norm[i / plane];
                (v - m) / sd
            })
            .collect();
        let core = run(
            &layers,
            Array3::from_shape_vec((s.channels, s.height, s.width), x).unwrap(),
        )
        .unwrap();
        assert_eq!(core.len(), burn.layers.len());
        // Every hidden layer's output; burn reports the last layer before
        // its softmax (logits), cnn-core after it, so that one is compared
        // as probabilities below.
        let hidden = core.len() - 1;
        for (k, (a, b)) in core.iter().zip(&burn.layers).enumerate().take(hidden) {
            assert_eq!(a.len(), b.values.len(), "layer {k} size");
            for (p, q) in a.iter().zip(&b.values) {
                assert!((p - q).abs() < 1e-4, "layer {k}: cnn-core {p} vs burn {q}");
            }
        }
        for (p, q) in core.last().unwrap().iter().zip(&burn.probabilities) {
            assert!((p - q).abs() < 1e-5, "probability {p} vs {q}");
        }
    }
}

/// The tiny X/O net trained for `epochs` on 150 procedural pictures, and
/// its 50 validation pictures.
fn trained_xo(epochs: usize) -> (Trainer, Dataset) {
    let (train, val) = xo::generate(&XoConfig {
        count: 200,
        ..XoConfig::default()
    })
    .unwrap()
    .split(0.25, 3);
    let config = TrainConfig {
        epochs,
        learning_rate: 0.01,
        ..TrainConfig::default()
    };
    let mut t = Trainer::new(&zoo::xo_tiny(), train, val.clone(), config, &Device::flex()).unwrap();
    while !t.is_done() {
        block_on(t.step());
    }
    (t, val)
}

#[test]
fn a_trained_xo_net_gives_cnn_core_the_same_numbers() {
    let (t, val) = trained_xo(3);
    let images: Vec<&[f32]> = (0..5).map(|i| val.image(i)).collect();
    same_numbers(&zoo::xo_tiny(), &t, &images);
}

#[test]
fn lenet5_gives_cnn_core_the_same_numbers() {
    let digits = mnist::pad(&mnist::shipped().unwrap(), 2).unwrap();
    let some = digits.subset(&(0..64).collect::<Vec<_>>()).unwrap();
    let t = Trainer::new(
        &zoo::lenet5(),
        some.clone(),
        some.clone(),
        TrainConfig::default(),
        &Device::flex(),
    )
    .unwrap();
    same_numbers(&zoo::lenet5(), &t, &[some.image(0), some.image(1)]);
}

/// `spec` trained for one epoch on 256 padded digits (so batch
/// normalization's moving statistics have moved from their start).
fn trained_on_digits(spec: &ModelSpec) -> (Trainer, Dataset) {
    let digits = mnist::pad(&mnist::shipped().unwrap(), 2).unwrap();
    let some = digits.subset(&(0..256).collect::<Vec<_>>()).unwrap();
    let config = TrainConfig {
        epochs: 1,
        batch_size: 32,
        learning_rate: 3e-3,
        ..TrainConfig::default()
    };
    let mut t = Trainer::new(spec, some.clone(), some.clone(), config, &Device::flex()).unwrap();
    while !t.is_done() {
        block_on(t.step());
    }
    (t, some)
}

#[test]
fn a_trained_residual_network_gives_cnn_core_the_same_numbers() {
    // Batch normalization on its moving statistics, residual blocks with
    // and without projection, global average pooling.
    let spec = zoo::resnet_mini();
    let (t, some) = trained_on_digits(&spec);
    same_numbers(&spec, &t, &[some.image(0), some.image(7)]);
}

#[test]
fn every_layer_and_block_gives_cnn_core_the_same_numbers() {
    // One of every kind the editor offers (depthwise and separable
    // convolutions, zero padding, Inception's branches with max pooling
    // padded `same`, DenseNet's concatenations, …), trained a little.
    for head in [Layer::GlobalAvgPool, Layer::GlobalMaxPool] {
        let spec = common::every_kind(head);
        let (t, some) = trained_on_digits(&spec);
        same_numbers(&spec, &t, &[some.image(1), some.image(2)]);
    }
}

/// What the worker's `snapshot()` (web/src/worker/agent.rs) sends the page
/// about one picture.
fn snapshot_of(trainer: &Trainer, image: &[f32]) -> Snapshot {
    let s = trainer.spec().input;
    let (filters, filter_shape) = block_on(trainer.first_filters()).unwrap().unwrap();
    Snapshot {
        filters,
        filter_shape,
        input: image.to_vec(),
        input_shape: [s.channels, s.height, s.width],
        label: 0,
        prediction: block_on(trainer.predict(image)).unwrap(),
        filter_bias: block_on(trainer.first_bias()).unwrap().unwrap(),
        input_norm: trainer.input_norm().to_vec(),
        first_layer: trainer.spec().layers.first().copied(),
    }
}

/// Every cell of the first layer, traced by cnn-core from the snapshot,
/// gives the worker's (burn's) number for that cell.
fn every_first_cell_matches(snap: &Snapshot) -> usize {
    let [f, h, w] = snap.prediction.layers[0].shape;
    let [_, c, k, _] = snap.filter_shape;
    for o in 0..f {
        for r in 0..h {
            for col in 0..w {
                let cell = first_cell(snap, (o, r, col)).expect("a first-layer cell");
                let t = &cell.trace;
                assert_eq!(t.out, (o, r, col));
                assert_eq!(t.terms.len(), c * k * k);
                assert_eq!(t.bias, snap.filter_bias[o]);
                assert_eq!(t.result, t.sum + t.bias);
                let reported = cell.reported.unwrap();
                assert!(
                    (cell.value - reported).abs() < 1e-5,
                    "cell {o},{r},{col}: cnn-core {} vs worker {reported}",
                    cell.value
                );
            }
        }
    }
    // Outside the maps, and a snapshot without biases: nothing to show.
    assert!(first_cell(snap, (f, 0, 0)).is_none());
    assert!(first_cell(snap, (0, h, 0)).is_none());
    let old = Snapshot {
        filter_bias: vec![],
        ..snap.clone()
    };
    assert!(first_cell(&old, (0, 0, 0)).is_none());
    f * h * w
}

#[test]
fn a_trained_first_layer_cell_traced_from_a_snapshot_is_the_workers_number() {
    // The X/O net after training (3x3, valid, ReLU).
    let (t, val) = trained_xo(2);
    let snap = snapshot_of(&t, val.image(0));
    assert!(
        snap.input_norm.iter().all(|&(_, sd)| sd != 1.0),
        "standardised"
    );
    assert_eq!(every_first_cell_matches(&snap), 3 * 7 * 7);
    // The page's panel: a ReLU cell that fired, step by step.
    let cell = (0..3 * 49)
        .filter_map(|i| first_cell(&snap, (i / 49, i / 7 % 7, i % 7)))
        .find(|c| c.value > 0.0)
        .unwrap();
    assert_eq!(cell.activation, Activation::Relu);
    assert_eq!(cell.kernel, (1, 3));
    assert_eq!(cell.value, cell.trace.result);

    // LeNet-5's first layer as initialised (5x5, tanh).
    let digits = mnist::pad(&mnist::shipped().unwrap(), 2).unwrap();
    let some = digits.subset(&(0..16).collect::<Vec<_>>()).unwrap();
    let t = Trainer::new(
        &zoo::lenet5(),
        some.clone(),
        some.clone(),
        TrainConfig::default(),
        &Device::flex(),
    )
    .unwrap();
    assert_eq!(
        every_first_cell_matches(&snapshot_of(&t, some.image(3))),
        6 * 28 * 28
    );

    // Three channels, 'same' padding with stride 2, sigmoid: the padding
    // taps read 0 and each channel is standardised with its own figures.
    let spec = ModelSpec {
        name: "rgb".into(),
        input: Shape3::new(7, 6, 3),
        layers: vec![
            Layer::Conv2d {
                filters: 2,
                kernel: 3,
                stride: 2,
                padding: Padding::Same,
                activation: Activation::Sigmoid,
            },
            Layer::Flatten,
            Layer::dense(2, Activation::Softmax),
        ],
        output: Output::Softmax { classes: 2 },
    };
    let pixels: Vec<f32> = (0..8 * 3 * 7 * 6)
        .map(|i| ((i * 37 % 101) as f32 / 100.0) * (1.0 + (i / 42 % 3) as f32))
        .collect();
    let ds = Dataset::new(
        "rgb",
        (3, 7, 6),
        vec!["a".into(), "b".into()],
        pixels,
        vec![0, 1, 0, 1, 0, 1, 0, 1],
    )
    .unwrap();
    let t = Trainer::new(
        &spec,
        ds.clone(),
        ds.clone(),
        TrainConfig::default(),
        &Device::flex(),
    )
    .unwrap();
    let snap = snapshot_of(&t, ds.image(2));
    assert_eq!(snap.input_norm.len(), 3);
    assert_eq!(every_first_cell_matches(&snap), 2 * 4 * 3);
    let corner = first_cell(&snap, (1, 0, 0)).unwrap();
    assert_eq!(corner.kernel, (3, 3));
    assert!(corner
        .trace
        .terms
        .iter()
        .any(|term| term.at.0 < 0 && term.input == 0.0));
}

//! Trained weights handed to cnn-core compute what burn computes: every
//! layer's output and the probabilities, for the X/O net after training and
//! for LeNet-5 (tanh, average pooling) as initialised.

use burn::tensor::Device;
use cnn_train::core::{run, to_core};
use cnn_train::data::{mnist, xo};
use cnn_train::train::block_on;
use cnn_train::{zoo, ModelSpec, TrainConfig, Trainer, XoConfig};
use ndarray::Array3;

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

#[test]
fn a_trained_xo_net_gives_cnn_core_the_same_numbers() {
    let (train, val) = xo::generate(&XoConfig {
        count: 200,
        ..XoConfig::default()
    })
    .unwrap()
    .split(0.25, 3);
    let config = TrainConfig {
        epochs: 3,
        learning_rate: 0.01,
        ..TrainConfig::default()
    };
    let mut t = Trainer::new(&zoo::xo_tiny(), train, val.clone(), config, &Device::flex()).unwrap();
    while !t.is_done() {
        block_on(t.step());
    }
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

//! What several test files share.
#![allow(dead_code)]

use cnn_train::{Activation, Layer, LayerKind, ModelSpec};

/// A model with one of every kind the editor offers, so that each kind's
/// tensors are listed, built and counted.
/// `head` flattens the maps (a global pooling).
pub fn every_kind(head: Layer) -> ModelSpec {
    let flattens = [
        LayerKind::Flatten,
        LayerKind::Dense,
        LayerKind::GlobalAvgPool,
        LayerKind::GlobalMaxPool,
    ];
    let layers = LayerKind::ALL
        .iter()
        .filter(|k| !flattens.contains(k))
        .map(|k| k.default_layer())
        .chain([
            head,
            Layer::Flatten,
            Layer::Dropout { rate: 0.5 },
            Layer::BatchNorm,
            Layer::Activation {
                activation: Activation::Relu6,
            },
            Layer::dense(10, Activation::Softmax),
        ])
        .collect();
    ModelSpec {
        name: "every kind".into(),
        input: cnn_train::Shape3::new(32, 32, 1),
        layers,
        output: cnn_train::Output::Softmax { classes: 10 },
    }
}

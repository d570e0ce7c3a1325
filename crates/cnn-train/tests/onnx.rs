//! The ONNX files the page exports, run in onnxruntime (PyPI), give the
//! page's own answers to 1e-4: a graph with every layer kind (Keras's
//! uneven `same` padding, overlapping pools, depthwise and separable
//! convolutions, batch normalization with its moving statistics, shortcuts,
//! concatenation, zero padding, ReLU6) standardising its input, the
//! seed's cats-vs-dogs CNN trained a few steps, and the pretrained base
//! with a trained head (transfer learning).
//!
//! onnxruntime lives in a virtual environment `scripts/install.sh` makes
//! (`$CNN_SCHOOL_ONNX_PYTHON`, or `~/.cache/cnn-school/onnxruntime`); this
//! test fails, and says so, without it.
#![cfg(feature = "burn")]

use std::path::{Path, PathBuf};
use std::process::Command;

use burn::tensor::{Device, Tensor, TensorData};
use cnn_train::graph::{ops::*, Builder, Graph, Op};
use cnn_train::graph_net::GraphModel;
use cnn_train::onnx::{self, Part};
use cnn_train::protocol::TrainConfig;
use cnn_train::rng::Rng;
use cnn_train::spec::{Activation, Output, Padding, Shape3};
use cnn_train::train::{block_on, Trainer};
use cnn_train::transfer::{self, feature_dataset, Base};
use cnn_train::{zoo, Dataset};

mod common;

/// The onnxruntime environment's Python.
fn python() -> PathBuf {
    if let Some(p) = std::env::var_os("CNN_SCHOOL_ONNX_PYTHON") {
        return p.into();
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache")))
        .expect("HOME is set");
    cache.join("cnn-school/onnxruntime/bin/python")
}

/// One model to run: its file, its input `[n, c, h, w]` and our answers.
struct Case {
    name: &'static str,
    file: Vec<u8>,
    input: Vec<f32>,
    shape: [usize; 4],
    ours: Vec<f32>,
}

/// Runs every case in onnxruntime: its answers, case by case.
fn onnxruntime(cases: &[Case]) -> Vec<Vec<f32>> {
    let dir = std::env::temp_dir().join(format!("cnn-school-onnx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut list = Vec::new();
    for c in cases {
        std::fs::write(dir.join(format!("{}.onnx", c.name)), &c.file).unwrap();
        let bytes: Vec<u8> = c.input.iter().flat_map(|v| v.to_le_bytes()).collect();
        std::fs::write(dir.join(format!("{}.in", c.name)), bytes).unwrap();
        list.push(serde_json::json!({
            "model": format!("{}.onnx", c.name),
            "input": format!("{}.in", c.name),
            "shape": c.shape,
            "output": format!("{}.out", c.name),
        }));
    }
    std::fs::write(dir.join("cases.json"), serde_json::to_vec(&list).unwrap()).unwrap();
    let py = python();
    let script = Path::new(common::ROOT).join("tests/onnx/run.py");
    let out = Command::new(&py)
        .arg(&script)
        .arg(&dir)
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}; scripts/install.sh makes it", py.display()));
    assert!(
        out.status.success(),
        "onnxruntime failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let answers = cases
        .iter()
        .map(|c| {
            std::fs::read(dir.join(format!("{}.out", c.name)))
                .unwrap()
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect()
        })
        .collect();
    let _ = std::fs::remove_dir_all(&dir);
    answers
}

/// A graph with every kind of layer the editor and the classics use.
fn every_layer() -> Graph {
    use Activation::*;
    use Padding::*;
    let (mut b, x) = Builder::new("every-layer", Shape3::new(15, 13, 3));
    // Stride 2 `same` on odd sides: one more row and column after.
    let c = b.add(conv(8, [3, 3], 2, Same, Linear), &[x]);
    let c = b.add(bn(1e-3), &[c]);
    let c = b.add(act(Relu6), &[c]);
    let d = b.add(
        Op::DepthwiseConv2d {
            kernel: [3, 3],
            stride: [1, 1],
            padding: Same,
            multiplier: 2,
            activation: Relu,
            bias: true,
        },
        &[c],
    );
    let s = b.add(
        Op::SeparableConv2d {
            filters: 16,
            kernel: [3, 3],
            stride: [1, 1],
            padding: Same,
            activation: Tanh,
            bias: true,
        },
        &[c],
    );
    let sum = b.add(Op::Add, &[d, s]);
    let scaled = b.add(Op::ScaledAdd { scale: 0.17 }, &[sum, d]);
    // AlexNet's overlapping pool, with `same` padding.
    let m = b.add(max_pool(3, 2, Same), &[scaled]);
    let a = b.add(avg_pool(3, 2, Same), &[scaled]);
    let joined = b.add(Op::Concatenate, &[m, a]);
    let padded = b.add(
        Op::ZeroPadding {
            top: 1,
            bottom: 0,
            left: 2,
            right: 1,
        },
        &[joined],
    );
    let v = b.add(conv(6, [1, 3], 1, Valid, Sigmoid), &[padded]);
    let gap = b.add(Op::GlobalAvgPool, &[v]);
    let gmp = b.add(Op::GlobalMaxPool, &[v]);
    let flat = b.add(Op::Concatenate, &[gap, gmp]);
    let hidden = b.add(dense(10, Relu), &[flat]);
    let hidden = b.add(Op::Dropout { rate: 0.5 }, &[hidden]);
    b.add(dense(3, Softmax), &[hidden]);
    b.finish()
}

fn random(rng: &mut Rng, n: usize, lo: f32, hi: f32) -> Vec<f32> {
    (0..n).map(|_| rng.range(lo, hi)).collect()
}

#[test]
fn exported_networks_give_the_pages_answers_in_onnxruntime() {
    let device = Device::flex();
    let mut rng = Rng::new(5);
    let mut cases = Vec::new();

    // Every layer, with moving statistics that are not the identity and a
    // standardised input.
    let graph = every_layer();
    let (model, net) = GraphModel::new(&graph, &device).unwrap();
    let mut weights = block_on(model.read_weights(&net)).unwrap();
    for w in &mut weights {
        if w.len() == 8 {
            // The normalization's gamma, beta, moving mean and variance.
            *w = random(&mut rng, 8, 0.5, 1.5);
        }
    }
    let net = model.write_weights(net, &weights, &device).unwrap();
    let norm = [(0.4, 0.2), (0.5, 0.3), (0.6, 0.25)];
    let n = 3;
    let input = random(&mut rng, n * 3 * 15 * 13, 0.0, 1.0);
    let mut standardised = input.clone();
    for (k, v) in standardised.iter_mut().enumerate() {
        let (mean, sd) = norm[(k / (15 * 13)) % 3];
        *v = (*v - mean) / sd;
    }
    let x = Tensor::<4>::from_data(TensorData::new(standardised, [n, 3, 15, 13]), &device);
    let ours = model
        .forward(&net, x)
        .into_data()
        .try_to_vec::<f32>()
        .unwrap();
    cases.push(Case {
        name: "every-layer",
        file: onnx::export(
            "every-layer",
            &[Part {
                graph: &graph,
                weights: &weights,
                input_norm: &norm,
            }],
            Output::Softmax { classes: 3 },
            "test",
        )
        .unwrap(),
        input,
        shape: [n, 3, 15, 13],
        ours,
    });

    // The seed's cats-vs-dogs CNN at 64x64, trained a few steps (so the
    // file carries trained weights and the data's standardisation).
    let spec = zoo::cats_dogs();
    let s = spec.input;
    let count = 16;
    let pictures = random(&mut rng, count * s.len(), 0.0, 1.0);
    let labels: Vec<u8> = (0..count).map(|i| (i % 2) as u8).collect();
    let names = vec!["cats".to_string(), "dogs".to_string()];
    let data = Dataset::new(
        "noise",
        (s.channels, s.height, s.width),
        names.clone(),
        pictures,
        labels,
    )
    .unwrap();
    let config = TrainConfig {
        epochs: 1,
        batch_size: 8,
        ..TrainConfig::default()
    };
    let mut trainer = Trainer::new(&spec, data.clone(), data.clone(), config, &device).unwrap();
    while !trainer.is_done() {
        block_on(trainer.step());
    }
    let input: Vec<f32> = data.images[..2 * s.len()].to_vec();
    let ours: Vec<f32> = input
        .chunks_exact(s.len())
        .flat_map(|p| block_on(trainer.predict(p)).unwrap().probabilities)
        .collect();
    cases.push(Case {
        name: "cats-dogs",
        file: block_on(trainer.onnx()).unwrap(),
        input,
        shape: [2, s.channels, s.height, s.width],
        ours,
    });

    // Transfer learning: the base and a head trained on its features, one
    // file; the answers the page gives for two sample photos.
    let base = Base::new(&common::pretrained_weights(), &device).unwrap();
    let photos: Vec<Vec<f32>> = ["cat", "coffee", "astronaut", "rocket"]
        .iter()
        .map(|name| common::sample_crop(name))
        .map(|crop| crop.iter().map(|&b| f32::from(b) / 255.0).collect())
        .collect();
    let mut features = Vec::new();
    for p in &photos {
        features.extend(
            base.features_of(p.clone(), 1)
                .into_data()
                .try_to_vec::<f32>()
                .unwrap(),
        );
    }
    let data = feature_dataset("features", names, features, vec![0, 0, 1, 1]).unwrap();
    let config = TrainConfig {
        epochs: 3,
        batch_size: 2,
        ..TrainConfig::default()
    };
    let mut head = Trainer::new(&transfer::head(2), data.clone(), data, config, &device).unwrap();
    while !head.is_done() {
        block_on(head.step());
    }
    let mut ours = Vec::new();
    for p in &photos[..2] {
        let f = base
            .features_of(p.clone(), 1)
            .into_data()
            .try_to_vec::<f32>()
            .unwrap();
        ours.extend(block_on(head.predict(&f)).unwrap().probabilities);
    }
    cases.push(Case {
        name: "transfer",
        file: block_on(transfer::onnx(&base, &head)).unwrap(),
        input: photos[..2].concat(),
        shape: [2, 3, 224, 224],
        ours,
    });

    // Fine-tuned: the base up to block7a, then the trained top.
    let (spec, tuned) = block_on(transfer::fine_tune_model(&base, &head)).unwrap();
    let mut cut = Vec::new();
    for p in &photos {
        let (_, c) = base.features_and_cut(p.clone(), 1);
        cut.extend(c.into_data().try_into_vec_as::<f32>().unwrap());
    }
    let labels = vec![0, 0, 1, 1];
    let data = Dataset::new(
        "cut",
        (192, 7, 7),
        vec!["a".into(), "b".into()],
        cut.clone(),
        labels,
    )
    .unwrap();
    let config = TrainConfig {
        epochs: 2,
        batch_size: 2,
        learning_rate: transfer::TUNE_LEARNING_RATE,
        standardize: false,
        ..TrainConfig::default()
    };
    let mut top = Trainer::new(&spec, data.clone(), data, config, &device).unwrap();
    top.restore(&cnn_train::Checkpoint {
        weights: tuned,
        input_norm: vec![],
        epoch: 0,
        step: 0,
    })
    .unwrap();
    while !top.is_done() {
        block_on(top.step());
    }
    let per = 192 * 7 * 7;
    let ours: Vec<f32> = cut[..2 * per]
        .chunks_exact(per)
        .flat_map(|m| block_on(top.predict(m)).unwrap().probabilities)
        .collect();
    cases.push(Case {
        name: "fine-tuned",
        file: block_on(transfer::onnx(&base, &top)).unwrap(),
        input: photos[..2].concat(),
        shape: [2, 3, 224, 224],
        ours,
    });

    let theirs = onnxruntime(&cases);
    for (c, t) in cases.iter().zip(&theirs) {
        assert_eq!(t.len(), c.ours.len(), "{}", c.name);
        let worst = c
            .ours
            .iter()
            .zip(t)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0f32, f32::max);
        println!("{}: largest difference {worst:e}", c.name);
        assert!(
            worst < 1e-4,
            "{}: ours {:?}, onnxruntime {t:?}",
            c.name,
            c.ours
        );
    }
}

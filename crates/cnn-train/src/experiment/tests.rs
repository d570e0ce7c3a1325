//! The experiments' bars, on the shipped digits: each a real training run
//! that can fail.

use super::*;
use crate::data::mnist;
use crate::lab::by_id;
use crate::lab::nets::{deep, head, Depth};
use crate::spec::Activation;
use crate::train::block_on;

fn digits() -> (Dataset, Dataset) {
    // The 5k digits the page trains on: 4,500 to train, 500 to check.
    let all = mnist::shipped().expect("the shipped digits");
    all.split(0.1, 7)
}

/// How experiment `id` trains on the page, for `epochs`.
fn settings(id: &str, epochs: usize) -> Settings {
    by_id(id)
        .expect("an experiment")
        .settings
        .with_epochs(epochs)
}

/// Trains `graph` as `settings` say; returns each epoch's validation
/// accuracy and the first epoch's mean gradient size per weighted layer.
fn train(graph: &Graph, settings: Settings) -> (Vec<f32>, Vec<f32>) {
    let (tr, val) = digits();
    let mut run = Run::new(graph, tr, val, settings, &Device::flex()).unwrap();
    let mut acc = vec![];
    let mut sums: Vec<f32> = vec![];
    let mut steps = 0;
    while let Some(s) = block_on(run.step()) {
        if s.epoch == 1 {
            if sums.is_empty() {
                sums = vec![0.0; s.gradients.len()];
            }
            for (sum, (_, g)) in sums.iter_mut().zip(&s.gradients) {
                *sum += g;
            }
            steps += 1;
        }
        if let Some(v) = s.val_accuracy {
            eprintln!(
                "{}: epoch {} loss {:.3} batch accuracy {:.3} val {v:.3}",
                graph.name, s.epoch, s.loss, s.accuracy
            );
        }
        acc.extend(s.val_accuracy);
    }
    (acc, sums.into_iter().map(|s| s / steps as f32).collect())
}

#[test]
fn deep_sigmoid_vanishes_unless_short_circuited() {
    // Seed 000, LeNet 缺點: "使用「Sigmoid」，層數一多，容易有「梯度消失」
    // 問題"; ResNet 貢獻: "用「短路」手法，解決「梯度消失」問題".
    let (plain, plain_grads) = train(
        &deep(20, Depth::Plain, Activation::Sigmoid),
        settings("plain-vs-residual", 1),
    );
    assert!(
        plain[0] < 0.2,
        "20 plain sigmoid layers stay near chance: {plain:?}"
    );
    // The gradient that reaches the first layer is a tiny fraction of the
    // last layer's (measured: about 1e-15 against 2e-2).
    let first = plain_grads[0];
    let last = plain_grads[plain_grads.len() - 2];
    assert!(
        first < last * 1e-6,
        "vanishing: first {first:e}, last {last:e}"
    );
    // With shortcuts every layer gets a gradient of the same order, and the
    // network learns (measured: 91.8% after 3 epochs; 93.8% on split 3).
    let (res, res_grads) = train(
        &deep(20, Depth::Residual, Activation::Sigmoid),
        settings("plain-vs-residual", 3),
    );
    assert!(res[2] >= 0.90, "residual: {res:?}");
    assert!(
        res_grads[0] > plain_grads[0] * 1e6,
        "{res_grads:?} vs {plain_grads:?}"
    );
}

#[test]
fn deep_sigmoid_learns_with_batch_normalization() {
    // Seed 002: convolution, batch normalization, activation. The issue's
    // bar: the 20 layers that stay at chance plain (above) reach 90% after
    // 3 epochs when each sigmoid's input is normalised. Measured at the
    // experiment's settings (`Settings::DEEP`): 92.4% on this split; 91.0%
    // with seed 2, 93.8% and 93.2% on split 3.
    let (bn, _) = train(
        &deep(20, Depth::BatchNorm, Activation::Sigmoid),
        settings("plain-vs-batchnorm", 3),
    );
    assert!(bn[2] >= 0.90, "batch normalization: {bn:?}");
}

#[test]
fn global_average_pooling_needs_a_tenth_of_the_parameters() {
    // Seed 000, NiN: "提出「全域平均池化」代替「全連接層」，減低大量參數",
    // "參數量下降 10 倍".
    let (pf, pg) = (
        head(false).summary().unwrap().total,
        head(true).summary().unwrap().total,
    );
    assert!(pf >= 10 * pg, "{pf} against {pg}");
}

/// The bar for accuracy. Global average pooling starts slower
/// (80.6% and 76.6% after one epoch against 93.2% and 93.6%) and catches
/// up by the sixth; after that single epochs swing by 2-3 points either
/// way (flatten + dense's too), so the bar compares the mean of the last
/// three of 10 epochs. Measured: split 7, flatten + dense 94.7%, GAP
/// 95.8% (in another run of the suite, 96.0% and 95.8%: the runs are not
/// bit-for-bit repeatable); split 3, 96.6% and 96.2%.
#[test]
fn global_average_pooling_matches_flatten_and_dense() {
    let (af, _) = train(&head(false), settings("flatten-vs-gap", 10));
    let (ag, _) = train(&head(true), settings("flatten-vs-gap", 10));
    let last3 = |a: &[f32]| a[a.len() - 3..].iter().sum::<f32>() / 3.0;
    assert!(
        last3(&ag) >= last3(&af) - 0.02,
        "GAP {ag:?} against flatten + dense {af:?}"
    );
}

#[test]
fn class_maps_come_at_the_digit_size_only_for_global_average_pooling() {
    let all = mnist::shipped().expect("the shipped digits");
    let few = all.subset(&(0..200).collect::<Vec<_>>()).unwrap();
    let (tr, val) = few.split(0.1, 7);
    let run = |g: &Graph| {
        Run::new(
            g,
            tr.clone(),
            val.clone(),
            Settings::STANDARD,
            &Device::flex(),
        )
        .unwrap()
    };
    assert!(
        block_on(run(&head(false)).class_maps(3)).is_none(),
        "flatten + dense has no map"
    );
    let looked = block_on(run(&head(true)).class_maps(3)).expect("GAP + dense has maps");
    assert_eq!(looked.len(), 3);
    for l in &looked {
        assert_eq!((l.map.height, l.map.width), (28, 28));
        assert_eq!(l.image.len(), 28 * 28);
        assert!(l.class < 10 && l.label < 10);
        assert!(l.map.min <= l.map.max);
    }
    assert_eq!(looked[0].label, usize::from(val.labels[0]));
}

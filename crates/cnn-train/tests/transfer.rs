//! Transfer learning's mechanics (seed 001, 8-3, method 1): the frozen
//! ImageNet base looks at each photo once, and a new dense head trained on
//! its features alone tells two classes of generated photos apart on photos
//! it never saw, from 20 photos per class.
//!
//! The photos are generated (a dark disc or a dark square of any colour and
//! size, anywhere, on a light noisy background of any colour) so that the
//! test needs no download; the accuracy on real photographs is measured on
//! the page and reported in docs/TRANSFER.md.
//!
//! The weights file is made by `scripts/install.sh`; this test fails, and
//! says so, when it is missing.
#![cfg(feature = "burn")]

use burn::tensor::Device;
use cnn_train::efficientnet::{FEATURES, INPUT_SIDE};
use cnn_train::protocol::Reply;
use cnn_train::protocol::TrainConfig;
use cnn_train::rng::Rng;
use cnn_train::train::{block_on, Trainer};
use cnn_train::transfer::{self, feature_dataset, head, Base, MAPS_SHOWN};
use cnn_train::{Checkpoint, Dataset};

mod common;

use common::pretrained_weights as weights;

/// A 224x224 photo, planar RGB: a disc (`round`) or a square.
fn photo(rng: &mut Rng, round: bool) -> Vec<u8> {
    let side = INPUT_SIDE;
    let light: [f32; 3] = std::array::from_fn(|_| rng.range(170.0, 250.0));
    let dark: [f32; 3] = std::array::from_fn(|_| rng.range(10.0, 110.0));
    let r = rng.range(0.18, 0.32) * side as f32;
    let cx = rng.range(r, side as f32 - r);
    let cy = rng.range(r, side as f32 - r);
    let mut out = vec![0u8; 3 * side * side];
    for y in 0..side {
        for x in 0..side {
            let (dx, dy) = (x as f32 + 0.5 - cx, y as f32 + 0.5 - cy);
            let inside = if round {
                dx * dx + dy * dy <= r * r
            } else {
                dx.abs() <= r * 0.886 && dy.abs() <= r * 0.886
            };
            let noise = rng.range(-12.0, 12.0);
            for c in 0..3 {
                let v = if inside { dark[c] } else { light[c] } + noise;
                out[c * side * side + y * side + x] = v.clamp(0.0, 255.0) as u8;
            }
        }
    }
    out
}

/// `per_class` photos of each class, alternating, with their labels.
fn photos(per_class: usize, seed: u64) -> (Vec<Vec<u8>>, Vec<u8>) {
    let mut rng = Rng::new(seed);
    let mut crops = Vec::new();
    let mut labels = Vec::new();
    for i in 0..2 * per_class {
        let label = (i % 2) as u8;
        crops.push(photo(&mut rng, label == 0));
        labels.push(label);
    }
    (crops, labels)
}

fn features(base: &Base, crops: &[Vec<u8>]) -> Vec<f32> {
    let mut out = Vec::new();
    for chunk in crops.chunks(8) {
        let refs: Vec<&[u8]> = chunk.iter().map(Vec::as_slice).collect();
        let f = base.features(&refs);
        assert_eq!(f.dims(), [chunk.len(), FEATURES]);
        out.extend(f.into_data().try_into_vec_as::<f32>().unwrap());
    }
    out
}

/// A new head trained on `base`'s features of `per_class` photos per
/// class, for `epochs`, with its held-out accuracy on 20 others per class.
fn trained_head(base: &Base, device: &Device, per_class: usize, epochs: usize) -> (Trainer, f32) {
    let names = vec!["discs".to_string(), "squares".to_string()];
    let (train_crops, train_labels) = photos(per_class, 1);
    let (test_crops, test_labels) = photos(20, 2);
    let train = feature_dataset(
        "train",
        names.clone(),
        features(base, &train_crops),
        train_labels,
    )
    .unwrap();
    let held_out =
        feature_dataset("held out", names, features(base, &test_crops), test_labels).unwrap();
    let config = TrainConfig {
        epochs,
        batch_size: 8,
        ..TrainConfig::default()
    };
    let mut trainer = Trainer::new(&head(2), train, held_out.clone(), config, device).unwrap();
    while !trainer.is_done() {
        block_on(trainer.step());
    }
    let eval = block_on(trainer.evaluate(&held_out)).unwrap();
    println!(
        "held-out accuracy {:.3}, confusion {:?}",
        eval.accuracy, eval.confusion
    );
    (trainer, eval.accuracy)
}

/// The held-out accuracy of a new head trained on `base`'s features of 20
/// photos per class for 30 epochs, tested on 20 others per class.
fn head_accuracy(base: &Base, device: &Device) -> f32 {
    trained_head(base, device, 20, 30).1
}

#[test]
fn a_heads_answer_is_explained_through_the_base_with_its_class_activation_map_and_block_maps() {
    let device = Device::flex();
    let base = Base::new(&weights(), &device).unwrap();
    let (head, _) = trained_head(&base, &device, 6, 5);
    let (crops, _) = photos(1, 3);
    let image: Vec<f32> = crops[0].iter().map(|&b| f32::from(b) / 255.0).collect();
    let Reply::Explanation {
        prediction,
        occlusion,
        cam,
        blocks,
    } = block_on(transfer::explain(&base, &head, &image)).unwrap()
    else {
        panic!("an explanation");
    };
    // The early block is 112x112 with 16 maps, the late one 7x7 with 320;
    // the strongest maps come first.
    let shapes: Vec<_> = blocks.iter().map(|b| (b.block.as_str(), b.shape)).collect();
    assert_eq!(
        shapes,
        [("block1a", [16, 112, 112]), ("block7a", [320, 7, 7])]
    );
    for b in &blocks {
        let [_, h, w] = b.shape;
        assert_eq!(b.maps.shape, [MAPS_SHOWN, h, w]);
        let means: Vec<f32> = b
            .maps
            .values
            .chunks_exact(h * w)
            .map(|m| m.iter().sum::<f32>() / (h * w) as f32)
            .collect();
        assert!(means.windows(2).all(|p| p[0] >= p[1]), "{means:?}");
    }
    // The class activation map of the predicted class is 7x7, and its mean
    // plus the head's bias is the class's logit: the difference between
    // the two classes' scores is the log of their probabilities' ratio.
    let cam = cam.expect("a head on the base has a class activation map");
    assert_eq!((cam.rows, cam.cols, cam.class), (7, 7, occlusion.class));
    let k = cam.class;
    let weights = block_on(head.checkpoint()).unwrap().weights;
    let bias = &weights[1];
    let other = transfer::head_class_map(
        &block_on(base.look(&image)).unwrap().last,
        &weights[0],
        head.input_norm(),
        1 - k,
    )
    .unwrap();
    let mean = |v: &[f32]| v.iter().sum::<f32>() / v.len() as f32;
    let score_gap = (mean(&cam.values) + bias[k]) - (mean(&other.values) + bias[1 - k]);
    let p = &prediction.probabilities;
    let log_ratio = (p[k] / p[1 - k]).ln();
    assert!(
        (score_gap - log_ratio).abs() < 1e-3,
        "map scores {score_gap}, probabilities {log_ratio}"
    );
    assert!(score_gap >= 0.0, "the predicted class scores highest");
}

#[test]
fn a_new_head_on_frozen_imagenet_features_learns_two_classes_from_twenty_photos_each() {
    let device = Device::flex();
    assert_eq!(
        head(2).summary().unwrap().trainable,
        FEATURES * 2 + 2,
        "Trainable params: 2,562"
    );
    let pretrained = head_accuracy(&Base::new(&weights(), &device).unwrap(), &device);
    assert!(pretrained >= 0.95, "held-out accuracy {pretrained}");
    // The same network, same head, same photos, without ImageNet's weights:
    // what the learner would get from features nobody taught.
    let untrained = head_accuracy(&Base::untrained(&device), &device);
    assert!(
        untrained <= pretrained - 0.15,
        "ImageNet's weights should matter: {pretrained} pretrained, {untrained} untrained"
    );
}

/// Mean cross-entropy of `trainer` on `pictures` (each `[c, h, w]` as it
/// takes them) with their labels.
fn loss(trainer: &Trainer, pictures: &[f32], labels: &[u8]) -> f32 {
    let per = pictures.len() / labels.len();
    let total: f32 = pictures
        .chunks_exact(per)
        .zip(labels)
        .map(|(p, &l)| -block_on(trainer.predict(p)).unwrap().probabilities[usize::from(l)].ln())
        .sum();
    total / labels.len() as f32
}

#[test]
fn fine_tuning_starts_where_the_head_left_off_and_moves_the_top_of_the_base() {
    let device = Device::flex();
    let base = Base::new(&weights(), &device).unwrap();
    let (head, _) = trained_head(&base, &device, 6, 5);
    let (spec, tuned) = block_on(transfer::fine_tune_model(&base, &head)).unwrap();
    // The last block and the top convolution (batch normalization folded
    // in) and the head: 1,013,696 + 2,562 parameters, all trainable.
    let summary = spec.summary().unwrap();
    assert_eq!(summary.trainable, 1_013_696 + 2_562);
    assert_eq!(summary.non_trainable, 0);
    assert_eq!(
        (spec.input.height, spec.input.width, spec.input.channels),
        (7, 7, 192)
    );
    // The maps it reads, for 6 + 6 photos, and their features.
    let (crops, labels) = photos(6, 1);
    let mut cut = Vec::new();
    let mut features = Vec::new();
    for crop in &crops {
        let unit: Vec<f32> = crop.iter().map(|&b| f32::from(b) / 255.0).collect();
        let (f, c) = base.features_and_cut(unit, 1);
        features.extend(f.into_data().try_into_vec_as::<f32>().unwrap());
        cut.extend(c.into_data().try_into_vec_as::<f32>().unwrap());
    }
    let names = vec!["discs".to_string(), "squares".to_string()];
    let data = Dataset::new("cut", (192, 7, 7), names, cut.clone(), labels.clone()).unwrap();
    let config = TrainConfig {
        epochs: 4,
        batch_size: 4,
        learning_rate: transfer::TUNE_LEARNING_RATE,
        standardize: false,
        ..TrainConfig::default()
    };
    let mut tuner = Trainer::new(&spec, data.clone(), data, config, &device).unwrap();
    tuner
        .restore(&Checkpoint {
            weights: tuned.clone(),
            input_norm: vec![],
            epoch: 0,
            step: 0,
        })
        .unwrap();
    // Before any step it answers as the head on the base does.
    let per = 192 * 7 * 7;
    for (i, row) in features.chunks_exact(FEATURES).enumerate() {
        let theirs = block_on(head.predict(row)).unwrap().probabilities;
        let ours = block_on(tuner.predict(&cut[i * per..(i + 1) * per]))
            .unwrap()
            .probabilities;
        for (a, b) in ours.iter().zip(&theirs) {
            assert!(
                (a - b).abs() < 1e-4,
                "photo {i}: {ours:?} against {theirs:?}"
            );
        }
    }
    let before = loss(&tuner, &cut, &labels);
    while !tuner.is_done() {
        block_on(tuner.step());
    }
    let after = loss(&tuner, &cut, &labels);
    println!("fine-tuning: training loss {before} -> {after}");
    assert!(
        after < before,
        "fine-tuning lowers the training loss: {before} -> {after}"
    );
    // The unfrozen convolutions moved, a little.
    let moved = block_on(tuner.checkpoint()).unwrap().weights;
    let change = moved[0]
        .iter()
        .zip(&tuned[0])
        .map(|(a, b)| (a - b).abs())
        .fold(0.0f32, f32::max);
    assert!(change > 0.0 && change < 0.01, "{change}");
}

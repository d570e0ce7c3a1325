//! The learner's own photos: the bytes the page sends become a dataset,
//! the zoo's models are fitted to any input size and class count, and the
//! occlusion map of a trained model points at the part of the picture its
//! decision rests on (also after the model was kept and imported again).
#![cfg(feature = "burn")]

use burn::tensor::Device;
use cnn_train::data::photos;
use cnn_train::export;
use cnn_train::protocol::{Occlusion, WorkerError};
use cnn_train::train::block_on;
use cnn_train::{
    zoo, Activation, DataError, Dataset, Event, Layer, ModelSpec, Output, Padding, Rng, Shape3,
    SpecError, TrainConfig, Trainer, MAX_PARAMS,
};

fn names(n: usize) -> Vec<String> {
    (0..n).map(|k| format!("class {k}")).collect()
}

#[test]
fn photo_bytes_become_a_dataset_of_planar_rgb_in_0_1() {
    // Two 2x2 photos: photo k has byte 10·k + i at position i of its
    // [3, 2, 2] block, then the labels 1 and 0.
    let size = 2;
    let mut bytes: Vec<u8> = (0..2u8)
        .flat_map(|k| (0..12u8).map(move |i| 10 * k + i))
        .collect();
    bytes[0] = 255;
    bytes.extend([1, 0]);
    let ds = photos::from_bytes(&names(2), size, 2, &bytes).unwrap();
    assert_eq!((ds.channels, ds.height, ds.width), (3, 2, 2));
    assert_eq!(ds.labels, vec![1, 0]);
    assert_eq!(ds.class_names, names(2));
    assert_eq!(ds.image(0)[0], 1.0);
    assert_eq!(ds.image(0)[1], 1.0 / 255.0);
    // Photo 1, green plane (values 4..8 of its block), bottom-right pixel.
    assert_eq!(ds.image(1)[4 + 3], 17.0 / 255.0);
    assert!(ds.images.iter().all(|v| (0.0..=1.0).contains(v)));
    assert_eq!(photos::byte_len(2, 2), Some(26));
}

#[test]
fn bad_photo_bytes_are_refused_with_a_reason() {
    let size = 4;
    let n = photos::byte_len(size, 3).unwrap();
    assert_eq!(n, 3 * (3 * 16 + 1));
    let mut bytes = vec![0u8; n];
    bytes[n - 3..].copy_from_slice(&[0, 1, 1]);
    assert!(photos::from_bytes(&names(2), size, 3, &bytes).is_ok());

    // One byte short (a label lost on the way).
    let err = photos::from_bytes(&names(2), size, 3, &bytes[..n - 1]).unwrap_err();
    assert_eq!(
        err,
        DataError::PhotoBytes {
            count: 3,
            size: 4,
            expected: n,
            found: n - 1
        }
    );
    assert!(err.to_string().contains("Start training again"), "{err}");

    // A label naming a third class of two.
    bytes[n - 1] = 2;
    assert_eq!(
        photos::from_bytes(&names(2), size, 3, &bytes),
        Err(DataError::LabelOutOfRange {
            index: 2,
            label: 2,
            classes: 2
        })
    );

    // Three classes, the last without a photo.
    bytes[n - 1] = 1;
    let err = photos::from_bytes(&names(3), size, 3, &bytes).unwrap_err();
    assert_eq!(
        err,
        DataError::EmptyClass {
            class: "class 2".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "The class \"class 2\" has no photos: add some, or remove the class."
    );

    // One class, or no photos at all, is nothing to train on.
    assert_eq!(
        photos::from_bytes(&names(1), size, 3, &bytes),
        Err(DataError::TooFewClasses { classes: 1 })
    );
    assert!(matches!(
        photos::from_bytes(&names(2), size, 0, &[]),
        Err(DataError::EmptyClass { .. })
    ));
    assert_eq!(
        photos::from_bytes(&names(2), 0, 3, &bytes),
        Err(DataError::Zero { field: "size" })
    );
}

fn total(spec: &ModelSpec) -> usize {
    spec.summary().unwrap().total
}

#[test]
fn models_fit_any_input_size_and_class_count() {
    // Hand counts for the cats-vs-dogs CNN (3x3 'same' convolutions of 32,
    // 64 and 128 filters, each pooled by 2, then Dense 512 and the output):
    // 896 + 18,496 + 73,856 convolution parameters; the flatten has
    // (side / 8)² · 128 values.
    let convs = 896 + 18_496 + 73_856;
    let cd = zoo::cats_dogs();

    // 64x64, 2 classes: unchanged, still the seed's sigmoid (seed 000).
    let two = cd.for_data(Shape3::new(64, 64, 3), 2);
    assert_eq!(two, cd);
    assert_eq!(total(&two), 4_288_577);

    // 5 classes: softmax over 5 units: 512 · 5 + 5 = 2,565 output weights.
    let five = cd.for_data(Shape3::new(64, 64, 3), 5);
    assert_eq!(five.output, Output::Softmax { classes: 5 });
    assert_eq!(
        five.layers.last(),
        Some(&Layer::dense(5, Activation::Softmax))
    );
    assert_eq!(
        five.layers[..five.layers.len() - 1],
        cd.layers[..cd.layers.len() - 1]
    );
    assert_eq!(total(&five), convs + (8 * 8 * 128 * 512 + 512) + 2_565);
    assert_eq!(total(&five), 4_290_629);

    // 32x32: a 4x4x128 flatten; 96x96: 12x12x128, under MAX_PARAMS.
    let small = cd.for_data(Shape3::new(32, 32, 3), 2);
    assert_eq!(total(&small), convs + (4 * 4 * 128 * 512 + 512) + 513);
    assert_eq!(total(&small), 1_142_849);
    let large = cd.for_data(Shape3::new(96, 96, 3), 10);
    assert_eq!(total(&large), convs + (12 * 12 * 128 * 512 + 512) + 5_130);
    assert_eq!(total(&large), 9_536_074);
    assert!(total(&large) <= MAX_PARAMS);
    assert_eq!(
        large.summary().unwrap().rows[9].output_shape,
        vec![12 * 12 * 128]
    );

    // TinyVGG (two blocks of valid 3x3 convolutions and a pool): 3,010
    // convolution parameters, then a side of (((s − 4) / 2) − 4) / 2.
    let tv = zoo::tiny_vgg(zoo::TINY_VGG_INPUT, zoo::TINY_VGG_CLASSES);
    assert_eq!(tv.for_data(zoo::TINY_VGG_INPUT, 10), tv);
    assert_eq!(total(&tv), 3_010 + 13 * 13 * 10 * 10 + 10);
    let tv32 = tv.for_data(Shape3::new(32, 32, 3), 3);
    assert_eq!(total(&tv32), 3_010 + 5 * 5 * 10 * 3 + 3);
    let tv96 = tv.for_data(Shape3::new(96, 96, 3), 2);
    // A softmax model stays softmax for 2 classes.
    assert_eq!(tv96.output, Output::Softmax { classes: 2 });
    assert_eq!(total(&tv96), 3_010 + 21 * 21 * 10 * 2 + 2);

    // Fewer than 2 classes, or an edited model that no longer ends in a
    // Dense layer, are left for the summary to explain.
    assert_eq!(
        tv.for_data(Shape3::new(32, 32, 3), 1).summary(),
        Err(SpecError::OutputClasses { classes: 1 })
    );
    let no_dense = tv
        .remove(tv.layers.len() - 1)
        .for_data(Shape3::new(32, 32, 3), 4);
    assert!(matches!(
        no_dense.summary(),
        Err(SpecError::OutputMismatch {
            expected_units: 4,
            found_units: None,
            ..
        })
    ));
    // A fitted model trains on photos of its size (no data mismatch).
    let bytes = {
        let mut b = vec![128u8; photos::byte_len(32, 3).unwrap()];
        let n = b.len();
        b[n - 3..].copy_from_slice(&[0, 1, 2]);
        b
    };
    let ds = photos::from_bytes(&names(3), 32, 3, &bytes).unwrap();
    assert!(Trainer::new(
        &tv32,
        ds.clone(),
        ds,
        TrainConfig::default(),
        &Device::flex()
    )
    .is_ok());
}

#[test]
fn default_occlusion_patches_give_a_15_by_15_map() {
    assert_eq!(Occlusion::default_patch(32), (4, 2));
    assert_eq!(Occlusion::default_patch(64), (8, 4));
    assert_eq!(Occlusion::default_patch(96), (12, 6));
    // Small pictures: at least one pixel.
    assert_eq!(Occlusion::default_patch(9), (1, 1));
    assert_eq!(Occlusion::default_patch(28), (3, 2));
    for size in [32, 64, 96] {
        let (patch, stride) = Occlusion::default_patch(size);
        assert_eq!((size - patch) / stride + 1, 15);
        assert_eq!(
            (size - patch) % stride,
            0,
            "the last patch reaches the border"
        );
    }
}

const SIDE: usize = 16;
/// The square that makes a picture "yes": 4x4, anywhere in the top-left 8x8.
const SQUARE: usize = 4;

/// Photos as the page sends them: 16x16 RGB noise (bytes 0 to 100); class
/// 1 has a white 4x4 square inside the top-left quadrant, class 0 has none
/// there (half of them have one in another quadrant). `square` places it.
fn picture(rng: &mut Rng, square: Option<(usize, usize)>) -> Vec<u8> {
    let mut px: Vec<u8> = (0..3 * SIDE * SIDE).map(|_| rng.below(101) as u8).collect();
    if let Some((r0, c0)) = square {
        for ch in 0..3 {
            for r in r0..r0 + SQUARE {
                for c in c0..c0 + SQUARE {
                    px[(ch * SIDE + r) * SIDE + c] = 255;
                }
            }
        }
    }
    px
}

fn quadrant_data(count: usize, seed: u64) -> Dataset {
    let mut rng = Rng::new(seed);
    let half = SIDE / 2;
    let mut pixels = Vec::new();
    let mut labels = Vec::new();
    for i in 0..count {
        let label = (i % 2) as u8;
        let at = |rng: &mut Rng, q: usize| {
            let (qr, qc) = (q / 2 * half, q % 2 * half);
            (
                qr + rng.below(half - SQUARE + 1),
                qc + rng.below(half - SQUARE + 1),
            )
        };
        let square = if label == 1 {
            Some(at(&mut rng, 0))
        } else if rng.chance(0.5) {
            let q = 1 + rng.below(3);
            Some(at(&mut rng, q))
        } else {
            None
        };
        pixels.extend(picture(&mut rng, square));
        labels.push(label);
    }
    pixels.extend(labels);
    photos::from_bytes(&["no".into(), "yes".into()], SIDE, count, &pixels).unwrap()
}

fn small_cnn() -> ModelSpec {
    ModelSpec {
        name: "small".into(),
        input: Shape3::new(SIDE, SIDE, 3),
        layers: vec![
            Layer::conv(8, 3, Padding::Same, Activation::Relu),
            Layer::max_pool(2),
            Layer::conv(8, 3, Padding::Same, Activation::Relu),
            Layer::max_pool(2),
            Layer::Flatten,
            Layer::dense(1, Activation::Sigmoid),
        ],
        output: Output::Sigmoid,
    }
}

fn trained() -> Trainer {
    let (train, val) = quadrant_data(480, 11).split(0.2, 11);
    let config = TrainConfig {
        epochs: 6,
        batch_size: 32,
        learning_rate: 0.01,
        seed: 3,
        ..TrainConfig::default()
    };
    let mut t = Trainer::new(&small_cnn(), train, val, config, &Device::flex()).unwrap();
    let mut last = None;
    while !t.is_done() {
        for e in block_on(t.step()) {
            if let Event::Epoch(s) = e {
                last = Some(s.val_accuracy);
            }
        }
    }
    let acc = last.unwrap();
    assert!(
        acc >= 0.9,
        "the small CNN only reached {acc} on the quadrant task"
    );
    t
}

#[test]
fn occlusion_points_at_the_part_the_decision_rests_on() {
    let t = trained();
    // A "yes" picture: the square at rows 0..4, columns 4..8 (not on the
    // diagonal, so a map with rows and columns swapped would point at rows
    // 4..8, columns 0..4 instead).
    let mut rng = Rng::new(99);
    let bytes = picture(&mut rng, Some((0, 4)));
    let image: Vec<f32> = bytes.iter().map(|&b| f32::from(b) / 255.0).collect();
    let whole = block_on(t.predict(&image)).unwrap();
    assert!(whole.probabilities[1] > 0.8, "{:?}", whole.probabilities);

    // 4x4 patches every 2 pixels: 7 x 7 positions; patch (0, 2) covers the
    // square exactly.
    let occ = block_on(t.occlusion(&image, 4, 2)).unwrap();
    assert_eq!(
        (occ.class, occ.rows, occ.cols, occ.patch, occ.stride),
        (1, 7, 7, 4, 2)
    );
    assert_eq!(occ.drops.len(), 49);
    let (best, &max) = occ
        .drops
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .unwrap();
    assert_eq!((best / 7, best % 7), (0, 2), "drops: {:?}", occ.drops);
    assert!(
        max > 0.5,
        "covering the square only dropped p(yes) by {max}"
    );
    // Patches that miss the square (rows 0..4, columns 4..8) change little.
    for r in 0..7 {
        for c in 0..7 {
            let (y, x) = (r * 2, c * 2);
            let touches = y < 4 && y + 4 > 0 && x < 8 && x + 4 > 4;
            let d = occ.drops[r * 7 + c];
            if !touches {
                assert!(
                    d.abs() < 0.2,
                    "patch ({r}, {c}) away from the square dropped {d}"
                );
            }
        }
    }

    // A stride that does not divide 16 − 5: positions run to the border.
    let ragged = block_on(t.occlusion(&image, 5, 3)).unwrap();
    assert_eq!((ragged.rows, ragged.cols), (5, 5));
    assert_eq!(ragged.drops.len(), 25);

    // Settings that cannot work are refused with a code the page words.
    assert_eq!(
        block_on(t.occlusion(&image, 0, 2)).unwrap_err(),
        WorkerError::OcclusionZero
    );
    assert_eq!(
        block_on(t.occlusion(&image, 17, 2)).unwrap_err(),
        WorkerError::OcclusionTooLarge {
            patch: 17,
            height: 16,
            width: 16
        }
    );
    assert_eq!(
        block_on(t.occlusion(&image[1..], 4, 2)).unwrap_err(),
        WorkerError::PictureSize {
            values: 16 * 16 * 3 - 1,
            height: 16,
            width: 16,
            channels: 3
        }
    );

    // Kept (the model file's bytes) and imported again, as after a reload:
    // the same predictions and the same explanation.
    let file = block_on(t.model_file()).unwrap();
    assert_eq!(file.class_names, vec!["no".to_string(), "yes".to_string()]);
    let bytes = export::encode(&file);
    let back = Trainer::from_file(&export::decode(&bytes).unwrap(), &Device::flex()).unwrap();
    let again = block_on(back.predict(&image)).unwrap();
    assert_eq!(again.layers.len(), whole.layers.len());
    for (a, b) in again.probabilities.iter().zip(&whole.probabilities) {
        assert!((a - b).abs() < 1e-6, "{a} vs {b}");
    }
    let occ_again = block_on(back.occlusion(&image, 4, 2)).unwrap();
    assert_eq!(occ_again.class, occ.class);
    for (a, b) in occ_again.drops.iter().zip(&occ.drops) {
        assert!((a - b).abs() < 1e-5, "{a} vs {b}");
    }
}

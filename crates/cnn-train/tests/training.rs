//! Training for real on burn's CPU backend (flex): the tiny X/O net and
//! LeNet-5 reach the accuracies, a diverging run stops with its last
//! good weights, bad settings are refused, and a model survives export and
//! import (and a damaged file is refused).
#![cfg(feature = "burn")]

use burn::tensor::Device;
use cnn_train::data::{mnist, xo};
use cnn_train::export::{self, ImportError, ModelFile};
use cnn_train::{
    zoo, ConfigError, Dataset, Event, Failure, Optimizer, TrainConfig, TrainError, Trainer,
    XoConfig,
};

fn run(trainer: &mut Trainer) -> Vec<Event> {
    let mut events = Vec::new();
    while !trainer.is_done() {
        events.extend(cnn_train::train::block_on(trainer.step()));
    }
    events
}

fn last_val_accuracy(events: &[Event]) -> f32 {
    events
        .iter()
        .rev()
        .find_map(|e| match e {
            Event::Epoch(s) => Some(s.val_accuracy),
            _ => None,
        })
        .expect("an epoch finished")
}

fn xo_data() -> (Dataset, Dataset) {
    let cfg = XoConfig {
        count: 600,
        seed: 7,
        noise: 0.1,
        ..XoConfig::default()
    };
    xo::generate(&cfg).unwrap().split(0.25, 7)
}

fn digits() -> Dataset {
    mnist::shipped().unwrap()
}

#[test]
fn the_tiny_xo_net_learns_the_procedural_xo_set() {
    // Issue: at least 98% validation accuracy on the procedural X/O set.
    let (train, val) = xo_data();
    let config = TrainConfig {
        epochs: 15,
        learning_rate: 0.01,
        batch_size: 16,
        ..TrainConfig::default()
    };
    let mut t = Trainer::new(&zoo::xo_tiny(), train, val, config, &Device::flex()).unwrap();
    let events = run(&mut t);
    assert!(matches!(events.last(), Some(Event::Done)));
    let acc = last_val_accuracy(&events);
    assert!(acc >= 0.98, "validation accuracy {acc}");
}

#[test]
fn lenet5_reaches_95_percent_on_the_digits_in_three_epochs() {
    // Issue: 4k train / 1k validation, 28x28 padded by 2 to LeNet's 32x32,
    // at least 95% validation accuracy within 3 epochs.
    let all = mnist::pad(&digits(), 2).unwrap();
    let (train, val) = all.split(0.2, 1);
    assert_eq!((train.len(), val.len()), (4000, 1000));
    // Adam 0.002, batch 16, inputs standardised: the trainer's defaults for
    // LeNet-5 (docs/TRAINING.md has the sweep they were chosen from).
    let config = TrainConfig {
        epochs: 3,
        batch_size: 16,
        learning_rate: 2e-3,
        ..TrainConfig::default()
    };
    let mut t = Trainer::new(&zoo::lenet5(), train, val, config, &Device::flex()).unwrap();
    let events = run(&mut t);
    let acc = last_val_accuracy(&events);
    assert!(acc >= 0.95, "validation accuracy {acc}");
    let eval = cnn_train::train::block_on(t.evaluate(&all.split(0.2, 1).1)).unwrap();
    let total: u32 = eval.confusion.iter().flatten().sum();
    assert_eq!(
        total, 1000,
        "every validation digit is in the confusion matrix"
    );
}

#[test]
fn a_learning_rate_that_explodes_stops_with_the_last_good_weights() {
    let (train, val) = xo_data();
    let config = TrainConfig {
        optimizer: Optimizer::Sgd { momentum: 0.9 },
        learning_rate: 1e30,
        epochs: 5,
        ..TrainConfig::default()
    };
    let mut t = Trainer::new(&zoo::xo_tiny(), train, val, config, &Device::flex()).unwrap();
    let events = run(&mut t);
    let failed = events
        .iter()
        .find_map(|e| match e {
            Event::Failed(f) => Some(f.clone()),
            _ => None,
        })
        .expect("the run fails");
    assert!(matches!(failed, Failure::Diverged { .. }), "{failed:?}");
    let kept = cnn_train::train::block_on(t.checkpoint()).unwrap();
    assert!(
        kept.weights.iter().flatten().all(|v| v.is_finite()),
        "the kept weights are finite"
    );
}

#[test]
fn bad_settings_are_refused_with_the_reason() {
    let (train, val) = xo_data();
    let bad = [
        (
            TrainConfig {
                batch_size: 0,
                ..TrainConfig::default()
            },
            "Batch size 0",
        ),
        (
            TrainConfig {
                learning_rate: -0.1,
                ..TrainConfig::default()
            },
            "Learning rate -0.1",
        ),
        (
            TrainConfig {
                epochs: cnn_train::train::MAX_EPOCHS + 1,
                ..TrainConfig::default()
            },
            "201 epochs",
        ),
    ];
    for (config, says) in bad {
        let err = Trainer::new(
            &zoo::xo_tiny(),
            train.clone(),
            val.clone(),
            config,
            &Device::flex(),
        )
        .unwrap_err();
        assert!(matches!(err, TrainError::Config(_)));
        assert!(err.to_string().starts_with(says), "{err}");
    }
    assert!(matches!(
        TrainConfig {
            optimizer: Optimizer::Sgd { momentum: 1.5 },
            ..TrainConfig::default()
        }
        .validate(),
        Err(ConfigError::Momentum { .. })
    ));
    // Digits do not fit the X/O net.
    let err = Trainer::new(
        &zoo::xo_tiny(),
        digits(),
        val,
        TrainConfig::default(),
        &Device::flex(),
    )
    .unwrap_err();
    assert!(matches!(err, TrainError::DataMismatch { .. }), "{err}");
}

#[test]
fn a_model_survives_export_and_import_and_a_damaged_file_is_refused() {
    let (train, val) = xo_data();
    let config = TrainConfig {
        epochs: 1,
        ..TrainConfig::default()
    };
    let mut t = Trainer::new(
        &zoo::xo_tiny(),
        train,
        val.clone(),
        config.clone(),
        &Device::flex(),
    )
    .unwrap();
    run(&mut t);
    let cp = cnn_train::train::block_on(t.checkpoint()).unwrap();
    let file = ModelFile {
        spec: zoo::xo_tiny(),
        class_names: vec!["X".into(), "O".into()],
        epochs: 1,
        input_norm: cp.input_norm.clone(),
        weights: cp.weights.clone(),
    };
    let bytes = export::encode(&file);
    let back = export::decode(&bytes).unwrap();
    assert_eq!(back, file);
    // The same predictions from a fresh trainer with the imported weights.
    let mut t2 = Trainer::new(
        &back.spec,
        val.clone(),
        val.clone(),
        config,
        &Device::flex(),
    )
    .unwrap();
    t2.restore(&cnn_train::Checkpoint {
        weights: back.weights,
        input_norm: back.input_norm,
        epoch: 1,
        step: 0,
    })
    .unwrap();
    let a = cnn_train::train::block_on(t.evaluate(&val)).unwrap();
    let b = cnn_train::train::block_on(t2.evaluate(&val)).unwrap();
    assert_eq!(a.predictions, b.predictions);

    // Truncated, corrupted, not a model, another architecture.
    assert_eq!(
        export::decode(&bytes[..bytes.len() / 2]),
        Err(ImportError::Truncated)
    );
    let mut flipped = bytes.clone();
    let mid = flipped.len() - 40;
    flipped[mid] ^= 0x55;
    assert_eq!(export::decode(&flipped), Err(ImportError::Corrupt));
    assert_eq!(
        export::decode(b"\x89PNG\r\n\x1a\n...."),
        Err(ImportError::NotAModel)
    );
    assert_eq!(export::decode(b""), Err(ImportError::NotAModel));
    let other = ModelFile {
        spec: zoo::lenet5(),
        class_names: (0..10).map(|d| d.to_string()).collect(),
        ..file
    };
    assert!(matches!(
        export::decode(&export::encode(&other)),
        Err(ImportError::WrongArchitecture { .. })
    ));
}

#[test]
fn a_residual_network_with_batch_normalization_learns_and_survives_export() {
    // The zoo's mini ResNet (three residual blocks, batch normalization,
    // global average pooling) on 2,000 padded digits for one epoch: the
    // trainer runs graph models, and what it exports (the moving
    // statistics too) predicts the same after import.
    let all = mnist::pad(&digits(), 2).unwrap();
    let (train, val) = all.split(0.2, 3);
    let train = train.subset(&(0..2000).collect::<Vec<_>>()).unwrap();
    let val = val.subset(&(0..200).collect::<Vec<_>>()).unwrap();
    let config = TrainConfig {
        epochs: 1,
        batch_size: 32,
        learning_rate: 3e-3,
        ..TrainConfig::default()
    };
    let spec = zoo::resnet_mini();
    let mut t = Trainer::new(&spec, train, val.clone(), config.clone(), &Device::flex()).unwrap();
    let events = run(&mut t);
    let acc = last_val_accuracy(&events);
    // Ten classes: chance is 10%. One short epoch already does far better
    // (82% when this was written).
    assert!(acc >= 0.7, "validation accuracy {acc}");

    // Every layer's output, a block's being its last node's.
    let picture = val.image(0).to_vec();
    let p = cnn_train::train::block_on(t.predict(&picture)).unwrap();
    assert_eq!(p.layers.len(), spec.layers.len());
    assert_eq!(p.layers[4].shape, [32, 16, 16]);
    assert_eq!(p.layers[6].shape, [64, 1, 1]);

    let cp = cnn_train::train::block_on(t.checkpoint()).unwrap();
    let shapes = export::weight_shapes(&spec).unwrap();
    assert_eq!(
        cp.weights.iter().map(Vec::len).collect::<Vec<_>>(),
        shapes
            .iter()
            .map(|s| s.iter().product())
            .collect::<Vec<usize>>()
    );
    let mut t2 = Trainer::new(&spec, val.clone(), val.clone(), config, &Device::flex()).unwrap();
    t2.restore(&cp).unwrap();
    let a = cnn_train::train::block_on(t.evaluate(&val)).unwrap();
    let b = cnn_train::train::block_on(t2.evaluate(&val)).unwrap();
    assert_eq!(a.predictions, b.predictions);
}

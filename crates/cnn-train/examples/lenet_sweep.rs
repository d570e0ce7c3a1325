//! Tries LeNet-5 on the 5k digits with a few settings and prints the
//! validation accuracy after each epoch (used to pick the trainer's defaults).
use burn::tensor::Device;
use cnn_train::data::mnist;
use cnn_train::train::block_on;
use cnn_train::{zoo, Event, Optimizer, TrainConfig, Trainer};

fn main() {
    let all = mnist::pad(&mnist::shipped().unwrap(), 2).unwrap();
    let (train, val) = all.split(0.2, 1);
    for (opt, lr, bs) in [
        (Optimizer::Adam, 2e-3, 16),
        (Optimizer::Adam, 2e-3, 8),
        (Optimizer::Adam, 3e-3, 16),
        (Optimizer::Adam, 1e-3, 16),
    ] {
        let config = TrainConfig {
            optimizer: opt,
            learning_rate: lr,
            batch_size: bs,
            epochs: 3,
            ..TrainConfig::default()
        };
        let t0 = std::time::Instant::now();
        let mut t = Trainer::new(
            &zoo::lenet5(),
            train.clone(),
            val.clone(),
            config,
            &Device::flex(),
        )
        .unwrap();
        let mut accs = vec![];
        while !t.is_done() {
            for e in block_on(t.step()) {
                if let Event::Epoch(s) = e {
                    accs.push(s.val_accuracy);
                }
            }
        }
        let tr = block_on(t.evaluate(&train)).unwrap().accuracy;
        println!(
            "{opt:?} lr {lr} bs {bs}: {accs:?} train {tr} in {:.1}s",
            t0.elapsed().as_secs_f64()
        );
    }
}

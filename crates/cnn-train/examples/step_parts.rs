//! Where one data-parallel step's time goes, natively (LeNet-5, Adam):
//! a part's forward and backward with its gradients read out, for parts of
//! 8, 16 and 32 pictures, and the optimizer step with a combined gradient.
//! `cargo run --release -p cnn-train --example step_parts`
use burn::tensor::Device;
use cnn_train::data::mnist;
use cnn_train::parallel::{Replica, Shard};
use cnn_train::train::block_on;
use cnn_train::{zoo, Optimizer, TrainConfig, Trainer};
use std::time::Instant;

fn main() {
    let all = mnist::pad(&mnist::shipped().unwrap(), 2).unwrap();
    let (train, val) = all.split(0.2, 1);
    let config = TrainConfig {
        optimizer: Optimizer::Adam,
        learning_rate: 1e-3,
        batch_size: 32,
        ..TrainConfig::default()
    };
    let t = Trainer::new(&zoo::lenet5(), train.clone(), val, config, &Device::flex()).unwrap();
    let setup = block_on(t.peer_setup()).unwrap();
    let mut r = Replica::new(&setup, 1, &Device::flex()).unwrap();
    let reps = 200;
    for n in [8usize, 16, 32] {
        let shard = Shard {
            pixels: train.images[..n * 32 * 32].to_vec(),
            labels: train.labels[..n].iter().map(|&l| u32::from(l)).collect(),
        };
        let g = block_on(r.gradients(&shard)).unwrap();
        let t0 = Instant::now();
        for _ in 0..reps {
            std::hint::black_box(block_on(r.gradients(&shard)).unwrap());
        }
        let grad_ms = t0.elapsed().as_secs_f64() * 1e3 / reps as f64;
        let t0 = Instant::now();
        for _ in 0..reps {
            r.apply(&g.grads).unwrap();
        }
        let apply_ms = t0.elapsed().as_secs_f64() * 1e3 / reps as f64;
        println!("part {n:>2}: gradients {grad_ms:.2} ms, optimizer step {apply_ms:.2} ms");
    }
}

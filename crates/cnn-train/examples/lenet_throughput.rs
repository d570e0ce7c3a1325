//! Training throughput of LeNet-5 on burn's CPU backend (flex), natively:
//! the 5k digits padded to 32x32 (4k to train), Adam 0.001, batch 32, the
//! trainer's own `step()` (forward, loss and accuracy read back, backward,
//! update). After `LENET_WARMUP` steps (default 5), times `LENET_STEPS`
//! steps (default 100), all inside the first epoch (125 steps) so no
//! validation pass is counted. Prints one JSON line. `LENET_BATCH` sets
//! another batch size (what a worker's part of a shared batch costs).
//!
//! `cargo run --release -p cnn-train --example lenet_throughput`
//! (tests/bench/train-native.sh runs it beside PyTorch).
#[path = "common/timing.rs"]
mod timing;

use burn::tensor::Device;
use cnn_train::data::mnist;
use cnn_train::{zoo, Optimizer, TrainConfig, Trainer};

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let warmup = env_usize("LENET_WARMUP", 5);
    let steps = env_usize("LENET_STEPS", 100);
    let batch = env_usize("LENET_BATCH", 32);
    let all = mnist::pad(&mnist::shipped().unwrap(), 2).unwrap();
    let (train, val) = all.split(0.2, 1);
    let config = TrainConfig {
        optimizer: Optimizer::Adam,
        learning_rate: 1e-3,
        batch_size: batch,
        epochs: 1,
        ..TrainConfig::default()
    };
    let mut t = Trainer::new(&zoo::lenet5(), train, val, config, &Device::flex()).unwrap();
    let (n, secs) = timing::time_steps(&mut t, warmup, steps);
    println!(
        "{{\"impl\":\"burn-flex\",\"images_per_sec\":{:.1},\"batch\":{batch},\"warmup_steps\":{warmup},\"timed_steps\":{steps},\"images\":{n},\"seconds\":{secs:.4},\"threads\":1,\"data\":\"digits 32x32, 4000 train\"}}",
        n as f64 / secs
    );
}

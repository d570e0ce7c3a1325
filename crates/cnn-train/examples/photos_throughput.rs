//! Training throughput on the learner's own photos, natively on burn's CPU
//! backend (flex), for the figure: 200 photos per class at 64x64,
//! two classes, the seed's cats-vs-dogs CNN (4,288,577 parameters), Adam
//! 0.001, batch 32, the trainer's own `step()` (forward, loss and accuracy
//! read back, backward, update). The 400 photos are synthetic (seeded noise
//! with a bright square whose place gives the class), sent through the same
//! byte format the page uses (`data::photos::from_bytes`); the speed does
//! not depend on what the pictures show. After `PHOTOS_WARMUP` steps
//! (default 2), times `PHOTOS_STEPS` steps (default 8), all inside the first
//! epoch (13 steps) so no validation pass is counted. Then times one
//! explanation (`Trainer::occlusion` with the default 8x8 patch every 4
//! pixels: 226 forward passes). Prints one JSON line.
//!
//! `cargo run --release -p cnn-train --example photos_throughput`
#[path = "common/timing.rs"]
mod timing;

use burn::tensor::Device;
use cnn_train::data::photos;
use cnn_train::protocol::Occlusion;
use cnn_train::train::block_on;
use cnn_train::{zoo, Dataset, Optimizer, Rng, Shape3, TrainConfig, Trainer};

const SIDE: usize = 64;
const PER_CLASS: usize = 200;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// `2 · PER_CLASS` photos in the page's byte format: noise, and a white
/// square in the top half (class 0) or the bottom half (class 1).
fn synthetic_photos() -> Dataset {
    let count = 2 * PER_CLASS;
    let mut rng = Rng::new(7);
    let plane = SIDE * SIDE;
    let mut bytes = Vec::with_capacity(photos::byte_len(SIDE, count).unwrap_or(0));
    let mut labels = Vec::with_capacity(count);
    for i in 0..count {
        let label = (i % 2) as u8;
        // [3, 64, 64]
        let mut px: Vec<u8> = (0..3 * plane).map(|_| rng.below(160) as u8).collect();
        let r0 = usize::from(label) * SIDE / 2 + rng.below(SIDE / 2 - 16);
        let c0 = rng.below(SIDE - 16);
        for ch in 0..3 {
            for r in r0..r0 + 16 {
                let row = ch * plane + r * SIDE;
                px[row + c0..row + c0 + 16].fill(255);
            }
        }
        bytes.extend(px);
        labels.push(label);
    }
    bytes.extend(labels);
    photos::from_bytes(&["top".into(), "bottom".into()], SIDE, count, &bytes)
        .expect("the synthetic photos are well formed")
}

fn main() {
    let warmup = env_usize("PHOTOS_WARMUP", 2);
    let steps = env_usize("PHOTOS_STEPS", 8);
    let batch = 32;
    let train = synthetic_photos();
    // A few validation pictures: the trainer needs a set; none is timed.
    let val = train
        .subset(&(0..32).collect::<Vec<_>>())
        .expect("32 of 400");
    let spec = zoo::cats_dogs().for_data(Shape3::new(SIDE, SIDE, 3), 2);
    let params = spec.summary().map(|s| s.total).unwrap_or(0);
    let config = TrainConfig {
        optimizer: Optimizer::Adam,
        learning_rate: 1e-3,
        batch_size: batch,
        epochs: 1,
        ..TrainConfig::default()
    };
    let mut t = Trainer::new(&spec, train, val, config, &Device::flex()).unwrap();
    let (n, secs) = timing::time_steps(&mut t, warmup, steps);
    let image = t.validation().image(0).to_vec();
    let (patch, stride) = Occlusion::default_patch(SIDE);
    let t1 = std::time::Instant::now();
    let occlusion = block_on(t.occlusion(&image, patch, stride)).unwrap();
    let explain = t1.elapsed().as_secs_f64();
    let positions = occlusion.rows * occlusion.cols;
    println!(
        "{{\"impl\":\"burn-flex\",\"model\":\"cats-dogs\",\"params\":{params},\"images_per_sec\":{:.1},\"explain_seconds\":{explain:.3},\"explain_positions\":{positions},\"batch\":{batch},\"warmup_steps\":{warmup},\"timed_steps\":{steps},\"images\":{n},\"seconds\":{secs:.4},\"threads\":1,\"data\":\"synthetic photos 64x64x3, 2 classes x {PER_CLASS}\"}}",
        n as f64 / secs
    );
}

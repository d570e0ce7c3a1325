//! `cargo run --release -p cnn-train --example base_speed [ROUNDS]`: the
//! frozen EfficientNet-Lite0 base looking at one 224x224 photo and at a
//! batch of 8, natively on burn's flex backend (the worker's CPU path),
//! median milliseconds of ROUNDS (default 15). A quick A/B check for a
//! change to how the base runs; the browser's figures come from
//! `tests/bench/pretrained.mjs`.

use burn::tensor::Device;
use cnn_train::train::block_on;
use cnn_train::transfer::{Base, CROP_BYTES};

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(15);
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../static/pretrained/efficientnet-lite0.cnnw"
    );
    let weights = std::fs::read(path).expect("scripts/install.sh makes the weights");
    let base = Base::new(&weights, &Device::flex()).expect("the weights load");
    for images in [1usize, 8] {
        let crops: Vec<u8> = (0..images * CROP_BYTES)
            .map(|i| (i * 7 % 251) as u8)
            .collect();
        let mut ms = vec![];
        for _ in 0..rounds {
            let t = std::time::Instant::now();
            block_on(base.look_at(&crops, images, false)).expect("the base looks");
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        ms.sort_by(f64::total_cmp);
        println!(
            "{images} photo(s): median {:.1} ms, best {:.1} ms ({:.1} ms a photo)",
            ms[ms.len() / 2],
            ms[0],
            ms[ms.len() / 2] / images as f64
        );
    }
}

//! Rough native timing of the live-feature-map pipeline: 4 kernels 3x3 +
//! ReLU + 2x2 max pooling on a grey 320x240 and 640x480 frame.
//! `cargo run --release -p cnn-core --example conv_speed`
use cnn_core::{kernels, relu, Conv2d, Pool2d, Reduction};
use ndarray::{Array3, Array4};
use std::time::Instant;

fn main() {
    let names = ["sobel-x", "sobel-y", "laplacian", "sharpen"];
    let w = Array4::from_shape_fn((4, 1, 3, 3), |(o, _, r, c)| {
        kernels::preset(names[o]).expect("preset").weights[r * 3 + c]
    });
    let mut conv = Conv2d::new(w, Reduction::Sum);
    conv.padding = cnn_core::Padding::Same;
    for (h, wd) in [(240, 320), (480, 640)] {
        let img =
            Array3::from_shape_fn((1, h, wd), |(_, r, c)| ((r * 7 + c * 3) % 17) as f32 / 17.0);
        let mut times = vec![];
        for _ in 0..30 {
            let t = Instant::now();
            let out = Pool2d::SLIDES
                .forward(&relu(&conv.forward(&img).expect("fits")))
                .expect("pools");
            std::hint::black_box(out);
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        println!("{wd}x{h}: median {:.2} ms", times[times.len() / 2]);
    }
}

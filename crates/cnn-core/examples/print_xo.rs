//! Prints every intermediate of the X/O network: `cargo run -p cnn-core --example print_xo`.
use cnn_core::{xo, Ratio, Reduction};
use ndarray::Array3;

fn show(name: &str, a: &Array3<Ratio>) {
    for ch in 0..a.shape()[0] {
        println!("{name} [{ch}]");
        for r in 0..a.shape()[1] {
            let row: Vec<String> = (0..a.shape()[2])
                .map(|c| format!("{:>6}", a[[ch, r, c]].slide_string()))
                .collect();
            println!("  {}", row.join(""));
        }
    }
}

fn main() {
    for (name, img) in [("X", xo::x_image()), ("O", xo::o_image())] {
        let run = xo::run(&img, Reduction::Mean).expect("runs");
        println!("== {name}");
        show("conv", &run.conv);
        show("pool1", &run.pool1);
        show("pool2", &run.pool2);
        println!("flat {:?}", run.flat.to_vec());
        println!(
            "logits {:?} = {:?}",
            run.logits.to_vec(),
            run.logits.iter().map(|v| v.to_f64()).collect::<Vec<_>>()
        );
        println!("p {:?}", run.probabilities);
    }
}

//! `cargo run -p cnn-train --example imagenet_crops DIR`: the app's own
//! 224x224 centre crops of the five sample photos (`static/samples`), as
//! planar RGB bytes (`DIR/cat.rgb`, ...), for the numpy reference forward
//! pass (`tools/reference/lite0_reference.py`).

use cnn_photos::prepare::{fit, Fit};
use cnn_train::efficientnet::INPUT_SIDE;

fn main() {
    let dir = std::env::args().nth(1).expect("usage: imagenet_crops DIR");
    let samples = concat!(env!("CARGO_MANIFEST_DIR"), "/../../static/samples");
    for photo in ["astronaut", "brick", "cat", "coffee", "rocket"] {
        let bytes = std::fs::read(format!("{samples}/{photo}.jpg")).expect("a sample photo");
        let rgb = cnn_photos::decode::decode(&bytes, 4096).expect("the sample decodes");
        let crop = fit(&rgb, INPUT_SIDE as u32, Fit::Crop);
        std::fs::write(format!("{dir}/{photo}.rgb"), crop).expect("DIR is writable");
    }
}

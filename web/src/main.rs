//! The app's entry point; everything else is in the library (`lib.rs`).

use wasm_bindgen::prelude::*;

/// For tests: panic on purpose, to check that the banner appears. (Here,
/// not in the library, so the worker, which links the library, lacks it.)
#[wasm_bindgen]
pub fn debug_panic() {
    panic!("debug_panic called");
}

fn main() {
    web::run_static_constructors();
    web::start();
}

//! Pixels in and out of canvases: reading a picture back as an array, and
//! painting the input and the feature maps.

use ndarray::{Array2, Array3};
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::ui::canvas::ctx2d;
use crate::ui::grid::shade_lut;

/// The 2-D context of a canvas whose pixels are read back: kept on the CPU
/// (`willReadFrequently`), where `getImageData` does not stall on the GPU.
/// Must be the first context asked of that canvas.
pub(super) fn ctx2d_read(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"willReadFrequently".into(), &true.into());
    canvas
        .get_context_with_context_options("2d", &options)
        .ok()
        .flatten()?
        .dyn_into()
        .ok()
}

/// RGB pixels of a canvas → `[3, h, w]` in [0, 1].
pub(super) fn read_canvas(canvas: &HtmlCanvasElement) -> Option<Array3<f32>> {
    let (w, h) = (canvas.width(), canvas.height());
    let data = ctx2d_read(canvas)?
        .get_image_data(0.0, 0.0, w as f64, h as f64)
        .ok()?
        .data();
    Some(Array3::from_shape_fn(
        (3, h as usize, w as usize),
        |(ch, r, c)| data[(r * w as usize + c) * 4 + ch] as f32 / 255.0,
    ))
}

/// Paint a `[h, w]` map into a canvas with the diverging scale.
pub(super) fn paint_map(canvas: &HtmlCanvasElement, values: &Array2<f32>, scale: f32) {
    let (h, w) = values.dim();
    canvas.set_width(w as u32);
    canvas.set_height(h as u32);
    let lut = shade_lut();
    let k = 127.5 / scale;
    let mut rgba = Vec::with_capacity(w * h * 4);
    for v in values.iter() {
        let i = ((*v * k + 127.5) as i32).clamp(0, 255) as usize;
        let [r, g, b] = lut[i];
        rgba.extend_from_slice(&[r, g, b, 255]);
    }
    if let (Some(ctx), Ok(data)) = (
        ctx2d(canvas),
        web_sys::ImageData::new_with_u8_clamped_array_and_sh(Clamped(&rgba), w as u32, h as u32),
    ) {
        let _ = ctx.put_image_data(&data, 0.0, 0.0);
    }
}

/// Paint the input as the network sees it (grey, colour, or ±1).
pub(super) fn paint_input(canvas: &HtmlCanvasElement, img: &Array3<f32>) {
    let (ch, h, w) = img.dim();
    canvas.set_width(w as u32);
    canvas.set_height(h as u32);
    let lo = img.iter().cloned().fold(0.0f32, f32::min); // -1 for X/O
    let span = (1.0 - lo).max(1e-6);
    let mut rgba = Vec::with_capacity(w * h * 4);
    for r in 0..h {
        for c in 0..w {
            let px = |k: usize| {
                (((img[[k.min(ch - 1), r, c]] - lo) / span).clamp(0.0, 1.0) * 255.0) as u8
            };
            rgba.extend_from_slice(&[px(0), px(1), px(2), 255]);
        }
    }
    if let (Some(ctx), Ok(data)) = (
        ctx2d_read(canvas),
        web_sys::ImageData::new_with_u8_clamped_array_and_sh(Clamped(&rgba), w as u32, h as u32),
    ) {
        let _ = ctx.put_image_data(&data, 0.0, 0.0);
    }
}

//! Canvas helpers: a 2-D context, painting values on the colour scale, and
//! a small painted tile.

use std::rc::Rc;

use wasm_bindgen::{Clamped, JsCast};
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::ui::grid::shade_lut;

pub fn ctx2d(c: &HtmlCanvasElement) -> Option<web_sys::CanvasRenderingContext2d> {
    c.get_context("2d").ok().flatten()?.dyn_into().ok()
}

/// Paints `h × w` values on the diverging scale (`signed`) or as grey ink.
pub fn paint(c: &HtmlCanvasElement, values: &[f32], h: usize, w: usize, signed: bool) {
    c.set_width(w as u32);
    c.set_height(h as u32);
    let scale = values.iter().fold(1e-6f32, |m, v| m.max(v.abs()));
    let lut = shade_lut();
    let mut rgba = Vec::with_capacity(h * w * 4);
    for &v in values.iter().take(h * w) {
        let [r, g, b] = if signed {
            lut[((v / scale * 127.5 + 127.5) as i32).clamp(0, 255) as usize]
        } else {
            let g = (255.0 - v.clamp(0.0, 1.0) * 255.0) as u8;
            [g, g, g]
        };
        rgba.extend_from_slice(&[r, g, b, 255]);
    }
    if let (Some(ctx), Ok(data)) = (
        ctx2d(c),
        web_sys::ImageData::new_with_u8_clamped_array_and_sh(Clamped(&rgba), w as u32, h as u32),
    ) {
        let _ = ctx.put_image_data(&data, 0.0, 0.0);
    }
}

/// A small canvas painted after render.
#[derive(Properties, PartialEq)]
pub struct TileProps {
    pub values: Rc<Vec<f32>>,
    pub h: usize,
    pub w: usize,
    pub signed: bool,
    pub label: AttrValue,
    #[prop_or_default]
    pub class: Classes,
}

#[function_component(Tile)]
pub fn tile(p: &TileProps) -> Html {
    let r = use_node_ref();
    {
        let r = r.clone();
        let (values, h, w, signed) = (p.values.clone(), p.h, p.w, p.signed);
        use_effect(move || {
            if let Some(c) = r.cast::<HtmlCanvasElement>() {
                paint(&c, &values, h, w, signed);
            }
        });
    }
    html! { <canvas ref={r} class={classes!("tile", p.class.clone())} role="img" aria-label={p.label.clone()} title={p.label.clone()} /> }
}

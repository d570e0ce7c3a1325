//! The drawing pad: pointer strokes on a canvas.

use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Pointer handlers for a drawing pad of `size` × `size` canvas pixels:
/// black strokes of `radius` on white; `on_done` gets the canvas when a
/// stroke ends. Mouse, finger and pen alike (pointer events).
pub fn pad_events(
    pad: NodeRef,
    drawing: UseStateHandle<bool>,
    size: f64,
    radius: f64,
    on_done: Callback<web_sys::HtmlCanvasElement>,
) -> (
    Callback<PointerEvent>,
    Callback<PointerEvent>,
    Callback<PointerEvent>,
) {
    let stroke = {
        let pad = pad.clone();
        move |e: &PointerEvent| {
            let Some(c) = pad.cast::<web_sys::HtmlCanvasElement>() else {
                return;
            };
            let Some(ctx) = c
                .get_context("2d")
                .ok()
                .flatten()
                .and_then(|x| x.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
            else {
                return;
            };
            let rect = c.get_bounding_client_rect();
            let x = (e.client_x() as f64 - rect.left()) / rect.width() * size;
            let y = (e.client_y() as f64 - rect.top()) / rect.height() * size;
            ctx.set_fill_style_str("#000");
            ctx.begin_path();
            let _ = ctx.arc(x, y, radius, 0.0, std::f64::consts::TAU);
            ctx.fill();
        }
    };
    let down = {
        let drawing = drawing.clone();
        let stroke = stroke.clone();
        Callback::from(move |e: PointerEvent| {
            drawing.set(true);
            stroke(&e);
        })
    };
    let mv = {
        let drawing = drawing.clone();
        Callback::from(move |e: PointerEvent| {
            if *drawing {
                stroke(&e);
            }
        })
    };
    let up = Callback::from(move |_: PointerEvent| {
        drawing.set(false);
        if let Some(c) = pad.cast::<web_sys::HtmlCanvasElement>() {
            on_done.emit(c);
        }
    });
    (down, mv, up)
}

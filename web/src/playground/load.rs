//! Pictures into arrays: the X and the O, the samples, and the learner's
//! image and video files (through object URLs, never uploaded).

use std::rc::Rc;

use ndarray::Array3;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, HtmlImageElement};
use yew::prelude::*;

use super::model::Source;
use super::pixels::{ctx2d_read, read_canvas};
use super::state::Action;
use crate::i18n::{s, t, t_args};

/// Pictures are scaled to fit this box before convolving.
const MAX_W: u32 = 320;
const MAX_H: u32 = 240;

/// Draw an image element scaled to fit the box, and read its pixels.
fn image_to_array(img: &HtmlImageElement) -> Option<Array3<f32>> {
    let (iw, ih) = (img.natural_width().max(1), img.natural_height().max(1));
    let scale = (MAX_W as f64 / iw as f64)
        .min(MAX_H as f64 / ih as f64)
        .min(1.0);
    let (w, h) = (
        ((iw as f64 * scale).round() as u32).max(1),
        ((ih as f64 * scale).round() as u32).max(1),
    );
    let canvas: HtmlCanvasElement = web_sys::window()?
        .document()?
        .create_element("canvas")
        .ok()?
        .dyn_into()
        .ok()?;
    canvas.set_width(w);
    canvas.set_height(h);
    ctx2d_read(&canvas)?
        .draw_image_with_html_image_element_and_dw_and_dh(img, 0.0, 0.0, w as f64, h as f64)
        .ok()?;
    read_canvas(&canvas)
}

/// Load a picture by URL (a sample, or an object URL of the learner's file).
fn load_image(url: &str, done: Callback<Result<Array3<f32>, ()>>) {
    let Ok(img) = HtmlImageElement::new() else {
        done.emit(Err(()));
        return;
    };
    let ok = {
        let img = img.clone();
        let done = done.clone();
        Closure::once_into_js(move || done.emit(image_to_array(&img).ok_or(())))
    };
    let fail = Closure::once_into_js(move || done.emit(Err(())));
    img.set_onload(Some(ok.unchecked_ref()));
    img.set_onerror(Some(fail.unchecked_ref()));
    img.set_src(url);
}

/// The ±1 X or O as a one-channel picture.
fn xo_array(o: bool) -> Array3<f32> {
    let img = if o {
        cnn_core::xo::o_image()
    } else {
        cnn_core::xo::x_image()
    };
    img.mapv(|v| v as f32).insert_axis(ndarray::Axis(0))
}

/// The file a file input's `change` event picked, if any.
pub(super) fn picked_file(e: &Event) -> Option<web_sys::File> {
    e.target()?
        .dyn_into::<web_sys::HtmlInputElement>()
        .ok()?
        .files()?
        .get(0)
}

/// Load the picture of a source that has one of its own (the X, the O, a
/// sample) when the source changes.
#[hook]
pub(super) fn use_source_picture(source: Source, send: Callback<Action>) {
    use_effect_with(source, move |source| match source {
        Source::X => send.emit(Action::Show(Rc::new(xo_array(false)))),
        Source::O => send.emit(Action::Show(Rc::new(xo_array(true)))),
        Source::Sample(name) => {
            let send = send.clone();
            load_image(
                &format!("samples/{name}.jpg"),
                Callback::from(move |r: Result<Array3<f32>, ()>| match r {
                    Ok(a) => send.emit(Action::Loaded(Rc::new(a))),
                    Err(()) => send.emit(Action::LoadFailed(t("pg-sample-failed"))),
                }),
            );
        }
        // The drawing pad paints its own; uploads arrive through `open_image`;
        // live frames go straight to the frame loop.
        Source::Drawing | Source::Upload | Source::Camera | Source::Video => {}
    });
}

/// Load the learner's image file; it becomes the upload source, or a
/// sentence says it could not be read (the picture already shown stays).
pub(super) fn open_image(file: web_sys::File, send: Callback<Action>) {
    let name = file.name();
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&file) else {
        return;
    };
    let url2 = url.clone();
    load_image(
        &url,
        Callback::from(move |r: Result<Array3<f32>, ()>| {
            let _ = web_sys::Url::revoke_object_url(&url2);
            match r {
                Ok(a) => send.emit(Action::Uploaded(Rc::new(a))),
                Err(()) => send.emit(Action::LoadFailed(t_args(
                    "pg-file-unreadable",
                    &[("name", s(name.clone()))],
                ))),
            }
        }),
    );
}

/// Play the learner's video file as the live source; the object URL of the
/// one before (`old`) is released.
pub(super) fn open_video(file: web_sys::File, old: Option<String>, send: Callback<Action>) {
    if let Ok(url) = web_sys::Url::create_object_url_with_blob(&file) {
        if let Some(old) = old {
            let _ = web_sys::Url::revoke_object_url(&old);
        }
        send.emit(Action::PlayVideo(url));
    }
}

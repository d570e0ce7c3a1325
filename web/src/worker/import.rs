//! Photos brought in by the workers, off the page's main thread (issue 13).
//! The page hands each file over as a `Blob` ([`Request::ImportPhoto`]);
//! the training worker serves it itself or hands it to one of its peers
//! ([`super::peers::Pool::import`]), and the worker that takes it does all
//! an import's work but keeping the result:
//!
//! - it reads the file and checks it (`cnn_photos::sniff::probe`: format,
//!   size from the header, a decompression bomb refused before anything is
//!   allocated);
//! - it decodes it at [`prepare::stored_size`] with the browser's decoder
//!   (`createImageBitmap`, EXIF orientation applied, scaled while it
//!   decodes) drawn on an `OffscreenCanvas`, or, where the browser refuses
//!   a file the check accepted (or has no `OffscreenCanvas`), with the
//!   `image` crate;
//! - it makes the thumbnail ([`prepare::thumbnail`]).
//!
//! Measured before (`tests/bench/photos-import.mjs`): with the reading, the
//! check, the drawing and the thumbnail on the page, its main thread was
//! busy 74% of an import. Now it only stores what comes back.

use std::cell::RefCell;

use cnn_photos::prepare;
use cnn_photos::sniff::{self, Refusal, MAX_FILE_BYTES};
use cnn_photos::Rgb;
use cnn_train::protocol::{Refused, Reply, Request};
use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, BlobPropertyBag, ImageBitmap, ImageBitmapOptions, OffscreenCanvas,
    OffscreenCanvasRenderingContext2d,
};

/// A photo brought in: `bytes` are its `width × height` RGB pixels, then
/// its thumbnail.
#[derive(Debug)]
pub struct Made {
    pub width: u32,
    pub height: u32,
    pub bytes: Vec<u8>,
    pub by_crate: bool,
}

/// Why a photo was not brought in.
#[derive(Debug)]
pub enum Failed {
    /// The check refused it (the page names the reason in the learner's
    /// language).
    Refused(Refusal),
    /// Neither decoder read it: what each said, in English.
    Undecodable(String),
}

/// A message that carries a file: its request and the `Blob`.
pub fn with_blob(data: &JsValue) -> Option<(Request, Blob)> {
    let parts = data.dyn_ref::<Array>()?;
    let blob = parts.get(1).dyn_into::<Blob>().ok()?;
    let request = serde_json::from_str(&parts.get(0).as_string()?).ok()?;
    Some((request, blob))
}

/// A JavaScript error's message.
pub fn why(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// Checks, decodes and shrinks one photo, and makes its thumbnail.
pub async fn bring_in(blob: &Blob, crate_only: bool) -> Result<Made, Failed> {
    let size = blob.size() as u64;
    if size > MAX_FILE_BYTES {
        return Err(Failed::Refused(Refusal::TooBig {
            bytes: size,
            max: MAX_FILE_BYTES,
        }));
    }
    let buffer = JsFuture::from(blob.array_buffer())
        .await
        .map_err(|e| Failed::Undecodable(why(e)))?;
    let file = Uint8Array::new(&buffer).to_vec();
    let probe = sniff::probe(&file).map_err(Failed::Refused)?;
    let (w, h) = probe.upright();
    let (sw, sh) = prepare::stored_size(w, h);
    let browser = if crate_only {
        Err("the image crate was asked for".to_string())
    } else {
        browser_decode(blob, probe.format.mime(), sw, sh).await
    };
    let (rgb, by_crate) = match browser {
        Ok(rgb) => (rgb, false),
        Err(browser) => match cnn_photos::decode::decode(&file, sw.max(sh)) {
            Ok(rgb) => (rgb, true),
            Err(refusal) => return Err(Failed::Undecodable(format!("{browser}; {refusal}"))),
        },
    };
    let thumb = prepare::thumbnail(&rgb);
    let (width, height) = (rgb.width, rgb.height);
    let mut bytes = rgb.pixels;
    bytes.extend_from_slice(&thumb);
    Ok(Made {
        width,
        height,
        bytes,
        by_crate,
    })
}

thread_local! {
    /// One canvas to draw decoded bitmaps on and read them back.
    static CANVAS: RefCell<Option<(OffscreenCanvas, OffscreenCanvasRenderingContext2d)>> =
        const { RefCell::new(None) };
}

fn canvas() -> Result<(OffscreenCanvas, OffscreenCanvasRenderingContext2d), String> {
    CANVAS.with_borrow_mut(|slot| {
        if slot.is_none() {
            let c = OffscreenCanvas::new(1, 1).map_err(|_| "no OffscreenCanvas")?;
            let options = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&options, &"willReadFrequently".into(), &true.into());
            let ctx = c
                .get_context_with_context_options("2d", &options)
                .map_err(why)?
                .ok_or("no 2d context on an OffscreenCanvas")?
                .dyn_into::<OffscreenCanvasRenderingContext2d>()
                .map_err(|_| "no 2d context on an OffscreenCanvas")?;
            *slot = Some((c, ctx));
        }
        slot.clone().ok_or_else(|| "no canvas".to_string())
    })
}

/// `createImageBitmap`'s options that scale a photo to `w × h` (its
/// upright size) and turn it as its EXIF orientation says (the page's
/// decoder uses them too).
pub fn upright(w: u32, h: u32) -> ImageBitmapOptions {
    let options = ImageBitmapOptions::new();
    options.set_resize_width(w);
    options.set_resize_height(h);
    options.set_resize_quality(web_sys::ResizeQuality::High);
    options.set_image_orientation(web_sys::ImageOrientation::FromImage);
    options
}

/// The picture `createImageBitmap`'s `promise` gives, or why not.
pub async fn bitmap(promise: Result<js_sys::Promise, JsValue>) -> Result<ImageBitmap, String> {
    JsFuture::from(promise.map_err(why)?)
        .await
        .map_err(why)?
        .dyn_into()
        .map_err(why)
}

/// The browser's decoder: `createImageBitmap` scales to `w × h` (the
/// upright size) and turns the picture as its EXIF orientation says; it is
/// drawn over white and read back as RGB.
async fn browser_decode(blob: &Blob, mime: &str, w: u32, h: u32) -> Result<Rgb, String> {
    // A file out of a zip comes without a type: give it the one the check
    // found.
    let typed = if blob.type_().is_empty() {
        let bag = BlobPropertyBag::new();
        bag.set_type(mime);
        Blob::new_with_blob_sequence_and_options(&Array::of1(blob), &bag).map_err(why)?
    } else {
        blob.clone()
    };
    let bitmap = bitmap(
        super::scope()
            .create_image_bitmap_with_blob_and_image_bitmap_options(&typed, &upright(w, h)),
    )
    .await?;
    let drawn = draw(&bitmap, w, h);
    bitmap.close();
    Ok(Rgb {
        width: w,
        height: h,
        pixels: drawn?,
    })
}

fn draw(bitmap: &ImageBitmap, w: u32, h: u32) -> Result<Vec<u8>, String> {
    let (c, ctx) = canvas()?;
    c.set_width(w);
    c.set_height(h);
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, f64::from(w), f64::from(h));
    ctx.draw_image_with_image_bitmap(bitmap, 0.0, 0.0)
        .map_err(why)?;
    let data = ctx
        .get_image_data(0.0, 0.0, f64::from(w), f64::from(h))
        .map_err(why)?;
    Ok(prepare::rgba_over_white(&data.data()))
}

/// A refusal as it crosses to the page.
pub fn refused(refusal: &Refusal) -> Refused {
    Refused {
        code: refusal.code().to_string(),
        args: refusal
            .args()
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    }
}

/// The answer to photo `id`, as `worker` (this one's number: 0 in the
/// training worker; a peer's is set by the training worker that relays it).
pub fn answer(id: u64, worker: usize, result: Result<Made, Failed>) -> (Reply, Option<Vec<u8>>) {
    match result {
        Ok(made) => (
            Reply::PhotoImported {
                id,
                width: made.width,
                height: made.height,
                by_crate: made.by_crate,
                worker,
            },
            Some(made.bytes),
        ),
        Err(Failed::Refused(refusal)) => (
            Reply::PhotoNotImported {
                id,
                refused: Some(refused(&refusal)),
                detail: String::new(),
            },
            None,
        ),
        Err(Failed::Undecodable(detail)) => (
            Reply::PhotoNotImported {
                id,
                refused: None,
                detail,
            },
            None,
        ),
    }
}

/// Brings photo `id` in here and answers it.
pub async fn serve(id: u64, blob: Blob, crate_only: bool) {
    let (reply, bytes) = answer(id, 0, bring_in(&blob, crate_only).await);
    super::post_reply(&reply, bytes.map(|b| Uint8Array::from(b.as_slice())));
}

//! Bringing photos in: files from a picker, files and folders dropped, and
//! zips laid out one folder per class. Each file is checked from its bytes
//! first (`cnn_photos::sniff::probe`: format, size from the header, a
//! decompression bomb refused before anything is allocated), then decoded
//! by the browser's own decoder (`createImageBitmap`, which applies EXIF
//! orientation and scales while it decodes, off the main thread), or, where
//! the browser refuses a file the probe accepted, by the `image` crate.
//! Photos are kept at [`prepare::stored_size`].
//!
//! An import hands every file to the workers ([`bring_in`]), which do all
//! of that and make the thumbnail (`crate::worker::import`); the page only
//! stores what comes back. A single photo (one to test the network on) is
//! decoded here ([`decode_sized`]).

use std::cell::RefCell;
use std::collections::HashMap;

use cnn_photos::prepare::{self, THUMB_SIDE};
use cnn_photos::sniff::{self, Refusal, MAX_FILE_BYTES};
use cnn_photos::Rgb;
use cnn_train::protocol::{Refused, Reply, Request};
use js_sys::{Array, Function, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{Clamped, JsCast};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, BlobPropertyBag, CanvasRenderingContext2d, File, FileSystemDirectoryEntry,
    FileSystemEntry, FileSystemFileEntry, HtmlCanvasElement,
};

use crate::i18n::{s, t_args};
use crate::worker::import::{bitmap, upright, why};
use cnn_photos::Split;

/// A file to import, and the class its folder names (if any).
#[derive(Debug, Clone)]
pub struct Incoming {
    pub name: String,
    pub source: Source,
    /// The folder it was in (a dropped folder or a zip's), which names its
    /// class; `None`: the class it was dropped on.
    pub folder: Option<String>,
    /// Where the folder above that puts it (`train/`, `validation/`).
    pub split: Option<Split>,
}

#[derive(Debug, Clone)]
pub enum Source {
    File(File),
    /// Taken out of a zip.
    Bytes(std::rc::Rc<Vec<u8>>),
}

impl Incoming {
    /// A file outside any folder: it goes to the class it was dropped on,
    /// split at random.
    pub fn loose(name: String, source: Source) -> Incoming {
        Incoming {
            name,
            source,
            folder: None,
            split: None,
        }
    }

    pub fn size(&self) -> u64 {
        match &self.source {
            Source::File(f) => f.size() as u64,
            Source::Bytes(b) => b.len() as u64,
        }
    }
}

/// Which decoder made a photo (the benchmark reports both).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decoder {
    Browser,
    ImageCrate,
}

/// A decoded photo at its stored size: `[height, width, 3]` RGB.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub width: u32,
    pub height: u32,
    pub rgb: Vec<u8>,
    pub decoder: Decoder,
}

/// A refusal as a sentence in the learner's language, naming the file.
pub fn refusal_text(file: &str, r: &Refusal) -> String {
    let mut args = vec![("file", s(file.to_string()))];
    args.extend(r.args().into_iter().map(|(k, v)| (k, s(v))));
    t_args(&format!("ph-bad-{}", r.code()), &args)
}

/// A refusal from its code and arguments (a worker's [`Refused`]).
fn refused_text(file: &str, r: &Refused) -> String {
    let mut args = vec![("file", s(file.to_string()))];
    args.extend(r.args.iter().map(|(k, v)| (k.as_str(), s(v.clone()))));
    t_args(&format!("ph-bad-{}", r.code), &args)
}

/// The whole file's bytes.
pub async fn bytes_of(item: &Incoming) -> Result<Vec<u8>, String> {
    match &item.source {
        Source::Bytes(b) => Ok(b.to_vec()),
        Source::File(f) => {
            let buf = JsFuture::from(f.array_buffer()).await.map_err(why)?;
            Ok(Uint8Array::new(&buf).to_vec())
        }
    }
}

/// Largest zip the page opens (it is read whole into memory).
pub const MAX_ZIP_BYTES: u64 = 512 * 1024 * 1024;

/// Whether the bytes are a zip (local file header signature).
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// The photos inside a zip, each with its folder's name as its class.
/// Entries outside any folder go to the class the zip was dropped on.
pub fn unzip(bytes: &[u8]) -> Result<Vec<Incoming>, String> {
    let entries = cnn_photos::zip::entries(bytes).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for e in &entries {
        let (folder, name) = match cnn_photos::zip::class_of(&e.path) {
            Some((class, name)) => (Some(class), name),
            None => {
                let name = e.path.rsplit('/').next().unwrap_or_default().to_string();
                if name.is_empty() || name.starts_with('.') || e.path.starts_with("__MACOSX") {
                    continue;
                }
                (None, name)
            }
        };
        let data = cnn_photos::zip::read(bytes, e, MAX_FILE_BYTES).map_err(|e| e.to_string())?;
        out.push(Incoming {
            name,
            source: Source::Bytes(std::rc::Rc::new(data)),
            split: folder.as_ref().and_then(|_| Split::of_path(&e.path)),
            folder,
        });
    }
    Ok(out)
}

thread_local! {
    /// One canvas to draw decoded bitmaps on and read them back.
    static CANVAS: RefCell<Option<(HtmlCanvasElement, CanvasRenderingContext2d)>> = const { RefCell::new(None) };
    /// Photos waiting for the worker's decoder: id → the promise's resolve.
    static PENDING: RefCell<HashMap<u64, Function>> = RefCell::new(HashMap::new());
    /// Photos the workers are bringing in: id → the promise's resolve.
    static IMPORTING: RefCell<HashMap<u64, Function>> = RefCell::new(HashMap::new());
    /// The workers' answers, until their import takes them.
    static IMPORTED: RefCell<HashMap<u64, (Reply, Option<JsValue>)>> = RefCell::new(HashMap::new());
}

fn canvas() -> Option<(HtmlCanvasElement, CanvasRenderingContext2d)> {
    CANVAS.with_borrow_mut(|slot| {
        if slot.is_none() {
            let c: HtmlCanvasElement = web_sys::window()?
                .document()?
                .create_element("canvas")
                .ok()?
                .dyn_into()
                .ok()?;
            let opts = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&opts, &"willReadFrequently".into(), &true.into());
            let ctx: CanvasRenderingContext2d = c
                .get_context_with_context_options("2d", &opts)
                .ok()??
                .dyn_into()
                .ok()?;
            *slot = Some((c, ctx));
        }
        slot.clone()
    })
}

/// Draws `draw` on a `w × h` canvas over white and reads it back as RGB
/// (`[h, w, 3]`; any transparency composited on white).
pub fn draw_and_read(
    w: u32,
    h: u32,
    draw: impl FnOnce(&CanvasRenderingContext2d) -> Result<(), JsValue>,
) -> Result<Vec<u8>, String> {
    let (c, ctx) = canvas().ok_or("no canvas")?;
    c.set_width(w);
    c.set_height(h);
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, f64::from(w), f64::from(h));
    draw(&ctx).map_err(why)?;
    let data = ctx
        .get_image_data(0.0, 0.0, f64::from(w), f64::from(h))
        .map_err(why)?;
    let rgba: Clamped<Vec<u8>> = data.data();
    Ok(prepare::rgba_over_white(&rgba))
}

/// Decodes with the browser: `createImageBitmap` scales to `w × h` (the
/// upright size) and turns the picture as its EXIF orientation says.
async fn browser_decode(blob: &Blob, w: u32, h: u32) -> Result<Decoded, String> {
    let window = web_sys::window().ok_or("no window")?;
    let bitmap =
        bitmap(window.create_image_bitmap_with_blob_and_image_bitmap_options(blob, &upright(w, h)))
            .await?;
    let drawn = draw_and_read(w, h, |ctx| {
        ctx.draw_image_with_image_bitmap(&bitmap, 0.0, 0.0)
    });
    bitmap.close();
    let rgb = drawn?;
    Ok(Decoded {
        width: w,
        height: h,
        rgb,
        decoder: Decoder::Browser,
    })
}

/// Asks the worker to decode with the `image` crate. `post` sends the
/// request with the bytes; the answer comes through [`settle`].
async fn worker_decode(
    id: u64,
    bytes: &[u8],
    max_side: u32,
    post: &dyn Fn(u64, u32, &[u8]) -> bool,
) -> Result<Decoded, String> {
    let promise = Promise::new(&mut |resolve, _| {
        PENDING.with_borrow_mut(|p| p.insert(id, resolve));
    });
    if !post(id, max_side, bytes) {
        PENDING.with_borrow_mut(|p| p.remove(&id));
        return Err("the worker is not running".into());
    }
    let answer = JsFuture::from(promise).await.map_err(why)?;
    let parts = Array::from(&answer);
    if let Some(message) = parts.get(0).as_string() {
        return Err(message);
    }
    let width = parts.get(0).as_f64().unwrap_or(0.0) as u32;
    let height = parts.get(1).as_f64().unwrap_or(0.0) as u32;
    let rgb = parts
        .get(2)
        .dyn_into::<Uint8Array>()
        .map(|a| a.to_vec())
        .unwrap_or_default();
    if rgb.len() != width as usize * height as usize * 3 || rgb.is_empty() {
        return Err("the worker's decoder gave no picture".into());
    }
    Ok(Decoded {
        width,
        height,
        rgb,
        decoder: Decoder::ImageCrate,
    })
}

/// The worker's answer to a decode: `Ok((width, height, rgb))` or a sentence.
pub fn settle(id: u64, answer: Result<(u32, u32, JsValue), String>) {
    if let Some(resolve) = PENDING.with_borrow_mut(|p| p.remove(&id)) {
        let value = match answer {
            Ok((w, h, bytes)) => Array::of3(&f64::from(w).into(), &f64::from(h).into(), &bytes),
            Err(m) => Array::of1(&m.into()),
        };
        let _ = resolve.call1(&JsValue::NULL, &value);
    }
}

/// Why a file was not imported: a refusal (named by the probe, here or in
/// a worker) or a decoder's failure.
#[derive(Debug, Clone, PartialEq)]
pub enum Skip {
    Refused(Refusal),
    RefusedThere(Refused),
    Undecodable(String),
}

impl Skip {
    pub fn text(&self, file: &str) -> String {
        match self {
            Skip::Refused(r) => refusal_text(file, r),
            Skip::RefusedThere(r) => refused_text(file, r),
            Skip::Undecodable(detail) => t_args(
                "ph-bad-undecodable",
                &[("file", s(file.to_string())), ("detail", s(detail.clone()))],
            ),
        }
    }
}

/// Checks and decodes one photo (not a zip) to its stored size.
pub async fn decode(
    id: u64,
    item: &Incoming,
    post: &dyn Fn(u64, u32, &[u8]) -> bool,
) -> Result<Decoded, Skip> {
    decode_sized(id, item, post, prepare::stored_size).await
}

/// Checks and decodes one photo (not a zip) to the size `size` gives for
/// its upright width and height.
pub async fn decode_sized(
    id: u64,
    item: &Incoming,
    post: &dyn Fn(u64, u32, &[u8]) -> bool,
    size: fn(u32, u32) -> (u32, u32),
) -> Result<Decoded, Skip> {
    if item.size() > MAX_FILE_BYTES {
        return Err(Skip::Refused(Refusal::TooBig {
            bytes: item.size(),
            max: MAX_FILE_BYTES,
        }));
    }
    let bytes = bytes_of(item).await.map_err(Skip::Undecodable)?;
    let probe = sniff::probe(&bytes).map_err(Skip::Refused)?;
    let (w, h) = probe.upright();
    let (sw, sh) = size(w, h);
    let blob = match &item.source {
        Source::File(f) => f.clone().into(),
        Source::Bytes(_) => {
            let parts = Array::of1(&Uint8Array::from(bytes.as_slice()));
            let bag = BlobPropertyBag::new();
            bag.set_type(probe.format.mime());
            Blob::new_with_u8_array_sequence_and_options(&parts, &bag)
                .map_err(|e| Skip::Undecodable(why(e)))?
        }
    };
    let first = if crate_forced() {
        Err("skipped".to_string())
    } else {
        browser_decode(&blob, sw, sh).await
    };
    match first {
        Ok(d) => Ok(d),
        Err(browser) => worker_decode(id, &bytes, sw.max(sh), post)
            .await
            .map_err(|crate_err| Skip::Undecodable(format!("{browser}; {crate_err}"))),
    }
}

/// For tests and the benchmark: `window.__photoDecoder = 'crate'` sends
/// every photo to the image crate, as if the browser had refused it.
fn crate_forced() -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"__photoDecoder".into()).ok())
        .and_then(|v| v.as_string())
        .is_some_and(|v| v == "crate")
}

/// A photo the workers brought in: at its stored size, with its
/// thumbnail, the decoder that read it and the worker that did (`None`:
/// the page, which had no worker).
#[derive(Debug, Clone, PartialEq)]
pub struct Brought {
    pub rgb: Rgb,
    pub thumb: Vec<u8>,
    pub decoder: Decoder,
    pub worker: Option<usize>,
}

/// Has the workers (up to `workers` of them) bring `item` in: checked,
/// decoded at its stored size and its thumbnail made, all off the page's
/// main thread. `post` sends the request with the file beside it; the
/// answer comes through [`settle_import`].
pub async fn bring_in(
    id: u64,
    item: &Incoming,
    workers: usize,
    post: &dyn Fn(&Request, &Blob) -> bool,
) -> Result<Brought, Skip> {
    // The worker checks the file, its size first.
    let blob: Blob = match &item.source {
        Source::File(f) => f.clone().into(),
        Source::Bytes(b) => {
            Blob::new_with_u8_array_sequence(&Array::of1(&Uint8Array::from(b.as_slice())))
                .map_err(|e| Skip::Undecodable(why(e)))?
        }
    };
    let request = Request::ImportPhoto {
        id,
        workers,
        crate_only: crate_forced(),
    };
    let promise = Promise::new(&mut |resolve, _| {
        IMPORTING.with_borrow_mut(|p| p.insert(id, resolve));
    });
    if !post(&request, &blob) {
        // No worker (it could not start): the page does it all itself.
        IMPORTING.with_borrow_mut(|p| p.remove(&id));
        let d = decode(id, item, &|_, _, _| false).await?;
        let rgb = Rgb {
            width: d.width,
            height: d.height,
            pixels: d.rgb,
        };
        return Ok(Brought {
            thumb: prepare::thumbnail(&rgb),
            rgb,
            decoder: d.decoder,
            worker: None,
        });
    }
    JsFuture::from(promise)
        .await
        .map_err(|e| Skip::Undecodable(why(e)))?;
    let Some((reply, bytes)) = IMPORTED.with_borrow_mut(|a| a.remove(&id)) else {
        return Err(Skip::Undecodable("the worker gave no answer".into()));
    };
    match reply {
        Reply::PhotoImported {
            width,
            height,
            by_crate,
            worker,
            ..
        } => {
            let mut pixels = bytes
                .and_then(|b| b.dyn_into::<Uint8Array>().ok())
                .map(|a| a.to_vec())
                .unwrap_or_default();
            let size = width as usize * height as usize * 3;
            if size == 0 || pixels.len() != size + (THUMB_SIDE * THUMB_SIDE * 3) as usize {
                return Err(Skip::Undecodable(
                    "the worker's picture is not whole".into(),
                ));
            }
            let thumb = pixels.split_off(size);
            Ok(Brought {
                rgb: Rgb {
                    width,
                    height,
                    pixels,
                },
                thumb,
                decoder: if by_crate {
                    Decoder::ImageCrate
                } else {
                    Decoder::Browser
                },
                worker: Some(worker),
            })
        }
        Reply::PhotoNotImported {
            refused: Some(refusal),
            ..
        } => Err(Skip::RefusedThere(refusal)),
        Reply::PhotoNotImported { detail, .. } => Err(Skip::Undecodable(detail)),
        _ => Err(Skip::Undecodable("the worker gave no answer".into())),
    }
}

/// The workers' answer to photo `id` ([`Reply::PhotoImported`] with its
/// bytes, or [`Reply::PhotoNotImported`]).
pub fn settle_import(id: u64, reply: Reply, bytes: Option<JsValue>) {
    if let Some(resolve) = IMPORTING.with_borrow_mut(|p| p.remove(&id)) {
        IMPORTED.with_borrow_mut(|a| a.insert(id, (reply, bytes)));
        let _ = resolve.call0(&JsValue::NULL);
    }
}

/// Files and folders dropped on the page, folders read to the bottom. Each
/// file in a folder is filed under the folder it is directly in.
pub async fn dropped(entries: Vec<FileSystemEntry>, files: Vec<File>) -> Vec<Incoming> {
    let mut out = Vec::new();
    if entries.is_empty() {
        out.extend(
            files
                .into_iter()
                .map(|f| Incoming::loose(f.name(), Source::File(f))),
        );
        return out;
    }
    let mut stack: Vec<(FileSystemEntry, Option<String>)> =
        entries.into_iter().map(|e| (e, None)).collect();
    while let Some((entry, folder)) = stack.pop() {
        if entry.is_file() {
            let fe: FileSystemFileEntry = entry.unchecked_into();
            let p = Promise::new(&mut |resolve, reject| {
                fe.file_with_callback_and_callback(&resolve, &reject);
            });
            if let Ok(f) = JsFuture::from(p).await {
                if let Ok(f) = f.dyn_into::<File>() {
                    out.push(Incoming {
                        name: f.name(),
                        source: Source::File(f),
                        folder: folder.clone(),
                        // `/cats_and_dogs_filtered/validation/cats/cat.2000.jpg`
                        split: Split::of_path(&fe.full_path()),
                    });
                }
            }
        } else if entry.is_directory() {
            let name = entry.name();
            if name.starts_with('.') || name == "__MACOSX" {
                continue;
            }
            let dir: FileSystemDirectoryEntry = entry.unchecked_into();
            let reader = dir.create_reader();
            // readEntries gives a batch at a time, then an empty one.
            loop {
                let p = Promise::new(&mut |resolve, reject| {
                    let _ = reader.read_entries_with_callback_and_callback(&resolve, &reject);
                });
                let Ok(batch) = JsFuture::from(p).await else {
                    break;
                };
                let batch = Array::from(&batch);
                if batch.length() == 0 {
                    break;
                }
                // Entries by the File System API's contract (Chromium does not
                // expose `FileSystemEntry` for an `instanceof` check).
                for e in batch.iter().filter(|e| e.is_object()) {
                    stack.push((e.unchecked_into::<FileSystemEntry>(), Some(name.clone())));
                }
            }
        }
    }
    // Folders are read last-in first-out; keep the learner's order by name.
    out.sort_by(|a, b| (&a.folder, &a.name).cmp(&(&b.folder, &b.name)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_made_in_a_worker_reads_as_one_made_here() {
        let bomb = Refusal::TooManyPixels {
            width: 30_000,
            height: 30_000,
            max: sniff::MAX_PIXELS,
        };
        let there = crate::worker::import::refused(&bomb);
        let text = Skip::RefusedThere(there).text("bomb.png");
        assert_eq!(text, Skip::Refused(bomb).text("bomb.png"));
        assert!(text.contains("30000×30000 pixels"), "{text}");
    }

    #[test]
    fn zips_are_told_by_their_signature() {
        assert!(is_zip(b"PK\x03\x04rest"));
        assert!(!is_zip(b"\xff\xd8\xff"));
    }
}

//! The worker as a page talks to it: starting it, and the framing of its
//! messages (a [`Request`] or [`Reply`] as JSON, alone or with bytes beside
//! it), and saving what it sends as a download.

use cnn_train::protocol::{Reply, Request};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

/// Starts the training worker (Trunk's loader for the `trainer` bin).
pub fn start() -> Option<Worker> {
    Worker::new("./trainer_loader.js").ok()
}

/// A worker's message: a [`Reply`] as JSON, alone or with bytes beside it
/// (`[json, Uint8Array]`).
pub fn read_reply(e: &MessageEvent) -> Option<(Reply, Option<JsValue>)> {
    let data = e.data();
    let (json, bytes) = if let Some(s) = data.as_string() {
        (s, None)
    } else if let Some(arr) = data.dyn_ref::<js_sys::Array>() {
        (arr.get(0).as_string()?, Some(arr.get(1)))
    } else {
        return None;
    };
    serde_json::from_str::<Reply>(&json)
        .ok()
        .map(|reply| (reply, bytes))
}

pub fn send(worker: &Option<Worker>, req: &Request) {
    if let (Some(w), Ok(json)) = (worker, serde_json::to_string(req)) {
        let _ = w.post_message(&JsValue::from_str(&json));
    }
}

/// Sends `req` with `bytes` beside it (`[json, Uint8Array]`); false if the
/// worker is not there or the message could not be posted.
pub fn send_with_bytes(worker: Option<&Worker>, req: &Request, bytes: &[u8]) -> bool {
    let Some(w) = worker else {
        return false;
    };
    let Ok(json) = serde_json::to_string(req) else {
        return false;
    };
    let msg = js_sys::Array::of2(&JsValue::from_str(&json), &js_sys::Uint8Array::from(bytes));
    w.post_message(&msg).is_ok()
}

/// Offers bytes as a download (nothing leaves the device).
pub fn save_file(bytes: &JsValue, name: &str) {
    let parts = js_sys::Array::of1(bytes);
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence(&parts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(a) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

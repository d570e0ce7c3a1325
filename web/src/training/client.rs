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

/// What a page posts to its worker before the worker has said
/// [`Reply::Ready`]. Trunk's loader starts the worker's WebAssembly only after
/// the loader script has run, and a message that reaches the worker before
/// its code listens is dropped: so messages wait here, in order, until the
/// worker's first word, and go at once after it.
#[derive(Debug)]
pub struct Gate<M> {
    open: bool,
    held: Vec<M>,
}

impl<M> Default for Gate<M> {
    fn default() -> Self {
        Self {
            open: false,
            held: Vec::new(),
        }
    }
}

impl<M> Gate<M> {
    /// `Some(m)` to post now; `None` when it waits for [`Gate::open`].
    pub fn pass(&mut self, m: M) -> Option<M> {
        if self.open {
            Some(m)
        } else {
            self.held.push(m);
            None
        }
    }

    /// The worker is listening: what waited, oldest first.
    pub fn open(&mut self) -> Vec<M> {
        self.open = true;
        std::mem::take(&mut self.held)
    }
}

/// A page's worker with the [`Gate`] in front of it.
#[derive(Default)]
pub struct Outbox {
    worker: Option<Worker>,
    /// Each message with what it hands over (its bytes' buffer).
    gate: Gate<(JsValue, js_sys::Array)>,
}

impl Outbox {
    /// A worker that has not yet said it is ready.
    pub fn new(worker: Option<Worker>) -> Self {
        Self {
            worker,
            gate: Gate::default(),
        }
    }

    /// The worker, if it started.
    pub fn worker(&self) -> Option<&Worker> {
        self.worker.as_ref()
    }

    /// Sends `req` (now, or once the worker is ready); false if there is no
    /// worker.
    pub fn send(&mut self, req: &Request) -> bool {
        match serde_json::to_string(req) {
            Ok(json) => self.post(JsValue::from_str(&json), js_sys::Array::new()),
            Err(_) => false,
        }
    }

    /// Sends `req` with `bytes` beside it (`[json, Uint8Array]`). The
    /// bytes' buffer is handed over, not copied: a transfer-learning start
    /// carries every photo (150 KB each), and a copy would stay in the
    /// worker's memory as well as the page's.
    pub fn send_with_bytes(&mut self, req: &Request, bytes: &[u8]) -> bool {
        self.send_with_array(req, js_sys::Uint8Array::from(bytes))
    }

    /// Sends `req` with `array` beside it, handing its buffer over.
    pub fn send_with_array(&mut self, req: &Request, array: js_sys::Uint8Array) -> bool {
        let Ok(json) = serde_json::to_string(req) else {
            return false;
        };
        let handed = js_sys::Array::of1(&array.buffer());
        let msg = js_sys::Array::of2(&JsValue::from_str(&json), &array);
        self.post(msg.into(), handed)
    }

    /// Sends `req` with a file beside it (`[json, Blob]`): the worker reads
    /// the file itself, so the page never holds its bytes.
    pub fn send_with_blob(&mut self, req: &Request, blob: &web_sys::Blob) -> bool {
        let Ok(json) = serde_json::to_string(req) else {
            return false;
        };
        let msg = js_sys::Array::of2(&JsValue::from_str(&json), blob);
        self.post(msg.into(), js_sys::Array::new())
    }

    fn post(&mut self, msg: JsValue, handed: js_sys::Array) -> bool {
        let Some(w) = &self.worker else {
            return false;
        };
        match self.gate.pass((msg, handed)) {
            Some((msg, handed)) => w.post_message_with_transfer(&msg, &handed).is_ok(),
            None => true,
        }
    }

    /// The worker said [`Reply::Ready`]: what waited goes now.
    pub fn ready(&mut self) {
        if let Some(w) = &self.worker {
            for (msg, handed) in self.gate.open() {
                let _ = w.post_message_with_transfer(&msg, &handed);
            }
        }
    }
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

#[cfg(test)]
mod tests {
    use super::Gate;

    #[test]
    fn messages_wait_for_the_worker_then_go_in_order() {
        let mut gate = Gate::default();
        assert_eq!(gate.pass("decode 1"), None);
        assert_eq!(gate.pass("decode 2"), None);
        assert_eq!(gate.open(), vec!["decode 1", "decode 2"]);
        assert_eq!(gate.pass("explain"), Some("explain"));
        assert_eq!(gate.open(), Vec::<&str>::new(), "nothing is sent twice");
    }
}

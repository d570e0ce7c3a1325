//! The training worker: a dedicated web worker that holds the data and the
//! network and runs cnn-train's loop, so the page keeps animating while it
//! trains. The page starts it only when the trainer or the photos page
//! opens; it speaks the JSON messages of `cnn_train::protocol` (model files
//! and pixels travel as bytes beside them).
//!
//! [`agent`] is what the worker does, as plain Rust tested natively; this
//! file is the browser around it: the worker's global scope, its messages,
//! its timers, `fetch`, and the question whether WebGPU is there.
//! `src/bin/trainer.rs` only calls [`start`].

pub mod agent;
pub mod imagenet;
pub mod import;
pub mod peers;

use std::rc::Rc;

use burn::tensor::Device;
use cnn_train::protocol::{NoGpu, NoGpuWhy, Payload, Reply, Request, WorkerError};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::DedicatedWorkerGlobalScope;

use agent::{Agent, Host};

pub(crate) fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// How often, at most, a run's batches go to the page: ten redraws a
/// second keep the curves live without taking a core from training.
const BATCH_INTERVAL_MS: f64 = 100.0;

/// The worker's global scope as the agent's [`Host`], with the peers it
/// started.
#[derive(Default)]
struct Worker {
    pool: Rc<peers::Pool>,
}

impl Host for Worker {
    type Peers = peers::WorkerPeers;

    async fn peers(
        &self,
        count: usize,
        setup: cnn_train::parallel::PeerSetup,
        generation: u32,
    ) -> Result<peers::WorkerPeers, WorkerError> {
        self.pool.take(count, setup, generation).await
    }

    type Lookers = peers::WorkerLookers;

    fn lookers(
        &self,
        count: usize,
    ) -> impl std::future::Future<Output = Result<peers::WorkerLookers, WorkerError>> {
        self.pool.lookers(count)
    }

    fn post(&self, reply: &Reply, bytes: Option<&[u8]>) {
        post_reply(reply, bytes.map(js_sys::Uint8Array::from));
    }

    fn now(&self) -> f64 {
        js_sys::Date::now()
    }

    async fn sleep(&self, ms: i32) {
        if ms <= 0 {
            return next_turn().await;
        }
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            let _ = scope().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        });
        let _ = JsFuture::from(promise).await;
    }

    fn batch_interval(&self) -> f64 {
        BATCH_INTERVAL_MS
    }

    async fn fetch(&self, url: &str) -> Result<Vec<u8>, WorkerError> {
        let failed = |detail: &str| WorkerError::Fetch {
            file: url.to_string(),
            detail: detail.to_string(),
        };
        let resp = JsFuture::from(scope().fetch_with_str(url))
            .await
            .map_err(|_| failed("network error"))?;
        let resp: web_sys::Response = resp.dyn_into().map_err(|_| failed("not a response"))?;
        if !resp.ok() {
            return Err(failed(&format!("HTTP {}", resp.status())));
        }
        let buf = JsFuture::from(resp.array_buffer().map_err(|_| failed("no body"))?)
            .await
            .map_err(|_| failed("the body could not be read"))?;
        Ok(js_sys::Uint8Array::new(&buf).to_vec())
    }
}

/// Posts `reply` to whoever this worker answers (the page, or the training
/// worker that started this peer), with `array` beside it, its buffer
/// handed over.
pub(crate) fn post_reply(reply: &Reply, array: Option<js_sys::Uint8Array>) {
    let Ok(json) = serde_json::to_string(reply) else {
        return;
    };
    let json = JsValue::from_str(&json);
    let _ = match array {
        None => scope().post_message(&json),
        Some(array) => scope().post_message_with_transfer(
            &js_sys::Array::of2(&json, &array),
            &js_sys::Array::of1(&array.buffer()),
        ),
    };
}

/// Waits one turn of the worker's event loop: the messages that came
/// before are handled first. Not a zero timeout: in a loop that is held to
/// 4 ms (HTML's timer nesting rule), an eighth of a LeNet-5 step.
pub(crate) async fn next_turn() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Ok(channel) = web_sys::MessageChannel::new() {
            channel.port1().set_onmessage(Some(&resolve));
            if channel.port2().post_message(&JsValue::NULL).is_ok() {
                return;
            }
        }
        let _ = scope().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
    });
    let _ = JsFuture::from(promise).await;
}

/// A message (from the page, or a peer's answer): its JSON, and the bytes
/// beside it, still in the message's buffer.
pub(crate) fn read_message_array(data: &JsValue) -> Option<(String, Option<js_sys::Uint8Array>)> {
    let (json, bytes) = read_message_payload(data)?;
    Some((json, bytes.map(|b| b.0)))
}

/// A message's JSON, and the bytes beside it left in the message's buffer
/// until they are read.
fn read_message_payload(data: &JsValue) -> Option<(String, Option<MessageBytes>)> {
    if let Some(json) = data.as_string() {
        return Some((json, None));
    }
    let arr = data.dyn_ref::<js_sys::Array>()?;
    let bytes = arr
        .get(1)
        .dyn_into::<js_sys::Uint8Array>()
        .ok()
        .map(MessageBytes);
    Some((arr.get(0).as_string().unwrap_or_default(), bytes))
}

/// The bytes beside a message, in the message's own buffer: read a part
/// at a time, they are never all in the worker's memory twice.
struct MessageBytes(js_sys::Uint8Array);

impl Payload for MessageBytes {
    fn len(&self) -> usize {
        self.0.length() as usize
    }
    fn read(&self, range: std::ops::Range<usize>) -> Vec<u8> {
        self.0
            .subarray(range.start as u32, range.end as u32)
            .to_vec()
    }
}

/// The worker's entry point: listen to the page, then find out whether
/// WebGPU is there and say [`Reply::Ready`].
pub fn start() {
    console_error_panic_hook::set_once();
    let agent = Agent::new(Worker::default());
    let listener = Rc::clone(&agent);
    let peer = scope().name() == peers::PEER_NAME;
    let onmessage =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let data = e.data();
            // A photo to bring in: here (a peer), or shared with the peers.
            if let Some((
                Request::ImportPhoto {
                    id,
                    workers,
                    crate_only,
                },
                blob,
            )) = import::with_blob(&data)
            {
                let workers = if peer { 1 } else { workers };
                listener
                    .host()
                    .pool
                    .import(id, workers, crate_only, blob, data);
                return;
            }
            let Some((json, bytes)) = read_message_payload(&data) else {
                return;
            };
            match serde_json::from_str::<Request>(&json) {
                Ok(request) => {
                    let bytes = bytes.map(|b| Box::new(b) as Box<dyn Payload>);
                    if let Some(task) = listener.handle_payload(request, bytes) {
                        spawn_local(task);
                    }
                }
                Err(e) => listener.host().post(
                    &Reply::Error {
                        error: WorkerError::BadMessage {
                            detail: e.to_string(),
                        },
                    },
                    None,
                ),
            }
        });
    scope().set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    onmessage.forget();
    if peer {
        // Another worker's peer trains on the CPU: no WebGPU to set up.
        agent.gpu_ready(
            Err(NoGpu {
                why: NoGpuWhy::NoApi,
                detail: "a peer trains on the CPU".into(),
            }),
            false,
        );
        return;
    }
    spawn_local(async move {
        let gpu = init_gpu().await;
        let software = gpu.is_ok() && software_adapter().await;
        agent.gpu_ready(gpu, software);
    });
}

/// Sets up WebGPU if the browser offers it; returns why not otherwise, as a
/// code the page turns into a sentence, with the technical detail.
async fn init_gpu() -> Result<Device, NoGpu> {
    let no_api = || NoGpu {
        why: NoGpuWhy::NoApi,
        detail: "navigator.gpu is undefined in this worker".into(),
    };
    let nav = js_sys::Reflect::get(&scope(), &"navigator".into()).map_err(|_| no_api())?;
    let gpu = js_sys::Reflect::get(&nav, &"gpu".into()).unwrap_or(JsValue::UNDEFINED);
    if gpu.is_undefined() || gpu.is_null() {
        return Err(no_api());
    }
    gpu_device().await
}

/// Is the browser's default WebGPU adapter a software one (a fallback
/// adapter, or SwiftShader)?
async fn software_adapter() -> bool {
    let Ok(nav) = js_sys::Reflect::get(&scope(), &"navigator".into()) else {
        return false;
    };
    let Ok(gpu) = js_sys::Reflect::get(&nav, &"gpu".into()) else {
        return false;
    };
    let Ok(request) = js_sys::Reflect::get(&gpu, &"requestAdapter".into())
        .and_then(|f| f.dyn_into::<js_sys::Function>())
        .and_then(|f| f.call0(&gpu))
    else {
        return false;
    };
    let Ok(adapter) = JsFuture::from(js_sys::Promise::from(request)).await else {
        return false;
    };
    if adapter.is_null() || adapter.is_undefined() {
        return false;
    }
    let get =
        |o: &JsValue, k: &str| js_sys::Reflect::get(o, &k.into()).unwrap_or(JsValue::UNDEFINED);
    let info = get(&adapter, "info");
    let fallback = get(&info, "isFallbackAdapter").is_truthy()
        || get(&adapter, "isFallbackAdapter").is_truthy();
    let architecture = get(&info, "architecture").as_string().unwrap_or_default();
    fallback || architecture.to_lowercase().contains("swiftshader")
}

#[cfg(feature = "webgpu")]
async fn gpu_device() -> Result<Device, NoGpu> {
    Device::wgpu_options()
        .init_async()
        .await
        .map_err(|e| NoGpu {
            why: NoGpuWhy::NoDevice,
            detail: e.to_string(),
        })
}

#[cfg(not(feature = "webgpu"))]
async fn gpu_device() -> Result<Device, NoGpu> {
    Err(NoGpu {
        why: NoGpuWhy::NoBuild,
        detail: "built without the webgpu feature".into(),
    })
}

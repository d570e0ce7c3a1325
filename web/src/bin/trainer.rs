//! The training worker: a dedicated web worker that holds the data and the
//! network and runs cnn-train's loop, so the page keeps animating while it
//! trains. The page starts it only when the trainer opens; it speaks the
//! JSON messages of `cnn_train::protocol` (model files travel as bytes).

use std::cell::RefCell;

use burn::tensor::Device;
use cnn_train::data::{mnist, photos};
use cnn_train::export;
use cnn_train::protocol::{
    Backend, BackendChoice, DataChoice, Mistake, NoGpu, NoGpuWhy, Occlusion, Reply, Request,
    Snapshot, WorkerError,
};
use cnn_train::{Dataset, Event, Failure, TrainConfig, Trainer};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::DedicatedWorkerGlobalScope;

/// How often the page gets new filters and feature maps while training.
const SNAPSHOT_MS: f64 = 400.0;

#[derive(Default)]
struct State {
    trainer: Option<Trainer>,
    paused: bool,
    stop: bool,
    running: bool,
    probe: usize,
    /// Bumped by each Start: an old loop that sees a new number ends.
    run: u32,
    /// The WebGPU device, once acquired (a runtime is set up only once).
    gpu: Option<Device>,
    /// Why WebGPU cannot be used, when it cannot.
    gpu_missing: Option<NoGpu>,
    /// The only adapter is a software one (SwiftShader): slower than the
    /// CPU backend, so Automatic does not pick it.
    gpu_software: bool,
    /// For tests: fail the device at the next step.
    fail_next: bool,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(reply: &Reply) {
    if let Ok(json) = serde_json::to_string(reply) {
        let _ = scope().post_message(&JsValue::from_str(&json));
    }
}

/// Decodes a photo the browser refused, with the `image` crate, and posts
/// it (`width × height` RGB bytes beside [`Reply::Decoded`]).
fn decode_photo(id: u64, max_side: u32, bytes: &[u8]) {
    match cnn_photos::decode::decode(bytes, max_side) {
        Ok(rgb) => {
            let reply = Reply::Decoded {
                id,
                width: rgb.width,
                height: rgb.height,
            };
            if let Ok(json) = serde_json::to_string(&reply) {
                let msg = js_sys::Array::of2(
                    &JsValue::from_str(&json),
                    &js_sys::Uint8Array::from(rgb.pixels.as_slice()),
                );
                let _ = scope().post_message(&msg);
            }
        }
        Err(refusal) => post(&Reply::DecodeFailed {
            id,
            message: refusal.to_string(),
        }),
    }
}

fn post_error(error: impl Into<WorkerError>) {
    post(&Reply::Error {
        error: error.into(),
    });
}

fn now() -> f64 {
    js_sys::Date::now()
}

/// Lets messages (pause, stop) in between batches.
async fn yield_now(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = scope().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = JsFuture::from(promise).await;
}

async fn fetch_bytes(url: &str) -> Result<Vec<u8>, WorkerError> {
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

/// The data to train on; `bytes` is what travelled beside the message
/// (the learner's photos; nothing for the built-in sets).
async fn load(data: &DataChoice, bytes: &[u8]) -> Result<Dataset, WorkerError> {
    match data {
        DataChoice::Xo { config } => Ok(cnn_train::data::xo::generate(config)?),
        DataChoice::Digits { pad } => {
            let dir = "datasets/mnist-digits-5k/";
            let images = fetch_bytes(&format!("{dir}digits-5k-images-idx3-ubyte.gz")).await?;
            let labels = fetch_bytes(&format!("{dir}digits-5k-labels-idx1-ubyte.gz")).await?;
            let ds = mnist::parse_idx_gz(&images, &labels)?;
            if *pad == 0 {
                Ok(ds)
            } else {
                Ok(mnist::pad(&ds, *pad)?)
            }
        }
        DataChoice::Photos {
            class_names,
            size,
            count,
        } => Ok(photos::from_bytes(class_names, *size, *count, bytes)?),
    }
}

async fn snapshot(trainer: &Trainer, probe: usize) -> Option<Box<Snapshot>> {
    let val = trainer.validation();
    let index = probe.min(val.len().checked_sub(1)?);
    let image = val.image(index).to_vec();
    let prediction = trainer.predict(&image).await.ok()?;
    let (filters, filter_shape) = trainer
        .first_filters()
        .await
        .ok()
        .flatten()
        .unwrap_or((vec![], [0, 0, 0, 0]));
    // With the biases, the standardisation and the layer's settings, the
    // page can trace any first-layer cell to this prediction's number.
    let filter_bias = trainer
        .first_bias()
        .await
        .ok()
        .flatten()
        .unwrap_or_default();
    Some(Box::new(Snapshot {
        filters,
        filter_shape,
        input: image,
        input_shape: [val.channels, val.height, val.width],
        label: val.labels[index],
        prediction,
        filter_bias,
        input_norm: trainer.input_norm().to_vec(),
        first_layer: trainer.spec().layers.first().copied(),
    }))
}

async fn evaluation(trainer: &Trainer) {
    let val = trainer.validation();
    match trainer.evaluate(val).await {
        Ok(evaluation) => {
            let mistakes = evaluation
                .predictions
                .iter()
                .enumerate()
                .filter(|(i, (p, _))| *p != val.labels[*i])
                .take(24)
                .map(|(i, &(predicted, confidence))| Mistake {
                    index: i,
                    label: val.labels[i],
                    predicted,
                    confidence,
                    image: val.image(i).to_vec(),
                })
                .collect();
            post(&Reply::Evaluation {
                evaluation,
                mistakes,
            });
        }
        Err(e) => post_error(e),
    }
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

fn device_for(choice: BackendChoice) -> (Device, Backend) {
    STATE.with_borrow(|s| match (choice, &s.gpu) {
        (BackendChoice::Cpu, _) | (_, None) => (Device::flex(), Backend::Cpu),
        (BackendChoice::Auto, Some(_)) if s.gpu_software => (Device::flex(), Backend::Cpu),
        (_, Some(gpu)) => (gpu.clone(), Backend::WebGpu),
    })
}

async fn train(
    spec: cnn_train::ModelSpec,
    data: DataChoice,
    bytes: Vec<u8>,
    validation: f32,
    config: TrainConfig,
    run: u32,
    choice: BackendChoice,
) {
    let all = match load(&data, &bytes).await {
        Ok(d) => d,
        Err(e) => return post_error(e),
    };
    drop(bytes);
    let (train, val) = all.split(validation, config.seed);
    // Photos are large: keep only the split copies.
    drop(all);
    let (device, mut backend) = device_for(choice);
    let trainer = match Trainer::new(&spec, train.clone(), val.clone(), config.clone(), &device) {
        Ok(t) => t,
        Err(e) => return post_error(e),
    };
    // On the GPU, the last completed step's weights are also kept here, so
    // that a lost device loses nothing.
    let mut mirror = trainer.checkpoint().await.ok();
    post(&Reply::Started {
        backend,
        train: train.len(),
        validation: val.len(),
        class_names: trainer.class_names().to_vec(),
        steps_per_epoch: trainer.steps_per_epoch(),
    });
    STATE.with_borrow_mut(|s| {
        s.trainer = Some(trainer);
        s.running = true;
    });
    let mut last_snapshot = f64::MIN;
    loop {
        let (stop, paused, current) = STATE.with_borrow(|s| (s.stop, s.paused, s.run));
        if current != run {
            return;
        }
        if stop {
            STATE.with_borrow_mut(|s| {
                s.stop = false;
                if let Some(t) = s.trainer.as_mut() {
                    t.stop();
                }
            });
            post(&Reply::Stopped);
            break;
        }
        if paused {
            yield_now(50).await;
            continue;
        }
        let Some(mut trainer) = STATE.with_borrow_mut(|s| s.trainer.take()) else {
            // Lent to a prediction, an explanation or an export that is
            // still reading the GPU: wait for it to come back.
            yield_now(10).await;
            continue;
        };
        let fail = STATE.with_borrow_mut(|s| std::mem::take(&mut s.fail_next));
        let events = if fail {
            trainer.fail_device("the GPU device was lost (simulated by a test)".into())
        } else {
            trainer.step().await
        };
        let lost = events.iter().find_map(|e| match e {
            Event::Failed(Failure::Device { message }) => Some(message.clone()),
            _ => None,
        });
        if let (Some(reason), Backend::WebGpu, Some(cp)) = (lost, backend, mirror.clone()) {
            // Go on on the CPU from the last completed step.
            let resumed = Trainer::new(
                &spec,
                train.clone(),
                val.clone(),
                config.clone(),
                &Device::flex(),
            )
            .map_err(WorkerError::from)
            .and_then(|mut t| t.restore(&cp).map(|_| t));
            match resumed {
                Ok(t) => {
                    backend = Backend::Cpu;
                    post(&Reply::FellBack {
                        reason,
                        epoch: cp.epoch,
                        step: cp.step,
                    });
                    STATE.with_borrow_mut(|s| s.trainer = Some(t));
                    continue;
                }
                Err(e) => post_error(e),
            }
        }
        if backend == Backend::WebGpu && !events.iter().any(|e| matches!(e, Event::Failed(_))) {
            if let Ok(cp) = trainer.checkpoint().await {
                mirror = Some(cp);
            }
        }
        let finished = trainer.is_done();
        let probe = STATE.with_borrow(|s| s.probe);
        let due = now() - last_snapshot >= SNAPSHOT_MS
            || finished
            || events.iter().any(|e| matches!(e, Event::Epoch(_)));
        if due {
            if let Some(snap) = snapshot(&trainer, probe).await {
                post(&Reply::Snapshot { snapshot: snap });
            }
            last_snapshot = now();
        }
        for event in events {
            post(&Reply::Event { event });
        }
        STATE.with_borrow_mut(|s| s.trainer = Some(trainer));
        if finished {
            break;
        }
        yield_now(0).await;
    }
    let trainer = STATE.with_borrow_mut(|s| {
        s.running = false;
        s.trainer.take()
    });
    if let Some(trainer) = trainer {
        evaluation(&trainer).await;
        STATE.with_borrow_mut(|s| s.trainer = Some(trainer));
    }
}

/// Puts a lent trainer back, unless a new run has replaced it meanwhile.
fn give_back(trainer: Trainer) {
    STATE.with_borrow_mut(|s| {
        if s.trainer.is_none() {
            s.trainer = Some(trainer)
        }
    });
}

/// Posts the model as a file: `reply(name)` as JSON with the file's bytes
/// beside it (`Exported` to download it, `Kept` to store it on this device).
async fn post_model(reply: fn(String) -> Reply) {
    let Some(trainer) = STATE.with_borrow_mut(|s| s.trainer.take()) else {
        return post_error(WorkerError::NoTrainedModel);
    };
    let file = trainer.model_file().await;
    let name = trainer.spec().name.clone();
    give_back(trainer);
    match file {
        Ok(file) => {
            let bytes = export::encode(&file);
            let json = serde_json::to_string(&reply(name)).unwrap_or_default();
            let msg = js_sys::Array::of2(
                &JsValue::from_str(&json),
                &js_sys::Uint8Array::from(bytes.as_slice()),
            );
            let _ = scope().post_message(&msg);
        }
        Err(e) => post_error(e),
    }
}

/// Loads a model file; a file that is not right changes nothing.
fn import_model(bytes: &[u8]) {
    if STATE.with_borrow(|s| s.running) {
        return post_error(WorkerError::StopFirst);
    }
    let file = match export::decode(bytes) {
        Ok(f) => f,
        Err(e) => return post_error(e),
    };
    // On the CPU: an imported model predicts and explains, it does not train.
    let trainer = match Trainer::from_file(&file, &Device::flex()) {
        Ok(t) => t,
        Err(e) => return post_error(e),
    };
    STATE.with_borrow_mut(|s| s.trainer = Some(trainer));
    post(&Reply::Imported {
        spec: file.spec,
        class_names: file.class_names,
    });
}

/// The answer to [`Request::Explain`]: the prediction with every layer's
/// maps, and the occlusion map with the default patch for the input size.
async fn explain(image: Vec<f32>) {
    let Some(trainer) = STATE.with_borrow_mut(|s| s.trainer.take()) else {
        return post_error(WorkerError::NoModel);
    };
    let reply = async {
        let prediction = trainer.predict(&image).await?;
        let s = trainer.spec().input;
        let (patch, stride) = Occlusion::default_patch(s.height.min(s.width));
        let occlusion = trainer.occlusion(&image, patch, stride).await?;
        Ok::<_, WorkerError>(Reply::Explanation {
            prediction,
            occlusion,
        })
    }
    .await;
    give_back(trainer);
    match reply {
        Ok(reply) => post(&reply),
        Err(e) => post_error(e),
    }
}

fn handle(request: Request, bytes: Option<Vec<u8>>) {
    match request {
        Request::Start {
            spec,
            data,
            validation,
            config,
            probe,
            backend,
        } => {
            let run = STATE.with_borrow_mut(|s| {
                s.run += 1;
                s.paused = false;
                s.stop = false;
                s.probe = probe;
                s.trainer = None;
                s.run
            });
            let bytes = bytes.unwrap_or_default();
            spawn_local(train(spec, data, bytes, validation, config, run, backend));
        }
        Request::Pause => {
            STATE.with_borrow_mut(|s| s.paused = true);
            post(&Reply::Paused);
        }
        Request::Resume => {
            STATE.with_borrow_mut(|s| s.paused = false);
            post(&Reply::Resumed);
        }
        Request::Stop => STATE.with_borrow_mut(|s| {
            s.stop = true;
            s.paused = false;
        }),
        Request::Probe { index } => {
            STATE.with_borrow_mut(|s| s.probe = index);
            spawn_local(async move {
                let Some(trainer) = STATE.with_borrow_mut(|s| s.trainer.take()) else {
                    return;
                };
                if let Some(snap) = snapshot(&trainer, index).await {
                    post(&Reply::Snapshot { snapshot: snap });
                }
                give_back(trainer);
            });
        }
        Request::Predict { image } => spawn_local(async move {
            let Some(trainer) = STATE.with_borrow_mut(|s| s.trainer.take()) else {
                return post_error(WorkerError::NoModel);
            };
            let result = trainer.predict(&image).await;
            give_back(trainer);
            match result {
                Ok(prediction) => post(&Reply::Prediction { prediction }),
                Err(e) => post_error(e),
            }
        }),
        Request::Export => spawn_local(post_model(|name| Reply::Exported { name })),
        Request::Keep => spawn_local(post_model(|name| Reply::Kept { name })),
        Request::FailDevice => STATE.with_borrow_mut(|s| s.fail_next = true),
        Request::Import => import_model(&bytes.unwrap_or_default()),
        Request::Explain { image } => spawn_local(explain(image)),
        // Being written (issue 4): decoding.
        Request::Decode { id, max_side } => decode_photo(id, max_side, &bytes.unwrap_or_default()),
    }
}

fn main() {
    console_error_panic_hook::set_once();
    let onmessage = Closure::<dyn Fn(web_sys::MessageEvent)>::new(|e: web_sys::MessageEvent| {
        let data = e.data();
        let (json, bytes) = if let Some(s) = data.as_string() {
            (s, None)
        } else if let Some(arr) = data.dyn_ref::<js_sys::Array>() {
            (
                arr.get(0).as_string().unwrap_or_default(),
                arr.get(1)
                    .dyn_into::<js_sys::Uint8Array>()
                    .ok()
                    .map(|u| u.to_vec()),
            )
        } else {
            return;
        };
        match serde_json::from_str::<Request>(&json) {
            Ok(req) => handle(req, bytes),
            Err(e) => post_error(WorkerError::BadMessage {
                detail: e.to_string(),
            }),
        }
    });
    scope().set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    onmessage.forget();
    spawn_local(async {
        let gpu = init_gpu().await;
        let software = gpu.is_ok() && software_adapter().await;
        let reason = gpu.as_ref().err().cloned();
        STATE.with_borrow_mut(|s| {
            s.gpu_missing = reason.clone();
            s.gpu = gpu.ok();
            s.gpu_software = software;
        });
        post(&Reply::Ready {
            webgpu: reason.is_none(),
            software,
            reason,
        });
    });
}

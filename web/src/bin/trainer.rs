//! The training worker: a dedicated web worker that holds the data and the
//! network and runs cnn-train's loop, so the page keeps animating while it
//! trains. The page starts it only when the trainer opens; it speaks the
//! JSON messages of `cnn_train::protocol` (model files travel as bytes).

use std::cell::RefCell;

use burn::tensor::Device;
use cnn_train::data::mnist;
use cnn_train::export::{self, ModelFile};
use cnn_train::protocol::{DataChoice, Mistake, Reply, Request, Snapshot};
use cnn_train::{Checkpoint, Dataset, Event, TrainConfig, Trainer};
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

fn post_error(message: impl Into<String>) {
    post(&Reply::Error {
        message: message.into(),
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

async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    let resp = JsFuture::from(scope().fetch_with_str(url))
        .await
        .map_err(|_| format!("Could not load {url}."))?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| "Not a response.".to_string())?;
    if !resp.ok() {
        return Err(format!("Could not load {url} ({}).", resp.status()));
    }
    let buf = JsFuture::from(resp.array_buffer().map_err(|_| "No body.".to_string())?)
        .await
        .map_err(|_| format!("Could not read {url}."))?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}

async fn load(data: &DataChoice) -> Result<Dataset, String> {
    match data {
        DataChoice::Xo { config } => {
            cnn_train::data::xo::generate(config).map_err(|e| e.to_string())
        }
        DataChoice::Digits { pad } => {
            let dir = "datasets/mnist-digits-5k/";
            let images = fetch_bytes(&format!("{dir}digits-5k-images-idx3-ubyte.gz")).await?;
            let labels = fetch_bytes(&format!("{dir}digits-5k-labels-idx1-ubyte.gz")).await?;
            let ds = mnist::parse_idx_gz(&images, &labels).map_err(|e| e.to_string())?;
            if *pad == 0 {
                Ok(ds)
            } else {
                mnist::pad(&ds, *pad).map_err(|e| e.to_string())
            }
        }
    }
}

async fn snapshot(trainer: &Trainer, probe: usize) -> Option<Snapshot> {
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
    Some(Snapshot {
        filters,
        filter_shape,
        input: image,
        input_shape: [val.channels, val.height, val.width],
        label: val.labels[index],
        prediction,
    })
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

async fn train(
    spec: cnn_train::ModelSpec,
    data: DataChoice,
    validation: f32,
    config: TrainConfig,
    run: u32,
) {
    let all = match load(&data).await {
        Ok(d) => d,
        Err(e) => return post_error(e),
    };
    let (train, val) = all.split(validation, config.seed);
    let trainer = match Trainer::new(&spec, train.clone(), val.clone(), config, &Device::flex()) {
        Ok(t) => t,
        Err(e) => return post_error(e.to_string()),
    };
    post(&Reply::Started {
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
            return;
        };
        let events = trainer.step().await;
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

async fn export_model() {
    let Some(trainer) = STATE.with_borrow_mut(|s| s.trainer.take()) else {
        return post_error("There is no trained model yet: train one first.");
    };
    let result = trainer.checkpoint().await;
    let file = result.map(|cp| ModelFile {
        spec: trainer.spec().clone(),
        class_names: trainer.class_names().to_vec(),
        epochs: cp.epoch,
        input_norm: cp.input_norm,
        weights: cp.weights,
    });
    let name = trainer.spec().name.clone();
    STATE.with_borrow_mut(|s| s.trainer = Some(trainer));
    match file {
        Ok(file) => {
            let bytes = export::encode(&file);
            let json = serde_json::to_string(&Reply::Exported { name }).unwrap_or_default();
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
        return post_error("Stop training before importing a model.");
    }
    let file = match export::decode(bytes) {
        Ok(f) => f,
        Err(e) => return post_error(e.to_string()),
    };
    // A trainer needs data of the model's shape: an empty set of it.
    let s = file.spec.input;
    let empty = Dataset::new(
        "imported",
        (s.channels, s.height, s.width),
        file.class_names.clone(),
        vec![0.0; s.len()],
        vec![0],
    );
    let trainer = empty.map_err(|e| e.to_string()).and_then(|ds| {
        Trainer::new(
            &file.spec,
            ds.clone(),
            ds,
            TrainConfig {
                epochs: file.epochs.clamp(1, cnn_train::train::MAX_EPOCHS),
                ..TrainConfig::default()
            },
            &Device::flex(),
        )
        .map_err(|e| e.to_string())
    });
    let mut trainer = match trainer {
        Ok(t) => t,
        Err(e) => return post_error(e),
    };
    let restored = trainer.restore(&Checkpoint {
        weights: file.weights.clone(),
        input_norm: file.input_norm.clone(),
        epoch: file.epochs.clamp(1, cnn_train::train::MAX_EPOCHS),
        step: 0,
    });
    if let Err(e) = restored {
        return post_error(e);
    }
    STATE.with_borrow_mut(|s| s.trainer = Some(trainer));
    post(&Reply::Imported {
        spec: file.spec,
        class_names: file.class_names,
    });
}

fn handle(request: Request, bytes: Option<Vec<u8>>) {
    match request {
        Request::Start {
            spec,
            data,
            validation,
            config,
            probe,
        } => {
            let run = STATE.with_borrow_mut(|s| {
                s.run += 1;
                s.paused = false;
                s.stop = false;
                s.probe = probe;
                s.trainer = None;
                s.run
            });
            spawn_local(train(spec, data, validation, config, run));
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
                STATE.with_borrow_mut(|s| {
                    if s.trainer.is_none() {
                        s.trainer = Some(trainer)
                    }
                });
            });
        }
        Request::Predict { image } => spawn_local(async move {
            let Some(trainer) = STATE.with_borrow_mut(|s| s.trainer.take()) else {
                return post_error("There is no model yet: train or import one first.");
            };
            match trainer.predict(&image).await {
                Ok(prediction) => post(&Reply::Prediction { prediction }),
                Err(e) => post_error(e),
            }
            STATE.with_borrow_mut(|s| {
                if s.trainer.is_none() {
                    s.trainer = Some(trainer)
                }
            });
        }),
        Request::Export => spawn_local(export_model()),
        Request::Import => import_model(&bytes.unwrap_or_default()),
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
            Err(e) => post_error(format!("The worker did not understand a message: {e}")),
        }
    });
    scope().set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    onmessage.forget();
    post(&Reply::Ready {
        backend: "cpu".into(),
        reason: "burn's CPU backend (flex), compiled to WebAssembly".into(),
    });
}

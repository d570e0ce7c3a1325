//! The photos page's effects: reading back what was kept, the worker's
//! answers, keeping the project as it changes, and the test hooks.

use std::cell::RefCell;
use std::rc::Rc;

use cnn_train::protocol::{Reply, Request};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::MessageEvent;
use yew::prelude::*;

use super::actions::{crops_for, Handles};
use super::imagenet::SeenAction;
use super::import;
use super::ingest::{post_with_bytes, SharedWorker};
use super::model::{KeptFeatures, Photo, Project, Saved, Settings};
use super::state::{default_name, Action, Explain, ExplainState, Page};
use super::store::{self, Store, KEY_CLASSES, KEY_MODEL, KEY_SETTINGS};
use crate::i18n::{s, t_args};
use crate::training::client::{self, read_reply, save_file, Outbox};
use crate::training::run::{error_text, now, Msg as RunMsg, Run, Status};

/// Photos whose new features the page keeps at once (with the last ones
/// of a run, whatever their number).
const FEATURES_KEPT_AT_ONCE: usize = 64;

/// Opens the store and reads back what was kept (once).
#[hook]
pub fn use_kept_project(
    h: &Handles,
    store: &UseStateHandle<Option<Store>>,
    store_cell: &Rc<RefCell<Option<Store>>>,
) {
    let page = h.page.clone();
    let store = store.clone();
    let store_cell = store_cell.clone();
    let worker = h.worker.clone();
    use_effect_with((), move |_| {
        store::ask_to_persist();
        wasm_bindgen_futures::spawn_local(async move {
            match Store::open().await {
                Ok(st) => {
                    match st.load().await {
                        Ok(kept) => {
                            let mut project = Project::new(default_name);
                            if let Some(saved) = kept
                                .classes
                                .and_then(|j| serde_json::from_str::<Saved>(&j).ok())
                            {
                                if saved.classes.len() >= 2 {
                                    project.classes = saved.classes;
                                }
                            }
                            if let Some(settings) = kept
                                .settings
                                .and_then(|j| serde_json::from_str::<Settings>(&j).ok())
                            {
                                project.settings = settings;
                            }
                            let known: Vec<u32> = project.classes.iter().map(|c| c.id).collect();
                            project.photos = kept
                                .photos
                                .into_iter()
                                .filter(|p| known.contains(&p.class))
                                .collect();
                            if let Some(model) = kept.model {
                                page.dispatch(Action::ModelKept(true));
                                post_with_bytes(&worker, &Request::Import, &model);
                            }
                            page.dispatch(Action::Loaded(project));
                        }
                        Err(e) => {
                            page.dispatch(Action::Loaded(Project::new(default_name)));
                            page.dispatch(Action::Message(Some(t_args(
                                "ph-store-failed",
                                &[("detail", s(e))],
                            ))));
                        }
                    }
                    *store_cell.borrow_mut() = Some(st.clone());
                    store.set(Some(st));
                }
                Err(e) => {
                    page.dispatch(Action::Loaded(Project::new(default_name)));
                    page.dispatch(Action::Message(Some(t_args(
                        "ph-store-failed",
                        &[("detail", s(e))],
                    ))));
                }
            }
        });
    });
}

/// The worker: decoding fallback, training, explaining.
#[hook]
pub fn use_photo_worker(h: &Handles, store_cell: &Rc<RefCell<Option<Store>>>) {
    let worker = h.worker.clone();
    let run = h.run.clone();
    let explained = h.explained.clone();
    let store_slot = store_cell.clone();
    let page = h.page.clone();
    let (imagenet, imagenet_waiting) = (h.imagenet.clone(), h.imagenet_waiting.clone());
    let imagenet_loaded = h.imagenet_loaded.clone();
    let looking = h.looking.clone();
    use_effect_with((), move |_| {
        let w = client::start();
        let shared = worker.clone();
        // Features the base made that are not kept yet.
        let pending = RefCell::new(Vec::<(u64, KeptFeatures)>::new());
        let handler = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
            let Some((reply, bytes)) = read_reply(&e) else {
                return;
            };
            match reply {
                Reply::Decoded { id, width, height } => {
                    import::settle(id, Ok((width, height, bytes.unwrap_or(JsValue::NULL))));
                }
                Reply::DecodeFailed { id, message } => import::settle(id, Err(message)),
                Reply::PhotoImported { id, .. } | Reply::PhotoNotImported { id, .. } => {
                    import::settle_import(id, reply, bytes);
                }
                // For the tests and the benchmark: how many of the worker's
                // peers are ready to share an import.
                Reply::PeersLoaded { count } => {
                    if let Some(body) = web_sys::window()
                        .and_then(|w| w.document())
                        .and_then(|d| d.body())
                    {
                        let _ = body.set_attribute("data-peers", &count.to_string());
                    }
                }
                Reply::Explanation {
                    prediction,
                    occlusion,
                    cam,
                    blocks,
                } => {
                    explained.dispatch(Explain::Answer(prediction, occlusion, cam, blocks));
                }
                Reply::Kept { .. } => {
                    let bytes = bytes
                        .and_then(|b| b.dyn_into::<js_sys::Uint8Array>().ok())
                        .map(|a| a.to_vec());
                    if let (Some(st), Some(bytes)) = (store_slot.borrow().clone(), bytes) {
                        let page = page.clone();
                        wasm_bindgen_futures::spawn_local(async move {
                            match st.put_bytes(KEY_MODEL, Some(&bytes)).await {
                                Ok(()) => page.dispatch(Action::ModelKept(true)),
                                Err(e) => page.dispatch(Action::Message(Some(t_args(
                                    "ph-store-failed",
                                    &[("detail", s(e))],
                                )))),
                            }
                        });
                    }
                }
                Reply::Exported { name } => {
                    if let Some(bytes) = bytes {
                        save_file(
                            &bytes,
                            &format!("{}.cnnmodel", name.replace(['/', ' '], "-")),
                        );
                    }
                }
                Reply::Features { from, count } => {
                    // What the base made of the photos it looked at, a round
                    // at a time: kept with each photo, in the page and in
                    // the store.
                    let (of, ids) = {
                        let l = looking.borrow();
                        let ids = l.ids.get(from..from + count).map(<[u64]>::to_vec);
                        (l.of.clone(), ids.unwrap_or_default())
                    };
                    let values = bytes
                        .and_then(|b| b.dyn_into::<js_sys::Uint8Array>().ok())
                        .map(|a| a.to_vec())
                        .unwrap_or_default();
                    let per = cnn_train::transfer::FEATURE_BYTES;
                    if ids.len() == count && values.len() == count * per {
                        let made: Vec<(u64, KeptFeatures)> = ids
                            .into_iter()
                            .zip(values.chunks_exact(per))
                            .map(|(id, b)| {
                                let values = b
                                    .chunks_exact(4)
                                    .map(|v| f32::from_le_bytes([v[0], v[1], v[2], v[3]]))
                                    .collect();
                                (
                                    id,
                                    KeptFeatures {
                                        of: of.clone(),
                                        values: Rc::new(values),
                                    },
                                )
                            })
                            .collect();
                        // Kept a few rounds at a time: each keeping redraws
                        // the page and writes the store.
                        let last = from + count >= looking.borrow().ids.len();
                        let made = {
                            let mut p = pending.borrow_mut();
                            p.extend(made);
                            if p.len() < FEATURES_KEPT_AT_ONCE && !last {
                                return;
                            }
                            std::mem::take(&mut *p)
                        };
                        if let Some(st) = store_slot.borrow().clone() {
                            let made = made.clone();
                            wasm_bindgen_futures::spawn_local(async move {
                                // Not kept: the base looks again next time.
                                let _ = st.put_features(&made).await;
                            });
                        }
                        page.dispatch(Action::FeaturesKept(made));
                    }
                }
                Reply::NeedCrops {
                    run: at,
                    part,
                    photos,
                } => {
                    let (wanted, settings) = {
                        let l = looking.borrow();
                        let wanted: Option<Vec<Photo>> =
                            photos.iter().map(|&i| l.photos.get(i).cloned()).collect();
                        (wanted, l.settings.clone())
                    };
                    let store = store_slot.borrow().clone();
                    let (worker, run) = (shared.clone(), run.clone());
                    wasm_bindgen_futures::spawn_local(async move {
                        match crops_for(wanted, &settings, store.as_ref()).await {
                            Ok(array) => {
                                let req = Request::Crops { run: at, part };
                                worker.borrow_mut().send_with_array(&req, array);
                            }
                            // The run cannot go on: it stops, and says why.
                            Err(detail) => {
                                worker.borrow_mut().send(&Request::Stop);
                                run.dispatch(RunMsg::DataFailed(t_args(
                                    "ph-pixels-unread",
                                    &[("detail", s(detail))],
                                )));
                            }
                        }
                    });
                }
                Reply::ExportedOnnx { name } => {
                    if let Some(bytes) = bytes {
                        save_file(&bytes, &format!("{}.onnx", name.replace(['/', ' '], "-")));
                    }
                }
                Reply::Ready { .. } => {
                    shared.borrow_mut().ready();
                    run.dispatch(RunMsg::Reply(reply, now()));
                }
                Reply::ImageNet { top, ms, loaded } => {
                    imagenet_waiting.set(false);
                    imagenet_loaded.set(true);
                    imagenet.dispatch(SeenAction::Answer { top, ms, loaded });
                }
                Reply::Error { error } if imagenet_waiting.get() => {
                    imagenet_waiting.set(false);
                    imagenet.dispatch(SeenAction::Failed(error_text(&error)));
                }
                Reply::Error { error } => {
                    page.dispatch(Action::Message(Some(error_text(&error))));
                    run.dispatch(RunMsg::Reply(Reply::Error { error }, now()));
                    run.dispatch(RunMsg::Message(String::new()));
                }
                other => run.dispatch(RunMsg::Reply(other, now())),
            }
        });
        if let Some(w) = &w {
            w.set_onmessage(Some(handler.as_ref().unchecked_ref()));
        }
        *worker.borrow_mut() = Outbox::new(w.clone());
        move || {
            if let Some(w) = w {
                w.terminate();
            }
            drop(handler);
        }
    });
}

/// Keeps classes and settings whenever they change.
#[hook]
pub fn use_keep_project(page: &Page, store: Option<Store>) {
    let saved = serde_json::to_string(&Saved {
        classes: page.project.classes.clone(),
    })
    .unwrap_or_default();
    let settings = serde_json::to_string(&page.project.settings).unwrap_or_default();
    let loaded = page.loaded;
    use_effect_with(
        (saved, settings, loaded, store.is_some()),
        move |(saved, settings, loaded, _)| {
            if let (true, Some(st)) = (*loaded, store) {
                let (saved, settings) = (saved.clone(), settings.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let _ = st.put_text(KEY_CLASSES, &saved).await;
                    let _ = st.put_text(KEY_SETTINGS, &settings).await;
                });
            }
        },
    );
}

/// The kept pixels of `photo` (the one previewed): the page's own where
/// it holds them, else read from the store. `None` until they are read (or
/// if they cannot be).
#[hook]
pub fn use_photo_pixels(photo: Option<Photo>, store: Option<Store>) -> Option<Rc<Vec<u8>>> {
    let got = use_state(|| None::<(u64, Rc<Vec<u8>>)>);
    let wanted = use_mut_ref(|| None::<u64>);
    let id = photo.as_ref().map(|p| p.id);
    {
        let (got, wanted) = (got.clone(), wanted.clone());
        use_effect_with((id, store.is_some()), move |_| {
            *wanted.borrow_mut() = photo.as_ref().map(|p| p.id);
            let Some(p) = photo else { return };
            let size = p.width as usize * p.height as usize * 3;
            match (&p.pixels, store) {
                (Some(px), _) => got.set(Some((p.id, px.clone()))),
                (None, Some(st)) => wasm_bindgen_futures::spawn_local(async move {
                    let read = st
                        .pixels(&[p.id])
                        .await
                        .ok()
                        .and_then(|mut v| v.pop().flatten());
                    // A later choice may have come first: keep only its.
                    if *wanted.borrow() == Some(p.id) {
                        if let Some(px) = read.filter(|px| px.len() == size) {
                            got.set(Some((p.id, Rc::new(px))));
                        }
                    }
                }),
                (None, None) => {}
            }
        });
    }
    (*got)
        .as_ref()
        .filter(|(i, _)| Some(*i) == id)
        .map(|(_, px)| px.clone())
}

/// A finished run is kept on this device.
#[hook]
pub fn use_keep_run(run: &Run, worker: &SharedWorker) {
    let worker = worker.clone();
    let done = run.status == Status::Done && run.evaluation.is_some();
    use_effect_with(done, move |done| {
        if *done {
            post_with_bytes(&worker, &Request::Keep, &[]);
        }
    });
}

/// Tells tests where things are (`data-*` on the body).
#[hook]
pub fn use_test_hooks(page: &Page, run: &Run, explained: &ExplainState) {
    let photos = page.project.photos.len();
    let classes = page.project.classes.len();
    let importing = if page.import.running {
        "running"
    } else if page.import.total > 0 {
        "done"
    } else {
        "idle"
    };
    let loaded = page.loaded;
    let status = format!("{:?}", run.status).to_lowercase();
    let epochs = run.epochs.len();
    let explained_ready = explained.0.as_ref().is_some_and(|e| e.occlusion.is_some());
    let has_model = run.has_model;
    let model_kept = page.model_kept;
    let decoders = page.import.decoders;
    let import_workers = page.import.worker_count();
    let rate = match run.status {
        Status::Training | Status::Paused | Status::Done if run.images > 0 => {
            run.timing().images_per_s
        }
        _ => 0.0,
    };
    let backend = run
        .backend
        .map(|b| format!("{b:?}").to_lowercase())
        .unwrap_or_default();
    use_effect(move || {
        if let Some(b) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        {
            let set = |k: &str, v: String| {
                let _ = b.set_attribute(k, &v);
            };
            set("data-ready", loaded.to_string());
            set("data-photos", photos.to_string());
            set("data-classes", classes.to_string());
            set("data-import", importing.to_string());
            set("data-train", status);
            set("data-epochs", epochs.to_string());
            set("data-explained", explained_ready.to_string());
            set("data-model", has_model.to_string());
            set("data-model-kept", model_kept.to_string());
            set("data-decoders", format!("{},{}", decoders.0, decoders.1));
            set("data-import-workers", import_workers.to_string());
            set("data-rate", format!("{rate:.1}"));
            set("data-backend", backend);
        }
    });
}

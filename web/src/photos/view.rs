//! The photos page (`?view=photos`): classes, importing, the grid, the
//! network's view of a photo, training, testing a new photo with an
//! occlusion map, and keeping the project on this device.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use cnn_photos::sniff::{MAX_CLASSES, MAX_PHOTOS, MAX_PIXELS};
use cnn_train::protocol::{Occlusion, Reply, Request};
use cnn_train::{Prediction, Rng};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, FileSystemEntry, HtmlInputElement, MessageEvent, Worker};
use yew::prelude::*;

use super::grid::{heat_overlay, planar_bytes_to_rgb, planar_to_rgb, PhotoGrid, Picture};
use super::import::{self, Decoder, Incoming, Source};
use super::model::{ClassError, ModelChoice, NotReady, Photo, Project, Saved, Settings, SIZES};
use super::store::{self, Store, KEY_CLASSES, KEY_MODEL, KEY_SETTINGS};
use crate::i18n::{n, s, t, t_args};
use crate::shell::header::{Header, Section};
use crate::shell::projector::{projector_overlays, use_blank_screen, use_pointer_spot};
use crate::shell::query;
use crate::training::client::{self, read_reply, save_file, send, send_with_bytes};
use crate::training::curves::Curve;
use crate::training::editor::{spec_error_text, ModelEditor};
use crate::training::run::{error_text, now, Msg as RunMsg, Run, Status};
use crate::ui::canvas::Tile;
use crate::ui::fields::{field_error_text, FieldError};
use crate::ui::format::{fmt_time, group};

/// How an import is going.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Progress {
    pub total: usize,
    pub done: usize,
    pub stored: usize,
    pub started_at: f64,
    pub running: bool,
    /// Imports under way (a second selection may start before the first ends:
    /// its photos join the same count).
    pub active: usize,
    /// Photos per decoder (browser, image crate), for the benchmark.
    pub decoders: (usize, usize),
}

/// The page's state apart from training (which is the trainer's [`Run`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    pub project: Project,
    /// Whether what was kept has been read back.
    pub loaded: bool,
    /// The class whose photos the grid shows.
    pub selected: Option<u32>,
    /// The photo the "network's view" previews.
    pub preview: Option<u64>,
    pub import: Progress,
    /// Files skipped, each as a sentence naming it.
    pub skipped: Vec<String>,
    pub message: Option<String>,
    /// A trained model is kept in this browser.
    pub model_kept: bool,
}

pub enum Action {
    Loaded(Project),
    AddClass,
    Rename(u32, String),
    Colour(u32, String),
    RemoveClass(u32),
    Select(u32),
    Preview(u64),
    ImportStart(usize),
    /// A photo decoded and stored.
    Added(Photo, Decoder),
    Skipped(String),
    ImportDone,
    RemovePhoto(u64),
    Settings(Settings),
    Replace(Project),
    /// Classes made for an import's folders.
    SetClasses(Vec<super::model::Class>),
    Message(Option<String>),
    ModelKept(bool),
}

fn class_error(e: &ClassError) -> String {
    match e {
        ClassError::Duplicate(name) => t_args(e.key(), &[("name", s(name.clone()))]),
        ClassError::TooMany => t_args(e.key(), &[("max", n(MAX_CLASSES))]),
        _ => t(e.key()),
    }
}

fn default_name(k: usize) -> String {
    t_args("ph-class-default", &[("n", n(k))])
}

/// Whether a class still has the name it was given when it was made.
fn is_default_name(name: &str) -> bool {
    (1..=MAX_CLASSES).any(|k| default_name(k) == name)
}

impl Reducible for Page {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut p = (*self).clone();
        match action {
            Action::Loaded(project) => {
                p.selected = project.classes.first().map(|c| c.id);
                p.project = project;
                p.loaded = true;
            }
            Action::AddClass => match p
                .project
                .add_class(&default_name(p.project.classes.len() + 1))
            {
                Ok(id) => {
                    p.selected = Some(id);
                    p.message = None;
                }
                Err(e) => p.message = Some(class_error(&e)),
            },
            Action::Rename(id, name) => {
                p.message = p.project.rename(id, &name).err().map(|e| class_error(&e));
            }
            Action::Colour(id, c) => p.project.set_colour(id, &c),
            Action::RemoveClass(id) => match p.project.remove_class(id) {
                Ok(_) => {
                    if p.selected == Some(id) {
                        p.selected = p.project.classes.first().map(|c| c.id);
                    }
                    p.message = None;
                }
                Err(e) => p.message = Some(class_error(&e)),
            },
            Action::Select(id) => p.selected = Some(id),
            Action::Preview(id) => p.preview = Some(id),
            Action::ImportStart(total) => {
                if p.import.active > 0 {
                    p.import.total += total;
                } else {
                    p.import = Progress {
                        total,
                        started_at: now(),
                        ..Progress::default()
                    };
                    p.skipped.clear();
                }
                p.import.active += 1;
                p.import.running = true;
            }
            Action::Added(photo, decoder) => {
                p.import.done += 1;
                p.import.stored += 1;
                match decoder {
                    Decoder::Browser => p.import.decoders.0 += 1,
                    Decoder::ImageCrate => p.import.decoders.1 += 1,
                }
                if p.preview.is_none() {
                    p.preview = Some(photo.id);
                }
                p.project.photos.push(photo);
            }
            Action::Skipped(text) => {
                p.import.done += 1;
                p.skipped.push(text);
            }
            Action::ImportDone => {
                p.import.active = p.import.active.saturating_sub(1);
                p.import.running = p.import.active > 0;
            }
            Action::RemovePhoto(id) => {
                p.project.photos.retain(|ph| ph.id != id);
                if p.preview == Some(id) {
                    p.preview = None;
                }
            }
            Action::Settings(s) => p.project.settings = s,
            Action::Replace(project) => {
                p.selected = project.classes.first().map(|c| c.id);
                p.preview = project.photos.first().map(|ph| ph.id);
                p.project = project;
                p.skipped.clear();
                p.import = Progress::default();
            }
            Action::SetClasses(classes) => {
                if p.selected
                    .is_none_or(|id| !classes.iter().any(|c| c.id == id))
                {
                    p.selected = classes.first().map(|c| c.id);
                }
                p.project.classes = classes;
            }
            Action::Message(m) => p.message = m,
            Action::ModelKept(k) => p.model_kept = k,
        }
        Rc::new(p)
    }
}

/// What the worker explained about a test photo.
#[derive(Clone, Debug, PartialEq)]
pub struct Explained {
    /// The photo as the network saw it, `[h, w, 3]`.
    pub rgb: Rc<Vec<u8>>,
    pub size: usize,
    pub prediction: Option<Prediction>,
    pub occlusion: Option<Occlusion>,
}

/// What happens to the explanation panel.
pub enum Explain {
    /// A photo was sent to be explained.
    Start(Rc<Vec<u8>>, usize),
    /// The worker's answer.
    Answer(Prediction, Occlusion),
    Clear,
}

/// The explanation panel: nothing yet, or a photo and (once answered) why.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExplainState(pub Option<Explained>);

impl Reducible for ExplainState {
    type Action = Explain;

    fn reduce(self: Rc<Self>, action: Explain) -> Rc<Self> {
        Rc::new(ExplainState(match action {
            Explain::Start(rgb, size) => Some(Explained {
                rgb,
                size,
                prediction: None,
                occlusion: None,
            }),
            Explain::Answer(prediction, occlusion) => self.0.clone().map(|e| Explained {
                prediction: Some(prediction),
                occlusion: Some(occlusion),
                ..e
            }),
            Explain::Clear => None,
        }))
    }
}

/// Photo ids are unique in a project: every import takes them from here.
fn fresh_ids(at_least: u64, count: usize) -> u64 {
    thread_local! {
        static NEXT: std::cell::Cell<u64> = const { std::cell::Cell::new(1) };
    }
    NEXT.with(|n| {
        let first = n.get().max(at_least);
        n.set(first + count as u64);
        first
    })
}

/// Writes one typed field into the settings.
type SetSetting = Rc<dyn Fn(&mut Settings, String)>;

/// The worker's handle, shared with async tasks.
type SharedWorker = Rc<RefCell<Option<Worker>>>;

fn post_with_bytes(worker: &SharedWorker, req: &Request, bytes: &[u8]) -> bool {
    send_with_bytes(worker.borrow().as_ref(), req, bytes)
}

/// Imports `items` into `class` (or their folders' classes), two at a time.
fn run_import(
    items: Vec<Incoming>,
    class: u32,
    page: UseReducerHandle<Page>,
    store: Option<Store>,
    worker: SharedWorker,
) {
    if items.is_empty() {
        return;
    }
    // Zips open into their photos first (their folders name the classes).
    wasm_bindgen_futures::spawn_local(async move {
        let mut queue = VecDeque::new();
        let mut notes = Vec::new();
        for item in items {
            let is_zip = item.name.to_lowercase().ends_with(".zip")
                || matches!(&item.source, Source::Bytes(b) if import::is_zip(b));
            if !is_zip {
                queue.push_back(item);
                continue;
            }
            if item.size() > import::MAX_ZIP_BYTES {
                notes.push(t_args(
                    "ph-zip-too-big",
                    &[
                        ("file", s(item.name.clone())),
                        ("megabytes", n((item.size() / 1_048_576) as usize)),
                        ("max", n((import::MAX_ZIP_BYTES / 1_048_576) as usize)),
                    ],
                ));
                continue;
            }
            match import::bytes_of(&item)
                .await
                .and_then(|b| import::unzip(&b))
            {
                Ok(inner) => queue.extend(inner),
                Err(e) => notes.push(t_args(
                    "ph-bad-zip",
                    &[("file", s(item.name.clone())), ("detail", s(e))],
                )),
            }
        }
        // Classes named by folders, made before any photo arrives.
        let mut project = page.project.clone();
        let mut targets = Vec::with_capacity(queue.len());
        for item in &queue {
            let id = match &item.folder {
                Some(folder) => match project.class_named(folder, is_default_name) {
                    Ok(id) => id,
                    Err(e) => {
                        notes.push(t_args(
                            "ph-bad-folder",
                            &[
                                ("folder", s(folder.clone())),
                                ("detail", s(class_error(&e))),
                            ],
                        ));
                        continue;
                    }
                },
                None => class,
            };
            targets.push((item.clone(), id));
        }
        if project.classes != page.project.classes {
            page.dispatch(Action::SetClasses(project.classes.clone()));
        }
        let room = page.project.room();
        if targets.len() > room {
            notes.push(t_args(
                "ph-too-many-photos",
                &[("max", n(MAX_PHOTOS)), ("left", n(targets.len() - room))],
            ));
            targets.truncate(room);
        }
        page.dispatch(Action::ImportStart(targets.len()));
        if !notes.is_empty() {
            page.dispatch(Action::Message(Some(notes.join(" "))));
        }
        let next_id = Rc::new(RefCell::new(fresh_ids(
            page.project.next_photo_id(),
            targets.len(),
        )));
        let queue = Rc::new(RefCell::new(VecDeque::from(targets)));
        let lanes = Rc::new(RefCell::new(2usize));
        for _ in 0..2 {
            let (queue, page, store, worker, next_id, lanes) = (
                queue.clone(),
                page.clone(),
                store.clone(),
                worker.clone(),
                next_id.clone(),
                lanes.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                loop {
                    let Some((item, class)) = queue.borrow_mut().pop_front() else {
                        break;
                    };
                    let id = {
                        let mut n = next_id.borrow_mut();
                        *n += 1;
                        *n - 1
                    };
                    let post = |id: u64, max_side: u32, bytes: &[u8]| {
                        post_with_bytes(&worker, &Request::Decode { id, max_side }, bytes)
                    };
                    match import::decode(id, &item, &post).await {
                        Ok(d) => {
                            let photo = Photo {
                                id,
                                class,
                                name: item.name.clone(),
                                width: d.width,
                                height: d.height,
                                rgb: Rc::new(d.rgb),
                            };
                            let kept = match &store {
                                Some(st) => st.put_photo(&photo).await,
                                None => Ok(()),
                            };
                            match kept {
                                Ok(()) => page.dispatch(Action::Added(photo, d.decoder)),
                                Err(e) => page.dispatch(Action::Skipped(t_args(
                                    "ph-not-stored",
                                    &[("file", s(item.name.clone())), ("detail", s(e))],
                                ))),
                            }
                        }
                        Err(skip) => page.dispatch(Action::Skipped(skip.text(&item.name))),
                    }
                }
                let mut l = lanes.borrow_mut();
                *l -= 1;
                if *l == 0 {
                    page.dispatch(Action::ImportDone);
                }
            });
        }
    });
}

/// The files chosen in a file input, which is then emptied (so choosing the
/// same file again is a change too).
fn take_files(e: &Event) -> Vec<Incoming> {
    let input = e
        .target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok());
    let items = files_of(input.as_ref().and_then(|i| i.files()));
    if let Some(i) = input {
        i.set_value("");
    }
    items
}

fn files_of(list: Option<web_sys::FileList>) -> Vec<Incoming> {
    let Some(list) = list else { return vec![] };
    (0..list.length())
        .filter_map(|i| list.get(i))
        .map(|f| Incoming {
            name: f.name(),
            source: Source::File(f),
            folder: None,
        })
        .collect()
}

/// Decodes a photo to test the network on, then has it explained.
fn test_photo(
    item: Incoming,
    explain: Rc<dyn Fn(cnn_photos::Rgb)>,
    worker: SharedWorker,
    page: UseReducerHandle<Page>,
) {
    wasm_bindgen_futures::spawn_local(async move {
        let post = |id: u64, max_side: u32, bytes: &[u8]| {
            post_with_bytes(&worker, &Request::Decode { id, max_side }, bytes)
        };
        match import::decode(u64::MAX, &item, &post).await {
            Ok(d) => explain(cnn_photos::Rgb {
                width: d.width,
                height: d.height,
                pixels: d.rgb,
            }),
            Err(skip) => page.dispatch(Action::Message(Some(skip.text(&item.name)))),
        }
    });
}

/// The files and folders of a drop (entries must be taken before any await).
fn drop_items(e: &DragEvent) -> (Vec<FileSystemEntry>, Vec<web_sys::File>) {
    e.prevent_default();
    let Some(dt) = e.data_transfer() else {
        return (vec![], vec![]);
    };
    let items = dt.items();
    let mut entries = Vec::new();
    for i in 0..items.length() {
        if let Some(entry) = items
            .get(i)
            .and_then(|it| it.webkit_get_as_entry().ok().flatten())
        {
            entries.push(entry);
        }
    }
    let files = dt
        .files()
        .map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect())
        .unwrap_or_default();
    (entries, files)
}

fn value_of(e: &Event) -> Option<String> {
    let target = e.target()?;
    target
        .dyn_ref::<HtmlInputElement>()
        .map(|i| i.value())
        .or_else(|| {
            target
                .dyn_ref::<web_sys::HtmlSelectElement>()
                .map(|s| s.value())
        })
}

#[function_component(PhotosPage)]
pub fn photos_page() -> Html {
    let page = use_reducer(|| Page {
        project: Project::new(default_name),
        loaded: false,
        selected: None,
        preview: None,
        import: Progress::default(),
        skipped: vec![],
        message: None,
        model_kept: false,
    });
    let run = use_reducer(Run::default);
    let worker: UseStateHandle<SharedWorker> = use_state(|| Rc::new(RefCell::new(None)));
    let store = use_state(|| None::<Store>);
    let explained = use_reducer(ExplainState::default);
    // The store, for closures that outlive a render (the worker's handler).
    let store_cell = use_mut_ref(|| None::<Store>);
    let camera = use_state(|| None::<web_sys::MediaStream>);
    let video_ref = use_node_ref();
    let confirm_clear = use_state(|| false);
    let lang = use_state(crate::i18n::language);
    // Projector mode, as on every page (`projector=1` in the URL).
    let projector = use_state(|| query::get(&query::current_pairs(), "projector") == Some("1"));
    let blank = use_blank_screen(*projector);
    use_pointer_spot();
    let editing = use_state(|| false);
    let aug_seed = use_state(|| 1u64);
    // Model bytes waiting for the worker to be ready.
    let pending_model: UseStateHandle<Rc<RefCell<Option<Vec<u8>>>>> =
        use_state(|| Rc::new(RefCell::new(None)));
    // Whether the worker has started (a message posted before its WebAssembly
    // runs would be lost, so the kept model waits for it).
    let worker_ready = use_mut_ref(|| false);

    // Open the store and read back what was kept.
    {
        let page = page.clone();
        let store = store.clone();
        let store_cell = store_cell.clone();
        let pending_model = pending_model.clone();
        let worker = worker.clone();
        let worker_ready = worker_ready.clone();
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
                                let known: Vec<u32> =
                                    project.classes.iter().map(|c| c.id).collect();
                                project.photos = kept
                                    .photos
                                    .into_iter()
                                    .filter(|p| known.contains(&p.class))
                                    .collect();
                                if let Some(model) = kept.model {
                                    page.dispatch(Action::ModelKept(true));
                                    if !(*worker_ready.borrow()
                                        && post_with_bytes(&worker, &Request::Import, &model))
                                    {
                                        *pending_model.borrow_mut() = Some(model);
                                    }
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

    // The worker: decoding fallback, training, explaining.
    {
        let worker = worker.clone();
        let run = run.clone();
        let explained = explained.clone();
        let store_slot = store_cell.clone();
        let pending_model = pending_model.clone();
        let page = page.clone();
        let worker_ready = worker_ready.clone();
        use_effect_with((), move |_| {
            let w = client::start();
            let shared = (*worker).clone();
            let handler = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
                let Some((reply, bytes)) = read_reply(&e) else {
                    return;
                };
                match reply {
                    Reply::Decoded { id, width, height } => {
                        import::settle(id, Ok((width, height, bytes.unwrap_or(JsValue::NULL))));
                    }
                    Reply::DecodeFailed { id, message } => import::settle(id, Err(message)),
                    Reply::Explanation {
                        prediction,
                        occlusion,
                    } => {
                        explained.dispatch(Explain::Answer(prediction, occlusion));
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
                    Reply::Ready { .. } => {
                        *worker_ready.borrow_mut() = true;
                        if let Some(model) = pending_model.borrow_mut().take() {
                            post_with_bytes(&shared, &Request::Import, &model);
                        }
                        run.dispatch(RunMsg::Reply(reply, now()));
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
            *worker.borrow_mut() = w.clone();
            move || {
                if let Some(w) = w {
                    w.terminate();
                }
                drop(handler);
            }
        });
    }

    // Keep classes and settings whenever they change.
    {
        let store = (*store).clone();
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

    // A finished run is kept on this device.
    {
        let worker = (*worker).clone();
        let done = run.status == Status::Done && run.evaluation.is_some();
        use_effect_with(done, move |done| {
            if *done {
                post_with_bytes(&worker, &Request::Keep, &[]);
            }
        });
    }

    // Tell tests where things are.
    {
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
                set("data-rate", format!("{rate:.1}"));
                set("data-backend", backend);
            }
        });
    }

    let busy = matches!(
        run.status,
        Status::Loading | Status::Training | Status::Paused
    );
    let project = &page.project;
    let settings = project.settings.clone();
    let counts = project.counts();
    let total: usize = counts.iter().sum();

    let set_settings = |f: SetSetting| {
        let page = page.clone();
        Callback::from(move |e: Event| {
            if let Some(v) = value_of(&e) {
                let mut s2 = page.project.settings.clone();
                f(&mut s2, v);
                page.dispatch(Action::Settings(s2));
            }
        })
    };

    // Classes.
    let class_cards = project.classes.iter().zip(&counts).map(|(c, &count)| {
        let id = c.id;
        let selected = page.selected == Some(id);
        let on_name = {
            let page = page.clone();
            Callback::from(move |e: Event| {
                if let Some(v) = value_of(&e) {
                    page.dispatch(Action::Rename(id, v));
                }
            })
        };
        let on_colour = {
            let page = page.clone();
            Callback::from(move |e: Event| {
                if let Some(v) = value_of(&e) {
                    page.dispatch(Action::Colour(id, v));
                }
            })
        };
        let on_remove = {
            let page = page.clone();
            let store = (*store).clone();
            Callback::from(move |_: MouseEvent| {
                let ids: Vec<u64> = page.project.photos.iter().filter(|p| p.class == id).map(|p| p.id).collect();
                if page.project.classes.len() > 2 {
                    if let Some(st) = store.clone() {
                        wasm_bindgen_futures::spawn_local(async move {
                            let _ = st.delete_photos(&ids).await;
                        });
                    }
                }
                page.dispatch(Action::RemoveClass(id));
            })
        };
        let on_files = {
            let page = page.clone();
            let store = (*store).clone();
            let worker = (*worker).clone();
            Callback::from(move |e: Event| {
                let items = take_files(&e);
                page.dispatch(Action::Select(id));
                run_import(items, id, page.clone(), store.clone(), worker.clone());
            })
        };
        let on_drop = {
            let page = page.clone();
            let store = (*store).clone();
            let worker = (*worker).clone();
            Callback::from(move |e: DragEvent| {
                e.stop_propagation();
                let (entries, files) = drop_items(&e);
                let (page, store, worker) = (page.clone(), store.clone(), worker.clone());
                page.dispatch(Action::Select(id));
                wasm_bindgen_futures::spawn_local(async move {
                    let items = import::dropped(entries, files).await;
                    run_import(items, id, page, store, worker);
                });
            })
        };
        let on_select = {
            let page = page.clone();
            Callback::from(move |_: MouseEvent| page.dispatch(Action::Select(id)))
        };
        let share = if total > 0 { count as f64 / total as f64 * 100.0 } else { 0.0 };
        html! {
            <li class={classes!("class-card", selected.then_some("selected"))} style={format!("--class-colour:{}", c.colour)}
                ondragover={Callback::from(|e: DragEvent| e.prevent_default())} ondrop={on_drop} data-class={c.name.clone()}>
                <div class="class-head">
                    <input type="color" class="class-colour" value={c.colour.clone()} onchange={on_colour}
                        aria-label={t_args("ph-class-colour", &[("name", s(c.name.clone()))])} />
                    <input class="class-name" value={c.name.clone()} onchange={on_name} maxlength="40"
                        aria-label={t("ph-class-name")} />
                </div>
                <p class="class-count" aria-live="polite">{ t_args("ph-class-count", &[("count", n(count)), ("share", n(share.round() as usize))]) }</p>
                <div class="class-actions">
                    <label class="action small file-button">{ t("ph-add-photos") }
                        <input type="file" multiple=true accept="image/*,.zip,.heic,.svg" class="sr-only" onchange={on_files} disabled={busy}
                            data-class-input={c.name.clone()} />
                    </label>
                    <button type="button" class="seg small" aria-pressed={selected.to_string()} onclick={on_select}>{ t("ph-show") }</button>
                    <button type="button" class="seg small" onclick={on_remove} disabled={busy || project.classes.len() <= 2}
                        aria-label={t_args("ph-remove-class", &[("name", s(c.name.clone()))])}>{ t("ph-remove") }</button>
                </div>
                <p class="hint">{ t("ph-drop-here") }</p>
            </li>
        }
    });
    let balance = project.classes.iter().zip(&counts).filter(|(_, &c)| c > 0).map(|(c, &count)| {
        let pct = count as f64 / total.max(1) as f64 * 100.0;
        html! { <span class="balance-part" style={format!("width:{pct:.2}%;background:{}", c.colour)} title={format!("{}: {count}", c.name)}></span> }
    });
    let on_add_class = {
        let page = page.clone();
        Callback::from(move |_: MouseEvent| page.dispatch(Action::AddClass))
    };

    // Import progress.
    let imp = &page.import;
    let progress_view = (imp.total > 0).then(|| {
        let elapsed = now() - imp.started_at;
        let left = if imp.done > 0 && imp.running {
            elapsed / imp.done as f64 * (imp.total - imp.done) as f64
        } else {
            0.0
        };
        html! {
            <div class="progress" id="ph-import-progress">
                <progress max={imp.total.to_string()} value={imp.done.to_string()} aria-label={t("ph-importing")}></progress>
                <p class="readout">{ t_args(if imp.running { "ph-import-line" } else { "ph-import-done" }, &[
                    ("done", n(imp.done)), ("total", n(imp.total)), ("stored", n(imp.stored)),
                    ("left", s(fmt_time(left))), ("skipped", n(page.skipped.len())),
                ]) }</p>
            </div>
        }
    });
    let skipped_view = (!page.skipped.is_empty()).then(|| {
        let items = page.skipped.iter().map(|m| html! { <li>{ m }</li> });
        html! {
            <details class="skipped" open=true>
                <summary>{ t_args("ph-skipped", &[("count", n(page.skipped.len()))]) }</summary>
                <ul id="ph-skipped">{ for items }</ul>
            </details>
        }
    });

    // The grid of the selected class.
    let selected_class = project
        .classes
        .iter()
        .find(|c| Some(c.id) == page.selected)
        .cloned();
    let grid = selected_class.as_ref().map(|c| {
        let photos: Rc<Vec<Photo>> = Rc::new(project.photos.iter().filter(|p| p.class == c.id).cloned().collect());
        let on_remove = {
            let page = page.clone();
            let store = (*store).clone();
            Callback::from(move |id: u64| {
                if let Some(st) = store.clone() {
                    wasm_bindgen_futures::spawn_local(async move {
                        let _ = st.delete_photos(&[id]).await;
                    });
                }
                page.dispatch(Action::RemovePhoto(id));
            })
        };
        let on_pick = {
            let page = page.clone();
            Callback::from(move |id: u64| page.dispatch(Action::Preview(id)))
        };
        html! {
            <section class="ph-photos" aria-labelledby="ph-photos-title">
                <h3 id="ph-photos-title">{ t_args("ph-photos-of", &[("name", s(c.name.clone())), ("count", n(photos.len()))]) }</h3>
                if photos.is_empty() {
                    <p class="hint">{ t("ph-no-photos") }</p>
                } else {
                    <PhotoGrid photos={photos} colour={c.colour.clone()} {on_remove} {on_pick} disabled={busy} />
                }
            </section>
        }
    });

    // What the network sees.
    let size = settings.size as usize;
    let preview_photo = page
        .preview
        .and_then(|id| project.photos.iter().find(|p| p.id == id))
        .or_else(|| project.photos.first())
        .cloned();
    let preview = preview_photo.map(|p| {
        let planar = cnn_photos::prepare::fit(&p.as_rgb(), settings.size, settings.fit());
        let seen = Rc::new(planar_bytes_to_rgb(&planar, size, size));
        let variants = if settings.augment {
            let unit = super::model::to_unit(&planar);
            let aug = settings.augmentation();
            let mut rng = Rng::new(*aug_seed);
            (0..6)
                .map(|k| {
                    let tr = aug.sample(size, size, &mut rng);
                    let mut out = vec![0.0; unit.len()];
                    let _ = tr.apply(&unit, 3, size, size, &mut out);
                    let rgb = Rc::new(planar_to_rgb(&out, size, size));
                    html! { <Picture rgb={rgb} w={settings.size} h={settings.size} class="seen"
                        label={t_args("ph-variant", &[("n", n(k + 1))])} /> }
                })
                .collect::<Html>()
        } else {
            Html::default()
        };
        let reshuffle = {
            let aug_seed = aug_seed.clone();
            Callback::from(move |_: MouseEvent| aug_seed.set(*aug_seed + 1))
        };
        html! {
            <div class="ph-preview">
                <figure>
                    <Picture rgb={p.rgb.clone()} w={p.width} h={p.height} class="original" label={p.name.clone()} />
                    <figcaption>{ t_args("ph-original", &[("name", s(p.name.clone())), ("w", n(p.width as usize)), ("h", n(p.height as usize))]) }</figcaption>
                </figure>
                <figure>
                    <Picture rgb={seen} w={settings.size} h={settings.size} class="seen" id={AttrValue::from("ph-seen")} label={t("ph-seen")} />
                    <figcaption>{ t_args("ph-seen-caption", &[("size", n(size))]) }</figcaption>
                </figure>
                if settings.augment {
                    <figure class="variants">
                        <div class="tiles" id="ph-variants">{ variants }</div>
                        <figcaption>{ t("ph-variants") }
                            <button type="button" class="seg small" onclick={reshuffle}>{ t("ph-reshuffle") }</button>
                        </figcaption>
                    </figure>
                }
            </div>
        }
    });

    // Training.
    let classes_n = project.classes.len();
    let spec = settings.spec(classes_n);
    let summary = spec.summary();
    let errors = use_state(Vec::<FieldError>::new);
    let err_for = |field: &str| {
        errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| html! { <span class="field-error" id={format!("ph-err-{field}")}>{ field_error_text(e) }</span> })
    };
    let on_start = {
        let page = page.clone();
        let run = run.clone();
        let worker = (*worker).clone();
        let errors = errors.clone();
        let explained = explained.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let project = &page.project;
            let (config, validation) = match project.settings.config() {
                Ok(c) => c,
                Err(es) => return errors.set(es),
            };
            errors.set(vec![]);
            let (data, bytes) = match project.training_data() {
                Ok(d) => d,
                Err(NotReady::Classes) => {
                    return page.dispatch(Action::Message(Some(t("ph-not-ready-classes"))))
                }
                Err(NotReady::Few { class, count }) => {
                    return page.dispatch(Action::Message(Some(t_args(
                        "ph-not-ready-few",
                        &[
                            ("name", s(class)),
                            ("count", n(count)),
                            ("min", n(super::model::MIN_PER_CLASS)),
                        ],
                    ))))
                }
            };
            page.dispatch(Action::Message(None));
            explained.dispatch(Explain::Clear);
            let spec = project.settings.spec(project.classes.len());
            run.dispatch(RunMsg::Starting(config.epochs));
            let req = Request::Start {
                spec,
                data,
                validation,
                config,
                probe: 0,
                backend: Default::default(),
            };
            post_with_bytes(&worker, &req, &bytes);
        })
    };
    let cmd = |req: Request| {
        let worker = (*worker).clone();
        Callback::from(move |_: MouseEvent| {
            let w = worker.borrow().clone();
            send(&w, &req)
        })
    };
    let on_size = set_settings(Rc::new(|s, v| {
        if let Ok(size) = v.parse::<u32>() {
            if SIZES.contains(&size) {
                s.size = size;
            }
        }
    }));
    let on_fit = set_settings(Rc::new(|s, v| s.crop = v == "crop"));
    let on_model = set_settings(Rc::new(|s, v| {
        s.model = match v.as_str() {
            "tiny-vgg" => ModelChoice::TinyVgg,
            "edited" => ModelChoice::Edited { spec: s.spec(2) },
            _ => ModelChoice::CatsDogs,
        }
    }));
    let on_epochs = set_settings(Rc::new(|s, v| s.epochs = v));
    let on_lr = set_settings(Rc::new(|s, v| s.learning_rate = v));
    let on_batch = set_settings(Rc::new(|s, v| s.batch_size = v));
    let on_validation = set_settings(Rc::new(|s, v| s.validation = v));
    let on_augment = {
        let page = page.clone();
        Callback::from(move |_: MouseEvent| {
            let mut s2 = page.project.settings.clone();
            s2.augment = !s2.augment;
            page.dispatch(Action::Settings(s2));
        })
    };
    let model_slug = match settings.model {
        ModelChoice::CatsDogs => "cats-dogs",
        ModelChoice::TinyVgg => "tiny-vgg",
        ModelChoice::Edited { .. } => "edited",
    };
    let summary_line = match &summary {
        Ok(sm) => t_args(
            "ph-model-size",
            &[("params", s(group(sm.total))), ("layers", n(sm.rows.len()))],
        ),
        Err(e) => spec_error_text(e),
    };

    // How the split will share each class (the worker's stratified split).
    let fraction = settings
        .validation
        .trim()
        .parse::<f32>()
        .ok()
        .filter(|v| (5.0..=50.0).contains(v))
        .map(|v| v / 100.0);
    let split_view = fraction.filter(|_| total > 0).map(|f| {
        let held = cnn_train::data::split_counts(&counts, f);
        let rows = project.classes.iter().zip(counts.iter().zip(&held)).map(|(c, (&all, &val))| html! {
            <tr>
                <th scope="row"><span class="swatch" style={format!("background:{}", c.colour)}></span>{ c.name.clone() }</th>
                <td class="num">{ all }</td><td class="num">{ all - val }</td><td class="num">{ val }</td>
            </tr>
        });
        html! {
            <table class="summary" id="ph-split">
                <caption>{ t("ph-split") }</caption>
                <thead><tr><th scope="col">{ t("ph-split-class") }</th><th scope="col">{ t("ph-split-all") }</th><th scope="col">{ t("ph-split-train") }</th><th scope="col">{ t("ph-split-val") }</th></tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
        }
    });
    let spe = run.steps_per_epoch.max(1);
    let total_steps = spe * run.epochs_total.max(1);
    let timing = run.timing();
    let last = run.batches.last();
    let train_progress = (run.status != Status::Booting && run.status != Status::Idle && run.batch_count > 0).then(|| html! {
        <div class="progress" id="ph-train-progress">
            <progress max={total_steps.to_string()} value={run.batch_count.to_string()} aria-label={t("tr-progress")}></progress>
            <p class="readout">{ t_args("tr-progress-line", &[
                ("epoch", n(last.map(|b| b.epoch).unwrap_or(0))), ("epochs", n(run.epochs_total)),
                ("step", n(last.map(|b| b.step).unwrap_or(0))), ("steps", n(spe)),
                ("elapsed", s(fmt_time(timing.elapsed_ms))), ("remaining", s(fmt_time(timing.left_ms))),
                ("rate", n(timing.images_per_s.round() as usize)),
            ]) }</p>
        </div>
    });
    let epochs_rc = Rc::new(run.epochs.clone());
    let acc_label = t_args(
        "tr-curve-acc",
        &[(
            "value",
            s(run
                .epochs
                .last()
                .map(|e| format!("{:.1}%", e.val_accuracy * 100.0))
                .unwrap_or_else(|| "—".into())),
        )],
    );
    let loss_label = t_args(
        "tr-curve-loss",
        &[(
            "value",
            s(run
                .epochs
                .last()
                .map(|e| format!("{:.3}", e.val_loss))
                .unwrap_or_else(|| "—".into())),
        )],
    );

    let live = run.snapshot.as_ref().map(|snap| {
        let [f, c, k, _] = snap.filter_shape;
        let filters = (0..f.min(32)).map(|i| {
            // Each filter's colour channels averaged into one map.
            let v: Vec<f32> = (0..k * k)
                .map(|j| (0..c).map(|ch| snap.filters[i * c * k * k + ch * k * k + j]).sum::<f32>() / c.max(1) as f32)
                .collect();
            html! { <Tile values={Rc::new(v)} h={k} w={k} signed=true class="filter" label={t_args("tr-filter", &[("n", n(i + 1))])} /> }
        });
        let [_, ih, iw] = snap.input_shape;
        let input = Rc::new(planar_to_rgb(&snap.input, ih, iw));
        html! {
            <section class="tr-network" aria-label={t("tr-network")}>
                <h3>{ t("tr-filters") }</h3>
                <div class="tiles" id="ph-filters">{ for filters }</div>
                <h3>{ t("tr-feature-maps") }</h3>
                <div class="row">
                    <Picture rgb={input} w={iw as u32} h={ih as u32} class="seen" label={t("tr-probe")} />
                    { layer_maps(&snap.prediction, "ph-live-maps") }
                </div>
            </section>
        }
    });

    let eval_view = run.evaluation.as_ref().map(|ev| {
        let (evaluation, _) = &**ev;
        let names = &run.class_names;
        let head = names.iter().map(|c| html! { <th scope="col">{ c }</th> });
        let rows = evaluation.confusion.iter().enumerate().map(|(a, row)| {
            let cells = row.iter().enumerate().map(|(p, v)| html! { <td class={classes!("num", (a == p).then_some("diag"))}>{ v }</td> });
            html! { <tr><th scope="row">{ names.get(a).cloned().unwrap_or_default() }</th>{ for cells }</tr> }
        });
        html! {
            <div>
                <h3>{ t_args("tr-confusion", &[("accuracy", s(format!("{:.1}%", evaluation.accuracy * 100.0)))]) }</h3>
                <table class="confusion" id="ph-confusion">
                    <caption class="sr-only">{ t("tr-confusion-caption") }</caption>
                    <thead><tr><td></td>{ for head }</tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
        }
    });

    // Testing a new photo.
    let explain = {
        let explained = explained.clone();
        let worker = (*worker).clone();
        let size = settings.size;
        let fit = settings.fit();
        Rc::new(move |rgb: cnn_photos::Rgb| {
            let planar = cnn_photos::prepare::fit(&rgb, size, fit);
            let seen = planar_bytes_to_rgb(&planar, size as usize, size as usize);
            explained.dispatch(Explain::Start(Rc::new(seen), size as usize));
            let image = super::model::to_unit(&planar);
            let w = worker.borrow().clone();
            send(&w, &Request::Explain { image });
        })
    };
    let on_test_file = {
        let explain = explain.clone();
        let worker = (*worker).clone();
        let page = page.clone();
        Callback::from(move |e: Event| {
            let Some(item) = take_files(&e).into_iter().next() else {
                return;
            };
            test_photo(item, explain.clone(), worker.clone(), page.clone());
        })
    };
    let on_test_drop = {
        let explain = explain.clone();
        let worker = (*worker).clone();
        let page = page.clone();
        Callback::from(move |e: DragEvent| {
            e.stop_propagation();
            let (_, files) = drop_items(&e);
            let Some(f) = files.into_iter().next() else {
                return;
            };
            let item = Incoming {
                name: f.name(),
                source: Source::File(f),
                folder: None,
            };
            test_photo(item, explain.clone(), worker.clone(), page.clone());
        })
    };
    let on_camera = {
        let camera = camera.clone();
        let video_ref = video_ref.clone();
        let page = page.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(stream) = (*camera).clone() {
                for track in stream.get_tracks().iter() {
                    if let Ok(track) = track.dyn_into::<web_sys::MediaStreamTrack>() {
                        track.stop();
                    }
                }
                camera.set(None);
                return;
            }
            let (camera, video_ref, page) = (camera.clone(), video_ref.clone(), page.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match super::camera::open().await {
                    Ok(stream) => {
                        if let Some(v) = video_ref.cast::<web_sys::HtmlVideoElement>() {
                            v.set_src_object(Some(&stream));
                            let _ = v.play();
                        }
                        camera.set(Some(stream));
                    }
                    Err(e) => page.dispatch(Action::Message(Some(t_args(
                        "ph-camera-failed",
                        &[("detail", s(e))],
                    )))),
                }
            });
        })
    };
    let on_snap = {
        let explain = explain.clone();
        let video_ref = video_ref.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(rgb) = video_ref
                .cast::<web_sys::HtmlVideoElement>()
                .and_then(|v| super::camera::snapshot(&v))
            {
                explain(rgb);
            }
        })
    };
    let explanation_view = explained.0.as_ref().map(|ex| {
        let names: Vec<String> = if run.class_names.is_empty() {
            project.classes.iter().map(|c| c.name.clone()).collect()
        } else {
            run.class_names.clone()
        };
        let colour_of = |name: &str| {
            project.classes.iter().find(|c| c.name == name).map(|c| c.colour.clone()).unwrap_or_else(|| "#1d4ed8".into())
        };
        let bars = ex.prediction.as_ref().map(|p| {
            let items = p.probabilities.iter().enumerate().map(|(i, &pr)| {
                let name = names.get(i).cloned().unwrap_or_else(|| i.to_string());
                let colour = colour_of(&name);
                html! {
                    <li>
                        <span class="cls">{ name.clone() }</span>
                        <span class="bar"><span class="bar-fill" style={format!("width:{:.1}%;background:{colour}", pr * 100.0)}></span></span>
                        <span class="num">{ format!("{:.1}%", pr * 100.0) }</span>
                    </li>
                }
            });
            html! { <ul class="prob-bars" id="ph-probs" aria-label={t("tr-probabilities")}>{ for items }</ul> }
        });
        let heat = ex.occlusion.as_ref().map(|o| {
            let over = Rc::new(heat_overlay(&ex.rgb, ex.size, ex.size, &o.drops, o.rows, o.cols));
            let class = names.get(o.class).cloned().unwrap_or_default();
            html! {
                <figure>
                    <Picture rgb={over} w={ex.size as u32} h={ex.size as u32} class="seen" id={AttrValue::from("ph-occlusion")} label={t("ph-occlusion")} />
                    <figcaption>{ t_args("ph-occlusion-explained", &[("class", s(class)), ("patch", n(o.patch))]) }</figcaption>
                </figure>
            }
        });
        let maps = ex.prediction.as_ref().map(|p| layer_maps(p, "ph-test-maps"));
        html! {
            <div class="ph-result">
                <div class="row">
                    <figure>
                        <Picture rgb={ex.rgb.clone()} w={ex.size as u32} h={ex.size as u32} class="seen" id={AttrValue::from("ph-test-seen")} label={t("ph-seen")} />
                        <figcaption>{ t_args("ph-seen-caption", &[("size", n(ex.size))]) }</figcaption>
                    </figure>
                    { heat.unwrap_or_else(|| html! { <p class="hint">{ t("ph-explaining") }</p> }) }
                    { bars.unwrap_or_default() }
                </div>
                { maps.unwrap_or_default() }
            </div>
        }
    });

    // Keeping and sharing.
    let on_export = {
        let page = page.clone();
        let store = (*store).clone();
        Callback::from(move |_: MouseEvent| {
            let project = page.project.clone();
            let store = store.clone();
            let page = page.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let model = match &store {
                    Some(st) => st.load_model().await.ok().flatten(),
                    None => None,
                };
                match super::share::encode(&project, model) {
                    Ok(bytes) => save_file(
                        &js_sys::Uint8Array::from(bytes.as_slice()).into(),
                        "photos.cnnproject",
                    ),
                    Err(e) => page.dispatch(Action::Message(Some(e))),
                }
            });
        })
    };
    let on_import_project = {
        let page = page.clone();
        let store = (*store).clone();
        let worker = (*worker).clone();
        let run = run.clone();
        let worker_ready = worker_ready.clone();
        let pending_model = (*pending_model).clone();
        Callback::from(move |e: Event| {
            let Some(item) = take_files(&e).into_iter().next() else {
                return;
            };
            let (page, store, worker, run) =
                (page.clone(), store.clone(), worker.clone(), run.clone());
            let (worker_ready, pending_model) = (worker_ready.clone(), pending_model.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let bytes = match import::bytes_of(&item).await {
                    Ok(b) => b,
                    Err(e) => return page.dispatch(Action::Message(Some(e))),
                };
                match super::share::decode(&bytes) {
                    Ok((project, model)) => {
                        if let Some(st) = &store {
                            let written =
                                super::share::write_all(st, &project, model.as_deref()).await;
                            if let Err(e) = written {
                                return page.dispatch(Action::Message(Some(t_args(
                                    "ph-store-failed",
                                    &[("detail", s(e))],
                                ))));
                            }
                        }
                        if let Some(model) = model.clone() {
                            // Before the worker runs, a message to it is lost:
                            // the model waits for its Ready, as a kept one does.
                            if !(*worker_ready.borrow()
                                && post_with_bytes(&worker, &Request::Import, &model))
                            {
                                *pending_model.borrow_mut() = Some(model);
                            }
                        } else {
                            run.dispatch(RunMsg::Message(String::new()));
                        }
                        let count = project.photos.len();
                        page.dispatch(Action::ModelKept(model.is_some()));
                        page.dispatch(Action::Replace(project));
                        page.dispatch(Action::Message(Some(t_args(
                            "ph-project-imported",
                            &[("count", n(count))],
                        ))));
                    }
                    Err(e) => page.dispatch(Action::Message(Some(t_args(
                        "ph-project-bad",
                        &[("file", s(item.name.clone())), ("detail", s(e))],
                    )))),
                }
            });
        })
    };
    let on_clear = {
        let confirm_clear = confirm_clear.clone();
        Callback::from(move |_: MouseEvent| confirm_clear.set(true))
    };
    let on_clear_yes = {
        let page = page.clone();
        let store = (*store).clone();
        let confirm_clear = confirm_clear.clone();
        let explained = explained.clone();
        let run = run.clone();
        Callback::from(move |_: MouseEvent| {
            confirm_clear.set(false);
            explained.dispatch(Explain::Clear);
            run.dispatch(RunMsg::Reset);
            let (page, store) = (page.clone(), store.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if let Some(st) = &store {
                    if let Err(e) = st.clear().await {
                        return page.dispatch(Action::Message(Some(t_args(
                            "ph-store-failed",
                            &[("detail", s(e))],
                        ))));
                    }
                }
                page.dispatch(Action::Replace(Project::new(default_name)));
                page.dispatch(Action::ModelKept(false));
                page.dispatch(Action::Message(Some(t("ph-cleared"))));
            });
        })
    };
    let on_clear_no = {
        let confirm_clear = confirm_clear.clone();
        Callback::from(move |_: MouseEvent| confirm_clear.set(false))
    };
    let on_projector = {
        let projector = projector.clone();
        Callback::from(move |()| {
            let on = !*projector;
            projector.set(on);
            let url = if on {
                "?view=photos&projector=1"
            } else {
                "?view=photos"
            };
            if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
                let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(url));
            }
        })
    };
    let on_lang = {
        let lang = lang.clone();
        Callback::from(move |tag: &'static str| {
            crate::i18n::set_language(tag);
            lang.set(tag);
        })
    };
    let at_limit = project.photos.len() >= MAX_PHOTOS;
    // A drop anywhere else goes to the class shown (a zip makes its own classes).
    let on_page_drop = {
        let page = page.clone();
        let store = (*store).clone();
        let worker = (*worker).clone();
        Callback::from(move |e: DragEvent| {
            let (entries, files) = drop_items(&e);
            let Some(id) = page
                .selected
                .or_else(|| page.project.classes.first().map(|c| c.id))
            else {
                return;
            };
            if busy {
                return;
            }
            let (page, store, worker) = (page.clone(), store.clone(), worker.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let items = import::dropped(entries, files).await;
                run_import(items, id, page, store, worker);
            });
        })
    };

    html! {
        <div class={classes!("app", "photos", projector.then_some("projector"))} data-view="photos"
            ondragover={Callback::from(|e: DragEvent| e.prevent_default())} ondrop={on_page_drop}>
            <Header section={Section::Photos} projector={*projector} {on_projector} {on_lang} />
            <main id="main">
                <h2 class="stage-title">{ t("nav-photos") }</h2>
                <p class="lead">{ t("ph-lead") }</p>
                <p class="note privacy">{ t("ph-privacy") }</p>
                if let Some(m) = &page.message {
                    <p class="note" role="alert" id="ph-message">{ m }</p>
                }

                <section aria-labelledby="ph-classes-title">
                    <h3 id="ph-classes-title">{ t("ph-step-classes") }</h3>
                    <p class="hint">{ t_args("ph-limits", &[("classes", n(MAX_CLASSES)), ("photos", s(group(MAX_PHOTOS))), ("mp", n((MAX_PIXELS / 1_000_000) as usize))]) }</p>
                    <ul class="class-cards" id="ph-classes">{ for class_cards }</ul>
                    <div class="controls-row">
                        <button type="button" class="action" id="ph-add-class" onclick={on_add_class} disabled={busy || project.classes.len() >= MAX_CLASSES}>{ t("ph-add-class") }</button>
                        <span class="hint">{ t_args("ph-total", &[("count", n(total)), ("max", s(group(MAX_PHOTOS)))]) }</span>
                    </div>
                    if at_limit {
                        <p class="note" role="status">{ t_args("ph-at-limit", &[("max", s(group(MAX_PHOTOS)))]) }</p>
                    }
                    if total > 0 {
                        <div class="balance" id="ph-balance" role="img" aria-label={t("ph-balance")}>{ for balance }</div>
                    }
                    { progress_view.unwrap_or_default() }
                    { skipped_view.unwrap_or_default() }
                    { grid.unwrap_or_default() }
                </section>

                <section aria-labelledby="ph-prepare-title">
                    <h3 id="ph-prepare-title">{ t("ph-step-prepare") }</h3>
                    <div class="controls-row">
                        <label class="field">{ t("ph-size") }
                            <select id="ph-size" onchange={on_size} disabled={busy}>
                                { for SIZES.iter().map(|&sz| html! { <option value={sz.to_string()} selected={sz == settings.size}>{ format!("{sz} × {sz}") }</option> }) }
                            </select>
                        </label>
                        <label class="field">{ t("ph-fit") }
                            <select id="ph-fit" onchange={on_fit} disabled={busy}>
                                <option value="crop" selected={settings.crop}>{ t("ph-fit-crop") }</option>
                                <option value="pad" selected={!settings.crop}>{ t("ph-fit-pad") }</option>
                            </select>
                        </label>
                        <button type="button" class="seg" id="ph-augment" aria-pressed={settings.augment.to_string()} onclick={on_augment} disabled={busy}>{ t("ph-augment") }</button>
                    </div>
                    { preview.unwrap_or_else(|| html! { <p class="hint">{ t("ph-no-preview") }</p> }) }
                </section>

                <section aria-labelledby="ph-train-title">
                    <h3 id="ph-train-title">{ t("ph-step-train") }</h3>
                    <form class="tr-form" onsubmit={on_start} novalidate=true>
                        <div class="controls-row">
                            <label class="field">{ t("tr-model") }
                                <select id="ph-model" onchange={on_model} disabled={busy}>
                                    <option value="cats-dogs" selected={model_slug == "cats-dogs"}>{ t("tr-model-cats-dogs") }</option>
                                    <option value="tiny-vgg" selected={model_slug == "tiny-vgg"}>{ t("tr-model-tiny-vgg") }</option>
                                    <option value="edited" selected={model_slug == "edited"}>{ t("ph-model-edited") }</option>
                                </select>
                            </label>
                            <label class="field">{ t("tr-epochs") }<input id="ph-epochs" inputmode="numeric" value={settings.epochs.clone()} onchange={on_epochs} />{ err_for("epochs") }</label>
                            <label class="field">{ t("tr-lr") }<input id="ph-lr" inputmode="decimal" value={settings.learning_rate.clone()} onchange={on_lr} />{ err_for("lr") }</label>
                            <label class="field">{ t("tr-batch") }<input id="ph-batch" inputmode="numeric" value={settings.batch_size.clone()} onchange={on_batch} />{ err_for("batch") }</label>
                            <label class="field">{ t("tr-validation") }<input id="ph-validation" inputmode="decimal" value={settings.validation.clone()} onchange={on_validation} />{ err_for("validation") }</label>
                        </div>
                        <p class="hint" id="ph-model-summary">{ summary_line }</p>
                        { split_view.unwrap_or_default() }
                        <div class="controls-row">
                            <button type="submit" class="action" id="ph-start" disabled={busy || run.status == Status::Booting || summary.is_err()}>{ t("tr-start") }</button>
                            if run.status == Status::Training {
                                <button type="button" class="action" id="ph-pause" onclick={cmd(Request::Pause)}>{ t("tr-pause") }</button>
                            }
                            if run.status == Status::Paused {
                                <button type="button" class="action" id="ph-resume" onclick={cmd(Request::Resume)}>{ t("tr-resume") }</button>
                            }
                            if busy {
                                <button type="button" class="action" id="ph-stop" onclick={cmd(Request::Stop)}>{ t("tr-stop") }</button>
                            }
                            if matches!(settings.model, ModelChoice::Edited { .. }) {
                                <button type="button" class="seg" id="ph-edit" aria-pressed={editing.to_string()}
                                    onclick={{ let editing = editing.clone(); Callback::from(move |_: MouseEvent| editing.set(!*editing)) }}>{ t("ed-toggle") }</button>
                            }
                        </div>
                        if !errors.is_empty() {
                            <p class="field-error" role="alert">{ t("tr-fix-fields") }</p>
                        }
                    </form>
                    if *editing && matches!(settings.model, ModelChoice::Edited { .. }) {
                        <ModelEditor spec={spec.clone()} disabled={busy} on_change={{
                            let page = page.clone();
                            Callback::from(move |sp: cnn_train::ModelSpec| {
                                let mut s2 = page.project.settings.clone();
                                s2.model = ModelChoice::Edited { spec: sp };
                                page.dispatch(Action::Settings(s2));
                            })
                        }} />
                    }
                    if let Some(m) = run.message.as_ref().filter(|m| !m.is_empty() && Some(*m) != page.message.as_ref()) {
                        <p class="note" role="status" id="ph-run-message">{ m }</p>
                    }
                    { train_progress.unwrap_or_default() }
                    if run.batch_count > 0 {
                        <div class="row curves">
                            <figure><Curve batches={run.batches.clone()} stride={run.stride} epochs={epochs_rc.clone()} steps_per_epoch={spe} accuracy=false label={loss_label} /><figcaption>{ t("tr-loss") }</figcaption></figure>
                            <figure><Curve batches={run.batches.clone()} stride={run.stride} epochs={epochs_rc} steps_per_epoch={spe} accuracy=true label={acc_label} /><figcaption>{ t("tr-accuracy") }</figcaption></figure>
                        </div>
                    }
                    { live.unwrap_or_default() }
                    { eval_view.unwrap_or_default() }
                </section>

                <section aria-labelledby="ph-test-title" class="ph-test"
                    ondragover={Callback::from(|e: DragEvent| e.prevent_default())} ondrop={on_test_drop}>
                    <h3 id="ph-test-title">{ t("ph-step-test") }</h3>
                    if !run.has_model {
                        <p class="hint">{ t("ph-test-needs-model") }</p>
                    }
                    <div class="controls-row">
                        <label class="action file-button">{ t("ph-test-file") }
                            <input type="file" id="ph-test-input" accept="image/*" class="sr-only" onchange={on_test_file} disabled={!run.has_model || busy} />
                        </label>
                        <button type="button" class="action" id="ph-camera" onclick={on_camera} disabled={!run.has_model || busy}>
                            { if camera.is_some() { t("ph-camera-off") } else { t("ph-camera-on") } }
                        </button>
                        if camera.is_some() {
                            <button type="button" class="action" id="ph-snap" onclick={on_snap}>{ t("ph-snap") }</button>
                        }
                    </div>
                    <video ref={video_ref} class={classes!("ph-video", camera.is_none().then_some("off"))} muted=true playsinline=true aria-label={t("ph-camera-view")} />
                    { explanation_view.unwrap_or_default() }
                </section>

                <section aria-labelledby="ph-keep-title">
                    <h3 id="ph-keep-title">{ t("ph-step-keep") }</h3>
                    <p class="hint">{ t("ph-keep-hint") }</p>
                    <div class="controls-row">
                        <button type="button" class="action" id="ph-export" onclick={on_export} disabled={busy}>{ t("ph-export") }</button>
                        <label class="action file-button">{ t("ph-import-project") }
                            <input type="file" id="ph-import-project" accept=".cnnproject,.zip" class="sr-only" onchange={on_import_project} disabled={busy} />
                        </label>
                        if *confirm_clear {
                            <span class="confirm" role="alert">{ t("ph-clear-confirm") }
                                <button type="button" class="action danger" id="ph-clear-yes" onclick={on_clear_yes}>{ t("ph-clear-yes") }</button>
                                <button type="button" class="action" id="ph-clear-no" onclick={on_clear_no}>{ t("ph-clear-no") }</button>
                            </span>
                        } else {
                            <button type="button" class="action danger" id="ph-clear" onclick={on_clear} disabled={busy}>{ t("ph-clear") }</button>
                        }
                    </div>
                </section>
            </main>
            { projector_overlays(*projector, blank) }
        </div>
    }
}

/// Every layer's maps (up to 8 each) for one picture.
fn layer_maps(p: &Prediction, id: &'static str) -> Html {
    let layers = p.layers.iter().enumerate().filter(|(_, l)| l.shape[1] > 1).map(|(li, l)| {
        let [ch, h, w] = l.shape;
        let maps = (0..ch.min(8)).map(|m| {
            let v = Rc::new(l.values[m * h * w..(m + 1) * h * w].to_vec());
            html! { <Tile values={v} h={h} w={w} signed=true class="fmap"
                label={t_args("ph-map", &[("layer", n(li + 1)), ("n", n(m + 1))])} /> }
        });
        html! {
            <div class="layer-maps">
                <p class="layer-name">{ t_args("ph-layer", &[("n", n(li + 1)), ("shape", s(format!("{ch}×{h}×{w}")))]) }</p>
                <div class="tiles">{ for maps }</div>
            </div>
        }
    });
    html! { <div class="maps" id={id}>{ for layers }</div> }
}

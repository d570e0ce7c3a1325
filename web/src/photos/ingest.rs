//! Bringing photos into the project: the import driver (zips opened, folder
//! classes made, photos brought in by the workers and stored), and what file
//! inputs, drops and fields carry.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use cnn_photos::sniff::MAX_PHOTOS;
use cnn_train::protocol::Request;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, FileSystemEntry, HtmlInputElement};
use yew::prelude::*;

use super::import::{self, Incoming, Source};
use super::model::{Photo, Settings};
use super::state::{class_error, is_default_name, Action, Arrival, EditSettings, Page};
use super::store::Store;
use crate::i18n::{n, s, t_args};
use crate::training::client::Outbox;
use crate::training::cores;
use crate::ui::format::group;

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

/// The worker's handle, shared with async tasks.
pub type SharedWorker = Rc<RefCell<Outbox>>;

/// Posts `req` to the worker with `bytes` beside it (false where it could not).
pub fn post_with_bytes(worker: &SharedWorker, req: &Request, bytes: &[u8]) -> bool {
    worker.borrow_mut().send_with_bytes(req, bytes)
}

/// Imports `items` into `class` (or their folders' classes): the workers
/// bring them in ([`import::bring_in`], two under way per worker) and the
/// page stores them.
pub fn run_import(
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
                &[
                    ("max", s(group(MAX_PHOTOS))),
                    ("left", s(group(targets.len() - room))),
                ],
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
        // Two photos under way per worker: one travels while one is made.
        let workers = cores::import_workers(page.project.settings.cores, cores::machine_cores());
        let lane_count = 2 * workers;
        let lanes = Rc::new(RefCell::new(lane_count));
        let arrivals = Rc::new(Arrivals::new(page.clone()));
        for _ in 0..lane_count {
            let (queue, page, store, worker, next_id, lanes, arrivals) = (
                queue.clone(),
                page.clone(),
                store.clone(),
                worker.clone(),
                next_id.clone(),
                lanes.clone(),
                arrivals.clone(),
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
                    let post = |req: &Request, blob: &web_sys::Blob| {
                        worker.borrow_mut().send_with_blob(req, blob)
                    };
                    match import::bring_in(id, &item, workers, &post).await {
                        Ok(b) => {
                            let photo = Photo::with_thumb(
                                id,
                                class,
                                item.name.clone(),
                                b.rgb,
                                b.thumb,
                                item.split,
                            );
                            // Once the store has its pixels and thumbnail,
                            // the page keeps neither.
                            let kept = match &store {
                                Some(st) => st.put_photo(&photo).await.map(|()| photo.stored()),
                                None => Ok(photo),
                            };
                            arrivals.push(match kept {
                                Ok(photo) => Arrival::Added(photo, b.decoder, b.worker),
                                Err(e) => Arrival::Skipped(t_args(
                                    "ph-not-stored",
                                    &[("file", s(item.name.clone())), ("detail", s(e))],
                                )),
                            });
                        }
                        Err(skip) => arrivals.push(Arrival::Skipped(skip.text(&item.name))),
                    }
                }
                let mut l = lanes.borrow_mut();
                *l -= 1;
                if *l == 0 {
                    arrivals.flush();
                    page.dispatch(Action::ImportDone);
                }
            });
        }
    });
}

/// How often an import's photos reach the page's state, at most.
const ARRIVALS_MS: i32 = 100;

/// An import's photos (and skipped files) on their way to the page's
/// state, a batch every [`ARRIVALS_MS`]: each change to the state copies
/// the project and redraws the page, which for a photo at a time cost the
/// page's main thread more than the photos themselves, and grew with the
/// project (10,000 photos: 50 million photo copies).
struct Arrivals {
    page: UseReducerHandle<Page>,
    waiting: RefCell<Vec<Arrival>>,
    due: std::cell::Cell<bool>,
}

impl Arrivals {
    fn new(page: UseReducerHandle<Page>) -> Arrivals {
        Arrivals {
            page,
            waiting: RefCell::default(),
            due: std::cell::Cell::new(false),
        }
    }

    /// Adds `arrival` to the next batch, due in [`ARRIVALS_MS`].
    fn push(self: &Rc<Self>, arrival: Arrival) {
        self.waiting.borrow_mut().push(arrival);
        if self.due.replace(true) {
            return;
        }
        let me = Rc::clone(self);
        wasm_bindgen_futures::spawn_local(async move {
            let wait = js_sys::Promise::new(&mut |resolve, _| {
                if let Some(w) = web_sys::window() {
                    let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                        &resolve,
                        ARRIVALS_MS,
                    );
                }
            });
            let _ = wasm_bindgen_futures::JsFuture::from(wait).await;
            me.flush();
        });
    }

    /// Sends what waits to the page now.
    fn flush(&self) {
        self.due.set(false);
        let batch = std::mem::take(&mut *self.waiting.borrow_mut());
        if !batch.is_empty() {
            self.page.dispatch(Action::Arrived(batch));
        }
    }
}

/// The files chosen in a file input, which is then emptied (so choosing the
/// same file again is a change too).
pub fn take_files(e: &Event) -> Vec<Incoming> {
    let input = e
        .target()
        .and_then(|t| t.dyn_into::<HtmlInputElement>().ok());
    let items = files_of(input.as_ref().and_then(|i| i.files()));
    if let Some(i) = input {
        i.set_value("");
    }
    items
}

/// A file input's `onchange` that hands its first chosen file to `on_file`.
pub fn first_file(on_file: Callback<Incoming>) -> Callback<Event> {
    Callback::from(move |e: Event| {
        if let Some(item) = take_files(&e).into_iter().next() {
            on_file.emit(item);
        }
    })
}

fn files_of(list: Option<web_sys::FileList>) -> Vec<Incoming> {
    let Some(list) = list else { return vec![] };
    (0..list.length())
        .filter_map(|i| list.get(i))
        .map(|f| Incoming::loose(f.name(), Source::File(f)))
        .collect()
}

/// The files and folders of a drop (entries must be taken before any await).
pub fn drop_items(e: &DragEvent) -> (Vec<FileSystemEntry>, Vec<web_sys::File>) {
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

pub fn value_of(e: &Event) -> Option<String> {
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

/// A field's change, sent up as a change to the settings (`set` writes the
/// field's value into them).
pub fn setting_change(
    on: &Callback<EditSettings>,
    set: fn(&mut Settings, String),
) -> Callback<Event> {
    let on = on.clone();
    Callback::from(move |e: Event| {
        if let Some(v) = value_of(&e) {
            on.emit(Box::new(move |s: &mut Settings| set(s, v)));
        }
    })
}

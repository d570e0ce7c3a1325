//! Bringing photos into the project: the import driver (zips opened, folder
//! classes made, two photos decoded and stored at a time), and what file
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
use super::state::{class_error, is_default_name, Action, EditSettings, Page};
use super::store::Store;
use crate::i18n::{n, s, t_args};
use crate::training::client::Outbox;
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

/// Imports `items` into `class` (or their folders' classes), two at a time.
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
                            let rgb = cnn_photos::Rgb {
                                width: d.width,
                                height: d.height,
                                pixels: d.rgb,
                            };
                            let photo = Photo::new(id, class, item.name.clone(), rgb, item.split);
                            // Once the store has its pixels and thumbnail,
                            // the page keeps neither.
                            let kept = match &store {
                                Some(st) => st.put_photo(&photo).await.map(|()| photo.stored()),
                                None => Ok(photo),
                            };
                            match kept {
                                Ok(photo) => page.dispatch(Action::Added(photo, d.decoder)),
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

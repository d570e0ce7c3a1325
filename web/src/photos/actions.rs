//! What the photos page's buttons do: each action works through the handles
//! the page owns (its reducers, the worker, the store), so that the page only
//! wires them to its components' callbacks.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use cnn_train::protocol::Request;
use web_sys::FileSystemEntry;
use yew::prelude::*;

use super::grid::planar_bytes_to_rgb;
use super::imagenet::{self, Seen, SeenAction};
use super::import::{self, Incoming, Source};
use super::ingest::{post_with_bytes, run_import, SharedWorker};
use super::model::{ModelChoice, NotReady, Photo, Project, Sent, Settings, Way};
use super::state::{default_name, Action, EditSettings, Explain, ExplainState, Page};
use super::store::{pixels_of, Store, PIXELS_AT_ONCE};
use super::training::model_name;
use crate::i18n::{n, s, t, t_args};
use crate::training::client::save_file;
use crate::training::run::{Msg as RunMsg, Run};
use crate::ui::fields::FieldError;

/// Shows a test photo to the network: the page's `explainer`.
pub type Explainer = Rc<dyn Fn(cnn_photos::Rgb)>;

/// The handles of one render of the page, cloned into each callback.
#[derive(Clone)]
pub struct Handles {
    pub page: UseReducerHandle<Page>,
    pub run: UseReducerHandle<Run>,
    pub explained: UseReducerHandle<ExplainState>,
    pub worker: SharedWorker,
    /// The store, once it is open.
    pub store: Option<Store>,
    /// What the training form refused.
    pub errors: UseStateHandle<Vec<FieldError>>,
    /// What the network pretrained on ImageNet saw.
    pub imagenet: UseReducerHandle<Seen>,
    /// Whether the worker is looking at a photo for that panel (its error
    /// goes there, not above the page), and whether it has the network.
    pub imagenet_waiting: Rc<Cell<bool>>,
    pub imagenet_loaded: Rc<Cell<bool>>,
    /// The photos the pretrained base is looking at in this run, whose
    /// features the worker sends back to keep.
    pub looking: Rc<RefCell<Looking>>,
}

/// A transfer run's photos as the worker knows them: the photos whose
/// crops the base looks at, in order, and the tag their features will be
/// kept under; every photo of the start, by its index there, and the
/// settings, for the crops the worker asks for ([`crops_for`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Looking {
    pub of: String,
    pub ids: Vec<u64>,
    pub photos: Vec<Photo>,
    pub settings: Settings,
}

impl Looking {
    fn of_run(project: &Project, reuse: bool, ids: Vec<u64>) -> Looking {
        Looking {
            of: project.settings.features_tag(),
            ids,
            photos: project
                .sent(reuse)
                .0
                .iter()
                .map(|s| s.photo().clone())
                .collect(),
            settings: project.settings.clone(),
        }
    }
}

impl Handles {
    /// A callback that runs `f` with these handles.
    pub fn callback<A: 'static>(&self, f: impl Fn(&Handles, A) + 'static) -> Callback<A> {
        let h = self.clone();
        Callback::from(move |a| f(&h, a))
    }

    /// Shows `text` above the page's sections.
    pub fn message(&self, text: String) {
        self.page.dispatch(Action::Message(Some(text)));
    }

    /// Imports `items` into `class` (or their folders' classes), showing it.
    pub fn import(&self, class: u32, items: Vec<Incoming>) {
        self.page.dispatch(Action::Select(class));
        run_import(
            items,
            class,
            self.page.clone(),
            self.store.clone(),
            self.worker.clone(),
        );
    }

    /// Imports the files and folders of a drop into `class`.
    pub fn import_dropped(
        &self,
        class: u32,
        entries: Vec<FileSystemEntry>,
        files: Vec<web_sys::File>,
    ) {
        let (page, store, worker) = (self.page.clone(), self.store.clone(), self.worker.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let items = import::dropped(entries, files).await;
            run_import(items, class, page, store, worker);
        });
    }

    /// Removes a class, and its photos from the store where it may go.
    pub fn remove_class(&self, id: u32) {
        let page = &self.page;
        let ids: Vec<u64> = page
            .project
            .photos
            .iter()
            .filter(|p| p.class == id)
            .map(|p| p.id)
            .collect();
        if page.project.classes.len() > 2 {
            if let Some(st) = self.store.clone() {
                wasm_bindgen_futures::spawn_local(async move {
                    let _ = st.delete_photos(&ids).await;
                });
            }
        }
        page.dispatch(Action::RemoveClass(id));
    }

    /// Removes one photo, from the page and the store.
    pub fn remove_photo(&self, id: u64) {
        if let Some(st) = self.store.clone() {
            wasm_bindgen_futures::spawn_local(async move {
                let _ = st.delete_photos(&[id]).await;
            });
        }
        self.page.dispatch(Action::RemovePhoto(id));
    }

    /// Changes the settings as they are now.
    pub fn edit_settings(&self, edit: EditSettings) {
        let mut settings = self.page.project.settings.clone();
        edit(&mut settings);
        self.page.dispatch(Action::Settings(settings));
    }

    /// Checks the form and the photos, then starts training in the worker.
    pub fn start(&self) {
        self.start_with(&self.page.project.settings);
    }

    /// Trains the same photos the other `way` (the comparison's button):
    /// the form switches to it (the slides' CNN from scratch, or transfer
    /// learning) and the run starts.
    pub fn start_as(&self, way: Way) {
        let mut settings = self.page.project.settings.clone();
        settings.choose(match way {
            Way::Transfer => ModelChoice::Transfer,
            Way::Scratch => ModelChoice::CatsDogs,
        });
        self.page.dispatch(Action::Settings(settings.clone()));
        self.start_with(&settings);
    }

    /// [`Handles::start`] with `settings` in place of the project's.
    fn start_with(&self, settings: &Settings) {
        let page = &self.page;
        let mut project = page.project.clone();
        project.settings = settings.clone();
        let project = &project;
        let (config, validation) = match project.settings.config() {
            Ok(c) => c,
            Err(es) => return self.errors.set(es),
        };
        self.errors.set(vec![]);
        let (data, looked_at, len) = match project.training_plan(true) {
            Ok(d) => d,
            Err(NotReady::Classes) => return self.message(t("ph-not-ready-classes")),
            Err(NotReady::Few { class, count }) => {
                return self.message(t_args(
                    "ph-not-ready-few",
                    &[
                        ("name", s(class)),
                        ("count", n(count)),
                        ("min", n(super::model::MIN_PER_CLASS)),
                    ],
                ))
            }
        };
        *self.looking.borrow_mut() = Looking::of_run(project, true, looked_at);
        page.dispatch(Action::Message(None));
        self.explained.dispatch(Explain::Clear);
        let spec = project.settings.spec(project.classes.len());
        page.dispatch(Action::RunStarted(
            Way::of(settings),
            model_name(&settings.model),
            project.photos.len(),
        ));
        self.run.dispatch(RunMsg::Starting(config.epochs));
        let req = Request::Start {
            spec,
            data,
            validation,
            config,
            probe: 0,
            backend: Default::default(),
        };
        self.post_training(req, project.clone(), true, len);
    }

    /// Sends a start with the project's training bytes, made straight into
    /// the buffer handed to the worker (a thousand photos at 96 pixels are
    /// 28 MB, which the page's own memory need not hold too), the photos'
    /// pixels read from the store a few at a time. For transfer learning
    /// the start carries only kept features and labels: the worker asks
    /// for the crops as the base needs them ([`crops_for`]).
    fn post_training(&self, req: Request, project: Project, reuse: bool, len: usize) {
        let (worker, store, run) = (self.worker.clone(), self.store.clone(), self.run.clone());
        wasm_bindgen_futures::spawn_local(async move {
            match training_bytes(&project, reuse, store.as_ref(), len).await {
                Ok(array) => {
                    worker.borrow_mut().send_with_array(&req, array);
                }
                Err(detail) => run.dispatch(RunMsg::DataFailed(t_args(
                    "ph-pixels-unread",
                    &[("detail", s(detail))],
                ))),
            }
        });
    }

    /// Fine-tunes the trained head and the top of the base on the same
    /// photos (each goes to the worker as its picture again: the base keeps
    /// the maps the unfrozen part reads), at `rate` for `epochs` more.
    pub fn fine_tune(&self, (rate, epochs): (f64, usize)) {
        let page = &self.page;
        let project = &page.project;
        let Ok((mut config, validation)) = project.settings.config() else {
            return self.message(t("tr-fix-fields"));
        };
        let Ok((data, looked_at, len)) = project.training_plan(false) else {
            return self.message(t("ph-not-ready-classes"));
        };
        config.learning_rate = rate;
        config.epochs = epochs;
        *self.looking.borrow_mut() = Looking::of_run(project, false, looked_at);
        page.dispatch(Action::Message(None));
        page.dispatch(Action::RunStarted(
            Way::Transfer,
            t("ph-tuned-name"),
            project.photos.len(),
        ));
        self.explained.dispatch(Explain::Clear);
        self.run.dispatch(RunMsg::Tuning);
        let req = Request::FineTune {
            data,
            validation,
            config,
        };
        self.post_training(req, project.clone(), false, len);
    }

    /// Sends the worker a request with nothing beside it.
    pub fn command(&self, req: Request) {
        self.worker.borrow_mut().send(&req);
    }

    /// Shows a photo to the network at `settings`' size and fit, as it sees it,
    /// and asks the worker why it answers as it does.
    pub fn explainer(&self, settings: &Settings) -> Explainer {
        let explained = self.explained.clone();
        let worker = self.worker.clone();
        let size = settings.side();
        let fit = settings.fit();
        Rc::new(move |rgb: cnn_photos::Rgb| {
            let planar = cnn_photos::prepare::fit(&rgb, size, fit);
            let seen = planar_bytes_to_rgb(&planar, size as usize, size as usize);
            explained.dispatch(Explain::Start(Rc::new(seen), size as usize));
            let image = super::model::to_unit(&planar);
            worker.borrow_mut().send(&Request::Explain { image });
        })
    }

    /// Shows a photo to the network pretrained on ImageNet: decoded as a
    /// test photo is, cut to its 224x224 centre, sent to the worker.
    pub fn see_imagenet(&self, item: Incoming) {
        let (worker, seen) = (self.worker.clone(), self.imagenet.clone());
        let (waiting, loaded) = (self.imagenet_waiting.clone(), self.imagenet_loaded.clone());
        if waiting.get() {
            return;
        }
        waiting.set(true);
        wasm_bindgen_futures::spawn_local(async move {
            let post = |id: u64, max_side: u32, bytes: &[u8]| {
                post_with_bytes(&worker, &Request::Decode { id, max_side }, bytes)
            };
            match import::decode_sized(u64::MAX - 1, &item, &post, imagenet::decode_size).await {
                Ok(d) => {
                    let rgb = cnn_photos::Rgb {
                        width: d.width,
                        height: d.height,
                        pixels: d.rgb,
                    };
                    let side = imagenet::SIDE;
                    let pixels =
                        cnn_photos::prepare::fit(&rgb, side, cnn_photos::prepare::Fit::Crop);
                    let crop = Rc::new(planar_bytes_to_rgb(&pixels, side as usize, side as usize));
                    seen.dispatch(SeenAction::Start {
                        crop,
                        first: !loaded.get(),
                    });
                    worker.borrow_mut().send(&Request::SeeImageNet { pixels });
                }
                Err(skip) => {
                    waiting.set(false);
                    seen.dispatch(SeenAction::Failed(skip.text(&item.name)));
                }
            }
        });
    }

    /// Shows a bundled sample photo to the network pretrained on ImageNet.
    pub fn see_sample(&self, name: &'static str) {
        let h = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            match fetch_bytes(&format!("samples/{name}.jpg")).await {
                Ok(bytes) => h.see_imagenet(Incoming::loose(
                    format!("{name}.jpg"),
                    Source::Bytes(Rc::new(bytes)),
                )),
                Err(detail) => h.imagenet.dispatch(SeenAction::Failed(t_args(
                    "ph-in-decode-failed",
                    &[("detail", s(detail))],
                ))),
            }
        });
    }

    /// Decodes a photo to test the network on, then has it explained.
    pub fn test_photo(&self, item: Incoming, explain: Explainer) {
        let (worker, page) = (self.worker.clone(), self.page.clone());
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

    /// Saves the whole project (and the kept model) as one file.
    pub fn export(&self) {
        let project = self.page.project.clone();
        let (store, page) = (self.store.clone(), self.page.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let model = match &store {
                Some(st) => st.load_model().await.ok().flatten(),
                None => None,
            };
            match super::share::encode(&project, model.as_deref(), store.as_ref()).await {
                Ok(bytes) => save_file(
                    &js_sys::Uint8Array::from(bytes.as_slice()).into(),
                    "photos.cnnproject",
                ),
                Err(e) => page.dispatch(Action::Message(Some(e))),
            }
        });
    }

    /// Replaces the project with the one in a project file.
    pub fn import_project(&self, item: Incoming) {
        let h = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let page = &h.page;
            let bytes = match import::bytes_of(&item).await {
                Ok(b) => b,
                Err(e) => return page.dispatch(Action::Message(Some(e))),
            };
            match super::share::decode(&bytes) {
                Ok((mut project, model)) => {
                    if let Some(st) = &h.store {
                        let written = super::share::write_all(st, &project, model.as_deref()).await;
                        if let Err(e) = written {
                            return page.dispatch(Action::Message(Some(t_args(
                                "ph-store-failed",
                                &[("detail", s(e))],
                            ))));
                        }
                        // The store has the pixels and thumbnails: the page drops them.
                        project.photos = project.photos.into_iter().map(Photo::stored).collect();
                    }
                    if let Some(model) = model.clone() {
                        post_with_bytes(&h.worker, &Request::Import, &model);
                    } else {
                        h.run.dispatch(RunMsg::Message(String::new()));
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
    }

    /// Forgets everything: the photos, the classes, the run and the model.
    pub fn clear(&self) {
        self.explained.dispatch(Explain::Clear);
        self.run.dispatch(RunMsg::Reset);
        let (page, store) = (self.page.clone(), self.store.clone());
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
    }
}

/// The bytes of a run (`len` of them, [`Project::training_plan`]) in a
/// buffer for the worker: each [`Project::sent`] item, then the labels.
/// The pixels are read [`PIXELS_AT_ONCE`] photos at a time
/// ([`pixels_of`]); the error says why they could not be.
async fn training_bytes(
    project: &Project,
    reuse: bool,
    store: Option<&Store>,
    len: usize,
) -> Result<js_sys::Uint8Array, String> {
    let array = js_sys::Uint8Array::new_with_length(len as u32);
    let mut at = 0u32;
    let mut sink = |b: &[u8]| {
        let end = at + b.len() as u32;
        array.subarray(at, end).copy_from(b);
        at = end;
    };
    let (sent, labels) = project.sent(reuse);
    for part in sent.chunks(PIXELS_AT_ONCE) {
        let photos: Vec<&Photo> = part.iter().filter_map(|item| item.picture()).collect();
        let pixels = pixels_of(store, &photos).await?;
        for item in part {
            let px = item.picture().and_then(|p| pixels.get(&p.id));
            let bytes = item
                .bytes(&project.settings, px.map(|px| px.as_slice()))
                .ok_or("a photo's pixels are not its size")?;
            sink(&bytes);
        }
    }
    sink(&labels);
    Ok(array)
}

/// The crops a worker asked for ([`cnn_train::protocol::Reply::NeedCrops`]):
/// each photo as the network sees it at the run's side and fit, one after
/// another, in a buffer for the worker; their pixels read from the store
/// ([`pixels_of`]). `None` among `photos`: the worker named a photo the
/// run does not have.
pub async fn crops_for(
    photos: Option<Vec<Photo>>,
    settings: &Settings,
    store: Option<&Store>,
) -> Result<js_sys::Uint8Array, String> {
    let photos = photos.ok_or("the worker asked for a photo this run does not have")?;
    let refs: Vec<&Photo> = photos.iter().collect();
    let pixels = pixels_of(store, &refs).await?;
    let side = settings.side();
    let per = 3 * side * side;
    let array = js_sys::Uint8Array::new_with_length(per * photos.len() as u32);
    for (k, p) in photos.iter().enumerate() {
        let px = pixels
            .get(&p.id)
            .map(|px| px.as_slice())
            .unwrap_or_default();
        let crop = Sent::crop(p, settings, px).ok_or("a photo's pixels are not its size")?;
        let at = k as u32 * per;
        array.subarray(at, at + per).copy_from(&crop);
    }
    Ok(array)
}

/// A file of this site, as bytes; the error says why not.
async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let window = web_sys::window().ok_or("no window")?;
    let resp = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| "network error".to_string())?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| "not a response".to_string())?;
    if !resp.ok() {
        return Err(format!("HTTP {}", resp.status()));
    }
    let buf = JsFuture::from(resp.array_buffer().map_err(|_| "no body".to_string())?)
        .await
        .map_err(|_| "the body could not be read".to_string())?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}

//! The photos page's state: the project and what the page shows of it (a
//! reducer, [`Page`]), and the explanation of a test photo ([`ExplainState`]).

use std::rc::Rc;

use cnn_photos::sniff::MAX_CLASSES;
use cnn_train::protocol::{BlockMaps, ClassActivation, Occlusion};
use cnn_train::{EpochStats, Prediction};
use yew::prelude::*;

use super::import::Decoder;
use super::model::{Class, ClassError, Comparison, KeptFeatures, Photo, Project, Settings, Way};
use crate::i18n::{n, s, t, t_args};
use crate::training::run::now;

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
    /// The workers that brought this import's photos in (bit k: worker k).
    pub workers: u64,
}

impl Progress {
    /// How many workers brought photos in.
    pub fn worker_count(&self) -> usize {
        self.workers.count_ones() as usize
    }
}

/// The page's state apart from training (which is the trainer's
/// [`Run`](crate::training::run::Run)).
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
    /// The last finished run of each way (transfer, scratch).
    pub comparison: Comparison,
}

/// An empty project, not yet read back from the store.
impl Default for Page {
    fn default() -> Page {
        Page {
            project: Project::new(default_name),
            loaded: false,
            selected: None,
            preview: None,
            import: Progress::default(),
            skipped: vec![],
            message: None,
            model_kept: false,
            comparison: Comparison::default(),
        }
    }
}

/// A change to the settings, made to them as they are when it arrives.
pub type EditSettings = Box<dyn FnOnce(&mut Settings)>;

/// What became of one file of an import.
pub enum Arrival {
    /// A photo brought in, by which decoder and which worker (`None`: the
    /// page itself).
    Added(Photo, Decoder, Option<usize>),
    /// A file skipped, with the sentence that says why.
    Skipped(String),
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
    /// Photos brought in (and stored) or skipped since the last redraw.
    Arrived(Vec<Arrival>),
    ImportDone,
    RemovePhoto(u64),
    Settings(Settings),
    Replace(Project),
    /// Classes made for an import's folders.
    SetClasses(Vec<Class>),
    Message(Option<String>),
    ModelKept(bool),
    /// A run started: its way, its network's name, its photos.
    RunStarted(Way, String, usize),
    /// The run ended with these epochs and this validation accuracy.
    RunFinished(Vec<EpochStats>, f32),
    /// What the pretrained base made of these photos, to keep with them.
    FeaturesKept(Vec<(u64, KeptFeatures)>),
}

pub fn class_error(e: &ClassError) -> String {
    match e {
        ClassError::Duplicate(name) => t_args(e.key(), &[("name", s(name.clone()))]),
        ClassError::TooMany => t_args(e.key(), &[("max", n(MAX_CLASSES))]),
        _ => t(e.key()),
    }
}

pub fn default_name(k: usize) -> String {
    t_args("ph-class-default", &[("n", n(k))])
}

/// Whether a class still has the name it was given when it was made.
pub fn is_default_name(name: &str) -> bool {
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
            Action::Arrived(arrivals) => {
                for arrival in arrivals {
                    p.import.done += 1;
                    match arrival {
                        Arrival::Added(photo, decoder, worker) => {
                            if let Some(w) = worker {
                                p.import.workers |= 1u64 << w.min(63);
                            }
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
                        Arrival::Skipped(text) => p.skipped.push(text),
                    }
                }
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
            Action::RunStarted(way, model, photos) => p.comparison.started(way, model, photos),
            Action::RunFinished(epochs, accuracy) => p.comparison.finished(&epochs, accuracy),
            Action::FeaturesKept(made) => {
                let made: std::collections::HashMap<u64, KeptFeatures> = made.into_iter().collect();
                for photo in &mut p.project.photos {
                    if let Some(f) = made.get(&photo.id) {
                        photo.features = Some(f.clone());
                    }
                }
            }
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
    /// The class activation map, for a model that has one.
    pub cam: Option<ClassActivation>,
    /// A head on the pretrained base: an early and a late block's maps.
    pub blocks: Vec<BlockMaps>,
}

/// What happens to the explanation panel.
pub enum Explain {
    /// A photo was sent to be explained.
    Start(Rc<Vec<u8>>, usize),
    /// The worker's answer.
    Answer(
        Prediction,
        Occlusion,
        Option<ClassActivation>,
        Vec<BlockMaps>,
    ),
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
                cam: None,
                blocks: Vec::new(),
            }),
            Explain::Answer(prediction, occlusion, cam, blocks) => {
                self.0.clone().map(|e| Explained {
                    prediction: Some(prediction),
                    occlusion: Some(occlusion),
                    cam,
                    blocks,
                    ..e
                })
            }
            Explain::Clear => None,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cnn_photos::Rgb;

    fn photo(id: u64) -> Photo {
        let rgb = Rgb {
            width: 2,
            height: 1,
            pixels: vec![0; 6],
        };
        Photo::new(id, 1, format!("p{id}.png"), rgb, None)
    }

    #[test]
    fn a_batch_of_arrivals_counts_each_file_once() {
        let page = Rc::new(Page::default()).reduce(Action::Arrived(vec![
            Arrival::Added(photo(4), Decoder::Browser, Some(0)),
            Arrival::Skipped("notes.jpg: not a picture".into()),
            Arrival::Added(photo(5), Decoder::ImageCrate, Some(2)),
            Arrival::Added(photo(6), Decoder::Browser, None),
        ]));
        assert_eq!(page.import.done, 4);
        assert_eq!(page.import.stored, 3);
        assert_eq!(page.import.decoders, (2, 1));
        // Workers 0 and 2 brought photos in; the page (no worker) is not one.
        assert_eq!(page.import.worker_count(), 2);
        assert_eq!(page.skipped, vec!["notes.jpg: not a picture".to_string()]);
        // The first photo of the batch is previewed, and they keep their order.
        assert_eq!(page.preview, Some(4));
        let ids: Vec<u64> = page.project.photos.iter().map(|p| p.id).collect();
        assert_eq!(ids, vec![4, 5, 6]);
    }
}

//! The playground's state and its reducer: the settings (which the URL
//! mirrors), the picture they run on, the hovered map cell, and what the page
//! must tell the learner (URL notes, pictures or feeds that failed).

use std::rc::Rc;

use cnn_core::{Padding, Reduction};
use ndarray::Array3;
use yew::Reducible;

use super::model::{self, Colour, KernelSpec, PoolSpec, Settings, Source, StepAt};

/// A cell of a feature map: under the pointer, or the keyboard's cursor.
#[derive(Clone, Copy, PartialEq)]
pub struct Hover {
    pub map: usize,
    pub row: usize,
    pub col: usize,
}

#[derive(Clone)]
pub struct PageState {
    pub settings: Settings,
    /// URL settings that could not be followed as written.
    pub notes: Vec<&'static str>,
    /// The picture as loaded, `[channels, h, w]`.
    pub image: Option<Rc<Array3<f32>>>,
    /// Why the last sample or file could not be shown.
    pub load_error: Option<String>,
    pub hover: Option<Hover>,
    /// Object URL of the learner's video file, once picked.
    pub video_url: Option<String>,
    /// Why the camera or video could not be used.
    pub live_error: Option<String>,
}

#[derive(Clone)]
pub enum Action {
    SetSource(Source),
    /// A picture to show (the X, the O, the drawing pad); an earlier load
    /// error stays.
    Show(Rc<Array3<f32>>),
    /// A sample loaded: shown, and any load error cleared.
    Loaded(Rc<Array3<f32>>),
    /// The learner's file loaded: shown as the upload source.
    Uploaded(Rc<Array3<f32>>),
    /// A picture could not be loaded; the one shown stays.
    LoadFailed(String),
    /// The learner's video file (an object URL) becomes the live source.
    PlayVideo(String),
    LiveError(Option<String>),
    ToggleColour,
    SetLiveWidth(u32),
    SetKernel(usize, KernelSpec),
    /// Remove a kernel (the last one stays).
    RemoveKernel(usize),
    /// Add a Laplacian (up to `model::MAX_KERNELS`).
    AddKernel,
    SetPadding(Padding),
    SetStride(usize),
    SetDilation(usize),
    /// Sum or mean over the window.
    ToggleMean,
    ToggleRelu,
    SetPool(Option<PoolSpec>),
    ToggleProjector,
    Hover(Hover),
    /// Step mode off, or on at the region that starts at this cell.
    ToggleStep(StepAt),
    /// Step mode, if on, moves to this region.
    StepTo(StepAt),
    /// Show the app in another language (one of `i18n::LOCALES`): the new
    /// state re-renders every text.
    SetLanguage(&'static str),
}

impl PageState {
    /// The state the page's URL describes.
    pub fn from_query(pairs: &[(String, String)]) -> PageState {
        let (settings, notes) = model::parse(pairs);
        PageState {
            settings,
            notes,
            image: None,
            load_error: None,
            hover: None,
            video_url: None,
            live_error: None,
        }
    }
}

impl Reducible for PageState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        // Picking a cell while step mode is off changes nothing: no re-render.
        if matches!(action, Action::StepTo(_)) && self.settings.step.is_none() {
            return self;
        }
        let mut next = (*self).clone();
        let s = &mut next.settings;
        match action {
            Action::SetSource(src) => s.source = src,
            Action::Show(img) => next.image = Some(img),
            Action::Loaded(img) => {
                next.load_error = None;
                next.image = Some(img);
            }
            Action::Uploaded(img) => {
                next.load_error = None;
                next.image = Some(img);
                s.source = Source::Upload;
            }
            Action::LoadFailed(e) => next.load_error = Some(e),
            Action::PlayVideo(url) => {
                next.video_url = Some(url);
                s.source = Source::Video;
            }
            Action::LiveError(e) => next.live_error = e,
            Action::ToggleColour => {
                s.colour = if s.colour == Colour::Grey {
                    Colour::Rgb
                } else {
                    Colour::Grey
                }
            }
            Action::SetLiveWidth(w) => s.live_width = w,
            Action::SetKernel(i, k) => {
                if let Some(slot) = s.kernels.get_mut(i) {
                    *slot = k;
                }
            }
            Action::RemoveKernel(i) => {
                if s.kernels.len() > 1 {
                    s.kernels.remove(i);
                }
            }
            Action::AddKernel => {
                if s.kernels.len() < model::MAX_KERNELS {
                    if let Some(k) = KernelSpec::preset("laplacian") {
                        s.kernels.push(k);
                    }
                }
            }
            Action::SetPadding(p) => s.padding = p,
            Action::SetStride(v) => s.stride = v,
            Action::SetDilation(v) => s.dilation = v,
            Action::ToggleMean => {
                s.reduction = if s.reduction == Reduction::Sum {
                    Reduction::Mean
                } else {
                    Reduction::Sum
                }
            }
            Action::ToggleRelu => s.relu = !s.relu,
            Action::SetPool(p) => s.pool = p,
            Action::ToggleProjector => s.projector = !s.projector,
            Action::Hover(hv) => next.hover = Some(hv),
            Action::ToggleStep(start) => {
                s.step = match s.step {
                    Some(_) => None,
                    None => Some(start),
                }
            }
            Action::StepTo(at) => s.step = Some(at),
            Action::SetLanguage(tag) => crate::i18n::set_language(tag),
        }
        Rc::new(next)
    }
}

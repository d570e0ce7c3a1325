//! The page's effects outside its markup: the URL kept on the settings, the
//! input and maps painted on their canvases after each render, and the live
//! loop started and stopped with a live source.

use std::rc::Rc;

use ndarray::Array3;
use wasm_bindgen::JsValue;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use super::live::{self, Feed};
use super::model::{self, Computed, Settings, Source};
use super::pixels::{paint_input, paint_map};
use super::state::Action;

/// Keep the URL on the settings (own pictures never go in it).
#[hook]
pub(super) fn use_url_sync(settings: &Settings) {
    let q = format!("?{}", model::to_query(settings));
    use_effect_with(q, |q| {
        if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(q));
        }
    });
}

/// After each render: paint the prepared input and the maps (unless `live`:
/// then the frame loop paints them), and tell tests whether the maps are
/// drawn (`data-maps` on the body).
#[hook]
pub(super) fn use_painting(
    live: bool,
    input_ref: NodeRef,
    map_refs: Vec<NodeRef>,
    result: Rc<Option<Computed>>,
    prepared: Option<Rc<Array3<f32>>>,
) {
    use_effect(move || {
        // Tell tests whether the maps are drawn (live maps come from the frame loop).
        if let Some(b) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        {
            let _ = b.set_attribute("data-ready", "true");
            let state = match (live, result.as_ref()) {
                (true, Some(Ok(_))) => "live",
                (false, Some(Ok(_))) => "drawn",
                _ => "none",
            };
            let _ = b.set_attribute("data-maps", state);
        }
        if live {
            return;
        }
        if let (Some(c), Some(img)) = (input_ref.cast::<HtmlCanvasElement>(), prepared.as_ref()) {
            paint_input(&c, img);
        }
        if let Some(Ok((_, maps))) = result.as_ref() {
            for (m, r) in maps.iter().zip(map_refs.iter()) {
                if let Some(c) = r.cast::<HtmlCanvasElement>() {
                    paint_map(&c, &m.values, m.scale);
                }
            }
        }
    });
}

/// The canvases and elements the live loop draws on.
pub(super) struct LiveTargets {
    pub input: NodeRef,
    pub maps: Vec<NodeRef>,
    pub stats: NodeRef,
    pub video: NodeRef,
}

/// The live loop: started for a live source, stopped (and the camera
/// released) when the settings or the source change. `video_url` is the
/// learner's video file; the feed's errors go to the page as sentences.
#[hook]
pub(super) fn use_live_loop(
    settings: &Settings,
    video_url: Option<String>,
    targets: LiveTargets,
    send: Callback<Action>,
) {
    use_effect_with((settings.clone(), video_url), move |(settings, url)| {
        send.emit(Action::LiveError(None));
        let running = match (
            &settings.source,
            targets.video.cast::<web_sys::HtmlVideoElement>(),
        ) {
            (Source::Camera, Some(v)) => Some(Feed::Camera).map(|f| (f, v)),
            (Source::Video, Some(v)) => url.clone().map(|u| (Feed::File(u), v)),
            _ => None,
        }
        .map(|(feed, video)| {
            live::start(
                feed,
                settings.clone(),
                video,
                targets.input,
                targets.maps,
                targets.stats,
                Callback::from(move |m: String| send.emit(Action::LiveError(Some(m)))),
            )
        });
        move || drop(running)
    });
}

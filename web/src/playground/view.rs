//! The playground page. It loads a picture into an `[channels, h, w]` array,
//! asks `model::compute` (cnn-core) for the feature maps, and composes the
//! sections that show them; its state is `state::PageState`'s reducer.

use std::rc::Rc;

use ndarray::Array3;
use yew::prelude::*;

use super::effects::{use_live_loop, use_painting, use_url_sync, LiveTargets};
use super::geometry::GeometryControls;
use super::kernels::KernelList;
use super::load::use_source_picture;
use super::model::{self, Colour};
use super::picture::PictureSection;
use super::results::Results;
use super::state::{Action, PageState};
use super::stepping::{step_panel, use_stepping};
use crate::i18n::{s, t, t_args};
use crate::shell::header::{Header, Section};
use crate::shell::projector::{projector_overlays, use_blank_screen, use_pointer_spot};
use crate::shell::query::current_pairs as query_pairs;

#[function_component(Playground)]
pub fn playground() -> Html {
    let state = use_reducer(|| PageState::from_query(&query_pairs()));
    // Made anew each render, so every section re-renders with the page (a
    // new language included).
    let send = {
        let d = state.dispatcher();
        Callback::from(move |a: Action| d.dispatch(a))
    };
    let input_ref = use_node_ref();
    let video_ref = use_node_ref();
    let stats_ref = use_node_ref();
    let settings = &state.settings;
    let live = settings.source.is_live();
    let blank = use_blank_screen(settings.projector);
    use_pointer_spot();
    use_source_picture(settings.source.clone(), send.clone());
    use_url_sync(settings);

    // Live feeds: the geometry and formula come from a blank frame of the
    // chosen size; the frame loop computes the real maps.
    let prepared = if live {
        let ch = if settings.colour == Colour::Rgb { 3 } else { 1 };
        let w = settings.live_width as usize;
        Some(Rc::new(Array3::zeros((ch, w * 3 / 4, w))))
    } else {
        state
            .image
            .as_ref()
            .map(|img| Rc::new(model::prepare(img, settings.colour)))
    };
    let result = use_memo((settings.clone(), prepared.clone()), |(s, img)| {
        img.as_ref().map(|img| model::compute(img, s))
    });
    let stepping = use_stepping(settings, state.image.clone());

    // Draw the input and the maps after each render.
    let map_refs: Vec<NodeRef> = use_memo(settings.kernels.len(), |n| {
        (0..*n).map(|_| NodeRef::default()).collect::<Vec<_>>()
    })
    .to_vec();
    use_painting(
        live,
        input_ref.clone(),
        map_refs.clone(),
        result.clone(),
        prepared.clone(),
    );
    use_live_loop(
        settings,
        state.video_url.clone(),
        LiveTargets {
            input: input_ref.clone(),
            maps: map_refs.clone(),
            stats: stats_ref.clone(),
            video: video_ref.clone(),
        },
        send.clone(),
    );

    let dim = prepared.as_ref().map(|p| p.dim());
    // The hovered cell's window in the input (not for live frames).
    let window = match (result.as_ref(), state.hover.filter(|_| !live)) {
        (Some(Ok((geo, _))), Some(hv)) => Some(geo.input_region(hv.row, hv.col)),
        _ => None,
    };
    let on_lang = {
        let send = send.clone();
        Callback::from(move |tag: &'static str| send.emit(Action::SetLanguage(tag)))
    };
    let on_projector = {
        let send = send.clone();
        Callback::from(move |()| send.emit(Action::ToggleProjector))
    };

    html! {
        <div class={classes!("app", "playground", settings.projector.then_some("projector"))} data-view="playground">
            <Header section={Section::Playground} projector={settings.projector} {on_projector} {on_lang} />
            if !state.notes.is_empty() {
                <div class="note" role="status" id="url-note">
                    <p>{ t_args("note-bad-setting", &[("detail", s(state.notes.join(", ")))]) }</p>
                </div>
            }
            <main id="main">
                <h2 class="stage-title">{ t("nav-playground") }</h2>
                <p class="lead">{ t("pg-lead") }</p>
                <PictureSection source={settings.source.clone()} colour={settings.colour}
                    live_width={settings.live_width} load_error={state.load_error.clone()}
                    live_error={state.live_error.clone()} video_url={state.video_url.clone()}
                    input_ref={input_ref} video_ref={video_ref} {dim} {window} send={send.clone()} />
                <KernelList kernels={settings.kernels.clone()} send={send.clone()} />
                <GeometryControls padding={settings.padding} stride={settings.stride}
                    dilation={settings.dilation} reduction={settings.reduction} relu={settings.relu}
                    pool={settings.pool} send={send.clone()} />
                <Results result={result} {dim} settings={settings.clone()} hover={state.hover}
                    map_refs={map_refs} stats_ref={stats_ref}
                    step_panel={step_panel(&stepping, settings.reduction)} {send} />
                <p class="hint credits">{ t("pg-credits") }</p>
            </main>
            { projector_overlays(settings.projector, blank) }
        </div>
    }
}

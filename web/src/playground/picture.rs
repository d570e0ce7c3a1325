//! The picture section: where the picture comes from (the X, the O, the
//! samples, a file, the drawing pad, the camera, a video file), in grey or
//! colour, and the input as the network sees it, with the hovered cell's
//! window drawn over it.

use yew::prelude::*;

use super::draw::DrawPad;
use super::load::{open_image, open_video, picked_file};
use super::model::{self, Colour, Source, SAMPLES};
use super::select::select;
use super::state::Action;
use crate::i18n::{n, t, t_args};

#[derive(Properties, PartialEq)]
pub struct PictureProps {
    pub source: Source,
    pub colour: Colour,
    /// Live frame width (the height is three quarters of it).
    pub live_width: u32,
    pub load_error: Option<String>,
    pub live_error: Option<String>,
    /// The learner's video file, released when another is picked.
    pub video_url: Option<String>,
    /// The input canvas, painted after each render or by the frame loop.
    pub input_ref: NodeRef,
    /// The video element the live loop plays its feed in.
    pub video_ref: NodeRef,
    /// The input as the network sees it: `(channels, h, w)`.
    pub dim: Option<(usize, usize, usize)>,
    /// The hovered cell's window in the input: (top, left, bottom, right).
    pub window: Option<(isize, isize, isize, isize)>,
    pub send: Callback<Action>,
}

#[function_component(PictureSection)]
pub fn picture_section(p: &PictureProps) -> Html {
    let live = p.source.is_live();
    let on_file = {
        let send = p.send.clone();
        Callback::from(move |e: Event| {
            if let Some(file) = picked_file(&e) {
                open_image(file, send.clone());
            }
        })
    };
    let on_video = {
        let send = p.send.clone();
        let old = p.video_url.clone();
        Callback::from(move |e: Event| {
            if let Some(file) = picked_file(&e) {
                open_video(file, old.clone(), send.clone());
            }
        })
    };
    let colour_toggle = {
        let send = p.send.clone();
        Callback::from(move |_: MouseEvent| send.emit(Action::ToggleColour))
    };
    let on_live_width = {
        let send = p.send.clone();
        Callback::from(move |w: u32| send.emit(Action::SetLiveWidth(w)))
    };
    html! {
        <section class="pg-input" aria-label={t("pg-input")}>
            <div class="segmented wrap" role="group" aria-label={t("pg-input")}>{ source_buttons(&p.source, &p.send) }</div>
            <div class="controls-row">
                <label class="field">{ t("pg-upload") }
                    <input type="file" id="pg-file" accept="image/*" onchange={on_file} />
                </label>
                <label class="field">{ t("live-video-file") }
                    <input type="file" id="pg-video" accept="video/*" onchange={on_video} />
                </label>
                <button class="seg" aria-pressed={(p.colour == Colour::Rgb).to_string()} onclick={colour_toggle}>{ t("pg-colour") }</button>
                if live {
                    { select("live-size", t("live-size"), model::LIVE_WIDTHS.iter().map(|w| (*w, format!("{}×{}", w, w * 3 / 4))).collect(), p.live_width, on_live_width) }
                }
            </div>
            if let Some(e) = &p.live_error { <p class="field-error" role="alert" id="live-error">{ e }</p> }
            if let Some(e) = &p.load_error { <p class="field-error" role="alert" id="pg-load-error">{ e }</p> }
            <div class="row">
                <figure class="input-card">
                    <div class="input-wrap">
                        <canvas ref={p.input_ref.clone()} id="pg-input" class="map" role="img" aria-label={t("pg-input-label")} />
                        { window_box(p.window, p.dim) }
                    </div>
                    <figcaption>{ p.dim.map(|(c, h, w)| t_args("pg-input-size", &[("c", n(c)), ("h", n(h)), ("w", n(w))])).unwrap_or_default() }</figcaption>
                </figure>
                <video ref={p.video_ref.clone()} id="live-video" class={classes!("live-video", (!live).then_some("hidden-video"))}
                    aria-label={t("live-video-label")} muted=true />
                if p.source == Source::Drawing {
                    <DrawPad send={p.send.clone()} />
                }
            </div>
        </section>
    }
}

/// One button per source with a picture of its own; the one in use pressed.
fn source_buttons(current: &Source, send: &Callback<Action>) -> Html {
    let mut choices: Vec<(Source, String)> =
        vec![(Source::X, t("image-x")), (Source::O, t("image-o"))];
    choices.extend(
        SAMPLES
            .iter()
            .map(|n| (Source::Sample(n), t(&format!("sample-{n}")))),
    );
    choices.push((Source::Drawing, t("pg-draw")));
    choices.push((Source::Camera, t("live-camera")));
    choices
        .into_iter()
        .map(|(src, label)| {
            let pressed = *current == src;
            let send = send.clone();
            let onclick = Callback::from(move |_: MouseEvent| send.emit(Action::SetSource(src.clone())));
            html! { <button class="seg" aria-pressed={pressed.to_string()} {onclick}>{ label }</button> }
        })
        .collect::<Html>()
}

/// The hovered cell's window, drawn over the input (in percent of it).
fn window_box(
    window: Option<(isize, isize, isize, isize)>,
    dim: Option<(usize, usize, usize)>,
) -> Html {
    let (Some((top, left, bottom, right)), Some((_, ih, iw))) = (window, dim) else {
        return html! {};
    };
    let pct = |v: isize, total: usize| v as f64 / total as f64 * 100.0;
    let style = format!(
        "top: {:.3}%; left: {:.3}%; height: {:.3}%; width: {:.3}%;",
        pct(top, ih),
        pct(left, iw),
        pct(bottom - top + 1, ih),
        pct(right - left + 1, iw)
    );
    html! { <div class="window-box" id="pg-window" {style}></div> }
}

//! Step mode: a small region of the playground's convolution, replayed cell by
//! cell with the lesson's own pieces: cnn-core's trace in a
//! [`Example`], the lesson's phases
//! (products, sum, result), the [`Playback`] rules that move the lesson's
//! cursor, and the lesson's worked-example view.

use std::rc::Rc;

use cnn_core::Reduction;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::i18n::{n, t, t_args};
use crate::shell::is_typing;
use crate::ui::example::{example_grids, Example, Phase, Walk};
use crate::ui::playback::{Move, Playback};
use crate::ui::ticker::use_ticks;

/// The three moments of each cell, as in the lesson's convolution stage.
const PHASES: [Phase; 3] = [Phase::Products, Phase::Sum, Phase::Result];

#[derive(Properties)]
pub struct StepProps {
    pub example: Rc<Example>,
    pub reduction: Reduction,
    /// Output position of the region's first cell in the whole map.
    pub first: (usize, usize),
}

impl PartialEq for StepProps {
    fn eq(&self, other: &Self) -> bool {
        // The same computed example is the same region.
        Rc::ptr_eq(&self.example, &other.example)
            && self.reduction == other.reduction
            && self.first == other.first
    }
}

#[function_component(StepMode)]
pub fn step_mode(p: &StepProps) -> Html {
    let cells = p.example.trace.len();
    let playback = use_reducer(|| Playback::new(cells * PHASES.len()));
    let dispatch = {
        let playback = playback.clone();
        Callback::from(move |a: Move| playback.dispatch(a))
    };
    {
        let dispatch = dispatch.clone();
        use_ticks(
            playback.playing,
            playback.speed,
            Callback::from(move |()| dispatch.emit(Move::Tick)),
        );
    }
    // Presentation clickers send PageDown and PageUp: they step from anywhere
    // on the page while step mode is open.
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                gloo_events::EventListener::new_with_options(
                    &w,
                    "keydown",
                    gloo_events::EventListenerOptions::enable_prevent_default(),
                    move |e| {
                        let Some(e) = e.dyn_ref::<KeyboardEvent>() else {
                            return;
                        };
                        let typing = is_typing(e);
                        let a = match e.key().as_str() {
                            _ if typing => return,
                            "PageDown" => Move::StepBy(1),
                            "PageUp" => Move::StepBy(-1),
                            _ => return,
                        };
                        e.prevent_default();
                        dispatch.emit(a);
                    },
                )
            });
            move || drop(listener)
        });
    }
    let cursor = playback.cursor.min(cells * PHASES.len() - 1);
    let (cell, phase) = (cursor / PHASES.len(), PHASES[cursor % PHASES.len()]);
    let reached = |i: usize| i * PHASES.len() + 2 <= cursor;
    let seek = |i: usize| {
        let d = dispatch.clone();
        Some(Callback::from(move |_: MouseEvent| {
            d.emit(Move::Seek(i * PHASES.len()))
        }))
    };
    let emit = |a: Move| {
        let d = dispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(a))
    };
    // Arrow keys and clicker keys step while the panel has focus.
    let on_key = {
        let d = dispatch.clone();
        Callback::from(move |e: KeyboardEvent| {
            let a = match e.key().as_str() {
                "ArrowRight" => Move::StepBy(1),
                "ArrowLeft" => Move::StepBy(-1),
                " " => Move::Toggle,
                "Home" => Move::Home,
                "End" => Move::End,
                _ => return,
            };
            e.prevent_default();
            e.stop_propagation();
            d.emit(a);
        })
    };
    let (_, oh, ow) = p.example.output.dim();
    let out = p.example.trace[cell].out;
    let describe = t_args(
        "pg-step-describe",
        &[
            ("row", n(p.first.0 + out.1 + 1)),
            ("col", n(p.first.1 + out.2 + 1)),
            (
                "phase",
                crate::i18n::s(t(match phase {
                    Phase::Products => "pg-step-phase-products",
                    Phase::Sum => "pg-step-phase-sum",
                    Phase::Result => "pg-step-phase-result",
                })),
            ),
        ],
    );
    html! {
        <section class="step-mode" id="pg-step" aria-label={t("pg-step-title")} tabindex="0" onkeydown={on_key}
            data-cursor={cursor.to_string()}>
            <h3>{ t("pg-step-title") }</h3>
            <p class="hint">{ t_args("pg-step-lead", &[("h", n(oh)), ("w", n(ow)), ("row", n(p.first.0 + 1)), ("col", n(p.first.1 + 1))]) }</p>
            { example_grids(&Walk {
                ex: &p.example,
                cell,
                phase,
                id: "step",
                padded: false,
                reached: &reached,
                seek: &seek,
                reduction: Some(p.reduction),
            }) }
            <div class="transport compact" role="toolbar" aria-label={t("timeline")}>
                <button id="step-home" onclick={emit(Move::Home)} aria-label={t("to-start")}>{ "|◀" }</button>
                <button id="step-back" onclick={emit(Move::StepBy(-1))} aria-label={t("step-back")}>{ "◀" }</button>
                <button id="step-play" class="play" onclick={emit(Move::Toggle)} aria-pressed={playback.playing.to_string()}
                    aria-label={if playback.playing { t("pause") } else { t("play") }}>
                    { if playback.playing { "||" } else { "▶" } }
                </button>
                <button id="step-forward" onclick={emit(Move::StepBy(1))} aria-label={t("step-forward")}>{ "▶▶" }</button>
                <button id="step-end" onclick={emit(Move::End)} aria-label={t("to-end")}>{ "▶|" }</button>
                <span class="counter" id="step-counter">{ t_args("step-counter", &[("step", n(cursor + 1)), ("total", n(playback.len))]) }</span>
            </div>
            <p class="sr-only" aria-live="polite" id="step-announce">{ describe }</p>
        </section>
    }
}

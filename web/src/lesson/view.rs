//! The lesson page: the header's stage links, the current stage, the
//! transport (play, step, speed, scrub), keyboard and clicker keys, and URL
//! sync.

use gloo_events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::blocks::{NormPart, SepPart};
use super::blocks_view;
use super::route;
use super::stages::{self, Ctx};
use super::state::{self, Action, AppState};
use super::{Phase, Stage, Step};
use crate::i18n::{self, n, s, t, t_args};
use crate::shell::header::{Header, Section};
use crate::shell::is_typing;
use crate::shell::projector::use_pointer_spot;
use crate::shell::query::current as current_query;
use crate::ui::playback::{Move, SPEEDS};
use crate::ui::ticker::use_ticks;

/// While the lesson plays, the URL follows it at most this often.
const URL_WHILE_PLAYING_MS: f64 = 500.0;

/// A sentence describing the current step, announced politely.
fn describe(state: &AppState) -> String {
    let lesson = &state.lesson;
    let side = lesson.conv_side();
    let filter_name = |f: usize| t(["filter-left", "filter-x", "filter-right"][f.min(2)]);
    match state.step() {
        Step::Input => t("describe-input"),
        Step::Conv {
            filter,
            cell,
            phase,
        } => {
            let trace = &lesson.run.conv_trace[filter * side * side + cell];
            t_args(
                match phase {
                    Phase::Products => "describe-conv-products",
                    Phase::Sum => "describe-conv-sum",
                    Phase::Result => "describe-conv-result",
                },
                &[
                    ("filter", s(filter_name(filter))),
                    ("row", n(cell / side + 1)),
                    ("col", n(cell % side + 1)),
                    ("sum", s(trace.sum.fraction_string())),
                    ("value", s(trace.result.fraction_string())),
                ],
            )
        }
        Step::Relu { filter, cell } => t_args(
            "describe-relu",
            &[
                ("filter", s(filter_name(filter))),
                ("row", n(cell / side + 1)),
                ("col", n(cell % side + 1)),
            ],
        ),
        Step::Pool {
            level,
            filter,
            cell,
        } => {
            let w = if level == 1 {
                lesson.run.pool1.shape()[2]
            } else {
                lesson.run.pool2.shape()[2]
            };
            t_args(
                "describe-pool",
                &[
                    ("level", n(level)),
                    ("filter", s(filter_name(filter))),
                    ("row", n(cell / w + 1)),
                    ("col", n(cell % w + 1)),
                ],
            )
        }
        Step::Flatten { index } => t_args("describe-flatten", &[("index", n(index + 1))]),
        Step::Vote { output } => {
            t(["describe-vote-x", "describe-vote-o", "describe-softmax"][output.min(2)])
        }
        Step::WeightedSum { cell, .. } => t_args("describe-weighted", &[("cell", n(cell + 1))]),
        Step::Padding { cell, .. } => t_args("describe-padding", &[("cell", n(cell + 1))]),
        Step::GlobalPool { channel, phase } => {
            let mean = lesson.blocks.gap_trace.get(channel);
            let (sum, value) = mean.map_or((String::new(), String::new()), |c| {
                (c.sum.fraction_string(), c.result.fraction_string())
            });
            t_args(
                if phase == Phase::Result {
                    "lesson-ops-describe-gap-result"
                } else {
                    "lesson-ops-describe-gap-sum"
                },
                &[
                    ("filter", s(filter_name(channel))),
                    ("sum", s(sum)),
                    ("value", s(value)),
                ],
            )
        }
        Step::Pointwise { map, cell, .. } => {
            let w = lesson.blocks.mix_side();
            t_args(
                "lesson-ops-describe-pointwise",
                &[
                    ("map", n(map + 1)),
                    ("row", n(cell / w + 1)),
                    ("col", n(cell % w + 1)),
                ],
            )
        }
        Step::Separable {
            part, map, cell, ..
        } => {
            let w = lesson.blocks.sep_side(part);
            t_args(
                match part {
                    SepPart::Depthwise => "lesson-ops-describe-depthwise",
                    SepPart::Pointwise => "lesson-ops-describe-sep-pointwise",
                },
                &[
                    ("map", n(map + 1)),
                    ("row", n(cell / w + 1)),
                    ("col", n(cell % w + 1)),
                ],
            )
        }
        Step::BatchNorm { channel, part } => {
            let ch = ("channel", n(channel + 1));
            match part {
                NormPart::Mean => t_args("lesson-ops-describe-bn-mean", &[ch]),
                NormPart::Variance => t_args("lesson-ops-describe-bn-variance", &[ch]),
                NormPart::Std => t_args("lesson-ops-describe-bn-std", &[ch]),
                NormPart::Value(i) => {
                    t_args("lesson-ops-describe-bn-value", &[ch, ("index", n(i + 1))])
                }
            }
        }
        Step::Residual { channel, cell } => {
            let w = lesson.blocks.res_side();
            t_args(
                "lesson-ops-describe-residual",
                &[
                    ("filter", s(filter_name(channel))),
                    ("row", n(cell / w + 1)),
                    ("col", n(cell % w + 1)),
                ],
            )
        }
    }
}

/// The shared header, with the lesson's stages as the page's own navigation.
fn header(state: &AppState, dispatch: &Callback<Action>) -> Html {
    let current = state::stage(state);
    let links = Stage::ALL.iter().enumerate().map(|(i, &st)| {
        let href = route::stage_href(&state.lesson.settings, st);
        let cur = st == current;
        html! {
            <li><a href={href} class={classes!("stage-link", cur.then_some("active"))}
                aria-current={cur.then_some("step")} data-stage={st.slug()}>
                <span class="num">{ i + 1 }</span><span class="name">{ t(st.title_key()) }</span>
            </a></li>
        }
    });
    let on_projector = {
        let d = dispatch.clone();
        Callback::from(move |()| d.emit(Action::ToggleProjector))
    };
    let on_lang = {
        let d = dispatch.clone();
        Callback::from(move |tag| d.emit(Action::SetLanguage(tag)))
    };
    html! {
        <Header section={Section::Lesson} projector={state.lesson.settings.projector} {on_projector} {on_lang}>
            <nav class="page-nav" aria-label={t("stages")}><ol class="stages">{ for links }</ol></nav>
        </Header>
    }
}

fn notes(state: &AppState, dispatch: &Callback<Action>) -> Html {
    if state.notes.is_empty() {
        return html! {};
    }
    let items = state.notes.iter().map(|note| {
        let detail = match note {
            route::Note::UnknownStage(s) => s.clone(),
            route::Note::BadSetting(f) => f.to_string(),
            route::Note::UnknownStep => String::new(),
        };
        html! { <p>{ t_args(note.key(), &[("detail", s(detail))]) }</p> }
    });
    let d = dispatch.clone();
    html! {
        <div class="note" role="status" id="url-note">
            { for items }
            <button class="action" onclick={Callback::from(move |_| d.emit(Action::DismissNotes))}>{ t("note-dismiss") }</button>
        </div>
    }
}

fn stage_view(ctx: &Ctx) -> Html {
    match ctx.state.step() {
        Step::Input => stages::input_stage(ctx),
        Step::Conv {
            filter,
            cell,
            phase,
        } => stages::conv_stage(ctx, filter, cell, phase),
        Step::Relu { filter, cell } => stages::relu_stage(ctx, filter, cell),
        Step::Pool {
            level,
            filter,
            cell,
        } => stages::pool_stage(ctx, level, filter, cell),
        Step::Flatten { index } => stages::flatten_stage(ctx, index),
        Step::Vote { output } => stages::vote_stage(ctx, output),
        Step::WeightedSum { cell, phase } => stages::weighted_stage(ctx, cell, phase),
        Step::Padding { cell, phase } => stages::padding_stage(ctx, cell, phase),
        Step::GlobalPool { channel, phase } => blocks_view::gap_stage(ctx, channel, phase),
        Step::Pointwise { map, cell, phase } => blocks_view::pointwise_stage(ctx, map, cell, phase),
        Step::Separable {
            part,
            map,
            cell,
            phase,
        } => blocks_view::separable_stage(ctx, part, map, cell, phase),
        Step::BatchNorm { channel, part } => blocks_view::batch_norm_stage(ctx, channel, part),
        Step::Residual { channel, cell } => blocks_view::residual_stage(ctx, channel, cell),
    }
}

fn transport(state: &AppState, dispatch: &Callback<Action>) -> Html {
    let emit = |a: Action| {
        let d = dispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(a.clone()))
    };
    let d = dispatch.clone();
    let on_scrub = Callback::from(move |e: InputEvent| {
        if let Some(input) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        {
            if let Ok(v) = input.value().parse::<usize>() {
                d.emit(Action::Move(Move::Seek(v)));
            }
        }
    });
    let d = dispatch.clone();
    let on_speed = Callback::from(move |e: Event| {
        if let Some(sel) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
        {
            if let Ok(v) = sel.value().parse::<usize>() {
                d.emit(Action::Move(Move::SetSpeed(v)));
            }
        }
    });
    let speeds = SPEEDS.iter().enumerate().map(|(i, sp)| {
        let label = if i == SPEEDS.len() - 1 {
            t("speed-max")
        } else {
            t_args("speed-n", &[("n", s(format!("{sp}")))])
        };
        html! { <option value={i.to_string()} selected={i == state.speed}>{ label }</option> }
    });
    let total = state.lesson.steps.len();
    html! {
        <div class="transport" role="toolbar" aria-label={t("timeline")}>
            <button id="btn-home" onclick={emit(Action::Move(Move::Home))} title={t("key-home")} aria-label={t("to-start")}>{ "|◀" }</button>
            <button id="btn-back" onclick={emit(Action::Move(Move::StepBy(-1)))} title={t("key-back")} aria-label={t("step-back")}>{ "◀" }</button>
            <button id="btn-play" class="play" onclick={emit(Action::Move(Move::Toggle))} title={t("key-space")}
                aria-label={if state.playing { t("pause") } else { t("play") }} aria-pressed={state.playing.to_string()}>
                { if state.playing { "||" } else { "▶" } }
            </button>
            <button id="btn-forward" onclick={emit(Action::Move(Move::StepBy(1)))} title={t("key-forward")} aria-label={t("step-forward")}>{ "▶▶" }</button>
            <button id="btn-end" onclick={emit(Action::Move(Move::End))} title={t("key-end")} aria-label={t("to-end")}>{ "▶|" }</button>
            <label class="speed">{ t("speed") }
                <select id="speed" onchange={on_speed}>{ for speeds }</select>
            </label>
            <input id="scrub" type="range" min="0" max={(total - 1).to_string()} value={state.cursor.to_string()}
                aria-label={t("scrub")} oninput={on_scrub} />
            <span class="counter" id="step-counter">{ t_args("step-counter", &[("step", n(state.cursor + 1)), ("total", n(total))]) }</span>
        </div>
    }
}

/// Keys: space plays/pauses, arrows and PageUp/PageDown (presentation
/// clickers) step, Home/End jump.
fn key_action(e: &web_sys::KeyboardEvent) -> Option<Action> {
    if e.ctrl_key() || e.meta_key() || e.alt_key() {
        return None;
    }
    if is_typing(e) {
        return None;
    }
    Some(match e.key().as_str() {
        " " | "Spacebar" => Action::Move(Move::Toggle),
        "ArrowRight" | "ArrowDown" | "PageDown" => Action::Move(Move::StepBy(1)),
        "ArrowLeft" | "ArrowUp" | "PageUp" => Action::Move(Move::StepBy(-1)),
        "Home" => Action::Move(Move::Home),
        "End" => Action::Move(Move::End),
        // Clickers' "blank screen" button sends B or a full stop.
        "b" | "B" | "." => Action::ToggleBlank,
        _ => return None,
    })
}

/// Benchmarks set `window.__measureRenders = true`; then every render is
/// measured on the browser's performance timeline as `lesson-render`.
fn measuring() -> Option<web_sys::Performance> {
    let w = web_sys::window()?;
    let on = js_sys::Reflect::get(&w, &"__measureRenders".into())
        .ok()?
        .is_truthy();
    if on {
        w.performance()
    } else {
        None
    }
}

#[function_component(App)]
pub fn app() -> Html {
    if let Some(p) = measuring() {
        let _ = p.mark("lesson-render-start");
    }
    use_effect(|| {
        if let Some(p) = measuring() {
            let _ = p.measure_with_start_mark("lesson-render", "lesson-render-start");
        }
    });
    let state = use_reducer(|| {
        let lang = i18n::language();
        AppState::from_route(route::parse(&current_query()), lang)
    });
    let dispatch = {
        let state = state.clone();
        Callback::from(move |a: Action| state.dispatch(a))
    };

    // Keyboard and clicker keys, everywhere on the page.
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                EventListener::new_with_options(
                    &w,
                    "keydown",
                    EventListenerOptions::enable_prevent_default(),
                    move |e| {
                        if let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() {
                            if let Some(a) = key_action(e) {
                                e.prevent_default();
                                dispatch.emit(a);
                            }
                        }
                    },
                )
            });
            move || drop(listener)
        });
    }

    // Real links: same-tab clicks on `?…` links move the timeline without a
    // reload; back/forward follow history.
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            let win = web_sys::window();
            let d = dispatch.clone();
            let clicks = win.as_ref().and_then(|w| w.document()).map(|doc| {
                EventListener::new_with_options(
                    &doc,
                    "click",
                    EventListenerOptions::enable_prevent_default(),
                    move |e| {
                        let Some(me) = e.dyn_ref::<web_sys::MouseEvent>() else {
                            return;
                        };
                        if me.button() != 0
                            || me.ctrl_key()
                            || me.meta_key()
                            || me.shift_key()
                            || me.alt_key()
                        {
                            return;
                        }
                        let link = e
                            .target()
                            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                            .and_then(|el| el.closest("a[href^='?']").ok().flatten())
                            // The playground is another page; let the browser load it.
                            .filter(|a| {
                                !a.get_attribute("href")
                                    .unwrap_or_default()
                                    .contains("view=")
                            });
                        if let Some(a) = link {
                            let href = a.get_attribute("href").unwrap_or_default();
                            e.prevent_default();
                            if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
                                let _ = h.push_state_with_url(
                                    &wasm_bindgen::JsValue::NULL,
                                    "",
                                    Some(&href),
                                );
                            }
                            d.emit(Action::Navigate(route::parse(&href)));
                        }
                    },
                )
            });
            let d = dispatch.clone();
            let pops = win.as_ref().map(|w| {
                EventListener::new(w, "popstate", move |_| {
                    d.emit(Action::Navigate(route::parse(&current_query())))
                })
            });
            move || drop((clicks, pops))
        });
    }

    // Play: one tick per step at the chosen speed, on the screen's frames.
    {
        let dispatch = dispatch.clone();
        use_ticks(
            state.playing,
            state.speed,
            Callback::from(move |()| dispatch.emit(Action::Move(Move::Tick))),
        );
    }

    // Keep the URL on the current moment (replace, so stepping does not
    // flood the history; links push). While playing, at most every
    // URL_WHILE_PLAYING_MS: each replaceState is work for the browser
    // outside the page, and at full speed (a step a frame) it cost one frame
    // in ten on a 2-core machine. Pausing writes the step it stopped on.
    {
        let href = route::step_href(&state.lesson, state.step());
        let last_write = use_mut_ref(|| f64::MIN);
        use_effect_with(
            (href, state.notes.is_empty(), state.playing),
            move |(href, no_notes, playing)| {
                let query_now = current_query();
                let same = query_now == *href || (query_now.is_empty() && href == "?");
                let now = js_sys::Date::now();
                let due = !*playing || now - *last_write.borrow() >= URL_WHILE_PLAYING_MS;
                // A URL with a note stays as typed until the learner moves.
                if !same && *no_notes && due {
                    if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
                        let _ =
                            h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href));
                        *last_write.borrow_mut() = now;
                    }
                }
            },
        );
    }

    use_pointer_spot();

    // Tell tests and benchmarks when the lesson is interactive.
    use_effect_with((), |_| {
        if let Some(w) = web_sys::window() {
            if let Some(body) = w.document().and_then(|d| d.body()) {
                let _ = body.set_attribute("data-ready", "true");
            }
            if let Some(p) = w.performance() {
                let _ = js_sys::Reflect::set(&w, &"__readyAt".into(), &p.now().into());
            }
        }
    });

    // The document's language follows the app's.
    use_effect_with(state.lang, |lang| {
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = el.set_attribute("lang", lang);
        }
    });

    let ctx = Ctx {
        state: state.clone(),
        dispatch: dispatch.clone(),
    };
    let st = state::stage(&state);
    html! {
        <div class={classes!("app", state.lesson.settings.projector.then_some("projector"), state.brisk().then_some("brisk"))}
            data-stage={st.slug()} data-cursor={state.cursor.to_string()}>
            { header(&state, &dispatch) }
            { notes(&state, &dispatch) }
            <main id="main">
                <h2 class="stage-title">{ t(st.title_key()) }</h2>
                { stage_view(&ctx) }
            </main>
            <p class="sr-only" aria-live="polite" id="announce">{ describe(&state) }</p>
            <footer class="bottom">
                <p class="describe" aria-hidden="true" id="describe">{ describe(&state) }</p>
                { transport(&state, &dispatch) }
            </footer>
            if state.lesson.settings.projector {
                <div class="pointer-spot" aria-hidden="true"></div>
            }
            if state.blank {
                <div class="blank" id="blank-screen" aria-hidden="true"></div>
            }
        </div>
    }
}

/// Steps the rehearsal plays through.
const REHEARSAL_STEPS: usize = 240;

/// A copy of the lesson, rendered into an element that is never attached to
/// the page, that steps through the first stages once during idle time after
/// load. The browser then has optimised the rendering code before a learner
/// presses play, so the first second of playback drops no frames.
#[function_component(Rehearsal)]
pub fn rehearsal() -> Html {
    let state = use_reducer(|| AppState::from_route(route::parse(""), i18n::language()));
    {
        let state = state.clone();
        use_effect_with(state.cursor, move |&cursor| {
            if cursor >= REHEARSAL_STEPS {
                if let Some(b) = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.body())
                {
                    let _ = b.set_attribute("data-rehearsed", "true");
                }
            }
            let next = (cursor < REHEARSAL_STEPS).then(|| {
                gloo_timers::callback::Timeout::new(0, move || {
                    state.dispatch(Action::Move(Move::StepBy(1)))
                })
            });
            move || drop(next)
        });
    }
    let dispatch = Callback::from(|_: Action| {});
    let ctx = Ctx {
        state: state.clone(),
        dispatch,
    };
    html! { <div aria-hidden="true">{ stage_view(&ctx) }</div> }
}

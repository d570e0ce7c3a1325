//! One view per lesson stage. Each reads the current step and the traces
//! from cnn-core and decides what to show; none computes a CNN value.

use cnn_core::{Ratio, Reduction};
use yew::prelude::*;

use crate::i18n::{n, s, t, t_args};
use crate::lesson::route;
use crate::lesson::state::{Action, AppState};
use crate::lesson::{Example, Phase, Preset, Stage, Step};
use crate::ui::example::{
    calc_panel, example_grids, kernel_cells, map_cells, num_style, products_grid, scale_of, show,
    value_cell, Num, Walk,
};
use crate::ui::grid::{Cell, Grid, Mark, Size};
use crate::ui::playback::Move;

/// What every stage view gets.
#[derive(Clone, PartialEq)]
pub struct Ctx {
    pub state: UseReducerHandle<AppState>,
    pub dispatch: Callback<Action>,
}

pub(crate) fn seek(ctx: &Ctx, step: Step) -> Option<Callback<MouseEvent>> {
    let i = ctx.state.lesson.index_of(step)?;
    let d = ctx.dispatch.clone();
    Some(Callback::from(move |_| d.emit(Action::Move(Move::Seek(i)))))
}

pub(crate) const FILTER_KEYS: [&str; 3] = ["filter-left", "filter-x", "filter-right"];

/// Links to each filter's part of a stage.
pub(crate) fn filter_tabs(ctx: &Ctx, current: usize, first_step: impl Fn(usize) -> Step) -> Html {
    let tabs = (0..3).map(|f| {
        let href = route::step_href(&ctx.state.lesson, first_step(f));
        let cur = (f == current).then_some("page");
        html! {
            <li><a class={classes!("tab", (f == current).then_some("active"))} href={href} aria-current={cur}>
                { t(FILTER_KEYS[f]) }
            </a></li>
        }
    });
    html! { <nav class="tabs" aria-label={t("filters")}><ul>{ for tabs }</ul></nav> }
}

fn reduction_toggle(ctx: &Ctx) -> Html {
    let cur = ctx.state.lesson.settings.reduction;
    let btn = |r: Reduction, key: &str| {
        let d = ctx.dispatch.clone();
        html! {
            <button class="seg" aria-pressed={(cur == r).to_string()}
                onclick={Callback::from(move |_| d.emit(Action::SetReduction(r)))}>
                { t(key) }
            </button>
        }
    };
    html! {
        <div class="segmented" role="group" aria-label={t("reduction")}>
            { btn(Reduction::Mean, "reduction-mean") }
            { btn(Reduction::Sum, "reduction-sum") }
        </div>
    }
}

fn image_cells(ctx: &Ctx, window: Option<&cnn_core::Window>, clickable: bool) -> Vec<Cell> {
    let img = &ctx.state.lesson.settings.image;
    let (h, w) = img.dim();
    (0..h * w)
        .map(|i| {
            let (r, c) = (i / w, i % w);
            let v = Ratio::int(img[[r, c]] as i64);
            let mut cell = value_cell(v, Num::Int, 1.0);
            if window.is_some_and(|win| win.covers(r, c)) {
                cell.mark = Mark::Window;
            }
            if clickable {
                let d = ctx.dispatch.clone();
                cell.onclick = Some(Callback::from(move |_| d.emit(Action::TogglePixel(r, c))));
                cell.label = Some(t_args(
                    "pixel-label",
                    &[
                        ("row", n(r + 1)),
                        ("col", n(c + 1)),
                        ("value", s(show(v, Num::Int))),
                    ],
                ));
            }
            cell
        })
        .collect()
}

pub fn input_stage(ctx: &Ctx) -> Html {
    let preset = ctx.state.lesson.settings.preset();
    let btn = |p: Preset, key: &str| {
        let d = ctx.dispatch.clone();
        html! {
            <button class="seg" aria-pressed={(preset == Some(p)).to_string()}
                onclick={Callback::from(move |_| d.emit(Action::SetImage(p)))}>{ t(key) }</button>
        }
    };
    html! {
        <section class="stage" id="stage-input">
            <p class="lead">{ t("input-lead") }</p>
            <div class="segmented" role="group" aria-label={t("image")}>
                { btn(Preset::X, "image-x") }
                { btn(Preset::O, "image-o") }
            </div>
            <div class="row">
                <Grid id="input-grid" caption={t("input-caption")} cols={9}
                    cells={image_cells(ctx, None, true)} size={Size::Large} />
            </div>
            <p class="hint">{ t("input-hint") }</p>
        </section>
    }
}

pub fn conv_stage(ctx: &Ctx, filter: usize, cell: usize, phase: Phase) -> Html {
    let lesson = &ctx.state.lesson;
    let run = &lesson.run;
    let side = lesson.conv_side();
    let trace = &run.conv_trace[filter * side * side + cell];
    let style = num_style(run.reduction);
    let weights: Vec<Ratio> = trace.terms.iter().filter_map(|t| t.weight).collect();
    let here = lesson
        .index_of(Step::Conv {
            filter,
            cell,
            phase,
        })
        .unwrap_or(0);
    let cursor = ctx.state.cursor.max(here);
    let out = map_cells(
        &run.conv,
        filter,
        style,
        |i| {
            lesson.reached(
                cursor,
                Step::Conv {
                    filter,
                    cell: i,
                    phase: Phase::Result,
                },
            )
        },
        |i| if i == cell { Mark::Current } else { Mark::None },
        |i| seek(ctx, lesson.conv_cell_step(filter, i)),
    );
    let count = trace.terms.len();
    html! {
        <section class="stage" id="stage-convolution">
            { filter_tabs(ctx, filter, |f| Step::Conv { filter: f, cell: 0, phase: Phase::Products }) }
            <p class="lead">{ t("conv-lead") }</p>
            <div class="row">
                <Grid id="conv-input" caption={t("input-caption")} cols={9}
                    cells={image_cells(ctx, trace.window.as_ref(), false)} size={Size::Small} />
                <div class="col">
                    <div class="row tight">
                        <Grid id="conv-filter" caption={t(FILTER_KEYS[filter])} cols={3}
                            cells={kernel_cells(&weights, 1.0)} size={Size::Medium} />
                        { products_grid("conv-products", trace, 3, true) }
                    </div>
                    { calc_panel(trace, phase, run.reduction, count) }
                </div>
                <Grid id="conv-output" caption={t("conv-output-caption")} cols={side}
                    cells={out} size={Size::Medium} />
            </div>
            <div class="controls-row">{ reduction_toggle(ctx) }<p class="hint">{ t("conv-hint") }</p></div>
        </section>
    }
}

pub fn relu_stage(ctx: &Ctx, filter: usize, cell: usize) -> Html {
    let lesson = &ctx.state.lesson;
    let run = &lesson.run;
    let side = lesson.conv_side();
    let style = num_style(run.reduction);
    let trace = &run.relu_trace[filter * side * side + cell];
    let cursor = ctx.state.cursor;
    let src = map_cells(
        &run.conv,
        filter,
        style,
        |_| true,
        |i| if i == cell { Mark::Window } else { Mark::None },
        |_| None,
    );
    let out = map_cells(
        &run.relu,
        filter,
        style,
        |i| lesson.reached(cursor, Step::Relu { filter, cell: i }),
        |i| if i == cell { Mark::Current } else { Mark::None },
        |i| seek(ctx, Step::Relu { filter, cell: i }),
    );
    let (_, last) = lesson.stage_range(Stage::Relu);
    let d = ctx.dispatch.clone();
    let all = Callback::from(move |_| d.emit(Action::Move(Move::Seek(last))));
    html! {
        <section class="stage" id="stage-relu">
            { filter_tabs(ctx, filter, |f| Step::Relu { filter: f, cell: 0 }) }
            <p class="lead">{ t("relu-lead") }</p>
            <div class="row">
                <Grid id="relu-input" caption={t("conv-output-caption")} cols={side} cells={src} size={Size::Medium} />
                <div class="calc">
                    <p class="calc-line calc-result" id="calc-result">
                        { t_args("calc-relu", &[("input", s(show(trace.sum, style))), ("value", s(show(trace.result, style)))]) }
                    </p>
                    <button class="action" onclick={all}>{ t("relu-all") }</button>
                </div>
                <Grid id="relu-output" caption={t("relu-output-caption")} cols={side} cells={out} size={Size::Medium} />
            </div>
        </section>
    }
}

pub fn pool_stage(ctx: &Ctx, level: usize, filter: usize, cell: usize) -> Html {
    let lesson = &ctx.state.lesson;
    let run = &lesson.run;
    let style = num_style(run.reduction);
    let (src, out, traces) = if level == 1 {
        (&run.relu, &run.pool1, &run.pool1_trace)
    } else {
        (&run.pool1, &run.pool2, &run.pool2_trace)
    };
    let (_, oh, ow) = out.dim();
    let trace = &traces[filter * oh * ow + cell];
    let (_, _, sw) = src.dim();
    let win = trace.window;
    let pick = trace.pick.and_then(|p| trace.terms.get(p)).map(|t| t.at);
    let src_cells = map_cells(
        src,
        filter,
        style,
        |_| true,
        |i| {
            let (r, c) = ((i / sw) as isize, (i % sw) as isize);
            if pick == Some((r, c)) {
                Mark::Pick
            } else if win.is_some_and(|w| w.covers(r as usize, c as usize)) {
                Mark::Window
            } else {
                Mark::None
            }
        },
        |_| None,
    );
    let cursor = ctx.state.cursor;
    let out_cells = map_cells(
        out,
        filter,
        style,
        |i| {
            lesson.reached(
                cursor,
                Step::Pool {
                    level,
                    filter,
                    cell: i,
                },
            )
        },
        |i| if i == cell { Mark::Current } else { Mark::None },
        |i| {
            seek(
                ctx,
                Step::Pool {
                    level,
                    filter,
                    cell: i,
                },
            )
        },
    );
    let values: Vec<String> = trace.terms.iter().map(|t| show(t.input, style)).collect();
    let level_link = |l: usize, key: &str| {
        let href = route::step_href(
            lesson,
            Step::Pool {
                level: l,
                filter,
                cell: 0,
            },
        );
        html! { <li><a class={classes!("tab", (l == level).then_some("active"))} href={href}
        aria-current={(l == level).then_some("page")}>{ t(key) }</a></li> }
    };
    html! {
        <section class="stage" id="stage-pooling">
            { filter_tabs(ctx, filter, |f| Step::Pool { level, filter: f, cell: 0 }) }
            <nav class="tabs" aria-label={t("pool-levels")}><ul>
                { level_link(1, "pool-level-1") }{ level_link(2, "pool-level-2") }
            </ul></nav>
            <p class="lead">{ t("pool-lead") }</p>
            <div class="row">
                <Grid id="pool-input" caption={t(if level == 1 { "relu-output-caption" } else { "pool1-caption" })}
                    cols={sw} cells={src_cells} size={Size::Medium} />
                <div class="calc">
                    <p class="calc-line calc-result" id="calc-result">
                        { t_args("calc-max", &[("values", s(values.join(", "))), ("value", s(show(trace.result, style)))]) }
                    </p>
                    <p class="hint">{ t_args("pool-window-size", &[("rows", n(win.map_or(0, |w| w.rows))), ("cols", n(win.map_or(0, |w| w.cols)))]) }</p>
                </div>
                <Grid id="pool-output" caption={t(if level == 1 { "pool1-caption" } else { "pool2-caption" })}
                    cols={ow} cells={out_cells} size={Size::Medium} />
            </div>
        </section>
    }
}

pub fn flatten_stage(ctx: &Ctx, index: usize) -> Html {
    let lesson = &ctx.state.lesson;
    let run = &lesson.run;
    let style = num_style(run.reduction);
    let (c, h, w) = run.pool2.dim();
    let src = cnn_core::flatten_source((c, h, w), index);
    let cursor = ctx.state.cursor;
    let maps = (0..c).map(|f| {
        let cells = map_cells(
            &run.pool2,
            f,
            style,
            |_| true,
            |i| if (f, i / w, i % w) == src { Mark::Pick } else { Mark::None },
            |i| seek(ctx, Step::Flatten { index: f * h * w + i }),
        );
        html! { <Grid id={format!("flatten-map-{f}")} caption={t(FILTER_KEYS[f])} cols={w} cells={cells} size={Size::Medium} /> }
    });
    let scale = scale_of(run.flat.iter());
    let vector: Vec<Cell> = run
        .flat
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            let mut cell = if lesson.reached(cursor, Step::Flatten { index: i }) {
                value_cell(v, style, scale)
            } else {
                Cell::empty()
            };
            if i == index {
                cell.mark = Mark::Current;
            }
            cell.onclick = seek(ctx, Step::Flatten { index: i });
            let (f, r, col) = cnn_core::flatten_source((c, h, w), i);
            cell.label = Some(t_args(
                "flatten-from",
                &[
                    ("index", n(i + 1)),
                    ("filter", s(t(FILTER_KEYS[f]))),
                    ("row", n(r + 1)),
                    ("col", n(col + 1)),
                ],
            ));
            cell
        })
        .collect();
    html! {
        <section class="stage" id="stage-flatten">
            <p class="lead">{ t("flatten-lead") }</p>
            <div class="row">{ for maps }</div>
            <p class="calc-line calc-result" id="calc-result">
                { t_args("flatten-move", &[("filter", s(t(FILTER_KEYS[src.0]))), ("row", n(src.1 + 1)), ("col", n(src.2 + 1)), ("index", n(index + 1))]) }
            </p>
            <Grid id="flatten-vector" caption={t("flatten-caption")} cols={run.flat.len()} cells={vector} size={Size::Medium} />
        </section>
    }
}

pub fn vote_stage(ctx: &Ctx, output: usize) -> Html {
    let lesson = &ctx.state.lesson;
    let run = &lesson.run;
    let style = num_style(run.reduction);
    let cursor = ctx.state.cursor;
    let shown = |o: usize| lesson.reached(cursor, Step::Vote { output: o });
    let rows = (0..run.flat.len()).map(|i| {
        let tx = &run.vote_trace[0].terms[i];
        let to = &run.vote_trace[1].terms[i];
        let w = |t: &cnn_core::Term<Ratio>| show(t.weight.unwrap_or(Ratio::ZERO), Num::Int);
        html! {
            <tr>
                <th scope="row">{ i + 1 }</th>
                <td class="num">{ show(run.flat[i], style) }</td>
                <td class={classes!("num", "w", (output == 0).then_some("active"))}>{ w(tx) }</td>
                <td class={classes!("num", (output == 0).then_some("active"))}>{ if shown(0) { show(tx.product, style) } else { String::new() } }</td>
                <td class={classes!("num", "w", (output == 1).then_some("active"))}>{ w(to) }</td>
                <td class={classes!("num", (output == 1).then_some("active"))}>{ if shown(1) { show(to.product, style) } else { String::new() } }</td>
            </tr>
        }
    });
    let total = |o: usize| {
        if shown(o) {
            show(run.vote_trace[o].result, style)
        } else {
            String::new()
        }
    };
    let probs = shown(2).then(|| {
        let bars = [("x", 0usize), ("o", 1usize)].map(|(k, o)| {
            let p = run.probabilities[o];
            let pct = format!("{:.0}%", p * 100.0);
            html! {
                <div class="bar-row" id={format!("prob-{k}")}>
                    <span class="bar-label">{ t(if o == 0 { "class-x" } else { "class-o" }) }</span>
                    <span class="bar"><span class="bar-fill" style={format!("width: {:.1}%", p * 100.0)}></span></span>
                    <span class="bar-value">{ pct }</span>
                </div>
            }
        });
        html! { <div class="probs">{ for bars }</div> }
    });
    let winner = if run.probabilities[0] >= run.probabilities[1] {
        "class-x"
    } else {
        "class-o"
    };
    let d = ctx.dispatch.clone();
    let other = if lesson.settings.preset() == Some(Preset::O) {
        Preset::X
    } else {
        Preset::O
    };
    let run_other = Callback::from(move |_| d.emit(Action::SetImage(other)));
    html! {
        <section class="stage" id="stage-vote">
            <p class="lead">{ t("vote-lead") }</p>
            <div class="row">
                <table class="vote" id="vote-table">
                    <caption>{ t("vote-caption") }</caption>
                    <thead><tr>
                        <th scope="col">{ "#" }</th><th scope="col">{ t("vote-feature") }</th>
                        <th scope="col">{ t("vote-weight-x") }</th><th scope="col">{ t("vote-product") }</th>
                        <th scope="col">{ t("vote-weight-o") }</th><th scope="col">{ t("vote-product") }</th>
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                    <tfoot><tr>
                        <th scope="row" colspan="3">{ t("vote-score") }</th>
                        <td class="num total" id="score-x">{ total(0) }</td>
                        <td></td>
                        <td class="num total" id="score-o">{ total(1) }</td>
                    </tr></tfoot>
                </table>
                <div class="calc">
                    <p class="hint">{ t("vote-weights-explained") }</p>
                    { probs.unwrap_or_default() }
                    <p class={classes!("calc-line", "calc-result", (!shown(2)).then_some("hidden"))} id="calc-result">
                        { t_args("vote-verdict", &[("class", s(t(winner)))]) }
                    </p>
                    <button class="action" onclick={run_other}>{ t(if other == Preset::O { "vote-try-o" } else { "vote-try-x" }) }</button>
                </div>
            </div>
        </section>
    }
}

/// A worked example on the lesson's timeline (seed 001's examples).
fn example_view(
    ctx: &Ctx,
    ex: &Example,
    cell: usize,
    phase: Phase,
    id: &str,
    padded: bool,
) -> Html {
    let cursor = ctx.state.cursor;
    let step = |c: usize, p: Phase| {
        if id == "weighted" {
            Step::WeightedSum { cell: c, phase: p }
        } else {
            Step::Padding { cell: c, phase: p }
        }
    };
    example_grids(&Walk {
        ex,
        cell,
        phase,
        id,
        padded,
        reached: &|i| ctx.state.lesson.reached(cursor, step(i, Phase::Result)),
        seek: &|i| seek(ctx, step(i, Phase::Products)),
        reduction: None,
    })
}

pub fn weighted_stage(ctx: &Ctx, cell: usize, phase: Phase) -> Html {
    let ex = &ctx.state.lesson.weighted;
    let href = route::stage_href(
        &crate::lesson::Settings {
            reduction: Reduction::Sum,
            ..ctx.state.lesson.settings.clone()
        },
        Stage::Convolution,
    );
    html! {
        <section class="stage" id="stage-weighted-sum">
            <p class="lead">{ t("weighted-lead") }</p>
            { example_view(ctx, ex, cell, phase, "weighted", false) }
            <p class="hint">{ t("weighted-frameworks") }{ " " }<a href={href}>{ t("weighted-try-sum") }</a></p>
        </section>
    }
}

pub fn padding_stage(ctx: &Ctx, cell: usize, phase: Phase) -> Html {
    let lesson = &ctx.state.lesson;
    let ex = &lesson.padding;
    let settings = &lesson.settings;
    let (_, h, _) = ex.input.dim();
    let (oh, _) = ex.out_dim();
    let option = |pad: usize, stride: usize, key: &str, pressed: bool| {
        let href = route::stage_href(
            &crate::lesson::Settings {
                pad,
                stride,
                ..settings.clone()
            },
            Stage::Padding,
        );
        html! { <a class={classes!("seg", pressed.then_some("active"))} href={href} aria-current={pressed.then_some("true")}>{ t(key) }</a> }
    };
    let formula = t_args(
        "padding-formula",
        &[
            ("w", n(h)),
            ("k", n(3)),
            ("p", n(settings.pad)),
            ("s", n(settings.stride)),
            ("out", n(oh)),
        ],
    );
    html! {
        <section class="stage" id="stage-padding">
            <p class="lead">{ t("padding-lead") }</p>
            <div class="controls-row">
                <div class="segmented" role="group" aria-label={t("padding")}>
                    { option(0, settings.stride, "padding-0", settings.pad == 0) }
                    { option(1, settings.stride, "padding-1", settings.pad == 1) }
                </div>
                <div class="segmented" role="group" aria-label={t("stride")}>
                    { option(settings.pad, 1, "stride-1", settings.stride == 1) }
                    { option(settings.pad, 2, "stride-2", settings.stride == 2) }
                </div>
            </div>
            <p class="formula" id="padding-formula">{ formula }</p>
            { example_view(ctx, ex, cell, phase, "padding", true) }
        </section>
    }
}

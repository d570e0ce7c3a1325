//! The views of the later operations' stages: global average pooling, the
//! 1x1 convolution, the separable convolution, batch normalization and the
//! residual addition. Each reads `lesson.blocks` (cnn-core's values and
//! traces) and the text `blocks` makes of them; none computes a value.

use cnn_core::{CellTrace, Ratio};
use yew::prelude::*;

use crate::i18n::{n, s, t, t_args};
use crate::lesson::blocks::{
    decimal, exact, exact_approx, param, plus, product_lines, row_lines, short_decimal,
    square_lines, sum_line, NormPart, SepPart,
};
use crate::lesson::route;
use crate::lesson::stages::{filter_tabs, seek, Ctx, FILTER_KEYS};
use crate::lesson::{Phase, Step};
use crate::ui::example::{
    kernel_cells, map_cells, num_style, products_grid, scale_of, value_cell, Num,
};
use crate::ui::grid::{Cell, Grid, Mark, Size};

/// Links to the parts of a stage: (label, first step, current).
fn tabs(ctx: &Ctx, label: String, items: Vec<(String, Step, bool)>) -> Html {
    let links = items.into_iter().map(|(name, step, cur)| {
        let href = route::step_href(&ctx.state.lesson, step);
        html! {
            <li><a class={classes!("tab", cur.then_some("active"))} href={href}
                aria-current={cur.then_some("page")}>{ name }</a></li>
        }
    });
    html! { <nav class="tabs" aria-label={label}><ul>{ for links }</ul></nav> }
}

/// A calculation line, hidden (never removed) until its moment.
fn line(id: &str, shown: bool, result: bool, text: String) -> Html {
    html! {
        <p class={classes!("calc-line", result.then_some("calc-result"), (!shown).then_some("hidden"))}
            id={id.to_string()}>{ text }</p>
    }
}

/// The products of a traced cell as a list, one "w × x = p" a line.
fn product_list(id: &str, trace: &CellTrace<Ratio>, shown: bool) -> Html {
    let items = product_lines(trace)
        .into_iter()
        .map(|l| html! { <li>{ l }</li> });
    html! {
        <ol class={classes!("terms", "ops-terms", (!shown).then_some("hidden"))} id={id.to_string()}
            aria-label={t("products")}>{ for items }</ol>
    }
}

pub fn gap_stage(ctx: &Ctx, channel: usize, phase: Phase) -> Html {
    let lesson = &ctx.state.lesson;
    let (run, b) = (&lesson.run, &lesson.blocks);
    let style = num_style(run.reduction);
    let Some(trace) = b.gap_trace.get(channel) else {
        return html! {};
    };
    let (_, _, w) = run.conv.dim();
    let cursor = ctx.state.cursor;
    let maps = (0..b.gap.len()).map(|f| {
        let cells = map_cells(
            &run.conv,
            f,
            style,
            |_| true,
            |_| if f == channel { Mark::Window } else { Mark::None },
            |_| {
                seek(
                    ctx,
                    Step::GlobalPool {
                        channel: f,
                        phase: Phase::Sum,
                    },
                )
            },
        );
        html! { <Grid id={format!("gap-map-{f}")} caption={t(FILTER_KEYS[f.min(2)])} cols={w} cells={cells} size={Size::Small} /> }
    });
    let scale = scale_of(b.gap.iter());
    let out: Vec<Cell> = b
        .gap
        .iter()
        .enumerate()
        .map(|(f, &v)| {
            let done = Step::GlobalPool {
                channel: f,
                phase: Phase::Result,
            };
            let mut cell = if lesson.reached(cursor, done) {
                value_cell(v, style, scale)
            } else {
                Cell::empty()
            };
            if f == channel {
                cell.mark = Mark::Current;
            }
            cell.onclick = seek(ctx, done);
            cell.label = Some(t(FILTER_KEYS[f.min(2)]));
            cell
        })
        .collect();
    let rows = row_lines(trace, w)
        .into_iter()
        .enumerate()
        .map(|(r, l)| html! { <li>{ t_args("lesson-ops-row", &[("row", n(r + 1)), ("values", s(l))]) }</li> });
    let mean = t_args(
        "lesson-ops-mean",
        &[
            ("sum", s(exact(trace.sum))),
            ("count", n(trace.terms.len())),
            ("value", s(exact_approx(trace.result))),
        ],
    );
    html! {
        <section class="stage" id="stage-global-pooling">
            { filter_tabs(ctx, channel, |f| Step::GlobalPool { channel: f, phase: Phase::Sum }) }
            <p class="lead">{ t("lesson-ops-gap-lead") }</p>
            <div class="row">{ for maps }</div>
            <div class="row">
                <div class="calc ops-calc">
                    <ol class="ops-rows" id="gap-rows" aria-label={t_args("lesson-ops-gap-values", &[("count", n(trace.terms.len()))])}>{ for rows }</ol>
                    { line("calc-sum", true, false, t_args("lesson-ops-sum-of", &[("count", n(trace.terms.len())), ("sum", s(exact(trace.sum)))])) }
                    { line("calc-result", phase == Phase::Result, true, mean) }
                </div>
                <Grid id="gap-output" caption={t("lesson-ops-gap-caption")} cols={b.gap.len()} cells={out} size={Size::Large} />
            </div>
            <p class="hint">{ t_args("lesson-ops-gap-versus-flatten", &[("flat", n(run.flat.len())), ("gap", n(b.gap.len()))]) }</p>
        </section>
    }
}

const MIX_KEYS: [&str; 2] = ["lesson-ops-mix-map-0", "lesson-ops-mix-map-1"];

pub fn pointwise_stage(ctx: &Ctx, map: usize, cell: usize, phase: Phase) -> Html {
    let lesson = &ctx.state.lesson;
    let (run, b) = (&lesson.run, &lesson.blocks);
    let style = num_style(run.reduction);
    let side = b.mix_side();
    let Some(trace) = b.mix_trace.get(map * side * side + cell) else {
        return html! {};
    };
    let cursor = ctx.state.cursor;
    let step = |m: usize, c: usize, p: Phase| Step::Pointwise {
        map: m,
        cell: c,
        phase: p,
    };
    let inputs = (0..run.conv.shape()[0]).map(|f| {
        let cells = map_cells(
            &run.conv,
            f,
            style,
            |_| true,
            |i| if i == cell { Mark::Window } else { Mark::None },
            |_| None,
        );
        html! { <Grid id={format!("pointwise-in-{f}")} caption={t(FILTER_KEYS[f.min(2)])} cols={side} cells={cells} size={Size::Small} /> }
    });
    let weights: Vec<Ratio> = trace.terms.iter().filter_map(|t| t.weight).collect();
    let out = map_cells(
        &b.mix_out,
        map,
        style,
        |i| lesson.reached(cursor, step(map, i, Phase::Result)),
        |i| if i == cell { Mark::Current } else { Mark::None },
        |i| seek(ctx, step(map, i, Phase::Products)),
    );
    let items = (0..b.mix_out.shape()[0])
        .map(|m| (t(MIX_KEYS[m.min(1)]), step(m, 0, Phase::Products), m == map))
        .collect();
    let result = phase == Phase::Result;
    html! {
        <section class="stage" id="stage-pointwise">
            { tabs(ctx, t("lesson-ops-mix-maps"), items) }
            <p class="lead">{ t("lesson-ops-mix-lead") }</p>
            <div class="row">
                <div class="row tight">{ for inputs }</div>
                <div class="calc-col">
                    <Grid id="pointwise-weights" caption={t("lesson-ops-mix-weights")} cols={weights.len()}
                        cells={kernel_cells(&weights, scale_of(weights.iter()))} size={Size::Medium} />
                    <div class="calc ops-calc">
                        { product_list("pointwise-products", trace, true) }
                        { line("calc-sum", result, false, t_args("lesson-ops-sum", &[("sum", s(sum_line(trace)))])) }
                        { line("calc-result", result, true, t_args("lesson-ops-fills", &[("value", s(exact_approx(trace.result)))])) }
                    </div>
                </div>
                <Grid id="pointwise-output" caption={t(MIX_KEYS[map.min(1)])} cols={side} cells={out} size={Size::Medium} />
            </div>
            <p class="hint">{ t("lesson-ops-mix-hint") }</p>
        </section>
    }
}

const RGB_KEYS: [&str; 3] = ["lesson-ops-red", "lesson-ops-green", "lesson-ops-blue"];
const SEP_OUT_KEYS: [&str; 2] = ["lesson-ops-sep-out-0", "lesson-ops-sep-out-1"];

pub fn separable_stage(ctx: &Ctx, part: SepPart, map: usize, cell: usize, phase: Phase) -> Html {
    let lesson = &ctx.state.lesson;
    let b = &lesson.blocks;
    let Some(trace) = b.sep_cell(part, map, cell) else {
        return html! {};
    };
    let cursor = ctx.state.cursor;
    let side = b.sep_side(part);
    let step = |p: SepPart, m: usize, c: usize, ph: Phase| Step::Separable {
        part: p,
        map: m,
        cell: c,
        phase: ph,
    };
    let win = trace.window;
    let in_side = b.sep_input.shape()[2];
    let result = phase == Phase::Result;
    // The maps a part reads, the maps it writes.
    let (sources, outputs) = match part {
        SepPart::Depthwise => {
            let src = (0..b.sep_input.shape()[0]).map(|c| {
                let cells = map_cells(
                    &b.sep_input,
                    c,
                    Num::Int,
                    |_| true,
                    |i| {
                        let covered = c == map
                            && win.is_some_and(|w| w.covers(i / in_side, i % in_side));
                        if covered {
                            Mark::Window
                        } else {
                            Mark::None
                        }
                    },
                    |_| None,
                );
                html! { <Grid id={format!("sep-in-{c}")} caption={t(RGB_KEYS[c.min(2)])} cols={in_side} cells={cells} size={Size::Small} /> }
            });
            (src.collect::<Html>(), &b.sep_trace.depthwise)
        }
        SepPart::Pointwise => {
            let src = (0..b.sep_maps(SepPart::Depthwise)).map(|c| {
                let cells = map_cells(
                    &b.sep_trace.depthwise,
                    c,
                    Num::Int,
                    |_| true,
                    |i| if i == cell { Mark::Window } else { Mark::None },
                    |_| None,
                );
                let caption = t_args("lesson-ops-sep-depthwise-of", &[("channel", s(t(RGB_KEYS[c.min(2)])))]);
                html! { <Grid id={format!("sep-dw-{c}")} caption={caption} cols={side} cells={cells} size={Size::Medium} /> }
            });
            (src.collect::<Html>(), &b.sep_trace.output)
        }
    };
    let outs = (0..outputs.shape()[0]).map(|m| {
        let cells = map_cells(
            outputs,
            m,
            Num::Int,
            |i| lesson.reached(cursor, step(part, m, i, Phase::Result)),
            |i| if m == map && i == cell { Mark::Current } else { Mark::None },
            |i| seek(ctx, step(part, m, i, Phase::Products)),
        );
        let caption = match part {
            SepPart::Depthwise => t_args("lesson-ops-sep-depthwise-of", &[("channel", s(t(RGB_KEYS[m.min(2)])))]),
            SepPart::Pointwise => t(SEP_OUT_KEYS[m.min(1)]),
        };
        html! { <Grid id={format!("sep-out-{m}")} caption={caption} cols={side} cells={cells} size={Size::Medium} /> }
    });
    let weights: Vec<Ratio> = trace.terms.iter().filter_map(|t| t.weight).collect();
    let (calc, kernel_caption, k) = match part {
        SepPart::Depthwise => (
            products_grid("sep-products", trace, 3, true),
            t_args(
                "lesson-ops-sep-kernel",
                &[("channel", s(t(RGB_KEYS[map.min(2)])))],
            ),
            3,
        ),
        SepPart::Pointwise => (
            product_list("sep-products", trace, true),
            t("lesson-ops-sep-weights"),
            weights.len(),
        ),
    };
    let part_tabs = SepPart::ALL
        .iter()
        .map(|&p| {
            let key = match p {
                SepPart::Depthwise => "lesson-ops-sep-depthwise",
                SepPart::Pointwise => "lesson-ops-sep-pointwise",
            };
            (t(key), step(p, 0, 0, Phase::Products), p == part)
        })
        .collect();
    let map_tabs = (0..b.sep_maps(part))
        .map(|m| {
            let name = match part {
                SepPart::Depthwise => t(RGB_KEYS[m.min(2)]),
                SepPart::Pointwise => t(SEP_OUT_KEYS[m.min(1)]),
            };
            (name, step(part, m, 0, Phase::Products), m == map)
        })
        .collect();
    let (d, p, total, standard) = b.sep_counts();
    html! {
        <section class="stage" id="stage-separable">
            { tabs(ctx, t("lesson-ops-sep-parts"), part_tabs) }
            { tabs(ctx, t("lesson-ops-sep-maps"), map_tabs) }
            <p class="lead">{ t(match part { SepPart::Depthwise => "lesson-ops-sep-depthwise-lead", SepPart::Pointwise => "lesson-ops-sep-pointwise-lead" }) }</p>
            <div class="row">
                <div class="row tight">{ sources }</div>
                <div class="calc-col">
                    <div class="row tight">
                        <Grid id="sep-kernel" caption={kernel_caption} cols={k} cells={kernel_cells(&weights, scale_of(weights.iter()))} size={Size::Medium} />
                        { calc }
                    </div>
                    <div class="calc ops-calc">
                        { line("calc-sum", result, false, t_args("lesson-ops-sum", &[("sum", s(sum_line(trace)))])) }
                        { line("calc-result", result, true, t_args("lesson-ops-fills", &[("value", s(exact_approx(trace.result)))])) }
                    </div>
                </div>
                <div class="row tight">{ for outs }</div>
            </div>
            <p class="hint" id="sep-counts">{ t_args("lesson-ops-sep-counts", &[("depthwise", n(d)), ("pointwise", n(p)), ("total", n(total)), ("standard", n(standard))]) }</p>
        </section>
    }
}

pub fn batch_norm_stage(ctx: &Ctx, channel: usize, part: NormPart) -> Html {
    let lesson = &ctx.state.lesson;
    let b = &lesson.blocks;
    let Some(st) = b.bn_stats(channel) else {
        return html! {};
    };
    let index = match part {
        NormPart::Value(i) => i,
        _ => 0,
    };
    let Some(cell) = b.bn_cell(channel, index) else {
        return html! {};
    };
    let cursor = ctx.state.cursor;
    let (samples, channels, h, w) = b.batch.dim();
    let rank = part.rank();
    let in_scale = scale_of(b.batch.iter());
    let out_scale = b
        .bn_trace
        .cells
        .iter()
        .map(|c| c.result.abs())
        .fold(1.0, f64::max);
    // One small grid per sample and channel, inputs and outputs alike.
    let grids = |output: bool| {
        let grids = (0..samples).flat_map(|smp| (0..channels).map(move |ch| (smp, ch)));
        let html = grids.map(|(smp, ch)| {
            let cells: Vec<Cell> = (0..h * w)
                .map(|i| {
                    let (r, c) = (i / w, i % w);
                    let here = (smp, ch, r, c) == cell.at && rank == 3;
                    // This value's place among its channel's values.
                    let k = smp * h * w + i;
                    let mut out = if !output {
                        value_cell(b.batch[[smp, ch, r, c]], Num::Int, in_scale)
                    } else {
                        let done = Step::BatchNorm {
                            channel: ch,
                            part: NormPart::Value(k),
                        };
                        match b.bn_cell(ch, k) {
                            Some(v) if lesson.reached(cursor, done) => Cell::value(
                                short_decimal(v.result),
                                decimal(v.result),
                                v.result / out_scale,
                            ),
                            _ => Cell::empty(),
                        }
                    };
                    out.mark = if here {
                        Mark::Current
                    } else if ch == channel && !output {
                        Mark::Window
                    } else {
                        Mark::None
                    };
                    out.onclick = seek(
                        ctx,
                        Step::BatchNorm {
                            channel: ch,
                            part: NormPart::Value(k),
                        },
                    );
                    out.label = Some(t_args(
                        "cell-label",
                        &[("row", n(r + 1)), ("col", n(c + 1))],
                    ));
                    out
                })
                .collect();
            let caption = t_args(
                "lesson-ops-bn-map",
                &[("sample", n(smp + 1)), ("channel", n(ch + 1))],
            );
            let id = format!("bn-{}-{smp}-{ch}", if output { "out" } else { "in" });
            html! { <Grid id={id} caption={caption} cols={w} cells={cells} size={Size::Medium} /> }
        });
        html! { <div class="ops-batch">{ for html }</div> }
    };
    let items = (0..channels)
        .map(|ch| {
            let step = Step::BatchNorm {
                channel: ch,
                part: NormPart::Mean,
            };
            (
                t_args("lesson-ops-bn-channel", &[("channel", n(ch + 1))]),
                step,
                ch == channel,
            )
        })
        .collect();
    let count = st.terms.len();
    let squares = square_lines(st)
        .into_iter()
        .map(|l| html! { <li>{ l }</li> });
    let cell_input = exact(cell.input);
    html! {
        <section class="stage" id="stage-batch-norm">
            { tabs(ctx, t("lesson-ops-bn-channels"), items) }
            <p class="lead">{ t("lesson-ops-bn-lead") }</p>
            <div class="row">
                <div class="col"><h3 class="ops-h">{ t_args("lesson-ops-bn-batch", &[("samples", n(samples)), ("channels", n(channels))]) }</h3>{ grids(false) }</div>
                <div class="calc ops-calc ops-bn">
                    { line("bn-mean", true, false, t_args("lesson-ops-bn-mean", &[
                        ("values", s(plus(st.terms.iter().map(|t| t.input)))), ("count", n(count)),
                        ("sum", s(exact(st.sum))), ("value", s(exact_approx(st.mean)))])) }
                    <ol class={classes!("terms", "ops-terms", (rank < 1).then_some("hidden"))} id="bn-squares"
                        aria-label={t("lesson-ops-bn-squares")}>{ for squares }</ol>
                    { line("bn-variance", rank >= 1, false, t_args("lesson-ops-bn-variance", &[
                        ("sum", s(exact(st.square_sum))), ("count", n(count)), ("value", s(exact_approx(st.variance)))])) }
                    { line("bn-std", rank >= 2, false, t_args("lesson-ops-bn-std", &[
                        ("variance", s(exact(st.variance))), ("epsilon", s(exact(st.epsilon))), ("value", s(decimal(st.std)))])) }
                    <p class={classes!("hint", (rank < 2).then_some("hidden"))} id="bn-inexact">{ t("lesson-ops-bn-inexact") }</p>
                    { line("bn-normalise", rank == 3, false, t_args("lesson-ops-bn-normalise", &[
                        ("input", s(cell_input)), ("mean", s(exact(st.mean))), ("deviation", s(exact(cell.deviation))),
                        ("std", s(decimal(st.std))), ("value", s(decimal(cell.normalised)))])) }
                    { line("calc-result", rank == 3, true, t_args("lesson-ops-bn-scale", &[
                        ("gamma", s(param(cell.gamma))), ("normalised", s(decimal(cell.normalised))),
                        ("beta", s(param(cell.beta))), ("value", s(decimal(cell.result)))])) }
                </div>
                <div class="col"><h3 class="ops-h">{ t("lesson-ops-bn-result") }</h3>{ grids(true) }</div>
            </div>
        </section>
    }
}

pub fn residual_stage(ctx: &Ctx, channel: usize, cell: usize) -> Html {
    let lesson = &ctx.state.lesson;
    let b = &lesson.blocks;
    let side = b.res_side();
    let Some(trace) = b.res_trace.get(channel * side * side + cell) else {
        return html! {};
    };
    let cursor = ctx.state.cursor;
    let step = |c: usize| Step::Residual { channel, cell: c };
    let here = |i: usize| if i == cell { Mark::Window } else { Mark::None };
    let main = map_cells(&b.res_main, channel, Num::Slide, |_| true, here, |_| None);
    let short = map_cells(&b.res_shortcut, channel, Num::Int, |_| true, here, |_| None);
    let out = map_cells(
        &b.res_sum,
        channel,
        Num::Slide,
        |i| lesson.reached(cursor, step(i)),
        |i| if i == cell { Mark::Current } else { Mark::None },
        |i| seek(ctx, step(i)),
    );
    let filter = t(FILTER_KEYS[channel.min(2)]);
    html! {
        <section class="stage" id="stage-residual">
            { filter_tabs(ctx, channel, |f| Step::Residual { channel: f, cell: 0 }) }
            <p class="lead">{ t("lesson-ops-res-lead") }</p>
            <div class="row">
                <Grid id="res-main" caption={t_args("lesson-ops-res-main", &[("filter", s(filter))])} cols={side} cells={main} size={Size::Small} />
                <Grid id="res-shortcut" caption={t("lesson-ops-res-shortcut")} cols={side} cells={short} size={Size::Small} />
                <Grid id="res-output" caption={t("lesson-ops-res-output")} cols={side} cells={out} size={Size::Small} />
            </div>
            <div class="calc ops-calc ops-wide">
                { line("calc-sum", true, false, t_args("lesson-ops-res-sum", &[("sum", s(sum_line(trace)))])) }
                { line("calc-result", true, true, t_args("lesson-ops-fills", &[("value", s(exact_approx(trace.result)))])) }
            </div>
            <p class="hint">{ t("lesson-ops-res-hint") }</p>
        </section>
    }
}

//! The step-through example: a small worked convolution (cnn-core's trace of
//! exact fractions) and its widgets, wherever its timeline lives (the
//! lesson's stages, the playground's step mode). Also how the lesson's
//! numbers print and colour.

use cnn_core::{CellTrace, Conv2d, CoreError, Ratio, Reduction};
use ndarray::Array3;
use yew::prelude::*;

use crate::i18n::{n, s, t, t_args};
use crate::ui::grid::{Cell, Grid, Mark, Size};

/// The parts of computing one convolution cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Phase {
    /// The window is placed and its element products appear.
    Products,
    /// The products are added up.
    Sum,
    /// The reduction (sum or mean) fills the output cell.
    Result,
}

impl Phase {
    pub fn slug(self) -> &'static str {
        match self {
            Phase::Products => "products",
            Phase::Sum => "sum",
            Phase::Result => "result",
        }
    }

    pub fn from_slug(s: &str) -> Option<Phase> {
        [Phase::Products, Phase::Sum, Phase::Result]
            .into_iter()
            .find(|p| p.slug() == s)
    }
}

/// A small worked convolution example (seed 001): input, layer, trace, output.
#[derive(Clone, Debug)]
pub struct Example {
    /// `[1, h, w]`
    pub input: Array3<Ratio>,
    pub conv: Conv2d<Ratio>,
    pub trace: Vec<CellTrace<Ratio>>,
    /// `[1, out_h, out_w]`
    pub output: Array3<Ratio>,
}

impl Example {
    pub fn new(input: Array3<Ratio>, conv: Conv2d<Ratio>) -> Result<Example, CoreError> {
        Ok(Example {
            trace: conv.trace(&input)?,
            output: conv.forward(&input)?,
            input,
            conv,
        })
    }

    pub fn out_dim(&self) -> (usize, usize) {
        (self.output.shape()[1], self.output.shape()[2])
    }
}

/// How numbers print: integers as integers, fractions the slides' way.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Num {
    Int,
    Slide,
}

pub fn num_style(reduction: Reduction) -> Num {
    match reduction {
        Reduction::Sum => Num::Int,
        Reduction::Mean => Num::Slide,
    }
}

pub fn show(v: Ratio, style: Num) -> String {
    match style {
        Num::Int if v.is_integer() => v.fraction_string(),
        _ => v.slide_string(),
    }
}

/// The largest magnitude in a map, for the colour scale (at least 1).
pub fn scale_of<'a>(values: impl Iterator<Item = &'a Ratio>) -> f64 {
    values.map(|v| v.to_f64().abs()).fold(1.0, f64::max)
}

pub fn value_cell(v: Ratio, style: Num, scale: f64) -> Cell {
    Cell::value(show(v, style), v.fraction_string(), v.to_f64() / scale)
}

/// A `[c, h, w]` map's channel as cells; `filled(cell)` says which to show.
pub fn map_cells(
    map: &Array3<Ratio>,
    ch: usize,
    style: Num,
    filled: impl Fn(usize) -> bool,
    mark: impl Fn(usize) -> Mark,
    onclick: impl Fn(usize) -> Option<Callback<MouseEvent>>,
) -> Vec<Cell> {
    let (_, h, w) = map.dim();
    let scale = scale_of(map.iter());
    (0..h * w)
        .map(|i| {
            let v = map[[ch, i / w, i % w]];
            let mut cell = if filled(i) {
                value_cell(v, style, scale)
            } else {
                Cell::empty()
            };
            cell = cell.mark(mark(i));
            cell.onclick = onclick(i);
            cell.label = Some(t_args(
                "cell-label",
                &[("row", n(i / w + 1)), ("col", n(i % w + 1))],
            ));
            cell
        })
        .collect()
}

pub fn kernel_cells(weights: &[Ratio], scale: f64) -> Vec<Cell> {
    weights
        .iter()
        .map(|&v| value_cell(v, Num::Int, scale))
        .collect()
}

/// The nine products of a window, each as "w × x" over the product.
pub fn products_grid(id: &str, trace: &CellTrace<Ratio>, cols: usize, visible: bool) -> Html {
    let cells: Vec<Cell> = trace
        .terms
        .iter()
        .map(|term| {
            if !visible {
                return Cell::empty();
            }
            let w = term.weight.unwrap_or(Ratio::ONE);
            let mut c = value_cell(term.product, Num::Int, 1.0);
            c.sub = Some(format!(
                "{}×{}",
                show(w, Num::Int),
                show(term.input, Num::Int)
            ));
            c.exact = Some(format!(
                "{} × {} = {}",
                show(w, Num::Int),
                show(term.input, Num::Int),
                show(term.product, Num::Int)
            ));
            c
        })
        .collect();
    html! {
        <Grid id={id.to_string()} caption={t("products")} cols={cols} cells={cells} size={Size::Medium} />
    }
}

pub fn sum_text(trace: &CellTrace<Ratio>) -> String {
    let parts: Vec<String> = trace
        .terms
        .iter()
        .map(|t| show(t.product, Num::Int))
        .collect();
    format!(
        "{} = {}",
        parts.join(" + ").replace("+ -", "− "),
        show(trace.sum, Num::Int)
    )
}

/// The calculation panel: sum, then the reduction, with fixed height so
/// nothing below jumps as lines appear.
pub fn calc_panel(
    trace: &CellTrace<Ratio>,
    phase: Phase,
    reduction: Reduction,
    count: usize,
) -> Html {
    let show_sum = phase != Phase::Products;
    let show_result = phase == Phase::Result;
    let result_line = match reduction {
        Reduction::Sum => t_args(
            "calc-sum-result",
            &[("value", s(show(trace.result, Num::Int)))],
        ),
        Reduction::Mean if trace.result.is_integer() => t_args(
            "calc-mean-whole",
            &[
                ("sum", s(show(trace.sum, Num::Int))),
                ("count", n(count)),
                ("value", s(show(trace.result, Num::Slide))),
            ],
        ),
        Reduction::Mean => t_args(
            "calc-mean",
            &[
                ("sum", s(show(trace.sum, Num::Int))),
                ("count", n(count)),
                ("exact", s(trace.result.fraction_string())),
                ("value", s(show(trace.result, Num::Slide))),
            ],
        ),
    };
    html! {
        <div class="calc" aria-live="off">
            <p class={classes!("calc-line", (!show_sum).then_some("hidden"))} id="calc-sum">
                <span class="calc-label">{ t("calc-sum-label") }</span>{ sum_text(trace) }
            </p>
            <p class={classes!("calc-line", "calc-result", (!show_result).then_some("hidden"))} id="calc-result">
                { result_line }
            </p>
        </div>
    }
}

/// One moment of a worked example, wherever its timeline lives (the
/// lesson's, or the playground's step mode).
pub struct Walk<'a> {
    pub ex: &'a Example,
    /// The output cell being computed, and how far.
    pub cell: usize,
    pub phase: Phase,
    /// Prefix of the grids' element ids.
    pub id: &'a str,
    /// Draw the example's explicit padding as dashed zeros.
    pub padded: bool,
    /// Has the output cell been computed yet?
    pub reached: &'a dyn Fn(usize) -> bool,
    /// Where clicking an output cell goes.
    pub seek: &'a dyn Fn(usize) -> Option<Callback<MouseEvent>>,
    /// Show the sum, then the reduction, as the convolution stage does;
    /// `None` prints the products and the result only.
    pub reduction: Option<Reduction>,
}

/// Source with the window, kernel, products or calculation, and output.
pub fn example_grids(walk: &Walk) -> Html {
    let Walk {
        ex,
        cell,
        phase,
        id,
        padded,
        ..
    } = *walk;
    let trace = &ex.trace[cell];
    let (_, h, w) = ex.input.dim();
    let win = trace.window;
    let pad = match ex.conv.padding {
        cnn_core::Padding::Explicit(p) if padded => p,
        _ => 0,
    };
    let (ph, pw) = (h + 2 * pad, w + 2 * pad);
    let scale = scale_of(ex.input.iter());
    let src_cells: Vec<Cell> = (0..ph * pw)
        .map(|i| {
            let (r, c) = (
                (i / pw) as isize - pad as isize,
                (i % pw) as isize - pad as isize,
            );
            let inside = r >= 0 && c >= 0 && (r as usize) < h && (c as usize) < w;
            let mut cell = if inside {
                value_cell(ex.input[[0, r as usize, c as usize]], Num::Int, scale)
            } else {
                Cell {
                    text: "0".into(),
                    ..Cell::empty()
                }
                .mark(Mark::Padding)
            };
            let in_win = win.is_some_and(|wd| {
                (0..wd.rows).any(|kr| (0..wd.cols).any(|kc| wd.tap(kr, kc) == (r, c)))
            });
            // The source pixel under the kernel's centre (seed 001's picture).
            let centre = win.map(|wd| wd.tap(wd.rows / 2, wd.cols / 2));
            if centre == Some((r, c)) {
                cell.mark = Mark::Pick;
            } else if in_win {
                cell.mark = Mark::Window;
            }
            cell
        })
        .collect();
    let weights: Vec<Ratio> = trace.terms.iter().filter_map(|t| t.weight).collect();
    let k = ex.conv.weight.shape()[3];
    let (_, ow) = ex.out_dim();
    let out = map_cells(
        &ex.output,
        0,
        Num::Int,
        |i| (walk.reached)(i),
        |i| if i == cell { Mark::Current } else { Mark::None },
        |i| (walk.seek)(i),
    );
    let calc = match walk.reduction {
        Some(reduction) => html! {
            <div class="calc-col">
                { products_grid(&format!("{id}-products"), trace, k, true) }
                { calc_panel(trace, phase, reduction, trace.terms.len()) }
            </div>
        },
        None => {
            let lines = trace.terms.iter().map(|term| {
                html! { <li>{ format!("({} × {})", show(term.weight.unwrap_or(Ratio::ONE), Num::Int), show(term.input, Num::Int)) }</li> }
            });
            html! {
                <div class="calc">
                    <ol class="terms" aria-label={t("products")}>{ for lines }</ol>
                    <p class={classes!("calc-line", "calc-result", (phase != Phase::Result).then_some("hidden"))} id="calc-result">
                        { t_args("calc-weighted", &[("value", s(show(trace.result, Num::Int)))]) }
                    </p>
                </div>
            }
        }
    };
    html! {
        <div class="row">
            <Grid id={format!("{id}-source")} caption={t(if padded { "padded-caption" } else { "source-caption" })}
                cols={pw} cells={src_cells} size={Size::Medium} />
            <Grid id={format!("{id}-kernel")} caption={t("kernel-caption")} cols={k}
                cells={kernel_cells(&weights, scale_of(weights.iter()))} size={Size::Medium} />
            { calc }
            <Grid id={format!("{id}-output")} caption={t("output-caption")} cols={ow} cells={out} size={Size::Medium} />
        </div>
    }
}

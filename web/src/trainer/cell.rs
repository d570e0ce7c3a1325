//! A trained network's real numbers, step by step: the learner picks a cell
//! of a first-layer feature map of the probe picture (click, tap, or the
//! arrow keys and Enter on a map) and sees how the trained filter computed
//! it: the input window, the filter's weights, each product, their sum, the
//! bias and the activation. The numbers are cnn-core's trace of the cell
//! ([`cnn_train::core::first_cell`], from the worker's [`Snapshot`]); the
//! panel only prints them, beside the worker's own number for the cell.

use std::rc::Rc;

use cnn_core::{CellTrace, Term};
use cnn_train::core::{first_cell, FirstCell};
use cnn_train::protocol::Snapshot;
use cnn_train::Activation;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::i18n::{n, s, t, t_args};
use crate::ui::grid::{Cell, Grid, Mark, Size};

/// A cell of the first layer's maps: map (= filter), row, column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pick {
    pub map: usize,
    pub row: usize,
    pub col: usize,
}

impl Pick {
    /// The cell `(dr, dc)` away, kept inside an `h × w` map.
    pub fn moved(self, (dr, dc): (isize, isize), h: usize, w: usize) -> Pick {
        Pick {
            row: self.row.saturating_add_signed(dr).min(h.saturating_sub(1)),
            col: self.col.saturating_add_signed(dc).min(w.saturating_sub(1)),
            ..self
        }
    }
}

/// A value as the panel prints it: three decimals, and no "-0.000".
pub fn fmt3(v: f32) -> String {
    let text = format!("{v:.3}");
    if text
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        text.trim_start_matches('-').to_string()
    } else {
        text
    }
}

/// `a + b − c …`: terms joined the way they read.
pub fn sum_terms(values: &[f32]) -> String {
    values
        .iter()
        .enumerate()
        .fold(String::new(), |mut out, (i, &v)| {
            let text = fmt3(v);
            match (i, text.strip_prefix('-')) {
                (0, _) => out.push_str(&text),
                (_, Some(abs)) => out.push_str(&format!(" − {abs}")),
                (_, None) => out.push_str(&format!(" + {text}")),
            }
            out
        })
}

/// The arrow keys' moves.
fn arrow(key: &str) -> Option<(isize, isize)> {
    match key {
        "ArrowUp" => Some((-1, 0)),
        "ArrowDown" => Some((1, 0)),
        "ArrowLeft" => Some((0, -1)),
        "ArrowRight" => Some((0, 1)),
        _ => None,
    }
}

/// Puts the keyboard focus on map `m` (after the panel closes).
fn focus_map(m: usize) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&format!("tr-pick-{m}")))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

#[derive(Properties, PartialEq)]
pub struct FirstMapsProps {
    pub snapshot: Rc<Snapshot>,
    /// The layer's Keras name (`conv2d`).
    pub name: AttrValue,
    /// How many of the maps to show.
    pub shown: usize,
}

/// The first layer's maps of the probe picture, each cell of which opens
/// the step-by-step panel.
#[function_component(FirstLayerMaps)]
pub fn first_layer_maps(p: &FirstMapsProps) -> Html {
    let pick = use_state(|| None::<Pick>);
    // Escape closes the panel from anywhere on the page.
    {
        let pick = pick.clone();
        use_effect_with(pick.map(|q| q.map), move |open| {
            let listener = open.and_then(|m| {
                let w = web_sys::window()?;
                Some(gloo_events::EventListener::new(&w, "keydown", move |e| {
                    let Some(e) = e.dyn_ref::<KeyboardEvent>() else {
                        return;
                    };
                    if e.key() == "Escape" {
                        pick.set(None);
                        focus_map(m);
                    }
                }))
            });
            move || drop(listener)
        });
    }
    let Some(layer) = p.snapshot.prediction.layers.first() else {
        return html! {};
    };
    let [ch, h, w] = layer.shape;
    let tiles = (0..p.shown.min(ch)).map(|m| {
        let values = layer
            .values
            .get(m * h * w..(m + 1) * h * w)
            .map(<[f32]>::to_vec)
            .unwrap_or_default();
        let values = Rc::new(values);
        let current = (*pick).filter(|q| q.map == m);
        let on_click = {
            let pick = pick.clone();
            Callback::from(move |e: MouseEvent| {
                let Some(c) = e
                    .target()
                    .and_then(|t| t.dyn_into::<HtmlCanvasElement>().ok())
                else {
                    return;
                };
                // Where on the map: the canvas's on-screen size may be any.
                let rect = c.get_bounding_client_rect();
                let at = |x: f64, start: f64, size: f64, cells: usize| {
                    ((x - start) / size * cells as f64)
                        .floor()
                        .clamp(0.0, cells.saturating_sub(1) as f64) as usize
                };
                pick.set(Some(Pick {
                    map: m,
                    row: at(e.client_y() as f64, rect.top(), rect.height(), h),
                    col: at(e.client_x() as f64, rect.left(), rect.width(), w),
                }));
            })
        };
        let on_key = {
            let pick = pick.clone();
            Callback::from(move |e: KeyboardEvent| {
                let here = (*pick).filter(|q| q.map == m);
                let from = here.unwrap_or(Pick {
                    map: m,
                    row: h / 2,
                    col: w / 2,
                });
                let next = match e.key().as_str() {
                    "Enter" | " " => from,
                    key => match arrow(key) {
                        Some(d) => from.moved(d, h, w),
                        None => return,
                    },
                };
                e.prevent_default();
                pick.set(Some(next));
            })
        };
        let label = t_args(
            "tr-pick-map",
            &[
                ("layer", s(p.name.to_string())),
                ("n", n(m + 1)),
                ("h", n(h)),
                ("w", n(w)),
            ],
        );
        // The picked cell's ring, placed by CSS over the canvas.
        let ring = current.map(|q| {
            format!(
                "left: calc(100% * {} / {w}); top: calc(100% * {} / {h}); width: calc(100% / {w}); height: calc(100% / {h});",
                q.col, q.row
            )
        });
        html! {
            <span class="pick-wrap">
                <PickCanvas {values} {h} {w} id={format!("tr-pick-{m}")} label={label}
                    open={current.is_some()} onclick={on_click} onkeydown={on_key} />
                if let Some(style) = ring { <span class="pick-ring" {style} aria-hidden="true"></span> }
            </span>
        }
    });
    let readout = (*pick).and_then(|q| {
        let v = layer.values.get((q.map * h + q.row) * w + q.col)?;
        Some(t_args(
            "tr-cell-readout",
            &[
                ("n", n(q.map + 1)),
                ("row", n(q.row + 1)),
                ("col", n(q.col + 1)),
                ("value", s(fmt3(*v))),
            ],
        ))
    });
    let announce = (*pick).map(|q| {
        t_args(
            "tr-cell-title",
            &[
                ("n", n(q.map + 1)),
                ("row", n(q.row + 1)),
                ("col", n(q.col + 1)),
            ],
        )
    });
    let panel = (*pick).map(|q| {
        let on_close = {
            let pick = pick.clone();
            Callback::from(move |_: MouseEvent| {
                pick.set(None);
                focus_map(q.map);
            })
        };
        match first_cell(&p.snapshot, (q.map, q.row, q.col)) {
            Some(cell) => cell_panel(&cell, q, &p.snapshot, on_close),
            None => html! {
                <section class="step-mode tr-cell" id="tr-cell" aria-label={t("tr-cell-unavailable")}>
                    <p class="note">{ t("tr-cell-unavailable") }</p>
                </section>
            },
        }
    });
    html! {
        <div class="layer-maps first-maps" id="tr-first-maps">
            <p class="layer-name">{ format!("{} — {ch}×{h}×{w}", p.name) }</p>
            <div class="tiles">{ for tiles }</div>
            <p class="readout" id="tr-cell-readout">{ readout.unwrap_or_else(|| t("tr-cell-hint")) }</p>
            // Announce the chosen cell, not every snapshot's new numbers.
            <p class="sr-only" aria-live="polite">{ announce }</p>
            { panel.unwrap_or_default() }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct PickCanvasProps {
    values: Rc<Vec<f32>>,
    h: usize,
    w: usize,
    id: AttrValue,
    label: AttrValue,
    open: bool,
    onclick: Callback<MouseEvent>,
    onkeydown: Callback<KeyboardEvent>,
}

/// A feature map on a canvas that takes clicks and keys.
#[function_component(PickCanvas)]
fn pick_canvas(p: &PickCanvasProps) -> Html {
    let r = use_node_ref();
    {
        let r = r.clone();
        let (values, h, w) = (p.values.clone(), p.h, p.w);
        use_effect(move || {
            if let Some(c) = r.cast::<HtmlCanvasElement>() {
                crate::ui::canvas::paint(&c, &values, h, w, true);
            }
        });
    }
    html! {
        <canvas ref={r} id={p.id.clone()} class="tile fmap pickable" tabindex="0" role="button"
            aria-label={p.label.clone()} title={p.label.clone()}
            aria-expanded={p.open.to_string()} aria-controls={p.open.then_some("tr-cell")}
            onclick={p.onclick.clone()} onkeydown={p.onkeydown.clone()} />
    }
}

/// A grid of one channel's terms: `text(term)` prints, `exact(term)` is the
/// full number shown on hover, `value(term)` shades.
fn terms_grid(
    id: String,
    caption: String,
    terms: &[&Term<f32>],
    k: usize,
    value: impl Fn(&Term<f32>) -> f32,
    exact: impl Fn(&Term<f32>) -> String,
    padding: impl Fn(&Term<f32>) -> bool,
) -> Html {
    let scale = terms
        .iter()
        .map(|term| value(term).abs())
        .fold(1e-6f32, f32::max);
    let cells: Vec<Cell> = terms
        .iter()
        .map(|term| {
            if padding(term) {
                return Cell {
                    text: "0".into(),
                    label: Some(t("tr-cell-padding")),
                    ..Cell::empty()
                }
                .mark(Mark::Padding);
            }
            let v = value(term);
            Cell::value(fmt3(v), exact(term), (v / scale) as f64)
        })
        .collect();
    html! { <Grid id={id} caption={caption} cols={k} cells={cells} size={Size::Medium} /> }
}

/// The calculation lines of a cell: sum, bias, activation.
fn calc_lines(trace: &CellTrace<f32>, cell: &FirstCell) -> (String, String, String) {
    let products: Vec<f32> = trace.terms.iter().map(|term| term.product).collect();
    let sum = if products.len() <= 9 {
        t_args(
            "tr-cell-sum",
            &[
                ("count", n(products.len())),
                ("terms", s(sum_terms(&products))),
                ("sum", s(fmt3(trace.sum))),
            ],
        )
    } else {
        t_args(
            "tr-cell-sum-many",
            &[("count", n(products.len())), ("sum", s(fmt3(trace.sum)))],
        )
    };
    let bias = t_args(
        "tr-cell-bias",
        &[
            ("terms", s(sum_terms(&[trace.sum, trace.bias]))),
            ("z", s(fmt3(trace.result))),
        ],
    );
    let args = [("z", s(fmt3(trace.result))), ("value", s(fmt3(cell.value)))];
    let act = match cell.activation {
        Activation::Relu => t_args("tr-cell-relu", &args),
        Activation::Relu6 => t_args("tr-cell-relu6", &args),
        Activation::Tanh => t_args("tr-cell-tanh", &args),
        Activation::Sigmoid => t_args("tr-cell-sigmoid", &args),
        Activation::Linear | Activation::Softmax => t_args("tr-cell-linear", &args),
    };
    (sum, bias, act)
}

/// The step-by-step panel of one cell.
fn cell_panel(cell: &FirstCell, q: Pick, snap: &Snapshot, on_close: Callback<MouseEvent>) -> Html {
    let trace = &cell.trace;
    let (channels, k) = cell.kernel;
    let [_, ih, iw] = snap.input_shape;
    let outside = |term: &Term<f32>| {
        term.at.0 < 0 || term.at.1 < 0 || term.at.0 >= ih as isize || term.at.1 >= iw as isize
    };
    let rows = (0..channels).map(|c| {
        let terms: Vec<&Term<f32>> = trace.terms.iter().filter(|term| term.channel == c).collect();
        let caption = |key: &str| {
            if channels == 1 {
                t_args(key, &[("n", n(q.map + 1))])
            } else {
                t_args(&format!("{key}-ch"), &[("n", n(q.map + 1)), ("c", n(c + 1))])
            }
        };
        html! {
            <div class="row tr-cell-terms">
                { terms_grid(format!("tr-cell-input-{c}"), caption("tr-cell-input"), &terms, k,
                    |term| term.input, |term| term.input.to_string(), outside) }
                // Each sign travels with the grid after it when the row wraps.
                <div class="tr-cell-step">
                    <span class="op" aria-hidden="true">{ "×" }</span>
                    { terms_grid(format!("tr-cell-weights-{c}"), caption("tr-cell-weights"), &terms, k,
                        |term| term.weight.unwrap_or(0.0), |term| term.weight.unwrap_or(0.0).to_string(), |_| false) }
                </div>
                <div class="tr-cell-step">
                    <span class="op" aria-hidden="true">{ "=" }</span>
                    { terms_grid(format!("tr-cell-products-{c}"), caption("tr-cell-products"), &terms, k,
                        |term| term.product,
                        |term| format!("{} × {} = {}", term.input, term.weight.unwrap_or(0.0), term.product),
                        |_| false) }
                </div>
            </div>
        }
    });
    // Standardised inputs: say with which figures.
    let norm = snap.input_norm.iter().any(|&m| m != (0.0, 1.0)).then(|| {
        let figures: Vec<String> = snap
            .input_norm
            .iter()
            .enumerate()
            .map(|(c, &(mean, sd))| {
                let args = [
                    ("c", n(c + 1)),
                    ("mean", s(fmt3(mean))),
                    ("sd", s(fmt3(sd))),
                ];
                if snap.input_norm.len() == 1 {
                    t_args("tr-cell-norm-figures", &args)
                } else {
                    t_args("tr-cell-norm-channel", &args)
                }
            })
            .collect();
        t_args("tr-cell-norm", &[("figures", s(figures.join("; ")))])
    });
    let (sum, bias, act) = calc_lines(trace, cell);
    let title = t_args(
        "tr-cell-title",
        &[
            ("n", n(q.map + 1)),
            ("row", n(q.row + 1)),
            ("col", n(q.col + 1)),
        ],
    );
    let reported = cell
        .reported
        .map(|v| t_args("tr-cell-reported", &[("value", s(fmt3(v)))]));
    html! {
        <section class="step-mode tr-cell" id="tr-cell" aria-labelledby="tr-cell-title"
            data-filter={q.map.to_string()} data-row={q.row.to_string()} data-col={q.col.to_string()}
            data-sum={trace.sum.to_string()} data-bias={trace.bias.to_string()}
            data-z={trace.result.to_string()} data-value={cell.value.to_string()}
            data-reported={cell.reported.map(|v| v.to_string())}>
            <div class="tr-cell-head">
                <h4 id="tr-cell-title">{ title }</h4>
                <button type="button" class="icon" id="tr-cell-close" aria-label={t("tr-cell-close")} onclick={on_close}>{ "✕" }</button>
            </div>
            if let Some(norm) = norm { <p class="hint" id="tr-cell-norm">{ norm }</p> }
            { for rows }
            <div class="calc tr-cell-calc">
                <p class="calc-line" id="tr-cell-sum">{ sum }</p>
                <p class="calc-line" id="tr-cell-bias">{ bias }</p>
                <p class="calc-line calc-result" id="tr-cell-result">{ act }</p>
                if let Some(r) = reported { <p class="hint" id="tr-cell-reported">{ r }</p> }
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_with_three_decimals_and_signs_that_read() {
        assert_eq!(fmt3(0.53214), "0.532");
        assert_eq!(fmt3(-1.0), "-1.000");
        assert_eq!(fmt3(-0.0001), "0.000");
        assert_eq!(sum_terms(&[0.5, -0.25, 1.0]), "0.500 − 0.250 + 1.000");
        assert_eq!(sum_terms(&[-0.5, 0.00001]), "-0.500 + 0.000");
    }

    #[test]
    fn the_arrow_keys_stay_inside_the_map() {
        let p = Pick {
            map: 2,
            row: 0,
            col: 6,
        };
        assert_eq!(p.moved(arrow("ArrowUp").unwrap(), 7, 7), p);
        assert_eq!(p.moved(arrow("ArrowRight").unwrap(), 7, 7), p);
        assert_eq!(
            p.moved(arrow("ArrowDown").unwrap(), 7, 7),
            Pick { row: 1, ..p }
        );
        assert_eq!(
            p.moved(arrow("ArrowLeft").unwrap(), 7, 7),
            Pick { col: 5, ..p }
        );
        assert_eq!(arrow("a"), None);
    }
}

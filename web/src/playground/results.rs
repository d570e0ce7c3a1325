//! The results: the output-size formula with the learner's numbers, the
//! readout of the hovered cell (or the live timing), step mode's switch, one
//! card per feature map, and step mode's panel.

use std::rc::Rc;

use cnn_core::CoreError;
use yew::prelude::*;

use super::maps::MapCard;
use super::model::{Computed, FeatureMap, Geometry, Settings, StepAt};
use super::state::{Action, Hover};
use crate::i18n::{n, s, t, t_args};

#[derive(Properties)]
pub struct ResultsProps {
    /// What `model::compute` gave (`None` while there is no picture yet).
    pub result: Rc<Option<Computed>>,
    /// The input as the network sees it: `(channels, h, w)`.
    pub dim: Option<(usize, usize, usize)>,
    pub settings: Settings,
    pub hover: Option<Hover>,
    /// One canvas per kernel's map.
    pub map_refs: Vec<NodeRef>,
    /// The live loop's timing line.
    pub stats_ref: NodeRef,
    /// Step mode's panel (see `stepping::step_panel`).
    pub step_panel: Html,
    pub send: Callback<Action>,
}

impl PartialEq for ResultsProps {
    fn eq(&self, other: &Self) -> bool {
        // The same computation is the same result (its maps are not compared).
        Rc::ptr_eq(&self.result, &other.result)
            && self.dim == other.dim
            && self.settings == other.settings
            && self.hover == other.hover
            && self.map_refs == other.map_refs
            && self.stats_ref == other.stats_ref
            && self.step_panel == other.step_panel
            && self.send == other.send
    }
}

#[function_component(Results)]
pub fn results(p: &ResultsProps) -> Html {
    let inner = match (p.result.as_ref(), p.dim) {
        (None, _) | (_, None) => html! { <p class="hint">{ t("pg-loading") }</p> },
        (Some(Err(e)), _) => {
            html! { <p class="field-error" role="alert" id="pg-error">{ error_sentence(e) }</p> }
        }
        (Some(Ok((geo, maps))), Some((_, ih, iw))) => maps_view(p, geo, maps, ih, iw),
    };
    html! {
        <section class="pg-results" aria-label={t("pg-results")}>{ inner }</section>
    }
}

/// The formula, the readout row, the maps and step mode, for computed maps.
fn maps_view(p: &ResultsProps, geo: &Geometry, maps: &[FeatureMap], ih: usize, iw: usize) -> Html {
    let settings = &p.settings;
    let live = settings.source.is_live();
    let lines = formula_lines(settings, geo, ih, iw);
    let k = settings.kernels.first().map(|k| k.size).unwrap_or(3);
    let mixed = settings.kernels.iter().any(|k2| k2.size != k);
    let cards = maps.iter().enumerate().map(|(i, m)| {
        let name = settings.kernels[i]
            .preset
            .map(|slug| t(&format!("kernel-{slug}")))
            .unwrap_or_else(|| t("pg-custom"));
        html! {
            <MapCard index={i} size={m.values.dim()} {name} canvas={p.map_refs[i].clone()}
                hover={p.hover} geo={*geo} send={p.send.clone()} />
        }
    });
    let readout = p
        .hover
        .filter(|_| !live)
        .and_then(|hv| readout(geo, maps, hv));
    // Step mode: on at the hovered cell (or the middle of the first map), or off.
    let step_toggle = {
        let hv = p.hover.unwrap_or_else(|| {
            let (h, w) = maps[0].values.dim();
            Hover {
                map: 0,
                row: h / 2,
                col: w / 2,
            }
        });
        let (row, col) = geo.conv_cell(hv.row, hv.col);
        let start = StepAt {
            kernel: hv.map,
            row,
            col,
        };
        let send = p.send.clone();
        Callback::from(move |_: MouseEvent| send.emit(Action::ToggleStep(start)))
    };
    html! {
        <>
            <div class="formula" id="pg-formula">{ for lines.iter().map(|l| html! { <p>{ l }</p> }) }</div>
            if mixed { <p class="hint">{ t("pg-formula-first-kernel") }</p> }
            if live {
                <p class="readout" id="live-stats" ref={p.stats_ref.clone()} aria-live="off">{ t("live-starting") }</p>
            } else {
                <div class="readout-row">
                    <p class="readout" id="pg-readout" aria-live="polite">{ readout.unwrap_or_else(|| t("pg-hover-hint")) }</p>
                    <button class="seg" id="pg-step-toggle" aria-pressed={settings.step.is_some().to_string()}
                        aria-controls={settings.step.map(|_| "pg-step")} onclick={step_toggle}>{ t("pg-step-toggle") }</button>
                </div>
            }
            <div class="maps">{ for cards }</div>
            { p.step_panel.clone() }
        </>
    }
}

/// The output-size formula, along each axis and through the pooling, with
/// the first kernel's size.
fn formula_lines(settings: &Settings, geo: &Geometry, ih: usize, iw: usize) -> Vec<String> {
    let (oh, ow) = geo.conv.output();
    let k = settings.kernels.first().map(|k| k.size).unwrap_or(3);
    let mut lines = vec![
        formula_line(
            "pg-formula-h",
            ih,
            geo.conv.pad.0,
            k,
            settings.dilation,
            settings.stride,
            oh,
        ),
        formula_line(
            "pg-formula-w",
            iw,
            geo.conv.pad.1,
            k,
            settings.dilation,
            settings.stride,
            ow,
        ),
    ];
    if let (Some(p), Some(ps)) = (geo.pool, settings.pool) {
        let (ph, pw) = p.output();
        lines.push(t_args(
            "pg-formula-pool",
            &[
                ("h", n(oh)),
                ("w", n(ow)),
                ("k", n(ps.window)),
                ("s", n(ps.stride)),
                ("ph", n(ph)),
                ("pw", n(pw)),
            ],
        ));
    }
    lines
}

/// The hovered cell's value and the input window it reads.
fn readout(geo: &Geometry, maps: &[FeatureMap], hv: Hover) -> Option<String> {
    let m = maps.get(hv.map)?;
    let v = *m.values.get((hv.row, hv.col))?;
    let (top, left, bottom, right) = geo.input_region(hv.row, hv.col);
    Some(t_args(
        "pg-readout",
        &[
            ("n", n(hv.map + 1)),
            ("row", n(hv.row)),
            ("col", n(hv.col)),
            ("value", s(format!("{v:.3}"))),
            ("top", s(top.to_string())),
            ("bottom", s(bottom.to_string())),
            ("left", s(left.to_string())),
            ("right", s(right.to_string())),
        ],
    ))
}

/// A computation's refusal as a sentence.
pub(super) fn error_sentence(e: &CoreError) -> String {
    match e {
        CoreError::NoOutput {
            padded_input,
            kernel_extent,
        } => t_args(
            "pg-no-output",
            &[
                ("kh", n(kernel_extent.0)),
                ("kw", n(kernel_extent.1)),
                ("ph", n(padded_input.0)),
                ("pw", n(padded_input.1)),
            ],
        ),
        other => t_args("pg-error", &[("detail", s(other.to_string()))]),
    }
}

/// The output-size formula along one axis, with the learner's numbers.
fn formula_line(
    key: &str,
    input: usize,
    pad: cnn_core::Pad,
    kernel: usize,
    dilation: usize,
    stride: usize,
    out: usize,
) -> String {
    let k_eff = dilation * (kernel - 1) + 1;
    t_args(
        key,
        &[
            ("w", n(input)),
            ("k", n(k_eff)),
            ("p2", n(pad.before + pad.after)),
            ("s", n(stride)),
            ("out", n(out)),
        ],
    )
}

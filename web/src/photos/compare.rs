//! The same photos trained two ways, side by side (the slides' story:
//! from scratch 80%, transfer learning 95%): the last finished run of each
//! way ([`Comparison`]) on one chart, and a button to train the way not yet
//! trained.

use yew::prelude::*;

use super::model::{Comparison, Way};
use crate::i18n::{n, s, t, t_args};
use crate::ui::line_chart::{Line, LineChart, YAxis};

#[derive(Properties, PartialEq)]
pub struct CompareProps {
    pub comparison: Comparison,
    /// A run is loading, training or paused.
    pub busy: bool,
    /// Train the same photos the other way.
    pub on_train: Callback<Way>,
    pub lang: &'static str,
}

/// Both ways on one chart, once there is one to show.
#[function_component(Compare)]
pub fn compare(p: &CompareProps) -> Html {
    let c = &p.comparison;
    if c.transfer.is_none() && c.scratch.is_none() {
        return html! {};
    }
    let lines: Vec<Line> = [
        (&c.transfer, "ph-compare-transfer", "#1d4ed8"),
        (&c.scratch, "ph-compare-scratch", "#c2410c"),
    ]
    .into_iter()
    .filter_map(|(run, key, colour)| {
        run.as_ref().map(|r| Line {
            label: t_args(
                key,
                &[
                    ("model", s(r.model.clone())),
                    ("accuracy", s(format!("{:.1}%", r.accuracy * 100.0))),
                    ("photos", n(r.photos)),
                ],
            ),
            colour,
            points: r
                .curve
                .iter()
                .map(|&(epoch, accuracy)| (epoch as f32, accuracy))
                .collect(),
        })
    })
    .collect();
    let button = c.missing().map(|way| {
        let key = match way {
            Way::Scratch => "ph-compare-train-scratch",
            Way::Transfer => "ph-compare-train-transfer",
        };
        let on_click = p.on_train.reform(move |_: MouseEvent| way);
        html! { <button type="button" class="action" id="ph-compare-train" onclick={on_click} disabled={p.busy}>{ t(key) }</button> }
    });
    html! {
        <section class="ph-compare" id="ph-compare" aria-label={t("ph-compare")}>
            <h3>{ t("ph-compare") }</h3>
            <p class="hint">{ t("ph-compare-hint") }</p>
            <LineChart {lines} y={YAxis::Percent} x_label={t("chart-epochs")} caption={t("ph-compare-caption")} id={AttrValue::from("ph-compare-chart")} />
            { button.unwrap_or_default() }
        </section>
    }
}

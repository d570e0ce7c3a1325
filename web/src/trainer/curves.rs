//! The run's history: the loss and accuracy curves (the shared
//! [`Curve`]) and, once an epoch has ended, the table of epochs.

use std::rc::Rc;

use cnn_train::{BatchStats, EpochStats};
use yew::prelude::*;

use crate::i18n::{s, t, t_args};
use crate::training::curves::Curve;

#[derive(Properties, PartialEq)]
pub struct CurvesProps {
    /// The curve's points, each averaging `stride` batches.
    pub batches: Rc<Vec<BatchStats>>,
    pub stride: usize,
    pub epochs: Rc<Vec<EpochStats>>,
    /// Batches per epoch (at least 1).
    pub steps_per_epoch: usize,
    /// The language in use (a change re-renders the text).
    pub lang: &'static str,
}

/// The two curves side by side, then the epoch table (`#tr-epochs`).
#[function_component(Curves)]
pub fn curves(p: &CurvesProps) -> Html {
    let spe = p.steps_per_epoch;
    let label = |acc: bool| {
        let v = p.epochs.last().map(|e| {
            if acc {
                format!("{:.1}%", e.val_accuracy * 100.0)
            } else {
                format!("{:.3}", e.val_loss)
            }
        });
        t_args(
            if acc { "tr-curve-acc" } else { "tr-curve-loss" },
            &[("value", s(v.unwrap_or_else(|| "—".into())))],
        )
    };
    let rows = p.epochs.iter().map(|e| {
        html! {
            <tr>
                <th scope="row">{ e.epoch }</th>
                <td class="num">{ format!("{:.3}", e.train_loss) }</td>
                <td class="num">{ format!("{:.1}%", e.train_accuracy * 100.0) }</td>
                <td class="num">{ format!("{:.3}", e.val_loss) }</td>
                <td class="num">{ format!("{:.1}%", e.val_accuracy * 100.0) }</td>
            </tr>
        }
    });
    html! {
        <>
            <div class="row curves">
                <figure><Curve batches={p.batches.clone()} stride={p.stride} epochs={p.epochs.clone()} steps_per_epoch={spe} accuracy=false label={label(false)} /><figcaption>{ t("tr-loss") }</figcaption></figure>
                <figure><Curve batches={p.batches.clone()} stride={p.stride} epochs={p.epochs.clone()} steps_per_epoch={spe} accuracy=true label={label(true)} /><figcaption>{ t("tr-accuracy") }</figcaption></figure>
            </div>
            if !p.epochs.is_empty() {
                <table class="summary" id="tr-epochs">
                    <caption>{ t("tr-epoch-table") }</caption>
                    <thead><tr><th scope="col">{ t("tr-epoch") }</th><th scope="col">{ t("tr-train-loss") }</th><th scope="col">{ t("tr-train-acc") }</th><th scope="col">{ t("tr-val-loss") }</th><th scope="col">{ t("tr-val-acc") }</th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            }
        </>
    }
}

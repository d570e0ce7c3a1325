//! The run's history: the loss and accuracy curves (the shared
//! [`CurvePair`]) and, once an epoch has ended, the table of epochs.

use std::rc::Rc;

use cnn_train::{BatchStats, EpochStats};
use yew::prelude::*;

use crate::i18n::t;
use crate::training::curves::CurvePair;

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
            <CurvePair batches={p.batches.clone()} stride={p.stride} epochs={p.epochs.clone()} steps_per_epoch={p.steps_per_epoch} lang={p.lang} />
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

//! A network's summary folded by block: one row per block (its layers, what
//! it hands on, its parameters), opened to Keras's own rows on a click, and
//! Keras's printout of the whole model.

use std::collections::HashSet;
use std::rc::Rc;

use cnn_train::graph::{GraphSummary, OpKind};
use yew::prelude::*;

use super::model::{blocks, has_blocks};
use crate::i18n::{n, t, t_args};
use crate::ui::format::group;

#[derive(Properties, PartialEq)]
pub struct SummaryProps {
    pub summary: Rc<GraphSummary>,
    /// Re-render when the language changes.
    pub lang: &'static str,
}

#[function_component(SummaryView)]
pub fn summary_view(p: &SummaryProps) -> Html {
    let open = use_state(HashSet::<usize>::new);
    // A new network opens folded.
    {
        let open = open.clone();
        use_effect_with(p.summary.name.clone(), move |_| open.set(HashSet::new()));
    }
    let blocks = blocks(&p.summary);
    // Without blocks, every row shows, as Keras prints it.
    let folds = has_blocks(&blocks);
    let all_open = !folds || open.len() == blocks.len();
    let toggle_all = {
        let (open, count) = (open.clone(), blocks.len());
        Callback::from(move |_: MouseEvent| {
            open.set(if all_open {
                HashSet::new()
            } else {
                (0..count).collect()
            });
        })
    };
    let functional = !p.summary.sequential;
    let layer_rows = |range: std::ops::Range<usize>| {
        p.summary.rows[range].iter().map(|r| html! {
            <tr class="arch-layer">
                <td><code>{ format!("{} ({})", r.name, r.kind) }</code></td>
                <td>{ r.output.keras() }</td>
                <td class="num">{ group(r.params) }</td>
                if functional { <td class="arch-connected">{ r.connected_to.join(" ") }</td> }
            </tr>
        }).collect::<Html>()
    };
    let rows = blocks.iter().enumerate().map(|(i, b)| {
        if !folds {
            return layer_rows(b.rows.clone());
        }
        let is_open = open.contains(&i);
        let toggle = {
            let open = open.clone();
            Callback::from(move |_: MouseEvent| {
                let mut o = (*open).clone();
                if !o.remove(&i) {
                    o.insert(i);
                }
                open.set(o);
            })
        };
        let label = b.name.clone().unwrap_or_else(|| {
            let first = &p.summary.rows[b.rows.start];
            if first.kind == OpKind::Input {
                t("arch-input")
            } else {
                first.name.clone()
            }
        });
        let layers = b.rows.len();
        let inner = is_open.then(|| layer_rows(b.rows.clone()));
        html! {
            <>
                <tr class="arch-block" data-block={label.clone()}>
                    <th scope="row">
                        <button class="arch-fold" aria-expanded={is_open.to_string()} onclick={toggle}>
                            <span aria-hidden="true">{ if is_open { "▾ " } else { "▸ " } }</span>{ label }
                        </button>
                    </th>
                    <td>{ b.output.keras() }</td>
                    <td class="num">{ group(b.params) }</td>
                    if functional { <td class="arch-note">{ t_args("arch-layers", &[("n", n(layers))]) }</td> }
                </tr>
                { for inner }
            </>
        }
    });
    html! {
        <section class="arch-summary" aria-label={t("arch-summary")}>
            <div class="arch-summary-head">
                <h4>{ if folds { t("arch-summary") } else { t("arch-summary-flat") } }</h4>
                if folds {
                    <button class="arch-fold-all" onclick={toggle_all}>
                        { if all_open { t("arch-collapse-all") } else { t("arch-expand-all") } }
                    </button>
                }
            </div>
            <div class="table-scroll">
                <table class="arch-table">
                    <thead><tr>
                        <th scope="col">{ t("arch-col-layer") }</th>
                        <th scope="col">{ t("arch-col-shape") }</th>
                        <th scope="col" class="num">{ t("arch-col-params") }</th>
                        if functional { <th scope="col">{ t("arch-col-connected") }</th> }
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
            <details class="arch-printout">
                <summary>{ t("arch-printout") }</summary>
                <pre>{ p.summary.to_keras_text() }</pre>
            </details>
        </section>
    }
}

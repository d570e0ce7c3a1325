//! The confusion matrix of a run's validation pictures, each cell shaded by
//! its count (the trainer's `#tr-confusion`, the photos page's
//! `#ph-confusion`).

use yew::prelude::*;

use crate::i18n::t;

#[derive(Properties, PartialEq)]
pub struct ConfusionProps {
    /// The table's id (the pages' tests find it by it).
    pub id: AttrValue,
    /// `confusion[actual][predicted]`: counts.
    pub confusion: Vec<Vec<u32>>,
    pub class_names: Vec<String>,
}

/// Rows are the true classes, columns the predicted ones; the diagonal is
/// what the network got right.
#[function_component(ConfusionMatrix)]
pub fn confusion_matrix(p: &ConfusionProps) -> Html {
    let names = &p.class_names;
    let max = p
        .confusion
        .iter()
        .flatten()
        .copied()
        .max()
        .unwrap_or(1)
        .max(1);
    let head = names.iter().map(|c| html! { <th scope="col">{ c }</th> });
    let rows = p.confusion.iter().enumerate().map(|(a, row)| {
        let cells = row.iter().enumerate().map(|(q, &v)| {
            let shade = f64::from(v) / f64::from(max);
            let style = format!(
                "background: rgb(29 78 216 / {:.2}); color: {};",
                shade * 0.85,
                if shade > 0.5 { "#fff" } else { "#000" }
            );
            html! { <td class={classes!("num", (a == q).then_some("diag"))} {style}>{ v }</td> }
        });
        html! { <tr><th scope="row">{ names.get(a).cloned().unwrap_or_default() }</th>{ for cells }</tr> }
    });
    html! {
        <table class="confusion" id={p.id.clone()}>
            <caption class="sr-only">{ t("tr-confusion-caption") }</caption>
            <thead><tr><td></td>{ for head }</tr></thead>
            <tbody>{ for rows }</tbody>
        </table>
    }
}

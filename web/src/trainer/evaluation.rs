//! The evaluation on the validation pictures: the confusion matrix, shaded
//! by count, and the pictures the model got wrong.

use std::rc::Rc;

use cnn_train::protocol::Mistake;
use cnn_train::Evaluation;
use yew::prelude::*;

use crate::i18n::{n, s, t, t_args};
use crate::ui::canvas::Tile;

#[derive(Properties, PartialEq)]
pub struct EvaluationProps {
    /// The evaluation and its mistakes, as the worker reported them.
    pub evaluation: Rc<(Evaluation, Vec<Mistake>)>,
    pub class_names: Rc<Vec<String>>,
    /// The language in use (a change re-renders the text).
    pub lang: &'static str,
}

/// The confusion matrix (`#tr-confusion`) and the mistakes (`#tr-mistakes`).
#[function_component(EvaluationView)]
pub fn evaluation_view(p: &EvaluationProps) -> Html {
    let (evaluation, mistakes) = &*p.evaluation;
    let names = &p.class_names;
    let max = evaluation
        .confusion
        .iter()
        .flatten()
        .copied()
        .max()
        .unwrap_or(1)
        .max(1);
    let head = names.iter().map(|c| html! { <th scope="col">{ c }</th> });
    let rows = evaluation.confusion.iter().enumerate().map(|(a, row)| {
        let cells = row.iter().enumerate().map(|(p, &v)| {
            let shade = v as f64 / max as f64;
            let style = format!("background: rgb(29 78 216 / {:.2}); color: {};", shade * 0.85, if shade > 0.5 { "#fff" } else { "#000" });
            html! { <td class={classes!("num", (a == p).then_some("diag"))} {style}>{ v }</td> }
        });
        html! { <tr><th scope="row">{ names.get(a).cloned().unwrap_or_default() }</th>{ for cells }</tr> }
    });
    let name = |i: u8| s(names.get(i as usize).cloned().unwrap_or_default());
    let wrong = mistakes.iter().map(|m| {
        let h = (m.image.len() as f64).sqrt() as usize;
        let label = t_args(
            "tr-mistake",
            &[
                ("label", name(m.label)),
                ("predicted", name(m.predicted)),
                ("confidence", n((m.confidence * 100.0).round() as usize)),
            ],
        );
        html! {
            <figure class="mistake">
                <Tile values={Rc::new(m.image.clone())} h={h} w={h} signed=false label={label.clone()} />
                <figcaption>{ label }</figcaption>
            </figure>
        }
    });
    html! {
        <section class="tr-eval" aria-label={t("tr-evaluation")}>
            <h3>{ t_args("tr-confusion", &[("accuracy", s(format!("{:.1}%", evaluation.accuracy * 100.0)))]) }</h3>
            <p class="hint">{ t("tr-confusion-caption") }</p>
            <table class="confusion" id="tr-confusion">
                <caption class="sr-only">{ t("tr-confusion-caption") }</caption>
                <thead><tr><td></td>{ for head }</tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
            <h3>{ t("tr-mistakes") }</h3>
            if mistakes.is_empty() { <p>{ t("tr-no-mistakes") }</p> }
            <div class="mistakes" id="tr-mistakes">{ for wrong }</div>
        </section>
    }
}

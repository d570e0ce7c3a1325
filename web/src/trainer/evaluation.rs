//! The evaluation on the validation pictures: the confusion matrix, shaded
//! by count, and the pictures the model got wrong.

use std::rc::Rc;

use cnn_train::protocol::Mistake;
use cnn_train::Evaluation;
use yew::prelude::*;

use crate::i18n::{n, s, t, t_args};
use crate::training::confusion::ConfusionMatrix;
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
            <ConfusionMatrix id="tr-confusion" confusion={evaluation.confusion.clone()} class_names={(*p.class_names).clone()} />
            <h3>{ t("tr-mistakes") }</h3>
            if mistakes.is_empty() { <p>{ t("tr-no-mistakes") }</p> }
            <div class="mistakes" id="tr-mistakes">{ for wrong }</div>
        </section>
    }
}

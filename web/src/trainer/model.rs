//! The model: the button that opens the shared [`ModelEditor`] (and the one
//! that goes back to the zoo's model), the editor, and the Keras-style
//! summary, or why the model cannot be built.

use cnn_train::{ModelSpec, SpecError, Summary};
use yew::prelude::*;

use crate::i18n::t;
use crate::training::editor::{spec_error_text, ModelEditor};
use crate::ui::format::group;

#[derive(Properties, PartialEq)]
pub struct ModelProps {
    /// The model on the form: the learner's edit, or the zoo's.
    pub spec: Option<ModelSpec>,
    /// Its summary, or why it cannot be built.
    pub summary: Option<Result<Summary, SpecError>>,
    /// Whether the model is the learner's edit.
    pub custom: bool,
    /// Whether the editor is open.
    pub editing: bool,
    /// A run is going: edits wait.
    pub busy: bool,
    /// Open or close the editor.
    pub on_edit: Callback<()>,
    /// The learner's edit, or `None` to go back to the zoo's model.
    pub on_custom: Callback<Option<ModelSpec>>,
    /// The language in use (a change re-renders the text).
    pub lang: &'static str,
}

/// The edit buttons (`#tr-edit`, `#tr-edit-reset`), the editor and the
/// summary (`#tr-summary` or `#tr-spec-error`).
#[function_component(ModelPanel)]
pub fn model_panel(p: &ModelProps) -> Html {
    let on_edit = p.on_edit.reform(|_: MouseEvent| ());
    let on_reset = p.on_custom.reform(|_: MouseEvent| None);
    let on_change = p.on_custom.reform(Some);
    html! {
        <>
            <div class="controls-row">
                <button type="button" class="seg" id="tr-edit" aria-pressed={p.editing.to_string()} aria-controls={p.editing.then_some("tr-editor")}
                    onclick={on_edit}>{ t("ed-toggle") }</button>
                if p.custom {
                    <button type="button" class="seg" id="tr-edit-reset" disabled={p.busy} onclick={on_reset}>{ t("ed-reset") }</button>
                }
            </div>
            if p.editing {
                if let Some(sp) = p.spec.clone() {
                    <ModelEditor spec={sp} disabled={p.busy} {on_change} />
                }
            }
            { summary_view(&p.summary, p.spec.as_ref()) }
        </>
    }
}

/// The summary table, Keras style, or why the model cannot be built.
fn summary_view(summary: &Option<Result<Summary, SpecError>>, spec: Option<&ModelSpec>) -> Html {
    match summary {
        Some(Ok(sm)) => {
            // The graph's count (one home: `GraphSummary::mult_adds`).
            let mult_adds = spec
                .and_then(|sp| sp.graph().summary().ok())
                .map(|g| g.mult_adds);
            let rows = sm.rows.iter().map(|r| {
                html! {
                    <tr>
                        <th scope="row">{ format!("{} ({})", r.name, r.kind.keras_class()) }</th>
                        <td>{ r.keras_shape() }</td>
                        <td class="num">{ group(r.params) }</td>
                    </tr>
                }
            });
            html! {
                <table class="summary" id="tr-summary">
                    <caption>{ t("tr-summary") }</caption>
                    <thead><tr><th scope="col">{ t("tr-layer") }</th><th scope="col">{ t("tr-output-shape") }</th><th scope="col">{ t("tr-params") }</th></tr></thead>
                    <tbody>{ for rows }</tbody>
                    <tfoot>
                        <tr><th scope="row" colspan="2">{ t("tr-total") }</th><td class="num" id="tr-total">{ group(sm.total) }</td></tr>
                        <tr><th scope="row" colspan="2">{ t("tr-trainable") }</th><td class="num" id="tr-trainable">{ group(sm.trainable) }</td></tr>
                        <tr><th scope="row" colspan="2">{ t("tr-non-trainable") }</th><td class="num" id="tr-non-trainable">{ group(sm.non_trainable) }</td></tr>
                        if let Some(m) = mult_adds {
                            <tr><th scope="row" colspan="2">{ t("arch-mult-adds") }</th><td class="num" id="tr-mult-adds">{ group(usize::try_from(m).unwrap_or(usize::MAX)) }</td></tr>
                        }
                    </tfoot>
                </table>
            }
        }
        Some(Err(e)) => {
            html! { <p class="field-error" role="alert" id="tr-spec-error">{ spec_error_text(e) }</p> }
        }
        None => html! {},
    }
}

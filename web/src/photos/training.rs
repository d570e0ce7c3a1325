//! Training: the model and its fields, the model's size, how the split
//! shares each class, the start, pause, resume and stop buttons, and the
//! model editor.

use cnn_train::protocol::Request;
use yew::prelude::*;

use super::ingest::setting_change;
use super::model::{Class, ModelChoice, Placement, Settings};
use super::state::EditSettings;
use crate::i18n::{n, s, t, t_args};
use crate::training::cores::CoresField;
use crate::training::editor::{spec_error_text, ModelEditor};
use crate::training::run::Status;
use crate::ui::fields::{field_error_text, FieldError};
use crate::ui::format::group;

#[derive(Properties, PartialEq)]
pub struct TrainingFormProps {
    pub settings: Settings,
    pub classes: Vec<Class>,
    /// Each class's photos by place, in the order of `classes`.
    pub placements: Vec<Placement>,
    /// What the form refused at the last start.
    pub errors: Vec<FieldError>,
    pub status: Status,
    /// A run is loading, training or paused.
    pub busy: bool,
    pub on_settings: Callback<EditSettings>,
    pub on_start: Callback<()>,
    /// Pause, resume or stop.
    pub on_command: Callback<Request>,
}

/// The training form and, for an edited model, its editor (the heading and
/// the run's results are the page's).
#[function_component(TrainingForm)]
pub fn training_form(p: &TrainingFormProps) -> Html {
    let editing = use_state(|| false);
    let settings = &p.settings;
    let busy = p.busy;
    let spec = settings.spec(p.classes.len());
    let summary = spec.summary();
    let err_for = |field: &str| {
        p.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| html! { <span class="field-error" id={format!("ph-err-{field}")}>{ field_error_text(e) }</span> })
    };
    let on_start = p.on_start.reform(|e: SubmitEvent| e.prevent_default());
    let cmd = |req: Request| p.on_command.reform(move |_: MouseEvent| req.clone());
    let on_model = setting_change(&p.on_settings, |s, v| {
        let model = match v.as_str() {
            "tiny-vgg" => ModelChoice::TinyVgg,
            "resnet-mini" => ModelChoice::ResNetMini,
            "edited" => ModelChoice::Edited { spec: s.spec(2) },
            "transfer" => ModelChoice::Transfer,
            _ => ModelChoice::CatsDogs,
        };
        s.choose(model);
    });
    let on_epochs = setting_change(&p.on_settings, |s, v| s.epochs = v);
    let on_lr = setting_change(&p.on_settings, |s, v| s.learning_rate = v);
    let on_batch = setting_change(&p.on_settings, |s, v| s.batch_size = v);
    let on_validation = setting_change(&p.on_settings, |s, v| s.validation = v);
    let on_cores = p
        .on_settings
        .reform(|cores: Option<usize>| -> EditSettings {
            Box::new(move |s: &mut Settings| s.cores = cores)
        });
    let on_spec = p
        .on_settings
        .reform(|sp: cnn_train::ModelSpec| -> EditSettings {
            Box::new(move |s: &mut Settings| s.model = ModelChoice::Edited { spec: sp })
        });
    let on_edit = {
        let editing = editing.clone();
        Callback::from(move |_: MouseEvent| editing.set(!*editing))
    };
    let model_slug = match settings.model {
        ModelChoice::CatsDogs => "cats-dogs",
        ModelChoice::TinyVgg => "tiny-vgg",
        ModelChoice::ResNetMini => "resnet-mini",
        ModelChoice::Edited { .. } => "edited",
        ModelChoice::Transfer => "transfer",
    };
    let summary_line = match &summary {
        Ok(sm) if settings.transfer() => t_args(
            "ph-model-transfer",
            &[
                ("frozen", s(group(frozen_base_params()))),
                ("trainable", s(group(sm.trainable))),
                ("again", s(if settings.augmenting() { "yes" } else { "no" })),
            ],
        ),
        Ok(sm) => t_args(
            "ph-model-size",
            &[("params", s(group(sm.total))), ("layers", n(sm.rows.len()))],
        ),
        Err(e) => spec_error_text(e),
    };
    let edited = matches!(settings.model, ModelChoice::Edited { .. });
    html! {
        <>
            <form class="tr-form" onsubmit={on_start} novalidate=true>
                <div class="controls-row">
                    <label class="field">{ t("tr-model") }
                        <select id="ph-model" onchange={on_model} disabled={busy}>
                            <optgroup label={t("ph-start-pretrained")}>
                                <option value="transfer" selected={model_slug == "transfer"}>{ model_name(&ModelChoice::Transfer) }</option>
                            </optgroup>
                            <optgroup label={t("ph-start-scratch")}>
                                <option value="cats-dogs" selected={model_slug == "cats-dogs"}>{ model_name(&ModelChoice::CatsDogs) }</option>
                                <option value="tiny-vgg" selected={model_slug == "tiny-vgg"}>{ model_name(&ModelChoice::TinyVgg) }</option>
                                <option value="resnet-mini" selected={model_slug == "resnet-mini"}>{ model_name(&ModelChoice::ResNetMini) }</option>
                                <option value="edited" selected={model_slug == "edited"}>{ t("ph-model-edited") }</option>
                            </optgroup>
                        </select>
                    </label>
                    <label class="field">{ t("tr-epochs") }<input id="ph-epochs" inputmode="numeric" value={settings.epochs.clone()} onchange={on_epochs} />{ err_for("epochs") }</label>
                    <label class="field">{ t("tr-lr") }<input id="ph-lr" inputmode="decimal" value={settings.learning_rate.clone()} onchange={on_lr} />{ err_for("lr") }</label>
                    <label class="field">{ t("tr-batch") }<input id="ph-batch" inputmode="numeric" value={settings.batch_size.clone()} onchange={on_batch} />{ err_for("batch") }</label>
                    <label class="field">{ t("tr-validation") }<input id="ph-validation" inputmode="decimal" value={settings.validation.clone()} onchange={on_validation} />{ err_for("validation") }</label>
                    <CoresField id="ph-cores" value={settings.cores} {busy} on_change={on_cores} lang={crate::i18n::language()} />
                </div>
                <p class="hint" id="ph-model-summary">{ summary_line }</p>
                { split_table(settings, &p.classes, &p.placements) }
                <div class="controls-row">
                    <button type="submit" class="action" id="ph-start" disabled={busy || p.status == Status::Booting || summary.is_err()}>{ t("tr-start") }</button>
                    if p.status == Status::Training {
                        <button type="button" class="action" id="ph-pause" onclick={cmd(Request::Pause)}>{ t("tr-pause") }</button>
                    }
                    if p.status == Status::Paused {
                        <button type="button" class="action" id="ph-resume" onclick={cmd(Request::Resume)}>{ t("tr-resume") }</button>
                    }
                    if busy {
                        <button type="button" class="action" id="ph-stop" onclick={cmd(Request::Stop)}>{ t("tr-stop") }</button>
                    }
                    if edited {
                        <button type="button" class="seg" id="ph-edit" aria-pressed={editing.to_string()}
                            onclick={on_edit}>{ t("ed-toggle") }</button>
                    }
                </div>
                if !p.errors.is_empty() {
                    <p class="field-error" role="alert">{ t("tr-fix-fields") }</p>
                }
            </form>
            if *editing && edited {
                <ModelEditor spec={spec.clone()} disabled={busy} on_change={on_spec} />
            }
        </>
    }
}

/// A network's name in the model list, in the page's language.
pub fn model_name(model: &ModelChoice) -> String {
    t(match model {
        ModelChoice::CatsDogs => "tr-model-cats-dogs",
        ModelChoice::TinyVgg => "tr-model-tiny-vgg",
        ModelChoice::ResNetMini => "tr-model-resnet-mini",
        ModelChoice::Edited { .. } => "ph-model-edited",
        ModelChoice::Transfer => "ph-model-transfer-choice",
    })
}

/// The pretrained base's parameters, all frozen in transfer learning
/// (EfficientNet-Lite0 without its ImageNet classifier).
fn frozen_base_params() -> usize {
    thread_local! {
        static COUNT: usize = cnn_train::efficientnet::lite0(false)
            .summary()
            .map_or(0, |s| s.total);
    }
    COUNT.with(|c| *c)
}

/// How the split will share each class (the worker's stratified split,
/// photos placed by their folders kept where they are), for a validation
/// share the worker accepts.
fn split_table(settings: &Settings, classes: &[Class], placements: &[Placement]) -> Html {
    let total: usize = placements.iter().map(Placement::all).sum();
    let placed: usize = placements.iter().map(|p| p.train + p.validation).sum();
    let fraction = settings
        .validation
        .trim()
        .parse::<f32>()
        .ok()
        .filter(|v| (5.0..=50.0).contains(v))
        .map(|v| v / 100.0);
    let split_view = fraction.filter(|_| total > 0).map(|f| {
        let shares = Placement::split(placements, f);
        let rows = classes.iter().zip(placements.iter().zip(&shares)).map(|(c, (p, &(train, val)))| html! {
            <tr>
                <th scope="row"><span class="swatch" style={format!("background:{}", c.colour)}></span>{ c.name.clone() }</th>
                <td class="num">{ group(p.all()) }</td><td class="num">{ group(train) }</td><td class="num">{ group(val) }</td>
            </tr>
        });
        let kept = (placed > 0).then(|| {
            let key = if placed == total { "ph-split-kept-all" } else { "ph-split-kept" };
            html! {
                <p class="hint" id="ph-split-kept">{ t_args(key, &[("placed", s(group(placed))), ("random", s(group(total - placed)))]) }</p>
            }
        });
        html! {
            <>
                <table class="summary" id="ph-split">
                    <caption>{ t("ph-split") }</caption>
                    <thead><tr><th scope="col">{ t("ph-split-class") }</th><th scope="col">{ t("ph-split-all") }</th><th scope="col">{ t("ph-split-train") }</th><th scope="col">{ t("ph-split-val") }</th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
                { kept.unwrap_or_default() }
            </>
        }
    });
    split_view.unwrap_or_default()
}

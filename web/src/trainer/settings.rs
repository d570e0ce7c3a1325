//! The settings on the form: the model from the zoo, the data, the backend,
//! the seed and validation share, then the optimiser and its numbers, each
//! with the sentence that says what is wrong with it.

use cnn_train::protocol::BackendChoice;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::form::{Data, FieldError, Form};
use crate::i18n::t;
use crate::training::cores::CoresField;
use crate::ui::fields::field_error_text;
use crate::ui::format::group;

#[derive(Properties, PartialEq)]
pub struct SettingsProps {
    pub form: Form,
    /// The fields the last Start refused.
    pub errors: Vec<FieldError>,
    /// A run is going: the model, data and backend wait.
    pub busy: bool,
    /// The form with one setting changed.
    pub on_change: Callback<Form>,
    /// The language in use (a change re-renders the text).
    pub lang: &'static str,
}

/// The two rows of settings (`#tr-model` … `#tr-augment`).
#[function_component(Settings)]
pub fn settings(p: &SettingsProps) -> Html {
    let form = &p.form;
    let busy = p.busy;
    // A setting typed or chosen: the form with `f` applied to the value.
    let set = |f: fn(&mut Form, String)| {
        let (form, on_change) = (form.clone(), p.on_change.clone());
        Callback::from(move |e: Event| {
            if let Some(v) = value_of(&e) {
                let mut f2 = form.clone();
                f(&mut f2, v);
                on_change.emit(f2);
            }
        })
    };
    let toggle = |f: fn(&mut Form)| {
        let (form, on_change) = (form.clone(), p.on_change.clone());
        Callback::from(move |_: MouseEvent| {
            let mut f2 = form.clone();
            f(&mut f2);
            on_change.emit(f2);
        })
    };
    let on_model = set(choose_model);
    let on_data = set(|f, v| f.data = Data::from_slug(&v).unwrap_or(f.data));
    let on_backend = set(|f, v| {
        f.backend = match v.as_str() {
            "cpu" => BackendChoice::Cpu,
            "webgpu" => BackendChoice::WebGpu,
            _ => BackendChoice::Auto,
        }
    });
    let on_opt = set(|f, v| f.optimizer = if v == "sgd" { "sgd" } else { "adam" });
    let on_lr = set(|f, v| f.learning_rate = v);
    let on_momentum = set(|f, v| f.momentum = v);
    let on_batch = set(|f, v| f.batch_size = v);
    let on_epochs = set(|f, v| f.epochs = v);
    let on_count = set(|f, v| f.xo_count = v);
    let on_seed = set(|f, v| f.seed = v);
    let on_validation = set(|f, v| f.validation = v);
    let on_dropout = toggle(|f| f.dropout = !f.dropout);
    let on_cores = {
        let (form, on_change) = (form.clone(), p.on_change.clone());
        Callback::from(move |cores: Option<usize>| {
            on_change.emit(Form {
                cores,
                ..form.clone()
            })
        })
    };
    let on_augment = toggle(|f| f.augment = !f.augment);

    let err_for = |field: &str| {
        p.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| html! { <span class="field-error" id={format!("err-{field}")}>{ field_error_text(e) }</span> })
    };
    let models = cnn_train::zoo::all().into_iter().map(|(id, sp)| {
        html! { <option value={id} selected={id == form.model}>{ format!("{} — {}", t(&format!("tr-model-{id}")), group(sp.summary().map(|s| s.total).unwrap_or(0))) }</option> }
    });

    html! {
        <>
            <div class="controls-row">
                <label class="field">{ t("tr-model") }
                    <select id="tr-model" onchange={on_model} disabled={busy}>{ for models }</select>
                </label>
                <label class="field">{ t("tr-data") }
                    <select id="tr-data" onchange={on_data} disabled={busy}>
                        <option value="xo" selected={form.data == Data::Xo}>{ t("tr-data-xo") }</option>
                        <option value="digits" selected={form.data == Data::Digits}>{ t("tr-data-digits") }</option>
                    </select>
                </label>
                if form.data == Data::Xo {
                    <label class="field">{ t("tr-count") }<input id="tr-count" inputmode="numeric" value={form.xo_count.clone()} onchange={on_count} />{ err_for("count") }</label>
                }
                <label class="field">{ t("tr-backend") }
                    <select id="tr-backend-choice" onchange={on_backend} disabled={busy}>
                        <option value="auto" selected={form.backend == BackendChoice::Auto}>{ t("tr-backend-auto") }</option>
                        <option value="webgpu" selected={form.backend == BackendChoice::WebGpu}>{ "WebGPU" }</option>
                        <option value="cpu" selected={form.backend == BackendChoice::Cpu}>{ t("tr-backend-cpu-choice") }</option>
                    </select>
                </label>
                <CoresField id="tr-cores" value={form.cores} {busy} on_change={on_cores} lang={p.lang} />
                <label class="field">{ t("tr-seed") }<input id="tr-seed" inputmode="numeric" value={form.seed.clone()} onchange={on_seed} />{ err_for("seed") }</label>
                <label class="field">{ t("tr-validation") }<input id="tr-validation" inputmode="decimal" value={form.validation.clone()} onchange={on_validation} />{ err_for("validation") }</label>
            </div>
            <div class="controls-row">
                <label class="field">{ t("tr-optimizer") }
                    <select id="tr-optimizer" onchange={on_opt}>
                        <option value="adam" selected={form.optimizer == "adam"}>{ "Adam" }</option>
                        <option value="sgd" selected={form.optimizer == "sgd"}>{ t("tr-sgd") }</option>
                    </select>
                </label>
                if form.optimizer == "sgd" {
                    <label class="field">{ t("tr-momentum") }<input id="tr-momentum" inputmode="decimal" value={form.momentum.clone()} onchange={on_momentum} />{ err_for("momentum") }</label>
                }
                <label class="field">{ t("tr-lr") }<input id="tr-lr" inputmode="decimal" value={form.learning_rate.clone()} onchange={on_lr} />{ err_for("lr") }</label>
                <label class="field">{ t("tr-batch") }<input id="tr-batch" inputmode="numeric" value={form.batch_size.clone()} onchange={on_batch} />{ err_for("batch") }</label>
                <label class="field">{ t("tr-epochs") }<input id="tr-epochs" inputmode="numeric" value={form.epochs.clone()} onchange={on_epochs} />{ err_for("epochs") }</label>
                <button type="button" class="seg" id="tr-dropout" aria-pressed={form.dropout.to_string()} onclick={on_dropout}>{ t("tr-dropout") }</button>
                <button type="button" class="seg" id="tr-augment" aria-pressed={form.augment.to_string()} onclick={on_augment}>{ t("tr-augment") }</button>
            </div>
        </>
    }
}

/// The value of the input or select an event came from.
fn value_of(e: &Event) -> Option<String> {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|i| i.value())
        .or_else(|| {
            e.target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
                .map(|s| s.value())
        })
}

/// A model chosen from the zoo, with its natural data and settings that
/// suit it; the learner's edit goes.
fn choose_model(f: &mut Form, v: String) {
    if let Some((id, _)) = cnn_train::zoo::all().into_iter().find(|(id, _)| *id == v) {
        f.model = id;
        f.custom = None;
        // Each model's natural data and a learning rate that suits it.
        match id {
            "xo-tiny" => {
                f.data = Data::Xo;
                f.learning_rate = "0.01".into();
                f.batch_size = "16".into();
                f.epochs = "15".into();
            }
            "lenet5" | "mnist-cnn" => {
                f.data = Data::Digits;
                f.learning_rate = "0.002".into();
                f.batch_size = "16".into();
                f.epochs = "3".into();
            }
            "resnet-mini" => {
                f.data = Data::Digits;
                f.learning_rate = "0.003".into();
                f.batch_size = "32".into();
                f.epochs = "2".into();
            }
            _ => {}
        }
    }
}

//! The model editor: add, remove and reorder layers, change their settings;
//! the summary and its errors update as the learner types. The spec's own
//! checks (`ModelSpec::summary`) decide what fits; this only edits.

use cnn_train::spec::Value;
use cnn_train::{Activation, Layer, LayerKind, ModelSpec, Padding, SpecError};
use yew::prelude::*;

use crate::i18n::{n, s, t, t_args};

/// The learner-facing sentence for a spec that does not fit.
pub fn spec_error_text(e: &SpecError) -> String {
    match e {
        SpecError::Empty => t("spec-empty"),
        SpecError::ZeroInput { field } => t_args("spec-zero-input", &[("field", s(*field))]),
        SpecError::ZeroSetting { layer, kind, field } => t_args(
            "spec-zero-setting",
            &[
                ("layer", n(layer + 1)),
                ("kind", s(kind.keras_class())),
                ("field", s(*field)),
            ],
        ),
        SpecError::KernelTooLarge {
            layer,
            kind,
            kernel,
            input,
        } => t_args(
            "spec-kernel-too-large",
            &[
                ("layer", n(layer + 1)),
                ("kind", s(kind.keras_class())),
                ("kernel", n(*kernel)),
                ("h", n(input.height)),
                ("w", n(input.width)),
            ],
        ),
        SpecError::NeedsFlatten { layer, input } => t_args(
            "spec-needs-flatten",
            &[("layer", n(layer + 1)), ("shape", s(input.to_string()))],
        ),
        SpecError::SpatialAfterFlatten {
            layer,
            kind,
            input_len,
        } => t_args(
            "spec-spatial-after-flatten",
            &[
                ("layer", n(layer + 1)),
                ("kind", s(kind.keras_class())),
                ("len", n(*input_len)),
            ],
        ),
        SpecError::DropoutRate { layer, rate } => t_args(
            "spec-dropout-rate",
            &[("layer", n(layer + 1)), ("rate", s(rate.to_string()))],
        ),
        SpecError::OutputClasses { classes } => {
            t_args("spec-output-classes", &[("classes", n(*classes))])
        }
        SpecError::OutputMismatch {
            layer,
            expected_units,
            expected_activation,
            found_kind,
            ..
        } => t_args(
            "spec-output-mismatch",
            &[
                ("layer", n(layer + 1)),
                ("kind", s(found_kind.keras_class())),
                ("units", n(*expected_units)),
                ("activation", s(expected_activation.key())),
            ],
        ),
        SpecError::TooLarge { params, limit } => t_args(
            "spec-too-large",
            &[("params", n(*params)), ("limit", n(*limit))],
        ),
        SpecError::Shortcut {
            layer,
            input,
            output,
        } => t_args(
            "spec-shortcut",
            &[
                ("layer", n(layer + 1)),
                ("input", s(input.to_string())),
                ("output", s(output.to_string())),
                ("channels", n(input.channels)),
            ],
        ),
        SpecError::DoesNotFit { layer, kind, input } => t_args(
            "spec-does-not-fit",
            &[
                ("layer", n(layer + 1)),
                ("kind", s(t(&format!("ed-kind-{}", kind.key())))),
                ("shape", s(input.to_string())),
            ],
        ),
    }
}

/// Reads a typed value into a new layer (`None`: leave the layer as it is).
type ParseLayer = Box<dyn Fn(&str) -> Option<Layer>>;
/// Builds the layer for a chosen option.
type ChooseLayer = Box<dyn Fn(&str) -> Layer>;

#[derive(Properties, PartialEq)]
pub struct EditorProps {
    pub spec: ModelSpec,
    pub on_change: Callback<ModelSpec>,
    pub disabled: bool,
}

#[function_component(ModelEditor)]
pub fn model_editor(p: &EditorProps) -> Html {
    let rows = p.spec.layers.iter().enumerate().map(|(i, layer)| {
        let spec = p.spec.clone();
        let on_change = p.on_change.clone();
        let set = move |l: Layer| on_change.emit(spec.set(i, l));
        let num = |label: String, id: String, value: String, f: ParseLayer| {
            let set = set.clone();
            let onchange = Callback::from(move |e: Event| {
                if let Some(v) = e
                    .target()
                    .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok())
                {
                    if let Some(l) = f(v.value().trim()) {
                        set(l);
                    }
                }
            });
            html! {
                <label class="field small">{ label }
                    <input id={id} inputmode="decimal" {value} {onchange} disabled={p.disabled} />
                </label>
            }
        };
        let choice = |label: String, id: String, options: Vec<(String, String)>, current: String, f: ChooseLayer| {
            let set = set.clone();
            let onchange = Callback::from(move |e: Event| {
                if let Some(v) = e
                    .target()
                    .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlSelectElement>(t).ok())
                {
                    set(f(&v.value()));
                }
            });
            let opts = options.into_iter().map(|(v, text)| {
                html! { <option value={v.clone()} selected={v == current}>{ text }</option> }
            });
            html! {
                <label class="field small">{ label }
                    <select id={id} {onchange} disabled={p.disabled}>{ for opts }</select>
                </label>
            }
        };
        let l = *layer;
        let fields = l.settings().into_iter().map(|(name, value)| {
            let id = format!("ed-{i}-{name}");
            match value {
                Value::Count(v) => num(
                    t(&format!("ed-{name}")),
                    id,
                    v.to_string(),
                    Box::new(move |text: &str| {
                        Some(l.with(name, Value::Count(text.parse::<usize>().unwrap_or(0))))
                    }),
                ),
                Value::Rate(r) => num(
                    t(&format!("ed-{name}")),
                    id,
                    r.to_string(),
                    Box::new(move |text: &str| {
                        Some(l.with(name, Value::Rate(text.parse::<f32>().unwrap_or(f32::NAN))))
                    }),
                ),
                Value::Padding(padding) => choice(
                    t("padding"),
                    id,
                    vec![("valid".into(), t("pg-padding-valid")), ("same".into(), t("pg-padding-same"))],
                    if padding == Padding::Same { "same".into() } else { "valid".into() },
                    Box::new(move |v: &str| {
                        l.with(name, Value::Padding(if v == "same" { Padding::Same } else { Padding::Valid }))
                    }),
                ),
                Value::Activation(current) => choice(
                    t("ed-activation"),
                    id,
                    Activation::ALL.iter().map(|a| (a.key().to_string(), a.key().to_string())).collect(),
                    current.key().to_string(),
                    Box::new(move |v: &str| {
                        l.with(name, Value::Activation(Activation::from_key(v).unwrap_or(Activation::Relu)))
                    }),
                ),
                Value::Flag(on) => {
                    let set = set.clone();
                    let onchange = Callback::from(move |e: Event| {
                        if let Some(input) = e
                            .target()
                            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok())
                        {
                            set(l.with(name, Value::Flag(input.checked())));
                        }
                    });
                    html! {
                        <label class="field small check">
                            <input type="checkbox" id={id} checked={on} {onchange} disabled={p.disabled} />
                            { t(&format!("ed-{name}")) }
                        </label>
                    }
                }
            }
        });
        let fields = html! { <>{ for fields }</> };
        let kind = {
            let set = set.clone();
            // Every option is a key; a value that is none keeps the layer.
            let onchange = Callback::from(move |e: Event| {
                if let Some(v) = e
                    .target()
                    .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlSelectElement>(t).ok())
                {
                    set(LayerKind::from_key(&v.value()).map_or(l, LayerKind::default_layer));
                }
            });
            let current = layer.kind();
            let options = |blocks: bool| {
                LayerKind::ALL.iter().filter(move |k| k.is_block() == blocks).map(move |k| html! {
                    <option value={k.key()} selected={*k == current}>{ t(&format!("ed-kind-{}", k.key())) }</option>
                })
            };
            html! {
                <label class="field small">{ t("ed-kind") }
                    <select id={format!("ed-{i}-kind")} {onchange} disabled={p.disabled}>
                        <optgroup label={t("ed-group-layers")}>{ for options(false) }</optgroup>
                        <optgroup label={t("ed-group-blocks")}>{ for options(true) }</optgroup>
                    </select>
                </label>
            }
        };
        let edit = |f: fn(&ModelSpec, usize) -> ModelSpec| {
            let spec = p.spec.clone();
            let on_change = p.on_change.clone();
            Callback::from(move |_: MouseEvent| on_change.emit(f(&spec, i)))
        };
        let last = p.spec.layers.len() - 1;
        html! {
            <li class="ed-layer" data-layer={i.to_string()}>
                <span class="ed-num">{ i + 1 }</span>
                { kind }
                { fields }
                <span class="ed-tools">
                    <button type="button" class="icon" id={format!("ed-{i}-up")} disabled={p.disabled || i == 0}
                        aria-label={t_args("ed-up", &[("n", n(i + 1))])} onclick={edit(|s, i| s.move_layer(i, i - 1))}>{ "↑" }</button>
                    <button type="button" class="icon" id={format!("ed-{i}-down")} disabled={p.disabled || i == last}
                        aria-label={t_args("ed-down", &[("n", n(i + 1))])} onclick={edit(|s, i| s.move_layer(i, i + 1))}>{ "↓" }</button>
                    <button type="button" class="icon" id={format!("ed-{i}-add")} disabled={p.disabled}
                        aria-label={t_args("ed-add-after", &[("n", n(i + 1))])} onclick={edit(|s, i| s.insert(i + 1, LayerKind::Dense.default_layer()))}>{ "+" }</button>
                    <button type="button" class="icon" id={format!("ed-{i}-remove")} disabled={p.disabled}
                        aria-label={t_args("ed-remove", &[("n", n(i + 1))])} onclick={edit(|s, i| s.remove(i))}>{ "✕" }</button>
                </span>
            </li>
        }
    });
    let add_first = {
        let spec = p.spec.clone();
        let on_change = p.on_change.clone();
        Callback::from(move |_: MouseEvent| {
            on_change.emit(spec.insert(0, LayerKind::Conv2d.default_layer()))
        })
    };
    html! {
        <fieldset class="editor" id="tr-editor">
            <legend>{ t("ed-title") }</legend>
            <p class="hint">{ t_args("ed-input", &[("shape", s(p.spec.input.to_string()))]) }</p>
            <ol class="ed-layers">{ for rows }</ol>
            <button type="button" class="action" id="ed-add-first" onclick={add_first} disabled={p.disabled}>{ t("ed-add-first") }</button>
        </fieldset>
    }
}

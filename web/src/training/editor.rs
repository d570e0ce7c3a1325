//! The model editor: add, remove and reorder layers, change their settings;
//! the summary and its errors update as the learner types. The spec's own
//! checks (`ModelSpec::summary`) decide what fits; this only edits.

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
        let usize_field = |name: &'static str, value: usize, make: fn(Layer, usize) -> Layer| {
            num(
                t(&format!("ed-{name}")),
                format!("ed-{i}-{name}"),
                value.to_string(),
                Box::new(move |v: &str| Some(make(l, v.parse::<usize>().unwrap_or(0)))),
            )
        };
        let act_field = |current: Activation, make: fn(Layer, Activation) -> Layer| {
            choice(
                t("ed-activation"),
                format!("ed-{i}-activation"),
                Activation::ALL.iter().map(|a| (a.key().to_string(), a.key().to_string())).collect(),
                current.key().to_string(),
                Box::new(move |v: &str| {
                    let a = Activation::from_key(v).unwrap_or(Activation::Relu);
                    make(l, a)
                }),
            )
        };
        let fields = match l {
            Layer::Conv2d { filters, kernel, stride, padding, activation } => html! {
                <>
                    { usize_field("filters", filters, |l, v| match l { Layer::Conv2d { kernel, stride, padding, activation, .. } => Layer::Conv2d { filters: v, kernel, stride, padding, activation }, o => o }) }
                    { usize_field("kernel", kernel, |l, v| match l { Layer::Conv2d { filters, stride, padding, activation, .. } => Layer::Conv2d { filters, kernel: v, stride, padding, activation }, o => o }) }
                    { usize_field("stride", stride, |l, v| match l { Layer::Conv2d { filters, kernel, padding, activation, .. } => Layer::Conv2d { filters, kernel, stride: v, padding, activation }, o => o }) }
                    { choice(t("padding"), format!("ed-{i}-padding"),
                        vec![("valid".into(), t("pg-padding-valid")), ("same".into(), t("pg-padding-same"))],
                        if padding == Padding::Same { "same".into() } else { "valid".into() },
                        Box::new(move |v: &str| match l { Layer::Conv2d { filters, kernel, stride, activation, .. } => Layer::Conv2d { filters, kernel, stride, activation, padding: if v == "same" { Padding::Same } else { Padding::Valid } }, o => o })) }
                    { act_field(activation, |l, a| match l { Layer::Conv2d { filters, kernel, stride, padding, .. } => Layer::Conv2d { filters, kernel, stride, padding, activation: a }, o => o }) }
                </>
            },
            Layer::MaxPool { size, stride } | Layer::AvgPool { size, stride } => html! {
                <>
                    { usize_field("size", size, |l, v| match l { Layer::MaxPool { stride, .. } => Layer::MaxPool { size: v, stride }, Layer::AvgPool { stride, .. } => Layer::AvgPool { size: v, stride }, o => o }) }
                    { usize_field("stride", stride, |l, v| match l { Layer::MaxPool { size, .. } => Layer::MaxPool { size, stride: v }, Layer::AvgPool { size, .. } => Layer::AvgPool { size, stride: v }, o => o }) }
                </>
            },
            Layer::Dropout { rate } => num(
                t("ed-rate"),
                format!("ed-{i}-rate"),
                rate.to_string(),
                Box::new(|v: &str| Some(Layer::Dropout { rate: v.parse::<f32>().unwrap_or(f32::NAN) })),
            ),
            Layer::Flatten => html! {},
            Layer::Dense { units, activation } => html! {
                <>
                    { usize_field("units", units, |l, v| match l { Layer::Dense { activation, .. } => Layer::Dense { units: v, activation }, o => o }) }
                    { act_field(activation, |l, a| match l { Layer::Dense { units, .. } => Layer::Dense { units, activation: a }, o => o }) }
                </>
            },
        };
        let kind = choice(
            t("ed-kind"),
            format!("ed-{i}-kind"),
            LayerKind::ALL.iter().map(|k| (k.key().to_string(), t(&format!("ed-kind-{}", k.key())))).collect(),
            layer.kind().key().to_string(),
            // Every option is a key; a value that is none keeps the layer.
            Box::new(move |v: &str| LayerKind::from_key(v).map_or(l, LayerKind::default_layer)),
        );
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

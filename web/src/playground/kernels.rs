//! The kernels: one editor per kernel (a preset or the learner's own
//! weights, its size), and the button that adds one.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::model::{self, KernelSpec, KERNEL_SIZES};
use super::select::select;
use super::state::Action;
use crate::i18n::{n, t, t_args};

#[derive(Properties, PartialEq)]
pub struct KernelListProps {
    pub kernels: Vec<KernelSpec>,
    pub send: Callback<Action>,
}

/// The kernels section: an editor per kernel, and "add" while there is room.
#[function_component(KernelList)]
pub fn kernel_list(p: &KernelListProps) -> Html {
    let on_change = {
        let send = p.send.clone();
        Callback::from(move |(i, k): (usize, KernelSpec)| send.emit(Action::SetKernel(i, k)))
    };
    let on_remove = {
        let send = p.send.clone();
        Callback::from(move |i: usize| send.emit(Action::RemoveKernel(i)))
    };
    let add_kernel = {
        let send = p.send.clone();
        Callback::from(move |_: MouseEvent| send.emit(Action::AddKernel))
    };
    let removable = p.kernels.len() > 1;
    let editors = p.kernels.iter().enumerate().map(|(i, k)| {
        html! {
            <KernelEditor index={i} kernel={k.clone()} {removable}
                on_change={on_change.clone()} on_remove={on_remove.clone()} />
        }
    });
    html! {
        <section class="pg-kernels" aria-label={t("pg-kernels")}>
            { for editors }
            if p.kernels.len() < model::MAX_KERNELS {
                <button class="action" id="pg-add-kernel" onclick={add_kernel}>{ t("pg-add-kernel") }</button>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct KernelEditorProps {
    /// The kernel's place in the list, from 0.
    index: usize,
    kernel: KernelSpec,
    /// Offer "remove" (not for the only kernel).
    removable: bool,
    /// The kernel at `index`, changed.
    on_change: Callback<(usize, KernelSpec)>,
    on_remove: Callback<usize>,
}

/// One kernel: its preset, its size, and its weights as text fields (a field
/// that is not a number is flagged, and the kernel keeps its last weights).
#[function_component(KernelEditor)]
fn kernel_editor(p: &KernelEditorProps) -> Html {
    let invalid = use_state(|| None::<usize>);
    let idx = p.index;
    let presets: Vec<(Option<&'static str>, String)> = std::iter::once((None, t("pg-custom")))
        .chain(
            cnn_core::kernels::presets()
                .into_iter()
                .map(|k| (Some(k.slug), t(&format!("kernel-{}", k.slug)))),
        )
        .collect();
    let on_preset = {
        let cb = p.on_change.clone();
        let kernel = p.kernel.clone();
        Callback::from(move |slug: Option<&'static str>| {
            let k = match slug {
                Some(s) => KernelSpec::preset(s),
                None => Some(KernelSpec {
                    preset: None,
                    ..kernel.clone()
                }),
            };
            if let Some(k) = k {
                cb.emit((idx, k));
            }
        })
    };
    let on_size = {
        let cb = p.on_change.clone();
        let kernel = p.kernel.clone();
        Callback::from(move |size: usize| cb.emit((idx, kernel.resized(size))))
    };
    let size = p.kernel.size;
    let cells = p.kernel.weights.iter().enumerate().map(|(i, w)| {
        let cb = p.on_change.clone();
        let kernel = p.kernel.clone();
        let flag = invalid.clone();
        let onchange = Callback::from(move |e: Event| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
            match input.value().trim().parse::<f32>() {
                Ok(v) if v.is_finite() => {
                    flag.set(None);
                    let mut k = kernel.clone();
                    k.weights[i] = v;
                    k.preset = None;
                    cb.emit((idx, k));
                }
                _ => flag.set(Some(i)),
            }
        });
        let label = t_args("pg-weight-label", &[("row", n(i / size + 1)), ("col", n(i % size + 1))]);
        html! {
            <input class="weight" type="text" inputmode="decimal" value={format_weight(*w)}
                aria-label={label} aria-invalid={(*invalid == Some(i)).then_some("true")} {onchange} />
        }
    });
    let remove = {
        let cb = p.on_remove.clone();
        Callback::from(move |_: MouseEvent| cb.emit(idx))
    };
    let explain = p
        .kernel
        .preset
        .map(|slug| t(&format!("kernel-{slug}-about")));
    html! {
        <fieldset class="kernel-editor" id={format!("kernel-{idx}")}>
            <legend>{ t_args("pg-kernel-n", &[("n", n(idx + 1))]) }</legend>
            <div class="controls-row">
                { select(&format!("kernel-{idx}-preset"), t("pg-preset"), presets, p.kernel.preset, on_preset) }
                { select(&format!("kernel-{idx}-size"), t("pg-size"), KERNEL_SIZES.iter().map(|k| (*k, format!("{k}×{k}"))).collect(), size, on_size) }
                if p.removable { <button class="action" onclick={remove}>{ t("pg-remove-kernel") }</button> }
            </div>
            <div class="weights" style={format!("grid-template-columns: repeat({size}, 3.6rem)")}>{ for cells }</div>
            if invalid.is_some() { <p class="field-error" role="alert">{ t("pg-weight-invalid") }</p> }
            if let Some(e) = explain { <p class="hint">{ e }</p> }
        </fieldset>
    }
}

/// A weight to at most three decimals, without trailing zeros (and never "-0").
fn format_weight(v: f32) -> String {
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.').to_string();
    if s == "-0" {
        "0".into()
    } else {
        s
    }
}

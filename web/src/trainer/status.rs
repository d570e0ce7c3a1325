//! Which backend trains and why, with the technical reason folded away
//! (the progress bar is the shared `training::progress`).

use cnn_train::protocol::{Backend, NoGpu};
use yew::prelude::*;

use crate::i18n::t;

#[derive(Properties, PartialEq)]
pub struct BackendProps {
    /// Whether the worker can use WebGPU, and why not when it cannot.
    pub webgpu: Option<Result<(), NoGpu>>,
    /// The backend of the current run.
    pub backend: Option<Backend>,
    /// WebGPU is there but runs in software (SwiftShader).
    pub software: bool,
    /// The language in use (a change re-renders the text).
    pub lang: &'static str,
}

/// The backend line (`#tr-backend`) and, when WebGPU is missing, its
/// technical reason (`#tr-backend-details`).
#[function_component(BackendLine)]
pub fn backend_line(p: &BackendProps) -> Html {
    let slug = p.backend.map(|b| {
        if b == Backend::WebGpu {
            "webgpu"
        } else {
            "cpu"
        }
    });
    html! {
        <>
            <p class="hint" id="tr-backend" data-backend={slug}>{ line(p) }</p>
            { details(p) }
        </>
    }
}

/// Why training runs on the processor, in a sentence (`tr-cpu-<code>`).
fn why_no_gpu(why: &NoGpu) -> String {
    t(&format!("tr-cpu-{}", why.why.code()))
}

/// The technical reason behind [`why_no_gpu`], folded away.
fn details(p: &BackendProps) -> Html {
    match &p.webgpu {
        Some(Err(why)) if p.backend != Some(Backend::WebGpu) => html! {
            <details class="hint" id="tr-backend-details">
                <summary>{ t("tr-backend-details") }</summary>
                <code>{ why.detail.clone() }</code>
            </details>
        },
        _ => html! {},
    }
}

/// Which backend trains, and why.
fn line(p: &BackendProps) -> String {
    match (&p.webgpu, p.backend) {
        (None, _) => t("tr-backend-starting"),
        (_, Some(Backend::WebGpu)) => t("tr-backend-on-webgpu"),
        (Some(Ok(())), Some(Backend::Cpu)) if p.software => t("tr-backend-on-cpu-software"),
        (Some(Ok(())), Some(Backend::Cpu)) => t("tr-backend-on-cpu-chosen"),
        (Some(Err(why)), Some(Backend::Cpu)) => why_no_gpu(why),
        (Some(Ok(())), None) if p.software => t("tr-backend-software"),
        (Some(Ok(())), None) => t("tr-backend-webgpu-ready"),
        (Some(Err(why)), None) => why_no_gpu(why),
    }
}

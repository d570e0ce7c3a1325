//! Keeping and sharing: the project saved as one file, a project file
//! opened, and everything cleared (after a second click).

use yew::prelude::*;

use super::import::Incoming;
use super::ingest::first_file;
use crate::i18n::t;

#[derive(Properties, PartialEq)]
pub struct KeepControlsProps {
    /// A run is loading, training or paused.
    pub busy: bool,
    pub on_export: Callback<()>,
    /// There is a trained network to take out.
    pub has_model: bool,
    /// Download the trained network as ONNX.
    pub on_onnx: Callback<()>,
    /// A project file chosen to open.
    pub on_import: Callback<Incoming>,
    /// Clearing was confirmed.
    pub on_clear: Callback<()>,
}

/// The export, open and clear buttons (the heading is the page's).
#[function_component(KeepControls)]
pub fn keep_controls(p: &KeepControlsProps) -> Html {
    let confirm_clear = use_state(|| false);
    let busy = p.busy;
    let on_export = p.on_export.reform(|_: MouseEvent| ());
    let on_onnx = p.on_onnx.reform(|_: MouseEvent| ());
    let on_import_project = first_file(p.on_import.clone());
    let on_clear = {
        let confirm_clear = confirm_clear.clone();
        Callback::from(move |_: MouseEvent| confirm_clear.set(true))
    };
    let on_clear_yes = {
        let confirm_clear = confirm_clear.clone();
        let on_clear = p.on_clear.clone();
        Callback::from(move |_: MouseEvent| {
            confirm_clear.set(false);
            on_clear.emit(());
        })
    };
    let on_clear_no = {
        let confirm_clear = confirm_clear.clone();
        Callback::from(move |_: MouseEvent| confirm_clear.set(false))
    };
    html! {
        <>
            <p class="hint">{ t("ph-keep-hint") }</p>
            <div class="controls-row">
                <button type="button" class="action" id="ph-export" onclick={on_export} disabled={busy}>{ t("ph-export") }</button>
                <button type="button" class="action" id="ph-onnx" onclick={on_onnx} disabled={busy || !p.has_model}
                    title={t("ph-onnx-hint")}>{ t("ph-onnx") }</button>
                <label class="action file-button">{ t("ph-import-project") }
                    <input type="file" id="ph-import-project" accept=".cnnproject,.zip" class="sr-only" onchange={on_import_project} disabled={busy} />
                </label>
                if *confirm_clear {
                    <span class="confirm" role="alert">{ t("ph-clear-confirm") }
                        <button type="button" class="action danger" id="ph-clear-yes" onclick={on_clear_yes}>{ t("ph-clear-yes") }</button>
                        <button type="button" class="action" id="ph-clear-no" onclick={on_clear_no}>{ t("ph-clear-no") }</button>
                    </span>
                } else {
                    <button type="button" class="action danger" id="ph-clear" onclick={on_clear} disabled={busy}>{ t("ph-clear") }</button>
                }
            </div>
        </>
    }
}

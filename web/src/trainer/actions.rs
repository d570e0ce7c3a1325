//! The run's buttons: start, pause, resume and stop, then the model's export
//! and import (a `.cnnmodel` file, read here and sent to the worker).

use cnn_train::protocol::Request;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{File, HtmlInputElement, Worker};
use yew::prelude::*;

use crate::i18n::t;
use crate::training::run::Status;

#[derive(Properties, PartialEq)]
pub struct ActionsProps {
    pub status: Status,
    /// A run is loading, training or paused.
    pub busy: bool,
    /// The model can be built, so a run can start.
    pub ready: bool,
    /// The worker holds a trained model to export.
    pub has_model: bool,
    /// Pause, Resume, Stop or Export, for the worker.
    pub on_cmd: Callback<Request>,
    /// The model file the learner chose to import.
    pub on_import: Callback<File>,
    /// The language in use (a change re-renders the text).
    pub lang: &'static str,
}

/// The row of run buttons (`#tr-start` … `#tr-import`); Start submits the form.
#[function_component(Actions)]
pub fn actions(p: &ActionsProps) -> Html {
    let import_ref = use_node_ref();
    let busy = p.busy;
    let cmd = |req: Request| p.on_cmd.reform(move |_: MouseEvent| req.clone());
    let on_import = {
        let on_import = p.on_import.clone();
        Callback::from(move |e: Event| {
            if let Some(file) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
                .and_then(|i| i.files())
                .and_then(|f| f.get(0))
            {
                on_import.emit(file);
            }
        })
    };
    html! {
        <div class="controls-row">
            <button type="submit" class="action" id="tr-start" disabled={busy || p.status == Status::Booting || !p.ready}>{ t("tr-start") }</button>
            if p.status == Status::Training {
                <button type="button" class="action" id="tr-pause" onclick={cmd(Request::Pause)}>{ t("tr-pause") }</button>
            }
            if p.status == Status::Paused {
                <button type="button" class="action" id="tr-resume" onclick={cmd(Request::Resume)}>{ t("tr-resume") }</button>
            }
            if busy {
                <button type="button" class="action" id="tr-stop" onclick={cmd(Request::Stop)}>{ t("tr-stop") }</button>
            }
            <button type="button" class="action" id="tr-export" disabled={!p.has_model || busy} onclick={cmd(Request::Export)}>{ t("tr-export") }</button>
            <label class="field">{ t("tr-import") }<input type="file" id="tr-import" ref={import_ref} accept=".cnnmodel" onchange={on_import} disabled={busy} /></label>
        </div>
    }
}

/// Reads a model file and sends it to the worker as `[Import, bytes]`;
/// `on_unreadable` when the browser cannot read the file.
pub fn import_file(worker: Option<Worker>, file: File, on_unreadable: Callback<()>) {
    wasm_bindgen_futures::spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
            Ok(buf) => {
                if let (Some(w), Ok(json)) = (&worker, serde_json::to_string(&Request::Import)) {
                    let msg = js_sys::Array::of2(
                        &JsValue::from_str(&json),
                        &js_sys::Uint8Array::new(&buf),
                    );
                    let _ = w.post_message(&msg);
                }
            }
            Err(_) => on_unreadable.emit(()),
        }
    });
}

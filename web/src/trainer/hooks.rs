//! The trainer page's effects: its worker (started when the page opens,
//! ended when it closes), the URL that follows the form, and the signal
//! that tells tests the page is up and where training is.

use cnn_train::protocol::{Reply, Request};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};
use yew::prelude::*;

use crate::training::client::{self, read_reply, save_file, send};
use crate::training::run::{now, Msg, Run};

/// The page's worker: its replies go to `run`, an exported model is saved
/// as `<name>.cnnmodel`. For tests, `window.__failTrainerDevice()` makes
/// the worker's device fail at its next step, as a lost GPU would.
#[hook]
pub fn use_trainer_worker(run: UseReducerHandle<Run>) -> UseStateHandle<Option<Worker>> {
    let worker = use_state(|| None::<Worker>);
    {
        let worker = worker.clone();
        use_effect_with((), move |_| {
            let w = client::start();
            let handler = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
                let Some((reply, bytes)) = read_reply(&e) else {
                    return;
                };
                if let (Reply::Exported { name }, Some(bytes)) = (&reply, bytes) {
                    save_file(
                        &bytes,
                        &format!("{}.cnnmodel", name.replace(['/', ' '], "-")),
                    );
                }
                run.dispatch(Msg::Reply(reply, now()));
            });
            if let Some(w) = &w {
                w.set_onmessage(Some(handler.as_ref().unchecked_ref()));
            }
            let fail = w.clone().map(|w| {
                Closure::<dyn Fn()>::new(move || {
                    send(&Some(w.clone()), &Request::FailDevice);
                })
            });
            if let (Some(win), Some(f)) = (web_sys::window(), &fail) {
                let _ = js_sys::Reflect::set(&win, &"__failTrainerDevice".into(), f.as_ref());
            }
            worker.set(w.clone());
            move || {
                if let Some(w) = w {
                    w.terminate();
                }
                drop((handler, fail));
            }
        });
    }
    worker
}

/// Tells tests the page is up, and where training is: `data-ready`,
/// `data-train`, `data-epochs` and `data-val-accuracy` on the body.
#[hook]
pub fn use_ready_signal(run: &Run) {
    let status = format!("{:?}", run.status).to_lowercase();
    let epochs = run.epochs.len();
    let acc = run.epochs.last().map(|e| e.val_accuracy).unwrap_or(0.0);
    use_effect(move || {
        if let Some(b) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        {
            let _ = b.set_attribute("data-ready", "true");
            let _ = b.set_attribute("data-train", &status);
            let _ = b.set_attribute("data-epochs", &epochs.to_string());
            let _ = b.set_attribute("data-val-accuracy", &format!("{acc:.4}"));
        }
    });
}

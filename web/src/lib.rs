//! The lesson site: a Yew app that replays cnn-core's traces, with the
//! playground, the trainer and the photos page (whose training runs in
//! the `worker` module, a web worker that `src/bin/trainer.rs` starts).
//! `main.rs` only calls [`start`].

// Shared homes: what every page wears, widgets, training as pages see it.
mod i18n;
mod shell;
mod training;
mod ui;

// The training worker (the `trainer` bin), apart from the pages.
pub mod worker;

// The pages; none imports another.
mod architectures;
mod lesson;
mod photos;
mod playground;
mod trainer;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Replace a dead page with a banner and a reload button. Runs from the
/// panic hook, so it uses only web-sys, not Yew.
fn show_panic_banner() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if doc.get_element_by_id("panic-banner").is_some() {
        return;
    }
    let Ok(banner) = doc.create_element("div") else {
        return;
    };
    banner.set_id("panic-banner");
    let _ = banner.set_attribute("role", "alert");
    let p = doc.create_element("p").ok();
    if let Some(p) = &p {
        p.set_text_content(Some(&i18n::t("panic-message")));
        let _ = banner.append_child(p);
    }
    if let Ok(button) = doc.create_element("button") {
        button.set_text_content(Some(&i18n::t("panic-reload")));
        let reload = Closure::<dyn Fn()>::new(|| {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        });
        let _ = button.add_event_listener_with_callback("click", reload.as_ref().unchecked_ref());
        reload.forget();
        let _ = banner.append_child(&button);
    }
    if let Some(body) = doc.body() {
        let _ = body.prepend_with_node_1(&banner);
    }
}

/// The lesson, or the playground for `?view=playground`.
#[yew::function_component(Root)]
fn root() -> yew::Html {
    let pairs = shell::query::current_pairs();
    match shell::query::get(&pairs, "view") {
        Some("playground") => yew::html! { <playground::view::Playground /> },
        Some("train") => yew::html! { <trainer::view::TrainerPage /> },
        Some("photos") => yew::html! { <photos::view::PhotosPage /> },
        Some("architectures") => yew::html! { <architectures::view::ArchitecturesPage /> },
        _ => yew::html! { <lesson::view::App /> },
    }
}

/// Runs the module's static constructors, once: each bin's `main` calls it
/// first. Some of burn's GPU compiler (cubecl's IR, through `pliron`)
/// registers itself with the `inventory` crate, whose WebAssembly
/// registrations are static constructors. When no code calls
/// `__wasm_call_ctors`, the linker (wasm-ld) treats the module as a
/// "command" and wraps *every* export in a call to it: each call from
/// JavaScript into Rust (every message, every `JsValue` made) ran the
/// constructors again, 2 to 3 ms a time, measured in a Chromium CPU
/// profile of the training worker. Calling it here once makes the linker
/// leave the exports alone. (The one `unsafe` in the workspace: calling
/// the linker's initialiser is an FFI call.)
#[allow(unsafe_code)]
pub fn run_static_constructors() {
    #[cfg(target_arch = "wasm32")]
    {
        unsafe extern "C" {
            fn __wasm_call_ctors();
        }
        // SAFETY: the linker's own initialiser, run once, before any other
        // Rust code that could rely on what it registers.
        unsafe { __wasm_call_ctors() }
    }
}

/// Starts the app: the panic banner, the language, the page, and the
/// lesson's rehearsal.
pub fn start() {
    // Yew installs its own hook when it renders; this is its way to replace it.
    yew::set_custom_panic_hook(Box::new(|info| {
        show_panic_banner();
        console_error_panic_hook::hook(info);
    }));
    // The learner's earlier choice, else the browser's languages.
    let window = web_sys::window();
    let saved = window
        .as_ref()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(i18n::STORAGE_KEY).ok().flatten())
        .and_then(|t| i18n::known(&t));
    let preferred: Vec<String> = window
        .map(|w| {
            w.navigator()
                .languages()
                .iter()
                .filter_map(|v| v.as_string())
                .collect()
        })
        .unwrap_or_default();
    i18n::set_language(saved.unwrap_or_else(|| i18n::negotiate(&preferred)));
    yew::Renderer::<Root>::new().render();
    // Rehearse the lesson off-page once the browser is idle (see `Rehearsal`).
    gloo_timers::callback::Timeout::new(300, || {
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            if let Ok(detached) = doc.create_element("div") {
                yew::Renderer::<lesson::view::Rehearsal>::with_root(detached).render();
            }
        }
    })
    .forget();
}

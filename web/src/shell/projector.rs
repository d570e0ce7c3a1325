//! Projector mode's chrome, the same on every page: the pointer highlight,
//! the blank screen, the header's button and full screen.

use gloo_events::EventListener;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::is_typing;
use crate::i18n::t;

/// Projector mode's pointer highlight follows the mouse through CSS
/// variables, without re-rendering anything.
#[hook]
pub fn use_pointer_spot() {
    use_effect_with((), |_| {
        let doc = web_sys::window().and_then(|w| w.document());
        let listener = doc.map(|doc| {
            let root = doc.document_element();
            EventListener::new(&doc, "mousemove", move |e| {
                let (Some(me), Some(root)) = (e.dyn_ref::<web_sys::MouseEvent>(), root.as_ref())
                else {
                    return;
                };
                if let Some(el) = root.dyn_ref::<web_sys::HtmlElement>() {
                    let style = el.style();
                    let _ = style.set_property("--px", &format!("{}px", me.client_x()));
                    let _ = style.set_property("--py", &format!("{}px", me.client_y()));
                }
            })
        });
        move || drop(listener)
    });
}

/// The blank screen of projector mode on pages that keep their own
/// settings (the playground, the trainer): B or "." toggles it, as a
/// clicker's blank button sends. Returns whether the screen is blank.
#[hook]
pub fn use_blank_screen(projector: bool) -> bool {
    let blank = use_reducer(|| BlankScreen(false));
    {
        let blank = blank.clone();
        use_effect_with(projector, move |&projector| {
            if !projector {
                blank.dispatch(BlankAction::Off);
            }
            let listener = web_sys::window().filter(|_| projector).map(|w| {
                EventListener::new(&w, "keydown", move |e| {
                    let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                        return;
                    };
                    if !is_typing(e) && matches!(e.key().as_str(), "b" | "B" | ".") {
                        blank.dispatch(BlankAction::Toggle);
                    }
                })
            });
            move || drop(listener)
        });
    }
    blank.0
}

#[derive(PartialEq)]
struct BlankScreen(bool);

enum BlankAction {
    Toggle,
    Off,
}

impl Reducible for BlankScreen {
    type Action = BlankAction;

    fn reduce(self: std::rc::Rc<Self>, action: BlankAction) -> std::rc::Rc<Self> {
        std::rc::Rc::new(BlankScreen(match action {
            BlankAction::Toggle => !self.0,
            BlankAction::Off => false,
        }))
    }
}

/// Projector mode's pointer highlight and blank screen.
pub fn projector_overlays(projector: bool, blank: bool) -> Html {
    html! {
        <>
            if projector {
                <div class="pointer-spot" aria-hidden="true"></div>
            }
            if blank {
                <div class="blank" id="blank-screen" aria-hidden="true"></div>
            }
        </>
    }
}

/// The header's projector button.
pub fn projector_button(on: bool, onclick: Callback<MouseEvent>) -> Html {
    html! {
        <button class="seg projector-toggle" id="btn-projector" aria-pressed={on.to_string()} {onclick}
            title={t("projector-hint")}>{ t("projector") }</button>
    }
}

/// Asks for full screen when projector mode turns on, and leaves it when it
/// turns off (a browser grants full screen only in answer to a click).
pub fn fullscreen_for_projector(turning_on: bool) {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        if turning_on {
            if let Some(el) = doc.document_element() {
                let _ = el.request_fullscreen();
            }
        } else if doc.fullscreen_element().is_some() {
            doc.exit_fullscreen();
        }
    }
}

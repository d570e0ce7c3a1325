//! What every page wears: one [`Header`](header::Header) (product name,
//! sections, projector and language), projector mode's chrome, and the
//! URL's query. No page's own code lives here.

pub mod header;
pub mod projector;
pub mod query;

use wasm_bindgen::JsCast;

/// Is the key going into a text field or a menu (so not a shortcut)?
pub fn is_typing(e: &web_sys::KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"))
}

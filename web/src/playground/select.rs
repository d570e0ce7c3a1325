//! A labelled `<select>` over a list of values, the playground's one kind of
//! drop-down.

use wasm_bindgen::JsCast;
use yew::prelude::*;

/// `options` are values with their labels; `on` gets the value picked.
pub(super) fn select<T: Clone + PartialEq + 'static>(
    id: &str,
    label: String,
    options: Vec<(T, String)>,
    current: T,
    on: Callback<T>,
) -> Html {
    let opts = options.clone();
    let onchange = Callback::from(move |e: Event| {
        if let Some(sel) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
        {
            if let Some((v, _)) = sel.value().parse::<usize>().ok().and_then(|i| opts.get(i)) {
                on.emit(v.clone());
            }
        }
    });
    let items = options.iter().enumerate().map(|(i, (v, text))| {
        html! { <option value={i.to_string()} selected={*v == current}>{ text.clone() }</option> }
    });
    html! {
        <label class="field" for={id.to_string()}>{ label }
            <select id={id.to_string()} {onchange}>{ for items }</select>
        </label>
    }
}

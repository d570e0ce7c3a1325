//! Fine-tuning (seed 001, 8-3): after the new head has learned, the top of
//! the pretrained base (its last block and top convolution) learns too,
//! at a much lower learning rate; batch normalization stays frozen.

use yew::prelude::*;

use super::model::{tune_fields, TUNE_EPOCHS, TUNE_RATE};
use crate::i18n::t;

#[derive(Properties, PartialEq)]
pub struct FineTuneProps {
    /// A run is loading, training or paused.
    pub busy: bool,
    /// The rate and epochs, once checked.
    pub on_tune: Callback<(f64, usize)>,
}

/// The two fields (rate and epochs, the slides' proposal filled in) and
/// the button; a field out of range is named instead of starting.
#[function_component(FineTune)]
pub fn fine_tune(p: &FineTuneProps) -> Html {
    let rate = use_state(|| TUNE_RATE.to_string());
    let epochs = use_state(|| TUNE_EPOCHS.to_string());
    let wrong = use_state(|| false);
    let field = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                state.set(input.value());
            }
        })
    };
    let on_click = {
        let (rate, epochs, wrong, on_tune) = (
            rate.clone(),
            epochs.clone(),
            wrong.clone(),
            p.on_tune.clone(),
        );
        Callback::from(move |_: MouseEvent| match tune_fields(&rate, &epochs) {
            Some(fields) => {
                wrong.set(false);
                on_tune.emit(fields);
            }
            None => wrong.set(true),
        })
    };
    html! {
        <div class="ph-tune" id="ph-tune">
            <p class="hint">{ t("ph-tune-hint") }</p>
            <div class="controls-row">
                <label class="field">{ t("tr-lr") }<input id="ph-tune-lr" inputmode="decimal" value={(*rate).clone()} onchange={field(&rate)} /></label>
                <label class="field">{ t("tr-epochs") }<input id="ph-tune-epochs" inputmode="numeric" value={(*epochs).clone()} onchange={field(&epochs)} /></label>
                <button type="button" class="action" id="ph-tune-start" onclick={on_click} disabled={p.busy}>{ t("ph-tune") }</button>
            </div>
            if *wrong {
                <p class="field-error" role="alert" id="ph-tune-error">{ t("ph-tune-fields") }</p>
            }
        </div>
    }
}

//! Step mode's hookup: the region of the convolution it steps through, worked
//! out in exact numbers when the settings or the picture change, and the
//! panel that replays it (or says why it cannot).

use std::rc::Rc;

use cnn_core::Reduction;
use ndarray::Array3;
use yew::prelude::*;

use super::model::{self, Settings, Source, StepError};
use super::results::error_sentence;
use super::step::StepMode;
use crate::i18n::{n, t_args};
use crate::ui::example::Example;

/// Step mode's example and the output position of its first cell, while step
/// mode is on (and the source is not live).
pub(super) type Stepping = Option<Result<(Rc<Example>, (usize, usize)), StepError>>;

#[hook]
pub(super) fn use_stepping(settings: &Settings, image: Option<Rc<Array3<f32>>>) -> Rc<Stepping> {
    // X and O keep their ±1; photos show 0-255.
    let pixel_scale = if matches!(settings.source, Source::X | Source::O) {
        1.0
    } else {
        255.0
    };
    use_memo((settings.clone(), image), move |(s, img)| {
        match (s.step, img) {
            (Some(at), Some(img)) if !s.source.is_live() => Some(
                model::step_example(img, s, at, pixel_scale)
                    .map(|(ex, first)| (Rc::new(ex), first)),
            ),
            _ => None,
        }
    })
}

/// The step-mode panel, or why the region cannot be stepped through.
pub(super) fn step_panel(stepping: &Stepping, reduction: Reduction) -> Html {
    match stepping {
        Some(Ok((ex, first))) => html! {
            <StepMode key={format!("{:p}", Rc::as_ptr(ex))} example={ex.clone()}
                {reduction} first={*first} />
        },
        Some(Err(StepError::TooWide { span })) => html! {
            <p class="field-error" role="alert" id="pg-step-error">{ t_args("pg-step-too-wide", &[("span", n(*span)), ("max", n(model::STEP_MAX_SPAN))]) }</p>
        },
        Some(Err(StepError::Core(e))) => html! {
            <p class="field-error" role="alert" id="pg-step-error">{ error_sentence(e) }</p>
        },
        None => html! {},
    }
}

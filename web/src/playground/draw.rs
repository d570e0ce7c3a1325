//! The drawing pad: the learner draws the picture, black on white, and the
//! ink becomes 1.

use std::rc::Rc;

use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use super::pixels::{ctx2d_read, read_canvas};
use super::state::Action;
use crate::i18n::t;
use crate::ui::pad::pad_events;

/// The drawing pad's resolution.
const DRAW: u32 = 64;

#[derive(Properties, PartialEq)]
pub struct DrawPadProps {
    pub send: Callback<Action>,
}

/// The pad's picture, inverted so that ink is 1 and paper 0.
fn ink(c: &HtmlCanvasElement) -> Option<Rc<ndarray::Array3<f32>>> {
    read_canvas(c).map(|a| Rc::new(a.mapv(|v| 1.0 - v)))
}

/// A blank pad when it appears (its blank picture shown); each stroke shows
/// the new picture.
#[function_component(DrawPad)]
pub fn draw_pad(p: &DrawPadProps) -> Html {
    let pad = use_node_ref();
    let drawing = use_state(|| false);
    {
        let pad = pad.clone();
        let send = p.send.clone();
        use_effect_with((), move |_| {
            if let Some(c) = pad.cast::<HtmlCanvasElement>() {
                // The pad's first context: its pixels are read back.
                if let Some(ctx) = ctx2d_read(&c) {
                    ctx.set_fill_style_str("#fff");
                    ctx.fill_rect(0.0, 0.0, DRAW as f64, DRAW as f64);
                }
                if let Some(a) = ink(&c) {
                    send.emit(Action::Show(a));
                }
            }
        });
    }
    let (down, mv, up) = {
        let send = p.send.clone();
        pad_events(
            pad.clone(),
            drawing,
            DRAW as f64,
            3.0,
            Callback::from(move |c: HtmlCanvasElement| {
                if let Some(a) = ink(&c) {
                    send.emit(Action::Show(a));
                }
            }),
        )
    };
    html! {
        <figure class="input-card">
            <canvas ref={pad} id="pg-draw" class="draw" width={DRAW.to_string()} height={DRAW.to_string()}
                aria-label={t("pg-draw-label")}
                onpointerdown={down} onpointermove={mv} onpointerup={up} />
            <figcaption>{ t("pg-draw-hint") }</figcaption>
        </figure>
    }
}

//! The drawing pad: the learner draws, the worker predicts, and the pad
//! says what the model sees.

use std::rc::Rc;

use cnn_train::{ModelSpec, Prediction};
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::i18n::{n, s, t, t_args};
use crate::ui::canvas::ctx2d;
use crate::ui::pad::pad_events;

/// The pad's size in canvas pixels.
const SIZE: f64 = 140.0;

#[derive(Properties, PartialEq)]
pub struct DrawProps {
    /// The model, whose input the drawing is scaled to.
    pub spec: Option<ModelSpec>,
    /// The model's answer for the latest drawing.
    pub prediction: Option<Rc<Prediction>>,
    pub class_names: Rc<Vec<String>>,
    /// A finished stroke, as the model's input.
    pub on_image: Callback<Vec<f32>>,
    /// The language in use (a change re-renders the text).
    pub lang: &'static str,
}

/// The pad (`#tr-pad`), its clear button and the prediction (`#tr-drawn`).
#[function_component(DrawPad)]
pub fn draw_pad(p: &DrawProps) -> Html {
    let draw_ref = use_node_ref();
    let drawing = use_state(|| false);
    let events = {
        let spec = p.spec.clone();
        let on_image = p.on_image.clone();
        pad_events(
            draw_ref.clone(),
            drawing,
            SIZE,
            7.0,
            Callback::from(move |c: HtmlCanvasElement| {
                if let Some(image) = spec.as_ref().and_then(|sp| read_drawing(&c, sp)) {
                    on_image.emit(image);
                }
            }),
        )
    };
    let clear = {
        let pad = draw_ref.clone();
        Callback::from(move |_: MouseEvent| clear_pad(&pad))
    };
    {
        let pad = draw_ref.clone();
        use_effect_with((), move |_| clear_pad(&pad));
    }
    let readout = p
        .prediction
        .as_ref()
        .map(|pr| prediction_text(pr, &p.class_names))
        .unwrap_or_else(|| t("tr-draw-hint"));
    html! {
        <section class="tr-draw" aria-label={t("tr-draw")}>
            <h3>{ t("tr-draw") }</h3>
            <div class="row">
                <canvas ref={draw_ref} id="tr-pad" class="draw" width="140" height="140" aria-label={t("tr-draw-label")}
                    onpointerdown={events.0} onpointermove={events.1} onpointerup={events.2} />
                <div>
                    <button type="button" class="action" onclick={clear}>{ t("tr-clear") }</button>
                    <p class="readout" id="tr-drawn" aria-live="polite">{ readout }</p>
                </div>
            </div>
        </section>
    }
}

/// Paints the pad white.
fn clear_pad(pad: &NodeRef) {
    if let Some(c) = pad.cast::<HtmlCanvasElement>() {
        if let Some(ctx) = ctx2d(&c) {
            ctx.set_fill_style_str("#fff");
            ctx.fill_rect(0.0, 0.0, SIZE, SIZE);
        }
    }
}

/// The model's best class for the drawing, and how sure it is.
fn prediction_text(p: &Prediction, class_names: &[String]) -> String {
    let best = p
        .probabilities
        .iter()
        .enumerate()
        .fold((0, f32::MIN), |a, (i, &v)| if v > a.1 { (i, v) } else { a });
    t_args(
        "tr-drawn-prediction",
        &[
            (
                "class",
                s(class_names.get(best.0).cloned().unwrap_or_default()),
            ),
            ("p", n((best.1 * 100.0).round() as usize)),
        ],
    )
}

/// The drawing as the model's input: ink is 1, paper 0, scaled to the
/// model's size (digits keep MNIST's 4-pixel margin).
fn read_drawing(c: &HtmlCanvasElement, spec: &ModelSpec) -> Option<Vec<f32>> {
    let (h, w, ch) = (spec.input.height, spec.input.width, spec.input.channels);
    let doc = web_sys::window()?.document()?;
    let small: HtmlCanvasElement = doc.create_element("canvas").ok()?.dyn_into().ok()?;
    small.set_width(w as u32);
    small.set_height(h as u32);
    let ctx = ctx2d(&small)?;
    ctx.set_fill_style_str("#fff");
    ctx.fill_rect(0.0, 0.0, w as f64, h as f64);
    let m = if h >= 28 { h as f64 * 0.14 } else { 0.0 };
    ctx.draw_image_with_html_canvas_element_and_dw_and_dh(
        c,
        m,
        m,
        w as f64 - 2.0 * m,
        h as f64 - 2.0 * m,
    )
    .ok()?;
    let data = ctx
        .get_image_data(0.0, 0.0, w as f64, h as f64)
        .ok()?
        .data();
    let grey: Vec<f32> = (0..h * w)
        .map(|i| 1.0 - data[i * 4] as f32 / 255.0)
        .collect();
    Some((0..ch).flat_map(|_| grey.iter().copied()).collect())
}

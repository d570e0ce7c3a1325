//! The training curves: loss and accuracy as the run goes.

use std::rc::Rc;

use cnn_train::{BatchStats, EpochStats};
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::ui::canvas::ctx2d;

/// Loss and accuracy curves, training (per batch, smoothed) and validation
/// (per epoch), drawn on a canvas.
#[derive(Properties, PartialEq)]
pub struct CurveProps {
    pub batches: Rc<Vec<BatchStats>>,
    /// Batches per point of `batches`.
    pub stride: usize,
    pub epochs: Rc<Vec<EpochStats>>,
    pub steps_per_epoch: usize,
    pub accuracy: bool,
    pub label: AttrValue,
    /// A dashed line after this many epochs (where fine-tuning began).
    #[prop_or_default]
    pub mark: Option<usize>,
}

#[function_component(Curve)]
pub fn curve(p: &CurveProps) -> Html {
    let r = use_node_ref();
    {
        let r = r.clone();
        let stride = p.stride as f64;
        let (batches, epochs, spe, acc, mark) = (
            p.batches.clone(),
            p.epochs.clone(),
            p.steps_per_epoch.max(1),
            p.accuracy,
            p.mark,
        );
        use_effect(move || {
            let Some(c) = r.cast::<HtmlCanvasElement>() else {
                return;
            };
            let (w, h) = (480.0, 200.0);
            c.set_width(w as u32);
            c.set_height(h as u32);
            let Some(ctx) = ctx2d(&c) else { return };
            ctx.set_fill_style_str("#fff");
            ctx.fill_rect(0.0, 0.0, w, h);
            let total = ((epochs.len().max(1) * spe) as f64)
                .max(batches.len() as f64 * stride)
                .max(1.0);
            let train: Vec<f64> = {
                // Exponential smoothing, as TensorBoard shows it.
                let mut m = None;
                batches
                    .iter()
                    .map(|b| {
                        let v = if acc { b.accuracy } else { b.loss } as f64;
                        let s = m.map_or(v, |p: f64| 0.9 * p + 0.1 * v);
                        m = Some(s);
                        s
                    })
                    .collect()
            };
            let val: Vec<(f64, f64)> = epochs
                .iter()
                .map(|e| {
                    (
                        (e.epoch * spe) as f64,
                        if acc { e.val_accuracy } else { e.val_loss } as f64,
                    )
                })
                .collect();
            let top = if acc {
                1.0
            } else {
                train
                    .iter()
                    .chain(val.iter().map(|v| &v.1))
                    .cloned()
                    .fold(0.1, f64::max)
                    .min(10.0)
            };
            let x = |i: f64| 36.0 + (w - 46.0) * i / total;
            let y = |v: f64| h - 22.0 - (h - 32.0) * (v / top).clamp(0.0, 1.0);
            ctx.set_stroke_style_str("#d0d4da");
            ctx.set_fill_style_str("#333");
            ctx.set_font("12px sans-serif");
            for k in 0..=4 {
                let v = top * k as f64 / 4.0;
                ctx.begin_path();
                ctx.move_to(36.0, y(v));
                ctx.line_to(w - 10.0, y(v));
                ctx.stroke();
                let _ = ctx.fill_text(
                    &if acc {
                        format!("{:.0}%", v * 100.0)
                    } else {
                        format!("{v:.2}")
                    },
                    2.0,
                    y(v) + 4.0,
                );
            }
            if let Some(m) = mark {
                let at = x((m * spe) as f64);
                ctx.set_stroke_style_str("#555");
                let _ = ctx.set_line_dash(&js_sys::Array::of2(&4.into(), &4.into()));
                ctx.begin_path();
                ctx.move_to(at, 10.0);
                ctx.line_to(at, h - 22.0);
                ctx.stroke();
                let _ = ctx.set_line_dash(&js_sys::Array::new());
            }
            ctx.set_line_width(2.0);
            ctx.set_stroke_style_str("#c2410c");
            ctx.begin_path();
            for (i, v) in train.iter().enumerate() {
                if i == 0 {
                    ctx.move_to(x((i as f64 + 1.0) * stride), y(*v));
                } else {
                    ctx.line_to(x((i as f64 + 1.0) * stride), y(*v));
                }
            }
            ctx.stroke();
            ctx.set_stroke_style_str("#1d4ed8");
            ctx.set_fill_style_str("#1d4ed8");
            ctx.begin_path();
            for (k, (i, v)) in val.iter().enumerate() {
                if k == 0 {
                    ctx.move_to(x(*i), y(*v));
                } else {
                    ctx.line_to(x(*i), y(*v));
                }
            }
            ctx.stroke();
            for (i, v) in &val {
                ctx.begin_path();
                let _ = ctx.arc(x(*i), y(*v), 4.0, 0.0, std::f64::consts::TAU);
                ctx.fill();
            }
        });
    }
    html! { <canvas ref={r} class="curve" role="img" aria-label={p.label.clone()} /> }
}

#[derive(Properties, PartialEq)]
pub struct CurvePairProps {
    /// The curve's points, each averaging `stride` batches.
    pub batches: Rc<Vec<BatchStats>>,
    pub stride: usize,
    pub epochs: Rc<Vec<EpochStats>>,
    /// Batches per epoch (at least 1).
    pub steps_per_epoch: usize,
    /// The language in use (a change re-renders the text).
    pub lang: &'static str,
    /// Where fine-tuning began, in epochs (a dashed line on both curves).
    #[prop_or_default]
    pub mark: Option<usize>,
}

/// Loss and accuracy side by side, each labelled with its latest
/// validation figure (the trainer and the photos page both show them).
#[function_component(CurvePair)]
pub fn curve_pair(p: &CurvePairProps) -> Html {
    let label = |acc: bool| {
        let v = p.epochs.last().map(|e| {
            if acc {
                format!("{:.1}%", e.val_accuracy * 100.0)
            } else {
                format!("{:.3}", e.val_loss)
            }
        });
        crate::i18n::t_args(
            if acc { "tr-curve-acc" } else { "tr-curve-loss" },
            &[("value", crate::i18n::s(v.unwrap_or_else(|| "—".into())))],
        )
    };
    let spe = p.steps_per_epoch;
    html! {
        <>
        <div class="row curves">
            <figure><Curve batches={p.batches.clone()} stride={p.stride} epochs={p.epochs.clone()} steps_per_epoch={spe} accuracy=false label={label(false)} mark={p.mark} /><figcaption>{ crate::i18n::t("tr-loss") }</figcaption></figure>
            <figure><Curve batches={p.batches.clone()} stride={p.stride} epochs={p.epochs.clone()} steps_per_epoch={spe} accuracy=true label={label(true)} mark={p.mark} /><figcaption>{ crate::i18n::t("tr-accuracy") }</figcaption></figure>
        </div>
        if let Some(m) = p.mark {
            <p class="hint" id="curve-mark" data-epoch={m.to_string()}>{ crate::i18n::t_args("tr-fine-tune-mark", &[("epoch", crate::i18n::n(m))]) }</p>
        }
        </>
    }
}

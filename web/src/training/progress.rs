//! A run's progress bar and its line: epoch and step, time gone and left,
//! and pace (the trainer's `#tr-progress`, the photos page's
//! `#ph-train-progress`).

use cnn_train::BatchStats;
use yew::prelude::*;

use crate::i18n::{n, s, t, t_args};
use crate::training::cores;
use crate::training::timing::Timing;
use crate::ui::format::fmt_time;

#[derive(Properties, PartialEq)]
pub struct ProgressProps {
    /// The element's id (the pages' tests find it by it).
    pub id: AttrValue,
    /// Batches done in this run.
    pub done: usize,
    /// Batches per epoch (at least 1).
    pub steps_per_epoch: usize,
    pub epochs_total: usize,
    /// The latest batch reported, if any.
    pub last: Option<BatchStats>,
    pub timing: Timing,
    /// On the CPU, how many workers (cores) share each batch.
    #[prop_or_default]
    pub workers: Option<usize>,
    /// The language in use (a change re-renders the text).
    pub lang: &'static str,
}

/// The progress bar and the line under it.
#[function_component(RunProgress)]
pub fn run_progress(p: &ProgressProps) -> Html {
    let spe = p.steps_per_epoch.max(1);
    let total_steps = spe * p.epochs_total.max(1);
    let last = p.last.as_ref();
    html! {
        <div class="progress" id={p.id.clone()}>
            <progress max={total_steps.to_string()} value={p.done.to_string()} aria-label={t("tr-progress")}></progress>
            <p class="readout" aria-live="off">{ t_args("tr-progress-line", &[
                ("epoch", n(last.map(|b| b.epoch).unwrap_or(0))),
                ("epochs", n(p.epochs_total)),
                ("step", n(last.map(|b| b.step).unwrap_or(0))),
                ("steps", n(spe)),
                ("elapsed", s(fmt_time(p.timing.elapsed_ms))),
                ("remaining", s(fmt_time(p.timing.left_ms))),
                ("rate", n(p.timing.images_per_s.round() as usize)),
            ]) }</p>
            if let Some(w) = p.workers {
                <p class="readout" id={format!("{}-cores", p.id)} data-workers={w.to_string()}>{ cores::line(w) }</p>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ExtractProps {
    /// Photos the pretrained base has looked at, of `total`, in `ms`.
    pub done: usize,
    pub total: usize,
    pub ms: f32,
    /// Photos whose features were kept from an earlier run.
    pub kept: usize,
    /// How many workers (cores) share the photos.
    pub workers: usize,
    /// Method 2: the training photos looked at again on each epoch.
    #[prop_or_default]
    pub again: usize,
    pub lang: &'static str,
}

/// Transfer learning's first step: the frozen base looking at each photo
/// once (`#ph-extract`), with its pace and the time left.
#[function_component(ExtractProgress)]
pub fn extract_progress(p: &ExtractProps) -> Html {
    let seconds = f64::from(p.ms) / 1000.0;
    let rate = if seconds > 0.0 {
        p.done as f64 / seconds
    } else {
        0.0
    };
    let left_ms = if rate > 0.0 {
        p.total.saturating_sub(p.done) as f64 / rate * 1000.0
    } else {
        0.0
    };
    let kept = (p.kept > 0).then(|| {
        html! { <p class="readout" id="ph-extract-kept">{ t_args("ph-extract-kept", &[("kept", n(p.kept))]) }</p> }
    });
    html! {
        <div class="progress" id="ph-extract">
            if p.total > 0 {
                <progress max={p.total.to_string()} value={p.done.to_string()} aria-label={t("ph-extract")}></progress>
                <p class="readout" aria-live="off">{ t_args("ph-extract-line", &[
                    ("done", n(p.done)),
                    ("total", n(p.total)),
                    ("rate", s(format!("{rate:.1}"))),
                    ("remaining", s(fmt_time(left_ms))),
                ]) }</p>
                <p class="readout" id="ph-extract-cores" data-workers={p.workers.to_string()}>
                    { t_args("ph-extract-cores", &[("count", n(p.workers))]) }
                </p>
                if p.again > 0 {
                    <p class="readout" id="ph-extract-again" data-again={p.again.to_string()}>
                        { t_args("ph-extract-again", &[("again", n(p.again))]) }
                    </p>
                }
            }
            { kept.unwrap_or_default() }
        </div>
    }
}

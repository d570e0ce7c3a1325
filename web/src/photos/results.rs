//! How a run goes: its message, progress line, loss and accuracy curves,
//! the live filters and feature maps, and the confusion matrix at the end.

use std::rc::Rc;

use yew::prelude::*;

use super::explain::layer_maps;
use super::grid::{planar_to_rgb, Picture};
use crate::i18n::{n, s, t, t_args};
use crate::training::confusion::ConfusionMatrix;
use crate::training::curves::CurvePair;
use crate::training::progress::{ExtractProgress, RunProgress};
use crate::training::run::{Run, Status};
use crate::training::timing::Timing;
use crate::ui::canvas::Tile;

#[derive(Properties, PartialEq)]
pub struct RunResultsProps {
    pub run: Run,
    /// The run's timing when the page drew.
    pub timing: Timing,
    /// The page's message (the run's is not shown twice).
    pub page_message: Option<String>,
    /// The language shown (a change draws again).
    pub lang: &'static str,
}

/// What the run has shown so far.
#[function_component(RunResults)]
pub fn run_results(p: &RunResultsProps) -> Html {
    let run = &p.run;
    let spe = run.steps_per_epoch.max(1);
    let timing = p.timing;
    let message = run
        .message
        .as_ref()
        .filter(|m| !m.is_empty() && Some(*m) != p.page_message.as_ref());
    html! {
        <>
            if let Some(m) = message {
                <p class="note" role="status" id="ph-run-message">{ m }</p>
            }
            if let Some(e) = run.extracting {
                <ExtractProgress done={e.done} total={e.total} ms={e.ms} kept={e.kept} workers={e.workers} again={e.again} lang={p.lang} />
            }
            if run.status != Status::Booting && run.status != Status::Idle && run.batch_count > 0 {
                <RunProgress id="ph-train-progress" done={run.batch_count} steps_per_epoch={spe}
                    epochs_total={run.epochs_total} last={run.batches.last().cloned()} {timing} workers={run.cpu_workers()} lang={p.lang} />
            }
            if run.batch_count > 0 {
                <CurvePair batches={run.batches.clone()} stride={run.stride} epochs={Rc::new(run.epochs.clone())} steps_per_epoch={spe} lang={p.lang} mark={run.tune_from} />
            }
            { live_view(run) }
            { evaluation_view(run) }
        </>
    }
}

/// The first layer's filters and every layer's maps for the probe photo.
fn live_view(run: &Run) -> Html {
    // A head on the pretrained base's features has no pictures of its own
    // to show (its input is 1,280 numbers a photo).
    let pictures = run
        .snapshot
        .as_ref()
        .filter(|snap| snap.input_shape[0] <= 3);
    let live = pictures.map(|snap| {
        let [f, c, k, _] = snap.filter_shape;
        let filters = (0..f.min(32)).map(|i| {
            // Each filter's colour channels averaged into one map.
            let v: Vec<f32> = (0..k * k)
                .map(|j| (0..c).map(|ch| snap.filters[i * c * k * k + ch * k * k + j]).sum::<f32>() / c.max(1) as f32)
                .collect();
            html! { <Tile values={Rc::new(v)} h={k} w={k} signed=true class="filter" label={t_args("tr-filter", &[("n", n(i + 1))])} /> }
        });
        let [_, ih, iw] = snap.input_shape;
        let input = Rc::new(planar_to_rgb(&snap.input, ih, iw));
        html! {
            <section class="tr-network" aria-label={t("tr-network")}>
                <h3>{ t("tr-filters") }</h3>
                <div class="tiles" id="ph-filters">{ for filters }</div>
                <h3>{ t("tr-feature-maps") }</h3>
                <div class="row">
                    <Picture rgb={input} w={iw as u32} h={ih as u32} class="seen" label={t("tr-probe")} />
                    { layer_maps(&snap.prediction, "ph-live-maps") }
                </div>
            </section>
        }
    });
    live.unwrap_or_default()
}

/// The confusion matrix of the held-out photos, once the run has ended.
fn evaluation_view(run: &Run) -> Html {
    let eval_view = run.evaluation.as_ref().map(|ev| {
        let (evaluation, _) = &**ev;
        let names = &run.class_names;
        html! {
            <div>
                <h3>{ t_args("tr-confusion", &[("accuracy", s(format!("{:.1}%", evaluation.accuracy * 100.0)))]) }</h3>
                <ConfusionMatrix id="ph-confusion" confusion={evaluation.confusion.clone()} class_names={names.clone()} />
            </div>
        }
    });
    eval_view.unwrap_or_default()
}

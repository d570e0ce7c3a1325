//! How an import is going: its progress bar and line, and the files skipped.

use yew::prelude::*;

use super::state::Progress;
use crate::i18n::{n, s, t, t_args};
use crate::ui::format::fmt_time;

#[derive(Properties, PartialEq)]
pub struct ImportProgressProps {
    pub progress: Progress,
    /// Files skipped, each as a sentence naming it.
    pub skipped: Vec<String>,
    /// When the page drew (`run::now`): the time left is as of then.
    pub now: f64,
}

/// Import progress (once an import has begun) and the skipped files.
#[function_component(ImportProgress)]
pub fn import_progress(p: &ImportProgressProps) -> Html {
    let imp = &p.progress;
    let progress_view = (imp.total > 0).then(|| {
        let elapsed = p.now - imp.started_at;
        let left = if imp.done > 0 && imp.running {
            elapsed / imp.done as f64 * (imp.total - imp.done) as f64
        } else {
            0.0
        };
        html! {
            <div class="progress" id="ph-import-progress">
                <progress max={imp.total.to_string()} value={imp.done.to_string()} aria-label={t("ph-importing")}></progress>
                <p class="readout">{ t_args(if imp.running { "ph-import-line" } else { "ph-import-done" }, &[
                    ("done", n(imp.done)), ("total", n(imp.total)), ("stored", n(imp.stored)),
                    ("left", s(fmt_time(left))), ("skipped", n(p.skipped.len())),
                ]) }</p>
                if imp.worker_count() > 0 {
                    <p class="hint" id="ph-import-workers">
                        { t_args("ph-import-workers", &[("count", n(imp.worker_count()))]) }
                    </p>
                }
            </div>
        }
    });
    let skipped_view = (!p.skipped.is_empty()).then(|| {
        let items = p.skipped.iter().map(|m| html! { <li>{ m }</li> });
        html! {
            <details class="skipped" open=true>
                <summary>{ t_args("ph-skipped", &[("count", n(p.skipped.len()))]) }</summary>
                <ul id="ph-skipped">{ for items }</ul>
            </details>
        }
    });
    html! {
        <>
            { progress_view.unwrap_or_default() }
            { skipped_view.unwrap_or_default() }
        </>
    }
}

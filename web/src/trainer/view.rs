//! The trainer page: it owns the form, the run and the worker, and composes
//! the components that show them.

use std::rc::Rc;

use cnn_train::protocol::Request;
use web_sys::File;
use yew::prelude::*;

use super::actions::{import_file, Actions};
use super::curves::Curves;
use super::draw::DrawPad;
use super::evaluation::EvaluationView;
use super::form::{FieldError, Form};
use super::hooks::{use_ready_signal, use_trainer_worker};
use super::model::ModelPanel;
use super::network::Network;
use super::settings::Settings;
use super::status::BackendLine;
use crate::i18n::t;
use crate::shell::header::{Header, Section};
use crate::shell::projector::{projector_overlays, use_blank_screen, use_pointer_spot};
use crate::shell::query::current_pairs as query_pairs;
use crate::shell::query::use_url_sync;
use crate::training::client::send;
use crate::training::progress::RunProgress;
use crate::training::run::{Msg, Run, Status};

#[function_component(TrainerPage)]
pub fn trainer_page() -> Html {
    // The URL's settings, and why its edited model could not be read.
    let start = use_memo((), |_| Form::from_url(&query_pairs()));
    let form = use_state(|| start.0.clone());
    let errors = use_state(Vec::<FieldError>::new);
    let run = use_reducer(Run::default);
    let lang = use_state(crate::i18n::language);
    let blank = use_blank_screen(form.projector);
    use_pointer_spot();
    // The worker starts when the trainer opens, and ends when it closes.
    let worker = use_trainer_worker(run.clone());
    use_url_sync(form.to_query());
    use_ready_signal(&run);

    let spec = form.spec();
    // A link with an edited model opens with the editor showing it.
    let editing = use_state(|| form.custom.is_some());
    let summary = spec.as_ref().map(|s| s.summary());
    let busy = matches!(
        run.status,
        Status::Loading | Status::Training | Status::Paused
    );

    // The form: a setting changed, the model edited, projector mode.
    let on_form = {
        let form = form.clone();
        Callback::from(move |f2: Form| form.set(f2))
    };
    let on_custom = {
        let form = form.clone();
        Callback::from(move |sp: Option<cnn_train::ModelSpec>| {
            let mut f2 = (*form).clone();
            f2.custom = sp;
            form.set(f2);
        })
    };
    let on_projector = {
        let form = form.clone();
        Callback::from(move |()| {
            let mut f2 = (*form).clone();
            f2.projector = !f2.projector;
            form.set(f2);
        })
    };
    let on_edit = {
        let editing = editing.clone();
        Callback::from(move |()| editing.set(!*editing))
    };

    // The run: start, the worker's commands, a model file to import.
    let on_start = {
        let (form, errors, worker, run) =
            (form.clone(), errors.clone(), worker.clone(), run.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match form.plan() {
                Ok(plan) => {
                    errors.set(vec![]);
                    run.dispatch(Msg::Starting(plan.config.epochs));
                    send(
                        &worker,
                        &Request::Start {
                            spec: plan.spec,
                            data: plan.data,
                            validation: plan.validation,
                            config: plan.config,
                            probe: 0,
                            backend: form.backend,
                        },
                    );
                }
                Err(es) => errors.set(es),
            }
        })
    };
    let on_cmd = {
        let worker = worker.clone();
        Callback::from(move |req: Request| send(&worker, &req))
    };
    let on_import = {
        let (worker, run) = (worker.clone(), run.clone());
        Callback::from(move |file: File| {
            let run = run.clone();
            let unreadable =
                Callback::from(move |()| run.dispatch(Msg::Message(t("tr-file-unreadable"))));
            import_file((*worker).clone(), file, unreadable);
        })
    };
    // Drawing pad: draw, then the worker predicts.
    let on_image = {
        let worker = worker.clone();
        Callback::from(move |image: Vec<f32>| send(&worker, &Request::Predict { image }))
    };

    let on_lang = {
        let lang = lang.clone();
        Callback::from(move |tag: &'static str| {
            crate::i18n::set_language(tag);
            lang.set(tag);
        })
    };
    let lang = *lang;

    let ready = matches!(summary, Some(Ok(_)));
    let spe = run.steps_per_epoch.max(1);
    let class_names = Rc::new(run.class_names.clone());
    let layer_names = Rc::new(match &summary {
        Some(Ok(sm)) => sm.rows.iter().map(|r| r.name.clone()).collect(),
        _ => vec![],
    });
    let url_note = start
        .1
        .as_ref()
        .filter(|_| form.custom.is_none() && form.model == start.0.model);

    html! {
        <div class={classes!("app", "trainer", form.projector.then_some("projector"))} data-view="train">
            <Header section={Section::Train} projector={form.projector} {on_projector} {on_lang} />
            <main id="main">
                <h2 class="stage-title">{ t("nav-train") }</h2>
                <p class="lead">{ t("tr-lead") }</p>
                <BackendLine webgpu={run.webgpu.clone()} backend={run.backend} software={run.software} {lang} />
                <form class="tr-form" onsubmit={on_start} novalidate=true>
                    <Settings form={(*form).clone()} errors={(*errors).clone()} {busy} on_change={on_form} {lang} />
                    <Actions status={run.status} {busy} {ready} has_model={run.has_model} {on_cmd} {on_import} {lang} />
                    if !errors.is_empty() {
                        <p class="field-error" role="alert" id="tr-form-error">{ t("tr-fix-fields") }</p>
                    }
                </form>
                if let Some(e) = url_note {
                    <p class="note" role="alert" id="tr-url-note">{ super::spec_url::error_text(e, form.model) }</p>
                }
                if let Some(m) = &run.message {
                    <p class="note" role="alert" id="tr-message">{ m }</p>
                }
                <ModelPanel spec={spec.clone()} {summary} custom={form.custom.is_some()} editing={*editing} {busy} {on_edit} {on_custom} {lang} />
                <RunProgress id="tr-progress" done={run.batch_count} steps_per_epoch={spe} epochs_total={run.epochs_total}
                    last={run.pending.last().or(run.batches.last()).cloned()} timing={run.timing()} workers={run.cpu_workers()} {lang} />
                <Curves batches={run.batches.clone()} stride={run.stride} epochs={Rc::new(run.epochs.clone())} steps_per_epoch={spe} {lang} />
                if let Some(snapshot) = run.snapshot.clone() {
                    <Network {snapshot} {layer_names} class_names={class_names.clone()} {lang} />
                }
                if let Some(evaluation) = run.evaluation.clone() {
                    <EvaluationView {evaluation} class_names={class_names.clone()} {lang} />
                }
                <DrawPad {spec} prediction={run.prediction.clone()} {class_names} {on_image} {lang} />
                <p class="hint credits">{ t("tr-credits") }</p>
            </main>
            { projector_overlays(form.projector, blank) }
        </div>
    }
}

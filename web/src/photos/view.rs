//! The photos page (`?view=photos`): classes, importing, the grid, the
//! network's view of a photo, training, testing a new photo with an
//! occlusion map, and keeping the project on this device. The page owns the
//! state and the worker; its sections are components that send callbacks up.

use std::rc::Rc;

use cnn_train::protocol::Request;
use wasm_bindgen::prelude::*;
use web_sys::{DragEvent, File, FileSystemEntry};
use yew::prelude::*;

use super::actions::{Handles, Looking};
use super::camera::TestControls;
use super::classes::{ClassList, ClassPhotos};
use super::compare::Compare;
use super::explain::Explanation;
use super::hooks::{
    use_keep_project, use_keep_run, use_kept_project, use_photo_pixels, use_photo_worker,
    use_test_hooks,
};
use super::imagenet::{ImageNetPanel, Seen};
use super::import::{Incoming, Source};
use super::ingest::drop_items;
use super::keep::KeepControls;
use super::model::{Photo, Way};
use super::preview::Prepare;
use super::progress::ImportProgress;
use super::results::RunResults;
use super::state::{Action, EditSettings, ExplainState, Page};
use super::store::Store;
use super::training::TrainingForm;
use super::tune::FineTune;
use crate::i18n::t;
use crate::shell::header::{Header, Section};
use crate::shell::projector::{projector_overlays, use_blank_screen, use_pointer_spot};
use crate::shell::query;
use crate::training::client::Outbox;
use crate::training::run::{now, Run, Status};
use crate::ui::fields::FieldError;

/// A flag shared with closures that outlive a render.
#[hook]
fn use_mut_ref_cell() -> Rc<std::cell::Cell<bool>> {
    (*use_memo((), |_| Rc::new(std::cell::Cell::new(false)))).clone()
}

#[function_component(PhotosPage)]
pub fn photos_page() -> Html {
    let page = use_reducer(Page::default);
    let run = use_reducer(Run::default);
    let worker = use_mut_ref(Outbox::default);
    let store = use_state(|| None::<Store>);
    let explained = use_reducer(ExplainState::default);
    // The store, for closures that outlive a render (the worker's handler).
    let store_cell = use_mut_ref(|| None::<Store>);
    let lang = use_state(crate::i18n::language);
    // Projector mode, as on every page (`projector=1` in the URL).
    let projector = use_state(|| query::get(&query::current_pairs(), "projector") == Some("1"));
    let blank = use_blank_screen(*projector);
    use_pointer_spot();
    let errors = use_state(Vec::<FieldError>::new);
    let imagenet = use_reducer(Seen::default);
    let imagenet_waiting = use_mut_ref_cell();
    let imagenet_loaded = use_mut_ref_cell();
    let looking = use_mut_ref(Looking::default);
    let h = Handles {
        page: page.clone(),
        run: run.clone(),
        explained: explained.clone(),
        worker: worker.clone(),
        store: (*store).clone(),
        errors: errors.clone(),
        imagenet: imagenet.clone(),
        imagenet_waiting,
        imagenet_loaded,
        looking,
    };

    use_kept_project(&h, &store, &store_cell);
    use_photo_worker(&h, &store_cell);
    use_keep_project(&page, (*store).clone());
    use_keep_run(&run, &worker);
    use_test_hooks(&page, &run, &explained);

    let busy = matches!(
        run.status,
        Status::Loading | Status::Training | Status::Paused
    );
    let project = &page.project;
    let settings = project.settings.clone();
    let counts = project.counts();

    // Classes.
    let on_add = h.callback(|h, ()| h.page.dispatch(Action::AddClass));
    let on_rename =
        h.callback(|h, (id, name): (u32, String)| h.page.dispatch(Action::Rename(id, name)));
    let on_colour =
        h.callback(|h, (id, colour): (u32, String)| h.page.dispatch(Action::Colour(id, colour)));
    let on_remove_class = h.callback(|h, id: u32| h.remove_class(id));
    let on_select = h.callback(|h, id: u32| h.page.dispatch(Action::Select(id)));
    let on_files = h.callback(|h, (id, items): (u32, Vec<Incoming>)| h.import(id, items));
    let on_class_drop = h.callback(
        |h, (id, entries, files): (u32, Vec<FileSystemEntry>, Vec<File>)| {
            h.page.dispatch(Action::Select(id));
            h.import_dropped(id, entries, files);
        },
    );

    // The grid of the selected class.
    let selected_class = project
        .classes
        .iter()
        .find(|c| Some(c.id) == page.selected)
        .cloned();
    let class_photos = selected_class.map(|c| {
        let photos: Rc<Vec<Photo>> = Rc::new(
            project
                .photos
                .iter()
                .filter(|p| p.class == c.id)
                .cloned()
                .collect(),
        );
        let on_remove = h.callback(|h, id: u64| h.remove_photo(id));
        let on_pick = h.callback(|h, id: u64| h.page.dispatch(Action::Preview(id)));
        html! { <ClassPhotos class={c} {photos} store={(*store).clone()} {busy} {on_remove} {on_pick} /> }
    });

    // What the network sees.
    let preview_photo = page
        .preview
        .and_then(|id| project.photos.iter().find(|p| p.id == id))
        .or_else(|| project.photos.first())
        .cloned();
    let preview_pixels = use_photo_pixels(preview_photo.clone(), (*store).clone());
    let on_settings = h.callback(|h, edit: EditSettings| h.edit_settings(edit));

    // Training.
    let on_start = h.callback(|h, ()| h.start());
    let on_compare = h.callback(|h, way: Way| h.start_as(way));
    let on_tune = h.callback(|h, fields: (f64, usize)| h.fine_tune(fields));
    // A head trained on the pretrained base can be fine-tuned, once.
    let tunable = settings.transfer()
        && run.status == Status::Done
        && run.has_model
        && run.tune_from.is_none();
    // A finished run joins the comparison of the two ways.
    {
        let page = page.clone();
        let finished = run
            .evaluation
            .as_ref()
            .map(|ev| (run.epochs.clone(), ev.0.accuracy));
        use_effect_with(finished, move |finished| {
            if let Some((epochs, accuracy)) = finished.clone() {
                page.dispatch(Action::RunFinished(epochs, accuracy));
            }
        });
    }
    let on_command = h.callback(|h, req: Request| h.command(req));

    // Testing a new photo.
    let explain = h.explainer(&settings);
    let on_test_file = {
        let explain = explain.clone();
        h.callback(move |h, item: Incoming| h.test_photo(item, explain.clone()))
    };
    let on_test_drop = {
        let explain = explain.clone();
        h.callback(move |h, e: DragEvent| {
            e.stop_propagation();
            let (_, files) = drop_items(&e);
            let Some(f) = files.into_iter().next() else {
                return;
            };
            let item = Incoming::loose(f.name(), Source::File(f));
            h.test_photo(item, explain.clone());
        })
    };
    let on_snapshot = Callback::from(move |rgb: cnn_photos::Rgb| explain(rgb));
    let on_message = h.callback(|h, text: String| h.message(text));
    let explanation = explained.0.clone().map(|ex| {
        let names: Vec<String> = if run.class_names.is_empty() {
            project.classes.iter().map(|c| c.name.clone()).collect()
        } else {
            run.class_names.clone()
        };
        html! { <Explanation explained={ex} {names} classes={project.classes.clone()} lang={*lang} /> }
    });

    // What the network pretrained on ImageNet sees.
    let on_sample = h.callback(|h, name: &'static str| h.see_sample(name));
    let on_imagenet_file =
        h.callback(|h, f: File| h.see_imagenet(Incoming::loose(f.name(), Source::File(f))));

    // Keeping and sharing.
    let on_export = h.callback(|h, ()| h.export());
    let on_onnx = h.callback(|h, ()| h.command(Request::ExportOnnx));
    let on_import_project = h.callback(|h, item: Incoming| h.import_project(item));
    let on_clear = h.callback(|h, ()| h.clear());

    let on_projector = {
        let projector = projector.clone();
        Callback::from(move |()| {
            let on = !*projector;
            projector.set(on);
            let url = if on {
                "?view=photos&projector=1"
            } else {
                "?view=photos"
            };
            if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
                let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(url));
            }
        })
    };
    let on_lang = {
        let lang = lang.clone();
        Callback::from(move |tag: &'static str| {
            crate::i18n::set_language(tag);
            lang.set(tag);
        })
    };
    // A drop anywhere else goes to the class shown (a zip makes its own classes).
    let on_page_drop = h.callback(move |h, e: DragEvent| {
        let (entries, files) = drop_items(&e);
        let Some(id) = h
            .page
            .selected
            .or_else(|| h.page.project.classes.first().map(|c| c.id))
        else {
            return;
        };
        if busy {
            return;
        }
        h.import_dropped(id, entries, files);
    });

    html! {
        <div class={classes!("app", "photos", projector.then_some("projector"))} data-view="photos"
            ondragover={Callback::from(|e: DragEvent| e.prevent_default())} ondrop={on_page_drop}>
            <Header section={Section::Photos} projector={*projector} {on_projector} {on_lang} />
            <main id="main">
                <h2 class="stage-title">{ t("nav-photos") }</h2>
                <p class="lead">{ t("ph-lead") }</p>
                <p class="note privacy">{ t("ph-privacy") }</p>
                if let Some(m) = &page.message {
                    <p class="note" role="alert" id="ph-message">{ m }</p>
                }

                <section aria-labelledby="ph-classes-title">
                    <h3 id="ph-classes-title">{ t("ph-step-classes") }</h3>
                    <ClassList classes={project.classes.clone()} counts={counts.clone()} photos={project.photos.len()}
                        selected={page.selected} {busy} {on_add} {on_rename} {on_colour} on_remove={on_remove_class}
                        {on_select} {on_files} on_drop={on_class_drop} />
                    <ImportProgress progress={page.import.clone()} skipped={page.skipped.clone()} now={now()} />
                    { class_photos.unwrap_or_default() }
                </section>

                <section aria-labelledby="ph-prepare-title">
                    <h3 id="ph-prepare-title">{ t("ph-step-prepare") }</h3>
                    <Prepare settings={settings.clone()} photo={preview_photo} pixels={preview_pixels} {busy} on_settings={on_settings.clone()}
                        looks={project.looks_again()} pace={run.extracting.and_then(|e| e.pace())} />
                </section>

                <section aria-labelledby="ph-train-title">
                    <h3 id="ph-train-title">{ t("ph-step-train") }</h3>
                    <TrainingForm {settings} classes={project.classes.clone()} placements={project.placements()} errors={(*errors).clone()}
                        status={run.status} {busy} {on_settings} {on_start} {on_command} />
                    <RunResults run={(*run).clone()} timing={run.timing()} page_message={page.message.clone()} lang={*lang} />
                    if tunable {
                        <FineTune {busy} {on_tune} />
                    }
                    <Compare comparison={page.comparison.clone()} {busy} on_train={on_compare} lang={*lang} />
                </section>

                <section aria-labelledby="ph-test-title" class="ph-test"
                    ondragover={Callback::from(|e: DragEvent| e.prevent_default())} ondrop={on_test_drop}>
                    <h3 id="ph-test-title">{ t("ph-step-test") }</h3>
                    <TestControls has_model={run.has_model} {busy} on_file={on_test_file} {on_snapshot} {on_message} />
                    { explanation.unwrap_or_default() }
                    <ImageNetPanel seen={(*imagenet).clone()} {on_sample} on_file={on_imagenet_file} lang={*lang} />
                </section>

                <section aria-labelledby="ph-keep-title">
                    <h3 id="ph-keep-title">{ t("ph-step-keep") }</h3>
                    <KeepControls {busy} {on_export} has_model={run.has_model} {on_onnx} on_import={on_import_project} {on_clear} />
                </section>
            </main>
            { projector_overlays(*projector, blank) }
        </div>
    }
}

//! The classes: one card each (name, colour, photo count, add photos, show,
//! remove), the add button, the limits and the balance bar; and the grid of
//! the class shown.

use std::rc::Rc;

use cnn_photos::sniff::{MAX_CLASSES, MAX_PHOTOS, MAX_PIXELS};
use web_sys::{DragEvent, File, FileSystemEntry};
use yew::prelude::*;

use super::grid::PhotoGrid;
use super::import::Incoming;
use super::ingest::{drop_items, take_files, value_of};
use super::model::{Class, Photo};
use super::store::Store;
use crate::i18n::{n, s, t, t_args};
use crate::ui::format::group;

#[derive(Properties, PartialEq)]
pub struct ClassListProps {
    pub classes: Vec<Class>,
    /// Photos per class, in the order of `classes`.
    pub counts: Vec<usize>,
    /// Photos in the project.
    pub photos: usize,
    /// The class whose photos the grid shows.
    pub selected: Option<u32>,
    /// Training is under way: classes and photos stay as they are.
    pub busy: bool,
    pub on_add: Callback<()>,
    pub on_rename: Callback<(u32, String)>,
    pub on_colour: Callback<(u32, String)>,
    pub on_remove: Callback<u32>,
    pub on_select: Callback<u32>,
    /// Files chosen for a class.
    pub on_files: Callback<(u32, Vec<Incoming>)>,
    /// Files and folders dropped on a class's card.
    pub on_drop: Callback<(u32, Vec<FileSystemEntry>, Vec<File>)>,
}

#[derive(Properties, PartialEq)]
struct ClassNameProps {
    name: String,
    on_change: Callback<String>,
}

/// A class's name as the learner types it. What they type is kept as a
/// draft until the field is left, so the page's renders meanwhile (an
/// import's progress redraws the cards many times a second) never put the
/// old name back under their fingers; a new name from the page replaces it.
#[function_component(ClassName)]
fn class_name(p: &ClassNameProps) -> Html {
    let draft = use_state(|| p.name.clone());
    {
        let draft = draft.clone();
        use_effect_with(p.name.clone(), move |name| draft.set(name.clone()));
    }
    let oninput = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(v) = value_of(&e) {
                draft.set(v);
            }
        })
    };
    let onchange = {
        let on_change = p.on_change.clone();
        Callback::from(move |e: Event| {
            if let Some(v) = value_of(&e) {
                on_change.emit(v);
            }
        })
    };
    html! {
        <input class="class-name" value={(*draft).clone()} {oninput} {onchange} maxlength="40"
            aria-label={t("ph-class-name")} />
    }
}

/// The class cards and what goes with them (the heading is the page's).
#[function_component(ClassList)]
pub fn class_list(p: &ClassListProps) -> Html {
    let busy = p.busy;
    let total: usize = p.counts.iter().sum();
    let class_cards = p.classes.iter().zip(&p.counts).map(|(c, &count)| {
        let id = c.id;
        let selected = p.selected == Some(id);
        let on_name = p.on_rename.reform(move |name: String| (id, name));
        let on_colour = {
            let on_colour = p.on_colour.clone();
            Callback::from(move |e: Event| {
                if let Some(v) = value_of(&e) {
                    on_colour.emit((id, v));
                }
            })
        };
        let on_remove = p.on_remove.reform(move |_: MouseEvent| id);
        let on_files = p.on_files.reform(move |e: Event| (id, take_files(&e)));
        let on_drop = p.on_drop.reform(move |e: DragEvent| {
            e.stop_propagation();
            let (entries, files) = drop_items(&e);
            (id, entries, files)
        });
        let on_select = p.on_select.reform(move |_: MouseEvent| id);
        let share = if total > 0 { count as f64 / total as f64 * 100.0 } else { 0.0 };
        html! {
            <li class={classes!("class-card", selected.then_some("selected"))} style={format!("--class-colour:{}", c.colour)}
                ondragover={Callback::from(|e: DragEvent| e.prevent_default())} ondrop={on_drop} data-class={c.name.clone()}>
                <div class="class-head">
                    <input type="color" class="class-colour" value={c.colour.clone()} onchange={on_colour}
                        aria-label={t_args("ph-class-colour", &[("name", s(c.name.clone()))])} />
                    <ClassName name={c.name.clone()} on_change={on_name} />
                </div>
                <p class="class-count" aria-live="polite">{ t_args("ph-class-count", &[("count", s(group(count))), ("share", n(share.round() as usize))]) }</p>
                <div class="class-actions">
                    <label class="action small file-button">{ t("ph-add-photos") }
                        <input type="file" multiple=true accept="image/*,.zip,.heic,.svg" class="sr-only" onchange={on_files} disabled={busy}
                            data-class-input={c.name.clone()} />
                    </label>
                    <button type="button" class="seg small" aria-pressed={selected.to_string()} onclick={on_select}>{ t("ph-show") }</button>
                    <button type="button" class="seg small" onclick={on_remove} disabled={busy || p.classes.len() <= 2}
                        aria-label={t_args("ph-remove-class", &[("name", s(c.name.clone()))])}>{ t("ph-remove") }</button>
                </div>
                <p class="hint">{ t("ph-drop-here") }</p>
            </li>
        }
    });
    let balance = p.classes.iter().zip(&p.counts).filter(|(_, &c)| c > 0).map(|(c, &count)| {
        let pct = count as f64 / total.max(1) as f64 * 100.0;
        html! { <span class="balance-part" style={format!("width:{pct:.2}%;background:{}", c.colour)} title={format!("{}: {count}", c.name)}></span> }
    });
    let on_add_class = p.on_add.reform(|_: MouseEvent| ());
    let at_limit = p.photos >= MAX_PHOTOS;
    html! {
        <>
            <p class="hint">{ t_args("ph-limits", &[("classes", n(MAX_CLASSES)), ("photos", s(group(MAX_PHOTOS))), ("mp", n((MAX_PIXELS / 1_000_000) as usize))]) }</p>
            <ul class="class-cards" id="ph-classes">{ for class_cards }</ul>
            <div class="controls-row">
                <button type="button" class="action" id="ph-add-class" onclick={on_add_class} disabled={busy || p.classes.len() >= MAX_CLASSES}>{ t("ph-add-class") }</button>
                <span class="hint">{ t_args("ph-total", &[("count", s(group(total))), ("max", s(group(MAX_PHOTOS)))]) }</span>
            </div>
            if at_limit {
                <p class="note" role="status">{ t_args("ph-at-limit", &[("max", s(group(MAX_PHOTOS)))]) }</p>
            }
            if total > 0 {
                <div class="balance" id="ph-balance" role="img" aria-label={t("ph-balance")}>{ for balance }</div>
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct ClassPhotosProps {
    /// The class shown.
    pub class: Class,
    /// Its photos.
    pub photos: Rc<Vec<Photo>>,
    /// Where their thumbnails are kept.
    pub store: Option<Store>,
    pub busy: bool,
    pub on_remove: Callback<u64>,
    /// A photo chosen for the network's view.
    pub on_pick: Callback<u64>,
}

/// The grid of the selected class.
#[function_component(ClassPhotos)]
pub fn class_photos(p: &ClassPhotosProps) -> Html {
    let c = &p.class;
    html! {
        <section class="ph-photos" aria-labelledby="ph-photos-title">
            <h3 id="ph-photos-title">{ t_args("ph-photos-of", &[("name", s(c.name.clone())), ("count", s(group(p.photos.len())))]) }</h3>
            if p.photos.is_empty() {
                <p class="hint">{ t("ph-no-photos") }</p>
            } else {
                <PhotoGrid photos={p.photos.clone()} store={p.store.clone()} colour={c.colour.clone()} on_remove={p.on_remove.clone()} on_pick={p.on_pick.clone()} disabled={p.busy} />
            }
        </section>
    }
}

//! The one header every page wears: the product's name, the sections, the
//! page's own navigation (the lesson's stages), projector mode and the
//! language. It also titles the browser's tab for the page.

use yew::prelude::*;

use super::projector::{fullscreen_for_projector, projector_button};
use crate::i18n::{self, s, t, t_args};

/// The site's sections, one page each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Lesson,
    Playground,
    Train,
    Photos,
    Architectures,
}

impl Section {
    pub const ALL: [Section; 5] = [
        Section::Lesson,
        Section::Playground,
        Section::Train,
        Section::Photos,
        Section::Architectures,
    ];

    pub fn href(self) -> &'static str {
        match self {
            Section::Lesson => "?",
            Section::Playground => "?view=playground",
            Section::Train => "?view=train",
            Section::Photos => "?view=photos",
            Section::Architectures => "?view=architectures",
        }
    }

    /// The section's name, as its link and its tab's title say it.
    pub fn name(self) -> String {
        match self {
            Section::Lesson => t("nav-lesson"),
            Section::Playground => t("nav-playground"),
            Section::Train => t("nav-train"),
            Section::Photos => t("nav-photos"),
            Section::Architectures => t("nav-architectures"),
        }
    }
}

/// The browser tab's title for a section: what the page is, then the product.
pub fn document_title(section: Section) -> String {
    t_args("page-title", &[("page", s(section.name()))])
}

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub section: Section,
    /// Projector mode is on.
    pub projector: bool,
    /// Turn projector mode on or off (full screen has been asked for already).
    pub on_projector: Callback<()>,
    /// Show the app in another language (one of `i18n::LOCALES`).
    pub on_lang: Callback<&'static str>,
    /// The page's own navigation, after the title (the lesson's stages).
    #[prop_or_default]
    pub children: Html,
}

#[function_component(Header)]
pub fn header(p: &HeaderProps) -> Html {
    let lang = i18n::language();
    use_effect_with((p.section, lang), |&(section, _)| {
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            doc.set_title(&document_title(section));
        }
    });
    let links = Section::ALL.iter().map(|&sec| {
        let cur = sec == p.section;
        html! {
            <li><a class={classes!("stage-link", cur.then_some("active"))} href={sec.href()}
                aria-current={cur.then_some("page")} data-section={format!("{sec:?}").to_lowercase()}>{ sec.name() }</a></li>
        }
    });
    let toggle = {
        let (on, cb) = (p.projector, p.on_projector.clone());
        Callback::from(move |_: MouseEvent| {
            fullscreen_for_projector(!on);
            cb.emit(());
        })
    };
    html! {
        <header class="top">
            <h1><a href="?" class="home">{ t("app-title") }</a></h1>
            { p.children.clone() }
            <nav class="sections" aria-label={t("sections")}><ul class="stages">{ for links }</ul></nav>
            <div class="top-tools">
                { projector_button(p.projector, toggle) }
                { language_buttons(&p.on_lang) }
            </div>
        </header>
    }
}

/// The language buttons; `on_lang` shows the app in the chosen language.
/// The choice is remembered for the next visit.
pub fn language_buttons(on_lang: &Callback<&'static str>) -> Html {
    let current = i18n::language();
    let buttons = i18n::LOCALES.iter().map(|(tag, name, _)| {
        let on_lang = on_lang.clone();
        let tag: &'static str = tag;
        let choose = Callback::from(move |_: MouseEvent| {
            if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
                let _ = s.set_item(i18n::STORAGE_KEY, tag);
            }
            on_lang.emit(tag);
        });
        html! {
            <button class="seg" lang={tag} aria-pressed={(current == tag).to_string()}
                data-lang={tag} onclick={choose}>{ *name }</button>
        }
    });
    html! { <div class="segmented lang" role="group" aria-label={t("language")}>{ for buttons }</div> }
}

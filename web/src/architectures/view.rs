//! The page: the list of networks, the chosen one's facts and summary, the
//! chart. The URL holds the network, so every one has its own link.

use std::rc::Rc;

use cnn_train::classic::{self, Classic};
use cnn_train::graph::GraphSummary;
use yew::prelude::*;

use super::chart::Chart;
use super::experiments::Experiments;
use super::model::{self, family, href, Query};
use super::summary::SummaryView;
use crate::i18n::{n, s, t, t_args};
use crate::shell::header::{Header, Section};
use crate::shell::projector::{projector_overlays, use_blank_screen, use_pointer_spot};
use crate::shell::query::{current_pairs, use_url_sync};

/// A network's summary and how long the page took to build and count it.
#[derive(PartialEq)]
struct Computed {
    summary: Result<GraphSummary, String>,
    ms: f64,
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

fn compute(c: &Classic) -> Computed {
    let start = now();
    let summary = (c.build)().summary().map_err(|e| e.to_string());
    Computed {
        summary,
        ms: now() - start,
    }
}

#[function_component(ArchitecturesPage)]
pub fn architectures_page() -> Html {
    let query = use_state(|| Query::from_pairs(&current_pairs()));
    let lang = use_state(crate::i18n::language);
    let blank = use_blank_screen(query.projector);
    use_pointer_spot();
    use_url_sync(query.to_query());
    let c = query.classic();
    let computed = use_memo(c.id, |_| compute(c));
    // Every network's totals, for the chart (computed once, on first view).
    let all = use_memo((), |_| {
        classic::ALL
            .iter()
            .filter_map(|c| {
                let acc = model::imagenet_accuracy(c.id)?;
                let s = (c.build)().summary().ok()?;
                Some((c.id, c.name, s.total, s.mult_adds, acc))
            })
            .collect::<Vec<_>>()
    });
    {
        let (id, ms, total) = (
            c.id,
            computed.ms,
            computed.summary.as_ref().map_or(0, |s| s.total),
        );
        use_effect_with((id, ms.to_bits(), total), move |_| {
            if let Some(b) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.body())
            {
                let _ = b.set_attribute("data-ready", "true");
                let _ = b.set_attribute("data-model", id);
                let _ = b.set_attribute("data-summary-ms", &format!("{ms:.2}"));
                let _ = b.set_attribute("data-total", &total.to_string());
            }
        });
    }

    let on_choose = {
        let query = query.clone();
        Callback::from(move |id: &'static str| {
            let mut q = (*query).clone();
            q.model = id;
            q.unknown = None;
            query.set(q);
        })
    };
    let on_experiment = {
        let query = query.clone();
        Callback::from(move |id: &'static str| {
            let mut q = (*query).clone();
            q.experiment = id;
            query.set(q);
        })
    };
    let on_projector = {
        let query = query.clone();
        Callback::from(move |()| {
            let mut q = (*query).clone();
            q.projector = !q.projector;
            query.set(q);
        })
    };
    let on_lang = {
        let lang = lang.clone();
        Callback::from(move |tag: &'static str| {
            crate::i18n::set_language(tag);
            lang.set(tag);
        })
    };

    let list = classic::ALL.iter().map(|m| {
        let current = m.id == c.id;
        let on_choose = on_choose.clone();
        let id = m.id;
        let onclick = Callback::from(move |e: MouseEvent| {
            // A plain click stays on the page; a modified one opens a tab.
            if !(e.ctrl_key() || e.meta_key() || e.shift_key()) {
                e.prevent_default();
                on_choose.emit(id);
            }
        });
        html! {
            <li><a href={href(m.id)} class={classes!("arch-link", current.then_some("active"))}
                aria-current={current.then_some("page")} data-model={m.id} {onclick}>
                <span class="arch-year">{ m.year }</span>{ " " }{ m.name }
            </a></li>
        }
    });
    let picker = {
        let on_choose = on_choose.clone();
        let onchange = Callback::from(move |e: Event| {
            let v = e
                .target_dyn_into::<web_sys::HtmlSelectElement>()
                .map(|s| s.value())
                .unwrap_or_default();
            if let Some(m) = classic::by_id(&v) {
                on_choose.emit(m.id);
            }
        });
        let options = classic::ALL.iter().map(|m| html! {
            <option value={m.id} selected={m.id == c.id}>{ format!("{} {}", m.year, m.name) }</option>
        });
        html! {
            <label class="arch-picker">{ t("arch-list") }
                <select id="arch-picker" {onchange}>{ for options }</select>
            </label>
        }
    };
    let unknown = query.unknown.as_ref().map(|id| {
        html! { <p class="note" role="status">{ t_args("arch-unknown-model", &[("id", s(id.clone())), ("name", s(c.name))]) }</p> }
    });
    let fam = family(c.id);
    let list_of = |key: &str| {
        let text = t(&format!("arch-{fam}-{key}"));
        let items = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| html! { <li>{ l.trim().to_string() }</li> })
            .collect::<Html>();
        html! { <ul>{ items }</ul> }
    };
    let facts = html! {
        <div class="arch-facts">
            <section><h4>{ t("arch-pros") }</h4>{ list_of("pros") }</section>
            <section><h4>{ t("arch-cons") }</h4>{ list_of("cons") }</section>
            <section><h4>{ t("arch-when") }</h4>{ list_of("when") }</section>
            <section><h4>{ t("arch-when-not") }</h4>{ list_of("when-not") }</section>
        </div>
    };
    let body = match &computed.summary {
        Ok(summary) => {
            let accuracy = model::imagenet_accuracy(c.id).map_or_else(
                || html! { <p class="arch-note">{ t("arch-no-accuracy") }</p> },
                |a| html! {
                    <p>{ t_args("arch-accuracy", &[("top1", s(format!("{:.1}", a.top1))), ("top5", s(format!("{:.1}", a.top5)))]) }</p>
                },
            );
            html! {
                <>
                    <dl class="arch-totals" data-testid="arch-totals">
                        <div><dt>{ t("arch-total") }</dt><dd data-total={summary.total.to_string()}>{ crate::ui::format::group(summary.total) }</dd></div>
                        <div><dt>{ t("arch-trainable") }</dt><dd>{ crate::ui::format::group(summary.trainable) }</dd></div>
                        <div><dt>{ t("arch-non-trainable") }</dt><dd>{ crate::ui::format::group(summary.non_trainable) }</dd></div>
                        <div><dt>{ t("arch-mult-adds") }</dt><dd>{ {
                            let (unit, v) = model::scale(summary.mult_adds);
                            t_args(if unit == "b" { "arch-billions" } else { "arch-millions" }, &[("m", s(v))])
                        } }</dd></div>
                    </dl>
                    <p class="arch-note arch-computed">{ t_args("arch-computed", &[("ms", s(format!("{:.1}", computed.ms))), ("layers", n(summary.rows.len()))]) }</p>
                    { accuracy }
                    { facts }
                    <SummaryView summary={Rc::new(summary.clone())} lang={*lang} />
                </>
            }
        }
        Err(e) => html! { <p class="field-error" role="alert">{ e.clone() }</p> },
    };

    html! {
        <div class={classes!("app", "architectures", query.projector.then_some("projector"))} data-view="architectures">
            <Header section={Section::Architectures} projector={query.projector} {on_projector} {on_lang} />
            <main id="main">
                <h2 class="stage-title">{ t("nav-architectures") }</h2>
                <p class="lead">{ t("arch-lead") }</p>
                { for unknown }
                { picker }
                <div class="arch-layout">
                    <nav class="arch-list" aria-label={t("arch-list")}><ol>{ for list }</ol></nav>
                    <article class="arch-model" aria-labelledby="arch-name">
                        <h3 id="arch-name">{ c.name }<span class="arch-year">{ format!(" · {}", c.year) }</span></h3>
                        <p class="arch-idea"><strong>{ t("arch-idea") }</strong>{ " " }{ t(&format!("arch-{fam}-idea")) }</p>
                        <p class="arch-note"><code>{ c.call }</code></p>
                        { body }
                    </article>
                </div>
                <Chart points={all.clone()} current={c.id} {on_choose} lang={*lang} />
                <Experiments current={query.experiment} on_choose={on_experiment} lang={*lang} />
            </main>
            { projector_overlays(query.projector, blank) }
        </div>
    }
}

//! The experiments: two networks trained side by side in the training
//! worker on the same digits and seed, with live loss curves, validation
//! accuracy, time per batch, and the gradient that reaches each layer.

use std::cell::RefCell;
use std::rc::Rc;

use cnn_train::lab::{self, Experiment, PAGE_DIGITS};
use cnn_train::protocol::{Reply, Request};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::MessageEvent;
use yew::prelude::*;

use super::lab::{Lab, LabMsg, Series, Status};
use super::model::experiment_href;
use crate::i18n::{n, s, t, t_args};
use crate::training::client::{self, read_reply, Outbox};
use crate::ui::canvas::Tile;
use crate::ui::format::group;
use crate::ui::line_chart::{Line, LineChart, YAxis};

#[derive(Properties, PartialEq)]
pub struct ExperimentsProps {
    /// The experiment in view (an id of `lab::EXPERIMENTS`).
    pub current: &'static str,
    pub on_choose: Callback<&'static str>,
    pub lang: &'static str,
}

/// The worker, started on the first run (what is sent before it is ready
/// waits in its outbox).
#[derive(Default)]
struct Conn {
    outbox: Outbox,
    _handler: Option<Closure<dyn Fn(MessageEvent)>>,
}

impl Drop for Conn {
    fn drop(&mut self) {
        if let Some(w) = self.outbox.worker() {
            w.terminate();
        }
    }
}

fn start_worker(conn: &Rc<RefCell<Conn>>, lab: UseReducerHandle<Lab>) {
    let Some(worker) = client::start() else {
        lab.dispatch(LabMsg::Failed(t("lab-no-worker")));
        return;
    };
    let weak = Rc::downgrade(conn);
    let handler = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
        let Some((reply, _)) = read_reply(&e) else {
            return;
        };
        if let Reply::Ready { .. } = reply {
            if let Some(conn) = weak.upgrade() {
                conn.borrow_mut().outbox.ready();
            }
            return;
        }
        if let Reply::Error { error } = &reply {
            lab.dispatch(LabMsg::Failed(crate::training::run::error_text(error)));
            return;
        }
        lab.dispatch(LabMsg::Reply(reply));
    });
    worker.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    let mut c = conn.borrow_mut();
    c.outbox = Outbox::new(Some(worker));
    c._handler = Some(handler);
}

fn request(conn: &Rc<RefCell<Conn>>, req: Request) {
    conn.borrow_mut().outbox.send(&req);
}

#[function_component(Experiments)]
pub fn experiments(p: &ExperimentsProps) -> Html {
    let lab = use_reducer(Lab::default);
    let conn = use_mut_ref(Conn::default);
    let e: &Experiment = lab::by_id(p.current).unwrap_or(&lab::EXPERIMENTS[0]);
    let graphs = use_memo(e.id, |_| {
        e.nets.map(|net| {
            let g = net();
            let total = g.summary().map_or(0, |s| s.total);
            (g.name, total)
        })
    });
    {
        let status = format!("{:?}", lab.status).to_lowercase();
        let steps = lab.nets[0].losses.len();
        let epochs = lab.nets[0].val.len().min(lab.nets[1].val.len());
        use_effect_with((status, steps, epochs), move |(status, steps, epochs)| {
            if let Some(b) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.body())
            {
                let _ = b.set_attribute("data-lab", status);
                let _ = b.set_attribute("data-lab-steps", &steps.to_string());
                let _ = b.set_attribute("data-lab-epochs", &epochs.to_string());
            }
        });
    }
    let shown = lab.id.as_deref() == Some(e.id);
    let running = shown && lab.running();

    let on_run = {
        let (lab, conn, id, epochs) = (lab.clone(), conn.clone(), e.id, e.settings.epochs);
        Callback::from(move |_: MouseEvent| {
            if conn.borrow().outbox.worker().is_none() {
                start_worker(&conn, lab.clone());
            }
            lab.dispatch(LabMsg::Start(id.to_string()));
            request(
                &conn,
                Request::Experiment {
                    id: id.to_string(),
                    epochs,
                    digits: PAGE_DIGITS,
                },
            );
        })
    };
    let on_pause = {
        let (lab, conn) = (lab.clone(), conn.clone());
        Callback::from(move |_: MouseEvent| {
            let paused = lab.status == Status::Paused;
            lab.dispatch(if paused {
                LabMsg::Resume
            } else {
                LabMsg::Pause
            });
            request(
                &conn,
                if paused {
                    Request::Resume
                } else {
                    Request::Pause
                },
            );
        })
    };
    let on_stop = {
        let conn = conn.clone();
        Callback::from(move |_: MouseEvent| request(&conn, Request::Stop))
    };

    let list = lab::EXPERIMENTS.iter().map(|x| {
        let current = x.id == e.id;
        let on_choose = p.on_choose.clone();
        let id = x.id;
        let onclick = Callback::from(move |ev: MouseEvent| {
            if !(ev.ctrl_key() || ev.meta_key() || ev.shift_key()) {
                ev.prevent_default();
                on_choose.emit(id);
            }
        });
        html! {
            <li><a href={experiment_href(x.id)} class={classes!("lab-link", current.then_some("active"))}
                aria-current={current.then_some("page")} data-experiment={x.id} {onclick}>
                { t(&format!("lab-{}-title", x.id)) }
            </a></li>
        }
    });
    let status = if shown {
        match &lab.status {
            Status::Idle => String::new(),
            Status::Loading => t("lab-loading"),
            Status::Running => t_args(
                "lab-running",
                &[
                    ("steps", n(lab.nets[0].losses.len())),
                    ("per", n(lab.steps_per_epoch)),
                    ("digits", n(lab.train)),
                ],
            ),
            Status::Paused => t("lab-paused"),
            Status::Done => t("lab-done"),
            Status::Stopped => t("lab-stopped"),
            Status::Failed(why) => why.clone(),
        }
    } else {
        String::new()
    };
    let columns = (0..2).map(|i| {
        let (name, total) = graphs[i].clone();
        let series = if shown {
            lab.nets[i].clone()
        } else {
            Series::default()
        };
        html! {
            <section class={classes!("lab-net", format!("lab-net-{i}"))} data-net={i.to_string()}>
                <h4><span class="lab-swatch" aria-hidden="true"></span>{ name }</h4>
                <p class="arch-note">{ t_args("lab-params", &[("n", s(group(total)))]) }</p>
                { results(&series) }
                { class_maps(&series) }
                { gradient_bars(&series) }
            </section>
        }
    });
    html! {
        <section class="lab" aria-labelledby="lab-title">
            <h3 id="lab-title">{ t("lab-title") }</h3>
            <p class="arch-note">{ t("lab-lead") }</p>
            <nav aria-label={t("lab-title")}><ul class="lab-list">{ for list }</ul></nav>
            <p class="lab-about">{ t(&format!("lab-{}-about", e.id)) }</p>
            <p class="arch-note lab-settings">{ t_args("lab-settings", &[
                ("lr", s(e.settings.learning_rate.to_string())),
                ("batch", n(e.settings.batch_size)),
                ("epochs", n(e.settings.epochs)),
            ]) }</p>
            <div class="lab-actions">
                <button class="primary" id="lab-run" onclick={on_run} disabled={running}>{ t("lab-run") }</button>
                <button id="lab-pause" onclick={on_pause} disabled={!running}>
                    { if shown && lab.status == Status::Paused { t("lab-resume") } else { t("lab-pause") } }
                </button>
                <button id="lab-stop" onclick={on_stop} disabled={!running}>{ t("lab-stop") }</button>
                <span class="lab-status" role="status">{ status }</span>
            </div>
            { loss_chart(if shown { &lab.nets } else { &EMPTY }, [graphs[0].0.as_str(), graphs[1].0.as_str()]) }
            <div class="lab-nets">{ for columns }</div>
        </section>
    }
}

static EMPTY: [Series; 2] = [
    Series {
        losses: vec![],
        val: vec![],
        gradients: vec![],
        ms: vec![],
        cams: vec![],
    },
    Series {
        losses: vec![],
        val: vec![],
        gradients: vec![],
        ms: vec![],
        cams: vec![],
    },
];

/// Where a network looked: each validation digit beside its class
/// activation map for the class the network gave it.
fn class_maps(series: &Series) -> Html {
    if series.cams.is_empty() {
        return html! {};
    }
    let items = series.cams.iter().map(|c| {
        let label = t_args("lab-cam-digit", &[("label", n(c.label)), ("class", n(c.class))]);
        html! {
            <li class="lab-cam">
                <Tile values={Rc::new(c.image.clone())} h={c.height} w={c.width} signed={false} label={AttrValue::from(label.clone())} />
                <Tile values={Rc::new(c.map.clone())} h={c.height} w={c.width} signed={true} label={AttrValue::from(t_args("lab-cam-map", &[("class", n(c.class))]))} />
                <span>{ label }</span>
            </li>
        }
    });
    html! {
        <figure class="lab-cams">
            <figcaption>{ t("lab-cams") }</figcaption>
            <ul>{ for items }</ul>
            <p class="arch-note">{ t("lab-cams-against-occlusion") }</p>
        </figure>
    }
}

fn results(series: &Series) -> Html {
    let val = series
        .val
        .last()
        .map_or_else(|| "–".to_string(), |v| format!("{:.1}%", v * 100.0));
    let ms = series
        .median_ms()
        .map_or_else(|| "–".to_string(), |m| format!("{m:.0}"));
    html! {
        <dl class="lab-results">
            <div><dt>{ t("lab-val") }</dt><dd class="lab-val">{ val }</dd></div>
            <div><dt>{ t("lab-ms") }</dt><dd>{ ms }</dd></div>
        </dl>
    }
}

/// One bar per weighted layer, input side at the top: the bar's length is
/// the gradient's size on a log scale from 1e-16 to 1.
fn gradient_bars(series: &Series) -> Html {
    if series.gradients.is_empty() {
        return html! {};
    }
    let bars = series.gradients.iter().enumerate().map(|(i, &g)| {
        let exp = f64::from(g.max(1e-16)).log10();
        let width = ((exp + 16.0) / 16.0 * 100.0).clamp(1.0, 100.0);
        html! {
            <li>
                <span class="lab-layer">{ t_args("lab-layer", &[("n", n(i + 1))]) }</span>
                <span class="lab-bar"><span style={format!("width: {width:.1}%")}></span></span>
                <span class="lab-grad">{ format!("{g:.0e}") }</span>
            </li>
        }
    });
    html! {
        <figure class="lab-gradients">
            <figcaption>{ t("lab-gradients") }</figcaption>
            <ol>{ for bars }</ol>
        </figure>
    }
}

/// Both networks' losses against epochs, on one chart.
fn loss_chart(nets: &[Series; 2], names: [&str; 2]) -> Html {
    let lines: Vec<Line> = nets
        .iter()
        .zip(names)
        .zip(LAB_COLOURS)
        .map(|((net, name), colour)| Line {
            label: name.to_string(),
            colour,
            points: net.losses.clone(),
        })
        .collect();
    html! {
        <LineChart {lines} y={YAxis::Plain { cap: 4 }} x_label={t("chart-epochs")} caption={t("lab-loss")} class="lab-chart" />
    }
}

/// The left and the right network's colours (as `.lab-net-0` and
/// `.lab-net-1`'s swatches).
const LAB_COLOURS: [&str; 2] = ["#0b5cad", "#d55e00"];

//! The trainer page: the form, the worker, and everything it reports.

use std::rc::Rc;

use cnn_train::protocol::{Backend, BackendChoice, NoGpu, Reply, Request};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, HtmlInputElement, MessageEvent, Worker};
use yew::prelude::*;

use super::form::{Data, FieldError, Form};
use crate::i18n::{n, s, t, t_args};
use crate::shell::header::{Header, Section};
use crate::shell::projector::{projector_overlays, use_blank_screen, use_pointer_spot};
use crate::shell::query::current_pairs as query_pairs;
use crate::training::client::{self, read_reply, save_file, send};
use crate::training::curves::Curve;
use crate::training::editor::{spec_error_text, ModelEditor};
use crate::training::run::{now, Msg, Run, Status};
use crate::ui::canvas::{ctx2d, Tile};
use crate::ui::fields::field_error_text;
use crate::ui::format::{fmt_time, group};
use crate::ui::pad::pad_events;

#[function_component(TrainerPage)]
pub fn trainer_page() -> Html {
    // The URL's settings, and why its edited model could not be read.
    let start = use_memo((), |_| Form::from_url(&query_pairs()));
    let form = use_state(|| start.0.clone());
    let errors = use_state(Vec::<FieldError>::new);
    let run = use_reducer(Run::default);
    let worker = use_state(|| None::<Worker>);
    let lang = use_state(crate::i18n::language);
    let draw_ref = use_node_ref();
    let drawing = use_state(|| false);
    let import_ref = use_node_ref();
    let blank = use_blank_screen(form.projector);
    use_pointer_spot();

    // The worker starts when the trainer opens, and ends when it closes.
    {
        let worker = worker.clone();
        let run = run.clone();
        use_effect_with((), move |_| {
            let w = client::start();
            let handler = Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| {
                let Some((reply, bytes)) = read_reply(&e) else {
                    return;
                };
                if let (Reply::Exported { name }, Some(bytes)) = (&reply, bytes) {
                    save_file(
                        &bytes,
                        &format!("{}.cnnmodel", name.replace(['/', ' '], "-")),
                    );
                }
                run.dispatch(Msg::Reply(reply, now()));
            });
            if let Some(w) = &w {
                w.set_onmessage(Some(handler.as_ref().unchecked_ref()));
            }
            // For tests: `window.__failTrainerDevice()` makes the worker's
            // device fail at its next step, as a lost GPU would.
            let fail = w.clone().map(|w| {
                Closure::<dyn Fn()>::new(move || {
                    send(&Some(w.clone()), &Request::FailDevice);
                })
            });
            if let (Some(win), Some(f)) = (web_sys::window(), &fail) {
                let _ = js_sys::Reflect::set(&win, &"__failTrainerDevice".into(), f.as_ref());
            }
            worker.set(w.clone());
            move || {
                if let Some(w) = w {
                    w.terminate();
                }
                drop((handler, fail));
            }
        });
    }

    // The URL follows the form.
    {
        let q = format!("?{}", form.to_query());
        use_effect_with(q, |q| {
            if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
                let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(q));
            }
        });
    }

    // Tell tests the page is up, and where training is.
    {
        let status = format!("{:?}", run.status).to_lowercase();
        let epochs = run.epochs.len();
        let acc = run.epochs.last().map(|e| e.val_accuracy).unwrap_or(0.0);
        use_effect(move || {
            if let Some(b) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.body())
            {
                let _ = b.set_attribute("data-ready", "true");
                let _ = b.set_attribute("data-train", &status);
                let _ = b.set_attribute("data-epochs", &epochs.to_string());
                let _ = b.set_attribute("data-val-accuracy", &format!("{acc:.4}"));
            }
        });
    }

    let spec = form.spec();
    // A link with an edited model opens with the editor showing it.
    let editing = use_state(|| form.custom.is_some());
    let summary = spec.as_ref().map(|s| s.summary());
    let busy = matches!(
        run.status,
        Status::Loading | Status::Training | Status::Paused
    );

    let set = |f: fn(&mut Form, String)| {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let Some(v) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                .map(|i| i.value())
                .or_else(|| {
                    e.target()
                        .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
                        .map(|s| s.value())
                })
            else {
                return;
            };
            let mut f2 = (*form).clone();
            f(&mut f2, v);
            form.set(f2);
        })
    };
    let on_model = set(|f, v| {
        if let Some((id, _)) = cnn_train::zoo::all().into_iter().find(|(id, _)| *id == v) {
            f.model = id;
            f.custom = None;
            // Each model's natural data and a learning rate that suits it.
            match id {
                "xo-tiny" => {
                    f.data = Data::Xo;
                    f.learning_rate = "0.01".into();
                    f.batch_size = "16".into();
                    f.epochs = "15".into();
                }
                "lenet5" | "mnist-cnn" => {
                    f.data = Data::Digits;
                    f.learning_rate = "0.002".into();
                    f.batch_size = "16".into();
                    f.epochs = "3".into();
                }
                _ => {}
            }
        }
    });
    let on_data = set(|f, v| f.data = Data::from_slug(&v).unwrap_or(f.data));
    let on_backend = set(|f, v| {
        f.backend = match v.as_str() {
            "cpu" => BackendChoice::Cpu,
            "webgpu" => BackendChoice::WebGpu,
            _ => BackendChoice::Auto,
        }
    });
    let on_opt = set(|f, v| f.optimizer = if v == "sgd" { "sgd" } else { "adam" });
    let on_lr = set(|f, v| f.learning_rate = v);
    let on_momentum = set(|f, v| f.momentum = v);
    let on_batch = set(|f, v| f.batch_size = v);
    let on_epochs = set(|f, v| f.epochs = v);
    let on_count = set(|f, v| f.xo_count = v);
    let on_seed = set(|f, v| f.seed = v);
    let on_validation = set(|f, v| f.validation = v);
    let toggle = |f: fn(&mut Form)| {
        let form = form.clone();
        Callback::from(move |_: MouseEvent| {
            let mut f2 = (*form).clone();
            f(&mut f2);
            form.set(f2);
        })
    };
    let on_dropout = toggle(|f| f.dropout = !f.dropout);
    let on_projector = {
        let form = form.clone();
        Callback::from(move |()| {
            let mut f2 = (*form).clone();
            f2.projector = !f2.projector;
            form.set(f2);
        })
    };
    let on_augment = toggle(|f| f.augment = !f.augment);

    let on_start = {
        let form = form.clone();
        let errors = errors.clone();
        let worker = worker.clone();
        let run = run.clone();
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
    let cmd = |req: Request| {
        let worker = worker.clone();
        Callback::from(move |_: MouseEvent| send(&worker, &req))
    };
    let on_import = {
        let worker = worker.clone();
        let run = run.clone();
        Callback::from(move |e: Event| {
            let Some(file) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
                .and_then(|i| i.files())
                .and_then(|f| f.get(0))
            else {
                return;
            };
            let worker = worker.clone();
            let run = run.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
                    Ok(buf) => {
                        if let (Some(w), Ok(json)) =
                            (&*worker, serde_json::to_string(&Request::Import))
                        {
                            let msg = js_sys::Array::of2(
                                &JsValue::from_str(&json),
                                &js_sys::Uint8Array::new(&buf),
                            );
                            let _ = w.post_message(&msg);
                        }
                    }
                    Err(_) => run.dispatch(Msg::Message(t("tr-file-unreadable"))),
                }
            });
        })
    };

    // Drawing pad: draw, then the worker predicts.
    let draw_events = {
        let worker = worker.clone();
        let spec = spec.clone();
        pad_events(
            draw_ref.clone(),
            drawing.clone(),
            140.0,
            7.0,
            Callback::from(move |c: HtmlCanvasElement| {
                if let Some(image) = spec.as_ref().and_then(|sp| read_drawing(&c, sp)) {
                    send(&worker, &Request::Predict { image });
                }
            }),
        )
    };
    let clear_pad = {
        let pad = draw_ref.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(c) = pad.cast::<HtmlCanvasElement>() {
                if let Some(ctx) = ctx2d(&c) {
                    ctx.set_fill_style_str("#fff");
                    ctx.fill_rect(0.0, 0.0, 140.0, 140.0);
                }
            }
        })
    };
    {
        let pad = draw_ref.clone();
        use_effect_with((), move |_| {
            if let Some(c) = pad.cast::<HtmlCanvasElement>() {
                if let Some(ctx) = ctx2d(&c) {
                    ctx.set_fill_style_str("#fff");
                    ctx.fill_rect(0.0, 0.0, 140.0, 140.0);
                }
            }
        });
    }

    let on_lang = {
        let lang = lang.clone();
        Callback::from(move |tag: &'static str| {
            crate::i18n::set_language(tag);
            lang.set(tag);
        })
    };
    let _ = *lang;

    // The summary table, Keras style.
    let summary_view = match &summary {
        Some(Ok(sm)) => {
            let rows = sm.rows.iter().map(|r| {
                html! {
                    <tr>
                        <th scope="row">{ format!("{} ({})", r.name, r.kind.keras_class()) }</th>
                        <td>{ r.keras_shape() }</td>
                        <td class="num">{ group(r.params) }</td>
                    </tr>
                }
            });
            html! {
                <table class="summary" id="tr-summary">
                    <caption>{ t("tr-summary") }</caption>
                    <thead><tr><th scope="col">{ t("tr-layer") }</th><th scope="col">{ t("tr-output-shape") }</th><th scope="col">{ t("tr-params") }</th></tr></thead>
                    <tbody>{ for rows }</tbody>
                    <tfoot>
                        <tr><th scope="row" colspan="2">{ t("tr-total") }</th><td class="num" id="tr-total">{ group(sm.total) }</td></tr>
                        <tr><th scope="row" colspan="2">{ t("tr-trainable") }</th><td class="num">{ group(sm.trainable) }</td></tr>
                        <tr><th scope="row" colspan="2">{ t("tr-non-trainable") }</th><td class="num">{ group(sm.non_trainable) }</td></tr>
                    </tfoot>
                </table>
            }
        }
        Some(Err(e)) => {
            html! { <p class="field-error" role="alert" id="tr-spec-error">{ spec_error_text(e) }</p> }
        }
        None => html! {},
    };

    // Progress.
    let spe = run.steps_per_epoch.max(1);
    let done_steps = run.batch_count;
    let total_steps = spe * run.epochs_total.max(1);
    let timing = run.timing();
    let last = run.pending.last().or(run.batches.last());
    let progress = html! {
        <div class="progress" id="tr-progress">
            <progress max={total_steps.to_string()} value={done_steps.to_string()} aria-label={t("tr-progress")}></progress>
            <p class="readout" aria-live="off">{ t_args("tr-progress-line", &[
                ("epoch", n(last.map(|b| b.epoch).unwrap_or(0))),
                ("epochs", n(run.epochs_total)),
                ("step", n(last.map(|b| b.step).unwrap_or(0))),
                ("steps", n(spe)),
                ("elapsed", s(fmt_time(timing.elapsed_ms))),
                ("remaining", s(fmt_time(timing.left_ms))),
                ("rate", n(timing.images_per_s.round() as usize)),
            ]) }</p>
        </div>
    };

    let batches = run.batches.clone();
    let epochs = Rc::new(run.epochs.clone());
    let curve_label = |acc: bool| {
        let v = run.epochs.last().map(|e| {
            if acc {
                format!("{:.1}%", e.val_accuracy * 100.0)
            } else {
                format!("{:.3}", e.val_loss)
            }
        });
        t_args(
            if acc { "tr-curve-acc" } else { "tr-curve-loss" },
            &[("value", s(v.unwrap_or_else(|| "—".into())))],
        )
    };
    let epoch_rows = run.epochs.iter().map(|e| {
        html! {
            <tr>
                <th scope="row">{ e.epoch }</th>
                <td class="num">{ format!("{:.3}", e.train_loss) }</td>
                <td class="num">{ format!("{:.1}%", e.train_accuracy * 100.0) }</td>
                <td class="num">{ format!("{:.3}", e.val_loss) }</td>
                <td class="num">{ format!("{:.1}%", e.val_accuracy * 100.0) }</td>
            </tr>
        }
    });

    // Filters and feature maps.
    let network_view = run.snapshot.as_ref().map(|snap| {
        let [f, c, k, _] = snap.filter_shape;
        let filters = (0..f).map(|i| {
            let v: Vec<f32> = snap.filters[i * c * k * k..i * c * k * k + k * k].to_vec();
            html! { <Tile values={Rc::new(v)} h={k} w={k} signed=true class="filter"
                label={t_args("tr-filter", &[("n", n(i + 1))])} /> }
        });
        let [ic, ih, iw] = snap.input_shape;
        let input = Rc::new(snap.input[..ih * iw].to_vec());
        let _ = ic;
        let layers = snap.prediction.layers.iter().enumerate().filter(|(_, l)| l.shape[1] > 1).map(|(li, l)| {
            let [ch, h, w] = l.shape;
            let name = form
                .spec()
                .and_then(|sp| sp.summary().ok())
                .and_then(|sm| sm.rows.get(li).map(|r| r.name.clone()))
                .unwrap_or_default();
            // The first convolution's cells open a step-by-step panel.
            if li == 0 && matches!(snap.first_layer, Some(cnn_train::Layer::Conv2d { .. })) {
                return html! { <super::cell::FirstLayerMaps snapshot={snap.clone()} name={name} shown={ch.min(16)} /> };
            }
            let maps = (0..ch.min(16)).map(|m| {
                let v = Rc::new(l.values[m * h * w..(m + 1) * h * w].to_vec());
                html! { <Tile values={v} h={h} w={w} signed=true class="fmap"
                    label={t_args("tr-map", &[("layer", s(name.clone())), ("n", n(m + 1))])} /> }
            });
            html! {
                <div class="layer-maps">
                    <p class="layer-name">{ format!("{name} — {ch}×{h}×{w}") }</p>
                    <div class="tiles">{ for maps }</div>
                </div>
            }
        });
        let probs = snap.prediction.probabilities.iter().enumerate().map(|(i, p)| {
            let name = run.class_names.get(i).cloned().unwrap_or_else(|| i.to_string());
            html! { <li><span class="cls">{ name }</span><meter min="0" max="1" value={p.to_string()}></meter><span class="num">{ format!("{:.0}%", p * 100.0) }</span></li> }
        });
        html! {
            <section class="tr-network" aria-label={t("tr-network")}>
                <h3>{ t("tr-filters") }</h3>
                <div class="tiles" id="tr-filters">{ for filters }</div>
                <h3>{ t("tr-feature-maps") }</h3>
                <div class="row">
                    <figure>
                        <Tile values={input} h={ih} w={iw} signed=false class="probe" label={t("tr-probe")} />
                        <figcaption>{ t_args("tr-probe-label", &[("label", s(run.class_names.get(snap.label as usize).cloned().unwrap_or_default()))]) }</figcaption>
                    </figure>
                    <ul class="probs" aria-label={t("tr-probabilities")}>{ for probs }</ul>
                </div>
                <div id="tr-maps">{ for layers }</div>
            </section>
        }
    });

    let eval_view = run.evaluation.as_ref().map(|ev| {
        let (evaluation, mistakes) = &**ev;
        let names = &run.class_names;
        let max = evaluation.confusion.iter().flatten().copied().max().unwrap_or(1).max(1);
        let head = names.iter().map(|c| html! { <th scope="col">{ c }</th> });
        let rows = evaluation.confusion.iter().enumerate().map(|(a, row)| {
            let cells = row.iter().enumerate().map(|(p, &v)| {
                let shade = v as f64 / max as f64;
                let style = format!("background: rgb(29 78 216 / {:.2}); color: {};", shade * 0.85, if shade > 0.5 { "#fff" } else { "#000" });
                html! { <td class={classes!("num", (a == p).then_some("diag"))} {style}>{ v }</td> }
            });
            html! { <tr><th scope="row">{ names.get(a).cloned().unwrap_or_default() }</th>{ for cells }</tr> }
        });
        let wrong = mistakes.iter().map(|m| {
            let h = (m.image.len() as f64).sqrt() as usize;
            let label = t_args("tr-mistake", &[
                ("label", s(names.get(m.label as usize).cloned().unwrap_or_default())),
                ("predicted", s(names.get(m.predicted as usize).cloned().unwrap_or_default())),
                ("confidence", n((m.confidence * 100.0).round() as usize)),
            ]);
            html! {
                <figure class="mistake">
                    <Tile values={Rc::new(m.image.clone())} h={h} w={h} signed=false label={label.clone()} />
                    <figcaption>{ label }</figcaption>
                </figure>
            }
        });
        html! {
            <section class="tr-eval" aria-label={t("tr-evaluation")}>
                <h3>{ t_args("tr-confusion", &[("accuracy", s(format!("{:.1}%", evaluation.accuracy * 100.0)))]) }</h3>
                <p class="hint">{ t("tr-confusion-caption") }</p>
                <table class="confusion" id="tr-confusion">
                    <caption class="sr-only">{ t("tr-confusion-caption") }</caption>
                    <thead><tr><td></td>{ for head }</tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
                <h3>{ t("tr-mistakes") }</h3>
                if mistakes.is_empty() { <p>{ t("tr-no-mistakes") }</p> }
                <div class="mistakes" id="tr-mistakes">{ for wrong }</div>
            </section>
        }
    });

    let prediction_view = run.prediction.as_ref().map(|p| {
        let best = p
            .probabilities
            .iter()
            .enumerate()
            .fold((0, f32::MIN), |a, (i, &v)| if v > a.1 { (i, v) } else { a });
        t_args(
            "tr-drawn-prediction",
            &[
                (
                    "class",
                    s(run.class_names.get(best.0).cloned().unwrap_or_default()),
                ),
                ("p", n((best.1 * 100.0).round() as usize)),
            ],
        )
    });

    let err_for = |field: &str| {
        errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| html! { <span class="field-error" id={format!("err-{field}")}>{ field_error_text(e) }</span> })
    };
    let models = cnn_train::zoo::all().into_iter().map(|(id, sp)| {
        html! { <option value={id} selected={id == form.model}>{ format!("{} — {}", t(&format!("tr-model-{id}")), group(sp.summary().map(|s| s.total).unwrap_or(0))) }</option> }
    });

    html! {
        <div class={classes!("app", "trainer", form.projector.then_some("projector"))} data-view="train">
            <Header section={Section::Train} projector={form.projector} {on_projector} {on_lang} />
            <main id="main">
                <h2 class="stage-title">{ t("nav-train") }</h2>
                <p class="lead">{ t("tr-lead") }</p>
                <p class="hint" id="tr-backend" data-backend={run.backend.map(|b| if b == Backend::WebGpu { "webgpu" } else { "cpu" })}>{ backend_line(&run) }</p>
                { backend_details(&run) }
                <form class="tr-form" onsubmit={on_start} novalidate=true>
                    <div class="controls-row">
                        <label class="field">{ t("tr-model") }
                            <select id="tr-model" onchange={on_model} disabled={busy}>{ for models }</select>
                        </label>
                        <label class="field">{ t("tr-data") }
                            <select id="tr-data" onchange={on_data} disabled={busy}>
                                <option value="xo" selected={form.data == Data::Xo}>{ t("tr-data-xo") }</option>
                                <option value="digits" selected={form.data == Data::Digits}>{ t("tr-data-digits") }</option>
                            </select>
                        </label>
                        if form.data == Data::Xo {
                            <label class="field">{ t("tr-count") }<input id="tr-count" inputmode="numeric" value={form.xo_count.clone()} onchange={on_count} />{ err_for("count") }</label>
                        }
                        <label class="field">{ t("tr-backend") }
                            <select id="tr-backend-choice" onchange={on_backend} disabled={busy}>
                                <option value="auto" selected={form.backend == BackendChoice::Auto}>{ t("tr-backend-auto") }</option>
                                <option value="webgpu" selected={form.backend == BackendChoice::WebGpu}>{ "WebGPU" }</option>
                                <option value="cpu" selected={form.backend == BackendChoice::Cpu}>{ t("tr-backend-cpu-choice") }</option>
                            </select>
                        </label>
                        <label class="field">{ t("tr-seed") }<input id="tr-seed" inputmode="numeric" value={form.seed.clone()} onchange={on_seed} />{ err_for("seed") }</label>
                        <label class="field">{ t("tr-validation") }<input id="tr-validation" inputmode="decimal" value={form.validation.clone()} onchange={on_validation} />{ err_for("validation") }</label>
                    </div>
                    <div class="controls-row">
                        <label class="field">{ t("tr-optimizer") }
                            <select id="tr-optimizer" onchange={on_opt}>
                                <option value="adam" selected={form.optimizer == "adam"}>{ "Adam" }</option>
                                <option value="sgd" selected={form.optimizer == "sgd"}>{ t("tr-sgd") }</option>
                            </select>
                        </label>
                        if form.optimizer == "sgd" {
                            <label class="field">{ t("tr-momentum") }<input id="tr-momentum" inputmode="decimal" value={form.momentum.clone()} onchange={on_momentum} />{ err_for("momentum") }</label>
                        }
                        <label class="field">{ t("tr-lr") }<input id="tr-lr" inputmode="decimal" value={form.learning_rate.clone()} onchange={on_lr} />{ err_for("lr") }</label>
                        <label class="field">{ t("tr-batch") }<input id="tr-batch" inputmode="numeric" value={form.batch_size.clone()} onchange={on_batch} />{ err_for("batch") }</label>
                        <label class="field">{ t("tr-epochs") }<input id="tr-epochs" inputmode="numeric" value={form.epochs.clone()} onchange={on_epochs} />{ err_for("epochs") }</label>
                        <button type="button" class="seg" id="tr-dropout" aria-pressed={form.dropout.to_string()} onclick={on_dropout}>{ t("tr-dropout") }</button>
                        <button type="button" class="seg" id="tr-augment" aria-pressed={form.augment.to_string()} onclick={on_augment}>{ t("tr-augment") }</button>
                    </div>
                    <div class="controls-row">
                        <button type="submit" class="action" id="tr-start" disabled={busy || run.status == Status::Booting || !matches!(summary, Some(Ok(_)))}>{ t("tr-start") }</button>
                        if run.status == Status::Training {
                            <button type="button" class="action" id="tr-pause" onclick={cmd(Request::Pause)}>{ t("tr-pause") }</button>
                        }
                        if run.status == Status::Paused {
                            <button type="button" class="action" id="tr-resume" onclick={cmd(Request::Resume)}>{ t("tr-resume") }</button>
                        }
                        if busy {
                            <button type="button" class="action" id="tr-stop" onclick={cmd(Request::Stop)}>{ t("tr-stop") }</button>
                        }
                        <button type="button" class="action" id="tr-export" disabled={!run.has_model || busy} onclick={cmd(Request::Export)}>{ t("tr-export") }</button>
                        <label class="field">{ t("tr-import") }<input type="file" id="tr-import" ref={import_ref} accept=".cnnmodel" onchange={on_import} disabled={busy} /></label>
                    </div>
                    if !errors.is_empty() {
                        <p class="field-error" role="alert" id="tr-form-error">{ t("tr-fix-fields") }</p>
                    }
                </form>
                if let Some(e) = start.1.as_ref().filter(|_| form.custom.is_none() && form.model == start.0.model) {
                    <p class="note" role="alert" id="tr-url-note">{ super::spec_url::error_text(e, form.model) }</p>
                }
                if let Some(m) = &run.message {
                    <p class="note" role="alert" id="tr-message">{ m }</p>
                }
                <div class="controls-row">
                    <button type="button" class="seg" id="tr-edit" aria-pressed={editing.to_string()} aria-controls={editing.then_some("tr-editor")}
                        onclick={{ let editing = editing.clone(); Callback::from(move |_: MouseEvent| editing.set(!*editing)) }}>{ t("ed-toggle") }</button>
                    if form.custom.is_some() {
                        <button type="button" class="seg" id="tr-edit-reset" disabled={busy} onclick={{
                            let form = form.clone();
                            Callback::from(move |_: MouseEvent| { let mut f2 = (*form).clone(); f2.custom = None; form.set(f2); })
                        }}>{ t("ed-reset") }</button>
                    }
                </div>
                if *editing {
                    if let Some(sp) = spec.clone() {
                        <ModelEditor spec={sp} disabled={busy} on_change={{
                            let form = form.clone();
                            Callback::from(move |sp: cnn_train::ModelSpec| { let mut f2 = (*form).clone(); f2.custom = Some(sp); form.set(f2); })
                        }} />
                    }
                }
                { summary_view }
                { progress }
                <div class="row curves">
                    <figure><Curve batches={batches.clone()} stride={run.stride} epochs={epochs.clone()} steps_per_epoch={spe} accuracy=false label={curve_label(false)} /><figcaption>{ t("tr-loss") }</figcaption></figure>
                    <figure><Curve batches={batches} stride={run.stride} epochs={epochs} steps_per_epoch={spe} accuracy=true label={curve_label(true)} /><figcaption>{ t("tr-accuracy") }</figcaption></figure>
                </div>
                if !run.epochs.is_empty() {
                    <table class="summary" id="tr-epochs">
                        <caption>{ t("tr-epoch-table") }</caption>
                        <thead><tr><th scope="col">{ t("tr-epoch") }</th><th scope="col">{ t("tr-train-loss") }</th><th scope="col">{ t("tr-train-acc") }</th><th scope="col">{ t("tr-val-loss") }</th><th scope="col">{ t("tr-val-acc") }</th></tr></thead>
                        <tbody>{ for epoch_rows }</tbody>
                    </table>
                }
                { network_view.unwrap_or_default() }
                { eval_view.unwrap_or_default() }
                <section class="tr-draw" aria-label={t("tr-draw")}>
                    <h3>{ t("tr-draw") }</h3>
                    <div class="row">
                        <canvas ref={draw_ref} id="tr-pad" class="draw" width="140" height="140" aria-label={t("tr-draw-label")}
                            onpointerdown={draw_events.0} onpointermove={draw_events.1} onpointerup={draw_events.2} />
                        <div>
                            <button type="button" class="action" onclick={clear_pad}>{ t("tr-clear") }</button>
                            <p class="readout" id="tr-drawn" aria-live="polite">{ prediction_view.unwrap_or_else(|| t("tr-draw-hint")) }</p>
                        </div>
                    </div>
                </section>
                <p class="hint credits">{ t("tr-credits") }</p>
            </main>
            { projector_overlays(form.projector, blank) }
        </div>
    }
}

/// Why training runs on the processor, in a sentence (`tr-cpu-<code>`).
fn why_no_gpu(why: &NoGpu) -> String {
    t(&format!("tr-cpu-{}", why.why.code()))
}

/// The technical reason behind [`why_no_gpu`], folded away.
fn backend_details(run: &Run) -> Html {
    match &run.webgpu {
        Some(Err(why)) if run.backend != Some(Backend::WebGpu) => html! {
            <details class="hint" id="tr-backend-details">
                <summary>{ t("tr-backend-details") }</summary>
                <code>{ why.detail.clone() }</code>
            </details>
        },
        _ => html! {},
    }
}

/// Which backend trains, and why.
fn backend_line(run: &Run) -> String {
    match (&run.webgpu, run.backend) {
        (None, _) => t("tr-backend-starting"),
        (_, Some(Backend::WebGpu)) => t("tr-backend-on-webgpu"),
        (Some(Ok(())), Some(Backend::Cpu)) if run.software => t("tr-backend-on-cpu-software"),
        (Some(Ok(())), Some(Backend::Cpu)) => t("tr-backend-on-cpu-chosen"),
        (Some(Err(why)), Some(Backend::Cpu)) => why_no_gpu(why),
        (Some(Ok(())), None) if run.software => t("tr-backend-software"),
        (Some(Ok(())), None) => t("tr-backend-webgpu-ready"),
        (Some(Err(why)), None) => why_no_gpu(why),
    }
}

/// The drawing as the model's input: ink is 1, paper 0, scaled to the
/// model's size (digits keep MNIST's 4-pixel margin).
fn read_drawing(c: &HtmlCanvasElement, spec: &cnn_train::ModelSpec) -> Option<Vec<f32>> {
    let (h, w, ch) = (spec.input.height, spec.input.width, spec.input.channels);
    let doc = web_sys::window()?.document()?;
    let small: HtmlCanvasElement = doc.create_element("canvas").ok()?.dyn_into().ok()?;
    small.set_width(w as u32);
    small.set_height(h as u32);
    let ctx = ctx2d(&small)?;
    ctx.set_fill_style_str("#fff");
    ctx.fill_rect(0.0, 0.0, w as f64, h as f64);
    let m = if h >= 28 { h as f64 * 0.14 } else { 0.0 };
    ctx.draw_image_with_html_canvas_element_and_dw_and_dh(
        c,
        m,
        m,
        w as f64 - 2.0 * m,
        h as f64 - 2.0 * m,
    )
    .ok()?;
    let data = ctx
        .get_image_data(0.0, 0.0, w as f64, h as f64)
        .ok()?
        .data();
    let grey: Vec<f32> = (0..h * w)
        .map(|i| 1.0 - data[i * 4] as f32 / 255.0)
        .collect();
    Some((0..ch).flat_map(|_| grey.iter().copied()).collect())
}

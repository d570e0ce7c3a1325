//! The trainer page: the form, the worker, and everything it reports.

use std::rc::Rc;

use cnn_train::protocol::{
    Backend, BackendChoice, Mistake, NoGpu, Reply, Request, Snapshot, WorkerError,
};
use cnn_train::{BatchStats, EpochStats, Evaluation, Event as TrainEvent, Failure, Prediction};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{HtmlCanvasElement, HtmlInputElement, MessageEvent, Worker};
use yew::prelude::*;

use super::form::{Data, FieldError, Form};
use crate::i18n::{n, s, t, t_args};
use crate::view::grid::shade_lut;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// The worker is starting.
    Booting,
    Idle,
    Loading,
    Training,
    Paused,
    Done,
    Stopped,
    Failed,
}

/// What the worker has told us about the current run.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub status: Status,
    /// Whether the worker can use WebGPU, and why not when it cannot.
    pub webgpu: Option<Result<(), NoGpu>>,
    /// WebGPU is there but runs in software (SwiftShader).
    pub software: bool,
    /// The backend of the current run.
    pub backend: Option<Backend>,
    pub started_at: f64,
    /// Time spent paused, not counted as training time.
    pub paused_ms: f64,
    pub paused_at: Option<f64>,
    pub images: usize,
    pub steps_per_epoch: usize,
    pub epochs_total: usize,
    /// The training curve: each point averages `stride` batches, so that a
    /// long run keeps a bounded history (at most [`MAX_POINTS`]).
    pub batches: Rc<Vec<BatchStats>>,
    pub stride: usize,
    /// Batches not yet folded into a point.
    pending: Vec<BatchStats>,
    /// Batches done in this run.
    pub batch_count: usize,
    pub epochs: Vec<EpochStats>,
    pub class_names: Vec<String>,
    pub sizes: (usize, usize),
    pub snapshot: Option<Rc<Snapshot>>,
    pub evaluation: Option<Rc<(Evaluation, Vec<Mistake>)>>,
    pub prediction: Option<Rc<Prediction>>,
    pub message: Option<String>,
    pub has_model: bool,
}

impl Default for Run {
    fn default() -> Self {
        Run {
            status: Status::Booting,
            webgpu: None,
            software: false,
            backend: None,
            started_at: 0.0,
            paused_ms: 0.0,
            paused_at: None,
            images: 0,
            steps_per_epoch: 0,
            epochs_total: 0,
            batches: Rc::new(vec![]),
            stride: 1,
            pending: vec![],
            batch_count: 0,
            epochs: vec![],
            class_names: vec![],
            sizes: (0, 0),
            snapshot: None,
            evaluation: None,
            prediction: None,
            message: None,
            has_model: false,
        }
    }
}

/// Most points a training curve keeps.
const MAX_POINTS: usize = 1000;

/// The mean of some batches' figures, as one point (the last one's place).
fn mean_point(group: &[BatchStats]) -> Option<BatchStats> {
    let last = group.last()?.clone();
    let k = group.len() as f32;
    Some(BatchStats {
        loss: group.iter().map(|b| b.loss).sum::<f32>() / k,
        accuracy: group.iter().map(|b| b.accuracy).sum::<f32>() / k,
        ..last
    })
}

impl Run {
    fn add_batch(&mut self, b: BatchStats) {
        self.batch_count += 1;
        self.pending.push(b);
        if self.pending.len() < self.stride {
            return;
        }
        let point = mean_point(&std::mem::take(&mut self.pending));
        let points = Rc::make_mut(&mut self.batches);
        points.extend(point);
        if points.len() >= MAX_POINTS {
            // Halve the resolution: each point now stands for twice as many batches.
            *points = points.chunks(2).filter_map(mean_point).collect();
            self.stride *= 2;
        }
    }
}

pub enum Msg {
    Reply(Reply, f64),
    Starting(usize),
    Message(String),
    /// Forget the run and its model (the photos page's "clear everything").
    Reset,
}

fn now() -> f64 {
    js_sys::Date::now()
}

impl Reducible for Run {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let mut r = (*self).clone();
        match msg {
            Msg::Starting(epochs) => {
                r = Run {
                    status: Status::Loading,
                    webgpu: r.webgpu,
                    software: r.software,
                    epochs_total: epochs,
                    started_at: now(),
                    ..Run::default()
                };
            }
            Msg::Message(m) => r.message = Some(m),
            Msg::Reset => {
                r = Run {
                    status: Status::Idle,
                    webgpu: r.webgpu,
                    software: r.software,
                    ..Run::default()
                };
            }
            Msg::Reply(reply, at) => match reply {
                Reply::Ready {
                    reason, software, ..
                } => {
                    r.webgpu = Some(reason.map_or(Ok(()), Err));
                    r.software = software;
                    r.status = Status::Idle;
                }
                Reply::FellBack {
                    reason,
                    epoch,
                    step,
                } => {
                    r.backend = Some(Backend::Cpu);
                    r.message = Some(t_args(
                        "tr-fell-back",
                        &[
                            ("reason", s(reason)),
                            ("epoch", n(epoch)),
                            ("step", n(step)),
                        ],
                    ));
                }
                Reply::Started {
                    backend,
                    train,
                    validation,
                    class_names,
                    steps_per_epoch,
                } => {
                    r.status = Status::Training;
                    r.backend = Some(backend);
                    r.sizes = (train, validation);
                    r.class_names = class_names;
                    r.steps_per_epoch = steps_per_epoch;
                    r.started_at = at;
                    r.has_model = true;
                }
                Reply::Event { event } => match event {
                    TrainEvent::Batch(b) => {
                        r.images += b.images;
                        r.add_batch(b);
                    }
                    TrainEvent::Epoch(e) => r.epochs.push(e),
                    TrainEvent::Done => r.status = Status::Done,
                    TrainEvent::Failed(f) => {
                        r.status = Status::Failed;
                        r.message = Some(match f {
                            Failure::Diverged { epoch, step } => {
                                t_args("tr-diverged", &[("epoch", n(epoch)), ("step", n(step))])
                            }
                            Failure::Device { message } => {
                                t_args("tr-device-failed", &[("detail", s(message))])
                            }
                        });
                    }
                },
                Reply::Snapshot { snapshot } => r.snapshot = Some(Rc::from(snapshot)),
                Reply::Evaluation {
                    evaluation,
                    mistakes,
                } => r.evaluation = Some(Rc::new((evaluation, mistakes))),
                Reply::Prediction { prediction } => r.prediction = Some(Rc::new(prediction)),
                Reply::Paused => {
                    r.status = Status::Paused;
                    r.paused_at = Some(at);
                }
                Reply::Resumed => {
                    r.status = Status::Training;
                    if let Some(p) = r.paused_at.take() {
                        r.paused_ms += at - p;
                    }
                }
                Reply::Stopped => r.status = Status::Stopped,
                Reply::Exported { .. } => {}
                Reply::Imported { class_names, .. } => {
                    r = Run {
                        status: Status::Done,
                        webgpu: r.webgpu,
                        software: r.software,
                        class_names,
                        has_model: true,
                        message: Some(t("tr-imported")),
                        ..Run::default()
                    };
                }
                Reply::Explanation { .. }
                | Reply::Kept { .. }
                | Reply::Decoded { .. }
                | Reply::DecodeFailed { .. } => {}
                Reply::Error { error } => {
                    if matches!(r.status, Status::Loading) {
                        r.status = Status::Idle;
                    }
                    r.message = Some(error_text(&error));
                }
            },
        }
        Rc::new(r)
    }
}

/// A worker's message: a [`Reply`] as JSON, alone or with bytes beside it
/// (`[json, Uint8Array]`).
pub(crate) fn read_reply(e: &MessageEvent) -> Option<(Reply, Option<JsValue>)> {
    let data = e.data();
    let (json, bytes) = if let Some(s) = data.as_string() {
        (s, None)
    } else if let Some(arr) = data.dyn_ref::<js_sys::Array>() {
        (arr.get(0).as_string()?, Some(arr.get(1)))
    } else {
        return None;
    };
    serde_json::from_str::<Reply>(&json)
        .ok()
        .map(|reply| (reply, bytes))
}

pub(crate) fn send(worker: &Option<Worker>, req: &Request) {
    if let (Some(w), Ok(json)) = (worker, serde_json::to_string(req)) {
        let _ = w.post_message(&JsValue::from_str(&json));
    }
}

pub(crate) fn ctx2d(c: &HtmlCanvasElement) -> Option<web_sys::CanvasRenderingContext2d> {
    c.get_context("2d").ok().flatten()?.dyn_into().ok()
}

/// Paints `h × w` values on the diverging scale (`signed`) or as grey ink.
pub(crate) fn paint(c: &HtmlCanvasElement, values: &[f32], h: usize, w: usize, signed: bool) {
    c.set_width(w as u32);
    c.set_height(h as u32);
    let scale = values.iter().fold(1e-6f32, |m, v| m.max(v.abs()));
    let lut = shade_lut();
    let mut rgba = Vec::with_capacity(h * w * 4);
    for &v in values.iter().take(h * w) {
        let [r, g, b] = if signed {
            lut[((v / scale * 127.5 + 127.5) as i32).clamp(0, 255) as usize]
        } else {
            let g = (255.0 - v.clamp(0.0, 1.0) * 255.0) as u8;
            [g, g, g]
        };
        rgba.extend_from_slice(&[r, g, b, 255]);
    }
    if let (Some(ctx), Ok(data)) = (
        ctx2d(c),
        web_sys::ImageData::new_with_u8_clamped_array_and_sh(Clamped(&rgba), w as u32, h as u32),
    ) {
        let _ = ctx.put_image_data(&data, 0.0, 0.0);
    }
}

/// A small canvas painted after render.
#[derive(Properties, PartialEq)]
pub(crate) struct TileProps {
    pub values: Rc<Vec<f32>>,
    pub h: usize,
    pub w: usize,
    pub signed: bool,
    pub label: AttrValue,
    #[prop_or_default]
    pub class: Classes,
}

#[function_component(Tile)]
pub(crate) fn tile(p: &TileProps) -> Html {
    let r = use_node_ref();
    {
        let r = r.clone();
        let (values, h, w, signed) = (p.values.clone(), p.h, p.w, p.signed);
        use_effect(move || {
            if let Some(c) = r.cast::<HtmlCanvasElement>() {
                paint(&c, &values, h, w, signed);
            }
        });
    }
    html! { <canvas ref={r} class={classes!("tile", p.class.clone())} role="img" aria-label={p.label.clone()} title={p.label.clone()} /> }
}

/// Loss and accuracy curves, training (per batch, smoothed) and validation
/// (per epoch), drawn on a canvas.
#[derive(Properties, PartialEq)]
pub(crate) struct CurveProps {
    pub batches: Rc<Vec<BatchStats>>,
    /// Batches per point of `batches`.
    pub stride: usize,
    pub epochs: Rc<Vec<EpochStats>>,
    pub steps_per_epoch: usize,
    pub accuracy: bool,
    pub label: AttrValue,
}

#[function_component(Curve)]
pub(crate) fn curve(p: &CurveProps) -> Html {
    let r = use_node_ref();
    {
        let r = r.clone();
        let stride = p.stride as f64;
        let (batches, epochs, spe, acc) = (
            p.batches.clone(),
            p.epochs.clone(),
            p.steps_per_epoch.max(1),
            p.accuracy,
        );
        use_effect(move || {
            let Some(c) = r.cast::<HtmlCanvasElement>() else {
                return;
            };
            let (w, h) = (480.0, 200.0);
            c.set_width(w as u32);
            c.set_height(h as u32);
            let Some(ctx) = ctx2d(&c) else { return };
            ctx.set_fill_style_str("#fff");
            ctx.fill_rect(0.0, 0.0, w, h);
            let total = ((epochs.len().max(1) * spe) as f64)
                .max(batches.len() as f64 * stride)
                .max(1.0);
            let train: Vec<f64> = {
                // Exponential smoothing, as TensorBoard shows it.
                let mut m = None;
                batches
                    .iter()
                    .map(|b| {
                        let v = if acc { b.accuracy } else { b.loss } as f64;
                        let s = m.map_or(v, |p: f64| 0.9 * p + 0.1 * v);
                        m = Some(s);
                        s
                    })
                    .collect()
            };
            let val: Vec<(f64, f64)> = epochs
                .iter()
                .map(|e| {
                    (
                        (e.epoch * spe) as f64,
                        if acc { e.val_accuracy } else { e.val_loss } as f64,
                    )
                })
                .collect();
            let top = if acc {
                1.0
            } else {
                train
                    .iter()
                    .chain(val.iter().map(|v| &v.1))
                    .cloned()
                    .fold(0.1, f64::max)
                    .min(10.0)
            };
            let x = |i: f64| 36.0 + (w - 46.0) * i / total;
            let y = |v: f64| h - 22.0 - (h - 32.0) * (v / top).clamp(0.0, 1.0);
            ctx.set_stroke_style_str("#d0d4da");
            ctx.set_fill_style_str("#333");
            ctx.set_font("12px sans-serif");
            for k in 0..=4 {
                let v = top * k as f64 / 4.0;
                ctx.begin_path();
                ctx.move_to(36.0, y(v));
                ctx.line_to(w - 10.0, y(v));
                ctx.stroke();
                let _ = ctx.fill_text(
                    &if acc {
                        format!("{:.0}%", v * 100.0)
                    } else {
                        format!("{v:.2}")
                    },
                    2.0,
                    y(v) + 4.0,
                );
            }
            ctx.set_line_width(2.0);
            ctx.set_stroke_style_str("#c2410c");
            ctx.begin_path();
            for (i, v) in train.iter().enumerate() {
                if i == 0 {
                    ctx.move_to(x((i as f64 + 1.0) * stride), y(*v));
                } else {
                    ctx.line_to(x((i as f64 + 1.0) * stride), y(*v));
                }
            }
            ctx.stroke();
            ctx.set_stroke_style_str("#1d4ed8");
            ctx.set_fill_style_str("#1d4ed8");
            ctx.begin_path();
            for (k, (i, v)) in val.iter().enumerate() {
                if k == 0 {
                    ctx.move_to(x(*i), y(*v));
                } else {
                    ctx.line_to(x(*i), y(*v));
                }
            }
            ctx.stroke();
            for (i, v) in &val {
                ctx.begin_path();
                let _ = ctx.arc(x(*i), y(*v), 4.0, 0.0, std::f64::consts::TAU);
                ctx.fill();
            }
        });
    }
    html! { <canvas ref={r} class="curve" role="img" aria-label={p.label.clone()} /> }
}

pub(crate) fn field_error_text(e: &FieldError) -> String {
    t_args(
        e.key,
        &[
            ("value", s(e.value.clone())),
            ("max", n(e.max.unwrap_or(0))),
        ],
    )
}

pub(crate) fn fmt_time(ms: f64) -> String {
    let secs = (ms / 1000.0).max(0.0).round() as u64;
    format!("{}:{:02}", secs / 60, secs % 60)
}

fn query_pairs() -> Vec<(String, String)> {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    crate::route::pairs(&search)
}

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
    let blank = crate::view::use_blank_screen(form.projector);
    crate::view::use_pointer_spot();

    // The worker starts when the trainer opens, and ends when it closes.
    {
        let worker = worker.clone();
        let run = run.clone();
        use_effect_with((), move |_| {
            let w = Worker::new("./trainer_loader.js").ok();
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
        Callback::from(move |_: MouseEvent| {
            crate::view::fullscreen_for_projector(!form.projector);
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
        crate::view::pad_events(
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
            html! { <p class="field-error" role="alert" id="tr-spec-error">{ super::editor::spec_error_text(e) }</p> }
        }
        None => html! {},
    };

    // Progress.
    let spe = run.steps_per_epoch.max(1);
    let done_steps = run.batch_count;
    let total_steps = spe * run.epochs_total.max(1);
    let elapsed = match run.status {
        Status::Training | Status::Paused => {
            run.paused_at.unwrap_or_else(now) - run.started_at - run.paused_ms
        }
        _ => run
            .batches
            .last()
            .map(|_| now() - run.started_at - run.paused_ms)
            .unwrap_or(0.0),
    };
    let rate = if elapsed > 0.0 {
        run.images as f64 / (elapsed / 1000.0)
    } else {
        0.0
    };
    let remaining = if done_steps > 0 && done_steps < total_steps {
        elapsed / done_steps as f64 * (total_steps - done_steps) as f64
    } else {
        0.0
    };
    let last = run.pending.last().or(run.batches.last());
    let progress = html! {
        <div class="progress" id="tr-progress">
            <progress max={total_steps.to_string()} value={done_steps.to_string()} aria-label={t("tr-progress")}></progress>
            <p class="readout" aria-live="off">{ t_args("tr-progress-line", &[
                ("epoch", n(last.map(|b| b.epoch).unwrap_or(0))),
                ("epochs", n(run.epochs_total)),
                ("step", n(last.map(|b| b.step).unwrap_or(0))),
                ("steps", n(spe)),
                ("elapsed", s(fmt_time(elapsed))),
                ("remaining", s(fmt_time(remaining))),
                ("rate", n(rate.round() as usize)),
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
            <header class="top">
                <h1><a href="?" class="home">{ t("app-title") }</a></h1>
                <nav aria-label={t("sections")}><ul class="stages">
                    <li><a class="stage-link" href="?">{ t("nav-lesson") }</a></li>
                    <li><a class="stage-link" href="?view=playground">{ t("nav-playground") }</a></li>
                    <li><a class="stage-link active" href="?view=train" aria-current="page">{ t("nav-train") }</a></li>
                    <li><a class="stage-link" href="?view=photos">{ t("nav-photos") }</a></li>
                </ul></nav>
                <div class="top-tools">
                    { crate::view::projector_button(form.projector, on_projector) }
                    { crate::view::language_buttons(&on_lang) }
                </div>
            </header>
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
                        <super::editor::ModelEditor spec={sp} disabled={busy} on_change={{
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
            { crate::view::projector_overlays(form.projector, blank) }
        </div>
    }
}

/// A worker's error in the learner's language: `err-<code>` with its
/// arguments (a model that does not fit, in the editor's words).
pub(crate) fn error_text(e: &WorkerError) -> String {
    if let WorkerError::Spec { error } = e {
        return super::editor::spec_error_text(error);
    }
    let args: Vec<_> = e.args().into_iter().map(|(k, v)| (k, s(v))).collect();
    t_args(&format!("err-{}", e.code()), &args)
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

/// 4288577 → "4,288,577", as Keras prints it.
pub(crate) fn group(v: usize) -> String {
    let s = v.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
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

/// Offers bytes as a download (nothing leaves the device).
pub(crate) fn save_file(bytes: &JsValue, name: &str) {
    let parts = js_sys::Array::of1(bytes);
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence(&parts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(a) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_run_keeps_a_bounded_curve() {
        let mut r = Run::default();
        for i in 0..50_000usize {
            r.add_batch(BatchStats {
                epoch: 1 + i / 250,
                step: 1 + i % 250,
                steps_per_epoch: 250,
                loss: 1.0,
                accuracy: 0.5,
                images: 16,
            });
        }
        assert_eq!(r.batch_count, 50_000);
        assert!(r.batches.len() < MAX_POINTS);
        // Every point stands for `stride` batches; together with the pending ones, all are there.
        assert_eq!(r.batches.len() * r.stride + r.pending.len(), 50_000);
        assert!(r.batches.iter().all(|b| b.loss == 1.0 && b.accuracy == 0.5));
    }
}

//! The playground page. It loads a picture into an `[channels, h, w]` array,
//! asks `model::compute` (cnn-core) for the feature maps, and draws them.

use std::rc::Rc;

use cnn_core::{CoreError, Padding, PoolKind, Reduction};
use ndarray::{Array2, Array3};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlImageElement};
use yew::prelude::*;

use super::model::{
    self, Colour, KernelSpec, PoolSpec, Settings, Source, StepAt, StepError, KERNEL_SIZES, SAMPLES,
};
use super::step::StepMode;
use crate::i18n::{n, s, t, t_args};
use crate::shell::header::{Header, Section};
use crate::shell::projector::{projector_overlays, use_blank_screen, use_pointer_spot};
use crate::shell::query::current_pairs as query_pairs;
pub(super) use crate::ui::canvas::ctx2d;
use crate::ui::grid::shade_lut;
use crate::ui::pad::pad_events;

/// Pictures are scaled to fit this box before convolving.
const MAX_W: u32 = 320;
const MAX_H: u32 = 240;
/// The drawing pad's resolution.
const DRAW: u32 = 64;

/// The 2-D context of a canvas whose pixels are read back: kept on the CPU
/// (`willReadFrequently`), where `getImageData` does not stall on the GPU.
/// Must be the first context asked of that canvas.
pub(super) fn ctx2d_read(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"willReadFrequently".into(), &true.into());
    canvas
        .get_context_with_context_options("2d", &options)
        .ok()
        .flatten()?
        .dyn_into()
        .ok()
}

/// RGB pixels of a canvas → `[3, h, w]` in [0, 1].
fn read_canvas(canvas: &HtmlCanvasElement) -> Option<Array3<f32>> {
    let (w, h) = (canvas.width(), canvas.height());
    let data = ctx2d_read(canvas)?
        .get_image_data(0.0, 0.0, w as f64, h as f64)
        .ok()?
        .data();
    Some(Array3::from_shape_fn(
        (3, h as usize, w as usize),
        |(ch, r, c)| data[(r * w as usize + c) * 4 + ch] as f32 / 255.0,
    ))
}

/// Draw an image element scaled to fit the box, and read its pixels.
fn image_to_array(img: &HtmlImageElement) -> Option<Array3<f32>> {
    let (iw, ih) = (img.natural_width().max(1), img.natural_height().max(1));
    let scale = (MAX_W as f64 / iw as f64)
        .min(MAX_H as f64 / ih as f64)
        .min(1.0);
    let (w, h) = (
        ((iw as f64 * scale).round() as u32).max(1),
        ((ih as f64 * scale).round() as u32).max(1),
    );
    let canvas: HtmlCanvasElement = web_sys::window()?
        .document()?
        .create_element("canvas")
        .ok()?
        .dyn_into()
        .ok()?;
    canvas.set_width(w);
    canvas.set_height(h);
    ctx2d_read(&canvas)?
        .draw_image_with_html_image_element_and_dw_and_dh(img, 0.0, 0.0, w as f64, h as f64)
        .ok()?;
    read_canvas(&canvas)
}

/// Load a picture by URL (a sample, or an object URL of the learner's file).
fn load_image(url: &str, done: Callback<Result<Array3<f32>, ()>>) {
    let Ok(img) = HtmlImageElement::new() else {
        done.emit(Err(()));
        return;
    };
    let ok = {
        let img = img.clone();
        let done = done.clone();
        Closure::once_into_js(move || done.emit(image_to_array(&img).ok_or(())))
    };
    let fail = Closure::once_into_js(move || done.emit(Err(())));
    img.set_onload(Some(ok.unchecked_ref()));
    img.set_onerror(Some(fail.unchecked_ref()));
    img.set_src(url);
}

/// The ±1 X or O as a one-channel picture.
fn xo_array(o: bool) -> Array3<f32> {
    let img = if o {
        cnn_core::xo::o_image()
    } else {
        cnn_core::xo::x_image()
    };
    img.mapv(|v| v as f32).insert_axis(ndarray::Axis(0))
}

/// Paint a `[h, w]` map into a canvas with the diverging scale.
pub(super) fn paint_map(canvas: &HtmlCanvasElement, values: &Array2<f32>, scale: f32) {
    let (h, w) = values.dim();
    canvas.set_width(w as u32);
    canvas.set_height(h as u32);
    let lut = shade_lut();
    let k = 127.5 / scale;
    let mut rgba = Vec::with_capacity(w * h * 4);
    for v in values.iter() {
        let i = ((*v * k + 127.5) as i32).clamp(0, 255) as usize;
        let [r, g, b] = lut[i];
        rgba.extend_from_slice(&[r, g, b, 255]);
    }
    if let (Some(ctx), Ok(data)) = (
        ctx2d(canvas),
        web_sys::ImageData::new_with_u8_clamped_array_and_sh(Clamped(&rgba), w as u32, h as u32),
    ) {
        let _ = ctx.put_image_data(&data, 0.0, 0.0);
    }
}

/// Paint the input as the network sees it (grey, colour, or ±1).
fn paint_input(canvas: &HtmlCanvasElement, img: &Array3<f32>) {
    let (ch, h, w) = img.dim();
    canvas.set_width(w as u32);
    canvas.set_height(h as u32);
    let lo = img.iter().cloned().fold(0.0f32, f32::min); // -1 for X/O
    let span = (1.0 - lo).max(1e-6);
    let mut rgba = Vec::with_capacity(w * h * 4);
    for r in 0..h {
        for c in 0..w {
            let px = |k: usize| {
                (((img[[k.min(ch - 1), r, c]] - lo) / span).clamp(0.0, 1.0) * 255.0) as u8
            };
            rgba.extend_from_slice(&[px(0), px(1), px(2), 255]);
        }
    }
    if let (Some(ctx), Ok(data)) = (
        ctx2d_read(canvas),
        web_sys::ImageData::new_with_u8_clamped_array_and_sh(Clamped(&rgba), w as u32, h as u32),
    ) {
        let _ = ctx.put_image_data(&data, 0.0, 0.0);
    }
}

/// The file a file input's `change` event picked, if any.
fn picked_file(e: &Event) -> Option<web_sys::File> {
    e.target()?
        .dyn_into::<web_sys::HtmlInputElement>()
        .ok()?
        .files()?
        .get(0)
}

fn error_sentence(e: &CoreError) -> String {
    match e {
        CoreError::NoOutput {
            padded_input,
            kernel_extent,
        } => t_args(
            "pg-no-output",
            &[
                ("kh", n(kernel_extent.0)),
                ("kw", n(kernel_extent.1)),
                ("ph", n(padded_input.0)),
                ("pw", n(padded_input.1)),
            ],
        ),
        other => t_args("pg-error", &[("detail", s(other.to_string()))]),
    }
}

#[derive(Clone, Copy, PartialEq)]
struct Hover {
    map: usize,
    row: usize,
    col: usize,
}

fn select<T: Clone + PartialEq + 'static>(
    id: &str,
    label: String,
    options: Vec<(T, String)>,
    current: T,
    on: Callback<T>,
) -> Html {
    let opts = options.clone();
    let onchange = Callback::from(move |e: Event| {
        if let Some(sel) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
        {
            if let Some((v, _)) = sel.value().parse::<usize>().ok().and_then(|i| opts.get(i)) {
                on.emit(v.clone());
            }
        }
    });
    let items = options.iter().enumerate().map(|(i, (v, text))| {
        html! { <option value={i.to_string()} selected={*v == current}>{ text.clone() }</option> }
    });
    html! {
        <label class="field" for={id.to_string()}>{ label }
            <select id={id.to_string()} {onchange}>{ for items }</select>
        </label>
    }
}

#[derive(Properties, PartialEq)]
struct KernelEditorProps {
    index: usize,
    kernel: KernelSpec,
    removable: bool,
    on_change: Callback<(usize, KernelSpec)>,
    on_remove: Callback<usize>,
}

#[function_component(KernelEditor)]
fn kernel_editor(p: &KernelEditorProps) -> Html {
    let invalid = use_state(|| None::<usize>);
    let idx = p.index;
    let presets: Vec<(Option<&'static str>, String)> = std::iter::once((None, t("pg-custom")))
        .chain(
            cnn_core::kernels::presets()
                .into_iter()
                .map(|k| (Some(k.slug), t(&format!("kernel-{}", k.slug)))),
        )
        .collect();
    let on_preset = {
        let cb = p.on_change.clone();
        let kernel = p.kernel.clone();
        Callback::from(move |slug: Option<&'static str>| {
            let k = match slug {
                Some(s) => KernelSpec::preset(s),
                None => Some(KernelSpec {
                    preset: None,
                    ..kernel.clone()
                }),
            };
            if let Some(k) = k {
                cb.emit((idx, k));
            }
        })
    };
    let on_size = {
        let cb = p.on_change.clone();
        let kernel = p.kernel.clone();
        Callback::from(move |size: usize| cb.emit((idx, kernel.resized(size))))
    };
    let size = p.kernel.size;
    let cells = p.kernel.weights.iter().enumerate().map(|(i, w)| {
        let cb = p.on_change.clone();
        let kernel = p.kernel.clone();
        let flag = invalid.clone();
        let onchange = Callback::from(move |e: Event| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
            match input.value().trim().parse::<f32>() {
                Ok(v) if v.is_finite() => {
                    flag.set(None);
                    let mut k = kernel.clone();
                    k.weights[i] = v;
                    k.preset = None;
                    cb.emit((idx, k));
                }
                _ => flag.set(Some(i)),
            }
        });
        let label = t_args("pg-weight-label", &[("row", n(i / size + 1)), ("col", n(i % size + 1))]);
        html! {
            <input class="weight" type="text" inputmode="decimal" value={format_weight(*w)}
                aria-label={label} aria-invalid={(*invalid == Some(i)).then_some("true")} {onchange} />
        }
    });
    let remove = {
        let cb = p.on_remove.clone();
        Callback::from(move |_: MouseEvent| cb.emit(idx))
    };
    let explain = p
        .kernel
        .preset
        .map(|slug| t(&format!("kernel-{slug}-about")));
    html! {
        <fieldset class="kernel-editor" id={format!("kernel-{idx}")}>
            <legend>{ t_args("pg-kernel-n", &[("n", n(idx + 1))]) }</legend>
            <div class="controls-row">
                { select(&format!("kernel-{idx}-preset"), t("pg-preset"), presets, p.kernel.preset, on_preset) }
                { select(&format!("kernel-{idx}-size"), t("pg-size"), KERNEL_SIZES.iter().map(|k| (*k, format!("{k}×{k}"))).collect(), size, on_size) }
                if p.removable { <button class="action" onclick={remove}>{ t("pg-remove-kernel") }</button> }
            </div>
            <div class="weights" style={format!("grid-template-columns: repeat({size}, 3.6rem)")}>{ for cells }</div>
            if invalid.is_some() { <p class="field-error" role="alert">{ t("pg-weight-invalid") }</p> }
            if let Some(e) = explain { <p class="hint">{ e }</p> }
        </fieldset>
    }
}

fn format_weight(v: f32) -> String {
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.').to_string();
    if s == "-0" {
        "0".into()
    } else {
        s
    }
}

/// The output-size formula along one axis, with the learner's numbers.
fn formula_line(
    key: &str,
    input: usize,
    pad: cnn_core::Pad,
    kernel: usize,
    dilation: usize,
    stride: usize,
    out: usize,
) -> String {
    let k_eff = dilation * (kernel - 1) + 1;
    t_args(
        key,
        &[
            ("w", n(input)),
            ("k", n(k_eff)),
            ("p2", n(pad.before + pad.after)),
            ("s", n(stride)),
            ("out", n(out)),
        ],
    )
}

/// The convolution output cell a map cell starts from (a pooled map's cell
/// covers a window of them).
fn conv_cell(geo: &model::Geometry, row: usize, col: usize) -> (usize, usize) {
    match geo.pool {
        Some(p) => {
            let w = cnn_core::window(&p, row, col);
            (w.top.max(0) as usize, w.left.max(0) as usize)
        }
        None => (row, col),
    }
}

#[function_component(Playground)]
pub fn playground() -> Html {
    let init = use_memo((), |_| model::parse(&query_pairs()));
    let settings = use_state(|| init.0.clone());
    let notes = use_state(|| init.1.clone());
    let image = use_state(|| None::<Rc<Array3<f32>>>);
    let load_error = use_state(|| None::<String>);
    let hover = use_state(|| None::<Hover>);
    let lang = use_state(crate::i18n::language);
    let input_ref = use_node_ref();
    let draw_ref = use_node_ref();
    let drawing = use_state(|| false);
    let video_ref = use_node_ref();
    let stats_ref = use_node_ref();
    let video_url = use_state(|| None::<String>);
    let live_error = use_state(|| None::<String>);
    let live = settings.source.is_live();
    let blank = use_blank_screen(settings.projector);
    use_pointer_spot();

    // Load the picture when the source changes.
    {
        let image = image.clone();
        let load_error = load_error.clone();
        let draw_ref = draw_ref.clone();
        use_effect_with(settings.source.clone(), move |source| match source {
            Source::X => image.set(Some(Rc::new(xo_array(false)))),
            Source::O => image.set(Some(Rc::new(xo_array(true)))),
            Source::Sample(name) => {
                let image = image.clone();
                let load_error = load_error.clone();
                load_image(
                    &format!("samples/{name}.jpg"),
                    Callback::from(move |r: Result<Array3<f32>, ()>| match r {
                        Ok(a) => {
                            load_error.set(None);
                            image.set(Some(Rc::new(a)));
                        }
                        Err(()) => load_error.set(Some(t("pg-sample-failed"))),
                    }),
                );
            }
            Source::Drawing => {
                if let Some(c) = draw_ref.cast::<HtmlCanvasElement>() {
                    if let Some(ctx) = ctx2d_read(&c) {
                        ctx.set_fill_style_str("#fff");
                        ctx.fill_rect(0.0, 0.0, DRAW as f64, DRAW as f64);
                    }
                    if let Some(a) = read_canvas(&c) {
                        image.set(Some(Rc::new(a.mapv(|v| 1.0 - v))));
                    }
                }
            }
            Source::Upload | Source::Camera | Source::Video => {}
        });
    }

    // Keep the URL on the settings (own pictures never go in it).
    {
        let q = format!("?{}", model::to_query(&settings));
        use_effect_with(q, |q| {
            if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
                let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(q));
            }
        });
    }

    // Live feeds: the geometry and formula come from a blank frame of the
    // chosen size; the frame loop computes the real maps.
    let prepared = if live {
        let ch = if settings.colour == Colour::Rgb { 3 } else { 1 };
        let w = settings.live_width as usize;
        Some(Rc::new(Array3::zeros((ch, w * 3 / 4, w))))
    } else {
        image
            .as_ref()
            .map(|img| Rc::new(model::prepare(img, settings.colour)))
    };
    let result = use_memo(((*settings).clone(), prepared.clone()), |(s, img)| {
        img.as_ref().map(|img| model::compute(img, s))
    });

    // Step mode's region, as exact numbers (X and O keep their ±1; photos
    // show 0-255).
    let pixel_scale = if matches!(settings.source, Source::X | Source::O) {
        1.0
    } else {
        255.0
    };
    let step_example = use_memo(
        ((*settings).clone(), image.as_ref().cloned()),
        move |(s, img)| match (s.step, img) {
            (Some(at), Some(img)) if !s.source.is_live() => Some(
                model::step_example(img, s, at, pixel_scale)
                    .map(|(ex, first)| (Rc::new(ex), first)),
            ),
            _ => None,
        },
    );

    // Draw the input and the maps after each render.
    let map_refs: Vec<NodeRef> = use_memo(settings.kernels.len(), |n| {
        (0..*n).map(|_| NodeRef::default()).collect::<Vec<_>>()
    })
    .to_vec();
    {
        let input_ref = input_ref.clone();
        let map_refs = map_refs.clone();
        let result = result.clone();
        let prepared = prepared.clone();
        use_effect(move || {
            // Tell tests whether the maps are drawn (live maps come from the frame loop).
            if let Some(b) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.body())
            {
                let _ = b.set_attribute("data-ready", "true");
                let state = match (live, result.as_ref()) {
                    (true, Some(Ok(_))) => "live",
                    (false, Some(Ok(_))) => "drawn",
                    _ => "none",
                };
                let _ = b.set_attribute("data-maps", state);
            }
            if live {
                return;
            }
            if let (Some(c), Some(img)) = (input_ref.cast::<HtmlCanvasElement>(), prepared.as_ref())
            {
                paint_input(&c, img);
            }
            if let Some(Ok((_, maps))) = result.as_ref() {
                for (m, r) in maps.iter().zip(map_refs.iter()) {
                    if let Some(c) = r.cast::<HtmlCanvasElement>() {
                        paint_map(&c, &m.values, m.scale);
                    }
                }
            }
        });
    }

    // The live loop: started for a live source, stopped (and the camera
    // released) when the settings or the source change.
    {
        let input_ref = input_ref.clone();
        let map_refs = map_refs.clone();
        let stats_ref = stats_ref.clone();
        let video_ref = video_ref.clone();
        let live_error = live_error.clone();
        use_effect_with(
            ((*settings).clone(), (*video_url).clone()),
            move |(settings, url)| {
                live_error.set(None);
                let running = match (
                    &settings.source,
                    video_ref.cast::<web_sys::HtmlVideoElement>(),
                ) {
                    (Source::Camera, Some(v)) => Some(super::live::Feed::Camera).map(|f| (f, v)),
                    (Source::Video, Some(v)) => {
                        url.clone().map(|u| (super::live::Feed::File(u), v))
                    }
                    _ => None,
                }
                .map(|(feed, video)| {
                    let err = live_error.clone();
                    super::live::start(
                        feed,
                        settings.clone(),
                        video,
                        input_ref,
                        map_refs,
                        stats_ref,
                        Callback::from(move |m: String| err.set(Some(m))),
                    )
                });
                move || drop(running)
            },
        );
    }

    // Source choices.
    let source_buttons = {
        let mut choices: Vec<(Source, String)> =
            vec![(Source::X, t("image-x")), (Source::O, t("image-o"))];
        choices.extend(
            SAMPLES
                .iter()
                .map(|n| (Source::Sample(n), t(&format!("sample-{n}")))),
        );
        choices.push((Source::Drawing, t("pg-draw")));
        choices.push((Source::Camera, t("live-camera")));
        choices.into_iter().map(|(src, label)| {
            let settings = settings.clone();
            let pressed = settings.source == src;
            let onclick = Callback::from(move |_: MouseEvent| {
                let mut s2 = (*settings).clone();
                s2.source = src.clone();
                settings.set(s2);
            });
            html! { <button class="seg" aria-pressed={pressed.to_string()} {onclick}>{ label }</button> }
        }).collect::<Html>()
    };

    let on_file = {
        let settings = settings.clone();
        let image = image.clone();
        let load_error = load_error.clone();
        Callback::from(move |e: Event| {
            let Some(file) = picked_file(&e) else {
                return;
            };
            let name = file.name();
            let Ok(url) = web_sys::Url::create_object_url_with_blob(&file) else {
                return;
            };
            let image = image.clone();
            let load_error = load_error.clone();
            let settings = settings.clone();
            let url2 = url.clone();
            load_image(
                &url,
                Callback::from(move |r: Result<Array3<f32>, ()>| {
                    let _ = web_sys::Url::revoke_object_url(&url2);
                    match r {
                        Ok(a) => {
                            load_error.set(None);
                            image.set(Some(Rc::new(a)));
                            let mut s2 = (*settings).clone();
                            s2.source = Source::Upload;
                            settings.set(s2);
                        }
                        // The picture already shown stays.
                        Err(()) => load_error.set(Some(t_args(
                            "pg-file-unreadable",
                            &[("name", s(name.clone()))],
                        ))),
                    }
                }),
            );
        })
    };

    let on_video = {
        let settings = settings.clone();
        let video_url = video_url.clone();
        Callback::from(move |e: Event| {
            let Some(file) = picked_file(&e) else {
                return;
            };
            if let Ok(url) = web_sys::Url::create_object_url_with_blob(&file) {
                if let Some(old) = (*video_url).clone() {
                    let _ = web_sys::Url::revoke_object_url(&old);
                }
                video_url.set(Some(url));
                let mut s2 = (*settings).clone();
                s2.source = Source::Video;
                settings.set(s2);
            }
        })
    };
    let on_live_width = {
        let settings = settings.clone();
        Callback::from(move |w: u32| {
            let mut s2 = (*settings).clone();
            s2.live_width = w;
            settings.set(s2);
        })
    };

    // Drawing pad: pointer strokes in black on white; ink becomes 1.
    let draw_events = {
        let image = image.clone();
        pad_events(
            draw_ref.clone(),
            drawing.clone(),
            DRAW as f64,
            3.0,
            Callback::from(move |c: HtmlCanvasElement| {
                if let Some(a) = read_canvas(&c) {
                    image.set(Some(Rc::new(a.mapv(|v| 1.0 - v))));
                }
            }),
        )
    };

    // Kernels.
    let on_kernel = {
        let settings = settings.clone();
        Callback::from(move |(i, k): (usize, KernelSpec)| {
            let mut s2 = (*settings).clone();
            if let Some(slot) = s2.kernels.get_mut(i) {
                *slot = k;
            }
            settings.set(s2);
        })
    };
    let on_remove = {
        let settings = settings.clone();
        Callback::from(move |i: usize| {
            let mut s2 = (*settings).clone();
            if s2.kernels.len() > 1 {
                s2.kernels.remove(i);
            }
            settings.set(s2);
        })
    };
    let add_kernel = {
        let settings = settings.clone();
        Callback::from(move |_: MouseEvent| {
            let mut s2 = (*settings).clone();
            if s2.kernels.len() < model::MAX_KERNELS {
                if let Some(k) = KernelSpec::preset("laplacian") {
                    s2.kernels.push(k);
                }
            }
            settings.set(s2);
        })
    };
    let editors = settings.kernels.iter().enumerate().map(|(i, k)| {
        html! {
            <KernelEditor index={i} kernel={k.clone()} removable={settings.kernels.len() > 1}
                on_change={on_kernel.clone()} on_remove={on_remove.clone()} />
        }
    });

    // Geometry controls.
    let set_field = |f: fn(&mut Settings, usize)| {
        let settings = settings.clone();
        Callback::from(move |v: usize| {
            let mut s2 = (*settings).clone();
            f(&mut s2, v);
            settings.set(s2);
        })
    };
    let padding_opts: Vec<(Padding, String)> = [Padding::Valid, Padding::Same]
        .into_iter()
        .map(|p| {
            (
                p,
                t(if p == Padding::Valid {
                    "pg-padding-valid"
                } else {
                    "pg-padding-same"
                }),
            )
        })
        .chain(
            model::EXPLICIT_PADDING
                .map(|p| (Padding::Explicit(p), t_args("pg-padding-n", &[("n", n(p))]))),
        )
        .collect();
    let on_padding = {
        let settings = settings.clone();
        Callback::from(move |p: Padding| {
            let mut s2 = (*settings).clone();
            s2.padding = p;
            settings.set(s2);
        })
    };
    let pool_opts: Vec<(Option<PoolSpec>, String)> = std::iter::once((None, t("pg-pool-none")))
        .chain(
            [
                (PoolKind::Max, "pg-pool-max"),
                (PoolKind::Average, "pg-pool-avg"),
            ]
            .into_iter()
            .flat_map(|(kind, key)| {
                [(2usize, 2usize), (3, 2), (3, 3), (4, 4)]
                    .into_iter()
                    .map(move |(w, st)| {
                        (
                            Some(PoolSpec {
                                kind,
                                window: w,
                                stride: st,
                            }),
                            t_args(key, &[("w", n(w)), ("s", n(st))]),
                        )
                    })
            }),
        )
        .collect();
    let on_pool = {
        let settings = settings.clone();
        Callback::from(move |p: Option<PoolSpec>| {
            let mut s2 = (*settings).clone();
            s2.pool = p;
            settings.set(s2);
        })
    };
    let toggle = |f: fn(&mut Settings)| {
        let settings = settings.clone();
        Callback::from(move |_: MouseEvent| {
            let mut s2 = (*settings).clone();
            f(&mut s2);
            settings.set(s2);
        })
    };

    // Step mode: on, at the hovered cell (or the middle of the first map);
    // clicking a map cell moves it there.
    let step_toggle = {
        let settings = settings.clone();
        let hover = hover.clone();
        let result = result.clone();
        Callback::from(move |_: MouseEvent| {
            let mut s2 = (*settings).clone();
            s2.step = match s2.step {
                Some(_) => None,
                None => {
                    let Some(Ok((geo, maps))) = result.as_ref() else {
                        return;
                    };
                    let hv = (*hover).unwrap_or_else(|| {
                        let (h, w) = maps[0].values.dim();
                        Hover {
                            map: 0,
                            row: h / 2,
                            col: w / 2,
                        }
                    });
                    let (row, col) = conv_cell(geo, hv.row, hv.col);
                    Some(StepAt {
                        kernel: hv.map,
                        row,
                        col,
                    })
                }
            };
            settings.set(s2);
        })
    };
    let step_panel = match step_example.as_ref() {
        Some(Ok((ex, first))) => html! {
            <StepMode key={format!("{:p}", Rc::as_ptr(ex))} example={ex.clone()}
                reduction={settings.reduction} first={*first} />
        },
        Some(Err(StepError::TooWide { span })) => html! {
            <p class="field-error" role="alert" id="pg-step-error">{ t_args("pg-step-too-wide", &[("span", n(*span)), ("max", n(model::STEP_MAX_SPAN))]) }</p>
        },
        Some(Err(StepError::Core(e))) => html! {
            <p class="field-error" role="alert" id="pg-step-error">{ error_sentence(e) }</p>
        },
        None => html! {},
    };

    // Results.
    let prepared_dim = prepared.as_ref().map(|p| p.dim());
    let results = match (result.as_ref(), prepared_dim) {
        (None, _) | (_, None) => html! { <p class="hint">{ t("pg-loading") }</p> },
        (Some(Err(e)), _) => {
            html! { <p class="field-error" role="alert" id="pg-error">{ error_sentence(e) }</p> }
        }
        (Some(Ok((geo, maps))), Some((_, ih, iw))) => {
            let (oh, ow) = geo.conv.output();
            let k = settings.kernels.first().map(|k| k.size).unwrap_or(3);
            let mut lines = vec![
                formula_line(
                    "pg-formula-h",
                    ih,
                    geo.conv.pad.0,
                    k,
                    settings.dilation,
                    settings.stride,
                    oh,
                ),
                formula_line(
                    "pg-formula-w",
                    iw,
                    geo.conv.pad.1,
                    k,
                    settings.dilation,
                    settings.stride,
                    ow,
                ),
            ];
            if let (Some(p), Some(ps)) = (geo.pool, settings.pool) {
                let (ph, pw) = p.output();
                lines.push(t_args(
                    "pg-formula-pool",
                    &[
                        ("h", n(oh)),
                        ("w", n(ow)),
                        ("k", n(ps.window)),
                        ("s", n(ps.stride)),
                        ("ph", n(ph)),
                        ("pw", n(pw)),
                    ],
                ));
            }
            let mixed = settings.kernels.iter().any(|k2| k2.size != k);
            let cards = maps.iter().enumerate().map(|(i, m)| {
                let (h, w) = m.values.dim();
                let onmove = {
                let hover = hover.clone();
                Callback::from(move |e: MouseEvent| {
                    let Some(c) = e.target().and_then(|t| t.dyn_into::<HtmlCanvasElement>().ok()) else { return };
                    let rect = c.get_bounding_client_rect();
                    let col = ((e.client_x() as f64 - rect.left()) / rect.width() * w as f64).floor().clamp(0.0, (w - 1) as f64) as usize;
                    let row = ((e.client_y() as f64 - rect.top()) / rect.height() * h as f64).floor().clamp(0.0, (h - 1) as f64) as usize;
                    hover.set(Some(Hover { map: i, row, col }));
                })
                };
                let geo = *geo;
                let pick = {
                    let settings = settings.clone();
                    move |row: usize, col: usize| {
                        if settings.step.is_none() {
                            return;
                        }
                        let (row, col) = conv_cell(&geo, row, col);
                        let mut s2 = (*settings).clone();
                        s2.step = Some(StepAt { kernel: i, row, col });
                        settings.set(s2);
                    }
                };
                let on_click = {
                    let pick = pick.clone();
                    Callback::from(move |e: MouseEvent| {
                        let Some(c) = e.target().and_then(|t| t.dyn_into::<HtmlCanvasElement>().ok()) else { return };
                        let rect = c.get_bounding_client_rect();
                        let col = ((e.client_x() as f64 - rect.left()) / rect.width() * w as f64).floor().clamp(0.0, (w - 1) as f64) as usize;
                        let row = ((e.client_y() as f64 - rect.top()) / rect.height() * h as f64).floor().clamp(0.0, (h - 1) as f64) as usize;
                        pick(row, col);
                    })
                };
                let on_key = {
                    let hover = hover.clone();
                    Callback::from(move |e: KeyboardEvent| {
                        let cur = (*hover).filter(|hv| hv.map == i).unwrap_or(Hover { map: i, row: h / 2, col: w / 2 });
                        if e.key() == "Enter" {
                            e.prevent_default();
                            pick(cur.row, cur.col);
                            return;
                        }
                        let (dr, dc): (isize, isize) = match e.key().as_str() {
                            "ArrowUp" => (-1, 0),
                            "ArrowDown" => (1, 0),
                            "ArrowLeft" => (0, -1),
                            "ArrowRight" => (0, 1),
                            _ => return,
                        };
                        e.prevent_default();
                        hover.set(Some(Hover {
                            map: i,
                            row: cur.row.saturating_add_signed(dr).min(h - 1),
                            col: cur.col.saturating_add_signed(dc).min(w - 1),
                        }));
                    })
                };
                let on_focus = {
                    let hover = hover.clone();
                    Callback::from(move |_: FocusEvent| {
                        if (*hover).is_none_or(|hv| hv.map != i) {
                            hover.set(Some(Hover { map: i, row: h / 2, col: w / 2 }));
                        }
                    })
                };
                let name = settings.kernels[i].preset.map(|p| t(&format!("kernel-{p}"))).unwrap_or_else(|| t("pg-custom"));
                let label = t_args("pg-map-label", &[("n", n(i + 1)), ("name", s(name.clone())), ("h", n(h)), ("w", n(w))]);
                html! {
                    <figure class="map-card">
                        <canvas ref={map_refs[i].clone()} class="map" id={format!("map-{i}")} tabindex="0"
                            role="img" aria-label={label.clone()} onmousemove={onmove} onkeydown={on_key} onfocus={on_focus} onclick={on_click} />
                        <figcaption>{ format!("{}. {} — {}×{}", i + 1, name, h, w) }</figcaption>
                    </figure>
                }
            });
            let readout = (*hover).filter(|_| !live).and_then(|hv| {
                let m = maps.get(hv.map)?;
                let v = *m.values.get((hv.row, hv.col))?;
                let (top, left, bottom, right) = geo.input_region(hv.row, hv.col);
                Some(t_args(
                    "pg-readout",
                    &[
                        ("n", n(hv.map + 1)),
                        ("row", n(hv.row)),
                        ("col", n(hv.col)),
                        ("value", s(format!("{v:.3}"))),
                        ("top", s(top.to_string())),
                        ("bottom", s(bottom.to_string())),
                        ("left", s(left.to_string())),
                        ("right", s(right.to_string())),
                    ],
                ))
            });
            html! {
                <>
                    <div class="formula" id="pg-formula">{ for lines.iter().map(|l| html! { <p>{ l }</p> }) }</div>
                    if mixed { <p class="hint">{ t("pg-formula-first-kernel") }</p> }
                    if live {
                        <p class="readout" id="live-stats" ref={stats_ref.clone()} aria-live="off">{ t("live-starting") }</p>
                    } else {
                        <div class="readout-row">
                            <p class="readout" id="pg-readout" aria-live="polite">{ readout.unwrap_or_else(|| t("pg-hover-hint")) }</p>
                            <button class="seg" id="pg-step-toggle" aria-pressed={settings.step.is_some().to_string()}
                                aria-controls={settings.step.map(|_| "pg-step")} onclick={step_toggle.clone()}>{ t("pg-step-toggle") }</button>
                        </div>
                    }
                    <div class="maps">{ for cards }</div>
                    { step_panel.clone() }
                </>
            }
        }
    };

    // The window of the hovered cell, drawn over the input.
    let overlay = match (result.as_ref(), (*hover).filter(|_| !live), prepared_dim) {
        (Some(Ok((geo, _))), Some(hv), Some((_, ih, iw))) => {
            let (top, left, bottom, right) = geo.input_region(hv.row, hv.col);
            let pct = |v: isize, total: usize| v as f64 / total as f64 * 100.0;
            let style = format!(
                "top: {:.3}%; left: {:.3}%; height: {:.3}%; width: {:.3}%;",
                pct(top, ih),
                pct(left, iw),
                pct(bottom - top + 1, ih),
                pct(right - left + 1, iw)
            );
            html! { <div class="window-box" id="pg-window" {style}></div> }
        }
        _ => html! {},
    };

    let on_lang = {
        let lang = lang.clone();
        Callback::from(move |tag: &'static str| {
            crate::i18n::set_language(tag);
            lang.set(tag);
        })
    };
    let colour_toggle = toggle(|s| {
        s.colour = if s.colour == Colour::Grey {
            Colour::Rgb
        } else {
            Colour::Grey
        }
    });
    let relu_toggle = toggle(|s| s.relu = !s.relu);
    let projector_toggle = {
        let settings = settings.clone();
        Callback::from(move |()| {
            let mut s2 = (*settings).clone();
            s2.projector = !s2.projector;
            settings.set(s2);
        })
    };
    let mean_toggle = toggle(|s| {
        s.reduction = if s.reduction == Reduction::Sum {
            Reduction::Mean
        } else {
            Reduction::Sum
        }
    });
    let _ = *lang;

    html! {
        <div class={classes!("app", "playground", settings.projector.then_some("projector"))} data-view="playground">
            <Header section={Section::Playground} projector={settings.projector}
                on_projector={projector_toggle} {on_lang} />
            if !notes.is_empty() {
                <div class="note" role="status" id="url-note">
                    <p>{ t_args("note-bad-setting", &[("detail", s(notes.join(", ")))]) }</p>
                </div>
            }
            <main id="main">
                <h2 class="stage-title">{ t("nav-playground") }</h2>
                <p class="lead">{ t("pg-lead") }</p>
                <section class="pg-input" aria-label={t("pg-input")}>
                    <div class="segmented wrap" role="group" aria-label={t("pg-input")}>{ source_buttons }</div>
                    <div class="controls-row">
                        <label class="field">{ t("pg-upload") }
                            <input type="file" id="pg-file" accept="image/*" onchange={on_file} />
                        </label>
                        <label class="field">{ t("live-video-file") }
                            <input type="file" id="pg-video" accept="video/*" onchange={on_video} />
                        </label>
                        <button class="seg" aria-pressed={(settings.colour == Colour::Rgb).to_string()} onclick={colour_toggle}>{ t("pg-colour") }</button>
                        if live {
                            { select("live-size", t("live-size"), model::LIVE_WIDTHS.iter().map(|w| (*w, format!("{}×{}", w, w * 3 / 4))).collect(), settings.live_width, on_live_width) }
                        }
                    </div>
                    if let Some(e) = &*live_error { <p class="field-error" role="alert" id="live-error">{ e }</p> }
                    if let Some(e) = &*load_error { <p class="field-error" role="alert" id="pg-load-error">{ e }</p> }
                    <div class="row">
                        <figure class="input-card">
                            <div class="input-wrap">
                                <canvas ref={input_ref} id="pg-input" class="map" role="img" aria-label={t("pg-input-label")} />
                                { overlay }
                            </div>
                            <figcaption>{ prepared_dim.map(|(c, h, w)| t_args("pg-input-size", &[("c", n(c)), ("h", n(h)), ("w", n(w))])).unwrap_or_default() }</figcaption>
                        </figure>
                        <video ref={video_ref} id="live-video" class={classes!("live-video", (!live).then_some("hidden-video"))}
                            aria-label={t("live-video-label")} muted=true />
                        if settings.source == Source::Drawing {
                            <figure class="input-card">
                                <canvas ref={draw_ref} id="pg-draw" class="draw" width={DRAW.to_string()} height={DRAW.to_string()}
                                    aria-label={t("pg-draw-label")}
                                    onpointerdown={draw_events.0} onpointermove={draw_events.1} onpointerup={draw_events.2} />
                                <figcaption>{ t("pg-draw-hint") }</figcaption>
                            </figure>
                        }
                    </div>
                </section>
                <section class="pg-kernels" aria-label={t("pg-kernels")}>
                    { for editors }
                    if settings.kernels.len() < model::MAX_KERNELS {
                        <button class="action" id="pg-add-kernel" onclick={add_kernel}>{ t("pg-add-kernel") }</button>
                    }
                </section>
                <section class="pg-geometry controls-row" aria-label={t("pg-geometry")}>
                    { select("pg-padding", t("padding"), padding_opts, settings.padding, on_padding) }
                    { select("pg-stride", t("stride"), model::STRIDES.map(|v| (v, v.to_string())).collect(), settings.stride, set_field(|s, v| s.stride = v)) }
                    { select("pg-dilation", t("pg-dilation"), model::DILATIONS.map(|v| (v, v.to_string())).collect(), settings.dilation, set_field(|s, v| s.dilation = v)) }
                    <button class="seg" aria-pressed={(settings.reduction == Reduction::Mean).to_string()} onclick={mean_toggle}>{ t("reduction-mean") }</button>
                    <button class="seg" id="pg-relu" aria-pressed={settings.relu.to_string()} onclick={relu_toggle}>{ t("pg-relu") }</button>
                    { select("pg-pool", t("pg-pool"), pool_opts, settings.pool, on_pool) }
                </section>
                <section class="pg-results" aria-label={t("pg-results")}>{ results }</section>
                <p class="hint credits">{ t("pg-credits") }</p>
            </main>
            { projector_overlays(settings.projector, blank) }
        </div>
    }
}

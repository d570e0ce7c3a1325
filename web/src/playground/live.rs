//! Live feature maps: frames from the webcam or a video file go through the
//! chosen kernels, ReLU and pooling, and the maps are painted straight onto
//! their canvases, outside Yew's render cycle, one frame per animation frame.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use ndarray::Array3;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, HtmlVideoElement, MediaStream};
use yew::{Callback, NodeRef};

use super::model::{self, Colour, Settings};
use super::pixels::{ctx2d_read, paint_map};
use crate::i18n::{n, s, t, t_args};

/// The animation-frame callback, which schedules itself again.
type FrameCallback = Closure<dyn FnMut()>;

/// Frame times kept for the running median.
const WINDOW: usize = 120;

/// A running loop; dropping it stops the frames and releases the camera.
pub struct LiveLoop {
    stop: Rc<Cell<bool>>,
    stream: Rc<RefCell<Option<MediaStream>>>,
    video: HtmlVideoElement,
}

impl Drop for LiveLoop {
    fn drop(&mut self) {
        self.stop.set(true);
        let _ = self.video.pause();
        if let Some(stream) = self.stream.borrow_mut().take() {
            for track in stream.get_tracks().iter() {
                if let Ok(track) = track.dyn_into::<web_sys::MediaStreamTrack>() {
                    track.stop();
                }
            }
        }
    }
}

/// Why the camera could not be used, as a sentence the learner can act on.
fn camera_error(e: &JsValue) -> String {
    let name = js_sys::Reflect::get(e, &"name".into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    match name.as_str() {
        "NotAllowedError" | "SecurityError" => t("live-camera-refused"),
        "NotFoundError" | "OverconstrainedError" => t("live-no-camera"),
        "NotReadableError" => t("live-camera-busy"),
        other => t_args("live-camera-failed", &[("detail", s(other.to_string()))]),
    }
}

/// Read the frame on `canvas` as the network's input.
fn frame_array(canvas: &HtmlCanvasElement, colour: Colour) -> Option<Array3<f32>> {
    let (w, h) = (canvas.width() as usize, canvas.height() as usize);
    let data = ctx2d_read(canvas)?
        .get_image_data(0.0, 0.0, w as f64, h as f64)
        .ok()?
        .data();
    let px = |i: usize, ch: usize| data[i * 4 + ch] as f32 * (1.0 / 255.0);
    Some(match colour {
        Colour::Grey => {
            let grey: Vec<f32> = (0..w * h)
                .map(|i| 0.299 * px(i, 0) + 0.587 * px(i, 1) + 0.114 * px(i, 2))
                .collect();
            Array3::from_shape_vec((1, h, w), grey).ok()?
        }
        Colour::Rgb => Array3::from_shape_fn((3, h, w), |(ch, r, c)| px(r * w + c, ch)),
    })
}

/// Median of the recent frame times, in milliseconds.
fn median(times: &VecDeque<f64>) -> f64 {
    let mut v: Vec<f64> = times.iter().copied().collect();
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

/// Where the frames come from.
pub enum Feed {
    Camera,
    /// An object URL of the learner's video file.
    File(String),
}

/// Start the loop. `video` shows the live picture; each frame is drawn onto
/// `input` at the chosen size, and the maps onto `maps`. `stats` receives
/// the timing line; `on_error` a sentence if the feed cannot start.
pub fn start(
    feed: Feed,
    settings: Settings,
    video: HtmlVideoElement,
    input: NodeRef,
    maps: Vec<NodeRef>,
    stats: NodeRef,
    on_error: Callback<String>,
) -> LiveLoop {
    let stop = Rc::new(Cell::new(false));
    let stream = Rc::new(RefCell::new(None::<MediaStream>));
    let (w, h) = (settings.live_width, settings.live_width * 3 / 4);
    video.set_muted(true);
    let _ = video.set_attribute("playsinline", "");

    match feed {
        Feed::File(url) => {
            video.set_src(&url);
            video.set_loop(true);
            let _ = video.play();
        }
        Feed::Camera => {
            let media = web_sys::window()
                .map(|w| w.navigator())
                .and_then(|n| n.media_devices().ok());
            let Some(media) = media else {
                on_error.emit(t("live-no-camera"));
                return LiveLoop {
                    stop,
                    stream,
                    video,
                };
            };
            let constraints = web_sys::MediaStreamConstraints::new();
            let video_c = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&video_c, &"width".into(), &(w as f64).into());
            let _ = js_sys::Reflect::set(&video_c, &"height".into(), &(h as f64).into());
            constraints.set_video(&video_c);
            match media.get_user_media_with_constraints(&constraints) {
                Err(e) => on_error.emit(camera_error(&e)),
                Ok(promise) => {
                    let video2 = video.clone();
                    let stream2 = stream.clone();
                    let stop2 = stop.clone();
                    let on_error2 = on_error.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        match wasm_bindgen_futures::JsFuture::from(promise).await {
                            Ok(s) => {
                                let Ok(s) = s.dyn_into::<MediaStream>() else {
                                    return;
                                };
                                if stop2.get() {
                                    for track in s.get_tracks().iter() {
                                        if let Ok(track) =
                                            track.dyn_into::<web_sys::MediaStreamTrack>()
                                        {
                                            track.stop();
                                        }
                                    }
                                    return;
                                }
                                video2.set_src_object(Some(&s));
                                let _ = video2.play();
                                *stream2.borrow_mut() = Some(s);
                            }
                            Err(e) => on_error2.emit(camera_error(&e)),
                        }
                    });
                }
            }
        }
    }

    // The frame loop.
    let times = Rc::new(RefCell::new(VecDeque::with_capacity(WINDOW)));
    let tick: Rc<RefCell<Option<FrameCallback>>> = Rc::new(RefCell::new(None));
    let again = tick.clone();
    let stop2 = stop.clone();
    let video2 = video.clone();
    let frames = Rc::new(Cell::new(0u32));
    *tick.borrow_mut() = Some(Closure::new(move || {
        if stop2.get() {
            again.borrow_mut().take();
            return;
        }
        let Some(window) = web_sys::window() else {
            return;
        };
        // HAVE_CURRENT_DATA: a frame is there to read.
        if video2.ready_state() >= 2 {
            let now = || window.performance().map(|p| p.now()).unwrap_or(0.0);
            let t0 = now();
            let (mut t1, mut t2) = (t0, t0);
            if let Some(canvas) = input.cast::<HtmlCanvasElement>() {
                if canvas.width() != w || canvas.height() != h {
                    canvas.set_width(w);
                    canvas.set_height(h);
                }
                if let Some(ctx) = ctx2d_read(&canvas) {
                    let _ = ctx.draw_image_with_html_video_element_and_dw_and_dh(
                        &video2, 0.0, 0.0, w as f64, h as f64,
                    );
                }
                let frame = frame_array(&canvas, settings.colour);
                t1 = now();
                let result = frame.map(|img| model::compute(&img, &settings));
                t2 = now();
                if let Some(Ok((_, out))) = result {
                    for (m, r) in out.iter().zip(maps.iter()) {
                        if let Some(c) = r.cast::<HtmlCanvasElement>() {
                            paint_map(&c, &m.values, m.scale);
                        }
                    }
                }
            }
            let t3 = now();
            let dt = t3 - t0;
            let mut tm = times.borrow_mut();
            if tm.len() == WINDOW {
                tm.pop_front();
            }
            tm.push_back(dt);
            frames.set(frames.get() + 1);
            // Benchmarks collect every frame: total, and capture (video frame
            // to pixels), compute (cnn-core) and draw (maps to canvases).
            if let Ok(arr) = js_sys::Reflect::get(&window, &"__liveFrameTimes".into()) {
                if let Some(arr) = arr.dyn_ref::<js_sys::Array>() {
                    let entry = js_sys::Array::of4(
                        &dt.into(),
                        &(t1 - t0).into(),
                        &(t2 - t1).into(),
                        &(t3 - t2).into(),
                    );
                    arr.push(&entry);
                }
            }
            if frames.get().is_multiple_of(10) {
                if let Some(el) = stats.cast::<web_sys::Element>() {
                    el.set_text_content(Some(&t_args(
                        "live-stats",
                        &[
                            ("ms", s(format!("{:.1}", median(&tm)))),
                            ("frames", n(frames.get() as usize)),
                            ("w", n(w as usize)),
                            ("h", n(h as usize)),
                        ],
                    )));
                }
                if let Some(b) = window.document().and_then(|d| d.body()) {
                    let _ = b.set_attribute("data-live-frames", &frames.get().to_string());
                }
            }
        }
        if let Some(cb) = again.borrow().as_ref() {
            let _ = window.request_animation_frame(cb.as_ref().unchecked_ref());
        }
    }));
    if let (Some(w), Some(cb)) = (web_sys::window(), tick.borrow().as_ref()) {
        let _ = w.request_animation_frame(cb.as_ref().unchecked_ref());
    }
    LiveLoop {
        stop,
        stream,
        video,
    }
}

//! A webcam snapshot to test the network on (the picture stays on the page),
//! and the test section's controls: a file, or the camera and its snapshot.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlVideoElement, MediaStream, MediaStreamConstraints};
use yew::prelude::*;

use super::import::Incoming;
use super::ingest::first_file;
use crate::i18n::{s, t, t_args};

/// Asks for the camera.
pub async fn open() -> Result<MediaStream, String> {
    let devices = web_sys::window()
        .and_then(|w| w.navigator().media_devices().ok())
        .ok_or("this browser gives no camera here")?;
    let c = MediaStreamConstraints::new();
    c.set_video(&true.into());
    c.set_audio(&false.into());
    let p = devices
        .get_user_media_with_constraints(&c)
        .map_err(|e| format!("{e:?}"))?;
    let stream = JsFuture::from(p).await.map_err(|e| {
        e.dyn_ref::<web_sys::DomException>()
            .map(|d| d.message())
            .unwrap_or_else(|| "the camera was refused".into())
    })?;
    stream
        .dyn_into()
        .map_err(|_| "no camera stream".to_string())
}

/// The video's current frame at the size photos are kept at.
pub fn snapshot(v: &HtmlVideoElement) -> Option<cnn_photos::Rgb> {
    let (w, h) = (v.video_width(), v.video_height());
    if w == 0 || h == 0 {
        return None;
    }
    let (sw, sh) = cnn_photos::prepare::stored_size(w, h);
    let pixels = super::import::draw_and_read(sw, sh, |ctx| {
        ctx.draw_image_with_html_video_element_and_dw_and_dh(
            v,
            0.0,
            0.0,
            f64::from(sw),
            f64::from(sh),
        )
    })
    .ok()?;
    Some(cnn_photos::Rgb {
        width: sw,
        height: sh,
        pixels,
    })
}

#[derive(Properties, PartialEq)]
pub struct TestControlsProps {
    /// A model is there to test.
    pub has_model: bool,
    /// A run is loading, training or paused.
    pub busy: bool,
    /// A photo file chosen to test.
    pub on_file: Callback<Incoming>,
    /// The camera's current frame, to test.
    pub on_snapshot: Callback<cnn_photos::Rgb>,
    /// Something to tell the learner (the camera was refused).
    pub on_message: Callback<String>,
}

/// What to test the network on: a file, or the camera (on, off, snap), and
/// the camera's video.
#[function_component(TestControls)]
pub fn test_controls(p: &TestControlsProps) -> Html {
    let camera = use_state(|| None::<MediaStream>);
    let video_ref = use_node_ref();
    let on_test_file = first_file(p.on_file.clone());
    let on_camera = {
        let camera = camera.clone();
        let video_ref = video_ref.clone();
        let on_message = p.on_message.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(stream) = (*camera).clone() {
                for track in stream.get_tracks().iter() {
                    if let Ok(track) = track.dyn_into::<web_sys::MediaStreamTrack>() {
                        track.stop();
                    }
                }
                camera.set(None);
                return;
            }
            let (camera, video_ref, on_message) =
                (camera.clone(), video_ref.clone(), on_message.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match open().await {
                    Ok(stream) => {
                        if let Some(v) = video_ref.cast::<HtmlVideoElement>() {
                            v.set_src_object(Some(&stream));
                            let _ = v.play();
                        }
                        camera.set(Some(stream));
                    }
                    Err(e) => on_message.emit(t_args("ph-camera-failed", &[("detail", s(e))])),
                }
            });
        })
    };
    let on_snap = {
        let on_snapshot = p.on_snapshot.clone();
        let video_ref = video_ref.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(rgb) = video_ref
                .cast::<HtmlVideoElement>()
                .and_then(|v| snapshot(&v))
            {
                on_snapshot.emit(rgb);
            }
        })
    };
    let off = !p.has_model || p.busy;
    html! {
        <>
            if !p.has_model {
                <p class="hint">{ t("ph-test-needs-model") }</p>
            }
            <div class="controls-row">
                <label class="action file-button">{ t("ph-test-file") }
                    <input type="file" id="ph-test-input" accept="image/*" class="sr-only" onchange={on_test_file} disabled={off} />
                </label>
                <button type="button" class="action" id="ph-camera" onclick={on_camera} disabled={off}>
                    { if camera.is_some() { t("ph-camera-off") } else { t("ph-camera-on") } }
                </button>
                if camera.is_some() {
                    <button type="button" class="action" id="ph-snap" onclick={on_snap}>{ t("ph-snap") }</button>
                }
            </div>
            <video ref={video_ref} class={classes!("ph-video", camera.is_none().then_some("off"))} muted=true playsinline=true aria-label={t("ph-camera-view")} />
        </>
    }
}

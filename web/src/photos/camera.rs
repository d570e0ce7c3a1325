//! A webcam snapshot to test the network on (the picture stays on the page).

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlVideoElement, MediaStream, MediaStreamConstraints};

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

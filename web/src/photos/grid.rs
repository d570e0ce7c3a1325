//! Pictures on canvases: the thumbnail grid, which draws only the rows in
//! view (a thousand photos scroll as smoothly as ten), and small helpers
//! that paint RGB pictures and heat maps.

use std::rc::Rc;

use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlElement};
use yew::prelude::*;

use super::model::Photo;
use super::store::Store;
use crate::i18n::{s, t, t_args};

fn ctx(c: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    c.get_context("2d").ok().flatten()?.dyn_into().ok()
}

/// Paints `[height, width, 3]` RGB bytes at their own size.
pub fn paint_rgb(c: &HtmlCanvasElement, rgb: &[u8], w: u32, h: u32) {
    c.set_width(w);
    c.set_height(h);
    let mut rgba = Vec::with_capacity(w as usize * h as usize * 4);
    for px in rgb.chunks_exact(3).take(w as usize * h as usize) {
        rgba.extend_from_slice(&[px[0], px[1], px[2], 255]);
    }
    if let (Some(ctx), Ok(data)) = (
        ctx(c),
        web_sys::ImageData::new_with_u8_clamped_array_and_sh(Clamped(&rgba), w, h),
    ) {
        let _ = ctx.put_image_data(&data, 0.0, 0.0);
    }
}

/// Planar `[3, h, w]` values in [0, 1] as `[h, w, 3]` bytes.
pub fn planar_to_rgb(planar: &[f32], h: usize, w: usize) -> Vec<u8> {
    let n = h * w;
    let mut out = Vec::with_capacity(n * 3);
    for i in 0..n {
        for c in 0..3 {
            let v = planar.get(c * n + i).copied().unwrap_or(0.0);
            out.push((v.clamp(0.0, 1.0) * 255.0).round() as u8);
        }
    }
    out
}

/// Planar `[3, h, w]` bytes as `[h, w, 3]`.
pub fn planar_bytes_to_rgb(planar: &[u8], h: usize, w: usize) -> Vec<u8> {
    let n = h * w;
    (0..n * 3)
        .map(|k| planar.get((k % 3) * n + k / 3).copied().unwrap_or(0))
        .collect()
}

/// A picture `[h, w, 3]` with a red overlay whose strength follows
/// `heat` (`[rows, cols]`, only positive values count, scaled to the largest).
pub fn heat_overlay(
    rgb: &[u8],
    h: usize,
    w: usize,
    heat: &[f32],
    rows: usize,
    cols: usize,
) -> Vec<u8> {
    let max = heat.iter().fold(1e-6f32, |m, &v| m.max(v));
    let mut out = rgb.to_vec();
    if rows == 0 || cols == 0 {
        return out;
    }
    for y in 0..h {
        for x in 0..w {
            let r = (y * rows / h).min(rows - 1);
            let c = (x * cols / w).min(cols - 1);
            let a = (heat.get(r * cols + c).copied().unwrap_or(0.0).max(0.0) / max) * 0.7;
            let i = (y * w + x) * 3;
            if let Some(px) = out.get_mut(i..i + 3) {
                let grey = (f32::from(px[0]) + f32::from(px[1]) + f32::from(px[2])) / 3.0;
                let base = [grey, grey, grey];
                let red = [220.0, 20.0, 60.0];
                for k in 0..3 {
                    px[k] = (base[k] * (1.0 - a) + red[k] * a).round() as u8;
                }
            }
        }
    }
    out
}

#[derive(Properties, PartialEq)]
pub struct PictureProps {
    /// `[h, w, 3]` bytes.
    pub rgb: Rc<Vec<u8>>,
    pub w: u32,
    pub h: u32,
    pub label: AttrValue,
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub id: Option<AttrValue>,
}

/// An RGB picture on a canvas.
#[function_component(Picture)]
pub fn picture(p: &PictureProps) -> Html {
    let r = use_node_ref();
    {
        let r = r.clone();
        let (rgb, w, h) = (p.rgb.clone(), p.w, p.h);
        use_effect_with((rgb, w, h), move |(rgb, w, h)| {
            if let Some(c) = r.cast::<HtmlCanvasElement>() {
                paint_rgb(&c, rgb, *w, *h);
            }
        });
    }
    html! { <canvas ref={r} id={p.id.clone()} class={classes!("picture", p.class.clone())} role="img" aria-label={p.label.clone()} title={p.label.clone()} /> }
}

/// Side of a thumbnail, and of its cell with the gap.
const THUMB: u32 = cnn_photos::prepare::THUMB_SIDE;
const CELL: f64 = 84.0;
/// Height of the grid's window onto the photos.
const VIEW_HEIGHT: f64 = 4.0 * CELL;

#[derive(Properties, PartialEq)]
pub struct GridProps {
    pub photos: Rc<Vec<Photo>>,
    /// Where the thumbnails the page does not hold are read from.
    pub store: Option<Store>,
    pub colour: AttrValue,
    pub on_remove: Callback<u64>,
    pub on_pick: Callback<u64>,
    pub disabled: bool,
}

/// The photos of one class, only the visible rows drawn.
#[function_component(PhotoGrid)]
pub fn photo_grid(p: &GridProps) -> Html {
    let scroller = use_node_ref();
    let scroll_top = use_state(|| 0.0f64);
    let width = use_state(|| 0.0f64);
    // Width: measured after each render (the layout may change with the window).
    {
        let scroller = scroller.clone();
        let width = width.clone();
        use_effect(move || {
            if let Some(el) = scroller.cast::<HtmlElement>() {
                let w = f64::from(el.client_width());
                if (w - *width).abs() > 0.5 {
                    width.set(w);
                }
            }
        });
    }
    let onscroll = {
        let scroll_top = scroll_top.clone();
        Callback::from(move |e: Event| {
            if let Some(el) = e.target().and_then(|t| t.dyn_into::<HtmlElement>().ok()) {
                scroll_top.set(f64::from(el.scroll_top()));
            }
        })
    };
    let cols = ((*width / CELL).floor() as usize).max(1);
    let n = p.photos.len();
    let rows = n.div_ceil(cols);
    let first_row = ((*scroll_top / CELL).floor() as usize).saturating_sub(1);
    let last_row = (((*scroll_top + VIEW_HEIGHT) / CELL).ceil() as usize + 1).min(rows);
    let items = (first_row * cols..(last_row * cols).min(n)).map(|i| {
        let photo = &p.photos[i];
        let (row, col) = (i / cols, i % cols);
        let style = format!("top:{}px;left:{}px", row as f64 * CELL, col as f64 * CELL);
        let id = photo.id;
        let remove = {
            let cb = p.on_remove.clone();
            Callback::from(move |_: MouseEvent| cb.emit(id))
        };
        let pick = {
            let cb = p.on_pick.clone();
            Callback::from(move |_: MouseEvent| cb.emit(id))
        };
        html! {
            <li class="thumb" key={id} {style} data-photo={id.to_string()}>
                <button type="button" class="thumb-pick" onclick={pick} title={photo.name.clone()}
                    aria-label={t_args("ph-photo-label", &[("name", s(photo.name.clone()))])}>
                    <Thumb photo={photo.clone()} store={p.store.clone()} />
                </button>
                <button type="button" class="thumb-remove" onclick={remove} disabled={p.disabled}
                    aria-label={t_args("ph-remove-photo", &[("name", s(photo.name.clone()))])}>{ "×" }</button>
            </li>
        }
    });
    let style = format!(
        "height:{}px;border-color:{}",
        VIEW_HEIGHT.min(rows.max(1) as f64 * CELL) + 2.0,
        p.colour
    );
    html! {
        <div class="photo-grid" ref={scroller} {onscroll} {style} tabindex="0" aria-label={t("ph-grid")}
            data-rendered={(last_row.saturating_sub(first_row) * cols).min(n.saturating_sub(first_row * cols)).to_string()}>
            <ul class="thumbs" style={format!("height:{}px", rows as f64 * CELL)}>{ for items }</ul>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ThumbProps {
    photo: Photo,
    store: Option<Store>,
}

/// One photo's thumbnail (its centre square, made when it was added):
/// the page's own, or read from the store when its row comes into view.
/// The canvas says `data-drawn` once it is painted.
#[function_component(Thumb)]
fn thumb(p: &ThumbProps) -> Html {
    let r = use_node_ref();
    {
        let r = r.clone();
        let (held, store, id) = (p.photo.thumb.clone(), p.store.clone(), p.photo.id);
        use_effect_with(id, move |_| {
            let paint = move |thumb: &[u8]| {
                if let Some(c) = r.cast::<HtmlCanvasElement>() {
                    if thumb.len() == (THUMB * THUMB * 3) as usize {
                        paint_rgb(&c, thumb, THUMB, THUMB);
                        let _ = c.set_attribute("data-drawn", "true");
                    }
                }
            };
            match (held, store) {
                (Some(thumb), _) => paint(&thumb),
                (None, Some(st)) => wasm_bindgen_futures::spawn_local(async move {
                    if let Ok(Some(thumb)) = st.thumbs(&[id]).await.map(|mut v| v.pop().flatten()) {
                        paint(&thumb);
                    }
                }),
                (None, None) => {}
            }
        });
    }
    html! { <canvas ref={r} width={THUMB.to_string()} height={THUMB.to_string()} aria-hidden="true" /> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn planar_pictures_become_interleaved() {
        // 1x2: red then blue.
        let planar = [1.0, 0.0, 0.0, 0.0, 0.0, 1.0];
        assert_eq!(planar_to_rgb(&planar, 1, 2), vec![255, 0, 0, 0, 0, 255]);
        assert_eq!(
            planar_bytes_to_rgb(&[9, 1, 2, 3, 4, 5], 1, 2),
            vec![9, 2, 4, 1, 3, 5]
        );
    }

    #[test]
    fn heat_turns_the_hottest_part_red() {
        let rgb = vec![100; 2 * 2 * 3];
        let out = heat_overlay(&rgb, 2, 2, &[1.0, 0.0, -1.0, 0.0], 2, 2);
        assert!(out[0] > 150 && out[1] < 60, "{out:?}");
        assert_eq!(&out[3..12], &[100; 9]);
    }
}

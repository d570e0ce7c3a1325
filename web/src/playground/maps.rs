//! One feature map's card: its canvas, where pointer and keyboard pick a cell
//! (for the readout, and for step mode's region), and its caption.

use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use super::model::{Geometry, StepAt};
use super::state::{Action, Hover};
use crate::i18n::{n, s, t_args};

#[derive(Properties, PartialEq)]
pub struct MapCardProps {
    /// Which map (and kernel), from 0.
    pub index: usize,
    /// The map's `(h, w)`.
    pub size: (usize, usize),
    /// The kernel's name.
    pub name: String,
    /// The canvas the map is painted on (after each render, or by the live loop).
    pub canvas: NodeRef,
    pub hover: Option<Hover>,
    pub geo: Geometry,
    pub send: Callback<Action>,
}

/// The cell of an `h × w` map under the pointer.
fn cell_at(e: &MouseEvent, h: usize, w: usize) -> Option<(usize, usize)> {
    let c = e.target()?.dyn_into::<HtmlCanvasElement>().ok()?;
    let rect = c.get_bounding_client_rect();
    let col = ((e.client_x() as f64 - rect.left()) / rect.width() * w as f64)
        .floor()
        .clamp(0.0, (w - 1) as f64) as usize;
    let row = ((e.client_y() as f64 - rect.top()) / rect.height() * h as f64)
        .floor()
        .clamp(0.0, (h - 1) as f64) as usize;
    Some((row, col))
}

#[function_component(MapCard)]
pub fn map_card(p: &MapCardProps) -> Html {
    let (i, (h, w)) = (p.index, p.size);
    let onmove = {
        let send = p.send.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some((row, col)) = cell_at(&e, h, w) {
                send.emit(Action::Hover(Hover { map: i, row, col }));
            }
        })
    };
    // Step mode (if on) moves to the region that starts at the picked cell.
    let pick = {
        let send = p.send.clone();
        let geo = p.geo;
        move |row: usize, col: usize| {
            let (row, col) = geo.conv_cell(row, col);
            send.emit(Action::StepTo(StepAt {
                kernel: i,
                row,
                col,
            }));
        }
    };
    let on_click = {
        let pick = pick.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some((row, col)) = cell_at(&e, h, w) {
                pick(row, col);
            }
        })
    };
    let middle = Hover {
        map: i,
        row: h / 2,
        col: w / 2,
    };
    let on_key = {
        let send = p.send.clone();
        let cur = p.hover.filter(|hv| hv.map == i).unwrap_or(middle);
        Callback::from(move |e: KeyboardEvent| {
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
            send.emit(Action::Hover(Hover {
                map: i,
                row: cur.row.saturating_add_signed(dr).min(h - 1),
                col: cur.col.saturating_add_signed(dc).min(w - 1),
            }));
        })
    };
    let on_focus = {
        let send = p.send.clone();
        let elsewhere = p.hover.is_none_or(|hv| hv.map != i);
        Callback::from(move |_: FocusEvent| {
            if elsewhere {
                send.emit(Action::Hover(middle));
            }
        })
    };
    let label = t_args(
        "pg-map-label",
        &[
            ("n", n(i + 1)),
            ("name", s(p.name.clone())),
            ("h", n(h)),
            ("w", n(w)),
        ],
    );
    html! {
        <figure class="map-card">
            <canvas ref={p.canvas.clone()} class="map" id={format!("map-{i}")} tabindex="0"
                role="img" aria-label={label.clone()} onmousemove={onmove} onkeydown={on_key} onfocus={on_focus} onclick={on_click} />
            <figcaption>{ format!("{}. {} — {}×{}", i + 1, p.name, h, w) }</figcaption>
        </figure>
    }
}

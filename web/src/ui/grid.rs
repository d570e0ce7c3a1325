//! A grid of numbers drawn as a table: the one way values are shown.
//! Colours come from a diverging scale whose lightness rises with the value,
//! so negatives and positives differ in greyscale and for colour-blind
//! viewers too (blue below zero, orange above).

use yew::prelude::*;

/// How a cell takes part in the current step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    None,
    /// Inside the window being read.
    Window,
    /// The value picked (max pooling) or being moved (flatten).
    Pick,
    /// The output cell being computed.
    Current,
    /// Zero padding outside the image.
    Padding,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    /// What is printed (empty for a cell not computed yet).
    pub text: String,
    /// The exact value, shown on hover and focus ("7/9").
    pub exact: Option<String>,
    /// The value for the colour scale, already divided by the grid's scale.
    pub shade: Option<f64>,
    pub mark: Mark,
    pub onclick: Option<Callback<MouseEvent>>,
    /// A small line above the value (the factors of a product).
    pub sub: Option<String>,
    /// Extra text for screen readers (e.g. "row 2, column 3").
    pub label: Option<String>,
}

impl Cell {
    pub fn empty() -> Cell {
        Cell {
            text: String::new(),
            exact: None,
            shade: None,
            mark: Mark::None,
            onclick: None,
            label: None,
            sub: None,
        }
    }

    pub fn value(text: String, exact: String, shade: f64) -> Cell {
        Cell {
            text,
            exact: Some(exact),
            shade: Some(shade),
            ..Cell::empty()
        }
    }

    pub fn mark(mut self, mark: Mark) -> Cell {
        if mark != Mark::None {
            self.mark = mark;
        }
        self
    }
}

/// Background and text colour for a value in [-1, 1].
///
/// Lightness (OKLCH) rises with the value, so greyscale keeps the order:
/// negatives run from 0.25 to 0.47 (with white text), zero and positives from
/// 0.62 to 0.95 (with black text). The gap between 0.47 and 0.62 keeps every
/// cell's text at a contrast of at least 4.5:1.
pub fn shade_style(v: f64) -> String {
    let (l, c, h, fg) = shade(v);
    format!("background-color: oklch({l:.3} {c:.3} {h}); color: {fg};")
}

/// The scale's (lightness, chroma, hue, text colour) for a value in [-1, 1].
fn shade(v: f64) -> (f64, f64, f64, &'static str) {
    let v = if v.is_finite() {
        v.clamp(-1.0, 1.0)
    } else {
        0.0
    };
    let (l, fg) = if v < 0.0 {
        (0.47 + 0.22 * v, "#fff")
    } else {
        (0.62 + 0.33 * v, "#000")
    };
    let c = 0.15 * v.abs().sqrt();
    let h = if v < 0.0 { 255.0 } else { 65.0 };
    (l, c, h, fg)
}

/// The same hues as 8-bit sRGB, for painting feature maps on a canvas. No
/// number is printed there, so lightness runs on without the gap that keeps
/// text legible (0.30 at -1, 0.95 at +1).
pub fn shade_rgb(v: f64) -> [u8; 3] {
    let (_, c, h, _) = shade(v);
    let v = if v.is_finite() {
        v.clamp(-1.0, 1.0)
    } else {
        0.0
    };
    oklch_to_srgb(0.625 + 0.325 * v, c, h)
}

/// [`shade_rgb`] for 256 evenly spaced values from -1 to 1, computed once:
/// painting a feature map is then a table look-up per pixel.
pub fn shade_lut() -> &'static [[u8; 3]; 256] {
    static LUT: std::sync::OnceLock<[[u8; 3]; 256]> = std::sync::OnceLock::new();
    LUT.get_or_init(|| std::array::from_fn(|i| shade_rgb(i as f64 / 127.5 - 1.0)))
}

/// OKLCH → 8-bit sRGB.
fn oklch_to_srgb(l: f64, c: f64, h: f64) -> [u8; 3] {
    let (a, b) = (c * h.to_radians().cos(), c * h.to_radians().sin());
    // OKLab → linear sRGB (Björn Ottosson's published matrices).
    let l_ = (l + 0.396_337_777_4 * a + 0.215_803_757_3 * b).powi(3);
    let m_ = (l - 0.105_561_345_8 * a - 0.063_854_172_8 * b).powi(3);
    let s_ = (l - 0.089_484_177_5 * a - 1.291_485_548_0 * b).powi(3);
    let rgb = [
        4.076_741_662_1 * l_ - 3.307_711_591_3 * m_ + 0.230_969_929_2 * s_,
        -1.268_438_004_6 * l_ + 2.609_757_401_1 * m_ - 0.341_319_396_5 * s_,
        -0.004_196_086_3 * l_ - 0.703_418_614_7 * m_ + 1.707_614_701_0 * s_,
    ];
    rgb.map(|x| {
        let x = x.clamp(0.0, 1.0);
        let g = if x <= 0.003_130_8 {
            12.92 * x
        } else {
            1.055 * x.powf(1.0 / 2.4) - 0.055
        };
        (g * 255.0).round() as u8
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn luminance([r, g, b]: [u8; 3]) -> f64 {
        let lin = |c: u8| {
            let c = c as f64 / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    }

    #[test]
    fn the_scale_reads_in_greyscale_and_keeps_text_legible() {
        let mut last = -1.0;
        for i in -100..=100 {
            let v = i as f64 / 100.0;
            let y = luminance(shade_rgb(v));
            assert!(y >= last, "luminance must rise with the value (at {v})");
            last = y;
            // WCAG contrast of the printed number on its table cell, at least 4.5:1.
            let (l, c, h, fg) = shade(v);
            let y_cell = luminance(oklch_to_srgb(l, c, h));
            let contrast = if fg == "#fff" {
                1.05 / (y_cell + 0.05)
            } else {
                (y_cell + 0.05) / 0.05
            };
            assert!(contrast >= 4.5, "contrast {contrast:.2} at {v}");
        }
        assert_eq!(shade_rgb(f64::NAN), shade_rgb(0.0));
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Size {
    Large,
    Medium,
    Small,
}

#[derive(Properties, PartialEq)]
pub struct GridProps {
    pub id: AttrValue,
    pub caption: AttrValue,
    pub cols: usize,
    pub cells: Vec<Cell>,
    #[prop_or(Size::Medium)]
    pub size: Size,
}

#[function_component(Grid)]
pub fn grid(p: &GridProps) -> Html {
    let size = match p.size {
        Size::Large => "grid-l",
        Size::Medium => "grid-m",
        Size::Small => "grid-s",
    };
    let rows = p.cells.chunks(p.cols.max(1)).enumerate().map(|(r, row)| {
        let tds = row.iter().enumerate().map(|(c, cell)| {
            let mark = match cell.mark {
                Mark::None => None,
                Mark::Window => Some("win"),
                Mark::Pick => Some("pick"),
                Mark::Current => Some("cur"),
                Mark::Padding => Some("pad"),
            };
            let style = cell.shade.map(shade_style);
            let filled = (!cell.text.is_empty()).then_some("filled");
            let clickable = cell.onclick.is_some().then_some("clickable");
            let onclick = cell.onclick.clone();
            let onkeydown = cell.onclick.clone().map(|cb| {
                Callback::from(move |e: KeyboardEvent| {
                    if e.key() == "Enter" {
                        e.prevent_default();
                        if let Ok(m) = MouseEvent::new("click") {
                            cb.emit(m);
                        }
                    }
                })
            });
            html! {
                <td class={classes!(mark, filled, clickable)} {style}
                    data-r={r.to_string()} data-c={c.to_string()}
                    data-exact={cell.exact.clone()} title={cell.exact.clone()}
                    aria-label={cell.label.clone()}
                    tabindex={(cell.exact.is_some() || onclick.is_some()).then_some("0")}
                    {onclick} {onkeydown}>
                    if let Some(sub) = &cell.sub { <small class="sub">{ sub }</small> }
                    { &cell.text }
                </td>
            }
        });
        // Row and column numbers are header cells, so a screen reader says
        // "row 3, column 4" as it moves through the values.
        html! {
            <tr>
                <th scope="row" class="axis">{ r + 1 }</th>
                { for tds }
            </tr>
        }
    });
    let cols = (0..p.cols).map(|c| html! { <th scope="col" class="axis">{ c + 1 }</th> });
    html! {
        <table id={p.id.clone()} class={classes!("grid", size)}>
            <caption>{ p.caption.clone() }</caption>
            <thead><tr><th class="corner" scope="col"><span class="sr-only">{ crate::i18n::t("grid-corner") }</span></th>{ for cols }</tr></thead>
            <tbody>{ for rows }</tbody>
        </table>
    }
}

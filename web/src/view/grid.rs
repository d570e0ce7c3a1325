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
/// negatives run from 0.25 to 0.50 (with white text), zero and positives from
/// 0.62 to 0.95 (with black text). The gap between 0.50 and 0.62 keeps every
/// cell's text at a contrast of at least 4.5:1.
pub fn shade_style(v: f64) -> String {
    let v = v.clamp(-1.0, 1.0);
    let (l, fg) = if v < 0.0 {
        (0.50 + 0.25 * v, "#fff")
    } else {
        (0.62 + 0.33 * v, "#000")
    };
    let c = 0.15 * v.abs().sqrt();
    let h = if v < 0.0 { 255.0 } else { 65.0 };
    format!("background-color: oklch({l:.3} {c:.3} {h}); color: {fg};")
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
        html! { <tr>{ for tds }</tr> }
    });
    html! {
        <table id={p.id.clone()} class={classes!("grid", size)}>
            <caption>{ p.caption.clone() }</caption>
            <tbody>{ for rows }</tbody>
        </table>
    }
}

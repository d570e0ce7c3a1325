//! Lines against epochs, several on one chart, as SVG: the Architectures
//! page's two networks' losses, the photos page's two ways of training
//! the same photos. Each line has a legend entry in the page's own text
//! (it wraps on a phone), and the chart scales to its box.

use yew::prelude::*;

/// One line: its legend, its colour (the legend's swatch too), and its
/// `(x, y)` points in order.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub label: String,
    /// A CSS colour.
    pub colour: &'static str,
    pub points: Vec<(f32, f32)>,
}

/// How the y axis's numbers read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YAxis {
    /// `0` to the largest value (at most `cap`), one decimal.
    Plain { cap: u32 },
    /// `0%` to `100%`.
    Percent,
}

#[derive(Properties, PartialEq)]
pub struct LineChartProps {
    pub lines: Vec<Line>,
    pub y: YAxis,
    /// What the x axis counts (`epochs`), in the page's language.
    pub x_label: String,
    /// The chart's name for a screen reader, and its caption.
    pub caption: String,
    /// The figure's class (`lab-chart`).
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub id: Option<AttrValue>,
}

const W: f32 = 640.0;
const H: f32 = 220.0;
const LEFT: f32 = 40.0;
const BOTTOM: f32 = 22.0;
const TOP: f32 = 10.0;
const RIGHT: f32 = 10.0;

/// A whole number as it is, else one decimal.
fn format_x(v: f32) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// The lines on shared axes: x from 0 to the largest x of any line, y as
/// `y` says.
#[function_component(LineChart)]
pub fn line_chart(p: &LineChartProps) -> Html {
    let max_x = p
        .lines
        .iter()
        .flat_map(|l| l.points.iter().map(|pt| pt.0))
        .fold(1.0f32, f32::max);
    let max_y = match p.y {
        YAxis::Percent => 1.0,
        YAxis::Plain { cap } => p
            .lines
            .iter()
            .flat_map(|l| l.points.iter().map(|pt| pt.1))
            .filter(|v| v.is_finite())
            .fold(0.5f32, f32::max)
            .min(cap as f32),
    };
    let x = |v: f32| LEFT + v / max_x * (W - LEFT - RIGHT);
    let y = |v: f32| H - BOTTOM - v.clamp(0.0, max_y) / max_y * (H - BOTTOM - TOP);
    let tick = |v: f32| match p.y {
        YAxis::Percent => format!("{:.0}%", v * 100.0),
        YAxis::Plain { .. } => format!("{v:.1}"),
    };
    let ticks = [0.0, 0.5, 1.0].map(|f| {
        let v = f * max_y;
        html! {
            <>
                <line class="grid" x1={LEFT.to_string()} x2={(W - RIGHT).to_string()} y1={y(v).to_string()} y2={y(v).to_string()} />
                <text x={(LEFT - 4.0).to_string()} y={(y(v) + 4.0).to_string()} text-anchor="end">{ tick(v) }</text>
            </>
        }
    });
    let lines = p.lines.iter().map(|l| {
        let points: Vec<String> = l
            .points
            .iter()
            .map(|&(px, py)| format!("{:.1},{:.1}", x(px), y(py)))
            .collect();
        let dots = l.points.iter().map(|&(px, py)| {
            html! { <circle cx={format!("{:.1}", x(px))} cy={format!("{:.1}", y(py))} r="3" fill={l.colour} /> }
        });
        html! {
            <g>
                <polyline class="line" points={points.join(" ")} stroke={l.colour} />
                { for dots }
            </g>
        }
    });
    let legend = p.lines.iter().map(|l| {
        html! {
            <li><span class="swatch" style={format!("background:{}", l.colour)}></span>{ l.label.clone() }</li>
        }
    });
    html! {
        <figure class={classes!("line-chart", p.class.clone())} id={p.id.clone()}>
            <figcaption>{ p.caption.clone() }</figcaption>
            <svg viewBox={format!("0 0 {W} {H}")} role="img" aria-label={p.caption.clone()}>
                <line class="axis" x1={LEFT.to_string()} x2={(W - RIGHT).to_string()} y1={(H - BOTTOM).to_string()} y2={(H - BOTTOM).to_string()} />
                <line class="axis" x1={LEFT.to_string()} x2={LEFT.to_string()} y1={TOP.to_string()} y2={(H - BOTTOM).to_string()} />
                { for ticks }
                <text x={LEFT.to_string()} y={(H - 4.0).to_string()} text-anchor="middle">{ "0" }</text>
                <text x={((LEFT + W - RIGHT) / 2.0).to_string()} y={(H - 4.0).to_string()} text-anchor="middle">{ p.x_label.clone() }</text>
                <text x={(W - RIGHT).to_string()} y={(H - 4.0).to_string()} text-anchor="end">{ format_x(max_x) }</text>
                { for lines }
            </svg>
            <ul class="legend">{ for legend }</ul>
        </figure>
    }
}

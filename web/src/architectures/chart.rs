//! Compute against accuracy: every network Keras publishes an ImageNet
//! accuracy for, placed by its parameters (log scale) and top-1 accuracy,
//! each dot sized by its multiply-adds and linked to its page.

use std::rc::Rc;

use cnn_train::classic;
use yew::prelude::*;

use super::model::{chart_position, href, millions, Accuracy};
use crate::i18n::{s, t, t_args};

/// `(id, name, parameters, multiply-adds, accuracy)` for each network.
pub type Point = (&'static str, &'static str, usize, u64, Accuracy);

#[derive(Properties, PartialEq)]
pub struct ChartProps {
    pub points: Rc<Vec<Point>>,
    /// The network on the page, drawn highlighted.
    pub current: &'static str,
    pub on_choose: Callback<&'static str>,
    pub lang: &'static str,
}

const W: f64 = 640.0;
const H: f64 = 360.0;
const LEFT: f64 = 56.0;
const BOTTOM: f64 = 44.0;
const PAD: f64 = 16.0;
/// Room right of the 200-million mark for the labels of the largest.
const RIGHT: f64 = 64.0;

fn xy(params: usize, top1: f32) -> (f64, f64) {
    let (x, y) = chart_position(params, top1);
    (
        LEFT + x * (W - LEFT - RIGHT),
        H - BOTTOM - y * (H - BOTTOM - PAD),
    )
}

#[function_component(Chart)]
pub fn chart(p: &ChartProps) -> Html {
    // Labels go right of their dot, else left, below or above: the first
    // place that overlaps no label placed before (by size, largest first).
    let mut order: Vec<&Point> = p.points.iter().collect();
    order.sort_by_key(|pt| std::cmp::Reverse(pt.3));
    let mut placed: Vec<(f64, f64, f64, f64)> = Vec::new();
    let dots = order.into_iter().map(|&(id, name, params, macs, acc)| {
        let (x, y) = xy(params, acc.top1);
        // Area by multiply-adds: 1 billion is a radius of 4.
        let r = 4.0 * ((macs as f64) / 1e9).sqrt().max(0.75);
        let w = 6.6 * name.chars().count() as f64;
        let candidates = [
            (x + r + 3.0, y + 4.0, "start"),
            (x - r - 3.0, y + 4.0, "end"),
            (x, y + r + 13.0, "middle"),
            (x, y - r - 4.0, "middle"),
        ];
        let bbox = |&(lx, ly, anchor): &(f64, f64, &str)| {
            let left = match anchor {
                "start" => lx,
                "end" => lx - w,
                _ => lx - w / 2.0,
            };
            (left, ly - 11.0, left + w, ly + 2.0)
        };
        let free = |b: (f64, f64, f64, f64)| {
            b.0 >= 0.0
                && b.2 <= W
                && placed
                    .iter()
                    .all(|o| b.2 <= o.0 || b.0 >= o.2 || b.3 <= o.1 || b.1 >= o.3)
        };
        let label = candidates
            .iter()
            .find(|c| free(bbox(c)))
            .unwrap_or(&candidates[0]);
        placed.push(bbox(label));
        let current = id == p.current;
        let on_choose = p.on_choose.clone();
        let onclick = Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            on_choose.emit(id);
        });
        let title = t_args(
            "arch-chart-dot",
            &[
                ("name", s(name)),
                ("params", s(millions(params as u64))),
                ("macs", s(format!("{:.1}", macs as f64 / 1e9))),
                ("top1", s(format!("{:.1}", acc.top1))),
            ],
        );
        html! {
            <a href={href(id)} {onclick} class={classes!("arch-dot", current.then_some("current"))} data-model={id}>
                <title>{ title }</title>
                <circle cx={format!("{x:.1}")} cy={format!("{y:.1}")} r={format!("{r:.1}")} />
                <text x={format!("{:.1}", label.0)} y={format!("{:.1}", label.1)} text-anchor={label.2}>{ name }</text>
            </a>
        }
    }).collect::<Vec<_>>();
    let xticks = [1usize, 5, 10, 25, 50, 100, 200].into_iter().map(|m| {
        let (x, _) = xy(m * 1_000_000, 70.0);
        html! {
            <g class="tick">
                <line x1={format!("{x:.1}")} x2={format!("{x:.1}")} y1={format!("{}", H - BOTTOM)} y2={format!("{}", H - BOTTOM + 5.0)} />
                <text x={format!("{x:.1}")} y={format!("{}", H - BOTTOM + 18.0)} text-anchor="middle">{ m }</text>
            </g>
        }
    });
    let yticks = [70u32, 72, 74, 76, 78, 80].into_iter().map(|a| {
        let (_, y) = xy(1_000_000, a as f32);
        html! {
            <g class="tick">
                <line x1={format!("{}", LEFT - 5.0)} x2={format!("{LEFT}")} y1={format!("{y:.1}")} y2={format!("{y:.1}")} />
                <text x={format!("{}", LEFT - 8.0)} y={format!("{:.1}", y + 4.0)} text-anchor="end">{ a }</text>
            </g>
        }
    });
    let described = classic::ALL.len();
    html! {
        <section class="arch-chart" aria-labelledby="arch-chart-title">
            <h3 id="arch-chart-title">{ t("arch-chart-title") }</h3>
            <div class="arch-chart-scroll">
            <svg viewBox={format!("0 0 {W} {H}")} role="img" aria-label={t("arch-chart-title")} data-points={p.points.len().to_string()} data-described={described.to_string()}>
                <line class="axis" x1={format!("{LEFT}")} x2={format!("{}", W - RIGHT)} y1={format!("{}", H - BOTTOM)} y2={format!("{}", H - BOTTOM)} />
                <line class="axis" x1={format!("{LEFT}")} x2={format!("{LEFT}")} y1={format!("{PAD}")} y2={format!("{}", H - BOTTOM)} />
                { for xticks }
                { for yticks }
                <text class="axis-label" x={format!("{}", (W + LEFT) / 2.0)} y={format!("{}", H - 6.0)} text-anchor="middle">{ t("arch-chart-x") }</text>
                <text class="axis-label" transform={format!("translate(14 {}) rotate(-90)", (H - BOTTOM) / 2.0)} text-anchor="middle">{ t("arch-chart-y") }</text>
                { for dots }
            </svg>
            </div>
            <p class="arch-note">{ t("arch-chart-credit") }</p>
        </section>
    }
}

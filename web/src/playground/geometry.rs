//! The layer's settings: padding, stride, dilation, sum or mean, ReLU and
//! pooling.

use cnn_core::{Padding, PoolKind, Reduction};
use yew::prelude::*;

use super::model::{self, PoolSpec};
use super::select::select;
use super::state::Action;
use crate::i18n::{n, t, t_args};

#[derive(Properties, PartialEq)]
pub struct GeometryProps {
    pub padding: Padding,
    pub stride: usize,
    pub dilation: usize,
    pub reduction: Reduction,
    pub relu: bool,
    pub pool: Option<PoolSpec>,
    pub send: Callback<Action>,
}

/// The row of layer settings under the kernels.
#[function_component(GeometryControls)]
pub fn geometry_controls(p: &GeometryProps) -> Html {
    let set = |f: fn(usize) -> Action| {
        let send = p.send.clone();
        Callback::from(move |v: usize| send.emit(f(v)))
    };
    let toggle = |a: Action| {
        let send = p.send.clone();
        Callback::from(move |_: MouseEvent| send.emit(a.clone()))
    };
    let on_padding = {
        let send = p.send.clone();
        Callback::from(move |v: Padding| send.emit(Action::SetPadding(v)))
    };
    let on_pool = {
        let send = p.send.clone();
        Callback::from(move |v: Option<PoolSpec>| send.emit(Action::SetPool(v)))
    };
    html! {
        <section class="pg-geometry controls-row" aria-label={t("pg-geometry")}>
            { select("pg-padding", t("padding"), padding_options(), p.padding, on_padding) }
            { select("pg-stride", t("stride"), model::STRIDES.map(|v| (v, v.to_string())).collect(), p.stride, set(Action::SetStride)) }
            { select("pg-dilation", t("pg-dilation"), model::DILATIONS.map(|v| (v, v.to_string())).collect(), p.dilation, set(Action::SetDilation)) }
            <button class="seg" aria-pressed={(p.reduction == Reduction::Mean).to_string()} onclick={toggle(Action::ToggleMean)}>{ t("reduction-mean") }</button>
            <button class="seg" id="pg-relu" aria-pressed={p.relu.to_string()} onclick={toggle(Action::ToggleRelu)}>{ t("pg-relu") }</button>
            { select("pg-pool", t("pg-pool"), pool_options(), p.pool, on_pool) }
        </section>
    }
}

/// Valid, same, then 0 to 3 on each side.
fn padding_options() -> Vec<(Padding, String)> {
    [Padding::Valid, Padding::Same]
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
        .collect()
}

/// None, then max and average pooling at four window sizes and strides.
fn pool_options() -> Vec<(Option<PoolSpec>, String)> {
    std::iter::once((None, t("pg-pool-none")))
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
        .collect()
}

//! The network as it learns: the first layer's filters, the probe picture
//! with the model's probabilities, and each layer's feature maps (the first
//! convolution's open [`FirstLayerMaps`], step by step).

use std::rc::Rc;

use cnn_train::protocol::Snapshot;
use yew::prelude::*;

use super::cell::FirstLayerMaps;
use crate::i18n::{n, s, t, t_args};
use crate::ui::canvas::Tile;

#[derive(Properties, PartialEq)]
pub struct NetworkProps {
    pub snapshot: Rc<Snapshot>,
    /// The model's layer names, by layer (from its summary).
    pub layer_names: Rc<Vec<String>>,
    pub class_names: Rc<Vec<String>>,
    /// The language in use (a change re-renders the text).
    pub lang: &'static str,
}

/// Filters and feature maps (`#tr-filters`, `#tr-maps`).
#[function_component(Network)]
pub fn network(p: &NetworkProps) -> Html {
    let snap = &p.snapshot;
    let [f, c, k, _] = snap.filter_shape;
    let filters = (0..f).map(|i| {
        let v: Vec<f32> = snap.filters[i * c * k * k..i * c * k * k + k * k].to_vec();
        html! { <Tile values={Rc::new(v)} h={k} w={k} signed=true class="filter"
        label={t_args("tr-filter", &[("n", n(i + 1))])} /> }
    });
    let [_, ih, iw] = snap.input_shape;
    let input = Rc::new(snap.input[..ih * iw].to_vec());
    let layers = snap
        .prediction
        .layers
        .iter()
        .enumerate()
        .filter(|(_, l)| l.shape[1] > 1)
        .map(|(li, l)| {
            let [ch, h, w] = l.shape;
            let name = p.layer_names.get(li).cloned().unwrap_or_default();
            // The first convolution's cells open a step-by-step panel.
            if li == 0 && matches!(snap.first_layer, Some(cnn_train::Layer::Conv2d { .. })) {
                return html! { <FirstLayerMaps snapshot={snap.clone()} name={name} shown={ch.min(16)} /> };
            }
            let maps = (0..ch.min(16)).map(|m| {
                let v = Rc::new(l.values[m * h * w..(m + 1) * h * w].to_vec());
                html! { <Tile values={v} h={h} w={w} signed=true class="fmap"
                    label={t_args("tr-map", &[("layer", s(name.clone())), ("n", n(m + 1))])} /> }
            });
            html! {
                <div class="layer-maps">
                    <p class="layer-name">{ format!("{name} — {ch}×{h}×{w}") }</p>
                    <div class="tiles">{ for maps }</div>
                </div>
            }
        });
    let probs = snap
        .prediction
        .probabilities
        .iter()
        .enumerate()
        .map(|(i, pr)| {
            let name = p.class_names.get(i).cloned().unwrap_or_else(|| i.to_string());
            html! { <li><span class="cls">{ name }</span><meter min="0" max="1" value={pr.to_string()}></meter><span class="num">{ format!("{:.0}%", pr * 100.0) }</span></li> }
        });
    let probe = p
        .class_names
        .get(snap.label as usize)
        .cloned()
        .unwrap_or_default();
    html! {
        <section class="tr-network" aria-label={t("tr-network")}>
            <h3>{ t("tr-filters") }</h3>
            <div class="tiles" id="tr-filters">{ for filters }</div>
            <h3>{ t("tr-feature-maps") }</h3>
            <div class="row">
                <figure>
                    <Tile values={input} h={ih} w={iw} signed=false class="probe" label={t("tr-probe")} />
                    <figcaption>{ t_args("tr-probe-label", &[("label", s(probe))]) }</figcaption>
                </figure>
                <ul class="probs" aria-label={t("tr-probabilities")}>{ for probs }</ul>
            </div>
            <div id="tr-maps">{ for layers }</div>
        </section>
    }
}

//! Why the network answers as it does for a test photo: the photo as it
//! saw it, the occlusion map, the class activation map (for a model that
//! ends in global average pooling), the probabilities, and every layer's
//! maps.

use std::rc::Rc;

use cnn_train::protocol::BlockMaps;
use cnn_train::Prediction;
use yew::prelude::*;

use super::grid::{heat_overlay, Picture};
use super::model::Class;
use super::state::Explained;
use crate::i18n::{n, s, t, t_args};
use crate::ui::canvas::Tile;

#[derive(Properties, PartialEq)]
pub struct ExplanationProps {
    pub explained: Explained,
    /// The classes' names in the network's order.
    pub names: Vec<String>,
    /// The project's classes, for their colours.
    pub classes: Vec<Class>,
    /// The language shown (a change draws again).
    pub lang: &'static str,
}

/// The explanation of the last test photo (waiting for the worker's answer
/// until it comes).
#[function_component(Explanation)]
pub fn explanation(p: &ExplanationProps) -> Html {
    let (ex, names) = (&p.explained, &p.names);
    let colour_of = |name: &str| {
        p.classes
            .iter()
            .find(|c| c.name == name)
            .map(|c| c.colour.clone())
            .unwrap_or_else(|| "#1d4ed8".into())
    };
    let bars = ex.prediction.as_ref().map(|pred| {
        let items = pred.probabilities.iter().enumerate().map(|(i, &pr)| {
            let name = names.get(i).cloned().unwrap_or_else(|| i.to_string());
            let colour = colour_of(&name);
            html! {
                <li data-probability={pr.to_string()}>
                    <span class="cls">{ name.clone() }</span>
                    <span class="bar"><span class="bar-fill" style={format!("width:{:.1}%;background:{colour}", pr * 100.0)}></span></span>
                    <span class="num">{ format!("{:.1}%", pr * 100.0) }</span>
                </li>
            }
        });
        html! { <ul class="prob-bars" id="ph-probs" aria-label={t("tr-probabilities")}>{ for items }</ul> }
    });
    let heat = ex.occlusion.as_ref().map(|o| {
        let over = Rc::new(heat_overlay(&ex.rgb, ex.size, ex.size, &o.drops, o.rows, o.cols));
        let class = names.get(o.class).cloned().unwrap_or_default();
        html! {
            <figure>
                <Picture rgb={over} w={ex.size as u32} h={ex.size as u32} class="seen" id={AttrValue::from("ph-occlusion")} label={t("ph-occlusion")} />
                <figcaption>{ t_args("ph-occlusion-explained", &[("class", s(class)), ("patch", n(o.patch))]) }</figcaption>
            </figure>
        }
    });
    let cam = ex.cam.as_ref().map(|c| {
        let over = Rc::new(heat_overlay(&ex.rgb, ex.size, ex.size, &c.values, c.rows, c.cols));
        let class = names.get(c.class).cloned().unwrap_or_default();
        html! {
            <figure>
                <Picture rgb={over} w={ex.size as u32} h={ex.size as u32} class="seen" id={AttrValue::from("ph-cam")} label={t("ph-cam")} />
                <figcaption>{ t_args("ph-cam-explained", &[("class", s(class)), ("rows", n(c.rows)), ("cols", n(c.cols))]) }</figcaption>
            </figure>
        }
    });
    // A head on the pretrained base has only flat layers of its own: what
    // the base's blocks see is shown instead.
    let maps = if ex.blocks.is_empty() {
        ex.prediction
            .as_ref()
            .map(|pred| layer_maps(pred, "ph-test-maps"))
    } else {
        Some(block_maps(&ex.blocks))
    };
    html! {
        <div class="ph-result">
            <div class="row">
                <figure>
                    <Picture rgb={ex.rgb.clone()} w={ex.size as u32} h={ex.size as u32} class="seen" id={AttrValue::from("ph-test-seen")} label={t("ph-seen")} />
                    <figcaption>{ t_args("ph-seen-caption", &[("size", n(ex.size))]) }</figcaption>
                </figure>
                { heat.unwrap_or_else(|| html! { <p class="hint">{ t("ph-explaining") }</p> }) }
                { cam.unwrap_or_default() }
                { bars.unwrap_or_default() }
            </div>
            { maps.unwrap_or_default() }
        </div>
    }
}

/// An early and a late block of the pretrained base: their strongest maps,
/// and seed 001's sentence on what each sees.
fn block_maps(blocks: &[BlockMaps]) -> Html {
    let rows = blocks.iter().enumerate().map(|(i, b)| {
        let [ch, h, w] = b.shape;
        let [shown, mh, mw] = b.maps.shape;
        let tiles = (0..shown).map(|m| {
            let v = Rc::new(b.maps.values[m * mh * mw..(m + 1) * mh * mw].to_vec());
            let channel = b.channels.get(m).copied().unwrap_or(m);
            html! { <Tile values={v} h={mh} w={mw} signed=true class="fmap"
                label={t_args("ph-block-map", &[("block", s(b.block.clone())), ("n", n(channel + 1))])} /> }
        });
        let (title, sees) = if i == 0 {
            ("ph-block-early", "ph-block-early-sees")
        } else {
            ("ph-block-late", "ph-block-late-sees")
        };
        html! {
            <div class="layer-maps">
                <p class="layer-name">{ t_args(title, &[("block", s(b.block.clone())), ("shape", s(format!("{h}×{w}×{ch}"))), ("shown", n(shown)), ("all", n(ch))]) }</p>
                <p class="hint">{ t(sees) }</p>
                <div class="tiles">{ for tiles }</div>
            </div>
        }
    });
    html! { <div class="maps" id="ph-block-maps">{ for rows }</div> }
}

/// Every layer's maps (up to 8 each) for one picture.
pub fn layer_maps(p: &Prediction, id: &'static str) -> Html {
    let layers = p.layers.iter().enumerate().filter(|(_, l)| l.shape[1] > 1).map(|(li, l)| {
        let [ch, h, w] = l.shape;
        let maps = (0..ch.min(8)).map(|m| {
            let v = Rc::new(l.values[m * h * w..(m + 1) * h * w].to_vec());
            html! { <Tile values={v} h={h} w={w} signed=true class="fmap"
                label={t_args("ph-map", &[("layer", n(li + 1)), ("n", n(m + 1))])} /> }
        });
        html! {
            <div class="layer-maps">
                <p class="layer-name">{ t_args("ph-layer", &[("n", n(li + 1)), ("shape", s(format!("{ch}×{h}×{w}")))]) }</p>
                <div class="tiles">{ for maps }</div>
            </div>
        }
    });
    html! { <div class="maps" id={id}>{ for layers }</div> }
}

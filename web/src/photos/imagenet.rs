//! "What a network pretrained on ImageNet sees": any photo (a sample or
//! the learner's own) shown to EfficientNet-Lite0 with its ImageNet
//! weights, and its five likeliest classes. The network (9 MB) is fetched
//! from this site the first time a learner asks, never with the page.

use std::rc::Rc;

use cnn_train::protocol::{ImageNetGuess, Loaded};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::grid::Picture;
use crate::i18n::{n, s, t, t_args};

/// The bundled photos a learner can try (static/samples, credited there).
pub const SAMPLES: [&str; 5] = ["cat", "coffee", "astronaut", "rocket", "brick"];

/// The side of the crop the network sees.
pub const SIDE: u32 = 224;

/// The size a photo is decoded at for the pretrained network: whole, up
/// to 2,048 pixels on its longer side. The centre crop is then shrunk to
/// 224x224 by area averaging, as the conversion test does with the sample
/// photos (a photo kept at the project's 128 pixels would be enlarged,
/// blurred, and seen differently).
pub fn decode_size(w: u32, h: u32) -> (u32, u32) {
    const LONG: u64 = 2048;
    let long = u64::from(w.max(h));
    if long <= LONG {
        return (w, h);
    }
    let scale = |side: u32| ((u64::from(side) * LONG + long / 2) / long).max(1) as u32;
    (scale(w), scale(h))
}

/// The panel's state.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Seen {
    #[default]
    Nothing,
    /// A crop was sent; `first`: the network is being fetched too.
    Waiting { crop: Rc<Vec<u8>>, first: bool },
    Answer {
        crop: Rc<Vec<u8>>,
        top: Vec<ImageNetGuess>,
        ms: f32,
        loaded: Option<Loaded>,
    },
    /// The learner's sentence.
    Failed {
        crop: Option<Rc<Vec<u8>>>,
        message: String,
    },
}

impl Seen {
    /// The crop shown, `[h, w, 3]`.
    fn crop(&self) -> Option<&Rc<Vec<u8>>> {
        match self {
            Seen::Nothing => None,
            Seen::Waiting { crop, .. } | Seen::Answer { crop, .. } => Some(crop),
            Seen::Failed { crop, .. } => crop.as_ref(),
        }
    }

    pub fn waiting(&self) -> bool {
        matches!(self, Seen::Waiting { .. })
    }
}

/// What happens to the panel.
#[derive(Debug)]
pub enum SeenAction {
    /// A crop (`[h, w, 3]`) was sent; `first`: the network is not here yet.
    Start { crop: Rc<Vec<u8>>, first: bool },
    Answer {
        top: Vec<ImageNetGuess>,
        ms: f32,
        loaded: Option<Loaded>,
    },
    /// The learner's sentence (the photo could not be read, the network
    /// could not be fetched).
    Failed(String),
}

impl Reducible for Seen {
    type Action = SeenAction;

    fn reduce(self: Rc<Self>, action: SeenAction) -> Rc<Self> {
        let crop = self.crop().cloned();
        Rc::new(match action {
            SeenAction::Start { crop, first } => Seen::Waiting { crop, first },
            SeenAction::Answer { top, ms, loaded } => match crop {
                Some(crop) => Seen::Answer {
                    crop,
                    top,
                    ms,
                    loaded,
                },
                None => return self,
            },
            SeenAction::Failed(message) => Seen::Failed { crop, message },
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_photo_is_decoded_whole_up_to_2048_pixels_a_side() {
        use super::decode_size;
        assert_eq!(decode_size(320, 213), (320, 213));
        assert_eq!(decode_size(4000, 3000), (2048, 1536));
        assert_eq!(decode_size(100, 8000), (26, 2048));
    }
}

#[derive(Properties, PartialEq)]
pub struct ImageNetProps {
    pub seen: Seen,
    /// A bundled sample, by name.
    pub on_sample: Callback<&'static str>,
    /// The learner's own photo.
    pub on_file: Callback<web_sys::File>,
    /// The language shown (a change draws again).
    pub lang: &'static str,
}

#[function_component(ImageNetPanel)]
pub fn imagenet_panel(p: &ImageNetProps) -> Html {
    let waiting = p.seen.waiting();
    let samples = SAMPLES.iter().map(|&name| {
        let on_sample = p.on_sample.clone();
        html! {
            <button type="button" class="action" data-sample={name} disabled={waiting}
                onclick={Callback::from(move |_| on_sample.emit(name))}>{ t(&format!("ph-in-sample-{name}")) }</button>
        }
    });
    let on_change = {
        let on_file = p.on_file.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(f) = input.files().and_then(|l| l.get(0)) {
                on_file.emit(f);
            }
            input.set_value("");
        })
    };
    let picture = p.seen.crop().map(|crop| {
        html! {
            <figure>
                <Picture rgb={crop.clone()} w={SIDE} h={SIDE} class="seen" id={AttrValue::from("ph-in-seen")} label={t("ph-in-seen")} />
                <figcaption>{ t_args("ph-seen-caption", &[("size", n(SIDE as usize))]) }</figcaption>
            </figure>
        }
    });
    let answer = match &p.seen {
        Seen::Nothing => html! {},
        Seen::Waiting { first, .. } => html! {
            // `live`: what the network is doing shows in projector mode too.
            <p class="hint live" role="status" id="ph-in-status">
                { t(if *first { "ph-in-fetching" } else { "ph-in-looking" }) }
            </p>
        },
        Seen::Failed { message, .. } => html! {
            <p class="note" role="alert" id="ph-in-status">{ message.clone() }</p>
        },
        Seen::Answer {
            top, ms, loaded, ..
        } => {
            let items = top.iter().map(|g| {
                html! {
                    <li data-class={g.class.to_string()}>
                        <span class="cls">{ g.name.clone() }</span>
                        <span class="bar"><span class="bar-fill" style={format!("width:{:.1}%", g.probability * 100.0)}></span></span>
                        <span class="num">{ format!("{:.1}%", g.probability * 100.0) }</span>
                    </li>
                }
            });
            let timing = match loaded {
                Some(l) => t_args(
                    "ph-in-timing-first",
                    &[
                        ("megabytes", s(format!("{:.1}", l.bytes as f64 / 1e6))),
                        ("seconds", s(format!("{:.1}", l.ms / 1000.0))),
                        ("ms", n(ms.round() as usize)),
                    ],
                ),
                None => t_args("ph-in-timing", &[("ms", n(ms.round() as usize))]),
            };
            html! {
                <div>
                    <ol class="prob-bars" id="ph-in-top" aria-label={t("ph-in-top")}>{ for items }</ol>
                    <p class="hint live" id="ph-in-timing">{ timing }</p>
                </div>
            }
        }
    };
    html! {
        <div class="ph-imagenet" id="ph-imagenet">
            <h4>{ t("ph-in-title") }</h4>
            <p class="hint">{ t("ph-in-lead") }</p>
            <div class="controls-row ph-in-choose">
                { for samples }
                <label class="action file-button">{ t("ph-in-own") }
                    <input type="file" accept="image/*" id="ph-in-file" class="sr-only" disabled={waiting} onchange={on_change} />
                </label>
            </div>
            <div class="row">
                { picture.unwrap_or_default() }
                { answer }
            </div>
            <p class="credit">{ t("ph-in-credit") }</p>
        </div>
    }
}

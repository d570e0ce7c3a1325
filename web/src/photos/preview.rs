//! What the network sees: the size, fit and augmentation settings, and one
//! photo as it is kept, as the network gets it, and (augmenting) six
//! variants of it.

use cnn_train::Rng;
use std::rc::Rc;
use yew::prelude::*;

use super::grid::{planar_bytes_to_rgb, planar_to_rgb, Picture};
use super::ingest::setting_change;
use super::model::{LooksAgain, Photo, Settings, REFERENCE_PACE, SIZES};
use super::state::EditSettings;
use crate::i18n::{n, s, t, t_args};

#[derive(Properties, PartialEq)]
pub struct PrepareProps {
    pub settings: Settings,
    /// The photo previewed, if there is one.
    pub photo: Option<Photo>,
    /// Its kept pixels, once read (`[height, width, 3]`).
    pub pixels: Option<Rc<Vec<u8>>>,
    /// Training is under way: the settings stay as they are.
    pub busy: bool,
    /// Transfer learning with augmentation: what it costs (method 2).
    pub looks: Option<LooksAgain>,
    /// Photos a second the base last looked at in this page, if it has.
    pub pace: Option<f64>,
    pub on_settings: Callback<EditSettings>,
}

/// The settings of the pictures and the network's view of one photo (the
/// heading is the page's).
#[function_component(Prepare)]
pub fn prepare(p: &PrepareProps) -> Html {
    let aug_seed = use_state(|| 1u64);
    let settings = &p.settings;
    let busy = p.busy;
    // The side the network sees (the pretrained network's 224 for transfer
    // learning), and whether photos are augmented (for transfer learning,
    // the base then looks again on every epoch).
    let side = settings.side();
    let size = side as usize;
    let transfer = settings.transfer();
    let augment = settings.augmenting();
    let shown = p.photo.as_ref().zip(p.pixels.as_ref());
    let preview = shown.and_then(|(ph, px)| Some((ph, px, ph.picture(px)?))).map(|(ph, px, rgb)| {
        let planar = cnn_photos::prepare::fit(&rgb, side, settings.fit());
        let seen = Rc::new(planar_bytes_to_rgb(&planar, size, size));
        let variants = if augment {
            let unit = super::model::to_unit(&planar);
            let aug = settings.augmentation();
            let mut rng = Rng::new(*aug_seed);
            (0..6)
                .map(|k| {
                    let tr = aug.sample(size, size, &mut rng);
                    let mut out = vec![0.0; unit.len()];
                    let _ = tr.apply(&unit, 3, size, size, &mut out);
                    let rgb = Rc::new(planar_to_rgb(&out, size, size));
                    html! { <Picture rgb={rgb} w={side} h={side} class="seen"
                        label={t_args("ph-variant", &[("n", n(k + 1))])} /> }
                })
                .collect::<Html>()
        } else {
            Html::default()
        };
        let reshuffle = {
            let aug_seed = aug_seed.clone();
            Callback::from(move |_: MouseEvent| aug_seed.set(*aug_seed + 1))
        };
        html! {
            <div class="ph-preview">
                <figure>
                    <Picture rgb={px.clone()} w={ph.width} h={ph.height} class="original" label={ph.name.clone()} />
                    <figcaption>{ t_args("ph-original", &[("name", s(ph.name.clone())), ("w", n(ph.width as usize)), ("h", n(ph.height as usize))]) }</figcaption>
                </figure>
                <figure>
                    <Picture rgb={seen} w={side} h={side} class="seen" id={AttrValue::from("ph-seen")} label={t("ph-seen")} />
                    <figcaption>{ t_args("ph-seen-caption", &[("size", n(size))]) }</figcaption>
                </figure>
                if augment {
                    <figure class="variants">
                        <div class="tiles" id="ph-variants">{ variants }</div>
                        <figcaption>{ t("ph-variants") }
                            <button type="button" class="seg small" onclick={reshuffle}>{ t("ph-reshuffle") }</button>
                        </figcaption>
                    </figure>
                }
            </div>
        }
    });
    let on_size = setting_change(&p.on_settings, |s, v| {
        if let Ok(size) = v.parse::<u32>() {
            if SIZES.contains(&size) {
                s.size = size;
            }
        }
    });
    let on_fit = setting_change(&p.on_settings, |s, v| s.crop = v == "crop");
    let on_augment = p.on_settings.reform(|_: MouseEvent| -> EditSettings {
        Box::new(|s: &mut Settings| s.toggle_augment())
    });
    html! {
        <>
            <div class="controls-row">
                <label class="field">{ t("ph-size") }
                    <select id="ph-size" onchange={on_size} disabled={busy || transfer}>
                        if transfer {
                            <option selected=true>{ format!("{side} × {side}") }</option>
                        } else {
                            { for SIZES.iter().map(|&sz| html! { <option value={sz.to_string()} selected={sz == settings.size}>{ format!("{sz} × {sz}") }</option> }) }
                        }
                    </select>
                </label>
                <label class="field">{ t("ph-fit") }
                    <select id="ph-fit" onchange={on_fit} disabled={busy}>
                        <option value="crop" selected={settings.crop}>{ t("ph-fit-crop") }</option>
                        <option value="pad" selected={!settings.crop}>{ t("ph-fit-pad") }</option>
                    </select>
                </label>
                <button type="button" class="seg" id="ph-augment" aria-pressed={augment.to_string()} onclick={on_augment} disabled={busy}>{ t("ph-augment") }</button>
            </div>
            if transfer {
                <p class="hint" id="ph-transfer-size">{ t("ph-transfer-size") }</p>
                { method_note(augment, p.looks, p.pace) }
            }
            { preview.unwrap_or_else(|| match p.photo {
                // Its pixels are on their way from the store.
                Some(_) => Html::default(),
                None => html! { <p class="hint">{ t("ph-no-preview") }</p> },
            }) }
        </>
    }
}

/// Transfer learning's two methods (seed 001): without augmentation the
/// base looks at each photo once (method 1); with it, at the training
/// photos again on every epoch (method 2), and what that costs.
fn method_note(augment: bool, looks: Option<LooksAgain>, pace: Option<f64>) -> Html {
    if !augment {
        return html! { <p class="hint" id="ph-method">{ t("ph-method-1") }</p> };
    }
    let Some(l) = looks else {
        return html! { <p class="hint" id="ph-method">{ t("ph-method-2") }</p> };
    };
    let rate = pace.unwrap_or(REFERENCE_PACE);
    let measured = if pace.is_some() { "yes" } else { "no" };
    html! {
        <p class="hint" id="ph-method" data-looks={l.looks().to_string()}>
            { t_args("ph-method-2-cost", &[
                ("photos", n(l.photos)),
                ("train", n(l.train)),
                ("epochs", n(l.epochs)),
                ("looks", n(l.looks())),
                ("time", s(crate::ui::format::fmt_time(l.ms(rate)))),
                ("rate", s(format!("{rate:.0}"))),
                ("measured", s(measured)),
            ]) }
        </p>
    }
}

//! Random augmentation: translation, zoom, horizontal shear and horizontal
//! flip (Keras's `width_shift_range`/`height_shift_range`, `zoom_range`,
//! `shear_range` and `horizontal_flip`), sampled bilinearly with a zero
//! border.

use super::{check_setting, DataError};
use crate::rng::Rng;

/// Augmentation settings.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Augment {
    /// Largest translation, as a fraction of the side (0.1 = ±10%), 0 to 0.5.
    pub shift: f32,
    /// Magnification drawn from `[1 - zoom, 1 + zoom]`, `zoom` from 0 to 0.5.
    pub zoom: f32,
    /// Mirror left-right with probability 1/2.
    pub flip: bool,
    /// Horizontal shear factor drawn from `[-shear, shear]`, 0 to 0.5: each
    /// row slides sideways by the factor times its distance from the
    /// centre row (0.5 is a lean of about 27°). Keras's `shear_range`
    /// names an angle instead; this is its tangent.
    #[serde(default)]
    pub shear: f32,
}

impl Default for Augment {
    fn default() -> Self {
        Self::NONE
    }
}

/// One drawn augmentation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Transform {
    /// Translation in pixels, right and down.
    pub dx: f32,
    pub dy: f32,
    /// Magnification about the centre (> 1 enlarges).
    pub scale: f32,
    /// Mirror left-right (applied before shearing, scaling and translation).
    pub flip: bool,
    /// Horizontal shear (applied after the flip, before scaling and
    /// translation): the point `(u, v)` from the centre moves to
    /// `(u + shear · v, v)`, so with a positive factor the rows below the
    /// centre slide right and the rows above slide left.
    pub shear: f32,
}

impl Transform {
    pub const IDENTITY: Transform = Transform {
        dx: 0.0,
        dy: 0.0,
        scale: 1.0,
        flip: false,
        shear: 0.0,
    };

    /// Writes the transformed `image` into `out`; both are
    /// `[channels, height, width]`. Each output pixel samples the input
    /// bilinearly at its pre-image; outside the input reads 0.
    pub fn apply(
        &self,
        image: &[f32],
        channels: usize,
        height: usize,
        width: usize,
        out: &mut [f32],
    ) -> Result<(), DataError> {
        let n = channels
            .checked_mul(height)
            .and_then(|v| v.checked_mul(width))
            .unwrap_or(usize::MAX);
        for (field, len) in [("image", image.len()), ("out", out.len())] {
            if len != n {
                return Err(DataError::LengthMismatch {
                    field,
                    expected: n,
                    found: len,
                });
            }
        }
        if *self == Self::IDENTITY {
            out.copy_from_slice(image);
            return Ok(());
        }
        let scale = if self.scale.is_finite() && self.scale > 0.0 {
            self.scale
        } else {
            1.0
        };
        let shear = if self.shear.is_finite() {
            self.shear
        } else {
            0.0
        };
        let (cx, cy) = (width as f32 / 2.0, height as f32 / 2.0);
        let at = |plane: &[f32], r: isize, c: isize| -> f32 {
            if r < 0 || c < 0 || r as usize >= height || c as usize >= width {
                0.0
            } else {
                plane[r as usize * width + c as usize]
            }
        };
        for (src, dst) in image
            .chunks_exact(height * width)
            .zip(out.chunks_exact_mut(height * width))
        {
            for y in 0..height {
                let v = (y as f32 + 0.5 - cy - self.dy) / scale;
                let sy = v + cy - 0.5;
                for x in 0..width {
                    // Undo translation and scale, then the shear, then the flip.
                    let mut u = (x as f32 + 0.5 - cx - self.dx) / scale - shear * v;
                    if self.flip {
                        u = -u;
                    }
                    let sx = u + cx - 0.5;
                    let (x0, y0) = (sx.floor(), sy.floor());
                    let (fx, fy) = (sx - x0, sy - y0);
                    let (c0, r0) = (x0 as isize, y0 as isize);
                    let top = at(src, r0, c0) * (1.0 - fx) + at(src, r0, c0 + 1) * fx;
                    let bottom = at(src, r0 + 1, c0) * (1.0 - fx) + at(src, r0 + 1, c0 + 1) * fx;
                    dst[y * width + x] = top * (1.0 - fy) + bottom * fy;
                }
            }
        }
        Ok(())
    }
}

/// `x` when finite and in `[0, max]`, else 0.
fn sane(x: f32, max: f32) -> f32 {
    if (0.0..=max).contains(&x) {
        x
    } else {
        0.0
    }
}

impl Augment {
    pub const NONE: Augment = Augment {
        shift: 0.0,
        zoom: 0.0,
        flip: false,
        shear: 0.0,
    };
    pub const MAX_SHIFT: f32 = 0.5;
    pub const MAX_ZOOM: f32 = 0.5;
    pub const MAX_SHEAR: f32 = 0.5;

    /// Checked settings; the error names the field.
    pub fn new(shift: f32, zoom: f32, shear: f32, flip: bool) -> Result<Self, DataError> {
        let a = Self {
            shift,
            zoom,
            flip,
            shear,
        };
        a.validate()?;
        Ok(a)
    }

    pub fn validate(&self) -> Result<(), DataError> {
        check_setting("shift", self.shift, 0.0, Self::MAX_SHIFT)?;
        check_setting("zoom", self.zoom, 0.0, Self::MAX_ZOOM)?;
        check_setting("shear", self.shear, 0.0, Self::MAX_SHEAR)
    }

    /// True when every augmentation is off.
    pub fn is_identity(&self) -> bool {
        sane(self.shift, Self::MAX_SHIFT) == 0.0
            && sane(self.zoom, Self::MAX_ZOOM) == 0.0
            && sane(self.shear, Self::MAX_SHEAR) == 0.0
            && !self.flip
    }

    /// Draws one transform for a `height x width` picture. Settings out of
    /// range count as off. Draws nothing from `rng` when every augmentation is off.
    pub fn sample(&self, height: usize, width: usize, rng: &mut Rng) -> Transform {
        if self.is_identity() {
            return Transform::IDENTITY;
        }
        let shift = sane(self.shift, Self::MAX_SHIFT);
        let zoom = sane(self.zoom, Self::MAX_ZOOM);
        let dx = rng.range(-shift, shift) * width as f32;
        let dy = rng.range(-shift, shift) * height as f32;
        let scale = rng.range(1.0 - zoom, 1.0 + zoom);
        let flip = rng.chance(0.5);
        // Drawn last and only when on, so settings without shear draw the
        // same transforms from the same seed as before shear existed.
        let shear = sane(self.shear, Self::MAX_SHEAR);
        let shear = if shear > 0.0 {
            rng.range(-shear, shear)
        } else {
            0.0
        };
        Transform {
            dx: if shift > 0.0 { dx } else { 0.0 },
            dy: if shift > 0.0 { dy } else { 0.0 },
            scale: if zoom > 0.0 { scale } else { 1.0 },
            flip: self.flip && flip,
            shear,
        }
    }

    /// Draws a transform and applies it: `image` and `out` are
    /// `[channels, height, width]`.
    pub fn apply(
        &self,
        image: &[f32],
        channels: usize,
        height: usize,
        width: usize,
        rng: &mut Rng,
        out: &mut [f32],
    ) -> Result<(), DataError> {
        self.sample(height, width, rng)
            .apply(image, channels, height, width, out)
    }
}

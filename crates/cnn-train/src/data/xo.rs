//! Procedural X and O pictures, drawn with anti-aliased strokes.
//!
//! The strokes are the lesson's: at 9x9 with every variation off, the X is
//! exactly the slides' X (`cnn_core::xo::x_image`, +1 as 1.0 and -1 as 0.0)
//! and the O is the lesson's ring. Larger sizes scale the same strokes.

use super::{check_setting, DataError, Dataset};
use crate::rng::Rng;

/// Settings of [`generate`].
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct XoConfig {
    /// Number of pictures; classes alternate X, O, X, …
    pub count: usize,
    pub seed: u64,
    /// Side of the square pictures, from [`XoConfig::MIN_SIZE`] to
    /// [`XoConfig::MAX_SIZE`]; 9 is the lesson's.
    pub size: usize,
    /// Random translation, up to ±1 lesson pixel (size / 9 pixels).
    pub shift: bool,
    /// Random scaling by 0.8 to 1.1 about the centre.
    pub scale: bool,
    /// Random horizontal shear, ±0.2.
    pub skew: bool,
    /// Random stroke thickness, 1 to 1.6 lesson pixels.
    pub thickness: bool,
    /// Standard deviation of additive Gaussian noise, 0 to 1; results are
    /// clamped to `[0, 1]`.
    pub noise: f32,
}

impl Default for XoConfig {
    fn default() -> Self {
        Self {
            count: 200,
            seed: 1,
            size: 9,
            shift: true,
            scale: true,
            skew: true,
            thickness: true,
            noise: 0.05,
        }
    }
}

impl XoConfig {
    pub const MIN_SIZE: usize = 5;
    pub const MAX_SIZE: usize = 128;
    pub const MAX_COUNT: usize = 100_000;

    /// The lesson's pictures: 9x9, no variation, no noise.
    pub fn lesson(count: usize) -> Self {
        Self {
            count,
            seed: 0,
            size: 9,
            shift: false,
            scale: false,
            skew: false,
            thickness: false,
            noise: 0.0,
        }
    }

    /// Checks every setting; the error names the field.
    pub fn validate(&self) -> Result<(), DataError> {
        check_setting(
            "size",
            self.size as f32,
            Self::MIN_SIZE as f32,
            Self::MAX_SIZE as f32,
        )?;
        check_setting("count", self.count as f32, 0.0, Self::MAX_COUNT as f32)?;
        check_setting("noise", self.noise, 0.0, 1.0)
    }
}

/// Class names of the X/O set: label 0 is X, label 1 is O.
pub const CLASS_NAMES: [&str; 2] = ["X", "O"];

type Point = (f64, f64);

/// The strokes in lesson pixels (9x9 grid, `(x, y)`, pixel centres at `k + 0.5`).
fn strokes(label: u8) -> Vec<(Point, Point)> {
    if label == 0 {
        vec![((1.5, 1.5), (7.5, 7.5)), ((7.5, 1.5), (1.5, 7.5))]
    } else {
        // The octagon through the lesson ring's pixel centres.
        let v: [Point; 8] = [
            (3.5, 1.5),
            (5.5, 1.5),
            (7.5, 3.5),
            (7.5, 5.5),
            (5.5, 7.5),
            (3.5, 7.5),
            (1.5, 5.5),
            (1.5, 3.5),
        ];
        (0..8).map(|i| (v[i], v[(i + 1) % 8])).collect()
    }
}

fn distance_to_segment(p: Point, a: Point, b: Point) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (px, py) = (p.0 - a.0, p.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (px * dx + py * dy) / len2
    } else {
        0.0
    };
    if t <= 0.0 {
        px.hypot(py)
    } else if t >= 1.0 {
        (p.0 - b.0).hypot(p.1 - b.1)
    } else {
        // Through the cross product: exactly 0 for points on the line.
        (px * dy - py * dx).abs() / len2.sqrt()
    }
}

/// Width of the anti-aliasing ramp, in output pixels: just under the
/// distance (1/√2) from a diagonal stroke to the next pixel centre, so the
/// lesson's strokes land on whole pixels.
const RAMP: f64 = 0.7;

/// The per-picture variation, drawn whether or not it is enabled so that
/// switching one variation does not change the others.
struct Variation {
    dx: f64,
    dy: f64,
    scale: f64,
    skew: f64,
    thickness: f64,
}

/// Draws one picture, `[size, size]`, into `out`.
fn draw(label: u8, size: usize, v: &Variation, out: &mut [f32]) {
    let unit = size as f64 / 9.0;
    let centre = 4.5;
    let transform = |(x, y): Point| -> Point {
        let (x, y) = ((x - centre) * v.scale, (y - centre) * v.scale);
        let x = x + v.skew * y;
        ((x + centre + v.dx) * unit, (y + centre + v.dy) * unit)
    };
    let segments: Vec<(Point, Point)> = strokes(label)
        .into_iter()
        .map(|(a, b)| (transform(a), transform(b)))
        .collect();
    // A flat core of half-width `core`, then a linear ramp to 0.
    let core = ((v.thickness * unit - 1.0) / 2.0).max(0.0);
    for (r, row) in out.chunks_exact_mut(size).enumerate() {
        for (c, px) in row.iter_mut().enumerate() {
            let p = (c as f64 + 0.5, r as f64 + 0.5);
            let d = segments
                .iter()
                .map(|&(a, b)| distance_to_segment(p, a, b))
                .fold(f64::INFINITY, f64::min);
            *px = ((core + RAMP - d) / RAMP).clamp(0.0, 1.0) as f32;
        }
    }
}

/// Generates `count` pictures, `[count, 1, size, size]`, labels alternating
/// 0 (X) and 1 (O). Each enabled variation is drawn anew for every picture.
pub fn generate(config: &XoConfig) -> Result<Dataset, DataError> {
    config.validate()?;
    let size = config.size;
    let mut rng = Rng::new(config.seed);
    // A stream of its own, so the noise level does not change the shapes.
    let mut noise = Rng::new(config.seed ^ 0x6E6F_6973_65AA_55AA);
    let mut images = vec![0.0f32; config.count * size * size];
    let mut labels = Vec::with_capacity(config.count);
    for (i, image) in images.chunks_exact_mut(size * size).enumerate() {
        let label = (i % 2) as u8;
        let drawn = Variation {
            dx: f64::from(rng.range(-1.0, 1.0)),
            dy: f64::from(rng.range(-1.0, 1.0)),
            scale: f64::from(rng.range(0.8, 1.1)),
            skew: f64::from(rng.range(-0.2, 0.2)),
            thickness: f64::from(rng.range(1.0, 1.6)),
        };
        let v = Variation {
            dx: if config.shift { drawn.dx } else { 0.0 },
            dy: if config.shift { drawn.dy } else { 0.0 },
            scale: if config.scale { drawn.scale } else { 1.0 },
            skew: if config.skew { drawn.skew } else { 0.0 },
            thickness: if config.thickness {
                drawn.thickness
            } else {
                1.0
            },
        };
        draw(label, size, &v, image);
        if config.noise > 0.0 {
            for px in image.iter_mut() {
                *px = (*px + config.noise * noise.normal()).clamp(0.0, 1.0);
            }
        }
        labels.push(label);
    }
    Dataset::new(
        format!("X/O {size}x{size}"),
        (1, size, size),
        CLASS_NAMES.iter().map(|s| s.to_string()).collect(),
        images,
        labels,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_is_zero_on_the_stroke() {
        assert_eq!(distance_to_segment((3.5, 3.5), (1.5, 1.5), (7.5, 7.5)), 0.0);
        assert_eq!(distance_to_segment((0.0, 0.0), (1.0, 0.0), (2.0, 0.0)), 1.0);
    }
}

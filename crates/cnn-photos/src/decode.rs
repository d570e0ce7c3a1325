//! Pictures as plain RGB bytes, EXIF orientation, and (feature `decode`) the
//! fallback decoder for files the browser's own decoder refuses.

/// A picture: `pixels` is `[height, width, 3]` RGB bytes, row by row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rgb {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<u8>,
}

impl Rgb {
    /// A `width × height` picture of one colour.
    pub fn filled(width: u32, height: u32, colour: [u8; 3]) -> Rgb {
        let count = width as usize * height as usize;
        Rgb {
            width,
            height,
            pixels: colour.repeat(count),
        }
    }

    /// The colour at `(x, y)`, or `None` outside the picture (or past the
    /// end of a `pixels` shorter than `width × height × 3`).
    pub fn get(&self, x: u32, y: u32) -> Option<[u8; 3]> {
        if x >= self.width || y >= self.height {
            return None;
        }
        let at = (y as usize)
            .checked_mul(self.width as usize)?
            .checked_add(x as usize)?
            .checked_mul(3)?;
        let p = self.pixels.get(at..at.checked_add(3)?)?;
        Some([p[0], p[1], p[2]])
    }

    /// Whether `pixels` holds exactly `width × height × 3` bytes.
    pub fn is_consistent(&self) -> bool {
        (self.width as u64) * (self.height as u64) * 3 == self.pixels.len() as u64
    }

    /// Row `y` (`width × 3` bytes), or `None` when `pixels` is too short.
    pub(crate) fn row(&self, y: u32) -> Option<&[u8]> {
        let stride = (self.width as usize).checked_mul(3)?;
        let at = (y as usize).checked_mul(stride)?;
        self.pixels.get(at..at.checked_add(stride)?)
    }
}

/// Applies an EXIF orientation (1..=8) so the picture is upright: 2 mirrors,
/// 3 turns half a turn, 4 flips, 5 transposes, 6 turns a quarter clockwise,
/// 7 transverses, 8 turns a quarter anticlockwise; 5..=8 swap width and
/// height. Any other value leaves the picture as it is. Missing pixels (a
/// `pixels` shorter than its size says) read as black.
pub fn orient(rgb: Rgb, orientation: u8) -> Rgb {
    if !(2..=8).contains(&orientation) {
        return rgb;
    }
    let (w, h) = (rgb.width, rgb.height);
    let (out_w, out_h) = if orientation >= 5 { (h, w) } else { (w, h) };
    let mut pixels = Vec::with_capacity(out_w as usize * out_h as usize * 3);
    for y in 0..out_h {
        for x in 0..out_w {
            // Where the upright pixel (x, y) is stored.
            let (sx, sy) = match orientation {
                2 => (w - 1 - x, y),
                3 => (w - 1 - x, h - 1 - y),
                4 => (x, h - 1 - y),
                5 => (y, x),
                6 => (y, h - 1 - x),
                7 => (w - 1 - y, h - 1 - x),
                _ => (w - 1 - y, x), // 8
            };
            pixels.extend_from_slice(&rgb.get(sx, sy).unwrap_or([0, 0, 0]));
        }
    }
    Rgb {
        width: out_w,
        height: out_h,
        pixels,
    }
}

/// The orientation that undoes `orientation`: turning a quarter one way is
/// undone by a quarter the other way (6 ↔ 8); the others undo themselves.
pub fn inverse_orientation(orientation: u8) -> u8 {
    match orientation {
        6 => 8,
        8 => 6,
        o => o,
    }
}

#[cfg(feature = "decode")]
pub use with_image::decode;

#[cfg(feature = "decode")]
mod with_image {
    use std::io::Cursor;

    use image::{DynamicImage, ImageError, ImageFormat, ImageReader, Limits};

    use super::{orient, Rgb};
    use crate::prepare::AreaResampler;
    use crate::sniff::{probe, Format, Refusal, MAX_PIXELS};

    /// Decodes a whole file into upright RGB whose longer side is at most
    /// `max_side` (0 counts as 1; never enlarged): the file is probed first
    /// (so what [`probe`] refuses is refused here), then the first frame is
    /// decoded, transparency composited over white, 16-bit, grey and CMYK
    /// turned into 8-bit RGB, shrunk by area averaging, and turned upright
    /// by the EXIF orientation.
    ///
    /// The decoder may allocate at most `MAX_PIXELS × 8` bytes (a 16-bit
    /// RGBA picture of the largest size); the result is at most
    /// `max_side² × 3` bytes.
    pub fn decode(bytes: &[u8], max_side: u32) -> Result<Rgb, Refusal> {
        let probed = probe(bytes)?;
        let format = match probed.format {
            Format::Jpeg => ImageFormat::Jpeg,
            Format::Png => ImageFormat::Png,
            Format::Gif => ImageFormat::Gif,
            Format::WebP => ImageFormat::WebP,
            Format::Bmp => ImageFormat::Bmp,
        };
        let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
        let side = u32::try_from(MAX_PIXELS).unwrap_or(u32::MAX);
        let mut limits = Limits::default();
        limits.max_image_width = Some(side);
        limits.max_image_height = Some(side);
        limits.max_alloc = Some(MAX_PIXELS * 8);
        reader.limits(limits);
        let image = reader
            .decode()
            .map_err(|e| refusal(e, probed.format, &probed))?;

        let (w, h) = (image.width(), image.height());
        if w == 0 || h == 0 {
            return Err(Refusal::Damaged {
                format: probed.format,
                detail: "it decodes to an empty picture".into(),
            });
        }
        if u64::from(w) * u64::from(h) > MAX_PIXELS {
            return Err(Refusal::TooManyPixels {
                width: w,
                height: h,
                max: MAX_PIXELS,
            });
        }
        let (out_w, out_h) = fit_longest(w, h, max_side.max(1));
        let mut resampler = AreaResampler::new(w, h, out_w, out_h);
        let mut row = vec![0u8; w as usize * 3];
        for y in 0..h {
            rgb_row(&image, y, &mut row);
            resampler.push_row(&row);
        }
        Ok(orient(resampler.finish(), probed.orientation))
    }

    /// `(w, h)` shrunk, aspect kept, so the longer side is at most `max`.
    fn fit_longest(w: u32, h: u32, max: u32) -> (u32, u32) {
        let long = w.max(h);
        if long <= max {
            return (w, h);
        }
        let scale = |side: u32| {
            let v =
                (u64::from(side) * u64::from(max) * 2 + u64::from(long)) / (2 * u64::from(long));
            (v as u32).clamp(1, max)
        };
        (scale(w), scale(h))
    }

    fn refusal(error: ImageError, format: Format, probed: &crate::sniff::Probe) -> Refusal {
        match error {
            ImageError::Limits(_) => Refusal::TooManyPixels {
                width: probed.width,
                height: probed.height,
                max: MAX_PIXELS,
            },
            ImageError::IoError(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                Refusal::Truncated { format }
            }
            ImageError::Unsupported(e) => Refusal::Unsupported {
                what: format!("a {} variant: {e}", format.name()),
            },
            other => Refusal::Damaged {
                format,
                detail: other.to_string(),
            },
        }
    }

    /// 8-bit white composite: `c·a + 255·(255 − a)`, rounded.
    fn over_white8(c: u8, a: u8) -> u8 {
        let (c, a) = (u32::from(c), u32::from(a));
        ((c * a + 255 * (255 - a) + 127) / 255) as u8
    }

    /// 16-bit channel to 8 bits, rounded.
    fn to8(c: u16) -> u8 {
        ((u32::from(c) * 255 + 32767) / 65535) as u8
    }

    /// 16-bit white composite, then to 8 bits.
    fn over_white16(c: u16, a: u16) -> u8 {
        let (c, a) = (u64::from(c), u64::from(a));
        let v = (c * a + 65535 * (65535 - a) + 32767) / 65535;
        to8(v as u16)
    }

    fn over_white_f(c: f32, a: f32) -> u8 {
        let a = a.clamp(0.0, 1.0);
        let v = c.clamp(0.0, 1.0) * a + (1.0 - a);
        (v * 255.0).round() as u8
    }

    /// Row `y` of `image` as 8-bit RGB over white into `out` (`width × 3`).
    fn rgb_row(image: &DynamicImage, y: u32, out: &mut [u8]) {
        let w = image.width() as usize;
        let y = y as usize;
        match image {
            DynamicImage::ImageRgb8(b) => {
                let row = &b.as_raw()[y * w * 3..(y + 1) * w * 3];
                out.copy_from_slice(row);
            }
            DynamicImage::ImageRgba8(b) => {
                let row = &b.as_raw()[y * w * 4..(y + 1) * w * 4];
                for (o, p) in out.chunks_exact_mut(3).zip(row.chunks_exact(4)) {
                    for c in 0..3 {
                        o[c] = over_white8(p[c], p[3]);
                    }
                }
            }
            DynamicImage::ImageLuma8(b) => {
                let row = &b.as_raw()[y * w..(y + 1) * w];
                for (o, &g) in out.chunks_exact_mut(3).zip(row) {
                    o.fill(g);
                }
            }
            DynamicImage::ImageLumaA8(b) => {
                let row = &b.as_raw()[y * w * 2..(y + 1) * w * 2];
                for (o, p) in out.chunks_exact_mut(3).zip(row.chunks_exact(2)) {
                    o.fill(over_white8(p[0], p[1]));
                }
            }
            DynamicImage::ImageRgb16(b) => {
                let row = &b.as_raw()[y * w * 3..(y + 1) * w * 3];
                for (o, &c) in out.iter_mut().zip(row) {
                    *o = to8(c);
                }
            }
            DynamicImage::ImageRgba16(b) => {
                let row = &b.as_raw()[y * w * 4..(y + 1) * w * 4];
                for (o, p) in out.chunks_exact_mut(3).zip(row.chunks_exact(4)) {
                    for c in 0..3 {
                        o[c] = over_white16(p[c], p[3]);
                    }
                }
            }
            DynamicImage::ImageLuma16(b) => {
                let row = &b.as_raw()[y * w..(y + 1) * w];
                for (o, &g) in out.chunks_exact_mut(3).zip(row) {
                    o.fill(to8(g));
                }
            }
            DynamicImage::ImageLumaA16(b) => {
                let row = &b.as_raw()[y * w * 2..(y + 1) * w * 2];
                for (o, p) in out.chunks_exact_mut(3).zip(row.chunks_exact(2)) {
                    o.fill(over_white16(p[0], p[1]));
                }
            }
            DynamicImage::ImageRgb32F(b) => {
                let row = &b.as_raw()[y * w * 3..(y + 1) * w * 3];
                for (o, &c) in out.iter_mut().zip(row) {
                    *o = over_white_f(c, 1.0);
                }
            }
            DynamicImage::ImageRgba32F(b) => {
                let row = &b.as_raw()[y * w * 4..(y + 1) * w * 4];
                for (o, p) in out.chunks_exact_mut(3).zip(row.chunks_exact(4)) {
                    for c in 0..3 {
                        o[c] = over_white_f(p[c], p[3]);
                    }
                }
            }
            // Variants added in later versions of `image`: one row through
            // its general RGBA conversion.
            other => {
                let rgba = other.crop_imm(0, y as u32, other.width(), 1).to_rgba8();
                for (o, p) in out.chunks_exact_mut(3).zip(rgba.as_raw().chunks_exact(4)) {
                    for c in 0..3 {
                        o[c] = over_white8(p[c], p[3]);
                    }
                }
            }
        }
    }
}

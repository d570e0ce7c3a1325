//! Sizes and resampling: the size a photo is kept at ([`stored_size`]), area
//! averaging ([`downscale`]), and the square `[3, size, size]` picture the
//! network sees ([`fit`]).
//!
//! Area averaging is exact integer arithmetic: each output pixel is the mean
//! of the input area it covers, every input pixel weighted by how much of it
//! lies inside, rounded to the nearest byte. Same bytes on every machine.

use std::borrow::Cow;

use crate::decode::Rgb;

/// A kept photo's shorter side is at most this many pixels: the 224 the
/// pretrained network looks at, so its crop is never enlarged.
pub const STORE_SHORT_SIDE: u32 = 224;
/// A kept photo's longer side is at most this many pixels (three times
/// the shorter, as a panorama may be).
pub const STORE_LONG_SIDE: u32 = 672;
/// Side of the square thumbnail the app shows (and keeps in memory) for
/// each photo.
pub const THUMB_SIDE: u32 = 72;

/// How a photo becomes a square.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Fit {
    /// Cut the centre square out (the sides of a wide photo are lost).
    #[default]
    Crop,
    /// Shrink the whole photo into the square, black bars on two sides.
    Pad,
}

/// The size at which the app keeps a `w × h` photo: scaled, aspect kept, so
/// the shorter side is at most [`STORE_SHORT_SIDE`] and the longer at most
/// [`STORE_LONG_SIDE`]; never enlarged; each side at least 1.
///
/// 4000×3000 → 299×224; 1000×100 → 672×67; 100×50 → 100×50.
pub fn stored_size(w: u32, h: u32) -> (u32, u32) {
    let (w, h) = (w.max(1), h.max(1));
    let (short, long) = (u64::from(w.min(h)), u64::from(w.max(h)));
    let (max_short, max_long) = (u64::from(STORE_SHORT_SIDE), u64::from(STORE_LONG_SIDE));
    if short <= max_short && long <= max_long {
        return (w, h);
    }
    // Scale by num/den, the smaller of max_short/short and max_long/long.
    let (num, den) = if max_short * long <= max_long * short {
        (max_short, short)
    } else {
        (max_long, long)
    };
    let scale = |side: u32| {
        let v = (u64::from(side) * num * 2 + den) / (2 * den);
        v.max(1) as u32
    };
    (scale(w), scale(h))
}

/// `src` resampled to `w × h` by area averaging (meant for shrinking; it
/// also enlarges, as blocks). Missing source pixels read as black; a size
/// of 0 gives an empty picture.
pub fn downscale(src: &Rgb, w: u32, h: u32) -> Rgb {
    if w == 0 || h == 0 {
        return Rgb {
            width: w,
            height: h,
            pixels: Vec::new(),
        };
    }
    if src.width == 0 || src.height == 0 {
        return Rgb::filled(w, h, [0, 0, 0]);
    }
    let mut resampler = AreaResampler::new(src.width, src.height, w, h);
    let black = vec![0u8; src.width as usize * 3];
    for y in 0..src.height {
        resampler.push_row(src.row(y).unwrap_or(&black));
    }
    resampler.finish()
}

/// The square picture the network sees: `[3, size, size]` planar RGB
/// bytes (all of red, then green, then blue, each row by row).
///
/// `Crop` takes the centre square (offset `(w − s) / 2`, `(h − s) / 2` with
/// `s = min(w, h)`); `Pad` scales the whole photo so its longer side is
/// `size` and centres it on black. Shrinking averages areas; enlarging is
/// bilinear (pixel centres aligned, edges clamped).
pub fn fit(src: &Rgb, size: u32, fit: Fit) -> Vec<u8> {
    let n = size as usize;
    let mut out = vec![0u8; 3 * n * n];
    if size == 0 || src.width == 0 || src.height == 0 {
        return out;
    }
    let (w, h) = (src.width, src.height);
    // The part of `src` used, and where it lands in the square.
    let (region, placed) = match fit {
        Fit::Crop => {
            let s = w.min(h);
            let region = if w == h {
                Cow::Borrowed(src)
            } else {
                Cow::Owned(crop(src, (w - s) / 2, (h - s) / 2, s, s))
            };
            (region, (0, 0, size, size))
        }
        Fit::Pad => {
            let long = u64::from(w.max(h));
            let scale = |side: u32| {
                let v = (u64::from(side) * u64::from(size) * 2 + long) / (2 * long);
                (v as u32).clamp(1, size)
            };
            let (pw, ph) = (scale(w), scale(h));
            (
                Cow::Borrowed(src),
                ((size - pw) / 2, (size - ph) / 2, pw, ph),
            )
        }
    };
    let (x0, y0, pw, ph) = placed;
    let scaled = if pw <= region.width && ph <= region.height {
        downscale(&region, pw, ph)
    } else {
        bilinear(&region, pw, ph)
    };
    let plane = n * n;
    for y in 0..ph {
        for x in 0..pw {
            let p = scaled.get(x, y).unwrap_or([0, 0, 0]);
            let at = (y0 + y) as usize * n + (x0 + x) as usize;
            for (c, value) in p.into_iter().enumerate() {
                out[c * plane + at] = value;
            }
        }
    }
    out
}

/// The square thumbnail of a photo: its centre, [`THUMB_SIDE`] pixels a
/// side, as `[side, side, 3]` RGB bytes (a photo's pixels are many times
/// larger, and a project of thousands shows only these at once).
pub fn thumbnail(src: &Rgb) -> Vec<u8> {
    let planar = fit(src, THUMB_SIDE, Fit::Crop);
    let n = (THUMB_SIDE * THUMB_SIDE) as usize;
    (0..n * 3).map(|k| planar[(k % 3) * n + k / 3]).collect()
}

/// A canvas's RGBA bytes as RGB, each pixel composited over white (a
/// transparent photo's background becomes white, as the fallback decoder
/// makes it).
pub fn rgba_over_white(rgba: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(rgba.len() / 4 * 3);
    for px in rgba.chunks_exact(4) {
        let a = u16::from(px[3]);
        for &c in &px[..3] {
            out.push(((u16::from(c) * a + 255 * (255 - a) + 127) / 255) as u8);
        }
    }
    out
}

/// The `w × h` part of `src` whose top-left corner is `(x0, y0)`.
fn crop(src: &Rgb, x0: u32, y0: u32, w: u32, h: u32) -> Rgb {
    let mut pixels = Vec::with_capacity(w as usize * h as usize * 3);
    for y in y0..y0 + h {
        for x in x0..x0 + w {
            pixels.extend_from_slice(&src.get(x, y).unwrap_or([0, 0, 0]));
        }
    }
    Rgb {
        width: w,
        height: h,
        pixels,
    }
}

/// `src` resampled to `w × h` bilinearly: output pixel centre `x + ½` maps
/// to input `(x + ½)·sw/w − ½`, clamped to the picture.
fn bilinear(src: &Rgb, w: u32, h: u32) -> Rgb {
    let axis = |out: u32, input: u32| -> Vec<(u32, u32, f32)> {
        (0..out)
            .map(|i| {
                let t = ((i as f32 + 0.5) * input as f32 / out as f32 - 0.5)
                    .clamp(0.0, (input - 1) as f32);
                let i0 = t.floor() as u32;
                let i1 = (i0 + 1).min(input - 1);
                (i0, i1, t - i0 as f32)
            })
            .collect()
    };
    let (xs, ys) = (axis(w, src.width), axis(h, src.height));
    let mut pixels = Vec::with_capacity(w as usize * h as usize * 3);
    for &(y0, y1, fy) in &ys {
        for &(x0, x1, fx) in &xs {
            let at = |x, y| src.get(x, y).unwrap_or([0, 0, 0]);
            let (a, b, c, d) = (at(x0, y0), at(x1, y0), at(x0, y1), at(x1, y1));
            for ch in 0..3 {
                let top = f32::from(a[ch]) * (1.0 - fx) + f32::from(b[ch]) * fx;
                let bottom = f32::from(c[ch]) * (1.0 - fx) + f32::from(d[ch]) * fx;
                let v = top * (1.0 - fy) + bottom * fy;
                pixels.push(v.round().clamp(0.0, 255.0) as u8);
            }
        }
    }
    Rgb {
        width: w,
        height: h,
        pixels,
    }
}

/// For one axis of `input` pixels resampled to `output`: which output
/// pixels each input pixel covers and by how much. On a common scale where
/// an input pixel is `output` units long and an output pixel `input`
/// units, input `i` spans `[i·output, (i+1)·output)`; its weight in output
/// `j` is the overlap with `[j·input, (j+1)·input)`. An output pixel's
/// weights add up to `input`.
struct Axis {
    /// `(output index, weight)`, input pixel by input pixel.
    spans: Vec<(u32, u64)>,
    /// `spans[starts[i]..starts[i + 1]]` belong to input pixel `i`.
    starts: Vec<usize>,
}

impl Axis {
    fn new(input: u32, output: u32) -> Axis {
        let (n, m) = (u64::from(input), u64::from(output));
        let mut spans = Vec::new();
        let mut starts = Vec::with_capacity(input as usize + 1);
        for i in 0..n {
            starts.push(spans.len());
            let (lo, hi) = (i * m, (i + 1) * m);
            for j in lo / n..=(hi - 1) / n {
                let overlap = hi.min((j + 1) * n) - lo.max(j * n);
                spans.push((j as u32, overlap));
            }
        }
        starts.push(spans.len());
        Axis { spans, starts }
    }

    fn of(&self, i: u32) -> &[(u32, u64)] {
        let i = i as usize;
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&a), Some(&b)) => &self.spans[a..b],
            _ => &[],
        }
    }
}

/// Area averaging fed one input row at a time, so a decoder's full-size
/// picture never needs a second full-size copy: memory is the output's
/// size (as 64-bit sums) plus one row.
#[derive(Debug)]
pub(crate) struct AreaResampler {
    src_w: u32,
    src_h: u32,
    dst_w: u32,
    dst_h: u32,
    xs: Axis,
    ys: Axis,
    /// `[dst_h, dst_w, 3]` weighted sums.
    sums: Vec<u64>,
    /// `[dst_w, 3]`: the current input row, resampled across.
    across: Vec<u64>,
    next_row: u32,
}

impl std::fmt::Debug for Axis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Axis")
            .field("spans", &self.spans.len())
            .finish()
    }
}

impl AreaResampler {
    /// All sizes at least 1.
    pub(crate) fn new(src_w: u32, src_h: u32, dst_w: u32, dst_h: u32) -> AreaResampler {
        let (src_w, src_h, dst_w, dst_h) = (src_w.max(1), src_h.max(1), dst_w.max(1), dst_h.max(1));
        AreaResampler {
            src_w,
            src_h,
            dst_w,
            dst_h,
            xs: Axis::new(src_w, dst_w),
            ys: Axis::new(src_h, dst_h),
            sums: vec![0; dst_w as usize * dst_h as usize * 3],
            across: vec![0; dst_w as usize * 3],
            next_row: 0,
        }
    }

    /// The next input row: `src_w × 3` RGB bytes (a shorter row reads as
    /// black where it is missing; rows past the last are ignored).
    pub(crate) fn push_row(&mut self, row: &[u8]) {
        if self.next_row >= self.src_h {
            return;
        }
        self.across.fill(0);
        for (i, p) in row.chunks_exact(3).take(self.src_w as usize).enumerate() {
            for &(j, weight) in self.xs.of(i as u32) {
                let at = j as usize * 3;
                self.across[at] += u64::from(p[0]) * weight;
                self.across[at + 1] += u64::from(p[1]) * weight;
                self.across[at + 2] += u64::from(p[2]) * weight;
            }
        }
        let stride = self.dst_w as usize * 3;
        for &(j, weight) in self.ys.of(self.next_row) {
            let row = &mut self.sums[j as usize * stride..(j as usize + 1) * stride];
            for (sum, &value) in row.iter_mut().zip(&self.across) {
                *sum += value * weight;
            }
        }
        self.next_row += 1;
    }

    /// The averaged picture (rows never pushed count as black).
    pub(crate) fn finish(self) -> Rgb {
        // Every output pixel's weights add up to src_w · src_h.
        let total = u64::from(self.src_w) * u64::from(self.src_h);
        let pixels = self
            .sums
            .iter()
            .map(|&s| ((s + total / 2) / total).min(255) as u8)
            .collect();
        Rgb {
            width: self.dst_w,
            height: self.dst_h,
            pixels,
        }
    }
}

//! Builders of test files (feature `fixtures`), shared by the tests and
//! `examples/fixtures.rs`. Everything is deterministic: no clock, fixed
//! seeds, fixed zip times.
//!
//! The good photos share one layout, [`layout`]: the left half red, the
//! right half blue, and a green block in the top-left corner, so a test can
//! tell a mirrored or turned picture from an upright one.

use std::io::Cursor;

use image::codecs::gif::GifEncoder;
use image::{DynamicImage, Frame, ImageBuffer, ImageFormat, LumaA, Rgb as Rgb16, RgbaImage};

use crate::decode::{inverse_orientation, orient, Rgb};
use crate::zip::ZipWriter;

/// Width and height of the good photos as stored.
pub const WIDTH: u32 = 120;
pub const HEIGHT: u32 = 80;

pub const RED: [u8; 3] = [255, 0, 0];
pub const BLUE: [u8; 3] = [0, 0, 255];
pub const GREEN: [u8; 3] = [0, 255, 0];

/// Points to test [`layout`] at, with their colours, for a `w × h` picture:
/// well inside each area, away from the edges that JPEG blurs.
pub fn layout_points(w: u32, h: u32) -> [((u32, u32), [u8; 3]); 3] {
    [
        ((w / 8, h / 8), GREEN),
        ((w / 4, h * 3 / 4), RED),
        ((w * 3 / 4, h / 2), BLUE),
    ]
}

/// The layout: left half red, right half blue, the top-left quarter-by-
/// quarter block green. `[h, w, 3]`.
pub fn layout(w: u32, h: u32) -> Rgb {
    let mut pixels = Vec::with_capacity(w as usize * h as usize * 3);
    for y in 0..h {
        for x in 0..w {
            let colour = if x < w / 4 && y < h / 4 {
                GREEN
            } else if x < w / 2 {
                RED
            } else {
                BLUE
            };
            pixels.extend_from_slice(&colour);
        }
    }
    Rgb {
        width: w,
        height: h,
        pixels,
    }
}

fn encode(image: DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    // Encoding a well-formed picture into memory does not fail; an empty
    // result would make every test that reads it fail loudly.
    let _ = image.write_to(&mut out, format);
    out.into_inner()
}

fn dynamic(rgb: &Rgb) -> DynamicImage {
    let buffer = ImageBuffer::from_raw(rgb.width, rgb.height, rgb.pixels.clone())
        .unwrap_or_else(|| ImageBuffer::new(rgb.width, rgb.height));
    DynamicImage::ImageRgb8(buffer)
}

/// A baseline JPEG (4:2:0) at `quality`.
pub fn jpeg(rgb: &Rgb, quality: u8) -> Vec<u8> {
    jpeg_with(rgb, quality, false)
}

/// A progressive JPEG.
pub fn progressive_jpeg(rgb: &Rgb, quality: u8) -> Vec<u8> {
    jpeg_with(rgb, quality, true)
}

fn jpeg_with(rgb: &Rgb, quality: u8, progressive: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, quality);
    encoder.set_progressive(progressive);
    let (w, h) = (rgb.width.min(65535) as u16, rgb.height.min(65535) as u16);
    let _ = encoder.encode(&rgb.pixels, w, h, jpeg_encoder::ColorType::Rgb);
    out
}

/// A 4-component (CMYK) JPEG of [`layout`], written the way Photoshop does
/// (inverted values and an Adobe APP14 segment), which browsers decode.
pub fn cmyk_jpeg(w: u32, h: u32) -> Vec<u8> {
    let rgb = layout(w, h);
    // Naive RGB → CMYK: K = 255 − max; C = (max − R)·255/max, ….
    let cmyk: Vec<u8> = rgb
        .pixels
        .chunks_exact(3)
        .flat_map(|p| {
            let max = p[0].max(p[1]).max(p[2]);
            if max == 0 {
                return [0, 0, 0, 255];
            }
            let ink = |c: u8| ((u32::from(max - c) * 255) / u32::from(max)) as u8;
            [ink(p[0]), ink(p[1]), ink(p[2]), 255 - max]
        })
        .collect();
    let mut out = Vec::new();
    let encoder = jpeg_encoder::Encoder::new(&mut out, 92);
    let _ = encoder.encode(&cmyk, w as u16, h as u16, jpeg_encoder::ColorType::Cmyk);
    out
}

/// `jpeg` with an APP1 Exif segment right after SOI whose IFD0 holds only
/// Orientation (tag 0x0112) = `orientation`, in big-endian (`MM`) or
/// little-endian (`II`) byte order.
pub fn with_exif_orientation(jpeg: &[u8], orientation: u8, big_endian: bool) -> Vec<u8> {
    let u16b = |v: u16| {
        if big_endian {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        }
    };
    let u32b = |v: u32| {
        if big_endian {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        }
    };
    let mut tiff = Vec::new();
    tiff.extend_from_slice(if big_endian { b"MM" } else { b"II" });
    tiff.extend_from_slice(&u16b(42));
    tiff.extend_from_slice(&u32b(8)); // IFD0 right after the header
    tiff.extend_from_slice(&u16b(1)); // one entry
    tiff.extend_from_slice(&u16b(0x0112));
    tiff.extend_from_slice(&u16b(3)); // SHORT
    tiff.extend_from_slice(&u32b(1)); // count
    tiff.extend_from_slice(&u16b(u16::from(orientation)));
    tiff.extend_from_slice(&[0, 0]); // value field padding
    tiff.extend_from_slice(&u32b(0)); // no next IFD
    let mut segment = b"Exif\0\0".to_vec();
    segment.extend_from_slice(&tiff);
    let mut out = Vec::with_capacity(jpeg.len() + segment.len() + 4);
    out.extend_from_slice(jpeg.get(..2).unwrap_or(&[0xFF, 0xD8]));
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((segment.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(&segment);
    out.extend_from_slice(jpeg.get(2..).unwrap_or(&[]));
    out
}

/// A JPEG stored `h × w` with EXIF `orientation` whose upright picture is
/// [`layout`]`(w, h)` (5..=8 swap the sides).
pub fn oriented_jpeg(w: u32, h: u32, orientation: u8) -> Vec<u8> {
    let stored = orient(layout(w, h), inverse_orientation(orientation));
    with_exif_orientation(&jpeg(&stored, 92), orientation, true)
}

pub fn png(rgb: &Rgb) -> Vec<u8> {
    encode(dynamic(rgb), ImageFormat::Png)
}

/// [`layout`] with 16 bits a channel (each 8-bit value × 257).
pub fn sixteen_bit_png(w: u32, h: u32) -> Vec<u8> {
    let rgb = layout(w, h);
    let wide: Vec<u16> = rgb.pixels.iter().map(|&c| u16::from(c) * 257).collect();
    let buffer: ImageBuffer<Rgb16<u16>, Vec<u16>> =
        ImageBuffer::from_raw(w, h, wide).unwrap_or_else(|| ImageBuffer::new(w, h));
    encode(DynamicImage::ImageRgb16(buffer), ImageFormat::Png)
}

/// Grey with alpha (La8): the left half grey 60 and opaque, the right half
/// fully transparent, the top-left block black at alpha 128. On white:
/// 60, 255 and 127.
pub fn gray_alpha_png(w: u32, h: u32) -> Vec<u8> {
    let buffer = ImageBuffer::from_fn(w, h, |x, y| {
        if x < w / 4 && y < h / 4 {
            LumaA([0u8, 128])
        } else if x < w / 2 {
            LumaA([60, 255])
        } else {
            LumaA([0, 0])
        }
    });
    encode(DynamicImage::ImageLumaA8(buffer), ImageFormat::Png)
}

/// A lossless WebP.
pub fn webp(rgb: &Rgb) -> Vec<u8> {
    encode(dynamic(rgb), ImageFormat::WebP)
}

pub fn gif(rgb: &Rgb) -> Vec<u8> {
    encode(dynamic(rgb), ImageFormat::Gif)
}

pub fn bmp(rgb: &Rgb) -> Vec<u8> {
    encode(dynamic(rgb), ImageFormat::Bmp)
}

/// Three frames: [`layout`] first, then all yellow, then all white.
pub fn animated_gif(w: u32, h: u32) -> Vec<u8> {
    let first = layout(w, h);
    let rgba = |rgb: &Rgb| -> RgbaImage {
        let pixels = rgb
            .pixels
            .chunks_exact(3)
            .flat_map(|p| [p[0], p[1], p[2], 255])
            .collect();
        ImageBuffer::from_raw(rgb.width, rgb.height, pixels)
            .unwrap_or_else(|| ImageBuffer::new(rgb.width, rgb.height))
    };
    let frames = [
        first,
        Rgb::filled(w, h, [255, 255, 0]),
        Rgb::filled(w, h, [255, 255, 255]),
    ];
    let mut out = Vec::new();
    {
        let mut encoder = GifEncoder::new_with_speed(&mut out, 10);
        let _ = encoder.encode_frames(frames.iter().map(|f| Frame::new(rgba(f))));
    }
    out
}

/// One PNG chunk: length, type, data, CRC of type and data.
pub fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(12 + data.len());
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut hasher = crc32fast::Hasher::new();
    hasher.update(kind);
    hasher.update(data);
    out.extend_from_slice(&hasher.finalize().to_be_bytes());
    out
}

/// A PNG built chunk by chunk: signature, IHDR (`w × h`, 8-bit RGB), one
/// tiny IDAT (a zlib stream of a few zero bytes — far fewer than the size
/// needs, which only decoding would find), IEND.
pub fn png_declaring(w: u32, h: u32) -> Vec<u8> {
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    // zlib: header 78 01, one stored block of 4 zero bytes, Adler-32 = 1·… (of
    // four zeros: a = 1, b = 4).
    let idat = [
        0x78, 0x01, 0x01, 0x04, 0x00, 0xFB, 0xFF, 0, 0, 0, 0, 0x00, 0x04, 0x00, 0x01,
    ];
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(png_chunk(b"IHDR", &ihdr));
    out.extend(png_chunk(b"IDAT", &idat));
    out.extend(png_chunk(b"IEND", &[]));
    out
}

/// A minimal HEIC file: an ISO-BMFF `ftyp` box with major brand `heic`
/// (compatible `mif1`, `heic`), then the start of a `meta` box.
pub fn heic() -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&24u32.to_be_bytes());
    out.extend_from_slice(b"ftypheic");
    out.extend_from_slice(&0u32.to_be_bytes());
    out.extend_from_slice(b"mif1heic");
    out.extend_from_slice(&40u32.to_be_bytes());
    out.extend_from_slice(b"meta");
    out.extend_from_slice(&[0u8; 32]);
    out
}

pub const SVG: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80" viewBox="0 0 120 80">
  <rect width="60" height="80" fill="#ff0000"/>
  <rect x="60" width="60" height="80" fill="#0000ff"/>
</svg>
"##;

pub const NOTES: &str = "Shopping list\n- apples\n- bread\n- a new camera\n";

/// A small photo for the class zip: a colour with a lighter square whose
/// place depends on `n`.
fn class_photo(colour: [u8; 3], n: u32) -> Vec<u8> {
    let (w, h) = (48, 36);
    let mut rgb = Rgb::filled(w, h, colour);
    let (x0, y0) = (4 + 9 * (n % 4), 4 + 7 * (n % 3));
    for y in y0..y0 + 12 {
        for x in x0..x0 + 12 {
            let at = ((y * w + x) * 3) as usize;
            for (c, value) in colour.into_iter().enumerate() {
                rgb.pixels[at + c] = value.saturating_add(90);
            }
        }
    }
    jpeg(&rgb, 85)
}

/// Photos per class in [`split_zip`]: `(train, validation)`.
pub const SPLIT_PHOTOS: (u32, u32) = (4, 2);

/// A zip laid out as the slides' own download, `cats_and_dogs_filtered.zip`
/// (seed 000): `cats_and_dogs_filtered/train/{cats,dogs}/…` and
/// `cats_and_dogs_filtered/validation/{cats,dogs}/…`, [`SPLIT_PHOTOS`] of
/// each.
pub fn split_zip() -> Vec<u8> {
    let mut zip = ZipWriter::new();
    let (train, validation) = SPLIT_PHOTOS;
    for (place, first, count) in [("train", 0, train), ("validation", 2000, validation)] {
        for (class, colour) in [("cats", [200, 120, 40]), ("dogs", [40, 90, 160])] {
            for n in first..first + count {
                let path = format!(
                    "cats_and_dogs_filtered/{place}/{class}/{}.{n}.jpg",
                    &class[..3]
                );
                let _ = zip.add(&path, &class_photo(colour, n + 1), false);
            }
        }
    }
    zip.finish()
}

/// Number of photos per class in [`classes_zip`].
pub const CLASS_PHOTOS: usize = 3;

/// A zip as Keras's `flow_from_directory` expects and as the seed's
/// cats-and-dogs set is laid out: `dataset/training_set/cats/cat.N.jpg` and
/// `…/dogs/dog.N.jpg` (cats deflated, dogs stored), with the folder entries,
/// a `__MACOSX/` resource fork and a `.DS_Store` that must be skipped.
pub fn classes_zip() -> Vec<u8> {
    let mut zip = ZipWriter::new();
    let mut add = |path: &str, data: &[u8], deflate: bool| {
        let _ = zip.add(path, data, deflate);
    };
    add("dataset/", &[], false);
    add("dataset/training_set/", &[], false);
    add("dataset/training_set/cats/", &[], false);
    for n in 1..=CLASS_PHOTOS as u32 {
        let photo = class_photo([200, 120, 40], n);
        add(
            &format!("dataset/training_set/cats/cat.{n}.jpg"),
            &photo,
            true,
        );
    }
    add(
        "dataset/training_set/cats/.DS_Store",
        b"\0\0\0\x01Bud1\0\0\0\0",
        true,
    );
    add("dataset/training_set/dogs/", &[], false);
    for n in 1..=CLASS_PHOTOS as u32 {
        let photo = class_photo([40, 90, 160], n);
        add(
            &format!("dataset/training_set/dogs/dog.{n}.jpg"),
            &photo,
            false,
        );
    }
    add(
        "__MACOSX/dataset/training_set/cats/._cat.1.jpg",
        b"\0\x05\x16\x07\0\x02\0\0Mac OS X",
        true,
    );
    zip.finish()
}

/// The good fixtures: `(file name, bytes)`.
pub fn good() -> Vec<(&'static str, Vec<u8>)> {
    let picture = layout(WIDTH, HEIGHT);
    vec![
        ("photo.jpg", jpeg(&picture, 90)),
        ("photo.png", png(&picture)),
        ("photo.webp", webp(&picture)),
        ("photo.gif", gif(&picture)),
        ("photo.bmp", bmp(&picture)),
        // Upright 80x120: stored 120x80, turned a quarter clockwise.
        ("rotated.jpg", oriented_jpeg(HEIGHT, WIDTH, 6)),
        ("progressive.jpg", progressive_jpeg(&picture, 90)),
        ("sixteen-bit.png", sixteen_bit_png(WIDTH, HEIGHT)),
        ("cmyk.jpg", cmyk_jpeg(WIDTH, HEIGHT)),
        ("animated.gif", animated_gif(WIDTH, HEIGHT)),
        ("gray-alpha.png", gray_alpha_png(WIDTH, HEIGHT)),
    ]
}

/// The bad fixtures: `(file name, bytes)`; each one is refused.
pub fn bad() -> Vec<(&'static str, Vec<u8>)> {
    let picture = layout(WIDTH, HEIGHT);
    let photo = jpeg(&picture, 90);
    let png = png(&picture);
    vec![
        ("empty.jpg", Vec::new()),
        ("truncated.jpg", photo[..photo.len() / 2].to_vec()),
        ("notes.jpg", NOTES.as_bytes().to_vec()),
        ("drawing.svg", SVG.as_bytes().to_vec()),
        ("photo.heic", heic()),
        ("bomb.png", png_declaring(30_000, 30_000)),
        // Without its IEND chunk (the last 12 bytes).
        ("cut.png", png[..png.len().saturating_sub(12)].to_vec()),
    ]
}

/// Sizes of the benchmark's distinct photos: 0.3, 1, 3, 6 and 12
/// megapixels, landscape then portrait.
pub const BENCH_SIZES: [(u32, u32); 10] = [
    (640, 480),
    (1152, 864),
    (2000, 1500),
    (2832, 2124),
    (4000, 3000),
    (480, 640),
    (864, 1152),
    (1500, 2000),
    (2124, 2832),
    (3000, 4000),
];

/// A benchmark photo: smooth gradients, a few discs and bars whose places
/// come from `seed`, and a little noise (xorshift, from `seed`) so that it
/// compresses like a photo rather than like a drawing.
pub fn bench_picture(seed: u32, w: u32, h: u32) -> Rgb {
    let mut state = (0x9E37_79B9u32 ^ seed.wrapping_mul(0x85EB_CA6B)) | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        state
    };
    let discs: Vec<(f32, f32, f32, [u8; 3])> = (0..4)
        .map(|_| {
            let x = (next() % 1000) as f32 / 1000.0 * w as f32;
            let y = (next() % 1000) as f32 / 1000.0 * h as f32;
            let r = (0.05 + (next() % 1000) as f32 / 1000.0 * 0.15) * w.min(h) as f32;
            let c = next().to_le_bytes();
            (x, y, r * r, [c[0], c[1], c[2]])
        })
        .collect();
    let bar = (next() % h.max(1), h / 10 + 1, next().to_le_bytes());
    let mut pixels = Vec::with_capacity(w as usize * h as usize * 3);
    let (fw, fh) = (w.max(1) as f32, h.max(1) as f32);
    for y in 0..h {
        let fy = y as f32;
        for x in 0..w {
            let fx = x as f32;
            let mut c = [
                255.0 * fx / fw,
                255.0 * fy / fh,
                255.0 * (1.0 - 0.5 * (fx / fw + fy / fh)),
            ];
            if y >= bar.0 && y < bar.0 + bar.1 {
                c = [
                    f32::from(bar.2[0]),
                    f32::from(bar.2[1]),
                    f32::from(bar.2[2]),
                ];
            }
            for &(dx, dy, r2, colour) in &discs {
                if (fx - dx) * (fx - dx) + (fy - dy) * (fy - dy) < r2 {
                    c = [
                        f32::from(colour[0]),
                        f32::from(colour[1]),
                        f32::from(colour[2]),
                    ];
                }
            }
            let noise = (next() % 17) as f32 - 8.0;
            for v in c {
                pixels.push((v + noise).clamp(0.0, 255.0) as u8);
            }
        }
    }
    Rgb {
        width: w,
        height: h,
        pixels,
    }
}

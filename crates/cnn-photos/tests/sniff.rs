//! `probe` on the fixtures (built by `cnn_photos::fixtures`, the same
//! builders `examples/fixtures.rs` writes to disk) and on hand-made headers.
//! Expected sizes are the builders' (120x80; `rotated.jpg` is stored 120x80
//! and upright 80x120); expected notes follow from how each is encoded.

use cnn_photos::fixtures;
use cnn_photos::sniff::{probe, Format, Note, Probe, Refusal, MAX_FILE_BYTES, MAX_PIXELS};

fn fixture(list: &[(&'static str, Vec<u8>)], name: &str) -> Vec<u8> {
    list.iter()
        .find(|(n, _)| *n == name)
        .map(|(_, b)| b.clone())
        .unwrap_or_else(|| panic!("no fixture {name}"))
}

fn probed(name: &str) -> Probe {
    let bytes = fixture(&fixtures::good(), name);
    probe(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn refusal(name: &str) -> Refusal {
    let bytes = fixture(&fixtures::bad(), name);
    match probe(&bytes) {
        Ok(p) => panic!("{name} was accepted: {p:?}"),
        Err(e) => e,
    }
}

#[test]
fn good_fixtures_have_their_formats_sizes_and_notes() {
    let expect = |name: &str, format: Format, notes: &[Note]| {
        let p = probed(name);
        assert_eq!(p.format, format, "{name}");
        assert_eq!((p.width, p.height), (120, 80), "{name}");
        assert_eq!(p.orientation, 1, "{name}");
        assert_eq!(p.upright(), (120, 80), "{name}");
        assert_eq!(p.notes, notes, "{name}");
    };
    expect("photo.jpg", Format::Jpeg, &[]);
    expect("photo.png", Format::Png, &[]);
    expect("photo.webp", Format::WebP, &[]);
    expect("photo.gif", Format::Gif, &[]);
    expect("photo.bmp", Format::Bmp, &[]);
    expect("progressive.jpg", Format::Jpeg, &[Note::Progressive]);
    expect("sixteen-bit.png", Format::Png, &[Note::SixteenBit]);
    expect("cmyk.jpg", Format::Jpeg, &[Note::Cmyk]);
    expect("animated.gif", Format::Gif, &[Note::Animated { frames: 3 }]);
    expect("gray-alpha.png", Format::Png, &[Note::GrayAlpha]);
}

#[test]
fn rotated_jpeg_is_stored_wide_and_upright_tall() {
    let p = probed("rotated.jpg");
    assert_eq!(p.format, Format::Jpeg);
    assert_eq!((p.width, p.height), (120, 80));
    assert_eq!(p.orientation, 6);
    assert_eq!(p.upright(), (80, 120));
}

#[test]
fn exif_orientation_is_read_in_both_byte_orders_and_all_values() {
    let jpeg = fixtures::jpeg(&fixtures::layout(16, 8), 80);
    for big_endian in [true, false] {
        for o in 1..=8u8 {
            let p = probe(&fixtures::with_exif_orientation(&jpeg, o, big_endian)).unwrap();
            assert_eq!(p.orientation, o);
            let upright = if o >= 5 { (8, 16) } else { (16, 8) };
            assert_eq!(p.upright(), upright);
        }
        // Out of range values count as "none".
        let p = probe(&fixtures::with_exif_orientation(&jpeg, 9, big_endian)).unwrap();
        assert_eq!(p.orientation, 1);
    }
}

#[test]
fn each_bad_fixture_is_refused_for_its_reason() {
    assert_eq!(refusal("empty.jpg"), Refusal::Empty);
    assert_eq!(
        refusal("truncated.jpg"),
        Refusal::Truncated {
            format: Format::Jpeg
        }
    );
    assert_eq!(refusal("notes.jpg"), Refusal::NotAnImage);
    assert_eq!(refusal("drawing.svg"), Refusal::Svg);
    assert_eq!(refusal("photo.heic"), Refusal::Heic);
    assert_eq!(
        refusal("bomb.png"),
        Refusal::TooManyPixels {
            width: 30_000,
            height: 30_000,
            max: MAX_PIXELS
        }
    );
    assert_eq!(
        refusal("cut.png"),
        Refusal::Truncated {
            format: Format::Png
        }
    );
}

#[test]
fn codes_args_and_sentences() {
    let cases: Vec<(Refusal, &str)> = vec![
        (Refusal::Empty, "empty"),
        (
            Refusal::Truncated {
                format: Format::Jpeg,
            },
            "truncated",
        ),
        (Refusal::NotAnImage, "not-image"),
        (Refusal::Svg, "svg"),
        (Refusal::Heic, "heic"),
        (
            Refusal::Unsupported {
                what: "AVIF".into(),
            },
            "unsupported",
        ),
        (
            Refusal::TooManyPixels {
                width: 30_000,
                height: 30_000,
                max: MAX_PIXELS,
            },
            "too-many-pixels",
        ),
        (
            Refusal::TooBig {
                bytes: MAX_FILE_BYTES + 1,
                max: MAX_FILE_BYTES,
            },
            "too-big",
        ),
        (
            Refusal::Damaged {
                format: Format::Png,
                detail: "x".into(),
            },
            "damaged",
        ),
    ];
    for (refusal, code) in &cases {
        assert_eq!(refusal.code(), *code);
        let sentence = refusal.to_string();
        assert!(sentence.ends_with('.'), "{sentence}");
        assert!(
            sentence.contains(';') || sentence.contains(':'),
            "says what to do: {sentence}"
        );
    }
    let truncated = Refusal::Truncated {
        format: Format::Jpeg,
    };
    assert_eq!(
        truncated.to_string(),
        "This JPEG file is cut short (truncated); copy it again from where it came from."
    );
    assert_eq!(truncated.args(), vec![("format", "JPEG".to_string())]);
    let bomb = Refusal::TooManyPixels {
        width: 30_000,
        height: 30_000,
        max: MAX_PIXELS,
    };
    let args = bomb.args();
    assert!(args.contains(&("width", "30000".to_string())));
    assert!(args.contains(&("max", "50000000".to_string())));
    assert!(args.contains(&("megapixels", "900.0".to_string())));
    assert!(bomb.to_string().contains("900.0 megapixels"));
    assert!(Refusal::Heic.to_string().contains("Most Compatible"));
    assert!(Refusal::Svg.to_string().contains("PNG"));
    let big = Refusal::TooBig {
        bytes: 70 * 1024 * 1024,
        max: MAX_FILE_BYTES,
    };
    assert!(big.args().contains(&("megabytes", "70.0".to_string())));
    assert!(big.to_string().contains("70.0 MB, more than the 64.0 MB"));
}

#[test]
fn mime_types_and_names() {
    let all: Vec<_> = Format::ALL.iter().map(|f| (f.mime(), f.name())).collect();
    assert_eq!(
        all,
        [
            ("image/jpeg", "JPEG"),
            ("image/png", "PNG"),
            ("image/gif", "GIF"),
            ("image/webp", "WebP"),
            ("image/bmp", "BMP"),
        ]
    );
}

#[test]
fn a_file_over_the_limit_is_refused_before_anything_else() {
    let mut bytes = vec![0u8; MAX_FILE_BYTES as usize + 1];
    bytes[..8].copy_from_slice(b"\x89PNG\r\n\x1a\n");
    assert_eq!(
        probe(&bytes),
        Err(Refusal::TooBig {
            bytes: MAX_FILE_BYTES + 1,
            max: MAX_FILE_BYTES
        })
    );
}

// ---------------------------------------------------------------------------
// Other formats, recognised and refused.

fn ftyp(major: &[u8; 4], compatible: &[&[u8; 4]]) -> Vec<u8> {
    let size = 16 + 4 * compatible.len() as u32;
    let mut out = size.to_be_bytes().to_vec();
    out.extend_from_slice(b"ftyp");
    out.extend_from_slice(major);
    out.extend_from_slice(&[0; 4]);
    for b in compatible {
        out.extend_from_slice(*b);
    }
    out.extend_from_slice(&[0; 16]);
    out
}

fn unsupported(what: &str) -> Result<Probe, Refusal> {
    Err(Refusal::Unsupported { what: what.into() })
}

#[test]
fn heic_brands_are_heic_and_avif_is_unsupported() {
    for brand in [b"heic", b"heix", b"hevc", b"mif1", b"msf1"] {
        assert_eq!(probe(&ftyp(brand, &[])), Err(Refusal::Heic));
    }
    // An AVIF lists mif1 too: AVIF wins.
    assert_eq!(
        probe(&ftyp(b"avif", &[b"mif1", b"miaf"])),
        unsupported("AVIF")
    );
    assert_eq!(probe(&ftyp(b"mif1", &[b"avif"])), unsupported("AVIF"));
    assert_eq!(
        probe(&ftyp(b"isom", &[b"mp41"])),
        unsupported("MP4 or QuickTime video")
    );
}

#[test]
fn other_recognisable_formats_are_named() {
    let mut tiff = b"II*\0\x08\0\0\0".to_vec();
    tiff.extend_from_slice(&[0; 32]);
    assert_eq!(probe(&tiff), unsupported("TIFF or camera RAW"));
    assert_eq!(
        probe(b"MM\0*\0\0\0\x08rest"),
        unsupported("TIFF or camera RAW")
    );
    assert_eq!(probe(b"%PDF-1.7\n"), unsupported("PDF"));
    assert_eq!(probe(b"8BPS\0\x01"), unsupported("Photoshop PSD"));
    assert_eq!(probe(b"PK\x03\x04\x14\0"), unsupported("ZIP archive"));
    assert_eq!(probe(b"RIFF\x04\0\0\0AVI LIST"), unsupported("AVI video"));
}

#[test]
fn svg_is_told_from_html_and_text() {
    assert_eq!(
        probe(b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        Err(Refusal::Svg)
    );
    assert_eq!(
        probe(b"\xEF\xBB\xBF  \n<?xml version='1.0'?>\n<!-- x -->\n<svg>"),
        Err(Refusal::Svg)
    );
    assert_eq!(
        probe(b"<!DOCTYPE html><html><body><svg></svg></body></html>"),
        Err(Refusal::NotAnImage)
    );
    assert_eq!(
        probe(b"just text about <svg> tags"),
        Err(Refusal::NotAnImage)
    );
    assert_eq!(probe(b"BMW 320i, 2004"), Err(Refusal::NotAnImage));
}

// ---------------------------------------------------------------------------
// PNG, hand-made.

fn png_from(chunks: &[(&[u8; 4], Vec<u8>)]) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in chunks {
        out.extend(fixtures::png_chunk(kind, data));
    }
    out
}

fn ihdr(w: u32, h: u32, depth: u8, colour: u8) -> Vec<u8> {
    let mut d = w.to_be_bytes().to_vec();
    d.extend_from_slice(&h.to_be_bytes());
    d.extend_from_slice(&[depth, colour, 0, 0, 0]);
    d
}

#[test]
fn png_limits_are_read_from_the_header() {
    // 12 megapixels pass (4000x3000); just over 50 do not.
    let ok = fixtures::png_declaring(4000, 3000);
    assert_eq!(probe(&ok).map(|p| (p.width, p.height)), Ok((4000, 3000)));
    let over = fixtures::png_declaring(10_000, 5_001);
    assert!(matches!(probe(&over), Err(Refusal::TooManyPixels { .. })));
    let exactly = fixtures::png_declaring(10_000, 5_000);
    assert!(probe(&exactly).is_ok());
}

#[test]
fn png_damage_and_truncation() {
    let good = fixtures::png_declaring(4, 4);
    // A flipped bit in IHDR's width breaks its CRC.
    let mut bad_crc = good.clone();
    bad_crc[16 + 3] ^= 1;
    assert!(matches!(
        probe(&bad_crc),
        Err(Refusal::Damaged { format: Format::Png, ref detail }) if detail.contains("IHDR")
    ));
    // An IDAT declaring more bytes than the file has.
    let mut long_idat = png_from(&[(b"IHDR", ihdr(4, 4, 8, 2))]);
    long_idat.extend_from_slice(&1000u32.to_be_bytes());
    long_idat.extend_from_slice(b"IDAT");
    long_idat.extend_from_slice(&[0; 20]);
    assert_eq!(
        probe(&long_idat),
        Err(Refusal::Truncated {
            format: Format::Png
        })
    );
    // No IEND at all.
    let no_end = png_from(&[(b"IHDR", ihdr(4, 4, 8, 2)), (b"IDAT", vec![0; 8])]);
    assert_eq!(
        probe(&no_end),
        Err(Refusal::Truncated {
            format: Format::Png
        })
    );
    // Zero width, bad depth, no image data.
    let zero = png_from(&[(b"IHDR", ihdr(0, 4, 8, 2)), (b"IEND", vec![])]);
    assert!(matches!(probe(&zero), Err(Refusal::Damaged { .. })));
    let depth = png_from(&[(b"IHDR", ihdr(4, 4, 3, 2)), (b"IEND", vec![])]);
    assert!(matches!(probe(&depth), Err(Refusal::Damaged { .. })));
    let no_idat = png_from(&[(b"IHDR", ihdr(4, 4, 8, 2)), (b"IEND", vec![])]);
    assert!(matches!(probe(&no_idat), Err(Refusal::Damaged { .. })));
    // The signature alone is cut short.
    assert_eq!(
        probe(b"\x89PNG\r\n"),
        Err(Refusal::Truncated {
            format: Format::Png
        })
    );
}

#[test]
fn png_notes_from_chunks() {
    // acTL: 4 frames, played forever → animated. tRNS → alpha.
    let mut actl = 4u32.to_be_bytes().to_vec();
    actl.extend_from_slice(&0u32.to_be_bytes());
    let apng = png_from(&[
        (b"IHDR", ihdr(4, 4, 8, 2)),
        (b"acTL", actl),
        (b"tRNS", vec![0, 0, 0, 0, 0, 0]),
        (b"IDAT", vec![0; 8]),
        (b"IEND", vec![]),
    ]);
    assert_eq!(
        probe(&apng).unwrap().notes,
        [Note::Animated { frames: 4 }, Note::Alpha]
    );
    let rgba16 = png_from(&[
        (b"IHDR", ihdr(4, 4, 16, 6)),
        (b"IDAT", vec![0; 8]),
        (b"IEND", vec![]),
    ]);
    assert_eq!(
        probe(&rgba16).unwrap().notes,
        [Note::SixteenBit, Note::Alpha]
    );
    // A palette picture needs its palette.
    let no_palette = png_from(&[
        (b"IHDR", ihdr(4, 4, 8, 3)),
        (b"IDAT", vec![0; 8]),
        (b"IEND", vec![]),
    ]);
    assert!(matches!(probe(&no_palette), Err(Refusal::Damaged { .. })));
}

// ---------------------------------------------------------------------------
// JPEG, hand-made: SOI, SOF, SOS with a little entropy data, EOI.

fn jpeg_from(sof: u8, w: u16, h: u16, components: u8, tail: &[u8]) -> Vec<u8> {
    let mut out = vec![0xFF, 0xD8];
    let mut frame = vec![8];
    frame.extend_from_slice(&h.to_be_bytes());
    frame.extend_from_slice(&w.to_be_bytes());
    frame.push(components);
    for c in 0..components {
        frame.extend_from_slice(&[c + 1, 0x11, 0]);
    }
    out.extend_from_slice(&[0xFF, sof]);
    out.extend_from_slice(&(frame.len() as u16 + 2).to_be_bytes());
    out.extend_from_slice(&frame);
    // SOS header (1 component), then data with a stuffed FF 00 and a
    // restart marker, as real scans have.
    out.extend_from_slice(&[0xFF, 0xDA, 0, 8, 1, 1, 0, 0, 63, 0]);
    out.extend_from_slice(&[0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56]);
    out.extend_from_slice(tail);
    out
}

#[test]
fn jpeg_headers_sizes_and_end() {
    let twelve_mp = jpeg_from(0xC0, 4000, 3000, 3, &[0xFF, 0xD9]);
    let p = probe(&twelve_mp).unwrap();
    assert_eq!((p.width, p.height, p.notes.len()), (4000, 3000, 0));
    // Trailing zero padding (and any data after EOI) is allowed.
    let padded = jpeg_from(0xC0, 64, 48, 3, &[0xFF, 0xD9, 0, 0, 0, 0]);
    assert!(probe(&padded).is_ok());
    // No EOI: the scan runs off the end.
    let cut = jpeg_from(0xC0, 64, 48, 3, &[0x00, 0x00]);
    assert_eq!(
        probe(&cut),
        Err(Refusal::Truncated {
            format: Format::Jpeg
        })
    );
    // SOF1 (extended) and SOF2 (progressive) and 4 components.
    assert!(probe(&jpeg_from(0xC1, 8, 8, 1, &[0xFF, 0xD9])).is_ok());
    assert_eq!(
        probe(&jpeg_from(0xC2, 8, 8, 4, &[0xFF, 0xD9]))
            .unwrap()
            .notes,
        [Note::Progressive, Note::Cmyk]
    );
    // Lossless and hierarchical JPEGs are recognised and refused.
    assert_eq!(
        probe(&jpeg_from(0xC3, 8, 8, 1, &[0xFF, 0xD9])),
        unsupported("lossless JPEG")
    );
    // A 65535x65535 header is a bomb.
    assert!(matches!(
        probe(&jpeg_from(0xC0, 65535, 65535, 3, &[0xFF, 0xD9])),
        Err(Refusal::TooManyPixels { .. })
    ));
    // Zero width.
    assert!(matches!(
        probe(&jpeg_from(0xC0, 0, 8, 3, &[0xFF, 0xD9])),
        Err(Refusal::Damaged { .. })
    ));
    // SOI alone.
    assert_eq!(
        probe(&[0xFF, 0xD8]),
        Err(Refusal::Truncated {
            format: Format::Jpeg
        })
    );
    // A segment running past the end.
    assert_eq!(
        probe(&[0xFF, 0xD8, 0xFF, 0xE0, 0x10, 0x00, b'J', b'F']),
        Err(Refusal::Truncated {
            format: Format::Jpeg
        })
    );
}

// ---------------------------------------------------------------------------
// GIF, WebP, BMP, hand-made.

#[test]
fn gif_without_trailer_is_truncated() {
    let gif = fixture(&fixtures::good(), "photo.gif");
    assert_eq!(gif.last(), Some(&0x3B));
    assert_eq!(
        probe(&gif[..gif.len() - 1]),
        Err(Refusal::Truncated {
            format: Format::Gif
        })
    );
    // Header only, no picture: trailer right away.
    let mut empty = b"GIF89a".to_vec();
    empty.extend_from_slice(&[4, 0, 4, 0, 0, 0, 0, 0x3B]);
    assert!(matches!(probe(&empty), Err(Refusal::Damaged { .. })));
}

fn riff(chunks: &[(&[u8; 4], Vec<u8>)]) -> Vec<u8> {
    let mut body = b"WEBP".to_vec();
    for (kind, data) in chunks {
        body.extend_from_slice(*kind);
        body.extend_from_slice(&(data.len() as u32).to_le_bytes());
        body.extend_from_slice(data);
        if data.len() % 2 == 1 {
            body.push(0);
        }
    }
    let mut out = b"RIFF".to_vec();
    out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    out.extend(body);
    out
}

#[test]
fn webp_lossy_lossless_and_extended_headers() {
    // VP8 key frame: tag (bit 0 = 0), start code, 14-bit sizes.
    let mut vp8 = vec![0x10, 0x02, 0x00, 0x9D, 0x01, 0x2A];
    vp8.extend_from_slice(&640u16.to_le_bytes());
    vp8.extend_from_slice(&480u16.to_le_bytes());
    vp8.extend_from_slice(&[0; 10]);
    let p = probe(&riff(&[(b"VP8 ", vp8.clone())])).unwrap();
    assert_eq!((p.format, p.width, p.height), (Format::WebP, 640, 480));

    // VP8L: 0x2F, then (w-1) | (h-1) << 14 | alpha << 28.
    let bits: u32 = 99 | (49 << 14) | (1 << 28);
    let mut vp8l = vec![0x2F];
    vp8l.extend_from_slice(&bits.to_le_bytes());
    vp8l.extend_from_slice(&[0; 4]);
    let p = probe(&riff(&[(b"VP8L", vp8l)])).unwrap();
    assert_eq!(
        (p.width, p.height, p.notes.clone()),
        (100, 50, vec![Note::Alpha])
    );

    // VP8X with the animation flag and two frames; canvas 300x200.
    let mut vp8x = vec![0x02 | 0x10, 0, 0, 0];
    vp8x.extend_from_slice(&299u32.to_le_bytes()[..3]);
    vp8x.extend_from_slice(&199u32.to_le_bytes()[..3]);
    let animated = riff(&[
        (b"VP8X", vp8x.clone()),
        (b"ANIM", vec![0; 6]),
        (b"ANMF", vec![0; 20]),
        (b"ANMF", vec![0; 20]),
    ]);
    let p = probe(&animated).unwrap();
    assert_eq!((p.width, p.height), (300, 200));
    assert_eq!(p.notes, [Note::Animated { frames: 2 }, Note::Alpha]);

    // A huge canvas is refused from the header.
    let mut huge = vec![0, 0, 0, 0];
    huge.extend_from_slice(&[0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);
    assert!(matches!(
        probe(&riff(&[(b"VP8X", huge), (b"VP8 ", vp8.clone())])),
        Err(Refusal::TooManyPixels { .. })
    ));
    // RIFF declaring more than the file holds.
    let whole = riff(&[(b"VP8 ", vp8)]);
    assert_eq!(
        probe(&whole[..whole.len() - 4]),
        Err(Refusal::Truncated {
            format: Format::WebP
        })
    );
}

fn bmp_from(w: i32, h: i32, bpp: u16, pixel_bytes: usize) -> Vec<u8> {
    let mut out = b"BM".to_vec();
    out.extend_from_slice(&((54 + pixel_bytes) as u32).to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&54u32.to_le_bytes());
    out.extend_from_slice(&40u32.to_le_bytes());
    out.extend_from_slice(&w.to_le_bytes());
    out.extend_from_slice(&h.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&bpp.to_le_bytes());
    out.extend_from_slice(&[0; 24]);
    out.extend(std::iter::repeat_n(0x80, pixel_bytes));
    out
}

#[test]
fn bmp_sizes_top_down_and_truncation() {
    // 3 pixels of 24 bits = 9 bytes, padded to 12 a row.
    let bottom_up = bmp_from(3, 2, 24, 24);
    assert_eq!(probe(&bottom_up).map(|p| (p.width, p.height)), Ok((3, 2)));
    let top_down = bmp_from(3, -2, 24, 24);
    assert_eq!(probe(&top_down).map(|p| (p.width, p.height)), Ok((3, 2)));
    assert_eq!(
        probe(&bmp_from(3, 2, 24, 23)),
        Err(Refusal::Truncated {
            format: Format::Bmp
        })
    );
    assert!(matches!(
        probe(&bmp_from(-3, 2, 24, 24)),
        Err(Refusal::Damaged { .. })
    ));
    assert!(matches!(
        probe(&bmp_from(3, 2, 7, 24)),
        Err(Refusal::Damaged { .. })
    ));
    assert!(matches!(
        probe(&bmp_from(100_000, 100_000, 24, 0)),
        Err(Refusal::TooManyPixels { .. })
    ));
}

#[test]
fn a_large_file_that_is_not_a_picture_is_refused_for_what_it_is() {
    let mut bytes = ftyp(b"isom", &[b"mp41"]);
    bytes.resize(MAX_FILE_BYTES as usize + 1, 0);
    assert_eq!(probe(&bytes), unsupported("MP4 or QuickTime video"));
}

#[test]
fn a_gif_picture_larger_than_its_screen_is_a_bomb() {
    // Screen 4x4; one picture descriptor of 65535x65535.
    let mut gif = b"GIF89a".to_vec();
    gif.extend_from_slice(&[4, 0, 4, 0, 0, 0, 0]);
    gif.extend_from_slice(&[0x2C, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0]);
    gif.extend_from_slice(&[2, 1, 0, 0, 0x3B]);
    assert!(matches!(
        probe(&gif),
        Err(Refusal::TooManyPixels { width: 65535, .. })
    ));
}

//! The fallback decoder on the fixtures, and `orient` on hand-made pictures.
//! Expected colours come from the builders in `cnn_photos::fixtures`: the
//! layout is left half red, right half blue, top-left block green; JPEG is
//! lossy, so its colours are compared within a tolerance. (Chromium decodes
//! the same fixture files to the same colours at the same points.)

use cnn_photos::decode::{decode, orient, Rgb};
use cnn_photos::fixtures::{self, BLUE, RED};
use cnn_photos::sniff::{probe, Refusal};

fn good(name: &str) -> Vec<u8> {
    fixtures::good()
        .into_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, b)| b)
        .unwrap_or_else(|| panic!("no fixture {name}"))
}

fn close(got: [u8; 3], want: [u8; 3], tolerance: u8) -> bool {
    got.iter()
        .zip(want)
        .all(|(&g, w)| g.abs_diff(w) <= tolerance)
}

fn assert_layout(name: &str, rgb: &Rgb, tolerance: u8) {
    for ((x, y), want) in fixtures::layout_points(rgb.width, rgb.height) {
        let got = rgb.get(x, y).unwrap();
        assert!(
            close(got, want, tolerance),
            "{name} at ({x}, {y}): {got:?}, want {want:?}"
        );
    }
}

#[test]
fn each_format_decodes_to_the_layout() {
    for (name, tolerance) in [
        ("photo.jpg", 12),
        ("progressive.jpg", 12),
        ("photo.png", 0),
        ("photo.webp", 0),
        ("photo.gif", 0),
        ("photo.bmp", 0),
        ("sixteen-bit.png", 0),
    ] {
        let rgb = decode(&good(name), 1000).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!((rgb.width, rgb.height), (120, 80), "{name}");
        assert_eq!(rgb.pixels.len(), 120 * 80 * 3, "{name}");
        assert_layout(name, &rgb, tolerance);
    }
}

#[test]
fn sixteen_bit_becomes_the_same_eight_bit_picture() {
    // The builder stores each 8-bit value × 257, which rounds back exactly.
    let rgb = decode(&good("sixteen-bit.png"), 1000).unwrap();
    assert_eq!(rgb, fixtures::layout(120, 80));
}

#[test]
fn orientation_six_turns_the_picture_upright() {
    let rgb = decode(&good("rotated.jpg"), 1000).unwrap();
    assert_eq!((rgb.width, rgb.height), (80, 120));
    // Upright, it is the layout: green top-left, red left, blue right.
    assert_layout("rotated.jpg", &rgb, 12);
}

#[test]
fn gray_alpha_is_composited_on_white() {
    // Left half grey 60 opaque; right half transparent → white; top-left
    // black at alpha 128 → (0·128 + 255·127) / 255 = 127.
    let rgb = decode(&good("gray-alpha.png"), 1000).unwrap();
    assert_eq!(rgb.get(30, 60), Some([60, 60, 60]));
    assert_eq!(rgb.get(90, 40), Some([255, 255, 255]));
    assert_eq!(rgb.get(10, 8), Some([127, 127, 127]));
}

#[test]
fn cmyk_becomes_roughly_the_right_rgb() {
    let rgb = decode(&good("cmyk.jpg"), 1000).unwrap();
    assert_eq!((rgb.width, rgb.height), (120, 80));
    assert_layout("cmyk.jpg", &rgb, 40);
}

#[test]
fn animation_gives_its_first_frame() {
    // Frames 2 and 3 are yellow and white; the first is the layout.
    let rgb = decode(&good("animated.gif"), 1000).unwrap();
    assert_layout("animated.gif", &rgb, 0);
}

#[test]
fn large_photos_shrink_to_max_side_by_averaging() {
    let rgb = decode(&good("photo.png"), 60).unwrap();
    assert_eq!((rgb.width, rgb.height), (60, 40));
    assert_layout("photo.png at 60", &rgb, 0);
    // The red/blue edge at x = 60 falls between output pixels 29 and 30:
    // averaging keeps both pure. At 49 wide, output column 24 covers input
    // [58.78, 61.22): half red, half blue, so 127.5 of each, rounded up.
    let rgb = decode(&good("photo.png"), 49).unwrap();
    assert_eq!((rgb.width, rgb.height), (49, 33));
    assert_eq!(rgb.get(23, 20), Some(RED));
    assert_eq!(rgb.get(24, 20), Some([128, 0, 128]));
    assert_eq!(rgb.get(25, 20), Some(BLUE));
    // Never enlarged; max_side 0 counts as 1.
    let rgb = decode(&good("photo.png"), 5000).unwrap();
    assert_eq!((rgb.width, rgb.height), (120, 80));
    let rgb = decode(&good("photo.png"), 0).unwrap();
    assert_eq!((rgb.width, rgb.height), (1, 1));
    // Orientation is applied after shrinking: 80x120 upright fits in 30.
    let rgb = decode(&good("rotated.jpg"), 30).unwrap();
    assert_eq!((rgb.width, rgb.height), (20, 30));
}

#[test]
fn decode_refuses_what_probe_refuses() {
    for (name, bytes) in fixtures::bad() {
        let probed = probe(&bytes).expect_err(name);
        assert_eq!(decode(&bytes, 100), Err(probed), "{name}");
    }
}

#[test]
fn a_png_whose_data_is_missing_is_damaged_not_a_panic() {
    // The header is fine (4x4), the IDAT holds 4 bytes instead of 4·13.
    let bytes = fixtures::png_declaring(4, 4);
    assert!(probe(&bytes).is_ok());
    assert!(matches!(
        decode(&bytes, 10),
        Err(Refusal::Damaged { .. } | Refusal::Truncated { .. })
    ));
}

/// 3x2, every pixel distinct: a b c / d e f.
fn abc() -> Rgb {
    let px = |v: u8| [v, v, v];
    let pixels = [1, 2, 3, 4, 5, 6].into_iter().flat_map(px).collect();
    Rgb {
        width: 3,
        height: 2,
        pixels,
    }
}

fn grey(rgb: &Rgb) -> Vec<u8> {
    rgb.pixels.iter().step_by(3).copied().collect()
}

#[test]
fn orient_handles_all_eight_cases() {
    // Stored:        The EXIF meanings (worked by hand):
    //   1 2 3
    //   4 5 6
    let cases: [(u8, (u32, u32), [u8; 6]); 8] = [
        (1, (3, 2), [1, 2, 3, 4, 5, 6]),
        (2, (3, 2), [3, 2, 1, 6, 5, 4]), // mirrored
        (3, (3, 2), [6, 5, 4, 3, 2, 1]), // half turn
        (4, (3, 2), [4, 5, 6, 1, 2, 3]), // flipped
        (5, (2, 3), [1, 4, 2, 5, 3, 6]), // transposed
        (6, (2, 3), [4, 1, 5, 2, 6, 3]), // quarter turn clockwise
        (7, (2, 3), [6, 3, 5, 2, 4, 1]), // transversed
        (8, (2, 3), [3, 6, 2, 5, 1, 4]), // quarter turn anticlockwise
    ];
    for (o, size, want) in cases {
        let got = orient(abc(), o);
        assert_eq!((got.width, got.height), size, "orientation {o}");
        assert_eq!(grey(&got), want, "orientation {o}");
        // Turning back by the inverse gives the stored picture.
        let back = orient(got, cnn_photos::decode::inverse_orientation(o));
        assert_eq!(back, abc(), "orientation {o} undone");
    }
    assert_eq!(orient(abc(), 0), abc());
    assert_eq!(orient(abc(), 9), abc());
}

#[test]
fn orient_survives_inconsistent_pictures() {
    let short = Rgb {
        width: 3,
        height: 2,
        pixels: vec![7; 5],
    };
    let got = orient(short, 6);
    assert_eq!((got.width, got.height, got.pixels.len()), (2, 3, 18));
    let empty = Rgb {
        width: 0,
        height: 0,
        pixels: vec![],
    };
    assert_eq!(orient(empty, 8).pixels.len(), 0);
}

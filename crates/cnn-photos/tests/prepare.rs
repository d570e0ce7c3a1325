//! Sizes and resampling on small hand-made pictures; every expected value
//! is worked out by hand in the comment beside it.

use cnn_photos::prepare::{
    downscale, fit, rgba_over_white, stored_size, thumbnail, Fit, STORE_LONG_SIDE,
    STORE_SHORT_SIDE, THUMB_SIDE,
};
use cnn_photos::Rgb;

/// A picture whose pixel (x, y) is `[f(x, y), f(x, y) + 1, f(x, y) + 2]`.
fn picture(w: u32, h: u32, f: impl Fn(u32, u32) -> u8) -> Rgb {
    let mut pixels = Vec::new();
    for y in 0..h {
        for x in 0..w {
            let v = f(x, y);
            pixels.extend_from_slice(&[v, v + 1, v + 2]);
        }
    }
    Rgb {
        width: w,
        height: h,
        pixels,
    }
}

/// `[3, n, n]` planes from one plane of values `v` (green = v + 1, blue =
/// v + 2, black stays 0 in all three).
fn planes(red: &[Option<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for c in 0..3 {
        out.extend(red.iter().map(|v| v.map_or(0, |v| v + c)));
    }
    out
}

#[test]
fn stored_sizes() {
    assert_eq!((STORE_SHORT_SIDE, STORE_LONG_SIDE), (224, 672));
    // 12 MP camera photo: the short side binds, 4000·224/3000 = 298.67.
    assert_eq!(stored_size(4000, 3000), (299, 224));
    assert_eq!(stored_size(3000, 4000), (224, 299));
    // A panorama: the long side binds, 100·672/1000 = 67.2.
    assert_eq!(stored_size(1000, 100), (672, 67));
    // Small photos are kept as they are; never enlarged.
    assert_eq!(stored_size(100, 50), (100, 50));
    assert_eq!(stored_size(224, 672), (224, 672));
    // Just over: 672·224/225 = 669.01.
    assert_eq!(stored_size(225, 672), (224, 669));
    // A sliver keeps at least one pixel.
    assert_eq!(stored_size(30_000, 1), (672, 1));
    assert_eq!(stored_size(0, 0), (1, 1));
}

#[test]
fn a_thumbnail_is_the_centre_square_interleaved() {
    assert_eq!(THUMB_SIDE, 72);
    // 144x72, the left half red-ish 10, the right half 200: the centre
    // square is x 36..108, so the thumbnail's left half (36..72 → 0..36)
    // is 10 and its right half 200, each shrunk 1:1.
    let src = picture(144, 72, |x, _| if x < 72 { 10 } else { 200 });
    let t = thumbnail(&src);
    assert_eq!(t.len(), 72 * 72 * 3);
    assert_eq!(&t[..3], &[10, 11, 12]);
    let last = (72 * 72 - 1) * 3;
    assert_eq!(&t[last..], &[200, 201, 202]);
    // It equals the planar crop, interleaved.
    let planar = fit(&src, 72, Fit::Crop);
    let n = 72 * 72;
    for k in [0, 1, 2, 3 * 40 + 1, n * 3 - 1] {
        assert_eq!(t[k], planar[(k % 3) * n + k / 3]);
    }
}

#[test]
fn downscale_averages_areas_exactly() {
    // 4x2 → 2x1: each output is the mean of a 2x2 block.
    let src = picture(4, 2, |x, y| (10 * x + 40 * y) as u8);
    let out = downscale(&src, 2, 1);
    // Block 0: 0, 10, 40, 50 → 25; block 1: 20, 30, 60, 70 → 45.
    assert_eq!(out.pixels, [25, 26, 27, 45, 46, 47]);
    // 3x1 → 2x1: output 0 covers input 0 and a half of input 1:
    // (2·0 + 1·30) / 3 = 10; output 1: (1·30 + 2·90) / 3 = 70.
    let src = picture(3, 1, |x, _| [0, 30, 90][x as usize]);
    assert_eq!(downscale(&src, 2, 1).pixels, [10, 11, 12, 70, 71, 72]);
    // Same size: unchanged.
    let src = picture(5, 3, |x, y| (x * 7 + y * 11) as u8);
    assert_eq!(downscale(&src, 5, 3), src);
    // Rounds to nearest: (0 + 1) / 2 = 0.5 → 1.
    let src = picture(2, 1, |x, _| x as u8);
    assert_eq!(downscale(&src, 1, 1).pixels, [1, 2, 3]);
}

#[test]
fn crop_takes_the_centre_square() {
    // 4x2, red value 10·x + y. Centre square: columns 1 and 2.
    let src = picture(4, 2, |x, y| (10 * x + y) as u8);
    let got = fit(&src, 2, Fit::Crop);
    assert_eq!(got, planes(&[Some(10), Some(20), Some(11), Some(21)]));
    // At size 1 the centre square is averaged: (10 + 20 + 11 + 21) / 4 =
    // 15.5 → 16.
    assert_eq!(fit(&src, 1, Fit::Crop), planes(&[Some(16)]));
    // Portrait 1x3: the middle pixel.
    let tall = picture(1, 3, |_, y| [5, 50, 100][y as usize]);
    assert_eq!(fit(&tall, 1, Fit::Crop), planes(&[Some(50)]));
}

#[test]
fn crop_enlarges_bilinearly() {
    // 2x2 with columns 0 and 200 → 4x4. Output x maps to input
    // (x + 0.5)/2 − 0.5 = −0.25, 0.25, 0.75, 1.25, clamped to [0, 1]:
    // 0, 50, 150, 200 in every row (green and blue 1 and 2 more).
    let src = picture(2, 2, |x, _| if x == 0 { 0 } else { 200 });
    let want: Vec<u8> = (0..48)
        .map(|i| [0u8, 50, 150, 200][i % 4] + (i / 16) as u8)
        .collect();
    assert_eq!(fit(&src, 4, Fit::Crop), want);
}

#[test]
fn pad_centres_the_whole_photo_on_black() {
    // 4x2 into 4x4: unchanged size, rows 1 and 2; rows 0 and 3 black.
    let src = picture(4, 2, |x, y| (10 * x + 100 * y + 1) as u8);
    let got = fit(&src, 4, Fit::Pad);
    let mut red = vec![None; 16];
    for y in 0..2 {
        for x in 0..4 {
            red[(y + 1) * 4 + x] = Some((10 * x + 100 * y + 1) as u8);
        }
    }
    assert_eq!(got, planes(&red));
    // 4x2 into 2x2: shrunk to 2x1 (2x2 block means), placed at row 0
    // ((2 − 1) / 2 = 0), row 1 black. Block 0: 1, 11, 101, 111 → 56;
    // block 1: 21, 31, 121, 131 → 76.
    assert_eq!(
        fit(&src, 2, Fit::Pad),
        planes(&[Some(56), Some(76), None, None])
    );
    // Portrait 2x4 into 4x4: columns 1 and 2.
    let tall = picture(2, 4, |x, y| (1 + x + 10 * y) as u8);
    let got = fit(&tall, 4, Fit::Pad);
    let mut red = vec![None; 16];
    for y in 0..4 {
        for x in 0..2 {
            red[y * 4 + x + 1] = Some((1 + x + 10 * y) as u8);
        }
    }
    assert_eq!(got, planes(&red));
}

#[test]
fn degenerate_inputs_do_not_panic() {
    let empty = Rgb {
        width: 0,
        height: 0,
        pixels: vec![],
    };
    assert_eq!(fit(&empty, 2, Fit::Crop), vec![0; 12]);
    assert_eq!(fit(&empty, 0, Fit::Pad), Vec::<u8>::new());
    // Pixels shorter than the size says: missing pixels are black.
    let short = Rgb {
        width: 4,
        height: 4,
        pixels: vec![200; 10],
    };
    assert_eq!(fit(&short, 2, Fit::Crop).len(), 12);
    assert_eq!(fit(&short, 8, Fit::Pad).len(), 192);
    assert_eq!(downscale(&short, 2, 2).pixels.len(), 12);
    assert_eq!(downscale(&short, 0, 3).pixels.len(), 0);
    // A one-pixel-high sliver padded into a square.
    let sliver = picture(100, 1, |_, _| 9);
    let got = fit(&sliver, 10, Fit::Pad);
    assert_eq!(got.len(), 300);
    assert_eq!(&got[40..50], &[9; 10]); // row 4 of red: (10 − 1) / 2 = 4
}

#[test]
fn transparency_becomes_white() {
    // Opaque red stays red; a fully transparent pixel is white whatever
    // its colour; black at alpha 128 is (0·128 + 255·127 + 127) / 255 =
    // 127.498… → 127.
    assert_eq!(
        rgba_over_white(&[255, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 128]),
        vec![255, 0, 0, 255, 255, 255, 127, 127, 127]
    );
}

//! Datasets: the procedural X/O set, the MNIST digits in `static/`, splits,
//! and augmentation.

use std::io::Write;

use cnn_train::data::{mnist, xo};
use cnn_train::{Augment, DataError, Dataset, IdxFile, Rng, Transform, XoConfig};
use flate2::{write::GzEncoder, Compression};

fn lesson_picture<'a>(img: impl IntoIterator<Item = &'a i8>) -> Vec<f32> {
    img.into_iter()
        .map(|&v| if v > 0 { 1.0 } else { 0.0 })
        .collect()
}

#[test]
fn xo_at_9x9_without_variation_is_the_lessons_x_and_o() {
    let d = xo::generate(&XoConfig::lesson(2)).unwrap();
    assert_eq!((d.channels, d.height, d.width), (1, 9, 9));
    assert_eq!(d.class_names, ["X", "O"]);
    assert_eq!(d.labels, [0, 1]);
    assert_eq!(
        d.image(0),
        lesson_picture(&cnn_core::xo::x_image()).as_slice()
    );
    assert_eq!(
        d.image(1),
        lesson_picture(&cnn_core::xo::o_image()).as_slice()
    );
}

/// Ink in the 3x3 around the picture's ink-weighted centroid: the X's
/// crossing is there, the O's hole is.
fn centre_ink(img: &[f32], size: usize) -> f32 {
    let total: f32 = img.iter().sum();
    let mean = |axis: fn(usize, usize) -> usize| {
        let m: f32 = img
            .iter()
            .enumerate()
            .map(|(i, v)| v * axis(i, size) as f32)
            .sum();
        ((m / total).round() as usize).clamp(1, size - 2)
    };
    let (cr, cc) = (mean(|i, s| i / s), mean(|i, s| i % s));
    (cr - 1..=cr + 1)
        .flat_map(|r| (cc - 1..=cc + 1).map(move |k| (r, k)))
        .map(|(r, k)| img[r * size + k])
        .sum()
}

#[test]
fn xo_variations_differ_per_seed_and_keep_the_class() {
    let config = XoConfig {
        count: 200,
        seed: 3,
        noise: 0.0,
        ..XoConfig::default()
    };
    let a = xo::generate(&config).unwrap();
    let b = xo::generate(&config).unwrap();
    let c = xo::generate(&XoConfig { seed: 4, ..config }).unwrap();
    assert_eq!(a, b);
    assert_ne!(a.images, c.images);
    assert_eq!(a.class_counts(), [100, 100]);
    // Pictures of one class differ from each other.
    assert_ne!(a.image(0), a.image(2));
    for i in 0..a.len() {
        let img = a.image(i);
        assert!(img.iter().all(|v| (0.0..=1.0).contains(v)));
        let ink = centre_ink(img, 9);
        if a.labels[i] == 0 {
            assert!(ink > 3.0, "X {i}: centre ink {ink}");
        } else {
            assert!(ink < 2.0, "O {i}: centre ink {ink}");
        }
    }
    // Each variation alone changes the pictures.
    let plain = xo::generate(&XoConfig::lesson(4)).unwrap();
    for one in [
        XoConfig {
            shift: true,
            ..XoConfig::lesson(4)
        },
        XoConfig {
            scale: true,
            ..XoConfig::lesson(4)
        },
        XoConfig {
            skew: true,
            ..XoConfig::lesson(4)
        },
        XoConfig {
            thickness: true,
            ..XoConfig::lesson(4)
        },
        XoConfig {
            noise: 0.1,
            ..XoConfig::lesson(4)
        },
    ] {
        assert_ne!(xo::generate(&one).unwrap().images, plain.images, "{one:?}");
    }
}

#[test]
fn xo_scales_to_28x28() {
    let d = xo::generate(&XoConfig {
        count: 4,
        size: 28,
        ..XoConfig::default()
    })
    .unwrap();
    assert_eq!(d.images.len(), 4 * 28 * 28);
    assert!(d.images.iter().all(|v| (0.0..=1.0).contains(v)));
    assert!(centre_ink(d.image(0), 28) > centre_ink(d.image(1), 28));
}

#[test]
fn xo_settings_are_checked() {
    let bad = |c: XoConfig| match xo::generate(&c) {
        Err(DataError::Setting { field, .. }) => field,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        bad(XoConfig {
            size: 3,
            ..XoConfig::default()
        }),
        "size"
    );
    assert_eq!(
        bad(XoConfig {
            noise: 2.0,
            ..XoConfig::default()
        }),
        "noise"
    );
    assert_eq!(
        bad(XoConfig {
            noise: f32::NAN,
            ..XoConfig::default()
        }),
        "noise"
    );
    assert_eq!(xo::generate(&XoConfig::lesson(0)).unwrap().len(), 0);
}

fn small(labels: Vec<u8>) -> Dataset {
    let images = (0..labels.len() * 4).map(|v| v as f32 / 100.0).collect();
    Dataset::new(
        "small",
        (1, 2, 2),
        vec!["a".into(), "b".into(), "c".into()],
        images,
        labels,
    )
    .unwrap()
}

#[test]
fn dataset_checks_and_accessors() {
    let names = || vec!["a".to_string(), "b".to_string()];
    assert_eq!(
        Dataset::new("x", (1, 2, 2), names(), vec![0.0; 7], vec![0, 1]),
        Err(DataError::LengthMismatch {
            field: "images",
            expected: 8,
            found: 7
        })
    );
    assert_eq!(
        Dataset::new("x", (1, 2, 2), names(), vec![0.0; 8], vec![0, 2]),
        Err(DataError::LabelOutOfRange {
            index: 1,
            label: 2,
            classes: 2
        })
    );
    assert_eq!(
        Dataset::new("x", (1, 0, 2), names(), vec![], vec![]),
        Err(DataError::Zero { field: "height" })
    );
    let d = small(vec![0, 1, 2, 1]);
    assert_eq!(d.len(), 4);
    assert_eq!(d.image(1), [0.04, 0.05, 0.06, 0.07]);
    assert_eq!(d.get(4), None);
    assert_eq!(d.class_counts(), [1, 2, 1]);
    let s = d.subset(&[3, 0]).unwrap();
    assert_eq!(s.labels, [1, 0]);
    assert_eq!(s.image(0), d.image(3));
    assert_eq!(
        d.subset(&[4]),
        Err(DataError::IndexOutOfRange { index: 4, len: 4 })
    );
}

#[test]
fn photos_placed_by_their_folders_stay_where_they_were_put() {
    // 20 photos: the first 10 from `train/`, the next 4 from
    // `validation/`, the last 6 without a place (split at random).
    let labels: Vec<u8> = (0..20).map(|i| (i % 2) as u8).collect();
    let d = small(labels);
    let placed: Vec<Option<bool>> = (0..20)
        .map(|i| match i {
            0..10 => Some(false),
            10..14 => Some(true),
            _ => None,
        })
        .collect();
    let (train, val) = d.split_placed(0.5, 7, &placed);
    // The image of photo i starts with the value 4i/100.
    let firsts = |ds: &Dataset| -> Vec<usize> {
        ds.images
            .chunks(4)
            .map(|c| (c[0] * 100.0 / 4.0).round() as usize)
            .collect()
    };
    let (t, v) = (firsts(&train), firsts(&val));
    assert!((0..10).all(|i| t.contains(&i)), "{t:?}");
    assert!((10..14).all(|i| v.contains(&i)), "{v:?}");
    // Of the 6 left to chance (3 per class), half are held out: 2 of one
    // class, 1 of the other (`split_counts`, largest remainder).
    assert_eq!(t.iter().filter(|&&i| i >= 14).count(), 3);
    assert_eq!(v.iter().filter(|&&i| i >= 14).count(), 3);
    assert_eq!(train.len() + val.len(), 20);
    // Every photo placed: the fraction does not matter.
    let all_placed: Vec<Option<bool>> = (0..20).map(|i| Some(i >= 15)).collect();
    let (train, val) = d.split_placed(0.9, 7, &all_placed);
    assert_eq!((train.len(), val.len()), (15, 5));
    // No places: the random split of `split`.
    assert_eq!(d.split_placed(0.25, 3, &[]), d.split(0.25, 3));
}

#[test]
fn split_is_stratified_and_deterministic() {
    let labels: Vec<u8> = (0..100)
        .map(|i| {
            if i < 60 {
                0
            } else if i < 90 {
                1
            } else {
                2
            }
        })
        .collect();
    let d = small(labels);
    let (train, val) = d.split(0.2, 7);
    assert_eq!(val.class_counts(), [12, 6, 2]);
    assert_eq!(train.class_counts(), [48, 24, 8]);
    assert_eq!(train.images.len() + val.images.len(), d.images.len());
    assert_eq!(d.split(0.2, 7), (train.clone(), val.clone()));
    assert_ne!(d.split(0.2, 8).1, val);
    // Every image lands in exactly one part.
    let mut all: Vec<Vec<u32>> = train
        .images
        .chunks(4)
        .chain(val.images.chunks(4))
        .map(|c| c.iter().map(|v| v.to_bits()).collect())
        .collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 100);
    assert_eq!(d.split(f32::NAN, 1).1.len(), 0);
    assert_eq!(d.split(5.0, 1).0.len(), 0);
}

fn static_file(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../../static/datasets/mnist-digits-5k/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn mnist_digits_5k_parses() {
    let d = mnist::parse_idx_gz(
        &static_file("digits-5k-images-idx3-ubyte.gz"),
        &static_file("digits-5k-labels-idx1-ubyte.gz"),
    )
    .unwrap();
    assert_eq!(d.len(), 5000);
    assert_eq!((d.channels, d.height, d.width), (1, 28, 28));
    assert_eq!(
        d.class_counts(),
        [460, 571, 530, 500, 500, 456, 462, 512, 489, 520]
    );
    assert!(d.images.iter().all(|v| (0.0..=1.0).contains(v)));
    assert!(d.images.contains(&1.0));

    let p = mnist::pad(&d.subset(&[0, 1]).unwrap(), 2).unwrap();
    assert!(mnist::pad(&d, 65).is_err());
    assert_eq!((p.height, p.width, p.len()), (32, 32, 2));
    let (src, dst) = (d.image(1), p.image(1));
    for r in 0..32 {
        for c in 0..32 {
            let inside = (2..30).contains(&r) && (2..30).contains(&c);
            let want = if inside {
                src[(r - 2) * 28 + c - 2]
            } else {
                0.0
            };
            assert_eq!(dst[r * 32 + c], want);
        }
    }
}

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn idx_images(count: u32, rows: u32, cols: u32, data: usize) -> Vec<u8> {
    let mut v = Vec::new();
    for x in [2051, count, rows, cols] {
        v.extend_from_slice(&x.to_be_bytes());
    }
    v.resize(16 + data, 255);
    v
}

fn idx_labels(count: u32, data: &[u8]) -> Vec<u8> {
    let mut v = Vec::new();
    for x in [2049, count] {
        v.extend_from_slice(&x.to_be_bytes());
    }
    v.extend_from_slice(data);
    v
}

#[test]
fn mnist_errors() {
    let images = gz(&idx_images(2, 2, 3, 12));
    let labels = gz(&idx_labels(2, &[3, 9]));
    let d = mnist::parse_idx_gz(&images, &labels).unwrap();
    assert_eq!((d.len(), d.height, d.width), (2, 2, 3));
    assert_eq!(d.labels, [3, 9]);

    assert_eq!(
        mnist::parse_idx_gz(&labels, &images),
        Err(DataError::BadMagic {
            file: IdxFile::Images,
            expected: 2051,
            found: 2049
        })
    );
    assert_eq!(
        mnist::parse_idx_gz(&images, &idx_labels(2, &[3, 9])),
        Err(DataError::NotGzip {
            file: IdxFile::Labels
        })
    );
    assert_eq!(
        mnist::parse_idx_gz(&gz(&idx_images(2, 2, 3, 11)), &labels),
        Err(DataError::Truncated {
            file: IdxFile::Images,
            expected: 28,
            found: 27
        })
    );
    assert_eq!(
        mnist::parse_idx_gz(&gz(&idx_images(2, 2, 3, 13)), &labels),
        Err(DataError::TrailingData {
            file: IdxFile::Images,
            expected: 28,
            found: 29
        })
    );
    assert_eq!(
        mnist::parse_idx_gz(&images, &gz(&[0, 0, 8])),
        Err(DataError::Truncated {
            file: IdxFile::Labels,
            expected: 8,
            found: 3
        })
    );
    assert_eq!(
        mnist::parse_idx_gz(&images, &gz(&idx_labels(1, &[3]))),
        Err(DataError::CountMismatch {
            images: 2,
            labels: 1
        })
    );
    assert_eq!(
        mnist::parse_idx_gz(&images, &gz(&idx_labels(2, &[3, 10]))),
        Err(DataError::LabelOutOfRange {
            index: 1,
            label: 10,
            classes: 10
        })
    );
    // A gzip stream cut short.
    let cut = &images[..images.len() - 6];
    assert!(matches!(
        mnist::parse_idx_gz(cut, &labels),
        Err(DataError::Gzip {
            file: IdxFile::Images,
            ..
        })
    ));
    // A header that announces more than memory holds does not overflow.
    assert!(matches!(
        mnist::parse_idx_gz(&gz(&idx_images(u32::MAX, u32::MAX, u32::MAX, 0)), &labels),
        Err(DataError::Truncated {
            file: IdxFile::Images,
            ..
        })
    ));
}

fn ramp(c: usize, h: usize, w: usize) -> Vec<f32> {
    (0..c * h * w)
        .map(|v| v as f32 / (c * h * w) as f32)
        .collect()
}

#[test]
fn augment_identity_is_exact() {
    let img = ramp(3, 5, 7);
    let mut out = vec![9.0; img.len()];
    let mut rng = Rng::new(1);
    Augment::NONE
        .apply(&img, 3, 5, 7, &mut rng, &mut out)
        .unwrap();
    assert_eq!(out, img);
    assert_eq!(rng, Rng::new(1));
    Transform::IDENTITY.apply(&img, 3, 5, 7, &mut out).unwrap();
    assert_eq!(out, img);
    let same = Transform {
        dx: 0.0,
        dy: 0.0,
        scale: 1.0,
        flip: false,
        shear: 0.0,
    };
    same.apply(&img, 3, 5, 7, &mut out).unwrap();
    assert_eq!(out, img);
}

#[test]
fn augment_flip_and_integer_shift_are_exact() {
    let (c, h, w) = (2, 3, 4);
    let img = ramp(c, h, w);
    let mut out = vec![0.0; img.len()];
    let flip = Transform {
        flip: true,
        ..Transform::IDENTITY
    };
    flip.apply(&img, c, h, w, &mut out).unwrap();
    for ch in 0..c {
        for r in 0..h {
            for x in 0..w {
                assert_eq!(
                    out[(ch * h + r) * w + x],
                    img[(ch * h + r) * w + (w - 1 - x)]
                );
            }
        }
    }
    let shift = Transform {
        dx: 1.0,
        dy: -1.0,
        ..Transform::IDENTITY
    };
    shift.apply(&img, c, h, w, &mut out).unwrap();
    for ch in 0..c {
        for r in 0..h {
            for x in 0..w {
                let want = if x >= 1 && r + 1 < h {
                    img[(ch * h + r + 1) * w + x - 1]
                } else {
                    0.0
                };
                assert_eq!(out[(ch * h + r) * w + x], want);
            }
        }
    }
    // A random flip-only augmentation is either the picture or its mirror.
    let mut mirror = vec![0.0; img.len()];
    flip.apply(&img, c, h, w, &mut mirror).unwrap();
    let a = Augment::new(0.0, 0.0, 0.0, true).unwrap();
    let mut rng = Rng::new(5);
    let mut seen = [false; 2];
    for _ in 0..16 {
        a.apply(&img, c, h, w, &mut rng, &mut out).unwrap();
        assert!(out == img || out == mirror);
        seen[usize::from(out == mirror)] = true;
    }
    assert_eq!(seen, [true, true]);
}

#[test]
fn augment_random_stays_in_range_and_is_checked() {
    let img = ramp(1, 8, 8);
    let mut out = vec![0.0; img.len()];
    let a = Augment::new(0.2, 0.3, 0.2, true).unwrap();
    let mut rng = Rng::new(2);
    for _ in 0..10 {
        a.apply(&img, 1, 8, 8, &mut rng, &mut out).unwrap();
        assert!(out.iter().all(|v| (0.0..=1.0).contains(v)));
    }
    assert_ne!(out, img);
    assert!(matches!(
        Augment::new(0.7, 0.0, 0.0, false),
        Err(DataError::Setting { field: "shift", .. })
    ));
    assert!(matches!(
        Augment::new(0.1, f32::NAN, 0.0, false),
        Err(DataError::Setting { field: "zoom", .. })
    ));
    assert_eq!(
        a.apply(&img, 1, 8, 7, &mut rng, &mut out),
        Err(DataError::LengthMismatch {
            field: "image",
            expected: 56,
            found: 64
        })
    );
}

/// `[channels, height, width]` with distinct whole numbers (from 1), so that
/// the half-and-half blends of a half-pixel shear are exact in `f32`.
fn counting(c: usize, h: usize, w: usize) -> Vec<f32> {
    (1..=c * h * w).map(|v| v as f32).collect()
}

#[test]
fn shear_slides_each_row_by_its_distance_from_the_centre() {
    // 5 rows: the centre row is row 2 (y + 0.5 = 2.5 = height / 2), so row
    // y is `y - 2` rows below it and a shear of 1 slides it `y - 2` pixels
    // right: out[y][x] = in[y][x - (y - 2)], 0 where that is outside.
    let (c, h, w) = (2, 5, 7);
    let img = counting(c, h, w);
    let at = |ch: usize, r: usize, x: isize| -> f32 {
        if (0..w as isize).contains(&x) {
            img[(ch * h + r) * w + x as usize]
        } else {
            0.0
        }
    };
    let mut out = vec![f32::NAN; img.len()];
    let shear = Transform {
        shear: 1.0,
        ..Transform::IDENTITY
    };
    shear.apply(&img, c, h, w, &mut out).unwrap();
    for ch in 0..c {
        for r in 0..h {
            for x in 0..w {
                let want = at(ch, r, x as isize - (r as isize - 2));
                assert_eq!(
                    out[(ch * h + r) * w + x],
                    want,
                    "channel {ch} row {r} col {x}"
                );
            }
        }
    }
    // Spot checks by hand: row 4 moved 2 right, row 0 moved 2 left.
    assert_eq!(out[4 * w + 2], img[4 * w]);
    assert_eq!(out[4 * w + 1], 0.0);
    assert_eq!(out[0], img[2]);
    assert_eq!(out[w - 1], 0.0);

    // A shear of 0.5 (the largest the settings allow): rows 0 and 4 move a
    // whole pixel, rows 1 and 3 half a pixel, which bilinear sampling turns
    // into the mean of the two neighbours.
    let half = Transform {
        shear: 0.5,
        ..Transform::IDENTITY
    };
    half.apply(&img, c, h, w, &mut out).unwrap();
    for ch in 0..c {
        for x in 0..w as isize {
            let o = |r: usize| out[(ch * h + r) * w + x as usize];
            assert_eq!(o(0), at(ch, 0, x + 1));
            assert_eq!(o(1), (at(ch, 1, x) + at(ch, 1, x + 1)) / 2.0);
            assert_eq!(o(2), at(ch, 2, x));
            assert_eq!(o(3), (at(ch, 3, x - 1) + at(ch, 3, x)) / 2.0);
            assert_eq!(o(4), at(ch, 4, x - 1));
        }
    }

    // The flip comes first: the mirror image is sheared, so
    // out[y][x] = in[y][w - 1 - (x - (y - 2))].
    let both = Transform {
        shear: 1.0,
        flip: true,
        ..Transform::IDENTITY
    };
    both.apply(&img, c, h, w, &mut out).unwrap();
    for ch in 0..c {
        for r in 0..h {
            for x in 0..w {
                let want = at(ch, r, w as isize - 1 - (x as isize - (r as isize - 2)));
                assert_eq!(
                    out[(ch * h + r) * w + x],
                    want,
                    "channel {ch} row {r} col {x}"
                );
            }
        }
    }
}

#[test]
fn random_shear_keeps_the_centre_row_and_is_checked() {
    let (h, w) = (9, 9);
    let img = ramp(1, h, w);
    let mut out = vec![0.0; img.len()];
    let a = Augment::new(0.0, 0.0, 0.5, false).unwrap();
    assert!(!a.is_identity());
    let mut rng = Rng::new(3);
    let mut changed = false;
    for _ in 0..8 {
        a.apply(&img, 1, h, w, &mut rng, &mut out).unwrap();
        // A horizontal shear leaves the centre row (row 4 of 9) in place.
        assert_eq!(out[4 * w..5 * w], img[4 * w..5 * w]);
        changed |= out != img;
    }
    assert!(changed, "a shear of up to 0.5 never changed the picture");
    assert!(matches!(
        Augment::new(0.0, 0.0, 0.6, false),
        Err(DataError::Setting { field: "shear", .. })
    ));
    assert!(matches!(
        Augment::new(0.0, 0.0, -0.1, false),
        Err(DataError::Setting { field: "shear", .. })
    ));
    // Settings saved before shear existed read as no shear.
    let old: Augment = serde_json::from_str(r#"{"shift":0.1,"zoom":0.1,"flip":true}"#).unwrap();
    assert_eq!(old, Augment::new(0.1, 0.1, 0.0, true).unwrap());
    // Without shear, the same seed draws the same transforms as a setting
    // that only differs by shear 0 (nothing extra is drawn).
    let (mut r1, mut r2) = (Rng::new(9), Rng::new(9));
    let plain = Augment::new(0.2, 0.2, 0.0, true).unwrap();
    let t = plain.sample(h, w, &mut r1);
    assert_eq!(t.shear, 0.0);
    for _ in 0..4 {
        r2.next_f32();
    }
    assert_eq!(r1, r2, "shift x, shift y, zoom and flip: four draws");
}

#[test]
fn split_counts_are_what_split_holds_out() {
    use cnn_train::data::split_counts;
    assert_eq!(split_counts(&[3, 1], 0.25), vec![1, 0]);
    assert_eq!(split_counts(&[200, 200], 0.25), vec![50, 50]);
    assert_eq!(split_counts(&[7, 5, 0], 0.5), vec![4, 2, 0]);
    assert_eq!(split_counts(&[4], f32::NAN), vec![0]);
    // The page shows these counts before training: they must be the worker's.
    let per_class = [9usize, 4, 6];
    let labels: Vec<u8> = per_class
        .iter()
        .enumerate()
        .flat_map(|(k, &n)| std::iter::repeat_n(k as u8, n))
        .collect();
    let n = labels.len();
    let ds = cnn_train::Dataset::new(
        "t",
        (1, 1, 1),
        vec!["a".into(), "b".into(), "c".into()],
        vec![0.0; n],
        labels,
    )
    .unwrap();
    let (_, val) = ds.split(0.25, 7);
    assert_eq!(val.class_counts(), split_counts(&per_class, 0.25));
}

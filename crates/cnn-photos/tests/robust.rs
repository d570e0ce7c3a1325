//! Fuzz-ish robustness: every prefix of every valid fixture, and random
//! byte changes (a fixed-seed xorshift, so failures repeat), through
//! `probe`, `decode`, the zip reader and the project reader. The only
//! assertion beyond "no panic" is that a file cut short is refused — as
//! truncated once the header is in.

use cnn_photos::decode::decode;
use cnn_photos::fixtures;
use cnn_photos::project::{self, ClassInfo, Project, StoredPhoto};
use cnn_photos::sniff::{probe, Refusal};
use cnn_photos::zip;

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// `bytes` with 1 to 4 bytes changed at random places.
fn flipped(bytes: &[u8], rng: &mut XorShift) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(out.len());
        out[at] = match rng.below(3) {
            0 => out[at] ^ (1 << rng.below(8)),
            1 => 0xFF,
            _ => rng.next() as u8,
        };
    }
    out
}

#[test]
fn every_prefix_of_every_good_fixture_is_refused_without_panic() {
    for (name, bytes) in fixtures::good() {
        for len in 0..bytes.len() {
            let prefix = &bytes[..len];
            let result = probe(prefix);
            assert!(result.is_err(), "{name} cut to {len} bytes was accepted");
            if len >= 32 {
                assert!(
                    matches!(result, Err(Refusal::Truncated { .. })),
                    "{name} cut to {len}: {result:?}"
                );
            }
        }
        assert!(probe(&bytes).is_ok(), "{name}");
    }
}

#[test]
fn random_byte_changes_never_panic() {
    let mut rng = XorShift(0x5EED_1234_ABCD_0001);
    for (name, bytes) in fixtures::good().into_iter().chain(fixtures::bad()) {
        if bytes.is_empty() {
            continue;
        }
        for _ in 0..200 {
            let changed = flipped(&bytes, &mut rng);
            if let Ok(p) = probe(&changed) {
                // Whatever is accepted decodes or is refused, within the size.
                if let Ok(rgb) = decode(&changed, 64) {
                    assert!(rgb.width <= 64 && rgb.height <= 64, "{name}");
                    assert_eq!(rgb.pixels.len(), (rgb.width * rgb.height * 3) as usize);
                }
                assert!(p.width > 0 && p.height > 0);
            }
        }
    }
}

#[test]
fn broken_zips_and_projects_never_panic() {
    let project = Project {
        classes: vec![
            ClassInfo {
                name: "a".into(),
                colour: "#000000".into(),
            },
            ClassInfo {
                name: "b".into(),
                colour: "#ffffff".into(),
            },
        ],
        photos: vec![StoredPhoto {
            class: 1,
            name: "p.jpg".into(),
            width: 4,
            height: 3,
            pixels: vec![9; 36],
            split: None,
        }],
        settings: Default::default(),
        model: Some(vec![1, 2, 3]),
    };
    let files = [fixtures::classes_zip(), project::encode(&project).unwrap()];
    let mut rng = XorShift(0xC0FF_EE00_0000_0042);
    for bytes in &files {
        for len in (0..bytes.len()).step_by(7) {
            let _ = project::decode(&bytes[..len]);
            if let Ok(list) = zip::entries(&bytes[..len]) {
                for e in &list {
                    let _ = zip::read(&bytes[..len], e, 1 << 20);
                }
            }
        }
        for _ in 0..2000 {
            let changed = flipped(bytes, &mut rng);
            let _ = project::decode(&changed);
            if let Ok(list) = zip::entries(&changed) {
                for e in &list {
                    let _ = zip::read(&changed, e, 1 << 20);
                    let _ = zip::class_of(&e.path);
                }
            }
        }
    }
}

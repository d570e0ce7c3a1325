//! The zip reader and writer: round trips, the class layout, and each
//! refusal, on zips built here (by `ZipWriter`, then patched byte by byte
//! where a test needs a broken one; offsets are the zip format's fixed
//! header fields).

use cnn_photos::zip::{class_of, entries, read, Entry, ZipError, ZipWriter};
use cnn_photos::{fixtures, Split};

fn zip_of(files: &[(&str, &[u8], bool)]) -> Vec<u8> {
    let mut zip = ZipWriter::new();
    for (path, data, deflate) in files {
        zip.add(path, data, *deflate).unwrap();
    }
    zip.finish()
}

fn find<'a>(list: &'a [Entry], path: &str) -> &'a Entry {
    list.iter().find(|e| e.path == path).unwrap()
}

/// Position of the central directory record of entry `n` (0-based).
fn central(zip: &[u8], n: usize) -> usize {
    zip.windows(4)
        .enumerate()
        .filter(|(_, w)| *w == b"PK\x01\x02")
        .nth(n)
        .map(|(i, _)| i)
        .unwrap()
}

#[test]
fn stored_and_deflated_entries_round_trip() {
    let text = b"the same words again and again and again and again".repeat(20);
    let noise: Vec<u8> = (0..5000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let bytes = zip_of(&[
        ("a/stored.txt", &text, false),
        ("a/deflated.txt", &text, true),
        ("b/noise.bin", &noise, true),
        ("empty.txt", b"", true),
    ]);
    let list = entries(&bytes).unwrap();
    assert_eq!(
        list.iter().map(|e| e.path.as_str()).collect::<Vec<_>>(),
        ["a/stored.txt", "a/deflated.txt", "b/noise.bin", "empty.txt"]
    );
    let stored = find(&list, "a/stored.txt");
    assert_eq!(
        (stored.method, stored.size, stored.compressed_size),
        (0, 1000, 1000)
    );
    let deflated = find(&list, "a/deflated.txt");
    assert_eq!(deflated.method, 8);
    assert!(
        deflated.compressed_size < 200,
        "{}",
        deflated.compressed_size
    );
    for (path, want) in [
        ("a/stored.txt", &text[..]),
        ("a/deflated.txt", &text[..]),
        ("b/noise.bin", &noise[..]),
        ("empty.txt", &b""[..]),
    ] {
        assert_eq!(
            read(&bytes, find(&list, path), 1 << 20).unwrap(),
            want,
            "{path}"
        );
    }
    // The same entries give the same bytes (fixed times).
    assert_eq!(
        bytes,
        zip_of(&[
            ("a/stored.txt", &text, false),
            ("a/deflated.txt", &text, true),
            ("b/noise.bin", &noise, true),
            ("empty.txt", b"", true),
        ])
    );
}

#[test]
fn a_comment_after_the_end_record_is_fine() {
    let mut bytes = zip_of(&[("x/y.txt", b"hello", true)]);
    let comment = b"made by a test; PK\x05\x06 inside a comment is not a record";
    let len = bytes.len();
    bytes[len - 2..].copy_from_slice(&(comment.len() as u16).to_le_bytes());
    bytes.extend_from_slice(comment);
    let list = entries(&bytes).unwrap();
    assert_eq!(read(&bytes, &list[0], 100).unwrap(), b"hello");
}

#[test]
fn crc_mismatch_is_refused() {
    let mut bytes = zip_of(&[("x/y.txt", b"hello", false)]);
    // Change the stored data: local header (30) + name (7), then "hello".
    bytes[30 + 7] = b'j';
    let list = entries(&bytes).unwrap();
    assert_eq!(
        read(&bytes, &list[0], 100),
        Err(ZipError::Crc {
            path: "x/y.txt".into()
        })
    );
}

#[test]
fn zip_bombs_stop_at_the_limit() {
    // 10 MB of zeros deflate to about 10 KB.
    let zeros = vec![0u8; 10_000_000];
    let bytes = zip_of(&[("bomb/zeros.bin", &zeros, true)]);
    let list = entries(&bytes).unwrap();
    assert!(list[0].compressed_size < 20_000);
    // Declared honestly: refused from the declared size.
    assert_eq!(
        read(&bytes, &list[0], 1_000_000),
        Err(ZipError::TooLarge {
            path: "bomb/zeros.bin".into(),
            max: 1_000_000
        })
    );
    // Declaring 1000 bytes: inflating stops one byte past the declared size.
    let mut lying = bytes.clone();
    let at = central(&lying, 0) + 24; // uncompressed size
    lying[at..at + 4].copy_from_slice(&1000u32.to_le_bytes());
    let list = entries(&lying).unwrap();
    assert_eq!(list[0].size, 1000);
    assert_eq!(
        read(&lying, &list[0], 1_000_000),
        Err(ZipError::SizeMismatch {
            path: "bomb/zeros.bin".into(),
            declared: 1000,
            actual: 1001
        })
    );
}

#[test]
fn encrypted_and_unknown_methods_are_refused() {
    let mut bytes = zip_of(&[("x/a.txt", b"secret", false), ("x/b.txt", b"lzma", false)]);
    let a = central(&bytes, 0);
    bytes[a + 8] |= 1; // flags: encrypted
    let b = central(&bytes, 1);
    bytes[b + 10] = 14; // method: LZMA
    let list = entries(&bytes).unwrap();
    assert!(list[0].encrypted);
    assert_eq!(
        read(&bytes, &list[0], 100),
        Err(ZipError::Encrypted {
            path: "x/a.txt".into()
        })
    );
    assert_eq!(
        read(&bytes, &list[1], 100),
        Err(ZipError::UnsupportedMethod {
            path: "x/b.txt".into(),
            method: 14
        })
    );
}

#[test]
fn not_a_zip_truncated_and_zip64() {
    assert_eq!(entries(b"hello, this is text"), Err(ZipError::NotAZip));
    assert_eq!(entries(b""), Err(ZipError::NotAZip));
    let bytes = zip_of(&[("x/y.txt", b"hello", true)]);
    assert_eq!(
        entries(&bytes[..bytes.len() - 10]),
        Err(ZipError::Truncated)
    );
    // Entry count 0xFFFF in the end record means ZIP64.
    let mut zip64 = bytes.clone();
    let end = zip64.len() - 22;
    zip64[end + 8..end + 12].copy_from_slice(&[0xFF; 4]);
    assert_eq!(entries(&zip64), Err(ZipError::Zip64));
    // A split archive: this disk is 1.
    let mut split = bytes.clone();
    split[end + 4] = 1;
    assert_eq!(entries(&split), Err(ZipError::Split));
    // A central directory that points past the end record.
    let mut damaged = bytes.clone();
    damaged[end + 16..end + 20].copy_from_slice(&1_000_000u32.to_le_bytes());
    assert!(entries(&damaged).is_err());
    // Sentences end with what to do.
    for e in [
        ZipError::NotAZip,
        ZipError::Truncated,
        ZipError::Zip64,
        ZipError::Split,
    ] {
        assert!(e.to_string().ends_with('.'), "{e}");
    }
}

#[test]
fn names_in_utf8_and_cp437() {
    // Flag bit 11 set by the writer for a name that is not ASCII.
    let bytes = zip_of(&[("chats/café.jpg", b"x", false)]);
    assert_eq!(entries(&bytes).unwrap()[0].path, "chats/café.jpg");
    // Without the flag, byte 0x82 is CP437's "é" (as old Windows zips are).
    let mut bytes = zip_of(&[("chats/cafX.jpg", b"x", false)]);
    for i in 0..bytes.len() - 3 {
        if &bytes[i..i + 4] == b"fX.j" {
            bytes[i + 1] = 0x82;
        }
    }
    assert_eq!(entries(&bytes).unwrap()[0].path, "chats/café.jpg");
}

#[test]
fn classes_come_from_the_immediate_folder() {
    let some = |c: &str, n: &str| Some((c.to_string(), n.to_string()));
    assert_eq!(
        class_of("dataset/training_set/cats/cat.1.jpg"),
        some("cats", "cat.1.jpg")
    );
    assert_eq!(class_of("dogs/dog.7.JPG"), some("dogs", "dog.7.JPG"));
    assert_eq!(class_of("dogs\\dog.8.jpg"), some("dogs", "dog.8.jpg"));
    assert_eq!(class_of("./birds//robin.png"), some("birds", "robin.png"));
    assert_eq!(class_of("dataset/training_set/cats/"), None);
    assert_eq!(class_of("__MACOSX/dataset/cats/._cat.1.jpg"), None);
    assert_eq!(class_of("dataset/cats/.DS_Store"), None);
    assert_eq!(class_of("dataset/.hidden/cat.jpg"), None);
    assert_eq!(class_of("dataset/cats/Thumbs.db"), None);
    assert_eq!(class_of("cat.1.jpg"), None);
    assert_eq!(class_of(""), None);
}

#[test]
fn the_slides_layout_keeps_each_photos_class_and_place() {
    // cats_and_dogs_filtered.zip (seed 000): train/ and validation/, each
    // with cats/ and dogs/.
    let bytes = fixtures::split_zip();
    let mut seen: Vec<(String, Option<Split>)> = entries(&bytes)
        .unwrap()
        .iter()
        .filter_map(|e| Some((class_of(&e.path)?.0, Split::of_path(&e.path))))
        .collect();
    seen.sort_by_key(|(c, s)| (c.clone(), format!("{s:?}")));
    seen.dedup_by(|a, b| a == b);
    assert_eq!(
        seen,
        [
            ("cats".into(), Some(Split::Train)),
            ("cats".into(), Some(Split::Validation)),
            ("dogs".into(), Some(Split::Train)),
            ("dogs".into(), Some(Split::Validation)),
        ]
    );
    let (train, validation) = fixtures::SPLIT_PHOTOS;
    let held_out = entries(&bytes)
        .unwrap()
        .iter()
        .filter(|e| Split::of_path(&e.path) == Some(Split::Validation))
        .count();
    assert_eq!(held_out, 2 * validation as usize);
    assert_eq!(
        entries(&bytes).unwrap().len(),
        2 * (train + validation) as usize
    );
}

#[test]
fn the_class_fixture_zip_lists_its_classes() {
    let bytes = fixtures::classes_zip();
    let list = entries(&bytes).unwrap();
    let mut kept: Vec<(String, String)> = list
        .iter()
        .filter(|e| !e.is_dir)
        .filter_map(|e| class_of(&e.path))
        .collect();
    kept.sort();
    let names: Vec<String> = kept.iter().map(|(c, n)| format!("{c}/{n}")).collect();
    assert_eq!(
        names,
        [
            "cats/cat.1.jpg",
            "cats/cat.2.jpg",
            "cats/cat.3.jpg",
            "dogs/dog.1.jpg",
            "dogs/dog.2.jpg",
            "dogs/dog.3.jpg"
        ]
    );
    // Every photo reads back and is a JPEG the sniffer accepts.
    for e in list
        .iter()
        .filter(|e| e.path.ends_with(".jpg") && !e.path.contains("MACOSX"))
    {
        let photo = read(&bytes, e, 1 << 20).unwrap();
        let probe = cnn_photos::probe(&photo).unwrap();
        assert_eq!((probe.width, probe.height), (48, 36));
    }
}

#[test]
fn writer_refuses_names_too_long_for_the_format() {
    let mut zip = ZipWriter::new();
    let long = "a/".repeat(40_000);
    assert_eq!(zip.add(&long, b"x", false), Err(ZipError::TooLargeToWrite));
}

//! Project files: a round trip, and each refusal from a file built here.

use std::collections::BTreeMap;

use cnn_photos::project::{
    check, decode, encode, ClassInfo, Project, ProjectError, StoredPhoto, Writer, MANIFEST, VERSION,
};
use cnn_photos::zip::{entries, read, ZipError, ZipWriter};
use cnn_photos::{fixtures, Split, MAX_CLASSES, MAX_PHOTOS};

fn class(name: &str, colour: &str) -> ClassInfo {
    ClassInfo {
        name: name.into(),
        colour: colour.into(),
    }
}

fn photo(class: usize, name: &str, w: u32, h: u32) -> StoredPhoto {
    StoredPhoto {
        class,
        name: name.into(),
        width: w,
        height: h,
        pixels: (0..w * h * 3).map(|i| (i * 7 % 251) as u8).collect(),
        split: None,
    }
}

fn sample() -> Project {
    let mut settings = BTreeMap::new();
    settings.insert("size".to_string(), "64".to_string());
    settings.insert("fit".to_string(), "crop".to_string());
    Project {
        classes: vec![class("cats", "#e6194b"), class("dogs", "#3cb44b")],
        photos: vec![
            photo(0, "cat.1.jpg", 171, 128),
            photo(1, "dog.1.jpg", 128, 171),
            StoredPhoto {
                split: Some(Split::Validation),
                ..photo(1, "chien é.png", 3, 2)
            },
        ],
        settings,
        model: Some(b"CNNMODEL\x01opaque bytes".to_vec()),
    }
}

#[test]
fn a_project_round_trips() {
    let project = sample();
    let bytes = encode(&project).unwrap();
    assert_eq!(decode(&bytes).unwrap(), project);
    // Deterministic.
    assert_eq!(encode(&project).unwrap(), bytes);
    // Without a model, and with no photos at all.
    let bare = Project {
        model: None,
        photos: vec![],
        ..sample()
    };
    assert_eq!(decode(&encode(&bare).unwrap()).unwrap(), bare);
}

#[test]
fn the_file_is_a_zip_with_a_readable_manifest() {
    let bytes = encode(&sample()).unwrap();
    let list = entries(&bytes).unwrap();
    let paths: Vec<&str> = list.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "project.json",
            "photos/0.rgb",
            "photos/1.rgb",
            "photos/2.rgb",
            "model.cnnmodel"
        ]
    );
    let json = read(&bytes, &list[0], 1 << 20).unwrap();
    let value: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(value["format"], "cnn-school-project");
    assert_eq!(value["version"], VERSION);
    assert_eq!(value["classes"][1]["colour"], "#3cb44b");
    assert_eq!(value["photos"][0]["entry"], "photos/0.rgb");
    assert_eq!(value["photos"][1]["width"], 128);
    // A place decided by folders is written; a random one is not.
    assert_eq!(value["photos"][2]["split"], "validation");
    assert!(value["photos"][0].get("split").is_none());
    assert_eq!(value["settings"]["size"], "64");
    assert_eq!(value["model"], "model.cnnmodel");
}

/// A zip holding `project.json` = `json` and the sample's photos.
fn with_manifest(json: &serde_json::Value) -> Vec<u8> {
    let sample = sample();
    let mut zip = ZipWriter::new();
    zip.add(MANIFEST, json.to_string().as_bytes(), true)
        .unwrap();
    for (n, p) in sample.photos.iter().enumerate() {
        zip.add(&format!("photos/{n}.rgb"), &p.pixels, true)
            .unwrap();
    }
    zip.finish()
}

fn manifest() -> serde_json::Value {
    let bytes = encode(&Project {
        model: None,
        ..sample()
    })
    .unwrap();
    let list = entries(&bytes).unwrap();
    serde_json::from_slice(&read(&bytes, &list[0], 1 << 20).unwrap()).unwrap()
}

#[test]
fn the_manifest_helper_reads_back() {
    assert!(decode(&with_manifest(&manifest())).is_ok());
}

#[test]
fn not_a_zip_and_a_zip_of_photos() {
    assert_eq!(decode(b"not a zip at all"), Err(ProjectError::NotAZip));
    let photos = fixtures::classes_zip();
    let refused = decode(&photos).unwrap_err();
    assert_eq!(refused, ProjectError::PhotosZip);
    assert_eq!(
        refused.to_string(),
        "This is a zip of photos, not a project file: drop it on the photos area to import its folders as classes."
    );
    let cut = encode(&sample()).unwrap();
    assert_eq!(
        decode(&cut[..cut.len() / 2]),
        Err(ProjectError::Zip(ZipError::Truncated))
    );
}

#[test]
fn a_newer_version_is_refused() {
    let mut m = manifest();
    m["version"] = serde_json::json!(VERSION + 1);
    // Fields a newer version might change do not matter for the sentence.
    m["photos"] = serde_json::json!("something new");
    let refused = decode(&with_manifest(&m)).unwrap_err();
    assert_eq!(
        refused,
        ProjectError::Newer {
            version: VERSION + 1,
            supported: VERSION
        }
    );
    assert!(refused.to_string().contains("newer version"));
}

#[test]
fn a_class_index_out_of_range_is_refused() {
    let mut m = manifest();
    m["photos"][2]["class"] = serde_json::json!(2);
    assert_eq!(
        decode(&with_manifest(&m)),
        Err(ProjectError::ClassOutOfRange {
            photo: "chien é.png".into(),
            class: 2,
            classes: 2
        })
    );
}

#[test]
fn pixels_of_the_wrong_length_are_refused() {
    let mut m = manifest();
    m["photos"][2]["width"] = serde_json::json!(4);
    assert_eq!(
        decode(&with_manifest(&m)),
        Err(ProjectError::PixelLength {
            photo: "chien é.png".into(),
            expected: 24,
            got: 18
        })
    );
    let mut project = sample();
    project.photos[0].pixels.pop();
    assert!(matches!(
        encode(&project),
        Err(ProjectError::PixelLength { .. })
    ));
}

#[test]
fn class_counts_outside_the_range_are_refused() {
    let mut m = manifest();
    m["classes"] = serde_json::json!([{ "name": "cats", "colour": "#000000" }]);
    m["photos"] = serde_json::json!([]);
    assert_eq!(
        decode(&with_manifest(&m)),
        Err(ProjectError::ClassCount {
            count: 1,
            min: 2,
            max: 10
        })
    );
    let many: Vec<ClassInfo> = (0..=MAX_CLASSES)
        .map(|i| class(&format!("c{i}"), "#102030"))
        .collect();
    let project = Project {
        classes: many,
        photos: vec![],
        ..sample()
    };
    assert!(matches!(
        encode(&project),
        Err(ProjectError::ClassCount { count: 11, .. })
    ));
}

#[test]
fn too_many_photos_are_refused() {
    let mut m = manifest();
    let one = m["photos"][2].clone();
    m["photos"] = serde_json::Value::Array(vec![one; MAX_PHOTOS + 1]);
    assert_eq!(
        decode(&with_manifest(&m)),
        Err(ProjectError::TooManyPhotos {
            count: MAX_PHOTOS + 1,
            max: MAX_PHOTOS
        })
    );
}

#[test]
fn damaged_manifests_are_refused() {
    let mut m = manifest();
    m["classes"][0]["colour"] = serde_json::json!("red");
    assert!(matches!(
        decode(&with_manifest(&m)),
        Err(ProjectError::Damaged { .. })
    ));
    let mut m = manifest();
    m["classes"][1]["name"] = serde_json::json!("cats");
    assert!(matches!(
        decode(&with_manifest(&m)),
        Err(ProjectError::Damaged { .. })
    ));
    let mut m = manifest();
    m["format"] = serde_json::json!("something-else");
    assert!(matches!(
        decode(&with_manifest(&m)),
        Err(ProjectError::Damaged { .. })
    ));
    let mut m = manifest();
    m["photos"][0]["entry"] = serde_json::json!("photos/missing.rgb");
    assert_eq!(
        decode(&with_manifest(&m)),
        Err(ProjectError::MissingEntry {
            path: "photos/missing.rgb".into()
        })
    );
    let mut zip = ZipWriter::new();
    zip.add(MANIFEST, b"{ not json", true).unwrap();
    assert!(matches!(
        decode(&zip.finish()),
        Err(ProjectError::Damaged { .. })
    ));
}

#[test]
fn check_agrees_with_encode() {
    assert!(check(&sample()).is_ok());
    let mut project = sample();
    project.photos[1].class = 5;
    assert_eq!(check(&project), encode(&project).map(|_| ()));
    assert!(matches!(
        check(&project),
        Err(ProjectError::ClassOutOfRange { .. })
    ));
}

#[test]
fn error_codes_are_stable() {
    assert_eq!(ProjectError::PhotosZip.code(), "photos-zip");
    assert_eq!(ProjectError::NotAZip.code(), "not-zip");
    assert_eq!(
        ProjectError::Newer {
            version: 2,
            supported: 1
        }
        .args(),
        vec![("version", "2".to_string()), ("supported", "1".to_string())]
    );
}

#[test]
fn the_writer_takes_a_photo_at_a_time_and_writes_encodes_bytes() {
    let p = sample();
    let infos: Vec<_> = p.photos.iter().map(StoredPhoto::info).collect();
    let start = || Writer::new(p.classes.clone(), p.settings.clone(), &infos, true).unwrap();
    let mut w = start();
    for photo in &p.photos {
        w.pixels(&photo.pixels).unwrap();
    }
    assert_eq!(w.finish(p.model.as_deref()).unwrap(), encode(&p).unwrap());
    // Pixels that are not the photo's size are refused, naming it.
    let mut w = start();
    assert!(matches!(
        w.pixels(&[1, 2, 3]),
        Err(ProjectError::PixelLength { photo, .. }) if photo == p.photos[0].name
    ));
    // A file cut short, or with a model it was not told of, is not written.
    let mut w = start();
    w.pixels(&p.photos[0].pixels).unwrap();
    assert!(matches!(
        w.finish(p.model.as_deref()),
        Err(ProjectError::MissingEntry { path }) if path == "photos/1.rgb"
    ));
    let mut w = start();
    for photo in &p.photos {
        w.pixels(&photo.pixels).unwrap();
    }
    assert!(w.pixels(&p.photos[0].pixels).is_err());
    assert!(matches!(
        w.finish(None),
        Err(ProjectError::MissingEntry { .. })
    ));
}

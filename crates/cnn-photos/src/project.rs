//! One file that holds a whole project, so a learner can move it to
//! another machine: a zip with
//!
//! - `project.json`: `{ "format": "cnn-school-project", "version": 1,
//!   "classes": [{ "name", "colour": "#rrggbb" }], "settings": { string:
//!   string }, "photos": [{ "class", "name", "width", "height", "entry",
//!   "split"? ("train" | "validation", when its folders decided) }],
//!   "model": "model.cnnmodel" | null }`;
//! - `photos/<n>.rgb`: photo `n`'s kept pixels, `[height, width, 3]` RGB
//!   bytes, deflated;
//! - `model.cnnmodel` (optional): a trained model's file, as it is.
//!
//! [`encode`] refuses what [`decode`] would refuse, so the app never writes
//! a file it cannot read back.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::sniff::{MAX_CLASSES, MAX_PHOTOS, MAX_PIXELS, MIN_CLASSES};
use crate::split::Split;
use crate::zip::{self, ZipError, ZipWriter};

/// The `format` field of `project.json`.
pub const FORMAT: &str = "cnn-school-project";
/// The newest version this code writes and reads.
pub const VERSION: u32 = 1;
/// The zip entry that makes a zip a project file.
pub const MANIFEST: &str = "project.json";
/// The zip entry of the model.
pub const MODEL_ENTRY: &str = "model.cnnmodel";
/// Largest model file read back, in bytes.
pub const MAX_MODEL_BYTES: u64 = 256 * 1024 * 1024;

/// A class: its name and its colour in the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassInfo {
    pub name: String,
    /// `#rrggbb`.
    pub colour: String,
}

/// A kept photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPhoto {
    /// Index into [`Project::classes`].
    pub class: usize,
    /// The original file name.
    pub name: String,
    pub width: u32,
    pub height: u32,
    /// `[height, width, 3]` RGB bytes.
    pub pixels: Vec<u8>,
    /// Where its folders put it (`train/`, `validation/`); `None`: split
    /// at random when training.
    pub split: Option<Split>,
}

/// A whole project.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Project {
    pub classes: Vec<ClassInfo>,
    pub photos: Vec<StoredPhoto>,
    pub settings: BTreeMap<String, String>,
    /// A trained model's file (`cnn-train`'s export), kept as it is.
    pub model: Option<Vec<u8>>,
}

/// Why a project file cannot be written or read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProjectError {
    /// Not a zip file at all.
    NotAZip,
    /// A zip without `project.json`: photos, not a project.
    PhotosZip,
    /// The zip itself, or an entry in it, cannot be read.
    Zip(ZipError),
    /// `project.json` is not what this app writes; `detail` says where.
    Damaged { detail: String },
    /// Written by a newer version of the app.
    Newer { version: u32, supported: u32 },
    /// Fewer than [`MIN_CLASSES`] or more than [`MAX_CLASSES`] classes.
    ClassCount {
        count: usize,
        min: usize,
        max: usize,
    },
    /// More than [`MAX_PHOTOS`] photos.
    TooManyPhotos { count: usize, max: usize },
    /// A photo names a class that does not exist.
    ClassOutOfRange {
        photo: String,
        class: usize,
        classes: usize,
    },
    /// A photo's pixels are not `width × height × 3` bytes.
    PixelLength {
        photo: String,
        expected: u64,
        got: u64,
    },
    /// An entry `project.json` lists is missing from the zip.
    MissingEntry { path: String },
}

impl ProjectError {
    /// A stable slug for translation.
    pub fn code(&self) -> &'static str {
        match self {
            ProjectError::NotAZip => "not-zip",
            ProjectError::PhotosZip => "photos-zip",
            ProjectError::Zip(_) => "zip",
            ProjectError::Damaged { .. } => "damaged",
            ProjectError::Newer { .. } => "newer",
            ProjectError::ClassCount { .. } => "class-count",
            ProjectError::TooManyPhotos { .. } => "too-many-photos",
            ProjectError::ClassOutOfRange { .. } => "class-out-of-range",
            ProjectError::PixelLength { .. } => "pixel-length",
            ProjectError::MissingEntry { .. } => "missing-entry",
        }
    }

    /// The values a translated sentence needs.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            ProjectError::NotAZip | ProjectError::PhotosZip => Vec::new(),
            ProjectError::Zip(e) => {
                let mut args = vec![("zip", e.code().to_string()), ("sentence", e.to_string())];
                args.extend(e.args());
                args
            }
            ProjectError::Damaged { detail } => vec![("detail", detail.clone())],
            ProjectError::Newer { version, supported } => vec![
                ("version", version.to_string()),
                ("supported", supported.to_string()),
            ],
            ProjectError::ClassCount { count, min, max } => vec![
                ("count", count.to_string()),
                ("min", min.to_string()),
                ("max", max.to_string()),
            ],
            ProjectError::TooManyPhotos { count, max } => {
                vec![("count", count.to_string()), ("max", max.to_string())]
            }
            ProjectError::ClassOutOfRange {
                photo,
                class,
                classes,
            } => vec![
                ("photo", photo.clone()),
                ("class", class.to_string()),
                ("classes", classes.to_string()),
            ],
            ProjectError::PixelLength {
                photo,
                expected,
                got,
            } => vec![
                ("photo", photo.clone()),
                ("expected", expected.to_string()),
                ("got", got.to_string()),
            ],
            ProjectError::MissingEntry { path } => vec![("path", path.clone())],
        }
    }
}

impl fmt::Display for ProjectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProjectError::NotAZip => f.write_str(
                "This is not a project file (project files are zips that this app saved); choose the file you saved.",
            ),
            ProjectError::PhotosZip => f.write_str(
                "This is a zip of photos, not a project file: drop it on the photos area to import its folders as classes.",
            ),
            ProjectError::Zip(e) => write!(f, "This project file cannot be read: {e}"),
            ProjectError::Damaged { detail } => write!(
                f,
                "This project file is damaged ({detail}); save the project again from where it came from."
            ),
            ProjectError::Newer { version, supported } => write!(
                f,
                "This project file was saved by a newer version of the app (format {version}; this one reads up to {supported}); reload the page to get the newest version."
            ),
            ProjectError::ClassCount { count, min, max } => write!(
                f,
                "A project needs {min} to {max} classes, and this one has {count}; add or remove classes before saving."
            ),
            ProjectError::TooManyPhotos { count, max } => write!(
                f,
                "A project holds at most {max} photos, and this one has {count}; remove some."
            ),
            ProjectError::ClassOutOfRange {
                photo,
                class,
                classes,
            } => write!(
                f,
                "This project file is damaged (photo {photo} is in class {class}, but there are only {classes} classes); save the project again from where it came from."
            ),
            ProjectError::PixelLength {
                photo,
                expected,
                got,
            } => write!(
                f,
                "This project file is damaged (photo {photo} has {got} bytes of pixels instead of {expected}); save the project again from where it came from."
            ),
            ProjectError::MissingEntry { path } => write!(
                f,
                "This project file is damaged ({path} is missing from it); save the project again from where it came from."
            ),
        }
    }
}

impl std::error::Error for ProjectError {}

impl From<ZipError> for ProjectError {
    fn from(e: ZipError) -> ProjectError {
        ProjectError::Zip(e)
    }
}

#[derive(Serialize, Deserialize)]
struct Manifest {
    format: String,
    version: u32,
    classes: Vec<ClassInfo>,
    #[serde(default)]
    settings: BTreeMap<String, String>,
    photos: Vec<PhotoEntry>,
    #[serde(default)]
    model: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct PhotoEntry {
    class: usize,
    name: String,
    width: u32,
    height: u32,
    entry: String,
    /// Absent in files written before folders kept their split.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    split: Option<Split>,
}

fn damaged(detail: impl Into<String>) -> ProjectError {
    ProjectError::Damaged {
        detail: detail.into(),
    }
}

/// Checks everything [`decode`] checks, on a project in memory.
pub fn check(project: &Project) -> Result<(), ProjectError> {
    check_classes(&project.classes)?;
    if project.photos.len() > MAX_PHOTOS {
        return Err(ProjectError::TooManyPhotos {
            count: project.photos.len(),
            max: MAX_PHOTOS,
        });
    }
    for photo in &project.photos {
        check_photo(
            photo.class,
            &photo.name,
            photo.width,
            photo.height,
            project.classes.len(),
        )?;
        let expected = u64::from(photo.width) * u64::from(photo.height) * 3;
        if photo.pixels.len() as u64 != expected {
            return Err(ProjectError::PixelLength {
                photo: photo.name.clone(),
                expected,
                got: photo.pixels.len() as u64,
            });
        }
    }
    Ok(())
}

fn check_classes(classes: &[ClassInfo]) -> Result<(), ProjectError> {
    if !(MIN_CLASSES..=MAX_CLASSES).contains(&classes.len()) {
        return Err(ProjectError::ClassCount {
            count: classes.len(),
            min: MIN_CLASSES,
            max: MAX_CLASSES,
        });
    }
    let mut names = BTreeSet::new();
    for (i, class) in classes.iter().enumerate() {
        if class.name.trim().is_empty() {
            return Err(damaged(format!("class {} has no name", i + 1)));
        }
        if !names.insert(class.name.as_str()) {
            return Err(damaged(format!("two classes are called {}", class.name)));
        }
        if !is_colour(&class.colour) {
            return Err(damaged(format!(
                "class {}'s colour {:?} is not of the form #rrggbb",
                class.name, class.colour
            )));
        }
    }
    Ok(())
}

fn check_photo(
    class: usize,
    name: &str,
    w: u32,
    h: u32,
    classes: usize,
) -> Result<(), ProjectError> {
    if class >= classes {
        return Err(ProjectError::ClassOutOfRange {
            photo: name.to_string(),
            class,
            classes,
        });
    }
    if w == 0 || h == 0 || u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(damaged(format!(
            "photo {name} is said to be {w}×{h} pixels"
        )));
    }
    Ok(())
}

/// `#rrggbb` with hexadecimal digits.
fn is_colour(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// The project as one zip file, after [`check`].
pub fn encode(project: &Project) -> Result<Vec<u8>, ProjectError> {
    check(project)?;
    let infos: Vec<PhotoInfo> = project.photos.iter().map(StoredPhoto::info).collect();
    let mut writer = Writer::new(
        project.classes.clone(),
        project.settings.clone(),
        &infos,
        project.model.is_some(),
    )?;
    for photo in &project.photos {
        writer.pixels(&photo.pixels)?;
    }
    writer.finish(project.model.as_deref())
}

/// What a project file says of a photo besides its pixels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoInfo {
    /// Index into the classes.
    pub class: usize,
    pub name: String,
    pub width: u32,
    pub height: u32,
    pub split: Option<Split>,
}

impl StoredPhoto {
    pub fn info(&self) -> PhotoInfo {
        PhotoInfo {
            class: self.class,
            name: self.name.clone(),
            width: self.width,
            height: self.height,
            split: self.split,
        }
    }
}

/// A project file written a photo at a time, so a project of thousands of
/// photos never needs all their pixels at once: `project.json` first (from
/// what is known of every photo without its pixels), then each photo's
/// pixels deflated into the file as they come, then the model. The bytes
/// are [`encode`]'s; what it refuses, [`decode`] would refuse.
#[derive(Debug)]
pub struct Writer {
    zip: ZipWriter,
    photos: Vec<PhotoEntry>,
    written: usize,
    model: bool,
}

impl Writer {
    /// Starts the file: checks the classes and every photo's description,
    /// and writes `project.json`.
    pub fn new(
        classes: Vec<ClassInfo>,
        settings: BTreeMap<String, String>,
        photos: &[PhotoInfo],
        model: bool,
    ) -> Result<Writer, ProjectError> {
        check_classes(&classes)?;
        if photos.len() > MAX_PHOTOS {
            return Err(ProjectError::TooManyPhotos {
                count: photos.len(),
                max: MAX_PHOTOS,
            });
        }
        for p in photos {
            check_photo(p.class, &p.name, p.width, p.height, classes.len())?;
        }
        let manifest = Manifest {
            format: FORMAT.to_string(),
            version: VERSION,
            classes,
            settings,
            photos: photos
                .iter()
                .enumerate()
                .map(|(n, p)| PhotoEntry {
                    class: p.class,
                    name: p.name.clone(),
                    width: p.width,
                    height: p.height,
                    entry: format!("photos/{n}.rgb"),
                    split: p.split,
                })
                .collect(),
            model: model.then(|| MODEL_ENTRY.to_string()),
        };
        let json = serde_json::to_vec_pretty(&manifest)
            .map_err(|e| damaged(format!("its description cannot be written: {e}")))?;
        let mut zip = ZipWriter::new();
        zip.add(MANIFEST, &json, true)?;
        Ok(Writer {
            zip,
            photos: manifest.photos,
            written: 0,
            model,
        })
    }

    /// The next photo's pixels (`[height, width, 3]` bytes).
    pub fn pixels(&mut self, pixels: &[u8]) -> Result<(), ProjectError> {
        let Some(p) = self.photos.get(self.written) else {
            return Err(damaged("more photos than it describes"));
        };
        let expected = u64::from(p.width) * u64::from(p.height) * 3;
        if pixels.len() as u64 != expected {
            return Err(ProjectError::PixelLength {
                photo: p.name.clone(),
                expected,
                got: pixels.len() as u64,
            });
        }
        self.zip.add(&p.entry, pixels, true)?;
        self.written += 1;
        Ok(())
    }

    /// The file's bytes, once every photo's pixels and the model (if
    /// [`Writer::new`] was told of one) are in.
    pub fn finish(mut self, model: Option<&[u8]>) -> Result<Vec<u8>, ProjectError> {
        if self.written != self.photos.len() {
            let missing = &self.photos[self.written];
            return Err(ProjectError::MissingEntry {
                path: missing.entry.clone(),
            });
        }
        match (model, self.model) {
            (Some(model), true) => self.zip.add(MODEL_ENTRY, model, true)?,
            (None, false) => {}
            _ => {
                return Err(ProjectError::MissingEntry {
                    path: MODEL_ENTRY.to_string(),
                })
            }
        }
        Ok(self.zip.finish())
    }
}

/// A project from its file.
pub fn decode(bytes: &[u8]) -> Result<Project, ProjectError> {
    let entries = match zip::entries(bytes) {
        Ok(entries) => entries,
        Err(ZipError::NotAZip) => return Err(ProjectError::NotAZip),
        Err(e) => return Err(ProjectError::Zip(e)),
    };
    let find = |path: &str| entries.iter().find(|e| e.path == path);
    let Some(manifest_entry) = find(MANIFEST) else {
        return Err(ProjectError::PhotosZip);
    };
    let json = zip::read(bytes, manifest_entry, 64 * 1024 * 1024)?;
    // The format and version first, so a newer file gets the right sentence
    // even if its other fields changed.
    #[derive(Deserialize)]
    struct Header {
        format: String,
        version: u32,
    }
    let header: Header = serde_json::from_slice(&json)
        .map_err(|e| damaged(format!("its project.json cannot be read: {e}")))?;
    if header.format != FORMAT {
        return Err(damaged(format!(
            "its project.json is of the format {:?}",
            header.format
        )));
    }
    if header.version > VERSION {
        return Err(ProjectError::Newer {
            version: header.version,
            supported: VERSION,
        });
    }
    let manifest: Manifest = serde_json::from_slice(&json)
        .map_err(|e| damaged(format!("its project.json cannot be read: {e}")))?;
    check_classes(&manifest.classes)?;
    if manifest.photos.len() > MAX_PHOTOS {
        return Err(ProjectError::TooManyPhotos {
            count: manifest.photos.len(),
            max: MAX_PHOTOS,
        });
    }
    let mut photos = Vec::with_capacity(manifest.photos.len());
    for p in &manifest.photos {
        check_photo(p.class, &p.name, p.width, p.height, manifest.classes.len())?;
        let expected = u64::from(p.width) * u64::from(p.height) * 3;
        let entry = find(&p.entry).ok_or_else(|| ProjectError::MissingEntry {
            path: p.entry.clone(),
        })?;
        if entry.size != expected {
            return Err(ProjectError::PixelLength {
                photo: p.name.clone(),
                expected,
                got: entry.size,
            });
        }
        let pixels = zip::read(bytes, entry, expected)?;
        photos.push(StoredPhoto {
            class: p.class,
            name: p.name.clone(),
            width: p.width,
            height: p.height,
            pixels,
            split: p.split,
        });
    }
    let model = match &manifest.model {
        None => None,
        Some(path) => {
            let entry =
                find(path).ok_or_else(|| ProjectError::MissingEntry { path: path.clone() })?;
            Some(zip::read(bytes, entry, MAX_MODEL_BYTES)?)
        }
    };
    Ok(Project {
        classes: manifest.classes,
        photos,
        settings: manifest.settings,
        model,
    })
}

//! Datasets: images in `[n, channels, height, width]` order with values in
//! `[0, 1]`, one label per image, and the built-in sources.

use std::fmt;

use crate::rng::Rng;

pub mod augment;
pub mod mnist;
pub mod photos;
pub mod xo;

/// Which file of an IDX pair an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdxFile {
    Images,
    Labels,
}

impl fmt::Display for IdxFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            IdxFile::Images => "images",
            IdxFile::Labels => "labels",
        })
    }
}

/// Why a dataset or a data setting is not usable.
#[derive(Debug, Clone, PartialEq)]
pub enum DataError {
    /// A length does not match the others (`field` names it).
    LengthMismatch {
        field: &'static str,
        expected: usize,
        found: usize,
    },
    /// A size that must be at least 1 is 0.
    Zero { field: &'static str },
    /// A label is not below the number of classes.
    LabelOutOfRange {
        index: usize,
        label: u8,
        classes: usize,
    },
    /// More classes than a `u8` label can name.
    TooManyClasses { classes: usize },
    /// An index past the end of the dataset.
    IndexOutOfRange { index: usize, len: usize },
    /// A numeric setting outside its range (`field` names it).
    Setting {
        field: &'static str,
        value: f64,
        min: f64,
        max: f64,
    },
    /// The file does not start with the gzip signature.
    NotGzip { file: IdxFile },
    /// The gzip stream is damaged or too large.
    Gzip { file: IdxFile, message: String },
    /// The IDX magic number is not the expected one.
    BadMagic {
        file: IdxFile,
        expected: u32,
        found: u32,
    },
    /// The file is shorter than its header says.
    Truncated {
        file: IdxFile,
        expected: usize,
        found: usize,
    },
    /// The file has bytes after the data its header announces.
    TrailingData {
        file: IdxFile,
        expected: usize,
        found: usize,
    },
    /// The images and labels files hold different numbers of items.
    CountMismatch { images: usize, labels: usize },
    /// The learner's photos arrived with the wrong number of bytes for
    /// `count` pictures of `size x size` RGB and their labels.
    PhotoBytes {
        count: usize,
        size: usize,
        expected: usize,
        found: usize,
    },
    /// Fewer than two classes: there is nothing to tell apart.
    TooFewClasses { classes: usize },
    /// A class without a single picture.
    EmptyClass { class: String },
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DataError::LengthMismatch {
                field,
                expected,
                found,
            } => write!(
                f,
                "{field} has {found} values where {expected} are expected."
            ),
            DataError::Zero { field } => write!(f, "{field} is 0; set it to at least 1."),
            DataError::LabelOutOfRange {
                index,
                label,
                classes,
            } => write!(
                f,
                "Image {index} has label {label}, but there are only {classes} classes."
            ),
            DataError::TooManyClasses { classes } => {
                write!(f, "{classes} classes is too many; use at most 256.")
            }
            DataError::IndexOutOfRange { index, len } => {
                write!(
                    f,
                    "Index {index} is past the end of a dataset of {len} images."
                )
            }
            DataError::Setting {
                field,
                value,
                min,
                max,
            } => write!(f, "{field} is {value}; choose a value from {min} to {max}."),
            DataError::NotGzip { file } => {
                write!(
                    f,
                    "The {file} file is not gzip-compressed (.gz); pick the .gz file."
                )
            }
            DataError::Gzip { file, message } => {
                write!(f, "The {file} file could not be decompressed: {message}.")
            }
            DataError::BadMagic {
                file,
                expected,
                found,
            } => write!(
                f,
                "The {file} file starts with {found}, not the IDX number {expected}; \
                 is it the other file of the pair?"
            ),
            DataError::Truncated {
                file,
                expected,
                found,
            } => write!(
                f,
                "The {file} file has {found} bytes but its header announces {expected}; \
                 it was cut short, download it again."
            ),
            DataError::TrailingData {
                file,
                expected,
                found,
            } => write!(
                f,
                "The {file} file has {found} bytes but its header announces {expected}."
            ),
            DataError::CountMismatch { images, labels } => write!(
                f,
                "There are {images} images but {labels} labels; pick files of the same set."
            ),
            DataError::PhotoBytes {
                count,
                size,
                expected,
                found,
            } => write!(
                f,
                "The photos did not arrive whole: {count} photos of {size}x{size} pixels need \
                 {expected} bytes but {found} came. Start training again; if it happens again, \
                 reload the page."
            ),
            DataError::TooFewClasses { classes } => write!(
                f,
                "There {} {classes} {}: a model needs at least 2 classes to tell apart; add another class.",
                if *classes == 1 { "is" } else { "are" },
                if *classes == 1 { "class" } else { "classes" }
            ),
            DataError::EmptyClass { class } => write!(
                f,
                "The class \"{class}\" has no photos: add some, or remove the class."
            ),
        }
    }
}

impl std::error::Error for DataError {}

/// Checks `min <= value <= max` (false for NaN).
pub(crate) fn check_setting(
    field: &'static str,
    value: f32,
    min: f32,
    max: f32,
) -> Result<(), DataError> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(DataError::Setting {
            field,
            value: value.into(),
            min: min.into(),
            max: max.into(),
        })
    }
}

/// Which images [`Dataset::split_placed`] holds out for validation, from
/// their labels alone: the same answer for the same labels, classes,
/// fraction, seed and places, so a run can know the split before it has
/// the images (transfer learning's method 2 looks again at the training
/// photos only).
pub fn validation_mask(
    labels: &[u8],
    classes: usize,
    validation_fraction: f32,
    seed: u64,
    placed: &[Option<bool>],
) -> Vec<bool> {
    let mut rng = Rng::new(seed);
    let place = |i: usize| placed.get(i).copied().flatten();
    let mut per_class: Vec<Vec<usize>> = vec![Vec::new(); classes];
    let mut in_validation = vec![false; labels.len()];
    for (i, &l) in labels.iter().enumerate() {
        match place(i) {
            Some(held_out) => in_validation[i] = held_out,
            None => {
                if let Some(v) = per_class.get_mut(usize::from(l)) {
                    v.push(i);
                }
            }
        }
    }
    let sizes: Vec<usize> = per_class.iter().map(Vec::len).collect();
    let takes = split_counts(&sizes, validation_fraction);
    for (indices, take) in per_class.iter_mut().zip(takes) {
        rng.shuffle(indices);
        for &i in &indices[..take.min(indices.len())] {
            in_validation[i] = true;
        }
    }
    in_validation
}

/// How many pictures of each class [`Dataset::split`] holds out for
/// validation: exactly `round(n × fraction)` in all (n = the sum of
/// `per_class`), shared among the classes by largest remainder so each keeps
/// its proportion. `fraction` is clamped to `[0, 1]` (NaN counts as 0).
pub fn split_counts(per_class: &[usize], fraction: f32) -> Vec<usize> {
    let fraction = if fraction.is_nan() {
        0.0
    } else {
        f64::from(fraction.clamp(0.0, 1.0))
    };
    let n: usize = per_class.iter().sum();
    let total = (n as f64 * fraction).round() as usize;
    let exact: Vec<f64> = per_class.iter().map(|&c| c as f64 * fraction).collect();
    let mut takes: Vec<usize> = exact.iter().map(|e| e.floor() as usize).collect();
    let mut by_remainder: Vec<usize> = (0..takes.len()).collect();
    by_remainder.sort_by(|&a, &b| {
        let (ra, rb) = (exact[a] - exact[a].floor(), exact[b] - exact[b].floor());
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    let short = total.saturating_sub(takes.iter().sum());
    for &k in by_remainder.iter().take(short) {
        takes[k] = (takes[k] + 1).min(per_class[k]);
    }
    takes
}

/// A labelled image set.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    pub name: String,
    pub height: usize,
    pub width: usize,
    pub channels: usize,
    /// One name per class; label `k` names `class_names[k]`.
    pub class_names: Vec<String>,
    /// `[n, channels, height, width]`, values in `[0, 1]`.
    pub images: Vec<f32>,
    /// `[n]`, each below `class_names.len()`.
    pub labels: Vec<u8>,
}

impl Dataset {
    /// Checks that the lengths agree and every label names a class.
    pub fn new(
        name: impl Into<String>,
        (channels, height, width): (usize, usize, usize),
        class_names: Vec<String>,
        images: Vec<f32>,
        labels: Vec<u8>,
    ) -> Result<Self, DataError> {
        for (field, v) in [("channels", channels), ("height", height), ("width", width)] {
            if v == 0 {
                return Err(DataError::Zero { field });
            }
        }
        let classes = class_names.len();
        if classes == 0 {
            return Err(DataError::Zero { field: "classes" });
        }
        if classes > 256 {
            return Err(DataError::TooManyClasses { classes });
        }
        let expected = labels
            .len()
            .saturating_mul(channels)
            .saturating_mul(height)
            .saturating_mul(width);
        if images.len() != expected {
            return Err(DataError::LengthMismatch {
                field: "images",
                expected,
                found: images.len(),
            });
        }
        if let Some((index, &label)) = labels
            .iter()
            .enumerate()
            .find(|(_, &l)| usize::from(l) >= classes)
        {
            return Err(DataError::LabelOutOfRange {
                index,
                label,
                classes,
            });
        }
        Ok(Self {
            name: name.into(),
            height,
            width,
            channels,
            class_names,
            images,
            labels,
        })
    }

    /// Number of images.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Values per image: `channels * height * width`.
    pub fn image_len(&self) -> usize {
        self.channels
            .saturating_mul(self.height)
            .saturating_mul(self.width)
    }

    /// Image `i`, `[channels, height, width]`. Panics when `i >= len()`, as
    /// slice indexing does; see [`Dataset::get`].
    pub fn image(&self, i: usize) -> &[f32] {
        let n = self.image_len();
        &self.images[i * n..(i + 1) * n]
    }

    /// Image `i`, `[channels, height, width]`, or `None` past the end.
    pub fn get(&self, i: usize) -> Option<&[f32]> {
        let n = self.image_len();
        self.images
            .get(i.checked_mul(n)?..i.checked_add(1)?.checked_mul(n)?)
    }

    /// Images per class, `[classes]`.
    pub fn class_counts(&self) -> Vec<usize> {
        let mut counts = vec![0; self.class_names.len()];
        for &l in &self.labels {
            if let Some(c) = counts.get_mut(usize::from(l)) {
                *c += 1;
            }
        }
        counts
    }

    /// The images at `indices`, in that order (repeats allowed).
    pub fn subset(&self, indices: &[usize]) -> Result<Dataset, DataError> {
        let n = self.image_len();
        let mut images = Vec::with_capacity(indices.len() * n);
        let mut labels = Vec::with_capacity(indices.len());
        for &i in indices {
            let image = self.get(i).ok_or(DataError::IndexOutOfRange {
                index: i,
                len: self.len(),
            })?;
            images.extend_from_slice(image);
            labels.push(self.labels[i]);
        }
        Ok(Dataset {
            images,
            labels,
            ..self.empty_like()
        })
    }

    pub(crate) fn empty_like(&self) -> Dataset {
        Dataset {
            name: self.name.clone(),
            height: self.height,
            width: self.width,
            channels: self.channels,
            class_names: self.class_names.clone(),
            images: Vec::new(),
            labels: Vec::new(),
        }
    }

    /// Splits into `(training, validation)`, stratified: each class gives
    /// `round(count * validation_fraction)` of its images, chosen by `seed`,
    /// to validation. Both keep the original order. The fraction is clamped
    /// to `[0, 1]` (NaN counts as 0).
    pub fn split(&self, validation_fraction: f32, seed: u64) -> (Dataset, Dataset) {
        self.split_placed(validation_fraction, seed, &[])
    }

    /// As [`Dataset::split`], but image `i` goes where `placed[i]` says
    /// when it says (`Some(true)`: validation, `Some(false)`: training, as
    /// a dataset's own `train/` and `validation/` folders decide); only
    /// the others are split at random, stratified, by the fraction. A
    /// `placed` shorter than the data leaves the rest to chance.
    pub fn split_placed(
        &self,
        validation_fraction: f32,
        seed: u64,
        placed: &[Option<bool>],
    ) -> (Dataset, Dataset) {
        let in_validation = validation_mask(
            &self.labels,
            self.class_names.len(),
            validation_fraction,
            seed,
            placed,
        );
        let (mut train, mut validation) = (self.empty_like(), self.empty_like());
        for (i, &v) in in_validation.iter().enumerate() {
            let target = if v { &mut validation } else { &mut train };
            target.images.extend_from_slice(self.image(i));
            target.labels.push(self.labels[i]);
        }
        (train, validation)
    }
}

//! The learner's own photos, as the page sends them to the worker: already
//! decoded, cropped and scaled to `size x size`, in one byte array.

use super::{DataError, Dataset};

/// Channels of a photo: red, green, blue.
pub const CHANNELS: usize = 3;

/// Bytes of `count` photos of `size x size` and their labels, `None` on
/// overflow.
pub fn byte_len(size: usize, count: usize) -> Option<usize> {
    let picture = size.checked_mul(size)?.checked_mul(CHANNELS)?;
    picture.checked_add(1)?.checked_mul(count)
}

/// A [`Dataset`] of `count` photos from `bytes`: first `count` pictures of
/// `[3, size, size]` bytes each (planar RGB, 0–255, row by row in each
/// plane), then `count` labels, one byte each, below `class_names.len()`.
/// Values become `byte / 255`, in `[0, 1]`.
///
/// Refuses fewer than two classes, a byte count that does not match, a label
/// that names no class and a class without any photo; each error reads as a
/// sentence for the learner.
pub fn from_bytes(
    class_names: &[String],
    size: usize,
    count: usize,
    bytes: &[u8],
) -> Result<Dataset, DataError> {
    let (pixels, labels) = split(class_names, size, count, bytes)?;
    // [count, 3, size, size]
    let images: Vec<f32> = pixels.iter().map(|&b| f32::from(b) / 255.0).collect();
    Dataset::new(
        "photos",
        (CHANNELS, size, size),
        class_names.to_vec(),
        images,
        labels.to_vec(),
    )
}

/// `bytes` checked as [`from_bytes`] checks them, and cut into the
/// pictures and the labels (for a reader that takes the pictures a few at
/// a time).
pub fn split<'a>(
    class_names: &[String],
    size: usize,
    count: usize,
    bytes: &'a [u8],
) -> Result<(&'a [u8], &'a [u8]), DataError> {
    check_classes(class_names)?;
    if size == 0 {
        return Err(DataError::Zero { field: "size" });
    }
    let expected = byte_len(size, count).ok_or(DataError::PhotoBytes {
        count,
        size,
        expected: usize::MAX,
        found: bytes.len(),
    })?;
    if bytes.len() != expected {
        return Err(DataError::PhotoBytes {
            count,
            size,
            expected,
            found: bytes.len(),
        });
    }
    let (pixels, labels) = bytes.split_at(count * CHANNELS * size * size);
    check_labels(class_names, labels)?;
    Ok((pixels, labels))
}

/// Between 2 and 256 classes (a label is one byte).
pub fn check_classes(class_names: &[String]) -> Result<(), DataError> {
    let classes = class_names.len();
    if classes < 2 {
        return Err(DataError::TooFewClasses { classes });
    }
    if classes > 256 {
        return Err(DataError::TooManyClasses { classes });
    }
    Ok(())
}

/// Every label names a class, and every class has a photo.
pub fn check_labels(class_names: &[String], labels: &[u8]) -> Result<(), DataError> {
    let classes = class_names.len();
    // Photos per class; a label naming no class is refused on the way.
    let mut per_class = vec![0usize; classes];
    for (index, &label) in labels.iter().enumerate() {
        match per_class.get_mut(usize::from(label)) {
            Some(n) => *n += 1,
            None => {
                return Err(DataError::LabelOutOfRange {
                    index,
                    label,
                    classes,
                })
            }
        }
    }
    if let Some(k) = per_class.iter().position(|&n| n == 0) {
        return Err(DataError::EmptyClass {
            class: class_names[k].clone(),
        });
    }
    Ok(())
}

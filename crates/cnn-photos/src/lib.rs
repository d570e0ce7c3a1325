//! The learner's own photos, without a browser.
//!
//! - [`sniff`] looks at a whole file and says what it is (format, size,
//!   EXIF orientation, facts worth telling) or why it is refused, without
//!   decoding pixels or allocating in proportion to the picture.
//! - [`decode`] holds [`Rgb`], the plain picture type, and [`decode::orient`];
//!   with the `decode` feature, [`decode::decode`] is the fallback decoder for
//!   files the browser refuses (the `image` crate, bounded by [`sniff`]'s limits).
//! - [`prepare`] resamples: the size a photo is kept at, and the square
//!   `[3, size, size]` picture the network sees.
//! - [`zip`] reads zips laid out one folder per class, and writes zips.
//! - [`split`] keeps the place a `train/` or `validation/` folder gives.
//! - [`project`] is the one file that holds a whole project.
//!
//! Nothing here panics on a file's contents: every refusal is a value with a
//! stable code for translation and an English sentence saying what to do.

pub mod decode;
pub mod prepare;
pub mod project;
pub mod sniff;
pub mod split;
pub mod zip;

#[cfg(feature = "fixtures")]
pub mod fixtures;

pub use decode::Rgb;
pub use sniff::{
    probe, Format, Note, Probe, Refusal, MAX_CLASSES, MAX_FILE_BYTES, MAX_PHOTOS, MAX_PIXELS,
    MIN_CLASSES,
};
pub use split::Split;

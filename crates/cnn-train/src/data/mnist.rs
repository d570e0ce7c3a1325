//! MNIST in its original IDX format, gzip-compressed.
//!
//! The built-in set is `static/datasets/mnist-digits-5k/`: the first 5,000
//! images of the MNIST test set (LeCun, Cortes, Burges; CC BY-SA 3.0).

use std::io::Read;

use flate2::read::GzDecoder;

use super::{check_setting, DataError, Dataset, IdxFile};

/// IDX magic of an unsigned-byte rank-3 array (images).
pub const IMAGES_MAGIC: u32 = 0x0000_0803;
/// IDX magic of an unsigned-byte rank-1 array (labels).
pub const LABELS_MAGIC: u32 = 0x0000_0801;
/// Largest decompressed file accepted (the full 60,000-image training set is 47 MB).
pub const MAX_BYTES: usize = 128 << 20;

fn gunzip(file: IdxFile, gz: &[u8]) -> Result<Vec<u8>, DataError> {
    if !gz.starts_with(&[0x1f, 0x8b]) {
        return Err(DataError::NotGzip { file });
    }
    let mut out = Vec::new();
    GzDecoder::new(gz)
        .take(MAX_BYTES as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| DataError::Gzip {
            file,
            message: e.to_string(),
        })?;
    if out.len() > MAX_BYTES {
        return Err(DataError::Gzip {
            file,
            message: format!("it holds more than {MAX_BYTES} bytes"),
        });
    }
    Ok(out)
}

fn be_u32(file: IdxFile, bytes: &[u8], at: usize, header: usize) -> Result<u32, DataError> {
    bytes
        .get(at..at + 4)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
        .ok_or(DataError::Truncated {
            file,
            expected: header,
            found: bytes.len(),
        })
}

/// Checks the magic and returns the dimensions and the data after the header.
fn idx(
    file: IdxFile,
    bytes: &[u8],
    magic: u32,
    rank: usize,
) -> Result<(Vec<usize>, &[u8]), DataError> {
    let header = 4 + 4 * rank;
    let found = be_u32(file, bytes, 0, header)?;
    if found != magic {
        return Err(DataError::BadMagic {
            file,
            expected: magic,
            found,
        });
    }
    let dims = (0..rank)
        .map(|k| be_u32(file, bytes, 4 + 4 * k, header).map(|d| d as usize))
        .collect::<Result<Vec<_>, _>>()?;
    let expected = dims
        .iter()
        .try_fold(1usize, |n, &d| n.checked_mul(d))
        .and_then(|n| n.checked_add(header))
        .unwrap_or(usize::MAX);
    if bytes.len() < expected {
        return Err(DataError::Truncated {
            file,
            expected,
            found: bytes.len(),
        });
    }
    if bytes.len() > expected {
        return Err(DataError::TrailingData {
            file,
            expected,
            found: bytes.len(),
        });
    }
    Ok((dims, &bytes[header..]))
}

/// Parses a gzip-compressed IDX pair into a dataset `[n, 1, rows, cols]`
/// with pixels scaled from 0..=255 to `[0, 1]` and classes "0" to "9".
pub fn parse_idx_gz(images_gz: &[u8], labels_gz: &[u8]) -> Result<Dataset, DataError> {
    let image_bytes = gunzip(IdxFile::Images, images_gz)?;
    let label_bytes = gunzip(IdxFile::Labels, labels_gz)?;
    let (dims, pixels) = idx(IdxFile::Images, &image_bytes, IMAGES_MAGIC, 3)?;
    let (count, rows, cols) = (dims[0], dims[1], dims[2]);
    let (ldims, labels) = idx(IdxFile::Labels, &label_bytes, LABELS_MAGIC, 1)?;
    if ldims[0] != count {
        return Err(DataError::CountMismatch {
            images: count,
            labels: ldims[0],
        });
    }
    Dataset::new(
        "MNIST digits",
        (1, rows, cols),
        (0..10).map(|d| d.to_string()).collect(),
        pixels.iter().map(|&p| f32::from(p) / 255.0).collect(),
        labels.to_vec(),
    )
}

/// Largest padding [`pad`] accepts.
pub const MAX_PAD: usize = 64;

/// Zero-pads every image by `pad` pixels on each side:
/// `[n, c, h, w]` → `[n, c, h + 2 pad, w + 2 pad]` (28x28 → 32x32 for LeNet-5).
/// `pad` is at most [`MAX_PAD`].
pub fn pad(data: &Dataset, pad: usize) -> Result<Dataset, DataError> {
    check_setting("pad", pad as f32, 0.0, MAX_PAD as f32)?;
    let (c, h, w) = (data.channels, data.height, data.width);
    let (ph, pw) = (h + 2 * pad, w + 2 * pad);
    let mut images = vec![0.0f32; data.len() * c * ph * pw];
    for (src, dst) in data
        .images
        .chunks_exact(c * h * w)
        .zip(images.chunks_exact_mut(c * ph * pw))
    {
        for (src, dst) in src.chunks_exact(h * w).zip(dst.chunks_exact_mut(ph * pw)) {
            for (r, row) in src.chunks_exact(w).enumerate() {
                let start = (r + pad) * pw + pad;
                dst[start..start + w].copy_from_slice(row);
            }
        }
    }
    Ok(Dataset {
        name: data.name.clone(),
        height: ph,
        width: pw,
        channels: c,
        class_names: data.class_names.clone(),
        images,
        labels: data.labels.clone(),
    })
}

/// The digits shipped with the app (`static/datasets/mnist-digits-5k/`),
/// read from this repository: for native tests, examples and benchmarks.
/// The browser fetches the same files instead.
#[cfg(not(target_family = "wasm"))]
pub fn shipped() -> std::io::Result<Dataset> {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../static/datasets/mnist-digits-5k/"
    );
    let images = std::fs::read(format!("{dir}digits-5k-images-idx3-ubyte.gz"))?;
    let labels = std::fs::read(format!("{dir}digits-5k-labels-idx1-ubyte.gz"))?;
    parse_idx_gz(&images, &labels).map_err(|e| std::io::Error::other(e.to_string()))
}

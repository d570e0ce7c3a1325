//! A trained model as one file: the architecture (the spec, as JSON) and
//! every weight, checked by a CRC-32 so that a damaged file is refused
//! rather than loaded wrong.
//!
//! Layout (little-endian):
//! `b"CNNMODEL"`, `u32` version, `u32` JSON length, the JSON
//! ([`ModelFile`] without weights), `u32` tensor count, then per tensor a
//! `u32` length and that many `f32`, and last a `u32` CRC-32 of all bytes
//! before it.

use serde::{Deserialize, Serialize};

use crate::spec::{ModelSpec, SpecError};

const MAGIC: &[u8; 8] = b"CNNMODEL";
/// The format version this app writes and reads.
pub const VERSION: u32 = 1;
/// Larger than any model the zoo or the editor can make (20 M params).
const MAX_BYTES: usize = 100 * 1024 * 1024;

/// What a model file holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelFile {
    pub spec: ModelSpec,
    pub class_names: Vec<String>,
    /// Epochs it was trained for.
    pub epochs: usize,
    /// Per input channel, the (mean, sd) its inputs are standardised with.
    #[serde(default)]
    pub input_norm: Vec<(f32, f32)>,
    #[serde(skip)]
    pub weights: Vec<Vec<f32>>,
}

/// Why a file was not loaded. Nothing is changed when this is returned.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportError {
    /// It does not start like a model file (a photo, a text file...).
    NotAModel,
    /// Written by a newer version of the app.
    Version {
        found: u32,
    },
    /// It ends before its contents do.
    Truncated,
    /// Its checksum does not match: the bytes were changed or damaged.
    Corrupt,
    TooLarge {
        bytes: usize,
    },
    /// The architecture inside cannot be read (the JSON parser's words).
    BadJson(String),
    /// The architecture inside does not fit together.
    BadSpec(SpecError),
    /// The class names are not one per class of the output.
    ClassNames {
        names: usize,
        classes: usize,
    },
    /// The weights do not fit the architecture.
    WrongArchitecture {
        expected: Vec<Vec<usize>>,
        found: Vec<usize>,
    },
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::NotAModel => write!(f, "This is not a model file from this app. Export a model from the trainer and import that file."),
            ImportError::Version { found } => write!(f, "This model file has format version {found}, newer than this app reads ({VERSION}). Reload the page to get the newest app."),
            ImportError::Truncated => write!(f, "This model file is cut short (it may not have finished downloading or copying). Export it again."),
            ImportError::Corrupt => write!(f, "This model file is damaged: its checksum does not match. Export it again."),
            ImportError::TooLarge { bytes } => write!(f, "This file is {} MB, larger than any model this app makes.", bytes / (1024 * 1024)),
            ImportError::BadJson(why) => write!(f, "The architecture in this file cannot be read: {why}"),
            ImportError::BadSpec(why) => write!(f, "The architecture in this file cannot be used: {why}"),
            ImportError::ClassNames { names, classes } => write!(f, "This model file has {names} class names for {classes} classes."),
            ImportError::WrongArchitecture { .. } => write!(f, "The weights in this file do not fit its architecture. Export the model again."),
        }
    }
}

/// The shape of every weight tensor of `spec`, in file order
/// ([`ModelSpec::parameters`]).
pub fn weight_shapes(spec: &ModelSpec) -> Result<Vec<Vec<usize>>, SpecError> {
    Ok(spec.parameters()?.into_iter().map(|p| p.shape).collect())
}

/// The file's bytes.
pub fn encode(file: &ModelFile) -> Vec<u8> {
    let json = serde_json::to_vec(file).unwrap_or_default();
    let floats: usize = file.weights.iter().map(Vec::len).sum();
    let mut out = Vec::with_capacity(24 + json.len() + 4 * (floats + file.weights.len()));
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&(json.len() as u32).to_le_bytes());
    out.extend_from_slice(&json);
    out.extend_from_slice(&(file.weights.len() as u32).to_le_bytes());
    for t in &file.weights {
        out.extend_from_slice(&(t.len() as u32).to_le_bytes());
        for v in t {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }
    let crc = crc32fast::hash(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], ImportError> {
        let end = self.at.checked_add(n).ok_or(ImportError::Truncated)?;
        let s = self.bytes.get(self.at..end).ok_or(ImportError::Truncated)?;
        self.at = end;
        Ok(s)
    }

    fn u32(&mut self) -> Result<u32, ImportError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
}

/// Reads a model file, checking everything before returning it.
pub fn decode(bytes: &[u8]) -> Result<ModelFile, ImportError> {
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(ImportError::NotAModel);
    }
    if bytes.len() > MAX_BYTES {
        return Err(ImportError::TooLarge { bytes: bytes.len() });
    }
    let mut r = Reader {
        bytes,
        at: MAGIC.len(),
    };
    let version = r.u32()?;
    if version != VERSION {
        return Err(ImportError::Version { found: version });
    }
    let json_len = r.u32()? as usize;
    let json = r.take(json_len)?;
    let json: Vec<u8> = json.to_vec();
    let count = r.u32()? as usize;
    if count > 1000 {
        return Err(ImportError::Corrupt);
    }
    let mut weights = Vec::with_capacity(count);
    for _ in 0..count {
        let n = r.u32()? as usize;
        let raw = r.take(n.checked_mul(4).ok_or(ImportError::Truncated)?)?;
        weights.push(
            raw.chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect::<Vec<f32>>(),
        );
    }
    let body_end = r.at;
    let crc = r.u32()?;
    if r.at != bytes.len() || crc32fast::hash(&bytes[..body_end]) != crc {
        return Err(ImportError::Corrupt);
    }
    let mut file: ModelFile =
        serde_json::from_slice(&json).map_err(|e| ImportError::BadJson(e.to_string()))?;
    let expected = weight_shapes(&file.spec).map_err(ImportError::BadSpec)?;
    let fits = expected.len() == weights.len()
        && expected
            .iter()
            .zip(&weights)
            .all(|(s, w)| s.iter().product::<usize>() == w.len());
    if !fits {
        return Err(ImportError::WrongArchitecture {
            expected,
            found: weights.iter().map(Vec::len).collect(),
        });
    }
    let norm_ok = file.input_norm.is_empty()
        || (file.input_norm.len() == file.spec.input.channels
            && file
                .input_norm
                .iter()
                .all(|(m, sd)| m.is_finite() && sd.is_finite() && *sd > 0.0));
    if !norm_ok || weights.iter().flatten().any(|v| !v.is_finite()) {
        return Err(ImportError::Corrupt);
    }
    if file.class_names.len() != file.spec.output.classes() {
        return Err(ImportError::ClassNames {
            names: file.class_names.len(),
            classes: file.spec.output.classes(),
        });
    }
    file.weights = weights;
    Ok(file)
}

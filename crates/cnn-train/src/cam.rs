//! Where a network looks: class activation maps (Zhou, Khosla, Lapedriza,
//! Oliva and Torralba, 2016, "Learning Deep Features for Discriminative
//! Localization").
//!
//! A network that ends in global average pooling and one Dense layer scores
//! class `k` as `b[k] + Σ_c w[c, k] · mean(A_c)`, where `A_c` are the last
//! feature maps, the ones the pooling averages. The mean is linear, so the
//! sum moves inside it: the score is `b[k] + mean(M_k)` with
//!
//! ```text
//! M_k(y, x) = Σ_c w[c, k] · A_c(y, x)
//! ```
//!
//! the class activation map: how much each place of the last maps adds to
//! class `k`'s score. It has the last maps' size (a quarter or less of the
//! picture's side after the pooling layers); [`ClassMap::upsample`] brings
//! it to the picture's size to lay over it.
//!
//! Only such a model has one: [`cam_nodes`] says whether a graph ends that
//! way (a Dropout between the pooling and the Dense layer is fine, it does
//! nothing at inference), and [`class_activation_map`] computes the map on
//! the network's device, reading back only the map (with
//! `into_data_async`, as WebGPU in a browser requires).

use std::fmt;

use burn::module::Module;
use burn::tensor::Tensor;
use serde::{Deserialize, Serialize};

use crate::graph::{Flow, Graph, Op};
use crate::graph_net::{GraphModel, GraphNet, Value};

/// A class activation map: one value per cell of the last feature maps,
/// row-major (`values[row * width + col]`), in the units of the class's
/// score before the Dense layer's activation (a logit for a softmax).
/// Their mean plus the Dense layer's bias for the class is that score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassMap {
    /// Rows of the last feature maps.
    pub height: usize,
    /// Columns of the last feature maps.
    pub width: usize,
    /// `height * width` values, row after row.
    pub values: Vec<f32>,
    /// The smallest value (0 for an empty map).
    pub min: f32,
    /// The largest value (0 for an empty map).
    pub max: f32,
}

impl ClassMap {
    /// A map of `height x width` row-major `values`; `min` and `max` are
    /// computed from them.
    fn from_values(height: usize, width: usize, values: Vec<f32>) -> ClassMap {
        let (min, max) = if values.is_empty() {
            (0.0, 0.0)
        } else {
            values
                .iter()
                .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &v| {
                    (lo.min(v), hi.max(v))
                })
        };
        ClassMap {
            height,
            width,
            values,
            min,
            max,
        }
    }

    /// The value at `(row, col)`, if inside the map.
    pub fn get(&self, row: usize, col: usize) -> Option<f32> {
        if row < self.height && col < self.width {
            self.values.get(row * self.width + col).copied()
        } else {
            None
        }
    }

    /// The mean of the map: the class's score less the Dense layer's bias.
    pub fn mean(&self) -> f32 {
        if self.values.is_empty() {
            return 0.0;
        }
        let sum: f64 = self.values.iter().map(|&v| f64::from(v)).sum();
        (sum / self.values.len() as f64) as f32
    }

    /// `(row, col)` of the largest value (the first in row-major order on a
    /// tie), or `None` for an empty map.
    pub fn peak(&self) -> Option<(usize, usize)> {
        let mut best: Option<(usize, f32)> = None;
        for (i, &v) in self.values.iter().enumerate() {
            if best.is_none_or(|(_, b)| v > b) {
                best = Some((i, v));
            }
        }
        best.map(|(i, _)| (i / self.width.max(1), i % self.width.max(1)))
    }

    /// The map resized to `height x width` (the picture's size) by bilinear
    /// interpolation between cell centres: output pixel `(i, j)` samples
    /// the map at `((i + ½)·h/height − ½, (j + ½)·w/width − ½)`, held at
    /// the edge cells beyond the outer centres (TensorFlow's
    /// `half_pixel_centers`, PyTorch's `align_corners=False`). Each cell
    /// thus stays centred over the part of the picture it covers, and the
    /// values stay between the map's `min` and `max`. A size of 0 gives an
    /// empty map.
    pub fn upsample(&self, height: usize, width: usize) -> ClassMap {
        if height == 0 || width == 0 || self.height == 0 || self.width == 0 {
            return ClassMap::from_values(height, width, vec![0.0; height * width]);
        }
        // For each output index along an axis: the two source cells and
        // the weight of the second.
        let axis = |out: usize, len: usize| -> Vec<(usize, usize, f32)> {
            let scale = len as f64 / out as f64;
            (0..out)
                .map(|i| {
                    let s = ((i as f64 + 0.5) * scale - 0.5).clamp(0.0, (len - 1) as f64);
                    let lo = s.floor() as usize;
                    let hi = (lo + 1).min(len - 1);
                    (lo, hi, (s - lo as f64) as f32)
                })
                .collect()
        };
        let rows = axis(height, self.height);
        let cols = axis(width, self.width);
        let at = |r: usize, c: usize| self.values[r * self.width + c];
        let mut values = Vec::with_capacity(height * width);
        for &(r0, r1, fy) in &rows {
            for &(c0, c1, fx) in &cols {
                let top = at(r0, c0) + (at(r0, c1) - at(r0, c0)) * fx;
                let bottom = at(r1, c0) + (at(r1, c1) - at(r1, c0)) * fx;
                values.push(top + (bottom - top) * fy);
            }
        }
        ClassMap::from_values(height, width, values)
    }
}

/// Why a class activation map cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CamError {
    /// The model does not end in global average pooling and a Dense layer.
    NotGapDense,
    /// The class is not one of the model's.
    ClassOutOfRange { class: usize, classes: usize },
    /// The picture tensor is not `[1, channels, height, width]` of the
    /// model's input.
    ImageShape {
        /// `[channels, height, width]` the model takes.
        expected: [usize; 3],
        /// The tensor's dimensions.
        found: [usize; 4],
    },
    /// The network does not belong to the model (its layers differ).
    Mismatch,
    /// Reading the map back from the device failed (burn's words).
    Read(String),
}

impl fmt::Display for CamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CamError::NotGapDense => write!(
                f,
                "A class activation map needs a model that ends in global average pooling \
                 followed by one Dense layer; this model does not."
            ),
            CamError::ClassOutOfRange { class, classes } => write!(
                f,
                "There is no class {class}: the model has {classes} classes, numbered from 0."
            ),
            CamError::ImageShape { expected, found } => write!(
                f,
                "The picture is {}x{}x{}x{}; the model takes one picture of 1x{}x{}x{} \
                 (picture, channels, height, width).",
                found[0], found[1], found[2], found[3], expected[0], expected[1], expected[2]
            ),
            CamError::Mismatch => write!(f, "The network's layers do not match the model's."),
            CamError::Read(detail) => {
                write!(f, "The map could not be read from the device: {detail}")
            }
        }
    }
}

impl std::error::Error for CamError {}

/// `(maps, dense)`: the node whose output the global average pooling
/// averages, and the Dense layer that scores the classes from that
/// average, when `graph` ends that way: its output is the Dense layer (or
/// `Activation` layers on it), which reads the `GlobalAveragePooling2D`
/// through nothing but Dropout or Flatten layers (on the flat vector they
/// change nothing at inference). `None` otherwise: a flatten + dense head,
/// global max pooling, a hidden Dense layer after the pooling, or batch
/// normalization between them.
pub fn cam_nodes(graph: &Graph) -> Option<(usize, usize)> {
    let nodes = &graph.nodes;
    // The single input of node `i`, if it has exactly one earlier one.
    let input = |i: usize| -> Option<usize> {
        match nodes.get(i)?.inputs.as_slice() {
            &[j] if j < i => Some(j),
            _ => None,
        }
    };
    let mut i = nodes.len().checked_sub(1)?;
    while let Op::Activation { .. } = nodes[i].op {
        i = input(i)?;
    }
    if !matches!(nodes[i].op, Op::Dense { .. }) {
        return None;
    }
    let dense = i;
    i = input(dense)?;
    while let Op::Dropout { .. } | Op::Flatten = nodes[i].op {
        i = input(i)?;
    }
    if nodes[i].op != Op::GlobalAvgPool {
        return None;
    }
    Some((input(i)?, dense))
}

/// The class activation map of `class` for one picture, `[1, channels,
/// height, width]` as the network takes it (standardised if the network
/// was trained so), on the device of `net`'s parameters.
///
/// The network runs as at inference: a network on an autodiff device is
/// run as its `valid()` copy on the inner device (no dropout, batch
/// normalization on its moving statistics), so a map taken in the middle
/// of training explains what the network would predict. Only the map is
/// read back, with `into_data_async`.
pub async fn class_activation_map(
    model: &GraphModel,
    net: &GraphNet,
    image: Tensor<4>,
    class: usize,
) -> Result<ClassMap, CamError> {
    let (maps_node, dense_node) = cam_nodes(&model.graph).ok_or(CamError::NotGapDense)?;
    let Some(Op::Dense { units, .. }) = model.graph.nodes.get(dense_node).map(|n| n.op) else {
        return Err(CamError::NotGapDense);
    };
    if class >= units {
        return Err(CamError::ClassOutOfRange {
            class,
            classes: units,
        });
    }
    let expected = match model.shapes.first() {
        Some(Flow::Spatial(s)) => [s.channels, s.height, s.width],
        _ => return Err(CamError::Mismatch),
    };
    let found = image.dims();
    if found[0] != 1 || found[1..] != expected {
        return Err(CamError::ImageShape { expected, found });
    }
    let device = image.device();
    let valid;
    let (net, image) = if device.is_autodiff() {
        valid = net.valid();
        (&valid, image.to_device(&device.inner()))
    } else {
        (net, image)
    };
    let dense = model.dense(net, dense_node).ok_or(CamError::Mismatch)?;
    let (_, kept) = model.logits(net, image, true);
    let Some(Value::Maps(maps)) = kept.into_iter().nth(maps_node) else {
        return Err(CamError::Mismatch);
    };
    let [_, channels, height, width] = maps.dims();
    // [inputs, units] → class k's column as a row: [1, channels].
    let weights = dense.weight.val();
    if weights.dims() != [channels, units] {
        return Err(CamError::Mismatch);
    }
    let w = weights.narrow(1, class, 1).transpose();
    // [1, channels] x [channels, h·w] = [1, h·w]
    let map = w.matmul(maps.reshape([channels, height * width]));
    let values = map
        .into_data_async()
        .await
        .map_err(|e| CamError::Read(e.to_string()))?
        .try_into_vec_as::<f32>()
        .map_err(|e| CamError::Read(format!("{e:?}")))?;
    Ok(ClassMap::from_values(height, width, values))
}

#[cfg(test)]
mod tests;

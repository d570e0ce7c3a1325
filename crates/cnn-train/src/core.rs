//! A trained network handed to cnn-core: the same layers as cnn-core's
//! `Conv2d`, `Pool2d` and `Dense` with the trained weights, so the lesson's
//! step-by-step views (which replay cnn-core traces) can show a trained
//! network's real numbers. `run` gives the same answer as the burn model;
//! `first_cell` traces one cell of the first layer from what the worker
//! sends the page (a [`Snapshot`]), to the worker's own number for it.

use cnn_core::{CellTrace, CoreError, Edge, PoolKind, Reduction};
use ndarray::{Array1, Array2, Array3, Array4};

use crate::protocol::Snapshot;
use crate::spec::{Activation, Layer, ModelSpec, Padding};

/// One layer as cnn-core computes it.
#[derive(Clone, Debug)]
pub enum CoreLayer {
    Conv(cnn_core::Conv2d<f32>, Activation),
    Pool(cnn_core::Pool2d),
    /// Dropout passes everything through when not training.
    Identity,
    Flatten,
    Dense(cnn_core::Dense<f32>, Activation),
}

/// The spec's layers with `weights` (in [`ModelSpec::parameters`] order).
/// `None` when the weights do not fit the spec.
pub fn to_core(spec: &ModelSpec, weights: &[Vec<f32>]) -> Option<Vec<CoreLayer>> {
    let params = spec.parameters().ok()?;
    if params.len() != weights.len() || params.iter().zip(weights).any(|(p, w)| p.len() != w.len())
    {
        return None;
    }
    // Each layer's tensors, by name.
    let owned = |layer: usize, name: &str| {
        params
            .iter()
            .zip(weights)
            .find(|(p, _)| p.layer == layer && p.name == name)
            .map(|(p, w)| (p.shape.as_slice(), w.clone()))
    };
    let mut out = Vec::with_capacity(spec.layers.len());
    for (i, layer) in spec.layers.iter().enumerate() {
        out.push(match *layer {
            Layer::Conv2d {
                stride,
                padding,
                activation,
                ..
            } => {
                let (ks, kw) = owned(i, "kernel")?;
                let (_, bw) = owned(i, "bias")?;
                // [filters, in_channels, k, k], as cnn-core.
                let weight = Array4::from_shape_vec((ks[0], ks[1], ks[2], ks[3]), kw).ok()?;
                CoreLayer::Conv(conv_of(weight, bw, stride, padding), activation)
            }
            Layer::MaxPool { size, stride } | Layer::AvgPool { size, stride } => {
                CoreLayer::Pool(cnn_core::Pool2d {
                    kind: if matches!(layer, Layer::MaxPool { .. }) {
                        PoolKind::Max
                    } else {
                        PoolKind::Average
                    },
                    window: (size, size),
                    stride: (stride, stride),
                    // Keras's valid pooling drops windows that do not fit.
                    edge: Edge::Drop,
                })
            }
            Layer::Dropout { .. } => CoreLayer::Identity,
            Layer::Flatten => CoreLayer::Flatten,
            Layer::Dense { activation, .. } => {
                let (ds, dw) = owned(i, "kernel")?;
                let (_, bw) = owned(i, "bias")?;
                // Ours: [inputs, units]; cnn-core: [units, inputs].
                let weight = Array2::from_shape_vec((ds[0], ds[1]), dw)
                    .ok()?
                    .reversed_axes()
                    .as_standard_layout()
                    .to_owned();
                CoreLayer::Dense(
                    cnn_core::Dense {
                        weight,
                        bias: Array1::from_vec(bw),
                    },
                    activation,
                )
            }
        });
    }
    Some(out)
}

/// A convolution as Keras and burn compute it (weighted sum plus bias).
/// weight: `[filters, in_channels, k, k]`, bias: `[filters]`.
fn conv_of(
    weight: Array4<f32>,
    bias: Vec<f32>,
    stride: usize,
    padding: Padding,
) -> cnn_core::Conv2d<f32> {
    let mut conv = cnn_core::Conv2d::new(weight, Reduction::Sum);
    conv.bias = Array1::from_vec(bias);
    conv.stride = (stride, stride);
    conv.padding = match padding {
        Padding::Valid => cnn_core::Padding::Valid,
        Padding::Same => cnn_core::Padding::Same,
    };
    conv
}

/// A layer's activation function on one value, as burn applies it (softmax
/// is only allowed on the flat output layer, so here it leaves `v` as is).
pub fn activate(v: f32, a: Activation) -> f32 {
    a.apply(v)
}

/// One (already standardised) picture `[c, h, w]` through the layers:
/// every layer's output, the last being the output activation's values.
pub fn run(layers: &[CoreLayer], image: Array3<f32>) -> Result<Vec<Vec<f32>>, CoreError> {
    let mut maps = Some(image);
    let mut flat: Option<Array1<f32>> = None;
    let mut outputs = Vec::with_capacity(layers.len());
    for layer in layers {
        match layer {
            CoreLayer::Conv(conv, a) => {
                let m = maps
                    .take()
                    .ok_or(CoreError::ZeroSetting { field: "input" })?;
                maps = Some(conv.forward(&m)?.mapv(|v| activate(v, *a)));
            }
            CoreLayer::Pool(pool) => {
                let m = maps
                    .take()
                    .ok_or(CoreError::ZeroSetting { field: "input" })?;
                maps = Some(pool.forward(&m)?);
            }
            CoreLayer::Identity => {}
            CoreLayer::Flatten => {
                let m = maps
                    .take()
                    .ok_or(CoreError::ZeroSetting { field: "input" })?;
                flat = Some(cnn_core::flatten(&m));
            }
            CoreLayer::Dense(dense, a) => {
                let f = flat
                    .take()
                    .ok_or(CoreError::ZeroSetting { field: "input" })?;
                let z = dense.forward(&f)?;
                flat = Some(if *a == Activation::Softmax {
                    let max = z.iter().cloned().fold(f32::MIN, f32::max);
                    let e = z.mapv(|v| (v - max).exp());
                    let sum = e.sum();
                    e / sum
                } else {
                    z.mapv(|v| activate(v, *a))
                });
            }
        }
        outputs.push(match (&maps, &flat) {
            (Some(m), _) => m.iter().copied().collect(),
            (None, Some(f)) => f.to_vec(),
            _ => vec![],
        });
    }
    Ok(outputs)
}

/// One cell of the first layer's maps, computed step by step by cnn-core
/// from what the worker sent in a [`Snapshot`]: the trained filter's real
/// numbers, for the trainer page's step-by-step panel.
#[derive(Clone, Debug, PartialEq)]
pub struct FirstCell {
    /// cnn-core's trace of the cell: its window, each (standardised) input
    /// times its weight in the order channel, kernel row, kernel column,
    /// their sum, the bias and `sum + bias`.
    pub trace: CellTrace<f32>,
    /// The first layer's activation, and its value at `trace.result`: the
    /// number in the feature map.
    pub activation: Activation,
    pub value: f32,
    /// The worker's number for the same cell (burn's), when it sent one.
    pub reported: Option<f32>,
    /// `(in_channels, kernel side)`: the terms are `[in_channels, k, k]`.
    pub kernel: (usize, usize),
}

/// The first layer of the snapshot's model as a cnn-core convolution with
/// its activation, and the probe picture `[c, h, w]` standardised as the
/// worker fed it to that layer. `None` when the model does not start with a
/// convolution or the snapshot's parts do not fit together (a snapshot from
/// a worker that sent no biases, say).
pub fn first_layer(snap: &Snapshot) -> Option<(cnn_core::Conv2d<f32>, Activation, Array3<f32>)> {
    let Some(Layer::Conv2d {
        filters,
        kernel,
        stride,
        padding,
        activation,
    }) = snap.first_layer
    else {
        return None;
    };
    let [f, c, kh, kw] = snap.filter_shape;
    let [ic, h, w] = snap.input_shape;
    let fits = f == filters
        && kh == kernel
        && kw == kernel
        && c == ic
        && snap.filter_bias.len() == f
        && (snap.input_norm.is_empty() || snap.input_norm.len() == c)
        && h * w > 0;
    if !fits {
        return None;
    }
    // [filters, in_channels, k, k]
    let weight = Array4::from_shape_vec((f, c, kh, kw), snap.filters.clone()).ok()?;
    let conv = conv_of(weight, snap.filter_bias.clone(), stride, padding);
    // The worker's standardisation, `(x − mean) / sd` per channel.
    let plane = h * w;
    let pixels: Vec<f32> = snap
        .input
        .iter()
        .enumerate()
        .map(|(i, &v)| match snap.input_norm.get(i / plane) {
            Some(&(mean, sd)) => (v - mean) / sd,
            None => v,
        })
        .collect();
    let input = Array3::from_shape_vec((c, h, w), pixels).ok()?; // [c, h, w]
    Some((conv, activation, input))
}

/// Output cell `(filter, row, col)` of the first layer, step by step:
/// cnn-core's traced convolution on the trained weights and the probe, the
/// layer's activation, and the worker's number for the same cell. `None`
/// where [`first_layer`] has none or the cell is outside the maps.
pub fn first_cell(snap: &Snapshot, out: (usize, usize, usize)) -> Option<FirstCell> {
    let (conv, activation, input) = first_layer(snap)?;
    let trace = conv.trace_cell(&input, out).ok()?;
    let reported = snap.prediction.layers.first().and_then(|l| {
        let [_, h, w] = l.shape;
        l.values.get((out.0 * h + out.1) * w + out.2).copied()
    });
    let [_, c, k, _] = snap.filter_shape;
    Some(FirstCell {
        value: activate(trace.result, activation),
        trace,
        activation,
        reported,
        kernel: (c, k),
    })
}

//! A trained network handed to cnn-core: the same layers as cnn-core's
//! `Conv2d`, `Pool2d` and `Dense` with the trained weights, so the lesson's
//! step-by-step views (which replay cnn-core traces) can show a trained
//! network's real numbers. `run` gives the same answer as the burn model.

use cnn_core::{CoreError, Edge, PoolKind, Reduction};
use ndarray::{Array1, Array2, Array3, Array4};

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

/// The spec's layers with `weights` (in `export::weight_shapes` order).
/// `None` when the weights do not fit the spec.
pub fn to_core(spec: &ModelSpec, weights: &[Vec<f32>]) -> Option<Vec<CoreLayer>> {
    let shapes = crate::export::weight_shapes(spec).ok()?;
    if shapes.len() != weights.len()
        || shapes
            .iter()
            .zip(weights)
            .any(|(s, w)| s.iter().product::<usize>() != w.len())
    {
        return None;
    }
    let mut w = weights.iter().zip(&shapes);
    let mut out = Vec::with_capacity(spec.layers.len());
    for layer in &spec.layers {
        out.push(match *layer {
            Layer::Conv2d {
                stride,
                padding,
                activation,
                ..
            } => {
                let (kw, ks) = w.next()?;
                let (bw, _) = w.next()?;
                // burn: [filters, in_channels, k, k], as cnn-core.
                let weight =
                    Array4::from_shape_vec((ks[0], ks[1], ks[2], ks[3]), kw.clone()).ok()?;
                let mut conv = cnn_core::Conv2d::new(weight, Reduction::Sum);
                conv.bias = Array1::from_vec(bw.clone());
                conv.stride = (stride, stride);
                conv.padding = match padding {
                    Padding::Valid => cnn_core::Padding::Valid,
                    Padding::Same => cnn_core::Padding::Same,
                };
                CoreLayer::Conv(conv, activation)
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
                let (dw, ds) = w.next()?;
                let (bw, _) = w.next()?;
                // burn: [inputs, units]; cnn-core: [units, inputs].
                let weight = Array2::from_shape_vec((ds[0], ds[1]), dw.clone())
                    .ok()?
                    .reversed_axes()
                    .as_standard_layout()
                    .to_owned();
                CoreLayer::Dense(
                    cnn_core::Dense {
                        weight,
                        bias: Array1::from_vec(bw.clone()),
                    },
                    activation,
                )
            }
        });
    }
    Some(out)
}

fn activate(v: f32, a: Activation) -> f32 {
    match a {
        Activation::Relu => v.max(0.0),
        Activation::Tanh => v.tanh(),
        Activation::Sigmoid => 1.0 / (1.0 + (-v).exp()),
        Activation::Linear | Activation::Softmax => v,
    }
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

//! A trained network handed to cnn-core: the same layers as cnn-core's
//! `Conv2d`, `Pool2d` and `Dense` with the trained weights, so the lesson's
//! step-by-step views (which replay cnn-core traces) can show a trained
//! network's real numbers. `run` gives the same answer as the burn model;
//! `first_cell` traces one cell of the first layer from what the worker
//! sends the page (a [`Snapshot`]), to the worker's own number for it.

use cnn_core::{CellTrace, CoreError, Edge, PoolKind, Reduction};
use ndarray::{Array1, Array2, Array3, Array4};

use crate::graph::{same_padding, Op};
use crate::protocol::Snapshot;
use crate::spec::{Activation, Layer, ModelSpec, Padding};

/// One node of a model's graph as cnn-core computes it.
#[derive(Clone, Debug)]
pub enum CoreOp {
    /// The picture.
    Input,
    Conv(cnn_core::Conv2d<f32>, Activation),
    Depthwise(cnn_core::DepthwiseConv2d<f32>, Activation),
    Separable(cnn_core::SeparableConv2d<f32>, Activation),
    /// A pooling window; `same` padding (max pooling only) pads with −∞
    /// so the padding never wins, as Keras does.
    Pool(cnn_core::Pool2d, Padding),
    Global(cnn_core::GlobalPool),
    /// Batch normalization at inference, on its moving mean and variance.
    Norm(cnn_core::BatchNorm<f32>, Array1<f64>, Array1<f64>),
    Activation(Activation),
    /// `(top, bottom, left, right)` rows and columns of zeros.
    ZeroPad([usize; 4]),
    /// Dropout passes everything through when not training.
    Identity,
    Flatten,
    Dense(cnn_core::Dense<f32>, Activation),
    /// ResNet's shortcut: the inputs added ([`cnn_core::residual_add`]).
    Add,
    /// The inputs' maps side by side.
    Concat,
}

/// A model's graph as cnn-core layers with the trained weights.
#[derive(Clone, Debug)]
pub struct CoreNet {
    /// Node 0 is the input; each node reads earlier ones.
    pub nodes: Vec<(CoreOp, Vec<usize>)>,
    /// Per layer of the spec, the node that gives its output (a block's
    /// last node).
    pub outputs: Vec<usize>,
}

/// The spec's graph with `weights` (in [`ModelSpec::parameters`] order,
/// which is the graph's node order). `None` when the weights do not fit the
/// spec.
pub fn to_core(spec: &ModelSpec, weights: &[Vec<f32>]) -> Option<CoreNet> {
    let params = spec.parameters().ok()?;
    if params.len() != weights.len() || params.iter().zip(weights).any(|(p, w)| p.len() != w.len())
    {
        return None;
    }
    let (graph, outputs) = spec.graph_and_outputs();
    let mut tensors = params.iter().zip(weights);
    let mut next = |name: &str| {
        let (p, w) = tensors.next()?;
        (p.name == name).then(|| (p.shape.clone(), w.clone()))
    };
    let array4 =
        |(s, w): (Vec<usize>, Vec<f32>)| Array4::from_shape_vec((s[0], s[1], s[2], s[3]), w).ok();
    let wide = |w: Vec<f32>| w.into_iter().map(f64::from).collect::<Array1<f64>>();
    let mut nodes = Vec::with_capacity(graph.nodes.len());
    for node in &graph.nodes {
        let pair = |p: [usize; 2]| (p[0], p[1]);
        let op = match node.op {
            Op::Input { .. } => CoreOp::Input,
            Op::Conv2d {
                stride,
                padding,
                activation,
                bias,
                ..
            } => {
                // [filters, in_channels, kh, kw], as cnn-core.
                let mut conv = cnn_core::Conv2d::new(array4(next("kernel")?)?, Reduction::Sum);
                if bias {
                    conv.bias = Array1::from_vec(next("bias")?.1);
                }
                conv.stride = pair(stride);
                conv.padding = core_padding(padding);
                CoreOp::Conv(conv, activation)
            }
            Op::DepthwiseConv2d {
                stride,
                padding,
                multiplier,
                activation,
                bias,
                ..
            } => {
                // burn's [c·m, 1, kh, kw] is cnn-core's [c, m, kh, kw].
                let (s, w) = next("depthwise_kernel")?;
                let weight =
                    Array4::from_shape_vec((s[0] / multiplier.max(1), multiplier, s[2], s[3]), w)
                        .ok()?;
                let mut dw = cnn_core::DepthwiseConv2d::new(weight);
                if bias {
                    dw.bias = Array1::from_vec(next("bias")?.1);
                }
                dw.stride = pair(stride);
                dw.padding = core_padding(padding);
                CoreOp::Depthwise(dw, activation)
            }
            Op::SeparableConv2d {
                stride,
                padding,
                activation,
                bias,
                ..
            } => {
                let mut dw = cnn_core::DepthwiseConv2d::new(array4(next("depthwise_kernel")?)?);
                dw.stride = pair(stride);
                dw.padding = core_padding(padding);
                let mut pw =
                    cnn_core::Conv2d::new(array4(next("pointwise_kernel")?)?, Reduction::Sum);
                if bias {
                    pw.bias = Array1::from_vec(next("bias")?.1);
                }
                CoreOp::Separable(
                    cnn_core::SeparableConv2d {
                        depthwise: dw,
                        pointwise: pw,
                    },
                    activation,
                )
            }
            Op::BatchNorm {
                epsilon,
                center,
                scale,
            } => {
                let mut bn = cnn_core::BatchNorm::<f32>::new(0);
                bn.epsilon = epsilon;
                let gamma = if scale {
                    Some(wide(next("gamma")?.1))
                } else {
                    None
                };
                let beta = if center {
                    Some(wide(next("beta")?.1))
                } else {
                    None
                };
                let mean = wide(next("moving_mean")?.1);
                let variance = wide(next("moving_variance")?.1);
                let c = mean.len();
                bn.gamma = gamma.unwrap_or_else(|| Array1::from_elem(c, 1.0));
                bn.beta = beta.unwrap_or_else(|| Array1::from_elem(c, 0.0));
                CoreOp::Norm(bn, mean, variance)
            }
            Op::Activation { activation } => CoreOp::Activation(activation),
            Op::MaxPool {
                size,
                stride,
                padding,
            }
            | Op::AvgPool {
                size,
                stride,
                padding,
            } => {
                let max = matches!(node.op, Op::MaxPool { .. });
                if !max && padding == Padding::Same {
                    // No layer of the editor averages with padding.
                    return None;
                }
                CoreOp::Pool(
                    cnn_core::Pool2d {
                        kind: if max {
                            PoolKind::Max
                        } else {
                            PoolKind::Average
                        },
                        window: pair(size),
                        stride: pair(stride),
                        // Keras's valid pooling drops windows that do not fit.
                        edge: Edge::Drop,
                    },
                    padding,
                )
            }
            Op::GlobalAvgPool => CoreOp::Global(cnn_core::GlobalPool::AVERAGE),
            Op::GlobalMaxPool => CoreOp::Global(cnn_core::GlobalPool::MAX),
            Op::ZeroPadding {
                top,
                bottom,
                left,
                right,
            } => CoreOp::ZeroPad([top, bottom, left, right]),
            Op::Dropout { .. } => CoreOp::Identity,
            Op::Flatten => CoreOp::Flatten,
            Op::Dense {
                activation, bias, ..
            } => {
                let (s, w) = next("kernel")?;
                // Ours: [inputs, units]; cnn-core: [units, inputs].
                let weight = Array2::from_shape_vec((s[0], s[1]), w)
                    .ok()?
                    .reversed_axes()
                    .as_standard_layout()
                    .to_owned();
                let bias = if bias {
                    Array1::from_vec(next("bias")?.1)
                } else {
                    Array1::zeros(s[1])
                };
                CoreOp::Dense(cnn_core::Dense { weight, bias }, activation)
            }
            Op::Add => CoreOp::Add,
            Op::Concatenate => CoreOp::Concat,
            // Only the classic Inception-ResNet has a scaled add.
            Op::ScaledAdd { .. } => return None,
        };
        nodes.push((op, node.inputs.clone()));
    }
    Some(CoreNet { nodes, outputs })
}

fn core_padding(p: Padding) -> cnn_core::Padding {
    match p {
        Padding::Valid => cnn_core::Padding::Valid,
        Padding::Same => cnn_core::Padding::Same,
    }
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

/// A value between nodes.
#[derive(Clone, Debug)]
enum CoreValue {
    Maps(Array3<f32>),
    Flat(Array1<f32>),
}

impl CoreValue {
    fn maps(&self) -> Result<&Array3<f32>, CoreError> {
        match self {
            CoreValue::Maps(m) => Ok(m),
            CoreValue::Flat(_) => Err(CoreError::ZeroSetting { field: "maps" }),
        }
    }

    fn values(&self) -> Vec<f32> {
        match self {
            CoreValue::Maps(m) => m.iter().copied().collect(),
            CoreValue::Flat(f) => f.to_vec(),
        }
    }
}

fn narrow(m: Array3<f64>) -> Array3<f32> {
    m.mapv(|v| v as f32)
}

/// `pad` rows and columns of `value` around every map: `(top, bottom,
/// left, right)`.
fn pad_maps(m: &Array3<f32>, [t, b, l, r]: [usize; 4], value: f32) -> Array3<f32> {
    let (c, h, w) = m.dim();
    let mut out = Array3::from_elem((c, h + t + b, w + l + r), value);
    out.slice_mut(ndarray::s![.., t..t + h, l..l + w]).assign(m);
    out
}

/// One (already standardised) picture `[c, h, w]` through the network:
/// every layer's output (a block's last node's), the last being the output
/// activation's values.
pub fn run(net: &CoreNet, image: Array3<f32>) -> Result<Vec<Vec<f32>>, CoreError> {
    let missing = CoreError::ZeroSetting { field: "input" };
    let mut values: Vec<CoreValue> = Vec::with_capacity(net.nodes.len());
    for (op, inputs) in &net.nodes {
        let input = |k: usize| -> Result<&CoreValue, CoreError> {
            inputs
                .get(k)
                .and_then(|&i| values.get(i))
                .ok_or(CoreError::ZeroSetting { field: "input" })
        };
        let act = |m: Array3<f32>, a: Activation| m.mapv(|v| activate(v, a));
        let out = match op {
            CoreOp::Input => CoreValue::Maps(image.clone()),
            CoreOp::Conv(conv, a) => CoreValue::Maps(act(conv.forward(input(0)?.maps()?)?, *a)),
            CoreOp::Depthwise(dw, a) => CoreValue::Maps(act(dw.forward(input(0)?.maps()?)?, *a)),
            CoreOp::Separable(sep, a) => CoreValue::Maps(act(sep.forward(input(0)?.maps()?)?, *a)),
            CoreOp::Pool(pool, padding) => {
                let m = input(0)?.maps()?;
                let padded;
                let m = match padding {
                    Padding::Valid => m,
                    Padding::Same => {
                        let (_, h, w) = m.dim();
                        let (t, b) = same_padding(h, pool.window.0, pool.stride.0);
                        let (l, r) = same_padding(w, pool.window.1, pool.stride.1);
                        padded = pad_maps(m, [t, b, l, r], f32::NEG_INFINITY);
                        &padded
                    }
                };
                CoreValue::Maps(pool.forward(m)?)
            }
            CoreOp::Global(g) => CoreValue::Flat(g.forward(input(0)?.maps()?)?),
            CoreOp::Norm(bn, mean, variance) => match input(0)? {
                CoreValue::Maps(m) => CoreValue::Maps(narrow(bn.infer(m, mean, variance)?)),
                CoreValue::Flat(f) => {
                    let m = f
                        .clone()
                        .into_shape_with_order((f.len(), 1, 1))
                        .map_err(|_| missing.clone())?;
                    CoreValue::Flat(
                        narrow(bn.infer(&m, mean, variance)?)
                            .iter()
                            .copied()
                            .collect(),
                    )
                }
            },
            CoreOp::Activation(a) => match input(0)? {
                CoreValue::Maps(m) => CoreValue::Maps(act(m.clone(), *a)),
                CoreValue::Flat(f) => CoreValue::Flat(f.mapv(|v| activate(v, *a))),
            },
            CoreOp::ZeroPad(p) => CoreValue::Maps(pad_maps(input(0)?.maps()?, *p, 0.0)),
            CoreOp::Identity => input(0)?.clone(),
            CoreOp::Flatten => match input(0)? {
                CoreValue::Maps(m) => CoreValue::Flat(cnn_core::flatten(m)),
                f @ CoreValue::Flat(_) => f.clone(),
            },
            CoreOp::Dense(dense, a) => {
                let f = match input(0)? {
                    CoreValue::Flat(f) => f.clone(),
                    CoreValue::Maps(m) => cnn_core::flatten(m),
                };
                let z = dense.forward(&f)?;
                CoreValue::Flat(if *a == Activation::Softmax {
                    let max = z.iter().cloned().fold(f32::MIN, f32::max);
                    let e = z.mapv(|v| (v - max).exp());
                    let sum = e.sum();
                    e / sum
                } else {
                    z.mapv(|v| activate(v, *a))
                })
            }
            CoreOp::Add => {
                let mut sum = input(0)?.maps()?.clone();
                for k in 1..inputs.len() {
                    sum = cnn_core::residual_add(&sum, input(k)?.maps()?)?;
                }
                CoreValue::Maps(sum)
            }
            CoreOp::Concat => {
                let maps = (0..inputs.len())
                    .map(|k| input(k).and_then(|v| v.maps().map(|m| m.view())))
                    .collect::<Result<Vec<_>, _>>()?;
                CoreValue::Maps(
                    ndarray::concatenate(ndarray::Axis(0), &maps).map_err(|_| missing.clone())?,
                )
            }
        };
        values.push(out);
    }
    net.outputs
        .iter()
        .map(|&i| values.get(i).map(CoreValue::values).ok_or(missing.clone()))
        .collect()
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

//! A trained network as an ONNX file, to open in Netron or run in
//! onnxruntime: any [`Graph`] with its weights, or several chained (the
//! pretrained base, then the new head of transfer learning), with the input
//! preparation the page does written into the file, so the file takes the
//! picture exactly as the page's network does.
//!
//! The file takes `input`, `[batch, channels, height, width]` float values
//! in `[0, 1]` (the photo cropped or padded to the network's square, as the
//! page shows it under "What the network sees"), and gives `output`, the
//! probabilities, `[batch, classes]` (for a one-unit sigmoid output, the
//! two classes' `1 - p` and `p`, as the page shows them).
//!
//! Written here rather than with a protobuf crate: an ONNX file is a
//! protocol-buffer message, and the handful of fields a feed-forward
//! network needs (nodes, attributes, initializers, value infos) take a
//! 60-line writer; the crates that generate ONNX's messages (`onnx-protobuf`
//! and kin) bring the whole schema and a protobuf runtime into the worker.
//!
//! The layouts already agree: a convolution's kernel is `[out, in / groups,
//! kh, kw]` in both, a dense kernel `[inputs, units]` is ONNX's `Gemm` `B`,
//! and maps are `NCHW`. Keras's `same` padding (more after than before when
//! odd) is written out as explicit `pads`.

use std::fmt;

use crate::graph::{same_padding, Flow, Graph, Op, Pair};
use crate::pretrained::param_lengths;
use crate::spec::{Activation, Output, Padding};

/// The opset the file declares (Softmax on one axis, Clip's bounds and
/// Pad's amounts as inputs).
pub const OPSET: i64 = 17;
/// The ONNX IR version that goes with [`OPSET`].
pub const IR_VERSION: i64 = 8;
/// The file's input and output names.
pub const INPUT: &str = "input";
pub const OUTPUT: &str = "output";

/// One network of a chain, with its weights (in [`param_lengths`] order)
/// and the per-channel `(mean, sd)` its input is standardised with first,
/// `(x - mean) / sd` (empty: none).
#[derive(Debug, Clone, Copy)]
pub struct Part<'a> {
    pub graph: &'a Graph,
    pub weights: &'a [Vec<f32>],
    pub input_norm: &'a [(f32, f32)],
}

/// Why a network cannot be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OnnxError {
    /// No network at all.
    Empty,
    /// The graph's shapes do not fit (the graph's own words).
    Shapes(String),
    /// The weights are not the graph's: `expected` tensor lengths, `found`.
    Weights {
        graph: String,
        expected: usize,
        found: usize,
    },
    /// A standardisation for a number of channels the input does not have.
    Norm { channels: usize, found: usize },
}

impl fmt::Display for OnnxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OnnxError::Empty => write!(f, "There is no network to write."),
            OnnxError::Shapes(detail) => write!(f, "The network's shapes do not fit: {detail}"),
            OnnxError::Weights {
                graph,
                expected,
                found,
            } => write!(
                f,
                "The weights do not belong to {graph}: it owns {expected} tensors of its sizes, \
                 the weights have {found}."
            ),
            OnnxError::Norm { channels, found } => write!(
                f,
                "The input standardisation is for {found} channels, the input has {channels}."
            ),
        }
    }
}

impl std::error::Error for OnnxError {}

/// The ONNX file of `parts` run one after the other (each part's input is
/// the previous part's output), ending in `output`, named `name`, with
/// `doc` as its description.
pub fn export(
    name: &str,
    parts: &[Part<'_>],
    output: Output,
    doc: &str,
) -> Result<Vec<u8>, OnnxError> {
    let first = parts.first().ok_or(OnnxError::Empty)?;
    let input = match first.graph.shapes() {
        Ok(shapes) => match shapes.first() {
            Some(Flow::Spatial(s)) => [s.channels, s.height, s.width],
            _ => return Err(OnnxError::Shapes("the input is not a picture".into())),
        },
        Err(e) => return Err(OnnxError::Shapes(e.to_string())),
    };
    let mut g = Builder::default();
    let mut value = INPUT.to_string();
    let mut flow = Flow::Spatial(crate::spec::Shape3::new(input[1], input[2], input[0]));
    for (k, part) in parts.iter().enumerate() {
        (value, flow) = g.part(k, part, value, flow)?;
    }
    if output == Output::Sigmoid {
        // [p] → [1 - p, p]
        let one = g.constant("one", &[], &[1.0]);
        g.node("Sub", &[&one, &value], "first_class", vec![]);
        g.node(
            "Concat",
            &["first_class", &value],
            OUTPUT,
            vec![Attr::Int("axis", 1)],
        );
        flow = Flow::Flat(2);
    } else {
        g.node("Identity", &[&value], OUTPUT, vec![]);
    }
    let out_dims: Vec<Dim> = std::iter::once(Dim::Batch)
        .chain(match flow {
            Flow::Flat(n) => vec![Dim::Fixed(n)],
            Flow::Spatial(s) => vec![
                Dim::Fixed(s.channels),
                Dim::Fixed(s.height),
                Dim::Fixed(s.width),
            ],
        })
        .collect();
    let in_dims: Vec<Dim> = std::iter::once(Dim::Batch)
        .chain(input.iter().map(|&d| Dim::Fixed(d)))
        .collect();

    let mut graph = Pb::default();
    for n in &g.nodes {
        graph.bytes(1, n);
    }
    graph.string(2, name);
    for t in &g.initializers {
        graph.bytes(5, t);
    }
    graph.message(11, |v| value_info(v, INPUT, &in_dims));
    graph.message(12, |v| value_info(v, OUTPUT, &out_dims));

    let mut model = Pb::default();
    model.int(1, IR_VERSION);
    model.string(2, "cnn-school");
    model.string(3, env!("CARGO_PKG_VERSION"));
    model.string(6, doc);
    model.bytes(7, &graph.0);
    model.message(8, |o| {
        o.string(1, "");
        o.int(2, OPSET);
    });
    Ok(model.0)
}

/// A dimension of a graph input or output.
enum Dim {
    Batch,
    Fixed(usize),
}

fn value_info(v: &mut Pb, name: &str, dims: &[Dim]) {
    v.string(1, name);
    v.message(2, |ty| {
        ty.message(1, |tensor| {
            tensor.int(1, FLOAT);
            tensor.message(2, |shape| {
                for d in dims {
                    shape.message(1, |dim| match d {
                        Dim::Batch => dim.string(2, "batch"),
                        Dim::Fixed(n) => dim.int(1, *n as i64),
                    });
                }
            });
        });
    });
}

/// ONNX's `TensorProto.DataType` codes.
const FLOAT: i64 = 1;
const INT64: i64 = 7;

/// A protocol-buffer message being written.
#[derive(Default)]
struct Pb(Vec<u8>);

impl Pb {
    fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }

    fn key(&mut self, field: u32, wire: u8) {
        self.varint((u64::from(field) << 3) | u64::from(wire));
    }

    /// An `int64` (or `int32`, or an enum): negative values as ten bytes.
    fn int(&mut self, field: u32, v: i64) {
        self.key(field, 0);
        self.varint(v as u64);
    }

    fn float(&mut self, field: u32, v: f32) {
        self.key(field, 5);
        self.0.extend_from_slice(&v.to_le_bytes());
    }

    fn bytes(&mut self, field: u32, b: &[u8]) {
        self.key(field, 2);
        self.varint(b.len() as u64);
        self.0.extend_from_slice(b);
    }

    fn string(&mut self, field: u32, s: &str) {
        self.bytes(field, s.as_bytes());
    }

    fn message(&mut self, field: u32, write: impl FnOnce(&mut Pb)) {
        let mut inner = Pb::default();
        write(&mut inner);
        self.bytes(field, &inner.0);
    }
}

/// A node attribute.
enum Attr {
    Int(&'static str, i64),
    Ints(&'static str, Vec<i64>),
    Float(&'static str, f32),
}

/// The nodes and initializers written so far.
#[derive(Default)]
struct Builder {
    nodes: Vec<Vec<u8>>,
    initializers: Vec<Vec<u8>>,
    /// For fresh names.
    count: usize,
}

impl Builder {
    fn fresh(&mut self, base: &str) -> String {
        self.count += 1;
        format!("{base}_{}", self.count)
    }

    /// A constant: `name` with these dims and values.
    fn constant(&mut self, name: &str, dims: &[usize], values: &[f32]) -> String {
        let raw = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        self.initializer(name, dims, FLOAT, raw)
    }

    /// A constant vector of 64-bit integers (`Pad`'s amounts).
    fn constant_i64(&mut self, name: &str, values: &[i64]) -> String {
        let raw = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        self.initializer(name, &[values.len()], INT64, raw)
    }

    /// A `TensorProto` initializer of type `data_type`, little-endian `raw`.
    fn initializer(&mut self, name: &str, dims: &[usize], data_type: i64, raw: Vec<u8>) -> String {
        let mut t = Pb::default();
        for &d in dims {
            t.int(1, d as i64);
        }
        t.int(2, data_type);
        t.string(8, name);
        t.bytes(9, &raw);
        self.initializers.push(t.0);
        name.to_string()
    }

    fn node(&mut self, op: &str, inputs: &[&str], output: &str, attrs: Vec<Attr>) {
        let mut n = Pb::default();
        for i in inputs {
            n.string(1, i);
        }
        n.string(2, output);
        n.string(3, output);
        n.string(4, op);
        for a in attrs {
            n.message(5, |m| match a {
                Attr::Int(name, v) => {
                    m.string(1, name);
                    m.int(3, v);
                    m.int(20, 2);
                }
                Attr::Float(name, v) => {
                    m.string(1, name);
                    m.float(2, v);
                    m.int(20, 1);
                }
                Attr::Ints(name, vs) => {
                    m.string(1, name);
                    for v in vs {
                        m.int(8, v);
                    }
                    m.int(20, 7);
                }
            });
        }
        self.nodes.push(n.0);
    }

    /// `x` through `activation`; the name of the result.
    fn activation(&mut self, x: String, activation: Activation, out: &str) -> String {
        let op = match activation {
            Activation::Linear => return x,
            Activation::Relu => "Relu",
            Activation::Tanh => "Tanh",
            Activation::Sigmoid => "Sigmoid",
            Activation::Softmax => {
                self.node("Softmax", &[&x], out, vec![Attr::Int("axis", 1)]);
                return out.to_string();
            }
            Activation::Relu6 => {
                let lo = self.constant(&format!("{out}_min"), &[], &[0.0]);
                let hi = self.constant(&format!("{out}_max"), &[], &[6.0]);
                self.node("Clip", &[&x, &lo, &hi], out, vec![]);
                return out.to_string();
            }
        };
        self.node(op, &[&x], out, vec![]);
        out.to_string()
    }

    /// A `Conv` node on `[x, kernel]` (and `bias`), then `activation`,
    /// ending in `out`: the result's name.
    fn conv(
        &mut self,
        out: &str,
        [x, kernel]: [&str; 2],
        bias: Option<&str>,
        attrs: Vec<Attr>,
        activation: Activation,
    ) -> String {
        let mut inputs = vec![x, kernel];
        inputs.extend(bias);
        let conv = self.fresh(out);
        self.node("Conv", &inputs, &conv, attrs);
        self.activation(conv, activation, out)
    }

    /// Part `k` on `value` (of shape `flow`): its output's name and shape.
    fn part(
        &mut self,
        k: usize,
        part: &Part<'_>,
        value: String,
        flow: Flow,
    ) -> Result<(String, Flow), OnnxError> {
        let graph = part.graph;
        let shapes = graph
            .shapes()
            .map_err(|e| OnnxError::Shapes(e.to_string()))?;
        let lengths = param_lengths(graph);
        let found: Vec<usize> = part.weights.iter().map(Vec::len).collect();
        if found != lengths {
            return Err(OnnxError::Weights {
                graph: graph.name.clone(),
                expected: lengths.len(),
                found: found.len(),
            });
        }
        let mut weights = part.weights.iter();
        let mut next = |b: &mut Builder, name: String, dims: &[usize]| -> String {
            let w = weights.next().map(Vec::as_slice).unwrap_or_default();
            b.constant(&name, dims, w)
        };
        let mut names: Vec<String> = Vec::with_capacity(graph.nodes.len());
        // The input, standardised per channel.
        let input = if part.input_norm.is_empty() {
            value
        } else {
            let channels = flow.channels();
            if part.input_norm.len() != channels {
                return Err(OnnxError::Norm {
                    channels,
                    found: part.input_norm.len(),
                });
            }
            let dims: Vec<usize> = match flow {
                Flow::Spatial(_) => vec![1, channels, 1, 1],
                Flow::Flat(_) => vec![1, channels],
            };
            let means: Vec<f32> = part.input_norm.iter().map(|n| n.0).collect();
            let sds: Vec<f32> = part.input_norm.iter().map(|n| n.1).collect();
            let mean = self.constant(&format!("p{k}_input_mean"), &dims, &means);
            let sd = self.constant(&format!("p{k}_input_sd"), &dims, &sds);
            let centred = format!("p{k}_input_centred");
            self.node("Sub", &[&value, &mean], &centred, vec![]);
            let out = format!("p{k}_input_standardised");
            self.node("Div", &[&centred, &sd], &out, vec![]);
            out
        };
        for (i, node) in graph.nodes.iter().enumerate() {
            let out = format!("p{k}_n{i}");
            let ins: Vec<&str> = node.inputs.iter().map(|&j| names[j].as_str()).collect();
            let x = ins.first().copied().unwrap_or_default().to_string();
            let in_flow = node.inputs.first().map(|&j| shapes[j]);
            let (h, w) = match in_flow {
                Some(Flow::Spatial(s)) => (s.height, s.width),
                _ => (1, 1),
            };
            let pads = |kernel: Pair, stride: Pair, padding: Padding| -> Vec<i64> {
                match padding {
                    Padding::Valid => vec![0; 4],
                    Padding::Same => {
                        let (t, b) = same_padding(h, kernel[0], stride[0]);
                        let (l, r) = same_padding(w, kernel[1], stride[1]);
                        [t, l, b, r].iter().map(|&v| v as i64).collect()
                    }
                }
            };
            let ints = |p: Pair| p.iter().map(|&v| v as i64).collect::<Vec<_>>();
            let channels = in_flow.map_or(0, Flow::channels);
            let name = match node.op {
                Op::Input { .. } => input.clone(),
                Op::Conv2d {
                    filters,
                    kernel,
                    stride,
                    padding,
                    activation,
                    bias,
                }
                | Op::SeparableConv2d {
                    filters,
                    kernel,
                    stride,
                    padding,
                    activation,
                    bias,
                } => {
                    let separable = matches!(node.op, Op::SeparableConv2d { .. });
                    let mut x = x;
                    let mut k_dims = vec![filters, channels, kernel[0], kernel[1]];
                    let mut conv_pads = pads(kernel, stride, padding);
                    let mut conv_stride = ints(stride);
                    let mut conv_kernel = ints(kernel);
                    if separable {
                        let dw = next(
                            self,
                            format!("{out}_depthwise_kernel"),
                            &[channels, 1, kernel[0], kernel[1]],
                        );
                        let mid = format!("{out}_depthwise");
                        self.node(
                            "Conv",
                            &[&x, &dw],
                            &mid,
                            vec![
                                Attr::Ints("kernel_shape", ints(kernel)),
                                Attr::Ints("strides", ints(stride)),
                                Attr::Ints("pads", conv_pads),
                                Attr::Int("group", channels as i64),
                            ],
                        );
                        x = mid;
                        k_dims = vec![filters, channels, 1, 1];
                        conv_pads = vec![0; 4];
                        conv_stride = vec![1, 1];
                        conv_kernel = vec![1, 1];
                    }
                    let kname = if separable {
                        "pointwise_kernel"
                    } else {
                        "kernel"
                    };
                    let wk = next(self, format!("{out}_{kname}"), &k_dims);
                    let b = bias.then(|| next(self, format!("{out}_bias"), &[filters]));
                    let attrs = vec![
                        Attr::Ints("kernel_shape", conv_kernel),
                        Attr::Ints("strides", conv_stride),
                        Attr::Ints("pads", conv_pads),
                    ];
                    self.conv(&out, [&x, &wk], b.as_deref(), attrs, activation)
                }
                Op::DepthwiseConv2d {
                    kernel,
                    stride,
                    padding,
                    multiplier,
                    activation,
                    bias,
                } => {
                    let n = channels * multiplier;
                    let wk = next(
                        self,
                        format!("{out}_depthwise_kernel"),
                        &[n, 1, kernel[0], kernel[1]],
                    );
                    let b = bias.then(|| next(self, format!("{out}_bias"), &[n]));
                    let attrs = vec![
                        Attr::Ints("kernel_shape", ints(kernel)),
                        Attr::Ints("strides", ints(stride)),
                        Attr::Ints("pads", pads(kernel, stride, padding)),
                        Attr::Int("group", channels as i64),
                    ];
                    self.conv(&out, [&x, &wk], b.as_deref(), attrs, activation)
                }
                Op::BatchNorm {
                    epsilon,
                    center,
                    scale,
                } => {
                    let gamma = if scale {
                        next(self, format!("{out}_gamma"), &[channels])
                    } else {
                        self.constant(&format!("{out}_gamma"), &[channels], &vec![1.0; channels])
                    };
                    let beta = if center {
                        next(self, format!("{out}_beta"), &[channels])
                    } else {
                        self.constant(&format!("{out}_beta"), &[channels], &vec![0.0; channels])
                    };
                    let mean = next(self, format!("{out}_moving_mean"), &[channels]);
                    let var = next(self, format!("{out}_moving_variance"), &[channels]);
                    self.node(
                        "BatchNormalization",
                        &[&x, &gamma, &beta, &mean, &var],
                        &out,
                        vec![Attr::Float("epsilon", epsilon)],
                    );
                    out
                }
                Op::Activation { activation } => {
                    if activation == Activation::Linear {
                        self.node("Identity", &[&x], &out, vec![]);
                        out
                    } else {
                        self.activation(x, activation, &out)
                    }
                }
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
                    let mut attrs = vec![
                        Attr::Ints("kernel_shape", ints(size)),
                        Attr::Ints("strides", ints(stride)),
                        Attr::Ints("pads", pads(size, stride, padding)),
                    ];
                    let op = if matches!(node.op, Op::MaxPool { .. }) {
                        "MaxPool"
                    } else {
                        // Keras averages only the real cells.
                        attrs.push(Attr::Int("count_include_pad", 0));
                        "AveragePool"
                    };
                    self.node(op, &[&x], &out, attrs);
                    out
                }
                Op::GlobalAvgPool | Op::GlobalMaxPool => {
                    let op = if node.op == Op::GlobalAvgPool {
                        "GlobalAveragePool"
                    } else {
                        "GlobalMaxPool"
                    };
                    let pooled = self.fresh(&out);
                    self.node(op, &[&x], &pooled, vec![]);
                    self.node("Flatten", &[&pooled], &out, vec![Attr::Int("axis", 1)]);
                    out
                }
                Op::ZeroPadding {
                    top,
                    bottom,
                    left,
                    right,
                } => {
                    let amounts = [0, 0, top, left, 0, 0, bottom, right].map(|v| v as i64);
                    let p = self.constant_i64(&format!("{out}_pads"), &amounts);
                    self.node("Pad", &[&x, &p], &out, vec![]);
                    out
                }
                Op::Dropout { .. } => {
                    self.node("Identity", &[&x], &out, vec![]);
                    out
                }
                Op::Flatten => {
                    self.node("Flatten", &[&x], &out, vec![Attr::Int("axis", 1)]);
                    out
                }
                Op::Dense {
                    units,
                    activation,
                    bias,
                } => {
                    let n = in_flow.map_or(0, Flow::len);
                    let wk = next(self, format!("{out}_kernel"), &[n, units]);
                    let lin = self.fresh(&out);
                    if bias {
                        let b = next(self, format!("{out}_bias"), &[units]);
                        self.node("Gemm", &[&x, &wk, &b], &lin, vec![]);
                    } else {
                        self.node("MatMul", &[&x, &wk], &lin, vec![]);
                    }
                    self.activation(lin, activation, &out)
                }
                Op::Add => {
                    self.node("Sum", &ins, &out, vec![]);
                    out
                }
                Op::Concatenate => {
                    self.node("Concat", &ins, &out, vec![Attr::Int("axis", 1)]);
                    out
                }
                Op::ScaledAdd { scale } => {
                    let s = self.constant(&format!("{out}_scale"), &[], &[scale]);
                    let scaled = self.fresh(&out);
                    let up = ins.get(1).copied().unwrap_or_default();
                    self.node("Mul", &[up, &s], &scaled, vec![]);
                    self.node("Add", &[&x, &scaled], &out, vec![]);
                    out
                }
            };
            names.push(name);
        }
        let last = names.pop().ok_or(OnnxError::Empty)?;
        let shape = shapes.last().copied().ok_or(OnnxError::Empty)?;
        Ok((last, shape))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_are_protocol_buffers() {
        let mut pb = Pb::default();
        pb.varint(1);
        pb.varint(300);
        pb.int(1, -1);
        assert_eq!(&pb.0[..3], [0x01, 0xac, 0x02]);
        // Field 1, wire type 0, then -1 as ten bytes.
        assert_eq!(pb.0[3], 0x08);
        assert_eq!(pb.0.len(), 3 + 1 + 10);
    }

    #[test]
    fn weights_of_another_network_are_refused() {
        let graph = crate::zoo::cats_dogs().graph();
        let refused = export(
            "m",
            &[Part {
                graph: &graph,
                weights: &[vec![0.0; 3]],
                input_norm: &[],
            }],
            Output::Sigmoid,
            "",
        );
        assert!(
            matches!(refused, Err(OnnxError::Weights { .. })),
            "{refused:?}"
        );
        assert_eq!(export("m", &[], Output::Sigmoid, ""), Err(OnnxError::Empty));
    }
}

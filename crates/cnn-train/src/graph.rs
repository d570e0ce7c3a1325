//! Models as graphs: every layer takes the output of any earlier layer, and
//! `Add` (a residual shortcut) and `Concatenate` (Inception's branches,
//! DenseNet's growth) join branches. Shape inference, parameter counts and
//! Keras's functional `model.summary()` (with its "Connected to" column and
//! its layer order) for the layers the classic networks are built from.
//!
//! A [`Graph`] is Keras's functional model: node 0 is the input, each later
//! node names the earlier nodes it reads, and the last node is the output.
//! Shapes leave out the batch, as in [`crate::spec`].

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::spec::{Activation, Padding, Shape3};

/// A shape flowing along an edge, without the batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Flow {
    /// `(height, width, channels)`.
    Spatial(Shape3),
    /// A vector of this many values.
    Flat(usize),
}

impl Flow {
    /// As Keras prints it, without the batch.
    pub fn dims(self) -> Vec<usize> {
        match self {
            Flow::Spatial(s) => vec![s.height, s.width, s.channels],
            Flow::Flat(n) => vec![n],
        }
    }

    /// The last axis: channels, or the length of a vector.
    pub fn channels(self) -> usize {
        match self {
            Flow::Spatial(s) => s.channels,
            Flow::Flat(n) => n,
        }
    }

    /// How many values it holds.
    pub fn len(self) -> usize {
        match self {
            Flow::Spatial(s) => s.len(),
            Flow::Flat(n) => n,
        }
    }

    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// Keras's printed form: `(None, 10, 10, 64)`.
    pub fn keras(self) -> String {
        let mut s = String::from("(None");
        for d in self.dims() {
            s.push_str(", ");
            s.push_str(&d.to_string());
        }
        s.push(')');
        s
    }
}

/// One parameter tensor a layer owns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// Keras's name for it: `kernel`, `bias`, `gamma`, `moving_mean`, …
    pub name: &'static str,
    /// burn's layout: a convolution's kernel is `[out, in / groups, kh, kw]`,
    /// a dense kernel `[inputs, units]`.
    pub shape: Vec<usize>,
    /// False for what training does not move by gradient (batch
    /// normalization's moving mean and variance): Keras's "Non-trainable
    /// params".
    pub trainable: bool,
}

impl Param {
    fn new(name: &'static str, shape: Vec<usize>) -> Param {
        Param {
            name,
            shape,
            trainable: true,
        }
    }

    fn frozen(name: &'static str, shape: Vec<usize>) -> Param {
        Param {
            name,
            shape,
            trainable: false,
        }
    }

    /// How many numbers it holds.
    pub fn len(&self) -> usize {
        self.shape.iter().fold(1usize, |a, &d| a.saturating_mul(d))
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A 2-D size or step: `[height, width]`.
pub type Pair = [usize; 2];

/// What a node does. Kernels, pools and strides are `[height, width]` so
/// that Inception's 1x7 and 7x1 convolutions fit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Op {
    /// Keras `Input(shape)`.
    Input { shape: Shape3 },
    /// Keras `Conv2D`.
    Conv2d {
        filters: usize,
        kernel: Pair,
        stride: Pair,
        padding: Padding,
        activation: Activation,
        bias: bool,
    },
    /// Keras `DepthwiseConv2D`: one filter (or `multiplier` filters) per
    /// input channel, no mixing across channels.
    DepthwiseConv2d {
        kernel: Pair,
        stride: Pair,
        padding: Padding,
        multiplier: usize,
        activation: Activation,
        bias: bool,
    },
    /// Keras `SeparableConv2D`: a depthwise convolution, then a 1x1
    /// (pointwise) convolution that mixes the channels.
    SeparableConv2d {
        filters: usize,
        kernel: Pair,
        stride: Pair,
        padding: Padding,
        activation: Activation,
        bias: bool,
    },
    /// Keras `BatchNormalization` over the last axis.
    BatchNorm {
        epsilon: f32,
        center: bool,
        scale: bool,
    },
    /// Keras `Activation`.
    Activation { activation: Activation },
    /// Keras `MaxPooling2D`.
    MaxPool {
        size: Pair,
        stride: Pair,
        padding: Padding,
    },
    /// Keras `AveragePooling2D`.
    AvgPool {
        size: Pair,
        stride: Pair,
        padding: Padding,
    },
    /// Keras `GlobalAveragePooling2D`: one mean per channel.
    GlobalAvgPool,
    /// Keras `GlobalMaxPooling2D`: one maximum per channel.
    GlobalMaxPool,
    /// Keras `ZeroPadding2D(((top, bottom), (left, right)))`.
    ZeroPadding {
        top: usize,
        bottom: usize,
        left: usize,
        right: usize,
    },
    /// Keras `Dropout(rate)`.
    Dropout { rate: f32 },
    /// Keras `Flatten`.
    Flatten,
    /// Keras `Dense`; its input must be flat.
    Dense {
        units: usize,
        activation: Activation,
        bias: bool,
    },
    /// Keras `Add`: element-wise sum of inputs of one shape.
    Add,
    /// Keras `Concatenate(axis=-1)`: channels side by side.
    Concatenate,
    /// Inception-ResNet's scaled shortcut, `inputs[0] + scale * inputs[1]`
    /// (Keras's `CustomScaleLayer`).
    ScaledAdd { scale: f32 },
}

/// The kind of an [`Op`], with Keras's names for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpKind {
    Input,
    Conv2d,
    DepthwiseConv2d,
    SeparableConv2d,
    BatchNorm,
    Activation,
    MaxPool,
    AvgPool,
    GlobalAvgPool,
    GlobalMaxPool,
    ZeroPadding,
    Dropout,
    Flatten,
    Dense,
    Add,
    Concatenate,
    ScaledAdd,
}

impl OpKind {
    /// Every kind.
    pub const ALL: [OpKind; 17] = [
        OpKind::Input,
        OpKind::Conv2d,
        OpKind::DepthwiseConv2d,
        OpKind::SeparableConv2d,
        OpKind::BatchNorm,
        OpKind::Activation,
        OpKind::MaxPool,
        OpKind::AvgPool,
        OpKind::GlobalAvgPool,
        OpKind::GlobalMaxPool,
        OpKind::ZeroPadding,
        OpKind::Dropout,
        OpKind::Flatten,
        OpKind::Dense,
        OpKind::Add,
        OpKind::Concatenate,
        OpKind::ScaledAdd,
    ];

    /// `(Keras class, base of Keras's automatic names)`.
    const fn names(self) -> (&'static str, &'static str) {
        match self {
            OpKind::Input => ("InputLayer", "input"),
            OpKind::Conv2d => ("Conv2D", "conv2d"),
            OpKind::DepthwiseConv2d => ("DepthwiseConv2D", "depthwise_conv2d"),
            OpKind::SeparableConv2d => ("SeparableConv2D", "separable_conv2d"),
            OpKind::BatchNorm => ("BatchNormalization", "batch_normalization"),
            OpKind::Activation => ("Activation", "activation"),
            OpKind::MaxPool => ("MaxPooling2D", "max_pooling2d"),
            OpKind::AvgPool => ("AveragePooling2D", "average_pooling2d"),
            OpKind::GlobalAvgPool => ("GlobalAveragePooling2D", "global_average_pooling2d"),
            OpKind::GlobalMaxPool => ("GlobalMaxPooling2D", "global_max_pooling2d"),
            OpKind::ZeroPadding => ("ZeroPadding2D", "zero_padding2d"),
            OpKind::Dropout => ("Dropout", "dropout"),
            OpKind::Flatten => ("Flatten", "flatten"),
            OpKind::Dense => ("Dense", "dense"),
            OpKind::Add => ("Add", "add"),
            OpKind::Concatenate => ("Concatenate", "concatenate"),
            OpKind::ScaledAdd => ("CustomScaleLayer", "custom_scale_layer"),
        }
    }

    /// The Keras class: `Conv2D`, `BatchNormalization`, …
    pub const fn keras_class(self) -> &'static str {
        self.names().0
    }

    /// The base of Keras's automatic layer names: `conv2d`, `add`, …
    pub const fn keras_name(self) -> &'static str {
        self.names().1
    }
}

impl fmt::Display for OpKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.keras_class())
    }
}

/// Keras's `same` padding on one axis: `(before, after)`. The total is what
/// makes `out = ceil(in / stride)`; when it is odd the extra row or column
/// goes after (at the bottom or right), as Keras and TensorFlow do (PyTorch
/// would split it the other way).
pub fn same_padding(input: usize, kernel: usize, stride: usize) -> (usize, usize) {
    let out = input.div_ceil(stride.max(1));
    let total = ((out.saturating_sub(1)) * stride + kernel).saturating_sub(input);
    (total / 2, total - total / 2)
}

/// Output length on one axis, or `None` when a `valid` window is larger
/// than its input.
pub fn window_out(input: usize, kernel: usize, stride: usize, padding: Padding) -> Option<usize> {
    match padding {
        Padding::Valid => input.checked_sub(kernel).map(|d| d / stride.max(1) + 1),
        Padding::Same => Some(input.div_ceil(stride.max(1))),
    }
}

/// Why a [`Graph`] does not fit together. `node` indexes [`Graph::nodes`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum GraphError {
    /// Node 0 must be the input, and only node 0.
    NoInput,
    MisplacedInput {
        node: usize,
    },
    /// A node reads a node that is not before it.
    ForwardEdge {
        node: usize,
        from: usize,
    },
    /// A node has the wrong number of inputs (`Add` and `Concatenate` take
    /// two or more, every other layer one).
    Arity {
        node: usize,
        kind: OpKind,
        found: usize,
    },
    /// A side, a count or a step that must be at least 1 is 0.
    ZeroSetting {
        node: usize,
        kind: OpKind,
    },
    /// A `valid` window larger than its input.
    KernelTooLarge {
        node: usize,
        kind: OpKind,
        kernel: Pair,
        input: Shape3,
    },
    /// A spatial layer after the input was flattened.
    SpatialAfterFlatten {
        node: usize,
        kind: OpKind,
    },
    /// A Dense layer on a spatial input: it needs a Flatten or a global
    /// pooling before it.
    NeedsFlatten {
        node: usize,
        input: Shape3,
    },
    /// `Add` of inputs of different shapes (e.g. a shortcut across a block
    /// that halves the size or changes the channels).
    AddShapes {
        node: usize,
        shapes: Vec<Flow>,
    },
    /// `Concatenate` of maps of different heights or widths.
    ConcatShapes {
        node: usize,
        shapes: Vec<Flow>,
    },
    /// A dropout rate outside `0 <= rate < 1`.
    DropoutRate {
        node: usize,
        rate: f32,
    },
}

impl fmt::Display for GraphError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |s: &[Flow]| {
            s.iter()
                .map(|f| f.keras())
                .collect::<Vec<_>>()
                .join(" and ")
        };
        match self {
            GraphError::NoInput => write!(f, "The model has no input layer."),
            GraphError::MisplacedInput { node } => {
                write!(f, "Layer {node} is an input; a model has one input, first.")
            }
            GraphError::ForwardEdge { node, from } => write!(
                f,
                "Layer {node} reads layer {from}, which comes after it; a layer reads only earlier layers."
            ),
            GraphError::Arity { node, kind, found } => write!(
                f,
                "Layer {node} ({kind}) has {found} inputs; Add and Concatenate take two or more, other layers one."
            ),
            GraphError::ZeroSetting { node, kind } => {
                write!(f, "Layer {node} ({kind}) has a setting of 0; set it to at least 1.")
            }
            GraphError::KernelTooLarge {
                node,
                kind,
                kernel,
                input,
            } => write!(
                f,
                "Layer {node} ({kind}): its {}x{} window is larger than its {}x{} input; \
                 use 'same' padding or a smaller window.",
                kernel[0], kernel[1], input.height, input.width
            ),
            GraphError::SpatialAfterFlatten { node, kind } => write!(
                f,
                "Layer {node} ({kind}) needs maps, but its input was already flattened."
            ),
            GraphError::NeedsFlatten { node, input } => write!(
                f,
                "Layer {node} (Dense) gets a {input} input; add Flatten or global pooling before it."
            ),
            GraphError::AddShapes { node, shapes } => write!(
                f,
                "Layer {node} (Add) adds {}: a shortcut must have the shape of what it joins; \
                 give it a 1x1 convolution with the same stride and filters.",
                list(shapes)
            ),
            GraphError::ConcatShapes { node, shapes } => write!(
                f,
                "Layer {node} (Concatenate) joins {}: the maps must have the same height and width.",
                list(shapes)
            ),
            GraphError::DropoutRate { node, rate } => write!(
                f,
                "Layer {node} (Dropout): rate {rate} is outside 0 to 1."
            ),
        }
    }
}

impl std::error::Error for GraphError {}

impl Op {
    pub const fn kind(&self) -> OpKind {
        match self {
            Op::Input { .. } => OpKind::Input,
            Op::Conv2d { .. } => OpKind::Conv2d,
            Op::DepthwiseConv2d { .. } => OpKind::DepthwiseConv2d,
            Op::SeparableConv2d { .. } => OpKind::SeparableConv2d,
            Op::BatchNorm { .. } => OpKind::BatchNorm,
            Op::Activation { .. } => OpKind::Activation,
            Op::MaxPool { .. } => OpKind::MaxPool,
            Op::AvgPool { .. } => OpKind::AvgPool,
            Op::GlobalAvgPool => OpKind::GlobalAvgPool,
            Op::GlobalMaxPool => OpKind::GlobalMaxPool,
            Op::ZeroPadding { .. } => OpKind::ZeroPadding,
            Op::Dropout { .. } => OpKind::Dropout,
            Op::Flatten => OpKind::Flatten,
            Op::Dense { .. } => OpKind::Dense,
            Op::Add => OpKind::Add,
            Op::Concatenate => OpKind::Concatenate,
            Op::ScaledAdd { .. } => OpKind::ScaledAdd,
        }
    }

    /// **The** parameter tensors this layer owns, in Keras's order, given
    /// its (first) input: a convolution's `kernel` `[filters, in, kh, kw]`
    /// then `bias`; a depthwise convolution's `depthwise_kernel`
    /// `[in * multiplier, 1, kh, kw]` (burn's grouped layout) then `bias`;
    /// a separable one's `depthwise_kernel`, `pointwise_kernel`
    /// `[filters, in, 1, 1]`, `bias`; batch normalization's `gamma`,
    /// `beta` (trainable) then `moving_mean`, `moving_variance` (not);
    /// a dense layer's `kernel` `[inputs, units]` then `bias`. Every other
    /// layer owns none. Counts, summaries, model files and the burn network
    /// all read this.
    pub fn params(&self, input: Flow) -> Vec<Param> {
        let c = input.channels();
        let bias = |on: bool, n: usize| on.then(|| Param::new("bias", vec![n]));
        match *self {
            Op::Conv2d {
                filters,
                kernel,
                bias: b,
                ..
            } => std::iter::once(Param::new("kernel", vec![filters, c, kernel[0], kernel[1]]))
                .chain(bias(b, filters))
                .collect(),
            Op::DepthwiseConv2d {
                kernel,
                multiplier,
                bias: b,
                ..
            } => std::iter::once(Param::new(
                "depthwise_kernel",
                vec![c * multiplier, 1, kernel[0], kernel[1]],
            ))
            .chain(bias(b, c * multiplier))
            .collect(),
            Op::SeparableConv2d {
                filters,
                kernel,
                bias: b,
                ..
            } => [
                Param::new("depthwise_kernel", vec![c, 1, kernel[0], kernel[1]]),
                Param::new("pointwise_kernel", vec![filters, c, 1, 1]),
            ]
            .into_iter()
            .chain(bias(b, filters))
            .collect(),
            Op::BatchNorm { center, scale, .. } => scale
                .then(|| Param::new("gamma", vec![c]))
                .into_iter()
                .chain(center.then(|| Param::new("beta", vec![c])))
                .chain([
                    Param::frozen("moving_mean", vec![c]),
                    Param::frozen("moving_variance", vec![c]),
                ])
                .collect(),
            Op::Dense { units, bias: b, .. } => {
                std::iter::once(Param::new("kernel", vec![input.len(), units]))
                    .chain(bias(b, units))
                    .collect()
            }
            Op::Input { .. }
            | Op::Activation { .. }
            | Op::MaxPool { .. }
            | Op::AvgPool { .. }
            | Op::GlobalAvgPool
            | Op::GlobalMaxPool
            | Op::ZeroPadding { .. }
            | Op::Dropout { .. }
            | Op::Flatten
            | Op::Add
            | Op::Concatenate
            | Op::ScaledAdd { .. } => vec![],
        }
    }

    /// The output shape for these inputs, or why there is none. `node`
    /// only labels the error.
    pub fn output(&self, node: usize, inputs: &[Flow]) -> Result<Flow, GraphError> {
        let kind = self.kind();
        let joins = matches!(self, Op::Add | Op::Concatenate | Op::ScaledAdd { .. });
        let arity_ok = match self {
            Op::Input { .. } => inputs.is_empty(),
            Op::ScaledAdd { .. } => inputs.len() == 2,
            Op::Add | Op::Concatenate => inputs.len() >= 2,
            _ => inputs.len() == 1,
        };
        if !arity_ok {
            return Err(GraphError::Arity {
                node,
                kind,
                found: inputs.len(),
            });
        }
        let zero = || GraphError::ZeroSetting { node, kind };
        if let Op::Input { shape } = *self {
            return if shape.is_empty() {
                Err(zero())
            } else {
                Ok(Flow::Spatial(shape))
            };
        }
        if joins {
            let first = inputs[0];
            return match self {
                Op::Concatenate => {
                    let same_hw = inputs.iter().all(|f| match (first, *f) {
                        (Flow::Spatial(a), Flow::Spatial(b)) => {
                            a.height == b.height && a.width == b.width
                        }
                        (Flow::Flat(_), Flow::Flat(_)) => true,
                        _ => false,
                    });
                    if !same_hw {
                        return Err(GraphError::ConcatShapes {
                            node,
                            shapes: inputs.to_vec(),
                        });
                    }
                    let channels = inputs.iter().map(|f| f.channels()).sum();
                    Ok(match first {
                        Flow::Spatial(s) => Flow::Spatial(Shape3::new(s.height, s.width, channels)),
                        Flow::Flat(_) => Flow::Flat(channels),
                    })
                }
                _ => {
                    if inputs.iter().any(|f| *f != first) {
                        return Err(GraphError::AddShapes {
                            node,
                            shapes: inputs.to_vec(),
                        });
                    }
                    Ok(first)
                }
            };
        }
        let input = inputs[0];
        let spatial = |f: Flow| match f {
            Flow::Spatial(s) => Ok(s),
            Flow::Flat(_) => Err(GraphError::SpatialAfterFlatten { node, kind }),
        };
        let window = |s: Shape3, k: Pair, st: Pair, p: Padding, channels: usize| {
            if k.contains(&0) || st.contains(&0) || channels == 0 {
                return Err(zero());
            }
            match (
                window_out(s.height, k[0], st[0], p),
                window_out(s.width, k[1], st[1], p),
            ) {
                (Some(h), Some(w)) => Ok(Flow::Spatial(Shape3::new(h, w, channels))),
                _ => Err(GraphError::KernelTooLarge {
                    node,
                    kind,
                    kernel: k,
                    input: s,
                }),
            }
        };
        match *self {
            Op::Conv2d {
                filters,
                kernel,
                stride,
                padding,
                ..
            }
            | Op::SeparableConv2d {
                filters,
                kernel,
                stride,
                padding,
                ..
            } => window(spatial(input)?, kernel, stride, padding, filters),
            Op::DepthwiseConv2d {
                kernel,
                stride,
                padding,
                multiplier,
                ..
            } => {
                let s = spatial(input)?;
                window(s, kernel, stride, padding, s.channels * multiplier)
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
                let s = spatial(input)?;
                window(s, size, stride, padding, s.channels)
            }
            Op::GlobalAvgPool | Op::GlobalMaxPool => Ok(Flow::Flat(spatial(input)?.channels)),
            Op::ZeroPadding {
                top,
                bottom,
                left,
                right,
            } => {
                let s = spatial(input)?;
                Ok(Flow::Spatial(Shape3::new(
                    s.height + top + bottom,
                    s.width + left + right,
                    s.channels,
                )))
            }
            Op::Flatten => Ok(Flow::Flat(input.len())),
            Op::Dense { units, .. } => match input {
                Flow::Spatial(s) => Err(GraphError::NeedsFlatten { node, input: s }),
                Flow::Flat(_) if units == 0 => Err(zero()),
                Flow::Flat(_) => Ok(Flow::Flat(units)),
            },
            Op::Dropout { rate } if !(0.0..1.0).contains(&rate) => {
                Err(GraphError::DropoutRate { node, rate })
            }
            Op::Dropout { .. } | Op::BatchNorm { .. } | Op::Activation { .. } => Ok(input),
            Op::Input { .. } | Op::Add | Op::Concatenate | Op::ScaledAdd { .. } => {
                unreachable!("handled above")
            }
        }
    }

    /// Multiply-adds for one example, the usual measure of a layer's
    /// compute (a convolution's output cells times its window; a dense
    /// layer's weights). Layers without weights count none.
    pub fn mult_adds(&self, input: Flow, output: Flow) -> u64 {
        let cells = |f: Flow| match f {
            Flow::Spatial(s) => (s.height * s.width) as u64,
            Flow::Flat(_) => 1,
        };
        let c = input.channels() as u64;
        match *self {
            Op::Conv2d { kernel, .. } => output.len() as u64 * (kernel[0] * kernel[1]) as u64 * c,
            Op::DepthwiseConv2d { kernel, .. } => {
                output.len() as u64 * (kernel[0] * kernel[1]) as u64
            }
            Op::SeparableConv2d { kernel, .. } => {
                cells(output) * c * (kernel[0] * kernel[1]) as u64 + output.len() as u64 * c
            }
            Op::Dense { units, .. } => input.len() as u64 * units as u64,
            _ => 0,
        }
    }
}

/// One layer of a [`Graph`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    pub op: Op,
    /// The earlier nodes it reads, in order (empty for the input).
    pub inputs: Vec<usize>,
    /// Keras's name when the model gives one (`block1_conv1`); `None` for
    /// Keras's automatic name (`conv2d_3`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The block it belongs to (`conv2_block1`, `mixed3`), for a summary
    /// folded by block.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block: Option<String>,
}

/// A functional model: node 0 is the input, the last node the output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Graph {
    pub name: String,
    pub nodes: Vec<Node>,
    /// Built as a Keras `Sequential` (each layer reads the one before):
    /// its summary has no input row and no "Connected to" column.
    #[serde(default)]
    pub sequential: bool,
}

/// One row of a [`GraphSummary`], one per node, in Keras's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Index into [`Graph::nodes`].
    pub node: usize,
    /// Keras's name: given, or automatic (`conv2d`, `conv2d_1`, …).
    pub name: String,
    pub kind: OpKind,
    pub output: Flow,
    pub params: usize,
    pub trainable: usize,
    pub mult_adds: u64,
    /// Keras's "Connected to": `conv2d[0][0]`, one per input.
    pub connected_to: Vec<String>,
    pub block: Option<String>,
}

/// What Keras's `model.summary()` prints for a functional model, plus the
/// multiply-adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphSummary {
    pub name: String,
    /// A `Sequential` model's summary (see [`Graph::sequential`]).
    pub sequential: bool,
    pub rows: Vec<Row>,
    pub total: usize,
    pub trainable: usize,
    pub non_trainable: usize,
    pub mult_adds: u64,
}

impl GraphSummary {
    /// The summary as Keras prints it (TensorFlow 2's layout, with the
    /// "Connected to" column; a multi-input layer takes one line per input).
    pub fn to_keras_text(&self) -> String {
        if self.sequential {
            return self.sequential_text();
        }
        let widths = [34usize, 26, 11];
        let mut out = format!("Model: \"{}\"\n", self.name);
        let rule = |c: char| c.to_string().repeat(widths.iter().sum::<usize>() + 32) + "\n";
        out.push_str(&rule('_'));
        out.push_str(&format!(
            "{:<34}{:<26}{:<11}{}\n",
            "Layer (type)", "Output Shape", "Param #", "Connected to"
        ));
        out.push_str(&rule('='));
        for (i, r) in self.rows.iter().enumerate() {
            let shape = if r.kind == OpKind::Input {
                format!("[{}]", r.output.keras())
            } else {
                r.output.keras()
            };
            let first = r.connected_to.first().map(String::as_str).unwrap_or("");
            out.push_str(&format!(
                "{:<34}{:<26}{:<11}{}\n",
                format!("{} ({})", r.name, r.kind),
                shape,
                r.params,
                first
            ));
            for more in r.connected_to.iter().skip(1) {
                out.push_str(&format!("{:71}{}\n", "", more));
            }
            out.push_str(&rule(if i + 1 == self.rows.len() { '=' } else { '_' }));
        }
        out.push_str(&self.totals_text());
        out.push_str(&rule('_'));
        out
    }
}

impl GraphSummary {
    /// Keras's three totals lines.
    fn totals_text(&self) -> String {
        format!(
            "Total params: {}\nTrainable params: {}\nNon-trainable params: {}\n",
            thousands(self.total),
            thousands(self.trainable),
            thousands(self.non_trainable)
        )
    }

    fn sequential_text(&self) -> String {
        let mut out = format!("Model: \"{}\"\n", self.name);
        let rule = |c: char| c.to_string().repeat(65) + "\n";
        out.push_str(&rule('_'));
        out.push_str(&format!(
            "{:<29}{:<26}{}\n",
            "Layer (type)", "Output Shape", "Param #"
        ));
        out.push_str(&rule('='));
        for (i, r) in self.rows.iter().enumerate() {
            out.push_str(&format!(
                "{:<29}{:<26}{}\n",
                format!("{} ({})", r.name, r.kind),
                r.output.keras(),
                r.params
            ));
            out.push_str(&rule(if i + 1 == self.rows.len() { '=' } else { '_' }));
        }
        out.push_str(&self.totals_text());
        out.push_str(&rule('_'));
        out
    }
}

/// `1234567` as `1,234,567`, as Keras prints its totals.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

impl Graph {
    /// Every node's output shape, in node order, or the first problem.
    pub fn shapes(&self) -> Result<Vec<Flow>, GraphError> {
        match self.nodes.first() {
            Some(Node {
                op: Op::Input { .. },
                ..
            }) => {}
            _ => return Err(GraphError::NoInput),
        }
        let mut shapes: Vec<Flow> = Vec::with_capacity(self.nodes.len());
        for (i, n) in self.nodes.iter().enumerate() {
            if i > 0 && n.op.kind() == OpKind::Input {
                return Err(GraphError::MisplacedInput { node: i });
            }
            let mut ins = Vec::with_capacity(n.inputs.len());
            for &from in &n.inputs {
                if from >= i {
                    return Err(GraphError::ForwardEdge { node: i, from });
                }
                ins.push(shapes[from]);
            }
            shapes.push(n.op.output(i, &ins)?);
        }
        Ok(shapes)
    }

    /// Every node's Keras name: the given one, or Keras's automatic name
    /// counted per kind in creation order (`input_1` for the input, as
    /// TensorFlow 2 names it).
    pub fn names(&self) -> Vec<String> {
        let mut counters = [0usize; OpKind::ALL.len()];
        self.nodes
            .iter()
            .map(|n| {
                if let Some(name) = &n.name {
                    return name.clone();
                }
                let kind = n.op.kind();
                let count = &mut counters[kind as usize];
                *count += 1;
                match (kind, *count) {
                    (OpKind::Input, k) => format!("input_{k}"),
                    (_, 1) => kind.keras_name().to_string(),
                    (_, k) => format!("{}_{}", kind.keras_name(), k - 1),
                }
            })
            .collect()
    }

    /// Keras's order of layers in a summary: by depth from the output,
    /// deepest (the input) first; layers at one depth in the order a walk
    /// from the output first meets them (Keras's `_map_graph_network`).
    /// For a chain this is creation order; for the Inception module it puts
    /// the 1x1 reductions before the branch outputs, as the slide prints.
    pub fn keras_order(&self) -> Vec<usize> {
        let n = self.nodes.len();
        if n == 0 {
            return vec![];
        }
        // Pre-order from the output, inputs in order.
        let mut first_met = vec![usize::MAX; n];
        let mut met = 0;
        let mut stack = vec![n - 1];
        let mut post = Vec::with_capacity(n);
        let mut done = vec![false; n];
        // Iterative DFS that records pre-order (first meeting) and
        // post-order (all inputs finished).
        let mut cursor = vec![0usize; n];
        while let Some(&top) = stack.last() {
            if first_met[top] == usize::MAX {
                first_met[top] = met;
                met += 1;
            }
            let inputs = &self.nodes[top].inputs;
            if cursor[top] < inputs.len() {
                let next = inputs[cursor[top]];
                cursor[top] += 1;
                if !done[next] && first_met[next] == usize::MAX {
                    stack.push(next);
                }
            } else {
                stack.pop();
                if !done[top] {
                    done[top] = true;
                    post.push(top);
                }
            }
        }
        // Depth: the longest path to the output, walking from the output.
        let mut depth = vec![0usize; n];
        for &node in post.iter().rev() {
            for &from in &self.nodes[node].inputs {
                depth[from] = depth[from].max(depth[node] + 1);
            }
        }
        let mut order: Vec<usize> = post;
        order.sort_by_key(|&i| (std::cmp::Reverse(depth[i]), first_met[i]));
        order
    }

    /// Keras's `model.summary()` of this graph.
    pub fn summary(&self) -> Result<GraphSummary, GraphError> {
        let shapes = self.shapes()?;
        let names = self.names();
        let mut rows = Vec::with_capacity(self.nodes.len());
        for i in self.keras_order() {
            let n = &self.nodes[i];
            let input = n.inputs.first().map(|&f| shapes[f]).unwrap_or(shapes[i]);
            let params = n.op.params(input);
            rows.push(Row {
                node: i,
                name: names[i].clone(),
                kind: n.op.kind(),
                output: shapes[i],
                params: params.iter().map(Param::len).sum(),
                trainable: params.iter().filter(|p| p.trainable).map(Param::len).sum(),
                mult_adds: n.op.mult_adds(input, shapes[i]),
                connected_to: n
                    .inputs
                    .iter()
                    .map(|&f| format!("{}[0][0]", names[f]))
                    .collect(),
                block: n.block.clone(),
            });
        }
        let total = rows.iter().map(|r| r.params).sum();
        let trainable = rows.iter().map(|r| r.trainable).sum();
        if self.sequential {
            rows.retain(|r| r.kind != OpKind::Input);
        }
        Ok(GraphSummary {
            name: self.name.clone(),
            sequential: self.sequential,
            total,
            trainable,
            non_trainable: total - trainable,
            mult_adds: rows.iter().map(|r| r.mult_adds).sum(),
            rows,
        })
    }
}

/// Builds a [`Graph`] the way Keras's functional API reads: each call adds
/// a layer on earlier outputs and returns its handle.
#[derive(Debug, Clone)]
pub struct Builder {
    graph: Graph,
    block: Option<String>,
}

/// A node's output, to feed later layers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Out(pub usize);

impl Builder {
    /// A model called `name` on an input of `shape`; returns the builder and
    /// the input's handle.
    pub fn new(name: &str, shape: Shape3) -> (Builder, Out) {
        let graph = Graph {
            name: name.to_string(),
            nodes: vec![Node {
                op: Op::Input { shape },
                inputs: vec![],
                name: None,
                block: None,
            }],
            sequential: false,
        };
        (Builder { graph, block: None }, Out(0))
    }

    /// Layers added from now on belong to `block` (`None`: to no block).
    pub fn block(&mut self, block: Option<&str>) {
        self.block = block.map(str::to_string);
    }

    /// Adds `op` on `inputs` with Keras's automatic name.
    pub fn add(&mut self, op: Op, inputs: &[Out]) -> Out {
        self.push(op, inputs, None)
    }

    /// Adds `op` on `inputs` with a given name.
    pub fn named(&mut self, name: impl Into<String>, op: Op, inputs: &[Out]) -> Out {
        self.push(op, inputs, Some(name.into()))
    }

    fn push(&mut self, op: Op, inputs: &[Out], name: Option<String>) -> Out {
        self.graph.nodes.push(Node {
            op,
            inputs: inputs.iter().map(|o| o.0).collect(),
            name,
            block: self.block.clone(),
        });
        Out(self.graph.nodes.len() - 1)
    }

    /// The graph as built; its output is the last layer added.
    pub fn finish(self) -> Graph {
        self.graph
    }

    /// The graph as a Keras `Sequential` model (see [`Graph::sequential`]).
    pub fn sequential(self) -> Graph {
        Graph {
            sequential: true,
            ..self.graph
        }
    }
}

/// Shorthands for the layers, with Keras's defaults.
pub mod ops {
    use super::{Activation, Op, Padding};

    /// `Conv2D(filters, (kh, kw), strides, padding, activation)`, with bias.
    pub const fn conv(
        filters: usize,
        kernel: [usize; 2],
        stride: usize,
        padding: Padding,
        activation: Activation,
    ) -> Op {
        Op::Conv2d {
            filters,
            kernel,
            stride: [stride, stride],
            padding,
            activation,
            bias: true,
        }
    }

    /// A square convolution without bias and without activation (the form
    /// that batch normalization follows).
    pub const fn conv_nb(filters: usize, k: usize, stride: usize, padding: Padding) -> Op {
        Op::Conv2d {
            filters,
            kernel: [k, k],
            stride: [stride, stride],
            padding,
            activation: Activation::Linear,
            bias: false,
        }
    }

    /// `BatchNormalization(epsilon)` with scale and centre.
    pub const fn bn(epsilon: f32) -> Op {
        Op::BatchNorm {
            epsilon,
            center: true,
            scale: true,
        }
    }

    pub const fn act(activation: Activation) -> Op {
        Op::Activation { activation }
    }

    pub const fn max_pool(size: usize, stride: usize, padding: Padding) -> Op {
        Op::MaxPool {
            size: [size, size],
            stride: [stride, stride],
            padding,
        }
    }

    pub const fn avg_pool(size: usize, stride: usize, padding: Padding) -> Op {
        Op::AvgPool {
            size: [size, size],
            stride: [stride, stride],
            padding,
        }
    }

    pub const fn dense(units: usize, activation: Activation) -> Op {
        Op::Dense {
            units,
            activation,
            bias: true,
        }
    }

    pub const fn pad(p: usize) -> Op {
        Op::ZeroPadding {
            top: p,
            bottom: p,
            left: p,
            right: p,
        }
    }

    /// A square `same` separable convolution.
    pub const fn separable(
        filters: usize,
        k: usize,
        stride: usize,
        activation: Activation,
        bias: bool,
    ) -> Op {
        Op::SeparableConv2d {
            filters,
            kernel: [k, k],
            stride: [stride, stride],
            padding: Padding::Same,
            activation,
            bias,
        }
    }

    /// `BatchNormalization(epsilon, scale=False)`: no gamma (Inception's
    /// `conv2d_bn`, where the ReLU that follows makes a scale redundant).
    pub const fn bn_no_scale(epsilon: f32) -> Op {
        Op::BatchNorm {
            epsilon,
            center: true,
            scale: false,
        }
    }
}

#[cfg(test)]
mod tests;

//! One entry of a model: a Keras layer or a whole block template
//! ([`crate::blocks`]), its settings as the editor and URLs see them, and
//! the one table of its kind's names.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{Activation, Padding};
use crate::blocks;
use crate::graph::{Builder, Flow, GraphError, Op, OpKind, Out, Param};

/// One entry of a model: a layer, or a block of layers inserted whole.
/// Kernels, strides and pools are square.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Layer {
    /// Keras `Conv2D(filters, (kernel, kernel), strides=stride, padding=…)`.
    Conv2d {
        filters: usize,
        kernel: usize,
        stride: usize,
        padding: Padding,
        activation: Activation,
    },
    /// Keras `MaxPooling2D(pool_size=size, strides=stride)`, padding valid.
    MaxPool { size: usize, stride: usize },
    /// Keras `AveragePooling2D(pool_size=size, strides=stride)`, padding valid.
    AvgPool { size: usize, stride: usize },
    /// Keras `Dropout(rate)`, `0 <= rate < 1`.
    Dropout { rate: f32 },
    /// Keras `Flatten()`.
    Flatten,
    /// Keras `Dense(units, activation=…)`; its input must be flat.
    Dense {
        units: usize,
        activation: Activation,
    },
    /// Keras `BatchNormalization()`: the batch's statistics while training,
    /// the moving mean and variance after.
    BatchNorm,
    /// Keras `Activation(activation)`.
    Activation { activation: Activation },
    /// Keras `GlobalAveragePooling2D()`: one mean per map.
    GlobalAvgPool,
    /// Keras `GlobalMaxPooling2D()`: one maximum per map.
    GlobalMaxPool,
    /// Keras `ZeroPadding2D(pad)`: `pad` rows and columns of zeros on
    /// every side.
    ZeroPadding { pad: usize },
    /// Keras `DepthwiseConv2D(kernel, strides=stride, padding=…)`: one
    /// filter per channel.
    DepthwiseConv2d {
        kernel: usize,
        stride: usize,
        padding: Padding,
        activation: Activation,
    },
    /// Keras `SeparableConv2D(filters, kernel, …)`: depthwise, then 1x1.
    SeparableConv2d {
        filters: usize,
        kernel: usize,
        stride: usize,
        padding: Padding,
        activation: Activation,
    },
    /// [`blocks::vgg`].
    VggBlock { filters: usize, convs: usize },
    /// [`blocks::residual`].
    ResidualBlock {
        filters: usize,
        stride: usize,
        projection: bool,
    },
    /// [`blocks::inception`].
    InceptionBlock { filters: usize, reduce: bool },
    /// [`blocks::dense`].
    DenseBlock { growth: usize, layers: usize },
    /// [`blocks::transition`].
    Transition,
    /// [`blocks::separable`].
    SeparableBlock { filters: usize, stride: usize },
}

/// A setting's value, as the editor shows it and a URL writes it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    /// A whole number: filters, a kernel's side, a stride, …
    Count(usize),
    /// A dropout rate.
    Rate(f32),
    Padding(Padding),
    Activation(Activation),
    /// On or off: a projection shortcut, 1x1 reductions.
    Flag(bool),
}

impl Value {
    fn same_type(self, other: Value) -> bool {
        std::mem::discriminant(&self) == std::mem::discriminant(&other)
    }
}

const fn square(n: usize) -> [usize; 2] {
    [n, n]
}

impl Layer {
    /// A convolution with stride 1.
    pub const fn conv(
        filters: usize,
        kernel: usize,
        padding: Padding,
        activation: Activation,
    ) -> Self {
        Layer::Conv2d {
            filters,
            kernel,
            stride: 1,
            padding,
            activation,
        }
    }

    /// Max pooling with `stride == size`.
    pub const fn max_pool(size: usize) -> Self {
        Layer::MaxPool { size, stride: size }
    }

    /// Average pooling with `stride == size`.
    pub const fn avg_pool(size: usize) -> Self {
        Layer::AvgPool { size, stride: size }
    }

    pub const fn dense(units: usize, activation: Activation) -> Self {
        Layer::Dense { units, activation }
    }

    /// This layer as one node of a [`crate::graph::Graph`], or `None` for
    /// a block (which is several: [`Layer::build`]).
    pub const fn op(&self) -> Option<Op> {
        Some(match *self {
            Layer::Conv2d {
                filters,
                kernel,
                stride,
                padding,
                activation,
            } => Op::Conv2d {
                filters,
                kernel: square(kernel),
                stride: square(stride),
                padding,
                activation,
                bias: true,
            },
            Layer::MaxPool { size, stride } => Op::MaxPool {
                size: square(size),
                stride: square(stride),
                padding: Padding::Valid,
            },
            Layer::AvgPool { size, stride } => Op::AvgPool {
                size: square(size),
                stride: square(stride),
                padding: Padding::Valid,
            },
            Layer::Dropout { rate } => Op::Dropout { rate },
            Layer::Flatten => Op::Flatten,
            Layer::Dense { units, activation } => Op::Dense {
                units,
                activation,
                bias: true,
            },
            Layer::BatchNorm => Op::BatchNorm {
                epsilon: blocks::BN_EPSILON,
                center: true,
                scale: true,
            },
            Layer::Activation { activation } => Op::Activation { activation },
            Layer::GlobalAvgPool => Op::GlobalAvgPool,
            Layer::GlobalMaxPool => Op::GlobalMaxPool,
            Layer::ZeroPadding { pad } => Op::ZeroPadding {
                top: pad,
                bottom: pad,
                left: pad,
                right: pad,
            },
            Layer::DepthwiseConv2d {
                kernel,
                stride,
                padding,
                activation,
            } => Op::DepthwiseConv2d {
                kernel: square(kernel),
                stride: square(stride),
                padding,
                multiplier: 1,
                activation,
                bias: true,
            },
            Layer::SeparableConv2d {
                filters,
                kernel,
                stride,
                padding,
                activation,
            } => Op::SeparableConv2d {
                filters,
                kernel: square(kernel),
                stride: square(stride),
                padding,
                activation,
                bias: true,
            },
            Layer::VggBlock { .. }
            | Layer::ResidualBlock { .. }
            | Layer::InceptionBlock { .. }
            | Layer::DenseBlock { .. }
            | Layer::Transition
            | Layer::SeparableBlock { .. } => return None,
        })
    }

    /// Adds this layer (or this block's layers) on `x`, whose shape is
    /// `input`, and returns its output.
    pub fn build(&self, b: &mut Builder, x: Out, input: Flow) -> Out {
        if let Some(op) = self.op() {
            return b.add(op, &[x]);
        }
        match *self {
            Layer::VggBlock { filters, convs } => blocks::vgg(b, x, filters, convs),
            Layer::ResidualBlock {
                filters,
                stride,
                projection,
            } => blocks::residual(b, x, filters, stride, projection),
            Layer::InceptionBlock { filters, reduce } => blocks::inception(b, x, filters, reduce),
            Layer::DenseBlock { growth, layers } => blocks::dense(b, x, growth, layers),
            Layer::Transition => blocks::transition(b, x, input.channels()),
            Layer::SeparableBlock { filters, stride } => blocks::separable(b, x, filters, stride),
            _ => x,
        }
    }

    /// The output for `input` and the parameter tensors this layer owns,
    /// in order ([`Op::params`], which is **the** list for every layer,
    /// node by node for a block). The summary's counts, the burn network,
    /// model files and the hand-over to cnn-core all read this (through
    /// [`super::ModelSpec::parameters`]).
    pub fn flow(&self, input: Flow) -> Result<(Flow, Vec<Param>), GraphError> {
        if let Some(op) = self.op() {
            let out = op.output(0, &[input])?;
            return Ok((out, op.params(input)));
        }
        let Flow::Spatial(shape) = input else {
            return Err(GraphError::SpatialAfterFlatten {
                node: 0,
                kind: OpKind::Conv2d,
            });
        };
        let (mut b, x) = Builder::new("block", shape);
        self.build(&mut b, x, input);
        let graph = b.finish();
        let shapes = graph.shapes()?;
        let params = graph
            .nodes
            .iter()
            .skip(1)
            .flat_map(|n| n.op.params(shapes[n.inputs[0]]))
            .collect();
        Ok((shapes[shapes.len() - 1], params))
    }

    /// The tensors of [`Layer::flow`] as `(name, shape)`, given the input
    /// as Keras's shape without the batch (`[height, width, channels]` or
    /// `[n]`); none when the layer does not fit its input.
    pub fn params(&self, input: &[usize]) -> Vec<(&'static str, Vec<usize>)> {
        let flow = match *input {
            [height, width, channels] => Flow::Spatial(super::Shape3::new(height, width, channels)),
            _ => Flow::Flat(input.iter().fold(1usize, |a, &d| a.saturating_mul(d))),
        };
        self.flow(flow)
            .map(|(_, p)| p.into_iter().map(|p| (p.name, p.shape)).collect())
            .unwrap_or_default()
    }

    /// Every setting with its name, in the editor's and the URL's order.
    /// [`LayerKind::with_values`] reads them back.
    pub fn settings(&self) -> Vec<(&'static str, Value)> {
        use Value::{Count, Flag};
        let act = Value::Activation;
        let pad = Value::Padding;
        match *self {
            Layer::Conv2d {
                filters,
                kernel,
                stride,
                padding,
                activation,
            }
            | Layer::SeparableConv2d {
                filters,
                kernel,
                stride,
                padding,
                activation,
            } => vec![
                ("filters", Count(filters)),
                ("kernel", Count(kernel)),
                ("stride", Count(stride)),
                ("padding", pad(padding)),
                ("activation", act(activation)),
            ],
            Layer::MaxPool { size, stride } | Layer::AvgPool { size, stride } => {
                vec![("size", Count(size)), ("stride", Count(stride))]
            }
            Layer::Dropout { rate } => vec![("rate", Value::Rate(rate))],
            Layer::Dense { units, activation } => {
                vec![("units", Count(units)), ("activation", act(activation))]
            }
            Layer::Activation { activation } => vec![("activation", act(activation))],
            Layer::ZeroPadding { pad: p } => vec![("pad", Count(p))],
            Layer::DepthwiseConv2d {
                kernel,
                stride,
                padding,
                activation,
            } => vec![
                ("kernel", Count(kernel)),
                ("stride", Count(stride)),
                ("padding", pad(padding)),
                ("activation", act(activation)),
            ],
            Layer::VggBlock { filters, convs } => {
                vec![("filters", Count(filters)), ("convs", Count(convs))]
            }
            Layer::ResidualBlock {
                filters,
                stride,
                projection,
            } => vec![
                ("filters", Count(filters)),
                ("stride", Count(stride)),
                ("projection", Flag(projection)),
            ],
            Layer::InceptionBlock { filters, reduce } => {
                vec![("filters", Count(filters)), ("reduce", Flag(reduce))]
            }
            Layer::DenseBlock { growth, layers } => {
                vec![("growth", Count(growth)), ("layers", Count(layers))]
            }
            Layer::SeparableBlock { filters, stride } => {
                vec![("filters", Count(filters)), ("stride", Count(stride))]
            }
            Layer::Flatten
            | Layer::BatchNorm
            | Layer::GlobalAvgPool
            | Layer::GlobalMaxPool
            | Layer::Transition => vec![],
        }
    }

    /// A copy with the setting `name` set to `value`; the same layer when
    /// it has no such setting or `value` is of another type.
    #[must_use]
    pub fn with(&self, name: &str, value: Value) -> Layer {
        let mut values: Vec<Value> = self.settings().into_iter().map(|(_, v)| v).collect();
        let Some(i) = self.settings().iter().position(|(n, _)| *n == name) else {
            return *self;
        };
        if !values[i].same_type(value) {
            return *self;
        }
        values[i] = value;
        self.kind().with_values(&values).unwrap_or(*self)
    }

    pub const fn kind(&self) -> LayerKind {
        match self {
            Layer::Conv2d { .. } => LayerKind::Conv2d,
            Layer::MaxPool { .. } => LayerKind::MaxPool,
            Layer::AvgPool { .. } => LayerKind::AvgPool,
            Layer::Dropout { .. } => LayerKind::Dropout,
            Layer::Flatten => LayerKind::Flatten,
            Layer::Dense { .. } => LayerKind::Dense,
            Layer::BatchNorm => LayerKind::BatchNorm,
            Layer::Activation { .. } => LayerKind::Activation,
            Layer::GlobalAvgPool => LayerKind::GlobalAvgPool,
            Layer::GlobalMaxPool => LayerKind::GlobalMaxPool,
            Layer::ZeroPadding { .. } => LayerKind::ZeroPadding,
            Layer::DepthwiseConv2d { .. } => LayerKind::DepthwiseConv2d,
            Layer::SeparableConv2d { .. } => LayerKind::SeparableConv2d,
            Layer::VggBlock { .. } => LayerKind::VggBlock,
            Layer::ResidualBlock { .. } => LayerKind::ResidualBlock,
            Layer::InceptionBlock { .. } => LayerKind::InceptionBlock,
            Layer::DenseBlock { .. } => LayerKind::DenseBlock,
            Layer::Transition => LayerKind::Transition,
            Layer::SeparableBlock { .. } => LayerKind::SeparableBlock,
        }
    }
}

/// The kind of a [`Layer`], without its settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LayerKind {
    Conv2d,
    MaxPool,
    AvgPool,
    Dropout,
    Flatten,
    Dense,
    BatchNorm,
    Activation,
    GlobalAvgPool,
    GlobalMaxPool,
    ZeroPadding,
    DepthwiseConv2d,
    SeparableConv2d,
    VggBlock,
    ResidualBlock,
    InceptionBlock,
    DenseBlock,
    Transition,
    SeparableBlock,
}

/// `(kind, key, URL letter, Keras class, Keras name)`.
type Names = (LayerKind, &'static str, char, &'static str, &'static str);

impl LayerKind {
    /// Every kind, in the editor's order: the layers, then the blocks.
    pub const ALL: [LayerKind; 19] = [
        LayerKind::Conv2d,
        LayerKind::MaxPool,
        LayerKind::AvgPool,
        LayerKind::Dropout,
        LayerKind::Flatten,
        LayerKind::Dense,
        LayerKind::BatchNorm,
        LayerKind::Activation,
        LayerKind::GlobalAvgPool,
        LayerKind::GlobalMaxPool,
        LayerKind::ZeroPadding,
        LayerKind::DepthwiseConv2d,
        LayerKind::SeparableConv2d,
        LayerKind::VggBlock,
        LayerKind::ResidualBlock,
        LayerKind::InceptionBlock,
        LayerKind::DenseBlock,
        LayerKind::Transition,
        LayerKind::SeparableBlock,
    ];

    /// The one table of a kind's names: `(kind, key, URL letter, Keras
    /// class, Keras name)`. The key is the `type` of a [`Layer`] in model
    /// files and project zips (serde's name) and the editor's option; the
    /// letter starts a layer in a URL's `layers=`. Keys and letters are file
    /// formats: a kind may be added, never respelled. A block's class and
    /// name are what Keras prints for a custom layer of that name.
    const NAMES: [Names; 19] = [
        (LayerKind::Conv2d, "conv2d", 'c', "Conv2D", "conv2d"),
        (
            LayerKind::MaxPool,
            "max_pool",
            'm',
            "MaxPooling2D",
            "max_pooling2d",
        ),
        (
            LayerKind::AvgPool,
            "avg_pool",
            'a',
            "AveragePooling2D",
            "average_pooling2d",
        ),
        (LayerKind::Dropout, "dropout", 'd', "Dropout", "dropout"),
        (LayerKind::Flatten, "flatten", 'f', "Flatten", "flatten"),
        (LayerKind::Dense, "dense", 'D', "Dense", "dense"),
        (
            LayerKind::BatchNorm,
            "batch_norm",
            'b',
            "BatchNormalization",
            "batch_normalization",
        ),
        (
            LayerKind::Activation,
            "activation",
            'A',
            "Activation",
            "activation",
        ),
        (
            LayerKind::GlobalAvgPool,
            "global_avg_pool",
            'g',
            "GlobalAveragePooling2D",
            "global_average_pooling2d",
        ),
        (
            LayerKind::GlobalMaxPool,
            "global_max_pool",
            'G',
            "GlobalMaxPooling2D",
            "global_max_pooling2d",
        ),
        (
            LayerKind::ZeroPadding,
            "zero_padding",
            'z',
            "ZeroPadding2D",
            "zero_padding2d",
        ),
        (
            LayerKind::DepthwiseConv2d,
            "depthwise_conv2d",
            'w',
            "DepthwiseConv2D",
            "depthwise_conv2d",
        ),
        (
            LayerKind::SeparableConv2d,
            "separable_conv2d",
            's',
            "SeparableConv2D",
            "separable_conv2d",
        ),
        (
            LayerKind::VggBlock,
            "vgg_block",
            'V',
            "VGGBlock",
            "vgg_block",
        ),
        (
            LayerKind::ResidualBlock,
            "residual_block",
            'R',
            "ResidualBlock",
            "residual_block",
        ),
        (
            LayerKind::InceptionBlock,
            "inception_block",
            'I',
            "InceptionBlock",
            "inception_block",
        ),
        (
            LayerKind::DenseBlock,
            "dense_block",
            'N',
            "DenseBlock",
            "dense_block",
        ),
        (
            LayerKind::Transition,
            "transition",
            'T',
            "TransitionBlock",
            "transition_block",
        ),
        (
            LayerKind::SeparableBlock,
            "separable_block",
            'S',
            "SeparableBlock",
            "separable_block",
        ),
    ];

    const fn names(self) -> Names {
        Self::NAMES[self as usize]
    }

    /// The key: a layer's `type` in model files, the editor's option value
    /// and its message (`ed-kind-<key>`): `conv2d`, `max_pool`, …
    pub const fn key(self) -> &'static str {
        self.names().1
    }

    /// The letter that starts the layer in a URL's `layers=`: `c`, `m`, …
    pub const fn letter(self) -> char {
        self.names().2
    }

    /// The Keras class name: `Conv2D`, `MaxPooling2D`, …
    pub const fn keras_class(self) -> &'static str {
        self.names().3
    }

    /// The base of Keras's automatic layer names: `conv2d`, `max_pooling2d`, …
    pub const fn keras_name(self) -> &'static str {
        self.names().4
    }

    /// The kind a key names.
    pub fn from_key(key: &str) -> Option<LayerKind> {
        Self::NAMES.iter().find(|n| n.1 == key).map(|n| n.0)
    }

    /// The kind a URL letter names.
    pub fn from_letter(letter: char) -> Option<LayerKind> {
        Self::NAMES.iter().find(|n| n.2 == letter).map(|n| n.0)
    }

    /// True for a block template (several Keras layers inserted whole).
    pub const fn is_block(self) -> bool {
        (self as usize) >= LayerKind::VggBlock as usize
    }

    /// A new layer of this kind with everyday settings (the editor's choice
    /// when the learner adds one or changes a layer's kind).
    pub const fn default_layer(self) -> Layer {
        use Activation::Relu;
        match self {
            LayerKind::Conv2d => Layer::conv(8, 3, Padding::Valid, Relu),
            LayerKind::MaxPool => Layer::max_pool(2),
            LayerKind::AvgPool => Layer::avg_pool(2),
            LayerKind::Dropout => Layer::Dropout { rate: 0.25 },
            LayerKind::Flatten => Layer::Flatten,
            LayerKind::Dense => Layer::dense(32, Relu),
            LayerKind::BatchNorm => Layer::BatchNorm,
            LayerKind::Activation => Layer::Activation { activation: Relu },
            LayerKind::GlobalAvgPool => Layer::GlobalAvgPool,
            LayerKind::GlobalMaxPool => Layer::GlobalMaxPool,
            LayerKind::ZeroPadding => Layer::ZeroPadding { pad: 1 },
            LayerKind::DepthwiseConv2d => Layer::DepthwiseConv2d {
                kernel: 3,
                stride: 1,
                padding: Padding::Same,
                activation: Relu,
            },
            LayerKind::SeparableConv2d => Layer::SeparableConv2d {
                filters: 16,
                kernel: 3,
                stride: 1,
                padding: Padding::Same,
                activation: Relu,
            },
            LayerKind::VggBlock => Layer::VggBlock {
                filters: 16,
                convs: 2,
            },
            LayerKind::ResidualBlock => Layer::ResidualBlock {
                filters: 16,
                stride: 1,
                projection: true,
            },
            LayerKind::InceptionBlock => Layer::InceptionBlock {
                filters: 8,
                reduce: true,
            },
            LayerKind::DenseBlock => Layer::DenseBlock {
                growth: 8,
                layers: 2,
            },
            LayerKind::Transition => Layer::Transition,
            LayerKind::SeparableBlock => Layer::SeparableBlock {
                filters: 16,
                stride: 1,
            },
        }
    }

    /// The layer of this kind with these settings, in [`Layer::settings`]'
    /// order; `None` when they are not this kind's settings.
    pub fn with_values(self, values: &[Value]) -> Option<Layer> {
        use Value::{Activation as A, Count as C, Flag as F, Padding as P, Rate};
        Some(match (self, values) {
            (LayerKind::Conv2d, &[C(filters), C(kernel), C(stride), P(padding), A(activation)]) => {
                Layer::Conv2d {
                    filters,
                    kernel,
                    stride,
                    padding,
                    activation,
                }
            }
            (LayerKind::MaxPool, &[C(size), C(stride)]) => Layer::MaxPool { size, stride },
            (LayerKind::AvgPool, &[C(size), C(stride)]) => Layer::AvgPool { size, stride },
            (LayerKind::Dropout, &[Rate(rate)]) => Layer::Dropout { rate },
            (LayerKind::Dense, &[C(units), A(activation)]) => Layer::Dense { units, activation },
            (LayerKind::Activation, &[A(activation)]) => Layer::Activation { activation },
            (LayerKind::ZeroPadding, &[C(pad)]) => Layer::ZeroPadding { pad },
            (LayerKind::DepthwiseConv2d, &[C(kernel), C(stride), P(padding), A(activation)]) => {
                Layer::DepthwiseConv2d {
                    kernel,
                    stride,
                    padding,
                    activation,
                }
            }
            (
                LayerKind::SeparableConv2d,
                &[C(filters), C(kernel), C(stride), P(padding), A(activation)],
            ) => Layer::SeparableConv2d {
                filters,
                kernel,
                stride,
                padding,
                activation,
            },
            (LayerKind::VggBlock, &[C(filters), C(convs)]) => Layer::VggBlock { filters, convs },
            (LayerKind::ResidualBlock, &[C(filters), C(stride), F(projection)]) => {
                Layer::ResidualBlock {
                    filters,
                    stride,
                    projection,
                }
            }
            (LayerKind::InceptionBlock, &[C(filters), F(reduce)]) => {
                Layer::InceptionBlock { filters, reduce }
            }
            (LayerKind::DenseBlock, &[C(growth), C(layers)]) => {
                Layer::DenseBlock { growth, layers }
            }
            (LayerKind::SeparableBlock, &[C(filters), C(stride)]) => {
                Layer::SeparableBlock { filters, stride }
            }
            (
                LayerKind::Flatten
                | LayerKind::BatchNorm
                | LayerKind::GlobalAvgPool
                | LayerKind::GlobalMaxPool
                | LayerKind::Transition,
                [],
            ) => self.default_layer(),
            _ => return None,
        })
    }

    pub(super) fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for LayerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.keras_class())
    }
}

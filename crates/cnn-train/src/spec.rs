//! Model descriptions: a sequential stack of layers, its shape inference with
//! Keras semantics, and a Keras-style `model.summary()`.
//!
//! Shapes follow Keras: an input is `(height, width, channels)` and every
//! shape in a [`Summary`] leaves out the batch dimension.

use std::fmt;

use serde::{Deserialize, Serialize};

mod layer;

pub use layer::{Layer, LayerKind, Value};

use crate::graph::{Builder, Flow, Graph, GraphError, Param};

/// The most parameters a model may have: a browser tab trains it.
pub const MAX_PARAMS: usize = 20_000_000;

/// A spatial shape in Keras order: `(height, width, channels)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Shape3 {
    pub height: usize,
    pub width: usize,
    pub channels: usize,
}

impl Shape3 {
    pub const fn new(height: usize, width: usize, channels: usize) -> Self {
        Self {
            height,
            width,
            channels,
        }
    }

    /// `height * width * channels`, saturating instead of overflowing.
    pub fn len(&self) -> usize {
        self.height
            .saturating_mul(self.width)
            .saturating_mul(self.channels)
    }

    /// True when any side is zero.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl fmt::Display for Shape3 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}x{}x{}", self.height, self.width, self.channels)
    }
}

/// Convolution padding, as Keras names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Padding {
    /// No padding: `out = floor((in - kernel) / stride) + 1`.
    Valid,
    /// Zero padding so that `out = ceil(in / stride)`.
    Same,
}

/// A layer's activation function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Activation {
    Linear,
    Relu,
    Tanh,
    Sigmoid,
    Softmax,
    /// `min(max(0, x), 6)`: MobileNet's and EfficientNet-Lite's ReLU, whose
    /// bounded output survives 8-bit arithmetic.
    Relu6,
}

impl Activation {
    /// Every activation, in the editor's order.
    pub const ALL: [Activation; 6] = [
        Activation::Relu,
        Activation::Tanh,
        Activation::Sigmoid,
        Activation::Softmax,
        Activation::Linear,
        Activation::Relu6,
    ];

    /// Keras's name, which is also its name in model files, URLs and the
    /// editor: `relu`, `relu6`, `tanh`, …
    pub const fn key(self) -> &'static str {
        match self {
            Activation::Linear => "linear",
            Activation::Relu => "relu",
            Activation::Tanh => "tanh",
            Activation::Sigmoid => "sigmoid",
            Activation::Softmax => "softmax",
            Activation::Relu6 => "relu6",
        }
    }

    /// The activation a key names.
    pub fn from_key(key: &str) -> Option<Activation> {
        Self::ALL.into_iter().find(|a| a.key() == key)
    }

    /// The function on one value (softmax, which needs the whole vector,
    /// leaves `v` as is: it is only allowed on a flat output layer).
    pub fn apply(self, v: f32) -> f32 {
        match self {
            Activation::Relu => v.max(0.0),
            Activation::Relu6 => v.clamp(0.0, 6.0),
            Activation::Tanh => v.tanh(),
            Activation::Sigmoid => 1.0 / (1.0 + (-v).exp()),
            Activation::Linear | Activation::Softmax => v,
        }
    }
}

/// How the last layer is read: the last layer must be a [`Layer::Dense`]
/// with the matching units and activation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Output {
    /// `classes` units with softmax; `classes >= 2`.
    Softmax { classes: usize },
    /// One unit with sigmoid: a binary classifier.
    Sigmoid,
}

impl Output {
    /// The units and activation the last Dense layer must have.
    pub const fn expected(self) -> (usize, Activation) {
        match self {
            Output::Softmax { classes } => (classes, Activation::Softmax),
            Output::Sigmoid => (1, Activation::Sigmoid),
        }
    }

    /// Number of classes the model tells apart.
    pub const fn classes(self) -> usize {
        match self {
            Output::Softmax { classes } => classes,
            Output::Sigmoid => 2,
        }
    }
}

/// One parameter tensor of a model (see [`Layer::params`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamTensor {
    /// Index into [`ModelSpec::layers`] of the layer that owns it.
    pub layer: usize,
    /// Keras's name for it: `kernel` or `bias`.
    pub name: &'static str,
    pub shape: Vec<usize>,
}

impl ParamTensor {
    /// How many numbers it holds.
    pub fn len(&self) -> usize {
        self.shape.iter().fold(1usize, |a, &d| a.saturating_mul(d))
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A sequential model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelSpec {
    pub name: String,
    /// `(height, width, channels)`
    pub input: Shape3,
    pub layers: Vec<Layer>,
    pub output: Output,
}

/// One row of a [`Summary`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryRow {
    /// Keras's automatic name: `conv2d`, `conv2d_1`, `dense`, …
    pub name: String,
    pub kind: LayerKind,
    /// Without the batch: `[height, width, channels]` or `[units]`.
    pub output_shape: Vec<usize>,
    pub params: usize,
}

impl SummaryRow {
    /// The shape as Keras prints it: `(None, 26, 26, 32)`.
    pub fn keras_shape(&self) -> String {
        let mut s = String::from("(None");
        for d in &self.output_shape {
            s.push_str(", ");
            s.push_str(&d.to_string());
        }
        s.push(')');
        s
    }
}

/// What Keras's `model.summary()` prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub rows: Vec<SummaryRow>,
    pub total: usize,
    pub trainable: usize,
    pub non_trainable: usize,
}

/// Why a [`ModelSpec`] cannot be built. `layer` is the 0-based index into
/// [`ModelSpec::layers`]. Crosses the worker boundary inside
/// `protocol::WorkerError`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum SpecError {
    /// The model has no layers.
    Empty,
    /// A side of the input is zero.
    ZeroInput {
        #[serde(deserialize_with = "field_name")]
        field: Setting,
    },
    /// A setting that must be at least 1 is 0.
    ZeroSetting {
        layer: usize,
        kind: LayerKind,
        #[serde(deserialize_with = "field_name")]
        field: Setting,
    },
    /// A valid convolution or a pooling window is larger than its input.
    KernelTooLarge {
        layer: usize,
        kind: LayerKind,
        kernel: usize,
        input: Shape3,
    },
    /// A Dense layer got a spatial input: it needs a Flatten before it.
    NeedsFlatten { layer: usize, input: Shape3 },
    /// A convolution or pooling comes after the input was flattened.
    SpatialAfterFlatten {
        layer: usize,
        kind: LayerKind,
        input_len: usize,
    },
    /// A dropout rate outside `0 <= rate < 1`.
    DropoutRate { layer: usize, rate: f32 },
    /// A softmax output with fewer than two classes.
    OutputClasses { classes: usize },
    /// The last layer does not produce what [`ModelSpec::output`] reads.
    /// `found_units` and `found_activation` are `None` when the last layer
    /// is not Dense.
    OutputMismatch {
        layer: usize,
        output: Output,
        expected_units: usize,
        expected_activation: Activation,
        found_kind: LayerKind,
        found_units: Option<usize>,
        found_activation: Option<Activation>,
    },
    /// More parameters than [`MAX_PARAMS`].
    TooLarge { params: usize, limit: usize },
    /// A residual block without a projection whose path changes the shape:
    /// its shortcut (the input) cannot be added to its output.
    Shortcut {
        layer: usize,
        input: Shape3,
        output: Shape3,
    },
    /// A block that does not fit its input otherwise (its pooling is larger
    /// than the maps, …).
    DoesNotFit {
        layer: usize,
        kind: LayerKind,
        input: Shape3,
    },
}

/// A setting's name in a [`SpecError`]: one of a fixed few, so a plain
/// `&'static str` (an alias, so that serde reads it through [`field_name`]
/// instead of borrowing it from the JSON).
pub type Setting = &'static str;

/// The settings a [`SpecError`] can name.
const FIELDS: [&str; 11] = [
    "height", "width", "channels", "filters", "kernel", "stride", "size", "units", "convs",
    "growth", "layers",
];

/// A setting's name read back as the `&'static str` a [`SpecError`] holds.
fn field_name<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Setting, D::Error> {
    let name = String::deserialize(d)?;
    FIELDS
        .into_iter()
        .find(|f| *f == name)
        .ok_or_else(|| serde::de::Error::custom(format!("no setting is called {name:?}")))
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SpecError::Empty => write!(f, "The model has no layers: add at least a Dense output layer."),
            SpecError::ZeroInput { field } => {
                write!(f, "The input {field} is 0: every side of the input must be at least 1.")
            }
            SpecError::ZeroSetting { layer, kind, field } => write!(
                f,
                "Layer {} ({kind}): {field} is 0; set it to at least 1.",
                layer + 1
            ),
            SpecError::KernelTooLarge {
                layer,
                kind,
                kernel,
                input,
            } => write!(
                f,
                "Layer {} ({kind}): its {kernel}x{kernel} window is larger than its {}x{} input; \
                 use a smaller window, 'same' padding, or remove a pooling layer before it.",
                layer + 1,
                input.height,
                input.width
            ),
            SpecError::NeedsFlatten { layer, input } => write!(
                f,
                "Layer {} (Dense) gets a {input} input; add a Flatten layer before it.",
                layer + 1
            ),
            SpecError::SpatialAfterFlatten {
                layer,
                kind,
                input_len,
            } => write!(
                f,
                "Layer {} ({kind}) comes after the input was flattened to {input_len} values; \
                 move it before the Flatten layer.",
                layer + 1
            ),
            SpecError::DropoutRate { layer, rate } => write!(
                f,
                "Layer {} (Dropout): rate {rate} is outside 0 to 1; use a rate such as 0.25 or 0.5.",
                layer + 1
            ),
            SpecError::OutputClasses { classes } => write!(
                f,
                "A softmax output needs at least 2 classes, not {classes}; use a sigmoid output for yes/no."
            ),
            SpecError::OutputMismatch {
                layer,
                expected_units,
                expected_activation,
                found_kind,
                found_units,
                found_activation,
                ..
            } => match (found_units, found_activation) {
                (Some(units), Some(act)) => write!(
                    f,
                    "The last layer (layer {}) is Dense with {units} units and {act:?}; \
                     the output needs {expected_units} units with {expected_activation:?}.",
                    layer + 1
                ),
                _ => write!(
                    f,
                    "The last layer (layer {}) is {found_kind}; end the model with a Dense layer \
                     of {expected_units} units and {expected_activation:?}.",
                    layer + 1
                ),
            },
            SpecError::TooLarge { params, limit } => write!(
                f,
                "The model has {params} parameters, more than the {limit} a browser can train; \
                 use fewer filters or units, or pool before flattening."
            ),
            SpecError::Shortcut {
                layer,
                input,
                output,
            } => write!(
                f,
                "Layer {} (residual block): its shortcut carries {input} but its convolutions give \
                 {output}, and only equal shapes can be added; tick 'projection' (a 1x1 \
                 convolution on the shortcut), or use stride 1 and {} filters.",
                layer + 1,
                input.channels
            ),
            SpecError::DoesNotFit { layer, kind, input } => write!(
                f,
                "Layer {} ({kind}) does not fit its {input} input; put it before a pooling \
                 layer, or give the model a larger input.",
                layer + 1
            ),
        }
    }
}

impl std::error::Error for SpecError {}

impl ModelSpec {
    /// Shape inference and parameter counts, as Keras's `model.summary()`
    /// (a block is one row, as Keras prints a custom layer). Returns the
    /// first problem found, in layer order.
    pub fn summary(&self) -> Result<Summary, SpecError> {
        let input = self.input;
        for (field, v) in [
            ("height", input.height),
            ("width", input.width),
            ("channels", input.channels),
        ] {
            if v == 0 {
                return Err(SpecError::ZeroInput { field });
            }
        }
        if let Output::Softmax { classes } = self.output {
            if classes < 2 {
                return Err(SpecError::OutputClasses { classes });
            }
        }
        let Some(last) = self.layers.last() else {
            return Err(SpecError::Empty);
        };

        let mut counters = [0usize; LayerKind::ALL.len()];
        let mut flow = Flow::Spatial(input);
        let mut rows = Vec::with_capacity(self.layers.len());
        let (mut total, mut trainable) = (0usize, 0usize);
        for (layer, l) in self.layers.iter().enumerate() {
            let (next, tensors) = Self::check(layer, l, flow)?;
            let count = |trainable_only: bool| {
                tensors
                    .iter()
                    .filter(|p| p.trainable || !trainable_only)
                    .map(Param::len)
                    .fold(0usize, usize::saturating_add)
            };
            let params = count(false);
            total = total.saturating_add(params);
            trainable = trainable.saturating_add(count(true));
            flow = next;
            let kind = l.kind();
            let c = &mut counters[kind.index()];
            let name = match *c {
                0 => kind.keras_name().to_string(),
                k => format!("{}_{k}", kind.keras_name()),
            };
            *c += 1;
            rows.push(SummaryRow {
                name,
                kind,
                output_shape: flow.dims(),
                params,
            });
        }

        let (expected_units, expected_activation) = self.output.expected();
        let layer = self.layers.len() - 1;
        let ok = matches!(*last, Layer::Dense { units, activation }
            if units == expected_units && activation == expected_activation);
        if !ok {
            let (found_units, found_activation) = match *last {
                Layer::Dense { units, activation } => (Some(units), Some(activation)),
                _ => (None, None),
            };
            return Err(SpecError::OutputMismatch {
                layer,
                output: self.output,
                expected_units,
                expected_activation,
                found_kind: last.kind(),
                found_units,
                found_activation,
            });
        }
        if total > MAX_PARAMS {
            return Err(SpecError::TooLarge {
                params: total,
                limit: MAX_PARAMS,
            });
        }
        Ok(Summary {
            rows,
            total,
            trainable,
            non_trainable: total - trainable,
        })
    }

    /// Layer `layer` on `flow`: its output and tensors, or the learner's
    /// sentence for why it does not fit.
    fn check(layer: usize, l: &Layer, flow: Flow) -> Result<(Flow, Vec<Param>), SpecError> {
        let kind = l.kind();
        for (field, value) in l.settings() {
            // Zero padding of 0 is no padding; every other count is at least 1.
            if value == Value::Count(0) && field != "pad" {
                let field = FIELDS.into_iter().find(|f| *f == field).unwrap_or("size");
                return Err(SpecError::ZeroSetting { layer, kind, field });
            }
        }
        let needs_maps = !matches!(
            l,
            Layer::Dropout { .. }
                | Layer::Flatten
                | Layer::Dense { .. }
                | Layer::BatchNorm
                | Layer::Activation { .. }
        );
        match (*l, flow) {
            (_, Flow::Flat(n)) if needs_maps => {
                return Err(SpecError::SpatialAfterFlatten {
                    layer,
                    kind,
                    input_len: n,
                })
            }
            (Layer::Dense { .. }, Flow::Spatial(s)) => {
                return Err(SpecError::NeedsFlatten { layer, input: s })
            }
            (Layer::Dropout { rate }, _) if !(0.0..1.0).contains(&rate) => {
                return Err(SpecError::DropoutRate { layer, rate })
            }
            (
                Layer::ResidualBlock {
                    filters,
                    stride,
                    projection: false,
                },
                Flow::Spatial(s),
            ) if stride != 1 || s.channels != filters => {
                return Err(SpecError::Shortcut {
                    layer,
                    input: s,
                    output: Shape3::new(
                        s.height.div_ceil(stride),
                        s.width.div_ceil(stride),
                        filters,
                    ),
                })
            }
            _ => {}
        }
        l.flow(flow).map_err(|e| match (e, flow) {
            (GraphError::KernelTooLarge { kernel, .. }, Flow::Spatial(input)) => {
                SpecError::KernelTooLarge {
                    layer,
                    kind,
                    kernel: kernel[0],
                    input,
                }
            }
            (_, Flow::Spatial(input)) => SpecError::DoesNotFit { layer, kind, input },
            (_, Flow::Flat(n)) => SpecError::SpatialAfterFlatten {
                layer,
                kind,
                input_len: n,
            },
        })
    }

    /// Every parameter tensor, in order: layer by layer, each layer's
    /// [`Layer::flow`] tensors on its input. This order is the order of
    /// the weights in a model file and of the nodes of
    /// [`ModelSpec::graph`]. Refuses a spec that does not fit together.
    pub fn parameters(&self) -> Result<Vec<ParamTensor>, SpecError> {
        self.summary()?;
        let mut flow = Flow::Spatial(self.input);
        let mut out = Vec::new();
        for (layer, l) in self.layers.iter().enumerate() {
            let (next, tensors) = Self::check(layer, l, flow)?;
            out.extend(tensors.into_iter().map(|p| ParamTensor {
                layer,
                name: p.name,
                shape: p.shape,
            }));
            flow = next;
        }
        Ok(out)
    }

    /// A copy with `layer` inserted before `index`; an `index` past the end
    /// appends.
    #[must_use]
    pub fn insert(&self, index: usize, layer: Layer) -> Self {
        let mut s = self.clone();
        let index = index.min(s.layers.len());
        s.layers.insert(index, layer);
        s
    }

    /// A copy without the layer at `index`; unchanged when out of range.
    #[must_use]
    pub fn remove(&self, index: usize) -> Self {
        let mut s = self.clone();
        if index < s.layers.len() {
            s.layers.remove(index);
        }
        s
    }

    /// A copy with the layer at `from` moved to position `to` (clamped to the
    /// last position); unchanged when `from` is out of range.
    #[must_use]
    pub fn move_layer(&self, from: usize, to: usize) -> Self {
        let mut s = self.clone();
        if from < s.layers.len() {
            let layer = s.layers.remove(from);
            let to = to.min(s.layers.len());
            s.layers.insert(to, layer);
        }
        s
    }

    /// A copy with the layer at `index` replaced; unchanged when out of range.
    #[must_use]
    pub fn set(&self, index: usize, layer: Layer) -> Self {
        let mut s = self.clone();
        if let Some(slot) = s.layers.get_mut(index) {
            *slot = layer;
        }
        s
    }

    /// A copy for other data: the same layers on `input`, with the output
    /// rewritten for `classes`. Two classes keep a sigmoid output (one unit)
    /// when the model has one; otherwise the output becomes softmax over
    /// `classes` units. The last layer is rewritten only when it is Dense;
    /// any other last layer is left for [`ModelSpec::summary`] to report
    /// (as it does for fewer than two classes or a too-small input).
    #[must_use]
    pub fn for_data(&self, input: Shape3, classes: usize) -> ModelSpec {
        let mut s = self.clone();
        s.input = input;
        s.output = match (self.output, classes) {
            (Output::Sigmoid, 2) => Output::Sigmoid,
            _ => Output::Softmax { classes },
        };
        if let Some(last @ Layer::Dense { .. }) = s.layers.last_mut() {
            let (units, activation) = s.output.expected();
            *last = Layer::Dense { units, activation };
        }
        s
    }

    /// The model as a graph: the input, then each layer (or each block's
    /// layers) reading the one before, as Keras's `Sequential` when there
    /// is no block (see [`crate::graph::Graph`]).
    pub fn graph(&self) -> Graph {
        self.graph_and_outputs().0
    }

    /// [`ModelSpec::graph`] and, per layer, the node that gives its output
    /// (a block's last node).
    pub fn graph_and_outputs(&self) -> (Graph, Vec<usize>) {
        let (mut b, mut x) = Builder::new(&self.name, self.input);
        let mut flow = Flow::Spatial(self.input);
        let mut outputs = Vec::with_capacity(self.layers.len());
        for l in &self.layers {
            x = l.build(&mut b, x, flow);
            outputs.push(x.0);
            flow = l.flow(flow).map_or(flow, |(f, _)| f);
        }
        let graph = if self.layers.iter().all(|l| l.op().is_some()) {
            b.sequential()
        } else {
            b.finish()
        };
        (graph, outputs)
    }

    /// The spec as JSON (for saving and sharing).
    pub fn to_json(&self) -> String {
        // A ModelSpec has only plain fields and string keys: serialising it cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a spec written by [`ModelSpec::to_json`]. The result is not
    /// checked: call [`ModelSpec::summary`].
    pub fn from_json(json: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(json)
    }
}

/// The built-in models.
pub mod zoo {
    use super::{Activation::*, Layer, ModelSpec, Output, Padding::*, Shape3};

    /// The lesson's X/O network: a 9x9 picture, three 3x3 filters (7x7
    /// maps), 2x2 max pooling, and a Dense vote between X and O.
    pub fn xo_tiny() -> ModelSpec {
        ModelSpec {
            name: "X/O tiny".into(),
            input: Shape3::new(9, 9, 1),
            layers: vec![
                Layer::conv(3, 3, Valid, Relu),
                Layer::max_pool(2),
                Layer::Flatten,
                Layer::dense(2, Softmax),
            ],
            output: Output::Softmax { classes: 2 },
        }
    }

    /// LeNet-5 as seed 003's table lists it: 32x32x1, tanh, average pooling;
    /// 61,706 parameters.
    pub fn lenet5() -> ModelSpec {
        ModelSpec {
            name: "LeNet-5".into(),
            input: Shape3::new(32, 32, 1),
            layers: vec![
                Layer::conv(6, 5, Valid, Tanh),
                Layer::avg_pool(2),
                Layer::conv(16, 5, Valid, Tanh),
                Layer::avg_pool(2),
                Layer::Flatten,
                Layer::dense(120, Tanh),
                Layer::dense(84, Tanh),
                Layer::dense(10, Softmax),
            ],
            output: Output::Softmax { classes: 10 },
        }
    }

    /// The MNIST CNN of seed 004: 1,199,882 parameters.
    pub fn mnist_cnn() -> ModelSpec {
        ModelSpec {
            name: "MNIST CNN".into(),
            input: Shape3::new(28, 28, 1),
            layers: vec![
                Layer::conv(32, 3, Valid, Relu),
                Layer::conv(64, 3, Valid, Relu),
                Layer::max_pool(2),
                Layer::Dropout { rate: 0.25 },
                Layer::Flatten,
                Layer::dense(128, Relu),
                Layer::Dropout { rate: 0.5 },
                Layer::dense(10, Softmax),
            ],
            output: Output::Softmax { classes: 10 },
        }
    }

    /// The cats-vs-dogs CNN of seed 000: 64x64x3, sigmoid output,
    /// 4,288,577 parameters.
    pub fn cats_dogs() -> ModelSpec {
        let mut layers = Vec::new();
        for filters in [32, 64, 128] {
            layers.push(Layer::conv(filters, 3, Same, Relu));
            layers.push(Layer::Dropout { rate: 0.25 });
            layers.push(Layer::max_pool(2));
        }
        layers.extend([
            Layer::Flatten,
            Layer::dense(512, Relu),
            Layer::dense(1, Sigmoid),
        ]);
        ModelSpec {
            name: "Cats vs dogs".into(),
            input: Shape3::new(64, 64, 3),
            layers,
            output: Output::Sigmoid,
        }
    }

    /// A small ResNet on LeNet's 32x32 digits: a convolution with batch
    /// normalization, three residual blocks (the second and third halve
    /// the size, with projection shortcuts), then global average pooling
    /// into the softmax (NiN's head, which lets the page draw class
    /// activation maps). Seed 000's ResNet in miniature.
    pub fn resnet_mini() -> ModelSpec {
        ModelSpec {
            name: "Mini ResNet".into(),
            input: Shape3::new(32, 32, 1),
            layers: vec![
                Layer::conv(16, 3, Same, Linear),
                Layer::BatchNorm,
                Layer::Activation { activation: Relu },
                Layer::ResidualBlock {
                    filters: 16,
                    stride: 1,
                    projection: false,
                },
                Layer::ResidualBlock {
                    filters: 32,
                    stride: 2,
                    projection: true,
                },
                Layer::ResidualBlock {
                    filters: 64,
                    stride: 2,
                    projection: true,
                },
                Layer::GlobalAvgPool,
                Layer::dense(10, Softmax),
            ],
            output: Output::Softmax { classes: 10 },
        }
    }

    /// CNN Explainer's default TinyVGG input.
    pub const TINY_VGG_INPUT: Shape3 = Shape3::new(64, 64, 3);
    /// CNN Explainer's number of classes.
    pub const TINY_VGG_CLASSES: usize = 10;

    /// CNN Explainer's TinyVGG: two blocks of (conv 10@3x3 relu, conv 10@3x3
    /// relu, max pool 2), valid padding, then a softmax Dense layer.
    pub fn tiny_vgg(input: Shape3, classes: usize) -> ModelSpec {
        let mut layers = Vec::new();
        for _ in 0..2 {
            layers.push(Layer::conv(10, 3, Valid, Relu));
            layers.push(Layer::conv(10, 3, Valid, Relu));
            layers.push(Layer::max_pool(2));
        }
        layers.extend([Layer::Flatten, Layer::dense(classes, Softmax)]);
        ModelSpec {
            name: "TinyVGG".into(),
            input,
            layers,
            output: Output::Softmax { classes },
        }
    }

    /// Every built-in model with its stable id.
    pub fn all() -> Vec<(&'static str, ModelSpec)> {
        vec![
            ("xo-tiny", xo_tiny()),
            ("lenet5", lenet5()),
            ("mnist-cnn", mnist_cnn()),
            ("cats-dogs", cats_dogs()),
            ("tiny-vgg", tiny_vgg(TINY_VGG_INPUT, TINY_VGG_CLASSES)),
            ("resnet-mini", resnet_mini()),
        ]
    }
}

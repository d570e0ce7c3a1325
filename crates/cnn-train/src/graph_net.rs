//! A [`Graph`] as a burn network: one module per layer that owns
//! parameters (convolutions, depthwise and separable convolutions, batch
//! normalization, dense layers), run in node order; the other layers are
//! applied from the graph. Keras's conventions hold: `same` padding puts
//! the odd row or column after, max pooling's padding never wins,
//! average pooling counts only the real cells, batch normalization uses
//! the batch's statistics while training and its moving statistics after.

use burn::module::{Module, Param, RunningState};
use burn::nn::conv::{Conv2d, Conv2dConfig};
use burn::nn::pool::{AvgPool2dConfig, MaxPool2dConfig};
use burn::nn::{BatchNorm, BatchNormConfig, DropoutConfig, Initializer, Linear, LinearConfig};
use burn::tensor::ops::{ConvOptions, PadMode};
use burn::tensor::{activation, Device, ExecutionError, Tensor, TensorData};

use crate::graph::{same_padding, Flow, Graph, GraphError, Op, Pair};
use crate::spec::{Activation, Padding};

/// The parameters of a graph, grouped by kind; [`GraphModel`] knows which
/// node owns which.
#[derive(Module, Debug)]
pub struct GraphNet {
    /// Standard convolutions, depthwise convolutions (grouped) and the two
    /// halves of separable ones, in node order.
    pub convs: Vec<Conv2d>,
    pub norms: Vec<BatchNorm>,
    pub denses: Vec<Linear>,
}

/// Which modules of [`GraphNet`] a node uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    None,
    Conv(usize),
    /// Depthwise then pointwise.
    Separable(usize, usize),
    Norm(usize),
    Dense(usize),
}

/// A parameter tensor of any of the ranks a network holds.
enum Tensor1or {
    One(Tensor<1>),
    Two(Tensor<2>),
    Four(Tensor<4>),
}

/// What flows along an edge.
#[derive(Clone, Debug)]
pub enum Value {
    /// `[batch, channels, height, width]`
    Maps(Tensor<4>),
    /// `[batch, n]`
    Flat(Tensor<2>),
}

impl Value {
    fn maps(self) -> Tensor<4> {
        match self {
            Value::Maps(m) => m,
            // A checked graph never asks for maps after a flatten.
            Value::Flat(f) => {
                let [b, n] = f.dims();
                f.reshape([b, n, 1, 1])
            }
        }
    }

    fn flat(self) -> Tensor<2> {
        match self {
            Value::Flat(f) => f,
            Value::Maps(m) => m.flatten(1, 3),
        }
    }
}

/// Which nodes' outputs a run keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Keep {
    Nothing,
    All,
    One(usize),
}

/// A checked graph and how its nodes map onto a [`GraphNet`].
#[derive(Clone, Debug)]
pub struct GraphModel {
    pub graph: Graph,
    /// Each node's output shape.
    pub shapes: Vec<Flow>,
    slots: Vec<Slot>,
}

/// burn's seeded generator is one per process: whoever seeds it or draws
/// from it holds this lock, so networks trained at once (tests run in
/// parallel) never take each other's numbers in the middle of a start.
static RNG: std::sync::Mutex<()> = std::sync::Mutex::new(());

thread_local! {
    /// This thread holds [`RNG`] (a seeded start building its network).
    static HOLDING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `draw` holding [`RNG`]; a thread that already holds it just runs
/// it (the lock is re-entrant for its holder).
fn holding_rng<T>(draw: impl FnOnce() -> T) -> T {
    if HOLDING.with(std::cell::Cell::get) {
        return draw();
    }
    let _only_us = RNG
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    /// Lets go of the flag however `draw` ends.
    struct Held;
    impl Drop for Held {
        fn drop(&mut self) {
            HOLDING.with(|h| h.set(false));
        }
    }
    HOLDING.with(|h| h.set(true));
    let _held = Held;
    draw()
}

/// Seeds `device` and runs `init` (a network's initialisation) while no
/// other network can seed or draw, so the start is the one `seed` names.
/// [`GraphModel::new`] draws every weight, holding the lock, before it
/// returns (burn draws them lazily, on first use, otherwise: after the
/// lock is gone), so an unseeded network built beside takes none of a
/// seeded one's numbers either.
pub fn seeded<T>(device: &Device, seed: u64, init: impl FnOnce() -> T) -> T {
    holding_rng(|| {
        device.seed(seed);
        init()
    })
}

/// The share of each batch's statistics batch normalization's moving
/// statistics take (see [`GraphModel::new`]).
pub const BN_MOMENTUM: f64 = 0.1;

/// Keras's defaults: Glorot uniform kernels, zero biases.
const KERAS_INIT: Initializer = Initializer::XavierUniform { gain: 1.0 };

fn act<const D: usize>(x: Tensor<D>, a: Activation) -> Tensor<D> {
    match a {
        Activation::Relu => activation::relu(x),
        Activation::Relu6 => activation::relu(x).clamp_max(6.0),
        Activation::Tanh => activation::tanh(x),
        Activation::Sigmoid => activation::sigmoid(x),
        Activation::Softmax => activation::softmax(x, D - 1),
        Activation::Linear => x,
    }
}

fn conv(
    device: &Device,
    channels: [usize; 2],
    kernel: Pair,
    stride: Pair,
    groups: usize,
    bias: bool,
) -> Conv2d {
    let mut c = Conv2dConfig::new(channels, kernel)
        .with_stride(stride)
        .with_groups(groups)
        .with_bias(bias)
        .with_initializer(KERAS_INIT)
        .init(device);
    drawn(&c.weight);
    if bias {
        c.bias = Some(Param::from_tensor(Tensor::zeros([channels[1]], device)));
    }
    c
}

/// Draws a lazily initialised weight now, in node order, so a network's
/// start depends on its seed alone (see [`seeded`]).
fn drawn<const D: usize>(weight: &Param<Tensor<D>>) {
    let _ = weight.val();
}

/// `(top, bottom, left, right)` for a window on `h x w` maps.
fn padding_for(h: usize, w: usize, k: Pair, s: Pair, p: Padding) -> (usize, usize, usize, usize) {
    match p {
        Padding::Valid => (0, 0, 0, 0),
        Padding::Same => {
            let (t, b) = same_padding(h, k[0], s[0]);
            let (l, r) = same_padding(w, k[1], s[1]);
            (t, b, l, r)
        }
    }
}

/// `c` on `x` padded with zeros by `(top, bottom, left, right)`. Even
/// padding is the convolution's own (no padded copy of the maps: a 3x3
/// `same` convolution at stride 1 reads its borders in place); uneven
/// padding (TensorFlow's `same` at stride 2) pads a copy first, which
/// every backend supports.
fn conv_padded(c: &Conv2d, x: Tensor<4>, padding: (usize, usize, usize, usize)) -> Tensor<4> {
    let (t, b, l, r) = padding;
    if t != b || l != r {
        return c.forward(pad(x, padding, 0.0));
    }
    let options = ConvOptions::new(c.stride, [t, l], c.dilation, c.groups);
    burn::tensor::module::conv2d(x, c.weight.val(), c.bias.as_ref().map(Param::val), options)
}

fn pad(x: Tensor<4>, (t, b, l, r): (usize, usize, usize, usize), value: f32) -> Tensor<4> {
    if t + b + l + r == 0 {
        x
    } else {
        x.pad((l, r, t, b), PadMode::Constant(value))
    }
}

impl GraphModel {
    /// Checks `graph` and makes a freshly initialised network for it on
    /// `device` (seed the device first for a repeatable start).
    pub fn new(graph: &Graph, device: &Device) -> Result<(GraphModel, GraphNet), GraphError> {
        holding_rng(|| GraphModel::build(graph, device))
    }

    fn build(graph: &Graph, device: &Device) -> Result<(GraphModel, GraphNet), GraphError> {
        let shapes = graph.shapes()?;
        let mut net = GraphNet {
            convs: vec![],
            norms: vec![],
            denses: vec![],
        };
        let mut slots = Vec::with_capacity(graph.nodes.len());
        for node in &graph.nodes {
            let input = node.inputs.first().map(|&i| shapes[i]);
            let c = input.map_or(0, Flow::channels);
            let slot = match node.op {
                Op::Conv2d {
                    filters,
                    kernel,
                    stride,
                    bias,
                    ..
                } => {
                    net.convs
                        .push(conv(device, [c, filters], kernel, stride, 1, bias));
                    Slot::Conv(net.convs.len() - 1)
                }
                Op::DepthwiseConv2d {
                    kernel,
                    stride,
                    multiplier,
                    bias,
                    ..
                } => {
                    net.convs
                        .push(conv(device, [c, c * multiplier], kernel, stride, c, bias));
                    Slot::Conv(net.convs.len() - 1)
                }
                Op::SeparableConv2d {
                    filters,
                    kernel,
                    stride,
                    bias,
                    ..
                } => {
                    net.convs
                        .push(conv(device, [c, c], kernel, stride, c, false));
                    net.convs
                        .push(conv(device, [c, filters], [1, 1], [1, 1], 1, bias));
                    Slot::Separable(net.convs.len() - 2, net.convs.len() - 1)
                }
                Op::BatchNorm { epsilon, scale, .. } => {
                    // The moving statistics take 10% of each batch's
                    // (burn's and PyTorch's default; Keras's momentum 0.99
                    // takes 1%, which suits long runs: the page's runs are
                    // a few hundred steps, after which 1% would still
                    // carry 2-5% of the starting guess).
                    let mut bn = BatchNormConfig::new(c)
                        .with_epsilon(f64::from(epsilon))
                        .with_momentum(BN_MOMENTUM)
                        .init(device);
                    if !scale {
                        bn.gamma =
                            Param::from_tensor(Tensor::ones([c], device)).set_require_grad(false);
                    }
                    net.norms.push(bn);
                    Slot::Norm(net.norms.len() - 1)
                }
                Op::Dense { units, bias, .. } => {
                    let inputs = input.map_or(0, Flow::len);
                    let mut d = LinearConfig::new(inputs, units)
                        .with_bias(bias)
                        .with_initializer(KERAS_INIT)
                        .init(device);
                    drawn(&d.weight);
                    if bias {
                        d.bias = Some(Param::from_tensor(Tensor::zeros([units], device)));
                    }
                    net.denses.push(d);
                    Slot::Dense(net.denses.len() - 1)
                }
                _ => Slot::None,
            };
            slots.push(slot);
        }
        Ok((
            GraphModel {
                graph: graph.clone(),
                shapes,
                slots,
            },
            net,
        ))
    }

    /// The output before its activation (`[batch, classes]` logits when the
    /// last layer is a softmax Dense), and every node's output when `keep`.
    pub fn logits(&self, net: &GraphNet, x: Tensor<4>, keep: bool) -> (Tensor<2>, Vec<Value>) {
        let keep = if keep { Keep::All } else { Keep::Nothing };
        self.run(net, x, keep, true)
    }

    /// The dense layer of `net` that node `node` owns, if it is a Dense
    /// node: `weight` is `[inputs, units]`.
    pub fn dense<'a>(&self, net: &'a GraphNet, node: usize) -> Option<&'a Linear> {
        match self.slots.get(node)? {
            Slot::Dense(d) => net.denses.get(*d),
            _ => None,
        }
    }

    /// How large a gradient reached each weighted layer: the mean absolute
    /// gradient of its kernel (a separable convolution's pointwise half),
    /// as one-value tensors to read, in node order.
    pub fn gradient_sizes(
        &self,
        net: &GraphNet,
        grads: &burn::tensor::Gradients,
    ) -> Vec<(usize, Tensor<1>)> {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(i, slot)| {
                let g = match *slot {
                    Slot::Conv(c) | Slot::Separable(_, c) => net.convs[c]
                        .weight
                        .val()
                        .grad(grads)
                        .map(|g| g.abs().mean()),
                    Slot::Dense(d) => net.denses[d]
                        .weight
                        .val()
                        .grad(grads)
                        .map(|g| g.abs().mean()),
                    Slot::Norm(_) | Slot::None => None,
                }?;
                Some((i, g))
            })
            .collect()
    }

    /// The same network read through `graph`, which must have the same
    /// nodes owning the same tensors (only settings such as a dropout rate
    /// differ); `None` when it does not.
    pub fn reread(&self, graph: &Graph) -> Option<GraphModel> {
        let same = graph.nodes.len() == self.graph.nodes.len()
            && graph
                .nodes
                .iter()
                .zip(&self.graph.nodes)
                .all(|(a, b)| a.op.kind() == b.op.kind() && a.inputs == b.inputs);
        same.then(|| GraphModel {
            graph: graph.clone(),
            shapes: self.shapes.clone(),
            slots: self.slots.clone(),
        })
    }

    /// The first standard convolution (the filters the trainer draws).
    pub fn first_conv<'a>(&self, net: &'a GraphNet) -> Option<&'a Conv2d> {
        self.graph
            .nodes
            .iter()
            .zip(&self.slots)
            .find_map(|(node, slot)| match (node.op, slot) {
                (Op::Conv2d { .. }, Slot::Conv(c)) => net.convs.get(*c),
                _ => None,
            })
    }

    /// Every parameter tensor of `net` as plain numbers, node by node in
    /// [`Op::params`] order (a model file's order; batch normalization's
    /// moving statistics included). Asynchronous: a GPU read cannot block.
    pub async fn read_weights(&self, net: &GraphNet) -> Result<Vec<Vec<f32>>, ExecutionError> {
        let mut out = Vec::new();
        for t in self.tensors(net) {
            let data = match t {
                Tensor1or::One(t) => t.into_data_async().await?,
                Tensor1or::Two(t) => t.into_data_async().await?,
                Tensor1or::Four(t) => t.into_data_async().await?,
            };
            out.push(data.try_into_vec_as::<f32>().unwrap_or_default());
        }
        Ok(out)
    }

    /// Each tensor [`GraphModel::read_weights`] reads, in its order.
    fn tensors(&self, net: &GraphNet) -> Vec<Tensor1or> {
        let mut out = Vec::new();
        let conv = |out: &mut Vec<Tensor1or>, c: &Conv2d| {
            out.push(Tensor1or::Four(c.weight.val()));
            if let Some(b) = &c.bias {
                out.push(Tensor1or::One(b.val()));
            }
        };
        for (node, slot) in self.graph.nodes.iter().zip(&self.slots) {
            match (*slot, node.op) {
                (Slot::Conv(c), _) => conv(&mut out, &net.convs[c]),
                (Slot::Separable(d, p), _) => {
                    out.push(Tensor1or::Four(net.convs[d].weight.val()));
                    conv(&mut out, &net.convs[p]);
                }
                (Slot::Norm(b), Op::BatchNorm { center, scale, .. }) => {
                    let bn = &net.norms[b];
                    if scale {
                        out.push(Tensor1or::One(bn.gamma.val()));
                    }
                    if center {
                        out.push(Tensor1or::One(bn.beta.val()));
                    }
                    out.push(Tensor1or::One(bn.running_mean.value()));
                    out.push(Tensor1or::One(bn.running_var.value()));
                }
                (Slot::Dense(d), _) => {
                    let l = &net.denses[d];
                    out.push(Tensor1or::Two(l.weight.val()));
                    if let Some(b) = &l.bias {
                        out.push(Tensor1or::One(b.val()));
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// `net` with these parameters (in [`GraphModel::read_weights`]'
    /// order) on `device`; `None` when their count or a length does not
    /// fit the graph.
    pub fn write_weights(
        &self,
        mut net: GraphNet,
        values: &[Vec<f32>],
        device: &Device,
    ) -> Option<GraphNet> {
        let shapes: Vec<Vec<usize>> = self
            .tensors(&net)
            .iter()
            .map(|t| match t {
                Tensor1or::One(t) => t.dims().to_vec(),
                Tensor1or::Two(t) => t.dims().to_vec(),
                Tensor1or::Four(t) => t.dims().to_vec(),
            })
            .collect();
        if shapes.len() != values.len()
            || shapes
                .iter()
                .zip(values)
                .any(|(s, v)| s.iter().product::<usize>() != v.len())
        {
            return None;
        }
        let mut next = values.iter().zip(&shapes);
        let mut take = || {
            next.next()
                .map(|(v, s)| TensorData::new(v.clone(), s.clone()))
        };
        let t1 = |d: TensorData| Tensor::<1>::from_data(d, device);
        let param1 = |d: TensorData| Param::from_tensor(t1(d));
        let conv = |c: &mut Conv2d, take: &mut dyn FnMut() -> Option<TensorData>| {
            c.weight = Param::from_tensor(Tensor::<4>::from_data(take()?, device));
            if c.bias.is_some() {
                c.bias = Some(param1(take()?));
            }
            Some(())
        };
        for (node, slot) in self.graph.nodes.iter().zip(&self.slots) {
            match (*slot, node.op) {
                (Slot::Conv(c), _) => conv(&mut net.convs[c], &mut take)?,
                (Slot::Separable(d, p), _) => {
                    net.convs[d].weight =
                        Param::from_tensor(Tensor::<4>::from_data(take()?, device));
                    conv(&mut net.convs[p], &mut take)?;
                }
                (Slot::Norm(b), Op::BatchNorm { center, scale, .. }) => {
                    let bn = &mut net.norms[b];
                    if scale {
                        bn.gamma = param1(take()?);
                    }
                    if center {
                        bn.beta = param1(take()?);
                    }
                    bn.running_mean = RunningState::new(t1(take()?));
                    bn.running_var = RunningState::new(t1(take()?));
                }
                (Slot::Dense(d), _) => {
                    let l = &mut net.denses[d];
                    l.weight = Param::from_tensor(Tensor::<2>::from_data(take()?, device));
                    if l.bias.is_some() {
                        l.bias = Some(param1(take()?));
                    }
                }
                _ => {}
            }
        }
        Some(net)
    }

    /// The output with its activation.
    pub fn forward(&self, net: &GraphNet, x: Tensor<4>) -> Tensor<2> {
        self.run(net, x, Keep::Nothing, false).0
    }

    /// [`GraphModel::forward`], and node `node`'s output on the way (the
    /// other nodes' outputs are dropped as usual).
    pub fn forward_keeping(
        &self,
        net: &GraphNet,
        x: Tensor<4>,
        node: usize,
    ) -> (Tensor<2>, Option<Value>) {
        let (out, kept) = self.run(net, x, Keep::One(node), false);
        (out, kept.into_iter().next())
    }

    fn run(
        &self,
        net: &GraphNet,
        x: Tensor<4>,
        keep: Keep,
        raw_output: bool,
    ) -> (Tensor<2>, Vec<Value>) {
        let n = self.graph.nodes.len();
        // How many later nodes still read each node: a value is dropped
        // after its last reader (unless kept).
        let mut readers = vec![0usize; n];
        for node in &self.graph.nodes {
            for &i in &node.inputs {
                readers[i] += 1;
            }
        }
        let mut values: Vec<Option<Value>> = vec![None; n];
        let mut kept = Vec::new();
        values[0] = Some(Value::Maps(x));
        for (i, node) in self.graph.nodes.iter().enumerate().skip(1) {
            let mut ins = Vec::with_capacity(node.inputs.len());
            for &j in &node.inputs {
                readers[j] -= 1;
                let hold = match keep {
                    Keep::Nothing => false,
                    Keep::All => true,
                    Keep::One(k) => j == k,
                };
                let v = if readers[j] == 0 && !hold {
                    values[j].take()
                } else {
                    values[j].clone()
                };
                // A checked graph reads only nodes already computed.
                ins.push(v.unwrap_or_else(|| Value::Flat(Tensor::zeros([0, 0], &Device::flex()))));
            }
            let last = i + 1 == n;
            let out = self.apply(net, i, ins, raw_output && last);
            values[i] = Some(out);
        }
        match keep {
            Keep::Nothing => {}
            Keep::All => kept = values.iter().flatten().cloned().collect(),
            Keep::One(k) => kept.extend(values.get(k).cloned().flatten()),
        }
        let out = values[n - 1]
            .take()
            .map_or_else(|| Tensor::zeros([0, 1], &Device::flex()), Value::flat);
        (out, kept)
    }

    fn apply(&self, net: &GraphNet, i: usize, mut ins: Vec<Value>, raw: bool) -> Value {
        let node = &self.graph.nodes[i];
        let input_shape = node.inputs.first().map(|&j| self.shapes[j]);
        let (h, w) = match input_shape {
            Some(Flow::Spatial(s)) => (s.height, s.width),
            _ => (0, 0),
        };
        let first = ins.remove(0);
        match (node.op, self.slots[i]) {
            (
                Op::Conv2d {
                    kernel,
                    stride,
                    padding,
                    activation,
                    ..
                }
                | Op::DepthwiseConv2d {
                    kernel,
                    stride,
                    padding,
                    activation,
                    ..
                },
                Slot::Conv(c),
            ) => {
                let x = conv_padded(
                    &net.convs[c],
                    first.maps(),
                    padding_for(h, w, kernel, stride, padding),
                );
                Value::Maps(act(x, activation))
            }
            (
                Op::SeparableConv2d {
                    kernel,
                    stride,
                    padding,
                    activation,
                    ..
                },
                Slot::Separable(d, p),
            ) => {
                let x = conv_padded(
                    &net.convs[d],
                    first.maps(),
                    padding_for(h, w, kernel, stride, padding),
                );
                let x = net.convs[p].forward(x);
                Value::Maps(act(x, activation))
            }
            (Op::BatchNorm { .. }, Slot::Norm(b)) => match first {
                Value::Maps(m) => Value::Maps(net.norms[b].forward(m)),
                Value::Flat(f) => Value::Flat(net.norms[b].forward(f)),
            },
            (Op::Dense { activation, .. }, Slot::Dense(d)) => {
                let a = if raw { Activation::Linear } else { activation };
                Value::Flat(act(net.denses[d].forward(first.flat()), a))
            }
            (Op::Activation { activation }, _) => match first {
                Value::Maps(m) => Value::Maps(act(m, activation)),
                Value::Flat(f) => Value::Flat(act(f, activation)),
            },
            (
                Op::MaxPool {
                    size,
                    stride,
                    padding,
                },
                _,
            ) => {
                let x = pad(
                    first.maps(),
                    padding_for(h, w, size, stride, padding),
                    f32::NEG_INFINITY,
                );
                Value::Maps(
                    MaxPool2dConfig::new(size)
                        .with_strides(stride)
                        .init()
                        .forward(x),
                )
            }
            (
                Op::AvgPool {
                    size,
                    stride,
                    padding,
                },
                _,
            ) => {
                let p = padding_for(h, w, size, stride, padding);
                let pool = AvgPool2dConfig::new(size).with_strides(stride).init();
                let m = first.maps();
                if p == (0, 0, 0, 0) {
                    Value::Maps(pool.forward(m))
                } else {
                    // Keras averages only the real cells: divide by the
                    // share of each window that is not padding.
                    let ones = Tensor::<4>::ones([1, 1, h, w], &m.device());
                    let share = pool.forward(pad(ones, p, 0.0));
                    Value::Maps(pool.forward(pad(m, p, 0.0)).div(share))
                }
            }
            (Op::GlobalAvgPool, _) => {
                Value::Flat(first.maps().mean_dim(3).mean_dim(2).flatten(1, 3))
            }
            (Op::GlobalMaxPool, _) => Value::Flat(first.maps().max_dim(3).max_dim(2).flatten(1, 3)),
            (
                Op::ZeroPadding {
                    top,
                    bottom,
                    left,
                    right,
                },
                _,
            ) => Value::Maps(pad(first.maps(), (top, bottom, left, right), 0.0)),
            (Op::Dropout { rate }, _) => {
                // Dropout acts only while training (on an autodiff device).
                let d = DropoutConfig::new(f64::from(rate)).init();
                // Its mask comes from the seeded generator.
                holding_rng(|| match first {
                    Value::Maps(m) => Value::Maps(d.forward(m)),
                    Value::Flat(f) => Value::Flat(d.forward(f)),
                })
            }
            (Op::Flatten, _) => Value::Flat(first.flat()),
            (Op::Add, _) => {
                let mut acc = first;
                for v in ins {
                    acc = match (acc, v) {
                        (Value::Maps(a), b) => Value::Maps(a.add(b.maps())),
                        (Value::Flat(a), b) => Value::Flat(a.add(b.flat())),
                    };
                }
                acc
            }
            (Op::ScaledAdd { scale }, _) => {
                let up = ins.pop();
                match (first, up) {
                    (Value::Maps(a), Some(b)) => Value::Maps(a.add(b.maps().mul_scalar(scale))),
                    (Value::Flat(a), Some(b)) => Value::Flat(a.add(b.flat().mul_scalar(scale))),
                    (a, None) => a,
                }
            }
            (Op::Concatenate, _) => match first {
                Value::Maps(a) => {
                    let mut all = vec![a];
                    all.extend(ins.into_iter().map(Value::maps));
                    Value::Maps(Tensor::cat(all, 1))
                }
                Value::Flat(a) => {
                    let mut all = vec![a];
                    all.extend(ins.into_iter().map(Value::flat));
                    Value::Flat(Tensor::cat(all, 1))
                }
            },
            // The input node, and a slot that cannot occur for a checked graph.
            _ => first,
        }
    }
}

#[cfg(test)]
mod tests;

//! A [`ModelSpec`] as a burn network: the spec's graph
//! ([`ModelSpec::graph`], a block being several nodes) run by
//! [`GraphModel`]. The forward pass can return every layer's output (a
//! block's last node's), for the feature-map views.

use burn::nn::conv::Conv2d;
use burn::tensor::{activation, Device, ExecutionError, Tensor};

use crate::graph_net::{GraphModel, GraphNet, Value};
use crate::spec::{Layer, ModelSpec, Output, SpecError};

/// The trainable parameters (and batch normalization's moving statistics).
pub type Net = GraphNet;

/// One layer's output for one forward pass: `Maps` is `[batch, channels,
/// height, width]`, `Flat` is `[batch, units]`.
pub type Activations = Value;

/// A checked spec and the network it describes.
#[derive(Clone, Debug)]
pub struct Model {
    pub spec: ModelSpec,
    pub net: Net,
    graph: GraphModel,
    /// Per layer of the spec, the node that gives its output.
    outputs: Vec<usize>,
}

impl Model {
    /// A freshly initialised network for `spec` on `device` (seed the device
    /// first for a repeatable start). Refuses a spec whose shapes do not fit.
    pub fn new(spec: &ModelSpec, device: &Device) -> Result<Model, SpecError> {
        spec.summary()?;
        let (graph, outputs) = spec.graph_and_outputs();
        // A spec that passes its summary makes a graph that fits.
        let (graph, net) = GraphModel::new(&graph, device).map_err(|_| SpecError::Empty)?;
        Ok(Model {
            spec: spec.clone(),
            net,
            graph,
            outputs,
        })
    }

    /// The same network read through `spec`, which must have the same
    /// tensors (the trainer's copy with dropout switched off).
    pub fn with_spec(&self, spec: &ModelSpec) -> Result<Model, SpecError> {
        let (graph, outputs) = spec.graph_and_outputs();
        let graph = self.graph.reread(&graph).ok_or(SpecError::Empty)?;
        Ok(Model {
            spec: spec.clone(),
            net: self.net.clone(),
            graph,
            outputs,
        })
    }

    /// A copy of `spec` whose dropout layers drop nothing.
    pub fn without_dropout(spec: &ModelSpec) -> ModelSpec {
        let mut s = spec.clone();
        for l in &mut s.layers {
            if let Layer::Dropout { rate } = l {
                *rate = 0.0;
            }
        }
        s
    }

    /// The network's raw scores before the output activation:
    /// `[batch, classes]` for softmax, `[batch, 1]` for sigmoid.
    /// input: `[batch, channels, height, width]`
    pub fn logits(&self, net: &Net, x: Tensor<4>) -> Tensor<2> {
        self.graph.logits(net, x, false).0
    }

    /// Class probabilities `[batch, classes]` (two columns for a sigmoid
    /// output: not-class-1, class-1), and every layer's output in spec order
    /// when `keep` is set.
    pub fn forward(&self, net: &Net, x: Tensor<4>, keep: bool) -> (Tensor<2>, Vec<Activations>) {
        let (logits, nodes) = self.graph.logits(net, x, keep);
        let layers = if keep {
            self.outputs
                .iter()
                .filter_map(|&i| nodes.get(i).cloned())
                .collect()
        } else {
            vec![]
        };
        (self.probabilities(logits), layers)
    }

    /// Softmax, or the sigmoid's two complementary columns.
    pub fn probabilities(&self, logits: Tensor<2>) -> Tensor<2> {
        match self.spec.output {
            Output::Softmax { .. } => activation::softmax(logits, 1),
            Output::Sigmoid => {
                let p = activation::sigmoid(logits); // [b, 1]
                Tensor::cat(vec![p.clone().neg().add_scalar(1.0), p], 1)
            }
        }
    }

    /// The first standard convolution of `net`, if the model has one.
    pub fn first_conv<'a>(&self, net: &'a Net) -> Option<&'a Conv2d> {
        self.graph.first_conv(net)
    }

    /// The graph the network runs.
    pub fn graph(&self) -> &GraphModel {
        &self.graph
    }

    /// All parameters as plain numbers, in [`ModelSpec::parameters`] order
    /// (asynchronously: a GPU read cannot block).
    pub async fn read(&self, net: &Net) -> Result<Vec<Vec<f32>>, ExecutionError> {
        self.graph.read_weights(net).await
    }

    /// The network with these parameters, on `device`. `None` when the
    /// count or a length does not match the spec's parameters, so weights
    /// only fit the architecture they came from.
    pub fn write(&self, net: Net, values: &[Vec<f32>], device: &Device) -> Option<Net> {
        self.graph.write_weights(net, values, device)
    }
}

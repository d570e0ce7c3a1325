//! A [`ModelSpec`] as a burn network: one `Conv2d` per convolution and one
//! `Linear` per dense layer, in order; pooling, dropout and flatten have no
//! parameters and are applied from the spec. The forward pass can return
//! every layer's activations, for the feature-map views.

use burn::module::{Module, Param};
use burn::nn::conv::{Conv2d, Conv2dConfig};
use burn::nn::pool::{AvgPool2dConfig, MaxPool2dConfig};
use burn::nn::{DropoutConfig, Initializer, Linear, LinearConfig, PaddingConfig2d};
use burn::tensor::{activation, Device, Tensor, TensorData};

use crate::spec::{Activation, Layer, ModelSpec, Output, Padding, SpecError};

/// The trainable parameters, in the spec's order.
#[derive(Module, Debug)]
pub struct Net {
    /// `weight: [filters, in_channels, k, k]`, `bias: [filters]`.
    pub convs: Vec<Conv2d>,
    /// `weight: [inputs, units]`, `bias: [units]`.
    pub denses: Vec<Linear>,
}

/// One layer's output for one forward pass.
#[derive(Clone, Debug)]
pub enum Activations {
    /// `[batch, channels, height, width]`
    Maps(Tensor<4>),
    /// `[batch, units]`
    Flat(Tensor<2>),
}

/// A checked spec and the network it describes.
#[derive(Clone, Debug)]
pub struct Model {
    pub spec: ModelSpec,
    pub net: Net,
}

fn act4(x: Tensor<4>, a: Activation) -> Tensor<4> {
    match a {
        Activation::Relu => activation::relu(x),
        Activation::Relu6 => activation::relu(x).clamp_max(6.0),
        Activation::Tanh => activation::tanh(x),
        Activation::Sigmoid => activation::sigmoid(x),
        // Softmax is only allowed on the output layer, which is flat.
        Activation::Linear | Activation::Softmax => x,
    }
}

fn act2(x: Tensor<2>, a: Activation) -> Tensor<2> {
    match a {
        Activation::Relu => activation::relu(x),
        Activation::Relu6 => activation::relu(x).clamp_max(6.0),
        Activation::Tanh => activation::tanh(x),
        Activation::Sigmoid => activation::sigmoid(x),
        Activation::Softmax => activation::softmax(x, 1),
        Activation::Linear => x,
    }
}

/// Keras's defaults: Glorot (Xavier) uniform weights, zero biases. They
/// suit the slides' tanh networks better than a ReLU-minded Kaiming start.
const KERAS_INIT: Initializer = Initializer::XavierUniform { gain: 1.0 };

impl Model {
    /// A freshly initialised network for `spec` on `device` (seed the device
    /// first for a repeatable start). Refuses a spec whose shapes do not fit.
    pub fn new(spec: &ModelSpec, device: &Device) -> Result<Model, SpecError> {
        let mut convs = Vec::new();
        let mut denses = Vec::new();
        // Each layer's kernel says its shape; its bias has the output's size.
        for p in spec.parameters()?.iter().filter(|p| p.name == "kernel") {
            match (spec.layers[p.layer], p.shape.as_slice()) {
                (
                    Layer::Conv2d {
                        stride, padding, ..
                    },
                    &[filters, channels, kh, kw],
                ) => {
                    let padding = match padding {
                        Padding::Valid => PaddingConfig2d::Valid,
                        Padding::Same => PaddingConfig2d::Same,
                    };
                    let mut conv = Conv2dConfig::new([channels, filters], [kh, kw])
                        .with_stride([stride, stride])
                        .with_padding(padding)
                        .with_initializer(KERAS_INIT)
                        .init(device);
                    conv.bias = Some(Param::from_tensor(Tensor::zeros([filters], device)));
                    convs.push(conv);
                }
                (Layer::Dense { .. }, &[inputs, units]) => {
                    let mut dense = LinearConfig::new(inputs, units)
                        .with_initializer(KERAS_INIT)
                        .init(device);
                    dense.bias = Some(Param::from_tensor(Tensor::zeros([units], device)));
                    denses.push(dense);
                }
                _ => {}
            }
        }
        Ok(Model {
            spec: spec.clone(),
            net: Net { convs, denses },
        })
    }

    /// The network's raw scores before the output activation:
    /// `[batch, classes]` for softmax, `[batch, 1]` for sigmoid.
    /// input: `[batch, channels, height, width]`
    pub fn logits(&self, net: &Net, x: Tensor<4>) -> Tensor<2> {
        self.run(net, x, false, true).0
    }

    /// Class probabilities `[batch, classes]` (two columns for a sigmoid
    /// output: not-class-1, class-1), and every layer's output in spec order
    /// when `keep` is set.
    pub fn forward(&self, net: &Net, x: Tensor<4>, keep: bool) -> (Tensor<2>, Vec<Activations>) {
        let (logits, acts) = self.run(net, x, keep, true);
        (self.probabilities(logits), acts)
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

    /// `raw_output`: leave the last layer's activation off (training uses
    /// the logits with a numerically stable loss).
    fn run(
        &self,
        net: &Net,
        x: Tensor<4>,
        keep: bool,
        raw_output: bool,
    ) -> (Tensor<2>, Vec<Activations>) {
        let mut maps = Some(x);
        let mut flat: Option<Tensor<2>> = None;
        let mut acts = Vec::new();
        let (mut ci, mut di) = (0, 0);
        let last = self.spec.layers.len().saturating_sub(1);
        for (i, layer) in self.spec.layers.iter().enumerate() {
            match *layer {
                Layer::Conv2d { activation, .. } => {
                    if let Some(m) = maps.take() {
                        maps = Some(act4(net.convs[ci].forward(m), activation));
                    }
                    ci += 1;
                }
                Layer::MaxPool { size, stride } => {
                    maps = maps.take().map(|m| {
                        MaxPool2dConfig::new([size, size])
                            .with_strides([stride, stride])
                            .init()
                            .forward(m)
                    });
                }
                Layer::AvgPool { size, stride } => {
                    maps = maps.take().map(|m| {
                        AvgPool2dConfig::new([size, size])
                            .with_strides([stride, stride])
                            .init()
                            .forward(m)
                    });
                }
                Layer::Dropout { rate } => {
                    // Dropout acts only while training (on an autodiff device).
                    let d = DropoutConfig::new(rate as f64).init();
                    maps = maps.take().map(|m| d.forward(m));
                    flat = flat.take().map(|f| d.forward(f));
                }
                Layer::Flatten => {
                    flat = maps.take().map(|m| m.flatten(1, 3));
                }
                Layer::Dense { activation, .. } => {
                    let a = if raw_output && i == last {
                        Activation::Linear
                    } else {
                        activation
                    };
                    flat = flat.take().map(|f| act2(net.denses[di].forward(f), a));
                    di += 1;
                }
            }
            if keep {
                match (&maps, &flat) {
                    (Some(m), _) => acts.push(Activations::Maps(m.clone())),
                    (None, Some(f)) => acts.push(Activations::Flat(f.clone())),
                    _ => {}
                }
            }
        }
        // A checked spec always ends flat; an empty batch gives [0, n].
        let out = flat.unwrap_or_else(|| {
            let device = maps
                .as_ref()
                .map(|m| m.device())
                .unwrap_or_else(Device::flex);
            Tensor::zeros([0, 1], &device)
        });
        (out, acts)
    }
}

/// All parameters as plain numbers, in [`ModelSpec::parameters`] order
/// (each conv's weight then bias, then each dense layer's: a checked spec
/// has every convolution before its dense layers), and back. The shapes come
/// from the spec, so weights only fit the architecture they came from.
pub mod weights {
    use super::*;
    use burn::tensor::ExecutionError;

    /// Reads every parameter (asynchronously: a GPU read cannot block).
    pub async fn read(net: &Net) -> Result<Vec<Vec<f32>>, ExecutionError> {
        let mut out = Vec::new();
        for c in &net.convs {
            out.push(to_vec(c.weight.val().into_data_async().await?));
            if let Some(b) = &c.bias {
                out.push(to_vec(b.val().into_data_async().await?));
            }
        }
        for d in &net.denses {
            out.push(to_vec(d.weight.val().into_data_async().await?));
            if let Some(b) = &d.bias {
                out.push(to_vec(b.val().into_data_async().await?));
            }
        }
        Ok(out)
    }

    fn to_vec(d: TensorData) -> Vec<f32> {
        d.try_into_vec_as::<f32>().unwrap_or_default()
    }

    /// The network with these parameters, on `device`. `None` when the
    /// count or a length does not match `spec`'s parameters.
    pub fn write(spec: &ModelSpec, net: Net, values: &[Vec<f32>], device: &Device) -> Option<Net> {
        let shapes = crate::export::weight_shapes(spec).ok()?;
        if shapes.len() != values.len()
            || shapes
                .iter()
                .zip(values)
                .any(|(s, v)| s.iter().product::<usize>() != v.len())
        {
            return None;
        }
        let mut it = values.iter().zip(shapes.iter());
        let next4 = |it: &mut dyn Iterator<Item = (&Vec<f32>, &Vec<usize>)>| {
            let (v, s) = it.next()?;
            Some((v.clone(), s.clone()))
        };
        let Net { convs, denses } = net;
        let mut new_convs = Vec::new();
        for mut c in convs {
            let (v, s) = next4(&mut it)?;
            c.weight = Param::from_tensor(Tensor::<4>::from_data(
                TensorData::new(v, [s[0], s[1], s[2], s[3]]),
                device,
            ));
            if c.bias.is_some() {
                let (v, s) = next4(&mut it)?;
                c.bias = Some(Param::from_tensor(Tensor::<1>::from_data(
                    TensorData::new(v, [s[0]]),
                    device,
                )));
            }
            new_convs.push(c);
        }
        let mut new_denses = Vec::new();
        for mut d in denses {
            let (v, s) = next4(&mut it)?;
            d.weight = Param::from_tensor(Tensor::<2>::from_data(
                TensorData::new(v, [s[0], s[1]]),
                device,
            ));
            if d.bias.is_some() {
                let (v, s) = next4(&mut it)?;
                d.bias = Some(Param::from_tensor(Tensor::<1>::from_data(
                    TensorData::new(v, [s[0]]),
                    device,
                )));
            }
            new_denses.push(d);
        }
        Some(Net {
            convs: new_convs,
            denses: new_denses,
        })
    }
}

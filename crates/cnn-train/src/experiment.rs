//! The Architectures page's experiments: two networks trained side by side
//! on the same digits with the same seed, one batch per `step().await`,
//! reporting the loss, the accuracy and how large a gradient reaches each
//! layer (so a vanishing gradient is seen, not told).
//!
//! The networks are [`Graph`]s; [`crate::lab`] says which two each
//! experiment compares.

use burn::module::Module;
use burn::nn::loss::CrossEntropyLossConfig;
use burn::optim::{AdamConfig, GradientsParams, ModuleOptimizer};
use burn::tensor::{Device, Int, Tensor, TensorData};

use crate::data::Dataset;
use crate::graph::{Graph, GraphError};
use crate::graph_net::{GraphModel, GraphNet};
use crate::rng::Rng;

pub use crate::lab::Settings;

/// One batch's result.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub epoch: usize,
    pub step: usize,
    pub loss: f32,
    pub accuracy: f32,
    /// Mean absolute gradient of each weighted layer's kernel, from the
    /// input side to the output: `(node, size)`.
    pub gradients: Vec<(usize, f32)>,
    /// Set at the end of an epoch: accuracy on the validation digits.
    pub val_accuracy: Option<f32>,
}

/// One network in training.
#[allow(missing_debug_implementations)]
pub struct Run {
    model: GraphModel,
    net: GraphNet,
    optim: ModuleOptimizer,
    device: Device,
    train: Dataset,
    val: Dataset,
    settings: Settings,
    /// Per-pixel standardisation from the training digits.
    norm: (f32, f32),
    order: Vec<usize>,
    rng: Rng,
    epoch: usize,
    step: usize,
}

impl Run {
    /// A network for `graph`, seeded, on `device`'s autodiff form.
    pub fn new(
        graph: &Graph,
        train: Dataset,
        val: Dataset,
        settings: Settings,
        device: &Device,
    ) -> Result<Run, GraphError> {
        let device = device.clone().autodiff();
        let (model, net) =
            crate::graph_net::seeded(&device, settings.seed, || GraphModel::new(graph, &device))?;
        let n = train.images.len().max(1) as f64;
        let mean = train.images.iter().map(|&v| f64::from(v)).sum::<f64>() / n;
        let var = train
            .images
            .iter()
            .map(|&v| (f64::from(v) - mean).powi(2))
            .sum::<f64>()
            / n;
        let mut rng = Rng::new(settings.seed);
        let mut order: Vec<usize> = (0..train.len()).collect();
        rng.shuffle(&mut order);
        Ok(Run {
            model,
            net,
            optim: AdamConfig::new().init(),
            device,
            train,
            val,
            settings,
            norm: (mean as f32, (var.sqrt() as f32).max(1e-6)),
            order,
            rng,
            epoch: 0,
            step: 0,
        })
    }

    /// Batches in an epoch.
    pub fn steps_per_epoch(&self) -> usize {
        self.train.len().div_ceil(self.settings.batch_size.max(1))
    }

    /// Whether every epoch has run.
    pub fn done(&self) -> bool {
        self.epoch >= self.settings.epochs
    }

    fn tensors(&self, ds: &Dataset, idx: &[usize], device: &Device) -> (Tensor<4>, Tensor<1, Int>) {
        let len = ds.image_len();
        let mut pixels = Vec::with_capacity(idx.len() * len);
        for &i in idx {
            pixels.extend(ds.image(i).iter().map(|v| (v - self.norm.0) / self.norm.1));
        }
        let labels: Vec<i64> = idx.iter().map(|&i| ds.labels[i] as i64).collect();
        (
            Tensor::from_data(
                TensorData::new(pixels, [idx.len(), ds.channels, ds.height, ds.width]),
                device,
            ),
            Tensor::from_data(TensorData::new(labels, [idx.len()]), device),
        )
    }

    /// One batch: forward, loss, backward, the gradient sizes, Adam's
    /// update; at an epoch's end, the validation accuracy too.
    pub async fn step(&mut self) -> Option<Step> {
        if self.done() {
            return None;
        }
        let bs = self.settings.batch_size.max(1);
        let start = self.step * bs;
        let idx: Vec<usize> = self.order[start..(start + bs).min(self.order.len())].to_vec();
        let (x, y) = self.tensors(&self.train, &idx, &self.device);
        let (logits, _) = self.model.logits(&self.net, x, false);
        let correct = logits
            .clone()
            .argmax(1)
            .squeeze_dim::<1>(1)
            .equal(y.clone())
            .int()
            .sum();
        let loss = CrossEntropyLossConfig::new()
            .init(&self.device)
            .forward(logits, y);
        let loss_value = read_f32(loss.clone()).await;
        let correct = correct
            .into_data_async()
            .await
            .ok()
            .and_then(|d| d.try_into_vec_as::<i64>().ok())
            .and_then(|v| v.first().copied())
            .unwrap_or(0);
        let grads = loss.backward();
        let sizes = self.model.gradient_sizes(&self.net, &grads);
        let mut gradients = Vec::with_capacity(sizes.len());
        for (node, size) in sizes {
            gradients.push((node, read_f32(size).await));
        }
        let grads = GradientsParams::from_grads(grads, &self.net);
        self.net = self
            .optim
            .step(self.settings.learning_rate, self.net.clone(), grads);
        self.step += 1;
        let mut report = Step {
            epoch: self.epoch + 1,
            step: self.step,
            loss: loss_value,
            accuracy: correct as f32 / idx.len() as f32,
            gradients,
            val_accuracy: None,
        };
        if self.step >= self.steps_per_epoch() {
            report.val_accuracy = Some(self.validate().await);
            self.epoch += 1;
            self.step = 0;
            self.rng.shuffle(&mut self.order);
        }
        Some(report)
    }

    /// Accuracy on the validation digits (inference: no dropout, batch
    /// normalization's moving statistics).
    ///
    /// First the moving statistics are recomputed on [`REFRESH_BATCHES`]
    /// training batches run forward with the final weights (a "precise"
    /// batch normalization). While training,
    /// they average batches seen under earlier weights; in a deep sigmoid
    /// network whose maps vary little, that lag is enough to send the
    /// validation to chance (measured: 12% with stale statistics, 91% with
    /// the batch's own), and a short run never outgrows it.
    pub async fn validate(&mut self) -> f32 {
        if !self.net.norms.is_empty() {
            // A cumulative average over the refresh batches: the k-th
            // batch counts 1/k, so the statistics end as the mean of them
            // all, whatever they were before.
            let bs = self.settings.batch_size.max(1);
            let order = self.order.clone();
            for (k, chunk) in order.chunks(bs).take(REFRESH_BATCHES).enumerate() {
                for bn in &mut self.net.norms {
                    bn.momentum = 1.0 / (k as f64 + 1.0);
                }
                let (x, _) = self.tensors(&self.train, chunk, &self.device);
                // Forward only: batch normalization updates its moving
                // statistics as it goes; nothing is read or trained.
                drop(self.model.logits(&self.net, x, false));
            }
            for bn in &mut self.net.norms {
                bn.momentum = crate::graph_net::BN_MOMENTUM;
            }
        }
        let net = self.net.valid();
        let inner = self.device.clone().inner();
        let mut correct = 0i64;
        let all: Vec<usize> = (0..self.val.len()).collect();
        for chunk in all.chunks(256) {
            let (x, y) = self.tensors(&self.val, chunk, &inner);
            let (logits, _) = self.model.logits(&net, x, false);
            let c = logits.argmax(1).squeeze_dim::<1>(1).equal(y).int().sum();
            correct += c
                .into_data_async()
                .await
                .ok()
                .and_then(|d| d.try_into_vec_as::<i64>().ok())
                .and_then(|v| v.first().copied())
                .unwrap_or(0);
        }
        correct as f32 / self.val.len().max(1) as f32
    }
}

/// A validation digit, the class the network gives it, and where it looked
/// for that class.
#[derive(Debug, Clone, PartialEq)]
pub struct Looked {
    /// The digit's pixels, `[0, 1]`, row after row.
    pub image: Vec<f32>,
    pub label: usize,
    pub class: usize,
    /// The class activation map, upsampled to the digit's size.
    pub map: crate::cam::ClassMap,
}

impl Run {
    /// The class activation maps of the first `count` validation digits,
    /// each for the class the network predicts; `None` when the network
    /// does not end in global average pooling and a dense layer.
    pub async fn class_maps(&self, count: usize) -> Option<Vec<Looked>> {
        crate::cam::cam_nodes(&self.model.graph)?;
        let inner = self.device.clone().inner();
        let net = self.net.valid();
        let mut out = Vec::new();
        for i in 0..count.min(self.val.len()) {
            let (x, _) = self.tensors(&self.val, &[i], &inner);
            let (logits, _) = self.model.logits(&net, x.clone(), false);
            let class = logits
                .argmax(1)
                .into_data_async()
                .await
                .ok()
                .and_then(|d| d.try_into_vec_as::<i64>().ok())
                .and_then(|v| v.first().copied())
                .unwrap_or(0) as usize;
            let map = crate::cam::class_activation_map(&self.model, &net, x, class)
                .await
                .ok()?;
            out.push(Looked {
                image: self.val.image(i).to_vec(),
                label: usize::from(self.val.labels[i]),
                class,
                map: map.upsample(self.val.height, self.val.width),
            });
        }
        Some(out)
    }
}

/// Training batches that refresh batch normalization's moving statistics
/// before a validation (see [`Run::validate`]).
pub const REFRESH_BATCHES: usize = 50;

async fn read_f32(t: Tensor<1>) -> f32 {
    t.into_data_async()
        .await
        .ok()
        .and_then(|d| d.try_into_vec_as::<f32>().ok())
        .and_then(|v| v.first().copied())
        .unwrap_or(f32::NAN)
}

#[cfg(test)]
mod tests;

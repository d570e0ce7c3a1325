//! The training loop: burn's own runner does not work in WebAssembly, so
//! this is ours. A [`Trainer`] advances one batch per [`Trainer::step`] and
//! returns the [`Event`]s it produced; whoever drives it (a web worker, a
//! test) checks for commands between steps, which is how pause, resume and
//! stop work without threads. Every tensor read is async, so the same code
//! runs on WebGPU, where a synchronous read panics.

use burn::module::Module;
use burn::nn::loss::{BinaryCrossEntropyLossConfig, CrossEntropyLossConfig};
use burn::optim::momentum::MomentumConfig;
use burn::optim::{AdamConfig, GradientsParams, ModuleOptimizer, SgdConfig};
use burn::tensor::{Device, Int, Tensor, TensorData};

use crate::data::{DataError, Dataset};
use crate::export::ModelFile;
use crate::model::{Activations, Model, Net};
use crate::onnx::OnnxError;
use crate::parallel::{
    check_part, combine, read_count, shard_gradients, shares_leaning, unflatten, Checked,
    PeerSetup, Peers, Shard, ShardGrads, Solo,
};

/// Pictures a validation pass sends through the network at a time.
const EVAL_CHUNK: usize = 256;
pub use crate::protocol::{
    BatchStats, ConfigError, EpochStats, Evaluation, Event, Failure, LayerOutput, Optimizer,
    Prediction, TrainConfig, MAX_BATCH, MAX_EPOCHS,
};
use crate::protocol::{ClassActivation, Occlusion, WorkerError};
use crate::rng::Rng;
use crate::spec::{ModelSpec, Output, SpecError};

/// How many occluded copies of a picture go through the network at once.
pub const OCCLUSION_BATCH: usize = 64;

/// Why a run could not start.
#[derive(Debug, Clone, PartialEq)]
pub enum TrainError {
    Config(ConfigError),
    Spec(SpecError),
    /// The data's picture size or class count does not fit the model.
    DataMismatch {
        data: (usize, usize, usize),
        model: (usize, usize, usize),
        data_classes: usize,
        model_classes: usize,
    },
    EmptyData,
}

impl std::fmt::Display for TrainError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TrainError::Config(e) => e.fmt(f),
            TrainError::Spec(e) => e.fmt(f),
            TrainError::DataMismatch {
                data,
                model,
                data_classes,
                model_classes,
            } => write!(
                f,
                "The data has {}x{}x{} pictures in {data_classes} classes but the model takes {}x{}x{} in {model_classes}: pick matching data or change the model's input and output.",
                data.1, data.2, data.0, model.1, model.2, model.0
            ),
            TrainError::EmptyData => write!(f, "There is nothing to train on: add pictures to the training set."),
        }
    }
}

/// Where a run is: enough to go on from the same place on another device.
#[derive(Debug, Clone, PartialEq)]
pub struct Checkpoint {
    pub weights: Vec<Vec<f32>>,
    /// Per input channel, the (mean, sd) the inputs are standardised with.
    pub input_norm: Vec<(f32, f32)>,
    pub epoch: usize,
    pub step: usize,
}

impl From<OnnxError> for WorkerError {
    fn from(e: OnnxError) -> Self {
        match e {
            OnnxError::Weights { .. } | OnnxError::Norm { .. } => WorkerError::WrongArchitecture,
            OnnxError::Empty | OnnxError::Shapes(_) => WorkerError::BadSpec {
                detail: e.to_string(),
            },
        }
    }
}

impl From<TrainError> for WorkerError {
    fn from(e: TrainError) -> Self {
        match e {
            TrainError::Config(e) => e.into(),
            TrainError::Spec(error) => WorkerError::Spec { error },
            TrainError::DataMismatch {
                data,
                model,
                data_classes,
                model_classes,
            } => WorkerError::DataMismatch {
                data_height: data.1,
                data_width: data.2,
                data_channels: data.0,
                data_classes,
                model_height: model.1,
                model_width: model.2,
                model_channels: model.0,
                model_classes,
            },
            TrainError::EmptyData => WorkerError::EmptyData,
        }
    }
}

/// A training run in progress.
pub struct Trainer {
    model: Model,
    /// The spec with dropout switched off when the config says so.
    train_model: Model,
    net: Net,
    last_good: Net,
    optim: ModuleOptimizer,
    device: Device,
    train: Dataset,
    val: Dataset,
    config: TrainConfig,
    rng: Rng,
    order: Vec<usize>,
    /// Completed epochs, and batches completed in the current one.
    epoch: usize,
    step: usize,
    sums: (f64, f64, usize),
    done: bool,
    /// Per channel (mean, sd); (0, 1) when not standardising.
    input_norm: Vec<(f32, f32)>,
    /// The next batch, drawn early for the peers.
    drawn: Option<Drawn>,
    /// Pictures of each batch moved from this worker to its peers
    /// (negative: from the peers to this worker).
    lean: isize,
}

/// A batch drawn ahead of its step, at `(epoch, step)`.
struct Drawn {
    at: (usize, usize),
    pixels: Vec<f32>,
    labels: Vec<u32>,
    /// The lean its parts were cut with.
    lean: isize,
}

impl std::fmt::Debug for Trainer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Trainer")
            .field("spec", &self.model.spec.name)
            .field("epoch", &self.epoch)
            .field("step", &self.step)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl Trainer {
    /// A run of `spec` on `train`, validated on `val`, on `device` (a plain
    /// device; gradients are taken on its autodiff form).
    pub fn new(
        spec: &ModelSpec,
        train: Dataset,
        val: Dataset,
        config: TrainConfig,
        device: &Device,
    ) -> Result<Trainer, TrainError> {
        config.validate().map_err(TrainError::Config)?;
        spec.summary().map_err(TrainError::Spec)?;
        let want = (spec.input.channels, spec.input.height, spec.input.width);
        for ds in [&train, &val] {
            let got = (ds.channels, ds.height, ds.width);
            if got != want || ds.class_names.len() != spec.output.classes() {
                return Err(TrainError::DataMismatch {
                    data: got,
                    model: want,
                    data_classes: ds.class_names.len(),
                    model_classes: spec.output.classes(),
                });
            }
        }
        if train.is_empty() {
            return Err(TrainError::EmptyData);
        }
        let device = device.clone().autodiff();
        let model = crate::graph_net::seeded(&device, config.seed, || Model::new(spec, &device))
            .map_err(TrainError::Spec)?;
        let train_model = if config.dropout {
            model.clone()
        } else {
            model
                .with_spec(&Model::without_dropout(spec))
                .map_err(TrainError::Spec)?
        };
        let net = model.net.clone();
        let optim = optimizer(&config);
        let input_norm = if config.standardize {
            channel_stats(&train)
        } else {
            vec![(0.0, 1.0); train.channels]
        };
        let mut rng = Rng::new(config.seed);
        let mut order: Vec<usize> = (0..train.len()).collect();
        rng.shuffle(&mut order);
        Ok(Trainer {
            last_good: net.clone(),
            model,
            train_model,
            net,
            optim,
            device,
            train,
            val,
            config,
            rng,
            order,
            epoch: 0,
            step: 0,
            sums: (0.0, 0.0, 0),
            done: false,
            input_norm,
            drawn: None,
            lean: 0,
        })
    }

    pub fn spec(&self) -> &ModelSpec {
        &self.model.spec
    }

    pub fn config(&self) -> &TrainConfig {
        &self.config
    }

    pub fn steps_per_epoch(&self) -> usize {
        self.train.len().div_ceil(self.config.batch_size)
    }

    /// (completed epochs, batches completed in the current epoch)
    pub fn position(&self) -> (usize, usize) {
        (self.epoch, self.step)
    }

    pub fn is_done(&self) -> bool {
        self.done
    }

    /// The training pictures `idx` as the network takes them (`[n, c, h,
    /// w]`, augmented and standardised) and their labels.
    fn batch_values(&mut self, ds_is_train: bool, idx: &[usize]) -> (Vec<f32>, Vec<u32>) {
        let ds = if ds_is_train { &self.train } else { &self.val };
        let (c, h, w) = (ds.channels, ds.height, ds.width);
        let len = ds.image_len();
        let mut pixels = vec![0f32; idx.len() * len];
        let mut labels = Vec::with_capacity(idx.len());
        for (k, &i) in idx.iter().enumerate() {
            let out = &mut pixels[k * len..(k + 1) * len];
            let img = ds.image(i);
            if ds_is_train && !self.config.augment.is_identity() {
                if self
                    .config
                    .augment
                    .apply(img, c, h, w, &mut self.rng, out)
                    .is_err()
                {
                    out.copy_from_slice(img);
                }
            } else {
                out.copy_from_slice(img);
            }
            labels.push(u32::from(ds.labels[i]));
        }
        self.standardize(&mut pixels);
        (pixels, labels)
    }

    /// `[c, h, w]` of the pictures.
    fn picture_shape(&self) -> [usize; 3] {
        [self.train.channels, self.train.height, self.train.width]
    }

    /// The step on this worker alone: `(mean loss, right answers)`, or the
    /// events that end the run.
    async fn solo_step(
        &mut self,
        pixels: Vec<f32>,
        labels: Vec<u32>,
    ) -> Result<(f32, usize), Vec<Event>> {
        let n = labels.len();
        let [c, h, w] = self.picture_shape();
        let labels: Vec<i64> = labels.into_iter().map(i64::from).collect();
        let x = Tensor::<4>::from_data(TensorData::new(pixels, [n, c, h, w]), &self.device);
        let y = Tensor::<1, Int>::from_data(TensorData::new(labels, [n]), &self.device);
        let logits = self.train_model.logits(&self.net, x);
        let correct = correct_count(&self.train_model, logits.clone(), y.clone());
        let loss = batch_loss(&self.train_model, logits, y);
        // Read the loss first: a NaN must not reach the weights.
        let loss_value = match read_f32(loss.clone()).await {
            Ok(v) => v.first().copied().unwrap_or(f32::NAN),
            Err(e) => return Err(self.device_failed(device_detail(e))),
        };
        if !loss_value.is_finite() {
            return Err(self.diverged());
        }
        let correct = match read_count(correct).await {
            Ok(c) => c,
            Err(e) => return Err(self.device_failed(device_detail(e))),
        };
        let grads = GradientsParams::from_grads(loss.backward(), &self.net);
        self.last_good = self.net.clone();
        self.net = self
            .optim
            .step(self.config.learning_rate, self.net.clone(), grads);
        Ok((loss_value, correct))
    }

    /// `pixels` and `labels` cut into one part per worker
    /// ([`shares_leaning`]).
    fn cut_batch(&self, pixels: &[f32], labels: &[u32], workers: usize, lean: isize) -> Vec<Shard> {
        let len = self.train.image_len();
        let mut shards = Vec::with_capacity(workers);
        let mut at = 0;
        for share in shares_leaning(labels.len(), workers, lean) {
            shards.push(Shard {
                pixels: pixels[at * len..(at + share) * len].to_vec(),
                labels: labels[at..at + share].to_vec(),
            });
            at += share;
        }
        shards
    }

    /// The step shared with `peers`: this worker takes the first part, the
    /// peers the others (`sent`: they have theirs already); the combined
    /// gradient moves every worker. Before this worker takes its own step,
    /// the peers get the next batch's parts, so that they compute while it
    /// steps and reports (drawn now, the pictures and their augmentation
    /// are the ones the next step would draw: nothing else draws between).
    /// If the peers fail, this worker takes the step alone on the same
    /// pictures.
    async fn shared_step<P: Peers>(
        &mut self,
        pixels: Vec<f32>,
        labels: Vec<u32>,
        sent: Option<isize>,
        peers: &P,
    ) -> Result<(f32, usize), Vec<Event>> {
        // A batch drawn ahead is cut as it was when its parts went out.
        let lean = sent.unwrap_or(self.lean);
        let mut shards = self.cut_batch(&pixels, &labels, peers.count() + 1, lean);
        let own = shards.remove(0);
        if sent.is_none() {
            peers.send(shards);
        }
        let shape = self.picture_shape();
        let mine =
            match shard_gradients(&self.train_model, &self.net, &own, shape, &self.device).await {
                Ok(m) => m,
                Err(e) => return Err(self.device_failed(device_detail(e))),
            };
        // While the peers finish, draw the next batch of this epoch (the
        // same draws as at its own step: nothing draws between).
        let mut next_parts = None;
        if self.step + 1 < self.steps_per_epoch() {
            let next = self.step + 1;
            let bs = self.config.batch_size;
            let idx: Vec<usize> =
                self.order[next * bs..((next + 1) * bs).min(self.order.len())].to_vec();
            let (pixels, labels) = self.batch_values(true, &idx);
            let mut shards = self.cut_batch(&pixels, &labels, peers.count() + 1, self.lean);
            shards.remove(0);
            next_parts = Some(shards);
            self.drawn = Some(Drawn {
                at: (self.epoch, next),
                pixels,
                labels,
                lean: self.lean,
            });
        }
        let theirs = match peers.collect().await {
            Ok(t) => t,
            Err(_) => return self.solo_step(pixels, labels).await,
        };
        // Balance: the peers had finished first, so they take a picture
        // more next time; this worker waited for them, so it takes one more.
        let bound = self.config.batch_size as isize;
        match peers.waited() {
            Some(true) => self.lean = (self.lean + 1).min(bound),
            Some(false) => self.lean = (self.lean - 1).max(-bound),
            None => {}
        }
        let parts: Vec<ShardGrads> = std::iter::once(mine).chain(theirs).collect();
        if parts.iter().any(|p| !p.loss.is_finite()) {
            return Err(self.diverged());
        }
        let all = match combine(&parts) {
            Ok(all) => all,
            Err(_) => return self.solo_step(pixels, labels).await,
        };
        // The peers first: they step and start on the next batch while
        // this worker takes its own step.
        peers.apply(&all.grads);
        if let Some(shards) = next_parts {
            peers.send(shards);
        }
        let grads = match unflatten(&all.grads, &self.net, &self.device.clone().inner()) {
            Ok(g) => g,
            Err(e) => return Err(self.device_failed(device_detail(e))),
        };
        self.last_good = self.net.clone();
        self.net = self
            .optim
            .step(self.config.learning_rate, self.net.clone(), grads);
        Ok((all.loss, all.correct))
    }

    /// A loss that is not a number: the run stops on the last good weights.
    fn diverged(&mut self) -> Vec<Event> {
        self.done = true;
        self.net = self.last_good.clone();
        vec![Event::Failed(Failure::Diverged {
            epoch: self.epoch + 1,
            step: self.step + 1,
        })]
    }

    /// Pictures of each batch this worker leaves to its peers beyond an
    /// even share (see [`crate::parallel::shares_leaning`]).
    pub fn lean(&self) -> isize {
        self.lean
    }

    /// What peers need to hold this run's network as it is now.
    pub async fn peer_setup(&self) -> Result<PeerSetup, WorkerError> {
        Ok(PeerSetup {
            spec: self.model.spec.clone(),
            config: self.config.clone(),
            weights: self.checkpoint().await?.weights,
        })
    }

    /// One batch: forward, loss, backward, update. At the end of an epoch
    /// also runs validation. Returns what happened.
    pub async fn step(&mut self) -> Vec<Event> {
        self.step_with(&Solo).await
    }

    /// [`Trainer::step`] with the batch shared among `peers`
    /// ([`crate::parallel`]): the same step, its sums in another order.
    pub async fn step_with<P: Peers>(&mut self, peers: &P) -> Vec<Event> {
        if self.done {
            return vec![];
        }
        let bs = self.config.batch_size;
        let start = self.step * bs;
        let idx: Vec<usize> = self.order[start..(start + bs).min(self.order.len())].to_vec();
        // The batch drawn ahead for the peers, or drawn now.
        let (pixels, labels, sent) = match self.drawn.take() {
            Some(d) if d.at == (self.epoch, self.step) => (d.pixels, d.labels, Some(d.lean)),
            _ => {
                let (pixels, labels) = self.batch_values(true, &idx);
                (pixels, labels, None)
            }
        };
        let stepped = if peers.count() == 0 {
            self.solo_step(pixels, labels).await
        } else {
            self.shared_step(pixels, labels, sent, peers).await
        };
        let (loss_value, correct) = match stepped {
            Ok(v) => v,
            Err(events) => return events,
        };
        let accuracy = correct as f32 / idx.len() as f32;
        self.sums.0 += loss_value as f64 * idx.len() as f64;
        self.sums.1 += correct as f64;
        self.sums.2 += idx.len();
        self.step += 1;
        let mut events = vec![Event::Batch(BatchStats {
            epoch: self.epoch + 1,
            step: self.step,
            steps_per_epoch: self.steps_per_epoch(),
            loss: loss_value,
            accuracy,
            images: idx.len(),
        })];
        if self.step >= self.steps_per_epoch() {
            let (n, l, c) = (self.sums.2.max(1) as f64, self.sums.0, self.sums.1);
            let val = match self.evaluate_validation(peers).await {
                Ok(v) => v,
                Err(e) => {
                    events.extend(self.device_failed(device_detail(e)));
                    return events;
                }
            };
            self.epoch += 1;
            self.step = 0;
            self.sums = (0.0, 0.0, 0);
            self.rng.shuffle(&mut self.order);
            events.push(Event::Epoch(EpochStats {
                epoch: self.epoch,
                train_loss: (l / n) as f32,
                train_accuracy: (c / n) as f32,
                val_loss: val.0,
                val_accuracy: val.1,
            }));
            if self.epoch >= self.config.epochs {
                self.done = true;
                events.push(Event::Done);
            }
        }
        events
    }

    /// What a device error does to the run (stop, keep the last good
    /// weights, report it). The worker's tests call it to stand in for a
    /// lost GPU, which a test cannot cause on demand.
    pub fn fail_device(&mut self, message: String) -> Vec<Event> {
        self.device_failed(message)
    }

    fn device_failed(&mut self, message: String) -> Vec<Event> {
        self.done = true;
        self.net = self.last_good.clone();
        vec![Event::Failed(Failure::Device { message })]
    }

    /// Ends the run where it is (the learner pressed stop).
    pub fn stop(&mut self) {
        self.done = true;
    }

    /// The validation loss and accuracy at the end of an epoch: shared with
    /// the peers where there are any and the network has no batch
    /// normalization ([`crate::parallel`]), else on this worker.
    async fn evaluate_validation<P: Peers>(
        &mut self,
        peers: &P,
    ) -> Result<(f32, f32), WorkerError> {
        if peers.count() > 0 && !self.has_batch_norm() && self.val.len() > 1 {
            return self.evaluate_shared(peers).await;
        }
        let val = std::mem::replace(&mut self.val, Dataset::empty_like(&self.train));
        let r = self.evaluate(&val).await;
        self.val = val;
        r.map(|e| (e.loss, e.accuracy))
    }

    fn has_batch_norm(&self) -> bool {
        self.graph()
            .nodes
            .iter()
            .any(|n| matches!(n.op, crate::graph::Op::BatchNorm { .. }))
    }

    /// The validation pass cut into parts, a part per worker at a time (at
    /// most [`EVAL_CHUNK`] pictures each, as alone): the peers check theirs
    /// while this worker checks its own. A peer that fails leaves its part
    /// to this worker.
    async fn evaluate_shared<P: Peers>(&self, peers: &P) -> Result<(f32, f32), WorkerError> {
        let n = self.val.len();
        let workers = peers.count() + 1;
        let size = n.div_ceil(workers).clamp(1, EVAL_CHUNK);
        let parts: Vec<Shard> = (0..n)
            .step_by(size)
            .map(|start| self.val_part(start..(start + size).min(n)))
            .collect();
        let shape = self.picture_shape();
        let (mut loss_sum, mut correct) = (0.0f64, 0usize);
        let mut add = |c: Checked| {
            loss_sum += c.loss_sum;
            correct += c.correct;
        };
        for round in parts.chunks(workers) {
            let (mine, theirs) = round.split_first().expect("a round has a part");
            peers.check(theirs.to_vec());
            add(check_part(&self.model, &self.net, mine, shape, &self.device).await?);
            match peers.collect_checks().await {
                Ok(checked) if checked.len() == theirs.len() => {
                    checked.into_iter().for_each(&mut add)
                }
                _ => {
                    for part in theirs {
                        add(check_part(&self.model, &self.net, part, shape, &self.device).await?);
                    }
                }
            }
        }
        Ok(((loss_sum / n as f64) as f32, correct as f32 / n as f32))
    }

    /// Validation pictures `range`, standardised, as a part to check.
    fn val_part(&self, range: std::ops::Range<usize>) -> Shard {
        let mut pixels = Vec::with_capacity(range.len() * self.val.image_len());
        for i in range.clone() {
            pixels.extend_from_slice(self.val.image(i));
        }
        self.standardize(&mut pixels);
        Shard {
            pixels,
            labels: range.map(|i| u32::from(self.val.labels[i])).collect(),
        }
    }

    /// Loss, accuracy, confusion matrix and per-example predictions of the
    /// current weights on `ds` (no dropout, no augmentation).
    pub async fn evaluate(&self, ds: &Dataset) -> Result<Evaluation, WorkerError> {
        let classes = self.model.spec.output.classes();
        let mut confusion = vec![vec![0u32; classes]; classes];
        let mut predictions = Vec::with_capacity(ds.len());
        let net = self.net.valid();
        let mut loss_sum = 0.0f64;
        let (c, h, w) = (ds.channels, ds.height, ds.width);
        let len = ds.image_len();
        let inner = self.device.clone().inner();
        for chunk in (0..ds.len()).collect::<Vec<_>>().chunks(EVAL_CHUNK) {
            let mut pixels = Vec::with_capacity(chunk.len() * len);
            for &i in chunk {
                pixels.extend_from_slice(ds.image(i));
            }
            let labels: Vec<i64> = chunk.iter().map(|&i| ds.labels[i] as i64).collect();
            self.standardize(&mut pixels);
            let x = Tensor::<4>::from_data(TensorData::new(pixels, [chunk.len(), c, h, w]), &inner);
            let y = Tensor::<1, Int>::from_data(TensorData::new(labels, [chunk.len()]), &inner);
            let logits = self.model.logits(&net, x);
            let loss = batch_loss(&self.model, logits.clone(), y);
            let probs = self.model.probabilities(logits);
            let loss = read_f32(loss).await?;
            loss_sum += loss.first().copied().unwrap_or(f32::NAN) as f64 * chunk.len() as f64;
            let probs = read_f32(probs).await?;
            for (k, &i) in chunk.iter().enumerate() {
                let row = &probs[k * classes..(k + 1) * classes];
                let (best, p) = row.iter().enumerate().fold((0, f32::MIN), |acc, (j, &v)| {
                    if v > acc.1 {
                        (j, v)
                    } else {
                        acc
                    }
                });
                confusion[ds.labels[i] as usize][best] += 1;
                predictions.push((best as u8, p));
            }
        }
        let n = ds.len().max(1);
        let correct: u32 = (0..classes).map(|k| confusion[k][k]).sum();
        Ok(Evaluation {
            loss: (loss_sum / n as f64) as f32,
            accuracy: correct as f32 / n as f32,
            confusion,
            predictions,
        })
    }

    /// One picture (`[c, h, w]`, values in [0, 1]) through the current
    /// weights: class probabilities and every layer's output.
    pub async fn predict(&self, image: &[f32]) -> Result<Prediction, WorkerError> {
        let s = self.model.spec.input;
        self.check_picture(image)?;
        let inner = self.device.clone().inner();
        let net = self.net.valid();
        let mut pixels = image.to_vec();
        self.standardize(&mut pixels);
        let x = Tensor::<4>::from_data(
            TensorData::new(pixels, [1, s.channels, s.height, s.width]),
            &inner,
        );
        let (probs, acts) = self.model.forward(&net, x, true);
        let probabilities = read_f32(probs).await?;
        let mut layers = Vec::with_capacity(acts.len());
        for a in acts {
            let (shape, t) = match a {
                Activations::Maps(m) => {
                    let [_, c, h, w] = m.dims();
                    ([c, h, w], m.flatten::<1>(0, 3))
                }
                Activations::Flat(f) => {
                    let [_, n] = f.dims();
                    ([n, 1, 1], f.flatten::<1>(0, 1))
                }
            };
            let values = read_f32(t).await?;
            layers.push(LayerOutput { shape, values });
        }
        Ok(Prediction {
            probabilities,
            layers,
        })
    }

    /// A picture the model cannot take.
    fn check_picture(&self, image: &[f32]) -> Result<(), WorkerError> {
        let s = self.model.spec.input;
        if image.len() != s.len() {
            return Err(WorkerError::PictureSize {
                values: image.len(),
                height: s.height,
                width: s.width,
                channels: s.channels,
            });
        }
        Ok(())
    }

    /// Which parts of a picture (`[c, h, w]`, values in [0, 1]) the
    /// decision rests on, by occlusion (Zeiler and Fergus, 2014): the
    /// picture is predicted whole, then with a `patch x patch` square
    /// covered at every `stride` pixels down and across, and each position
    /// reports `p(class | picture) − p(class | covered)` for the class
    /// predicted for the whole picture.
    ///
    /// The patch is filled with the picture's own mean grey (the mean of all
    /// its values, in every channel), not with the training set's mean (the
    /// standardised 0): it means the same for a model trained without
    /// standardisation or imported without its figures, and it has this
    /// picture's brightness, so covering a part takes its detail away
    /// without adding a patch much darker or brighter than the picture.
    ///
    /// Patch `(r, c)` covers rows `r·stride ..` and columns `c·stride ..`,
    /// `patch` pixels each, cut at the border: the positions run until the
    /// whole picture has been covered, so the last row or column of patches
    /// may be narrower when `stride` does not divide `side − patch`.
    /// The copies go through the network [`OCCLUSION_BATCH`] at a time.
    pub async fn occlusion(
        &self,
        image: &[f32],
        patch: usize,
        stride: usize,
    ) -> Result<Occlusion, WorkerError> {
        self.check_picture(image)?;
        let s = self.model.spec.input;
        let (c, h, w) = (s.channels, s.height, s.width);
        if patch == 0 || stride == 0 {
            return Err(WorkerError::OcclusionZero);
        }
        if patch > h.min(w) {
            return Err(WorkerError::OcclusionTooLarge {
                patch,
                height: h,
                width: w,
            });
        }
        let grid = Occluder::new(image, [c, h, w], patch, stride);
        let classes = self.model.spec.output.classes();
        let inner = self.device.clone().inner();
        let net = self.net.valid();
        let mut probs = Vec::with_capacity(grid.copies() * classes);
        let mut start = 0;
        while start < grid.copies() {
            let n = OCCLUSION_BATCH.min(grid.copies() - start);
            let mut pixels = grid.batch(start, n);
            self.standardize(&mut pixels);
            let x = Tensor::<4>::from_data(TensorData::new(pixels, [n, c, h, w]), &inner);
            let (p, _) = self.model.forward(&net, x, false); // [n, classes]
            probs.extend(read_f32(p).await?);
            start += n;
        }
        grid.answer(&probs, classes)
    }

    /// The class activation map of `class` for a picture (`[c, h, w]`,
    /// values in [0, 1]) when the model ends in global average pooling and
    /// a Dense layer; `None` for any other model. A sigmoid output's one
    /// unit scores class 1: class 0's map is its negative.
    pub async fn class_map(
        &self,
        image: &[f32],
        class: usize,
    ) -> Result<Option<ClassActivation>, WorkerError> {
        self.check_picture(image)?;
        if crate::cam::cam_nodes(&self.model.graph().graph).is_none() {
            return Ok(None);
        }
        let s = self.model.spec.input;
        let mut pixels = image.to_vec();
        self.standardize(&mut pixels);
        let x = Tensor::<4>::from_data(
            TensorData::new(pixels, [1, s.channels, s.height, s.width]),
            &self.device.clone().inner(),
        );
        let (unit, sign) = match self.model.spec.output {
            Output::Sigmoid => (0, if class == 1 { 1.0 } else { -1.0 }),
            Output::Softmax { .. } => (class, 1.0),
        };
        let net = self.net.valid();
        match crate::cam::class_activation_map(self.model.graph(), &net, x, unit).await {
            Ok(map) => Ok(Some(ClassActivation {
                class,
                rows: map.height,
                cols: map.width,
                values: map.values.iter().map(|v| v * sign).collect(),
            })),
            Err(crate::cam::CamError::NotGapDense) => Ok(None),
            Err(e) => Err(WorkerError::Device {
                detail: e.to_string(),
            }),
        }
    }

    /// The first convolution's filters, `[filters, in_channels, k, k]`, if
    /// the model starts with one.
    pub async fn first_filters(&self) -> Result<Option<(Vec<f32>, [usize; 4])>, WorkerError> {
        let Some(conv) = self.model.first_conv(&self.net) else {
            return Ok(None);
        };
        let w = conv.weight.val().inner();
        let shape = w.dims();
        let values = read_f32(w).await?;
        Ok(Some((values, shape)))
    }

    /// The first convolution's biases, `[filters]`, if the model has a
    /// convolution.
    pub async fn first_bias(&self) -> Result<Option<Vec<f32>>, WorkerError> {
        let Some(bias) = self
            .model
            .first_conv(&self.net)
            .and_then(|c| c.bias.as_ref())
        else {
            return Ok(None);
        };
        read_f32(bias.val().inner()).await.map(Some)
    }

    /// Per input channel, the `(mean, sd)` inputs are standardised with
    /// (`(0, 1)`: left as they are).
    pub fn input_norm(&self) -> &[(f32, f32)] {
        &self.input_norm
    }

    /// `(x − mean) / sd` per channel, in place; `pixels` is
    /// `[n, channels, h, w]`.
    fn standardize(&self, pixels: &mut [f32]) {
        let s = self.model.spec.input;
        let plane = s.height * s.width;
        if plane == 0 {
            return;
        }
        for (k, chunk) in pixels.chunks_mut(plane).enumerate() {
            let (mean, sd) = self.input_norm[k % s.channels];
            if (mean, sd) != (0.0, 1.0) {
                for v in chunk {
                    *v = (*v - mean) / sd;
                }
            }
        }
    }

    /// The class names of the data it trains on.
    pub fn class_names(&self) -> &[String] {
        &self.train.class_names
    }

    /// The validation set.
    pub fn validation(&self) -> &Dataset {
        &self.val
    }

    /// Puts new pictures in place of the training set's, the same number
    /// in the same order with the same labels (transfer learning's method
    /// 2: the base's features of the training photos augmented afresh for
    /// each epoch). Refused unless the values fill the set exactly.
    pub fn replace_training_images(&mut self, images: Vec<f32>) -> Result<(), DataError> {
        if images.len() != self.train.images.len() {
            return Err(DataError::LengthMismatch {
                field: "images",
                expected: self.train.images.len(),
                found: images.len(),
            });
        }
        self.train.images = images;
        Ok(())
    }

    /// The current weights, read out (for export, the filter views, or
    /// going on on another device).
    pub async fn checkpoint(&self) -> Result<Checkpoint, WorkerError> {
        Ok(Checkpoint {
            weights: self
                .model
                .read(&self.net.valid())
                .await
                .map_err(|e| WorkerError::Device {
                    detail: e.to_string(),
                })?,
            input_norm: self.input_norm.clone(),
            epoch: self.epoch,
            step: self.step,
        })
    }

    /// The current network as an ONNX file ([`crate::onnx`]): it takes
    /// pictures as the page gives them (`[batch, c, h, w]` in `[0, 1]`,
    /// standardised inside the file as here) and gives the last layer's
    /// output.
    pub async fn onnx(&self) -> Result<Vec<u8>, WorkerError> {
        let cp = self.checkpoint().await?;
        let part = crate::onnx::Part {
            graph: self.graph(),
            weights: &cp.weights,
            input_norm: &cp.input_norm,
        };
        let output = self.spec().output;
        crate::onnx::export(&self.spec().name, &[part], output, &self.onnx_doc(""))
            .map_err(Into::into)
    }

    /// The graph the network runs.
    pub fn graph(&self) -> &crate::graph::Graph {
        &self.model.graph().graph
    }

    /// The ONNX file's description: what goes in, what comes out, the
    /// classes in order; `before` says what runs before this network.
    pub(crate) fn onnx_doc(&self, before: &str) -> String {
        let s = self.spec().input;
        let output = match self.spec().output {
            Output::Softmax { classes } => format!("[batch, {classes}] probabilities"),
            Output::Sigmoid => "[batch, 1], the probability of the second class".into(),
        };
        format!(
            "Trained in CNN School. input: [batch, channels, height, width] float RGB (or grey) \
             in [0, 1], the photo as the page shows it under 'What the network sees'{before} \
             (this network: {}x{}x{}). output: {output}. Classes, in order: {}.",
            s.height,
            s.width,
            s.channels,
            self.class_names().join(", ")
        )
    }

    /// The current model as a file: the spec, the class names, the epochs
    /// completed, the input figures and every weight (for export, and for
    /// keeping it on this device).
    pub async fn model_file(&self) -> Result<ModelFile, WorkerError> {
        let cp = self.checkpoint().await?;
        Ok(ModelFile {
            spec: self.spec().clone(),
            class_names: self.class_names().to_vec(),
            epochs: cp.epoch,
            input_norm: cp.input_norm,
            weights: cp.weights,
        })
    }

    /// A trainer holding a model file's network, ready to predict and
    /// explain. It has no data: one blank picture stands in for its
    /// training and validation sets.
    pub fn from_file(file: &ModelFile, device: &Device) -> Result<Trainer, WorkerError> {
        let s = file.spec.input;
        let blank = Dataset::new(
            "imported",
            (s.channels, s.height, s.width),
            file.class_names.clone(),
            vec![0.0; s.len()],
            vec![0],
        )?;
        let epochs = file.epochs.clamp(1, MAX_EPOCHS);
        let config = TrainConfig {
            epochs,
            ..TrainConfig::default()
        };
        let mut trainer = Trainer::new(&file.spec, blank.clone(), blank, config, device)?;
        trainer.restore(&Checkpoint {
            weights: file.weights.clone(),
            input_norm: file.input_norm.clone(),
            epoch: epochs,
            step: 0,
        })?;
        Ok(trainer)
    }

    /// Puts weights back (an imported model, or a checkpoint taken on another
    /// device). Refuses weights of another architecture.
    pub fn restore(&mut self, checkpoint: &Checkpoint) -> Result<(), WorkerError> {
        let net = self
            .model
            .write(self.net.clone(), &checkpoint.weights, &self.device)
            .ok_or(WorkerError::WrongArchitecture)?;
        // A file without figures was trained on raw inputs.
        self.input_norm = if checkpoint.input_norm.len() == self.input_norm.len() {
            checkpoint.input_norm.clone()
        } else {
            vec![(0.0, 1.0); self.input_norm.len()]
        };
        self.last_good = net.clone();
        self.net = net;
        self.epoch = checkpoint.epoch;
        self.step = checkpoint
            .step
            .min(self.steps_per_epoch().saturating_sub(1));
        self.sums = (0.0, 0.0, 0);
        self.drawn = None;
        self.done = self.epoch >= self.config.epochs;
        Ok(())
    }
}

impl Occlusion {
    /// `(patch, stride)` for a `size x size` input: an eighth of the side
    /// (at least 1 pixel) and half of that, rounded up, so that patches
    /// overlap by half and a 32, 64 or 96 picture gets a 15 x 15 map
    /// (patches of 4, 8 or 12 pixels every 2, 4 or 6).
    pub fn default_patch(size: usize) -> (usize, usize) {
        let patch = (size / 8).max(1);
        (patch, patch.div_ceil(2))
    }
}

/// The copies of a picture an occlusion map looks at (see
/// [`Trainer::occlusion`]): copy 0 is the whole picture; copy
/// `1 + r·cols + c` has patch `(r, c)` covered with the picture's mean.
/// Whatever network answers, [`Occluder::answer`] turns its probabilities
/// for the copies into the map.
#[derive(Debug)]
pub struct Occluder<'a> {
    image: &'a [f32],
    shape: [usize; 3],
    patch: usize,
    stride: usize,
    rows: usize,
    cols: usize,
    grey: f32,
}

impl<'a> Occluder<'a> {
    /// The grid for `image` (`shape` is `[c, h, w]`); `patch` and `stride`
    /// must be at least 1 and the patch no larger than the picture.
    pub fn new(image: &'a [f32], shape: [usize; 3], patch: usize, stride: usize) -> Self {
        let [_, h, w] = shape;
        let stride = stride.max(1);
        Occluder {
            image,
            shape,
            patch,
            stride,
            rows: h.saturating_sub(patch).div_ceil(stride) + 1,
            cols: w.saturating_sub(patch).div_ceil(stride) + 1,
            grey: (image.iter().map(|&v| f64::from(v)).sum::<f64>() / image.len().max(1) as f64)
                as f32,
        }
    }

    /// How many copies there are: the whole picture and one per patch.
    pub fn copies(&self) -> usize {
        1 + self.rows * self.cols
    }

    /// Copies `start .. start + n`, `[n, c, h, w]`.
    pub fn batch(&self, start: usize, n: usize) -> Vec<f32> {
        let [c, h, w] = self.shape;
        let len = self.image.len();
        let mut pixels = Vec::with_capacity(n * len);
        for k in start..start + n {
            pixels.extend_from_slice(self.image);
            if let Some(p) = k.checked_sub(1) {
                let copy = pixels.len() - len;
                let (y0, x0) = ((p / self.cols) * self.stride, (p % self.cols) * self.stride);
                for ch in 0..c {
                    for y in y0..(y0 + self.patch).min(h) {
                        let row = copy + (ch * h + y) * w;
                        pixels[row + x0..row + (x0 + self.patch).min(w)].fill(self.grey);
                    }
                }
            }
        }
        pixels
    }

    /// The map from the network's probabilities for every copy,
    /// `[copies, classes]`: for the class it gives the whole picture, how
    /// much each patch's absence lowers that class's probability.
    pub fn answer(&self, probs: &[f32], classes: usize) -> Result<Occlusion, WorkerError> {
        if classes == 0 || probs.len() != self.copies() * classes {
            return Err(WorkerError::AnswerSize);
        }
        let whole = &probs[..classes];
        let class = whole
            .iter()
            .enumerate()
            .fold(
                (0, f32::MIN),
                |best, (j, &v)| if v > best.1 { (j, v) } else { best },
            )
            .0;
        let drops = probs[classes..]
            .chunks_exact(classes)
            .map(|row| whole[class] - row[class])
            .collect();
        Ok(Occlusion {
            class,
            rows: self.rows,
            cols: self.cols,
            patch: self.patch,
            stride: self.stride,
            drops,
        })
    }
}

/// Per channel (mean, sd) of a data set's pixels (sd at least 1e-3).
fn channel_stats(ds: &Dataset) -> Vec<(f32, f32)> {
    let plane = ds.height * ds.width;
    let mut sums = vec![(0f64, 0f64, 0usize); ds.channels];
    for (k, chunk) in ds.images.chunks(plane.max(1)).enumerate() {
        let s = &mut sums[k % ds.channels.max(1)];
        for &v in chunk {
            s.0 += v as f64;
            s.1 += (v as f64) * (v as f64);
            s.2 += 1;
        }
    }
    sums.into_iter()
        .map(|(sum, sq, n)| {
            let n = n.max(1) as f64;
            let mean = sum / n;
            let var = (sq / n - mean * mean).max(0.0);
            (mean as f32, (var.sqrt() as f32).max(1e-3))
        })
        .collect()
}

/// What a device error says, for [`Failure::Device`].
fn device_detail(e: WorkerError) -> String {
    match e {
        WorkerError::Device { detail } => detail,
        other => format!("{other:?}"),
    }
}

/// The optimizer `config` names, fresh.
pub(crate) fn optimizer(config: &TrainConfig) -> ModuleOptimizer {
    match config.optimizer {
        Optimizer::Adam => AdamConfig::new().init(),
        Optimizer::Sgd { momentum } => SgdConfig::new()
            .with_momentum((momentum > 0.0).then(|| {
                MomentumConfig::new()
                    .with_momentum(momentum)
                    .with_dampening(0.0)
            }))
            .init(),
    }
}

/// The mean loss of a batch's raw scores: cross-entropy on a softmax
/// output, binary cross-entropy on one sigmoid logit.
pub(crate) fn batch_loss(model: &Model, logits: Tensor<2>, y: Tensor<1, Int>) -> Tensor<1> {
    let device = logits.device();
    match model.spec.output {
        Output::Softmax { .. } => CrossEntropyLossConfig::new()
            .init(&device)
            .forward(logits, y),
        Output::Sigmoid => BinaryCrossEntropyLossConfig::new()
            .with_logits(true)
            .init(&device)
            .forward(logits, y.unsqueeze_dim(1)),
    }
}

/// How many of a batch the scores get right (one sigmoid logit: class 1
/// when it is positive).
pub(crate) fn correct_count(model: &Model, logits: Tensor<2>, y: Tensor<1, Int>) -> Tensor<1, Int> {
    match model.spec.output {
        Output::Softmax { .. } => logits.argmax(1).squeeze_dim::<1>(1).equal(y).int().sum(),
        Output::Sigmoid => logits
            .greater_elem(0.0)
            .int()
            .squeeze_dim::<1>(1)
            .equal(y)
            .int()
            .sum(),
    }
}

/// Reads a tensor's values (asynchronously: a GPU read cannot block).
/// A tensor's numbers, read back from its device (asynchronously: a
/// synchronous read panics on WebGPU).
pub async fn read_f32<const D: usize>(t: Tensor<D>) -> Result<Vec<f32>, WorkerError> {
    t.into_data_async()
        .await
        .map_err(|e| WorkerError::Device {
            detail: e.to_string(),
        })?
        .try_into_vec_as::<f32>()
        .map_err(|e| WorkerError::Device {
            detail: format!("{e:?}"),
        })
}

/// Runs a future to completion on this thread (native tests, benchmarks).
/// On the CPU backend every read is ready at once, so this never spins long.
#[cfg(not(target_family = "wasm"))]
pub fn block_on<F: std::future::Future>(f: F) -> F::Output {
    use std::task::{Context, Poll, Waker};
    let mut cx = Context::from_waker(Waker::noop());
    let mut f = std::pin::pin!(f);
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
        std::thread::yield_now();
    }
}

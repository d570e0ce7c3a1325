//! Data-parallel training: one batch shared among several workers, each
//! holding the same network.
//!
//! The worker that runs the [`Trainer`](crate::train::Trainer) (the leader)
//! draws the batch as it would alone (same order, same augmentation), cuts
//! it into [`shares`], keeps the first and hands the others to its
//! [`Peers`]. Every worker runs its part forward and backward and flattens
//! its gradients into one vector ([`flatten`], in the network's parameter
//! order); the leader [`combine`]s them, each weighted by its share of the
//! batch, which is the gradient of the whole batch's mean loss. If the loss
//! is finite, every worker then takes the same optimizer step with the same
//! gradient ([`Replica::apply`]), so they all hold the same weights and the
//! run is the one-worker run up to the order of float sums
//! (`tests/parallel.rs` holds it to that).
//!
//! Batch normalization normalises each part by its own statistics, and the
//! leader's moving statistics follow its own part, as PyTorch's
//! `DistributedDataParallel` does without `SyncBatchNorm`. Dropout draws
//! its masks in each worker.
//!
//! The validation pass at the end of each epoch is shared too: each worker
//! [`check_part`]s a part of the validation set with the weights they all
//! hold, and the leader adds up the losses and right answers. A network
//! with batch normalization is checked by the leader alone (each peer's
//! moving statistics followed its own parts, not the leader's).
//!
//! Nothing here knows about web workers: [`Local`] keeps the peers in this
//! thread (tests, native runs), and the web worker's peers are workers
//! reached by messages, whose bytes [`Shard::to_bytes`] and
//! [`ShardGrads::to_bytes`] write.

use std::cell::RefCell;
use std::future::Future;

use burn::module::{Module, ModuleVisitor, Param};
use burn::optim::{GradientsParams, ModuleOptimizer};
use burn::tensor::{Device, Int, Tensor, TensorData};

use crate::model::{Model, Net};
use crate::protocol::{TrainConfig, WorkerError};
use crate::spec::ModelSpec;
use crate::train::{batch_loss, correct_count, optimizer, read_f32};

/// One worker's part of a batch: pictures `[n, c, h, w]` as the network
/// takes them (augmented and standardised by the leader) and their labels.
#[derive(Debug, Clone, PartialEq)]
pub struct Shard {
    pub pixels: Vec<f32>,
    pub labels: Vec<u32>,
}

/// What one worker found on its part: its mean loss, how many it got right,
/// and the gradient of its mean loss, flattened ([`flatten`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ShardGrads {
    pub images: usize,
    pub loss: f32,
    pub correct: usize,
    pub grads: Vec<f32>,
}

/// The other workers, as the leader sees them.
pub trait Peers {
    /// How many there are (0: the leader trains alone). A set of peers that
    /// failed says 0 from then on, and the leader goes on alone.
    fn count(&self) -> usize;
    /// Hands shard `k` to peer `k` (one shard each).
    fn send(&self, shards: Vec<Shard>);
    /// Each peer's answer to what [`Peers::send`] handed it, in peer order.
    fn collect(&self) -> impl Future<Output = Result<Vec<ShardGrads>, WorkerError>>;
    /// Every peer takes the optimizer step with the combined gradient.
    fn apply(&self, grads: &[f32]);
    /// Whether, at the last [`Peers::collect`], every answer was already
    /// in (the peers waited for the leader), if the peers can tell.
    fn waited(&self) -> Option<bool> {
        None
    }
    /// Hands part `k` of a validation pass to peer `k` (one part each).
    fn check(&self, parts: Vec<Shard>) {
        let _ = parts;
    }
    /// Each peer's answer to what [`Peers::check`] handed it, in peer order.
    fn collect_checks(&self) -> impl Future<Output = Result<Vec<Checked>, WorkerError>> {
        std::future::ready(Ok(vec![]))
    }
}

/// What one worker found on its part of a validation pass: the sum of its
/// pictures' losses and how many it got right.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Checked {
    pub images: usize,
    pub loss_sum: f64,
    pub correct: usize,
}

/// Peers that may not be there (`None`: the leader trains alone).
impl<P: Peers> Peers for Option<P> {
    fn count(&self) -> usize {
        self.as_ref().map_or(0, Peers::count)
    }
    fn send(&self, shards: Vec<Shard>) {
        if let Some(p) = self {
            p.send(shards);
        }
    }
    async fn collect(&self) -> Result<Vec<ShardGrads>, WorkerError> {
        match self {
            Some(p) => p.collect().await,
            None => Ok(vec![]),
        }
    }
    fn apply(&self, grads: &[f32]) {
        if let Some(p) = self {
            p.apply(grads);
        }
    }
    fn waited(&self) -> Option<bool> {
        self.as_ref().and_then(Peers::waited)
    }
    fn check(&self, parts: Vec<Shard>) {
        if let Some(p) = self {
            p.check(parts);
        }
    }
    async fn collect_checks(&self) -> Result<Vec<Checked>, WorkerError> {
        match self {
            Some(p) => p.collect_checks().await,
            None => Ok(vec![]),
        }
    }
}

/// No peers: the leader trains alone.
#[derive(Debug, Clone, Copy, Default)]
pub struct Solo;

impl Peers for Solo {
    fn count(&self) -> usize {
        0
    }
    fn send(&self, _: Vec<Shard>) {}
    async fn collect(&self) -> Result<Vec<ShardGrads>, WorkerError> {
        Ok(vec![])
    }
    fn apply(&self, _: &[f32]) {}
}

/// How a batch of `n` pictures is cut among `workers`: as evenly as it
/// goes, the first parts one larger (32 among 3: 11, 11, 10). A worker may
/// get nothing when the batch is smaller than the workers.
pub fn shares(n: usize, workers: usize) -> Vec<usize> {
    let workers = workers.max(1);
    (0..workers)
        .map(|k| n / workers + usize::from(k < n % workers))
        .collect()
}

/// [`shares`] with `lean` pictures moved from the leader's part (the
/// first) to the peers', one each in turn, or with a negative `lean`, from
/// the peers' parts to the leader's. The leader combines the gradients and
/// reports as well as computing its part, and the peers take their step
/// and read their messages: whichever waits for the other gives it less.
/// The leader keeps at least one picture; a peer may get none.
pub fn shares_leaning(n: usize, workers: usize, lean: isize) -> Vec<usize> {
    let mut parts = shares(n, workers);
    if parts.len() < 2 {
        return parts;
    }
    let peers = parts.len() - 1;
    if lean >= 0 {
        let lean = lean.unsigned_abs().min(parts[0].saturating_sub(1));
        parts[0] -= lean;
        for k in 0..lean {
            parts[1 + k % peers] += 1;
        }
    } else {
        let mut left = lean.unsigned_abs().min(n - parts[0]);
        let mut k = 0;
        while left > 0 {
            let p = 1 + k % peers;
            if parts[p] > 0 {
                parts[p] -= 1;
                parts[0] += 1;
                left -= 1;
            }
            k += 1;
        }
    }
    parts
}

/// The whole batch's figures from its parts: the mean loss and its
/// gradient are the parts' weighted by their sizes (each part's are means
/// over its own pictures), the right answers add up. Parts with no
/// pictures weigh nothing. Gradients of different lengths are refused
/// (peers holding another network).
pub fn combine(parts: &[ShardGrads]) -> Result<ShardGrads, WorkerError> {
    let images: usize = parts.iter().map(|p| p.images).sum();
    let counted: Vec<&ShardGrads> = parts.iter().filter(|p| p.images > 0).collect();
    let len = counted.first().map_or(0, |p| p.grads.len());
    if counted.iter().any(|p| p.grads.len() != len) {
        return Err(WorkerError::BadMessage {
            detail: "workers sent gradients of different sizes".into(),
        });
    }
    let mut grads = vec![0f32; len];
    let mut loss = 0f64;
    for p in &counted {
        let weight = p.images as f32 / images as f32;
        for (g, v) in grads.iter_mut().zip(&p.grads) {
            *g += weight * v;
        }
        loss += f64::from(p.loss) * p.images as f64;
    }
    Ok(ShardGrads {
        images,
        loss: (loss / images.max(1) as f64) as f32,
        correct: parts.iter().map(|p| p.correct).sum(),
        grads,
    })
}

/// Every trainable parameter's gradient in `grads`, one after another in
/// the order `net` visits its parameters (a parameter that got no gradient
/// counts as zeros, so every worker's vector lines up).
pub async fn flatten(
    grads: &GradientsParams,
    net: &Net,
    device: &Device,
) -> Result<Vec<f32>, WorkerError> {
    struct Collect<'a> {
        grads: &'a GradientsParams,
        device: &'a Device,
        out: Vec<Tensor<1>>,
    }
    impl ModuleVisitor for Collect<'_> {
        fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
            if !param.is_require_grad() {
                return;
            }
            let g = self
                .grads
                .get::<D>(param.id)
                .unwrap_or_else(|| Tensor::zeros(param.val().shape(), self.device));
            let n = g.shape().num_elements();
            self.out.push(g.reshape([n]));
        }
    }
    let mut visitor = Collect {
        grads,
        device,
        out: vec![],
    };
    net.visit(&mut visitor);
    if visitor.out.is_empty() {
        return Ok(vec![]);
    }
    read_f32(Tensor::cat(visitor.out, 0)).await
}

/// The inverse of [`flatten`]: `values` cut into `net`'s trainable
/// parameters' shapes, as gradients an optimizer takes. Refuses a vector
/// of another length.
pub fn unflatten(
    values: &[f32],
    net: &Net,
    device: &Device,
) -> Result<GradientsParams, WorkerError> {
    struct Spread<'a> {
        values: &'a [f32],
        at: usize,
        device: &'a Device,
        out: GradientsParams,
        short: bool,
    }
    impl ModuleVisitor for Spread<'_> {
        fn visit_float<const D: usize>(&mut self, param: &Param<Tensor<D>>) {
            if !param.is_require_grad() || self.short {
                return;
            }
            let shape = param.val().shape();
            let n = shape.num_elements();
            let Some(part) = self.values.get(self.at..self.at + n) else {
                self.short = true;
                return;
            };
            self.at += n;
            let t = Tensor::<D>::from_data(TensorData::new(part.to_vec(), shape), self.device);
            self.out.register(param.id, t);
        }
    }
    let mut visitor = Spread {
        values,
        at: 0,
        device,
        out: GradientsParams::new(),
        short: false,
    };
    net.visit(&mut visitor);
    if visitor.short || visitor.at != values.len() {
        return Err(WorkerError::BadMessage {
            detail: format!(
                "a gradient of {} numbers does not fit this network",
                values.len()
            ),
        });
    }
    Ok(visitor.out)
}

/// A part's gradients: `model` run forward and backward on `shard`
/// (`shape` is `[c, h, w]`), on `device` (an autodiff device).
pub async fn shard_gradients(
    model: &Model,
    net: &Net,
    shard: &Shard,
    shape: [usize; 3],
    device: &Device,
) -> Result<ShardGrads, WorkerError> {
    let n = shard.labels.len();
    if n == 0 {
        return Ok(ShardGrads {
            images: 0,
            loss: 0.0,
            correct: 0,
            grads: vec![],
        });
    }
    let [c, h, w] = shape;
    if shard.pixels.len() != n * c * h * w {
        return Err(WorkerError::BadMessage {
            detail: format!(
                "{} values are not {n} pictures of {c}x{h}x{w}",
                shard.pixels.len()
            ),
        });
    }
    let labels: Vec<i64> = shard.labels.iter().map(|&l| i64::from(l)).collect();
    let x = Tensor::<4>::from_data(TensorData::new(shard.pixels.clone(), [n, c, h, w]), device);
    let y = Tensor::<1, Int>::from_data(TensorData::new(labels, [n]), device);
    let logits = model.logits(net, x);
    let correct = correct_count(model, logits.clone(), y.clone());
    let loss = batch_loss(model, logits, y);
    let loss_value = read_f32(loss.clone())
        .await?
        .first()
        .copied()
        .unwrap_or(f32::NAN);
    if !loss_value.is_finite() {
        // The leader sees the loss and stops; no gradient is needed.
        return Ok(ShardGrads {
            images: n,
            loss: loss_value,
            correct: 0,
            grads: vec![],
        });
    }
    let correct = read_count(correct).await?;
    let grads = GradientsParams::from_grads(loss.backward(), net);
    let grads = flatten(&grads, net, &device.clone().inner()).await?;
    Ok(ShardGrads {
        images: n,
        loss: loss_value,
        correct,
        grads,
    })
}

/// A part of a validation pass (`shape` is `[c, h, w]`; pictures
/// standardised) under `net`'s current weights, without dropout: the sum
/// of its losses and its right answers. `device` is the autodiff device
/// `net` lives on.
pub async fn check_part(
    model: &Model,
    net: &Net,
    shard: &Shard,
    shape: [usize; 3],
    device: &Device,
) -> Result<Checked, WorkerError> {
    let n = shard.labels.len();
    if n == 0 {
        return Ok(Checked::default());
    }
    let [c, h, w] = shape;
    if shard.pixels.len() != n * c * h * w {
        return Err(WorkerError::BadMessage {
            detail: format!(
                "{} values are not {n} pictures of {c}x{h}x{w}",
                shard.pixels.len()
            ),
        });
    }
    let inner = device.clone().inner();
    let labels: Vec<i64> = shard.labels.iter().map(|&l| i64::from(l)).collect();
    let x = Tensor::<4>::from_data(TensorData::new(shard.pixels.clone(), [n, c, h, w]), &inner);
    let y = Tensor::<1, Int>::from_data(TensorData::new(labels, [n]), &inner);
    let logits = model.logits(&net.valid(), x);
    let correct = correct_count(model, logits.clone(), y.clone());
    let loss = read_f32(batch_loss(model, logits, y))
        .await?
        .first()
        .copied()
        .unwrap_or(f32::NAN);
    Ok(Checked {
        images: n,
        loss_sum: f64::from(loss) * n as f64,
        correct: read_count(correct).await?,
    })
}

/// A one-number count, read back from its device.
pub(crate) async fn read_count(t: Tensor<1, Int>) -> Result<usize, WorkerError> {
    let d = t.into_data_async().await.map_err(|e| WorkerError::Device {
        detail: e.to_string(),
    })?;
    Ok(d.try_into_vec_as::<i64>()
        .ok()
        .and_then(|v| v.first().copied())
        .unwrap_or(0)
        .max(0) as usize)
}

/// What a peer needs to hold the leader's network: the spec, the run's
/// settings and the weights it starts from ([`ModelSpec::parameters`]
/// order).
#[derive(Debug, Clone, PartialEq)]
pub struct PeerSetup {
    pub spec: ModelSpec,
    pub config: TrainConfig,
    pub weights: Vec<Vec<f32>>,
}

/// A peer's copy of the network, with its own optimizer.
pub struct Replica {
    model: Model,
    net: Net,
    optim: ModuleOptimizer,
    device: Device,
    learning_rate: f64,
    shape: [usize; 3],
}

impl std::fmt::Debug for Replica {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Replica")
            .field("spec", &self.model.spec.name)
            .finish_non_exhaustive()
    }
}

impl Replica {
    /// Peer number `index` (1 for the first peer; the leader is 0) of the
    /// run `setup` describes, on `device` (a plain device).
    pub fn new(setup: &PeerSetup, index: usize, device: &Device) -> Result<Replica, WorkerError> {
        setup.config.validate()?;
        let device = device.clone().autodiff();
        let spec = if setup.config.dropout {
            setup.spec.clone()
        } else {
            Model::without_dropout(&setup.spec)
        };
        let seed = setup.config.seed.wrapping_add(index as u64);
        let model = crate::graph_net::seeded(&device, seed, || Model::new(&spec, &device))
            .map_err(|error| WorkerError::Spec { error })?;
        let net = model
            .write(model.net.clone(), &setup.weights, &device)
            .ok_or(WorkerError::WrongArchitecture)?;
        let s = spec.input;
        Ok(Replica {
            model,
            net,
            optim: optimizer(&setup.config),
            device,
            learning_rate: setup.config.learning_rate,
            shape: [s.channels, s.height, s.width],
        })
    }

    /// Its part's gradients under the current weights.
    pub async fn gradients(&self, shard: &Shard) -> Result<ShardGrads, WorkerError> {
        shard_gradients(&self.model, &self.net, shard, self.shape, &self.device).await
    }

    /// Its part of a validation pass ([`check_part`]).
    pub async fn check(&self, shard: &Shard) -> Result<Checked, WorkerError> {
        check_part(&self.model, &self.net, shard, self.shape, &self.device).await
    }

    /// The optimizer step with the combined gradient.
    pub fn apply(&mut self, grads: &[f32]) -> Result<(), WorkerError> {
        let g = unflatten(grads, &self.net, &self.device.clone().inner())?;
        self.net = self.optim.step(self.learning_rate, self.net.clone(), g);
        Ok(())
    }

    /// Its weights, read out (tests compare them with the leader's).
    pub async fn weights(&self) -> Result<Vec<Vec<f32>>, WorkerError> {
        self.model
            .read(&self.net.valid())
            .await
            .map_err(|e| WorkerError::Device {
                detail: e.to_string(),
            })
    }
}

/// Peers in this thread, one after another: the same sums as workers in
/// parallel, for tests and native runs.
#[derive(Debug, Default)]
pub struct Local {
    replicas: RefCell<Vec<Replica>>,
    sent: RefCell<Vec<Shard>>,
    to_check: RefCell<Vec<Shard>>,
    /// How many parts of validation passes the peers have checked.
    pub checked: std::cell::Cell<usize>,
}

impl Local {
    /// `count` peers holding the network of `setup`.
    pub fn new(setup: &PeerSetup, count: usize, device: &Device) -> Result<Local, WorkerError> {
        let replicas = (1..=count)
            .map(|k| Replica::new(setup, k, device))
            .collect::<Result<_, _>>()?;
        Ok(Local {
            replicas: RefCell::new(replicas),
            sent: RefCell::default(),
            to_check: RefCell::default(),
            checked: std::cell::Cell::new(0),
        })
    }

    /// Peer `k`'s `answer` to part `k`, one peer after another.
    async fn each<T>(
        &self,
        parts: &[Shard],
        answer: impl AsyncFn(&Replica, &Shard) -> Result<T, WorkerError>,
    ) -> Result<Vec<T>, WorkerError> {
        let replicas = self.replicas.take();
        let mut out = Vec::with_capacity(parts.len());
        for (r, s) in replicas.iter().zip(parts) {
            out.push(answer(r, s).await);
        }
        *self.replicas.borrow_mut() = replicas;
        out.into_iter().collect()
    }

    /// Each peer's weights.
    pub async fn weights(&self) -> Result<Vec<Vec<Vec<f32>>>, WorkerError> {
        let replicas = self.replicas.take();
        let mut out = Vec::with_capacity(replicas.len());
        for r in &replicas {
            out.push(r.weights().await);
        }
        *self.replicas.borrow_mut() = replicas;
        out.into_iter().collect()
    }
}

impl Peers for Local {
    fn count(&self) -> usize {
        self.replicas.borrow().len()
    }

    fn send(&self, shards: Vec<Shard>) {
        *self.sent.borrow_mut() = shards;
    }

    async fn collect(&self) -> Result<Vec<ShardGrads>, WorkerError> {
        let shards = self.sent.take();
        self.each(&shards, async |r, s| r.gradients(s).await).await
    }

    fn apply(&self, grads: &[f32]) {
        for r in self.replicas.borrow_mut().iter_mut() {
            // Same network, same length: this cannot fail here.
            let _ = r.apply(grads);
        }
    }

    fn check(&self, parts: Vec<Shard>) {
        *self.to_check.borrow_mut() = parts;
    }

    async fn collect_checks(&self) -> Result<Vec<Checked>, WorkerError> {
        let parts = self.to_check.take();
        self.checked.set(self.checked.get() + parts.len());
        self.each(&parts, async |r, s| r.check(s).await).await
    }
}

/// Little-endian `f32`s.
pub fn f32_bytes(values: &[f32]) -> Vec<u8> {
    let mut out = Vec::with_capacity(values.len() * 4);
    for v in values {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out
}

/// The inverse of [`f32_bytes`]; `None` when the length is not a multiple of 4.
pub fn f32s(bytes: &[u8]) -> Option<Vec<f32>> {
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    Some(
        bytes
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect(),
    )
}

/// `values` cut into tensors of `lengths` (a [`PeerSetup`]'s weights as
/// they travel); `None` when the lengths do not add up to the values.
pub fn cut(values: &[f32], lengths: &[usize]) -> Option<Vec<Vec<f32>>> {
    if lengths.iter().sum::<usize>() != values.len() {
        return None;
    }
    let mut at = 0;
    Some(
        lengths
            .iter()
            .map(|&n| {
                at += n;
                values[at - n..at].to_vec()
            })
            .collect(),
    )
}

impl Shard {
    /// The pixels then the labels, little-endian (`f32`, then `u32`).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = f32_bytes(&self.pixels);
        out.extend(self.labels.iter().flat_map(|l| l.to_le_bytes()));
        out
    }

    /// A shard of `images` pictures from [`Shard::to_bytes`].
    pub fn from_bytes(images: usize, bytes: &[u8]) -> Option<Shard> {
        let cut = bytes.len().checked_sub(images * 4)?;
        let pixels = f32s(&bytes[..cut])?;
        let labels = bytes[cut..]
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        Some(Shard { pixels, labels })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_is_cut_as_evenly_as_it_goes() {
        assert_eq!(shares(32, 2), vec![16, 16]);
        assert_eq!(shares(32, 3), vec![11, 11, 10]);
        assert_eq!(shares(2, 4), vec![1, 1, 0, 0]);
        assert_eq!(shares(5, 1), vec![5]);
        assert_eq!(shares(32, 0), vec![32], "at least one worker");
        assert_eq!(shares_leaning(32, 2, 3), vec![13, 19]);
        assert_eq!(shares_leaning(32, 3, 3), vec![8, 13, 11]);
        assert_eq!(shares_leaning(4, 2, 9), vec![1, 3], "the leader keeps one");
        assert_eq!(shares_leaning(5, 1, 2), vec![5]);
        assert_eq!(shares_leaning(32, 2, -3), vec![19, 13]);
        assert_eq!(shares_leaning(32, 3, -4), vec![15, 9, 8]);
        assert_eq!(shares_leaning(4, 2, -9), vec![4, 0], "a peer may get none");
        for lean in -40..40 {
            assert_eq!(shares_leaning(32, 3, lean).iter().sum::<usize>(), 32);
        }
    }

    #[test]
    fn parts_weigh_by_their_size() {
        let part = |images, loss, correct, grads: &[f32]| ShardGrads {
            images,
            loss,
            correct,
            grads: grads.to_vec(),
        };
        // 3 pictures with mean loss 1 and gradient 2; 1 picture with 5 and 6:
        // the 4 pictures' mean loss is (3 + 5) / 4, its gradient (6 + 6) / 4.
        let all = combine(&[
            part(3, 1.0, 2, &[2.0, 0.0]),
            part(1, 5.0, 1, &[6.0, 4.0]),
            part(0, 0.0, 0, &[]),
        ])
        .unwrap();
        assert_eq!(all.images, 4);
        assert_eq!(all.loss, 2.0);
        assert_eq!(all.correct, 3);
        assert_eq!(all.grads, vec![3.0, 1.0]);
        assert!(combine(&[part(1, 0.0, 0, &[1.0]), part(1, 0.0, 0, &[1.0, 2.0])]).is_err());
    }

    #[test]
    fn shards_and_numbers_survive_their_bytes() {
        let s = Shard {
            pixels: vec![0.5, -1.25, 3.0, 0.0],
            labels: vec![7, 0],
        };
        assert_eq!(Shard::from_bytes(2, &s.to_bytes()), Some(s));
        assert_eq!(Shard::from_bytes(9, &[0; 8]), None);
        assert_eq!(
            f32s(&f32_bytes(&[1.5, f32::MIN])),
            Some(vec![1.5, f32::MIN])
        );
        assert_eq!(f32s(&[0; 3]), None);
        assert_eq!(
            cut(&[1.0, 2.0, 3.0], &[2, 1]),
            Some(vec![vec![1.0, 2.0], vec![3.0]])
        );
        assert_eq!(cut(&[1.0, 2.0, 3.0], &[2, 2]), None);
    }
}

//! The training worker's body as plain Rust: what each [`Request`] does,
//! the training loop with its pause, stop and new-run rules, and the move to
//! the CPU when the GPU is lost. It reaches the browser only through
//! [`Host`] (post a reply, read the clock, wait, fetch a file), so the tests
//! at the bottom run it natively on burn's CPU backend with a host that
//! records the replies.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use burn::tensor::Device;
use cnn_train::data::{mnist, photos};
use cnn_train::export;
use cnn_train::protocol::{
    Backend, BackendChoice, DataChoice, LabCam, LabStep, Loaded, Mistake, NoGpu, Occlusion,
    Payload, Reply, Request, Snapshot, WorkerError,
};
use cnn_train::{
    Augment, BatchStats, Checkpoint, Dataset, Event, Failure, ModelSpec, TrainConfig, Trainer,
};

use cnn_train::efficientnet::FEATURES;
use cnn_train::parallel::{PeerSetup, Peers};
use cnn_train::transfer::{self, Base, Lookers, Seen};

use super::imagenet::Pretrained;

mod crops;
mod peer;
pub use peer::PeerState;

/// How often the page gets new filters and feature maps while training.
pub const SNAPSHOT_MS: f64 = 400.0;

/// Where the shipped digits are, relative to the site.
const DIGITS_DIR: &str = "datasets/mnist-digits-5k/";

/// What the agent needs from where it runs (the worker's global scope in the
/// browser, a recorder in the tests).
pub trait Host {
    /// Sends a reply to the page; `bytes` travel beside it (a model file,
    /// decoded pixels).
    fn post(&self, reply: &Reply, bytes: Option<&[u8]>);
    /// Milliseconds on a clock that only goes forward.
    fn now(&self) -> f64;
    /// Gives the page's messages (pause, stop) a turn, for at least `ms`.
    fn sleep(&self, ms: i32) -> impl Future<Output = ()>;
    /// A file of the site, by its relative URL.
    fn fetch(&self, url: &str) -> impl Future<Output = Result<Vec<u8>, WorkerError>>;
    /// How often, at most, a run's batches go to the page (milliseconds;
    /// 0: after every batch).
    fn batch_interval(&self) -> f64 {
        0.0
    }
    /// The other workers a run shares its batches with.
    type Peers: Peers;
    /// `count` workers holding the network of `setup` for run
    /// `generation` (started, or taken from those an earlier run started).
    fn peers(
        &self,
        count: usize,
        setup: PeerSetup,
        generation: u32,
    ) -> impl Future<Output = Result<Self::Peers, WorkerError>>;
    /// The other workers that look at photos with the frozen base.
    type Lookers: Lookers;
    /// `count` of them (started when this is called, ready when the future
    /// is).
    fn lookers(&self, count: usize) -> impl Future<Output = Result<Self::Lookers, WorkerError>>;
}

/// Work a request started, for the host to run to its end
/// (`wasm_bindgen_futures::spawn_local` in the browser).
pub type Task = Pin<Box<dyn Future<Output = ()>>>;

/// The WebGPU device, when there is one: a runtime is set up only once.
#[derive(Default)]
struct Gpu {
    device: Option<Device>,
    /// The only adapter is a software one (SwiftShader): slower than the
    /// CPU backend, so Automatic does not pick it.
    software: bool,
}

#[derive(Default)]
struct State {
    /// The network: training, or trained, or imported. Lent out (taken)
    /// while a prediction or an export reads it.
    trainer: Option<Trainer>,
    paused: bool,
    stop: bool,
    running: bool,
    /// The validation picture whose maps the page shows.
    probe: usize,
    /// Bumped by each Start: an old loop that sees a new number ends.
    run: u32,
    /// For tests: fail the device at the next step.
    fail_next: bool,
    /// As another worker's peer: its copy of the network and its queue.
    peer: PeerState,
    /// Crops the page sent for this run, not yet taken.
    received: crops::Received,
}

/// Where a run trains, given the learner's choice and what the browser
/// offers. Automatic takes the GPU unless it is a software one.
pub fn backend_for(choice: BackendChoice, gpu: bool, software: bool) -> Backend {
    match (choice, gpu) {
        (BackendChoice::Cpu, _) | (_, false) => Backend::Cpu,
        (BackendChoice::Auto, true) if software => Backend::Cpu,
        (_, true) => Backend::WebGpu,
    }
}

/// Validation digits whose class activation maps an experiment shows.
const CAM_DIGITS: usize = 6;

/// Fewest pictures a worker's part of a batch may have: below this a
/// part's messages cost more than its sums.
pub const MIN_PART: usize = 4;

/// How many workers a run shares its batches among: the ones asked for on
/// the CPU, so that each part keeps [`MIN_PART`] pictures; one on WebGPU,
/// and one for transfer learning's head (a single Dense layer on the
/// base's features: its step is far cheaper than a message).
pub fn workers_for(config: &TrainConfig, backend: Backend, head_only: bool) -> usize {
    match backend {
        Backend::WebGpu => 1,
        Backend::Cpu if head_only => 1,
        Backend::Cpu => config
            .worker_count()
            .min(config.batch_size / MIN_PART)
            .max(1),
    }
}

/// The last completed step in the page's numbering (as the Batch events
/// number steps: epochs from 1, steps from 1 within an epoch), from a
/// checkpoint's position (`epochs` completed, `steps` into the current
/// one). Nothing done yet is step 0 of epoch 1.
pub fn last_step(epochs: usize, steps: usize, steps_per_epoch: usize) -> (usize, usize) {
    if steps == 0 && epochs > 0 {
        (epochs, steps_per_epoch)
    } else {
        (epochs + 1, steps)
    }
}

/// What the training loop does next, from the page's latest requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next {
    /// A newer Start replaced this run: end without a word.
    Superseded,
    /// The learner pressed stop.
    Stop,
    /// Paused, or the network is lent out: wait this many milliseconds and
    /// ask again.
    Wait(i32),
    /// Take a step (`fail`: make the device fail instead, for tests).
    Step { fail: bool },
}

/// The worker: its state and its host.
pub struct Agent<H> {
    host: H,
    state: RefCell<State>,
    gpu: RefCell<Gpu>,
    /// The network pretrained on ImageNet, once a learner asked for it.
    imagenet: RefCell<Option<Rc<Pretrained>>>,
    /// Its weights file, fetched once for both uses.
    weights: RefCell<Option<Rc<Vec<u8>>>>,
    /// Its frozen base for transfer learning, once a run needed it.
    base: RefCell<Option<Rc<Base>>>,
}

impl<H> std::fmt::Debug for Agent<H> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut d = f.debug_struct("Agent");
        if let Ok(s) = self.state.try_borrow() {
            d.field("run", &s.run)
                .field("running", &s.running)
                .field("paused", &s.paused);
        }
        d.finish_non_exhaustive()
    }
}

impl<H: Host + 'static> Agent<H> {
    pub fn new(host: H) -> Rc<Self> {
        Rc::new(Agent {
            host,
            state: RefCell::default(),
            gpu: RefCell::default(),
            imagenet: RefCell::default(),
            weights: RefCell::default(),
            base: RefCell::default(),
        })
    }

    pub fn host(&self) -> &H {
        &self.host
    }

    fn post(&self, reply: Reply) {
        self.host.post(&reply, None);
    }

    fn post_error(&self, error: impl Into<WorkerError>) {
        self.post(Reply::Error {
            error: error.into(),
        });
    }

    /// Records what the browser offers for training and tells the page it
    /// can start: `gpu` is the WebGPU device, or why there is none.
    pub fn gpu_ready(&self, gpu: Result<Device, NoGpu>, software: bool) {
        let reason = gpu.as_ref().err().cloned();
        *self.gpu.borrow_mut() = Gpu {
            software: gpu.is_ok() && software,
            device: gpu.ok(),
        };
        self.post(Reply::Ready {
            webgpu: reason.is_none(),
            software: self.gpu.borrow().software,
            reason,
        });
    }

    fn device_for(&self, choice: BackendChoice) -> (Device, Backend) {
        let gpu = self.gpu.borrow();
        match (
            backend_for(choice, gpu.device.is_some(), gpu.software),
            &gpu.device,
        ) {
            (Backend::WebGpu, Some(device)) => (device.clone(), Backend::WebGpu),
            _ => (Device::flex(), Backend::Cpu),
        }
    }

    /// Carries out one request, with the bytes beside it already in
    /// memory (the tests, a peer's answers).
    pub fn handle(self: &Rc<Self>, request: Request, bytes: Option<Vec<u8>>) -> Option<Task> {
        self.handle_payload(request, bytes.map(|b| Box::new(b) as Box<dyn Payload>))
    }

    /// Carries out one request; work that takes time comes back as a
    /// [`Task`] for the host to run. The bytes beside it are read whole,
    /// except a transfer-learning start's, which `extract` reads a batch
    /// of crops at a time.
    pub fn handle_payload(
        self: &Rc<Self>,
        request: Request,
        bytes: Option<Box<dyn Payload>>,
    ) -> Option<Task> {
        let this = Rc::clone(self);
        let whole = |b: Option<Box<dyn Payload>>| b.map(|b| b.to_vec()).unwrap_or_default();
        let payload = |b: Option<Box<dyn Payload>>| b.unwrap_or_else(|| Box::new(Vec::new()));
        match request {
            Request::Start {
                spec,
                data,
                validation,
                config,
                probe,
                backend,
            } => {
                let run = self.next_run();
                {
                    let mut s = self.state.borrow_mut();
                    s.probe = probe;
                    s.trainer = None;
                }
                let bytes = payload(bytes);
                let run = RunSetup {
                    spec,
                    data,
                    validation,
                    config,
                    run,
                    choice: backend,
                    tune: None,
                };
                return Some(Box::pin(this.train(run, bytes)));
            }
            Request::FineTune {
                data,
                validation,
                config,
            } => {
                if self.state.borrow().running {
                    self.post_error(WorkerError::StopFirst);
                    return None;
                }
                let head = match self.lend() {
                    Some(t) if transfer::is_head(t.spec()) => t,
                    other => {
                        if let Some(t) = other {
                            self.give_back(t);
                        }
                        self.post_error(WorkerError::NoTrainedModel);
                        return None;
                    }
                };
                let run = self.next_run();
                let run = RunSetup {
                    spec: head.spec().clone(),
                    data,
                    validation,
                    config,
                    run,
                    choice: BackendChoice::Auto,
                    tune: Some(head),
                };
                return Some(Box::pin(this.train(run, payload(bytes))));
            }
            Request::Pause => {
                self.state.borrow_mut().paused = true;
                self.post(Reply::Paused);
            }
            Request::Resume => {
                self.state.borrow_mut().paused = false;
                self.post(Reply::Resumed);
            }
            Request::Stop => {
                let mut s = self.state.borrow_mut();
                s.stop = true;
                s.paused = false;
            }
            Request::Crops { run, part } => self.receive_crops(run, part, whole(bytes)),
            Request::Probe { index } => {
                self.state.borrow_mut().probe = index;
                return Some(Box::pin(async move {
                    let Some(trainer) = this.lend() else {
                        return;
                    };
                    if let Some(snapshot) = snapshot(&trainer, index).await {
                        this.post(Reply::Snapshot { snapshot });
                    }
                    this.give_back(trainer);
                }));
            }
            Request::Predict { image } => {
                return Some(Box::pin(async move {
                    let Some(trainer) = this.lend() else {
                        return this.post_error(WorkerError::NoModel);
                    };
                    let result = trainer.predict(&image).await;
                    this.give_back(trainer);
                    match result {
                        Ok(prediction) => this.post(Reply::Prediction { prediction }),
                        Err(e) => this.post_error(e),
                    }
                }));
            }
            Request::Export => {
                return Some(Box::pin(this.post_model(|name| Reply::Exported { name })))
            }
            Request::Keep => return Some(Box::pin(this.post_model(|name| Reply::Kept { name }))),
            Request::ExportOnnx => return Some(Box::pin(this.post_onnx())),
            Request::FailDevice => self.state.borrow_mut().fail_next = true,
            Request::Import => self.import_model(&whole(bytes)),
            Request::Explain { image } => return Some(Box::pin(this.explain(image))),
            Request::Decode { id, max_side } => self.decode_photo(id, max_side, &whole(bytes)),
            // Its file comes as a `Blob`, which the browser around the agent
            // serves (`worker::import`); one that reaches here came without.
            Request::ImportPhoto { id, .. } => self.post(Reply::PhotoNotImported {
                id,
                refused: None,
                detail: "the photo's file did not come with the request".into(),
            }),
            Request::Experiment { id, epochs, digits } => {
                let run = self.next_run();
                return Some(Box::pin(this.experiment(id, epochs, digits, run)));
            }
            Request::SeeImageNet { pixels } => return Some(Box::pin(this.see_imagenet(pixels))),
            Request::Peer { .. }
            | Request::Shard { .. }
            | Request::Apply
            | Request::Check { .. }
            | Request::Look { .. } => return self.queue_peer_work(request, whole(bytes)),
        }
        None
    }

    /// What the network pretrained on ImageNet sees in a 224x224 crop;
    /// the first time, it is fetched and built.
    async fn see_imagenet(self: Rc<Self>, pixels: Vec<u8>) {
        let start = self.host.now();
        let mut loaded = None;
        let cached = self.imagenet.borrow().clone();
        let net = match cached {
            Some(net) => net,
            None => {
                let [_, classes] = Pretrained::files();
                let files = match self.weights_file().await {
                    Ok(w) => self.host.fetch(classes).await.map(|c| (w, c)),
                    Err(e) => Err(e),
                };
                let built = files.and_then(|(w, c)| Pretrained::new(&w, &c));
                if built.is_err() {
                    // A damaged file is fetched again next time.
                    *self.weights.borrow_mut() = None;
                }
                match built {
                    Ok(net) => {
                        let net = Rc::new(net);
                        loaded = Some(Loaded {
                            bytes: net.bytes,
                            ms: (self.host.now() - start) as f32,
                        });
                        *self.imagenet.borrow_mut() = Some(Rc::clone(&net));
                        net
                    }
                    Err(e) => return self.post_error(e),
                }
            }
        };
        let seen = self.host.now();
        match net.see(&pixels).await {
            Ok(top) => self.post(Reply::ImageNet {
                top,
                ms: (self.host.now() - seen) as f32,
                loaded,
            }),
            Err(e) => self.post_error(e),
        }
    }

    /// The pretrained network's weights file, fetched the first time.
    async fn weights_file(&self) -> Result<Rc<Vec<u8>>, WorkerError> {
        if let Some(w) = self.weights.borrow().clone() {
            return Ok(w);
        }
        let [weights, _] = Pretrained::files();
        let w = Rc::new(self.host.fetch(weights).await?);
        *self.weights.borrow_mut() = Some(Rc::clone(&w));
        Ok(w)
    }

    /// The frozen base for transfer learning, built the first time.
    async fn base(&self) -> Result<Rc<Base>, WorkerError> {
        if let Some(b) = self.base.borrow().clone() {
            return Ok(b);
        }
        let weights = self.weights_file().await?;
        let base = Base::new(&weights, &Device::flex()).map_err(|e| {
            // A damaged file is fetched again next time.
            *self.weights.borrow_mut() = None;
            WorkerError::Pretrained {
                detail: e.to_string(),
            }
        })?;
        let base = Rc::new(base);
        *self.base.borrow_mut() = Some(Rc::clone(&base));
        Ok(base)
    }

    /// Transfer learning's first step: the frozen base looks at each photo
    /// whose features did not come along (eight at a time, shared with up
    /// to `workers - 1` other workers, [`transfer::Lookers`]; a
    /// [`Reply::Extracting`] after each round, Stop and Pause between
    /// them); the new features go back to the page to keep after each
    /// round ([`Reply::Features`]). The crops are read out of the start's bytes,
    /// or with `apart` asked of the page, the next rounds' while this one
    /// is looked at ([`crops`]). With `cut`, the maps fine-tuning starts
    /// from are kept too (`[count, 192, 7, 7]`; every photo must come as
    /// its crop). `again`: with augmentation (method 2), how many training
    /// photos the base looks at again on each of how many epochs, counted
    /// in the progress's total. `None`: the run was stopped or superseded.
    #[allow(clippy::too_many_arguments)]
    async fn extract(
        &self,
        class_names: &[String],
        count: usize,
        (kept, apart): (&[bool], bool),
        bytes: &dyn Payload,
        run: u32,
        cut: bool,
        workers: usize,
        again: (usize, usize),
    ) -> Result<Option<(Dataset, Vec<f32>)>, WorkerError> {
        let start = self.host.now();
        let (seen, labels) = transfer::transfer_data(class_names, count, kept, apart, bytes)?;
        let mut features = vec![0.0f32; count * FEATURES];
        let mut todo = Vec::new();
        for (i, photo) in seen.iter().enumerate() {
            match photo {
                Seen::Features(f) => features[i * FEATURES..(i + 1) * FEATURES].copy_from_slice(f),
                Seen::Crop(_) | Seen::Asked => todo.push(i),
            }
        }
        let at = crops::places(&seen);
        drop(seen);
        let reused = count - todo.len();
        let total = todo.len();
        if cut && reused > 0 {
            return Err(WorkerError::BadSpec {
                detail: "fine-tuning needs every photo itself, not its kept features".into(),
            });
        }
        let mut maps = vec![0.0f32; if cut { count * transfer::CUT_VALUES } else { 0 }];
        if total == 0 {
            // Every photo was seen before: the base is not even needed.
            self.post(Reply::Extracting {
                done: 0,
                total: 0,
                ms: 0.0,
                kept: reused,
                workers: 1,
                again: 0,
            });
        } else {
            let batches: Vec<&[usize]> = todo.chunks(transfer::BATCH).collect();
            // Helpers only where there is a batch for each.
            let wanted = workers.min(batches.len()).max(1) - 1;
            let helpers = (wanted > 0).then(|| self.host.lookers(wanted));
            let base = self.base().await?;
            let helpers = match helpers {
                Some(h) => match h.await {
                    Ok(h) => Some(h),
                    Err(e) => {
                        self.post(Reply::PeersLost {
                            detail: peer_detail(&e),
                        });
                        None
                    }
                },
                None => None,
            };
            let place = |features: &mut [f32],
                         maps: &mut [f32],
                         batch: &[usize],
                         looked: transfer::Looked| {
                for (row, &i) in looked.features.chunks_exact(FEATURES).zip(batch) {
                    features[i * FEATURES..(i + 1) * FEATURES].copy_from_slice(row);
                }
                let per = transfer::CUT_VALUES;
                for (m, &i) in looked.maps.chunks_exact(per).zip(batch) {
                    maps[i * per..(i + 1) * per].copy_from_slice(m);
                }
            };
            // Each batch's crops, asked for up to two rounds ahead.
            let mut coming = std::collections::VecDeque::new();
            let (mut next, mut done) = (0, 0);
            'rounds: while next < batches.len() {
                let (current, stop, paused) = {
                    let mut s = self.state.borrow_mut();
                    let stop = std::mem::take(&mut s.stop);
                    if stop {
                        s.paused = false;
                    }
                    (s.run == run, stop, s.paused)
                };
                if !current {
                    return Ok(None);
                }
                if stop {
                    self.post(Reply::Stopped);
                    return Ok(None);
                }
                if paused {
                    self.host.sleep(50).await;
                    continue;
                }
                // This round: a batch for this worker, one for each helper.
                let shared = 1 + helpers.count();
                let round = &batches[next..batches.len().min(next + shared)];
                while next + coming.len() < batches.len().min(next + 2 * shared) {
                    let b = batches[next + coming.len()];
                    coming.push_back(self.ask_crops(run, &at, bytes, b));
                }
                let mut crops = Vec::with_capacity(round.len());
                for _ in round {
                    let asked = coming.pop_front().expect("asked ahead");
                    match self.take_crops(run, asked).await? {
                        Some(c) => crops.push(c),
                        // A stop or a newer run: the top of the loop says which.
                        None => {
                            coming.clear();
                            continue 'rounds;
                        }
                    }
                }
                let (mine, theirs) = round.split_first().expect("a round has a batch");
                let (my_crops, their_crops) = crops.split_first().expect("as many as batches");
                helpers.send(
                    theirs
                        .iter()
                        .zip(their_crops)
                        .map(|(b, c)| transfer::LookJob {
                            images: b.len(),
                            crops: c.clone(),
                        })
                        .collect(),
                    cut,
                );
                let looked = base.look_at(my_crops, mine.len(), cut).await?;
                place(&mut features, &mut maps, mine, looked);
                match helpers.collect().await {
                    Ok(looked) if looked.len() == theirs.len() => {
                        for (b, l) in theirs.iter().zip(looked) {
                            place(&mut features, &mut maps, b, l);
                        }
                    }
                    // A helper failed: this worker looks at their batches
                    // and goes on alone.
                    failed => {
                        if let Err(e) = failed {
                            self.post(Reply::PeersLost {
                                detail: peer_detail(&e),
                            });
                        }
                        for (b, c) in theirs.iter().zip(their_crops) {
                            let looked = base.look_at(c, b.len(), cut).await?;
                            place(&mut features, &mut maps, b, looked);
                        }
                    }
                }
                next += round.len();
                let looked = round.iter().map(|b| b.len()).sum::<usize>();
                // This round's features go back to the page to keep now,
                // so a run of thousands never holds them twice at its end.
                let new: Vec<u8> = todo[done..done + looked]
                    .iter()
                    .flat_map(|&i| &features[i * FEATURES..(i + 1) * FEATURES])
                    .flat_map(|v| v.to_le_bytes())
                    .collect();
                self.host.post(
                    &Reply::Features {
                        from: done,
                        count: looked,
                    },
                    Some(&new),
                );
                done += looked;
                self.post(Reply::Extracting {
                    done,
                    total: total + again.0 * again.1,
                    ms: (self.host.now() - start) as f32,
                    kept: reused,
                    workers: shared,
                    again: again.0,
                });
                // The page's Pause and Stop get their turn between rounds.
                self.host.sleep(0).await;
            }
        }
        let data = transfer::feature_dataset("features", class_names.to_vec(), features, labels)?;
        Ok(Some((data, maps)))
    }

    /// Method 2's look at the training photos for `epoch`: each crop
    /// augmented afresh and through the base, a batch at a time, the
    /// progress counted on from the first look. `None`: a stop, or a newer
    /// run, came first (the training loop answers it).
    async fn look_again(
        &self,
        a: &mut LookAgain,
        epoch: usize,
        run: u32,
    ) -> Result<Option<Vec<f32>>, WorkerError> {
        let Some(bytes) = a.bytes.as_deref() else {
            return Ok(None);
        };
        let base = self.base().await?;
        let mut rng = cnn_train::Rng::new(a.seed ^ (epoch as u64 + 1).wrapping_mul(0x9e37_79b9));
        let mut features = Vec::with_capacity(a.photos.len() * FEATURES);
        let batches: Vec<&[usize]> = a.photos.chunks(transfer::BATCH).collect();
        // Each batch's crops asked for one batch ahead.
        let mut coming = batches
            .first()
            .map(|b| self.ask_crops(run, &a.at, bytes, b));
        for (k, batch) in batches.iter().enumerate() {
            loop {
                let (current, stop, paused) = {
                    let s = self.state.borrow();
                    (s.run == run, s.stop, s.paused)
                };
                if !current || stop {
                    return Ok(None);
                }
                if !paused {
                    break;
                }
                self.host.sleep(50).await;
            }
            let t = self.host.now();
            let asked = coming.take().expect("asked a batch ahead");
            coming = batches
                .get(k + 1)
                .map(|b| self.ask_crops(run, &a.at, bytes, b));
            let Some(raw) = self.take_crops(run, asked).await? else {
                return Ok(None);
            };
            let mut crops = Vec::with_capacity(raw.len());
            for crop in raw.chunks_exact(transfer::CROP_BYTES) {
                crops.extend(transfer::augment_crop(crop, &a.augment, &mut rng));
            }
            let looked = base.look_at(&crops, batch.len(), false).await?;
            features.extend_from_slice(&looked.features);
            a.done += batch.len();
            a.ms += self.host.now() - t;
            self.post(Reply::Extracting {
                done: a.done,
                total: a.total,
                ms: a.ms as f32,
                kept: 0,
                workers: 1,
                again: a.photos.len(),
            });
            self.host.sleep(0).await;
        }
        Ok(Some(features))
    }

    /// An experiment of the Architectures page: its two networks, one
    /// batch each in turn, on the CPU (the same backend for both, so their
    /// times compare).
    async fn experiment(self: Rc<Self>, id: String, epochs: usize, digits: usize, run: u32) {
        let Some(e) = cnn_train::lab::by_id(&id) else {
            return self.post_error(WorkerError::BadSpec {
                detail: format!("no experiment is called {id:?}"),
            });
        };
        let all = match self.load(&DataChoice::Digits { pad: 0 }, &[]).await {
            Ok(d) => d,
            Err(err) => return self.post_error(err),
        };
        let first: Vec<usize> = (0..digits.clamp(100, all.len())).collect();
        let all = match all.subset(&first) {
            Ok(d) => d,
            Err(err) => return self.post_error(WorkerError::from(err)),
        };
        let settings = e.settings.with_epochs(epochs.clamp(1, 10));
        let (train, val) = all.split(0.1, settings.seed);
        let mut runs = Vec::with_capacity(2);
        for net in e.nets {
            match cnn_train::experiment::Run::new(
                &net(),
                train.clone(),
                val.clone(),
                settings,
                &Device::flex(),
            ) {
                Ok(r) => runs.push(r),
                Err(err) => {
                    return self.post_error(WorkerError::BadSpec {
                        detail: err.to_string(),
                    })
                }
            }
        }
        if self.state.borrow().run != run {
            return;
        }
        self.post(Reply::LabStarted {
            id: id.clone(),
            steps_per_epoch: runs[0].steps_per_epoch(),
            train: train.len(),
            validation: val.len(),
        });
        loop {
            let (current, stop, paused) = {
                let mut s = self.state.borrow_mut();
                let stop = std::mem::take(&mut s.stop);
                (s.run == run, stop, s.paused)
            };
            if !current {
                return;
            }
            if stop {
                self.post(Reply::Stopped);
                return;
            }
            if paused {
                self.host.sleep(50).await;
                continue;
            }
            let mut any = false;
            for (net, r) in runs.iter_mut().enumerate() {
                let start = self.host.now();
                if let Some(step) = r.step().await {
                    any = true;
                    self.post(Reply::LabStep {
                        step: LabStep {
                            net,
                            epoch: step.epoch,
                            step: step.step,
                            loss: step.loss,
                            accuracy: step.accuracy,
                            gradients: step.gradients.iter().map(|g| g.1).collect(),
                            val_accuracy: step.val_accuracy,
                            ms: (self.host.now() - start) as f32,
                        },
                    });
                }
            }
            if !any {
                for (net, r) in runs.iter().enumerate() {
                    if let Some(looked) = r.class_maps(CAM_DIGITS).await {
                        let maps = looked
                            .into_iter()
                            .map(|l| LabCam {
                                height: l.map.height,
                                width: l.map.width,
                                image: l.image,
                                label: l.label,
                                class: l.class,
                                map: l.map.values,
                            })
                            .collect();
                        self.post(Reply::LabMaps { net, maps });
                    }
                }
                self.post(Reply::LabDone { id });
                return;
            }
            self.host.sleep(0).await;
        }
    }

    /// A new run's number: the one going on (if any) ends at its next turn,
    /// and the new one starts neither paused nor stopped.
    fn next_run(&self) -> u32 {
        let mut s = self.state.borrow_mut();
        s.run += 1;
        s.paused = false;
        s.stop = false;
        s.received = crops::Received::default();
        s.run
    }

    /// Takes the network to read it; [`Agent::give_back`] returns it.
    fn lend(&self) -> Option<Trainer> {
        self.state.borrow_mut().trainer.take()
    }

    /// Puts a lent network back, unless a new run has replaced it meanwhile.
    fn give_back(&self, trainer: Trainer) {
        let mut s = self.state.borrow_mut();
        if s.trainer.is_none() {
            s.trainer = Some(trainer);
        }
    }

    /// The loop's next move for run number `run`.
    fn next(&self, run: u32) -> Next {
        let mut s = self.state.borrow_mut();
        if s.run != run {
            return Next::Superseded;
        }
        if s.stop {
            s.stop = false;
            if let Some(t) = s.trainer.as_mut() {
                t.stop();
            }
            return Next::Stop;
        }
        if s.paused {
            return Next::Wait(50);
        }
        if s.trainer.is_none() {
            // Lent to a prediction, an explanation or an export that is
            // still reading the GPU: it comes back soon.
            return Next::Wait(10);
        }
        Next::Step {
            fail: std::mem::take(&mut s.fail_next),
        }
    }

    /// The data to train on; `bytes` is what travelled beside the message
    /// (the learner's photos; nothing for the built-in sets).
    async fn load(&self, data: &DataChoice, bytes: &[u8]) -> Result<Dataset, WorkerError> {
        match data {
            DataChoice::Xo { config } => Ok(cnn_train::data::xo::generate(config)?),
            DataChoice::Digits { pad } => {
                let images = self
                    .host
                    .fetch(&format!("{DIGITS_DIR}digits-5k-images-idx3-ubyte.gz"))
                    .await?;
                let labels = self
                    .host
                    .fetch(&format!("{DIGITS_DIR}digits-5k-labels-idx1-ubyte.gz"))
                    .await?;
                let ds = mnist::parse_idx_gz(&images, &labels)?;
                if *pad == 0 {
                    Ok(ds)
                } else {
                    Ok(mnist::pad(&ds, *pad)?)
                }
            }
            DataChoice::Photos {
                class_names,
                size,
                count,
                ..
            } => Ok(photos::from_bytes(class_names, *size, *count, bytes)?),
            // Its photos are read a few at a time by `extract`, never whole.
            DataChoice::Transfer { .. } => Err(WorkerError::BadSpec {
                detail: "transfer learning's photos go through the pretrained base first".into(),
            }),
        }
    }

    /// One run, from loading the data to the final evaluation.
    async fn train(self: Rc<Self>, setup: RunSetup, bytes: Box<dyn Payload>) {
        let RunSetup {
            spec,
            data,
            validation,
            mut config,
            run,
            choice,
            tune,
        } = setup;
        let tuning = tune.is_some();
        // Transfer learning trains on the base's features (or maps), never
        // on pictures the trainer could augment: with augmentation on, the
        // base looks at the training photos again, augmented, on every
        // epoch (seed 001's method 2).
        let mut again = None;
        if let DataChoice::Transfer { .. } = &data {
            let augment = std::mem::replace(&mut config.augment, Augment::NONE);
            if !tuning && !augment.is_identity() {
                match LookAgain::new(&data, validation, &config, augment, bytes.as_ref()) {
                    Ok(a) => again = Some(a),
                    Err(e) => return self.post_error(e),
                }
            }
        }
        let looking_from = self.host.now();
        let loaded = match &data {
            DataChoice::Transfer {
                class_names,
                count,
                kept,
                apart,
                ..
            } => {
                let workers = config.worker_count();
                let per_epoch = again.as_ref().map_or(0, |a| a.photos.len());
                self.extract(
                    class_names,
                    *count,
                    (kept, *apart),
                    &*bytes,
                    run,
                    tuning,
                    workers,
                    (per_epoch, config.epochs),
                )
                .await
            }
            _ => self
                .load(&data, &bytes.to_vec())
                .await
                .map(|d| Some((d, vec![]))),
        };
        // The photos stay only while the base must look at them again.
        let mut again = again.map(|a| LookAgain {
            bytes: Some(bytes),
            ms: self.host.now() - looking_from,
            ..a
        });
        // Fine-tuning: the network from the head and the base, on the maps
        // the base kept; the head goes back if anything stops it.
        let prepared = match (loaded, tune) {
            (Ok(Some((all, maps))), Some(head)) => match self.tune_setup(&head, all, maps).await {
                Ok(t) => Ok(Some(t)),
                Err(e) => {
                    self.give_back(head);
                    Err(e)
                }
            },
            (Ok(Some((all, _))), None) => Ok(Some((spec, all, None))),
            (Ok(None), tune) => {
                if let Some(head) = tune {
                    self.give_back(head);
                }
                Ok(None)
            }
            (Err(e), tune) => {
                if let Some(head) = tune {
                    self.give_back(head);
                }
                Err(e)
            }
        };
        let (spec, all, start) = match prepared {
            Ok(Some(p)) => p,
            Ok(None) => return,
            Err(e) => return self.post_error(e),
        };
        if start.is_some() {
            // The maps are the base's own numbers, as the weights expect.
            config.standardize = false;
        }
        let (train, val) = all.split_placed(validation, config.seed, data.placed());
        // Photos are large: keep only the split copies.
        drop(all);
        let (device, mut backend) = self.device_for(choice);
        let mut trainer =
            match Trainer::new(&spec, train.clone(), val.clone(), config.clone(), &device) {
                Ok(t) => t,
                Err(e) => return self.post_error(e),
            };
        // Fine-tuning starts from the head's weights, its epochs counted on.
        let mut offset = 0;
        if let Some((weights, from_epoch)) = &start {
            let from = Checkpoint {
                weights: weights.clone(),
                input_norm: vec![],
                epoch: 0,
                step: 0,
            };
            if let Err(e) = trainer.restore(&from) {
                return self.post_error(e);
            }
            offset = *from_epoch;
        }
        // On the GPU, the last completed step's weights are also kept here,
        // so that a lost device loses nothing.
        let mut mirror = trainer.checkpoint().await.ok();
        let steps_per_epoch = trainer.steps_per_epoch();
        // On the CPU, the batches are shared among the cores asked for.
        let head_only = matches!(data, DataChoice::Transfer { .. }) && !tuning;
        let wanted = workers_for(&config, backend, head_only);
        let mut peers = None;
        if wanted > 1 {
            let started = match trainer.peer_setup().await {
                Ok(setup) => self.host.peers(wanted - 1, setup, run).await,
                Err(e) => Err(e),
            };
            match started {
                Ok(p) => peers = Some(p),
                Err(e) => self.post(Reply::PeersLost {
                    detail: peer_detail(&e),
                }),
            }
        }
        let mut workers = 1 + peers.count();
        if self.state.borrow().run != run {
            // A newer Start came while the data loaded.
            return;
        }
        if start.is_some() {
            self.post(Reply::FineTuning {
                from_epoch: offset,
                epochs: config.epochs,
                steps_per_epoch: trainer.steps_per_epoch(),
                train: train.len(),
                validation: val.len(),
            });
        } else {
            self.post(Reply::Started {
                backend,
                train: train.len(),
                validation: val.len(),
                class_names: trainer.class_names().to_vec(),
                steps_per_epoch: trainer.steps_per_epoch(),
                workers,
            });
        }
        {
            let mut s = self.state.borrow_mut();
            s.trainer = Some(trainer);
            s.running = true;
        }
        let mut last_snapshot = f64::MIN;
        // Batches wait here between their messages to the page.
        let mut held = vec![];
        let mut last_batches = f64::MIN;
        loop {
            let fail = match self.next(run) {
                Next::Superseded => return,
                Next::Stop => {
                    self.send_batches(&mut held);
                    self.post(Reply::Stopped);
                    break;
                }
                Next::Wait(ms) => {
                    self.send_batches(&mut held);
                    self.host.sleep(ms).await;
                    continue;
                }
                Next::Step { fail } => fail,
            };
            let Some(mut trainer) = self.lend() else {
                continue;
            };
            if let Some(a) = again.as_mut() {
                let (epoch, step) = trainer.position();
                if step == 0 && a.looked != Some(epoch) && !trainer.is_done() {
                    let looked = match self.look_again(a, epoch, run).await {
                        Ok(Some(features)) => trainer
                            .replace_training_images(features)
                            .map(|()| true)
                            .map_err(WorkerError::from),
                        Ok(None) => Ok(false),
                        Err(e) => Err(e),
                    };
                    match looked {
                        Ok(true) => a.looked = Some(epoch),
                        // Stopped, paused or superseded: the loop hears it.
                        Ok(false) => {
                            self.give_back(trainer);
                            continue;
                        }
                        Err(e) => {
                            self.give_back(trainer);
                            return self.post_error(e);
                        }
                    }
                }
            }
            let events = if fail {
                trainer.fail_device("the GPU device was lost (simulated by a test)".into())
            } else {
                trainer.step_with(&peers).await
            };
            if workers > 1 && peers.count() == 0 {
                workers = 1;
                self.post(Reply::PeersLost {
                    detail: "another worker stopped answering".into(),
                });
            }
            let lost = events.iter().find_map(|e| match e {
                Event::Failed(Failure::Device { message }) => Some(message.clone()),
                _ => None,
            });
            if let (Some(reason), Backend::WebGpu, Some(cp)) = (lost, backend, mirror.clone()) {
                // Go on on the CPU from the last completed step.
                let resumed = Trainer::new(
                    &spec,
                    train.clone(),
                    val.clone(),
                    config.clone(),
                    &Device::flex(),
                )
                .map_err(WorkerError::from)
                .and_then(|mut t| t.restore(&cp).map(|_| t));
                match resumed {
                    Ok(t) => {
                        backend = Backend::Cpu;
                        let (epoch, step) = last_step(cp.epoch, cp.step, steps_per_epoch);
                        self.post(Reply::FellBack {
                            reason,
                            epoch,
                            step,
                        });
                        self.give_back(t);
                        continue;
                    }
                    Err(e) => self.post_error(e),
                }
            }
            if backend == Backend::WebGpu && !events.iter().any(|e| matches!(e, Event::Failed(_))) {
                if let Ok(cp) = trainer.checkpoint().await {
                    mirror = Some(cp);
                }
            }
            let finished = trainer.is_done();
            let due = self.host.now() - last_snapshot >= SNAPSHOT_MS
                || finished
                || events.iter().any(|e| matches!(e, Event::Epoch(_)));
            if due {
                let probe = self.state.borrow().probe;
                if let Some(snapshot) = snapshot(&trainer, probe).await {
                    self.post(Reply::Snapshot { snapshot });
                }
                last_snapshot = self.host.now();
            }
            for event in events {
                match counted_on(event, offset) {
                    Event::Batch(b) => held.push(b),
                    event => {
                        self.send_batches(&mut held);
                        self.post(Reply::Event { event });
                    }
                }
            }
            if self.host.now() - last_batches >= self.host.batch_interval() {
                self.send_batches(&mut held);
                last_batches = self.host.now();
            }
            self.give_back(trainer);
            if finished {
                break;
            }
            self.host.sleep(0).await;
        }
        let trainer = {
            let mut s = self.state.borrow_mut();
            s.running = false;
            s.trainer.take()
        };
        if let Some(trainer) = trainer {
            self.evaluation(&trainer).await;
            self.give_back(trainer);
        }
    }

    /// Sends the batches held back, if any.
    fn send_batches(&self, held: &mut Vec<BatchStats>) {
        if !held.is_empty() {
            self.post(Reply::Batches {
                batches: std::mem::take(held),
            });
        }
    }

    /// Fine-tuning's network, data and start: the tail of the base with the
    /// head on it ([`transfer::fine_tune_model`]), the maps the base kept
    /// as its pictures (`maps`, `[n, 192, 7, 7]`, the labels of `all`),
    /// and the weights to start from with the epochs the head trained.
    async fn tune_setup(
        &self,
        head: &Trainer,
        all: Dataset,
        maps: Vec<f32>,
    ) -> Result<(ModelSpec, Dataset, Option<(Vec<Vec<f32>>, usize)>), WorkerError> {
        let base = self.base().await?;
        let (spec, weights) = transfer::fine_tune_model(&base, head).await?;
        let s = spec.input;
        let data = Dataset::new(
            "fine-tuning",
            (s.channels, s.height, s.width),
            all.class_names.clone(),
            maps,
            all.labels.clone(),
        )?;
        Ok((spec, data, Some((weights, head.position().0))))
    }

    async fn evaluation(&self, trainer: &Trainer) {
        let val = trainer.validation();
        match trainer.evaluate(val).await {
            Ok(evaluation) => {
                let mistakes = evaluation
                    .predictions
                    .iter()
                    .enumerate()
                    .filter(|(i, (p, _))| *p != val.labels[*i])
                    .take(24)
                    .map(|(i, &(predicted, confidence))| Mistake {
                        index: i,
                        label: val.labels[i],
                        predicted,
                        confidence,
                        image: val.image(i).to_vec(),
                    })
                    .collect();
                self.post(Reply::Evaluation {
                    evaluation,
                    mistakes,
                });
            }
            Err(e) => self.post_error(e),
        }
    }

    /// Posts the model as a file: `reply(name)` with the file's bytes beside
    /// it (`Exported` to download it, `Kept` to store it on this device).
    async fn post_model(self: Rc<Self>, reply: fn(String) -> Reply) {
        let Some(trainer) = self.lend() else {
            return self.post_error(WorkerError::NoTrainedModel);
        };
        let file = trainer.model_file().await;
        let name = trainer.spec().name.clone();
        self.give_back(trainer);
        match file {
            Ok(file) => self.host.post(&reply(name), Some(&export::encode(&file))),
            Err(e) => self.post_error(e),
        }
    }

    /// The trained network as an ONNX file; a head on the pretrained base
    /// goes out with the base inside it.
    async fn post_onnx(self: Rc<Self>) {
        let Some(trainer) = self.lend() else {
            return self.post_error(WorkerError::NoTrainedModel);
        };
        let file = if transfer::on_base(trainer.spec()) {
            match self.base().await {
                Ok(base) => transfer::onnx(&base, &trainer).await,
                Err(e) => Err(e),
            }
        } else {
            trainer.onnx().await
        };
        let name = trainer.spec().name.clone();
        self.give_back(trainer);
        match file {
            Ok(bytes) => self.host.post(&Reply::ExportedOnnx { name }, Some(&bytes)),
            Err(e) => self.post_error(e),
        }
    }

    /// Loads a model file; a file that is not right changes nothing.
    fn import_model(&self, bytes: &[u8]) {
        if self.state.borrow().running {
            return self.post_error(WorkerError::StopFirst);
        }
        let file = match export::decode(bytes) {
            Ok(f) => f,
            Err(e) => return self.post_error(e),
        };
        // On the CPU: an imported model predicts and explains, it does not
        // train.
        let trainer = match Trainer::from_file(&file, &Device::flex()) {
            Ok(t) => t,
            Err(e) => return self.post_error(e),
        };
        self.state.borrow_mut().trainer = Some(trainer);
        self.post(Reply::Imported {
            spec: file.spec,
            class_names: file.class_names,
        });
    }

    /// The answer to [`Request::Explain`]: the prediction with every layer's
    /// maps, and the occlusion map with the default patch for the input size.
    async fn explain(self: Rc<Self>, image: Vec<f32>) {
        let Some(trainer) = self.lend() else {
            return self.post_error(WorkerError::NoModel);
        };
        if transfer::on_base(trainer.spec()) {
            // A head sees the photo through the pretrained base.
            let reply = async {
                let base = self.base().await?;
                transfer::explain(&base, &trainer, &image).await
            }
            .await;
            self.give_back(trainer);
            return match reply {
                Ok(reply) => self.post(reply),
                Err(e) => self.post_error(e),
            };
        }
        let reply = async {
            let prediction = trainer.predict(&image).await?;
            let s = trainer.spec().input;
            let (patch, stride) = Occlusion::default_patch(s.height.min(s.width));
            let occlusion = trainer.occlusion(&image, patch, stride).await?;
            let cam = trainer.class_map(&image, occlusion.class).await?;
            Ok::<_, WorkerError>(Reply::Explanation {
                prediction,
                occlusion,
                cam,
                blocks: Vec::new(),
            })
        }
        .await;
        self.give_back(trainer);
        match reply {
            Ok(reply) => self.post(reply),
            Err(e) => self.post_error(e),
        }
    }

    /// Decodes a photo the browser refused, with the `image` crate: the
    /// `width × height` RGB bytes travel beside [`Reply::Decoded`].
    fn decode_photo(&self, id: u64, max_side: u32, bytes: &[u8]) {
        match cnn_photos::decode::decode(bytes, max_side) {
            Ok(rgb) => self.host.post(
                &Reply::Decoded {
                    id,
                    width: rgb.width,
                    height: rgb.height,
                },
                Some(&rgb.pixels),
            ),
            Err(refusal) => self.post(Reply::DecodeFailed {
                id,
                message: refusal.to_string(),
            }),
        }
    }
}

/// What a Start asked for.
struct RunSetup {
    spec: ModelSpec,
    data: DataChoice,
    validation: f32,
    config: TrainConfig,
    run: u32,
    choice: BackendChoice,
    /// Fine-tuning: the trained head it starts from.
    tune: Option<Trainer>,
}

/// Seed 001's method 2 in a run: the base looks again, on every epoch, at
/// the training photos augmented.
struct LookAgain {
    augment: Augment,
    seed: u64,
    /// Where each photo's crop lies in the start's bytes (`None`: with
    /// the page, [`crops::places`]).
    at: Vec<Option<std::ops::Range<usize>>>,
    /// The training photos, in the training set's order.
    photos: Vec<usize>,
    /// The start's bytes, kept while the base looks again.
    bytes: Option<Box<dyn Payload>>,
    /// The epoch whose features the trainer has.
    looked: Option<usize>,
    /// Looks so far and in all (each photo once, then the training
    /// photos on every epoch), and the time they took.
    done: usize,
    total: usize,
    ms: f64,
}

impl LookAgain {
    /// The training photos of a transfer start, found as the trainer's
    /// split will find them; every photo must come as its crop.
    fn new(
        data: &DataChoice,
        validation: f32,
        config: &TrainConfig,
        augment: Augment,
        bytes: &dyn Payload,
    ) -> Result<LookAgain, WorkerError> {
        let DataChoice::Transfer {
            class_names,
            count,
            kept,
            apart,
            ..
        } = data
        else {
            return Err(WorkerError::BadSpec {
                detail: "only transfer learning looks again".into(),
            });
        };
        if kept.contains(&true) {
            return Err(WorkerError::BadSpec {
                detail: "augmentation needs every photo itself, not its kept features".into(),
            });
        }
        let (seen, labels) = transfer::transfer_data(class_names, *count, kept, *apart, bytes)?;
        let at = crops::places(&seen);
        let held_out = cnn_train::data::validation_mask(
            &labels,
            class_names.len(),
            validation,
            config.seed,
            data.placed(),
        );
        let photos: Vec<usize> = (0..*count).filter(|&i| !held_out[i]).collect();
        Ok(LookAgain {
            augment,
            seed: config.seed,
            at,
            total: count + photos.len() * config.epochs,
            done: *count,
            photos,
            bytes: None,
            looked: None,
            ms: 0.0,
        })
    }
}

/// What the page hears when the other workers could not be used.
fn peer_detail(e: &WorkerError) -> String {
    match e {
        WorkerError::Device { detail } | WorkerError::BadMessage { detail } => detail.clone(),
        other => format!("{other:?}"),
    }
}

/// `event` with its epoch counted on after `offset` epochs (fine-tuning's
/// epochs follow the head's on the same curves).
fn counted_on(event: Event, offset: usize) -> Event {
    match event {
        Event::Batch(mut b) => {
            b.epoch += offset;
            Event::Batch(b)
        }
        Event::Epoch(mut e) => {
            e.epoch += offset;
            Event::Epoch(e)
        }
        other => other,
    }
}

/// The first layer's filters and maps for validation picture `probe`.
async fn snapshot(trainer: &Trainer, probe: usize) -> Option<Box<Snapshot>> {
    let val = trainer.validation();
    let index = probe.min(val.len().checked_sub(1)?);
    let image = val.image(index).to_vec();
    let prediction = trainer.predict(&image).await.ok()?;
    let (filters, filter_shape) = trainer
        .first_filters()
        .await
        .ok()
        .flatten()
        .unwrap_or((vec![], [0, 0, 0, 0]));
    // With the biases, the standardisation and the layer's settings, the
    // page can trace any first-layer cell to this prediction's number.
    let filter_bias = trainer
        .first_bias()
        .await
        .ok()
        .flatten()
        .unwrap_or_default();
    Some(Box::new(Snapshot {
        filters,
        filter_shape,
        input: image,
        input_shape: [val.channels, val.height, val.width],
        label: val.labels[index],
        prediction,
        filter_bias,
        input_norm: trainer.input_norm().to_vec(),
        first_layer: trainer.spec().layers.first().copied(),
    }))
}

#[cfg(test)]
mod tests;

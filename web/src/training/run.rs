//! What the worker has told a page about the current run: its status, the
//! backend, the curve's points, the evaluation. Both the trainer and the
//! photos page keep one [`Run`], reduced from the worker's [`Reply`]s.

use std::rc::Rc;

use cnn_train::protocol::{Backend, Mistake, NoGpu, Reply, Snapshot, WorkerError};
use cnn_train::{BatchStats, EpochStats, Evaluation, Event as TrainEvent, Failure, Prediction};
use yew::prelude::*;

use super::timing::{self, Clock, Timing};
use crate::i18n::{n, s, t, t_args};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// The worker is starting.
    Booting,
    Idle,
    Loading,
    Training,
    Paused,
    Done,
    Stopped,
    Failed,
}

/// What the worker has told us about the current run.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub status: Status,
    /// Whether the worker can use WebGPU, and why not when it cannot.
    pub webgpu: Option<Result<(), NoGpu>>,
    /// WebGPU is there but runs in software (SwiftShader).
    pub software: bool,
    /// The backend of the current run.
    pub backend: Option<Backend>,
    /// How many workers (cores) share its batches.
    pub workers: usize,
    /// When it started, paused and ended (see [`timing`]).
    pub clock: Clock,
    pub images: usize,
    pub steps_per_epoch: usize,
    pub epochs_total: usize,
    /// The training curve: each point averages `stride` batches, so that a
    /// long run keeps a bounded history (at most [`MAX_POINTS`]).
    pub batches: Rc<Vec<BatchStats>>,
    pub stride: usize,
    /// Batches not yet folded into a point.
    pub pending: Vec<BatchStats>,
    /// Batches done in this run.
    pub batch_count: usize,
    pub epochs: Vec<EpochStats>,
    pub class_names: Vec<String>,
    pub sizes: (usize, usize),
    pub snapshot: Option<Rc<Snapshot>>,
    pub evaluation: Option<Rc<(Evaluation, Vec<Mistake>)>>,
    pub prediction: Option<Rc<Prediction>>,
    pub message: Option<String>,
    pub has_model: bool,
    /// Transfer learning: how far the pretrained base is.
    pub extracting: Option<Extracting>,
    /// Fine-tuning began after this many epochs (the curves' mark).
    pub tune_from: Option<usize>,
}

/// Transfer learning's first step, as the worker last reported it
/// (`Reply::Extracting`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Extracting {
    /// Photos the base has looked at, of `total`, in `ms`.
    pub done: usize,
    pub total: usize,
    pub ms: f32,
    /// Photos whose features were kept from an earlier run.
    pub kept: usize,
    /// How many workers (cores) share the photos.
    pub workers: usize,
    /// Method 2: the training photos looked at again on each epoch.
    pub again: usize,
}

impl Extracting {
    /// Photos a second the base looked at, once it has looked at some.
    pub fn pace(&self) -> Option<f64> {
        (self.done > 0 && self.ms > 0.0).then(|| self.done as f64 / (f64::from(self.ms) / 1000.0))
    }
}

impl Default for Run {
    fn default() -> Self {
        Run {
            status: Status::Booting,
            webgpu: None,
            software: false,
            backend: None,
            workers: 1,
            clock: Clock::default(),
            images: 0,
            steps_per_epoch: 0,
            epochs_total: 0,
            batches: Rc::new(vec![]),
            stride: 1,
            pending: vec![],
            batch_count: 0,
            epochs: vec![],
            class_names: vec![],
            sizes: (0, 0),
            snapshot: None,
            evaluation: None,
            prediction: None,
            message: None,
            has_model: false,
            extracting: None,
            tune_from: None,
        }
    }
}

/// Most points a training curve keeps.
const MAX_POINTS: usize = 1000;

/// The mean of some batches' figures, as one point (the last one's place).
fn mean_point(group: &[BatchStats]) -> Option<BatchStats> {
    let last = group.last()?.clone();
    let k = group.len() as f32;
    Some(BatchStats {
        loss: group.iter().map(|b| b.loss).sum::<f32>() / k,
        accuracy: group.iter().map(|b| b.accuracy).sum::<f32>() / k,
        ..last
    })
}

impl Run {
    /// On the CPU, how many workers (cores) share the run's batches.
    pub fn cpu_workers(&self) -> Option<usize> {
        (self.backend == Some(Backend::Cpu)).then_some(self.workers)
    }

    /// Elapsed, left and images per second, now.
    pub fn timing(&self) -> Timing {
        let total = self.steps_per_epoch.max(1) * self.epochs_total.max(1);
        timing::timing(&self.clock, self.batch_count, total, self.images, now())
    }

    fn add_batch(&mut self, b: BatchStats) {
        self.batch_count += 1;
        self.pending.push(b);
        if self.pending.len() < self.stride {
            return;
        }
        let point = mean_point(&std::mem::take(&mut self.pending));
        let points = Rc::make_mut(&mut self.batches);
        points.extend(point);
        if points.len() >= MAX_POINTS {
            // Halve the resolution: each point now stands for twice as many batches.
            *points = points.chunks(2).filter_map(mean_point).collect();
            self.stride *= 2;
        }
    }
}

pub enum Msg {
    Reply(Reply, f64),
    Starting(usize),
    /// Fine-tuning was asked for: the run goes on.
    Tuning,
    Message(String),
    /// The page could not make the run's data (its photos could not be
    /// read back): why. The run ends there.
    DataFailed(String),
    /// Forget the run and its model (the photos page's "clear everything").
    Reset,
}

/// The page's clock, in milliseconds.
pub fn now() -> f64 {
    js_sys::Date::now()
}

impl Reducible for Run {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let mut r = (*self).clone();
        match msg {
            Msg::Starting(epochs) => {
                r = Run {
                    status: Status::Loading,
                    webgpu: r.webgpu,
                    software: r.software,
                    epochs_total: epochs,
                    ..Run::default()
                };
            }
            Msg::Tuning => {
                // The curves and counts go on; the last run's end does not.
                r.status = Status::Loading;
                r.evaluation = None;
                r.extracting = None;
                r.message = None;
            }
            Msg::Message(m) => r.message = Some(m),
            Msg::DataFailed(m) => {
                r.status = Status::Failed;
                r.message = Some(m);
            }
            Msg::Reset => {
                r = Run {
                    status: Status::Idle,
                    webgpu: r.webgpu,
                    software: r.software,
                    ..Run::default()
                };
            }
            Msg::Reply(reply, at) => match reply {
                Reply::Ready {
                    reason, software, ..
                } => {
                    r.webgpu = Some(reason.map_or(Ok(()), Err));
                    r.software = software;
                    r.status = Status::Idle;
                }
                Reply::FellBack {
                    reason,
                    epoch,
                    step,
                } => {
                    r.backend = Some(Backend::Cpu);
                    r.message = Some(t_args(
                        "tr-fell-back",
                        &[
                            ("reason", s(reason)),
                            ("epoch", n(epoch)),
                            ("step", n(step)),
                        ],
                    ));
                }
                Reply::Started {
                    backend,
                    train,
                    validation,
                    class_names,
                    steps_per_epoch,
                    workers,
                } => {
                    r.status = Status::Training;
                    r.backend = Some(backend);
                    r.workers = workers;
                    r.sizes = (train, validation);
                    r.class_names = class_names;
                    r.steps_per_epoch = steps_per_epoch;
                    r.clock = Clock::started(at);
                    r.has_model = true;
                }
                Reply::PeersLost { detail } => {
                    r.workers = 1;
                    r.message = Some(t_args("tr-peers-lost", &[("detail", s(detail))]));
                }
                Reply::FineTuning {
                    from_epoch,
                    epochs,
                    steps_per_epoch,
                    train,
                    validation,
                } => {
                    r.status = Status::Training;
                    r.tune_from = Some(from_epoch);
                    r.epochs_total = from_epoch + epochs;
                    r.sizes = (train, validation);
                    r.steps_per_epoch = steps_per_epoch;
                    r.clock = Clock::started(at);
                }
                Reply::Event { event } => match event {
                    TrainEvent::Batch(b) => {
                        r.images += b.images;
                        r.add_batch(b);
                    }
                    TrainEvent::Epoch(e) => r.epochs.push(e),
                    TrainEvent::Done => {
                        r.status = Status::Done;
                        r.clock.finish(at);
                    }
                    TrainEvent::Failed(f) => {
                        r.status = Status::Failed;
                        r.clock.finish(at);
                        r.message = Some(match f {
                            Failure::Diverged { epoch, step } => {
                                t_args("tr-diverged", &[("epoch", n(epoch)), ("step", n(step))])
                            }
                            Failure::Device { message } => {
                                t_args("tr-device-failed", &[("detail", s(message))])
                            }
                        });
                    }
                },
                Reply::Batches { batches } => {
                    for b in batches {
                        r.images += b.images;
                        r.add_batch(b);
                    }
                }
                Reply::Snapshot { snapshot } => r.snapshot = Some(Rc::from(snapshot)),
                Reply::Evaluation {
                    evaluation,
                    mistakes,
                } => r.evaluation = Some(Rc::new((evaluation, mistakes))),
                Reply::Prediction { prediction } => r.prediction = Some(Rc::new(prediction)),
                Reply::Paused => {
                    r.status = Status::Paused;
                    r.clock.pause(at);
                }
                Reply::Resumed => {
                    r.status = Status::Training;
                    r.clock.resume(at);
                }
                Reply::Stopped => {
                    r.status = Status::Stopped;
                    r.clock.finish(at);
                }
                Reply::Exported { .. }
                | Reply::ExportedOnnx { .. }
                | Reply::Features { .. }
                | Reply::NeedCrops { .. } => {}
                Reply::Imported { class_names, .. } => {
                    r = Run {
                        status: Status::Done,
                        webgpu: r.webgpu,
                        software: r.software,
                        class_names,
                        has_model: true,
                        message: Some(t("tr-imported")),
                        ..Run::default()
                    };
                }
                Reply::Explanation { .. }
                | Reply::Kept { .. }
                | Reply::Decoded { .. }
                | Reply::DecodeFailed { .. }
                | Reply::PhotoImported { .. }
                | Reply::PhotoNotImported { .. }
                | Reply::PeersLoaded { .. }
                | Reply::LabStarted { .. }
                | Reply::LabStep { .. }
                | Reply::LabMaps { .. }
                | Reply::LabDone { .. }
                | Reply::ImageNet { .. }
                | Reply::PeerReady { .. }
                | Reply::Gradients { .. }
                | Reply::Looked { .. }
                | Reply::Checked { .. } => {}
                Reply::Extracting {
                    done,
                    total,
                    ms,
                    kept,
                    workers,
                    again,
                } => {
                    r.extracting = Some(Extracting {
                        done,
                        total,
                        ms,
                        kept,
                        workers,
                        again,
                    })
                }
                Reply::Error { error } => {
                    if matches!(r.status, Status::Loading) {
                        r.status = Status::Idle;
                    }
                    r.message = Some(error_text(&error));
                }
            },
        }
        Rc::new(r)
    }
}

/// A worker's error in the learner's language: `err-<code>` with its
/// arguments (a model that does not fit, in the editor's words).
pub fn error_text(e: &WorkerError) -> String {
    if let WorkerError::Spec { error } = e {
        return super::editor::spec_error_text(error);
    }
    let args: Vec<_> = e.args().into_iter().map(|(k, v)| (k, s(v))).collect();
    t_args(&format!("err-{}", e.code()), &args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_run_keeps_a_bounded_curve() {
        let mut r = Run::default();
        for i in 0..50_000usize {
            r.add_batch(BatchStats {
                epoch: 1 + i / 250,
                step: 1 + i % 250,
                steps_per_epoch: 250,
                loss: 1.0,
                accuracy: 0.5,
                images: 16,
            });
        }
        assert_eq!(r.batch_count, 50_000);
        assert!(r.batches.len() < MAX_POINTS);
        // Every point stands for `stride` batches; together with the pending ones, all are there.
        assert_eq!(r.batches.len() * r.stride + r.pending.len(), 50_000);
        assert!(r.batches.iter().all(|b| b.loss == 1.0 && b.accuracy == 0.5));
    }
}

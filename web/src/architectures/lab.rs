//! An experiment's run as the page sees it, reduced from the worker's
//! replies: each network's losses, validation accuracy, latest gradient
//! sizes and batch times. Tested natively.

use std::rc::Rc;

use cnn_train::protocol::{LabCam, LabStep, Reply};
use yew::Reducible;

/// Where an experiment is.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Status {
    #[default]
    Idle,
    /// The worker is starting or loading the digits.
    Loading,
    Running,
    Paused,
    Done,
    Stopped,
    /// The worker's words, already in the learner's language.
    Failed(String),
}

/// One network's record.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Series {
    /// `(epochs so far, loss)` for every batch.
    pub losses: Vec<(f32, f32)>,
    /// Validation accuracy at the end of each epoch.
    pub val: Vec<f32>,
    /// The latest batch's gradient size per weighted layer.
    pub gradients: Vec<f32>,
    /// Milliseconds per batch.
    pub ms: Vec<f32>,
    /// After training, where the network looked (a network that ends in
    /// global average pooling and a dense layer).
    pub cams: Vec<LabCam>,
}

impl Series {
    /// The median time of a batch, once there is one.
    pub fn median_ms(&self) -> Option<f32> {
        let mut v = self.ms.clone();
        v.sort_by(f32::total_cmp);
        v.get(v.len() / 2).copied()
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Lab {
    /// The experiment running or last run.
    pub id: Option<String>,
    pub status: Status,
    pub steps_per_epoch: usize,
    pub train: usize,
    pub nets: [Series; 2],
}

pub enum LabMsg {
    /// The page asked the worker to run experiment `id`.
    Start(String),
    Pause,
    Resume,
    Reply(Reply),
    /// A worker error, worded.
    Failed(String),
}

impl Lab {
    pub fn running(&self) -> bool {
        matches!(
            self.status,
            Status::Loading | Status::Running | Status::Paused
        )
    }

    fn step(&mut self, s: LabStep) {
        let Some(series) = self.nets.get_mut(s.net) else {
            return;
        };
        let spe = self.steps_per_epoch.max(1) as f32;
        let x = (s.epoch.saturating_sub(1)) as f32 + s.step as f32 / spe;
        series.losses.push((x, s.loss));
        series.gradients = s.gradients;
        series.ms.push(s.ms);
        series.val.extend(s.val_accuracy);
    }
}

impl Reducible for Lab {
    type Action = LabMsg;

    fn reduce(self: Rc<Self>, msg: LabMsg) -> Rc<Self> {
        let mut l = (*self).clone();
        match msg {
            LabMsg::Start(id) => {
                l = Lab {
                    id: Some(id),
                    status: Status::Loading,
                    ..Lab::default()
                }
            }
            LabMsg::Pause if l.status == Status::Running => l.status = Status::Paused,
            LabMsg::Resume if l.status == Status::Paused => l.status = Status::Running,
            LabMsg::Pause | LabMsg::Resume => {}
            LabMsg::Failed(why) => l.status = Status::Failed(why),
            LabMsg::Reply(reply) => match reply {
                Reply::LabStarted {
                    id,
                    steps_per_epoch,
                    train,
                    ..
                } if l.id.as_deref() == Some(id.as_str()) => {
                    l.status = Status::Running;
                    l.steps_per_epoch = steps_per_epoch;
                    l.train = train;
                }
                Reply::LabStep { step } if l.running() => l.step(step),
                Reply::LabMaps { net, maps } if l.running() && net < 2 => l.nets[net].cams = maps,
                Reply::LabDone { id } if l.id.as_deref() == Some(id.as_str()) => {
                    l.status = Status::Done;
                }
                Reply::Stopped if l.running() => l.status = Status::Stopped,
                _ => return self,
            },
        }
        Rc::new(l)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(net: usize, epoch: usize, step: usize, val: Option<f32>) -> Reply {
        Reply::LabStep {
            step: LabStep {
                net,
                epoch,
                step,
                loss: 1.0 / step as f32,
                accuracy: 0.5,
                gradients: vec![1e-9, 1e-3],
                val_accuracy: val,
                ms: step as f32,
            },
        }
    }

    #[test]
    fn a_run_is_reduced_from_its_replies() {
        let mut l = Rc::new(Lab::default());
        l = l.reduce(LabMsg::Start("plain-vs-residual".into()));
        assert_eq!(l.status, Status::Loading);
        // A reply for another experiment is not this one's.
        let other = Reply::LabStarted {
            id: "flatten-vs-gap".into(),
            steps_per_epoch: 4,
            train: 128,
            validation: 14,
        };
        l = l.reduce(LabMsg::Reply(other));
        assert_eq!(l.status, Status::Loading);
        l = l.reduce(LabMsg::Reply(Reply::LabStarted {
            id: "plain-vs-residual".into(),
            steps_per_epoch: 4,
            train: 128,
            validation: 14,
        }));
        assert_eq!(l.status, Status::Running);
        for s in 1..=4 {
            for net in 0..2 {
                let val = (s == 4).then_some(0.25 * (net + 1) as f32);
                l = l.reduce(LabMsg::Reply(step(net, 1, s, val)));
            }
        }
        assert_eq!(l.nets[0].losses.len(), 4);
        assert_eq!(l.nets[0].losses[3], (1.0, 0.25));
        assert_eq!(l.nets[1].val, vec![0.5]);
        assert_eq!(l.nets[1].gradients, vec![1e-9, 1e-3]);
        assert_eq!(l.nets[0].median_ms(), Some(3.0));
        l = l.reduce(LabMsg::Pause);
        assert_eq!(l.status, Status::Paused);
        l = l.reduce(LabMsg::Resume);
        l = l.reduce(LabMsg::Reply(Reply::LabDone {
            id: "plain-vs-residual".into(),
        }));
        assert_eq!(l.status, Status::Done);
        assert!(!l.running());
    }
}

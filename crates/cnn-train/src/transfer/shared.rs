//! Transfer learning's first step on several workers: the frozen base
//! looks at many photos, a batch ([`super::BATCH`]) per worker at a time.
//!
//! Each photo's features depend on that photo only, and every worker holds
//! the same base and looks at the same batches (the leader cuts them as
//! it would alone), so the features are the one-worker features exactly,
//! not merely up to the order of float sums. The leader hands a batch to
//! each of its [`Lookers`], looks at one itself while they work, and
//! collects their answers; a helper that fails leaves its batch to the
//! leader.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use crate::efficientnet::FEATURES;
use crate::parallel::{f32_bytes, f32s, Solo};
use crate::protocol::WorkerError;
use crate::train::read_f32;

use super::{Base, CROP_BYTES, CUT_INPUT};

/// Values in the maps fine-tuning starts from, per photo (`192 x 7 x 7`).
pub const CUT_VALUES: usize = CUT_INPUT.height * CUT_INPUT.width * CUT_INPUT.channels;

/// What the base made of a batch of photos: their features (`[n, 1280]`)
/// and, when asked, the maps fine-tuning starts from (`[n, 192, 7, 7]`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Looked {
    pub features: Vec<f32>,
    pub maps: Vec<f32>,
}

impl Looked {
    /// Features then maps, as little-endian `f32`s (a peer's answer).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = f32_bytes(&self.features);
        out.extend(f32_bytes(&self.maps));
        out
    }

    /// The answer for `images` photos (with the maps when `cut`), or
    /// `None` where the bytes are not that.
    pub fn from_bytes(images: usize, cut: bool, bytes: &[u8]) -> Option<Looked> {
        let values = f32s(bytes)?;
        let maps = if cut { images * CUT_VALUES } else { 0 };
        if values.len() != images * FEATURES + maps {
            return None;
        }
        let mut features = values;
        let maps = features.split_off(images * FEATURES);
        Some(Looked { features, maps })
    }
}

impl Base {
    /// What the base makes of `images` 224x224 crops (planar RGB bytes, one
    /// after another, as `cnn_photos::prepare::fit` makes them); with
    /// `cut`, the maps fine-tuning starts from too.
    pub async fn look_at(
        &self,
        crops: &[u8],
        images: usize,
        cut: bool,
    ) -> Result<Looked, WorkerError> {
        if crops.len() != images * CROP_BYTES {
            return Err(WorkerError::BadMessage {
                detail: format!("{} bytes are not {images} crops of 224x224", crops.len()),
            });
        }
        if images == 0 {
            return Ok(Looked::default());
        }
        let unit = crops.iter().map(|&b| f32::from(b) / 255.0).collect();
        if cut {
            let (f, m) = self.features_and_cut(unit, images);
            let maps = read_f32(m).await?;
            Ok(Looked {
                features: read_f32(f).await?,
                maps,
            })
        } else {
            Ok(Looked {
                features: read_f32(self.features_of(unit, images)).await?,
                maps: vec![],
            })
        }
    }
}

/// A batch for a helper: `images` crops, one after another.
#[derive(Debug, Clone, PartialEq)]
pub struct LookJob {
    pub images: usize,
    pub crops: Vec<u8>,
}

/// The other workers, as the leader sees them while the base looks.
pub trait Lookers {
    /// How many there are (0: the leader looks alone). Helpers that failed
    /// say 0 from then on.
    fn count(&self) -> usize;
    /// Hands job `k` to helper `k` (one each, at most [`Lookers::count`]).
    fn send(&self, jobs: Vec<LookJob>, cut: bool);
    /// Each helper's answer to what [`Lookers::send`] handed it, in order.
    fn collect(&self) -> impl Future<Output = Result<Vec<Looked>, WorkerError>>;
}

impl Lookers for Solo {
    fn count(&self) -> usize {
        0
    }
    fn send(&self, _: Vec<LookJob>, _: bool) {}
    async fn collect(&self) -> Result<Vec<Looked>, WorkerError> {
        Ok(vec![])
    }
}

/// Helpers that may not be there (`None`: the leader looks alone).
impl<L: Lookers> Lookers for Option<L> {
    fn count(&self) -> usize {
        self.as_ref().map_or(0, Lookers::count)
    }
    fn send(&self, jobs: Vec<LookJob>, cut: bool) {
        if let Some(l) = self {
            l.send(jobs, cut);
        }
    }
    async fn collect(&self) -> Result<Vec<Looked>, WorkerError> {
        match self {
            Some(l) => l.collect().await,
            None => Ok(vec![]),
        }
    }
}

/// Helpers in this thread, looking one after another with one base: the
/// same numbers as workers, for tests and native runs.
#[derive(Debug)]
pub struct LocalLookers {
    base: Rc<Base>,
    count: usize,
    sent: RefCell<(Vec<LookJob>, bool)>,
}

impl LocalLookers {
    pub fn new(base: Rc<Base>, count: usize) -> LocalLookers {
        LocalLookers {
            base,
            count,
            sent: RefCell::default(),
        }
    }
}

impl Lookers for LocalLookers {
    fn count(&self) -> usize {
        self.count
    }
    fn send(&self, jobs: Vec<LookJob>, cut: bool) {
        *self.sent.borrow_mut() = (jobs, cut);
    }
    async fn collect(&self) -> Result<Vec<Looked>, WorkerError> {
        let (jobs, cut) = self.sent.take();
        let mut out = Vec::with_capacity(jobs.len());
        for job in &jobs {
            out.push(self.base.look_at(&job.crops, job.images, cut).await?);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_look_travels_as_bytes_and_one_that_does_not_fit_is_refused() {
        let looked = Looked {
            features: (0..2 * FEATURES).map(|i| i as f32 * 0.5).collect(),
            maps: (0..2 * CUT_VALUES).map(|i| -(i as f32)).collect(),
        };
        let bytes = looked.to_bytes();
        assert_eq!(Looked::from_bytes(2, true, &bytes), Some(looked.clone()));
        // Read without its maps, or as three photos, or cut short: refused.
        assert_eq!(Looked::from_bytes(2, false, &bytes), None);
        assert_eq!(Looked::from_bytes(3, true, &bytes), None);
        assert_eq!(Looked::from_bytes(2, true, &bytes[..bytes.len() - 1]), None);
        let plain = Looked {
            features: looked.features.clone(),
            maps: vec![],
        };
        assert_eq!(Looked::from_bytes(2, false, &plain.to_bytes()), Some(plain));
    }

    #[test]
    fn crops_that_are_not_whole_are_refused_with_a_reason() {
        let base = Base::untrained(&burn::tensor::Device::flex());
        let short = vec![0u8; CROP_BYTES - 1];
        match crate::train::block_on(base.look_at(&short, 1, false)) {
            Err(WorkerError::BadMessage { detail }) => {
                assert!(detail.contains("not 1 crops of 224x224"), "{detail}")
            }
            other => panic!("{other:?}"),
        }
        let none = crate::train::block_on(base.look_at(&[], 0, true)).unwrap();
        assert_eq!(none, Looked::default());
    }
}

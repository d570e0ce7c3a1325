//! Where a transfer run's crops come from, a few photos at a time: out of
//! the start's bytes, or (a start whose crops stay with the page,
//! `DataChoice::Transfer`'s `apart`) asked of the page with
//! [`Reply::NeedCrops`] and answered by [`Request::Crops`]. Asking is
//! apart from taking, so the next photos are on their way while the base
//! looks at these.

use std::collections::HashMap;
use std::ops::Range;

use cnn_train::protocol::{Payload, Reply, WorkerError};
use cnn_train::transfer::{Seen, CROP_BYTES};

use super::{Agent, Host};

/// Where each photo's crop is: in the start's bytes, or with the page
/// (`None`; also for a photo that came as its features, whose crop is never
/// needed).
pub(super) fn places(seen: &[Seen]) -> Vec<Option<Range<usize>>> {
    seen.iter()
        .map(|s| match s {
            Seen::Crop(at) => Some(at.clone()),
            Seen::Asked | Seen::Features(_) => None,
        })
        .collect()
}

/// Crops asked for: already read, or a part the page will send.
#[derive(Debug)]
pub(super) enum Coming {
    Here(Vec<u8>),
    Asked { part: u32, photos: usize },
}

/// The parts the page sent that the run has not taken yet, by part.
#[derive(Debug, Default)]
pub(super) struct Received {
    parts: HashMap<u32, Vec<u8>>,
    next: u32,
}

impl<H: Host + 'static> Agent<H> {
    /// Asks for the crops of `photos` (indices into the start's photos):
    /// read at once out of `bytes` where [`places`] says they are, else
    /// asked of the page.
    pub(super) fn ask_crops(
        &self,
        run: u32,
        at: &[Option<Range<usize>>],
        bytes: &dyn Payload,
        photos: &[usize],
    ) -> Coming {
        let ranges: Option<Vec<Range<usize>>> = photos
            .iter()
            .map(|&i| at.get(i).cloned().flatten())
            .collect();
        if let Some(ranges) = ranges {
            let mut crops = Vec::with_capacity(photos.len() * CROP_BYTES);
            for r in ranges {
                crops.extend(bytes.read(r));
            }
            return Coming::Here(crops);
        }
        let part = {
            let mut s = self.state.borrow_mut();
            s.received.next += 1;
            s.received.next
        };
        self.post(Reply::NeedCrops {
            run,
            part,
            photos: photos.to_vec(),
        });
        Coming::Asked {
            part,
            photos: photos.len(),
        }
    }

    /// The crops asked for, once they are here. `None`: a stop, or a newer
    /// run, came first (the caller's loop answers it).
    pub(super) async fn take_crops(
        &self,
        run: u32,
        coming: Coming,
    ) -> Result<Option<Vec<u8>>, WorkerError> {
        let (part, photos) = match coming {
            Coming::Here(crops) => return Ok(Some(crops)),
            Coming::Asked { part, photos } => (part, photos),
        };
        loop {
            {
                let mut s = self.state.borrow_mut();
                if s.run != run || s.stop {
                    return Ok(None);
                }
                if let Some(crops) = s.received.parts.remove(&part) {
                    if crops.len() != photos * CROP_BYTES {
                        return Err(WorkerError::BadMessage {
                            detail: format!(
                                "{} bytes of crops came for {photos} photos",
                                crops.len()
                            ),
                        });
                    }
                    return Ok(Some(crops));
                }
            }
            self.host.sleep(5).await;
        }
    }

    /// The page's answer to a [`Reply::NeedCrops`]: kept for the run that
    /// asked, dropped if a newer run has started since.
    pub(super) fn receive_crops(&self, run: u32, part: u32, crops: Vec<u8>) {
        let mut s = self.state.borrow_mut();
        if s.run == run {
            s.received.parts.insert(part, crops);
        }
    }
}

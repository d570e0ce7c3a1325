//! The worker as another worker's peer (data-parallel training,
//! [`cnn_train::parallel`]): it holds a copy of the leader's network,
//! answers each part of a batch with its gradients and takes the step the
//! leader combined; for transfer learning it looks at its batches of
//! photos with its own copy of the frozen base
//! ([`cnn_train::transfer::Lookers`]). Its requests are served one at a time in the order they
//! came, so a step is always taken before the next part is computed.

use std::collections::VecDeque;
use std::rc::Rc;

use burn::tensor::Device;
use cnn_train::parallel::{cut, f32_bytes, f32s, PeerSetup, Replica, Shard};
use cnn_train::protocol::{Reply, Request, WorkerError};

use super::{Agent, Host, Task};

/// A peer's copy of the network, the run it belongs to, and the requests
/// waiting their turn.
#[derive(Debug, Default)]
pub struct PeerState {
    replica: Option<Replica>,
    generation: u32,
    queue: VecDeque<(Request, Vec<u8>)>,
    serving: bool,
}

fn bad(detail: &str) -> WorkerError {
    WorkerError::BadMessage {
        detail: detail.into(),
    }
}

impl<H: Host + 'static> Agent<H> {
    /// Queues a peer's request; the first one starts the task that serves
    /// the queue.
    pub(super) fn queue_peer_work(
        self: &Rc<Self>,
        request: Request,
        bytes: Vec<u8>,
    ) -> Option<Task> {
        let mut s = self.state.borrow_mut();
        s.peer.queue.push_back((request, bytes));
        if std::mem::replace(&mut s.peer.serving, true) {
            return None;
        }
        drop(s);
        Some(Box::pin(Rc::clone(self).serve_peer()))
    }

    async fn serve_peer(self: Rc<Self>) {
        loop {
            let next = {
                let mut s = self.state.borrow_mut();
                let next = s.peer.queue.pop_front();
                s.peer.serving = next.is_some();
                next
            };
            let Some((request, bytes)) = next else {
                return;
            };
            if let Err(e) = self.peer_work(request, &bytes).await {
                self.post_error(e);
            }
        }
    }

    /// `work` with the network this peer holds (lent out meanwhile), and
    /// the run it belongs to.
    async fn with_replica<T>(
        &self,
        work: impl AsyncFnOnce(&Replica) -> Result<T, WorkerError>,
    ) -> Result<(T, u32), WorkerError> {
        let (replica, generation) = {
            let mut s = self.state.borrow_mut();
            (s.peer.replica.take(), s.peer.generation)
        };
        let replica = replica.ok_or(WorkerError::NoModel)?;
        let found = work(&replica).await;
        self.state.borrow_mut().peer.replica = Some(replica);
        Ok((found?, generation))
    }

    async fn peer_work(&self, request: Request, bytes: &[u8]) -> Result<(), WorkerError> {
        match request {
            Request::Peer {
                spec,
                config,
                index,
                generation,
                lengths,
            } => {
                {
                    let mut s = self.state.borrow_mut();
                    s.peer.generation = generation;
                    s.peer.replica = None;
                }
                let weights = f32s(bytes)
                    .and_then(|v| cut(&v, &lengths))
                    .ok_or_else(|| bad("the weights do not fit their lengths"))?;
                let setup = PeerSetup {
                    spec,
                    config,
                    weights,
                };
                let replica = Replica::new(&setup, index, &Device::flex())?;
                self.state.borrow_mut().peer.replica = Some(replica);
                self.post(Reply::PeerReady { generation });
            }
            Request::Shard { images } => {
                let shard = Shard::from_bytes(images, bytes)
                    .ok_or_else(|| bad("a part of a batch that is not whole"))?;
                let (g, generation) = self
                    .with_replica(async |r| r.gradients(&shard).await)
                    .await?;
                self.host.post(
                    &Reply::Gradients {
                        generation,
                        images: g.images,
                        loss: g.loss,
                        correct: g.correct,
                    },
                    Some(&f32_bytes(&g.grads)),
                );
            }
            Request::Check { images } => {
                let shard = Shard::from_bytes(images, bytes)
                    .ok_or_else(|| bad("a part of a validation pass that is not whole"))?;
                let (c, generation) = self.with_replica(async |r| r.check(&shard).await).await?;
                self.post(Reply::Checked {
                    generation,
                    images: c.images,
                    loss_sum: c.loss_sum,
                    correct: c.correct,
                });
            }
            Request::Look { job, images, cut } => {
                let looked = self.base().await?.look_at(bytes, images, cut).await?;
                self.host
                    .post(&Reply::Looked { job, images }, Some(&looked.to_bytes()));
            }
            Request::Apply => {
                let grads = f32s(bytes).ok_or_else(|| bad("a gradient that is not whole"))?;
                let mut s = self.state.borrow_mut();
                let replica = s.peer.replica.as_mut().ok_or(WorkerError::NoModel)?;
                replica.apply(&grads)?;
            }
            _ => {}
        }
        Ok(())
    }
}

//! The training worker's peers in the browser: more web workers, started
//! by the training worker itself (nested dedicated workers, the same
//! `trainer` code named `peer`), each answering its part of every batch
//! ([`cnn_train::parallel`]) or looking at its batch of photos with the
//! frozen base ([`cnn_train::transfer::Lookers`]), served by `agent::peer`.
//! They stay started between runs; a run that fails them lets them all go,
//! and the next run starts new ones. They also bring the photos page's
//! photos in ([`Pool::import`], `super::import`).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use cnn_train::parallel::{f32_bytes, f32s, Checked, PeerSetup, Peers, Shard, ShardGrads};
use cnn_train::protocol::{Reply, Request, WorkerError};
use cnn_train::transfer::{LookJob, Looked, Lookers};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, MessageEvent, Worker, WorkerOptions};

/// The name a peer is started with: it skips WebGPU and says it is ready.
pub const PEER_NAME: &str = "peer";

/// How long a new peer may take to load before the run goes on without
/// peers (its WebAssembly is the training worker's, 14 MB, usually in the
/// browser's cache).
const LOAD_MS: i32 = 60_000;

/// What one peer has said.
#[derive(Default)]
struct Slot {
    /// Its code runs (it said Ready).
    loaded: bool,
    /// The run whose network it holds.
    holding: Option<u32>,
    /// Its last answer, with the run it belongs to.
    answer: Option<(u32, ShardGrads)>,
    /// Its last part of a validation pass, with the run it belongs to.
    checked: Option<(u32, Checked)>,
    /// Its last look at photos: the job, how many photos, the bytes.
    looked: Option<(u32, (usize, Vec<u8>))>,
    /// Why it cannot go on.
    failed: Option<String>,
}

/// Every peer's slot, and the one task waiting on them.
#[derive(Default)]
struct Board {
    slots: Vec<Slot>,
    waker: Option<Waker>,
    /// Photos handed to peers to bring in: each one's id, the peer's slot
    /// and the page's message (handed again, here, if the peer is lost).
    imports: HashMap<u64, (usize, JsValue)>,
    /// Photos this worker is bringing in itself.
    own_imports: usize,
}

impl Board {
    fn wake(&mut self) {
        if let Some(w) = self.waker.take() {
            w.wake();
        }
    }
}

/// A started peer and its listeners.
struct Peer {
    worker: Worker,
    _onmessage: Closure<dyn FnMut(MessageEvent)>,
    _onerror: Closure<dyn FnMut(web_sys::Event)>,
}

impl Drop for Peer {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

/// The peers a training worker has started.
#[derive(Default)]
pub struct Pool {
    board: Rc<RefCell<Board>>,
    peers: RefCell<Vec<Peer>>,
}

impl std::fmt::Debug for Pool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pool")
            .field("peers", &self.peers.borrow().len())
            .finish()
    }
}

/// Waits until `ready` finds what it looks for on the board.
struct Until<F> {
    board: Rc<RefCell<Board>>,
    ready: F,
}

impl<R, F: FnMut(&mut Board) -> Option<R> + Unpin> Future for Until<F> {
    type Output = R;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<R> {
        let board = Rc::clone(&self.board);
        let mut b = board.borrow_mut();
        match (self.ready)(&mut b) {
            Some(r) => Poll::Ready(r),
            None => {
                b.waker = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

fn until<R, F: FnMut(&mut Board) -> Option<R> + Unpin>(
    board: &Rc<RefCell<Board>>,
    ready: F,
) -> Until<F> {
    Until {
        board: Rc::clone(board),
        ready,
    }
}

/// The first failure among the first `n` slots.
fn failure(b: &Board, n: usize) -> Option<String> {
    b.slots.iter().take(n).find_map(|s| s.failed.clone())
}

/// Why the first `n` peers cannot all answer: one was let go, or failed.
fn lost(b: &Board, n: usize) -> Option<String> {
    if b.slots.len() < n {
        return Some("a worker was let go".to_string());
    }
    failure(b, n)
}

/// Who brings the next photo in: `None` this worker (with `own` photos
/// under way), or `Some(k)`, peer `k` (`peers[k]`: its photos under way,
/// `None` while it loads or after it failed). The fewest under way wins;
/// on a tie a peer, leaving this worker free for training.
fn import_lane(own: usize, peers: &[Option<usize>]) -> Option<usize> {
    let (k, n) = peers
        .iter()
        .enumerate()
        .filter_map(|(k, n)| n.map(|n| (k, n)))
        .min_by_key(|&(_, n)| n)?;
    (n <= own).then_some(k)
}

/// A peer's answer to a photo, on to the page with `worker` (its number)
/// set and its bytes handed over.
fn relay(mut reply: Reply, worker: usize, bytes: Option<js_sys::Uint8Array>) {
    if let Reply::PhotoImported { worker: w, .. } = &mut reply {
        *w = worker;
    }
    super::post_reply(&reply, bytes);
}

/// Brings photo `id` in on this worker.
fn serve_here(board: &Rc<RefCell<Board>>, id: u64, blob: Blob, crate_only: bool) {
    board.borrow_mut().own_imports += 1;
    let board = Rc::clone(board);
    wasm_bindgen_futures::spawn_local(async move {
        super::import::serve(id, blob, crate_only).await;
        board.borrow_mut().own_imports -= 1;
    });
}

/// Brings in here the photos handed to peer `k` (or to any peer), which
/// was lost before it answered.
fn take_back(board: &Rc<RefCell<Board>>, k: Option<usize>) {
    let back: Vec<(u64, JsValue)> = {
        let mut b = board.borrow_mut();
        let ids: Vec<u64> = b
            .imports
            .iter()
            .filter(|(_, (peer, _))| k.is_none_or(|k| *peer == k))
            .map(|(id, _)| *id)
            .collect();
        ids.into_iter()
            .filter_map(|id| b.imports.remove(&id).map(|(_, m)| (id, m)))
            .collect()
    };
    for (id, message) in back {
        if let Some((Request::ImportPhoto { crate_only, .. }, blob)) =
            super::import::with_blob(&message)
        {
            serve_here(board, id, blob, crate_only);
        }
    }
}

/// Posts `request` to `worker`, with `bytes` beside it handed over.
fn post(worker: &Worker, request: &Request, bytes: Option<&[u8]>) -> bool {
    let Ok(json) = serde_json::to_string(request) else {
        return false;
    };
    let json = JsValue::from_str(&json);
    match bytes {
        None => worker.post_message(&json).is_ok(),
        Some(bytes) => {
            let array = js_sys::Uint8Array::from(bytes);
            let handed = js_sys::Array::of1(&array.buffer());
            worker
                .post_message_with_transfer(&js_sys::Array::of2(&json, &array), &handed)
                .is_ok()
        }
    }
}

impl Pool {
    /// Starts peer number `k` (its slot is `k`).
    fn start(&self, k: usize) -> Result<Peer, WorkerError> {
        let options = WorkerOptions::new();
        options.set_name(PEER_NAME);
        let worker = Worker::new_with_options("./trainer_loader.js", &options).map_err(|e| {
            WorkerError::Device {
                detail: format!("a worker could not start: {e:?}"),
            }
        })?;
        let board = Rc::clone(&self.board);
        let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let Some((json, payload)) = super::read_message_array(&e.data()) else {
                return;
            };
            let Ok(reply) = serde_json::from_str::<Reply>(&json) else {
                return;
            };
            // A photo it brought in goes on to the page, its bytes handed over.
            if let Reply::PhotoImported { id, .. } | Reply::PhotoNotImported { id, .. } = &reply {
                board.borrow_mut().imports.remove(id);
                relay(reply, k + 1, payload);
                return;
            }
            let bytes = payload.map(|a| a.to_vec());
            let mut b = board.borrow_mut();
            let Some(slot) = b.slots.get_mut(k) else {
                return;
            };
            match reply {
                Reply::Ready { .. } => {
                    slot.loaded = true;
                    let count = b.slots.iter().filter(|s| s.loaded).count();
                    super::post_reply(&Reply::PeersLoaded { count }, None);
                }
                Reply::PeerReady { generation } => slot.holding = Some(generation),
                Reply::Gradients {
                    generation,
                    images,
                    loss,
                    correct,
                } => {
                    let grads = bytes.as_deref().and_then(f32s).unwrap_or_default();
                    slot.answer = Some((
                        generation,
                        ShardGrads {
                            images,
                            loss,
                            correct,
                            grads,
                        },
                    ));
                }
                Reply::Checked {
                    generation,
                    images,
                    loss_sum,
                    correct,
                } => {
                    slot.checked = Some((
                        generation,
                        Checked {
                            images,
                            loss_sum,
                            correct,
                        },
                    ));
                }
                Reply::Looked { job, images } => {
                    slot.looked = Some((job, (images, bytes.unwrap_or_default())));
                }
                Reply::Error { error } => slot.failed = Some(format!("{error:?}")),
                _ => return,
            }
            b.wake();
        });
        let board = Rc::clone(&self.board);
        let onerror = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
            let message = js_sys::Reflect::get(&e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
                .unwrap_or_else(|| "a worker failed".into());
            {
                let mut b = board.borrow_mut();
                if let Some(slot) = b.slots.get_mut(k) {
                    slot.failed = Some(message);
                }
                b.wake();
            }
            take_back(&board, Some(k));
        });
        worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
        Ok(Peer {
            worker,
            _onmessage: onmessage,
            _onerror: onerror,
        })
    }

    /// Lets every peer go (a failed run: the next starts new ones); the
    /// photos they were bringing in are brought in here.
    fn clear(&self) {
        self.peers.borrow_mut().clear();
        self.board.borrow_mut().slots.clear();
        take_back(&self.board, None);
    }

    /// Brings in the photo of `message` (the page's `[json, Blob]`): here,
    /// or on one of the first `workers - 1` peers (started now if they are
    /// not), as [`import_lane`] chooses.
    pub fn import(&self, id: u64, workers: usize, crate_only: bool, blob: Blob, message: JsValue) {
        let peers_wanted = workers.saturating_sub(1);
        if peers_wanted > 0 && self.start_up_to(peers_wanted).is_err() {
            return serve_here(&self.board, id, blob, crate_only);
        }
        let handed = {
            let peers = self.peers.borrow();
            let mut b = self.board.borrow_mut();
            let mut under_way: Vec<Option<usize>> = (0..peers_wanted)
                .map(|k| {
                    b.slots
                        .get(k)
                        .is_some_and(|s| s.loaded && s.failed.is_none())
                        .then_some(0)
                })
                .collect();
            for &(k, _) in b.imports.values() {
                if let Some(Some(n)) = under_way.get_mut(k) {
                    *n += 1;
                }
            }
            match import_lane(b.own_imports, &under_way).and_then(|k| peers.get(k).map(|p| (k, p)))
            {
                Some((k, peer)) if peer.worker.post_message(&message).is_ok() => {
                    b.imports.insert(id, (k, message));
                    true
                }
                _ => false,
            }
        };
        if !handed {
            serve_here(&self.board, id, blob, crate_only);
        }
    }

    /// Starts peers until there are `count` (the pool keeps those it has).
    fn start_up_to(&self, count: usize) -> Result<(), WorkerError> {
        let started = self.peers.borrow().len();
        for k in started..count {
            self.board.borrow_mut().slots.push(Slot::default());
            match self.start(k) {
                Ok(peer) => self.peers.borrow_mut().push(peer),
                Err(e) => {
                    self.clear();
                    return Err(e);
                }
            }
        }
        Ok(())
    }

    /// Waits until the first `count` peers have loaded (a peer that never
    /// loads fails after LOAD_MS).
    async fn loaded(&self, count: usize) -> Result<(), String> {
        let board = Rc::clone(&self.board);
        let timer = Closure::once_into_js(move || {
            let mut b = board.borrow_mut();
            for slot in b.slots.iter_mut().filter(|s| !s.loaded) {
                slot.failed = Some("a worker did not load in time".into());
            }
            b.wake();
        });
        let _ = super::scope()
            .set_timeout_with_callback_and_timeout_and_arguments_0(timer.unchecked_ref(), LOAD_MS);
        until(&self.board, move |b| match failure(b, count) {
            Some(why) => Some(Err(why)),
            None => b
                .slots
                .iter()
                .take(count)
                .all(|s| s.loaded)
                .then_some(Ok(())),
        })
        .await
    }

    /// `count` peers to look at photos with the frozen base: they start now
    /// (while this worker builds its own base), the future waits for them
    /// to load.
    pub fn lookers(
        self: &Rc<Self>,
        count: usize,
    ) -> impl Future<Output = Result<WorkerLookers, WorkerError>> {
        let started = self.start_up_to(count);
        let pool = Rc::clone(self);
        async move {
            started?;
            if let Err(detail) = pool.loaded(count).await {
                pool.clear();
                return Err(WorkerError::Device { detail });
            }
            Ok(WorkerLookers {
                pool,
                count,
                broken: Cell::new(false),
                next_job: Cell::new(0),
                sent: RefCell::default(),
            })
        }
    }

    /// Waits until each of the first `n` peers holds an answer in the place
    /// `pick` names, marked with the number `mark(k)` expects of peer `k`
    /// (the run, or the job it was sent), and takes them, in peer order; or
    /// why one cannot answer.
    async fn gather<T>(
        &self,
        n: usize,
        mark: impl Fn(usize) -> u32 + Unpin,
        pick: fn(&mut Slot) -> &mut Option<(u32, T)>,
    ) -> Result<Vec<T>, String> {
        until(&self.board, move |b| {
            if let Some(why) = lost(b, n) {
                return Some(Err(why));
            }
            let all = b
                .slots
                .iter_mut()
                .take(n)
                .enumerate()
                .all(|(k, s)| matches!(pick(s), Some((m, _)) if *m == mark(k)));
            all.then(|| {
                Ok(b.slots
                    .iter_mut()
                    .take(n)
                    .filter_map(|s| pick(s).take().map(|(_, a)| a))
                    .collect())
            })
        })
        .await
    }

    /// `count` peers holding the network of `setup` for run `generation`.
    pub async fn take(
        self: &Rc<Self>,
        count: usize,
        setup: PeerSetup,
        generation: u32,
    ) -> Result<WorkerPeers, WorkerError> {
        self.start_up_to(count)?;
        let loaded = self.loaded(count).await;
        let lengths: Vec<usize> = setup.weights.iter().map(Vec::len).collect();
        let weights = f32_bytes(&setup.weights.concat());
        let sent = loaded.and_then(|()| {
            let peers = self.peers.borrow();
            let mut b = self.board.borrow_mut();
            for (k, peer) in peers.iter().take(count).enumerate() {
                let slot = &mut b.slots[k];
                slot.holding = None;
                slot.answer = None;
                let request = Request::Peer {
                    spec: setup.spec.clone(),
                    config: setup.config.clone(),
                    index: k + 1,
                    generation,
                    lengths: lengths.clone(),
                };
                if !post(&peer.worker, &request, Some(&weights)) {
                    return Err("a worker could not be sent the network".to_string());
                }
            }
            Ok(())
        });
        let holding = match sent {
            Ok(()) => {
                until(&self.board, move |b| match failure(b, count) {
                    Some(why) => Some(Err(why)),
                    None => b
                        .slots
                        .iter()
                        .take(count)
                        .all(|s| s.holding == Some(generation))
                        .then_some(Ok(())),
                })
                .await
            }
            Err(e) => Err(e),
        };
        match holding {
            Ok(()) => Ok(WorkerPeers {
                pool: Rc::clone(self),
                count,
                generation,
                broken: Cell::new(false),
                waited: Cell::new(None),
                checking: Cell::new(0),
            }),
            Err(detail) => {
                self.clear();
                Err(WorkerError::Device { detail })
            }
        }
    }
}

/// A run's peers: the first `count` of the pool, for run `generation`.
#[derive(Debug)]
pub struct WorkerPeers {
    pool: Rc<Pool>,
    count: usize,
    generation: u32,
    broken: Cell<bool>,
    /// Whether every answer was in when the last collect began.
    waited: Cell<Option<bool>>,
    /// How many peers were handed a part of a validation pass.
    checking: Cell<usize>,
}

impl WorkerPeers {
    fn fail(&self) {
        self.broken.set(true);
        self.pool.clear();
    }

    /// Posts part `k` to peer `k` as `request` (of its size), after `clear`
    /// empties the place its answer will come to. A missing peer or slot is
    /// skipped: collecting then finds the pool cleared.
    fn hand_out(&self, parts: &[Shard], request: fn(usize) -> Request, clear: fn(&mut Slot)) {
        let peers = self.pool.peers.borrow();
        let mut b = self.pool.board.borrow_mut();
        for (k, part) in parts.iter().enumerate() {
            let (Some(peer), Some(slot)) = (peers.get(k), b.slots.get_mut(k)) else {
                continue;
            };
            clear(slot);
            if !post(
                &peer.worker,
                &request(part.labels.len()),
                Some(&part.to_bytes()),
            ) {
                slot.failed = Some("a worker could not be sent its part".into());
            }
        }
    }

    /// Each of the first `n` peers' answer of this run, in the place `pick`
    /// names ([`Pool::gather`]); a failure lets the peers go.
    async fn gather<T>(
        &self,
        n: usize,
        pick: fn(&mut Slot) -> &mut Option<(u32, T)>,
    ) -> Result<Vec<T>, WorkerError> {
        let generation = self.generation;
        self.pool
            .gather(n, move |_| generation, pick)
            .await
            .map_err(|detail| {
                self.fail();
                WorkerError::Device { detail }
            })
    }
}

impl Peers for WorkerPeers {
    fn count(&self) -> usize {
        if self.broken.get() {
            0
        } else {
            self.count
        }
    }

    fn send(&self, shards: Vec<Shard>) {
        self.hand_out(
            &shards,
            |images| Request::Shard { images },
            |s| {
                s.answer = None;
            },
        );
    }

    async fn collect(&self) -> Result<Vec<ShardGrads>, WorkerError> {
        let (count, generation) = (self.count, self.generation);
        // Answers that came while this worker computed wait in its queue:
        // read them before asking whether the peers were done first.
        super::next_turn().await;
        let all_in = {
            let b = self.pool.board.borrow();
            b.slots.len() >= count
                && b.slots
                    .iter()
                    .take(count)
                    .all(|s| matches!(&s.answer, Some((g, _)) if *g == generation))
        };
        self.waited.set(Some(all_in));
        self.gather(count, |s| &mut s.answer).await
    }

    fn waited(&self) -> Option<bool> {
        self.waited.get()
    }

    fn check(&self, parts: Vec<Shard>) {
        self.hand_out(
            &parts,
            |images| Request::Check { images },
            |s| {
                s.checked = None;
            },
        );
        self.checking.set(parts.len());
    }

    async fn collect_checks(&self) -> Result<Vec<Checked>, WorkerError> {
        self.gather(self.checking.take(), |s| &mut s.checked).await
    }

    fn apply(&self, grads: &[f32]) {
        let bytes = f32_bytes(grads);
        let sent = {
            let peers = self.pool.peers.borrow();
            peers
                .iter()
                .take(self.count)
                .all(|peer| post(&peer.worker, &Request::Apply, Some(&bytes)))
        };
        if !sent {
            self.fail();
        }
    }
}

/// Peers looking at photos with the frozen base: the first `count` of the
/// pool.
#[derive(Debug)]
pub struct WorkerLookers {
    pool: Rc<Pool>,
    count: usize,
    broken: Cell<bool>,
    /// The number the next job is sent with.
    next_job: Cell<u32>,
    /// The jobs out: each one's number and size, in peer order, and
    /// whether the maps were asked for.
    sent: RefCell<(Vec<(u32, usize)>, bool)>,
}

impl WorkerLookers {
    fn fail(&self) {
        self.broken.set(true);
        self.pool.clear();
    }
}

impl Lookers for WorkerLookers {
    fn count(&self) -> usize {
        if self.broken.get() {
            0
        } else {
            self.count
        }
    }

    fn send(&self, jobs: Vec<LookJob>, cut: bool) {
        let peers = self.pool.peers.borrow();
        let mut b = self.pool.board.borrow_mut();
        let mut sent = Vec::with_capacity(jobs.len());
        for (k, job) in jobs.iter().enumerate() {
            let number = self.next_job.get();
            self.next_job.set(number.wrapping_add(1));
            sent.push((number, job.images));
            let (Some(peer), Some(slot)) = (peers.get(k), b.slots.get_mut(k)) else {
                continue;
            };
            slot.looked = None;
            let request = Request::Look {
                job: number,
                images: job.images,
                cut,
            };
            if !post(&peer.worker, &request, Some(&job.crops)) {
                slot.failed = Some("a worker could not be sent its photos".into());
            }
        }
        *self.sent.borrow_mut() = (sent, cut);
    }

    async fn collect(&self) -> Result<Vec<Looked>, WorkerError> {
        let (sent, cut) = self.sent.take();
        let jobs: Vec<u32> = sent.iter().map(|&(job, _)| job).collect();
        let answers = self
            .pool
            .gather(sent.len(), move |k| jobs[k], |s| &mut s.looked)
            .await
            .and_then(|raw| {
                raw.into_iter()
                    .zip(&sent)
                    .map(|((said, bytes), &(_, images))| {
                        (said == images)
                            .then(|| Looked::from_bytes(images, cut, &bytes))
                            .flatten()
                            .ok_or_else(|| "a worker's look at its photos is not whole".to_string())
                    })
                    .collect()
            });
        answers.map_err(|detail| {
            self.fail();
            WorkerError::Device { detail }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::import_lane;

    #[test]
    fn the_fewest_photos_under_way_take_the_next() {
        // No peers, or none loaded yet: this worker.
        assert_eq!(import_lane(5, &[]), None);
        assert_eq!(import_lane(5, &[None, None]), None);
        // A tie goes to a peer; among peers, the first of the fewest.
        assert_eq!(import_lane(0, &[Some(0)]), Some(0));
        assert_eq!(import_lane(1, &[Some(2), Some(1)]), Some(1));
        // This worker when it has fewer.
        assert_eq!(import_lane(0, &[Some(1), Some(1)]), None);
        // A peer still loading is passed over.
        assert_eq!(import_lane(3, &[None, Some(2)]), Some(1));
    }
}

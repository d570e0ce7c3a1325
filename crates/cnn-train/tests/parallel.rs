//! Data-parallel training is the same training: LeNet-5 on the shipped
//! digits, 12 steps of batch 32 alone and with the batch shared among 2
//! and 3 workers ([`cnn_train::parallel::Local`] runs the peers in this
//! thread: the same sums the web workers do), under Adam and under SGD with
//! momentum.
//!
//! What may differ is the order of float sums: one worker averages the 32
//! pictures' gradients in one reduction, shared training averages 16 and 16
//! (or 11, 11 and 10) and then weighs the parts. Each gradient then differs
//! in its last bits (a relative 1e-7 to 1e-6), and 12 optimizer steps carry
//! that on. The test allows each weight to differ by at most 1/1000 of the
//! most any weight moved in those 12 steps: a wrong weighting of the parts
//! (a sum instead of a mean, or parts weighed equally when they are not)
//! moves weights by a large share of a step and fails it, while the last
//! bits of 12 steps stay far below. Measured here: under SGD the largest
//! gap is 6e-8 (2 workers) and 1.2e-7 (3) against a largest move of 0.20;
//! under Adam, which divides each step by the gradient's running size and
//! so carries last bits further, 2.7e-6 and 5.1e-7 against 0.012 (at most
//! 1/4,500 of the move). Weighing 11, 11 and 10 pictures equally fails the
//! losses' check at once. The peers' weights must equal the
//! leader's exactly: they take the same step with the same numbers.
#![cfg(feature = "burn")]

use burn::tensor::Device;
use cnn_train::data::mnist;
use std::cell::Cell;

use cnn_train::parallel::{Local, Peers, Shard, ShardGrads};
use cnn_train::protocol::WorkerError;
use cnn_train::train::block_on;
use cnn_train::{zoo, Dataset, Event, Optimizer, TrainConfig, Trainer};

const STEPS: usize = 12;

fn data() -> (Dataset, Dataset) {
    let all = mnist::pad(&mnist::shipped().unwrap(), 2).unwrap();
    all.split(0.2, 1)
}

fn trainer(config: &TrainConfig) -> Trainer {
    let (train, val) = data();
    Trainer::new(&zoo::lenet5(), train, val, config.clone(), &Device::flex()).unwrap()
}

/// A trainer and `count` peers in this thread holding its network.
fn leader_and_peers(config: &TrainConfig, count: usize) -> (Trainer, Local) {
    let leader = trainer(config);
    let setup = block_on(leader.peer_setup()).unwrap();
    let peers = Local::new(&setup, count, &Device::flex()).unwrap();
    (leader, peers)
}

/// SGD with momentum, batch 32.
fn sgd() -> TrainConfig {
    TrainConfig {
        batch_size: 32,
        seed: 5,
        optimizer: Optimizer::Sgd { momentum: 0.9 },
        learning_rate: 0.05,
        ..TrainConfig::default()
    }
}

/// The batches' losses and the weights after [`STEPS`] steps.
fn run<P: Peers>(t: &mut Trainer, peers: &P) -> (Vec<f32>, Vec<f32>) {
    let mut losses = vec![];
    for _ in 0..STEPS {
        for e in block_on(t.step_with(peers)) {
            if let Event::Batch(b) = e {
                losses.push(b.loss);
            }
        }
    }
    let weights = block_on(t.checkpoint()).unwrap().weights.concat();
    (losses, weights)
}

fn largest_gap(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len());
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f32::max)
}

fn same_training(config: TrainConfig) {
    let mut alone = trainer(&config);
    let start = block_on(alone.checkpoint()).unwrap().weights.concat();
    let (solo_losses, solo) = run(&mut alone, &cnn_train::parallel::Solo);
    let moved = largest_gap(&start, &solo);
    assert!(moved > 1e-3, "the weights moved ({moved})");
    for workers in [2, 3] {
        let (mut leader, peers) = leader_and_peers(&config, workers - 1);
        let (losses, shared) = run(&mut leader, &peers);
        assert_eq!(losses.len(), STEPS);
        for (k, (a, b)) in losses.iter().zip(&solo_losses).enumerate() {
            assert!(
                (a - b).abs() <= 1e-4 * b.abs(),
                "{workers} workers, step {}: loss {a} against {b}",
                k + 1
            );
        }
        let gap = largest_gap(&shared, &solo);
        assert!(
            gap <= moved / 1000.0,
            "{workers} workers: a weight differs by {gap}, the largest move was {moved}"
        );
        for (k, w) in block_on(peers.weights()).unwrap().iter().enumerate() {
            assert_eq!(
                w.concat(),
                shared,
                "peer {} holds the leader's weights",
                k + 1
            );
        }
    }
}

#[test]
fn shared_among_workers_adam_trains_as_one_worker() {
    same_training(TrainConfig {
        batch_size: 32,
        seed: 5,
        ..TrainConfig::default()
    });
}

#[test]
fn shared_among_workers_sgd_trains_as_one_worker() {
    same_training(sgd());
}

#[test]
fn a_batch_smaller_than_the_workers_still_trains() {
    // 3 pictures among 4 workers: the last gets none and weighs nothing.
    let config = TrainConfig {
        batch_size: 3,
        seed: 2,
        optimizer: Optimizer::Sgd { momentum: 0.0 },
        learning_rate: 0.05,
        ..TrainConfig::default()
    };
    let mut alone = trainer(&config);
    let (_, solo) = run(&mut alone, &cnn_train::parallel::Solo);
    let (mut leader, peers) = leader_and_peers(&config, 3);
    let (_, shared) = run(&mut leader, &peers);
    let gap = largest_gap(&shared, &solo);
    assert!(gap <= 1e-5, "a weight differs by {gap}");
}

/// [`Local`] peers that say, in turn, that they waited twice and then that
/// the leader waited: the split leans one way and the other, and batches
/// drawn ahead are cut as their parts were sent.
struct Leaning {
    local: Local,
    turn: Cell<usize>,
}

impl Peers for Leaning {
    fn count(&self) -> usize {
        self.local.count()
    }
    fn send(&self, shards: Vec<Shard>) {
        self.local.send(shards);
    }
    async fn collect(&self) -> Result<Vec<ShardGrads>, WorkerError> {
        self.turn.set(self.turn.get() + 1);
        self.local.collect().await
    }
    fn apply(&self, grads: &[f32]) {
        self.local.apply(grads);
    }
    fn waited(&self) -> Option<bool> {
        Some(!self.turn.get().is_multiple_of(3))
    }
}

#[test]
fn a_leaning_split_still_trains_as_one_worker() {
    let config = sgd();
    let mut alone = trainer(&config);
    let (solo_losses, solo) = run(&mut alone, &cnn_train::parallel::Solo);
    let (mut leader, local) = leader_and_peers(&config, 1);
    let peers = Leaning {
        local,
        turn: Cell::new(0),
    };
    let (losses, shared) = run(&mut leader, &peers);
    assert_ne!(leader.lean(), 0, "the split leaned");
    for (a, b) in losses.iter().zip(&solo_losses) {
        assert!((a - b).abs() <= 1e-4 * b.abs(), "loss {a} against {b}");
    }
    let gap = largest_gap(&shared, &solo);
    assert!(gap <= 1e-5, "a weight differs by {gap}");
}

/// The epochs' validation figures of a run on a tenth of the digits.
fn epochs<P: Peers>(
    spec: &cnn_train::ModelSpec,
    peers_of: impl Fn(&Trainer) -> P,
) -> (Vec<(f32, f32)>, P) {
    let all = mnist::pad(&mnist::shipped().unwrap(), 2).unwrap();
    let few = all.subset(&(0..500).collect::<Vec<_>>()).unwrap();
    // 400 to train (13 steps of 32), 100 to validate.
    let (train, val) = few.split(0.2, 1);
    let config = TrainConfig {
        batch_size: 32,
        epochs: 2,
        seed: 5,
        ..TrainConfig::default()
    };
    let mut t = Trainer::new(spec, train, val, config, &Device::flex()).unwrap();
    let peers = peers_of(&t);
    let mut out = vec![];
    while !t.is_done() {
        for e in block_on(t.step_with(&peers)) {
            if let Event::Epoch(e) = e {
                out.push((e.val_loss, e.val_accuracy));
            }
        }
    }
    (out, peers)
}

#[test]
fn the_validation_pass_is_shared_and_finds_what_one_worker_finds() {
    let spec = zoo::lenet5();
    let (alone, _) = epochs(&spec, |_| cnn_train::parallel::Solo);
    assert_eq!(alone.len(), 2);
    for workers in [2, 3] {
        let (shared, peers) = epochs(&spec, |t| {
            let setup = block_on(t.peer_setup()).unwrap();
            Local::new(&setup, workers - 1, &Device::flex()).unwrap()
        });
        // 100 pictures in parts of 50 (or 34, 34, 32): every peer checked
        // a part at each epoch's end.
        assert_eq!(peers.checked.get(), 2 * (workers - 1));
        for ((loss, acc), (solo_loss, solo_acc)) in shared.iter().zip(&alone) {
            // The same pictures right; the loss's sums in another order
            // (parts of 50 instead of one of 100), and the weights within
            // the last bits of one worker's (see above).
            assert_eq!(acc, solo_acc, "{workers} workers");
            assert!(
                (loss - solo_loss).abs() <= 1e-4 * solo_loss,
                "{workers} workers: validation loss {loss} against {solo_loss}"
            );
        }
    }
}

#[test]
fn a_network_with_batch_normalization_is_validated_by_the_leader_alone() {
    // Each peer's moving statistics followed its own parts: only the
    // leader's are the run's.
    let (figures, peers) = epochs(&zoo::resnet_mini(), |t| {
        let setup = block_on(t.peer_setup()).unwrap();
        Local::new(&setup, 1, &Device::flex()).unwrap()
    });
    assert_eq!(figures.len(), 2);
    assert_eq!(peers.checked.get(), 0);
}

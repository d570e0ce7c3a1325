//! Shared by the throughput examples: time training steps inside the first
//! epoch, so that no validation pass is timed.

use cnn_train::train::block_on;
use cnn_train::{Event, Trainer};

/// Runs `warmup` steps, then times `steps` more: `(images, seconds)`.
pub fn time_steps(t: &mut Trainer, warmup: usize, steps: usize) -> (usize, f64) {
    let per_epoch = t.steps_per_epoch();
    assert!(
        warmup + steps < per_epoch,
        "warm-up + timed steps ({}) must stay inside the first epoch ({per_epoch} steps) so no validation is timed",
        warmup + steps
    );
    let images_seen = |events: Vec<Event>| -> usize {
        events
            .iter()
            .map(|e| match e {
                Event::Batch(b) => b.images,
                Event::Epoch(_) | Event::Done | Event::Failed(_) => {
                    panic!("unexpected event inside the first epoch: {e:?}")
                }
            })
            .sum()
    };
    for _ in 0..warmup {
        images_seen(block_on(t.step()));
    }
    let t0 = std::time::Instant::now();
    let mut n = 0;
    for _ in 0..steps {
        n += images_seen(block_on(t.step()));
    }
    (n, t0.elapsed().as_secs_f64())
}

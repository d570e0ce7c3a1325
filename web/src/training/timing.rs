//! Run timing: how long a run has trained, how long it has left, and how
//! fast it goes. One function for every page that trains, tested natively.

/// When a run started, paused and finished, in milliseconds on one clock
/// (`Date.now()` in the page). Time spent paused is not training time.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Clock {
    /// When the worker said the run started; `None` before.
    pub started_at: Option<f64>,
    /// Paused time already over.
    pub paused_ms: f64,
    /// Paused since then.
    pub paused_at: Option<f64>,
    /// Done, stopped or failed then.
    pub finished_at: Option<f64>,
}

impl Clock {
    pub fn started(at: f64) -> Clock {
        Clock {
            started_at: Some(at),
            ..Clock::default()
        }
    }

    pub fn pause(&mut self, at: f64) {
        if self.paused_at.is_none() && self.finished_at.is_none() {
            self.paused_at = Some(at);
        }
    }

    pub fn resume(&mut self, at: f64) {
        if let Some(p) = self.paused_at.take() {
            self.paused_ms += (at - p).max(0.0);
        }
    }

    /// The run ended (a run stopped while paused ended when it paused).
    pub fn finish(&mut self, at: f64) {
        if self.finished_at.is_none() {
            self.finished_at = Some(self.paused_at.unwrap_or(at));
        }
    }

    /// Training time up to `now`, without pauses.
    pub fn elapsed_ms(&self, now: f64) -> f64 {
        let Some(start) = self.started_at else {
            return 0.0;
        };
        let end = self.finished_at.or(self.paused_at).unwrap_or(now);
        (end - start - self.paused_ms).max(0.0)
    }
}

/// What a progress line says.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Timing {
    pub elapsed_ms: f64,
    /// Expected time left at the pace so far (0 once the run has ended).
    pub left_ms: f64,
    pub images_per_s: f64,
}

/// The timing of a run that has done `steps_done` of `steps_total` steps
/// and seen `images` images, at `now`.
pub fn timing(
    clock: &Clock,
    steps_done: usize,
    steps_total: usize,
    images: usize,
    now: f64,
) -> Timing {
    let elapsed_ms = clock.elapsed_ms(now);
    let running = clock.started_at.is_some() && clock.finished_at.is_none();
    let left_ms = if running && steps_done > 0 && steps_done < steps_total {
        elapsed_ms / steps_done as f64 * (steps_total - steps_done) as f64
    } else {
        0.0
    };
    let images_per_s = if elapsed_ms > 0.0 {
        images as f64 / (elapsed_ms / 1000.0)
    } else {
        0.0
    };
    Timing {
        elapsed_ms,
        left_ms,
        images_per_s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_before_the_run_starts() {
        let t = timing(&Clock::default(), 0, 100, 0, 5_000.0);
        assert_eq!(
            t,
            Timing {
                elapsed_ms: 0.0,
                left_ms: 0.0,
                images_per_s: 0.0
            }
        );
    }

    #[test]
    fn a_running_run_extrapolates() {
        // Started at 1 s; at 11 s, 25 of 100 steps of 32 images done.
        let c = Clock::started(1_000.0);
        let t = timing(&c, 25, 100, 800, 11_000.0);
        assert_eq!(t.elapsed_ms, 10_000.0);
        assert_eq!(t.left_ms, 30_000.0);
        assert_eq!(t.images_per_s, 80.0);
    }

    #[test]
    fn pauses_do_not_count() {
        let mut c = Clock::started(0.0);
        c.pause(4_000.0);
        // While paused the clock stands still.
        assert_eq!(timing(&c, 10, 20, 400, 9_000.0).elapsed_ms, 4_000.0);
        c.resume(9_000.0);
        let t = timing(&c, 20 - 5, 20, 600, 12_000.0);
        assert_eq!(t.elapsed_ms, 7_000.0);
        assert_eq!(t.left_ms, 7_000.0 / 15.0 * 5.0);
    }

    #[test]
    fn a_finished_run_keeps_its_time() {
        // The photos page used to say "0:00 elapsed … 0 images/s" here.
        let mut c = Clock::started(2_000.0);
        c.finish(62_000.0);
        for now in [62_000.0, 500_000.0] {
            let t = timing(&c, 100, 100, 3_000, now);
            assert_eq!(t.elapsed_ms, 60_000.0);
            assert_eq!(t.left_ms, 0.0);
            assert_eq!(t.images_per_s, 50.0);
        }
    }

    #[test]
    fn a_run_stopped_while_paused_ends_at_the_pause() {
        let mut c = Clock::started(0.0);
        c.pause(3_000.0);
        c.finish(10_000.0);
        let t = timing(&c, 30, 100, 300, 20_000.0);
        assert_eq!(
            (t.elapsed_ms, t.left_ms, t.images_per_s),
            (3_000.0, 0.0, 100.0)
        );
    }
}

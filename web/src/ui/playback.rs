//! Where a replay is, and how it moves: the one set of rules for the
//! lesson's timeline and the playground's step mode.

use std::rc::Rc;

use yew::Reducible;

/// A move along a timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    Play,
    Pause,
    Toggle,
    /// One beat of the player's clock.
    Tick,
    Seek(usize),
    StepBy(isize),
    /// To the start or end.
    Home,
    End,
    /// Index into [`SPEEDS`].
    SetSpeed(usize),
}

/// Steps per second a learner can choose; the last one is "as fast as the
/// screen draws" (one step per frame at 60 Hz).
pub const SPEEDS: [f64; 6] = [0.5, 1.0, 2.0, 4.0, 10.0, 60.0];
pub const DEFAULT_SPEED: usize = 2;

/// Where a replay is: a cursor into a timeline of `len` steps, playing or
/// not, at one of [`SPEEDS`]. The lesson and the playground's step mode move
/// through their timelines with this one set of rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Playback {
    pub cursor: usize,
    pub playing: bool,
    /// Index into [`SPEEDS`].
    pub speed: usize,
    pub len: usize,
}

impl Playback {
    pub fn new(len: usize) -> Playback {
        Playback {
            cursor: 0,
            playing: false,
            speed: DEFAULT_SPEED,
            len,
        }
    }

    pub fn last(&self) -> usize {
        self.len.saturating_sub(1)
    }

    fn at(self, cursor: usize, playing: bool) -> Playback {
        Playback {
            cursor: cursor.min(self.last()),
            playing,
            ..self
        }
    }

    /// The timeline after `action`.
    pub fn apply(self, action: Move) -> Playback {
        match action {
            Move::Play => {
                // Playing from the very end starts over.
                let from = if self.cursor >= self.last() {
                    0
                } else {
                    self.cursor
                };
                self.at(from, true)
            }
            Move::Pause => self.at(self.cursor, false),
            Move::Toggle => self.apply(if self.playing {
                Move::Pause
            } else {
                Move::Play
            }),
            Move::Tick if !self.playing => self,
            Move::Tick => {
                let next = self.cursor + 1;
                self.at(next, next < self.last())
            }
            Move::Seek(i) => self.at(i, false),
            Move::StepBy(n) => self.at(self.cursor.saturating_add_signed(n), false),
            Move::Home => self.at(0, false),
            Move::End => self.at(self.last(), false),
            Move::SetSpeed(i) => Playback {
                speed: i.min(SPEEDS.len() - 1),
                ..self
            },
        }
    }
}

impl Reducible for Playback {
    type Action = Move;

    fn reduce(self: Rc<Self>, action: Move) -> Rc<Self> {
        let p = self.apply(action);
        if p == *self {
            self
        } else {
            Rc::new(p)
        }
    }
}

/// When a player's beats fall, drawn on the screen's frames: the player
/// asks at every animation frame and steps only on the frames this says.
/// A timer of its own would beat against the screen (17 ms against 16.7 ms
/// drifts a whole frame every 50 frames), and a step landing on a frame's
/// edge costs that frame; on frames, the fastest speed is one step each.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pacer {
    /// Milliseconds between steps.
    interval: f64,
    /// When the last step was due; `None` before the first frame.
    last: Option<f64>,
}

impl Pacer {
    /// A frame may come this early and still take the step: frames are
    /// about 16.7 ms apart and jitter by a millisecond or two.
    const EARLY_MS: f64 = 4.0;

    /// A pacer for `steps_per_second`.
    pub fn new(steps_per_second: f64) -> Pacer {
        Pacer {
            interval: 1000.0 / steps_per_second.max(f64::MIN_POSITIVE),
            last: None,
        }
    }

    /// Whether the frame drawn at `now` (ms) takes a step. The first frame
    /// only starts the clock, so that a step is a whole interval long; a
    /// late frame takes one step and the clock restarts from it, so a tab
    /// that was hidden does not race through the steps it missed.
    pub fn frame(&mut self, now: f64) -> bool {
        let Some(last) = self.last else {
            self.last = Some(now);
            return false;
        };
        if now - last + Self::EARLY_MS < self.interval {
            return false;
        }
        let next = last + self.interval;
        self.last = Some(if now - next > self.interval {
            now
        } else {
            next
        });
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_stay_on_the_timeline() {
        let p = Playback::new(5);
        assert_eq!(p.apply(Move::StepBy(-3)).cursor, 0);
        assert_eq!(p.apply(Move::Seek(9)).cursor, 4);
        let playing = p.apply(Move::Toggle);
        assert!(playing.playing);
        assert_eq!(playing.apply(Move::Tick).cursor, 1);
        assert_eq!(p.apply(Move::Tick), p, "a tick while paused does nothing");
        let end = p.apply(Move::End);
        assert_eq!((end.cursor, end.playing), (4, false));
        assert_eq!(
            end.apply(Move::Play).cursor,
            0,
            "play at the end starts over"
        );
        assert_eq!(p.apply(Move::SetSpeed(99)).speed, SPEEDS.len() - 1);
        let last_tick = Playback {
            cursor: 3,
            playing: true,
            ..p
        }
        .apply(Move::Tick);
        assert_eq!(
            (last_tick.cursor, last_tick.playing),
            (4, false),
            "stops at the end"
        );
    }

    #[test]
    fn full_speed_steps_on_every_frame_of_a_60_hz_screen() {
        let mut p = Pacer::new(SPEEDS[SPEEDS.len() - 1]);
        let frame = 1000.0 / 60.0;
        // Frames jitter by up to a millisecond either way.
        let jitter = [0.0, 0.9, -0.8, 0.4, -1.0, 0.7];
        let steps = (0..=300)
            .filter(|&i| p.frame(i as f64 * frame + jitter[i % jitter.len()]))
            .count();
        assert_eq!(steps, 300, "one step per frame after the first");
    }

    #[test]
    fn slow_speeds_wait_for_their_interval_and_a_late_frame_does_not_race() {
        let mut p = Pacer::new(2.0); // a step every 500 ms
        let frame = 1000.0 / 60.0;
        let taken: Vec<usize> = (0..=120).filter(|&i| p.frame(i as f64 * frame)).collect();
        // 500 ms is 30 frames: steps at frames 30, 60, 90, 120.
        assert_eq!(taken, vec![30, 60, 90, 120]);
        // A tab hidden for ten seconds takes one step, not twenty.
        assert!(p.frame(120.0 * frame + 10_000.0));
        assert!(!p.frame(120.0 * frame + 10_000.0 + frame));
    }
}

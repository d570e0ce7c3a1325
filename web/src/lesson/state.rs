//! The lesson's state and its reducer. A view's state is a cursor into the
//! lesson's timeline; [`Move`]s move it (with the rules every replay
//! shares, [`Playback`]) and the other actions change the settings, which
//! recomputes the lesson in cnn-core.

use std::rc::Rc;

use cnn_core::xo;
use cnn_core::Reduction;
use yew::Reducible;

use crate::lesson::route::{self, Note, Route};
use crate::lesson::{Lesson, Preset, Settings, Stage, Step};
use crate::ui::playback::{Move, Playback, DEFAULT_SPEED, SPEEDS};

#[derive(Debug, PartialEq)]
pub struct AppState {
    pub lesson: Rc<Lesson>,
    pub cursor: usize,
    pub playing: bool,
    /// Index into [`SPEEDS`].
    pub speed: usize,
    /// Notes about a URL that could not be followed as written.
    pub notes: Vec<Note>,
    /// The language in use (changing it re-renders everything).
    pub lang: &'static str,
    /// Projector mode's blank screen (B or "." on a clicker).
    pub blank: bool,
}

#[derive(Clone, Debug)]
pub enum Action {
    /// Along the timeline (play, step, seek, speed).
    Move(Move),
    /// Follow a URL (a link click, back/forward).
    Navigate(Route),
    TogglePixel(usize, usize),
    SetImage(Preset),
    SetReduction(Reduction),
    DismissNotes,
    ToggleProjector,
    ToggleBlank,
    /// Show the app in another language (one of `i18n::LOCALES`).
    SetLanguage(&'static str),
}

/// Steps a second from which the grid's cells stop fading.
const BRISK_SPEED: f64 = 10.0;

impl AppState {
    /// Playing at [`BRISK_SPEED`] or faster: a step lasts no longer than a
    /// cell's 120 ms colour fade, so the view switches the fades off
    /// (`.app.brisk`). They would never finish, and at a step a frame the
    /// fades of a whole new map (49 cells at once when the filter changes)
    /// cost the frames the lesson bench dropped.
    pub fn brisk(&self) -> bool {
        self.playing && SPEEDS.get(self.speed).is_some_and(|&sp| sp >= BRISK_SPEED)
    }

    /// The state a URL describes.
    pub fn from_route(route: Route, lang: &'static str) -> AppState {
        let lesson = Lesson::shared(route.settings.clone());
        let (cursor, note) = route::resolve(&route, &lesson);
        let mut notes = route.notes;
        notes.extend(note);
        AppState {
            lesson,
            cursor,
            playing: false,
            speed: DEFAULT_SPEED,
            notes,
            lang,
            blank: false,
        }
    }

    pub fn step(&self) -> Step {
        self.lesson.step(self.cursor)
    }

    pub fn last(&self) -> usize {
        self.lesson.steps.len().saturating_sub(1)
    }

    /// The same state with new settings, keeping the current step where it
    /// still exists, else the start of its stage.
    fn with_settings(&self, settings: Settings) -> AppState {
        let step = self.step();
        let lesson = Lesson::shared(settings);
        let cursor = lesson
            .index_of(step)
            .unwrap_or_else(|| lesson.stage_range(step.stage()).0);
        AppState {
            lesson,
            cursor,
            playing: self.playing,
            speed: self.speed,
            notes: vec![],
            lang: self.lang,
            blank: false,
        }
    }

    /// The lesson's place in its timeline.
    pub fn playback(&self) -> Playback {
        Playback {
            cursor: self.cursor,
            playing: self.playing,
            speed: self.speed,
            len: self.lesson.steps.len(),
        }
    }

    fn at(&self, cursor: usize, playing: bool) -> AppState {
        AppState {
            lesson: self.lesson.clone(),
            cursor: cursor.min(self.last()),
            playing,
            speed: self.speed,
            notes: self.notes.clone(),
            lang: self.lang,
            blank: self.blank,
        }
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let s = &*self;
        let next = match action {
            // Moving along the timeline is the same for every replay.
            Action::Move(m) => {
                let playback = s.playback();
                let p = playback.apply(m);
                if p == playback {
                    return self;
                }
                AppState {
                    speed: p.speed,
                    ..s.at(p.cursor, p.playing)
                }
            }
            Action::Navigate(route) => AppState {
                speed: s.speed,
                ..AppState::from_route(route, s.lang)
            },
            Action::TogglePixel(r, c) => {
                let mut settings = s.lesson.settings.clone();
                if let Some(p) = settings.image.get_mut((r, c)) {
                    *p = if *p > 0 { -1 } else { 1 };
                }
                s.with_settings(settings)
            }
            Action::SetImage(preset) => {
                let mut settings = s.lesson.settings.clone();
                settings.image = match preset {
                    Preset::X => xo::x_image(),
                    Preset::O => xo::o_image(),
                };
                s.with_settings(settings)
            }
            Action::SetReduction(r) => {
                let mut settings = s.lesson.settings.clone();
                settings.reduction = r;
                s.with_settings(settings)
            }
            Action::ToggleProjector => {
                let mut settings = s.lesson.settings.clone();
                settings.projector = !settings.projector;
                s.with_settings(settings)
            }
            Action::ToggleBlank => AppState {
                blank: !s.blank && s.lesson.settings.projector,
                ..s.at(s.cursor, s.playing)
            },
            Action::SetLanguage(lang) => {
                crate::i18n::set_language(lang);
                AppState {
                    lang: crate::i18n::language(),
                    ..s.at(s.cursor, s.playing)
                }
            }
            Action::DismissNotes => AppState {
                notes: vec![],
                ..s.at(s.cursor, s.playing)
            },
        };
        Rc::new(next)
    }
}

/// The stage the cursor is in.
pub fn stage(state: &AppState) -> Stage {
    state.step().stage()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start() -> Rc<AppState> {
        Rc::new(AppState::from_route(route::parse(""), "en"))
    }

    #[test]
    fn stepping_and_playing() {
        let s = start();
        let s = s.reduce(Action::Move(Move::StepBy(1)));
        assert_eq!(s.cursor, 1);
        let s = s.reduce(Action::Move(Move::StepBy(-5)));
        assert_eq!(s.cursor, 0, "stepping back stops at the start");
        let s = s.reduce(Action::Move(Move::Play));
        assert!(s.playing);
        let s = s
            .reduce(Action::Move(Move::Tick))
            .reduce(Action::Move(Move::Tick));
        assert_eq!(s.cursor, 2);
        let s = s.reduce(Action::Move(Move::Toggle));
        assert!(!s.playing);
        let s = s.reduce(Action::Move(Move::End));
        assert_eq!(s.cursor, s.last());
        let s = s.reduce(Action::Move(Move::StepBy(1)));
        assert_eq!(s.cursor, s.last(), "stepping past the end stays at the end");
        let s = s.reduce(Action::Move(Move::Play));
        assert_eq!(
            (s.cursor, s.playing),
            (0, true),
            "play at the end starts over"
        );
    }

    #[test]
    fn cells_stop_fading_only_while_playing_fast() {
        let s = start();
        assert!(!s.brisk());
        let fast = SPEEDS.len() - 1;
        let s = s.reduce(Action::Move(Move::SetSpeed(fast)));
        assert!(!s.brisk(), "not while paused");
        let s = s.reduce(Action::Move(Move::Play));
        assert!(s.brisk(), "a step a frame");
        let s = s.reduce(Action::Move(Move::SetSpeed(DEFAULT_SPEED)));
        assert!(!s.brisk(), "two steps a second fade");
    }

    #[test]
    fn projector_mode_and_blank_screen() {
        let s = start().reduce(Action::Move(Move::Seek(42)));
        let s = s.reduce(Action::ToggleBlank);
        assert!(!s.blank, "blanking is for projector mode");
        let s = s.reduce(Action::ToggleProjector);
        assert!(s.lesson.settings.projector);
        assert_eq!(s.cursor, 42, "the place is kept");
        let s = s.reduce(Action::ToggleBlank);
        assert!(s.blank);
        let s = s.reduce(Action::Move(Move::StepBy(1)));
        assert!(s.blank, "stepping behind a blank screen keeps it blank");
        let s = s.reduce(Action::ToggleBlank);
        assert!(!s.blank);
    }

    #[test]
    fn editing_the_image_keeps_the_step() {
        let s = start().reduce(Action::Move(Move::Seek(100)));
        let step = s.step();
        let s = s.reduce(Action::TogglePixel(4, 4));
        assert_eq!(s.step(), step);
        assert_eq!(s.lesson.settings.image[[4, 4]], -1);
        assert_ne!(
            s.lesson.run.conv,
            start().lesson.run.conv,
            "downstream recomputes"
        );
    }
}

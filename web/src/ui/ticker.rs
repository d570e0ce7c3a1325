//! A player's clock on the screen's frames: `use_ticks` calls back on the
//! animation frames a [`Pacer`] picks while playing, and stops with the
//! component or when playing stops.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::playback::{Pacer, SPEEDS};

/// While `playing`, calls `tick` on the frames where a step at
/// `SPEEDS[speed]` steps per second is due.
#[hook]
pub fn use_ticks(playing: bool, speed: usize, tick: Callback<()>) {
    use_effect_with((playing, speed), move |&(playing, speed)| {
        let frames = playing.then(|| Frames::start(SPEEDS[speed.min(SPEEDS.len() - 1)], tick));
        move || drop(frames)
    });
}

/// The frame callback, shared between the loop and itself (it asks for the
/// next frame).
type FrameCallback = Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>>;

/// A `requestAnimationFrame` loop; dropping it cancels the next frame.
struct Frames {
    id: Rc<RefCell<Option<i32>>>,
    _callback: FrameCallback,
}

impl Frames {
    fn start(steps_per_second: f64, tick: Callback<()>) -> Frames {
        let id = Rc::new(RefCell::new(None));
        let callback: FrameCallback = Rc::new(RefCell::new(None));
        let mut pacer = Pacer::new(steps_per_second);
        let (again, next_id) = (Rc::downgrade(&callback), id.clone());
        *callback.borrow_mut() = Some(Closure::new(move |now: f64| {
            // Ask for the next frame first, so a tick that ends the replay
            // (and drops this loop) cancels it.
            if let (Some(w), Some(cb)) = (web_sys::window(), again.upgrade()) {
                if let Some(cb) = cb.borrow().as_ref() {
                    *next_id.borrow_mut() =
                        w.request_animation_frame(cb.as_ref().unchecked_ref()).ok();
                }
            }
            if pacer.frame(now) {
                tick.emit(());
            }
        }));
        if let (Some(w), Some(cb)) = (web_sys::window(), callback.borrow().as_ref()) {
            *id.borrow_mut() = w.request_animation_frame(cb.as_ref().unchecked_ref()).ok();
        }
        Frames {
            id,
            _callback: callback,
        }
    }
}

impl Drop for Frames {
    fn drop(&mut self) {
        if let (Some(w), Some(id)) = (web_sys::window(), *self.id.borrow()) {
            let _ = w.cancel_animation_frame(id);
        }
    }
}

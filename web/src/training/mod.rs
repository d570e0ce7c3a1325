//! Training as the pages see it (the trainer and the photos page both use
//! it): the worker client, the [`Run`](run::Run) it reports, the run's
//! timing, the curves and the model editor. The worker's own code is
//! [`crate::worker`].

pub mod client;
pub mod confusion;
pub mod cores;
pub mod curves;
pub mod editor;
pub mod progress;
pub mod run;
pub mod timing;

//! The Architectures page (`?view=architectures&model=…`): the classic
//! networks of the slides, LeNet to DenseNet, each built as a real graph by
//! `cnn_train::classic` and summarised in the page: the idea it introduced,
//! the slides' strengths and weaknesses, its summary folded by block, and a
//! chart of compute against published accuracy.

mod chart;
mod experiments;
pub mod lab;
pub mod model;
mod summary;
pub mod view;

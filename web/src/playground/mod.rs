//! The playground: any image, any kernels, any padding, stride, dilation and
//! pooling. `model` is the pure part (settings, URL, computing through
//! cnn-core); `view` draws it.

pub mod live;
pub mod model;
pub mod step;
pub mod view;

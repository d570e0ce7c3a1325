//! Errors a learner's settings can cause. The app turns each into a sentence.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CoreError {
    /// The kernel does not fit in the padded input, so there is no output.
    NoOutput {
        padded_input: (usize, usize),
        kernel_extent: (usize, usize),
    },
    /// A setting that must be at least 1 was 0.
    ZeroSetting { field: &'static str },
    /// Two tensors that must agree in size do not.
    ShapeMismatch {
        op: &'static str,
        expected: Vec<usize>,
        got: Vec<usize>,
    },
}

impl fmt::Display for CoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CoreError::NoOutput {
                padded_input,
                kernel_extent,
            } => write!(
                f,
                "the kernel ({}x{}) is larger than the padded input ({}x{}), so there is no output",
                kernel_extent.0, kernel_extent.1, padded_input.0, padded_input.1
            ),
            CoreError::ZeroSetting { field } => write!(f, "{field} must be at least 1"),
            CoreError::ShapeMismatch { op, expected, got } => {
                write!(f, "{op}: expected shape {expected:?}, got {got:?}")
            }
        }
    }
}

impl std::error::Error for CoreError {}

//! Batch normalization over a batch of maps, with the batch's own statistics
//! (what Keras's `BatchNormalization` does while it trains).
//!
//! The mean and the variance of a channel are sums and quotients of the
//! inputs, so with [`crate::Ratio`] they stay exact fractions. Dividing by
//! `sqrt(variance + epsilon)` is where exactness ends: a square root of a
//! fraction is in general irrational, and no fraction can hold it. So the
//! statistics (and each value's deviation from the mean) are kept in the
//! input's number type, and everything from the square root on (the standard
//! deviation, the normalised value, `gamma` and `beta`, the result) is `f64`,
//! like [`super::softmax`]'s probabilities.

use ndarray::{Array1, Array3, Array4};

use crate::error::CoreError;
use crate::scalar::Scalar;

/// Batch normalization of `[batch, channels, h, w]`: per channel, over every
/// sample and position, `gamma * (x - mean) / sqrt(variance + epsilon) + beta`
/// with the biased variance (divided by the count, as Keras and PyTorch
/// normalise).
#[derive(Clone, Debug, PartialEq)]
pub struct BatchNorm<T> {
    /// Scale per channel (Keras's `gamma`).
    pub gamma: Array1<f64>,
    /// Shift per channel (Keras's `beta`).
    pub beta: Array1<f64>,
    /// Added to the variance before the square root, exactly.
    pub epsilon: T,
}

/// One value of a channel as the statistics read it.
#[derive(Clone, Debug, PartialEq)]
pub struct NormTerm<T> {
    /// (sample, row, col)
    pub at: (usize, usize, usize),
    pub input: T,
    /// `input - mean`, exact.
    pub deviation: T,
    /// `deviation * deviation`, exact.
    pub square: T,
}

/// A channel's statistics over the batch: exact up to the square root.
#[derive(Clone, Debug, PartialEq)]
pub struct ChannelStats<T> {
    pub channel: usize,
    /// Every value of the channel, sample by sample, row by row.
    pub terms: Vec<NormTerm<T>>,
    /// Sum of the inputs.
    pub sum: T,
    /// `sum / count`
    pub mean: T,
    /// Sum of the squared deviations.
    pub square_sum: T,
    /// `square_sum / count` (biased).
    pub variance: T,
    /// The layer's epsilon.
    pub epsilon: T,
    /// `sqrt(variance + epsilon)`: the first number that is not exact.
    pub std: f64,
}

/// How one output value was computed.
#[derive(Clone, Debug, PartialEq)]
pub struct NormCell<T> {
    /// (sample, channel, row, col), the same in input and output.
    pub at: (usize, usize, usize, usize),
    pub input: T,
    /// `input - mean`, exact.
    pub deviation: T,
    /// `deviation / std`
    pub normalised: f64,
    pub gamma: f64,
    pub beta: f64,
    /// `gamma * normalised + beta`
    pub result: f64,
}

/// Batch normalization step by step: the statistics of each channel, then
/// each value (in input order: sample, channel, row, col).
#[derive(Clone, Debug, PartialEq)]
pub struct BatchNormTrace<T> {
    pub stats: Vec<ChannelStats<T>>,
    pub cells: Vec<NormCell<T>>,
}

impl<T: Scalar> BatchNorm<T> {
    /// `gamma` 1, `beta` 0, `epsilon` 1/1000 (Keras's defaults).
    pub fn new(channels: usize) -> BatchNorm<T> {
        BatchNorm {
            gamma: Array1::from_elem(channels, 1.0),
            beta: Array1::from_elem(channels, 0.0),
            epsilon: T::from_i64(1).div_count(1000),
        }
    }

    fn check(&self, input: &Array4<T>) -> Result<(), CoreError> {
        let (batch, channels, h, w) = input.dim();
        for (field, n) in [("batch size", batch), ("height", h), ("width", w)] {
            if n == 0 {
                return Err(CoreError::ZeroSetting { field });
            }
        }
        for (op, len) in [
            ("batch norm gamma", self.gamma.len()),
            ("batch norm beta", self.beta.len()),
        ] {
            if len != channels {
                return Err(CoreError::ShapeMismatch {
                    op,
                    expected: vec![channels],
                    got: vec![len],
                });
            }
        }
        Ok(())
    }

    /// Each channel's mean and variance over the batch, exact, with every
    /// term.
    pub fn stats(&self, input: &Array4<T>) -> Result<Vec<ChannelStats<T>>, CoreError> {
        self.check(input)?;
        let (batch, channels, h, w) = input.dim();
        let count = batch * h * w;
        Ok((0..channels)
            .map(|ch| {
                let mut sum = T::zero();
                for s in 0..batch {
                    for r in 0..h {
                        for c in 0..w {
                            sum = sum + input[[s, ch, r, c]];
                        }
                    }
                }
                let mean = sum.div_count(count);
                let mut terms = Vec::with_capacity(count);
                let mut square_sum = T::zero();
                for s in 0..batch {
                    for r in 0..h {
                        for c in 0..w {
                            let x = input[[s, ch, r, c]];
                            let deviation = x - mean;
                            let square = deviation * deviation;
                            square_sum = square_sum + square;
                            terms.push(NormTerm {
                                at: (s, r, c),
                                input: x,
                                deviation,
                                square,
                            });
                        }
                    }
                }
                let variance = square_sum.div_count(count);
                ChannelStats {
                    channel: ch,
                    terms,
                    sum,
                    mean,
                    square_sum,
                    variance,
                    epsilon: self.epsilon,
                    std: (variance + self.epsilon).to_f64().sqrt(),
                }
            })
            .collect())
    }

    /// input: `[batch, channels, h, w]` → the same shape, normalised (`f64`:
    /// see the module's note).
    pub fn forward(&self, input: &Array4<T>) -> Result<Array4<f64>, CoreError> {
        let trace = self.trace(input)?;
        Ok(Array4::from_shape_vec(
            input.dim(),
            trace.cells.into_iter().map(|c| c.result).collect(),
        )
        .expect("one value per input value"))
    }

    /// After training (Keras's inference, a trained network's hand-over):
    /// one picture `[channels, h, w]` normalised with the moving `mean` and
    /// `variance` the layer kept while it trained, instead of a batch's:
    /// `gamma * (x - mean) / sqrt(variance + epsilon) + beta`.
    pub fn infer(
        &self,
        input: &Array3<T>,
        mean: &Array1<f64>,
        variance: &Array1<f64>,
    ) -> Result<Array3<f64>, CoreError> {
        let channels = input.dim().0;
        for (op, len) in [
            ("batch norm gamma", self.gamma.len()),
            ("batch norm beta", self.beta.len()),
            ("batch norm moving mean", mean.len()),
            ("batch norm moving variance", variance.len()),
        ] {
            if len != channels {
                return Err(CoreError::ShapeMismatch {
                    op,
                    expected: vec![channels],
                    got: vec![len],
                });
            }
        }
        let epsilon = self.epsilon.to_f64();
        Ok(Array3::from_shape_fn(input.dim(), |(c, r, col)| {
            let std = (variance[c] + epsilon).sqrt();
            self.gamma[c] * (input[[c, r, col]].to_f64() - mean[c]) / std + self.beta[c]
        }))
    }

    /// The statistics, then every value normalised, scaled and shifted.
    pub fn trace(&self, input: &Array4<T>) -> Result<BatchNormTrace<T>, CoreError> {
        let stats = self.stats(input)?;
        let cells = input
            .indexed_iter()
            .map(|((s, ch, r, c), &x)| {
                let st = &stats[ch];
                let deviation = x - st.mean;
                let normalised = deviation.to_f64() / st.std;
                let (gamma, beta) = (self.gamma[ch], self.beta[ch]);
                NormCell {
                    at: (s, ch, r, c),
                    input: x,
                    deviation,
                    normalised,
                    gamma,
                    beta,
                    result: gamma * normalised + beta,
                }
            })
            .collect();
        Ok(BatchNormTrace { stats, cells })
    }
}

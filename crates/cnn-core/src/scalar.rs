//! The number types the operations work on: exact [`Ratio`] for the lessons,
//! `f32`/`f64` for photos and trained weights.

use crate::Ratio;
use std::fmt::Debug;
use std::ops::{Add, Mul, Neg, Sub};

/// What an operation needs of a number. Implemented for [`Ratio`], `f32`, `f64`.
pub trait Scalar:
    Copy
    + Debug
    + PartialEq
    + PartialOrd
    + Default
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Neg<Output = Self>
{
    fn zero() -> Self;
    fn from_i64(n: i64) -> Self;
    /// `self / n` for a positive count `n` (means and averages).
    fn div_count(self, n: usize) -> Self;
    fn to_f64(self) -> f64;
}

impl Scalar for Ratio {
    fn zero() -> Self {
        Ratio::ZERO
    }
    fn from_i64(n: i64) -> Self {
        Ratio::int(n)
    }
    fn div_count(self, n: usize) -> Self {
        Ratio::div_count(self, n)
    }
    fn to_f64(self) -> f64 {
        Ratio::to_f64(self)
    }
}

impl Scalar for f32 {
    fn zero() -> Self {
        0.0
    }
    fn from_i64(n: i64) -> Self {
        n as f32
    }
    fn div_count(self, n: usize) -> Self {
        self / n as f32
    }
    fn to_f64(self) -> f64 {
        self as f64
    }
}

impl Scalar for f64 {
    fn zero() -> Self {
        0.0
    }
    fn from_i64(n: i64) -> Self {
        n as f64
    }
    fn div_count(self, n: usize) -> Self {
        self / n as f64
    }
    fn to_f64(self) -> f64 {
        self
    }
}

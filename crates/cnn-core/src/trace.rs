//! Step traces: for each output cell, what it read, what it multiplied, how it
//! reduced and what it produced. The front end replays these; it never
//! recomputes them.

use crate::geometry::Window;

/// How a cell's terms are combined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reduce {
    /// Sum of the products (what frameworks do).
    Sum,
    /// Sum divided by the number of products (the slides' similarity).
    Mean,
    /// Largest input (max pooling).
    Max,
    /// Mean of the inputs (average pooling).
    Average,
    /// `max(0, x)`.
    Relu,
}

/// One input value that went into an output cell.
#[derive(Clone, Debug, PartialEq)]
pub struct Term<T> {
    /// Input channel.
    pub channel: usize,
    /// Input position (row, col); outside the input means padding (value 0).
    pub at: (isize, isize),
    /// Position inside the kernel or window.
    pub tap: (usize, usize),
    pub input: T,
    /// The kernel weight, for convolution and dense layers.
    pub weight: Option<T>,
    /// `input * weight`, or `input` where there is no weight.
    pub product: T,
}

/// How one output cell was computed.
#[derive(Clone, Debug, PartialEq)]
pub struct CellTrace<T> {
    /// Output (channel, row, col). Dense layers use (0, 0, unit).
    pub out: (usize, usize, usize),
    /// The input window (convolution and pooling).
    pub window: Option<Window>,
    pub terms: Vec<Term<T>>,
    pub reduce: Reduce,
    /// Sum of the products (convolution, dense, average pooling), else the
    /// reduced value.
    pub sum: T,
    pub bias: T,
    /// The value written to the output cell.
    pub result: T,
    /// For max pooling, the index in `terms` of the maximum (first one on ties).
    pub pick: Option<usize>,
}

//! ResNet's shortcut: the block's output plus its input, element by element
//! (Keras's `Add` of two tensors).

use ndarray::{Array3, Zip};

use crate::error::CoreError;
use crate::scalar::Scalar;
use crate::trace::{CellTrace, Reduce, Term};

fn check<T>(main: &Array3<T>, shortcut: &Array3<T>) -> Result<(), CoreError> {
    if main.shape() != shortcut.shape() {
        return Err(CoreError::ShapeMismatch {
            op: "residual add",
            expected: main.shape().to_vec(),
            got: shortcut.shape().to_vec(),
        });
    }
    Ok(())
}

/// `main + shortcut`, cell by cell; both `[c, h, w]` of the same shape (a
/// shortcut of another shape needs a projection first, as ResNet's 1x1
/// convolution).
pub fn residual_add<T: Scalar>(
    main: &Array3<T>,
    shortcut: &Array3<T>,
) -> Result<Array3<T>, CoreError> {
    check(main, shortcut)?;
    Ok(Zip::from(main).and(shortcut).map_collect(|&a, &b| a + b))
}

/// One trace per cell (channel, row, col order) with two terms: `tap (0, 0)`
/// is the main path's value, `tap (0, 1)` the shortcut's; the sum is the
/// result.
pub fn residual_add_trace<T: Scalar>(
    main: &Array3<T>,
    shortcut: &Array3<T>,
) -> Result<Vec<CellTrace<T>>, CoreError> {
    check(main, shortcut)?;
    Ok(main
        .indexed_iter()
        .map(|((ch, r, c), &a)| {
            let b = shortcut[[ch, r, c]];
            let term = |tap: usize, v: T| Term {
                channel: ch,
                at: (r as isize, c as isize),
                tap: (0, tap),
                input: v,
                weight: None,
                product: v,
            };
            let sum = a + b;
            CellTrace {
                out: (ch, r, c),
                window: None,
                terms: vec![term(0, a), term(1, b)],
                reduce: Reduce::Sum,
                sum,
                bias: T::zero(),
                result: sum,
                pick: None,
            }
        })
        .collect())
}

//! The fast whole-tensor forms equal the traced forms exactly, over every
//! combination of geometry a learner can set (and a few more).

use cnn_core::{
    residual_add, residual_add_trace, Conv2d, DepthwiseConv2d, Edge, GlobalPool, Padding, Pool2d,
    PoolKind, Ratio, Reduction, SeparableConv2d,
};
use ndarray::{Array1, Array2, Array3, Array4};

/// Deterministic small integers (no RNG in this crate: a fixed recurrence).
fn values(seed: u64, n: usize) -> Vec<i64> {
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (0..n)
        .map(|_| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((x >> 33) % 7) as i64 - 3
        })
        .collect()
}

#[test]
fn convolution_forward_equals_trace() {
    let mut cases = 0;
    for (h, w) in [(1, 1), (3, 5), (6, 4), (7, 7), (9, 8)] {
        for ins in 1..=2 {
            for (kh, kw) in [(1, 1), (2, 3), (3, 3), (4, 2)] {
                for padding in [
                    Padding::Valid,
                    Padding::Same,
                    Padding::Explicit(1),
                    Padding::Explicit(3),
                ] {
                    for stride in [(1, 1), (2, 1), (3, 2)] {
                        for dilation in [(1, 1), (2, 2), (1, 3)] {
                            for reduction in [Reduction::Sum, Reduction::Mean] {
                                let seed = (h * 1000 + w * 100 + kh * 10 + kw + ins) as u64;
                                let input = Array3::from_shape_vec(
                                    (ins, h, w),
                                    values(seed, ins * h * w)
                                        .into_iter()
                                        .map(Ratio::int)
                                        .collect(),
                                )
                                .unwrap();
                                let weight = Array4::from_shape_vec(
                                    (2, ins, kh, kw),
                                    values(seed + 7, 2 * ins * kh * kw)
                                        .into_iter()
                                        .map(Ratio::int)
                                        .collect(),
                                )
                                .unwrap();
                                let mut conv = Conv2d::new(weight, reduction);
                                conv.bias =
                                    Array1::from_vec(vec![Ratio::new(1, 2), Ratio::int(-1)]);
                                conv.padding = padding;
                                conv.stride = stride;
                                conv.dilation = dilation;
                                let Ok(whole) = conv.forward(&input) else {
                                    // No output: the traced form must agree.
                                    assert!(conv.trace(&input).is_err());
                                    continue;
                                };
                                let trace = conv.trace(&input).unwrap();
                                assert_eq!(trace.len(), whole.len());
                                let (_, oh, ow) = whole.dim();
                                // One cell alone is traced as in the whole trace.
                                assert!(conv.trace_cell(&input, (0, oh, 0)).is_err());
                                assert!(conv.trace_cell(&input, (2, 0, ow - 1)).is_err());
                                for t in trace {
                                    assert_eq!(conv.trace_cell(&input, t.out).as_ref(), Ok(&t));
                                    assert_eq!(
                                        whole[[t.out.0, t.out.1, t.out.2]],
                                        t.result,
                                        "{h}x{w} in {ins}, kernel {kh}x{kw}, {padding:?}, stride {stride:?}, dilation {dilation:?}"
                                    );
                                }
                                cases += 1;
                            }
                        }
                    }
                }
            }
        }
    }
    assert!(cases > 1000, "only {cases} cases had output");
}

#[test]
fn pooling_forward_equals_trace() {
    for (h, w) in [(1, 1), (4, 4), (5, 7), (7, 7)] {
        let input = Array3::from_shape_vec(
            (2, h, w),
            values((h * w) as u64, 2 * h * w)
                .into_iter()
                .map(Ratio::int)
                .collect(),
        )
        .unwrap();
        for kind in [PoolKind::Max, PoolKind::Average] {
            for edge in [Edge::Partial, Edge::Drop] {
                for window in [(1, 1), (2, 2), (3, 2)] {
                    for stride in [(1, 1), (2, 2), (3, 1)] {
                        let pool = Pool2d {
                            kind,
                            window,
                            stride,
                            edge,
                        };
                        let Ok(whole) = pool.forward(&input) else {
                            assert!(pool.trace(&input).is_err());
                            continue;
                        };
                        for t in pool.trace(&input).unwrap() {
                            assert_eq!(
                                whole[[t.out.0, t.out.1, t.out.2]],
                                t.result,
                                "{kind:?} {edge:?} {window:?} {stride:?} on {h}x{w}"
                            );
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn depthwise_and_separable_forward_equal_trace() {
    let mut cases = 0;
    for (h, w) in [(1, 1), (4, 4), (5, 7)] {
        for ins in 1..=3 {
            for mult in 1..=2 {
                for (kh, kw) in [(1, 1), (3, 3), (2, 3)] {
                    for padding in [Padding::Valid, Padding::Same, Padding::Explicit(1)] {
                        for stride in [(1, 1), (2, 1)] {
                            for dilation in [(1, 1), (2, 2)] {
                                let seed = (h * 100 + w * 10 + ins * 3 + mult + kh + kw) as u64;
                                let input = Array3::from_shape_vec(
                                    (ins, h, w),
                                    values(seed, ins * h * w)
                                        .into_iter()
                                        .map(Ratio::int)
                                        .collect(),
                                )
                                .unwrap();
                                let mut dw = DepthwiseConv2d::new(
                                    Array4::from_shape_vec(
                                        (ins, mult, kh, kw),
                                        values(seed + 5, ins * mult * kh * kw)
                                            .into_iter()
                                            .map(Ratio::int)
                                            .collect(),
                                    )
                                    .unwrap(),
                                );
                                dw.bias =
                                    (0..ins * mult).map(|i| Ratio::new(i as i64, 2)).collect();
                                dw.padding = padding;
                                dw.stride = stride;
                                dw.dilation = dilation;
                                let Ok(whole) = dw.forward(&input) else {
                                    assert!(dw.trace(&input).is_err());
                                    continue;
                                };
                                let trace = dw.trace(&input).unwrap();
                                assert_eq!(trace.len(), whole.len());
                                for t in &trace {
                                    assert_eq!(whole[[t.out.0, t.out.1, t.out.2]], t.result);
                                    assert_eq!(dw.trace_cell(&input, t.out).as_ref(), Ok(t));
                                    // Depthwise: each output reads one input channel.
                                    assert!(t.terms.iter().all(|x| x.channel == t.out.0 / mult));
                                }
                                let pointwise = Array2::from_shape_vec(
                                    (2, ins * mult),
                                    values(seed + 9, 2 * ins * mult)
                                        .into_iter()
                                        .map(Ratio::int)
                                        .collect(),
                                )
                                .unwrap();
                                let sep = SeparableConv2d {
                                    depthwise: dw.clone(),
                                    pointwise: Conv2d::pointwise(pointwise),
                                };
                                let st = sep.trace(&input).unwrap();
                                assert_eq!(st.output, sep.forward(&input).unwrap());
                                for t in &st.pointwise_cells {
                                    assert_eq!(st.output[[t.out.0, t.out.1, t.out.2]], t.result);
                                }
                                cases += 1;
                            }
                        }
                    }
                }
            }
        }
    }
    assert!(cases > 300, "only {cases} cases had output");
}

#[test]
fn global_pooling_and_residual_add_equal_their_traces() {
    for (h, w) in [(1, 1), (4, 4), (5, 7)] {
        let input = Array3::from_shape_vec(
            (3, h, w),
            values((h * w) as u64, 3 * h * w)
                .into_iter()
                .map(Ratio::int)
                .collect(),
        )
        .unwrap();
        for pool in [GlobalPool::AVERAGE, GlobalPool::MAX] {
            let whole = pool.forward(&input).unwrap();
            let trace = pool.trace(&input).unwrap();
            assert_eq!(trace.len(), 3);
            for t in trace {
                assert_eq!(whole[t.out.0], t.result);
            }
        }
        let other = input.mapv(|v| v * Ratio::new(-1, 3));
        let whole = residual_add(&input, &other).unwrap();
        for t in residual_add_trace(&input, &other).unwrap() {
            assert_eq!(whole[[t.out.0, t.out.1, t.out.2]], t.result);
        }
    }
}

//! The Architectures page's experiments as plain data: which two networks
//! each compares (built as [`Graph`]s), so the page and the worker agree
//! without burn. [`crate::experiment`] trains them.

use crate::graph::Graph;
use crate::spec::Activation;

/// One experiment: two networks trained side by side on the same digits
/// with the same seed.
#[derive(Debug, Clone, Copy)]
pub struct Experiment {
    /// Stable id, in links: `?view=architectures&experiment=plain-vs-residual`.
    pub id: &'static str,
    /// The networks, left then right.
    pub nets: [fn() -> Graph; 2],
    /// How both train; its epochs are what the page runs (on
    /// [`PAGE_DIGITS`] digits).
    pub settings: Settings,
}

/// How an experiment trains: the same for both networks it compares.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    pub epochs: usize,
    pub batch_size: usize,
    /// Adam's learning rate.
    pub learning_rate: f64,
    pub seed: u64,
}

impl Settings {
    /// Most experiments: Adam at 0.003, 32 digits a batch, one epoch.
    pub const STANDARD: Settings = Settings {
        epochs: 1,
        batch_size: 32,
        learning_rate: 3e-3,
        seed: 1,
    };

    /// Twenty sigmoid layers, normalised or short-circuited, learn with
    /// smaller steps, twice as often: at [`Settings::STANDARD`] batch
    /// normalization swings between 83% and 89% from epoch to epoch on the
    /// 5k digits and ends its third at 83.2%; with 16 digits a batch at
    /// 0.001 it ends at 91.0-93.8% over two splits and two seeds, the
    /// shortcuts at 91.8-93.8%, and the plain network stays at chance.
    pub const DEEP: Settings = Settings {
        batch_size: 16,
        learning_rate: 1e-3,
        ..Settings::STANDARD
    };

    /// The same, for `epochs`.
    pub const fn with_epochs(self, epochs: usize) -> Settings {
        Settings { epochs, ..self }
    }
}

/// Digits the page trains an experiment on (of the 5,000 shipped; a tenth
/// is kept to validate): enough to see the difference in about a minute.
pub const PAGE_DIGITS: usize = 2_000;

/// Every experiment, in the page's order.
pub const EXPERIMENTS: [Experiment; 9] = [
    Experiment {
        id: "sigmoid-vs-relu",
        nets: [
            || nets::deep(8, nets::Depth::Plain, Activation::Sigmoid),
            || nets::deep(8, nets::Depth::Plain, Activation::Relu),
        ],
        settings: Settings::STANDARD,
    },
    Experiment {
        id: "plain-vs-residual",
        nets: [
            || nets::deep(20, nets::Depth::Plain, Activation::Sigmoid),
            || nets::deep(20, nets::Depth::Residual, Activation::Sigmoid),
        ],
        settings: Settings::DEEP,
    },
    Experiment {
        id: "plain-vs-batchnorm",
        nets: [
            || nets::deep(20, nets::Depth::Plain, Activation::Sigmoid),
            || nets::deep(20, nets::Depth::BatchNorm, Activation::Sigmoid),
        ],
        settings: Settings::DEEP,
    },
    Experiment {
        id: "flatten-vs-gap",
        nets: [|| nets::head(false), || nets::head(true)],
        settings: Settings::STANDARD.with_epochs(2),
    },
    Experiment {
        id: "5x5-vs-two-3x3",
        nets: [|| nets::window(false), || nets::window(true)],
        settings: Settings::STANDARD,
    },
    Experiment {
        id: "standard-vs-separable",
        nets: [|| nets::separable(false), || nets::separable(true)],
        settings: Settings::STANDARD,
    },
    Experiment {
        id: "inception-reductions",
        nets: [|| nets::inception(false), || nets::inception(true)],
        settings: Settings::STANDARD,
    },
    Experiment {
        id: "max-vs-average-pooling",
        nets: [
            || nets::pooling(nets::Pool::Average),
            || nets::pooling(nets::Pool::Max),
        ],
        settings: Settings::STANDARD,
    },
    Experiment {
        id: "overlapping-pooling",
        nets: [
            || nets::pooling(nets::Pool::Max),
            || nets::pooling(nets::Pool::Overlapping),
        ],
        settings: Settings::STANDARD,
    },
];

/// The experiment with this id.
pub fn by_id(id: &str) -> Option<&'static Experiment> {
    EXPERIMENTS.iter().find(|e| e.id == id)
}

/// The networks the experiments compare, on 28x28 grey digits, 10 classes.
pub mod nets {
    use crate::graph::{ops, Builder, Graph, Op};
    use crate::spec::{Activation, Activation::*, Padding::*, Shape3};

    /// Maps per layer of [`deep`].
    const WIDTH: usize = 8;

    /// How a deep network's layers are joined.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Depth {
        /// Convolution after convolution.
        Plain,
        /// Each convolution's output normalised before its activation.
        BatchNorm,
        /// Each convolution's output added to its input (a shortcut).
        Residual,
    }

    /// A network of `layers` 3x3 convolutions of 8 maps with `activation`
    /// on 14x14 maps (after a stride-2 convolution), then 2x2 max pooling,
    /// flatten and a softmax over the 10 digits: seed 000's vanishing
    /// gradient (LeNet's sigmoid), and what cures it (ResNet's shortcut,
    /// batch normalization). Every variant has `layers` convolutions and
    /// `layers` activations:
    /// - plain: `act(conv(x))`;
    /// - batch normalization: `act(bn(conv(x)))`;
    /// - residual: `x + conv(act(x))` (the activation before the
    ///   convolution, as ResNet v2 does, so the shortcut's path holds no
    ///   activation at all).
    pub fn deep(layers: usize, join: Depth, activation: Activation) -> Graph {
        let name = format!("{layers} x {}, {join:?}", activation.key());
        let (mut b, x) = Builder::new(&name, Shape3::new(28, 28, 1));
        b.block(Some("stem"));
        let mut x = b.add(ops::conv(WIDTH, [3, 3], 2, Same, Linear), &[x]);
        for i in 0..layers {
            b.block(Some(&format!("layer{}", i + 1)));
            x = match join {
                Depth::Plain => b.add(ops::conv(WIDTH, [3, 3], 1, Same, activation), &[x]),
                Depth::BatchNorm => {
                    let y = b.add(ops::conv_nb(WIDTH, 3, 1, Same), &[x]);
                    let y = b.add(ops::bn(1e-3), &[y]);
                    b.add(ops::act(activation), &[y])
                }
                Depth::Residual => {
                    let y = b.add(ops::act(activation), &[x]);
                    let y = b.add(ops::conv(WIDTH, [3, 3], 1, Same, Linear), &[y]);
                    b.add(Op::Add, &[x, y])
                }
            };
        }
        b.block(Some("top"));
        let x = b.add(ops::max_pool(2, 2, Valid), &[x]);
        let x = b.add(Op::Flatten, &[x]);
        b.add(ops::dense(10, Softmax), &[x]);
        b.finish()
    }

    /// Two convolution blocks, then either flatten + Dense(512) + Dense(10)
    /// (the head of seed 000's cats-vs-dogs CNN) or two more convolutions
    /// and global average pooling into the softmax (NiN's 全域平均池化 in
    /// place of the fully connected layers).
    pub fn head(gap: bool) -> Graph {
        let name = if gap {
            "global average pooling"
        } else {
            "flatten + dense"
        };
        let (mut b, x) = Builder::new(name, Shape3::new(28, 28, 1));
        let x = b.add(ops::conv(16, [3, 3], 1, Same, Relu), &[x]);
        let x = b.add(ops::max_pool(2, 2, Valid), &[x]);
        let x = b.add(ops::conv(32, [3, 3], 1, Same, Relu), &[x]);
        let x = b.add(ops::max_pool(2, 2, Valid), &[x]);
        if gap {
            let x = b.add(ops::conv(64, [3, 3], 1, Same, Relu), &[x]);
            let x = b.add(ops::conv(64, [3, 3], 1, Same, Relu), &[x]);
            let x = b.add(Op::GlobalAvgPool, &[x]);
            b.add(ops::dense(10, Softmax), &[x]);
        } else {
            let x = b.add(Op::Flatten, &[x]);
            let x = b.add(ops::dense(512, Relu), &[x]);
            b.add(ops::dense(10, Softmax), &[x]);
        }
        b.finish()
    }

    /// Seed 000's VGG point, one 5x5 against two stacked 3x3 (the same
    /// 5x5 view, 18 weights per map pair instead of 25), in two blocks
    /// of 32 maps with pooling, after a common first layer.
    pub fn window(two_3x3: bool) -> Graph {
        let name = if two_3x3 { "two 3x3" } else { "one 5x5" };
        let (mut b, x) = Builder::new(name, Shape3::new(28, 28, 1));
        // The same first layer for both: from there, 32 maps to 32.
        let mut x = b.add(ops::conv(32, [3, 3], 1, Same, Relu), &[x]);
        for _ in 0..2 {
            if two_3x3 {
                x = b.add(ops::conv(32, [3, 3], 1, Same, Relu), &[x]);
                x = b.add(ops::conv(32, [3, 3], 1, Same, Relu), &[x]);
            } else {
                x = b.add(ops::conv(32, [5, 5], 1, Same, Relu), &[x]);
            }
            x = b.add(ops::max_pool(2, 2, Valid), &[x]);
        }
        let x = b.add(Op::GlobalAvgPool, &[x]);
        b.add(ops::dense(10, Softmax), &[x]);
        b.finish()
    }

    /// Seed 000's Xception point: standard 3x3 convolutions against
    /// depthwise separable ones, same maps and shapes.
    pub fn separable(sep: bool) -> Graph {
        let name = if sep {
            "depthwise separable"
        } else {
            "standard"
        };
        let (mut b, x) = Builder::new(name, Shape3::new(28, 28, 1));
        let mut x = b.add(ops::conv(32, [3, 3], 1, Same, Relu), &[x]);
        x = b.add(ops::max_pool(2, 2, Valid), &[x]);
        for _ in 0..2 {
            x = if sep {
                b.add(ops::separable(64, 3, 1, Relu, true), &[x])
            } else {
                b.add(ops::conv(64, [3, 3], 1, Same, Relu), &[x])
            };
        }
        let x = b.add(ops::max_pool(2, 2, Valid), &[x]);
        let x = b.add(Op::GlobalAvgPool, &[x]);
        b.add(ops::dense(10, Softmax), &[x]);
        b.finish()
    }

    /// Seed 000's GoogLeNet point: two Inception modules (1x1, 3x3, 5x5
    /// and pooling side by side) without or with the 1x1 reductions in
    /// front of the 3x3 and 5x5 and after the pooling.
    pub fn inception(reduced: bool) -> Graph {
        let name = if reduced {
            "Inception with 1x1 reductions"
        } else {
            "Inception without reductions"
        };
        let (mut b, x) = Builder::new(name, Shape3::new(28, 28, 1));
        let mut x = b.add(ops::conv(32, [3, 3], 1, Same, Relu), &[x]);
        x = b.add(ops::max_pool(2, 2, Valid), &[x]);
        let c = |f: usize, k: usize| ops::conv(f, [k, k], 1, Same, Relu);
        for _ in 0..2 {
            let a = b.add(c(16, 1), &[x]);
            let (m3, m5, p) = if reduced {
                let r3 = b.add(c(16, 1), &[x]);
                let r5 = b.add(c(4, 1), &[x]);
                let p = b.add(ops::max_pool(3, 1, Same), &[x]);
                (
                    b.add(c(32, 3), &[r3]),
                    b.add(c(8, 5), &[r5]),
                    b.add(c(8, 1), &[p]),
                )
            } else {
                let p = b.add(ops::max_pool(3, 1, Same), &[x]);
                (b.add(c(32, 3), &[x]), b.add(c(8, 5), &[x]), p)
            };
            x = b.add(Op::Concatenate, &[a, m3, m5, p]);
        }
        let x = b.add(ops::max_pool(2, 2, Valid), &[x]);
        let x = b.add(Op::GlobalAvgPool, &[x]);
        b.add(ops::dense(10, Softmax), &[x]);
        b.finish()
    }

    /// The pooling of [`pooling`].
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Pool {
        /// LeNet's 2x2 average pooling.
        Average,
        /// 2x2 max pooling.
        Max,
        /// AlexNet's overlapping 3x3 max pooling with stride 2.
        Overlapping,
    }

    /// Seed 000's AlexNet points: max pooling keeps the strongest feature
    /// where average pooling dilutes it; windows that overlap (stride 2 <
    /// size 3) miss nothing between them. Two convolutions of 16 and 32
    /// maps, each followed by the pooling, then a dense softmax.
    pub fn pooling(pool: Pool) -> Graph {
        let (name, op) = match pool {
            Pool::Average => ("2x2 average pooling", ops::avg_pool(2, 2, Valid)),
            Pool::Max => ("2x2 max pooling", ops::max_pool(2, 2, Valid)),
            Pool::Overlapping => ("3x3 max pooling, stride 2", ops::max_pool(3, 2, Same)),
        };
        let (mut b, x) = Builder::new(name, Shape3::new(28, 28, 1));
        let mut x = x;
        for filters in [16, 32] {
            x = b.add(ops::conv(filters, [3, 3], 1, Same, Relu), &[x]);
            x = b.add(op, &[x]);
        }
        let x = b.add(Op::Flatten, &[x]);
        b.add(ops::dense(10, Softmax), &[x]);
        b.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_experiment_compares_two_networks_that_fit() {
        let mut ids = std::collections::HashSet::new();
        for e in EXPERIMENTS {
            assert!(ids.insert(e.id));
            assert!(by_id(e.id).is_some());
            for net in e.nets {
                let g = net();
                let s = g.summary().unwrap_or_else(|err| panic!("{}: {err}", e.id));
                assert_eq!(
                    s.rows.last().unwrap().output,
                    crate::graph::Flow::Flat(10),
                    "{}",
                    e.id
                );
            }
        }
        // Seed 000, VGGNet: two 3x3 hold 18 weights per map pair, one 5x5 25.
        let one = nets::window(false).summary().unwrap().total;
        let two = nets::window(true).summary().unwrap().total;
        assert!(two < one, "{two} < {one}");
        let std = nets::separable(false).summary().unwrap().total;
        let sep = nets::separable(true).summary().unwrap().total;
        assert!(sep * 5 < std, "separable {sep} against standard {std}");
        // Seed 000, GoogLeNet: the 1x1 reductions cut the parameters.
        let plain = nets::inception(false).summary().unwrap();
        let reduced = nets::inception(true).summary().unwrap();
        assert!(
            reduced.total * 2 < plain.total,
            "{} against {}",
            reduced.total,
            plain.total
        );
        assert!(reduced.mult_adds * 2 < plain.mult_adds);
        // The pooling variants have the same layers and, with 'same'
        // overlapping windows, the same shapes: only the pooling differs.
        let shapes = |p| {
            let s = nets::pooling(p).summary().unwrap();
            (s.total, s.rows.iter().map(|r| r.output).collect::<Vec<_>>())
        };
        assert_eq!(shapes(nets::Pool::Average), shapes(nets::Pool::Max));
        assert_eq!(shapes(nets::Pool::Max), shapes(nets::Pool::Overlapping));
    }
}

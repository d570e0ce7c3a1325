//! The later networks' operations as lesson stages (issue 11, section 3):
//! global average pooling of the three X/O maps, a 1x1 convolution mixing
//! them, a depthwise then pointwise convolution, batch normalization of a
//! small batch, and a residual addition.
//!
//! Everything here is data: cnn-core computes every value (its `worked`
//! examples and traced operations), this module lays out the steps, their
//! URL names, and the text of each calculation line as the views print it.
//! Tested natively, value by value, each test naming its slide.

use cnn_core::xo::XoRun;
use cnn_core::{
    residual_add, residual_add_trace, worked, BatchNorm, BatchNormTrace, CellTrace, ChannelStats,
    CoreError, GlobalPool, NormCell, Ratio, SeparableConv2d, SeparableTrace,
};
use ndarray::{Array1, Array2, Array3, Array4};

use crate::lesson::{Phase, Step};

/// The two halves of a depthwise separable convolution.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SepPart {
    /// Each channel alone under its own 3x3 kernel.
    Depthwise,
    /// A 1x1 convolution mixing the depthwise maps.
    Pointwise,
}

impl SepPart {
    pub const ALL: [SepPart; 2] = [SepPart::Depthwise, SepPart::Pointwise];

    pub fn slug(self) -> &'static str {
        match self {
            SepPart::Depthwise => "depthwise",
            SepPart::Pointwise => "pointwise",
        }
    }

    pub fn from_slug(s: &str) -> Option<SepPart> {
        SepPart::ALL.into_iter().find(|p| p.slug() == s)
    }
}

/// The moments of batch normalization of one channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NormPart {
    /// The channel's values added up and divided by their count.
    Mean,
    /// Each deviation squared, added up, divided by the count.
    Variance,
    /// The square root of variance + epsilon: where exactness ends.
    Std,
    /// One value normalised, scaled and shifted; the index is its place in
    /// the channel's values (sample, row, col order).
    Value(usize),
}

impl NormPart {
    pub fn slug(self) -> &'static str {
        match self {
            NormPart::Mean => "mean",
            NormPart::Variance => "variance",
            NormPart::Std => "std",
            NormPart::Value(_) => "value",
        }
    }

    /// How far along the channel's statistics this moment is (the mean is
    /// 0, every value 3), for hiding lines not reached yet.
    pub fn rank(self) -> usize {
        match self {
            NormPart::Mean => 0,
            NormPart::Variance => 1,
            NormPart::Std => 2,
            NormPart::Value(_) => 3,
        }
    }
}

/// Scale (`gamma`) and shift (`beta`) of the lesson's batch normalization,
/// per channel: channel 1 is doubled and raised by 1 so both steps show;
/// channel 2 keeps Keras's defaults (1 and 0).
pub const GAMMA: [f64; 2] = [2.0, 1.0];
pub const BETA: [f64; 2] = [1.0, 0.0];

/// Every value of the five stages, computed by cnn-core.
#[derive(Debug)]
pub struct Blocks {
    /// Global average pooling of the three conv maps: `[3]`, one trace per map.
    pub gap: Array1<Ratio>,
    pub gap_trace: Vec<CellTrace<Ratio>>,
    /// The 1x1 convolution mixing the three maps into two (NiN), `[2, 7, 7]`.
    pub mix_out: Array3<Ratio>,
    pub mix_trace: Vec<CellTrace<Ratio>>,
    /// The 4x4 RGB picture, `[3, 4, 4]` (Xception).
    pub sep_input: Array3<Ratio>,
    pub sep: SeparableConv2d<Ratio>,
    pub sep_trace: SeparableTrace<Ratio>,
    /// A batch of two samples of two 2x2 channels, `[2, 2, 2, 2]`.
    pub batch: Array4<Ratio>,
    pub bn_trace: BatchNormTrace<Ratio>,
    /// The residual block on the lesson's image: main path, shortcut and
    /// their sum, each `[3, 9, 9]`.
    pub res_main: Array3<Ratio>,
    pub res_shortcut: Array3<Ratio>,
    pub res_sum: Array3<Ratio>,
    pub res_trace: Vec<CellTrace<Ratio>>,
}

impl Blocks {
    /// The five examples for the lesson's run (its conv maps and image).
    pub fn new(run: &XoRun, image: &Array2<i8>) -> Result<Blocks, CoreError> {
        let gap = GlobalPool::AVERAGE.forward(&run.conv)?;
        let gap_trace = GlobalPool::AVERAGE.trace(&run.conv)?;
        let mix = worked::xo_pointwise();
        let mix_out = mix.forward(&run.conv)?;
        let mix_trace = mix.trace(&run.conv)?;
        let sep_input = worked::xception_image();
        let sep = worked::xception_separable();
        let sep_trace = sep.trace(&sep_input)?;
        let batch = worked::batch_example();
        let mut bn = BatchNorm::<Ratio>::new(batch.shape()[1]);
        bn.gamma = Array1::from_vec(GAMMA.to_vec());
        bn.beta = Array1::from_vec(BETA.to_vec());
        let bn_trace = bn.trace(&batch)?;
        let (res_main, res_shortcut) = worked::residual_example(image)?;
        let res_sum = residual_add(&res_main, &res_shortcut)?;
        let res_trace = residual_add_trace(&res_main, &res_shortcut)?;
        Ok(Blocks {
            gap,
            gap_trace,
            mix_out,
            mix_trace,
            sep_input,
            sep,
            sep_trace,
            batch,
            bn_trace,
            res_main,
            res_shortcut,
            res_sum,
            res_trace,
        })
    }

    /// The steps of the five stages, in order.
    pub fn steps(&self) -> Vec<Step> {
        let mut steps = Vec::new();
        for channel in 0..self.gap_trace.len() {
            for phase in [Phase::Sum, Phase::Result] {
                steps.push(Step::GlobalPool { channel, phase });
            }
        }
        let (maps, h, w) = self.mix_out.dim();
        for map in 0..maps {
            for cell in 0..h * w {
                for phase in [Phase::Products, Phase::Result] {
                    steps.push(Step::Pointwise { map, cell, phase });
                }
            }
        }
        for (part, out) in [
            (SepPart::Depthwise, &self.sep_trace.depthwise),
            (SepPart::Pointwise, &self.sep_trace.output),
        ] {
            let (maps, h, w) = out.dim();
            for map in 0..maps {
                for cell in 0..h * w {
                    for phase in [Phase::Products, Phase::Result] {
                        steps.push(Step::Separable {
                            part,
                            map,
                            cell,
                            phase,
                        });
                    }
                }
            }
        }
        for (channel, st) in self.bn_trace.stats.iter().enumerate() {
            for part in [NormPart::Mean, NormPart::Variance, NormPart::Std] {
                steps.push(Step::BatchNorm { channel, part });
            }
            for i in 0..st.terms.len() {
                steps.push(Step::BatchNorm {
                    channel,
                    part: NormPart::Value(i),
                });
            }
        }
        let (channels, h, w) = self.res_sum.dim();
        for channel in 0..channels {
            for cell in 0..h * w {
                steps.push(Step::Residual { channel, cell });
            }
        }
        steps
    }

    /// Output side of the 1x1 mix's maps (7).
    pub fn mix_side(&self) -> usize {
        self.mix_out.shape()[2]
    }

    /// Output side of a part of the separable convolution (2 for both).
    pub fn sep_side(&self, part: SepPart) -> usize {
        match part {
            SepPart::Depthwise => self.sep_trace.depthwise.shape()[2],
            SepPart::Pointwise => self.sep_trace.output.shape()[2],
        }
    }

    /// Maps of a part of the separable convolution (3 depthwise, 2 out).
    pub fn sep_maps(&self, part: SepPart) -> usize {
        match part {
            SepPart::Depthwise => self.sep_trace.depthwise.shape()[0],
            SepPart::Pointwise => self.sep_trace.output.shape()[0],
        }
    }

    /// The trace of one cell of the separable convolution.
    pub fn sep_cell(&self, part: SepPart, map: usize, cell: usize) -> Option<&CellTrace<Ratio>> {
        let side = self.sep_side(part);
        let cells = match part {
            SepPart::Depthwise => &self.sep_trace.depthwise_cells,
            SepPart::Pointwise => &self.sep_trace.pointwise_cells,
        };
        cells.get(map * side * side + cell)
    }

    /// Side of the residual block's maps (9).
    pub fn res_side(&self) -> usize {
        self.res_sum.shape()[2]
    }

    /// The values a channel of the batch holds, `terms.len()` (8).
    pub fn bn_count(&self) -> usize {
        self.bn_trace.stats.first().map_or(0, |s| s.terms.len())
    }

    /// The statistics of one channel.
    pub fn bn_stats(&self, channel: usize) -> Option<&ChannelStats<Ratio>> {
        self.bn_trace.stats.get(channel)
    }

    /// The output value of a channel's `i`th value (the channel's terms are
    /// in sample, row, col order; the trace's cells in sample, channel,
    /// row, col order).
    pub fn bn_cell(&self, channel: usize, i: usize) -> Option<&NormCell<Ratio>> {
        let (_, channels, h, w) = self.batch.dim();
        let per_sample = h * w;
        if channel >= channels || per_sample == 0 || i >= self.bn_count() {
            return None;
        }
        let (sample, at) = (i / per_sample, i % per_sample);
        self.bn_trace
            .cells
            .get((sample * channels + channel) * per_sample + at)
    }

    /// Weights of the separable convolution against two ordinary filters
    /// of the same size: (depthwise, pointwise, both, ordinary). The
    /// ordinary count is one full-depth kernel per output map (Xception's
    /// slide: 3 x 3 x RGB = 27 per filter, two filters 54).
    pub fn sep_counts(&self) -> (usize, usize, usize, usize) {
        let d = self.sep.depthwise.weight_count();
        let p = self.sep.pointwise.weight_count();
        let outs = self.sep.pointwise.weight.shape()[0];
        let (_, _, kh, kw) = self.sep.depthwise.weight.dim();
        let ins = self.sep_input.shape()[0];
        (d, p, self.sep.weight_count(), outs * ins * kh * kw)
    }
}

// --- How the calculation lines print -------------------------------------

/// An exact value as a fraction ("7/9", "-1/9", "2").
pub fn exact(v: Ratio) -> String {
    v.fraction_string()
}

/// An exact value with the slides' decimals beside it when it is a
/// fraction: "13/27 ≈ 0.48", or "5".
pub fn exact_approx(v: Ratio) -> String {
    if v.is_integer() {
        v.fraction_string()
    } else {
        format!("{} ≈ {}", v.fraction_string(), v.slide_string())
    }
}

/// Values added up, as the lesson writes sums: "7/9 − 1/9 + 1/3".
pub fn plus(values: impl IntoIterator<Item = Ratio>) -> String {
    let mut out = String::new();
    for (i, v) in values.into_iter().enumerate() {
        let neg = v < Ratio::ZERO;
        let mag = if neg { -v } else { v };
        match (i, neg) {
            (0, false) => out.push_str(&exact(mag)),
            (0, true) => out.push_str(&format!("-{}", exact(mag))),
            (_, false) => out.push_str(&format!(" + {}", exact(mag))),
            (_, true) => out.push_str(&format!(" − {}", exact(mag))),
        }
    }
    out
}

/// Each product of a traced cell: "1/3 × 7/9 = 7/27".
pub fn product_lines(trace: &CellTrace<Ratio>) -> Vec<String> {
    trace
        .terms
        .iter()
        .map(|t| {
            format!(
                "{} × {} = {}",
                exact(t.weight.unwrap_or(Ratio::ONE)),
                exact(t.input),
                exact(t.product)
            )
        })
        .collect()
}

/// The products added up: "7/27 + 1/9 + 1/9 = 13/27".
pub fn sum_line(trace: &CellTrace<Ratio>) -> String {
    format!(
        "{} = {}",
        plus(trace.terms.iter().map(|t| t.product)),
        exact(trace.sum)
    )
}

/// The inputs of a global pooling cell, one line per row of the map.
pub fn row_lines(trace: &CellTrace<Ratio>, cols: usize) -> Vec<String> {
    let values: Vec<Ratio> = trace.terms.iter().map(|t| t.input).collect();
    values
        .chunks(cols.max(1))
        .map(|row| plus(row.iter().copied()))
        .collect()
}

/// A number past the square root, to four decimals ("2.2915", "-1.5274").
pub fn decimal(x: f64) -> String {
    let s = format!("{x:.4}");
    if s.trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        "0.0000".to_string()
    } else {
        s
    }
}

/// A parameter the lesson chose (`gamma`, `beta`) as written: "2", "0.5".
pub fn param(x: f64) -> String {
    format!("{x}")
}

/// A number past the square root in a grid cell: two decimals.
pub fn short_decimal(x: f64) -> String {
    let s = format!("{x:.2}");
    if s == "-0.00" {
        "0.00".to_string()
    } else {
        s
    }
}

/// A channel's deviations squared: "(1 − 9/2)² = (-7/2)² = 49/4".
pub fn square_lines(stats: &ChannelStats<Ratio>) -> Vec<String> {
    stats
        .terms
        .iter()
        .map(|t| {
            format!(
                "({} − {})² = ({})² = {}",
                exact(t.input),
                exact(stats.mean),
                exact(t.deviation),
                exact(t.square)
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    //! Each value the five stages show, asserted exactly on the default
    //! lesson (the X, means). Sources: `shared/seeds/000_cf4601a9f7f3bb89.txt`
    //! (NiN, Xception, ResNet, 小節整理：CNN 經典模型) and
    //! `shared/seeds/002_10e21960e90a2b5d.txt` (卷積層: Batch Normalization;
    //! Flatten: Global Average Pooling).

    use super::*;
    use crate::lesson::{Lesson, Settings, Stage};

    fn lesson() -> Lesson {
        Lesson::new(Settings::default()).expect("the default lesson computes")
    }

    fn r(n: i64, d: i64) -> Ratio {
        Ratio::new(n, d)
    }

    #[test]
    fn global_average_pooling_shows_each_maps_mean() {
        // Seed 002, 「Flatten」: Global Average Pooling (GAP) 就是將每張
        // Feature Map 上的資訊以平均的方式壓為一個值; seed 000, NiN:
        // 問題二解法：全域平均池化. The X's three 7x7 maps of 「卷積運算：左斜、
        // 叉叉、右斜濾鏡完整運算」: sums 85/9, -31/9, 85/9 (in ninths by hand:
        // left 17 + 9 + 11 + 11 + 11 + 9 + 17 = 85), means over 49.
        let l = lesson();
        let b = &l.blocks;
        assert_eq!(b.gap.to_vec(), vec![r(85, 441), r(-31, 441), r(85, 441)]);
        let sums: Vec<Ratio> = b.gap_trace.iter().map(|c| c.sum).collect();
        assert_eq!(sums, vec![r(85, 9), r(-31, 9), r(85, 9)]);
        // As printed: the grid's cells (the slides' two decimals), the
        // mean's line, and the left map's first row of values
        // (7/9, -1/9, 1/9, 3/9, 5/9, -1/9, 3/9: its sum 17/9).
        let shown: Vec<String> = b.gap.iter().map(|v| v.slide_string()).collect();
        assert_eq!(shown, vec!["0.19", "-0.07", "0.19"]);
        assert_eq!(exact_approx(b.gap[0]), "85/441 ≈ 0.19");
        assert_eq!(exact_approx(b.gap[1]), "-31/441 ≈ -0.07");
        let rows = row_lines(&b.gap_trace[0], 7);
        assert_eq!(rows.len(), 7);
        assert_eq!(rows[0], "7/9 − 1/9 + 1/9 + 1/3 + 5/9 − 1/9 + 1/3");
        assert_eq!(exact(b.gap_trace[0].sum), "85/9");
        // Flatten gave 12 numbers (「扁平化運算」); GAP gives one per map.
        assert_eq!(l.run.flat.len(), 12);
        assert_eq!(b.gap.len(), 3);
    }

    #[test]
    fn the_one_by_one_convolution_mixes_the_three_maps() {
        // Seed 000, NiN: 問題一解法：1×1 縱向卷積層 (縱向濾鏡 = 跨通道 +
        // 升 / 降維). Map 1 weighs the three maps 1/3 each; map 2 is left
        // minus right. By hand at (0,0): (7/9 + 3/9 + 3/9) / 3 = 13/27, and
        // 7/9 - 3/9 = 4/9; at the centre (3,3): (5/9 + 9/9 + 5/9) / 3 = 19/27.
        let l = lesson();
        let b = &l.blocks;
        assert_eq!(b.mix_out.shape(), &[2, 7, 7]);
        assert_eq!(b.mix_side(), 7);
        let cell = &b.mix_trace[0];
        assert_eq!(
            product_lines(cell),
            vec!["1/3 × 7/9 = 7/27", "1/3 × 1/3 = 1/9", "1/3 × 1/3 = 1/9"]
        );
        assert_eq!(sum_line(cell), "7/27 + 1/9 + 1/9 = 13/27");
        assert_eq!(exact_approx(cell.result), "13/27 ≈ 0.48");
        assert_eq!(b.mix_out[[0, 3, 3]], r(19, 27));
        assert_eq!(b.mix_trace[3 * 7 + 3].result, r(19, 27));
        let diff = &b.mix_trace[49];
        assert_eq!(diff.out, (1, 0, 0));
        assert_eq!(
            product_lines(diff),
            vec!["1 × 7/9 = 7/9", "0 × 1/3 = 0", "-1 × 1/3 = -1/3"]
        );
        assert_eq!(sum_line(diff), "7/9 + 0 − 1/3 = 4/9");
        assert_eq!(diff.result, r(4, 9));
        assert_eq!(b.mix_out[[1, 3, 3]], Ratio::ZERO);
    }

    #[test]
    fn the_separable_convolution_shows_both_halves() {
        // Seed 000, Xception: 「深度分離卷積運算」(Depthwise Separable
        // Convolution) and 一個完整的 Xception Block (Depthwise, then
        // Pointwise Convolution), on the 4x4 RGB picture of 先看最原始的
        // 「卷積運算」. By hand, blue at (0,0): the window
        // [[1,0,0],[0,2,1],[1,1,2]] under [[0,1,0],[1,-4,1],[0,1,0]]:
        // 0 + 0 + 0 + 0 - 8 + 1 + 0 + 1 + 0 = -6.
        let l = lesson();
        let b = &l.blocks;
        assert_eq!(b.sep_maps(SepPart::Depthwise), 3);
        assert_eq!(b.sep_maps(SepPart::Pointwise), 2);
        assert_eq!(b.sep_side(SepPart::Depthwise), 2);
        let blue = b.sep_cell(SepPart::Depthwise, 2, 0).expect("a cell");
        assert_eq!(blue.out, (2, 0, 0));
        assert_eq!(sum_line(blue), "0 + 0 + 0 + 0 − 8 + 1 + 0 + 1 + 0 = -6");
        assert_eq!(blue.result, Ratio::int(-6));
        // Red, left column minus right: (1 + 0 + 2) - (0 + 3 + 1) = -1.
        let red = b.sep_cell(SepPart::Depthwise, 0, 0).expect("a cell");
        assert_eq!(red.result, Ratio::int(-1));
        // R - B at (0,0): -1 x 1 + -1 x 0 + -6 x -1 = 5; R + G + B at (1,1):
        // -1 - 2 - 5 = -8.
        let rb = b.sep_cell(SepPart::Pointwise, 1, 0).expect("a cell");
        assert_eq!(
            product_lines(rb),
            vec!["1 × -1 = -1", "0 × -1 = 0", "-1 × -6 = 6"]
        );
        assert_eq!(sum_line(rb), "-1 + 0 + 6 = 5");
        let rgb = b.sep_cell(SepPart::Pointwise, 0, 3).expect("a cell");
        assert_eq!(rgb.result, Ratio::int(-8));
        assert!(b.sep_cell(SepPart::Pointwise, 2, 0).is_none());
        // 先看最原始的「卷積運算」: 27 + 27 = 54 weights; separable 27 + 6 = 33.
        assert_eq!(b.sep_counts(), (27, 6, 33, 54));
    }

    #[test]
    fn batch_normalization_shows_exact_statistics_then_decimals() {
        // Seed 002, 「卷積層」: Convolution, Batch Normalization, Activation
        // Function; seed 000, 小節整理：CNN 經典模型: Batch Normalization
        // (平均=0，標準差=1). Channel 1 holds 1..8: sum 36, mean 9/2;
        // deviations ±1/2 … ±7/2, squares 1/4 + 9/4 + 25/4 + 49/4 twice = 42,
        // variance 42/8 = 21/4. Channel 2: sum 4, mean 1/2, variance 1/4.
        let l = lesson();
        let b = &l.blocks;
        assert_eq!(b.bn_count(), 8);
        let s0 = b.bn_stats(0).expect("channel 1");
        assert_eq!(
            plus(s0.terms.iter().map(|t| t.input)),
            "1 + 2 + 3 + 4 + 5 + 6 + 7 + 8"
        );
        assert_eq!((s0.sum, s0.mean), (Ratio::int(36), r(9, 2)));
        assert_eq!(exact_approx(s0.mean), "9/2 ≈ 4.50");
        let squares = square_lines(s0);
        assert_eq!(squares[0], "(1 − 9/2)² = (-7/2)² = 49/4");
        assert_eq!(squares[7], "(8 − 9/2)² = (7/2)² = 49/4");
        assert_eq!(
            plus(s0.terms.iter().map(|t| t.square)),
            "49/4 + 25/4 + 9/4 + 1/4 + 1/4 + 9/4 + 25/4 + 49/4"
        );
        assert_eq!((s0.square_sum, s0.variance), (Ratio::int(42), r(21, 4)));
        assert_eq!(exact(s0.epsilon), "1/1000");
        // sqrt(21/4 + 1/1000) = sqrt(5.251) = 2.29150…: not a fraction.
        assert!((s0.std - 5.251f64.sqrt()).abs() < 1e-12);
        assert_eq!(decimal(s0.std), "2.2915");
        let s1 = b.bn_stats(1).expect("channel 2");
        assert_eq!(
            (s1.sum, s1.mean, s1.variance),
            (Ratio::int(4), r(1, 2), r(1, 4))
        );
        assert_eq!(decimal(s1.std), "0.5010");

        // Channel 1's first value, 1: (1 - 9/2) / 2.2915 = -1.5274, then
        // 2 x -1.5274 + 1 = -2.0548.
        let first = b.bn_cell(0, 0).expect("a value");
        assert_eq!(first.at, (0, 0, 0, 0));
        assert_eq!(first.deviation, r(-7, 2));
        assert!((first.normalised - (-3.5 / 5.251f64.sqrt())).abs() < 1e-12);
        assert_eq!(decimal(first.normalised), "-1.5274");
        assert_eq!((first.gamma, first.beta), (2.0, 1.0));
        assert_eq!(
            (param(first.gamma), param(first.beta)),
            ("2".into(), "1".into())
        );
        assert!((first.result - (2.0 * -3.5 / 5.251f64.sqrt() + 1.0)).abs() < 1e-12);
        assert_eq!(decimal(first.result), "-2.0548");
        assert_eq!(short_decimal(first.result), "-2.05");
        // Channel 1's last value is sample 2's 8 at (1,1).
        let last = b.bn_cell(0, 7).expect("a value");
        assert_eq!(last.at, (1, 0, 1, 1));
        assert_eq!(last.input, Ratio::int(8));
        assert_eq!(decimal(last.normalised), "1.5274");
        // Channel 2's second value is sample 1's 0 at (0,1): -1/2 / sqrt(0.251)
        // = -0.998, not quite -1 because of epsilon; gamma 1, beta 0.
        let zero = b.bn_cell(1, 1).expect("a value");
        assert_eq!(zero.at, (0, 1, 0, 1));
        assert_eq!(zero.deviation, r(-1, 2));
        assert_eq!(decimal(zero.normalised), "-0.9980");
        assert_eq!(decimal(zero.result), "-0.9980");
        assert!(b.bn_cell(2, 0).is_none() && b.bn_cell(0, 8).is_none());
    }

    #[test]
    fn the_residual_addition_adds_the_shortcut() {
        // Seed 000, 「ResNet（殘差網路）」: 用「短路」手法; the main path is the
        // slides' three filters (mean) with `same` padding, the shortcut the
        // X copied into three channels by a 1x1 convolution of weights 1.
        // (0,1,1): the valid map's 7/9 (「卷積運算：第一次」) + the X's 1 = 16/9;
        // (0,0,0): 2/9 + -1 = -7/9; (1,4,4): the X map's centre 1 + 1 = 2.
        let l = lesson();
        let b = &l.blocks;
        assert_eq!(b.res_side(), 9);
        let cell = &b.res_trace[10];
        assert_eq!(cell.out, (0, 1, 1));
        assert_eq!(sum_line(cell), "7/9 + 1 = 16/9");
        assert_eq!(exact_approx(cell.result), "16/9 ≈ 1.77");
        assert_eq!(b.res_sum[[0, 0, 0]], r(-7, 9));
        assert_eq!(sum_line(&b.res_trace[0]), "2/9 − 1 = -7/9");
        assert_eq!(b.res_sum[[1, 4, 4]], Ratio::int(2));
        assert_eq!(b.res_trace[81 + 4 * 9 + 4].result, Ratio::int(2));
    }

    #[test]
    fn the_five_stages_have_their_steps_in_order() {
        let l = lesson();
        let count = |st: Stage| l.steps.iter().filter(|s| s.stage() == st).count();
        // 3 maps x (sum, mean); 2 maps x 49 cells x 2; (3 + 2) maps x 4
        // cells x 2; 2 channels x (3 statistics + 8 values); 3 x 81.
        assert_eq!(count(Stage::GlobalPooling), 6);
        assert_eq!(count(Stage::Pointwise), 196);
        assert_eq!(count(Stage::Separable), 40);
        assert_eq!(count(Stage::BatchNorm), 22);
        assert_eq!(count(Stage::Residual), 243);
        // They come after the X/O lesson, one stage after the other.
        let order: Vec<Stage> = l.steps.iter().map(|s| s.stage()).collect();
        let mut seen: Vec<Stage> = order.clone();
        seen.dedup();
        assert_eq!(seen, Stage::ALL.to_vec());
        assert_eq!(
            l.steps[l.stage_range(Stage::BatchNorm).0 + 3],
            Step::BatchNorm {
                channel: 0,
                part: NormPart::Value(0)
            }
        );
    }

    #[test]
    fn numbers_print_as_the_lesson_prints_them() {
        assert_eq!(plus([r(-1, 9), Ratio::int(2), r(-1, 3)]), "-1/9 + 2 − 1/3");
        assert_eq!(plus([]), "");
        assert_eq!(exact_approx(Ratio::int(-8)), "-8");
        assert_eq!(decimal(-0.00001), "0.0000");
        assert_eq!(short_decimal(-0.001), "0.00");
    }
}

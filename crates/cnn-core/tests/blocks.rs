//! The later networks' operations (global pooling, 1x1, depthwise and
//! separable convolution, batch normalization, the residual addition), on the
//! slides' X/O maps and on small examples, asserted exactly.
//!
//! Sources: `shared/seeds/000_cf4601a9f7f3bb89.txt` (NiN, Xception, ResNet,
//! 小節整理：CNN 經典模型) and `shared/seeds/002_10e21960e90a2b5d.txt` (Batch
//! Normalization, Global Average Pooling). Slide titles are named in each test.

use cnn_core::{
    residual_add, residual_add_trace, worked, xo, BatchNorm, Conv2d, CoreError, DepthwiseConv2d,
    GlobalPool, Ratio, Reduction, SeparableConv2d,
};
use ndarray::{s, Array1, Array2, Array3, Array4, Axis};

fn x_run() -> xo::XoRun {
    xo::run(&xo::x_image(), Reduction::Mean).expect("the X runs")
}

fn ints(values: &[i64]) -> Vec<Ratio> {
    values.iter().map(|&v| Ratio::int(v)).collect()
}

/// The sum of one channel, added up here (not by the code under test).
fn channel_sum(maps: &Array3<Ratio>, ch: usize) -> Ratio {
    maps.index_axis(Axis(0), ch)
        .iter()
        .fold(Ratio::ZERO, |a, &v| a + v)
}

#[test]
fn global_average_pooling_of_the_x_maps() {
    // Seed 000, 「Network in Network (NiN)」 – NiN 的思路: 問題二解法：全域平均池化
    // (全域平均池化 = 通道不混雜 + 能展平); seed 002, 「Flatten」: GAP 將每張
    // Feature Map 上的資訊以平均的方式壓為一個值. The maps are the X's three
    // 7x7 convolution maps of 「卷積運算：左斜、叉叉、右斜濾鏡完整運算」.
    //
    // By hand, in ninths, row by row:
    //   left diagonal: 17 + 9 + 11 + 11 + 11 + 9 + 17 = 85 → sum 85/9, mean 85/441
    //     (row 0: 7 - 1 + 1 + 3 + 5 - 1 + 3 = 17)
    //   X:             -3 - 7 - 5 - 1 - 5 - 7 - 3 = -31 → mean -31/441
    //     (row 3: -1 + 3 - 7 + 9 - 7 + 3 - 1 = -1)
    //   right diagonal: the left map mirrored → 85/441
    let run = x_run();
    let gap = GlobalPool::AVERAGE.forward(&run.conv).expect("pools");
    let expect = [
        Ratio::new(85, 441),
        Ratio::new(-31, 441),
        Ratio::new(85, 441),
    ];
    assert_eq!(gap.to_vec(), expect.to_vec());
    let sums = [Ratio::new(85, 9), Ratio::new(-31, 9), Ratio::new(85, 9)];

    let trace = GlobalPool::AVERAGE.trace(&run.conv).expect("pools");
    assert_eq!(trace.len(), 3, "one cell per channel");
    for (ch, cell) in trace.iter().enumerate() {
        assert_eq!(cell.out, (ch, 0, 0));
        let win = cell.window.expect("the whole map is the window");
        assert_eq!((win.top, win.left, win.rows, win.cols), (0, 0, 7, 7));
        assert_eq!(cell.terms.len(), 49);
        assert!(cell.terms.iter().all(|t| t.channel == ch));
        // The trace's sum, an independent sum, and the hand sum agree.
        assert_eq!(cell.sum, channel_sum(&run.conv, ch));
        assert_eq!(cell.sum, sums[ch]);
        assert_eq!(cell.result, cell.sum.div_count(49));
        assert_eq!(cell.result, gap[ch]);
    }
    // Flattening the twice-pooled maps gave 12 numbers (「扁平化運算」); global
    // pooling gives one per channel: 3.
    assert_eq!(run.flat.len(), 12);
    assert_eq!(gap.len(), 3);

    // After ReLU, in ninths: left 19 + 13 + 16 + 17 + 16 + 13 + 19 = 113,
    // X 8 + 13 + 12 + 15 + 12 + 13 + 8 = 81, so 113/441, 81/441 = 9/49, 113/441.
    let relu_gap = GlobalPool::AVERAGE.forward(&run.relu).expect("pools");
    assert_eq!(
        relu_gap.to_vec(),
        vec![
            Ratio::new(113, 441),
            Ratio::new(9, 49),
            Ratio::new(113, 441)
        ]
    );
}

#[test]
fn global_max_pooling_picks_the_first_largest() {
    // Seed 000, 「(5) 用 VGG16 建造模型」 – VGG16 參數詳解: pooling "max"：使用
    // 「全域最大池化」(GlobalMaxPooling2D). Each X map reaches 1 (1.00 on the
    // slides); the pick is the first 1 in reading order: the left map's (1,1)
    // (term 1 * 7 + 1 = 8), the X map's centre (3,3) (term 24), the right
    // map's (1,5) (term 12).
    let run = x_run();
    let max = GlobalPool::MAX.forward(&run.conv).expect("pools");
    assert_eq!(max, Array1::from_elem(3, Ratio::ONE));
    let trace = GlobalPool::MAX.trace(&run.conv).expect("pools");
    let picks: Vec<Option<usize>> = trace.iter().map(|c| c.pick).collect();
    assert_eq!(picks, vec![Some(8), Some(24), Some(12)]);
    assert_eq!(trace[2].terms[12].at, (1, 5));
    // An empty map has no window.
    assert_eq!(
        GlobalPool::MAX
            .forward(&Array3::<Ratio>::from_elem((3, 0, 0), Ratio::ZERO))
            .unwrap_err(),
        CoreError::ZeroSetting { field: "window" }
    );
}

#[test]
fn pointwise_convolution_mixes_the_three_maps() {
    // Seed 000, 「Network in Network (NiN)」 – NiN 的思路: 問題一解法： 1×1 縱向卷積層
    // (縱向濾鏡 = 跨通道 + 升 / 降維): three maps in, two out.
    let run = x_run();
    let mix = worked::xo_pointwise();
    assert_eq!(mix.weight.shape(), &[2, 3, 1, 1]);
    assert_eq!(mix.weight_count(), 6);
    let out = mix.forward(&run.conv).expect("1x1 fits");
    assert_eq!(out.shape(), &[2, 7, 7]);
    let c = &run.conv;
    for r in 0..7 {
        for col in 0..7 {
            // Map 0, weights 1/3 each: the mean of the three maps, cell by cell.
            let mean = (c[[0, r, col]] + c[[1, r, col]] + c[[2, r, col]]).div_count(3);
            assert_eq!(out[[0, r, col]], mean, "mean at ({r},{col})");
            // Map 1, weights 1, 0, -1: left diagonal minus right diagonal,
            // which is odd under the mirror that swaps them.
            assert_eq!(out[[1, r, col]], c[[0, r, col]] - c[[2, r, col]]);
            assert_eq!(out[[1, r, col]], -out[[1, r, 6 - col]]);
        }
    }
    // By hand: (0,0) is (7/9 + 3/9 + 3/9) / 3 = 13/27; the centre (3,3) is
    // (5/9 + 9/9 + 5/9) / 3 = 19/27; left minus right at (0,0): 7/9 - 3/9 = 4/9.
    assert_eq!(out[[0, 0, 0]], Ratio::new(13, 27));
    assert_eq!(out[[0, 3, 3]], Ratio::new(19, 27));
    assert_eq!(out[[1, 0, 0]], Ratio::new(4, 9));
    assert_eq!(out[[1, 3, 3]], Ratio::ZERO);

    // Traced: one position, three channels, three products.
    let trace = mix.trace(&run.conv).expect("1x1 fits");
    let cell = &trace[0];
    assert_eq!(cell.out, (0, 0, 0));
    let inputs: Vec<Ratio> = cell.terms.iter().map(|t| t.input).collect();
    assert_eq!(
        inputs,
        vec![Ratio::new(7, 9), Ratio::new(1, 3), Ratio::new(1, 3)]
    );
    assert!(cell
        .terms
        .iter()
        .all(|t| t.weight == Some(Ratio::new(1, 3)) && t.at == (0, 0)));
    let channels: Vec<usize> = cell.terms.iter().map(|t| t.channel).collect();
    assert_eq!(channels, vec![0, 1, 2]);
    let products: Vec<Ratio> = cell.terms.iter().map(|t| t.product).collect();
    assert_eq!(
        products,
        vec![Ratio::new(7, 27), Ratio::new(1, 9), Ratio::new(1, 9)]
    );
    assert_eq!(cell.sum, Ratio::new(13, 27));
    assert_eq!(cell.result, Ratio::new(13, 27));

    // The same mean as a 1x1 convolution of weights 1 with the slides' mean.
    let ones = Conv2d::new(Array4::from_elem((1, 3, 1, 1), Ratio::ONE), Reduction::Mean);
    let m = ones.forward(&run.conv).expect("1x1 fits");
    assert_eq!(m.index_axis(Axis(0), 0), out.index_axis(Axis(0), 0));
    // Averages commute: the mean map's global average is the mean of the
    // three global averages, (85 - 31 + 85) / 3 / 441 = 139/1323.
    let gap = GlobalPool::AVERAGE.forward(&out).expect("pools");
    assert_eq!(gap[0], Ratio::new(139, 1323));
}

#[test]
fn depthwise_keeps_channels_apart() {
    // Seed 000, 「Xception」 – Xception 的「深度分離卷積運算」(Depthwise
    // Separable Convolution) and 一個完整的 Xception Block (Depthwise
    // Convolution): each channel alone under its own 3x3 kernel, on the 4x4
    // RGB picture of 先看最原始的「卷積運算」.
    let img = worked::xception_image();
    let sep = worked::xception_separable();
    let maps = sep.depthwise.forward(&img).expect("3x3 fits 4x4");
    assert_eq!(maps.shape(), &[3, 2, 2]);
    // By hand:
    //   R, left column minus right column: (0,0) (1 + 0 + 2) - (0 + 3 + 1) = -1,
    //     (0,1) (4 + 1 + 0) - (1 + 1 + 2) = 1, (1,0) (0 + 2 + 3) - (3 + 1 + 0) = 1,
    //     (1,1) (1 + 0 + 1) - (1 + 2 + 0) = -1
    //   G, top row minus bottom row: (0,0) (0 + 1 + 1) - (1 + 2 + 0) = -1,
    //     (0,1) 2 - 3 = -1, (1,0) (2 + 0 + 1) - (0 + 1 + 2) = 0, (1,1) 2 - 4 = -2
    //   B, neighbours minus 4 x centre: (0,0) 0 + 0 + 1 + 1 - 4 x 2 = -6,
    //     (0,1) 0 + 2 + 0 + 2 - 4 x 1 = 0, (1,0) 0 + 2 + 2 + 1 - 4 x 1 = 1,
    //     (1,1) 1 + 1 + 0 + 1 - 4 x 2 = -5
    let expect = Array3::from_shape_vec(
        (3, 2, 2),
        ints(&[-1, 1, 1, -1, -1, -1, 0, -2, -6, 0, 1, -5]),
    )
    .unwrap();
    assert_eq!(maps, expect);

    let trace = sep.depthwise.trace(&img).expect("fits");
    assert_eq!(trace.len(), 12);
    for cell in &trace {
        assert_eq!(maps[[cell.out.0, cell.out.1, cell.out.2]], cell.result);
        // Every product reads the output's own channel: nothing is mixed.
        assert_eq!(cell.terms.len(), 9);
        assert!(cell.terms.iter().all(|t| t.channel == cell.out.0));
    }
    // Blue at (0,0), every product: the window [[1,0,0],[0,2,1],[1,1,2]] times
    // [[0,1,0],[1,-4,1],[0,1,0]].
    let blue = &trace[8];
    assert_eq!(blue.out, (2, 0, 0));
    let pairs: Vec<(Ratio, Ratio, Ratio)> = blue
        .terms
        .iter()
        .map(|t| (t.input, t.weight.expect("weights"), t.product))
        .collect();
    let expect: Vec<(Ratio, Ratio, Ratio)> = [
        (1, 0, 0),
        (0, 1, 0),
        (0, 0, 0),
        (0, 1, 0),
        (2, -4, -8),
        (1, 1, 1),
        (1, 0, 0),
        (1, 1, 1),
        (2, 0, 0),
    ]
    .into_iter()
    .map(|(a, b, p)| (Ratio::int(a), Ratio::int(b), Ratio::int(p)))
    .collect();
    assert_eq!(pairs, expect);
    assert_eq!(blue.sum, Ratio::int(-6));
    assert_eq!(blue.result, Ratio::int(-6));
    // One cell alone is the same cell.
    assert_eq!(
        sep.depthwise.trace_cell(&img, (2, 0, 0)).expect("inside"),
        *blue
    );
    // A picture with the wrong number of channels is refused.
    let grey = img.slice(s![0..1, .., ..]).to_owned();
    assert!(matches!(
        sep.depthwise.forward(&grey),
        Err(CoreError::ShapeMismatch {
            op: "depthwise conv2d",
            ..
        })
    ));
}

#[test]
fn pointwise_follow_up_mixes_the_depthwise_maps() {
    // Seed 000, 「Xception」 – 一個完整的 Xception Block: Pointwise Convolution
    // after the Depthwise Convolution. Two 1x1 filters over the three maps:
    //   R + G + B: (0,0) -1 - 1 - 6 = -8, (0,1) 1 - 1 + 0 = 0,
    //              (1,0) 1 + 0 + 1 = 2,   (1,1) -1 - 2 - 5 = -8
    //   R - B:     (0,0) -1 + 6 = 5,      (0,1) 1 - 0 = 1,
    //              (1,0) 1 - 1 = 0,       (1,1) -1 + 5 = 4
    let img = worked::xception_image();
    let sep = worked::xception_separable();
    let t = sep.trace(&img).expect("fits");
    let expect = Array3::from_shape_vec((2, 2, 2), ints(&[-8, 0, 2, -8, 5, 1, 0, 4])).unwrap();
    assert_eq!(t.output, expect);
    assert_eq!(sep.forward(&img).expect("fits"), expect);
    assert_eq!(t.depthwise, sep.depthwise.forward(&img).expect("fits"));
    assert_eq!(t.depthwise_cells, sep.depthwise.trace(&img).expect("fits"));
    assert_eq!(t.pointwise_cells.len(), 8);
    for cell in &t.pointwise_cells {
        assert_eq!(t.output[[cell.out.0, cell.out.1, cell.out.2]], cell.result);
    }
    // R - B at (0,0), every product: (-1 x 1) + (-1 x 0) + (-6 x -1) = 5.
    let cell = &t.pointwise_cells[4];
    assert_eq!(cell.out, (1, 0, 0));
    let pairs: Vec<(Ratio, Ratio, Ratio)> = cell
        .terms
        .iter()
        .map(|t| (t.input, t.weight.expect("weights"), t.product))
        .collect();
    assert_eq!(
        pairs,
        vec![
            (Ratio::int(-1), Ratio::int(1), Ratio::int(-1)),
            (Ratio::int(-1), Ratio::int(0), Ratio::int(0)),
            (Ratio::int(-6), Ratio::int(-1), Ratio::int(6)),
        ]
    );
    assert_eq!(cell.sum, Ratio::int(5));
    // A pointwise half that is not 1x1 is refused.
    let mut wide = sep.clone();
    wide.pointwise = Conv2d::new(Array4::from_elem((2, 3, 3, 3), Ratio::ONE), Reduction::Sum);
    assert!(matches!(
        wide.forward(&img),
        Err(CoreError::ShapeMismatch {
            op: "separable conv2d pointwise",
            ..
        })
    ));
}

#[test]
fn separable_needs_33_weights_not_54() {
    // Seed 000, 「Xception」 – 先看最原始的「卷積運算」: 4x4 RGB, two 3x3 filters,
    // 濾鏡 #1 參數 3 x 3 x RGB = 27, 濾鏡 #2 27, 參數 27 + 27 = 54. Depthwise
    // separable: 3 x 3 per channel x 3 channels = 27, then 2 filters of 1 x 1 x 3
    // = 6: 33.
    let img = worked::xception_image();
    let sep = worked::xception_separable();
    assert_eq!(sep.depthwise.weight_count(), 27);
    assert_eq!(sep.pointwise.weight_count(), 6);
    assert_eq!(sep.weight_count(), 27 + 6);
    assert_eq!(sep.weight_count(), 33);

    // The standard convolution it stands for: filter o's channel c is the
    // depthwise kernel of c times pointwise weight (o, c). Two 3x3x3 filters,
    // 54 weights, the same four numbers per map, exactly.
    let d = &sep.depthwise.weight; // [3, 1, 3, 3]
    let p = &sep.pointwise.weight; // [2, 3, 1, 1]
    let standard = Conv2d::new(
        Array4::from_shape_fn((2, 3, 3, 3), |(o, c, i, j)| {
            p[[o, c, 0, 0]] * d[[c, 0, i, j]]
        }),
        Reduction::Sum,
    );
    assert_eq!(standard.weight_count(), 54);
    assert_eq!(
        standard.forward(&img).expect("fits"),
        sep.forward(&img).expect("fits")
    );
}

#[test]
fn depth_multiplier_orders_channels_like_keras() {
    // Two channels, multiplier 2, 1x1 kernels 2, 3 (channel 0) and 5, 7
    // (channel 1): outputs are channel 0 x 2, channel 0 x 3, channel 1 x 5,
    // channel 1 x 7 (Keras: output channel c * multiplier + m).
    let input = Array3::from_shape_vec((2, 1, 2), ints(&[1, 2, 10, 20])).unwrap();
    let mut dw =
        DepthwiseConv2d::new(Array4::from_shape_vec((2, 2, 1, 1), ints(&[2, 3, 5, 7])).unwrap());
    dw.bias = Array1::from_vec(ints(&[0, 0, 0, 1]));
    assert_eq!(dw.multiplier(), 2);
    assert_eq!(dw.out_channels(), 4);
    assert_eq!(dw.weight_count(), 4);
    let out = dw.forward(&input).expect("fits");
    let expect = Array3::from_shape_vec((4, 1, 2), ints(&[2, 4, 3, 6, 50, 100, 71, 141])).unwrap();
    assert_eq!(out, expect);
    let trace = dw.trace(&input).expect("fits");
    let reads: Vec<(usize, usize)> = trace
        .iter()
        .map(|c| (c.out.0, c.terms[0].channel))
        .collect();
    assert_eq!(
        reads,
        vec![
            (0, 0),
            (0, 0),
            (1, 0),
            (1, 0),
            (2, 1),
            (2, 1),
            (3, 1),
            (3, 1)
        ]
    );
    assert_eq!(trace[7].bias, Ratio::int(1));
    assert_eq!(trace[7].result, Ratio::int(141));
    assert_eq!(dw.trace_cell(&input, (3, 0, 1)).expect("inside"), trace[7]);
    assert!(dw.trace_cell(&input, (4, 0, 0)).is_err());
    // Multiplier 0 is refused, as is a bias of the wrong length.
    let none = DepthwiseConv2d::new(Array4::<Ratio>::from_elem((2, 0, 1, 1), Ratio::ONE));
    assert_eq!(
        none.forward(&input).unwrap_err(),
        CoreError::ZeroSetting {
            field: "depth multiplier"
        }
    );
    dw.bias = Array1::from_vec(ints(&[0, 0]));
    assert!(matches!(
        dw.forward(&input),
        Err(CoreError::ShapeMismatch {
            op: "depthwise conv2d bias",
            ..
        })
    ));
}

#[test]
fn batch_norm_statistics_are_exact() {
    // Seed 002, 「卷積層」: Convolution, Batch Normalization, Activation
    // Function; seed 000, 「小節整理：CNN 經典模型」: Batch Normalization
    // (平均=0，標準差=1). A batch of two samples, two channels of 2x2.
    //   Channel 0: 1..8, sum 36, mean 9/2; deviations ±1/2, ±3/2, ±5/2, ±7/2,
    //     squares 1/4 + 9/4 + 25/4 + 49/4 = 21, twice: 42; variance 42/8 = 21/4.
    //   Channel 1: 1 0 0 1 1 1 0 0, sum 4, mean 1/2; every deviation ±1/2,
    //     squares 8 x 1/4 = 2; variance 2/8 = 1/4.
    let batch = worked::batch_example();
    let bn = BatchNorm::<Ratio>::new(2);
    assert_eq!(bn.epsilon, Ratio::new(1, 1000));
    let t = bn.trace(&batch).expect("normalises");
    let (s0, s1) = (&t.stats[0], &t.stats[1]);
    assert_eq!(s0.terms.len(), 8);
    assert_eq!(
        (s0.sum, s0.mean, s0.square_sum, s0.variance),
        (
            Ratio::int(36),
            Ratio::new(9, 2),
            Ratio::int(42),
            Ratio::new(21, 4)
        )
    );
    assert_eq!(
        (s1.sum, s1.mean, s1.square_sum, s1.variance),
        (
            Ratio::int(4),
            Ratio::new(1, 2),
            Ratio::int(2),
            Ratio::new(1, 4)
        )
    );
    // The first value of channel 0 is sample 0's 1: deviation -7/2, square 49/4.
    assert_eq!(s0.terms[0].at, (0, 0, 0));
    assert_eq!(s0.terms[0].deviation, Ratio::new(-7, 2));
    assert_eq!(s0.terms[0].square, Ratio::new(49, 4));
    // The square root ends exactness: sqrt(21/4 + 1/1000) = sqrt(5.251).
    assert!((s0.std - 5.251f64.sqrt()).abs() < 1e-12);
    assert!((s1.std - 0.251f64.sqrt()).abs() < 1e-12);

    // Normalised: 1 → -3.5 / sqrt(5.251), 8 → 3.5 / sqrt(5.251), and
    // channel 1's 0 → -0.5 / sqrt(0.251) (not quite -1: epsilon).
    let out = bn.forward(&batch).expect("normalises");
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    assert!(close(out[[0, 0, 0, 0]], -3.5 / 5.251f64.sqrt()));
    assert!(close(out[[1, 0, 1, 1]], 3.5 / 5.251f64.sqrt()));
    assert!(close(out[[0, 1, 0, 1]], -0.5 / 0.251f64.sqrt()));
    for cell in &t.cells {
        let (s, ch, r, c) = cell.at;
        assert_eq!(out[[s, ch, r, c]], cell.result);
        assert_eq!(cell.deviation, batch[[s, ch, r, c]] - t.stats[ch].mean);
    }
    // Each channel comes out with mean 0 and variance var / (var + eps), just
    // under 1.
    for (ch, var) in [(0, 5.25), (1, 0.25)] {
        let vals: Vec<f64> = out.index_axis(Axis(1), ch).iter().copied().collect();
        let mean = vals.iter().sum::<f64>() / 8.0;
        let v = vals.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / 8.0;
        assert!(close(mean, 0.0), "channel {ch} mean {mean}");
        assert!(close(v, var / (var + 0.001)), "channel {ch} variance {v}");
    }
    // gamma scales and beta shifts.
    let mut scaled = BatchNorm::<Ratio>::new(2);
    scaled.gamma = Array1::from_vec(vec![2.0, 1.0]);
    scaled.beta = Array1::from_vec(vec![1.0, 0.0]);
    let y = scaled.forward(&batch).expect("normalises");
    assert!(close(y[[0, 0, 0, 0]], 2.0 * (-3.5 / 5.251f64.sqrt()) + 1.0));
}

#[test]
fn batch_norm_can_give_back_its_input() {
    // With gamma = sqrt(var + eps) and beta = mean, the layer undoes its own
    // normalisation (why BN loses nothing it cannot learn back), to 1e-9.
    let batch = worked::batch_example();
    let mut bn = BatchNorm::<Ratio>::new(2);
    let stats = bn.stats(&batch).expect("normalises");
    bn.gamma = stats.iter().map(|s| s.std).collect();
    bn.beta = stats.iter().map(|s| s.mean.to_f64()).collect();
    let out = bn.forward(&batch).expect("normalises");
    for (y, x) in out.iter().zip(batch.iter()) {
        assert!((y - x.to_f64()).abs() < 1e-9, "{y} vs {x}");
    }
    // The same on the X's three 7x7 maps.
    let maps = x_run().conv.insert_axis(Axis(0));
    let mut bn = BatchNorm::<Ratio>::new(3);
    let stats = bn.stats(&maps).expect("normalises");
    bn.gamma = stats.iter().map(|s| s.std).collect();
    bn.beta = stats.iter().map(|s| s.mean.to_f64()).collect();
    let out = bn.forward(&maps).expect("normalises");
    for (y, x) in out.iter().zip(maps.iter()) {
        assert!((y - x.to_f64()).abs() < 1e-9, "{y} vs {x}");
    }
}

#[test]
fn batch_norm_of_the_x_maps() {
    // The X's three maps of 「卷積運算：左斜、叉叉、右斜濾鏡完整運算」 as a batch
    // of one. The means are the global averages: 85/441, -31/441, 85/441.
    // Squares in 81sts, row by row:
    //   left: 95 + 95 + 119 + 79 + 119 + 95 + 95 = 697
    //     (row 0: 49 + 1 + 1 + 9 + 25 + 1 + 9 = 95)
    //   X:    71 + 159 + 151 + 199 + 151 + 159 + 71 = 961
    // variance = mean of squares - mean²:
    //   left: 697/3969 - 7225/194481 = 26928/194481 = 2992/21609
    //   X:    961/3969 - 961/194481 = 961 x 48/194481 = 15376/64827
    let run = x_run();
    let maps = run.conv.clone().insert_axis(Axis(0));
    let stats = BatchNorm::<Ratio>::new(3).stats(&maps).expect("normalises");
    let gap = GlobalPool::AVERAGE.forward(&run.conv).expect("pools");
    let means: Vec<Ratio> = stats.iter().map(|s| s.mean).collect();
    assert_eq!(means, gap.to_vec());
    let variances: Vec<Ratio> = stats.iter().map(|s| s.variance).collect();
    assert_eq!(
        variances,
        vec![
            Ratio::new(2992, 21609),
            Ratio::new(15376, 64827),
            Ratio::new(2992, 21609)
        ]
    );
    // Checked the other way: the squares' mean minus the mean squared.
    for (ch, st) in stats.iter().enumerate() {
        let squares = run
            .conv
            .index_axis(Axis(0), ch)
            .iter()
            .fold(Ratio::ZERO, |a, &v| a + v * v);
        assert_eq!(st.variance, squares.div_count(49) - st.mean * st.mean);
        assert_eq!(st.square_sum, st.variance * Ratio::int(49));
    }
}

#[test]
fn batch_norm_refuses_bad_shapes() {
    let batch = worked::batch_example();
    let bn = BatchNorm::<Ratio>::new(3);
    assert_eq!(
        bn.forward(&batch).unwrap_err(),
        CoreError::ShapeMismatch {
            op: "batch norm gamma",
            expected: vec![2],
            got: vec![3]
        }
    );
    let empty = Array4::<Ratio>::from_elem((0, 2, 2, 2), Ratio::ZERO);
    assert_eq!(
        BatchNorm::<Ratio>::new(2).trace(&empty).unwrap_err(),
        CoreError::ZeroSetting {
            field: "batch size"
        }
    );
}

#[test]
fn residual_add_with_a_projection_shortcut() {
    // Seed 000, 「ResNet（殘差網路）」 – 簡介: 用「短路」手法; seed 003, 「ResNet
    // 概念」 – ResNet Block (Figure 2. Residual learning: a building block).
    // Main path: the slides' three filters (mean) on the X with `same` padding,
    // [3, 9, 9]; shortcut: the X through a 1x1 convolution of weights 1, copied
    // into three channels.
    //   (0,1,1): the valid map's 7/9 (「卷積運算：第一次」) + the X's 1 = 16/9
    //   (0,0,0): the window hangs over the corner; inside it the X's -1, -1, -1, 1
    //     meet filter taps 1, -1, -1, 1: -1 + 1 + 1 + 1 = 2, over 9 taps 2/9;
    //     + the X's -1 = -7/9
    //   (0,4,4): the valid map's centre 5/9 + 1 = 14/9; (1,4,4): 1 + 1 = 2
    let (main, shortcut) = worked::residual_example(&xo::x_image()).expect("fits");
    assert_eq!(main.shape(), &[3, 9, 9]);
    assert_eq!(shortcut.shape(), &[3, 9, 9]);
    let sum = residual_add(&main, &shortcut).expect("same shapes");
    assert_eq!(sum[[0, 1, 1]], Ratio::new(16, 9));
    assert_eq!(sum[[0, 0, 0]], Ratio::new(-7, 9));
    assert_eq!(sum[[0, 4, 4]], Ratio::new(14, 9));
    assert_eq!(sum[[1, 4, 4]], Ratio::int(2));
    // Inside, the main path is the valid 7x7 maps of the slides.
    let run = x_run();
    assert_eq!(main.slice(s![.., 1..8, 1..8]), run.conv);

    let trace = residual_add_trace(&main, &shortcut).expect("same shapes");
    assert_eq!(trace.len(), 3 * 81);
    for cell in &trace {
        let (ch, r, c) = cell.out;
        assert_eq!(cell.result, sum[[ch, r, c]]);
        assert_eq!(cell.terms[0].input, main[[ch, r, c]]);
        assert_eq!(cell.terms[1].input, shortcut[[ch, r, c]]);
    }
    let cell = &trace[10]; // (0, 1, 1)
    assert_eq!(cell.out, (0, 1, 1));
    let taps: Vec<((usize, usize), Ratio)> =
        cell.terms.iter().map(|t| (t.tap, t.product)).collect();
    assert_eq!(taps, vec![((0, 0), Ratio::new(7, 9)), ((0, 1), Ratio::ONE)]);
    assert_eq!(cell.sum, Ratio::new(16, 9));
}

#[test]
fn residual_add_refuses_mismatched_shapes() {
    // The slides' valid maps are 7x7 and the X is 9x9 with one channel: no
    // shortcut without `same` padding and a projection.
    let run = x_run();
    let err = residual_add(&run.conv, &run.image).unwrap_err();
    assert_eq!(
        err,
        CoreError::ShapeMismatch {
            op: "residual add",
            expected: vec![3, 7, 7],
            got: vec![1, 9, 9]
        }
    );
    assert_eq!(
        err.to_string(),
        "residual add: expected shape [3, 7, 7], got [1, 9, 9]"
    );
    let (main, _) = worked::residual_example(&xo::x_image()).expect("fits");
    assert_eq!(
        residual_add_trace(&main, &run.image).unwrap_err(),
        CoreError::ShapeMismatch {
            op: "residual add",
            expected: vec![3, 9, 9],
            got: vec![1, 9, 9]
        }
    );
}

#[test]
fn separable_refuses_a_pointwise_of_the_wrong_width() {
    let img = worked::xception_image();
    let sep = SeparableConv2d::new(
        Array4::from_elem((3, 1, 3, 3), Ratio::ONE),
        Array2::from_elem((2, 4), Ratio::ONE),
    );
    assert_eq!(
        sep.forward(&img).unwrap_err(),
        CoreError::ShapeMismatch {
            op: "separable conv2d pointwise",
            expected: vec![2, 3, 1, 1],
            got: vec![2, 4, 1, 1]
        }
    );
}

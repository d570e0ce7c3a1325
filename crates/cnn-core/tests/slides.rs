//! The numbers of the lecture slides, asserted exactly.
//!
//! Source: `shared/seeds/000_cf4601a9f7f3bb89.txt` (the X/O example, slides
//! 電腦如何做「樣式辨認」 … 搜尋認知) and `shared/seeds/001_c06067c6a1d2797f.txt`
//! (weighted sum = -8, padding, stride). Each table below is the slide's table
//! as printed (two decimals, truncated); `ninths` turns a printed value into
//! the exact fraction it stands for (0.77 → 7/9), and the test compares
//! fractions with `==` and, separately, the printed text character by character.

use cnn_core::{xo, Conv2d, Padding, Pool2d, Ratio, Reduction, WindowSpec};
use ndarray::Array3;

/// A slide's printed value → the exact ninths it stands for (0.77 → 7/9).
fn ninths(printed: &str) -> Ratio {
    let v: f64 = printed.parse().expect("slide value");
    Ratio::new((v * 9.0).round() as i64, 9)
}

fn table(rows: &[&str]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.split_whitespace().map(str::to_string).collect())
        .collect()
}

/// Assert map `ch` of `a` equals the slide's printed table, exactly.
fn assert_map(a: &Array3<Ratio>, ch: usize, slide: &[&str], what: &str) {
    let t = table(slide);
    assert_eq!(a.shape()[1], t.len(), "{what}: rows");
    for (r, row) in t.iter().enumerate() {
        assert_eq!(a.shape()[2], row.len(), "{what}: cols in row {r}");
        for (c, printed) in row.iter().enumerate() {
            let got = a[[ch, r, c]];
            assert_eq!(
                got,
                ninths(printed),
                "{what} at ({r},{c}): got {got}, slide says {printed}"
            );
            let shown = got.slide_string();
            assert_eq!(&shown, printed, "{what} at ({r},{c}) printed");
        }
    }
}

// Slide 「卷積運算：左斜濾鏡完整運算」. The slide's own table has one typo at
// row 4, col 5 (0.11): the map is symmetric about its diagonal, (5,4) is -0.11,
// and the ReLU slide shows 0 there, so the value is -0.11.
const CONV_LEFT: [&str; 7] = [
    "0.77 -0.11 0.11 0.33 0.55 -0.11 0.33",
    "-0.11 1.00 -0.11 0.33 -0.11 0.11 -0.11",
    "0.11 -0.11 1.00 -0.33 0.11 -0.11 0.55",
    "0.33 0.33 -0.33 0.55 -0.33 0.33 0.33",
    "0.55 -0.11 0.11 -0.33 1.00 -0.11 0.11",
    "-0.11 0.11 -0.11 0.33 -0.11 1.00 -0.11",
    "0.33 -0.11 0.55 0.33 0.11 -0.11 0.77",
];

// Slide 「卷積運算：左斜、叉叉、右斜濾鏡完整運算」, the X filter. The slide
// prints row 3 as "-0.11 0.33 -0.7 1.00 0.77 0.33 -0.11": "-0.7" is -0.77 cut
// short, and the "0.77" after 1.00 lost its minus sign (the map is symmetric
// left to right, and the ReLU slide shows 0 there).
const CONV_X: [&str; 7] = [
    "0.33 -0.55 0.11 -0.11 0.11 -0.55 0.33",
    "-0.55 0.55 -0.55 0.33 -0.55 0.55 -0.55",
    "0.11 -0.55 0.55 -0.77 0.55 -0.55 0.11",
    "-0.11 0.33 -0.77 1.00 -0.77 0.33 -0.11",
    "0.11 -0.55 0.55 -0.77 0.55 -0.55 0.11",
    "-0.55 0.55 -0.55 0.33 -0.55 0.55 -0.55",
    "0.33 -0.55 0.11 -0.11 0.11 -0.55 0.33",
];

// Same slide, the right-diagonal filter. The slide's "-0.73" at (3,2) and
// "-0.7" at (4,1) and (5,0) are -0.33, -0.11 and -0.11: the map is the
// left-diagonal map mirrored left to right (the X is symmetric).
const CONV_RIGHT: [&str; 7] = [
    "0.33 -0.11 0.55 0.33 0.11 -0.11 0.77",
    "-0.11 0.11 -0.11 0.33 -0.11 1.00 -0.11",
    "0.55 -0.11 0.11 -0.33 1.00 -0.11 0.11",
    "0.33 0.33 -0.33 0.55 -0.33 0.33 0.33",
    "0.11 -0.11 1.00 -0.33 0.11 -0.11 0.55",
    "-0.11 1.00 -0.11 0.33 -0.11 0.11 -0.11",
    "0.77 -0.11 0.11 0.33 0.55 -0.11 0.33",
];

// Slide 「池化運算：所有濾鏡的池化運算」: the three ReLU maps, exactly as printed
// (the right-diagonal table is the complete copy on 「池化運算可以不止一次」).
const RELU: [[&str; 7]; 3] = [
    [
        "0.77 0 0.11 0.33 0.55 0 0.33",
        "0 1.00 0 0.33 0 0.11 0",
        "0.11 0 1.00 0 0.11 0 0.55",
        "0.33 0.33 0 0.55 0 0.33 0.33",
        "0.55 0 0.11 0 1.00 0 0.11",
        "0 0.11 0 0.33 0 1.00 0",
        "0.33 0 0.55 0.33 0.11 0 0.77",
    ],
    [
        "0.33 0 0.11 0 0.11 0 0.33",
        "0 0.55 0 0.33 0 0.55 0",
        "0.11 0 0.55 0 0.55 0 0.11",
        "0 0.33 0 1.00 0 0.33 0",
        "0.11 0 0.55 0 0.55 0 0.11",
        "0 0.55 0 0.33 0 0.55 0",
        "0.33 0 0.11 0 0.11 0 0.33",
    ],
    [
        "0.33 0 0.55 0.33 0.11 0 0.77",
        "0 0.11 0 0.33 0 1.00 0",
        "0.55 0 0.11 0 1.00 0 0.11",
        "0.33 0.33 0 0.55 0 0.33 0.33",
        "0.11 0 1.00 0 0.11 0 0.55",
        "0 1.00 0 0.33 0 0.11 0",
        "0.77 0 0.11 0.33 0.55 0 0.33",
    ],
];

// Slide 「池化運算：所有濾鏡的池化運算」: 2x2 max pooling, stride 2, 7x7 → 4x4.
const POOL1: [[&str; 4]; 3] = [
    [
        "1.00 0.33 0.55 0.33",
        "0.33 1.00 0.33 0.55",
        "0.55 0.33 1.00 0.11",
        "0.33 0.55 0.11 0.77",
    ],
    [
        "0.55 0.33 0.55 0.33",
        "0.33 1.00 0.55 0.11",
        "0.55 0.55 0.55 0.11",
        "0.33 0.11 0.11 0.33",
    ],
    [
        "0.33 0.55 1.00 0.77",
        "0.55 0.55 1.00 0.33",
        "1.00 1.00 0.11 0.55",
        "0.77 0.33 0.55 0.33",
    ],
];

// Slide 「池化運算可以不止一次」: pooling again, 4x4 → 2x2. The slide prints the
// right-diagonal map's first value as 0.35; its 4x4 window holds 0.33, 0.55,
// 0.55, 0.55, so the maximum is 0.55 (the slide's typo).
const POOL2: [[&str; 2]; 3] = [
    ["1.00 0.55", "0.55 1.00"],
    ["1.00 0.55", "0.55 0.55"],
    ["0.55 1.00", "1.00 0.55"],
];

fn x_run() -> xo::XoRun {
    xo::run(&xo::x_image(), Reduction::Mean).expect("the X runs")
}

#[test]
fn x_image_is_the_slides_nine_by_nine() {
    // Slide 「卷積運算：左斜濾鏡完整運算」: the 9x9 X, +1 ink, -1 background.
    let x = xo::x_image();
    let expect = [
        "-1 -1 -1 -1 -1 -1 -1 -1 -1",
        "-1 1 -1 -1 -1 -1 -1 1 -1",
        "-1 -1 1 -1 -1 -1 1 -1 -1",
        "-1 -1 -1 1 -1 1 -1 -1 -1",
        "-1 -1 -1 -1 1 -1 -1 -1 -1",
        "-1 -1 -1 1 -1 1 -1 -1 -1",
        "-1 -1 1 -1 -1 -1 1 -1 -1",
        "-1 1 -1 -1 -1 -1 -1 1 -1",
        "-1 -1 -1 -1 -1 -1 -1 -1 -1",
    ];
    for (r, row) in expect.iter().enumerate() {
        let got: Vec<String> = x.row(r).iter().map(|v| v.to_string()).collect();
        assert_eq!(got.join(" "), *row, "row {r}");
    }
}

#[test]
fn first_window_is_seven_ninths() {
    // Slide 「卷積運算：第一次」: nine products, 7 of them +1, mean 7/9 ≈ 0.77.
    let run = x_run();
    let cell = &run.conv_trace[0];
    let products: Vec<Ratio> = cell.terms.iter().map(|t| t.product).collect();
    let expect: Vec<Ratio> = [-1, 1, 1, 1, 1, 1, 1, 1, 1]
        .into_iter()
        .map(Ratio::int)
        .collect();
    // The slide lists the products in reading order; the first (1 x -1) is the
    // top-left corner... of the filter: filter 1 at (0,0) times the image's -1.
    assert_eq!(products, expect);
    assert_eq!(cell.sum, Ratio::int(7));
    assert_eq!(cell.result, Ratio::new(7, 9));
    assert_eq!(cell.result.slide_string(), "0.77");
}

#[test]
fn second_window_is_minus_one_ninth() {
    // Slide 「卷積運算：第二次（+右移一格）」: one step right, -1/9 ≈ -0.11.
    let run = x_run();
    let cell = &run.conv_trace[1];
    assert_eq!(cell.out, (0, 0, 1));
    assert_eq!(cell.sum, Ratio::int(-1));
    assert_eq!(cell.result, Ratio::new(-1, 9));
    assert_eq!(cell.result.slide_string(), "-0.11");
}

#[test]
fn three_seven_by_seven_maps() {
    let run = x_run();
    assert_eq!(run.conv.shape(), &[3, 7, 7]);
    assert_map(&run.conv, 0, &CONV_LEFT, "left-diagonal map");
    assert_map(&run.conv, 1, &CONV_X, "X map");
    assert_map(&run.conv, 2, &CONV_RIGHT, "right-diagonal map");
}

#[test]
fn relu_maps() {
    let run = x_run();
    for (ch, slide) in RELU.iter().enumerate() {
        assert_map(&run.relu, ch, slide, "ReLU map");
    }
}

#[test]
fn pooled_four_by_four_and_two_by_two() {
    let run = x_run();
    assert_eq!(run.pool1.shape(), &[3, 4, 4]);
    assert_eq!(run.pool2.shape(), &[3, 2, 2]);
    for ch in 0..3 {
        assert_map(&run.pool1, ch, &POOL1[ch], "4x4 pooled map");
        assert_map(&run.pool2, ch, &POOL2[ch], "2x2 pooled map");
    }
    // The 4x4 corner window at the right and bottom edge covers only the one
    // cell that is there (the slides' 0.77 stays 0.77).
    let corner = &run.pool1_trace[15];
    assert_eq!(corner.terms.len(), 1);
    assert_eq!(corner.result, Ratio::new(7, 9));
}

#[test]
fn flattened_twelve_values() {
    // Slide 「扁平化運算」: the three 2x2 maps in one column of 12, map by map.
    let run = x_run();
    let printed = [
        "1.00", "0.55", "0.55", "1.00", // left diagonal
        "1.00", "0.55", "0.55", "0.55", // X
        "0.55", "1.00", "1.00", "0.55", // right diagonal
    ];
    let expect: Vec<Ratio> = printed.iter().map(|p| ninths(p)).collect();
    assert_eq!(run.flat.to_vec(), expect);
    assert_eq!(cnn_core::flatten_source((3, 2, 2), 5), (1, 0, 1));
}

#[test]
fn vote_picks_x_for_the_x_and_o_for_the_o() {
    // In the spirit of the slides' .91 / .09 vote (「完整的卷積神經網路架構」).
    // Hand computation: the X's features are 1 at the five cells X counts
    // (0, 3, 4, 9, 10) and 5/9 at the four O counts (1, 2, 8, 11):
    // X = 5, O = 4 x 5/9 = 20/9.
    let run = x_run();
    assert_eq!(run.logits.to_vec(), vec![Ratio::int(5), Ratio::new(20, 9)]);
    assert!(run.probabilities[0] > 0.9);
    // The O lights O's four cells fully and X's five at 5/9: X = 25/9, O = 4.
    let o = xo::run(&xo::o_image(), Reduction::Mean).expect("the O runs");
    assert_eq!(o.logits.to_vec(), vec![Ratio::new(25, 9), Ratio::int(4)]);
    assert!(o.probabilities[1] > o.probabilities[0]);
    let total: f64 = o.probabilities.iter().sum();
    assert!((total - 1.0).abs() < 1e-12);
}

#[test]
fn sum_reduction_is_nine_times_the_mean() {
    // Frameworks sum; the slides average. The first cell: sum 7, mean 7/9.
    let sum = xo::run(&xo::x_image(), Reduction::Sum).expect("runs");
    let mean = x_run();
    assert_eq!(sum.conv[[0, 0, 0]], Ratio::int(7));
    for (s, m) in sum.conv.iter().zip(mean.conv.iter()) {
        assert_eq!(*s, *m * Ratio::int(9));
    }
}

#[test]
fn weighted_sum_is_minus_eight() {
    // Seed 001: (4x0)+(0x0)+(0x0)+(0x0)+(0x1)+(0x1)+(0x0)+(0x1)+(-4x2) = -8,
    // the kernel's centre over the source pixel.
    let (img, conv) = xo::weighted_sum_example();
    let trace = conv.trace(&img).expect("fits");
    // The centre pixel (2,2) of the 5x5 source is output (1,1) of the valid map.
    let cell = trace.iter().find(|t| t.out == (0, 1, 1)).expect("cell");
    let pairs: Vec<(i64, i64)> = cell
        .terms
        .iter()
        .map(|t| (t.weight.expect("conv has weights").numer(), t.input.numer()))
        .collect();
    assert_eq!(
        pairs,
        vec![
            (4, 0),
            (0, 0),
            (0, 0),
            (0, 0),
            (0, 1),
            (0, 1),
            (0, 0),
            (0, 1),
            (-4, 2)
        ]
    );
    assert_eq!(cell.result, Ratio::int(-8));
}

#[test]
fn padding_and_stride_output_sizes() {
    // Seed 001 「邊界效應和填補(padding)」: padding 1 around a 3x3 image gives a
    // 5x5 padded image; a 3x3 kernel then gives (3 - 3 + 2*1)/1 + 1 = 3.
    let (img, conv) = xo::padding_example(1, 1);
    assert_eq!(conv.forward(&img).expect("fits").shape(), &[1, 3, 3]);
    // Without padding: (3 - 3 + 0)/1 + 1 = 1.
    let (img, conv) = xo::padding_example(0, 1);
    assert_eq!(conv.forward(&img).expect("fits").shape(), &[1, 1, 1]);
    // Stride 2 with padding 1: (3 - 3 + 2)/2 + 1 = 2.
    let (img, conv) = xo::padding_example(1, 2);
    let out = conv.forward(&img).expect("fits");
    assert_eq!(out.shape(), &[1, 2, 2]);
    // Hand computation, plus-shaped kernel: top-left output sums the centre 1
    // and its neighbours right (2) and below (4), the padding adds 0.
    assert_eq!(out[[0, 0, 0]], Ratio::int(7));
    // The X/O maps: (9 - 3 + 0)/1 + 1 = 7.
    let s = WindowSpec::conv((9, 9), (3, 3), (1, 1), (1, 1), Padding::Valid).expect("fits");
    assert_eq!(s.output(), (7, 7));
    // Stride 2 on the 9x9: (9 - 3)/2 + 1 = 4.
    let s = WindowSpec::conv((9, 9), (3, 3), (2, 2), (1, 1), Padding::Valid).expect("fits");
    assert_eq!(s.output(), (4, 4));
}

#[test]
fn whole_tensor_and_traced_forms_agree() {
    let run = x_run();
    for t in &run.conv_trace {
        assert_eq!(run.conv[[t.out.0, t.out.1, t.out.2]], t.result);
    }
    for t in &run.pool1_trace {
        assert_eq!(run.pool1[[t.out.0, t.out.1, t.out.2]], t.result);
        let pick = t.pick.expect("max pooling picks");
        assert_eq!(t.terms[pick].input, t.result);
    }
    for t in &run.relu_trace {
        assert_eq!(run.relu[[t.out.0, t.out.1, t.out.2]], t.result);
    }
    // A multi-channel convolution with bias, stride, same padding, in f64.
    let input = Array3::from_shape_fn((2, 5, 6), |(c, r, x)| {
        (c * 31 + r * 7 + x) as f64 % 5.0 - 2.0
    });
    let weight = ndarray::Array4::from_shape_fn((3, 2, 3, 3), |(o, i, r, c)| {
        ((o + 2 * i + r * 3 + c) % 4) as f64 - 1.5
    });
    let mut conv = Conv2d::new(weight, Reduction::Sum);
    conv.bias = ndarray::arr1(&[0.5, -1.0, 2.0]);
    conv.stride = (2, 2);
    conv.padding = Padding::Same;
    let whole = conv.forward(&input).expect("fits");
    assert_eq!(whole.shape(), &[3, 3, 3]);
    for t in conv.trace(&input).expect("fits") {
        assert_eq!(whole[[t.out.0, t.out.1, t.out.2]], t.result);
    }
    let avg = Pool2d {
        kind: cnn_core::PoolKind::Average,
        ..Pool2d::SLIDES
    };
    let a = avg.forward(&run.relu).expect("pools");
    // Top-left 2x2 of the left-diagonal ReLU map: (7/9 + 0 + 0 + 1) / 4 = 4/9.
    assert_eq!(a[[0, 0, 0]], Ratio::new(4, 9));
}

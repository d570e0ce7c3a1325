//! The X/O example of the lecture slides (seed 000, 電腦如何做「樣式辨認」 to
//! 搜尋認知) and the weighted-sum and padding examples of seed 001, with the
//! whole pipeline from image to vote.

use ndarray::{Array1, Array2, Array3, Array4};

use crate::geometry::Padding;
use crate::ops::{flatten, relu, relu_trace, softmax, Conv2d, Dense, Pool2d, Reduction};
use crate::trace::CellTrace;
use crate::{CoreError, Ratio};

/// Side of the X/O images.
pub const SIZE: usize = 9;

/// The slides' X: +1 ink on the two diagonals of the inner 7x7, -1 elsewhere.
/// `[9, 9]`
pub fn x_image() -> Array2<i8> {
    Array2::from_shape_fn((SIZE, SIZE), |(r, c)| {
        let inner = (1..SIZE - 1).contains(&r) && (1..SIZE - 1).contains(&c);
        if inner && (r == c || r + c == SIZE - 1) {
            1
        } else {
            -1
        }
    })
}

/// An O to contrast with: a ring of +1 on -1. `[9, 9]`
pub fn o_image() -> Array2<i8> {
    const RING: [&str; SIZE] = [
        ".........",
        "...###...",
        "..#...#..",
        ".#.....#.",
        ".#.....#.",
        ".#.....#.",
        "..#...#..",
        "...###...",
        ".........",
    ];
    Array2::from_shape_fn((SIZE, SIZE), |(r, c)| {
        if RING[r].as_bytes()[c] == b'#' {
            1
        } else {
            -1
        }
    })
}

/// The three 3x3 filters of the slides, in their order: left diagonal (＼),
/// X, right diagonal (／). `[3, 3, 3]`
pub fn filters() -> Array3<i8> {
    Array3::from_shape_vec(
        (3, 3, 3),
        vec![
            1, -1, -1, -1, 1, -1, -1, -1, 1, // left diagonal
            1, -1, 1, -1, 1, -1, 1, -1, 1, // X
            -1, -1, 1, -1, 1, -1, 1, -1, -1, // right diagonal
        ],
    )
    .expect("27 values make 3x3x3")
}

/// Integers → exact single-channel image `[1, h, w]`.
pub fn to_ratio_image(img: &Array2<i8>) -> Array3<Ratio> {
    img.mapv(|v| Ratio::int(v as i64))
        .insert_axis(ndarray::Axis(0))
}

/// The lesson's convolution: the three filters over one channel.
pub fn conv_layer(reduction: Reduction) -> Conv2d<Ratio> {
    let w: Array4<Ratio> = filters()
        .mapv(|v| Ratio::int(v as i64))
        .insert_axis(ndarray::Axis(1)); // [3, 1, 3, 3]
    Conv2d::new(w, reduction)
}

/// Features of an image after conv (mean), ReLU and two 2x2 max poolings,
/// flattened: 12 values.
fn features(img: &Array2<i8>) -> Array1<Ratio> {
    let conv = conv_layer(Reduction::Mean)
        .forward(&to_ratio_image(img))
        .expect("9x9 fits a 3x3 kernel");
    let p1 = Pool2d::SLIDES.forward(&relu(&conv)).expect("7x7 pools");
    let p2 = Pool2d::SLIDES.forward(&p1).expect("4x4 pools");
    flatten(&p2)
}

/// The vote: two outputs, X and O, with weights a person can read. A weight
/// is 1 where that class's ideal picture (the slides' X, the ring O) lights a
/// feature fully (1.00) and the other class's does not, and 0 elsewhere, so
/// each output counts the evidence for its class (the slides' 搜尋認知:
/// compare the list with the lists you remember). `[2, 12]`, bias 0.
pub fn vote_layer() -> Dense<Ratio> {
    let fx = features(&x_image());
    let fo = features(&o_image());
    let one = Ratio::ONE;
    let evidence = |mine: Ratio, other: Ratio| {
        if mine == one && other != one {
            one
        } else {
            Ratio::ZERO
        }
    };
    let mut w = Array2::from_elem((2, fx.len()), Ratio::ZERO);
    for i in 0..fx.len() {
        w[[0, i]] = evidence(fx[i], fo[i]);
        w[[1, i]] = evidence(fo[i], fx[i]);
    }
    Dense {
        weight: w,
        bias: Array1::from_elem(2, Ratio::ZERO),
    }
}

/// Every intermediate of the X/O network for one image.
#[derive(Clone, Debug)]
pub struct XoRun {
    /// `[1, 9, 9]`
    pub image: Array3<Ratio>,
    pub reduction: Reduction,
    /// `[3, 7, 7]`
    pub conv: Array3<Ratio>,
    pub conv_trace: Vec<CellTrace<Ratio>>,
    /// `[3, 7, 7]`
    pub relu: Array3<Ratio>,
    pub relu_trace: Vec<CellTrace<Ratio>>,
    /// `[3, 4, 4]`
    pub pool1: Array3<Ratio>,
    pub pool1_trace: Vec<CellTrace<Ratio>>,
    /// `[3, 2, 2]`
    pub pool2: Array3<Ratio>,
    pub pool2_trace: Vec<CellTrace<Ratio>>,
    /// `[12]`
    pub flat: Array1<Ratio>,
    pub vote: Dense<Ratio>,
    /// `[2]`: X, O
    pub logits: Array1<Ratio>,
    pub vote_trace: Vec<CellTrace<Ratio>>,
    /// `[2]`: P(X), P(O)
    pub probabilities: Vec<f64>,
}

/// Run the whole X/O network on a 9x9 image of ±1 (any integers work).
pub fn run(img: &Array2<i8>, reduction: Reduction) -> Result<XoRun, CoreError> {
    let image = to_ratio_image(img);
    let conv_layer = conv_layer(reduction);
    let conv = conv_layer.forward(&image)?; // [3, 7, 7]
    let conv_trace = conv_layer.trace(&image)?;
    let relu_map = relu(&conv);
    let relu_tr = relu_trace(&conv);
    let pool1 = Pool2d::SLIDES.forward(&relu_map)?; // [3, 4, 4]
    let pool1_trace = Pool2d::SLIDES.trace(&relu_map)?;
    let pool2 = Pool2d::SLIDES.forward(&pool1)?; // [3, 2, 2]
    let pool2_trace = Pool2d::SLIDES.trace(&pool1)?;
    let flat = flatten(&pool2); // [12]
    let vote = vote_layer();
    let logits = vote.forward(&flat)?;
    let vote_trace = vote.trace(&flat)?;
    let probabilities = softmax(logits.as_slice().unwrap_or(&[]));
    Ok(XoRun {
        image,
        reduction,
        conv,
        conv_trace,
        relu: relu_map,
        relu_trace: relu_tr,
        pool1,
        pool1_trace,
        pool2,
        pool2_trace,
        flat,
        vote,
        logits,
        vote_trace,
        probabilities,
    })
}

/// Seed 001's weighted-sum example: "Center element of the kernel is placed
/// over the source pixel. The source pixel is then replaced with a weighted
/// sum of itself and nearby pixels." The kernel `[[4,0,0],[0,0,0],[0,0,-4]]`
/// over the 3x3 neighbourhood `[[0,0,0],[0,1,1],[0,1,2]]` gives -8. The
/// neighbourhood sits at the centre of a small 5x5 source image.
pub fn weighted_sum_example() -> (Array3<Ratio>, Conv2d<Ratio>) {
    #[rustfmt::skip]
    let source: Vec<i64> = vec![
        3, 0, 1, 2, 7,
        1, 0, 0, 0, 5,
        2, 0, 1, 1, 1,
        0, 0, 1, 2, 3,
        4, 2, 1, 0, 6,
    ];
    let img = Array3::from_shape_vec((1, 5, 5), source.into_iter().map(Ratio::int).collect())
        .expect("25 values make 5x5");
    let kernel = Array4::from_shape_vec(
        (1, 1, 3, 3),
        [4, 0, 0, 0, 0, 0, 0, 0, -4]
            .into_iter()
            .map(Ratio::int)
            .collect(),
    )
    .expect("9 values make 3x3");
    (img, Conv2d::new(kernel, Reduction::Sum))
}

/// Seed 001's padding example: a 3x3 image padded by 1 with zeros to 5x5,
/// convolved with a 3x3 kernel at the given stride.
pub fn padding_example(padding: usize, stride: usize) -> (Array3<Ratio>, Conv2d<Ratio>) {
    let img = Array3::from_shape_vec(
        (1, 3, 3),
        [1, 2, 3, 4, 5, 6, 7, 8, 9]
            .into_iter()
            .map(Ratio::int)
            .collect(),
    )
    .expect("9 values make 3x3");
    let kernel = Array4::from_shape_vec(
        (1, 1, 3, 3),
        [0, 1, 0, 1, 1, 1, 0, 1, 0]
            .into_iter()
            .map(Ratio::int)
            .collect(),
    )
    .expect("9 values make 3x3");
    let mut conv = Conv2d::new(kernel, Reduction::Sum);
    conv.padding = Padding::Explicit(padding);
    conv.stride = (stride, stride);
    (img, conv)
}

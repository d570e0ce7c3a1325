//! Class activation maps: which graphs have one, a map computed by hand,
//! and the bar: a network trained to answer from one corner looks there.

use burn::module::{Module, Param};
use burn::nn::loss::CrossEntropyLossConfig;
use burn::optim::{AdamConfig, GradientsParams};
use burn::tensor::{Device, Int, Tensor, TensorData};

use super::*;
use crate::graph::{ops, Builder};
use crate::rng::Rng;
use crate::spec::{Activation::*, Padding::*, Shape3};
use crate::train::block_on;

fn read(t: Tensor<2>) -> Vec<f32> {
    t.into_data().try_into_vec_as::<f32>().unwrap()
}

/// Input, one 3x3 convolution, then `top` on it.
fn ending(top: &[Op]) -> Graph {
    let (mut b, x) = Builder::new("top", Shape3::new(8, 8, 1));
    let mut x = b.add(ops::conv(4, [3, 3], 1, Same, Relu), &[x]);
    for &op in top {
        x = b.add(op, &[x]);
    }
    b.finish()
}

/// Two convolution blocks on digits, then global average pooling and a
/// softmax (`gap`), or flatten and two Dense layers.
fn head(gap: bool) -> Graph {
    let (mut b, x) = Builder::new("head", Shape3::new(28, 28, 1));
    let x = b.add(ops::conv(16, [3, 3], 1, Same, Relu), &[x]);
    let x = b.add(ops::max_pool(2, 2, Valid), &[x]);
    let x = b.add(ops::conv(32, [3, 3], 1, Same, Relu), &[x]);
    let x = b.add(ops::max_pool(2, 2, Valid), &[x]);
    let x = if gap {
        let x = b.add(ops::conv(64, [3, 3], 1, Same, Relu), &[x]);
        b.add(Op::GlobalAvgPool, &[x])
    } else {
        let x = b.add(Op::Flatten, &[x]);
        b.add(ops::dense(256, Relu), &[x])
    };
    b.add(ops::dense(10, Softmax), &[x]);
    b.finish()
}

#[test]
fn cam_nodes_finds_the_maps_and_the_dense_layer_after_global_average_pooling() {
    // ..., conv (5), GAP (6), Dense (7).
    assert_eq!(cam_nodes(&head(true)), Some((5, 7)));
    // Dropout, a Flatten of the flat vector and a separate softmax are fine.
    let g = ending(&[
        Op::GlobalAvgPool,
        Op::Dropout { rate: 0.5 },
        Op::Flatten,
        ops::dense(3, Linear),
        ops::act(Softmax),
    ]);
    assert_eq!(cam_nodes(&g), Some((1, 5)));
    // Keras's ResNet50: the last block's output (2048 maps of 7x7).
    let resnet = crate::classic::resnet(&[3, 4, 6, 3], "resnet50");
    let (maps, dense) = cam_nodes(&resnet).unwrap();
    assert_eq!(dense, resnet.nodes.len() - 1);
    assert_eq!(resnet.shapes().unwrap()[maps].dims(), vec![7, 7, 2048]);

    // Not such an ending: flatten + dense, VGG's fully connected top, a
    // hidden Dense after the pooling, global max pooling, batch
    // normalization between, a network without a Dense output.
    assert_eq!(cam_nodes(&head(false)), None);
    assert_eq!(cam_nodes(&crate::classic::vgg(16, true)), None);
    for top in [
        vec![
            Op::GlobalAvgPool,
            ops::dense(8, Relu),
            ops::dense(3, Softmax),
        ],
        vec![Op::GlobalMaxPool, ops::dense(3, Softmax)],
        vec![Op::GlobalAvgPool, ops::bn(1e-3), ops::dense(3, Softmax)],
        vec![Op::GlobalAvgPool],
        vec![],
    ] {
        assert_eq!(cam_nodes(&ending(&top)), None, "{top:?}");
    }

    // And the map says so, in a sentence.
    let dev = Device::flex();
    let (m, net) = GraphModel::new(&head(false), &dev).unwrap();
    let err = block_on(class_activation_map(
        &m,
        &net,
        Tensor::zeros([1, 1, 28, 28], &dev),
        0,
    ));
    assert_eq!(err, Err(CamError::NotGapDense));
    assert!(err
        .unwrap_err()
        .to_string()
        .contains("global average pooling"));
}

/// A 1x1 convolution of 2 filters on a one-channel 2x3 picture, global
/// average pooling, Dropout, and a Dense layer of 3 units, every weight
/// set by hand, on `dev`.
fn hand_set(dev: &Device) -> (GraphModel, GraphNet) {
    let (mut b, x) = Builder::new("by hand", Shape3::new(2, 3, 1));
    let x = b.add(ops::conv(2, [1, 1], 1, Valid, Linear), &[x]);
    let x = b.add(Op::GlobalAvgPool, &[x]);
    let x = b.add(Op::Dropout { rate: 0.5 }, &[x]);
    b.add(ops::dense(3, Softmax), &[x]);
    let (m, mut net) = GraphModel::new(&b.finish(), dev).unwrap();
    let t1 = |v: Vec<f32>| {
        let n = v.len();
        Param::from_tensor(Tensor::<1>::from_data(TensorData::new(v, [n]), dev))
    };
    // A_0 = 2x + 0.5, A_1 = 1 - x.
    net.convs[0].weight = Param::from_tensor(Tensor::from_data(
        TensorData::new(vec![2.0f32, -1.0], [2, 1, 1, 1]),
        dev,
    ));
    net.convs[0].bias = Some(t1(vec![0.5, 1.0]));
    // w[c, k]: rows are the maps, columns the classes.
    net.denses[0].weight = Param::from_tensor(Tensor::from_data(
        TensorData::new(vec![1.0f32, 0.0, -2.0, 3.0, 1.0, 0.5], [2, 3]),
        dev,
    ));
    net.denses[0].bias = Some(t1(vec![0.25, 0.0, -1.0]));
    (m, net)
}

fn picture(dev: &Device) -> Tensor<4> {
    Tensor::from_data(
        TensorData::new(vec![1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0], [1, 1, 2, 3]),
        dev,
    )
}

#[test]
fn a_map_with_weights_set_by_hand_is_the_weighted_sum_of_the_maps() {
    // x = [[1, 2, 3], [4, 5, 6]]
    // A_0 = 2x + 0.5 = [[2.5, 4.5, 6.5], [8.5, 10.5, 12.5]]
    // A_1 = 1 - x    = [[0, -1, -2], [-3, -4, -5]]
    // M_0 = 1·A_0 + 3·A_1    = [[2.5, 1.5, 0.5], [-0.5, -1.5, -2.5]]
    // M_1 = 0·A_0 + 1·A_1    = A_1
    // M_2 = -2·A_0 + 0.5·A_1 = [[-5, -9.5, -14], [-18.5, -23, -27.5]]
    let want: [[f32; 6]; 3] = [
        [2.5, 1.5, 0.5, -0.5, -1.5, -2.5],
        [0.0, -1.0, -2.0, -3.0, -4.0, -5.0],
        [-5.0, -9.5, -14.0, -18.5, -23.0, -27.5],
    ];
    let dev = Device::flex();
    let (m, net) = hand_set(&dev);
    assert_eq!(cam_nodes(&m.graph), Some((1, 4)));
    let logits = read(m.logits(&net, picture(&dev), false).0);
    let bias = [0.25f32, 0.0, -1.0];
    // The same on an autodiff device (a network in training): it runs as
    // at inference, so Dropout changes nothing.
    let ad = dev.clone().autodiff();
    let (mad, netad) = hand_set(&ad);
    for (k, want) in want.iter().enumerate() {
        for (model, net, d) in [(&m, &net, &dev), (&mad, &netad, &ad)] {
            let map = block_on(class_activation_map(model, net, picture(d), k)).unwrap();
            assert_eq!((map.height, map.width), (2, 3));
            for (got, want) in map.values.iter().zip(want) {
                assert!(
                    (got - want).abs() < 1e-5,
                    "class {k}: {:?} vs {want:?}",
                    map.values
                );
            }
            let lo = want.iter().copied().fold(f32::INFINITY, f32::min);
            let hi = want.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            assert!(
                (map.min - lo).abs() < 1e-5 && (map.max - hi).abs() < 1e-5,
                "{map:?}"
            );
            // The map's mean plus the bias is the class's score.
            assert!(
                (map.mean() + bias[k] - logits[k]).abs() < 1e-4,
                "{map:?} {logits:?}"
            );
        }
    }
    // M_0 peaks at the top left; M_2 too.
    let map = block_on(class_activation_map(&m, &net, picture(&dev), 0)).unwrap();
    assert_eq!(map.peak(), Some((0, 0)));
    assert_eq!(map.get(1, 2), Some(-2.5));
    assert_eq!(map.get(2, 0), None);

    // Refusals, each with its sentence.
    let err = block_on(class_activation_map(&m, &net, picture(&dev), 3)).unwrap_err();
    assert_eq!(
        err,
        CamError::ClassOutOfRange {
            class: 3,
            classes: 3
        }
    );
    assert!(err.to_string().contains("3 classes"), "{err}");
    let err = block_on(class_activation_map(
        &m,
        &net,
        Tensor::zeros([2, 1, 2, 3], &dev),
        0,
    ))
    .unwrap_err();
    assert_eq!(
        err,
        CamError::ImageShape {
            expected: [1, 2, 3],
            found: [2, 1, 2, 3]
        }
    );
    assert!(err.to_string().contains("1x1x2x3"), "{err}");
}

#[test]
fn upsampling_interpolates_between_cell_centres() {
    let map = ClassMap::from_values(2, 2, vec![0.0, 4.0, 8.0, 12.0]);
    let up = map.upsample(4, 4);
    assert_eq!((up.height, up.width), (4, 4));
    #[rustfmt::skip]
    let want = [
        0.0, 1.0, 3.0, 4.0,
        2.0, 3.0, 5.0, 6.0,
        6.0, 7.0, 9.0, 10.0,
        8.0, 9.0, 11.0, 12.0,
    ];
    assert_eq!(up.values, want);
    assert_eq!((up.min, up.max), (0.0, 12.0));
    // One cell fills the picture; the same size is the same map.
    let one = ClassMap::from_values(1, 1, vec![-3.0]).upsample(3, 5);
    assert_eq!(one.values, vec![-3.0; 15]);
    assert_eq!(map.upsample(2, 2), map);
    assert!(map.upsample(0, 4).values.is_empty());
    assert_eq!(map.peak(), Some((1, 1)));
}

// The bar: class 1 is "a bright square in the top-left corner".

const SIDE: usize = 16;
const BLOB: usize = 4;

/// A `SIDE x SIDE` picture of noise in `[0, 0.5)` with, when `corner` is
/// given (0 top left, 1 top right, 2 bottom left, 3 bottom right), a
/// `BLOB x BLOB` square in `[0.8, 1)` within 2 pixels of that corner.
fn corner_picture(rng: &mut Rng, corner: Option<usize>) -> Vec<f32> {
    let mut px: Vec<f32> = (0..SIDE * SIDE).map(|_| rng.range(0.0, 0.5)).collect();
    if let Some(q) = corner {
        let (dr, dc) = (rng.below(3), rng.below(3));
        let r0 = if q < 2 { dr } else { SIDE - BLOB - dr };
        let c0 = if q.is_multiple_of(2) {
            dc
        } else {
            SIDE - BLOB - dc
        };
        for r in r0..r0 + BLOB {
            for c in c0..c0 + BLOB {
                px[r * SIDE + c] = rng.range(0.8, 1.0);
            }
        }
    }
    px
}

/// `n` pictures, half of class 1 (the square at the top left), half of
/// class 0 (the square in one of the other corners, or none); pixels
/// `[n, 1, SIDE, SIDE]` and labels.
fn corner_set(n: usize, seed: u64) -> (Vec<f32>, Vec<i64>) {
    let mut rng = Rng::new(seed);
    let mut pixels = Vec::with_capacity(n * SIDE * SIDE);
    let mut labels = Vec::with_capacity(n);
    for i in 0..n {
        let corner = if i % 2 == 1 {
            Some(0)
        } else {
            // Other corners three times in four, none once.
            [Some(1), Some(2), Some(3), None][rng.below(4)]
        };
        pixels.extend(corner_picture(&mut rng, corner));
        labels.push(i64::from(corner == Some(0)));
    }
    (pixels, labels)
}

/// Three 3x3 convolutions with a 2x2 pooling after the first (8x8 last maps),
/// global average pooling, a softmax over two classes.
fn corner_net() -> Graph {
    let (mut b, x) = Builder::new("corner", Shape3::new(SIDE, SIDE, 1));
    let x = b.add(ops::conv(8, [3, 3], 1, Same, Relu), &[x]);
    let x = b.add(ops::max_pool(2, 2, Valid), &[x]);
    let x = b.add(ops::conv(16, [3, 3], 1, Same, Relu), &[x]);
    let x = b.add(ops::conv(16, [3, 3], 1, Same, Relu), &[x]);
    let x = b.add(Op::GlobalAvgPool, &[x]);
    b.add(ops::dense(2, Softmax), &[x]);
    b.finish()
}

fn batch(
    pixels: &[f32],
    labels: &[i64],
    idx: &[usize],
    dev: &Device,
) -> (Tensor<4>, Tensor<1, Int>) {
    let len = SIDE * SIDE;
    let mut px = Vec::with_capacity(idx.len() * len);
    for &i in idx {
        px.extend_from_slice(&pixels[i * len..(i + 1) * len]);
    }
    let y: Vec<i64> = idx.iter().map(|&i| labels[i]).collect();
    (
        Tensor::from_data(TensorData::new(px, [idx.len(), 1, SIDE, SIDE]), dev),
        Tensor::from_data(TensorData::new(y, [idx.len()]), dev),
    )
}

/// Accuracy of `net` (at inference) on the pictures.
fn accuracy(m: &GraphModel, net: &GraphNet, pixels: &[f32], labels: &[i64], dev: &Device) -> f32 {
    let all: Vec<usize> = (0..labels.len()).collect();
    let (x, y) = batch(pixels, labels, &all, dev);
    let (logits, _) = m.logits(net, x, false);
    let correct = logits.argmax(1).squeeze_dim::<1>(1).equal(y).int().sum();
    let correct = correct.into_data().try_into_vec_as::<i64>().unwrap()[0];
    correct as f32 / labels.len() as f32
}

/// Whether `(row, col)` of a `height x width` map lies in `corner`'s
/// quarter (0 top left, 1 top right, 2 bottom left, 3 bottom right).
fn in_quarter(corner: usize, (row, col): (usize, usize), height: usize, width: usize) -> bool {
    (row < height / 2) == (corner < 2) && (col < width / 2) == corner.is_multiple_of(2)
}

/// Class 1's map of a picture, read as the page reads it.
fn map_of(m: &GraphModel, net: &GraphNet, picture: Vec<f32>, dev: &Device) -> ClassMap {
    let x = Tensor::from_data(TensorData::new(picture, [1, 1, SIDE, SIDE]), dev);
    block_on(class_activation_map(m, net, x, 1)).unwrap()
}

#[test]
fn a_network_that_answers_from_the_top_left_corner_looks_there() {
    const TRAIN: usize = 512;
    const EPOCHS: usize = 12;
    const BATCH: usize = 32;
    let (pixels, labels) = corner_set(TRAIN, 11);
    let ad = Device::flex().autodiff();
    let (m, mut net) =
        crate::graph_net::seeded(&ad, 3, || GraphModel::new(&corner_net(), &ad)).unwrap();
    let mut optim = AdamConfig::new().init();
    let loss_fn = CrossEntropyLossConfig::new().init(&ad);
    let mut order: Vec<usize> = (0..TRAIN).collect();
    let mut rng = Rng::new(5);
    for _ in 0..EPOCHS {
        rng.shuffle(&mut order);
        for idx in order.chunks(BATCH) {
            let (x, y) = batch(&pixels, &labels, idx, &ad);
            let (logits, _) = m.logits(&net, x, false);
            let grads = loss_fn.forward(logits, y).backward();
            let grads = GradientsParams::from_grads(grads, &net);
            net = optim.step(3e-3, net, grads);
        }
    }
    let inner = ad.clone().inner();
    let valid = net.valid();
    let train_acc = accuracy(&m, &valid, &pixels, &labels, &inner);
    let (test_px, test_labels) = corner_set(200, 12);
    let test_acc = accuracy(&m, &valid, &test_px, &test_labels, &inner);
    eprintln!("training accuracy {train_acc:.3}, test accuracy {test_acc:.3}");
    assert!(train_acc >= 0.95, "training accuracy {train_acc}");
    assert!(test_acc >= 0.9, "test accuracy {test_acc}");

    // New pictures of class 1, each also without its square (the same
    // noise): where class 1's map peaks, and where the square adds to it.
    // The network is the one in training (autodiff), as the page has it.
    // The peak is the network's doing (measured: 100/100 here; the same
    // network trained to answer from the bottom-right corner peaks in
    // the top-left quarter for 63/100 of these pictures, and fails).
    // The addition checks the map's geometry:
    // only the top-left pixels changed, so a map with its rows and
    // columns swapped or scrambled would put the change elsewhere.
    let mut rng = Rng::new(13);
    let (n, mut peaks, mut added_peaks, mut shares) = (100, 0, 0, 0.0f32);
    let mut peak_cells = std::collections::BTreeMap::new();
    for _ in 0..n {
        let bare = corner_picture(&mut rng.clone(), None);
        let map = map_of(&m, &net, corner_picture(&mut rng, Some(0)), &ad);
        let without = map_of(&m, &net, bare, &ad);
        let (h, w) = (map.height, map.width);
        assert_eq!((h, w), (SIDE / 2, SIDE / 2));
        let peak = map.peak().unwrap();
        *peak_cells.entry(peak).or_insert(0) += 1;
        peaks += usize::from(in_quarter(0, peak, h, w));
        let added: Vec<f32> = map
            .values
            .iter()
            .zip(&without.values)
            .map(|(a, b)| a - b)
            .collect();
        let added = ClassMap::from_values(h, w, added);
        added_peaks += usize::from(in_quarter(0, added.peak().unwrap(), h, w));
        let (mut there, mut all) = (0.0, 0.0);
        for (j, &v) in added.values.iter().enumerate() {
            if v > 0.0 {
                all += v;
                if in_quarter(0, (j / w, j % w), h, w) {
                    there += v;
                }
            }
        }
        shares += if all > 0.0 { there / all } else { 0.0 };
    }
    let share = shares / n as f32;
    eprintln!(
        "class 1, square at the top left: map peaks in the top-left quarter {peaks}/{n} \
         (cells {peak_cells:?}); what the square adds peaks there {added_peaks}/{n}, \
         with {share:.3} of its positive mass"
    );
    assert!(
        peaks >= 95,
        "peaks in the top-left quarter: {peaks}/{n}, cells {peak_cells:?}"
    );
    assert!(
        added_peaks >= 95,
        "the square's addition peaks there {added_peaks}/{n}"
    );
    assert!(
        share >= 0.6,
        "share of the square's addition there: {share}"
    );
}

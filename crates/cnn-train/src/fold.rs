//! Batch normalization folded into the convolution before it, for a network
//! that only looks (a frozen pretrained base): the same answers with fewer
//! passes over memory.
//!
//! After training, batch normalization is a fixed affine map per channel,
//! `y = gamma * (x - mean) / sqrt(variance + epsilon) + beta`. When `x` is a
//! convolution without bias, that map can be moved into the convolution:
//! each output channel's kernel is scaled by `s = gamma / sqrt(variance +
//! epsilon)` and it gains the bias `beta - s * mean`. An activation that
//! follows alone moves into the convolution too. In EfficientNet-Lite0
//! that takes away all 49 batch normalizations and the 33 activations after
//! them.
//!
//! Only for looking: a folded network trains differently (its batch
//! statistics would be gone), so the page keeps the graph it shows whole and
//! runs the folded one.

use crate::graph::{Graph, Node, Op};
use crate::pretrained::param_shapes;
use crate::spec::Activation;

/// `graph` with every convolution → batch normalization (→ activation)
/// folded into one convolution, and its weights (`weights` in
/// [`param_shapes`]' order) to match. Layers that do not fit the pattern
/// stay as they are. `None` when `weights` is not `graph`'s.
pub fn fold_batch_norm(graph: &Graph, weights: &[Vec<f32>]) -> Option<(Graph, Vec<Vec<f32>>)> {
    let shapes = param_shapes(graph);
    if shapes.len() != weights.len()
        || shapes
            .iter()
            .zip(weights)
            .any(|(s, w)| s.iter().product::<usize>() != w.len())
    {
        return None;
    }
    // Each node's tensors, as slices of `weights`.
    let mut owned: Vec<Vec<Vec<f32>>> = Vec::with_capacity(graph.nodes.len());
    let mut next = weights.iter();
    let flows = graph.shapes().ok()?;
    for node in &graph.nodes {
        let count = match node.inputs.first() {
            Some(&i) => node.op.params(flows[i]).len(),
            None => 0,
        };
        owned.push(next.by_ref().take(count).cloned().collect());
    }
    let mut readers = vec![0usize; graph.nodes.len()];
    for node in &graph.nodes {
        for &i in &node.inputs {
            readers[i] += 1;
        }
    }
    // Old index → new index; a folded layer answers with its convolution.
    let mut new_index = vec![0usize; graph.nodes.len()];
    let mut nodes: Vec<Node> = Vec::new();
    let mut tensors: Vec<Vec<Vec<f32>>> = Vec::new();
    // The convolution (old index) a node was folded into.
    let mut folded_into: Vec<Option<usize>> = vec![None; graph.nodes.len()];
    for (i, node) in graph.nodes.iter().enumerate() {
        let single = |n: &Node| (n.inputs.len() == 1).then(|| n.inputs[0]);
        match (node.op, single(node)) {
            (
                Op::BatchNorm {
                    epsilon,
                    center,
                    scale,
                },
                Some(c),
            ) if readers[c] == 1 && foldable(&graph.nodes[c].op) => {
                let at = new_index[c];
                let bn = &owned[i];
                let mut k = 0;
                let mut next_bn = || {
                    k += 1;
                    &bn[k - 1]
                };
                let gamma = scale.then(&mut next_bn).cloned();
                let beta = center.then(&mut next_bn).cloned();
                let mean = next_bn().clone();
                let variance = next_bn().clone();
                let kernel = &mut tensors[at][0];
                let per = kernel.len() / mean.len();
                let mut bias = vec![0.0; mean.len()];
                for (o, b) in bias.iter_mut().enumerate() {
                    let g = gamma.as_ref().map_or(1.0, |g| g[o]);
                    let s = g / (variance[o] + epsilon).sqrt();
                    for w in &mut kernel[o * per..(o + 1) * per] {
                        *w *= s;
                    }
                    *b = beta.as_ref().map_or(0.0, |b| b[o]) - s * mean[o];
                }
                tensors[at].push(bias);
                set_bias(&mut nodes[at].op);
                new_index[i] = at;
                folded_into[i] = Some(c);
            }
            (Op::Activation { activation }, Some(b))
                if readers[b] == 1
                    && folded_into[b].is_some_and(|c| readers[c] == 1)
                    && activation != Activation::Softmax =>
            {
                let at = new_index[b];
                set_activation(&mut nodes[at].op, activation);
                new_index[i] = at;
            }
            _ => {
                let mut n = node.clone();
                n.inputs = node.inputs.iter().map(|&j| new_index[j]).collect();
                new_index[i] = nodes.len();
                nodes.push(n);
                tensors.push(owned[i].clone());
            }
        }
    }
    let folded = Graph {
        name: graph.name.clone(),
        nodes,
        sequential: graph.sequential,
    };
    Some((folded, tensors.into_iter().flatten().collect()))
}

/// A convolution without bias or activation, whose output a batch
/// normalization can be folded into.
fn foldable(op: &Op) -> bool {
    matches!(
        op,
        Op::Conv2d {
            bias: false,
            activation: Activation::Linear,
            ..
        } | Op::DepthwiseConv2d {
            bias: false,
            activation: Activation::Linear,
            ..
        }
    )
}

fn set_bias(op: &mut Op) {
    if let Op::Conv2d { bias, .. } | Op::DepthwiseConv2d { bias, .. } = op {
        *bias = true;
    }
}

fn set_activation(op: &mut Op, to: Activation) {
    if let Op::Conv2d { activation, .. } | Op::DepthwiseConv2d { activation, .. } = op {
        *activation = to;
    }
}

#[cfg(all(test, feature = "burn"))]
mod tests {
    use burn::tensor::{Device, Tensor, TensorData};

    use super::*;
    use crate::efficientnet;
    use crate::graph::{ops, Builder, OpKind};
    use crate::graph_net::GraphModel;
    use crate::rng::Rng;
    use crate::spec::{Activation::*, Padding::*, Shape3};

    /// Weights for `graph` where batch normalization is not the identity:
    /// scales, shifts, means and variances of their own.
    fn weights(graph: &Graph, seed: u64) -> Vec<Vec<f32>> {
        let mut rng = Rng::new(seed);
        let flows = graph.shapes().unwrap();
        let mut out = Vec::new();
        for node in graph.nodes.iter().skip(1) {
            for p in node.op.params(flows[node.inputs[0]]) {
                let (lo, hi) = match p.name {
                    "gamma" => (0.5, 1.5),
                    "moving_variance" => (0.3, 2.0),
                    "beta" | "moving_mean" | "bias" => (-0.5, 0.5),
                    _ => (-0.4, 0.4),
                };
                out.push((0..p.len()).map(|_| rng.range(lo, hi)).collect());
            }
        }
        out
    }

    fn run(graph: &Graph, w: &[Vec<f32>], x: &[f32], shape: [usize; 4]) -> Vec<f32> {
        let device = Device::flex();
        let (model, net) = GraphModel::new(graph, &device).unwrap();
        let net = model.write_weights(net, w, &device).unwrap();
        let x = Tensor::<4>::from_data(TensorData::new(x.to_vec(), shape), &device);
        model
            .forward(&net, x)
            .into_data()
            .try_into_vec_as::<f32>()
            .unwrap()
    }

    fn picture(len: usize, seed: u64) -> Vec<f32> {
        let mut rng = Rng::new(seed);
        (0..len).map(|_| rng.range(-1.0, 1.0)).collect()
    }

    fn kinds(g: &Graph) -> Vec<OpKind> {
        g.nodes.iter().map(|n| n.op.kind()).collect()
    }

    #[test]
    fn a_folded_network_gives_the_same_answers_with_fewer_layers() {
        // conv → bn → relu6 → depthwise → bn → relu6, a 1x1 conv → bn whose
        // output a shortcut also reads (the bn folds; what reads it stays),
        // a bn after a convolution with bias (stays), pooling, dense.
        let (mut b, x) = Builder::new("t", Shape3::new(9, 9, 3));
        let y = b.add(ops::conv_nb(8, 3, 1, Same), &[x]);
        let y = b.add(ops::bn(1e-3), &[y]);
        let y = b.add(ops::act(Relu6), &[y]);
        let d = b.add(
            Op::DepthwiseConv2d {
                kernel: [3, 3],
                stride: [2, 2],
                padding: Same,
                multiplier: 1,
                activation: Linear,
                bias: false,
            },
            &[y],
        );
        let d = b.add(ops::bn(1e-3), &[d]);
        let d = b.add(ops::act(Relu6), &[d]);
        let p = b.add(ops::conv_nb(8, 1, 1, Valid), &[d]);
        let p = b.add(ops::bn(1e-3), &[p]);
        let s = b.add(Op::Add, &[p, d]);
        let c = b.add(ops::conv(8, [1, 1], 1, Valid, Linear), &[s]);
        let c = b.add(ops::bn(1e-3), &[c]);
        let g = b.add(Op::GlobalAvgPool, &[c]);
        b.add(ops::dense(4, Softmax), &[g]);
        let graph = b.finish();
        let w = weights(&graph, 7);
        let (folded, fw) = fold_batch_norm(&graph, &w).unwrap();
        use OpKind as K;
        assert_eq!(
            kinds(&folded),
            [
                K::Input,
                K::Conv2d,
                K::DepthwiseConv2d,
                K::Conv2d,
                K::Add,
                K::Conv2d,
                K::BatchNorm,
                K::GlobalAvgPool,
                K::Dense
            ]
        );
        assert_eq!(fw.len(), param_shapes(&folded).len());
        for seed in 0..3 {
            let x = picture(2 * 3 * 9 * 9, seed);
            let want = run(&graph, &w, &x, [2, 3, 9, 9]);
            let got = run(&folded, &fw, &x, [2, 3, 9, 9]);
            let diff = want
                .iter()
                .zip(&got)
                .map(|(a, b)| (a - b).abs())
                .fold(0.0, f32::max);
            assert!(diff < 1e-5, "folded differs by {diff}");
        }
    }

    #[test]
    fn efficientnet_lite0_folds_every_batch_normalization() {
        let graph = efficientnet::lite0(true);
        let w = weights(&graph, 3);
        let (folded, fw) = fold_batch_norm(&graph, &w).unwrap();
        let count = |g: &Graph, k: OpKind| g.nodes.iter().filter(|n| n.op.kind() == k).count();
        assert_eq!(count(&graph, OpKind::BatchNorm), 49);
        assert_eq!(count(&folded, OpKind::BatchNorm), 0);
        assert_eq!(count(&folded, OpKind::Activation), 0);
        assert_eq!(
            count(&folded, OpKind::Conv2d) + count(&folded, OpKind::DepthwiseConv2d),
            49
        );
        assert_eq!(fw.len(), param_shapes(&folded).len());
        assert!(
            fold_batch_norm(&graph, &w[1..]).is_none(),
            "not its weights"
        );
    }
}

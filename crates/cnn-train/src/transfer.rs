//! Transfer learning by feature extraction (seed 001, 8-3, method 1): a
//! network pretrained on ImageNet, frozen, looks at each photo once; what
//! it keeps of the photo (the 1,280 averages of its last maps) is all a new,
//! small classifier (the head) learns from.
//!
//! The base is EfficientNet-Lite0 ([`crate::efficientnet::lite0`]) without
//! its ImageNet classifier, batch normalization folded into its
//! convolutions ([`crate::fold`]): frozen, it only looks. The head is an
//! ordinary sequential model that the trainer ([`crate::train::Trainer`])
//! trains on the features as on 1x1 pictures of 1,280 channels, so the
//! curves, the pause and the model file work as for any model.

use burn::tensor::{Device, Tensor, TensorData};

mod shared;
pub use shared::{LocalLookers, LookJob, Looked, Lookers, CUT_VALUES};

use crate::data::augment::Augment;
use crate::data::{DataError, Dataset};
use crate::efficientnet::{self, FEATURES, INPUT_SIDE};
use crate::fold::fold_batch_norm;
use crate::graph::{Flow, Graph, Op};
use crate::graph_net::{GraphModel, GraphNet, Value};
use crate::onnx::Part;
use crate::pretrained::{self, WeightsError};
use crate::protocol::{BlockMaps, ClassActivation, LayerOutput, Payload, Reply, WorkerError};
use crate::rng::Rng;
use crate::spec::{Activation, Layer, ModelSpec, Output, Shape3};
use crate::train::{read_f32, Occluder, Trainer};

/// What the head reads: the base's features as a 1x1 picture.
pub const HEAD_INPUT: Shape3 = Shape3::new(1, 1, FEATURES);

/// The frozen base: EfficientNet-Lite0 up to global average pooling, with
/// its ImageNet weights.
pub struct Base {
    model: GraphModel,
    net: GraphNet,
    device: Device,
    /// The nodes [`Base::look`] reads: the early block's output, the late
    /// block's, and the last maps (what the global average pooling
    /// averages).
    looked_at: [usize; 3],
    /// The node whose output fine-tuning starts from (the input of
    /// [`TUNE_FROM`]), and the first node it unfreezes.
    cut: (usize, usize),
}

/// Fine-tuning (seed 001, 8-3) unfreezes the base from this block on: its
/// last MBConv block and the top convolution (1,013,696 parameters with
/// the folded normalizations' biases), the head's learned weights on top. Batch normalization stays frozen, as
/// seed 001 says: here it is folded into the convolutions, a fixed scale
/// and shift, and moves only as their weights move.
pub const TUNE_FROM: &str = "block7a";
/// The learning rate proposed for fine-tuning (the slides use 1e-5 to 2e-5:
/// small steps, so the pretrained weights are adjusted, not wiped out).
pub const TUNE_LEARNING_RATE: f64 = 1e-5;

/// `(cut, first)`: the node [`TUNE_FROM`]'s first node reads, and that
/// first node.
fn cut_of(graph: &Graph) -> Option<(usize, usize)> {
    let first = graph
        .nodes
        .iter()
        .position(|n| n.block.as_deref() == Some(TUNE_FROM))?;
    Some((*graph.nodes[first].inputs.first()?, first))
}

/// The block whose maps show what early layers see (seed 001: edges,
/// colours, textures every task shares): the first MBConv block, 112x112.
pub const EARLY_BLOCK: &str = "block1a";
/// The block whose maps show what late layers see (parts specific to
/// ImageNet's classes): the last MBConv block, 7x7.
pub const LATE_BLOCK: &str = "block7a";
/// How many maps of each block [`Base::look`] hands back.
pub const MAPS_SHOWN: usize = 8;

/// What the base makes of one photo, for a learner to look at.
#[derive(Debug, Clone, PartialEq)]
pub struct Look {
    /// The early and the late block's strongest maps ([`EARLY_BLOCK`],
    /// [`LATE_BLOCK`]).
    pub blocks: Vec<BlockMaps>,
    /// The last maps, `[1280, 7, 7]`: the features are their means.
    pub last: LayerOutput,
}

/// The output nodes of [`EARLY_BLOCK`] and [`LATE_BLOCK`] (a block's last
/// node: its shortcut's `Add`, or its projection), and the node the global
/// average pooling reads.
fn looked_at(graph: &Graph) -> Option<[usize; 3]> {
    let last_of = |block: &str| {
        graph
            .nodes
            .iter()
            .rposition(|n| n.block.as_deref() == Some(block))
    };
    let pool = graph
        .nodes
        .iter()
        .rposition(|n| n.op == Op::GlobalAvgPool)?;
    let maps = *graph.nodes[pool].inputs.first()?;
    Some([last_of(EARLY_BLOCK)?, last_of(LATE_BLOCK)?, maps])
}

impl std::fmt::Debug for Base {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Base").finish_non_exhaustive()
    }
}

impl Base {
    /// The base from the weights file's bytes ([`pretrained::LITE0_FILE`]);
    /// the file's ImageNet classifier is left out.
    pub fn new(weights: &[u8], device: &Device) -> Result<Base, WeightsError> {
        let whole = efficientnet::lite0(true);
        let base = efficientnet::lite0(false);
        let mut values = pretrained::weights_for(&whole, weights)?;
        values.truncate(pretrained::param_lengths(&base).len());
        let wrong = || WeightsError::WrongNetwork {
            expected: base.name.clone(),
            found: whole.name.clone(),
        };
        let (graph, values) = fold_batch_norm(&base, &values).ok_or_else(wrong)?;
        let looked_at = looked_at(&graph).ok_or_else(wrong)?;
        let cut = cut_of(&graph).ok_or_else(wrong)?;
        let (model, net) = GraphModel::new(&graph, device).map_err(|_| wrong())?;
        let net = model
            .write_weights(net, &values, device)
            .ok_or_else(wrong)?;
        Ok(Base {
            model,
            net,
            device: device.clone(),
            looked_at,
            cut,
        })
    }

    /// The same network as it starts, before any training (Keras's random
    /// initialisation, batch normalization the identity): what ImageNet's
    /// weights bring is the difference between this base's features and
    /// [`Base::new`]'s.
    pub fn untrained(device: &Device) -> Base {
        let graph = efficientnet::lite0(false);
        let looked_at = looked_at(&graph).expect("EfficientNet-Lite0 has its blocks");
        let cut = cut_of(&graph).expect("EfficientNet-Lite0 has its last block");
        let (model, net) =
            GraphModel::new(&graph, device).expect("EfficientNet-Lite0's shapes fit");
        Base {
            model,
            net,
            device: device.clone(),
            looked_at,
            cut,
        }
    }

    /// The features of 224x224 centre crops (each planar RGB bytes, as
    /// `cnn_photos::prepare::fit` makes them): `[n, 1280]`.
    pub fn features(&self, crops: &[&[u8]]) -> Tensor<2> {
        let unit: Vec<f32> = crops
            .iter()
            .flat_map(|c| c.iter().map(|&v| f32::from(v) / 255.0))
            .collect();
        self.features_of(unit, crops.len())
    }

    /// The features of `n` 224x224 pictures with values in `[0, 1]`,
    /// `[n, 3, 224, 224]` planar: `[n, 1280]`.
    pub fn features_of(&self, pixels: Vec<f32>, n: usize) -> Tensor<2> {
        self.model.forward(&self.net, self.input(pixels, n))
    }

    /// [`Base::features_of`], and the maps fine-tuning starts from
    /// (`[n, 192, 7, 7]`, what [`TUNE_FROM`] reads).
    pub fn features_and_cut(&self, pixels: Vec<f32>, n: usize) -> (Tensor<2>, Tensor<4>) {
        let (features, kept) =
            self.model
                .forward_keeping(&self.net, self.input(pixels, n), self.cut.0);
        let cut = match kept {
            Some(Value::Maps(m)) => m,
            // A checked graph's cut node is maps (the constructor found it).
            _ => Tensor::zeros([n, 0, 0, 0], &self.device),
        };
        (features, cut)
    }

    /// `n` pictures in `[0, 1]` as the base takes them.
    fn input(&self, mut pixels: Vec<f32>, n: usize) -> Tensor<4> {
        let side = INPUT_SIDE;
        pretrained::imagenet_normalize(&mut pixels, side);
        Tensor::<4>::from_data(TensorData::new(pixels, [n, 3, side, side]), &self.device)
    }

    /// What the base makes of one 224x224 picture (`[3, 224, 224]`, values
    /// in `[0, 1]`): the [`MAPS_SHOWN`] strongest maps of an early and a
    /// late block, and its last maps.
    pub async fn look(&self, image: &[f32]) -> Result<Look, WorkerError> {
        pretrained::check_input(image.len())?;
        let (_, mut kept) = self
            .model
            .logits(&self.net, self.input(image.to_vec(), 1), true);
        let mut read = |node: usize| {
            let value = std::mem::replace(
                &mut kept[node],
                Value::Flat(Tensor::zeros([0, 0], &self.device)),
            );
            async move {
                let Value::Maps(maps) = value else {
                    return Err(WorkerError::AnswerSize);
                };
                let [_, c, h, w] = maps.dims();
                Ok(LayerOutput {
                    shape: [c, h, w],
                    values: read_f32(maps).await?,
                })
            }
        };
        let [early, late, last] = self.looked_at;
        let early = strongest(EARLY_BLOCK, read(early).await?);
        let late = strongest(LATE_BLOCK, read(late).await?);
        let last = read(last).await?;
        Ok(Look {
            blocks: vec![early, late],
            last,
        })
    }
}

/// The [`MAPS_SHOWN`] channels of `out` with the largest mean, strongest
/// first.
fn strongest(block: &str, out: LayerOutput) -> BlockMaps {
    let [c, h, w] = out.shape;
    let plane = h * w;
    let mean =
        |k: usize| out.values[k * plane..(k + 1) * plane].iter().sum::<f32>() / plane.max(1) as f32;
    let mut channels: Vec<usize> = (0..c).collect();
    channels.sort_by(|&a, &b| mean(b).total_cmp(&mean(a)));
    channels.truncate(MAPS_SHOWN);
    let values = channels
        .iter()
        .flat_map(|&k| out.values[k * plane..(k + 1) * plane].iter().copied())
        .collect();
    BlockMaps {
        block: block.to_string(),
        shape: out.shape,
        maps: LayerOutput {
            shape: [channels.len(), h, w],
            values,
        },
        channels,
    }
}

/// The class activation map of `class` for a [`head`] reading the base's
/// features, from the base's `last` maps (`[1280, h, w]`), the head's
/// Dense kernel (`[1280, classes]`, row-major) and the per-feature
/// `(mean, sd)` it standardises with (empty: none):
///
/// ```text
/// M(y, x) = Σ_c kernel[c, class] · (last_c(y, x) − mean_c) / sd_c
/// ```
///
/// The features are the means of the last maps and the head is linear
/// before its softmax, so the map's mean plus the head's bias for the
/// class is the class's score (its logit). `None` when the sizes do not
/// agree.
pub fn head_class_map(
    last: &LayerOutput,
    kernel: &[f32],
    input_norm: &[(f32, f32)],
    class: usize,
) -> Option<ClassActivation> {
    let [channels, rows, cols] = last.shape;
    let plane = rows * cols;
    if channels == 0
        || !kernel.len().is_multiple_of(channels)
        || last.values.len() != channels * plane
    {
        return None;
    }
    let classes = kernel.len() / channels;
    if class >= classes || !(input_norm.is_empty() || input_norm.len() == channels) {
        return None;
    }
    let mut values = vec![0.0f32; plane];
    for (c, map) in last.values.chunks_exact(plane).enumerate() {
        let (mean, sd) = input_norm.get(c).copied().unwrap_or((0.0, 1.0));
        let weight = kernel[c * classes + class] / sd;
        for (v, &a) in values.iter_mut().zip(map) {
            *v += weight * (a - mean);
        }
    }
    Some(ClassActivation {
        class,
        rows,
        cols,
        values,
    })
}

/// Whether `spec` is a head on the base's features (its input is
/// [`HEAD_INPUT`]): such a model sees photos through the base.
pub fn is_head(spec: &ModelSpec) -> bool {
    spec.input == HEAD_INPUT
}

/// The occlusion map of a head's answer is coarser than a small network's:
/// each covered copy of the photo goes through the whole base (about 80 ms
/// in the browser), so a 5x5 grid of 56-pixel patches, 26 passes.
pub const OCCLUSION_PATCH: (usize, usize) = (56, 42);

/// Batches of photos that go through the base together.
pub const BATCH: usize = 8;

/// Why a trained network on the base (a [`head`], or a fine-tuned top,
/// [`is_tuned`]) answers as it does for a 224x224 picture (`[3, 224, 224]`,
/// values in `[0, 1]`): its prediction, the occlusion map
/// ([`OCCLUSION_PATCH`]), the class activation map of the predicted class
/// (a head's through the base's last maps, [`head_class_map`]; a
/// fine-tuned top's from its own last maps), and the maps of an early and
/// a late block ([`Base::look`]), as [`Reply::Explanation`].
pub async fn explain(base: &Base, top: &Trainer, image: &[f32]) -> Result<Reply, WorkerError> {
    pretrained::check_input(image.len())?;
    let tuned = is_tuned(top.spec());
    let side = INPUT_SIDE;
    let (patch, stride) = OCCLUSION_PATCH;
    let grid = Occluder::new(image, [3, side, side], patch, stride);
    let classes = top.spec().output.classes();
    let per = top.spec().input.len();
    let mut probs = Vec::with_capacity(grid.copies() * classes);
    let mut prediction = None;
    let mut first_maps = None;
    let mut start = 0;
    while start < grid.copies() {
        let n = BATCH.min(grid.copies() - start);
        // What the top reads: the features, or the maps fine-tuning starts from.
        let seen = if tuned {
            read_f32(base.features_and_cut(grid.batch(start, n), n).1).await?
        } else {
            read_f32(base.features_of(grid.batch(start, n), n)).await?
        };
        for row in seen.chunks_exact(per) {
            let p = top.predict(row).await?;
            probs.extend_from_slice(&p.probabilities);
            if prediction.is_none() {
                prediction = Some(p);
                first_maps = Some(row.to_vec());
            }
        }
        start += n;
    }
    let occlusion = grid.answer(&probs, classes)?;
    let prediction = prediction.ok_or(WorkerError::AnswerSize)?;
    let look = base.look(image).await?;
    let cam = match first_maps.filter(|_| tuned) {
        Some(maps) => top.class_map(&maps, occlusion.class).await?,
        None => {
            let weights = top.checkpoint().await?.weights;
            let kernel = weights.first().ok_or(WorkerError::AnswerSize)?;
            head_class_map(&look.last, kernel, top.input_norm(), occlusion.class)
        }
    };
    Ok(Reply::Explanation {
        prediction,
        occlusion,
        cam,
        blocks: look.blocks,
    })
}

/// The base and a trained network on it (a [`head`], or a fine-tuned top
/// with the part of the base before it) as one ONNX file
/// ([`crate::onnx`]): it takes the 224x224 photo in `[0, 1]` (the ImageNet
/// normalisation, the folded base, the head's standardisation and the head
/// are all inside), and gives the probabilities.
pub async fn onnx(base: &Base, top: &Trainer) -> Result<Vec<u8>, WorkerError> {
    let mut base_weights =
        base.model
            .read_weights(&base.net)
            .await
            .map_err(|e| WorkerError::Device {
                detail: e.to_string(),
            })?;
    let imagenet: Vec<(f32, f32)> = pretrained::IMAGENET_MEAN
        .iter()
        .zip(pretrained::IMAGENET_STD)
        .map(|(&m, s)| (m, s))
        .collect();
    // A fine-tuned top replaces the base from block7a on: the file holds
    // the base up to the maps it reads.
    let base_graph = if is_tuned(top.spec()) {
        let graph = &base.model.graph;
        let prefix = Graph {
            name: format!("{}-to-{TUNE_FROM}", graph.name),
            nodes: graph.nodes[..=base.cut.0].to_vec(),
            sequential: false,
        };
        base_weights.truncate(pretrained::param_lengths(&prefix).len());
        prefix
    } else {
        base.model.graph.clone()
    };
    let cp = top.checkpoint().await?;
    let parts = [
        Part {
            graph: &base_graph,
            weights: &base_weights,
            input_norm: &imagenet,
        },
        Part {
            graph: top.graph(),
            weights: &cp.weights,
            input_norm: &cp.input_norm,
        },
    ];
    let doc = top.onnx_doc(
        ", seen through EfficientNet-Lite0 pretrained on ImageNet (batch normalization folded in)",
    );
    let output = top.spec().output;
    Ok(crate::onnx::export(
        "transfer-efficientnet-lite0",
        &parts,
        output,
        &doc,
    )?)
}

/// The fine-tuned network's name ([`fine_tune_model`]).
pub const TUNED_NAME: &str = "transfer-fine-tune";

/// The maps [`Base::features_and_cut`] keeps, which a fine-tuned top reads.
pub const CUT_INPUT: Shape3 = Shape3::new(7, 7, 192);

/// Whether `spec` is a fine-tuned top of the base ([`fine_tune_model`]):
/// it reads the maps [`Base::features_and_cut`] keeps.
pub fn is_tuned(spec: &ModelSpec) -> bool {
    spec.name == TUNED_NAME && spec.input == CUT_INPUT
}

/// Whether `spec` sees photos through the base: a head, or a fine-tuned
/// top.
pub fn on_base(spec: &ModelSpec) -> bool {
    is_head(spec) || is_tuned(spec)
}

/// The new head on the base's features: a dense softmax layer, one unit per
/// class (2,562 parameters for two classes).
pub fn head(classes: usize) -> ModelSpec {
    ModelSpec {
        name: "transfer-head".into(),
        input: HEAD_INPUT,
        layers: vec![
            Layer::Flatten,
            Layer::Dense {
                units: classes,
                activation: Activation::Softmax,
            },
        ],
        output: Output::Softmax { classes },
    }
}

/// The network fine-tuning trains: the base from [`TUNE_FROM`] on (as a
/// sequential model, the convolutions with batch normalization folded in)
/// and the trained `head` on top, its input standardisation folded into
/// its weights. It reads the maps [`Base::features_and_cut`] keeps
/// (`[192, 7, 7]`, taken as they are: train it with `standardize` off)
/// and, before any step, answers exactly as the head on the base does.
/// `(spec, weights)`, the weights in the spec's order.
pub async fn fine_tune_model(
    base: &Base,
    head: &Trainer,
) -> Result<(ModelSpec, Vec<Vec<f32>>), WorkerError> {
    let graph = &base.model.graph;
    let wrong = || WorkerError::WrongArchitecture;
    let shapes = graph.shapes().map_err(|_| wrong())?;
    let (cut, first) = base.cut;
    let Flow::Spatial(input) = shapes[cut] else {
        return Err(wrong());
    };
    let all = base
        .model
        .read_weights(&base.net)
        .await
        .map_err(|e| WorkerError::Device {
            detail: e.to_string(),
        })?;
    // Each node's tensors, in order.
    let mut tensors = all.into_iter();
    let mut layers = Vec::new();
    let mut weights = Vec::new();
    for (i, node) in graph.nodes.iter().enumerate().skip(1) {
        let owned = node.op.params(shapes[node.inputs[0]]).len();
        let mine: Vec<Vec<f32>> = tensors.by_ref().take(owned).collect();
        if i < first {
            continue;
        }
        layers.push(match node.op {
            Op::Conv2d {
                filters,
                kernel: [k, k2],
                stride: [s, s2],
                padding,
                activation,
                bias: true,
            } if k == k2 && s == s2 => Layer::Conv2d {
                filters,
                kernel: k,
                stride: s,
                padding,
                activation,
            },
            Op::DepthwiseConv2d {
                kernel: [k, k2],
                stride: [s, s2],
                padding,
                multiplier: 1,
                activation,
                bias: true,
            } if k == k2 && s == s2 => Layer::DepthwiseConv2d {
                kernel: k,
                stride: s,
                padding,
                activation,
            },
            Op::GlobalAvgPool => Layer::GlobalAvgPool,
            // A shortcut or an unfolded normalization: not this base.
            _ => return Err(wrong()),
        });
        weights.extend(mine);
    }
    // The head: `Dense` on the pooled features, its standardisation
    // `(x - mean) / sd` folded in: w' = w / sd, b' = b - Σ w mean / sd.
    let classes = head.spec().output.classes();
    let cp = head.checkpoint().await?;
    let [kernel, bias] = cp.weights.as_slice() else {
        return Err(wrong());
    };
    if kernel.len() != FEATURES * classes || bias.len() != classes {
        return Err(wrong());
    }
    let norm = |c: usize| cp.input_norm.get(c).copied().unwrap_or((0.0, 1.0));
    let mut folded_kernel = kernel.clone();
    let mut folded_bias = bias.clone();
    for c in 0..FEATURES {
        let (mean, sd) = norm(c);
        for k in 0..classes {
            let w = kernel[c * classes + k] / sd;
            folded_kernel[c * classes + k] = w;
            folded_bias[k] -= w * mean;
        }
    }
    layers.push(Layer::Dense {
        units: classes,
        activation: Activation::Softmax,
    });
    weights.extend([folded_kernel, folded_bias]);
    let spec = ModelSpec {
        name: TUNED_NAME.into(),
        input,
        layers,
        output: Output::Softmax { classes },
    };
    if pretrained::param_lengths(&spec.graph()) != weights.iter().map(Vec::len).collect::<Vec<_>>()
    {
        return Err(wrong());
    }
    Ok((spec, weights))
}

/// What features were made by: the base, its weights and how a photo goes
/// in. A page keeps a photo's features with this tag and sends them
/// instead of the photo while it matches; change it whenever the base's
/// features would change.
pub const FEATURES_OF: &str = "efficientnet-lite0 imagenet folded 224 v1";

/// A photo's 224x224 crop, planar RGB bytes.
pub const CROP_BYTES: usize = 3 * INPUT_SIDE * INPUT_SIDE;
/// A photo's features as they travel: 1,280 little-endian `f32`.
pub const FEATURE_BYTES: usize = FEATURES * 4;

/// One photo for transfer learning, as it came from the page.
#[derive(Debug, Clone, PartialEq)]
pub enum Seen {
    /// Where its crop lies in the payload: the base must look at it.
    Crop(std::ops::Range<usize>),
    /// Its crop stays with the page until the base needs it
    /// (`DataChoice::Transfer`'s `apart`).
    Asked,
    /// What the base made of it on an earlier run.
    Features(Vec<f32>),
}

/// The photos and labels of a transfer-learning start
/// (`DataChoice::Transfer`): photo `i` is its features ([`FEATURE_BYTES`])
/// where `kept[i]`, else its crop ([`CROP_BYTES`]), one after another, then
/// one label byte each (`kept` empty: every photo a crop). With `apart`
/// the crops are not there at all ([`Seen::Asked`]). Refused, as a photos
/// start is, when the lengths, classes or labels do not fit. The crops
/// stay in `bytes`: each is read when the base looks at it.
pub fn transfer_data(
    class_names: &[String],
    count: usize,
    kept: &[bool],
    apart: bool,
    bytes: &dyn Payload,
) -> Result<(Vec<Seen>, Vec<u8>), DataError> {
    crate::data::photos::check_classes(class_names)?;
    let kept_at = |i: usize| kept.get(i).copied().unwrap_or(false);
    let size = |i: usize| match (kept_at(i), apart) {
        (true, _) => FEATURE_BYTES,
        (false, false) => CROP_BYTES,
        (false, true) => 0,
    };
    let expected = (0..count)
        .try_fold(count, |sum: usize, i| sum.checked_add(size(i)))
        .unwrap_or(usize::MAX);
    if !(kept.is_empty() || kept.len() == count) || bytes.len() != expected {
        return Err(DataError::PhotoBytes {
            count,
            size: INPUT_SIDE,
            expected,
            found: bytes.len(),
        });
    }
    let labels = bytes.read(expected - count..expected);
    crate::data::photos::check_labels(class_names, &labels)?;
    let mut seen = Vec::with_capacity(count);
    let mut at = 0;
    for i in 0..count {
        let range = at..at + size(i);
        at = range.end;
        seen.push(if kept_at(i) {
            Seen::Features(
                bytes
                    .read(range)
                    .chunks_exact(4)
                    .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                    .collect(),
            )
        } else if apart {
            Seen::Asked
        } else {
            Seen::Crop(range)
        });
    }
    Ok((seen, labels))
}

/// One crop as the base sees it on an epoch of seed 001's method 2 (the
/// base inside the training loop, so that augmentation reaches it): a
/// transform drawn from `augment` by `rng`, applied to the planar RGB
/// crop, and back to bytes.
pub fn augment_crop(crop: &[u8], augment: &Augment, rng: &mut Rng) -> Vec<u8> {
    let unit: Vec<f32> = crop.iter().map(|&b| f32::from(b) / 255.0).collect();
    let mut out = vec![0.0f32; unit.len()];
    let side = INPUT_SIDE;
    if augment.apply(&unit, 3, side, side, rng, &mut out).is_err() {
        return crop.to_vec();
    }
    out.iter()
        .map(|&v| (v * 255.0).round().clamp(0.0, 255.0) as u8)
        .collect()
}

/// Features (`[n, 1280]`, row by row) with their labels, as the dataset the
/// head trains on.
pub fn feature_dataset(
    name: &str,
    class_names: Vec<String>,
    features: Vec<f32>,
    labels: Vec<u8>,
) -> Result<Dataset, DataError> {
    Dataset::new(name, (FEATURES, 1, 1), class_names, features, labels)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Vec<String> {
        vec!["a".into(), "b".into()]
    }

    #[test]
    fn kept_features_travel_in_place_of_their_photos() {
        // Photo 0 a crop, photo 1 its features, then the labels.
        let crop = vec![7u8; CROP_BYTES];
        let features: Vec<f32> = (0..FEATURES).map(|i| i as f32 / 10.0).collect();
        let mut bytes = crop.clone();
        bytes.extend(features.iter().flat_map(|v| v.to_le_bytes()));
        bytes.extend([0, 1]);
        let (seen, labels) = transfer_data(&names(), 2, &[false, true], false, &bytes).unwrap();
        assert_eq!(
            seen,
            [Seen::Crop(0..CROP_BYTES), Seen::Features(features.clone())]
        );
        assert_eq!(labels, [0, 1]);
        // Without `kept`, every photo is a crop.
        let mut crops = vec![1u8; 2 * CROP_BYTES];
        crops.extend([1, 0]);
        let (seen, _) = transfer_data(&names(), 2, &[], false, &crops).unwrap();
        assert!(seen.iter().all(|s| matches!(s, Seen::Crop(_))));
        // Apart: only the kept features and the labels travel; the crop is
        // asked for later. The crop's bytes there are refused.
        let apart = bytes[CROP_BYTES..].to_vec();
        let (seen, labels) = transfer_data(&names(), 2, &[false, true], true, &apart).unwrap();
        assert_eq!(seen, [Seen::Asked, Seen::Features(features)]);
        assert_eq!(labels, [0, 1]);
        assert!(transfer_data(&names(), 2, &[false, true], true, &bytes).is_err());
    }

    #[test]
    fn an_augmented_crop_is_the_crop_changed_as_drawn() {
        // A crop whose left and right halves differ.
        let side = INPUT_SIDE;
        let crop: Vec<u8> = (0..CROP_BYTES)
            .map(|i| if i % side < side / 2 { 10 } else { 200 })
            .collect();
        let mirror: Vec<u8> = (0..CROP_BYTES)
            .map(|i| crop[i - i % side + (side - 1 - i % side)])
            .collect();
        // Off: the crop itself.
        let mut rng = Rng::new(3);
        assert_eq!(augment_crop(&crop, &Augment::NONE, &mut rng), crop);
        // Flip only: each draw is the crop or its mirror, and both come.
        let flip = Augment::new(0.0, 0.0, 0.0, true).unwrap();
        let draws: Vec<Vec<u8>> = (0..8)
            .map(|_| augment_crop(&crop, &flip, &mut rng))
            .collect();
        assert!(draws.iter().all(|d| *d == crop || *d == mirror));
        assert!(draws.contains(&crop) && draws.contains(&mirror));
    }

    #[test]
    fn lengths_that_do_not_add_up_are_refused() {
        let mut bytes = vec![0u8; CROP_BYTES + FEATURE_BYTES];
        bytes.extend([0, 1]);
        // One byte short, a `kept` of the wrong length, crops where
        // features were announced.
        for (kept, cut) in [
            (&[false, true][..], 1),
            (&[true][..], 0),
            (&[false, false][..], 0),
        ] {
            let cut_short = bytes[..bytes.len() - cut].to_vec();
            let refused = transfer_data(&names(), 2, kept, false, &cut_short);
            assert!(
                matches!(refused, Err(DataError::PhotoBytes { .. })),
                "{kept:?}"
            );
        }
        // A label naming no class.
        let last = bytes.len() - 1;
        bytes[last] = 5;
        assert!(matches!(
            transfer_data(&names(), 2, &[false, true], false, &bytes),
            Err(DataError::LabelOutOfRange { .. })
        ));
    }
}

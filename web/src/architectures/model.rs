//! The Architectures page without a browser: which network the URL opens,
//! what the slides say of each family, the published accuracies the chart
//! places them by, and a summary folded into blocks. Tested natively.

use cnn_train::classic::{self, Classic};
use cnn_train::graph::{Flow, GraphSummary, OpKind, Row};

/// The network a page opens when the URL names none.
pub const DEFAULT_MODEL: &str = "lenet-000";

/// The page's settings, as its URL holds them:
/// `?view=architectures&model=resnet50[&projector=1]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    /// A [`Classic::id`].
    pub model: &'static str,
    pub projector: bool,
    /// The experiment in view (an id of `cnn_train::lab::EXPERIMENTS`).
    pub experiment: &'static str,
    /// The URL named a model that is not here (it opens the default).
    pub unknown: Option<String>,
}

impl Query {
    pub fn from_pairs(pairs: &[(String, String)]) -> Query {
        let mut q = Query {
            model: DEFAULT_MODEL,
            projector: false,
            experiment: cnn_train::lab::EXPERIMENTS[0].id,
            unknown: None,
        };
        for (k, v) in pairs {
            match k.as_str() {
                "model" => match classic::by_id(v) {
                    Some(c) => q.model = c.id,
                    None => q.unknown = Some(v.clone()),
                },
                "projector" => q.projector = v == "1",
                "experiment" => {
                    if let Some(e) = cnn_train::lab::by_id(v) {
                        q.experiment = e.id;
                    }
                }
                _ => {}
            }
        }
        q
    }

    /// The network it opens.
    pub fn classic(&self) -> &'static Classic {
        classic::by_id(self.model).unwrap_or(&classic::ALL[0])
    }

    /// The query string, without `?`.
    pub fn to_query(&self) -> String {
        let mut s = format!(
            "view=architectures&model={}&experiment={}",
            self.model, self.experiment
        );
        if self.projector {
            s.push_str("&projector=1");
        }
        s
    }
}

/// The link that opens a network on this page.
pub fn href(id: &str) -> String {
    format!("?view=architectures&model={id}")
}

/// The link that opens an experiment on this page.
pub fn experiment_href(id: &str) -> String {
    format!("?view=architectures&experiment={id}#lab-title")
}

/// The family a network belongs to: what the slides say is said once per
/// family (`arch-<family>-idea`, `-pros`, `-cons`, `-when`, `-when-not` in
/// the messages).
pub fn family(id: &str) -> &'static str {
    match id {
        "lenet-000" | "lenet-003" => "lenet",
        "alexnet" => "alexnet",
        "vgg16" | "vgg16-base" | "vgg19" => "vgg",
        "inception-module" | "inception-module-reduced" | "inceptionv3" => "inception",
        "inceptionresnetv2" => "inception-resnet",
        "xception" => "xception",
        "resnet50" | "resnet101" | "resnet152" => "resnet",
        "densenet121" | "densenet169" | "densenet201" => "densenet",
        "mnist-cnn" => "mnist-cnn",
        _ => "cats-dogs",
    }
}

/// Every family with messages, for the tests that check them.
#[cfg(test)]
pub const FAMILIES: [&str; 10] = [
    "lenet",
    "alexnet",
    "vgg",
    "inception",
    "inception-resnet",
    "xception",
    "resnet",
    "densenet",
    "mnist-cnn",
    "cats-dogs",
];

/// Published ImageNet accuracy: Keras's table of its applications
/// (keras.io/api/applications, "Top-1 Accuracy", "Top-5 Accuracy"),
/// measured on the ImageNet validation set with the weights Keras ships.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Accuracy {
    pub top1: f32,
    pub top5: f32,
}

pub fn imagenet_accuracy(id: &str) -> Option<Accuracy> {
    let (top1, top5) = match id {
        "xception" => (79.0, 94.5),
        "vgg16" => (71.3, 90.1),
        "vgg19" => (71.3, 90.0),
        "resnet50" => (74.9, 92.1),
        "resnet101" => (76.4, 92.8),
        "resnet152" => (76.6, 93.1),
        "inceptionv3" => (77.9, 93.7),
        "inceptionresnetv2" => (80.3, 95.3),
        "densenet121" => (75.0, 92.3),
        "densenet169" => (76.2, 93.2),
        "densenet201" => (77.3, 93.6),
        _ => return None,
    };
    Some(Accuracy { top1, top5 })
}

/// A run of summary rows in one block, in Keras's order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// The block's name (`conv2_block1`), or `None` for rows outside any.
    pub name: Option<String>,
    /// Index of the first row and one past the last, into the summary.
    pub rows: std::ops::Range<usize>,
    pub params: usize,
    pub trainable: usize,
    pub mult_adds: u64,
    /// What the block hands on: its last row's output.
    pub output: Flow,
}

/// The summary's rows folded into blocks: each run of consecutive rows with
/// the same block is one [`Block`], and the input is one on its own.
/// Totals add up to the summary's.
pub fn blocks(summary: &GraphSummary) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    for (i, r) in summary.rows.iter().enumerate() {
        let after_input = i > 0 && summary.rows[i - 1].kind == OpKind::Input;
        match out.last_mut() {
            Some(b) if b.name == r.block && !after_input && r.kind != OpKind::Input => add(b, i, r),
            _ => {
                let mut b = Block {
                    name: r.block.clone(),
                    rows: i..i,
                    params: 0,
                    trainable: 0,
                    mult_adds: 0,
                    output: r.output,
                };
                add(&mut b, i, r);
                out.push(b);
            }
        }
    }
    out
}

fn add(b: &mut Block, i: usize, r: &Row) {
    b.rows.end = i + 1;
    b.params += r.params;
    b.trainable += r.trainable;
    b.mult_adds += r.mult_adds;
    b.output = r.output;
}

/// Whether a summary has blocks to fold: a network built without blocks
/// (the slides' own Keras code) shows its rows as they are.
pub fn has_blocks(blocks: &[Block]) -> bool {
    blocks.iter().any(|b| b.name.is_some())
}

/// A count in millions or, from a thousand million, billions, with one
/// decimal: `("m", "25.6")` or `("b", "3.9")`, for `arch-millions` and
/// `arch-billions`.
pub fn scale(n: u64) -> (&'static str, String) {
    if n >= 1_000_000_000 {
        ("b", format!("{:.1}", n as f64 / 1e9))
    } else {
        ("m", millions(n))
    }
}

/// Millions with one decimal (`25.6`), as the chart and the totals say
/// model sizes.
pub fn millions(n: u64) -> String {
    format!("{:.1}", n as f64 / 1e6)
}

/// Where a network sits on the chart: `x` by parameters on a log scale from
/// 1 to 200 million, `y` by top-1 accuracy from 70% to 81%, both in `0..=1`.
pub fn chart_position(params: usize, top1: f32) -> (f64, f64) {
    let x = ((params as f64 / 1e6).max(1.0).log10() / 200f64.log10()).clamp(0.0, 1.0);
    let y = ((f64::from(top1) - 70.0) / 11.0).clamp(0.0, 1.0);
    (x, y)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Query {
        Query::from_pairs(&crate::shell::query::pairs(s))
    }

    #[test]
    fn the_url_opens_a_network_and_round_trips() {
        assert_eq!(q("view=architectures").model, DEFAULT_MODEL);
        let r = q("view=architectures&model=resnet50&projector=1&experiment=flatten-vs-gap");
        assert_eq!(r.model, "resnet50");
        assert_eq!(r.experiment, "flatten-vs-gap");
        assert!(r.projector);
        assert_eq!(q(&r.to_query()), r);
        let bad = q("view=architectures&model=resnet9000");
        assert_eq!(bad.model, DEFAULT_MODEL);
        assert_eq!(bad.unknown.as_deref(), Some("resnet9000"));
        for c in classic::ALL {
            assert_eq!(q(&href(c.id)[1..]).model, c.id);
            assert!(FAMILIES.contains(&family(c.id)), "{}", c.id);
        }
    }

    #[test]
    fn blocks_add_up_to_the_summary() {
        for id in [
            "resnet50",
            "densenet121",
            "inceptionv3",
            "xception",
            "vgg16",
            "lenet-000",
        ] {
            let s = (classic::by_id(id).unwrap().build)().summary().unwrap();
            let b = blocks(&s);
            assert_eq!(b.iter().map(|b| b.params).sum::<usize>(), s.total, "{id}");
            assert_eq!(
                b.iter().map(|b| b.trainable).sum::<usize>(),
                s.trainable,
                "{id}"
            );
            assert_eq!(
                b.iter().map(|b| b.rows.len()).sum::<usize>(),
                s.rows.len(),
                "{id}"
            );
            assert_eq!(b.last().unwrap().output, s.rows.last().unwrap().output);
        }
        // Without blocks (the slides' own code): the input, then the rest.
        let s = classic::inception_module(true).summary().unwrap();
        let b = blocks(&s);
        assert_eq!(b.len(), 2);
        assert_eq!(b[0].rows, 0..1);
        assert!(!has_blocks(&b));
        // ResNet50: the stem, 16 bottleneck blocks, the top; each block
        // is one run (Keras's depth order keeps a block's rows together).
        let s = classic::resnet(&[3, 4, 6, 3], "resnet50")
            .summary()
            .unwrap();
        let names: Vec<Option<String>> = blocks(&s).into_iter().map(|b| b.name).collect();
        assert_eq!(names.len(), 1 + 1 + 16 + 1, "input, conv1, 16 blocks, top");
        assert_eq!(names[2].as_deref(), Some("conv2_block1"));
        assert_eq!(names.last().unwrap().as_deref(), Some("top"));
    }

    #[test]
    fn the_chart_places_every_network_keras_measured() {
        let mut placed = 0;
        for c in classic::ALL {
            if let Some(a) = imagenet_accuracy(c.id) {
                let s = (c.build)().summary().unwrap();
                let (x, y) = chart_position(s.total, a.top1);
                assert!(
                    (0.0..=1.0).contains(&x) && (0.0..=1.0).contains(&y),
                    "{}",
                    c.id
                );
                placed += 1;
            }
        }
        assert_eq!(placed, 11);
        // More parameters sit further right.
        assert!(chart_position(138_357_544, 71.3).0 > chart_position(25_636_712, 74.9).0);
        assert_eq!(millions(25_636_712), "25.6");
        assert_eq!(scale(3_858_000_000), ("b", "3.9".to_string()));
        assert_eq!(scale(2_300_000), ("m", "2.3".to_string()));
    }
}

//! The lesson as data: its settings, the network run on them (from cnn-core),
//! and the timeline of steps that the views replay. No arithmetic on CNN
//! values happens here beyond asking cnn-core.

pub mod blocks;
pub mod blocks_view;
pub mod route;
pub mod stages;
pub mod state;
pub mod view;

pub use crate::ui::example::{Example, Phase};

use std::collections::HashMap;
use std::rc::Rc;

use blocks::{Blocks, NormPart, SepPart};
use cnn_core::xo::{self, XoRun};
use cnn_core::{CoreError, Reduction};
use ndarray::Array2;

/// The stages of the lesson, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stage {
    Input,
    Convolution,
    Relu,
    Pooling,
    Flatten,
    Vote,
    WeightedSum,
    Padding,
    GlobalPooling,
    Pointwise,
    Separable,
    BatchNorm,
    Residual,
}

impl Stage {
    pub const ALL: [Stage; 13] = [
        Stage::Input,
        Stage::Convolution,
        Stage::Relu,
        Stage::Pooling,
        Stage::Flatten,
        Stage::Vote,
        Stage::WeightedSum,
        Stage::Padding,
        Stage::GlobalPooling,
        Stage::Pointwise,
        Stage::Separable,
        Stage::BatchNorm,
        Stage::Residual,
    ];

    /// The stage's name in URLs.
    pub fn slug(self) -> &'static str {
        match self {
            Stage::Input => "input",
            Stage::Convolution => "convolution",
            Stage::Relu => "relu",
            Stage::Pooling => "pooling",
            Stage::Flatten => "flatten",
            Stage::Vote => "vote",
            Stage::WeightedSum => "weighted-sum",
            Stage::Padding => "padding",
            Stage::GlobalPooling => "global-pooling",
            Stage::Pointwise => "pointwise",
            Stage::Separable => "separable",
            Stage::BatchNorm => "batch-norm",
            Stage::Residual => "residual",
        }
    }

    pub fn from_slug(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|st| st.slug() == s)
    }

    /// Localisation key of the stage's title.
    pub fn title_key(self) -> &'static str {
        match self {
            Stage::Input => "stage-input",
            Stage::Convolution => "stage-convolution",
            Stage::Relu => "stage-relu",
            Stage::Pooling => "stage-pooling",
            Stage::Flatten => "stage-flatten",
            Stage::Vote => "stage-vote",
            Stage::WeightedSum => "stage-weighted-sum",
            Stage::Padding => "stage-padding",
            Stage::GlobalPooling => "stage-global-pooling",
            Stage::Pointwise => "stage-pointwise",
            Stage::Separable => "stage-separable",
            Stage::BatchNorm => "stage-batch-norm",
            Stage::Residual => "stage-residual",
        }
    }
}

/// One moment of the lesson. Cells are numbered row by row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Step {
    Input,
    Conv {
        filter: usize,
        cell: usize,
        phase: Phase,
    },
    Relu {
        filter: usize,
        cell: usize,
    },
    /// `level` 1 pools 7x7 → 4x4, level 2 pools 4x4 → 2x2.
    Pool {
        level: usize,
        filter: usize,
        cell: usize,
    },
    Flatten {
        index: usize,
    },
    /// `output` 0 is X, 1 is O, 2 is the softmax over both.
    Vote {
        output: usize,
    },
    WeightedSum {
        cell: usize,
        phase: Phase,
    },
    Padding {
        cell: usize,
        phase: Phase,
    },
    /// One map's global average: its values added up (`Sum`), then the
    /// mean (`Result`).
    GlobalPool {
        channel: usize,
        phase: Phase,
    },
    /// A cell of the 1x1 convolution over the three maps: its three
    /// products, then their sum.
    Pointwise {
        map: usize,
        cell: usize,
        phase: Phase,
    },
    /// A cell of the depthwise or the pointwise half of a separable
    /// convolution.
    Separable {
        part: SepPart,
        map: usize,
        cell: usize,
        phase: Phase,
    },
    /// A channel's statistics, then each of its values normalised.
    BatchNorm {
        channel: usize,
        part: NormPart,
    },
    /// A cell of the residual addition: main path + shortcut.
    Residual {
        channel: usize,
        cell: usize,
    },
}

impl Step {
    pub fn stage(self) -> Stage {
        match self {
            Step::Input => Stage::Input,
            Step::Conv { .. } => Stage::Convolution,
            Step::Relu { .. } => Stage::Relu,
            Step::Pool { .. } => Stage::Pooling,
            Step::Flatten { .. } => Stage::Flatten,
            Step::Vote { .. } => Stage::Vote,
            Step::WeightedSum { .. } => Stage::WeightedSum,
            Step::Padding { .. } => Stage::Padding,
            Step::GlobalPool { .. } => Stage::GlobalPooling,
            Step::Pointwise { .. } => Stage::Pointwise,
            Step::Separable { .. } => Stage::Separable,
            Step::BatchNorm { .. } => Stage::BatchNorm,
            Step::Residual { .. } => Stage::Residual,
        }
    }
}

/// Which picture the lesson starts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    X,
    O,
}

/// What the learner has chosen. All of it lives in the URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// `[9, 9]` of ±1.
    pub image: Array2<i8>,
    pub reduction: Reduction,
    /// Padding (0 or 1) and stride (1 or 2) of the padding example.
    pub pad: usize,
    pub stride: usize,
    /// Projector mode: large type, high contrast, clicker keys.
    pub projector: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            image: xo::x_image(),
            reduction: Reduction::Mean,
            pad: 1,
            stride: 1,
            projector: false,
        }
    }
}

impl Settings {
    /// Which preset the image equals, if any.
    pub fn preset(&self) -> Option<Preset> {
        if self.image == xo::x_image() {
            Some(Preset::X)
        } else if self.image == xo::o_image() {
            Some(Preset::O)
        } else {
            None
        }
    }
}

/// Everything computed for the current settings, and the ordered steps.
#[derive(Debug)]
pub struct Lesson {
    pub settings: Settings,
    pub run: XoRun,
    pub weighted: Example,
    pub padding: Example,
    /// The later networks' operations (the stages after padding).
    pub blocks: Blocks,
    pub steps: Vec<Step>,
    index: HashMap<Step, usize>,
}

impl PartialEq for Lesson {
    fn eq(&self, other: &Self) -> bool {
        self.settings == other.settings
    }
}

impl Lesson {
    pub fn new(settings: Settings) -> Result<Lesson, CoreError> {
        let run = xo::run(&settings.image, settings.reduction)?;
        let (img, conv) = xo::weighted_sum_example();
        let weighted = Example::new(img, conv)?;
        let (img, conv) = xo::padding_example(settings.pad, settings.stride);
        let padding = Example::new(img, conv)?;
        let blocks = Blocks::new(&run, &settings.image)?;
        let mut steps = build_steps(&run, &weighted, &padding);
        steps.extend(blocks.steps());
        let index = steps.iter().enumerate().map(|(i, s)| (*s, i)).collect();
        Ok(Lesson {
            settings,
            run,
            weighted,
            padding,
            blocks,
            steps,
            index,
        })
    }

    pub fn shared(settings: Settings) -> Rc<Lesson> {
        // The lesson's own examples always fit; fall back to defaults if not.
        Rc::new(Lesson::new(settings).unwrap_or_else(|_| {
            Lesson::new(Settings::default()).expect("the default lesson computes")
        }))
    }

    /// Position of a step in the timeline.
    pub fn index_of(&self, step: Step) -> Option<usize> {
        self.index.get(&step).copied()
    }

    /// Has the timeline at `cursor` reached `step`?
    pub fn reached(&self, cursor: usize, step: Step) -> bool {
        self.index_of(step).is_some_and(|i| i <= cursor)
    }

    pub fn step(&self, cursor: usize) -> Step {
        self.steps.get(cursor).copied().unwrap_or(Step::Input)
    }

    /// First and last step of a stage.
    pub fn stage_range(&self, stage: Stage) -> (usize, usize) {
        let first = self
            .steps
            .iter()
            .position(|s| s.stage() == stage)
            .unwrap_or(0);
        let last = self
            .steps
            .iter()
            .rposition(|s| s.stage() == stage)
            .unwrap_or(first);
        (first, last)
    }

    /// The step that computes a cell of the convolution maps.
    pub fn conv_cell_step(&self, filter: usize, cell: usize) -> Step {
        Step::Conv {
            filter,
            cell,
            phase: Phase::Products,
        }
    }

    /// Output side of the conv maps (7 for the 9x9 images).
    pub fn conv_side(&self) -> usize {
        self.run.conv.shape()[1]
    }
}

fn build_steps(run: &XoRun, weighted: &Example, padding: &Example) -> Vec<Step> {
    let mut steps = vec![Step::Input];
    let (filters, h, w) = run.conv.dim();
    let phases = [Phase::Products, Phase::Sum, Phase::Result];
    for filter in 0..filters {
        for cell in 0..h * w {
            for phase in phases {
                steps.push(Step::Conv {
                    filter,
                    cell,
                    phase,
                });
            }
        }
    }
    for filter in 0..filters {
        for cell in 0..h * w {
            steps.push(Step::Relu { filter, cell });
        }
    }
    for (level, map) in [(1, &run.pool1), (2, &run.pool2)] {
        let (c, ph, pw) = map.dim();
        for filter in 0..c {
            for cell in 0..ph * pw {
                steps.push(Step::Pool {
                    level,
                    filter,
                    cell,
                });
            }
        }
    }
    for index in 0..run.flat.len() {
        steps.push(Step::Flatten { index });
    }
    for output in 0..=run.logits.len() {
        steps.push(Step::Vote { output });
    }
    for cell in 0..weighted.trace.len() {
        for phase in [Phase::Products, Phase::Result] {
            steps.push(Step::WeightedSum { cell, phase });
        }
    }
    for cell in 0..padding.trace.len() {
        for phase in [Phase::Products, Phase::Result] {
            steps.push(Step::Padding { cell, phase });
        }
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeline_covers_every_cell_once() {
        let l = Lesson::new(Settings::default()).unwrap();
        // 1 input + 3 filters x 49 cells x 3 phases + 3 x 49 ReLU + 3 x (16 + 4)
        // pooling + 12 flatten + 3 vote + 9 x 2 weighted + 9 x 2 padding,
        // then the later operations (global pooling 6, 1x1 196, separable
        // 40, batch normalization 22, residual 243: `blocks`' tests).
        assert_eq!(
            l.steps.len(),
            1 + 441 + 147 + 60 + 12 + 3 + 18 + 18 + 6 + 196 + 40 + 22 + 243
        );
        assert_eq!(l.index.len(), l.steps.len(), "steps are unique");
        let (a, b) = l.stage_range(Stage::Relu);
        assert_eq!((a, b), (442, 588));
        assert!(l.reached(
            500,
            Step::Conv {
                filter: 2,
                cell: 48,
                phase: Phase::Result
            }
        ));
        assert!(!l.reached(
            500,
            Step::Relu {
                filter: 2,
                cell: 48
            }
        ));
    }
}

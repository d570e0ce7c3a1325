//! The lesson's URLs: `?stage=convolution&filter=1&row=2&col=3&phase=sum`.
//! Every stage and every step has one, and so do the settings (image,
//! reduction, padding, stride), so a link reproduces the view.
//!
//! Pure string handling, tested natively.

use cnn_core::xo;
use cnn_core::Reduction;
use ndarray::Array2;

use crate::lesson::blocks::{NormPart, SepPart};
use crate::lesson::{Lesson, Phase, Settings, Stage, Step};
use crate::shell::query::pairs;

/// Where a URL points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// The lesson start.
    Start,
    /// A stage with all of its values in place (its last step).
    Stage(Stage),
    /// One step.
    Step(Step),
}

/// Why a URL could not be followed as written. Shown as a short note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    UnknownStage(String),
    UnknownStep,
    BadSetting(&'static str),
}

impl Note {
    pub fn key(&self) -> &'static str {
        match self {
            Note::UnknownStage(_) => "note-unknown-stage",
            Note::UnknownStep => "note-unknown-step",
            Note::BadSetting(_) => "note-bad-setting",
        }
    }
}

/// A parsed URL.
#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    pub settings: Settings,
    pub target: Target,
    pub notes: Vec<Note>,
}

/// 81 pixels → 21 hex digits (ink = 1 bit, row by row).
pub fn encode_image(img: &Array2<i8>) -> String {
    let bits: Vec<bool> = img.iter().map(|&v| v > 0).collect();
    bits.chunks(4)
        .map(|c| {
            let n = c
                .iter()
                .enumerate()
                .fold(0u32, |a, (i, &b)| a | ((b as u32) << (3 - i)));
            char::from_digit(n, 16).unwrap_or('0')
        })
        .collect()
}

/// The inverse of [`encode_image`]; `None` unless exactly 21 hex digits.
pub fn decode_image(s: &str) -> Option<Array2<i8>> {
    let n = xo::SIZE * xo::SIZE;
    if s.len() != n.div_ceil(4) {
        return None;
    }
    let mut bits = Vec::with_capacity(n + 3);
    for ch in s.chars() {
        let d = ch.to_digit(16)?;
        for i in (0..4).rev() {
            bits.push(d >> i & 1 == 1);
        }
    }
    bits.truncate(n);
    Array2::from_shape_vec(
        (xo::SIZE, xo::SIZE),
        bits.into_iter().map(|b| if b { 1 } else { -1 }).collect(),
    )
    .ok()
}

fn num(v: Option<&String>) -> Option<usize> {
    v.and_then(|s| s.parse().ok())
}

/// Parse a query string (with or without the leading `?`).
pub fn parse(query: &str) -> Route {
    let kv = pairs(query);
    let get = |k: &str| kv.iter().rev().find(|(key, _)| key == k).map(|(_, v)| v);
    let mut notes = Vec::new();
    let mut settings = Settings::default();

    if let Some(img) = get("image") {
        match img.as_str() {
            "x" => settings.image = xo::x_image(),
            "o" => settings.image = xo::o_image(),
            hex => match decode_image(hex) {
                Some(i) => settings.image = i,
                None => notes.push(Note::BadSetting("image")),
            },
        }
    }
    if let Some(r) = get("reduce") {
        match r.as_str() {
            "mean" => settings.reduction = Reduction::Mean,
            "sum" => settings.reduction = Reduction::Sum,
            _ => notes.push(Note::BadSetting("reduce")),
        }
    }
    match num(get("pad")) {
        Some(p @ 0..=1) => settings.pad = p,
        None if get("pad").is_none() => {}
        _ => notes.push(Note::BadSetting("pad")),
    }
    match get("projector").map(String::as_str) {
        None | Some("0") => {}
        Some("1") => settings.projector = true,
        Some(_) => notes.push(Note::BadSetting("projector")),
    }
    match num(get("stride")) {
        Some(s @ 1..=2) => settings.stride = s,
        None if get("stride").is_none() => {}
        _ => notes.push(Note::BadSetting("stride")),
    }

    let target = match get("stage") {
        None => Target::Start,
        Some(slug) => match Stage::from_slug(slug) {
            None => {
                notes.push(Note::UnknownStage(slug.clone()));
                Target::Start
            }
            Some(stage) => match step_params(stage, &settings, &get) {
                Ok(Some(step)) => Target::Step(step),
                Ok(None) => Target::Stage(stage),
                Err(()) => {
                    notes.push(Note::UnknownStep);
                    Target::Start
                }
            },
        },
    };
    Route {
        settings,
        target,
        notes,
    }
}

/// The step named by a stage's parameters: `Ok(None)` when none are given,
/// `Err` when they are malformed. Range checks happen against the lesson.
fn step_params<'a>(
    stage: Stage,
    settings: &Settings,
    get: &dyn Fn(&str) -> Option<&'a String>,
) -> Result<Option<Step>, ()> {
    let present = [
        "filter", "row", "col", "phase", "level", "index", "output", "map", "part", "channel",
    ]
    .iter()
    .any(|k| get(k).is_some());
    if !present {
        return Ok(None);
    }
    let n = |k: &str| num(get(k)).ok_or(());
    let phase = || get("phase").and_then(|p| Phase::from_slug(p)).ok_or(());
    // Filters by number or by name (`left`, `x`, `right`).
    let filter = || match get("filter").map(String::as_str) {
        Some("left") => Ok(0),
        Some("x") => Ok(1),
        Some("right") => Ok(2),
        _ => n("filter"),
    };
    // A cell by row and column; without both, the map's last cell (the map
    // complete), so `?stage=relu&filter=x` shows that filter's finished map.
    let cell = |side: usize| -> Result<Option<usize>, ()> {
        match (get("row"), get("col")) {
            (None, None) => Ok(None),
            _ => {
                let (r, c) = (n("row")?, n("col")?);
                if r < side && c < side {
                    Ok(Some(r * side + c))
                } else {
                    Err(())
                }
            }
        }
    };
    let whole = |side: usize| -> Result<usize, ()> { cell(side)?.ok_or(()) };
    // A number that may be left out (`Ok(None)`), but not malformed.
    let opt = |k: &str| -> Result<Option<usize>, ()> {
        match get(k) {
            None => Ok(None),
            Some(v) => v.parse().map(Some).map_err(|_| ()),
        }
    };
    // A cell named by row and column, or the map's last cell (complete);
    // the phase as named, else the cell's first phase, or the map's last.
    let cell_phase = |side: usize, first: Phase| -> Result<(usize, Phase), ()> {
        Ok(match cell(side)? {
            Some(c) => (c, phase().unwrap_or(first)),
            None => (side * side - 1, Phase::Result),
        })
    };
    Ok(Some(match stage {
        Stage::Input => return Err(()),
        Stage::Convolution => match cell(7)? {
            Some(cell) => Step::Conv {
                filter: filter()?,
                cell,
                phase: phase().unwrap_or(Phase::Products),
            },
            None => Step::Conv {
                filter: filter()?,
                cell: 48,
                phase: Phase::Result,
            },
        },
        Stage::Relu => Step::Relu {
            filter: filter()?,
            cell: cell(7)?.unwrap_or(48),
        },
        Stage::Pooling => {
            let level = num(get("level")).unwrap_or(1);
            let side = match level {
                1 => 4,
                2 => 2,
                _ => return Err(()),
            };
            Step::Pool {
                level,
                filter: filter()?,
                cell: cell(side)?.unwrap_or(side * side - 1),
            }
        }
        Stage::Flatten => Step::Flatten { index: n("index")? },
        Stage::Vote => Step::Vote {
            output: match get("output").map(String::as_str) {
                Some("x") => 0,
                Some("o") => 1,
                Some("softmax") => 2,
                _ => return Err(()),
            },
        },
        Stage::WeightedSum => Step::WeightedSum {
            cell: whole(3)?,
            phase: phase().unwrap_or(Phase::Result),
        },
        Stage::Padding => Step::Padding {
            cell: whole(padding_side(settings))?,
            phase: phase().unwrap_or(Phase::Result),
        },
        Stage::GlobalPooling => Step::GlobalPool {
            channel: filter()?,
            phase: phase().unwrap_or(Phase::Result),
        },
        Stage::Pointwise => {
            let (cell, phase) = cell_phase(7, Phase::Products)?;
            Step::Pointwise {
                map: opt("map")?.unwrap_or(0),
                cell,
                phase,
            }
        }
        Stage::Separable => {
            let part = match get("part") {
                None => SepPart::Depthwise,
                Some(p) => SepPart::from_slug(p).ok_or(())?,
            };
            let (cell, phase) = cell_phase(2, Phase::Products)?;
            Step::Separable {
                part,
                map: opt("map")?.unwrap_or(0),
                cell,
                phase,
            }
        }
        Stage::BatchNorm => {
            let index = opt("index")?;
            let part = match (get("part").map(String::as_str), index) {
                (Some("mean"), None) => NormPart::Mean,
                (Some("variance"), None) => NormPart::Variance,
                (Some("std"), None) => NormPart::Std,
                (Some("value") | None, Some(i)) => NormPart::Value(i),
                // A channel alone: all its values in place.
                (None, None) => NormPart::Value(7),
                _ => return Err(()),
            };
            Step::BatchNorm {
                channel: opt("channel")?.unwrap_or(0),
                part,
            }
        }
        Stage::Residual => Step::Residual {
            channel: filter()?,
            cell: cell(9)?.unwrap_or(80),
        },
    }))
}

/// Resolve a route against a lesson: the timeline position it names, and a
/// note if the step does not exist there.
pub fn resolve(route: &Route, lesson: &Lesson) -> (usize, Option<Note>) {
    match route.target {
        Target::Start => (0, None),
        Target::Stage(stage) => (lesson.stage_range(stage).1, None),
        Target::Step(step) => match lesson.index_of(step) {
            Some(i) => (i, None),
            None => (0, Some(Note::UnknownStep)),
        },
    }
}

/// Output side of the padding example for these settings (cnn-core's geometry).
fn padding_side(settings: &Settings) -> usize {
    let (img, conv) = xo::padding_example(settings.pad, settings.stride);
    conv.forward(&img).map(|o| o.shape()[2]).unwrap_or(0)
}

/// The settings part of a query, only what differs from the defaults.
fn settings_query(s: &Settings) -> Vec<(String, String)> {
    let d = Settings::default();
    let mut q = Vec::new();
    if s.image != d.image {
        let v = if s.image == xo::o_image() {
            "o".to_string()
        } else {
            encode_image(&s.image)
        };
        q.push(("image".into(), v));
    }
    if s.reduction != d.reduction {
        q.push(("reduce".into(), "sum".into()));
    }
    if s.pad != d.pad {
        q.push(("pad".into(), s.pad.to_string()));
    }
    if s.stride != d.stride {
        q.push(("stride".into(), s.stride.to_string()));
    }
    if s.projector {
        q.push(("projector".into(), "1".into()));
    }
    q
}

fn join(mut q: Vec<(String, String)>, tail: Vec<(String, String)>) -> String {
    q.extend(tail);
    if q.is_empty() {
        return "?".to_string();
    }
    let parts: Vec<String> = q.into_iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!("?{}", parts.join("&"))
}

/// The URL of a stage (with all its values in place).
pub fn stage_href(settings: &Settings, stage: Stage) -> String {
    let mut q = vec![("stage".to_string(), stage.slug().to_string())];
    q.extend(settings_query(settings));
    join(q, vec![])
}

/// The URL of one step.
pub fn step_href(lesson: &Lesson, step: Step) -> String {
    let rc = |cell: usize, side: usize| {
        vec![
            ("row".to_string(), (cell / side).to_string()),
            ("col".to_string(), (cell % side).to_string()),
        ]
    };
    let kv = |k: &str, v: String| (k.to_string(), v);
    let mut q = vec![kv("stage", step.stage().slug().to_string())];
    match step {
        Step::Input => q.clear(),
        Step::Conv {
            filter,
            cell,
            phase,
        } => {
            q.push(kv("filter", filter.to_string()));
            q.extend(rc(cell, lesson.conv_side()));
            q.push(kv("phase", phase.slug().to_string()));
        }
        Step::Relu { filter, cell } => {
            q.push(kv("filter", filter.to_string()));
            q.extend(rc(cell, lesson.conv_side()));
        }
        Step::Pool {
            level,
            filter,
            cell,
        } => {
            let side = if level == 1 {
                lesson.run.pool1.shape()[2]
            } else {
                lesson.run.pool2.shape()[2]
            };
            q.push(kv("level", level.to_string()));
            q.push(kv("filter", filter.to_string()));
            q.extend(rc(cell, side));
        }
        Step::Flatten { index } => q.push(kv("index", index.to_string())),
        Step::Vote { output } => q.push(kv(
            "output",
            ["x", "o", "softmax"][output.min(2)].to_string(),
        )),
        Step::WeightedSum { cell, phase } => {
            q.extend(rc(cell, lesson.weighted.out_dim().1));
            q.push(kv("phase", phase.slug().to_string()));
        }
        Step::Padding { cell, phase } => {
            q.extend(rc(cell, lesson.padding.out_dim().1));
            q.push(kv("phase", phase.slug().to_string()));
        }
        Step::GlobalPool { channel, phase } => {
            q.push(kv("filter", channel.to_string()));
            q.push(kv("phase", phase.slug().to_string()));
        }
        Step::Pointwise { map, cell, phase } => {
            q.push(kv("map", map.to_string()));
            q.extend(rc(cell, lesson.blocks.mix_side()));
            q.push(kv("phase", phase.slug().to_string()));
        }
        Step::Separable {
            part,
            map,
            cell,
            phase,
        } => {
            q.push(kv("part", part.slug().to_string()));
            q.push(kv("map", map.to_string()));
            q.extend(rc(cell, lesson.blocks.sep_side(part)));
            q.push(kv("phase", phase.slug().to_string()));
        }
        Step::BatchNorm { channel, part } => {
            q.push(kv("channel", channel.to_string()));
            q.push(kv("part", part.slug().to_string()));
            if let NormPart::Value(i) = part {
                q.push(kv("index", i.to_string()));
            }
        }
        Step::Residual { channel, cell } => {
            q.push(kv("filter", channel.to_string()));
            q.extend(rc(cell, lesson.blocks.res_side()));
        }
    }
    q.extend(settings_query(&lesson.settings));
    join(q, vec![])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lesson(s: Settings) -> Lesson {
        Lesson::new(s).unwrap()
    }

    #[test]
    fn every_step_round_trips_through_its_url() {
        for settings in [
            Settings::default(),
            Settings {
                reduction: Reduction::Sum,
                pad: 0,
                stride: 2,
                image: xo::o_image(),
                projector: true,
            },
        ] {
            let l = lesson(settings.clone());
            for (i, step) in l.steps.iter().enumerate() {
                let href = step_href(&l, *step);
                let route = parse(&href);
                assert_eq!(route.settings, settings, "{href}");
                assert!(route.notes.is_empty(), "{href}: {:?}", route.notes);
                assert_eq!(resolve(&route, &l), (i, None), "{href}");
            }
        }
    }

    #[test]
    fn a_stage_url_opens_the_stage_complete() {
        let l = lesson(Settings::default());
        let r = parse("?stage=relu");
        assert_eq!(r.target, Target::Stage(Stage::Relu));
        assert_eq!(resolve(&r, &l).0, l.stage_range(Stage::Relu).1);
        assert_eq!(stage_href(&l.settings, Stage::Relu), "?stage=relu");
    }

    #[test]
    fn bad_urls_land_on_the_start_with_a_note() {
        let l = lesson(Settings::default());
        let r = parse("?stage=nonsense");
        assert_eq!(r.target, Target::Start);
        assert_eq!(r.notes, vec![Note::UnknownStage("nonsense".into())]);
        for q in [
            "?stage=convolution&filter=9&row=0&col=0",
            "?stage=convolution&filter=0&row=7&col=0",
            "?stage=relu&filter=q&row=1&col=1",
            "?stage=pooling&level=3&filter=0&row=0&col=0",
            "?stage=vote&output=maybe",
            "?stage=padding&row=0&col=5&phase=sum",
        ] {
            let r = parse(q);
            let (i, note) = resolve(&r, &l);
            let notes = [r.notes.clone(), note.into_iter().collect()].concat();
            assert_eq!(i, 0, "{q}");
            assert_eq!(notes, vec![Note::UnknownStep], "{q}");
        }
        let r = parse("?image=zz&reduce=median&pad=7&stride=0");
        assert_eq!(r.settings, Settings::default());
        assert_eq!(r.notes.len(), 4);
    }

    #[test]
    fn partial_step_links_open_a_finished_map() {
        let l = lesson(Settings::default());
        for (q, step) in [
            (
                "?stage=convolution&filter=1",
                Step::Conv {
                    filter: 1,
                    cell: 48,
                    phase: Phase::Result,
                },
            ),
            (
                "?stage=convolution&filter=x",
                Step::Conv {
                    filter: 1,
                    cell: 48,
                    phase: Phase::Result,
                },
            ),
            (
                "?stage=convolution&filter=right&row=2&col=3",
                Step::Conv {
                    filter: 2,
                    cell: 17,
                    phase: Phase::Products,
                },
            ),
            (
                "?stage=relu&filter=left",
                Step::Relu {
                    filter: 0,
                    cell: 48,
                },
            ),
            (
                "?stage=pooling&filter=0",
                Step::Pool {
                    level: 1,
                    filter: 0,
                    cell: 15,
                },
            ),
            (
                "?stage=pooling&level=2&filter=2",
                Step::Pool {
                    level: 2,
                    filter: 2,
                    cell: 3,
                },
            ),
            (
                "?stage=weighted-sum&row=1&col=1",
                Step::WeightedSum {
                    cell: 4,
                    phase: Phase::Result,
                },
            ),
        ] {
            let r = parse(q);
            assert_eq!(r.target, Target::Step(step), "{q}");
            assert_eq!(resolve(&r, &l), (l.index_of(step).unwrap(), None), "{q}");
        }
        // Half a cell is not a cell.
        assert_eq!(
            parse("?stage=relu&filter=0&row=2").notes,
            vec![Note::UnknownStep]
        );
        assert_eq!(
            parse("?stage=relu&filter=blue").notes,
            vec![Note::UnknownStep]
        );
    }

    #[test]
    fn the_later_operations_have_short_links() {
        let l = lesson(Settings::default());
        for (q, step) in [
            (
                "?stage=global-pooling&filter=x",
                Step::GlobalPool {
                    channel: 1,
                    phase: Phase::Result,
                },
            ),
            (
                "?stage=pointwise&map=1&row=0&col=0",
                Step::Pointwise {
                    map: 1,
                    cell: 0,
                    phase: Phase::Products,
                },
            ),
            (
                "?stage=pointwise&map=1",
                Step::Pointwise {
                    map: 1,
                    cell: 48,
                    phase: Phase::Result,
                },
            ),
            (
                "?stage=separable&part=pointwise&map=1&row=0&col=0",
                Step::Separable {
                    part: SepPart::Pointwise,
                    map: 1,
                    cell: 0,
                    phase: Phase::Products,
                },
            ),
            (
                "?stage=separable&map=2",
                Step::Separable {
                    part: SepPart::Depthwise,
                    map: 2,
                    cell: 3,
                    phase: Phase::Result,
                },
            ),
            (
                "?stage=batch-norm&channel=1&part=variance",
                Step::BatchNorm {
                    channel: 1,
                    part: NormPart::Variance,
                },
            ),
            (
                "?stage=batch-norm&index=2",
                Step::BatchNorm {
                    channel: 0,
                    part: NormPart::Value(2),
                },
            ),
            (
                "?stage=residual&filter=right&row=4&col=4",
                Step::Residual {
                    channel: 2,
                    cell: 40,
                },
            ),
        ] {
            let r = parse(q);
            assert_eq!(r.target, Target::Step(step), "{q}");
            assert_eq!(resolve(&r, &l), (l.index_of(step).unwrap(), None), "{q}");
        }
        for q in [
            "?stage=global-pooling&filter=3",
            "?stage=global-pooling&filter=0&phase=products",
            "?stage=pointwise&map=2&row=0&col=0",
            "?stage=pointwise&map=one",
            "?stage=separable&part=sideways",
            "?stage=separable&map=2&part=pointwise",
            "?stage=separable&row=2&col=0",
            "?stage=batch-norm&part=mean&index=1",
            "?stage=batch-norm&part=value",
            "?stage=batch-norm&index=8",
            "?stage=batch-norm&channel=2",
            "?stage=residual&filter=0&row=9&col=0",
        ] {
            let r = parse(q);
            let (i, note) = resolve(&r, &l);
            let notes = [r.notes.clone(), note.into_iter().collect()].concat();
            assert_eq!((i, notes), (0, vec![Note::UnknownStep]), "{q}");
        }
    }

    #[test]
    fn custom_images_survive_the_url() {
        let mut s = Settings::default();
        s.image[[4, 4]] = -1;
        s.image[[0, 8]] = 1;
        let href = stage_href(&s, Stage::Input);
        assert_eq!(parse(&href).settings, s);
    }
}

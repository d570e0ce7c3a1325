//! The playground's settings, their URL form and the feature maps they give.
//! All arithmetic goes through cnn-core.

use cnn_core::kernels;
use cnn_core::ops::f32s;
use cnn_core::{
    to_grey, window, Conv2d, CoreError, Edge, Padding, Pool2d, PoolKind, Reduction, WindowSpec,
};
use ndarray::{Array2, Array3, Array4};

/// Where the picture comes from. Uploads and drawings stay on the device and
/// are never put in a URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    X,
    O,
    Sample(&'static str),
    Upload,
    Drawing,
    /// Live frames from the webcam.
    Camera,
    /// Live frames from a video file the learner picks (stays on the device).
    Video,
}

impl Source {
    /// Frames keep coming: the maps are recomputed for each.
    pub fn is_live(&self) -> bool {
        matches!(self, Source::Camera | Source::Video)
    }
}

/// The built-in photos in `static/samples/` (credited in CREDITS.md there).
pub const SAMPLES: [&str; 5] = ["cat", "coffee", "astronaut", "rocket", "brick"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Colour {
    /// One grey channel.
    Grey,
    /// Three channels with a three-channel kernel (the same weights on each).
    Rgb,
}

/// One kernel: a preset's weights, or the learner's own.
#[derive(Clone, Debug, PartialEq)]
pub struct KernelSpec {
    pub preset: Option<&'static str>,
    pub size: usize,
    /// `size × size`, row by row.
    pub weights: Vec<f32>,
}

impl KernelSpec {
    pub fn preset(slug: &str) -> Option<KernelSpec> {
        let k = kernels::preset(slug)?;
        let slug = kernels::presets()
            .iter()
            .map(|p| p.slug)
            .find(|s| *s == slug)?;
        Some(KernelSpec {
            preset: Some(slug),
            size: k.size,
            weights: k.weights,
        })
    }

    /// The same kernel at another size: the old weights stay centred.
    pub fn resized(&self, size: usize) -> KernelSpec {
        let mut w = vec![0.0; size * size];
        let off = |n: usize| (size as isize - n as isize) / 2;
        for r in 0..self.size {
            for c in 0..self.size {
                let (nr, nc) = (r as isize + off(self.size), c as isize + off(self.size));
                if (0..size as isize).contains(&nr) && (0..size as isize).contains(&nc) {
                    w[nr as usize * size + nc as usize] = self.weights[r * self.size + c];
                }
            }
        }
        KernelSpec {
            preset: None,
            size,
            weights: w,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolSpec {
    pub kind: PoolKind,
    pub window: usize,
    pub stride: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub source: Source,
    pub colour: Colour,
    pub kernels: Vec<KernelSpec>,
    pub padding: Padding,
    pub stride: usize,
    pub dilation: usize,
    pub reduction: Reduction,
    pub relu: bool,
    pub pool: Option<PoolSpec>,
    /// Frame size for live sources: 320×240 or 640×480.
    pub live_width: u32,
    /// Step mode: which kernel, and the first output cell of the region
    /// stepped through (in the convolution's output, before pooling).
    pub step: Option<StepAt>,
    /// Projector mode: large type, high contrast, clicker keys.
    pub projector: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepAt {
    pub kernel: usize,
    pub row: usize,
    pub col: usize,
}

/// Live frame sizes (width; height is three quarters of it).
pub const LIVE_WIDTHS: [u32; 2] = [320, 640];

pub const KERNEL_SIZES: [usize; 3] = [3, 5, 7];
pub const MAX_KERNELS: usize = 6;
pub const STRIDES: std::ops::RangeInclusive<usize> = 1..=4;
pub const DILATIONS: std::ops::RangeInclusive<usize> = 1..=3;
pub const EXPLICIT_PADDING: std::ops::RangeInclusive<usize> = 0..=3;

impl Default for Settings {
    fn default() -> Self {
        Settings {
            source: Source::Sample("cat"),
            colour: Colour::Grey,
            kernels: ["sobel-x", "sobel-y"]
                .iter()
                .filter_map(|s| KernelSpec::preset(s))
                .collect(),
            padding: Padding::Same,
            stride: 1,
            dilation: 1,
            reduction: Reduction::Sum,
            relu: false,
            pool: None,
            live_width: 320,
            step: None,
            projector: false,
        }
    }
}

fn fmt_weight(v: f32) -> String {
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// Settings → query string (without `?`), starting with `view=playground`.
pub fn to_query(s: &Settings) -> String {
    let mut q = vec![("view", "playground".to_string())];
    let src = match &s.source {
        Source::X => "x".to_string(),
        Source::O => "o".to_string(),
        Source::Sample(n) => (*n).to_string(),
        // Own pictures never travel: a link falls back to the default photo.
        Source::Camera => "camera".to_string(),
        Source::Upload | Source::Drawing | Source::Video => "own".to_string(),
    };
    q.push(("src", src));
    if s.colour == Colour::Rgb {
        q.push(("colour", "rgb".into()));
    }
    let ks: Vec<String> = s
        .kernels
        .iter()
        .map(|k| match k.preset {
            Some(p) => p.to_string(),
            None => format!(
                "c{}:{}",
                k.size,
                k.weights
                    .iter()
                    .map(|w| fmt_weight(*w))
                    .collect::<Vec<_>>()
                    .join("_")
            ),
        })
        .collect();
    q.push(("k", ks.join(",")));
    q.push((
        "padding",
        match s.padding {
            Padding::Valid => "valid".into(),
            Padding::Same => "same".into(),
            Padding::Explicit(p) => p.to_string(),
        },
    ));
    q.push(("stride", s.stride.to_string()));
    q.push(("dilation", s.dilation.to_string()));
    q.push((
        "reduce",
        if s.reduction == Reduction::Mean {
            "mean"
        } else {
            "sum"
        }
        .into(),
    ));
    if s.relu {
        q.push(("relu", "1".into()));
    }
    if let Some(p) = s.pool {
        let kind = if p.kind == PoolKind::Max {
            "max"
        } else {
            "avg"
        };
        q.push(("pool", format!("{kind}-{}-{}", p.window, p.stride)));
    }
    if let Some(st) = s.step {
        q.push(("step", format!("{}-{}-{}", st.kernel + 1, st.row, st.col)));
    }
    if s.projector {
        q.push(("projector", "1".into()));
    }
    q.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

fn parse_kernel(s: &str) -> Option<KernelSpec> {
    if let Some(k) = KernelSpec::preset(s) {
        return Some(k);
    }
    let (size, values) = s.strip_prefix('c')?.split_once(':')?;
    let size: usize = size.parse().ok()?;
    if !KERNEL_SIZES.contains(&size) {
        return None;
    }
    let weights: Vec<f32> = values
        .split('_')
        .map(|v| v.parse::<f32>().ok().filter(|f| f.is_finite()))
        .collect::<Option<_>>()?;
    (weights.len() == size * size).then_some(KernelSpec {
        preset: None,
        size,
        weights,
    })
}

/// Query string → settings, and the names of the fields that were not
/// understood (they keep their defaults).
pub fn parse(pairs: &[(String, String)]) -> (Settings, Vec<&'static str>) {
    let get = |k: &str| {
        pairs
            .iter()
            .rev()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    let mut s = Settings::default();
    let mut bad = Vec::new();
    match get("src") {
        None | Some("own") => {}
        Some("x") => s.source = Source::X,
        Some("o") => s.source = Source::O,
        Some("camera") => s.source = Source::Camera,
        Some(n) => match SAMPLES.iter().find(|x| **x == n) {
            Some(x) => s.source = Source::Sample(x),
            None => bad.push("src"),
        },
    }
    match get("colour") {
        None | Some("grey") => {}
        Some("rgb") => s.colour = Colour::Rgb,
        Some(_) => bad.push("colour"),
    }
    if let Some(k) = get("k") {
        let ks: Option<Vec<KernelSpec>> = k.split(',').map(parse_kernel).collect();
        match ks {
            Some(ks) if !ks.is_empty() && ks.len() <= MAX_KERNELS => s.kernels = ks,
            _ => bad.push("k"),
        }
    }
    match get("padding") {
        None => {}
        Some("valid") => s.padding = Padding::Valid,
        Some("same") => s.padding = Padding::Same,
        Some(p) => match p.parse::<usize>() {
            Ok(p) if EXPLICIT_PADDING.contains(&p) => s.padding = Padding::Explicit(p),
            _ => bad.push("padding"),
        },
    }
    for (key, range, field) in [
        ("stride", STRIDES, &mut s.stride as &mut usize),
        ("dilation", DILATIONS, &mut s.dilation),
    ] {
        if let Some(v) = get(key) {
            match v.parse::<usize>() {
                Ok(n) if range.contains(&n) => *field = n,
                _ => bad.push(if key == "stride" {
                    "stride"
                } else {
                    "dilation"
                }),
            }
        }
    }
    match get("reduce") {
        None | Some("sum") => {}
        Some("mean") => s.reduction = Reduction::Mean,
        Some(_) => bad.push("reduce"),
    }
    match get("relu") {
        None | Some("0") => {}
        Some("1") => s.relu = true,
        Some(_) => bad.push("relu"),
    }
    if let Some(p) = get("pool") {
        let parsed = (|| {
            if p == "none" {
                return Some(None);
            }
            let mut it = p.split('-');
            let kind = match it.next()? {
                "max" => PoolKind::Max,
                "avg" => PoolKind::Average,
                _ => return None,
            };
            let window: usize = it.next()?.parse().ok()?;
            let stride: usize = it.next()?.parse().ok()?;
            ((1..=4).contains(&window) && (1..=4).contains(&stride)).then_some(Some(PoolSpec {
                kind,
                window,
                stride,
            }))
        })();
        match parsed {
            Some(pool) => s.pool = pool,
            None => bad.push("pool"),
        }
    }
    if let Some(v) = get("step") {
        let parsed = (|| {
            let mut it = v.split('-').map(|x| x.parse::<usize>().ok());
            let (k, row, col) = (it.next()??, it.next()??, it.next()??);
            (k >= 1 && k <= s.kernels.len() && it.next().is_none()).then_some(StepAt {
                kernel: k - 1,
                row,
                col,
            })
        })();
        match parsed {
            Some(at) => s.step = Some(at),
            None => bad.push("step"),
        }
    }
    match get("projector") {
        None | Some("0") => {}
        Some("1") => s.projector = true,
        Some(_) => bad.push("projector"),
    }
    match get("live").map(|v| v.parse::<u32>()) {
        None => {}
        Some(Ok(w)) if LIVE_WIDTHS.contains(&w) => s.live_width = w,
        Some(_) => bad.push("live"),
    }
    (s, bad)
}

/// One kernel's result.
#[derive(Clone, Debug, PartialEq)]
pub struct FeatureMap {
    /// After convolution, ReLU (if on) and pooling (if on). `[h, w]`
    pub values: Array2<f32>,
    /// Largest magnitude, for the colour scale (at least a tiny positive).
    pub scale: f32,
}

/// The geometry of the layers, shared by every kernel.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Geometry {
    pub conv: WindowSpec,
    pub pool: Option<WindowSpec>,
}

impl Geometry {
    /// Where output cell `(r, c)` reads in the input: (top, left, bottom,
    /// right), inclusive, in input coordinates (padding may be outside).
    pub fn input_region(&self, r: usize, c: usize) -> (isize, isize, isize, isize) {
        let (r0, c0, r1, c1) = match self.pool {
            Some(p) => {
                let w = window(&p, r, c);
                let last = w.tap(w.rows.saturating_sub(1), w.cols.saturating_sub(1));
                (w.top, w.left, last.0, last.1)
            }
            None => (r as isize, c as isize, r as isize, c as isize),
        };
        let a = window(&self.conv, r0.max(0) as usize, c0.max(0) as usize);
        let b = window(&self.conv, r1.max(0) as usize, c1.max(0) as usize);
        let end = b.tap(b.rows - 1, b.cols - 1);
        (a.top, a.left, end.0, end.1)
    }

    /// The convolution output cell a map cell starts from (a pooled map's
    /// cell covers a window of them).
    pub fn conv_cell(&self, row: usize, col: usize) -> (usize, usize) {
        match self.pool {
            Some(p) => {
                let w = window(&p, row, col);
                (w.top.max(0) as usize, w.left.max(0) as usize)
            }
            None => (row, col),
        }
    }
}

/// The input as the network sees it: grey or colour, values in [0, 1]
/// (the X/O images keep their ±1).
pub fn prepare(image: &Array3<f32>, colour: Colour) -> Array3<f32> {
    match colour {
        Colour::Grey => to_grey(image),
        Colour::Rgb => image.clone(),
    }
}

/// What [`compute`] gives: the layers' geometry and one map per kernel.
pub type Computed = Result<(Geometry, Vec<FeatureMap>), CoreError>;

/// Run every kernel over the prepared image.
pub fn compute(image: &Array3<f32>, s: &Settings) -> Computed {
    let channels = image.shape()[0];
    let mut maps = Vec::with_capacity(s.kernels.len());
    let mut geometry = None;
    for k in &s.kernels {
        let w = Array4::from_shape_fn((1, channels, k.size, k.size), |(_, _, r, c)| {
            k.weights[r * k.size + c]
        });
        let mut conv = Conv2d::new(w, s.reduction);
        conv.padding = s.padding;
        conv.stride = (s.stride, s.stride);
        conv.dilation = (s.dilation, s.dilation);
        let conv_spec = conv.spec(image)?;
        // cnn-core's f32 entry points: compiled for speed (see `ops::f32s`).
        let mut out = f32s::conv_forward(&conv, image)?; // [1, h, w]
        if s.relu {
            out = f32s::relu_forward(&out);
        }
        let mut pool_spec = None;
        if let Some(p) = s.pool {
            let pool = Pool2d {
                kind: p.kind,
                window: (p.window, p.window),
                stride: (p.stride, p.stride),
                edge: Edge::Drop,
            };
            pool_spec = Some(pool.spec(&out)?);
            out = f32s::pool_forward(&pool, &out)?;
        }
        geometry.get_or_insert(Geometry {
            conv: conv_spec,
            pool: pool_spec,
        });
        let values = out.index_axis_move(ndarray::Axis(0), 0);
        let scale = values.iter().fold(1e-6f32, |m, v| m.max(v.abs()));
        maps.push(FeatureMap { values, scale });
    }
    let geometry = geometry.ok_or(CoreError::ZeroSetting { field: "kernels" })?;
    Ok((geometry, maps))
}

/// Step mode shows at most this many output cells a side.
pub const STEP_BLOCK: usize = 4;
/// ... and at most this many input cells a side (a wide dilated kernel shows
/// fewer output cells).
pub const STEP_MAX_SPAN: usize = 13;

/// Why a region cannot be stepped through.
#[derive(Clone, Debug, PartialEq)]
pub enum StepError {
    /// One cell's window is wider than step mode can show.
    TooWide {
        span: usize,
    },
    Core(CoreError),
}

/// A small region of the convolution with kernel `at.kernel`, as exact
/// numbers: the grey input patch that up to [`STEP_BLOCK`]² output cells read
/// (pixels scaled by `pixel_scale`, e.g. 255, and rounded; padding as 0), the
/// kernel's weights as the fractions they are (1/9, 1/16), and the lesson's
/// trace of it. Returns the example and the output position of its first cell.
pub fn step_example(
    image: &Array3<f32>,
    s: &Settings,
    at: StepAt,
    pixel_scale: f32,
) -> Result<(crate::ui::example::Example, (usize, usize)), StepError> {
    let grey = prepare(image, Colour::Grey); // [1, h, w]
    let (_, h, w) = grey.dim();
    let k = s
        .kernels
        .get(at.kernel)
        .ok_or(StepError::Core(CoreError::ZeroSetting { field: "kernels" }))?;
    let weights = Array4::from_shape_fn((1, 1, k.size, k.size), |(_, _, r, c)| {
        cnn_core::Ratio::approximate(k.weights[r * k.size + c] as f64, 1000)
    });
    let mut conv = Conv2d::new(weights, s.reduction);
    conv.padding = s.padding;
    conv.stride = (s.stride, s.stride);
    conv.dilation = (s.dilation, s.dilation);
    let spec = WindowSpec::conv(
        (h, w),
        (k.size, k.size),
        conv.stride,
        conv.dilation,
        conv.padding,
    )
    .map_err(StepError::Core)?;
    let (oh, ow) = spec.output();
    let span = (k.size - 1) * s.dilation + 1;
    if span > STEP_MAX_SPAN {
        return Err(StepError::TooWide { span });
    }
    // As many output cells a side as fit, the chosen one first where it can be.
    let mut n = STEP_BLOCK;
    while n > 1 && span + (n - 1) * s.stride > STEP_MAX_SPAN {
        n -= 1;
    }
    let (nr, nc) = (n.min(oh), n.min(ow));
    let r0 = at.row.min(oh - nr);
    let c0 = at.col.min(ow - nc);
    let first = window(&spec, r0, c0);
    let (top, left) = (first.top, first.left);
    let side_r = span + (nr - 1) * s.stride;
    let side_c = span + (nc - 1) * s.stride;
    let patch = Array3::from_shape_fn((1, side_r, side_c), |(_, r, c)| {
        let (y, x) = (top + r as isize, left + c as isize);
        if y >= 0 && x >= 0 && (y as usize) < h && (x as usize) < w {
            cnn_core::Ratio::int((grey[[0, y as usize, x as usize]] * pixel_scale).round() as i64)
        } else {
            cnn_core::Ratio::ZERO
        }
    });
    // The patch already holds the padding: a valid convolution over it gives
    // exactly the chosen cells of the full map.
    conv.padding = Padding::Valid;
    let ex = crate::ui::example::Example::new(patch, conv).map_err(StepError::Core)?;
    Ok((ex, (r0, c0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::shell::query::pairs;

    #[test]
    fn settings_round_trip_through_the_url() {
        let mut s = Settings::default();
        s.kernels.push(KernelSpec {
            preset: None,
            size: 3,
            weights: vec![0.5, -1.0, 0.25, 0.0, 2.0, 0.0, 1.0, -0.125, 3.0],
        });
        s.padding = Padding::Explicit(2);
        s.stride = 3;
        s.dilation = 2;
        s.relu = true;
        s.colour = Colour::Rgb;
        s.reduction = Reduction::Mean;
        s.pool = Some(PoolSpec {
            kind: PoolKind::Average,
            window: 3,
            stride: 2,
        });
        s.step = Some(StepAt {
            kernel: 1,
            row: 4,
            col: 7,
        });
        s.projector = true;
        let (back, bad) = parse(&pairs(&to_query(&s)));
        assert!(bad.is_empty(), "{bad:?}");
        assert_eq!(back, s);
    }

    #[test]
    fn step_mode_reproduces_the_full_map() {
        // A 9x9 ramp; the step region's outputs equal the whole map's cells.
        let img = Array3::from_shape_fn((1, 9, 9), |(_, r, c)| (r * 9 + c) as f32 / 255.0);
        let mut s = Settings {
            padding: Padding::Explicit(1),
            stride: 2,
            step: Some(StepAt {
                kernel: 0,
                row: 3,
                col: 0,
            }),
            ..Settings::default()
        };
        let (_, maps) = compute(&img, &s).unwrap();
        let (ex, (r0, c0)) = step_example(&img, &s, s.step.unwrap(), 255.0).unwrap();
        let (_, oh, ow) = ex.output.dim();
        assert!(oh >= 2 && ow >= 2);
        assert_eq!((r0, c0), (5 - oh, 0), "the block fits inside the 5x5 map");
        for r in 0..oh {
            for c in 0..ow {
                let want = maps[0].values[[r0 + r, c0 + c]] * 255.0;
                let got = ex.output[[0, r, c]].to_f64() as f32;
                assert!(
                    (want - got).abs() < 1e-3,
                    "cell ({r}, {c}): {want} vs {got}"
                );
            }
        }
        // A 7x7 kernel dilated by 3 spans 19 pixels: too wide to show.
        s.kernels[0] = KernelSpec::preset("identity").unwrap().resized(7);
        s.dilation = 3;
        let big = Array3::zeros((1, 30, 30));
        assert_eq!(
            step_example(&big, &s, s.step.unwrap(), 255.0).map(|_| ()),
            Err(StepError::TooWide { span: 19 })
        );
    }

    #[test]
    fn bad_settings_are_named_and_defaulted() {
        let (s, bad) = parse(&pairs(
            "src=moon&k=c3:1_2&padding=9&stride=0&dilation=7&pool=max-9-1&relu=2&step=9-0-0&projector=yes",
        ));
        assert_eq!(s, Settings::default());
        assert_eq!(
            bad,
            vec![
                "src",
                "k",
                "padding",
                "stride",
                "dilation",
                "relu",
                "pool",
                "step",
                "projector"
            ]
        );
    }

    #[test]
    fn sobel_on_a_step_edge() {
        // A vertical edge: 0 on the left, 1 on the right. Sobel x (sum, valid)
        // sees it at full strength 4 = 1 + 2 + 1; Sobel y sees nothing.
        let img = Array3::from_shape_fn((1, 5, 6), |(_, _, c)| if c >= 3 { 1.0 } else { 0.0 });
        let s = Settings {
            padding: Padding::Valid,
            ..Settings::default()
        };
        let (g, maps) = compute(&img, &s).unwrap();
        assert_eq!(g.conv.output(), (3, 4));
        assert_eq!(maps[0].values.row(0).to_vec(), vec![0.0, 4.0, 4.0, 0.0]);
        assert!(maps[1].values.iter().all(|v| *v == 0.0));
        // Output (0, 1) reads input rows 0-2, cols 1-3.
        assert_eq!(g.input_region(0, 1), (0, 1, 2, 3));
    }

    #[test]
    fn a_kernel_larger_than_the_input_says_so() {
        let img = Array3::zeros((1, 4, 4));
        let s = Settings {
            padding: Padding::Valid,
            kernels: vec![KernelSpec::preset("gaussian-blur").unwrap()],
            dilation: 2,
            ..Settings::default()
        };
        assert!(matches!(compute(&img, &s), Err(CoreError::NoOutput { .. })));
    }

    #[test]
    fn pooled_cells_map_back_to_their_input_region() {
        let img = Array3::zeros((1, 12, 12));
        let s = Settings {
            padding: Padding::Valid,
            pool: Some(PoolSpec {
                kind: PoolKind::Max,
                window: 2,
                stride: 2,
            }),
            ..Settings::default()
        };
        let (g, maps) = compute(&img, &s).unwrap();
        assert_eq!(maps[0].values.dim(), (5, 5));
        // Pool cell (1, 2) covers conv cells rows 2-3, cols 4-5, which read
        // input rows 2-5, cols 4-7.
        assert_eq!(g.input_region(1, 2), (2, 4, 5, 7));
    }

    #[test]
    fn resizing_keeps_the_kernel_centred() {
        let k = KernelSpec::preset("sharpen").unwrap().resized(5);
        assert_eq!(k.weights[12], 5.0);
        assert_eq!(k.weights[7], -1.0);
        assert_eq!(k.weights[0], 0.0);
        assert_eq!(
            k.resized(3).weights,
            KernelSpec::preset("sharpen").unwrap().weights
        );
    }
}

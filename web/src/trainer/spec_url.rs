//! An edited model's layers in the URL, short enough to read and share:
//! `layers=c32.3.same.relu~d0.25~m2~f~D512.relu`.
//!
//! Layers are joined by `~`; each is a letter ([`LayerKind::letter`]) and its
//! settings, joined by `.`:
//!
//! | layer                  | form                                   | example          |
//! |------------------------|----------------------------------------|------------------|
//! | convolution            | `c` filters `.` kernel [`.s` stride] `.` padding `.` activation | `c6.5.valid.tanh`, `c8.3.s2.same.relu` |
//! | max pooling            | `m` size [`.s` stride]                  | `m2`, `m3.s2`    |
//! | average pooling        | `a` size [`.s` stride]                  | `a2`             |
//! | dropout                | `d` rate                                | `d0.25`          |
//! | flatten                | `f`                                     | `f`              |
//! | dense                  | `D` units `.` activation                | `D120.tanh`      |
//! | any other layer or block | its letter, then every setting of [`Layer::settings`] in order, joined by `.` (flags `1` or `0`) | `b`, `A.relu6`, `R32.2.1`, `I8.0` |
//!
//! Padding is `valid` or `same`; activations are `Activation::key`s: `relu`, `relu6`, `tanh`, `sigmoid`,
//! `softmax` and `linear`. A stride is written only where it differs from
//! the default (1 for a convolution, the window's size for pooling). Only
//! the layers travel: the input and the output come from the zoo model named
//! by `model=` (the editor changes neither). Reading checks the form only;
//! whether the layers fit together is [`ModelSpec::summary`]'s to say, as
//! it is while the learner edits.
//!
//! [`ModelSpec::summary`]: cnn_train::ModelSpec::summary

use cnn_train::spec::Value;
use cnn_train::{Activation, Layer, LayerKind, Padding};

use crate::i18n::{n, s, t, t_args};

/// The most layers a URL may carry (more is not a model anyone edited).
pub const MAX_LAYERS: usize = 100;

/// Why a `layers=` value could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LayersError {
    /// Layer `index` (0-based) is not in any of the forms above.
    Layer { index: usize, text: String },
    /// More than [`MAX_LAYERS`] layers.
    TooMany { count: usize, max: usize },
}

/// One layer's form.
fn encode_layer(l: &Layer) -> String {
    let letter = l.kind().letter();
    match *l {
        Layer::Conv2d {
            filters,
            kernel,
            stride,
            padding,
            activation,
        } => {
            let stride = if stride == 1 {
                String::new()
            } else {
                format!(".s{stride}")
            };
            let padding = match padding {
                Padding::Valid => "valid",
                Padding::Same => "same",
            };
            format!(
                "{letter}{filters}.{kernel}{stride}.{padding}.{}",
                activation.key()
            )
        }
        Layer::MaxPool { size, stride } | Layer::AvgPool { size, stride } => {
            if stride == size {
                format!("{letter}{size}")
            } else {
                format!("{letter}{size}.s{stride}")
            }
        }
        // f32's Display is the shortest text that reads back as the same number.
        Layer::Dropout { rate } => format!("{letter}{rate}"),
        Layer::Flatten => letter.to_string(),
        Layer::Dense { units, activation } => {
            format!("{letter}{units}.{}", activation.key())
        }
        // The newer layers and the blocks: every setting in order.
        _ => {
            let settings: Vec<String> = l
                .settings()
                .into_iter()
                .map(|(_, v)| match v {
                    Value::Count(n) => n.to_string(),
                    Value::Rate(r) => r.to_string(),
                    Value::Padding(Padding::Valid) => "valid".into(),
                    Value::Padding(Padding::Same) => "same".into(),
                    Value::Activation(a) => a.key().into(),
                    Value::Flag(on) => if on { "1" } else { "0" }.into(),
                })
                .collect();
            format!("{letter}{}", settings.join("."))
        }
    }
}

/// A newer layer or a block: its settings in order, each read as the type
/// the kind's own setting has.
fn decode_settings(kind: LayerKind, rest: &str) -> Option<Layer> {
    let types = kind.default_layer().settings();
    let parts: Vec<&str> = if rest.is_empty() {
        vec![]
    } else {
        rest.split('.').collect()
    };
    if parts.len() != types.len() {
        return None;
    }
    let values = types
        .iter()
        .zip(&parts)
        .map(|((_, like), text)| match like {
            Value::Count(_) => number(text).map(Value::Count),
            Value::Rate(_) => text.parse().ok().map(Value::Rate),
            Value::Padding(_) => match *text {
                "valid" => Some(Value::Padding(Padding::Valid)),
                "same" => Some(Value::Padding(Padding::Same)),
                _ => None,
            },
            Value::Activation(_) => Activation::from_key(text).map(Value::Activation),
            Value::Flag(_) => match *text {
                "1" => Some(Value::Flag(true)),
                "0" => Some(Value::Flag(false)),
                _ => None,
            },
        })
        .collect::<Option<Vec<_>>>()?;
    kind.with_values(&values)
}

/// The layers as a `layers=` value.
pub fn encode(layers: &[Layer]) -> String {
    layers
        .iter()
        .map(encode_layer)
        .collect::<Vec<_>>()
        .join("~")
}

/// A whole number written with digits only.
fn number(s: &str) -> Option<usize> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `s<n>`: a stride.
fn stride(s: &str) -> Option<usize> {
    number(s.strip_prefix('s')?)
}

fn decode_layer(text: &str) -> Option<Layer> {
    let mut chars = text.chars();
    let kind = LayerKind::from_letter(chars.next()?)?;
    let rest = chars.as_str();
    if kind == LayerKind::Dropout {
        // The rate has a decimal point of its own.
        let rate: f32 = rest.parse().ok()?;
        return Some(Layer::Dropout { rate });
    }
    let parts: Vec<&str> = rest.split('.').collect();
    match (kind, parts.as_slice()) {
        (LayerKind::Conv2d, [filters, kernel, more @ ..]) => {
            let (stride, padding, activation) = match more {
                [padding, activation] => (1, padding, activation),
                [s, padding, activation] => (stride(s)?, padding, activation),
                _ => return None,
            };
            Some(Layer::Conv2d {
                filters: number(filters)?,
                kernel: number(kernel)?,
                stride,
                padding: match *padding {
                    "valid" => Padding::Valid,
                    "same" => Padding::Same,
                    _ => return None,
                },
                activation: Activation::from_key(activation)?,
            })
        }
        (LayerKind::MaxPool | LayerKind::AvgPool, [size, more @ ..]) => {
            let size = number(size)?;
            let stride = match more {
                [] => size,
                [s] => stride(s)?,
                _ => return None,
            };
            Some(if kind == LayerKind::MaxPool {
                Layer::MaxPool { size, stride }
            } else {
                Layer::AvgPool { size, stride }
            })
        }
        (LayerKind::Flatten, [""]) => Some(Layer::Flatten),
        (LayerKind::Dense, [units, activation]) => Some(Layer::Dense {
            units: number(units)?,
            activation: Activation::from_key(activation)?,
        }),
        (
            LayerKind::Conv2d
            | LayerKind::MaxPool
            | LayerKind::AvgPool
            | LayerKind::Flatten
            | LayerKind::Dense,
            _,
        ) => None,
        _ => decode_settings(kind, rest),
    }
}

/// Reads a `layers=` value (an empty one is a model with no layers).
pub fn decode(value: &str) -> Result<Vec<Layer>, LayersError> {
    if value.is_empty() {
        return Ok(vec![]);
    }
    let texts: Vec<&str> = value.split('~').collect();
    if texts.len() > MAX_LAYERS {
        return Err(LayersError::TooMany {
            count: texts.len(),
            max: MAX_LAYERS,
        });
    }
    texts
        .iter()
        .enumerate()
        .map(|(index, text)| {
            decode_layer(text).ok_or_else(|| LayersError::Layer {
                index,
                text: text.to_string(),
            })
        })
        .collect()
}

/// The learner-facing sentence for a `layers=` value that could not be
/// read, naming the zoo model shown instead.
pub fn error_text(e: &LayersError, model: &str) -> String {
    let model = t(&format!("tr-model-{model}"));
    match e {
        LayersError::Layer { index, text } => t_args(
            "tr-url-bad-layer",
            &[
                ("layer", n(index + 1)),
                ("text", s(text.clone())),
                ("model", s(model)),
            ],
        ),
        LayersError::TooMany { count, max } => t_args(
            "tr-url-too-many",
            &[("count", n(*count)), ("max", n(*max)), ("model", s(model))],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cnn_train::zoo;

    #[test]
    fn every_zoo_model_round_trips() {
        for (id, spec) in zoo::all() {
            let text = encode(&spec.layers);
            assert_eq!(decode(&text).as_ref(), Ok(&spec.layers), "{id}: {text}");
        }
        // Readable: the slides' MNIST CNN (seed 004) and LeNet-5.
        assert_eq!(
            encode(&zoo::mnist_cnn().layers),
            "c32.3.valid.relu~c64.3.valid.relu~m2~d0.25~f~D128.relu~d0.5~D10.softmax"
        );
        assert_eq!(
            encode(&zoo::lenet5().layers),
            "c6.5.valid.tanh~a2~c16.5.valid.tanh~a2~f~D120.tanh~D84.tanh~D10.softmax"
        );
    }

    #[test]
    fn edited_layers_round_trip() {
        let layers = vec![
            Layer::Conv2d {
                filters: 8,
                kernel: 3,
                stride: 2,
                padding: Padding::Same,
                activation: Activation::Sigmoid,
            },
            Layer::MaxPool { size: 3, stride: 2 },
            Layer::AvgPool { size: 2, stride: 1 },
            Layer::Dropout { rate: 0.1 },
            Layer::Dropout { rate: 0.333_333_34 },
            Layer::Flatten,
            Layer::Dense {
                units: 7,
                activation: Activation::Linear,
            },
            // Settings the spec refuses still travel: the editor shows why.
            Layer::conv(0, 9, Padding::Valid, Activation::Softmax),
            Layer::Dropout { rate: 1.5 },
            Layer::dense(2, Activation::Softmax),
        ];
        let text = encode(&layers);
        assert_eq!(
            text,
            "c8.3.s2.same.sigmoid~m3.s2~a2.s1~d0.1~d0.33333334~f~D7.linear~c0.9.valid.softmax~d1.5~D2.softmax"
        );
        assert_eq!(decode(&text), Ok(layers));
        assert_eq!(decode(""), Ok(vec![]));
        // Every kind the editor offers, with its everyday settings.
        let every: Vec<Layer> = LayerKind::ALL.iter().map(|k| k.default_layer()).collect();
        let text = encode(&every);
        assert_eq!(
            text,
            "c8.3.valid.relu~m2~a2~d0.25~f~D32.relu~b~Arelu~g~G~z1~w3.1.same.relu\
             ~s16.3.1.same.relu~V16.2~R16.1.1~I8.1~N8.2~T~S16.1"
        );
        assert_eq!(decode(&text), Ok(every));
        // A residual block without projection, stride 2 (which its
        // summary refuses, with a reason) still travels.
        let shortcut = vec![Layer::ResidualBlock {
            filters: 32,
            stride: 2,
            projection: false,
        }];
        assert_eq!(encode(&shortcut), "R32.2.0");
        assert_eq!(decode("R32.2.0"), Ok(shortcut));
        // Every zoo model with one layer more, one less, or moved.
        for (_, spec) in zoo::all() {
            for edited in [
                spec.insert(1, Layer::Dropout { rate: 0.2 }),
                spec.remove(0),
                spec.move_layer(0, 2),
            ] {
                assert_eq!(decode(&encode(&edited.layers)), Ok(edited.layers));
            }
        }
    }

    #[test]
    fn malformed_values_are_refused_with_the_layer() {
        let bad = |value: &str, index: usize, text: &str| {
            assert_eq!(
                decode(value),
                Err(LayersError::Layer {
                    index,
                    text: text.into()
                }),
                "{value}"
            );
        };
        bad("x", 0, "x");
        bad("c3.3.valid.relu~~f", 1, "");
        bad("c3.3.valid", 0, "c3.3.valid");
        bad("c3.3.full.relu", 0, "c3.3.full.relu");
        bad("c3.3.valid.gelu", 0, "c3.3.valid.gelu");
        bad("c3.3.x2.valid.relu", 0, "c3.3.x2.valid.relu");
        bad("c-3.3.valid.relu", 0, "c-3.3.valid.relu");
        bad("c+3.3.valid.relu", 0, "c+3.3.valid.relu");
        bad("c3.3.valid.relu.relu.relu", 0, "c3.3.valid.relu.relu.relu");
        bad(
            "c99999999999999999999999.3.valid.relu",
            0,
            "c99999999999999999999999.3.valid.relu",
        );
        bad("m", 0, "m");
        bad("m2.2", 0, "m2.2");
        bad("m2.s", 0, "m2.s");
        bad("f~f2", 1, "f2");
        bad("f~d", 1, "d");
        bad("f~dx", 1, "dx");
        bad("f~D10", 1, "D10");
        bad("f~d10.softmax", 1, "d10.softmax");
        bad("C3.3.valid.relu", 0, "C3.3.valid.relu");
        bad("m2~f~D2.Softmax", 2, "D2.Softmax");
        bad("é", 0, "é");
        bad("R32.2", 0, "R32.2");
        bad("R32.2.yes", 0, "R32.2.yes");
        bad("b1", 0, "b1");
        bad("Agelu", 0, "Agelu");
        bad("I8.1.1", 0, "I8.1.1");
        assert_eq!(
            decode(&vec!["f"; MAX_LAYERS + 1].join("~")),
            Err(LayersError::TooMany {
                count: MAX_LAYERS + 1,
                max: MAX_LAYERS
            })
        );
        // Huge but well-formed settings are read; the spec's check refuses them.
        let huge = decode(&format!("c{}.3.valid.relu~f~D2.softmax", usize::MAX)).unwrap();
        let spec = cnn_train::ModelSpec {
            layers: huge,
            ..zoo::xo_tiny()
        };
        assert!(spec.summary().is_err());
    }
}

//! The trainer's settings as the learner types them, checked into a
//! `TrainConfig` with a reason for each refusal.

use cnn_train::data::xo::XoConfig;
use cnn_train::protocol::{BackendChoice, DataChoice};
use cnn_train::train::{MAX_BATCH, MAX_EPOCHS};
use cnn_train::{zoo, Augment, ModelSpec, Optimizer, TrainConfig};

use super::spec_url::LayersError;
use crate::training::cores;
pub use crate::ui::fields::FieldError;

/// The built-in data sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Data {
    Xo,
    Digits,
}

impl Data {
    pub fn slug(self) -> &'static str {
        match self {
            Data::Xo => "xo",
            Data::Digits => "digits",
        }
    }

    pub fn from_slug(s: &str) -> Option<Data> {
        [Data::Xo, Data::Digits].into_iter().find(|d| d.slug() == s)
    }
}

/// Everything on the form, as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct Form {
    pub model: &'static str,
    pub data: Data,
    pub xo_count: String,
    pub seed: String,
    pub validation: String,
    pub optimizer: &'static str,
    pub momentum: String,
    pub learning_rate: String,
    pub batch_size: String,
    pub epochs: String,
    pub dropout: bool,
    pub augment: bool,
    /// Projector mode: large type, high contrast, clicker keys.
    pub projector: bool,
    /// The learner's edit of the zoo model, if any (kept in the URL as
    /// `layers=`, see [`super::spec_url`]).
    pub custom: Option<ModelSpec>,
    pub backend: BackendChoice,
    /// The cores to train on; `None` is automatic (`training::cores`).
    pub cores: Option<usize>,
}

impl Default for Form {
    fn default() -> Self {
        Form {
            model: "xo-tiny",
            data: Data::Xo,
            xo_count: "600".into(),
            seed: "1".into(),
            validation: "25".into(),
            optimizer: "adam",
            momentum: "0.9".into(),
            learning_rate: "0.01".into(),
            batch_size: "16".into(),
            epochs: "15".into(),
            dropout: true,
            augment: false,
            projector: false,
            custom: None,
            backend: BackendChoice::Auto,
            cores: None,
        }
    }
}

fn err(field: &'static str, key: &'static str, value: &str, max: Option<usize>) -> FieldError {
    FieldError {
        field,
        key,
        value: value.to_string(),
        max,
    }
}

/// What a Start sends to the worker.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub spec: ModelSpec,
    pub data: DataChoice,
    pub validation: f32,
    pub config: TrainConfig,
}

pub fn spec_of(model: &str) -> Option<ModelSpec> {
    zoo::all()
        .into_iter()
        .find(|(id, _)| *id == model)
        .map(|(_, s)| s)
}

impl Form {
    /// The model: the learner's edit, or the zoo's.
    pub fn spec(&self) -> Option<ModelSpec> {
        self.custom.clone().or_else(|| spec_of(self.model))
    }

    /// The settings checked, or every field that is wrong.
    pub fn plan(&self) -> Result<Plan, Vec<FieldError>> {
        let mut errors = Vec::new();
        let int = |field: &'static str, v: &str, lo: usize, hi: usize, errors: &mut Vec<_>| match v
            .trim()
            .parse::<usize>()
        {
            Ok(n) if (lo..=hi).contains(&n) => Some(n),
            _ => {
                errors.push(err(field, "tr-bad-range", v, Some(hi)));
                None
            }
        };
        let batch = int("batch", &self.batch_size, 1, MAX_BATCH, &mut errors);
        let epochs = int("epochs", &self.epochs, 1, MAX_EPOCHS, &mut errors);
        let count = int("count", &self.xo_count, 20, 20_000, &mut errors);
        let seed = self.seed.trim().parse::<u64>().ok();
        if seed.is_none() {
            errors.push(err("seed", "tr-bad-seed", &self.seed, None));
        }
        let lr = match self.learning_rate.trim().parse::<f64>() {
            Ok(v) if v.is_finite() && v > 0.0 => Some(v),
            _ => {
                errors.push(err("lr", "tr-bad-lr", &self.learning_rate, None));
                None
            }
        };
        let momentum = match self.momentum.trim().parse::<f64>() {
            Ok(v) if (0.0..1.0).contains(&v) => Some(v),
            _ if self.optimizer != "sgd" => Some(0.0),
            _ => {
                errors.push(err("momentum", "tr-bad-momentum", &self.momentum, None));
                None
            }
        };
        let validation = match self.validation.trim().parse::<f32>() {
            Ok(v) if (5.0..=50.0).contains(&v) => Some(v / 100.0),
            _ => {
                errors.push(err(
                    "validation",
                    "tr-bad-validation",
                    &self.validation,
                    None,
                ));
                None
            }
        };
        let spec = self.spec();
        if spec.is_none() {
            errors.push(err("model", "tr-bad-model", self.model, None));
        }
        let (
            Some(batch),
            Some(epochs),
            Some(count),
            Some(seed),
            Some(lr),
            Some(m),
            Some(v),
            Some(spec),
        ) = (batch, epochs, count, seed, lr, momentum, validation, spec)
        else {
            return Err(errors);
        };
        let data = match self.data {
            Data::Xo => {
                let size = spec.input.height;
                DataChoice::Xo {
                    config: XoConfig {
                        count,
                        seed,
                        size,
                        noise: 0.1,
                        ..XoConfig::default()
                    },
                }
            }
            Data::Digits => DataChoice::Digits {
                pad: spec.input.height.saturating_sub(28) / 2,
            },
        };
        Ok(Plan {
            spec,
            data,
            validation: v,
            config: TrainConfig {
                optimizer: if self.optimizer == "sgd" {
                    Optimizer::Sgd { momentum: m }
                } else {
                    Optimizer::Adam
                },
                learning_rate: lr,
                batch_size: batch,
                epochs,
                dropout: self.dropout,
                augment: if self.augment {
                    Augment {
                        shift: 0.1,
                        zoom: 0.1,
                        flip: false,
                        shear: 0.0,
                    }
                } else {
                    Augment::NONE
                },
                seed,
                standardize: true,
                workers: cores::workers(self.cores, cores::machine_cores()),
            },
        })
    }

    /// The form as a URL query (after `view=train`).
    pub fn to_query(&self) -> String {
        format!(
            "view=train&model={}&data={}&opt={}&lr={}&batch={}&epochs={}{}{}{}",
            self.model,
            self.data.slug(),
            self.optimizer,
            self.learning_rate.trim(),
            self.batch_size.trim(),
            self.epochs.trim(),
            if self.projector { "&projector=1" } else { "" },
            match self.backend {
                BackendChoice::Auto => "",
                BackendChoice::WebGpu => "&backend=webgpu",
                BackendChoice::Cpu => "&backend=cpu",
            },
            self.cores
                .map(|c| format!("&cores={c}"))
                .unwrap_or_default()
        ) + &self.layers_query()
    }

    /// `&layers=…` when the learner's edit differs from the zoo model.
    fn layers_query(&self) -> String {
        match &self.custom {
            Some(c) if spec_of(self.model).is_none_or(|z| z.layers != c.layers) => {
                format!("&layers={}", super::spec_url::encode(&c.layers))
            }
            _ => String::new(),
        }
    }

    /// A form from URL pairs, and why the edited model in them could not be
    /// read, if it could not (the zoo model is kept then).
    pub fn from_url(pairs: &[(String, String)]) -> (Form, Option<LayersError>) {
        let mut f = Form::from_pairs(pairs);
        let mut problem = None;
        // Last one wins, as for the other keys; the model may come after it.
        if let Some((_, v)) = pairs.iter().rev().find(|(k, _)| k == "layers") {
            match (super::spec_url::decode(v), spec_of(f.model)) {
                (Ok(layers), Some(zoo)) if layers != zoo.layers => {
                    f.custom = Some(ModelSpec { layers, ..zoo });
                }
                (Ok(_), _) => {}
                (Err(e), _) => problem = Some(e),
            }
        }
        (f, problem)
    }

    /// A form from URL pairs; unknown values keep their defaults. The
    /// edited model (`layers=`) is [`Form::from_url`]'s.
    pub fn from_pairs(pairs: &[(String, String)]) -> Form {
        let mut f = Form::default();
        for (k, v) in pairs {
            match k.as_str() {
                "model" => {
                    if let Some((id, _)) = zoo::all().into_iter().find(|(id, _)| id == v) {
                        f.model = id;
                    }
                }
                "data" => f.data = Data::from_slug(v).unwrap_or(f.data),
                "opt" if v == "sgd" => f.optimizer = "sgd",
                "opt" if v == "adam" => f.optimizer = "adam",
                "lr" => f.learning_rate = v.clone(),
                "batch" => f.batch_size = v.clone(),
                "epochs" => f.epochs = v.clone(),
                "projector" => f.projector = v == "1",
                "backend" if v == "cpu" => f.backend = BackendChoice::Cpu,
                "backend" if v == "webgpu" => f.backend = BackendChoice::WebGpu,
                "cores" => f.cores = cores::parse(v),
                _ => {}
            }
        }
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_form_is_a_valid_plan() {
        let p = Form::default().plan().unwrap();
        assert_eq!(p.spec, zoo::xo_tiny());
        assert_eq!(p.config.batch_size, 16);
    }

    #[test]
    fn bad_hyperparameters_name_their_field() {
        // Issue 3: batch size 0, a negative learning rate, too many epochs.
        let f = Form {
            batch_size: "0".into(),
            learning_rate: "-0.1".into(),
            epochs: "100000".into(),
            ..Form::default()
        };
        let errors = f.plan().unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["batch", "epochs", "lr"]);
        assert_eq!(errors[1].max, Some(MAX_EPOCHS));
    }

    #[test]
    fn an_edited_model_is_the_one_trained() {
        let f = Form {
            custom: Some(zoo::xo_tiny().insert(0, cnn_train::Layer::max_pool(1))),
            ..Form::default()
        };
        assert_eq!(f.plan().unwrap().spec.layers.len(), 5);
    }

    use crate::shell::query::pairs;

    #[test]
    fn an_edited_model_survives_its_url() {
        for (id, spec) in zoo::all() {
            // The zoo model as it is: no `layers=` at all.
            let f = Form {
                model: id,
                ..Form::default()
            };
            assert!(!f.to_query().contains("layers="));
            assert_eq!(Form::from_url(&pairs(&f.to_query())), (f, None));
            // Edited: one layer more, one less, one changed.
            for custom in [
                spec.insert(1, cnn_train::Layer::Dropout { rate: 0.25 }),
                spec.remove(0),
                spec.set(0, cnn_train::Layer::max_pool(1)),
            ] {
                let f = Form {
                    model: id,
                    custom: Some(custom.clone()),
                    epochs: "7".into(),
                    ..Form::default()
                };
                let (back, problem) = Form::from_url(&pairs(&f.to_query()));
                assert_eq!(problem, None);
                assert_eq!(back, f, "{id}: {}", f.to_query());
                assert_eq!(back.spec(), Some(custom));
            }
        }
        // As a teacher would type it: the model may follow the layers.
        let (f, _) = Form::from_url(&pairs(
            "?view=train&layers=c32.3.same.relu~d0.25~m2~f~D512.relu~D1.sigmoid&model=cats-dogs",
        ));
        let spec = f.spec().unwrap();
        assert_eq!(spec.input, zoo::cats_dogs().input);
        assert_eq!(spec.layers.len(), 6);
        assert!(spec.summary().is_ok());
    }

    #[test]
    fn a_malformed_edited_model_falls_back_to_the_zoo_model() {
        let (f, problem) = Form::from_url(&pairs(
            "?view=train&model=lenet5&layers=c6.5.valid.tanh~a2~zz&epochs=2",
        ));
        assert_eq!(f.custom, None);
        assert_eq!(f.model, "lenet5");
        assert_eq!(f.epochs, "2");
        assert_eq!(
            problem,
            Some(LayersError::Layer {
                index: 2,
                text: "zz".into()
            })
        );
        // An unknown model: the default one, with the layers read.
        let (f, _) = Form::from_url(&pairs(
            "?view=train&model=nope&layers=c3.3.valid.relu~f~D2.softmax",
        ));
        assert_eq!(f.model, "xo-tiny");
        assert_eq!(f.custom.as_ref().map(|c| c.layers.len()), Some(3));
    }

    #[test]
    fn digits_for_lenet_are_padded_to_32() {
        let f = Form {
            model: "lenet5",
            data: Data::Digits,
            projector: true,
            backend: BackendChoice::Cpu,
            ..Form::default()
        };
        assert_eq!(f.plan().unwrap().data, DataChoice::Digits { pad: 2 });
        let back = Form::from_pairs(&pairs(&f.to_query()));
        assert_eq!(back, f);
    }
}

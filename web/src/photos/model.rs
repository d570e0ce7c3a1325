//! The photos project as plain data: classes, photos and settings, the
//! rules a project must keep (2 to 10 classes, names unique, the photo
//! limit), and the bytes the trainer gets. No browser here: it is tested
//! natively.

use std::rc::Rc;

use cnn_photos::prepare::{self, Fit};
use cnn_photos::sniff::{MAX_CLASSES, MAX_PHOTOS, MIN_CLASSES};
use cnn_photos::{Rgb, Split};
use cnn_train::protocol::DataChoice;
use cnn_train::{zoo, Augment, EpochStats, ModelSpec, Optimizer, Shape3, TrainConfig};
use serde::{Deserialize, Serialize};

use crate::training::cores;
use crate::ui::fields::FieldError;

/// One photo as the app keeps it: scaled to [`prepare::stored_size`] (224
/// pixels on its shorter side at most), its pixels and thumbnail in the
/// store, and only what it is in the page, so a project of ten thousand
/// photos fits in the tab.
#[derive(Clone, Debug, PartialEq)]
pub struct Photo {
    /// Unique in the project, increasing in the order photos were added.
    pub id: u64,
    /// The [`Class::id`] it belongs to.
    pub class: u32,
    /// The file name it came from (shown as text, never as markup).
    pub name: String,
    pub width: u32,
    pub height: u32,
    /// Its centre square, [`prepare::THUMB_SIDE`] a side, `[side, side, 3]`
    /// RGB bytes (what the grid shows), and its pixels (`[height, width,
    /// 3]` RGB bytes), while the page holds them: until the store has
    /// them, or for good where the browser keeps no IndexedDB. `None`: in
    /// the store only (`store::Store::thumbs`, `store::Store::pixels`),
    /// read when they are shown or used.
    pub thumb: Option<Rc<Vec<u8>>>,
    pub pixels: Option<Rc<Vec<u8>>>,
    /// Where its folders put it (`train/`, `validation/`); `None`: split
    /// at random when training.
    pub split: Option<Split>,
    /// What the pretrained base made of it on an earlier run.
    pub features: Option<KeptFeatures>,
}

/// The pretrained base's 1,280 features of a photo, and what made them
/// ([`Settings::features_tag`]): sent instead of the photo while the tag
/// matches, so a reload does not run the base again.
#[derive(Clone, Debug, PartialEq)]
pub struct KeptFeatures {
    pub of: String,
    pub values: Rc<Vec<f32>>,
}

/// What the worker trains on: the data message, its bytes, and the photos
/// whose crops travel (in order), whose features the worker sends back
/// (the tests' view of [`Project::training_plan`] and
/// [`Project::sent`] together).
#[cfg(test)]
#[derive(Clone, Debug, PartialEq)]
pub struct TrainingData {
    pub data: DataChoice,
    pub bytes: Vec<u8>,
    pub looked_at: Vec<u64>,
}

impl Photo {
    /// A photo with its pixels in hand (just decoded, or read from a
    /// project file), its thumbnail made from them.
    pub fn new(id: u64, class: u32, name: String, rgb: Rgb, split: Option<Split>) -> Photo {
        let thumb = prepare::thumbnail(&rgb);
        Photo::with_thumb(id, class, name, rgb, thumb, split)
    }

    /// A photo whose thumbnail was made already (by the worker that
    /// brought it in).
    pub fn with_thumb(
        id: u64,
        class: u32,
        name: String,
        rgb: Rgb,
        thumb: Vec<u8>,
        split: Option<Split>,
    ) -> Photo {
        Photo {
            id,
            class,
            name,
            width: rgb.width,
            height: rgb.height,
            thumb: Some(Rc::new(thumb)),
            pixels: Some(Rc::new(rgb.pixels)),
            split,
            features: None,
        }
    }

    /// The same photo without its thumbnail and pixels in the page (the
    /// store has them).
    pub fn stored(self) -> Photo {
        Photo {
            thumb: None,
            pixels: None,
            ..self
        }
    }

    /// Its pixels as a picture, given them (`[height, width, 3]`); `None`
    /// if they are not this photo's size.
    pub fn picture(&self, pixels: &[u8]) -> Option<Rgb> {
        (pixels.len() == self.width as usize * self.height as usize * 3).then(|| Rgb {
            width: self.width,
            height: self.height,
            pixels: pixels.to_vec(),
        })
    }
}

/// What travels to the worker for one photo of a run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Sent<'a> {
    /// The features the base made of it on an earlier run.
    Features(&'a Photo, &'a KeptFeatures),
    /// The photo itself, as the network sees it (its pixels are needed).
    Picture(&'a Photo),
    /// For transfer learning: nothing at the start; the worker asks for
    /// its crop when the base needs it ([`Sent::crop`]).
    Later(&'a Photo),
}

impl Sent<'_> {
    pub fn photo(&self) -> &Photo {
        match self {
            Sent::Features(p, _) | Sent::Picture(p) | Sent::Later(p) => p,
        }
    }

    /// The photo whose pixels the start needs, if it needs any.
    pub fn picture(&self) -> Option<&Photo> {
        match self {
            Sent::Picture(p) => Some(p),
            Sent::Features(..) | Sent::Later(_) => None,
        }
    }

    /// Its bytes in the start: the kept features (1,280 little-endian
    /// `f32`), the photo at `settings`' side and fit from its `pixels`
    /// (`None` where they are missing or not the photo's size), or nothing
    /// (sent later).
    pub fn bytes(&self, settings: &Settings, pixels: Option<&[u8]>) -> Option<Vec<u8>> {
        match self {
            Sent::Features(_, f) => Some(f.values.iter().flat_map(|v| v.to_le_bytes()).collect()),
            Sent::Picture(p) => Sent::crop(p, settings, pixels?),
            Sent::Later(_) => Some(Vec::new()),
        }
    }

    /// Photo `p` as the network sees it at `settings`' side and fit
    /// (`[3, side, side]`), from its kept `pixels`; `None` if they are not
    /// its size.
    pub fn crop(p: &Photo, settings: &Settings, pixels: &[u8]) -> Option<Vec<u8>> {
        let rgb = p.picture(pixels)?;
        Some(prepare::fit(&rgb, settings.side(), settings.fit()))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Class {
    /// Stable while the class lives (photos refer to it).
    pub id: u32,
    /// Whatever the learner typed, in any language.
    pub name: String,
    /// `#rrggbb`
    pub colour: String,
}

/// Colours for new classes: Okabe and Ito's palette for colour-blind
/// readers, then two more that stay apart from it.
pub const PALETTE: [&str; 10] = [
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000",
    "#8c564b", "#7f7f7f",
];

/// Longest class name, in characters.
pub const MAX_NAME: usize = 40;

/// Why a change to the classes is refused (each has a sentence in the locales).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClassError {
    /// `ph-err-too-many-classes`
    TooMany,
    /// `ph-err-too-few-classes`
    TooFew,
    /// `ph-err-empty-name`
    EmptyName,
    /// `ph-err-long-name`
    LongName,
    /// `ph-err-duplicate-name`
    Duplicate(String),
}

impl ClassError {
    pub fn key(&self) -> &'static str {
        match self {
            ClassError::TooMany => "ph-err-too-many-classes",
            ClassError::TooFew => "ph-err-too-few-classes",
            ClassError::EmptyName => "ph-err-empty-name",
            ClassError::LongName => "ph-err-long-name",
            ClassError::Duplicate(_) => "ph-err-duplicate-name",
        }
    }
}

/// Which network to train.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ModelChoice {
    /// The cats-vs-dogs CNN of seed 000.
    CatsDogs,
    /// CNN Explainer's TinyVGG.
    TinyVgg,
    /// The zoo's mini ResNet: residual blocks, batch normalization and
    /// global average pooling (so its class activation maps show).
    ResNetMini,
    /// A model the learner edited.
    Edited { spec: ModelSpec },
    /// Transfer learning: EfficientNet-Lite0 pretrained on ImageNet,
    /// frozen, and a new head trained on what it sees in each photo.
    Transfer,
}

/// The learner's settings, as typed (checked by [`Settings::plan`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// 32, 64 (the seed's) or 96 pixels.
    pub size: u32,
    /// Centre crop (`true`) or pad to a square.
    pub crop: bool,
    /// Augmentation for a network trained from scratch.
    pub augment: bool,
    /// Augmentation for transfer learning: the base then looks at the
    /// training photos again on every epoch (seed 001's method 2), so it
    /// starts off.
    #[serde(default)]
    pub augment_base: bool,
    pub model: ModelChoice,
    pub epochs: String,
    pub learning_rate: String,
    pub batch_size: String,
    /// Percentage held out for validation (the seed's 25).
    pub validation: String,
    /// The cores to train on; `None` is automatic (`training::cores`).
    #[serde(default)]
    pub cores: Option<usize>,
}

/// A new photos project starts from the network pretrained on ImageNet
/// (transfer learning): from a few photos a class it is far more accurate
/// than any network trained from scratch on them.
impl Default for Settings {
    fn default() -> Self {
        Settings {
            size: 64,
            crop: true,
            augment: true,
            augment_base: false,
            model: ModelChoice::Transfer,
            epochs: TRANSFER_EPOCHS.into(),
            learning_rate: "0.001".into(),
            batch_size: TRANSFER_BATCH.into(),
            validation: "25".into(),
            cores: None,
        }
    }
}

/// What fine-tuning proposes: the slides' learning rate (seed 001 uses 1e-5
/// to 2e-5) and ten more epochs.
pub const TUNE_RATE: &str = "0.00001";
pub const TUNE_EPOCHS: &str = "10";

/// The learning rate and epochs typed for fine-tuning, checked: `None`
/// when either is not a number in range (a rate above 0 and at most 0.01,
/// 1 to 100 epochs).
pub fn tune_fields(rate: &str, epochs: &str) -> Option<(f64, usize)> {
    let rate: f64 = rate.trim().parse().ok()?;
    let epochs: usize = epochs.trim().parse().ok()?;
    (rate.is_finite() && rate > 0.0 && rate <= 0.01 && (1..=100).contains(&epochs))
        .then_some((rate, epochs))
}

/// Epochs and batch size proposed for a new head on the pretrained base.
pub const TRANSFER_EPOCHS: &str = "30";
pub const TRANSFER_BATCH: &str = "8";
/// Epochs and batch size proposed for a network trained from scratch (the
/// seed's cats-vs-dogs run uses batches of 16 at 64 pixels; 10 epochs show
/// its curves in a minute or two).
pub const SCRATCH_EPOCHS: &str = "10";
pub const SCRATCH_BATCH: &str = "16";

/// The input sizes offered.
pub const SIZES: [u32; 3] = [32, 64, 96];

impl Settings {
    pub fn fit(&self) -> Fit {
        if self.crop {
            Fit::Crop
        } else {
            Fit::Pad
        }
    }

    /// Whether the photos are augmented, for the way chosen.
    pub fn augmenting(&self) -> bool {
        if self.transfer() {
            self.augment_base
        } else {
            self.augment
        }
    }

    /// Turns augmentation on or off for the way chosen.
    pub fn toggle_augment(&mut self) {
        if self.transfer() {
            self.augment_base = !self.augment_base;
        } else {
            self.augment = !self.augment;
        }
    }

    /// The seed's augmentation (shear, zoom, flip, plus a small shift), or
    /// none, for the way chosen.
    pub fn augmentation(&self) -> Augment {
        if self.augmenting() {
            Augment {
                shift: 0.1,
                zoom: 0.2,
                flip: true,
                shear: 0.2,
            }
        } else {
            Augment::NONE
        }
    }

    /// Chooses the network. A new head on the pretrained base learns from
    /// features computed once, so an epoch costs a blink: it gets more and
    /// smaller steps than a network trained from scratch. Moving between
    /// the two, epochs and batch size follow where the learner left the
    /// other's proposal, and stay as typed otherwise.
    pub fn choose(&mut self, model: ModelChoice) {
        let (from, to) = if model == ModelChoice::Transfer {
            (
                (SCRATCH_EPOCHS, SCRATCH_BATCH),
                (TRANSFER_EPOCHS, TRANSFER_BATCH),
            )
        } else {
            (
                (TRANSFER_EPOCHS, TRANSFER_BATCH),
                (SCRATCH_EPOCHS, SCRATCH_BATCH),
            )
        };
        if (model == ModelChoice::Transfer) != self.transfer() {
            if self.epochs == from.0 {
                self.epochs = to.0.into();
            }
            if self.batch_size == from.1 {
                self.batch_size = to.1.into();
            }
        }
        self.model = model;
    }

    /// What a photo's kept features must have been made by to be used:
    /// the base ([`cnn_train::transfer::FEATURES_OF`]) and the crop or pad
    /// that made its 224x224 picture.
    pub fn features_tag(&self) -> String {
        let fit = if self.crop { "crop" } else { "pad" };
        format!("{} {fit}", cnn_train::transfer::FEATURES_OF)
    }

    /// Whether the network is the pretrained one with a new head.
    pub fn transfer(&self) -> bool {
        self.model == ModelChoice::Transfer
    }

    /// The side the network sees a photo at: the chosen size, or the
    /// pretrained network's 224.
    pub fn side(&self) -> u32 {
        if self.transfer() {
            cnn_train::efficientnet::INPUT_SIDE as u32
        } else {
            self.size
        }
    }

    /// The network for `classes` classes at the chosen size (for transfer
    /// learning, the new head on the pretrained base's features).
    pub fn spec(&self, classes: usize) -> ModelSpec {
        let input = Shape3::new(self.size as usize, self.size as usize, 3);
        let base = match &self.model {
            ModelChoice::CatsDogs => zoo::cats_dogs(),
            ModelChoice::TinyVgg => zoo::tiny_vgg(input, classes.max(2)),
            ModelChoice::ResNetMini => zoo::resnet_mini(),
            ModelChoice::Edited { spec } => spec.clone(),
            ModelChoice::Transfer => return cnn_train::transfer::head(classes.max(2)),
        };
        base.for_data(input, classes.max(2))
    }

    /// The training settings checked, or every field that is wrong.
    pub fn config(&self) -> Result<(TrainConfig, f32), Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut bad = |field: &'static str, key: &'static str, value: &str, max: Option<usize>| {
            errors.push(FieldError {
                field,
                key,
                value: value.to_string(),
                max,
            })
        };
        let int = |v: &str, hi: usize| {
            v.trim()
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=hi).contains(n))
        };
        let epochs = int(&self.epochs, cnn_train::train::MAX_EPOCHS);
        if epochs.is_none() {
            bad(
                "epochs",
                "tr-bad-range",
                &self.epochs,
                Some(cnn_train::train::MAX_EPOCHS),
            );
        }
        let batch = int(&self.batch_size, cnn_train::train::MAX_BATCH);
        if batch.is_none() {
            bad(
                "batch",
                "tr-bad-range",
                &self.batch_size,
                Some(cnn_train::train::MAX_BATCH),
            );
        }
        let lr = self
            .learning_rate
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v > 0.0);
        if lr.is_none() {
            bad("lr", "tr-bad-lr", &self.learning_rate, None);
        }
        let validation = self
            .validation
            .trim()
            .parse::<f32>()
            .ok()
            .filter(|v| (5.0..=50.0).contains(v));
        if validation.is_none() {
            bad("validation", "tr-bad-validation", &self.validation, None);
        }
        match (epochs, batch, lr, validation) {
            (Some(epochs), Some(batch_size), Some(learning_rate), Some(v)) => Ok((
                TrainConfig {
                    optimizer: Optimizer::Adam,
                    learning_rate,
                    batch_size,
                    epochs,
                    dropout: true,
                    // For transfer learning, the worker's base looks at the
                    // training photos again, augmented, on every epoch.
                    augment: self.augmentation(),
                    seed: 1,
                    standardize: true,
                    workers: cores::workers(self.cores, cores::machine_cores()),
                },
                v / 100.0,
            )),
            _ => Err(errors),
        }
    }
}

/// Why the photos cannot be trained on yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotReady {
    /// Fewer than two classes have photos.
    Classes,
    /// A class has fewer than [`MIN_PER_CLASS`] photos.
    Few { class: String, count: usize },
}

/// Fewest photos a class needs before training (one to learn from, one to
/// validate with, at least).
pub const MIN_PER_CLASS: usize = 4;

/// A whole project.
#[derive(Clone, Debug, PartialEq)]
pub struct Project {
    pub classes: Vec<Class>,
    /// In the order they were added.
    pub photos: Vec<Photo>,
    pub settings: Settings,
}

impl Project {
    /// Two classes, named by `name(k)` (k from 1).
    pub fn new(name: impl Fn(usize) -> String) -> Project {
        let mut p = Project {
            classes: vec![],
            photos: vec![],
            settings: Settings::default(),
        };
        for k in 1..=MIN_CLASSES {
            let _ = p.add_class(&name(k));
        }
        p
    }

    /// The id the next photo gets.
    pub fn next_photo_id(&self) -> u64 {
        self.photos.iter().map(|p| p.id + 1).max().unwrap_or(1)
    }

    fn check_name(&self, name: &str, except: Option<u32>) -> Result<String, ClassError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(ClassError::EmptyName);
        }
        if name.chars().count() > MAX_NAME {
            return Err(ClassError::LongName);
        }
        let lower = name.to_lowercase();
        if self
            .classes
            .iter()
            .any(|c| Some(c.id) != except && c.name.to_lowercase() == lower)
        {
            return Err(ClassError::Duplicate(name.to_string()));
        }
        Ok(name.to_string())
    }

    /// Adds a class named `name` with the next free colour; returns its id.
    pub fn add_class(&mut self, name: &str) -> Result<u32, ClassError> {
        if self.classes.len() >= MAX_CLASSES {
            return Err(ClassError::TooMany);
        }
        let name = self.check_name(name, None)?;
        let id = self.classes.iter().map(|c| c.id + 1).max().unwrap_or(1);
        let colour = PALETTE
            .iter()
            .find(|c| !self.classes.iter().any(|k| k.colour == **c))
            .unwrap_or(&PALETTE[0])
            .to_string();
        self.classes.push(Class { id, name, colour });
        Ok(id)
    }

    /// The class named `name` (any case), made if there is none. An empty
    /// class still called by its default name (`placeholder`) is renamed
    /// rather than a new one made, so a zip of `cats/` and `dogs/` dropped
    /// on a fresh project gives two classes, not four.
    pub fn class_named(
        &mut self,
        name: &str,
        placeholder: impl Fn(&str) -> bool,
    ) -> Result<u32, ClassError> {
        let lower = name.trim().to_lowercase();
        if let Some(c) = self.classes.iter().find(|c| c.name.to_lowercase() == lower) {
            return Ok(c.id);
        }
        let counts = self.counts();
        let spare = self
            .classes
            .iter()
            .zip(counts)
            .find(|(c, n)| *n == 0 && placeholder(&c.name))
            .map(|(c, _)| c.id);
        match spare {
            Some(id) => self.rename(id, name).map(|()| id),
            None => self.add_class(name),
        }
    }

    pub fn rename(&mut self, id: u32, name: &str) -> Result<(), ClassError> {
        let name = self.check_name(name, Some(id))?;
        if let Some(c) = self.classes.iter_mut().find(|c| c.id == id) {
            c.name = name;
        }
        Ok(())
    }

    pub fn set_colour(&mut self, id: u32, colour: &str) {
        let ok = colour.len() == 7
            && colour.starts_with('#')
            && colour[1..].chars().all(|c| c.is_ascii_hexdigit());
        if let (true, Some(c)) = (ok, self.classes.iter_mut().find(|c| c.id == id)) {
            c.colour = colour.to_ascii_lowercase();
        }
    }

    /// Removes a class and its photos; returns the removed photos' ids.
    pub fn remove_class(&mut self, id: u32) -> Result<Vec<u64>, ClassError> {
        if self.classes.len() <= MIN_CLASSES {
            return Err(ClassError::TooFew);
        }
        self.classes.retain(|c| c.id != id);
        let gone = self
            .photos
            .iter()
            .filter(|p| p.class == id)
            .map(|p| p.id)
            .collect();
        self.photos.retain(|p| p.class != id);
        Ok(gone)
    }

    /// Photos per class, in class order.
    pub fn counts(&self) -> Vec<usize> {
        self.classes
            .iter()
            .map(|c| self.photos.iter().filter(|p| p.class == c.id).count())
            .collect()
    }

    /// Where a photo goes: where its folders put it, once some folder
    /// holds photos out (a `validation/` beside a `train/`). A `train/` or
    /// `training_set/` folder alone holds nothing out, so then every photo
    /// is split at random, as before folders counted.
    fn placer(&self) -> impl Fn(&Photo) -> Option<Split> {
        let held_out = self
            .photos
            .iter()
            .any(|p| p.split == Some(Split::Validation));
        move |p: &Photo| p.split.filter(|_| held_out)
    }

    /// Transfer learning with augmentation (seed 001's method 2): the base
    /// looks at every photo once, then at the training photos again on
    /// every epoch. `(photos, training photos, epochs, looks)`, or `None`
    /// when that is not the plan or a field is not yet a number.
    pub fn looks_again(&self) -> Option<LooksAgain> {
        if !self.settings.transfer() || !self.settings.augmenting() {
            return None;
        }
        let (config, validation) = self.settings.config().ok()?;
        let placements = self.placements();
        let photos: usize = placements.iter().map(Placement::all).sum();
        let train: usize = Placement::split(&placements, validation)
            .iter()
            .map(|(t, _)| t)
            .sum();
        Some(LooksAgain {
            photos,
            train,
            epochs: config.epochs,
        })
    }

    /// Per class, in class order: its photos' places as the worker will
    /// split them with a validation `fraction` ([`Placement::split`]).
    pub fn placements(&self) -> Vec<Placement> {
        let place = self.placer();
        self.classes
            .iter()
            .map(|c| {
                let mut p = Placement::default();
                for photo in self.photos.iter().filter(|p| p.class == c.id) {
                    match place(photo) {
                        Some(Split::Train) => p.train += 1,
                        Some(Split::Validation) => p.validation += 1,
                        None => p.random += 1,
                    }
                }
                p
            })
            .collect()
    }

    /// Room left under [`MAX_PHOTOS`].
    pub fn room(&self) -> usize {
        MAX_PHOTOS.saturating_sub(self.photos.len())
    }

    /// Whether the photos can be trained on.
    pub fn ready(&self) -> Result<(), NotReady> {
        let counts = self.counts();
        if counts.iter().filter(|&&c| c > 0).count() < MIN_CLASSES {
            return Err(NotReady::Classes);
        }
        if let Some((c, &count)) = self
            .classes
            .iter()
            .zip(&counts)
            .find(|(_, &n)| n < MIN_PER_CLASS)
        {
            return Err(NotReady::Few {
                class: c.name.clone(),
                count,
            });
        }
        Ok(())
    }

    /// What the worker trains on: every photo as the network sees it
    /// (`[3, size, size]` bytes; for transfer learning, the features kept
    /// from an earlier run instead where they match), then the labels.
    #[cfg(test)]
    pub fn training_data(&self) -> Result<TrainingData, NotReady> {
        self.training_data_with(true)
    }

    /// [`Project::training_data`]; without `reuse`, every photo travels as
    /// its picture (fine-tuning needs the base to look at each again).
    #[cfg(test)]
    pub fn training_data_with(&self, reuse: bool) -> Result<TrainingData, NotReady> {
        let (data, looked_at, len) = self.training_plan(reuse)?;
        let mut bytes = Vec::with_capacity(len);
        let (sent, labels) = self.sent(reuse);
        for item in &sent {
            let pixels = item.picture().and_then(|p| p.pixels.as_deref());
            bytes.extend(
                item.bytes(&self.settings, pixels.map(Vec::as_slice))
                    .unwrap(),
            );
        }
        bytes.extend(labels);
        Ok(TrainingData {
            data,
            bytes,
            looked_at,
        })
    }

    /// What photo `p` is sent as, if it is sent (its class exists): its
    /// label, and the kept features that travel in its place.
    fn sent_as<'a>(&self, p: &'a Photo, reuse: bool) -> Option<(u8, Option<&'a KeptFeatures>)> {
        let label = self.classes.iter().position(|c| c.id == p.class)? as u8;
        let tag_ok = |f: &&KeptFeatures| {
            // With augmentation the base looks at every photo itself.
            reuse
                && self.settings.transfer()
                && !self.settings.augmenting()
                && f.of == self.settings.features_tag()
        };
        Some((label, p.features.as_ref().filter(tag_ok)))
    }

    /// [`Project::training_data_with`] without its bytes: the message, the
    /// photos whose crops travel, and how many bytes the [`Project::sent`]
    /// items and labels make (the page makes them straight into the buffer
    /// it hands the worker, reading the photos from the store a few at a
    /// time, not in its own memory first).
    pub fn training_plan(&self, reuse: bool) -> Result<(DataChoice, Vec<u64>, usize), NotReady> {
        self.ready()?;
        let size = self.settings.side();
        let per = 3 * size as usize * size as usize;
        let transfer = self.settings.transfer();
        let mut len = 0;
        let mut count = 0;
        let mut placed = Vec::with_capacity(self.photos.len());
        let mut kept = Vec::with_capacity(self.photos.len());
        let mut looked_at = Vec::new();
        let place = self.placer();
        for p in &self.photos {
            let Some((_, features)) = self.sent_as(p, reuse) else {
                continue;
            };
            count += 1;
            len += 1 + match (features.is_some(), transfer) {
                (true, _) => cnn_train::transfer::FEATURE_BYTES,
                // The worker asks for the crops when the base needs them.
                (false, true) => 0,
                (false, false) => per,
            };
            kept.push(features.is_some());
            if features.is_none() {
                looked_at.push(p.id);
            }
            placed.push(place(p).map(Split::held_out));
        }
        if placed.iter().all(Option::is_none) {
            placed.clear();
        }
        if !kept.contains(&true) {
            kept.clear();
        }
        let class_names = self.classes.iter().map(|c| c.name.clone()).collect();
        let data = if transfer {
            DataChoice::Transfer {
                class_names,
                count,
                placed,
                kept,
                apart: true,
            }
        } else {
            looked_at.clear();
            DataChoice::Photos {
                class_names,
                size: size as usize,
                count,
                placed,
            }
        };
        Ok((data, looked_at, len))
    }

    /// What [`Project::training_plan`] describes, in the order the bytes
    /// travel: each photo's [`Sent`], then the labels (one byte each).
    pub fn sent(&self, reuse: bool) -> (Vec<Sent<'_>>, Vec<u8>) {
        let mut sent = Vec::with_capacity(self.photos.len());
        let mut labels = Vec::with_capacity(self.photos.len());
        for p in &self.photos {
            let Some((label, features)) = self.sent_as(p, reuse) else {
                continue;
            };
            sent.push(match features {
                Some(f) => Sent::Features(p, f),
                None if self.settings.transfer() => Sent::Later(p),
                None => Sent::Picture(p),
            });
            labels.push(label);
        }
        (sent, labels)
    }
}

/// What method 2 costs a run: see [`Project::looks_again`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LooksAgain {
    pub photos: usize,
    pub train: usize,
    pub epochs: usize,
}

/// Photos a second the base looks at where this browser has not shown its
/// own pace yet: one worker on the 2-core test machine
/// (`tests/bench/transfer-memory.mjs`, 12.1-12.5; docs/TRANSFER.md).
pub const REFERENCE_PACE: f64 = 12.0;

impl LooksAgain {
    /// Every look of the run.
    pub fn looks(&self) -> usize {
        self.photos + self.train * self.epochs
    }

    /// Milliseconds they take at `pace` photos a second.
    pub fn ms(&self, pace: f64) -> f64 {
        self.looks() as f64 / pace.max(0.1) * 1000.0
    }
}

/// One class's photos by place: put in training or validation by their
/// folders, or left to the random split.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Placement {
    pub train: usize,
    pub validation: usize,
    pub random: usize,
}

impl Placement {
    /// Every photo of the class.
    pub fn all(&self) -> usize {
        self.train + self.validation + self.random
    }

    /// `(training, validation)` after the worker's split
    /// (`Dataset::split_placed`): the placed photos where their folders
    /// put them, and of the others `round(random * fraction)` held out.
    pub fn split(classes: &[Placement], fraction: f32) -> Vec<(usize, usize)> {
        let random: Vec<usize> = classes.iter().map(|c| c.random).collect();
        let held = cnn_train::data::split_counts(&random, fraction);
        classes
            .iter()
            .zip(held)
            .map(|(c, h)| (c.train + c.random - h, c.validation + h))
            .collect()
    }
}

/// How a network starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Way {
    /// From the network pretrained on ImageNet, frozen, with a new head.
    Transfer,
    /// From random weights.
    Scratch,
}

impl Way {
    pub fn of(settings: &Settings) -> Way {
        if settings.transfer() {
            Way::Transfer
        } else {
            Way::Scratch
        }
    }
}

/// A finished run, as the comparison shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Finished {
    /// The network's name (`Cats vs dogs CNN (slides)`).
    pub model: String,
    /// `(epoch, validation accuracy)` after each epoch.
    pub curve: Vec<(usize, f32)>,
    /// On the whole validation set at the end.
    pub accuracy: f32,
    /// The photos it learned from and was checked on.
    pub photos: usize,
}

/// The last finished run of each way, and the run going on.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Comparison {
    /// The run started last: its way, network and photos.
    running: Option<(Way, String, usize)>,
    pub transfer: Option<Finished>,
    pub scratch: Option<Finished>,
}

impl Comparison {
    /// A run of `way` started, with `model` on `photos` photos.
    pub fn started(&mut self, way: Way, model: String, photos: usize) {
        self.running = Some((way, model, photos));
    }

    /// The run started last ended with these epochs and this accuracy on
    /// the validation set; it takes its way's place.
    pub fn finished(&mut self, epochs: &[EpochStats], accuracy: f32) {
        let Some((way, model, photos)) = self.running.take() else {
            return;
        };
        let done = Finished {
            model,
            curve: epochs.iter().map(|e| (e.epoch, e.val_accuracy)).collect(),
            accuracy,
            photos,
        };
        match way {
            Way::Transfer => self.transfer = Some(done),
            Way::Scratch => self.scratch = Some(done),
        }
    }

    /// The way not yet trained, when exactly one has been.
    pub fn missing(&self) -> Option<Way> {
        match (&self.transfer, &self.scratch) {
            (Some(_), None) => Some(Way::Scratch),
            (None, Some(_)) => Some(Way::Transfer),
            _ => None,
        }
    }
}

/// The classes and settings as kept between visits (photos are kept apart).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    pub classes: Vec<Class>,
}

/// A picture `[3, size, size]` bytes as `[3, size, size]` values in [0, 1].
pub fn to_unit(bytes: &[u8]) -> Vec<f32> {
    bytes.iter().map(|&b| f32::from(b) / 255.0).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transfer_learning_proposes_more_epochs_and_smaller_batches_unless_the_learner_chose() {
        // A new project starts with transfer learning (the default).
        let s = Settings::default();
        assert!(s.transfer());
        assert_eq!((s.epochs.as_str(), s.batch_size.as_str()), ("30", "8"));
        assert_eq!(s.side(), 224);
        assert_eq!(s.spec(3).input, cnn_train::transfer::HEAD_INPUT);
        // From scratch: the seed's proposal, and back.
        let mut scratch = s.clone();
        scratch.choose(ModelChoice::CatsDogs);
        assert_eq!(
            (scratch.epochs.as_str(), scratch.batch_size.as_str()),
            ("10", "16")
        );
        assert_eq!(scratch.side(), 64);
        scratch.choose(ModelChoice::TinyVgg);
        assert_eq!(scratch.epochs, "10", "scratch to scratch keeps the fields");
        scratch.choose(ModelChoice::Transfer);
        assert_eq!(scratch, s);
        let mut typed = Settings {
            epochs: "12".into(),
            ..scratch_settings()
        };
        typed.choose(ModelChoice::Transfer);
        assert_eq!(
            (typed.epochs.as_str(), typed.batch_size.as_str()),
            ("12", "8")
        );
        // Back to a network from scratch: its size again, the form as left.
        typed.choose(ModelChoice::TinyVgg);
        assert_eq!(typed.side(), 64);
        // Transfer learning starts without augmentation (the features are
        // computed once, method 1); turned on, the base looks again on
        // every epoch (method 2), and from scratch keeps its own switch.
        let (config, _) = s.config().unwrap();
        assert_eq!(config.augment, Augment::NONE);
        let mut again = s.clone();
        again.toggle_augment();
        assert!(again.augment_base && again.augment);
        assert_eq!(again.config().unwrap().0.augment.shear, 0.2);
        again.choose(ModelChoice::CatsDogs);
        again.toggle_augment();
        assert!(again.augment_base && !again.augment);
        assert_eq!(again.config().unwrap().0.augment, Augment::NONE);
    }

    #[test]
    fn augmentation_in_transfer_learning_counts_every_look_it_costs() {
        // 2 classes x 4 photos, a quarter held out: 6 train. 30 epochs.
        let mut p = Project::new(|k| format!("c{k}"));
        let ids: Vec<u32> = p.classes.iter().map(|c| c.id).collect();
        for (c, &id) in ids.iter().enumerate() {
            for k in 0..4 {
                p.photos.push(photo(c as u64 * 10 + k, id));
            }
        }
        assert_eq!(p.looks_again(), None, "method 1: each photo once");
        p.settings.toggle_augment();
        let l = p.looks_again().unwrap();
        assert_eq!((l.photos, l.train, l.epochs), (8, 6, 30));
        assert_eq!(l.looks(), 8 + 6 * 30);
        // At 12 a second: 188 looks, 15.7 s.
        assert!((l.ms(12.0) - 188.0 / 12.0 * 1000.0).abs() < 1e-6);
        // A field not yet a number: no estimate.
        p.settings.epochs = "x".into();
        assert_eq!(p.looks_again(), None);
    }

    fn photo(id: u64, class: u32) -> Photo {
        let rgb = Rgb {
            width: 2,
            height: 1,
            pixels: vec![255, 0, 0, 0, 0, 255],
        };
        Photo::new(id, class, format!("{id}.jpg"), rgb, None)
    }

    fn project() -> Project {
        Project::new(|k| format!("Class {k}"))
    }

    #[test]
    fn a_new_project_has_two_classes_of_different_colours() {
        let p = project();
        assert_eq!(p.classes.len(), 2);
        assert_ne!(p.classes[0].colour, p.classes[1].colour);
        assert_eq!(p.counts(), vec![0, 0]);
    }

    #[test]
    fn class_names_are_trimmed_unique_and_any_script() {
        let mut p = project();
        assert_eq!(p.add_class("  "), Err(ClassError::EmptyName));
        assert_eq!(
            p.add_class("class 1"),
            Err(ClassError::Duplicate("class 1".into()))
        );
        let id = p.add_class(" 貓咪 <b>").unwrap();
        assert_eq!(p.classes.last().unwrap().name, "貓咪 <b>");
        assert_eq!(p.rename(id, &"x".repeat(41)), Err(ClassError::LongName));
        assert_eq!(p.rename(id, "狗"), Ok(()));
        assert_eq!(p.class_named("狗", |_| true), Ok(id));
    }

    #[test]
    fn folders_take_the_place_of_empty_default_classes() {
        let mut p = project();
        let default = |n: &str| n.starts_with("Class ");
        let cats = p.class_named("cats", default).unwrap();
        let dogs = p.class_named("dogs", default).unwrap();
        assert_eq!((cats, dogs), (1, 2));
        assert_eq!(p.classes.len(), 2);
        assert_eq!(p.class_named("Cats", default), Ok(1));
        assert_eq!(p.class_named("birds", default), Ok(3));
        assert_eq!(p.classes[2].name, "birds");
    }

    #[test]
    fn photos_placed_by_their_folders_travel_with_the_data_and_show_in_the_split() {
        let mut p = project();
        let (a, b) = (p.classes[0].id, p.classes[1].id);
        // Class a: 3 from train/, 1 from validation/; class b: 4 loose.
        p.photos = (1..=8)
            .map(|i| photo(i, if i <= 4 { a } else { b }))
            .collect();
        for (i, split) in [Split::Train, Split::Train, Split::Train, Split::Validation]
            .into_iter()
            .enumerate()
        {
            p.photos[i].split = Some(split);
        }
        let placements = p.placements();
        assert_eq!(
            placements,
            [
                Placement {
                    train: 3,
                    validation: 1,
                    random: 0
                },
                Placement {
                    train: 0,
                    validation: 0,
                    random: 4
                }
            ]
        );
        // A quarter of the loose photos held out; the placed ones stay.
        assert_eq!(Placement::split(&placements, 0.25), [(3, 1), (3, 1)]);
        // A `train/` folder alone (Keras's `training_set/`) holds nothing
        // out: every photo is split at random then.
        let mut only_train = p.clone();
        only_train.photos[3].split = Some(Split::Train);
        assert!(only_train.placements().iter().all(|c| c.random == 4));
        match only_train.training_data().unwrap().data {
            DataChoice::Transfer { placed, .. } => assert!(placed.is_empty()),
            other => panic!("{other:?}"),
        }
        let data = p.training_data().unwrap().data;
        let placed = match data {
            DataChoice::Transfer { placed, .. } => placed,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            placed,
            [
                Some(false),
                Some(false),
                Some(false),
                Some(true),
                None,
                None,
                None,
                None
            ]
        );
    }

    #[test]
    fn kept_features_go_in_place_of_their_photos_while_they_match() {
        let mut p = project();
        let (a, b) = (p.classes[0].id, p.classes[1].id);
        p.photos = (1..=8)
            .map(|i| photo(i, if i <= 4 { a } else { b }))
            .collect();
        let tag = p.settings.features_tag();
        let features = |of: &str| KeptFeatures {
            of: of.into(),
            values: Rc::new(vec![0.5; cnn_train::efficientnet::FEATURES]),
        };
        p.photos[0].features = Some(features(&tag));
        p.photos[4].features = Some(features(&tag));
        // Made by another input (the photo padded, not cropped): not used.
        p.photos[1].features = Some(features("another base pad"));
        let TrainingData {
            data,
            bytes,
            looked_at,
        } = p.training_data().unwrap();
        let DataChoice::Transfer {
            kept, count, apart, ..
        } = data
        else {
            panic!("transfer learning is the default");
        };
        assert_eq!(count, 8);
        assert_eq!(kept, [true, false, false, false, true, false, false, false]);
        assert_eq!(looked_at, [2, 3, 4, 6, 7, 8]);
        // The crops stay with the page until the worker asks for them: the
        // start carries only the kept features and the labels.
        assert!(apart);
        let feat = cnn_train::transfer::FEATURE_BYTES;
        assert_eq!(bytes.len(), 2 * feat + 8);
        // The plan says as much before a byte is made.
        assert_eq!(p.training_plan(true).unwrap().2, bytes.len());
        // A crop asked for is the photo at 224, cut as the settings say.
        let (sent, _) = p.sent(true);
        let later: Vec<u64> = sent
            .iter()
            .filter(|s| matches!(s, Sent::Later(_)))
            .map(|s| s.photo().id)
            .collect();
        assert_eq!(later, looked_at);
        let ph = sent[1].photo();
        let crop = Sent::crop(ph, &p.settings, ph.pixels.as_ref().unwrap()).unwrap();
        assert_eq!(crop.len(), cnn_train::transfer::CROP_BYTES);
        assert_eq!(Sent::crop(ph, &p.settings, &[0; 3]), None);
        // The tag names the fit: padding the photos makes them new photos.
        let mut padded = p.clone();
        padded.settings.crop = false;
        assert_ne!(padded.settings.features_tag(), tag);
        assert!(matches!(
            padded.training_data().unwrap().data,
            DataChoice::Transfer { kept, .. } if kept.is_empty()
        ));
        // From scratch, photos always travel as pictures.
        p.settings.choose(ModelChoice::CatsDogs);
        let scratch = p.training_data().unwrap();
        assert!(scratch.looked_at.is_empty());
        assert!(matches!(scratch.data, DataChoice::Photos { .. }));
    }

    #[test]
    fn a_photo_in_the_store_only_travels_from_its_pixels_read_back() {
        let mut p = project();
        p.photos = (1..=8).map(|i| photo(i, 1 + u32::from(i > 4))).collect();
        p.settings.choose(ModelChoice::CatsDogs);
        p.settings.size = 32;
        let whole = p.training_data().unwrap().bytes;
        assert_eq!(p.photos[0].thumb.as_ref().unwrap().len(), 72 * 72 * 3);
        // The page holds neither thumbnails nor pixels: the store has them.
        let kept: std::collections::HashMap<u64, Rc<Vec<u8>>> = p
            .photos
            .iter()
            .map(|ph| (ph.id, ph.pixels.clone().unwrap()))
            .collect();
        p.photos = p.photos.into_iter().map(Photo::stored).collect();
        assert!(p
            .photos
            .iter()
            .all(|ph| ph.pixels.is_none() && ph.thumb.is_none()));
        let (sent, labels) = p.sent(true);
        assert!(sent.iter().all(|s| s.picture().is_some()));
        let mut bytes = Vec::new();
        for item in &sent {
            let pixels = item.picture().map(|ph| kept[&ph.id].as_slice());
            bytes.extend(item.bytes(&p.settings, pixels).unwrap());
        }
        bytes.extend(labels);
        assert_eq!(bytes, whole);
        // Pixels missing, or not the photo's size: nothing is made.
        assert_eq!(sent[0].bytes(&p.settings, None), None);
        assert_eq!(sent[0].bytes(&p.settings, Some(&[1, 2, 3])), None);
    }

    #[test]
    fn two_to_ten_classes() {
        let mut p = project();
        for k in 3..=10 {
            p.add_class(&format!("c{k}")).unwrap();
        }
        assert_eq!(p.add_class("eleven"), Err(ClassError::TooMany));
        let colours: std::collections::BTreeSet<_> =
            p.classes.iter().map(|c| c.colour.clone()).collect();
        assert_eq!(colours.len(), 10);
        let mut q = project();
        let id = q.classes[0].id;
        assert_eq!(q.remove_class(id), Err(ClassError::TooFew));
    }

    #[test]
    fn removing_a_class_removes_its_photos() {
        let mut p = project();
        let c = p.add_class("third").unwrap();
        p.photos = vec![photo(1, 1), photo(2, c), photo(3, c)];
        assert_eq!(p.remove_class(c), Ok(vec![2, 3]));
        assert_eq!(p.photos.len(), 1);
        assert_eq!(p.next_photo_id(), 2);
    }

    #[test]
    fn training_needs_photos_in_every_class() {
        let mut p = project();
        assert_eq!(p.ready(), Err(NotReady::Classes));
        p.photos = (1..=4).map(|i| photo(i, 1)).collect();
        p.photos.push(photo(5, 2));
        assert_eq!(
            p.ready(),
            Err(NotReady::Few {
                class: "Class 2".into(),
                count: 1
            })
        );
        for i in 6..=8 {
            p.photos.push(photo(i, 2));
        }
        p.settings.choose(ModelChoice::CatsDogs);
        p.settings.size = 32;
        let TrainingData { data, bytes, .. } = p.training_data().unwrap();
        assert_eq!(
            data,
            DataChoice::Photos {
                class_names: vec!["Class 1".into(), "Class 2".into()],
                size: 32,
                count: 8,
                placed: vec![],
            }
        );
        assert_eq!(bytes.len(), 8 * 3 * 32 * 32 + 8);
        assert_eq!(&bytes[bytes.len() - 8..], &[0, 0, 0, 0, 1, 1, 1, 1]);
    }

    #[test]
    fn settings_are_checked_field_by_field() {
        let s = Settings {
            epochs: "0".into(),
            learning_rate: "-1".into(),
            batch_size: "abc".into(),
            validation: "80".into(),
            ..Settings::default()
        };
        let fields: Vec<_> = s.config().unwrap_err().iter().map(|e| e.field).collect();
        assert_eq!(fields, ["epochs", "batch", "lr", "validation"]);
        let (config, v) = scratch_settings().config().unwrap();
        assert_eq!(v, 0.25);
        assert_eq!(config.augment.shear, 0.2);
    }

    /// The settings of a network trained from scratch: the seed's
    /// cats-vs-dogs CNN.
    fn scratch_settings() -> Settings {
        let mut s = Settings::default();
        s.choose(ModelChoice::CatsDogs);
        s
    }

    #[test]
    fn the_seed_model_fits_any_class_count() {
        let s = scratch_settings();
        let two = s.spec(2);
        assert_eq!(two.summary().unwrap().total, 4_288_577);
        let five = s.spec(5);
        assert_eq!(five.output.classes(), 5);
    }

    fn epochs(accuracies: &[f32]) -> Vec<EpochStats> {
        accuracies
            .iter()
            .enumerate()
            .map(|(i, &a)| EpochStats {
                epoch: i + 1,
                train_loss: 0.5,
                train_accuracy: a,
                val_loss: 0.5,
                val_accuracy: a,
            })
            .collect()
    }

    #[test]
    fn each_way_keeps_its_last_finished_run() {
        let mut c = Comparison::default();
        // A run that never started is not recorded.
        c.finished(&epochs(&[0.5]), 0.5);
        assert_eq!(c, Comparison::default());
        c.started(Way::Transfer, "EfficientNet-Lite0 + head".into(), 40);
        c.finished(&epochs(&[0.8, 0.95]), 0.95);
        assert_eq!(c.missing(), Some(Way::Scratch));
        let t = c.transfer.clone().unwrap();
        assert_eq!(
            (t.curve, t.accuracy, t.photos),
            (vec![(1, 0.8), (2, 0.95)], 0.95, 40)
        );
        c.started(Way::Scratch, "Cats vs dogs CNN".into(), 40);
        c.finished(&epochs(&[0.5, 0.6, 0.62]), 0.62);
        assert_eq!(c.missing(), None);
        assert_eq!(c.scratch.as_ref().unwrap().curve.len(), 3);
        // A second finished run of a way replaces the first; the other
        // stays; an evaluation with no run going on changes nothing.
        c.started(Way::Transfer, "EfficientNet-Lite0 + head".into(), 41);
        c.finished(&epochs(&[0.9]), 0.97);
        c.finished(&epochs(&[0.1]), 0.1);
        assert_eq!(c.transfer.as_ref().unwrap().photos, 41);
        assert_eq!(c.scratch.as_ref().unwrap().accuracy, 0.62);
    }
}

//! Photos whose place is decided by their folders: data laid out as
//! `train/<class>/…` and `validation/<class>/…`, as the slides' own
//! download (`cats_and_dogs_filtered.zip`, seed 000) and Keras's
//! `image_dataset_from_directory` examples are. A photo under such a
//! folder keeps its place: trained on, or held out to validate, never
//! split again at random.

use serde::{Deserialize, Serialize};

/// Where a photo's folders put it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Split {
    /// Under `train/` (or `training/`, `training_set/`).
    Train,
    /// Under `validation/` (or `val/`, `valid/`, `test/`, `test_set/`):
    /// held out, as the slides hold out their validation photos.
    Validation,
}

impl Split {
    /// The place a folder named `name` gives the photos of the class
    /// folders inside it, if it names one (case, spaces, `-` and `_` do
    /// not matter: `Training Set`, `test-set`).
    pub fn of_folder(name: &str) -> Option<Split> {
        let key: String = name
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '_'))
            .flat_map(char::to_lowercase)
            .collect();
        match key.as_str() {
            "train" | "training" | "trainset" | "trainingset" | "trainingdata" => {
                Some(Split::Train)
            }
            "validation" | "validate" | "val" | "valid" | "validationset" | "test" | "tests"
            | "testing" | "testset" | "testdata" | "holdout" => Some(Split::Validation),
            _ => None,
        }
    }

    /// The place of a photo at `path` in a zip (`/`- or `\`-separated): the
    /// folder above its class folder decides.
    ///
    /// `cats_and_dogs_filtered/validation/cats/cat.2000.jpg` → validation;
    /// `cats/cat.1.jpg` → `None` (split at random).
    pub fn of_path(path: &str) -> Option<Split> {
        let path = path.replace('\\', "/");
        let folders: Vec<&str> = path
            .split('/')
            .filter(|p| !p.is_empty() && *p != ".")
            .collect();
        // [.., place, class, file]
        let n = folders.len();
        (n >= 3).then(|| Split::of_folder(folders[n - 3])).flatten()
    }

    /// Whether the photo is held out to validate.
    pub fn held_out(self) -> bool {
        self == Split::Validation
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_slides_download_keeps_its_train_and_validation_folders() {
        // seed 000: cats_and_dogs_filtered.zip, train/{cats,dogs} and
        // validation/{cats,dogs}.
        assert_eq!(
            Split::of_path("cats_and_dogs_filtered/train/cats/cat.0.jpg"),
            Some(Split::Train)
        );
        assert_eq!(
            Split::of_path("cats_and_dogs_filtered/validation/dogs/dog.2000.jpg"),
            Some(Split::Validation)
        );
        // Kaggle's layout, Windows separators, any case.
        assert_eq!(
            Split::of_path("dataset\\Test_Set\\cats\\cat.4001.jpg"),
            Some(Split::Validation)
        );
        assert_eq!(
            Split::of_path("dataset/training_set/dogs/dog.1.jpg"),
            Some(Split::Train)
        );
    }

    #[test]
    fn other_folders_leave_the_split_to_chance() {
        assert_eq!(Split::of_path("cats/cat.1.jpg"), None);
        assert_eq!(Split::of_path("photos/cats/cat.1.jpg"), None);
        assert_eq!(Split::of_path("cat.1.jpg"), None);
        // The class folder itself is not the place: a class called "test"
        // is a class.
        assert_eq!(Split::of_path("data/test/cat.1.jpg"), None);
        assert_eq!(Split::of_folder("trains"), None);
        assert!(Split::Validation.held_out());
        assert!(!Split::Train.held_out());
    }
}

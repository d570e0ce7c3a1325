//! A whole project as one file (`cnn_photos::project`), to move it to
//! another machine: the classes, every photo as kept, the settings and the
//! trained model.

use std::collections::BTreeMap;
use std::rc::Rc;

use cnn_photos::project::{self, ClassInfo, StoredPhoto};

use super::model::{Class, Photo, Project, Saved, Settings};
use super::store::{Store, KEY_CLASSES, KEY_MODEL, KEY_SETTINGS};

const SETTINGS: &str = "settings";

/// The project file's bytes.
pub fn encode(p: &Project, model: Option<Vec<u8>>) -> Result<Vec<u8>, String> {
    let index = |class: u32| p.classes.iter().position(|c| c.id == class);
    let file = project::Project {
        classes: p
            .classes
            .iter()
            .map(|c| ClassInfo {
                name: c.name.clone(),
                colour: c.colour.clone(),
            })
            .collect(),
        photos: p
            .photos
            .iter()
            .filter_map(|ph| {
                Some(StoredPhoto {
                    class: index(ph.class)?,
                    name: ph.name.clone(),
                    width: ph.width,
                    height: ph.height,
                    pixels: ph.rgb.to_vec(),
                    split: ph.split,
                })
            })
            .collect(),
        settings: BTreeMap::from([(
            SETTINGS.to_string(),
            serde_json::to_string(&p.settings).unwrap_or_default(),
        )]),
        model,
    };
    project::encode(&file).map_err(|e| e.to_string())
}

/// A project file read back, with fresh ids; nothing is changed when it is
/// refused (the sentence says why).
pub fn decode(bytes: &[u8]) -> Result<(Project, Option<Vec<u8>>), String> {
    let file = project::decode(bytes).map_err(|e| e.to_string())?;
    let classes: Vec<Class> = file
        .classes
        .iter()
        .zip(1u32..)
        .map(|(c, id)| Class {
            id,
            name: c.name.clone(),
            colour: c.colour.clone(),
        })
        .collect();
    let photos = file
        .photos
        .into_iter()
        .zip(1u64..)
        .map(|(ph, id)| Photo {
            id,
            class: ph.class as u32 + 1,
            name: ph.name,
            width: ph.width,
            height: ph.height,
            rgb: Rc::new(ph.pixels),
            split: ph.split,
            // Not in the file: the base looks at the photos again.
            features: None,
        })
        .collect();
    let settings = file
        .settings
        .get(SETTINGS)
        .and_then(|j| serde_json::from_str::<Settings>(j).ok())
        .unwrap_or_default();
    Ok((
        Project {
            classes,
            photos,
            settings,
        },
        file.model,
    ))
}

/// Replaces what this device keeps with `p` (and its model).
pub async fn write_all(st: &Store, p: &Project, model: Option<&[u8]>) -> Result<(), String> {
    st.clear().await?;
    let saved = serde_json::to_string(&Saved {
        classes: p.classes.clone(),
    })
    .map_err(|e| e.to_string())?;
    st.put_text(KEY_CLASSES, &saved).await?;
    st.put_text(
        KEY_SETTINGS,
        &serde_json::to_string(&p.settings).map_err(|e| e.to_string())?,
    )
    .await?;
    st.put_bytes(KEY_MODEL, model).await?;
    for photo in &p.photos {
        st.put_photo(photo).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_project_survives_the_round_trip() {
        let mut p = Project::new(|k| format!("類別 {k}"));
        p.settings.size = 96;
        p.photos.push(Photo {
            id: 7,
            class: p.classes[1].id,
            name: "貓.jpg".into(),
            width: 2,
            height: 1,
            rgb: Rc::new(vec![1, 2, 3, 4, 5, 6]),
            split: Some(cnn_photos::Split::Validation),
            features: None,
        });
        let bytes = encode(&p, Some(vec![9, 9])).unwrap();
        let (back, model) = decode(&bytes).unwrap();
        assert_eq!(model, Some(vec![9, 9]));
        assert_eq!(back.classes, p.classes);
        assert_eq!(back.settings, p.settings);
        assert_eq!(back.photos.len(), 1);
        assert_eq!(back.photos[0].class, p.classes[1].id);
        assert_eq!(*back.photos[0].rgb, vec![1, 2, 3, 4, 5, 6]);
        assert!(decode(b"not a project").is_err());
    }
}

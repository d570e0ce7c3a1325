//! A whole project as one file (`cnn_photos::project`), to move it to
//! another machine: the classes, every photo as kept, the settings and the
//! trained model.

use std::collections::BTreeMap;

use cnn_photos::project::{self, ClassInfo, PhotoInfo};

use super::model::{Class, Photo, Project, Saved, Settings};
use super::store::{pixels_of, Store, KEY_CLASSES, KEY_MODEL, KEY_SETTINGS, PIXELS_AT_ONCE};

const SETTINGS: &str = "settings";

/// The project file's bytes, written a few photos at a time: each photo's
/// pixels from the page where it holds them, else from the store
/// ([`pixels_of`]), so the page never holds every photo's at once.
pub async fn encode(
    p: &Project,
    model: Option<&[u8]>,
    store: Option<&Store>,
) -> Result<Vec<u8>, String> {
    let index = |class: u32| p.classes.iter().position(|c| c.id == class);
    let classes = p
        .classes
        .iter()
        .map(|c| ClassInfo {
            name: c.name.clone(),
            colour: c.colour.clone(),
        })
        .collect();
    let settings = BTreeMap::from([(
        SETTINGS.to_string(),
        serde_json::to_string(&p.settings).unwrap_or_default(),
    )]);
    // A photo whose class is gone is left out.
    let photos: Vec<(usize, &Photo)> = p
        .photos
        .iter()
        .filter_map(|ph| Some((index(ph.class)?, ph)))
        .collect();
    let infos: Vec<PhotoInfo> = photos
        .iter()
        .map(|&(class, ph)| PhotoInfo {
            class,
            name: ph.name.clone(),
            width: ph.width,
            height: ph.height,
            split: ph.split,
        })
        .collect();
    let mut file = project::Writer::new(classes, settings, &infos, model.is_some())
        .map_err(|e| e.to_string())?;
    let photos: Vec<&Photo> = photos.into_iter().map(|(_, ph)| ph).collect();
    for part in photos.chunks(PIXELS_AT_ONCE) {
        let pixels = pixels_of(store, part).await?;
        for ph in part {
            let px = pixels
                .get(&ph.id)
                .map(|px| px.as_slice())
                .unwrap_or_default();
            file.pixels(px).map_err(|e| e.to_string())?;
        }
    }
    file.finish(model).map_err(|e| e.to_string())
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
        .map(|(ph, id)| {
            let rgb = cnn_photos::Rgb {
                width: ph.width,
                height: ph.height,
                pixels: ph.pixels,
            };
            // Its features are not in the file: the base looks again.
            Photo::new(id, ph.class as u32 + 1, ph.name, rgb, ph.split)
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
    use std::future::Future;

    #[test]
    fn a_project_survives_the_round_trip() {
        let mut p = Project::new(|k| format!("類別 {k}"));
        p.settings.size = 96;
        let rgb = cnn_photos::Rgb {
            width: 2,
            height: 1,
            pixels: vec![1, 2, 3, 4, 5, 6],
        };
        let split = Some(cnn_photos::Split::Validation);
        p.photos
            .push(Photo::new(7, p.classes[1].id, "貓.jpg".into(), rgb, split));
        // The page holds the pixels, so no store is read: the future is
        // ready at its first poll.
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        let bytes = {
            let encoding = std::pin::pin!(encode(&p, Some(&[9, 9]), None));
            let std::task::Poll::Ready(bytes) = encoding.poll(&mut cx) else {
                panic!("no store was asked");
            };
            bytes
        };
        let (back, model) = decode(&bytes.unwrap()).unwrap();
        assert_eq!(model, Some(vec![9, 9]));
        assert_eq!(back.classes, p.classes);
        assert_eq!(back.settings, p.settings);
        assert_eq!(back.photos.len(), 1);
        assert_eq!(back.photos[0].class, p.classes[1].id);
        assert_eq!(back.photos[0].split, split);
        assert_eq!(
            **back.photos[0].pixels.as_ref().unwrap(),
            vec![1, 2, 3, 4, 5, 6]
        );
        assert_eq!(back.photos[0].thumb, p.photos[0].thumb);
        // A photo held nowhere cannot be written, and says which.
        p.photos[0] = p.photos[0].clone().stored();
        let encoding = std::pin::pin!(encode(&p, None, None));
        let std::task::Poll::Ready(Err(e)) = encoding.poll(&mut cx) else {
            panic!("a photo without pixels is refused");
        };
        assert!(e.contains("貓.jpg"), "{e}");
        assert!(decode(b"not a project").is_err());
    }
}

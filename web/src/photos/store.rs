//! Keeping a project on this device: IndexedDB, one database of four stores.
//!
//! - `photos`: one record per photo, keyed by its id (its name, size,
//!   class, place, kept features), written with its thumbnail and pixels
//!   in a transaction of its own as soon as the photo is decoded, so an
//!   import cut short by a reload loses only the photos not yet written;
//! - `thumbs` and `pixels`: each photo's thumbnail and kept pixels, keyed
//!   by its id, read only when they are shown or used (the grid's rows in
//!   view, the preview, a run, the project file): the page holds neither,
//!   so ten thousand photos fit in the tab;
//! - `project`: the classes and settings (JSON text) and the trained model
//!   (the bytes of a model file), keyed by name.
//!
//! Every call is async and turns an IndexedDB failure (quota, private mode,
//! a blocked upgrade) into a sentence the page can show.

use std::collections::HashMap;
use std::rc::Rc;

use idb::{
    Database, DatabaseEvent, Factory, ObjectStore, ObjectStoreParams, Query, Transaction,
    TransactionMode, TransactionResult,
};
use js_sys::{Float32Array, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{IdbDatabase, IdbTransaction};

use super::model::{KeptFeatures, Photo};
use cnn_photos::Split;

const DB_NAME: &str = "cnn-school-photos";
/// Version 2 moved the pixels out of the photo records (version 1's
/// records are moved on the first load, [`Store::load`]).
const DB_VERSION: u32 = 2;
const PHOTOS: &str = "photos";
const THUMBS: &str = "thumbs";
const PIXELS: &str = "pixels";
/// Photos whose pixels one read asks for at once.
pub const PIXELS_AT_ONCE: usize = 32;
const PROJECT: &str = "project";

/// Keys of the `project` store.
pub const KEY_CLASSES: &str = "classes";
pub const KEY_SETTINGS: &str = "settings";
pub const KEY_MODEL: &str = "model";

/// An open database. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Store {
    db: IdbDatabase,
}

impl PartialEq for Store {
    fn eq(&self, other: &Self) -> bool {
        self.db == other.db
    }
}

/// What was kept from an earlier visit.
#[derive(Debug, Default)]
pub struct Kept {
    pub classes: Option<String>,
    pub settings: Option<String>,
    pub model: Option<Vec<u8>>,
    pub photos: Vec<Photo>,
}

/// The browser's reason, for the page's sentence (`idb`'s messages carry
/// the `DOMException`'s name and message).
fn why(e: idb::Error) -> String {
    e.to_string()
}

/// One transaction on one store, and a handle to wait for its commit.
struct Tx {
    raw: IdbTransaction,
    store: ObjectStore,
}

impl Tx {
    /// Resolves when the transaction has committed (the data is on disk).
    async fn committed(self) -> Result<(), String> {
        let Tx { raw, store } = self;
        drop(store);
        match Transaction::from(raw.clone()).await.map_err(why)? {
            TransactionResult::Committed => Ok(()),
            TransactionResult::Aborted => Err(raw
                .error()
                .map(|d| format!("{}: {}", d.name(), d.message()))
                .unwrap_or_else(|| "the browser aborted the write".into())),
        }
    }
}

impl Store {
    /// Opens (and on first use creates) the database.
    pub async fn open() -> Result<Store, String> {
        let factory = Factory::new()
            .map_err(|_| "this browser keeps no IndexedDB here (a private window?)".to_string())?;
        let mut req = factory.open(DB_NAME, Some(DB_VERSION)).map_err(why)?;
        req.on_upgrade_needed(|event| {
            let Ok(db) = event.database() else { return };
            let names = db.store_names();
            for store in [PHOTOS, THUMBS, PIXELS, PROJECT] {
                if !names.iter().any(|n| n == store) {
                    let _ = db.create_object_store(store, ObjectStoreParams::new());
                }
            }
        });
        let db = req.await.map_err(why)?;
        Ok(Store { db: db.into() })
    }

    fn tx(&self, name: &str, mode: TransactionMode) -> Result<Tx, String> {
        Ok(self.tx_on(&[name], mode)?.0)
    }

    /// One transaction on several stores: the transaction, and each store.
    fn tx_on(
        &self,
        names: &[&str],
        mode: TransactionMode,
    ) -> Result<(Tx, Vec<ObjectStore>), String> {
        let tx = Database::from(self.db.clone())
            .transaction(names, mode)
            .map_err(why)?;
        let stores = names
            .iter()
            .map(|n| tx.object_store(n).map_err(why))
            .collect::<Result<Vec<_>, _>>()?;
        let store = stores[0].clone();
        Ok((
            Tx {
                raw: tx.into(),
                store,
            },
            stores,
        ))
    }

    /// Everything kept, photos in the order they were added (without their
    /// pixels: [`Store::pixels`]).
    pub async fn load(&self) -> Result<Kept, String> {
        let project = self.tx(PROJECT, TransactionMode::ReadOnly)?.store;
        let get = |key: &str| -> Result<_, String> {
            project.get(Query::from(JsValue::from(key))).map_err(why)
        };
        let text = |v: Option<JsValue>| v.and_then(|v| v.as_string());
        let classes = text(get(KEY_CLASSES)?.await.map_err(why)?);
        let settings = text(get(KEY_SETTINGS)?.await.map_err(why)?);
        let model = bytes(get(KEY_MODEL)?.await.map_err(why)?);
        let photos = self.tx(PHOTOS, TransactionMode::ReadOnly)?.store;
        let all = photos
            .get_all(None, None)
            .map_err(why)?
            .await
            .map_err(why)?;
        drop(photos);
        let mut list = Vec::with_capacity(all.len());
        let mut old = Vec::new();
        for record in &all {
            match photo_from_js(record) {
                Some(p) if p.pixels.is_some() => old.push(p),
                Some(p) => list.push(p),
                None => {}
            }
        }
        drop(all);
        if !old.is_empty() {
            // Kept by version 1, pixels and all: each moves to the new
            // layout, thumbnail made, in one transaction.
            let (tx, stores) = self.tx_on(&[PHOTOS, THUMBS, PIXELS], TransactionMode::ReadWrite)?;
            for p in &old {
                put_parts(&stores, p)?;
            }
            tx.committed().await?;
            list.extend(old.into_iter().map(Photo::stored));
        }
        list.sort_by_key(|p| p.id);
        Ok(Kept {
            classes,
            settings,
            model,
            photos: list,
        })
    }

    /// The kept model file, if there is one.
    pub async fn load_model(&self) -> Result<Option<Vec<u8>>, String> {
        let project = self.tx(PROJECT, TransactionMode::ReadOnly)?.store;
        let model = project
            .get(Query::from(JsValue::from(KEY_MODEL)))
            .map_err(why)?
            .await
            .map_err(why)?;
        Ok(bytes(model))
    }

    /// Writes one photo, and its thumbnail and pixels if the page holds
    /// them; resolves once it is committed.
    pub async fn put_photo(&self, photo: &Photo) -> Result<(), String> {
        let (tx, stores) = self.tx_on(&[PHOTOS, THUMBS, PIXELS], TransactionMode::ReadWrite)?;
        put_parts(&stores, photo)?;
        drop(stores);
        tx.committed().await
    }

    /// The kept pixels of photos by id (`[height, width, 3]` bytes), in
    /// one transaction; `None` for a photo that has none here.
    pub async fn pixels(&self, ids: &[u64]) -> Result<Vec<Option<Vec<u8>>>, String> {
        self.read(PIXELS, ids).await
    }

    /// The thumbnails of photos by id (`[side, side, 3]` bytes), as
    /// [`Store::pixels`].
    pub async fn thumbs(&self, ids: &[u64]) -> Result<Vec<Option<Vec<u8>>>, String> {
        self.read(THUMBS, ids).await
    }

    /// The bytes kept under each id in store `name`, in one transaction.
    async fn read(&self, name: &str, ids: &[u64]) -> Result<Vec<Option<Vec<u8>>>, String> {
        let tx = self.tx(name, TransactionMode::ReadOnly)?;
        // Every request is made before the first is awaited, so the
        // browser reads them together.
        let requests = ids
            .iter()
            .map(|&id| {
                tx.store
                    .get(Query::from(JsValue::from_f64(id as f64)))
                    .map_err(why)
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut out = Vec::with_capacity(ids.len());
        for r in requests {
            out.push(bytes(r.await.map_err(why)?));
        }
        Ok(out)
    }

    /// Keeps what the pretrained base made of photos (`(id, features)`),
    /// each in its photo's record, in one transaction; a photo removed
    /// meanwhile is left out.
    pub async fn put_features(&self, made: &[(u64, KeptFeatures)]) -> Result<(), String> {
        let tx = self.tx(PHOTOS, TransactionMode::ReadWrite)?;
        for (id, f) in made {
            let key = JsValue::from_f64(*id as f64);
            let record = tx
                .store
                .get(Query::from(key.clone()))
                .map_err(why)?
                .await
                .map_err(why)?;
            if let Some(record) = record.and_then(|r| r.dyn_into::<Object>().ok()) {
                set_features(&record, f);
                tx.store.put(&record, Some(&key)).map_err(why)?;
            }
        }
        tx.committed().await
    }

    /// Removes photos by id, their thumbnails and pixels, in one
    /// transaction.
    pub async fn delete_photos(&self, ids: &[u64]) -> Result<(), String> {
        let (tx, stores) = self.tx_on(&[PHOTOS, THUMBS, PIXELS], TransactionMode::ReadWrite)?;
        for &id in ids {
            for store in &stores {
                store
                    .delete(Query::from(JsValue::from_f64(id as f64)))
                    .map_err(why)?;
            }
        }
        drop(stores);
        tx.committed().await
    }

    pub async fn put_text(&self, key: &str, value: &str) -> Result<(), String> {
        let tx = self.tx(PROJECT, TransactionMode::ReadWrite)?;
        tx.store
            .put(&value.into(), Some(&key.into()))
            .map_err(why)?;
        tx.committed().await
    }

    pub async fn put_bytes(&self, key: &str, value: Option<&[u8]>) -> Result<(), String> {
        let tx = self.tx(PROJECT, TransactionMode::ReadWrite)?;
        match value {
            Some(v) => {
                tx.store
                    .put(&Uint8Array::from(v).into(), Some(&key.into()))
                    .map_err(why)?;
            }
            None => {
                tx.store
                    .delete(Query::from(JsValue::from(key)))
                    .map_err(why)?;
            }
        }
        tx.committed().await
    }

    /// Removes everything: photos, classes, settings and the model.
    pub async fn clear(&self) -> Result<(), String> {
        for name in [PHOTOS, THUMBS, PIXELS, PROJECT] {
            let tx = self.tx(name, TransactionMode::ReadWrite)?;
            tx.store.clear().map_err(why)?;
            tx.committed().await?;
        }
        Ok(())
    }
}

/// The pixels of `photos` by id (`[height, width, 3]` bytes each): the
/// page's own where it holds them, the others read from the store in one
/// transaction. A photo whose pixels are nowhere (or not its size) is an
/// error that names it.
pub async fn pixels_of(
    store: Option<&Store>,
    photos: &[&Photo],
) -> Result<HashMap<u64, Rc<Vec<u8>>>, String> {
    let mut out = HashMap::with_capacity(photos.len());
    let mut wanted = Vec::new();
    for p in photos {
        match &p.pixels {
            Some(px) => {
                out.insert(p.id, px.clone());
            }
            None => wanted.push(*p),
        }
    }
    if wanted.is_empty() {
        return Ok(out);
    }
    let ids: Vec<u64> = wanted.iter().map(|p| p.id).collect();
    let read = match store {
        Some(st) => st.pixels(&ids).await?,
        None => vec![None; ids.len()],
    };
    for (p, px) in wanted.into_iter().zip(read) {
        let px = px
            .filter(|px| px.len() == p.width as usize * p.height as usize * 3)
            .ok_or_else(|| format!("{}: its pixels are missing", p.name))?;
        out.insert(p.id, Rc::new(px));
    }
    Ok(out)
}

/// A kept model file (a `Uint8Array`), if the value is one.
fn bytes(v: Option<JsValue>) -> Option<Vec<u8>> {
    v.and_then(|v| v.dyn_into::<Uint8Array>().ok())
        .map(|a| a.to_vec())
}

/// Puts a photo's record in `photos` (`stores[0]`) and, if the page holds
/// them, its thumbnail in `thumbs` (`stores[1]`) and its pixels in
/// `pixels` (`stores[2]`).
fn put_parts(stores: &[ObjectStore], p: &Photo) -> Result<(), String> {
    let key = JsValue::from_f64(p.id as f64);
    stores[0].put(&photo_to_js(p), Some(&key)).map_err(why)?;
    for (store, held) in stores[1..].iter().zip([&p.thumb, &p.pixels]) {
        if let Some(bytes) = held {
            store
                .put(&Uint8Array::from(bytes.as_slice()).into(), Some(&key))
                .map_err(why)?;
        }
    }
    Ok(())
}

fn photo_to_js(p: &Photo) -> JsValue {
    let o = Object::new();
    let set = |k: &str, v: &JsValue| {
        let _ = Reflect::set(&o, &k.into(), v);
    };
    set("id", &JsValue::from_f64(p.id as f64));
    set("class", &JsValue::from_f64(f64::from(p.class)));
    set("name", &p.name.as_str().into());
    set("width", &JsValue::from_f64(f64::from(p.width)));
    set("height", &JsValue::from_f64(f64::from(p.height)));
    if let Some(split) = p.split {
        set("split", &JsValue::from_bool(split.held_out()));
    }
    if let Some(f) = &p.features {
        set_features(&o, f);
    }
    o.into()
}

/// A photo record's `features` (a `Float32Array`) and `features_of`.
fn set_features(record: &Object, f: &KeptFeatures) {
    let _ = Reflect::set(
        record,
        &"features".into(),
        &Float32Array::from(f.values.as_slice()).into(),
    );
    let _ = Reflect::set(record, &"features_of".into(), &f.of.as_str().into());
}

/// A photo record's kept features, if it has readable ones.
fn features_from_js(v: &JsValue) -> Option<KeptFeatures> {
    let get = |k: &str| Reflect::get(v, &k.into()).ok();
    let values = get("features")?.dyn_into::<Float32Array>().ok()?.to_vec();
    (values.len() == cnn_train::efficientnet::FEATURES).then_some(KeptFeatures {
        of: get("features_of")?.as_string()?,
        values: Rc::new(values),
    })
}

/// A photo record: version 2's (its thumbnail and pixels are in their own
/// stores), or version 1's (the pixels in the record: the photo comes back
/// holding them, its thumbnail made from them).
fn photo_from_js(v: &JsValue) -> Option<Photo> {
    let get = |k: &str| Reflect::get(v, &k.into()).ok();
    let num = |k: &str| get(k).and_then(|x| x.as_f64());
    let (id, class) = (num("id")? as u64, num("class")? as u32);
    let (name, width, height) = (
        get("name")?.as_string()?,
        num("width")? as u32,
        num("height")? as u32,
    );
    // A damaged record is skipped rather than shown wrong.
    if width == 0 || height == 0 {
        return None;
    }
    // Kept as "held out?"; absent in photos kept before folders decided
    // the split.
    let split = get("split").and_then(|v| v.as_bool()).map(|held_out| {
        if held_out {
            Split::Validation
        } else {
            Split::Train
        }
    });
    let photo = match get("rgb").and_then(|t| t.dyn_into::<Uint8Array>().ok()) {
        None => Photo {
            id,
            class,
            name,
            width,
            height,
            thumb: None,
            pixels: None,
            split,
            features: None,
        },
        Some(rgb) => {
            let pixels = rgb.to_vec();
            if pixels.len() != width as usize * height as usize * 3 {
                return None;
            }
            let rgb = cnn_photos::Rgb {
                width,
                height,
                pixels,
            };
            Photo::new(id, class, name, rgb, split)
        }
    };
    Some(Photo {
        features: features_from_js(v),
        ..photo
    })
}

/// Asks the browser to keep this origin's data under storage pressure
/// (best effort; the answer does not change what is kept otherwise).
pub fn ask_to_persist() {
    if let Some(storage) = web_sys::window().map(|w| w.navigator().storage()) {
        let _ = storage.persist();
    }
}

//! Keeping a project on this device: IndexedDB, one database of two stores.
//!
//! - `photos`: one record per photo, keyed by its id, written in a
//!   transaction of its own as soon as the photo is decoded, so an import cut
//!   short by a reload loses only the photos not yet written;
//! - `project`: the classes and settings (JSON text) and the trained model
//!   (the bytes of a model file), keyed by name.
//!
//! Every call is async and turns an IndexedDB failure (quota, private mode,
//! a blocked upgrade) into a sentence the page can show.

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
const DB_VERSION: u32 = 1;
const PHOTOS: &str = "photos";
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
            for store in [PHOTOS, PROJECT] {
                if !names.iter().any(|n| n == store) {
                    let _ = db.create_object_store(store, ObjectStoreParams::new());
                }
            }
        });
        let db = req.await.map_err(why)?;
        Ok(Store { db: db.into() })
    }

    fn tx(&self, name: &str, mode: TransactionMode) -> Result<Tx, String> {
        let tx = Database::from(self.db.clone())
            .transaction(&[name], mode)
            .map_err(why)?;
        let store = tx.object_store(name).map_err(why)?;
        Ok(Tx {
            raw: tx.into(),
            store,
        })
    }

    /// Everything kept, photos in the order they were added.
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
        let mut list: Vec<Photo> = all.iter().filter_map(photo_from_js).collect();
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

    /// Writes one photo; resolves once it is committed.
    pub async fn put_photo(&self, photo: &Photo) -> Result<(), String> {
        let tx = self.tx(PHOTOS, TransactionMode::ReadWrite)?;
        tx.store
            .put(
                &photo_to_js(photo),
                Some(&JsValue::from_f64(photo.id as f64)),
            )
            .map_err(why)?;
        tx.committed().await
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

    /// Removes photos by id, in one transaction.
    pub async fn delete_photos(&self, ids: &[u64]) -> Result<(), String> {
        let tx = self.tx(PHOTOS, TransactionMode::ReadWrite)?;
        for &id in ids {
            tx.store
                .delete(Query::from(JsValue::from_f64(id as f64)))
                .map_err(why)?;
        }
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
        for name in [PHOTOS, PROJECT] {
            let tx = self.tx(name, TransactionMode::ReadWrite)?;
            tx.store.clear().map_err(why)?;
            tx.committed().await?;
        }
        Ok(())
    }
}

/// A kept model file (a `Uint8Array`), if the value is one.
fn bytes(v: Option<JsValue>) -> Option<Vec<u8>> {
    v.and_then(|v| v.dyn_into::<Uint8Array>().ok())
        .map(|a| a.to_vec())
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
    set("rgb", &Uint8Array::from(p.rgb.as_slice()).into());
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

fn photo_from_js(v: &JsValue) -> Option<Photo> {
    let get = |k: &str| Reflect::get(v, &k.into()).ok();
    let num = |k: &str| get(k).and_then(|x| x.as_f64());
    let rgb = get("rgb")?.dyn_into::<Uint8Array>().ok()?.to_vec();
    let photo = Photo {
        id: num("id")? as u64,
        class: num("class")? as u32,
        name: get("name")?.as_string()?,
        width: num("width")? as u32,
        height: num("height")? as u32,
        rgb: Rc::new(rgb),
        // Kept as "held out?"; absent in photos kept before folders
        // decided the split.
        split: get("split").and_then(|v| v.as_bool()).map(|held_out| {
            if held_out {
                Split::Validation
            } else {
                Split::Train
            }
        }),
        features: features_from_js(v),
    };
    // A damaged record is skipped rather than shown wrong.
    (photo.rgb.len() == photo.width as usize * photo.height as usize * 3).then_some(photo)
}

/// Asks the browser to keep this origin's data under storage pressure
/// (best effort; the answer does not change what is kept otherwise).
pub fn ask_to_persist() {
    if let Some(storage) = web_sys::window().map(|w| w.navigator().storage()) {
        let _ = storage.persist();
    }
}

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

use js_sys::{Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbObjectStore, IdbRequest, IdbTransaction, IdbTransactionMode};

use super::model::Photo;

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

fn why(e: JsValue) -> String {
    e.dyn_ref::<web_sys::DomException>()
        .map(|d| format!("{}: {}", d.name(), d.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// Resolves with the request's result when it succeeds.
async fn done(req: &IdbRequest) -> Result<JsValue, String> {
    let r = req.clone();
    let p = Promise::new(&mut |resolve, reject| {
        let r2 = r.clone();
        let ok = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call1(&JsValue::NULL, &r2.result().unwrap_or(JsValue::UNDEFINED));
        });
        let r3 = r.clone();
        let fail = Closure::once_into_js(move |_: web_sys::Event| {
            let e = r3
                .error()
                .ok()
                .flatten()
                .map(JsValue::from)
                .unwrap_or(JsValue::NULL);
            let _ = reject.call1(&JsValue::NULL, &e);
        });
        r.set_onsuccess(Some(ok.unchecked_ref()));
        r.set_onerror(Some(fail.unchecked_ref()));
    });
    JsFuture::from(p).await.map_err(why)
}

/// Resolves when the transaction has committed (the data is on disk).
async fn committed(tx: &IdbTransaction) -> Result<(), String> {
    let t = tx.clone();
    let p = Promise::new(&mut |resolve, reject| {
        let ok = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let t2 = t.clone();
        let reject2 = reject.clone();
        let fail = Closure::once_into_js(move |_: web_sys::Event| {
            let e = t2.error().map(JsValue::from).unwrap_or(JsValue::NULL);
            let _ = reject2.call1(&JsValue::NULL, &e);
        });
        let t3 = t.clone();
        let aborted = Closure::once_into_js(move |_: web_sys::Event| {
            let e = t3
                .error()
                .map(JsValue::from)
                .unwrap_or_else(|| "the browser aborted the write".into());
            let _ = reject.call1(&JsValue::NULL, &e);
        });
        t.set_oncomplete(Some(ok.unchecked_ref()));
        t.set_onerror(Some(fail.unchecked_ref()));
        t.set_onabort(Some(aborted.unchecked_ref()));
    });
    JsFuture::from(p).await.map(|_| ()).map_err(why)
}

impl Store {
    /// Opens (and on first use creates) the database.
    pub async fn open() -> Result<Store, String> {
        let factory = web_sys::window()
            .and_then(|w| w.indexed_db().ok().flatten())
            .ok_or("this browser keeps no IndexedDB here (a private window?)")?;
        let req = factory.open_with_u32(DB_NAME, DB_VERSION).map_err(why)?;
        let upgrade = Closure::<dyn Fn(web_sys::IdbVersionChangeEvent)>::new(
            move |e: web_sys::IdbVersionChangeEvent| {
                let Some(db) = e
                    .target()
                    .and_then(|t| t.dyn_into::<IdbRequest>().ok())
                    .and_then(|r| r.result().ok())
                    .and_then(|r| r.dyn_into::<IdbDatabase>().ok())
                else {
                    return;
                };
                let names = db.object_store_names();
                for store in [PHOTOS, PROJECT] {
                    if !names.contains(store) {
                        let _ = db.create_object_store(store);
                    }
                }
            },
        );
        req.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
        let db = done(&req).await?;
        drop(upgrade);
        Ok(Store {
            db: db.dyn_into().map_err(why)?,
        })
    }

    fn store(
        &self,
        name: &str,
        mode: IdbTransactionMode,
    ) -> Result<(IdbTransaction, IdbObjectStore), String> {
        let tx = self
            .db
            .transaction_with_str_and_mode(name, mode)
            .map_err(why)?;
        let store = tx.object_store(name).map_err(why)?;
        Ok((tx, store))
    }

    /// Everything kept, photos in the order they were added.
    pub async fn load(&self) -> Result<Kept, String> {
        let (_, project) = self.store(PROJECT, IdbTransactionMode::Readonly)?;
        let text = |v: JsValue| v.as_string();
        let classes = text(done(&project.get(&KEY_CLASSES.into()).map_err(why)?).await?);
        let settings = text(done(&project.get(&KEY_SETTINGS.into()).map_err(why)?).await?);
        let model = done(&project.get(&KEY_MODEL.into()).map_err(why)?)
            .await?
            .dyn_into::<Uint8Array>()
            .ok()
            .map(|a| a.to_vec());
        let (_, photos) = self.store(PHOTOS, IdbTransactionMode::Readonly)?;
        let all = done(&photos.get_all().map_err(why)?).await?;
        let mut list: Vec<Photo> = js_sys::Array::from(&all)
            .iter()
            .filter_map(|v| photo_from_js(&v))
            .collect();
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
        let (_, project) = self.store(PROJECT, IdbTransactionMode::Readonly)?;
        Ok(done(&project.get(&KEY_MODEL.into()).map_err(why)?)
            .await?
            .dyn_into::<Uint8Array>()
            .ok()
            .map(|a| a.to_vec()))
    }

    /// Writes one photo; resolves once it is committed.
    pub async fn put_photo(&self, photo: &Photo) -> Result<(), String> {
        let (tx, store) = self.store(PHOTOS, IdbTransactionMode::Readwrite)?;
        store
            .put_with_key(&photo_to_js(photo), &JsValue::from_f64(photo.id as f64))
            .map_err(why)?;
        committed(&tx).await
    }

    /// Removes photos by id, in one transaction.
    pub async fn delete_photos(&self, ids: &[u64]) -> Result<(), String> {
        let (tx, store) = self.store(PHOTOS, IdbTransactionMode::Readwrite)?;
        for &id in ids {
            store.delete(&JsValue::from_f64(id as f64)).map_err(why)?;
        }
        committed(&tx).await
    }

    pub async fn put_text(&self, key: &str, value: &str) -> Result<(), String> {
        let (tx, store) = self.store(PROJECT, IdbTransactionMode::Readwrite)?;
        store
            .put_with_key(&value.into(), &key.into())
            .map_err(why)?;
        committed(&tx).await
    }

    pub async fn put_bytes(&self, key: &str, value: Option<&[u8]>) -> Result<(), String> {
        let (tx, store) = self.store(PROJECT, IdbTransactionMode::Readwrite)?;
        match value {
            Some(v) => {
                store
                    .put_with_key(&Uint8Array::from(v), &key.into())
                    .map_err(why)?;
            }
            None => {
                store.delete(&key.into()).map_err(why)?;
            }
        }
        committed(&tx).await
    }

    /// Removes everything: photos, classes, settings and the model.
    pub async fn clear(&self) -> Result<(), String> {
        for name in [PHOTOS, PROJECT] {
            let (tx, store) = self.store(name, IdbTransactionMode::Readwrite)?;
            store.clear().map_err(why)?;
            committed(&tx).await?;
        }
        Ok(())
    }
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
    o.into()
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

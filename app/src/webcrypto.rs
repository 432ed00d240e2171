//! Ed25519 signature checks with the browser's own Web Crypto, so the verdict on a
//! decision does not rest on the server alone (and the WASM carries no curve code).

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::CryptoKey;

/// `Some(valid)`, or `None` when Web Crypto has no Ed25519 here.
pub async fn verify_ed25519(public_key: &[u8], message: &[u8], signature: &[u8]) -> Option<bool> {
    let subtle = web_sys::window()?.crypto().ok()?.subtle();
    let algorithm = Object::new();
    Reflect::set(&algorithm, &"name".into(), &"Ed25519".into()).ok()?;
    let usages = Array::of1(&JsValue::from_str("verify"));
    let key_data: Object = Uint8Array::from(public_key).into();
    let import = subtle
        .import_key_with_object("raw", &key_data, &algorithm, false, &usages)
        .ok()?;
    let key: CryptoKey = JsFuture::from(import).await.ok()?.dyn_into().ok()?;
    let check = subtle
        .verify_with_object_and_u8_array_and_u8_array(&algorithm, &key, signature, message)
        .ok()?;
    JsFuture::from(check).await.ok()?.as_bool()
}

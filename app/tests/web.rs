//! Tests that run in a real browser: the model compiled to WebAssembly, and the app shell
//! mounted into a document. Run with `make test-wasm`.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use app::model::{RegionCode, RegionLevel, Uscc, UsccError};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn codes_validate_the_same_in_the_browser() {
    assert_eq!(
        Uscc::parse("91350100M000100Y43").unwrap().as_str(),
        "91350100M000100Y43"
    );
    assert!(matches!(
        Uscc::parse("91350100M000100Y44"),
        Err(UsccError::CheckMismatch { .. })
    ));
    assert_eq!(
        RegionCode::parse("440106").unwrap().level(),
        RegionLevel::County
    );
    assert!(RegionCode::parse("4401").is_err());
}

// RFC 8032 §7.1, test 2: the browser's Web Crypto checks Ed25519 as the server signs it.
#[wasm_bindgen_test]
async fn web_crypto_checks_ed25519_signatures() {
    use app::model::signature::from_hex;
    let key = from_hex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c").unwrap();
    let mut sig = from_hex(
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da\
         085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
    )
    .unwrap();
    assert_eq!(
        app::webcrypto::verify_ed25519(&key, &[0x72], &sig).await,
        Some(true)
    );
    assert_eq!(
        app::webcrypto::verify_ed25519(&key, &[0x73], &sig).await,
        Some(false)
    );
    sig[0] ^= 1;
    assert_eq!(
        app::webcrypto::verify_ed25519(&key, &[0x72], &sig).await,
        Some(false)
    );
}

#[wasm_bindgen_test]
async fn the_shell_mounts_in_chinese_with_its_navigation() {
    leptos::mount::mount_to_body(app::App);
    // Let the first render and effects run.
    gloo_timers_sleep(50).await;
    let document = web_sys::window().unwrap().document().unwrap();
    let header = document
        .query_selector(".site-header")
        .unwrap()
        .expect("header rendered");
    let text = header.text_content().unwrap_or_default();
    assert!(text.contains("案码"), "{text}");
    assert!(text.contains("执法公示"), "{text}");
    assert_eq!(
        document
            .document_element()
            .unwrap()
            .get_attribute("lang")
            .as_deref(),
        Some("zh-CN")
    );
    let nav_links = document.query_selector_all(".site-nav a").unwrap().length();
    assert_eq!(nav_links, 7);
}

async fn gloo_timers_sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

//! The wasm module in headless Chromium (same command as the Node tests; needs chromedriver).
#![cfg(target_arch = "wasm32")]

mod common;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn runs_in_a_browser() {
    let ua = js_sys::Reflect::get(&js_sys::global(), &"navigator".into())
        .and_then(|n| js_sys::Reflect::get(&n, &"userAgent".into()))
        .ok()
        .and_then(|u| u.as_string())
        .unwrap_or_default();
    assert!(ua.contains("HeadlessChrome"), "{ua}");
}
#[wasm_bindgen_test]
fn lint_matches_the_core() {
    common::lint_matches_the_core();
}
#[wasm_bindgen_test]
fn utf16_positions() {
    common::utf16_positions();
}
#[wasm_bindgen_test]
fn fix_applies_safe_fixes() {
    common::fix_applies_safe_fixes();
}
#[wasm_bindgen_test]
fn bad_input_is_a_js_error() {
    common::bad_input_is_a_js_error();
}
#[wasm_bindgen_test]
fn hostile_text_never_traps() {
    common::hostile_text_never_traps();
}
#[wasm_bindgen_test]
fn rules_have_docs() {
    common::rules_have_docs();
}
#[wasm_bindgen_test]
fn kind_hints() {
    common::kind_hints();
}

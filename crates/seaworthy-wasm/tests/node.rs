//! The wasm module in Node (`cargo test -p seaworthy-wasm --target wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]

mod common;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn runs_in_node() {
    assert!(js_sys::Reflect::get(&js_sys::global(), &"window".into()).map(|w| w.is_undefined()).unwrap_or(true));
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

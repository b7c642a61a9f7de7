//! Checks shared by the Node and the browser test binaries: the JS boundary gives what the
//! core gives, errors are JS errors, and no input makes the module trap.

use seaworthy::{LintOptions, SourceFile};
use wasm_bindgen::JsValue;

pub const BAD: &str = "FROM node\nRUN npm install\nCMD npm start\n";

pub fn files(list: &[(&str, &str)]) -> JsValue {
    let v: Vec<SourceFile> =
        list.iter().map(|(p, c)| SourceFile { path: p.to_string(), content: c.to_string() }).collect();
    serde_wasm_bindgen::to_value(&v).expect("files convert")
}

pub fn json(v: &JsValue) -> String {
    js_sys::JSON::stringify(v).expect("stringify").as_string().expect("a string")
}

pub fn lint_matches_the_core() {
    let list = [("Dockerfile", BAD), ("compose.yaml", "services:\n  web:\n    image: nginx\n")];
    let got = seaworthy_wasm::lint(files(&list), JsValue::UNDEFINED).map_err(JsValue::from).expect("lint");
    let src: Vec<SourceFile> =
        list.iter().map(|(p, c)| SourceFile { path: p.to_string(), content: c.to_string() }).collect();
    let want = serde_json::to_string(&seaworthy::lint(&src, &LintOptions::default())).expect("serialize");
    assert_eq!(json(&got), want);
}

pub fn utf16_positions() {
    let src = "FROM alpine:3.20\nRUN echo \"\u{1F433}\" && sudo apk add curl\n";
    let opts = js_sys::JSON::parse(r#"{"positionEncoding":"utf16"}"#).expect("options");
    let got = seaworthy_wasm::lint(files(&[("Dockerfile", src)]), opts).map_err(JsValue::from).expect("lint");
    let report: serde_json::Value = serde_json::from_str(&json(&got)).expect("json");
    let sudo = report["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["rule"]["name"] == "sudo-in-run")
        .expect("sudo-in-run fires")
        .clone();
    let offset = sudo["range"]["start"]["offset"].as_u64().expect("offset") as usize;
    let utf16: Vec<u16> = src.encode_utf16().collect();
    assert_eq!(String::from_utf16_lossy(&utf16[offset..offset + 4]), "sudo");
}

pub fn fix_applies_safe_fixes() {
    let got = seaworthy_wasm::fix(files(&[("Dockerfile", "FROM alpine:3.20\nRUN apk add curl\n")]), JsValue::NULL)
        .map_err(JsValue::from)
        .expect("fix");
    let v: serde_json::Value = serde_json::from_str(&json(&got)).expect("json");
    assert_eq!(v["files"][0]["content"], "FROM alpine:3.20\nRUN apk add --no-cache curl\n");
    assert_eq!(v["files"][0]["changed"], true);
}

pub fn bad_input_is_a_js_error() {
    for (files, options) in [
        (JsValue::from_str("Dockerfile"), JsValue::UNDEFINED),
        (JsValue::from(42), JsValue::UNDEFINED),
        (js_sys::JSON::parse(r#"[{"path":1}]"#).expect("json"), JsValue::UNDEFINED),
        (js_sys::Array::new().into(), JsValue::from_str("utf16")),
    ] {
        let err = seaworthy_wasm::lint(files, options).map_err(JsValue::from).expect_err("an error");
        let err: js_sys::Error = err.into();
        let msg = err.message().as_string().unwrap_or_default();
        assert!(msg.starts_with("invalid "), "{msg}");
    }
}

pub fn hostile_text_never_traps() {
    let long = "a".repeat(200_000);
    let conts = "RUN echo \\\n".repeat(5_000);
    for src in ["", "\0\0", "\u{FEFF}\r\n", "RUN <<EOF\n", long.as_str(), conts.as_str()] {
        let got = seaworthy_wasm::lint(files(&[("Dockerfile", src)]), JsValue::UNDEFINED).map_err(JsValue::from);
        assert!(got.is_ok());
    }
}

pub fn rules_have_docs() {
    let got = seaworthy_wasm::rules().map_err(JsValue::from).expect("rules");
    let v: serde_json::Value = serde_json::from_str(&json(&got)).expect("json");
    let list = v.as_array().expect("array");
    assert_eq!(list.len(), seaworthy::rules::all_rules().len());
    assert!(list.iter().all(|r| r["docs"].as_str().is_some_and(|d| !d.is_empty())));
}

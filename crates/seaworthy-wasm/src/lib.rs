//! Seaworthy for JavaScript: a thin wasm-bindgen layer over the core.
//!
//! Every function takes plain JS values (read with serde-wasm-bindgen) and returns plain JS
//! values (built from serde_json's text, see [`output`]), so
//! `JSON.stringify(lint(files), null, 2)` is byte-identical to `seaworthy check --format json`.
//! Bad input becomes a thrown `Error` with a message, never a panic.

use seaworthy::api::{fix_files, lint_request, rule_catalogue, validate_policy, ApiLintOptions, FixOptions};
use seaworthy::policy::PolicyError;
use seaworthy::SourceFile;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// `files` must be an array of `{path, content}` objects.
fn files(v: JsValue) -> Result<Vec<SourceFile>, JsError> {
    if !js_sys::Array::is_array(&v) {
        return Err(JsError::new("invalid files: expected an array of {path, content} objects"));
    }
    input("files", v)
}

fn input<T: DeserializeOwned>(what: &str, v: JsValue) -> Result<T, JsError> {
    serde_wasm_bindgen::from_value(v).map_err(|e| JsError::new(&format!("invalid {what}: {e}")))
}

/// Options are optional: `undefined` and `null` mean the defaults.
fn options<T: DeserializeOwned + Default>(v: JsValue) -> Result<T, JsError> {
    if v.is_undefined() || v.is_null() {
        Ok(T::default())
    } else {
        input("options", v)
    }
}

/// Results cross the boundary as JSON text built by serde_json, the same code that writes the
/// CLI's JSON, and are parsed by the JS engine: byte-identical by construction, and smaller and
/// faster than converting value by value.
fn output<T: Serialize>(v: &T) -> Result<JsValue, JsError> {
    let text = serde_json::to_string(v).map_err(|e| JsError::new(&format!("cannot serialize the result: {e}")))?;
    js_sys::JSON::parse(&text).map_err(|_| JsError::new("cannot parse the result"))
}

/// A policy that does not parse: the message lists every error with its line and column.
fn policy_error(errors: &[PolicyError]) -> JsError {
    let mut msg = String::from("invalid policy:");
    for e in errors {
        msg.push_str(&format!("\n  {}:{}: {}", e.line, e.column, e.message));
        if let Some(h) = &e.help {
            msg.push_str(&format!(" ({h})"));
        }
    }
    JsError::new(&msg)
}

/// Lints `files` (`[{path, content}]`; the kind comes from the file name) into a report, under
/// `options.policy` (a preset name or `.seaworthy.toml` text; `recommended` by default).
#[wasm_bindgen(skip_typescript)]
pub fn lint(files: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    let files = self::files(files)?;
    let options: ApiLintOptions = self::options(options)?;
    output(&lint_request(&files, &options).map_err(|e| policy_error(&e))?)
}

/// Applies fixes (safe ones, or all with `unsafeFixes`) and returns the fixed files, what was
/// applied, and the report of the fixed files.
#[wasm_bindgen(skip_typescript)]
pub fn fix(files: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    let files = self::files(files)?;
    let options: FixOptions = self::options(options)?;
    output(&fix_files(&files, &options).map_err(|e| policy_error(&e))?)
}

/// The errors of a policy (a preset name or `.seaworthy.toml` text), each with its line,
/// column and help; an empty array when it is valid.
#[wasm_bindgen(js_name = validatePolicy, skip_typescript)]
pub fn validate_policy_js(policy: &str) -> Result<JsValue, JsError> {
    output(&validate_policy(policy))
}

/// The rule catalogue with each rule's documentation.
#[wasm_bindgen(skip_typescript)]
pub fn rules() -> Result<JsValue, JsError> {
    output(&rule_catalogue())
}

/// The version of Seaworthy (the crate version).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

//! Seaworthy for JavaScript: a thin wasm-bindgen layer over the core.
//!
//! Everything crosses the boundary as JSON text, in both directions: the JS glue of the npm
//! package (`npm/index.cjs`, `npm/web.mjs`) passes `JSON.stringify(files)` and
//! `JSON.stringify(options)` and parses the result with `JSON.parse`. One serializer
//! (serde_json, the code that writes the CLI's JSON) is compiled in, so
//! `JSON.stringify(lint(files), null, 2)` is byte-identical to `seaworthy check --format json`,
//! and a report is converted once instead of value by value. Bad input becomes a thrown
//! `Error` with a message, never a panic.
//!
//! The rule docs are not in the module (the core is built without its `docs` feature):
//! `rules()` gives each rule with empty `docs`, and the glue fills them in from
//! `docs/rules/docs.json`, which the package ships next to the module.

use seaworthy::api::{fix_files, lint_request, rule_catalogue, validate_policy, ApiLintOptions, FixOptions};
use seaworthy::policy::PolicyError;
use seaworthy::SourceFile;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// `files` must be the JSON text of an array of `{path, content, kind?}` objects.
fn files(json: &str) -> Result<Vec<SourceFile>, JsError> {
    if !json.trim_start().starts_with('[') {
        return Err(JsError::new("invalid files: expected an array of {path, content} objects"));
    }
    input("files", json)
}

#[inline(never)]
fn input<T: DeserializeOwned>(what: &str, json: &str) -> Result<T, JsError> {
    serde_json::from_str(json).map_err(|e| JsError::new(&format!("invalid {what}: {e}")))
}

/// Options are optional: an empty string (JS `undefined`) and `null` mean the defaults.
fn options<T: DeserializeOwned + Default>(json: &str) -> Result<T, JsError> {
    match json.trim() {
        "" | "null" => Ok(T::default()),
        _ => {
            if !json.trim_start().starts_with('{') {
                return Err(JsError::new("invalid options: expected an object"));
            }
            input("options", json)
        }
    }
}

/// The result as JSON text, written by serde_json as the CLI's JSON is.
fn output<T: Serialize>(v: &T) -> Result<String, JsError> {
    serde_json::to_string(v).map_err(|e| JsError::new(&format!("cannot serialize the result: {e}")))
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

/// Lints `files` (JSON: `[{path, content, kind?}]`; without `kind`, the kind comes from the
/// file name) into a report (JSON), under `options.policy` (a preset name or
/// `.seaworthy.toml` text; `recommended` by default).
#[wasm_bindgen(skip_typescript)]
pub fn lint(files: &str, options: &str) -> Result<String, JsError> {
    let files = self::files(files)?;
    let options: ApiLintOptions = self::options(options)?;
    output(&lint_request(&files, &options).map_err(|e| policy_error(&e))?)
}

/// Applies fixes (safe ones, or all with `unsafeFixes`) and returns the fixed files, what was
/// applied, and the report of the fixed files (JSON).
#[wasm_bindgen(skip_typescript)]
pub fn fix(files: &str, options: &str) -> Result<String, JsError> {
    let files = self::files(files)?;
    let options: FixOptions = self::options(options)?;
    output(&fix_files(&files, &options).map_err(|e| policy_error(&e))?)
}

/// The errors of a policy (a preset name or `.seaworthy.toml` text), each with its line,
/// column and help; an empty array when it is valid (JSON).
#[wasm_bindgen(js_name = validatePolicy, skip_typescript)]
pub fn validate_policy_js(policy: &str) -> Result<String, JsError> {
    output(&validate_policy(policy))
}

/// The rule catalogue (JSON), with empty `docs`: the JS glue adds them from the docs file.
#[wasm_bindgen(skip_typescript)]
pub fn rules() -> Result<String, JsError> {
    output(&rule_catalogue())
}

/// The version of Seaworthy (the crate version).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

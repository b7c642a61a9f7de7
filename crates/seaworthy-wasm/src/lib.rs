//! Seaworthy for JavaScript: a thin wasm-bindgen layer over the core.
//!
//! Everything crosses the boundary as JSON text, in both directions: the JS glue of the npm
//! package (`npm/glue/node.cjs`, `npm/glue/web.mjs`) passes `JSON.stringify(files)` (encoded
//! to UTF-8 bytes) and `JSON.stringify(options)` and parses the result with `JSON.parse`. The
//! request is read by the core's hand-written reader (`seaworthy::api::files_from_json`,
//! `options_from_json`: serde_json's messages), and every result (reports, fix results, the
//! catalogue, policy errors) is written by its hand-written writer (`seaworthy::report_json`,
//! byte for byte what serde_json gives the CLI), so `JSON.stringify(lint(files), null, 2)` is
//! byte-identical to `seaworthy check --format json`, a report is converted once instead of
//! value by value, and the module holds no serde code (docs/benchmarks.md, "Third pass").
//! Bad input becomes a thrown `Error` with a message, never a panic.
//!
//! The rule docs are not in the module (the core is built without its `docs` feature):
//! `rules()` gives each rule with empty `docs`, and the glue fills them in from
//! `docs/rules/docs.json`, which the package ships next to the module.

use seaworthy::api::{fix_files, rule_catalogue, validate_policy, FixOptions};
use seaworthy::policy::PolicyError;
use seaworthy::SourceFile;
use wasm_bindgen::prelude::*;

/// `files` must be the JSON text of an array of `{path, content, kind?}` objects, as UTF-8
/// bytes: the glue encodes it with `TextEncoder`, and wasm-bindgen copies a `Uint8Array` into
/// the module's memory in one `set`, where it copies a string parameter character by character
/// in a JS loop (most of the cost of passing a large file).
fn files_text(json: &[u8]) -> Result<&str, JsError> {
    std::str::from_utf8(json).map_err(|e| JsError::new(&format!("invalid files: not UTF-8 ({e})")))
}

/// `files` as [`files_text`] takes it, parsed.
fn files(json: &[u8]) -> Result<Vec<SourceFile>, JsError> {
    seaworthy::api::files_from_json(files_text(json)?).map_err(|e| JsError::new(&e))
}

/// Options are optional: an empty string (JS `undefined`) and `null` mean the defaults.
fn options<T: seaworthy::api::RequestOptions>(json: &str) -> Result<T, JsError> {
    seaworthy::api::options_from_json(json).map_err(|e| JsError::new(&e))
}

/// A policy that does not parse: the message lists every error with its line and column.
fn policy_error(errors: &[PolicyError]) -> JsError {
    JsError::new(&seaworthy::api::policy_error_message(errors))
}

/// Lints `files` (UTF-8 JSON: `[{path, content, kind?}]`; without `kind`, the kind comes from
/// the file name) into a report (JSON), under `options.policy` (a preset name or
/// `.seaworthy.toml` text; `recommended` by default).
#[wasm_bindgen(skip_typescript)]
pub fn lint(files: &[u8], options: &str) -> Result<String, JsError> {
    // The same function `seaworthy bench` times natively (its `api` line).
    seaworthy::api::lint_json(files_text(files)?, options).map_err(|e| JsError::new(&e))
}

/// Applies fixes (safe ones, or all with `unsafeFixes`) and returns the fixed files, what was
/// applied, and the report of the fixed files (JSON). `files` as for [`lint`].
#[wasm_bindgen(skip_typescript)]
pub fn fix(files: &[u8], options: &str) -> Result<String, JsError> {
    let files = self::files(files)?;
    let options: FixOptions = self::options(options)?;
    let result = fix_files(&files, &options).map_err(|e| policy_error(&e))?;
    // What serde_json gives the CLI, byte for byte (`FixResult` serializes as this text through
    // serde_json's `RawValue`, whose validating parse would bring a deserializer back in).
    Ok(seaworthy::report_json::fix_result_to_json(&result))
}

/// The errors of a policy (a preset name or `.seaworthy.toml` text), each with its line,
/// column and help; an empty array when it is valid (JSON).
#[wasm_bindgen(js_name = validatePolicy, skip_typescript)]
pub fn validate_policy_js(policy: &str) -> Result<String, JsError> {
    // written by hand, as serde_json writes it (`seaworthy::report_json`)
    Ok(seaworthy::report_json::policy_errors_to_json(&validate_policy(policy)))
}

/// The rule catalogue (JSON), with empty `docs`: the JS glue adds them from the docs file.
#[wasm_bindgen(skip_typescript)]
pub fn rules() -> Result<String, JsError> {
    Ok(seaworthy::report_json::rules_to_json(&rule_catalogue()))
}

/// The version of Seaworthy (the crate version).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

//! The request/response shapes shared by every surface that is not the Rust API itself:
//! the WebAssembly module (Node, browsers, the playground) and the CLI's JSON outputs.
//! Keeping them here, in the core, is what makes those surfaces agree byte for byte.

use crate::fix::{AppliedFix, SkippedFix};
use crate::policy::{Policy, PolicyError};
use crate::report::{docs_url, fix_source_with, lint_with, LintOptions, Report, SourceFile};
use crate::rules::{all_rules, FixKind, RuleMeta};
use crate::score::Weights;
use crate::span::PositionEncoding;
use serde::{Deserialize, Serialize};

/// A rule as listed by `seaworthy rules --format json` and the wasm `rules()`.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RuleInfo {
    #[serde(flatten)]
    pub meta: RuleMeta,
    /// Whether the rule offers fixes at all.
    pub has_fix: bool,
    /// Where the rule's documentation is published.
    pub url: String,
    /// The rule's documentation (Markdown).
    pub docs: String,
}

/// The whole catalogue, in registry order (Dockerfile rules first, by id).
pub fn rule_catalogue() -> Vec<RuleInfo> {
    all_rules().into_iter().map(rule_info).collect()
}

/// One rule's entry.
pub fn rule_info(m: &RuleMeta) -> RuleInfo {
    RuleInfo { meta: *m, has_fix: m.fix != FixKind::None, url: docs_url(m.name), docs: m.docs.trim().to_string() }
}

/// Options of a lint request from JS: the report options and the policy.
// (Deserialized through `WireOptions`, every field at one level, rather than with
// `#[serde(flatten)]`, whose buffering deserializer cost the wasm module 7.8 KB.)
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, rename_all = "camelCase")]
pub struct ApiLintOptions {
    /// A preset (`recommended`, `strict@1`, `minimal`, …) or the text of a `.seaworthy.toml`;
    /// absent means the latest `recommended` (`recommended@2`; pin a version for a verdict
    /// that never changes).
    pub policy: Option<String>,
    #[serde(flatten)]
    pub lint: LintOptions,
}

/// Options of a fix request: which fixes to apply, the policy, and how to report afterwards.
// (Deserialized through `WireOptions`, as `ApiLintOptions`.)
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, rename_all = "camelCase")]
pub struct FixOptions {
    /// Apply unsafe fixes too (they may change what the image does; review them).
    pub unsafe_fixes: bool,
    /// A preset or the text of a `.seaworthy.toml`, as for linting.
    pub policy: Option<String>,
    #[serde(flatten)]
    pub lint: LintOptions,
}

/// The options of a lint or fix request as they arrive (JSON), all at one level: the fields of
/// [`FixOptions`] and [`ApiLintOptions`], and those of their flattened [`LintOptions`].
/// Unknown fields are ignored, as with `#[serde(flatten)]`.
#[derive(Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct WireOptions {
    unsafe_fixes: bool,
    policy: Option<String>,
    position_encoding: PositionEncoding,
    score_fixes: bool,
    weights: Weights,
    context_files: Vec<String>,
}

impl Default for WireOptions {
    fn default() -> Self {
        let LintOptions { position_encoding, score_fixes, weights, context_files } = LintOptions::default();
        WireOptions { unsafe_fixes: false, policy: None, position_encoding, score_fixes, weights, context_files }
    }
}

impl WireOptions {
    fn split(self) -> (bool, Option<String>, LintOptions) {
        let WireOptions { unsafe_fixes, policy, position_encoding, score_fixes, weights, context_files } = self;
        (unsafe_fixes, policy, LintOptions { position_encoding, score_fixes, weights, context_files })
    }
}

impl<'de> Deserialize<'de> for ApiLintOptions {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (_, policy, lint) = WireOptions::deserialize(d)?.split();
        Ok(ApiLintOptions { policy, lint })
    }
}

impl<'de> Deserialize<'de> for FixOptions {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (unsafe_fixes, policy, lint) = WireOptions::deserialize(d)?.split();
        Ok(FixOptions { unsafe_fixes, policy, lint })
    }
}

/// The errors of a policy (a preset name or `.seaworthy.toml` text); empty when it is valid.
pub fn validate_policy(spec: &str) -> Vec<PolicyError> {
    Policy::from_spec(spec).err().unwrap_or_default()
}

/// The policy a request names (a preset, a policy file's text, or the default when absent or
/// blank), without copying the default policy; the last few
/// policies resolved (presets or policy texts) are kept, so that calling the API once per file
/// with the same policy does not parse the policy (TOML) again for every file.
fn request_policy(spec: Option<&str>) -> Result<PolicyHandle, Vec<PolicyError>> {
    use std::sync::{Arc, Mutex, PoisonError};
    /// How many resolved policies are kept: a caller usually has one.
    const KEEP: usize = 4;
    static CACHE: Mutex<Vec<(String, Arc<Policy>)>> = Mutex::new(Vec::new());
    let spec = match spec {
        Some(s) if !s.trim().is_empty() => s,
        _ => return Ok(PolicyHandle::Default),
    };
    let lock = || CACHE.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((_, p)) = lock().iter().find(|(k, _)| k == spec) {
        return Ok(PolicyHandle::Shared(Arc::clone(p)));
    }
    let policy = Arc::new(Policy::from_spec(spec)?);
    let mut cache = lock();
    if cache.len() >= KEEP {
        cache.remove(0);
    }
    cache.push((spec.to_string(), Arc::clone(&policy)));
    Ok(PolicyHandle::Shared(policy))
}

/// A resolved request policy: the default one, or one shared with the cache.
enum PolicyHandle {
    Default,
    Shared(std::sync::Arc<Policy>),
}

impl std::ops::Deref for PolicyHandle {
    type Target = Policy;
    fn deref(&self) -> &Policy {
        match self {
            PolicyHandle::Default => crate::policy::default_policy(),
            PolicyHandle::Shared(p) => p,
        }
    }
}

/// Lints with the options and policy of a JS request.
pub fn lint_request(files: &[SourceFile], options: &ApiLintOptions) -> Result<Report, Vec<PolicyError>> {
    let policy = request_policy(options.policy.as_deref())?;
    Ok(lint_with(files, &options.lint, &policy))
}

/// The `lint` call of the WebAssembly module, JSON text in and out: `files` is the JSON of an
/// array of `{path, content, kind?}`, `options` the JSON of [`ApiLintOptions`] (`""` or
/// `null`: the defaults). Returns the report's JSON (what `JSON.parse` turns into the npm
/// `lint` result), or the message of the error the module throws. The same function runs
/// natively, which is what `seaworthy bench` measures as the API path.
pub fn lint_json(files: &str, options: &str) -> Result<String, String> {
    let files = files_from_json(files)?;
    let options: ApiLintOptions = options_from_json(options)?;
    let report = lint_request(&files, &options).map_err(|e| policy_error_message(&e))?;
    // Written by hand, byte for byte what `to_json(&report)` gives (see `report_json`).
    Ok(crate::report_json::report_to_json(&report))
}

/// The files of a JSON request: an array of `{path, content, kind?}` objects. Read by hand
/// ([`crate::request_json`]), with serde_json's messages, so that the WebAssembly module holds
/// no serde deserializer.
pub fn files_from_json(json: &str) -> Result<Vec<SourceFile>, String> {
    if !json.trim_start().starts_with('[') {
        return Err("invalid files: expected an array of {path, content} objects".into());
    }
    crate::request_json::read_files(json).map_err(|e| format!("invalid files: {e}"))
}

/// The options of a JSON request ([`ApiLintOptions`] or [`FixOptions`]); an empty string (JS
/// `undefined`) and `null` mean the defaults. Read by hand, as [`files_from_json`].
pub fn options_from_json<T: RequestOptions>(json: &str) -> Result<T, String> {
    match json.trim() {
        "" | "null" => Ok(T::default()),
        t if !t.starts_with('{') => Err("invalid options: expected an object".into()),
        _ => crate::request_json::read_options(json)
            .map(|w| {
                let (unsafe_fixes, policy, lint) = w.into_parts();
                T::from_parts(unsafe_fixes, policy, lint)
            })
            .map_err(|e| format!("invalid options: {e}")),
    }
}

/// The options types of API requests ([`ApiLintOptions`], [`FixOptions`]), for
/// [`options_from_json`]. Sealed: only those two.
pub trait RequestOptions: Default + sealed::Sealed {
    #[doc(hidden)]
    fn from_parts(unsafe_fixes: bool, policy: Option<String>, lint: LintOptions) -> Self;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::ApiLintOptions {}
    impl Sealed for super::FixOptions {}
}

impl RequestOptions for ApiLintOptions {
    fn from_parts(_: bool, policy: Option<String>, lint: LintOptions) -> Self {
        ApiLintOptions { policy, lint }
    }
}

impl RequestOptions for FixOptions {
    fn from_parts(unsafe_fixes: bool, policy: Option<String>, lint: LintOptions) -> Self {
        FixOptions { unsafe_fixes, policy, lint }
    }
}

/// A result as JSON text, written by serde_json as the CLI's JSON is.
pub fn to_json<T: Serialize>(v: &T) -> Result<String, String> {
    serde_json::to_string(v).map_err(|e| format!("cannot serialize the result: {e}"))
}

/// The message of a policy that does not parse: every error with its line and column.
pub fn policy_error_message(errors: &[PolicyError]) -> String {
    let mut msg = String::from("invalid policy:");
    for e in errors {
        msg.push_str(&format!("\n  {}:{}: {}", e.line, e.column, e.message));
        if let Some(h) = &e.help {
            msg.push_str(&format!(" ({h})"));
        }
    }
    msg
}

/// One file after fixing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FixedFile {
    pub path: String,
    /// The fixed text (the input itself when nothing applied).
    pub content: String,
    pub changed: bool,
    pub applied: Vec<AppliedFix>,
    pub skipped: Vec<SkippedFix>,
}

/// The result of fixing a set of files: the fixed files and the report of the fixed set.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FixResult {
    /// In the order of the input.
    pub files: Vec<FixedFile>,
    /// The report of the fixed files.
    pub report: Report,
}

/// `{"files":[…],"report":{…}}` as a derive would write it, but from the hand-written JSON of
/// [`crate::report_json`], passed to the serializer as one raw JSON value: the WebAssembly
/// module's `fix` (which serializes this with serde_json) then does not compile serde_json's
/// serializer for the report types in (several KB). With serde_json the output is byte for
/// byte the derive's compact JSON (`to_string`); pretty printers print it compact.
impl Serialize for FixResult {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let raw = serde_json::value::RawValue::from_string(crate::report_json::fix_result_to_json(self))
            .map_err(serde::ser::Error::custom)?;
        raw.serialize(s)
    }
}

/// Fixes every file (safe fixes, or all with `unsafe_fixes`) under the request's policy, then
/// reports on the result.
pub fn fix_files(files: &[SourceFile], options: &FixOptions) -> Result<FixResult, Vec<PolicyError>> {
    let policy = request_policy(options.policy.as_deref())?;
    let fixed: Vec<FixedFile> = files
        .iter()
        .map(|f| {
            if crate::context::is_ignore_file(&f.path) {
                // context input: never fixed (nor reported)
                return FixedFile {
                    path: f.path.clone(),
                    content: f.content.clone(),
                    changed: false,
                    applied: Vec::new(),
                    skipped: Vec::new(),
                };
            }
            let out = fix_source_with(&f.content, f.kind(), options.unsafe_fixes, &policy, &f.path);
            FixedFile {
                path: f.path.clone(),
                changed: out.output != f.content,
                content: out.output,
                applied: out.applied,
                skipped: out.skipped,
            }
        })
        .collect();
    let after: Vec<SourceFile> = fixed
        .iter()
        .zip(files)
        .map(|(f, src)| SourceFile { path: f.path.clone(), content: f.content.clone(), kind: src.kind })
        .collect();
    Ok(FixResult { report: lint_with(&after, &options.lint, &policy), files: fixed })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, content: &str) -> SourceFile {
        SourceFile { path: path.into(), content: content.into(), kind: None }
    }

    #[test]
    fn catalogue_lists_every_rule_with_docs() {
        let all = rule_catalogue();
        assert_eq!(all.len(), all_rules().len());
        assert!(all.iter().all(|r| !r.docs.is_empty() && r.url.ends_with(&format!("{}.md", r.meta.name))));
        let json = serde_json::to_value(&all[0]).unwrap();
        assert!(json.get("id").is_some() && json.get("has_fix").is_some(), "meta is flattened: {json}");
    }

    #[test]
    fn fix_files_applies_safe_fixes_and_reports_the_result() {
        let src = "FROM alpine:3.20\nRUN apk add curl\n";
        let res = fix_files(&[file("Dockerfile", src)], &FixOptions::default()).unwrap();
        let f = &res.files[0];
        assert!(f.changed, "apk add gets --no-cache");
        assert!(f.content.contains("--no-cache"), "{}", f.content);
        assert!(!f.applied.is_empty());
        let before = crate::lint(&[file("Dockerfile", src)], &LintOptions::default());
        assert!(res.report.summary.diagnostics < before.summary.diagnostics);
    }

    #[test]
    fn kind_hints_check_files_whose_name_does_not_tell() {
        use crate::report::FileKind;
        let df = "FROM alpine:3.20\nRUN apk add curl\n";
        let hinted = |path: &str, content: &str, kind| SourceFile { kind: Some(kind), ..file(path, content) };
        let files = [
            hinted("build/prod.txt", df, FileKind::Dockerfile),
            file("notes.txt", df),
            hinted("stack.yml", "services:\n  web:\n    image: nginx\n", FileKind::Compose),
            file("other/stack.yml", "services:\n  web:\n    image: nginx\n"),
        ];
        let r = lint_request(&files, &ApiLintOptions::default()).unwrap();
        let get = |p: &str| r.files.iter().find(|f| f.path == p).unwrap();
        assert_eq!(get("build/prod.txt").kind, Some(FileKind::Dockerfile));
        assert!(get("build/prod.txt").diagnostics.iter().any(|d| d.rule.id.starts_with("SWD")));
        assert_eq!(get("notes.txt").kind, None, "no hint and a name that says nothing: no kind");
        assert_eq!(get("stack.yml").kind, Some(FileKind::Compose));
        assert!(get("stack.yml").diagnostics.iter().any(|d| d.rule.id.starts_with("SWC")));
        assert!(!get("other/stack.yml").diagnostics.iter().any(|d| d.rule.id.starts_with("SWC")), "not compose");
        // A hint wins over the name, and the fixed set keeps it.
        let yaml_named = [hinted("compose.yaml", df, FileKind::Dockerfile)];
        let fixed = fix_files(&yaml_named, &FixOptions::default()).unwrap();
        assert!(fixed.files[0].content.contains("--no-cache"), "{}", fixed.files[0].content);
        assert_eq!(fixed.report.files[0].kind, Some(FileKind::Dockerfile));
        // The hint is read from JSON (`kind` is optional).
        let json: Vec<SourceFile> =
            serde_json::from_str(r#"[{"path":"x","content":"FROM a","kind":"dockerfile"},{"path":"y","content":""}]"#)
                .unwrap();
        assert_eq!(json[0].kind(), Some(FileKind::Dockerfile));
        assert_eq!(json[1].kind, None);
    }

    #[test]
    fn fix_files_leaves_clean_files_alone() {
        let src = "# a comment only\n";
        let res = fix_files(&[file("notes.txt", src)], &FixOptions::default()).unwrap();
        assert!(!res.files[0].changed);
        assert_eq!(res.files[0].content, src);
    }

    #[test]
    fn the_policy_of_a_request_selects_rules() {
        let src = "FROM alpine:3.20\nRUN apk add curl\n";
        let files = [file("Dockerfile", src)];
        let ids = |o: &ApiLintOptions| -> Vec<String> {
            let r = lint_request(&files, o).unwrap();
            r.files[0].diagnostics.iter().map(|d| d.rule.id.clone()).collect()
        };
        let default = ids(&ApiLintOptions::default());
        let minimal = ids(&ApiLintOptions { policy: Some("minimal".into()), ..Default::default() });
        assert!(minimal.len() < default.len(), "{minimal:?} vs {default:?}");
        let team = "extends = \"recommended@1\"\n[rules]\nSWD404 = \"off\"\n";
        let custom = ids(&ApiLintOptions { policy: Some(team.into()), ..Default::default() });
        assert!(default.iter().any(|i| i == "SWD404") && !custom.iter().any(|i| i == "SWD404"), "{custom:?}");
        let bad = lint_request(
            &files,
            &ApiLintOptions { policy: Some("[rules]\nSWD9999 = \"off\"\n".into()), ..Default::default() },
        );
        let errs = bad.unwrap_err();
        assert!(errs[0].line >= 1 && !errs[0].message.is_empty());
        assert!(validate_policy("strict@1").is_empty());
        assert!(!validate_policy("extendz = 1").is_empty());
    }

    #[test]
    fn compose_files_are_checked_and_scored_with_the_dockerfiles_they_build() {
        let compose = file("stack/compose.yaml", "services:\n  api:\n    build: ./api\n    image: example/api:1.0\n");
        let df = file("stack/api/Dockerfile", "FROM node\nRUN npm install\n");
        let together = crate::lint(&[df.clone(), compose.clone()], &LintOptions::default());
        let alone = crate::lint(std::slice::from_ref(&compose), &LintOptions::default());
        let c = together.files.iter().find(|f| f.path == compose.path).unwrap();
        assert!(c.score.deductions.iter().any(|d| d.rule.starts_with("SWD")), "{:?}", c.score.deductions);
        assert!(c.score.value < alone.files[0].score.value);
        assert!(c.score.after_safe_fixes.is_some());
        // A stack in another directory is another project: its Dockerfile does not count here.
        let other = file("other/compose.yaml", "services:\n  web:\n    image: nginx:1.27\n");
        let three = crate::lint(&[df, compose, other.clone()], &LintOptions::default());
        let o = three.files.iter().find(|f| f.path == other.path).unwrap();
        assert!(o.score.deductions.iter().all(|d| d.rule.starts_with("SWC")), "{:?}", o.score.deductions);
    }

    #[test]
    fn a_dockerignore_in_the_set_is_the_context_of_the_dockerfile_next_to_it() {
        let df = file("app/Dockerfile", "FROM alpine:3.20\nCOPY . /app\nCOPY notes.md /app/\n");
        let ignore = file("app/.dockerignore", "*.md\n");
        // the rules are in recommended@2 (the latest `recommended`, the default), not in recommended@1
        let opts = ApiLintOptions {
            policy: Some("recommended".into()),
            lint: LintOptions { context_files: vec!["app/.env".into(), "app/.git/".into()], ..Default::default() },
        };
        let r = lint_request(&[df.clone(), ignore.clone()], &opts).unwrap();
        assert_eq!(r.files.len(), 1, "the .dockerignore is context, not a checked file");
        let ids: Vec<&str> = r.files[0].diagnostics.iter().map(|d| d.rule.id.as_str()).collect();
        assert!(ids.contains(&"SWD031") && ids.contains(&"SWD505"), "{ids:?}");
        // without the context, neither rule can know
        let alone = lint_request(
            std::slice::from_ref(&df),
            &ApiLintOptions { policy: opts.policy.clone(), ..Default::default() },
        )
        .unwrap();
        assert!(alone.files[0].diagnostics.iter().all(|d| d.rule.id != "SWD031" && d.rule.id != "SWD505"));
        // fixing leaves the .dockerignore alone
        let fixed = fix_files(&[df, ignore.clone()], &FixOptions { policy: opts.policy.clone(), ..Default::default() })
            .unwrap();
        let kept = fixed.files.iter().find(|f| f.path == ignore.path).unwrap();
        assert!(!kept.changed && kept.content == ignore.content);
        let o: ApiLintOptions = serde_json::from_str(r#"{"contextFiles":["a/.env"]}"#).unwrap();
        assert_eq!(o.lint.context_files, ["a/.env"]);
    }

    #[test]
    fn lint_json_is_the_report_of_the_request_as_json_with_any_policy_cached_or_not() {
        let files = [file("Dockerfile", "FROM alpine:3.20\nRUN apk add curl\n")];
        let json = serde_json::to_string(&files).unwrap();
        let expect = |policy: Option<&str>| {
            let fresh = match policy {
                None => Policy::default(),
                Some(p) => Policy::from_spec(p).unwrap(),
            };
            serde_json::to_string(&lint_with(&files, &LintOptions::default(), &fresh)).unwrap()
        };
        assert_eq!(lint_json(&json, "").unwrap(), expect(None));
        assert_eq!(lint_json(&json, " null ").unwrap(), expect(None));
        let team = "extends = \"recommended@1\"\n[rules]\nSWD404 = \"off\"\n";
        // More policies than the cache keeps, each twice, then the first ones again.
        let specs = [team, "strict", "minimal", "recommended@1", "strict@1", "recommended", team, "minimal"];
        for spec in specs.iter().chain(specs.iter()) {
            let opts = serde_json::json!({ "policy": spec }).to_string();
            assert_eq!(lint_json(&json, &opts).unwrap(), expect(Some(spec)), "{spec}");
        }
        assert!(!lint_json(&json, &serde_json::json!({ "policy": team }).to_string()).unwrap().contains("SWD404"));
        // Errors are messages, and are not cached as policies.
        let bad = serde_json::json!({ "policy": "[rules]\nSWD9999 = \"off\"\n" }).to_string();
        for _ in 0..2 {
            assert!(lint_json(&json, &bad).unwrap_err().starts_with("invalid policy:\n  2:1: "));
        }
        assert!(lint_json("{}", "").unwrap_err().starts_with("invalid files: expected an array"));
        assert!(lint_json(&json, "[]").unwrap_err().starts_with("invalid options: expected an object"));
        assert!(lint_json("[{\"path\": 1}]", "").unwrap_err().starts_with("invalid files: "));
    }

    #[test]
    fn fix_options_accept_camel_case_and_flattened_lint_options() {
        let o: FixOptions =
            serde_json::from_str(r#"{"unsafeFixes":true,"positionEncoding":"utf16","scoreFixes":false}"#).unwrap();
        assert!(o.unsafe_fixes && !o.lint.score_fixes);
        assert_eq!(o.lint.position_encoding, crate::PositionEncoding::Utf16);
    }

    #[test]
    fn request_options_default_each_absent_field_and_ignore_unknown_ones() {
        let o: ApiLintOptions = serde_json::from_str("{}").unwrap();
        assert_eq!(o, ApiLintOptions::default());
        assert!(o.lint.score_fixes, "scoreFixes defaults to true");
        let o: FixOptions = serde_json::from_str(
            r#"{"other":1,"policy":"strict","weights":{"error":9,"warning":1,"info":1,"style":0,"cap":3}}"#,
        )
        .unwrap();
        assert_eq!(o.policy.as_deref(), Some("strict"));
        assert_eq!((o.lint.weights.error, o.lint.weights.cap), (9, 3));
        assert!(!o.unsafe_fixes && o.lint.score_fixes);
        // `unsafeFixes` means nothing to a lint request.
        let o: ApiLintOptions = serde_json::from_str(r#"{"unsafeFixes":true,"scoreFixes":false}"#).unwrap();
        assert!(!o.lint.score_fixes && o.policy.is_none());
        assert!(serde_json::from_str::<ApiLintOptions>(r#"{"scoreFixes":"yes"}"#).is_err());
    }
}

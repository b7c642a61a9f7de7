//! The shape of a policy file, for its JSON Schema (`docs/schema/policy.schema.json`, generated
//! by xtask). The parser (`parse.rs`) reads the same keys; a test keeps the two in step.

use super::{LabelType, Threshold};
use crate::diagnostic::{Category, Severity};
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;

/// A Seaworthy policy file (`.seaworthy.toml`) or preset.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PolicyFile {
    /// The preset this policy builds on: `recommended@1`, `strict@1`, `minimal@1` (a bare name
    /// means its latest version), or `none` for the built-in defaults. Default: `recommended`.
    pub extends: Option<String>,
    /// The policy's name, shown in reports.
    pub name: Option<String>,
    /// The preset version (presets only).
    pub version: Option<u32>,
    /// Free text.
    pub description: Option<String>,
    /// Presets: whether rules not listed are off (the version is frozen) or at their defaults.
    pub unlisted_rules: Option<UnlistedRules>,
    /// The lowest severity that fails a check (`none`: never). Default: `warning`.
    pub failure_threshold: Option<Threshold>,
    /// The lowest overall score (0-100) that passes a check.
    #[schemars(range(min = 0, max = 100))]
    pub min_score: Option<u32>,
    /// Rule levels by rule id or name: `off`, `on` (the rule's default severity), `error`,
    /// `warning`, `info`, `style`, or `true`/`false`.
    pub rules: Option<BTreeMap<String, RuleLevel>>,
    pub options: Option<OptionsFile>,
    pub score: Option<ScoreFile>,
    /// Rule levels for files whose path matches a glob; later entries win.
    pub overrides: Option<Vec<OverrideFile>>,
    /// Rules declared by the policy.
    pub custom_rules: Option<Vec<CustomRuleFile>>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnlistedRules {
    pub dockerfile: Option<UnlistedMode>,
    pub compose: Option<UnlistedMode>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum UnlistedMode {
    Off,
    Default,
}

#[derive(Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum RuleLevel {
    Flag(bool),
    Level(LevelName),
}

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LevelName {
    Off,
    On,
    Error,
    Warning,
    Info,
    Style,
}

/// A string or a list of strings.
#[derive(Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Strings {
    One(String),
    Many(Vec<String>),
}

/// Options of the rules.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OptionsFile {
    /// Registries base images may come from (wildcards: `*.gcr.io`). Enables `untrusted-registry`.
    pub trusted_registries: Option<Strings>,
    /// Base images allowed (wildcards; a pattern without a tag matches every tag). Enables `base-image-not-allowed`.
    pub allowed_base_images: Option<Strings>,
    /// Base images denied (wildcards). Enables `base-image-not-allowed`.
    pub denied_base_images: Option<Strings>,
    /// Labels the final image must carry, and the type of their values. Enables the label rules.
    pub required_labels: Option<BTreeMap<String, LabelType>>,
    /// Report labels not in `required-labels` (`unexpected-label`).
    pub strict_labels: Option<bool>,
    /// Options of the compose rules.
    pub compose: Option<ComposeOptionsFile>,
}

/// Options of the compose rules (`[options.compose]`).
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ComposeOptionsFile {
    /// Registries service images may come from (wildcards: `*.gcr.io`). Enables `image-not-allowed`.
    pub trusted_registries: Option<Strings>,
    /// Service images allowed (wildcards; a pattern without a tag matches every tag). Enables `image-not-allowed`.
    pub allowed_images: Option<Strings>,
    /// Service images denied (wildcards). Enables `image-not-allowed`.
    pub denied_images: Option<Strings>,
    /// The `restart` values services may use (wildcards); `missing-restart-policy` reports others.
    pub restart_policies: Option<Strings>,
    /// The largest log `max-size` (`10m`); `missing-log-rotation` reports larger ones.
    pub max_log_size: Option<String>,
    /// The largest log `max-file` count; `missing-log-rotation` reports larger ones.
    #[schemars(range(min = 0, max = 1_000_000))]
    pub max_log_files: Option<u32>,
    /// Labels every service must carry. Enables `missing-service-label`.
    pub required_labels: Option<Strings>,
    /// Host IPs ports may be published on (wildcards; `0.0.0.0` allows every interface);
    /// `port-bound-to-all-interfaces` reports others.
    pub allowed_host_ips: Option<Strings>,
}

/// Score weights: points per finding by severity, per-rule cap, category factors.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoreFile {
    pub error: Option<u32>,
    pub warning: Option<u32>,
    pub info: Option<u32>,
    pub style: Option<u32>,
    /// A rule deducts at most `cap` × its severity weight.
    pub cap: Option<u32>,
    /// Per category, a percentage applied to its deductions (100 = as is).
    pub categories: Option<BTreeMap<Category, u32>>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OverrideFile {
    /// Path globs: `*` within a directory, `**` across; no `/` matches the file name anywhere.
    pub paths: Strings,
    pub rules: Option<BTreeMap<String, RuleLevel>>,
}

/// A custom rule.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomRuleFile {
    /// Its id, e.g. `ACME001` (letters, digits, `-`, `_`; not `SWD…`).
    pub id: String,
    /// Kebab-case name (default: the id in lower case).
    pub name: Option<String>,
    pub kind: CustomKind,
    /// The finding's message.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// Default: warning.
    pub severity: Option<Severity>,
    /// Default: maintainability.
    pub category: Option<Category>,
    /// Where the team documents the rule.
    pub url: Option<String>,
    /// Longer documentation (Markdown).
    pub description: Option<String>,
    /// require-label, forbid-label (wildcards for forbid-label).
    pub label: Option<String>,
    /// allow-base-images, deny-base-images.
    pub patterns: Option<Strings>,
    /// forbid-instruction; optional filter of forbid-flag.
    pub instruction: Option<String>,
    /// forbid-flag: `--name` or `--name=value` (value wildcards).
    pub flag: Option<String>,
    /// forbid-run-command: wildcard pattern matched anywhere in a RUN command.
    pub pattern: Option<String>,
    /// Compose kinds: the service key as a dotted path.
    pub key: Option<String>,
    /// require-compose-value, forbid-compose-value: wildcard pattern of the value.
    pub value: Option<String>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CustomKind {
    RequireLabel,
    ForbidLabel,
    AllowBaseImages,
    DenyBaseImages,
    ForbidInstruction,
    ForbidFlag,
    ForbidRunCommand,
    RequireComposeKey,
    ForbidComposeKey,
    RequireComposeValue,
    ForbidComposeValue,
}

/// The policy file's JSON Schema, pretty-printed with a final newline.
pub fn policy_schema_json() -> String {
    let schema = schemars::schema_for!(PolicyFile);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

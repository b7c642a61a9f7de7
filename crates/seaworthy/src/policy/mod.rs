//! Policies: which rules run, at which severity, with which options, how the score is weighed
//! and when a check fails. A policy is a small TOML file (`.seaworthy.toml`) that `extends` a
//! versioned preset embedded at build time (`recommended@1`, `strict@1`, `minimal@1`), so the
//! CLI, Node and the browser reach the same verdict with no file access.
//!
//! A pinned preset version never changes: rules added to Seaworthy later are not in it (the
//! preset's `unlisted-rules` setting turns them off), so upgrading Seaworthy does not change
//! the verdict of a team that pinned `recommended@1`. See `docs/policy.md`.

pub mod custom;
pub mod glob;
pub mod hadolint;
mod parse;
#[cfg(feature = "schema")]
pub mod schema;
mod show;

use crate::diagnostic::{Category, Severity};
use crate::rules::{all_rules, RuleMeta, Target};
use crate::score::Weights;
use crate::span::Span;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use custom::{CustomCheck, CustomRule};

/// The presets embedded in the core: name, version, TOML text. The last version of a name is
/// what the bare name (`recommended`) means.
pub const PRESETS: &[(&str, u32, &str)] = &[
    ("recommended", 1, include_str!("../../../../policies/v1/recommended.toml")),
    ("recommended", 2, include_str!("../../../../policies/recommended.toml")),
    ("strict", 1, include_str!("../../../../policies/v1/strict.toml")),
    ("strict", 2, include_str!("../../../../policies/strict.toml")),
    ("minimal", 1, include_str!("../../../../policies/minimal.toml")),
];

/// The largest policy text accepted (bytes).
pub const MAX_POLICY_BYTES: usize = 1 << 20;

/// A rule's level in a policy: off, or on at a severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Style,
    Info,
    Warning,
    Error,
}

impl Level {
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Style => Some(Severity::Style),
            Level::Info => Some(Severity::Info),
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }
    pub fn of(s: Severity) -> Level {
        match s {
            Severity::Style => Level::Style,
            Severity::Info => Level::Info,
            Severity::Warning => Level::Warning,
            Severity::Error => Level::Error,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Off => "off",
            Level::Style => "style",
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

/// The lowest severity that fails a check (`none`: findings never fail it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Threshold {
    Error,
    Warning,
    Info,
    Style,
    None,
}

impl Threshold {
    /// Whether a finding of severity `s` fails the check.
    pub fn fails(self, s: Severity) -> bool {
        match self {
            Threshold::Error => s >= Severity::Error,
            Threshold::Warning => s >= Severity::Warning,
            Threshold::Info => s >= Severity::Info,
            Threshold::Style => true,
            Threshold::None => false,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Threshold::Error => "error",
            Threshold::Warning => "warning",
            Threshold::Info => "info",
            Threshold::Style => "style",
            Threshold::None => "none",
        }
    }
    pub fn parse(s: &str) -> Option<Threshold> {
        [Threshold::Error, Threshold::Warning, Threshold::Info, Threshold::Style, Threshold::None]
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s) || (s.eq_ignore_ascii_case("ignore") && *t == Threshold::None))
    }
}

/// The type a required label's value must have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum LabelType {
    /// Any non-empty text.
    Text,
    /// An absolute URL (`scheme://host...`).
    Url,
    /// A semantic version (semver 2.0).
    Semver,
    /// A full git commit hash (40 or 64 hexadecimal digits).
    Hash,
    /// An RFC 3339 date-time.
    Rfc3339,
    /// An SPDX license expression.
    Spdx,
    /// An e-mail address.
    Email,
}

impl LabelType {
    pub const ALL: [LabelType; 7] = [
        LabelType::Text,
        LabelType::Url,
        LabelType::Semver,
        LabelType::Hash,
        LabelType::Rfc3339,
        LabelType::Spdx,
        LabelType::Email,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            LabelType::Text => "text",
            LabelType::Url => "url",
            LabelType::Semver => "semver",
            LabelType::Hash => "hash",
            LabelType::Rfc3339 => "rfc3339",
            LabelType::Spdx => "spdx",
            LabelType::Email => "email",
        }
    }
    pub fn parse(s: &str) -> Option<LabelType> {
        LabelType::ALL.into_iter().find(|t| t.as_str().eq_ignore_ascii_case(s))
    }
}

/// Options rules read from the policy (`[options]`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, rename_all = "kebab-case")]
pub struct RuleOptions {
    /// Registries base images may come from (wildcards: `*.gcr.io`); images without a registry
    /// come from `docker.io`. Enables `untrusted-registry` when set.
    pub trusted_registries: Vec<String>,
    /// Base images allowed (wildcard patterns); an image matching none is reported.
    pub allowed_base_images: Vec<String>,
    /// Base images denied (wildcard patterns).
    pub denied_base_images: Vec<String>,
    /// Labels the final image must carry, with the type of their value. Enables the label rules.
    pub required_labels: BTreeMap<String, LabelType>,
    /// Report labels that are not in `required-labels`.
    pub strict_labels: bool,
    /// Options of the compose rules (`[options.compose]`).
    pub compose: ComposeOptions,
}

/// Options of the compose rules (`[options.compose]`). Each one, when set, turns on or
/// sharpens the rules listed with it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, rename_all = "kebab-case")]
pub struct ComposeOptions {
    /// Registries service images may come from (wildcards: `*.gcr.io`); images without a
    /// registry come from `docker.io`. Enables `image-not-allowed`.
    pub trusted_registries: Vec<String>,
    /// Service images allowed (wildcards; a pattern without a tag matches every tag). Enables
    /// `image-not-allowed`.
    pub allowed_images: Vec<String>,
    /// Service images denied (wildcards). Enables `image-not-allowed`.
    pub denied_images: Vec<String>,
    /// The `restart` values services may use (`unless-stopped`, `on-failure:3`; wildcards);
    /// `missing-restart-policy` reports others.
    pub restart_policies: Vec<String>,
    /// The largest `max-size` a `json-file`/`local` log may have (`10m`, `1g`);
    /// `missing-log-rotation` reports larger ones.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_log_size: Option<String>,
    /// The largest `max-file` count; `missing-log-rotation` reports larger ones.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_log_files: Option<u32>,
    /// Labels every service must carry (keys). Enables `missing-service-label`.
    pub required_labels: Vec<String>,
    /// Host IPs ports may be published on (`127.0.0.1`, `10.0.*`; `0.0.0.0` allows every
    /// interface); `port-bound-to-all-interfaces` reports ports on any other address.
    pub allowed_host_ips: Vec<String>,
}

impl ComposeOptions {
    /// No options (a constant).
    pub const EMPTY: ComposeOptions = ComposeOptions {
        trusted_registries: Vec::new(),
        allowed_images: Vec::new(),
        denied_images: Vec::new(),
        restart_policies: Vec::new(),
        max_log_size: None,
        max_log_files: None,
        required_labels: Vec::new(),
        allowed_host_ips: Vec::new(),
    };
    /// Whether `image-not-allowed` has something to check.
    pub fn images_configured(&self) -> bool {
        !self.trusted_registries.is_empty() || !self.allowed_images.is_empty() || !self.denied_images.is_empty()
    }
}

/// Compose options with no policy.
pub static NO_COMPOSE_OPTIONS: ComposeOptions = ComposeOptions::EMPTY;

impl RuleOptions {
    /// No options (a constant, so rules can borrow it without a policy).
    pub const EMPTY: RuleOptions = RuleOptions {
        trusted_registries: Vec::new(),
        allowed_base_images: Vec::new(),
        denied_base_images: Vec::new(),
        required_labels: BTreeMap::new(),
        strict_labels: false,
        compose: ComposeOptions::EMPTY,
    };
    /// Whether the label-schema rules have something to check.
    pub fn labels_configured(&self) -> bool {
        !self.required_labels.is_empty() || self.strict_labels
    }
}

/// Options with no policy (what `DockerfileCtx::new` borrows).
pub static NO_OPTIONS: RuleOptions = RuleOptions::EMPTY;

/// Score settings (`[score]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, rename_all = "kebab-case")]
pub struct ScoreSettings {
    /// Points per finding by severity, and the per-rule cap.
    #[serde(flatten)]
    pub weights: Weights,
    /// Per category, a percentage applied to the points its rules deduct (100 = as is).
    pub categories: BTreeMap<Category, u32>,
}

impl Default for ScoreSettings {
    fn default() -> Self {
        // Inserted one by one: `collect` into a `BTreeMap` sorts, which would compile one more
        // copy of the standard library's sort into the wasm module.
        let mut categories = BTreeMap::new();
        for c in Category::ALL {
            categories.insert(c, 100);
        }
        ScoreSettings { weights: Weights::default(), categories }
    }
}

impl ScoreSettings {
    /// The factor (percent) of a category.
    pub fn factor(&self, c: Category) -> u32 {
        self.categories.get(&c).copied().unwrap_or(100)
    }
}

/// A rule's effective state and where it comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RuleState {
    pub level: Level,
    /// What set it: `default`, `recommended@1`, `policy`, `options.trusted-registries`, ...
    pub source: String,
    /// Set by a preset or policy file (not a default), so options do not turn it on or off.
    #[serde(default, skip_serializing)]
    pub explicit: bool,
}

/// Settings for files whose path matches a glob (`[[overrides]]`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PathOverride {
    /// Path globs (`*` within a directory, `**` across directories; a pattern without `/`
    /// matches the file name anywhere).
    pub paths: Vec<String>,
    /// Rule levels by rule id.
    pub rules: BTreeMap<String, Level>,
}

/// An error in a policy file, with its position (1-based line and column, in characters).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PolicyError {
    pub message: String,
    pub line: u32,
    pub column: u32,
    /// Byte range in the policy text.
    pub span: Span,
    /// A suggestion, e.g. `did you mean `trusted-registries`?`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl PolicyError {
    pub fn at(text: &str, span: Span, message: impl Into<String>, help: Option<String>) -> PolicyError {
        let start = span.start.min(text.len());
        let mut start_c = start;
        while start_c > 0 && !text.is_char_boundary(start_c) {
            start_c -= 1;
        }
        let before = &text[..start_c];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |p| p + 1);
        let column = before[line_start..].chars().count() + 1;
        PolicyError {
            message: message.into(),
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
            span: Span::new(start_c, span.end.clamp(start_c, text.len())),
            help,
        }
    }
}

impl std::fmt::Display for PolicyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)?;
        if let Some(h) = &self.help {
            write!(f, " ({h})")?;
        }
        Ok(())
    }
}

/// The effective policy: every rule's level, the options, the score settings and the verdict
/// settings. Build one with [`Policy::preset`], [`Policy::parse`] or [`Policy::from_spec`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub struct Policy {
    /// `recommended`, `strict`, `minimal`, or the `name` a policy file gives (else `custom`).
    pub name: String,
    /// The preset version (presets only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
    /// The preset the policy extends, as resolved (`recommended@1`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extends: Option<String>,
    /// Every rule (built-in and custom) by id.
    pub rules: BTreeMap<String, RuleState>,
    pub options: RuleOptions,
    pub score: ScoreSettings,
    pub failure_threshold: Threshold,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_score: Option<u32>,
    pub overrides: Vec<PathOverride>,
    pub custom_rules: Vec<CustomRule>,
}

impl Default for Policy {
    /// The embedded latest `recommended` (`recommended@2`).
    fn default() -> Self {
        default_policy().clone()
    }
}

/// The default policy: the latest `recommended` (`recommended@2`), parsed once. Teams that want
/// a verdict that never changes when Seaworthy is upgraded pin a version (`extends =
/// "recommended@2"`).
pub fn default_policy() -> &'static Policy {
    static DEFAULT: std::sync::OnceLock<Policy> = std::sync::OnceLock::new();
    DEFAULT.get_or_init(|| Policy::preset("recommended").unwrap_or_else(Policy::builtin_defaults))
}

impl Policy {
    /// Every rule at its built-in default (`default_on`, metadata severity), default options,
    /// score and threshold (`warning`). The root every preset starts from.
    pub fn builtin_defaults() -> Policy {
        // Inserted one by one, not collected: see `ScoreSettings::default`.
        let mut rules = BTreeMap::new();
        for m in all_rules() {
            let level = if m.default_on { Level::of(m.severity) } else { Level::Off };
            rules.insert(m.id.to_string(), RuleState { level, source: "default".into(), explicit: false });
        }
        Policy {
            name: "default".into(),
            version: None,
            extends: None,
            rules,
            options: RuleOptions::default(),
            score: ScoreSettings::default(),
            failure_threshold: Threshold::Warning,
            min_score: None,
            overrides: Vec::new(),
            custom_rules: Vec::new(),
        }
    }

    /// A preset by name: `recommended`, `recommended@1`, `strict`, `strict@1`, `minimal`, ...
    /// A bare name means the latest version.
    pub fn preset(name: &str) -> Option<Policy> {
        let (text, _, _) = preset_text(name)?;
        parse::resolve(text, true, 0).ok()
    }

    /// The names of the embedded presets, with and without version (`recommended`, `recommended@1`, ...).
    pub fn preset_names() -> Vec<String> {
        let mut v = Vec::new();
        for (n, ver, _) in PRESETS {
            if !v.contains(&n.to_string()) {
                v.push(n.to_string());
            }
            v.push(format!("{n}@{ver}"));
        }
        v
    }

    /// Parses a policy file (`.seaworthy.toml`). Every error found is returned, each with its
    /// line and column; an unknown key or rule id is an error.
    pub fn parse(toml_text: &str) -> Result<Policy, Vec<PolicyError>> {
        parse::resolve(toml_text, false, 0)
    }

    /// A preset name if `spec` is one, else a policy file's text.
    pub fn from_spec(spec: &str) -> Result<Policy, Vec<PolicyError>> {
        let trimmed = spec.trim();
        if let Some(p) = Policy::preset(trimmed) {
            return Ok(p);
        }
        let looks_like_name = !trimmed.is_empty()
            && trimmed.len() < 64
            && trimmed.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '@' | '-' | '_' | '.'));
        if looks_like_name && !trimmed.contains('=') {
            let help = suggest(trimmed, Policy::preset_names().iter().map(String::as_str))
                .map(|s| format!("did you mean `{s}`?"))
                .or_else(|| Some(format!("presets: {}", Policy::preset_names().join(", "))));
            return Err(vec![PolicyError::at(
                spec,
                Span::new(0, spec.len()),
                format!("unknown preset `{trimmed}`"),
                help,
            )]);
        }
        Policy::parse(spec)
    }

    /// The policy as `name@version` (or the name alone).
    pub fn label(&self) -> String {
        match self.version {
            Some(v) => format!("{}@{v}", self.name),
            None => self.name.clone(),
        }
    }

    /// The effective level of every enabled rule for a file at `path` (overrides applied).
    /// To lint several files or passes with one policy, [`PathLevels`] computes them once.
    pub fn levels_for(&self, path: &str) -> Levels<'_> {
        let mut levels = self.base_levels();
        for o in self.overrides_of(path) {
            for (id, level) in &o.rules {
                levels.set(id.as_str(), level.severity());
            }
        }
        levels
    }

    /// The levels before any per-path override.
    fn base_levels(&self) -> Levels<'_> {
        // A sorted vector, not a hash map: lookups are binary searches or one merge pass over
        // the rule registry (see `Levels::select`).
        let mut out: Vec<(&str, Severity)> =
            self.rules.iter().filter_map(|(id, st)| st.level.severity().map(|s| (id.as_str(), s))).collect();
        if !out.is_sorted_by(|a, b| a.0 < b.0) {
            crate::sort::sort_by(&mut out, |a, b| a.0.cmp(b.0));
        }
        Levels(out, Memo::default())
    }

    /// The per-path overrides whose globs match `path`.
    fn overrides_of<'s, 'p>(&'s self, path: &'p str) -> impl Iterator<Item = &'s PathOverride> + use<'s, 'p> {
        self.overrides.iter().filter(move |o| o.paths.iter().any(|g| glob::path_glob(g, path)))
    }

    /// Applies the policy's levels to findings of a file at `path`, whatever the rules'
    /// target: findings of rules it turns off are dropped, the others take its severity.
    /// (What the Dockerfile pipeline does after suppressions; for other checkers too.)
    pub fn apply_levels(&self, diags: &mut Vec<crate::Diagnostic>, path: &str) {
        let levels = self.levels_for(path);
        retain_levels(diags, &levels);
    }

    /// The custom rules enabled for a file at `path`: the Dockerfile ones (`compose` false)
    /// or the compose ones.
    pub fn custom_rules_for(&self, path: &str, compose: bool) -> Vec<&CustomRule> {
        // Most policies have none: skip building the levels (a map of every rule) per file.
        if self.custom_rules.is_empty() {
            return Vec::new();
        }
        self.custom_rules_with(&self.levels_for(path), compose)
    }

    /// [`Policy::custom_rules_for`] with the levels already computed.
    pub fn custom_rules_with(&self, levels: &Levels<'_>, compose: bool) -> Vec<&CustomRule> {
        self.custom_rules
            .iter()
            .filter(|r| r.check.is_compose() == compose && levels.contains_key(r.id.as_str()))
            .collect()
    }

    /// The level of one rule for a file at `path`.
    pub fn level(&self, id: &str, path: &str) -> Level {
        self.levels_for(path).get(id).map_or(Level::Off, |s| Level::of(*s))
    }

    /// The custom rule with this id or name.
    pub fn custom_rule(&self, key: &str) -> Option<&CustomRule> {
        self.custom_rules.iter().find(|r| r.id.eq_ignore_ascii_case(key) || r.name.eq_ignore_ascii_case(key))
    }

    /// The policy as a policy file (TOML) that resolves to the same rules and settings: what
    /// `seaworthy policy show` prints.
    pub fn to_toml(&self) -> String {
        show::to_toml(self)
    }
}

/// The enabled rules of a policy for one path, with their severities: rule id → severity,
/// sorted by id (see [`Policy::levels_for`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Levels<'a>(Vec<(&'a str, Severity)>, Memo<Vec<&'static crate::rules::DockerfileRule>>);

/// A value computed from the levels on first use (for levels kept across lints, such as the
/// default policy's): not part of what the levels are, so equality ignores it.
struct Memo<T>(std::sync::OnceLock<T>);

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Memo(std::sync::OnceLock::new())
    }
}

impl<T> Clone for Memo<T> {
    fn clone(&self) -> Self {
        Memo::default()
    }
}

impl<T> PartialEq for Memo<T> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl<T> Eq for Memo<T> {}

impl<T> std::fmt::Debug for Memo<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Memo")
    }
}

impl<'a> Levels<'a> {
    /// The severity of an enabled rule.
    pub fn get(&self, id: &str) -> Option<&Severity> {
        self.0.binary_search_by(|(k, _)| (*k).cmp(id)).ok().and_then(|i| self.0.get(i)).map(|(_, s)| s)
    }

    pub fn contains_key(&self, id: &str) -> bool {
        self.get(id).is_some()
    }

    /// The items whose id (`id(item)`) is enabled, in their order. A run of items sorted by
    /// id is matched in one merge pass; an item out of order costs a search.
    pub fn select<'r, T: ?Sized>(&self, items: &'r [&'r T], id: impl Fn(&T) -> &str) -> Vec<&'r T> {
        let mut out = Vec::with_capacity(items.len());
        let mut next = 0; // first level whose id is not below the previous item's
        let mut prev = "";
        for &item in items {
            let key = id(item);
            if key < prev {
                // out of order: search
                if self.contains_key(key) {
                    out.push(item);
                }
                continue;
            }
            while self.0.get(next).is_some_and(|(k, _)| *k < key) {
                next += 1;
            }
            if self.0.get(next).is_some_and(|(k, _)| *k == key) {
                out.push(item);
            }
            prev = key;
        }
        out
    }

    /// The ids of the enabled rules, sorted.
    pub fn keys(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.0.iter().map(|(k, _)| *k)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The enabled Dockerfile rules, in registry order (selected once per `Levels`).
    pub fn dockerfile_rules(&self) -> &[&'static crate::rules::DockerfileRule] {
        self.1 .0.get_or_init(|| self.select(crate::rules::dockerfile_rules(), |r| r.meta.id))
    }

    /// Turns a rule on at a severity, or off (`None`).
    fn set(&mut self, id: &'a str, severity: Option<Severity>) {
        self.1 = Memo::default();
        match (self.0.binary_search_by(|(k, _)| (*k).cmp(id)), severity) {
            (Ok(i), Some(s)) => {
                if let Some(slot) = self.0.get_mut(i) {
                    slot.1 = s;
                }
            }
            (Ok(i), None) => {
                self.0.remove(i);
            }
            (Err(i), Some(s)) => self.0.insert(i, (id, s)),
            (Err(_), None) => {}
        }
    }
}

/// The levels of one policy for any number of files and lint passes, computed once: every
/// path that no per-path override matches shares the policy's base levels, and those of the
/// default policy are computed once per process. (Levels are a list of every enabled rule:
/// building it for each lint was a fifth of the time of the JS API on small files.)
pub struct PathLevels<'a> {
    policy: &'a Policy,
    base: std::sync::OnceLock<Levels<'a>>,
}

impl<'a> PathLevels<'a> {
    pub fn new(policy: &'a Policy) -> Self {
        PathLevels { policy, base: std::sync::OnceLock::new() }
    }

    /// The policy.
    pub fn policy(&self) -> &'a Policy {
        self.policy
    }

    /// The policy's levels for a file at `path` (see [`Policy::levels_for`]).
    pub fn for_path(&self, path: &str) -> std::borrow::Cow<'_, Levels<'a>> {
        if self.policy.overrides_of(path).next().is_some() {
            return std::borrow::Cow::Owned(self.policy.levels_for(path));
        }
        if std::ptr::eq(self.policy, default_policy()) {
            static DEFAULT: std::sync::OnceLock<Levels<'static>> = std::sync::OnceLock::new();
            return std::borrow::Cow::Borrowed(DEFAULT.get_or_init(|| default_policy().base_levels()));
        }
        std::borrow::Cow::Borrowed(self.base.get_or_init(|| self.policy.base_levels()))
    }
}

/// Keeps the findings of enabled rules (`levels`: rule id → severity) and gives them that severity.
pub(crate) fn retain_levels(diags: &mut Vec<crate::Diagnostic>, levels: &Levels<'_>) {
    diags.retain_mut(|d| match levels.get(d.rule_id.as_ref()) {
        Some(s) => {
            d.severity = *s;
            true
        }
        None => false,
    });
}

/// The text of a preset, with its name and version.
pub fn preset_text(name: &str) -> Option<(&'static str, &'static str, u32)> {
    let name = name.trim();
    let (base, version) = match name.split_once('@') {
        Some((b, v)) => (b, Some(v.parse::<u32>().ok()?)),
        None => (name, None),
    };
    PRESETS
        .iter()
        .filter(|(n, v, _)| n.eq_ignore_ascii_case(base) && version.is_none_or(|x| x == *v))
        .max_by_key(|(_, v, _)| *v)
        .map(|(n, v, t)| (*t, *n, *v))
}

/// Finds a built-in rule by id or name (case-insensitive), in O(log n).
pub(crate) fn builtin(key: &str) -> Option<&'static RuleMeta> {
    static INDEX: std::sync::OnceLock<KeyIndex<&'static RuleMeta>> = std::sync::OnceLock::new();
    let index = INDEX.get_or_init(|| {
        let mut m = Vec::new();
        for r in all_rules() {
            m.push((r.id.to_ascii_lowercase(), r));
            m.push((r.name.to_ascii_lowercase(), r));
        }
        KeyIndex::new(m)
    });
    if key.len() > 64 {
        return None;
    }
    index.get(&key.to_ascii_lowercase()).copied()
}

/// A lookup table from string keys to values, built once: sorted, then searched by binary
/// search. When a key is given twice the last value wins, as when inserting into a map. A
/// sorted list instead of a `HashMap` (and the shared sort): one hash table type fewer in the
/// wasm module.
pub(crate) struct KeyIndex<V>(Vec<(String, V)>);

impl<V> KeyIndex<V> {
    pub(crate) fn new(mut entries: Vec<(String, V)>) -> Self {
        // Stable: equal keys keep their order, so the last one given is the last of its run.
        crate::sort::sort_by(&mut entries, |a, b| a.0.cmp(&b.0));
        KeyIndex(entries)
    }
    pub(crate) fn get(&self, key: &str) -> Option<&V> {
        let end = self.0.partition_point(|(k, _)| k.as_str() <= key);
        match end.checked_sub(1).and_then(|i| self.0.get(i)) {
            Some((k, v)) if k == key => Some(v),
            _ => None,
        }
    }
}

/// The closest candidate to `key` (Jaro-Winkler ≥ 0.8), for "did you mean".
pub fn suggest<'a>(key: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let key = key.to_ascii_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let s = strsim::jaro_winkler(&key, &c.to_ascii_lowercase());
        if best.is_none_or(|(b, _)| s > b) {
            best = Some((s, c));
        }
    }
    best.filter(|(s, _)| *s >= 0.8).map(|(_, c)| c.to_string())
}

/// Rules whose options turn them on when the policy does not set them: id → (option, enabled?).
pub(crate) fn option_enabled(meta: &RuleMeta, o: &RuleOptions) -> Option<(&'static str, bool)> {
    use crate::rules::dockerfile as d;
    let id = meta.id;
    if id == d::untrusted_registry::RULE.meta.id {
        return Some(("options.trusted-registries", !o.trusted_registries.is_empty()));
    }
    if id == d::base_image_not_allowed::RULE.meta.id {
        return Some((
            "options.allowed-base-images",
            !o.allowed_base_images.is_empty() || !o.denied_base_images.is_empty(),
        ));
    }
    if id == d::unexpected_label::RULE.meta.id {
        return Some(("options.strict-labels", o.strict_labels));
    }
    if d::labels::LABEL_RULES.contains(&id) {
        return Some(("options.required-labels", !o.required_labels.is_empty()));
    }
    use crate::rules::compose as c;
    if id == c::image_not_allowed::RULE.meta.id {
        return Some(("options.compose.allowed-images", o.compose.images_configured()));
    }
    if id == c::missing_service_label::RULE.meta.id {
        return Some(("options.compose.required-labels", !o.compose.required_labels.is_empty()));
    }
    None
}

/// Whether a target's rules not listed by a preset are off (frozen) or at their defaults.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unlisted {
    Off,
    Default,
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod levels_tests {
    use super::*;

    #[test]
    fn select_matches_a_search_per_item_in_any_order() {
        let policy = Policy::preset("minimal").unwrap();
        let levels = policy.levels_for("Dockerfile");
        let rules: Vec<&RuleMeta> = all_rules();
        let searched: Vec<&str> = rules.iter().filter(|m| levels.contains_key(m.id)).map(|m| m.id).collect();
        let selected: Vec<&str> = levels.select(&rules, |m| m.id).iter().map(|m| m.id).collect();
        assert_eq!(selected, searched);
        assert!(!selected.is_empty() && selected.len() < rules.len(), "minimal turns some rules off");
        // Out of order (reversed, and a registry order that is not sorted): the same set.
        let reversed: Vec<&RuleMeta> = rules.iter().rev().copied().collect();
        let mut from_reversed: Vec<&str> = levels.select(&reversed, |m| m.id).iter().map(|m| m.id).collect();
        from_reversed.reverse();
        assert_eq!(from_reversed, searched);
        let df: Vec<&str> = crate::rules::dockerfile_rules().iter().map(|r| r.meta.id).collect();
        let chosen: Vec<&str> =
            levels.select(crate::rules::dockerfile_rules(), |r| r.meta.id).iter().map(|r| r.meta.id).collect();
        assert_eq!(chosen, df.into_iter().filter(|id| levels.contains_key(id)).collect::<Vec<_>>());
        let memo: Vec<&str> = levels.dockerfile_rules().iter().map(|r| r.meta.id).collect();
        assert_eq!(memo, chosen);
        assert_eq!(levels.dockerfile_rules().len(), chosen.len(), "the second call gives the same");
    }

    #[test]
    fn path_levels_are_the_levels_of_each_path() {
        let text = "extends = \"recommended@2\"\n[rules]\nSWD404 = \"off\"\n\n[[overrides]]\npaths = [\"legacy/**\"]\n[overrides.rules]\nSWD401 = \"off\"\nSWD404 = \"error\"\n";
        let custom = Policy::parse(text).unwrap();
        for policy in [default_policy(), &custom] {
            let cache = PathLevels::new(policy);
            for path in ["Dockerfile", "legacy/a/Dockerfile", "app/Dockerfile", "legacy/b/Dockerfile", ""] {
                assert_eq!(*cache.for_path(path), policy.levels_for(path), "{} {path}", policy.name);
            }
        }
        let cache = PathLevels::new(&custom);
        assert!(cache.for_path("legacy/a/Dockerfile").contains_key("SWD404"));
        assert!(!cache.for_path("legacy/a/Dockerfile").contains_key("SWD401"));
        assert!(!cache.for_path("app/Dockerfile").contains_key("SWD404"));
    }
}

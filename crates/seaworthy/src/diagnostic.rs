//! The finding model shared by every surface: diagnostics, labels, fixes and edits.

use crate::span::Span;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// How bad a finding is. Ordered from least to most severe, so `>=` means "at least as bad".
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Cosmetic or consistency issue.
    Style,
    /// Worth knowing; rarely blocks production.
    Info,
    /// Likely to cause trouble in production.
    Warning,
    /// Breaks the build, the image, or its security.
    Error,
}

impl Severity {
    pub const ALL: [Severity; 4] = [Severity::Error, Severity::Warning, Severity::Info, Severity::Style];
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Style => "style",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
    pub fn parse(s: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|v| v.as_str().eq_ignore_ascii_case(s))
    }
}

/// What a finding is about; the score has one bar per category.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Security,
    Reliability,
    Efficiency,
    Maintainability,
}

impl Category {
    pub const ALL: [Category; 4] =
        [Category::Security, Category::Reliability, Category::Efficiency, Category::Maintainability];
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Security => "security",
            Category::Reliability => "reliability",
            Category::Efficiency => "efficiency",
            Category::Maintainability => "maintainability",
        }
    }
}

/// Whether a fix may be applied automatically.
/// Ordered `DisplayOnly < Unsafe < Safe`, so "may I apply this?" is one comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Shown as a suggestion only; never applied by `fix`.
    DisplayOnly,
    /// Applied only with `--unsafe`: it may change what the image does.
    Unsafe,
    /// Never changes what the image does; applied by default.
    Safe,
}

/// One text replacement: `span` is replaced by `text` (an empty span inserts).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Edit {
    pub span: Span,
    pub text: String,
}

impl Edit {
    pub fn replace(span: Span, text: impl Into<String>) -> Self {
        Edit { span, text: text.into() }
    }
    pub fn insert(at: usize, text: impl Into<String>) -> Self {
        Edit { span: Span::empty(at), text: text.into() }
    }
    pub fn delete(span: Span) -> Self {
        Edit { span, text: String::new() }
    }
}

/// A set of edits that together fix one finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Fix {
    /// What the fix does, e.g. "Replace ADD with COPY".
    pub title: String,
    pub applicability: Applicability,
    /// Non-overlapping edits, sorted by start.
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn new(title: impl Into<String>, applicability: Applicability, mut edits: Vec<Edit>) -> Self {
        crate::sort::sort_by_key(&mut edits, |e| (e.span.start, e.span.end));
        Fix { title: title.into(), applicability, edits }
    }
    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix::new(title, Applicability::Safe, edits)
    }
    pub fn unsafe_(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix::new(title, Applicability::Unsafe, edits)
    }
    /// The span covering all edits.
    pub fn span(&self) -> Option<Span> {
        let first = self.edits.first()?;
        Some(self.edits.iter().fold(first.span, |acc, e| acc.cover(e.span)))
    }
}

/// A secondary location with a short explanation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// One finding, in core terms (byte spans). The report layer adds positions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable rule id, e.g. `SWD101` (owned for the custom rules a policy declares).
    pub rule_id: Cow<'static, str>,
    /// Kebab-case rule name, e.g. `untagged-base-image`.
    pub rule_name: Cow<'static, str>,
    pub severity: Severity,
    pub category: Category,
    /// What is wrong (borrowed when the rule's message is fixed text).
    pub message: Cow<'static, str>,
    /// What to do about it (borrowed when fixed text, as most are: no allocation per finding).
    pub help: Cow<'static, str>,
    /// Primary location.
    pub span: Span,
    pub labels: Vec<Label>,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label { span, message: message.into() });
        self
    }
    pub fn with_fix(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix;
        self
    }
}

//! The versioned report every surface emits, and the entry points that build it.

use crate::diagnostic::{Applicability, Category, Diagnostic, Severity};
use crate::fix::{fix_to_fixpoint, FixOutcome};
use crate::rules::{dockerfile_rules, DockerfileCtx, Sink};
use crate::score::{score, Grade, Score, Weights};
use crate::span::{LineIndex, Position, PositionEncoding, Span};
use serde::{Deserialize, Serialize};

/// Bumped whenever the report's shape changes incompatibly.
pub const SCHEMA_VERSION: u32 = 1;

/// Where rule documentation lives; `{name}` is replaced by the rule name.
pub const DOCS_URL: &str = "https://github.com/seaworthy-dev/seaworthy/blob/main/docs/rules/{name}.md";

/// The documentation URL of a rule.
pub fn docs_url(name: &str) -> String {
    DOCS_URL.replace("{name}", name)
}

/// An input file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SourceFile {
    pub path: String,
    pub content: String,
}

/// What kind of file something is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum FileKind {
    Dockerfile,
    Compose,
}

/// Guesses a file's kind from its name: `Dockerfile`, `Containerfile`, `*.Dockerfile`,
/// `Dockerfile.*` are Dockerfiles; YAML files whose name contains `compose` (`compose.yaml`,
/// `docker-compose.override.yml`, `prod-compose.yml`) are compose files.
pub fn detect_kind(path: &str) -> Option<FileKind> {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let lower = name.to_ascii_lowercase();
    if lower == "dockerfile"
        || lower == "containerfile"
        || lower.ends_with(".dockerfile")
        || lower.ends_with(".containerfile")
        || lower.starts_with("dockerfile.")
        || lower.starts_with("containerfile.")
    {
        return Some(FileKind::Dockerfile);
    }
    let yaml = lower.ends_with(".yml") || lower.ends_with(".yaml");
    if yaml && lower.contains("compose") {
        return Some(FileKind::Compose);
    }
    None
}

/// Options shared by every surface.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, rename_all = "camelCase")]
pub struct LintOptions {
    pub position_encoding: PositionEncoding,
    /// Compute the score after safe / all fixes (costs extra lint passes).
    pub score_fixes: bool,
    pub weights: Weights,
}

impl Default for LintOptions {
    fn default() -> Self {
        LintOptions { position_encoding: PositionEncoding::Utf8, score_fixes: true, weights: Weights::default() }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Range {
    pub start: Position,
    pub end: Position,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RuleRef {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReportLabel {
    pub span: Span,
    pub range: Range,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReportEdit {
    pub span: Span,
    pub range: Range,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReportFix {
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<ReportEdit>,
}

/// One finding, with positions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReportDiagnostic {
    pub path: String,
    pub rule: RuleRef,
    pub severity: Severity,
    pub category: Category,
    pub message: String,
    pub help: String,
    /// Byte offsets into the file.
    pub span: Span,
    /// 1-based line/column (and 0-based offset) in the report's position encoding.
    pub range: Range,
    pub labels: Vec<ReportLabel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<ReportFix>,
    pub url: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FileReport {
    pub path: String,
    pub kind: Option<FileKind>,
    pub diagnostics: Vec<ReportDiagnostic>,
    pub score: Score,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Summary {
    pub files: usize,
    pub diagnostics: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub styles: usize,
    pub fixable: usize,
    /// Mean of the file scores (rounded); 100 when there are no files.
    pub score: u32,
    pub grade: Grade,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Tool {
    pub name: String,
    pub version: String,
}

/// The report: versioned JSON, identical on every surface.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Report {
    pub schema_version: u32,
    pub tool: Tool,
    pub position_encoding: PositionEncoding,
    pub score_formula: String,
    pub files: Vec<FileReport>,
    pub summary: Summary,
}

/// Runs every default Dockerfile rule over `src` (core diagnostics, byte spans, sorted).
pub fn lint_dockerfile(src: &str) -> Vec<Diagnostic> {
    lint_dockerfile_with(src, &|m| m.default_on)
}

/// Runs the Dockerfile rules `select` accepts over `src`, then the suppression engine.
pub fn lint_dockerfile_with(src: &str, select: &dyn Fn(&crate::rules::RuleMeta) -> bool) -> Vec<Diagnostic> {
    let df = crate::dockerfile::parse(src);
    let model = crate::dockerfile::model::Model::build(&df);
    let ctx = DockerfileCtx::new(src, &df, &model);
    let mut out = Vec::new();
    for rule in dockerfile_rules().iter().filter(|r| select(&r.meta)) {
        let mut sink = Sink::new(&rule.meta);
        (rule.check)(&ctx, &mut sink);
        out.extend(sink.out);
    }
    sort_diagnostics(&mut out);
    crate::suppress::apply(src, &df, out)
}

fn sort_diagnostics(d: &mut [Diagnostic]) {
    d.sort_by(|a, b| {
        (a.span.start, a.span.end, a.rule_id, &a.message).cmp(&(b.span.start, b.span.end, b.rule_id, &b.message))
    });
}

/// Lints one file of a known kind.
pub fn lint_source(src: &str, kind: Option<FileKind>) -> Vec<Diagnostic> {
    match kind {
        Some(FileKind::Dockerfile) | None => lint_dockerfile(src),
        Some(FileKind::Compose) => crate::rules::compose::lint_compose(src),
    }
}

/// Fixes one file: safe fixes, or all fixes when `unsafe_fixes`.
pub fn fix_source(src: &str, kind: Option<FileKind>, unsafe_fixes: bool) -> FixOutcome {
    let min = if unsafe_fixes { Applicability::Unsafe } else { Applicability::Safe };
    fix_to_fixpoint(src, min, &|s| lint_source(s, kind))
}

fn range(idx: &mut LineIndex<'_>, span: Span, enc: PositionEncoding) -> Range {
    Range { start: idx.position(span.start, enc), end: idx.position(span.end, enc) }
}

/// Builds one file's report.
pub fn report_file(file: &SourceFile, options: &LintOptions) -> FileReport {
    let kind = detect_kind(&file.path);
    let src = file.content.as_str();
    let diags = lint_source(src, kind);
    let mut sc = score(&diags, &options.weights);
    if options.score_fixes && diags.iter().any(|d| d.fix.is_some()) {
        let safe = fix_source(src, kind, false);
        sc.after_safe_fixes = Some(score(&lint_source(&safe.output, kind), &options.weights).value);
        let all = fix_source(src, kind, true);
        sc.after_all_fixes = Some(score(&lint_source(&all.output, kind), &options.weights).value);
    } else if options.score_fixes {
        sc.after_safe_fixes = Some(sc.value);
        sc.after_all_fixes = Some(sc.value);
    }
    let enc = options.position_encoding;
    let mut idx = LineIndex::new(src);
    let diagnostics = diags
        .into_iter()
        .map(|d| ReportDiagnostic {
            path: file.path.clone(),
            rule: RuleRef { id: d.rule_id.to_string(), name: d.rule_name.to_string() },
            severity: d.severity,
            category: d.category,
            message: d.message,
            help: d.help,
            span: d.span,
            range: range(&mut idx, d.span, enc),
            labels: d
                .labels
                .into_iter()
                .map(|l| ReportLabel { span: l.span, range: range(&mut idx, l.span, enc), message: l.message })
                .collect(),
            fix: d.fix.map(|f| ReportFix {
                title: f.title,
                applicability: f.applicability,
                edits: f
                    .edits
                    .into_iter()
                    .map(|e| ReportEdit { span: e.span, range: range(&mut idx, e.span, enc), text: e.text })
                    .collect(),
            }),
            url: docs_url(d.rule_name),
        })
        .collect();
    FileReport { path: file.path.clone(), kind, diagnostics, score: sc }
}

/// Lints a set of files into one report. The order of `files` does not matter: files are
/// reported sorted by path.
pub fn lint(files: &[SourceFile], options: &LintOptions) -> Report {
    let mut sorted: Vec<&SourceFile> = files.iter().collect();
    sorted.sort_by(|a, b| (&a.path, &a.content).cmp(&(&b.path, &b.content)));
    let reports: Vec<FileReport> = sorted.into_iter().map(|f| report_file(f, options)).collect();
    let all = reports.iter().flat_map(|r| r.diagnostics.iter());
    let count = |s: Severity| reports.iter().flat_map(|r| r.diagnostics.iter()).filter(|d| d.severity == s).count();
    let mean = if reports.is_empty() {
        100
    } else {
        let sum: u32 = reports.iter().map(|r| r.score.value).sum();
        (sum as f64 / reports.len() as f64).round() as u32
    };
    let summary = Summary {
        files: reports.len(),
        diagnostics: all.clone().count(),
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        infos: count(Severity::Info),
        styles: count(Severity::Style),
        fixable: all.filter(|d| d.fix.is_some()).count(),
        score: mean,
        grade: Grade::of(mean),
    };
    Report {
        schema_version: SCHEMA_VERSION,
        tool: Tool { name: "seaworthy".into(), version: env!("CARGO_PKG_VERSION").into() },
        position_encoding: options.position_encoding,
        score_formula: crate::score::FORMULA.into(),
        files: reports,
        summary,
    }
}

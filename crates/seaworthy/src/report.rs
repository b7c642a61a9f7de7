//! The versioned report every surface emits, and the entry points that build it.

use crate::context::BuildContext;
use crate::diagnostic::{Applicability, Category, Diagnostic, Severity};
use crate::fix::{fix_to_fixpoint, fix_to_fixpoint_from, FixOutcome};
use crate::policy::{default_policy, Levels, PathLevels, Policy, Threshold};
use crate::rules::{dockerfile_rules, DockerfileCtx};
use crate::score::{score_with, Grade, Score, Weights};
use crate::span::{LineIndex, Position, PositionEncoding, Span};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Bumped whenever the report's shape changes incompatibly.
pub const SCHEMA_VERSION: u32 = 1;

/// The rule documentation URL before the rule name (see [`DOCS_URL`]).
macro_rules! docs_url_head {
    () => {
        "https://github.com/seaworthy-dev/seaworthy/blob/main/docs/rules/"
    };
}

/// Where rule documentation lives; `{name}` is replaced by the rule name.
pub const DOCS_URL: &str = concat!(docs_url_head!(), "{name}.md");

/// The documentation URL of a rule.
pub fn docs_url(name: &str) -> String {
    // Once per finding in a report: built by concatenation, not search-and-replace.
    const HEAD: &str = docs_url_head!();
    const TAIL: &str = ".md";
    let mut url = String::with_capacity(HEAD.len() + name.len() + TAIL.len());
    url.push_str(HEAD);
    url.push_str(name);
    url.push_str(TAIL);
    url
}

/// An input file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SourceFile {
    pub path: String,
    pub content: String,
    /// What kind of file this is, when its name does not tell (`build/prod.txt` that is a
    /// Dockerfile). Absent: the kind comes from the name (`Dockerfile`, `*.Dockerfile`,
    /// `Containerfile`, `compose.yaml`, `docker-compose*.yml`, …); a file whose name says
    /// nothing is checked as a Dockerfile and reported with no kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<FileKind>,
}

impl SourceFile {
    /// A file whose kind comes from its name.
    pub fn new(path: impl Into<String>, content: impl Into<String>) -> Self {
        SourceFile { path: path.into(), content: content.into(), kind: None }
    }

    /// The file's kind: the hint if there is one, otherwise what the name says.
    pub fn kind(&self) -> Option<FileKind> {
        self.kind.or_else(|| detect_kind(&self.path))
    }
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
    if crate::context::is_ignore_file(name) {
        return None;
    }
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
    /// Score weights. The policy's `[score]` weights apply unless these differ from the
    /// defaults (kept for compatibility: prefer the policy).
    pub weights: Weights,
    /// Paths known to exist besides the files given (same root as the files' paths; a
    /// trailing `/` marks a directory): what the build contexts of the Dockerfiles hold, for
    /// the rules that look at the context (`.git`, `.env`, keys a `COPY .` would send).
    /// Absent means only the files given are known.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub context_files: Vec<String>,
}

impl Default for LintOptions {
    fn default() -> Self {
        LintOptions {
            position_encoding: PositionEncoding::Utf8,
            score_fixes: true,
            weights: Weights::default(),
            context_files: Vec::new(),
        }
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
    pub message: Cow<'static, str>,
    pub help: Cow<'static, str>,
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

/// The policy a report was made with, and its verdict settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PolicyRef {
    /// `recommended`, `strict`, `minimal`, or the policy file's name.
    pub name: String,
    /// The preset version, or for a policy file the version of the preset it extends.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
    /// The preset a policy file extends (`recommended@1`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extends: Option<String>,
    pub failure_threshold: Threshold,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_score: Option<u32>,
}

impl PolicyRef {
    pub fn of(p: &Policy) -> PolicyRef {
        PolicyRef {
            name: p.name.clone(),
            version: p
                .version
                .or_else(|| p.extends.as_deref().and_then(|e| e.split_once('@')).and_then(|(_, v)| v.parse().ok())),
            extends: p.extends.clone(),
            failure_threshold: p.failure_threshold,
            min_score: p.min_score,
        }
    }
}

/// Whether the files pass the policy: no finding at or above the failure threshold, and an
/// overall score of at least the minimum score.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Verdict {
    pub passed: bool,
    /// Findings at or above the failure threshold.
    pub failing_findings: usize,
    pub below_min_score: bool,
}

impl Verdict {
    /// The verdict over `files` with a threshold and minimum score.
    pub fn of(files: &[FileReport], summary_score: u32, threshold: Threshold, min_score: Option<u32>) -> Verdict {
        let failing_findings =
            files.iter().flat_map(|f| &f.diagnostics).filter(|d| threshold.fails(d.severity)).count();
        let below_min_score = min_score.is_some_and(|m| summary_score < m);
        Verdict { passed: failing_findings == 0 && !below_min_score, failing_findings, below_min_score }
    }
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
    /// The policy the files were checked with.
    pub policy: PolicyRef,
    /// The verdict of that policy.
    pub verdict: Verdict,
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
    let mut out =
        crate::rules::run_dockerfile_rules(&ctx, dockerfile_rules().iter().copied().filter(|r| select(&r.meta)));
    sort_diagnostics(&mut out);
    crate::suppress::apply(src, &df, out)
}

fn sort_diagnostics(d: &mut [Diagnostic]) {
    crate::sort::sort_by(d, |a, b| {
        (a.span.start, a.span.end, &a.rule_id, &a.message).cmp(&(b.span.start, b.span.end, &b.rule_id, &b.message))
    });
}

/// Lints one file of a known kind with the default policy (the latest `recommended`).
pub fn lint_source(src: &str, kind: Option<FileKind>) -> Vec<Diagnostic> {
    lint_source_with(src, kind, default_policy(), "")
}

/// Lints one file with a policy: the rules it enables, at its severities, with its options and
/// custom rules. `path` selects the policy's per-path overrides.
pub fn lint_source_with(src: &str, kind: Option<FileKind>, policy: &Policy, path: &str) -> Vec<Diagnostic> {
    lint_source_in(src, kind, policy, path, None)
}

/// [`lint_source_with`] knowing the build context of a Dockerfile (ignored for compose files).
pub fn lint_source_in(
    src: &str,
    kind: Option<FileKind>,
    policy: &Policy,
    path: &str,
    build: Option<&BuildContext>,
) -> Vec<Diagnostic> {
    lint_source_at(src, kind, policy, &policy.levels_for(path), build)
}

/// [`lint_source_in`] with the policy's levels for the file's path already computed (see
/// [`PathLevels`]): what a caller that lints many files, or one file several times, uses.
pub fn lint_source_at(
    src: &str,
    kind: Option<FileKind>,
    policy: &Policy,
    levels: &Levels<'_>,
    build: Option<&BuildContext>,
) -> Vec<Diagnostic> {
    match kind {
        Some(FileKind::Dockerfile) | None => lint_dockerfile_at(src, policy, levels, build),
        Some(FileKind::Compose) => lint_compose_at(src, policy, levels),
    }
}

/// Runs a policy's compose rules (built-in and custom), then the suppression engine, then the
/// policy's levels, like [`lint_dockerfile_policy`].
pub fn lint_compose_policy(src: &str, policy: &Policy, path: &str) -> Vec<Diagnostic> {
    lint_compose_at(src, policy, &policy.levels_for(path))
}

fn lint_compose_at(src: &str, policy: &Policy, levels: &Levels<'_>) -> Vec<Diagnostic> {
    let custom = policy.custom_rules_with(levels, true);
    let mut out = crate::rules::compose::lint_compose_custom(
        src,
        &|m| levels.contains_key(m.id),
        &custom,
        &policy.options.compose,
    );
    crate::policy::retain_levels(&mut out, levels);
    out
}

/// Runs a policy's Dockerfile rules (built-in and custom), then the suppression engine, then
/// the policy's levels (rules it turns off are dropped, the others take its severity).
pub fn lint_dockerfile_policy(src: &str, policy: &Policy, path: &str) -> Vec<Diagnostic> {
    lint_dockerfile_in(src, policy, path, None)
}

/// [`lint_dockerfile_policy`] knowing the Dockerfile's build context.
pub fn lint_dockerfile_in(src: &str, policy: &Policy, path: &str, build: Option<&BuildContext>) -> Vec<Diagnostic> {
    lint_dockerfile_at(src, policy, &policy.levels_for(path), build)
}

fn lint_dockerfile_at(
    src: &str,
    policy: &Policy,
    levels: &Levels<'_>,
    build: Option<&BuildContext>,
) -> Vec<Diagnostic> {
    let df = crate::dockerfile::parse(src);
    let model = crate::dockerfile::model::Model::build(&df);
    let ctx = DockerfileCtx::new(src, &df, &model).with_options(&policy.options).with_build(build);
    let mut out = crate::rules::run_dockerfile_rules(&ctx, levels.dockerfile_rules().iter().copied());
    let custom = policy.custom_rules_with(levels, false);
    if !custom.is_empty() {
        out.extend(crate::policy::custom::check_dockerfile(&ctx, &custom));
    }
    sort_diagnostics(&mut out);
    let extra: Vec<(&str, &str)> = policy.custom_rules.iter().map(|r| (r.id.as_str(), r.name.as_str())).collect();
    let mut out = crate::suppress::apply_with(src, &df, out, &extra, &|id| levels.contains_key(id));
    crate::policy::retain_levels(&mut out, levels);
    out
}

/// Fixes one file with the default policy: safe fixes, or all fixes when `unsafe_fixes`.
pub fn fix_source(src: &str, kind: Option<FileKind>, unsafe_fixes: bool) -> FixOutcome {
    fix_source_with(src, kind, unsafe_fixes, default_policy(), "")
}

/// Fixes one file with a policy (only the findings of rules it enables are fixed); `path`
/// selects its per-path overrides.
pub fn fix_source_with(
    src: &str,
    kind: Option<FileKind>,
    unsafe_fixes: bool,
    policy: &Policy,
    path: &str,
) -> FixOutcome {
    fix_source_in(src, kind, unsafe_fixes, policy, path, None)
}

/// [`fix_source_with`] knowing the build context of a Dockerfile.
pub fn fix_source_in(
    src: &str,
    kind: Option<FileKind>,
    unsafe_fixes: bool,
    policy: &Policy,
    path: &str,
    build: Option<&BuildContext>,
) -> FixOutcome {
    let min = if unsafe_fixes { Applicability::Unsafe } else { Applicability::Safe };
    fix_to_fixpoint(src, min, &|s| lint_source_in(s, kind, policy, path, build))
}

fn range(idx: &mut LineIndex<'_>, span: Span, enc: PositionEncoding) -> Range {
    Range { start: idx.position(span.start, enc), end: idx.position(span.end, enc) }
}

/// Builds one file's report with the default policy.
pub fn report_file(file: &SourceFile, options: &LintOptions) -> FileReport {
    report_file_with(file, options, default_policy())
}

/// Builds one file's report with a policy.
pub fn report_file_with(file: &SourceFile, options: &LintOptions, policy: &Policy) -> FileReport {
    let diags = lint_source_with(&file.content, file.kind(), policy, &file.path);
    report_file_own(file, diags, options, policy)
}

/// The build contexts of the Dockerfiles of `files`, in the order of `files` (`None` for
/// other files): rooted at the `build.context` of a compose service of the set that builds
/// the Dockerfile, else at its directory; with the set's ignore file and known paths.
pub fn build_contexts(files: &[SourceFile], options: &LintOptions) -> Vec<Option<BuildContext>> {
    let mut compose_roots: Vec<(String, String)> = Vec::new();
    for f in files.iter().filter(|f| f.kind() == Some(FileKind::Compose)) {
        for (df, root) in crate::project::build_contexts(f) {
            if !compose_roots.iter().any(|(d, _)| *d == df) {
                compose_roots.push((df, root));
            }
        }
    }
    let known = std::sync::Arc::new(crate::context::Known::new(files, &options.context_files));
    files
        .iter()
        .map(|f| {
            if f.kind() == Some(FileKind::Compose) || crate::context::is_ignore_file(&f.path) {
                return None;
            }
            let df = crate::project::normalise(&f.path);
            let root = compose_roots.iter().find(|(d, _)| *d == df).map(|(_, r)| r.as_str());
            Some(BuildContext::within(&f.path, &known, root))
        })
        .collect()
}

/// Builds one file's report from its findings (computed alone, or with the other files of a
/// compose project).
pub fn report_file_from(
    file: &SourceFile,
    diags: Vec<Diagnostic>,
    options: &LintOptions,
    policy: &Policy,
) -> FileReport {
    report_file_inner(file, diags, None, options, &PathLevels::new(policy), None)
}

/// [`report_file_from`] knowing the build context of a Dockerfile (for the scores after fixes).
pub fn report_file_in(
    file: &SourceFile,
    diags: Vec<Diagnostic>,
    options: &LintOptions,
    policy: &Policy,
    build: Option<&BuildContext>,
) -> FileReport {
    report_file_inner(file, diags, None, options, &PathLevels::new(policy), build)
}

/// [`report_file_from`] when `diags` are exactly the file's findings alone
/// (`lint_source_with(&file.content, file.kind(), policy, &file.path)`): the same
/// report, without linting the file again to score it after fixes.
pub fn report_file_own(
    file: &SourceFile,
    diags: Vec<Diagnostic>,
    options: &LintOptions,
    policy: &Policy,
) -> FileReport {
    report_file_own_in(file, diags, options, policy, None)
}

/// [`report_file_own`] knowing the build context of a Dockerfile (`diags` must then be
/// `lint_source_in(.., build)`).
pub fn report_file_own_in(
    file: &SourceFile,
    diags: Vec<Diagnostic>,
    options: &LintOptions,
    policy: &Policy,
    build: Option<&BuildContext>,
) -> FileReport {
    let own = diags.clone();
    report_file_inner(file, diags, Some(own), options, &PathLevels::new(policy), build)
}

/// [`report_file_from`] given also the file's findings alone (`own`, which must be
/// `lint_source_with(&file.content, file.kind(), policy, &file.path)`), for a file
/// whose `diags` come from a compose project: the same report, one lint fewer.
pub fn report_file_seeded(
    file: &SourceFile,
    diags: Vec<Diagnostic>,
    own: Vec<Diagnostic>,
    options: &LintOptions,
    policy: &Policy,
) -> FileReport {
    report_file_inner(file, diags, Some(own), options, &PathLevels::new(policy), None)
}

fn report_file_inner(
    file: &SourceFile,
    diags: Vec<Diagnostic>,
    own: Option<Vec<Diagnostic>>,
    options: &LintOptions,
    levels: &PathLevels<'_>,
    build: Option<&BuildContext>,
) -> FileReport {
    let policy = levels.policy();
    let kind = file.kind();
    let src = file.content.as_str();
    let path = file.path.as_str();
    let weights = if options.weights == Weights::default() { &policy.score.weights } else { &options.weights };
    let factor = |c| policy.score.factor(c);
    let score = |d: &[Diagnostic]| score_with(d, weights, &factor);
    let mut sc = score(&diags);
    if options.score_fixes && diags.iter().any(|d| d.fix.is_some()) {
        // The scores after safe fixes and after all fixes are those of the fix engine's last
        // lint. The all-fixes run is the safe run again when no lint of the safe run offered
        // an unsafe fix (see `Fixpoint::saw_unsafe`).
        let levels = levels.for_path(path);
        let lint = |s: &str| lint_source_at(s, kind, policy, &levels, build);
        let first = own.unwrap_or_else(|| lint(src));
        let safe = fix_to_fixpoint_from(src, first.clone(), Applicability::Safe, &lint);
        sc.after_safe_fixes = Some(score(&safe.last).value);
        let all = if safe.saw_unsafe {
            fix_to_fixpoint_from(src, first, Applicability::Unsafe, &lint).last
        } else {
            safe.last
        };
        sc.after_all_fixes = Some(score(&all).value);
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
            url: match policy.custom_rule(&d.rule_id) {
                Some(c) => c.docs_url(),
                None => docs_url(&d.rule_name),
            },
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
        })
        .collect();
    FileReport { path: file.path.clone(), kind, diagnostics, score: sc }
}

/// Lints a set of files into one report with the default policy (the latest `recommended`).
pub fn lint(files: &[SourceFile], options: &LintOptions) -> Report {
    lint_with(files, options, default_policy())
}

/// Lints a set of files into one report with a policy. The order of `files` does not matter:
/// files are reported sorted by path. When the set holds a compose file and other files, the
/// compose files are checked as one project (overrides and included files share their names)
/// together with the Dockerfiles they build (cross-file rules). `.dockerignore` files are not
/// checked or reported: they tell the Dockerfile rules about the build context (see
/// [`crate::context`]).
pub fn lint_with(files: &[SourceFile], options: &LintOptions, policy: &Policy) -> Report {
    use std::borrow::Cow;
    // The files sorted, without copying them when they already are (one file per call, as
    // the JS API is often used).
    let in_order = files.is_sorted_by(|a, b| (&a.path, &a.content) <= (&b.path, &b.content));
    let all: Cow<'_, [SourceFile]> = if in_order {
        Cow::Borrowed(files)
    } else {
        let mut all = files.to_vec();
        crate::sort::sort_by(&mut all, |a, b| (&a.path, &a.content).cmp(&(&b.path, &b.content)));
        Cow::Owned(all)
    };
    let contexts: Vec<Option<BuildContext>> = build_contexts(&all, options);
    let (sorted, contexts): (Cow<'_, [SourceFile]>, Vec<Option<BuildContext>>) =
        if all.iter().any(|f| crate::context::is_ignore_file(&f.path)) {
            let (sorted, contexts): (Vec<SourceFile>, Vec<Option<BuildContext>>) =
                all.iter().cloned().zip(contexts).filter(|(f, _)| !crate::context::is_ignore_file(&f.path)).unzip();
            (Cow::Owned(sorted), contexts)
        } else {
            (all, contexts)
        };
    let has_compose = sorted.iter().any(|f| f.kind() == Some(FileKind::Compose));
    let projects = has_compose && sorted.len() > 1;
    let mut project: std::collections::HashMap<String, Vec<Diagnostic>> = if projects {
        crate::project::lint_projects_policy(&sorted, policy).into_iter().collect()
    } else {
        Default::default()
    };
    let levels = PathLevels::new(policy);
    let mut reports: Vec<FileReport> = Vec::with_capacity(sorted.len());
    // Each file's findings, kept for the compose scores when there are projects.
    let mut diags: Vec<Vec<Diagnostic>> = Vec::new();
    for (f, c) in sorted.iter().zip(&contexts) {
        // The findings, and whether they are the file's own (not a compose project's).
        let (d, own) = match project.remove(&f.path) {
            Some(d) => (d, false),
            None => (lint_source_at(&f.content, f.kind(), policy, &levels.for_path(&f.path), c.as_ref()), true),
        };
        // The file's own findings seed the scores after fixes (only computed when asked for
        // and something is fixable: copy them only then).
        let seed = (own && options.score_fixes && d.iter().any(|d| d.fix.is_some())).then(|| d.clone());
        if projects {
            diags.push(d.clone());
        }
        reports.push(report_file_inner(f, d, seed, options, &levels, c.as_ref()));
    }
    if projects {
        include_built_dockerfiles_in(&sorted, &diags, &mut reports, options, &|_| policy, &contexts);
    }
    assemble(reports, options, policy)
}

/// The score of a compose file covers the Dockerfiles its services build, when they are in the
/// set: its deductions are those of its own findings plus those of the Dockerfiles' findings
/// (each rule capped as usual), so a stack is only as ready as the images it builds.
///
/// `policy_of(i)` is the policy of `files[i]` (the CLI finds one per directory); the compose
/// file's policy scores the whole.
pub fn include_built_dockerfiles<'p>(
    files: &[SourceFile],
    diags: &[Vec<Diagnostic>],
    reports: &mut [FileReport],
    options: &LintOptions,
    policy_of: &dyn Fn(usize) -> &'p Policy,
) {
    let contexts = build_contexts(files, options);
    include_built_dockerfiles_in(files, diags, reports, options, policy_of, &contexts);
}

/// [`include_built_dockerfiles`] with the build context of each file (see [`build_contexts`]).
pub fn include_built_dockerfiles_in<'p>(
    files: &[SourceFile],
    diags: &[Vec<Diagnostic>],
    reports: &mut [FileReport],
    options: &LintOptions,
    policy_of: &dyn Fn(usize) -> &'p Policy,
    contexts: &[Option<BuildContext>],
) {
    for (i, f) in files.iter().enumerate() {
        if f.kind() != Some(FileKind::Compose) {
            continue;
        }
        let policy = policy_of(i);
        let weights = if options.weights == Weights::default() { &policy.score.weights } else { &options.weights };
        let factor = |c| policy.score.factor(c);
        let after = |j: usize, unsafe_fixes: bool| -> Vec<Diagnostic> {
            let g = &files[j];
            let kind = g.kind();
            let build = contexts.get(j).and_then(Option::as_ref);
            let fixed = fix_source_in(&g.content, kind, unsafe_fixes, policy, &g.path, build);
            lint_source_in(&fixed.output, kind, policy, &g.path, build)
        };
        let built: Vec<usize> = crate::project::built_dockerfiles(f, files)
            .iter()
            .filter_map(|p| files.iter().position(|g| crate::project::is_path(&g.path, p)))
            .filter(|&j| j != i)
            .collect();
        if built.is_empty() {
            continue;
        }
        let mut all: Vec<Diagnostic> = diags.get(i).cloned().unwrap_or_default();
        for &j in &built {
            all.extend(diags.get(j).into_iter().flatten().cloned());
        }
        let mut sc = score_with(&all, weights, &factor);
        if options.score_fixes {
            for (unsafe_fixes, slot) in [(false, &mut sc.after_safe_fixes), (true, &mut sc.after_all_fixes)] {
                let mut fixed = after(i, unsafe_fixes);
                for &j in &built {
                    fixed.extend(after(j, unsafe_fixes));
                }
                *slot = Some(score_with(&fixed, weights, &factor).value);
            }
        }
        if let Some(r) = reports.get_mut(i) {
            r.score = sc;
        }
    }
}

/// Builds a report from file reports (sorted by path here), with the summary and the verdict
/// of `policy`. For callers that check files with different policies (the CLI, with one
/// `.seaworthy.toml` per directory): they may replace `verdict` with their own.
pub fn assemble(mut reports: Vec<FileReport>, options: &LintOptions, policy: &Policy) -> Report {
    crate::sort::sort_by(&mut reports, |a, b| a.path.cmp(&b.path));
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
        verdict: Verdict::of(&reports, summary.score, policy.failure_threshold, policy.min_score),
        policy: PolicyRef::of(policy),
        files: reports,
        summary,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_url_fills_the_template() {
        for name in ["missing-user", "x", ""] {
            assert_eq!(docs_url(name), DOCS_URL.replace("{name}", name));
        }
    }

    #[test]
    fn lint_with_reports_the_same_whatever_the_order_of_the_files() {
        let df = SourceFile::new("app/Dockerfile", "FROM node\nRUN npm install\n");
        let compose = SourceFile::new("app/compose.yaml", "services:\n  api:\n    build: .\n");
        let ignore = SourceFile::new("app/.dockerignore", "*.md\n");
        let opts = LintOptions::default();
        let sorted = lint(&[ignore.clone(), compose.clone(), df.clone()], &opts);
        let shuffled = lint(&[df, ignore, compose], &opts);
        assert_eq!(sorted, shuffled);
        assert_eq!(sorted.files.len(), 2, "the .dockerignore is context, not reported");
        assert!(sorted.files.iter().all(|f| f.score.after_safe_fixes.is_some()));
    }
}

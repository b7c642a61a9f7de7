//! Custom rules declared in a policy (`[[custom-rules]]`): first-class rules with an id, a
//! message, a severity and a category, reported, suppressed and scored like built-in rules.

use super::glob::wildcard;
use crate::diagnostic::{Category, Diagnostic, Severity};
use crate::dockerfile::model::ImageRef;
use crate::dockerfile::{Args, Keyword};
use crate::rules::DockerfileCtx;
use crate::span::Span;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// What a custom rule checks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum CustomCheck {
    /// The final image must carry this label.
    RequireLabel { label: String },
    /// No `LABEL` may set a key matching this pattern.
    ForbidLabel { label: String },
    /// Every base image must match one of these patterns.
    AllowBaseImages { patterns: Vec<String> },
    /// No base image may match one of these patterns.
    DenyBaseImages { patterns: Vec<String> },
    /// This instruction (e.g. `ADD`) must not be used.
    ForbidInstruction { instruction: String },
    /// This flag (`--network=host`, `--chmod`) must not be used (on `instruction` only, if given).
    ForbidFlag {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        instruction: Option<String>,
        flag: String,
    },
    /// No `RUN` command may match this pattern (wildcards; matched anywhere in the command).
    ForbidRunCommand { pattern: String },
    /// Every compose service must set this key (dotted path, e.g. `deploy.resources.limits.memory`).
    RequireComposeKey { key: String },
    /// No compose service may set this key.
    ForbidComposeKey { key: String },
    /// Every compose service must set `key` to a value matching `value`.
    RequireComposeValue { key: String, value: String },
    /// No compose service may set `key` to a value matching `value`.
    ForbidComposeValue { key: String, value: String },
}

impl CustomCheck {
    /// The `kind` as written in the policy.
    pub fn kind(&self) -> &'static str {
        match self {
            CustomCheck::RequireLabel { .. } => "require-label",
            CustomCheck::ForbidLabel { .. } => "forbid-label",
            CustomCheck::AllowBaseImages { .. } => "allow-base-images",
            CustomCheck::DenyBaseImages { .. } => "deny-base-images",
            CustomCheck::ForbidInstruction { .. } => "forbid-instruction",
            CustomCheck::ForbidFlag { .. } => "forbid-flag",
            CustomCheck::ForbidRunCommand { .. } => "forbid-run-command",
            CustomCheck::RequireComposeKey { .. } => "require-compose-key",
            CustomCheck::ForbidComposeKey { .. } => "forbid-compose-key",
            CustomCheck::RequireComposeValue { .. } => "require-compose-value",
            CustomCheck::ForbidComposeValue { .. } => "forbid-compose-value",
        }
    }
    /// Whether it checks compose files (else Dockerfiles).
    pub fn is_compose(&self) -> bool {
        matches!(
            self,
            CustomCheck::RequireComposeKey { .. }
                | CustomCheck::ForbidComposeKey { .. }
                | CustomCheck::RequireComposeValue { .. }
                | CustomCheck::ForbidComposeValue { .. }
        )
    }
}

/// A rule declared in a policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CustomRule {
    /// Its id, e.g. `ACME001` (not `SWD…`).
    pub id: String,
    /// Kebab-case name (defaults to the id in lower case).
    pub name: String,
    /// What is wrong (the finding's message).
    pub message: String,
    /// What to do about it.
    pub help: String,
    pub severity: Severity,
    pub category: Category,
    /// Where the team documents the rule (else the policy docs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Longer documentation (Markdown), shown by `seaworthy explain`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(flatten)]
    pub check: CustomCheck,
}

/// Where custom rules are documented when they give no `url`.
pub const CUSTOM_DOCS_URL: &str = "https://github.com/seaworthy-dev/seaworthy/blob/main/docs/policy.md#custom-rules";

impl CustomRule {
    /// The documentation URL shown with its findings.
    pub fn docs_url(&self) -> String {
        self.url.clone().unwrap_or_else(|| CUSTOM_DOCS_URL.to_string())
    }
    /// A finding of this rule at `span`; `detail` is appended to the message.
    pub fn diagnostic(&self, span: Span, detail: Option<String>) -> Diagnostic {
        let message = match detail {
            Some(d) => format!("{} ({d})", self.message),
            None => self.message.clone(),
        };
        Diagnostic {
            rule_id: Cow::Owned(self.id.clone()),
            rule_name: Cow::Owned(self.name.clone()),
            severity: self.severity,
            category: self.category,
            message: Cow::Owned(message),
            help: Cow::Owned(if self.help.is_empty() { format!("See {}", self.docs_url()) } else { self.help.clone() }),
            span,
            labels: Vec::new(),
            fix: None,
        }
    }
    /// A short Markdown page for `seaworthy explain`.
    pub fn docs(&self) -> String {
        let mut out = format!("## What it does\n{}\n", self.description.as_deref().unwrap_or(&self.message));
        out.push_str(&format!("\nCustom rule of kind `{}`, declared in the policy.\n", self.check.kind()));
        if !self.help.is_empty() {
            out.push_str(&format!("\n## What to do\n{}\n", self.help));
        }
        out
    }
}

/// Whether `image` (as written, ARG defaults substituted) matches `pattern`. A pattern without
/// `:` or `@` matches the image name whatever its tag or digest (`python` matches `python:3.12`).
/// `docker.io/library/` and `docker.io/` prefixes are ignored on both sides.
pub fn image_matches(pattern: &str, image: &str) -> bool {
    let norm = |s: &str| -> String {
        let s = s.strip_prefix("docker.io/").or_else(|| s.strip_prefix("index.docker.io/")).unwrap_or(s);
        s.strip_prefix("library/").unwrap_or(s).to_string()
    };
    let (p, i) = (norm(pattern), norm(image));
    let last = p.rsplit('/').next().unwrap_or(&p);
    if last.contains(':') || p.contains('@') {
        wildcard(&p, &i)
    } else {
        wildcard(&p, &norm(&ImageRef::parse(&i).name))
    }
}

/// The base images of a Dockerfile that come from a registry (not stages, not `scratch`),
/// with the span of their image word. Images with unresolved variables are skipped.
pub(crate) fn base_images<'a>(ctx: &'a DockerfileCtx<'_>) -> impl Iterator<Item = (&'a str, Span)> + 'a {
    ctx.model.stages.iter().filter(|st| st.parent_stage.is_none()).filter_map(|st| {
        let resolved = st.base_resolved.as_deref()?;
        if ImageRef::parse(resolved).is_scratch() || resolved.contains('$') {
            return None;
        }
        Some((resolved, st.base.span))
    })
}

/// LABEL pairs of the Dockerfile (ONBUILD triggers excluded): key, value (unquoted), the
/// pair's span, the stage index.
pub(crate) fn labels(ctx: &DockerfileCtx<'_>) -> Vec<(String, String, Span, usize)> {
    let mut out = Vec::new();
    for (si, st) in ctx.model.stages.iter().enumerate() {
        for ins in ctx.df.instructions.get(st.from..st.end.min(ctx.df.instructions.len())).unwrap_or(&[]) {
            if ins.keyword != Keyword::Label {
                continue;
            }
            if let Args::Pairs { pairs } = &ins.args {
                for p in pairs {
                    let key = crate::dockerfile::words::unquote(&p.key.value, ctx.df.escape);
                    let value = p.unquoted_value(ctx.df.escape).unwrap_or_default();
                    out.push((key, value, p.span, si));
                }
            }
        }
    }
    out
}

/// Runs the Dockerfile custom rules of a policy.
pub fn check_dockerfile(ctx: &DockerfileCtx<'_>, rules: &[&CustomRule]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for rule in rules {
        match &rule.check {
            CustomCheck::RequireLabel { label } => {
                let chain = ctx.final_chain();
                let Some(&last) = chain.first() else { continue };
                let has = labels(ctx).iter().any(|(k, _, _, si)| chain.contains(si) && k == label);
                if !has {
                    let from = &ctx.df.instructions[ctx.model.stages[last].from];
                    out.push(rule.diagnostic(from.span, Some(format!("`{label}` is not set"))));
                }
            }
            CustomCheck::ForbidLabel { label } => {
                for (k, _, span, _) in labels(ctx) {
                    if wildcard(label, &k) {
                        out.push(rule.diagnostic(span, Some(format!("`{k}`"))));
                    }
                }
            }
            CustomCheck::AllowBaseImages { patterns } => {
                for (image, span) in base_images(ctx) {
                    if !patterns.iter().any(|p| image_matches(p, image)) {
                        out.push(rule.diagnostic(span, Some(format!("`{image}`"))));
                    }
                }
            }
            CustomCheck::DenyBaseImages { patterns } => {
                for (image, span) in base_images(ctx) {
                    if patterns.iter().any(|p| image_matches(p, image)) {
                        out.push(rule.diagnostic(span, Some(format!("`{image}`"))));
                    }
                }
            }
            CustomCheck::ForbidInstruction { instruction } => {
                for ins in &ctx.df.instructions {
                    let e = ins.effective();
                    if e.keyword_text.eq_ignore_ascii_case(instruction.trim()) {
                        out.push(rule.diagnostic(e.keyword_span, None));
                    }
                }
            }
            CustomCheck::ForbidFlag { instruction, flag } => {
                let want = flag.trim().trim_start_matches("--");
                let (name, value) = match want.split_once('=') {
                    Some((n, v)) => (n, Some(v)),
                    None => (want, None),
                };
                for ins in &ctx.df.instructions {
                    let e = ins.effective();
                    if instruction.as_deref().is_some_and(|i| !e.keyword_text.eq_ignore_ascii_case(i.trim())) {
                        continue;
                    }
                    for f in &e.flags {
                        let value_ok = match value {
                            None => true,
                            Some(v) => f.value.as_deref().is_some_and(|fv| wildcard(v, fv)),
                        };
                        if f.name.eq_ignore_ascii_case(name) && value_ok {
                            out.push(rule.diagnostic(f.span, Some(format!("`{}`", f.raw))));
                        }
                    }
                }
            }
            CustomCheck::ForbidRunCommand { pattern } => {
                let pat = format!("*{}*", collapse(pattern));
                for ins in &ctx.df.instructions {
                    let e = ins.effective();
                    if e.keyword != Keyword::Run {
                        continue;
                    }
                    let mut text = match &e.args {
                        Args::Shell { text, .. } => text.value.clone(),
                        Args::Json { items, .. } => {
                            items.iter().map(|w| w.value.as_str()).collect::<Vec<_>>().join(" ")
                        }
                        _ => String::new(),
                    };
                    for h in &e.heredocs {
                        text.push('\n');
                        text.push_str(&h.content);
                    }
                    if wildcard(&pat, &collapse(&text)) {
                        out.push(rule.diagnostic(ins.span, None));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Whitespace runs (and line continuations) collapsed to one space.
fn collapse(s: &str) -> String {
    s.replace("\\\n", " ").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A compose service as the compose custom rules see it: its name, the span of its key, and
/// every key it sets as a dotted path (`deploy.resources.limits.memory`) with its scalar value
/// (`None` for mappings and sequences) and span. Built by the compose checker; YAML-free here.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ComposeService {
    pub name: String,
    pub span: Span,
    pub keys: Vec<ComposeKey>,
}

/// One key of a compose service.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ComposeKey {
    pub path: String,
    pub value: Option<String>,
    pub span: Span,
}

/// Runs the compose custom rules of a policy over the services of one compose file.
pub fn check_compose(services: &[ComposeService], rules: &[&CustomRule]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for rule in rules {
        for svc in services {
            match &rule.check {
                CustomCheck::RequireComposeKey { key } if !svc.keys.iter().any(|k| k.path == *key) => {
                    out.push(rule.diagnostic(svc.span, Some(format!("service `{}` does not set `{key}`", svc.name))));
                }
                CustomCheck::ForbidComposeKey { key } => {
                    for k in svc.keys.iter().filter(|k| k.path == *key) {
                        out.push(rule.diagnostic(k.span, Some(format!("service `{}` sets `{key}`", svc.name))));
                    }
                }
                CustomCheck::RequireComposeValue { key, value } => {
                    let ok = svc
                        .keys
                        .iter()
                        .any(|k| k.path == *key && k.value.as_deref().is_some_and(|v| wildcard(value, v)));
                    if !ok {
                        let span = svc.keys.iter().find(|k| k.path == *key).map_or(svc.span, |k| k.span);
                        out.push(
                            rule.diagnostic(
                                span,
                                Some(format!("service `{}`: `{key}` must match `{value}`", svc.name)),
                            ),
                        );
                    }
                }
                CustomCheck::ForbidComposeValue { key, value } => {
                    for k in svc.keys.iter().filter(|k| k.path == *key) {
                        if k.value.as_deref().is_some_and(|v| wildcard(value, v)) {
                            out.push(rule.diagnostic(
                                k.span,
                                Some(format!(
                                    "service `{}` sets `{key}` to `{}`",
                                    svc.name,
                                    k.value.as_deref().unwrap_or("")
                                )),
                            ));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}

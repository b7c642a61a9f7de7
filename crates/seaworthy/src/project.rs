//! Checks across files: a compose file together with the Dockerfiles its services build.
//!
//! [`lint_project`] takes a set of files (paths relative to one root, `/`-separated), lints
//! every compose file with its rules, then links each service's `build` (context +
//! `dockerfile`, or `dockerfile_inline`) to a Dockerfile of the set and runs the cross-file
//! rules (`rules::compose::CROSS`) on the pair. Findings belong to the compose file. A
//! Dockerfile outside the set is simply not checked (no guess, no finding).

use crate::compose::{get_str, Model as ComposeModel};
use crate::diagnostic::Diagnostic;
use crate::dockerfile::model::Model as DockerModel;
use crate::dockerfile::{Dockerfile, Instruction, Keyword};
use crate::report::{detect_kind, FileKind, SourceFile};
use crate::rules::compose::{ComposeCtx, Service};
use crate::rules::{RuleMeta, Sink};
use crate::yaml::NodeId;

/// A cross-file rule: sees a compose file and the Dockerfiles its services build.
pub struct CrossRule {
    pub meta: RuleMeta,
    pub check: fn(&CrossCtx<'_>, &mut Sink<'_>),
}

/// A service linked to the Dockerfile it builds.
pub struct Build<'a> {
    pub service: Service<'a>,
    /// The `build` mapping (or string) node.
    pub build: NodeId,
    /// Path of the Dockerfile in the set (`<inline>` for `dockerfile_inline`).
    pub dockerfile_path: String,
    pub df: Dockerfile,
    pub model: DockerModel,
}

impl Build<'_> {
    /// The stages making up the image the service runs: the `build.target` stage (or the last
    /// stage) and the stages it is built `FROM`, that stage first. Empty when the target does
    /// not exist.
    pub fn stage_chain(&self, ctx: &ComposeCtx<'_>) -> Vec<usize> {
        let start =
            match get_str(ctx.doc, self.build, "target").and_then(|t| t.value().text().map(str::to_ascii_lowercase)) {
                Some(t) => match self.model.stage_by_name(&t) {
                    Some(i) => Some(i),
                    None => return Vec::new(),
                },
                None => self.model.stages.len().checked_sub(1),
            };
        let mut out = Vec::new();
        let mut cur = start;
        while let Some(i) = cur {
            if out.contains(&i) || out.len() > self.model.stages.len() {
                break;
            }
            out.push(i);
            cur = self.model.stages.get(i).and_then(|s| s.parent_stage);
        }
        out
    }

    /// Instructions of the image the service runs, last first.
    pub fn image_instructions_rev<'s>(&'s self, ctx: &ComposeCtx<'_>) -> Vec<&'s Instruction> {
        let mut out = Vec::new();
        for s in self.stage_chain(ctx) {
            let st = &self.model.stages[s];
            let end = st.end.min(self.df.instructions.len());
            out.extend(self.df.instructions[st.from.min(end)..end].iter().rev());
        }
        out
    }

    /// The last instruction with `keyword` in the service's image.
    pub fn last(&self, ctx: &ComposeCtx<'_>, keyword: Keyword) -> Option<&Instruction> {
        self.image_instructions_rev(ctx).into_iter().find(|i| i.keyword == keyword)
    }
}

/// What a cross-file rule sees.
pub struct CrossCtx<'a> {
    pub compose: &'a ComposeCtx<'a>,
    pub builds: Vec<Build<'a>>,
}

/// Normalises a `/`-separated path: drops `.` and empty parts, resolves `..`.
pub fn normalise(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split(['/', '\\']) {
        match p {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else {
                    parts.push("..");
                }
            }
            _ => parts.push(p),
        }
    }
    parts.join("/")
}

fn dir_of(path: &str) -> &str {
    path.rfind(['/', '\\']).map_or("", |p| &path[..p])
}

fn join(dir: &str, rel: &str) -> String {
    if rel.starts_with('/') || dir.is_empty() {
        normalise(rel)
    } else {
        normalise(&format!("{dir}/{rel}"))
    }
}

fn link_builds<'a>(ctx: &ComposeCtx<'a>, compose_path: &str, files: &[SourceFile]) -> Vec<Build<'a>> {
    let mut out = Vec::new();
    for s in ctx.services() {
        let Some(build) = ctx.doc.get(s.node, "build") else { continue };
        let (src, path): (String, String) = if let Some(inline) = get_str(ctx.doc, build, "dockerfile_inline") {
            (inline.raw.to_string(), "<inline>".to_string())
        } else {
            let context = crate::compose::str_at(ctx.doc, build)
                .or_else(|| get_str(ctx.doc, build, "context"))
                .map(|c| c.raw.to_string())
                .unwrap_or_else(|| ".".into());
            if context.contains("://") || context.starts_with("git@") || context.contains('$') {
                continue;
            }
            let dockerfile =
                get_str(ctx.doc, build, "dockerfile").map(|d| d.raw.to_string()).unwrap_or_else(|| "Dockerfile".into());
            if dockerfile.contains('$') {
                continue;
            }
            let ctx_dir = join(dir_of(compose_path), &context);
            let path = if dockerfile.starts_with('/') { normalise(&dockerfile) } else { join(&ctx_dir, &dockerfile) };
            let Some(f) = files.iter().find(|f| normalise(&f.path) == path) else { continue };
            (f.content.clone(), path)
        };
        let df = crate::dockerfile::parse(&src);
        let model = DockerModel::build(&df);
        out.push(Build { service: s, build, dockerfile_path: path, df, model });
    }
    out
}

/// Lints every compose file of `files` with the rules `select` accepts, cross-file rules
/// included. Returns `(path, diagnostics)` per compose file, in input order.
pub fn lint_project_with(files: &[SourceFile], select: &dyn Fn(&RuleMeta) -> bool) -> Vec<(String, Vec<Diagnostic>)> {
    let mut out = Vec::new();
    for f in files.iter().filter(|f| detect_kind(&f.path) == Some(FileKind::Compose)) {
        let mut diags = crate::rules::compose::lint_compose_with(&f.content, select);
        let doc = crate::yaml::parse(&f.content);
        let model = ComposeModel::build(&doc);
        let problems = crate::compose::schema::check(&doc);
        let ctx = ComposeCtx { src: &f.content, doc: &doc, model: &model, problems: &problems };
        let builds = link_builds(&ctx, &f.path, files);
        if !builds.is_empty() {
            let cross = CrossCtx { compose: &ctx, builds };
            let mut extra = Vec::new();
            for rule in crate::rules::compose::CROSS.iter().filter(|r| select(&r.meta)) {
                let mut sink = Sink::new(&rule.meta);
                (rule.check)(&cross, &mut sink);
                extra.extend(sink.out);
            }
            diags.extend(crate::rules::compose::suppress::apply(&f.content, extra));
            diags.sort_by(|a, b| (a.span.start, a.span.end, a.rule_id).cmp(&(b.span.start, b.span.end, b.rule_id)));
        }
        out.push((f.path.clone(), diags));
    }
    out
}

/// [`lint_project_with`] with the default rules.
pub fn lint_project(files: &[SourceFile]) -> Vec<(String, Vec<Diagnostic>)> {
    lint_project_with(files, &|m| m.default_on)
}

/// Runs one cross-file rule on a compose file and its `Dockerfile` (for tests).
#[cfg(test)]
pub(crate) fn run_cross(id: &str, compose: &str, dockerfile: &str) -> Vec<Diagnostic> {
    let files = vec![
        SourceFile { path: "compose.yaml".into(), content: compose.into() },
        SourceFile { path: "Dockerfile".into(), content: dockerfile.into() },
    ];
    lint_project_with(&files, &|m| m.id == id).into_iter().flat_map(|(_, d)| d).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_like_compose() {
        assert_eq!(normalise("./a/../b//c/./Dockerfile"), "b/c/Dockerfile");
        assert_eq!(join("deploy", "../app"), "app");
        assert_eq!(join("", "."), "");
        assert_eq!(dir_of("x/compose.yaml"), "x");
    }

    #[test]
    fn links_services_to_dockerfiles() {
        let files = vec![
            SourceFile { path: "deploy/compose.yaml".into(), content: "services:\n  app:\n    build:\n      context: ../app\n      target: prod\n  web:\n    build: ../web\n  gone:\n    build: ./missing\n".into() },
            SourceFile { path: "app/Dockerfile".into(), content: "FROM alpine:3.20 AS build\nFROM build AS dev\n".into() },
            SourceFile { path: "web/Dockerfile".into(), content: "FROM nginx:1.27\n".into() },
        ];
        let out = lint_project(&files);
        assert_eq!(out.len(), 1);
        let d = &out[0].1;
        assert!(d.iter().any(|d| d.rule_id == "SWC601" && d.message.contains("prod")), "{d:#?}");
    }
}

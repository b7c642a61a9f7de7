//! Checks across files: a compose file together with the Dockerfiles its services build.
//!
//! [`lint_project`] takes a set of files (paths relative to one root, `/`-separated), lints
//! every compose file with its rules, then links each service's `build` (context +
//! `dockerfile`, or `dockerfile_inline`) to a Dockerfile of the set and runs the cross-file
//! rules (`rules::compose::CROSS`) on the pair. Findings belong to the compose file. A
//! Dockerfile outside the set is simply not checked (no guess, no finding).

use crate::compose::merge::Merged;
use crate::compose::{get_str, Model as ComposeModel};
use crate::diagnostic::Diagnostic;
use crate::dockerfile::model::Model as DockerModel;
use crate::dockerfile::{Dockerfile, Instruction, Keyword};
use crate::report::{FileKind, SourceFile};
use crate::rules::compose::{ComposeCtx, ProjectNames, Service};
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

/// A rule over the merged view of a compose file and an override file (see
/// [`crate::compose::merge`]): reports in the override file.
pub struct MergeRule {
    pub meta: RuleMeta,
    pub check: fn(&MergeCtx<'_>, &mut Sink<'_>),
}

/// What a merged-view rule sees: the base file, the override file (where findings go) and
/// their merge, the configuration Compose runs.
pub struct MergeCtx<'a> {
    pub base: &'a crate::yaml::Document,
    pub base_model: &'a ComposeModel<'a>,
    /// The base file's path, for messages.
    pub base_path: &'a str,
    pub over: &'a ComposeCtx<'a>,
    pub merged: &'a Merged,
    pub merged_model: &'a ComposeModel<'a>,
}

/// A service as the three views see it.
pub struct MergedService<'a> {
    pub name: &'a str,
    /// Its node in the base file, the override file and the merged view.
    pub base: NodeId,
    pub over: Service<'a>,
    pub merged: NodeId,
}

impl<'a> MergeCtx<'a> {
    /// The services the override file changes that the base file defines.
    pub fn services(&self) -> impl Iterator<Item = MergedService<'a>> + '_ {
        self.over.services().filter_map(|s| {
            let base = self.base_model.service(s.name)?.node();
            let merged = self.merged_model.service(s.name)?.node();
            Some(MergedService { name: s.name, base, over: s, merged })
        })
    }

    /// Where the override sets `key` of a service: from the key to the end of its value (a
    /// `!reset` included), or the service's key when the override does not write it.
    pub fn override_span(&self, s: &MergedService<'_>, key: &str) -> crate::span::Span {
        match self.over.doc.entry(s.over.node, key) {
            Some(e) if e.via.is_none() => {
                let k = self.over.doc.span(e.key);
                crate::span::Span::new(k.start, self.over.doc.span(e.value).end.max(k.end))
            }
            _ => s.over.key,
        }
    }
}

/// Compose's default file names, in the order it looks for them.
const BASE_NAMES: &[&str] = &["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"];

/// Pairs each compose file that is not a base file (`compose.override.yaml`,
/// `compose.prod.yaml`, …) with the base file of its directory: `(override, base)` as
/// indexes into `docs`. Files another file includes or extends are parts, not overrides.
fn override_pairs(
    files: &[SourceFile],
    docs: &[(usize, crate::yaml::Document)],
    parts: &std::collections::HashSet<usize>,
) -> Vec<(usize, usize)> {
    let name = |i: usize| {
        let p = normalise(&files[docs[i].0].path);
        let n = p.rsplit('/').next().unwrap_or("").to_string();
        (dir_of(&p).to_string(), n)
    };
    let mut out = Vec::new();
    for o in 0..docs.len() {
        let (dir, n) = name(o);
        if BASE_NAMES.contains(&n.as_str()) || parts.contains(&docs[o].0) {
            continue;
        }
        let base = BASE_NAMES.iter().find_map(|b| {
            (0..docs.len()).find(|&i| {
                let (d, m) = name(i);
                d == dir && m == *b && !parts.contains(&docs[i].0)
            })
        });
        if let Some(b) = base {
            out.push((o, b));
        }
    }
    out
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

/// Whether `file_path` normalises to `normalised` (a [`normalise`]d path). Compares the last
/// component first, so matching a path against every file of a large set does not normalise
/// (allocate) each of them.
pub fn is_path(file_path: &str, normalised: &str) -> bool {
    let last = file_path.rsplit(['/', '\\']).next().unwrap_or("");
    let may = matches!(last, "" | "." | "..") || normalised.rsplit('/').next() == Some(last);
    may && normalise(file_path) == normalised
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
            let Some(f) = files.iter().find(|f| is_path(&f.path, &path)) else { continue };
            (f.content.clone(), path)
        };
        let df = crate::dockerfile::parse(&src);
        let model = DockerModel::build(&df);
        out.push(Build { service: s, build, dockerfile_path: path, df, model });
    }
    out
}

/// The cross-file rules over the merged view of an override file (`over`) and its base: the
/// services the override changes (but those in `skip`), linked through their merged `build`; findings on nodes the
/// override wrote (spans that are not also a base node's span, so nothing of the base file is
/// reported twice).
fn cross_on_merged(
    over: &ComposeCtx<'_>,
    merged: &Merged,
    path: &str,
    files: &[SourceFile],
    select: &dyn Fn(&RuleMeta) -> bool,
    skip: &std::collections::HashSet<&str>,
) -> Vec<Diagnostic> {
    use crate::compose::merge::Origin;
    let model = ComposeModel::build(&merged.doc);
    let ctx = ComposeCtx::new(over.src, &merged.doc, &model, &[], over.project, over.options);
    let touched: std::collections::HashSet<&str> =
        over.services().map(|s| s.name).filter(|n| !skip.contains(n)).collect();
    let builds: Vec<Build<'_>> =
        link_builds(&ctx, path, files).into_iter().filter(|b| touched.contains(b.service.name)).collect();
    if builds.is_empty() {
        return Vec::new();
    }
    let (mut own, mut base) = (std::collections::HashSet::new(), std::collections::HashSet::new());
    for (k, node) in merged.doc.nodes.iter().enumerate() {
        match merged.origin(NodeId(u32::try_from(k).unwrap_or(u32::MAX))) {
            Origin::Override => own.insert(node.span),
            Origin::Base => base.insert(node.span),
            Origin::Merged => false,
        };
    }
    let cross = CrossCtx { compose: &ctx, builds };
    let mut out = Vec::new();
    for rule in crate::rules::compose::CROSS.iter().filter(|r| select(&r.meta)) {
        let mut sink = Sink::new(&rule.meta);
        (rule.check)(&cross, &mut sink);
        out.extend(sink.out.into_iter().filter(|d| own.contains(&d.span) && !base.contains(&d.span)));
    }
    out
}

/// Rules that need the whole project: off for a single file, on in [`lint_project`].
pub const PROJECT_RULES: &[&str] = &["SWC410", "SWC419", "SWC505"];

/// Rules reporting a key missing from a service: in a file that only adds settings to a
/// service defined in another file of the project (an override), they belong to that file.
const MISSING_KEY_RULES: &[&str] =
    &["SWC107", "SWC108", "SWC112", "SWC401", "SWC403", "SWC404", "SWC405", "SWC412", "SWC413", "SWC416"];

/// The `include` entries of a compose file (string or `{path: …}` / `{path: [..]}`).
fn includes(doc: &crate::yaml::Document) -> Vec<String> {
    let Some(root) = doc.root else { return Vec::new() };
    let Some(list) = doc.get(root, "include") else { return Vec::new() };
    let mut out = Vec::new();
    for &i in doc.items(list) {
        if let Some(p) = doc.str(i) {
            out.push(p.to_string());
        } else if let Some(p) = doc.get(i, "path") {
            out.extend(crate::compose::str_list(doc, p).iter().map(|x| x.raw.to_string()));
        }
    }
    out
}

fn add_names(names: &mut ProjectNames, doc: &crate::yaml::Document) {
    let m = ComposeModel::build(doc);
    for s in &m.services {
        names.services.insert(s.name.to_string());
        if ["image", "build", "extends", "provider"].iter().any(|k| doc.get(s.node(), k).is_some()) {
            names.defined.insert(s.name.to_string());
        }
    }
    names.networks.extend(m.networks.iter().map(|n| n.name.to_string()));
    names.volumes.extend(m.volumes.iter().map(|n| n.name.to_string()));
    names.secrets.extend(m.secrets.iter().map(|n| n.name.to_string()));
    names.configs.extend(m.configs.iter().map(|n| n.name.to_string()));
}

/// The names the compose files of the set define. Compose assembles a project from `-f`
/// lists and `include`s a file checker cannot see, so the compose files given together (a
/// repository's base, override and included files) share one namespace. Incomplete when an
/// `include` is not in the set.
fn project_names(files: &[SourceFile], docs: &[(usize, crate::yaml::Document)]) -> ProjectNames {
    let mut names = ProjectNames { complete: true, ..ProjectNames::default() };
    for (i, doc) in docs {
        add_names(&mut names, doc);
        for inc in includes(doc) {
            let path = join(dir_of(&files[*i].path), &inc);
            if inc.contains("://") || inc.contains('$') || !docs.iter().any(|(d, _)| is_path(&files[*d].path, &path)) {
                names.complete = false;
            }
        }
    }
    names
}

/// A service by file path and name.
type ServiceRef = (String, String);

/// `(file, service)` pairs other files `extends`, and what those extend in turn (templates
/// need no `image` of their own).
fn extended(
    files: &[SourceFile],
    docs: &[(usize, crate::yaml::Document)],
) -> std::collections::HashSet<(String, String)> {
    // per service: (its file, its name) -> (extended file, extended service, same file?)
    let mut edges: Vec<(ServiceRef, ServiceRef, bool)> = Vec::new();
    for (i, doc) in docs {
        let path = normalise(&files[*i].path);
        for s in ComposeModel::build(doc).services {
            let Some(ext) = doc.get(s.node(), "extends") else { continue };
            let service = doc.str(ext).or_else(|| doc.get(ext, "service").and_then(|x| doc.str(x)));
            let Some(service) = service else { continue };
            let file = doc.get(ext, "file").and_then(|f| doc.str(f));
            let target = file.map_or(path.clone(), |f| join(dir_of(&files[*i].path), f));
            edges.push(((path.clone(), s.name.to_string()), (target, service.to_string()), file.is_none()));
        }
    }
    let mut out: std::collections::HashSet<(String, String)> =
        edges.iter().filter(|(_, _, same)| !same).map(|(_, t, _)| t.clone()).collect();
    // a template's own same-file base is a template too (bounded: each round adds one or stops)
    for _ in 0..edges.len() {
        let before = out.len();
        for (from, to, same) in &edges {
            if *same && out.contains(from) {
                out.insert(to.clone());
            }
        }
        if out.len() == before {
            break;
        }
    }
    out
}

/// Lints every compose file of `files` with the rules `select` accepts, as one project: the
/// compose files (base, overrides, included files) share their names, so references across
/// them resolve; a service an override file only adjusts is not reported for keys its base
/// definition carries; services other files `extends` need no image. Cross-file rules run on each service
/// that builds a Dockerfile of the set. Returns `(path, diagnostics)` per compose file, in
/// input order.
pub fn lint_project_with(files: &[SourceFile], select: &dyn Fn(&RuleMeta) -> bool) -> Vec<(String, Vec<Diagnostic>)> {
    project_inner(files, select, None)
}

/// [`lint_project_with`] under a policy: the rules it enables for each compose file's path
/// (built-in and custom, through the same suppressions), at its severities.
pub fn lint_project_policy(files: &[SourceFile], policy: &crate::policy::Policy) -> Vec<(String, Vec<Diagnostic>)> {
    let mut on: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for f in files.iter().filter(|f| f.kind() == Some(FileKind::Compose)) {
        on.extend(policy.levels_for(&f.path).keys());
    }
    let mut out = project_inner(files, &|m| on.contains(m.id), Some(policy));
    for (path, diags) in &mut out {
        policy.apply_levels(diags, path);
    }
    out
}

/// The Dockerfiles the services of `compose` build, as paths next to `compose.path` (for
/// callers that read files, such as the CLI, to find them): `build: ctx` or `build.context` +
/// `build.dockerfile`. Remote contexts, inline Dockerfiles and paths with variables are left out.
pub fn referenced_dockerfiles(compose: &SourceFile) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (df, _) in referenced_builds(compose) {
        if !out.contains(&df) {
            out.push(df);
        }
    }
    out
}

/// The builds of the services of `compose`: `(Dockerfile, context directory)` paths next to
/// `compose.path`, as [`referenced_dockerfiles`] finds them (an absolute compose path gives
/// absolute paths). A Dockerfile built with several contexts appears once per context.
pub fn referenced_builds(compose: &SourceFile) -> Vec<(String, String)> {
    let doc = crate::yaml::parse(&compose.content);
    let model = ComposeModel::build(&doc);
    let problems = crate::compose::schema::check(&doc);
    let ctx = ComposeCtx::new(&compose.content, &doc, &model, &problems, None, &crate::policy::NO_COMPOSE_OPTIONS);
    let mut out: Vec<(String, String)> = Vec::new();
    for s in ctx.services() {
        let Some(build) = doc.get(s.node, "build") else { continue };
        if get_str(&doc, build, "dockerfile_inline").is_some() {
            continue;
        }
        let context = crate::compose::str_at(&doc, build)
            .or_else(|| get_str(&doc, build, "context"))
            .map(|c| c.raw.to_string())
            .unwrap_or_else(|| ".".into());
        let dockerfile =
            get_str(&doc, build, "dockerfile").map(|d| d.raw.to_string()).unwrap_or_else(|| "Dockerfile".into());
        if context.contains("://") || context.starts_with("git@") || context.contains('$') || dockerfile.contains('$') {
            continue;
        }
        let ctx_dir = join(dir_of(&compose.path), &context);
        let path = if dockerfile.starts_with('/') { normalise(&dockerfile) } else { join(&ctx_dir, &dockerfile) };
        // `normalise` makes paths relative; keep an absolute compose path's Dockerfiles absolute.
        let abs = |p: String| if compose.path.starts_with('/') && !p.starts_with("..") { format!("/{p}") } else { p };
        let build = (abs(path), abs(ctx_dir));
        if !out.contains(&build) {
            out.push(build);
        }
    }
    out
}

/// The build context directory of each Dockerfile the services of `compose` build, as
/// normalised paths of the file set: `(Dockerfile, context)`.
pub fn build_contexts(compose: &SourceFile) -> Vec<(String, String)> {
    referenced_builds(compose).into_iter().map(|(d, c)| (normalise(&d), normalise(&c))).collect()
}

/// The Dockerfiles of `files` that the services of `compose` build (normalised paths).
pub fn built_dockerfiles(compose: &SourceFile, files: &[SourceFile]) -> Vec<String> {
    let doc = crate::yaml::parse(&compose.content);
    let model = ComposeModel::build(&doc);
    let problems = crate::compose::schema::check(&doc);
    let ctx = ComposeCtx::new(&compose.content, &doc, &model, &problems, None, &crate::policy::NO_COMPOSE_OPTIONS);
    let mut out: Vec<String> = Vec::new();
    for b in link_builds(&ctx, &compose.path, files) {
        if b.dockerfile_path != "<inline>" && !out.contains(&b.dockerfile_path) {
            out.push(b.dockerfile_path);
        }
    }
    out
}

/// [`lint_project_policy`] for a set that may hold several compose projects: the compose files
/// of each directory form one project (with every Dockerfile of the set available to the
/// cross-file rules). Returns `(path, diagnostics)` per compose file, grouped by directory.
pub fn lint_projects_policy(files: &[SourceFile], policy: &crate::policy::Policy) -> Vec<(String, Vec<Diagnostic>)> {
    let mut dirs: Vec<String> = Vec::new();
    for f in files.iter().filter(|f| f.kind() == Some(FileKind::Compose)) {
        let d = dir_of(&normalise(&f.path)).to_string();
        if !dirs.contains(&d) {
            dirs.push(d);
        }
    }
    let mut out = Vec::new();
    for d in dirs {
        let subset: Vec<SourceFile> = files
            .iter()
            .filter(|f| f.kind() != Some(FileKind::Compose) || dir_of(&normalise(&f.path)) == d)
            .cloned()
            .collect();
        let compose: std::collections::HashSet<&str> =
            subset.iter().filter(|f| f.kind() == Some(FileKind::Compose)).map(|f| f.path.as_str()).collect();
        out.extend(
            lint_project_policy(&subset, policy)
                .into_iter()
                .filter(|(p, _)| compose.contains(p.as_str()) && dir_of(&normalise(p)) == d),
        );
    }
    out
}

fn project_inner(
    files: &[SourceFile],
    select: &dyn Fn(&RuleMeta) -> bool,
    policy: Option<&crate::policy::Policy>,
) -> Vec<(String, Vec<Diagnostic>)> {
    // Compose files: those named like one, and those another compose file includes or extends.
    let mut docs: Vec<(usize, crate::yaml::Document)> = Vec::new();
    for (i, f) in files.iter().enumerate() {
        if f.kind() == Some(FileKind::Compose) {
            docs.push((i, crate::yaml::parse(&f.content)));
        }
    }
    let mut parts: std::collections::HashSet<usize> = std::collections::HashSet::new();
    let mut k = 0;
    while k < docs.len() {
        let base = dir_of(&files[docs[k].0].path).to_string();
        let doc = &docs[k].1;
        let mut refs = includes(doc);
        for s in ComposeModel::build(doc).services {
            if let Some(f) = doc.path(s.node(), &["extends", "file"]).and_then(|f| doc.str(f)) {
                refs.push(f.to_string());
            }
        }
        for inc in refs {
            let path = join(&base, &inc);
            if let Some(j) = files.iter().position(|f| is_path(&f.path, &path)) {
                parts.insert(j);
                if !docs.iter().any(|(d, _)| *d == j) {
                    docs.push((j, crate::yaml::parse(&files[j].content)));
                }
            }
        }
        k += 1;
    }
    crate::sort::sort_by_key(&mut docs, |(i, _)| *i);
    let names = project_names(files, &docs);
    let templates = extended(files, &docs);
    let names = &names;
    let merge_on = crate::rules::compose::MERGED.iter().any(|r| select(&r.meta));
    let cross_on = crate::rules::compose::CROSS.iter().any(|r| select(&r.meta));
    let pairs = if merge_on || cross_on { override_pairs(files, &docs, &parts) } else { Vec::new() };
    let mut out = Vec::new();
    for (n, (i, doc)) in docs.iter().enumerate() {
        let f = &files[*i];
        let custom = policy.map(|p| p.custom_rules_for(&f.path, true)).unwrap_or_default();
        let options = policy.map_or(&crate::policy::NO_COMPOSE_OPTIONS, |p| &p.options.compose);
        let mut diags = crate::rules::compose::lint_compose_full(&f.content, select, Some(names), &custom, options);
        let model = ComposeModel::build(doc);
        let problems = crate::compose::schema::check(doc);
        let ctx = ComposeCtx::new(&f.content, doc, &model, &problems, Some(names), options);
        // services this file only adjusts: their missing keys are their base file's business
        let partial: std::collections::HashSet<crate::span::Span> = ctx
            .services()
            .filter(|s| {
                !["image", "build", "extends", "provider"].iter().any(|k| doc.get(s.node, k).is_some())
                    && names.defined.contains(s.name)
            })
            .map(|s| s.key)
            .collect();
        diags.retain(|d| !(MISSING_KEY_RULES.contains(&d.rule_id.as_ref()) && partial.contains(&d.span)));
        // services other files extend are templates: they need no image of their own
        let path = normalise(&f.path);
        let template_keys: std::collections::HashSet<crate::span::Span> =
            ctx.services().filter(|s| templates.contains(&(path.clone(), s.name.to_string()))).map(|s| s.key).collect();
        diags.retain(|d| !(d.rule_id == "SWC505" && template_keys.contains(&d.span)));
        let mut extra = Vec::new();
        let base = pairs.iter().find(|(o, _)| *o == n).map(|&(_, b)| b);
        let merged = base.map(|b| Merged::new(&docs[b].1, doc));
        // (in this scope: `ctx`'s per-file cache makes its lifetime exact, and these models
        // are borrowed alongside it)
        let base_model = base.map(|b| ComposeModel::build(&docs[b].1));
        let merged_model = merged.as_ref().map(|m| ComposeModel::build(&m.doc));
        if let (Some(b), Some(merged), Some(base_model), Some(merged_model)) =
            (base, &merged, &base_model, &merged_model)
        {
            let (bi, base) = (&docs[b].0, &docs[b].1);
            let mctx = MergeCtx { base, base_model, base_path: &files[*bi].path, over: &ctx, merged, merged_model };
            for rule in crate::rules::compose::MERGED.iter().filter(|r| select(&r.meta)) {
                let mut sink = Sink::new(&rule.meta);
                (rule.check)(&mctx, &mut sink);
                extra.extend(sink.out);
            }
        }
        let mut builds = link_builds(&ctx, &f.path, files);
        if let Some(merged) = &merged {
            // An override file: a service whose `build` names its context here is linked as
            // written; the others are seen merged with the base file (the override's
            // `build.target` with the base's context, its ports and health check with the image
            // the base builds), and only findings on values the override writes are its own.
            let own_build: std::collections::HashSet<&str> = ctx
                .services()
                .filter(|s| {
                    doc.get(s.node, "build").is_some_and(|b| {
                        doc.str(b).is_some() || ["context", "dockerfile_inline"].iter().any(|k| doc.get(b, k).is_some())
                    })
                })
                .map(|s| s.name)
                .collect();
            builds.retain(|b| own_build.contains(b.service.name));
            extra.extend(cross_on_merged(&ctx, merged, &f.path, files, select, &own_build));
        }
        if !builds.is_empty() {
            let cross = CrossCtx { compose: &ctx, builds };
            for rule in crate::rules::compose::CROSS.iter().filter(|r| select(&r.meta)) {
                let mut sink = Sink::new(&rule.meta);
                (rule.check)(&cross, &mut sink);
                extra.extend(sink.out);
            }
        }
        if !extra.is_empty() {
            diags.extend(crate::rules::compose::suppress::apply_in(&f.content, Some(doc), extra, None));
            crate::sort::sort_by(&mut diags, |a, b| {
                (a.span.start, a.span.end, &a.rule_id).cmp(&(b.span.start, b.span.end, &b.rule_id))
            });
        }
        out.push((f.path.clone(), diags));
    }
    out
}

/// [`lint_project_with`] with the default rules plus the [`PROJECT_RULES`].
pub fn lint_project(files: &[SourceFile]) -> Vec<(String, Vec<Diagnostic>)> {
    lint_project_with(files, &|m| m.default_on || PROJECT_RULES.contains(&m.id))
}

/// Runs one cross-file rule on a compose file and its `Dockerfile` (for tests).
#[cfg(test)]
pub(crate) fn run_cross(id: &str, compose: &str, dockerfile: &str) -> Vec<Diagnostic> {
    let files = vec![
        SourceFile { path: "compose.yaml".into(), content: compose.into(), kind: None },
        SourceFile { path: "Dockerfile".into(), content: dockerfile.into(), kind: None },
    ];
    lint_project_with(&files, &|m| m.id == id).into_iter().flat_map(|(_, d)| d).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn override_and_included_files_share_names() {
        let files = vec![
            SourceFile { path: "compose.yaml".into(), content: "include: [db/compose.yaml]\nservices:\n  app:\n    image: app:1\n    restart: always\n    depends_on: [db]\n    volumes: [\"data:/d\"]\nvolumes:\n  data:\n".into(), kind: None },
            SourceFile { path: "compose.override.yaml".into(), content: "services:\n  app:\n    ports: [\"127.0.0.1:8080:80\"]\n    depends_on: [cache]\n    volumes: [\"data:/more\"]\n".into(), kind: None },
            SourceFile { path: "db/compose.yaml".into(), content: "services:\n  db:\n    image: postgres:16.4\n".into(), kind: None },
        ];
        let out = lint_project(&files);
        assert_eq!(out.len(), 3);
        // templates extended from another file (and their same-file bases) need no image
        let t = vec![
            SourceFile { path: "compose.yaml".into(), content: "services:\n  a:\n    extends: {file: parts.yaml, service: web}\n    image: x:1\n".into(), kind: None },
            SourceFile { path: "parts.yaml".into(), content: "services:\n  base: {environment: {A: 1}}\n  web: {extends: base, ports: [\"127.0.0.1:80:80\"]}\n  lone: {environment: {B: 1}}\n".into(), kind: None },
        ];
        let d = lint_project(&t);
        let parts: Vec<_> =
            d.iter().flat_map(|(_, d)| d).filter(|d| d.rule_id == "SWC505").map(|d| d.message.clone()).collect();
        assert_eq!(parts.len(), 1, "{parts:?}");
        assert!(parts[0].contains("lone"));
        let over = &out.iter().find(|(p, _)| p == "compose.override.yaml").unwrap().1;
        // `cache` is defined nowhere; `data` and `app` are defined in the base file
        let ids: Vec<&str> = over.iter().map(|d| d.rule_id.as_ref()).collect();
        assert_eq!(ids.iter().filter(|i| **i == "SWC410").count(), 1, "{over:#?}");
        assert!(!ids.contains(&"SWC419") && !ids.contains(&"SWC505") && !ids.contains(&"SWC403"), "{ids:?}");
        let base = &out.iter().find(|(p, _)| p == "compose.yaml").unwrap().1;
        assert!(base.iter().all(|d| d.rule_id != "SWC410"), "db comes from the included file");
        // an include that is not in the set leaves references unchecked
        let out = lint_project(&files[..2]);
        assert!(out.iter().all(|(_, d)| d.iter().all(|d| d.rule_id != "SWC410")));
    }

    #[test]
    fn cross_file_rules_see_the_merged_service_of_an_override() {
        let files = vec![
            SourceFile {
                path: "compose.yaml".into(),
                content: "services:\n  app:\n    build:\n      context: ./app\n    user: \"10001\"\n".into(),
                kind: None,
            },
            SourceFile {
                path: "compose.override.yaml".into(),
                content: "services:\n  app:\n    build:\n      target: debug\n    ports: [\"127.0.0.1:9229:9229\"]\n"
                    .into(),
                kind: None,
            },
            SourceFile {
                path: "app/Dockerfile".into(),
                content: "FROM alpine:3.20 AS build\nEXPOSE 8080\nFROM build AS prod\n".into(),
                kind: None,
            },
        ];
        let out = lint_project_with(&files, &|m| m.id.starts_with("SWC6"));
        // alone, the override's build has no context (it would look for ./Dockerfile); merged, it
        // builds app/Dockerfile, which has no `debug` stage, and 9229 is not exposed
        let over: Vec<(&str, &str)> =
            out[1].1.iter().map(|d| (d.rule_id.as_ref(), d.span.text(&files[1].content))).collect();
        assert_eq!(over, [("SWC601", "debug")], "{:#?}", out[1].1);
        assert!(out[0].1.is_empty(), "{:#?}", out[0].1);
        // with an existing target, the override's port is checked against the image's EXPOSE
        let mut files = files;
        files[1].content = files[1].content.replace("debug", "prod");
        let out = lint_project_with(&files, &|m| m.id.starts_with("SWC6"));
        let over: Vec<(&str, &str)> =
            out[1].1.iter().map(|d| (d.rule_id.as_ref(), d.span.text(&files[1].content))).collect();
        assert_eq!(over, [("SWC602", "\"127.0.0.1:9229:9229\"")], "{:#?}", out[1].1);
        // a file that names its own build context is linked as written (an alternative file)
        files[1].content = "services:\n  app:\n    build: ./app\n    user: \"0\"\n".into();
        let out = lint_project_with(&files, &|m| m.id == "SWC603");
        assert_eq!(out[1].1.len(), 0, "user: 0 is set, SWC603 leaves it to service-runs-as-root");
        files[1].content = "services:\n  app:\n    build: ./app\n".into();
        files[0].content = "services:\n  app:\n    build: ./app\n    user: \"10001\"\n".into();
        let out = lint_project_with(&files, &|m| m.id == "SWC603");
        assert_eq!(out[1].1.len(), 1, "{out:#?}");
    }

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
            SourceFile { path: "deploy/compose.yaml".into(), content: "services:\n  app:\n    build:\n      context: ../app\n      target: prod\n  web:\n    build: ../web\n  gone:\n    build: ./missing\n".into(), kind: None },
            SourceFile { path: "app/Dockerfile".into(), content: "FROM alpine:3.20 AS build\nFROM build AS dev\n".into(), kind: None },
            SourceFile { path: "web/Dockerfile".into(), content: "FROM nginx:1.27\n".into(), kind: None },
        ];
        let out = lint_project(&files);
        assert_eq!(out.len(), 1);
        assert!(out[0].1.iter().all(|d| d.rule_id != "SWC505"));
        let d = &out[0].1;
        assert!(d.iter().any(|d| d.rule_id == "SWC601" && d.message.contains("prod")), "{d:#?}");
    }
}

//! The rule catalogue. One rule = one file with its metadata, docs, check, fix and
//! test cases. This module holds the shared types and the registry.

pub mod compose;
pub mod dockerfile;

use crate::diagnostic::{Category, Diagnostic, Fix, Severity};
use crate::dockerfile::{model::Model, Dockerfile, Instruction, Keyword};
use crate::span::Span;
use serde::Serialize;

/// Which kind of file a rule checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Target {
    Dockerfile,
    Compose,
}

/// Whether a rule offers fixes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum FixKind {
    None,
    Sometimes,
    Always,
}

/// Everything about a rule except its check.
#[derive(Clone, Copy, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RuleMeta {
    /// Stable id (`SWD…` for Dockerfile rules). Never changes.
    pub id: &'static str,
    /// Kebab-case name describing the bad pattern.
    pub name: &'static str,
    pub target: Target,
    pub category: Category,
    /// Default severity (a policy may override it).
    pub severity: Severity,
    pub fix: FixKind,
    /// Whether the rule runs without a policy asking for it. Opinionated or noisy checks
    /// (e.g. pinning every OS package) are off by default and enabled by stricter presets.
    pub default_on: bool,
    /// One-line summary.
    pub summary: &'static str,
    /// Equivalent checks of other tools, e.g. `hadolint:DL3009`, `buildkit:JSONArgsRecommended`.
    pub equivalents: &'static [&'static str],
    /// Markdown documentation: what it does, why, example, use instead, fix safety.
    #[serde(skip)]
    pub docs: &'static str,
}

/// What a Dockerfile rule sees.
pub struct DockerfileCtx<'a> {
    pub src: &'a str,
    pub df: &'a Dockerfile,
    pub model: &'a Model,
    /// The rule options of the policy in force (`[options]`).
    pub options: &'a crate::policy::RuleOptions,
    /// The build context, when the checked files tell something about it (its
    /// `.dockerignore`, paths known to be in it); `None` for a Dockerfile checked alone.
    pub build: Option<&'a crate::context::BuildContext>,
    /// Per-file results shared by rules, computed on first use (see [`DockerfileCtx::memo`]).
    /// A list: a few keys at most, and one map type fewer in the wasm module.
    memo: std::cell::RefCell<Vec<((&'static str, bool), Matches)>>,
    /// Package-manager calls parsed once for all rules (keyed by the command's address), emptied
    /// when it grows past [`PKG_CALL_CACHE`] entries: a cache of the whole file was, for a huge
    /// file, a hash table as large as the file read in random order, while the rules read the
    /// calls in file order (most in the one pass of [`run_dockerfile_rules`]).
    pkg_calls: std::cell::RefCell<
        std::collections::HashMap<
            usize,
            Option<std::rc::Rc<dockerfile::pkg_call::PkgCall<'a>>>,
            std::hash::BuildHasherDefault<crate::dockerfile::model::NameHasher>,
        >,
    >,
    /// [`Self::final_chain`] and its stages as a set, computed on first use.
    final_chain: std::cell::OnceCell<(Vec<usize>, Vec<bool>)>,
    /// Instruction indices grouped by keyword (see [`DockerfileCtx::of_kind`]), built on first use.
    kinds: std::cell::OnceCell<(Vec<u32>, [u32; Keyword::Unknown as usize + 2])>,
}

/// The most package-manager calls [`DockerfileCtx::pkg_call`] keeps: all of a usual file's, and
/// a few hundred instructions' worth of a huge one, whose rules ask for them in file order.
const PKG_CALL_CACHE: usize = 4096;

/// Per instruction, the last earlier instruction of its stage chain matching some predicate.
pub type Matches = std::rc::Rc<Vec<Option<usize>>>;

impl<'a> DockerfileCtx<'a> {
    pub fn new(src: &'a str, df: &'a Dockerfile, model: &'a Model) -> Self {
        DockerfileCtx {
            src,
            df,
            model,
            options: &crate::policy::NO_OPTIONS,
            build: None,
            memo: Default::default(),
            pkg_calls: Default::default(),
            final_chain: Default::default(),
            kinds: Default::default(),
        }
    }

    /// The same context, with a policy's rule options.
    pub fn with_options(mut self, options: &'a crate::policy::RuleOptions) -> Self {
        self.options = options;
        self
    }

    /// The same context, with what is known of the build context.
    pub fn with_build(mut self, build: Option<&'a crate::context::BuildContext>) -> Self {
        self.build = build;
        self
    }

    /// The package-manager call `cmd` makes, parsed once per file and shared by every rule.
    pub(crate) fn pkg_call(
        &self,
        cmd: &'a crate::shell::Command,
    ) -> Option<std::rc::Rc<dockerfile::pkg_call::PkgCall<'a>>> {
        let key = cmd as *const crate::shell::Command as usize;
        if let Some(v) = self.pkg_calls.borrow().get(&key) {
            return v.clone();
        }
        let v = dockerfile::pkg_call::PkgCall::parse(cmd).map(std::rc::Rc::new);
        let mut cache = self.pkg_calls.borrow_mut();
        if cache.len() >= PKG_CALL_CACHE {
            cache.clear();
        }
        cache.insert(key, v.clone());
        v
    }

    /// [`Self::last_matching_before`], computed once per file for each `key` (a name unique to
    /// the predicate) and ONBUILD mode, so rules that ask for every instruction stay linear.
    pub fn memo(
        &self,
        key: &'static str,
        onbuild: bool,
        p: impl FnMut(usize, &Instruction) -> bool,
    ) -> std::rc::Rc<Vec<Option<usize>>> {
        self.memo_with((key, onbuild), || self.last_matching_before(onbuild, p))
    }

    /// The instructions whose keyword (the wrapped instruction's, for `ONBUILD`) is `k`, in file
    /// order, with their indices. The index is built in one pass on first use, so rules about a
    /// few kinds of instruction do not each read every instruction of the file.
    pub fn of_kind(&self, k: Keyword) -> impl Iterator<Item = (usize, &'a Instruction)> + '_ {
        self.of_kind_in(k, 0..usize::MAX)
    }

    /// [`Self::of_kind`] for the instructions whose index is in `range` (e.g. a stage's).
    pub fn of_kind_in(
        &self,
        k: Keyword,
        range: std::ops::Range<usize>,
    ) -> impl Iterator<Item = (usize, &'a Instruction)> + '_ {
        let (order, starts) = self.kinds.get_or_init(|| {
            let instructions = &self.df.instructions;
            let mut starts = [0u32; Keyword::Unknown as usize + 2];
            for ins in instructions {
                starts[ins.effective().keyword as usize + 1] += 1;
            }
            for k in 1..starts.len() {
                starts[k] += starts[k - 1];
            }
            let mut next = starts;
            let mut order = vec![0u32; instructions.len()];
            for (i, ins) in instructions.iter().enumerate() {
                let slot = &mut next[ins.effective().keyword as usize];
                if let Some(o) = order.get_mut(*slot as usize) {
                    *o = u32::try_from(i).unwrap_or(u32::MAX);
                }
                *slot += 1;
            }
            (order, starts)
        });
        let (from, to) = (starts[k as usize] as usize, starts[k as usize + 1] as usize);
        let all = order.get(from..to).unwrap_or(&[]);
        let lo = all.partition_point(|&i| (i as usize) < range.start);
        let hi = all.partition_point(|&i| (i as usize) < range.end);
        let df = self.df;
        all.get(lo..hi).unwrap_or(&[]).iter().filter_map(move |&i| Some((i as usize, df.instructions.get(i as usize)?)))
    }

    /// A per-file list computed once for all rules (and all instructions of a
    /// [`Check::Each`] rule): `f`'s result, kept under `key` (a name unique to what `f`
    /// computes) for the file's lifetime.
    pub fn memo_with(&self, key: (&'static str, bool), f: impl FnOnce() -> Vec<Option<usize>>) -> Matches {
        if let Some((_, v)) = self.memo.borrow().iter().find(|(k, _)| *k == key) {
            return v.clone();
        }
        let v = std::rc::Rc::new(f());
        self.memo.borrow_mut().push((key, v.clone()));
        v
    }

    /// Instructions of the final stage, with their indices.
    pub fn final_stage_instructions(&self) -> impl Iterator<Item = (usize, &'a Instruction)> + '_ {
        let range = self.model.final_stage().map_or(0..0, |s| s.from..s.end);
        range.map(move |i| (i, &self.df.instructions[i]))
    }
    /// Whether the shell in force at instruction `i` is a POSIX shell (no `SHELL` to
    /// PowerShell/cmd in its stage, and no Windows escape directive).
    pub fn posix_shell_at(&self, i: usize) -> bool {
        self.model.posix_shell_at(i)
    }
    /// The final stage and the earlier stages it builds on (`FROM builder`), final first.
    /// Bounded by the number of stages, so a cycle cannot loop.
    pub fn final_chain(&self) -> Vec<usize> {
        self.final_chain_memo().0.clone()
    }
    /// The instructions of the stages of the [final chain](Self::final_chain) (what the shipped
    /// image is made of), in file order. Rules about the shipped image walk these, not the
    /// whole file.
    pub fn shipped_instructions(&self) -> impl Iterator<Item = (usize, &'a Instruction)> + '_ {
        let memo = self.final_chain_memo();
        let (stages, df) = (&self.model.stages, self.df);
        memo.1.iter().enumerate().filter(|(_, m)| **m).flat_map(move |(s, _)| {
            let range = stages.get(s).map_or(0..0, |st| st.from..st.end);
            range.filter_map(move |i| Some((i, df.instructions.get(i)?)))
        })
    }
    /// The final chain, and per stage whether it is in it; computed once per file.
    fn final_chain_memo(&self) -> &(Vec<usize>, Vec<bool>) {
        self.final_chain.get_or_init(|| {
            let mut chain = Vec::new();
            let mut member = vec![false; self.model.stages.len()];
            let mut cur = self.model.stages.len().checked_sub(1);
            while let Some(i) = cur {
                match member.get_mut(i) {
                    Some(m) if !*m => *m = true,
                    _ => break,
                }
                chain.push(i);
                cur = self.model.stages.get(i).and_then(|s| s.parent_stage);
            }
            (chain, member)
        })
    }
    /// Instructions that shape the final image, last first: the final stage's, then its
    /// parent stages' (each stage's instructions in reverse order).
    pub fn final_image_instructions_rev(&self) -> impl Iterator<Item = (usize, &'a Instruction)> + '_ {
        self.final_chain().into_iter().flat_map(move |s| {
            let st = &self.model.stages[s];
            (st.from..st.end).rev().map(move |i| (i, &self.df.instructions[i]))
        })
    }
    /// For every instruction, the last earlier instruction of its stage chain (its stage and the
    /// stages it is built `FROM`) for which `p` holds: one pass, instead of scanning backwards
    /// from every instruction. With `onbuild`, ONBUILD triggers are seen as the instruction they
    /// wrap (for rules looking at an ONBUILD instruction); without it they are skipped.
    pub fn last_matching_before(
        &self,
        onbuild: bool,
        mut p: impl FnMut(usize, &Instruction) -> bool,
    ) -> Vec<Option<usize>> {
        let n = self.df.instructions.len();
        let mut out = vec![None; n];
        let mut stage_end: Vec<Option<usize>> = Vec::with_capacity(self.model.stages.len());
        for st in &self.model.stages {
            let mut state = st.parent_stage.and_then(|p| stage_end.get(p).copied()).flatten();
            let end = st.end.min(n);
            for (i, slot) in out.iter_mut().enumerate().take(end).skip(st.from) {
                *slot = state;
                let ins = &self.df.instructions[i];
                let is_onbuild = ins.keyword == crate::dockerfile::Keyword::Onbuild;
                if (!is_onbuild || onbuild) && p(i, ins.effective()) {
                    state = Some(i);
                }
            }
            stage_end.push(state);
        }
        out
    }
    /// The line ending the file uses (`\r\n` if its first line ends so).
    pub fn eol(&self) -> &'static str {
        match self.src.find('\n') {
            Some(p) if p > 0 && self.src.as_bytes()[p - 1] == b'\r' => "\r\n",
            _ => "\n",
        }
    }
    /// The stage instruction `i` is in, if it is the final stage.
    pub fn in_final_stage(&self, i: usize) -> bool {
        self.model.final_stage().is_some_and(|s| s.from <= i && i < s.end)
    }
}

/// Collects a rule's findings, filling in its metadata.
pub struct Sink<'m> {
    meta: &'m RuleMeta,
    pub out: Vec<Diagnostic>,
}

impl<'m> Sink<'m> {
    pub fn new(meta: &'m RuleMeta) -> Self {
        Sink { meta, out: Vec::new() }
    }
    /// Reports a finding; returns it so labels can be added.
    pub fn report(
        &mut self,
        span: Span,
        message: impl Into<std::borrow::Cow<'static, str>>,
        help: impl Into<std::borrow::Cow<'static, str>>,
        fix: Option<Fix>,
    ) -> &mut Diagnostic {
        self.out.push(Diagnostic {
            rule_id: std::borrow::Cow::Borrowed(self.meta.id),
            rule_name: std::borrow::Cow::Borrowed(self.meta.name),
            severity: self.meta.severity,
            category: self.meta.category,
            message: message.into(),
            help: help.into(),
            span,
            labels: Vec::new(),
            fix,
        });
        let n = self.out.len();
        &mut self.out[n - 1]
    }
}

/// A Dockerfile rule.
pub struct DockerfileRule {
    pub meta: RuleMeta,
    pub check: Check,
}

/// How a Dockerfile rule looks at the file.
#[derive(Clone, Copy)]
pub enum Check {
    /// The whole file at once (rules that relate instructions to each other in their own way).
    File(fn(&DockerfileCtx<'_>, &mut Sink<'_>)),
    /// One instruction at a time, in order: called with each instruction's index for the
    /// instructions whose keyword (the wrapped instruction's, for `ONBUILD`) is in the set. The
    /// engine calls every such rule on an instruction before moving to the next, so each
    /// instruction and its lexed scripts are read from memory once per file, not once per rule
    /// (on large files the per-rule walks were most of the time: docs/benchmarks.md).
    Each(Keywords, for<'a> fn(&DockerfileCtx<'a>, usize, &'a Instruction, &mut Sink<'_>)),
}

/// A set of instruction keywords.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Keywords(u32);

impl Keywords {
    /// Every keyword.
    pub const ALL: Keywords = Keywords(u32::MAX);

    /// The set of `list`.
    pub const fn of(list: &[Keyword]) -> Keywords {
        let mut bits = 0u32;
        let mut k = 0;
        while k < list.len() {
            bits |= 1 << list[k] as u32;
            k += 1;
        }
        Keywords(bits)
    }

    pub fn contains(self, k: Keyword) -> bool {
        self.0 >> (k as u32) & 1 != 0
    }
}

/// Runs `rules` over the file of `ctx`: the [`Check::Each`] rules together in one pass over the
/// instructions, then the [`Check::File`] rules one after the other. Findings come rule by rule
/// (each rule's in the order it reported them); callers sort them.
pub fn run_dockerfile_rules<'r>(
    ctx: &DockerfileCtx<'_>,
    rules: impl IntoIterator<Item = &'r DockerfileRule>,
) -> Vec<Diagnostic> {
    type PerInstruction = for<'a> fn(&DockerfileCtx<'a>, usize, &'a Instruction, &mut Sink<'_>);
    type WholeFile = fn(&DockerfileCtx<'_>, &mut Sink<'_>);
    let mut out = Vec::new();
    let mut each: Vec<(Keywords, PerInstruction, Sink<'r>)> = Vec::new();
    let mut file: Vec<(WholeFile, Sink<'r>)> = Vec::new();
    for rule in rules {
        match rule.check {
            Check::File(f) => file.push((f, Sink::new(&rule.meta))),
            Check::Each(keywords, f) => each.push((keywords, f, Sink::new(&rule.meta))),
        }
    }
    // Per keyword, the rules that want it, as bits of a mask (64 rules per pass over the
    // instructions: no allocation per file).
    for chunk in each.chunks_mut(64) {
        let mut wants = [0u64; Keyword::Unknown as usize + 1];
        for (r, (keywords, _, _)) in chunk.iter().enumerate() {
            let mut bits = keywords.0 & ((1 << wants.len()) - 1);
            while bits != 0 {
                if let Some(mask) = wants.get_mut(bits.trailing_zeros() as usize) {
                    *mask |= 1 << r;
                }
                bits &= bits - 1;
            }
        }
        for (i, ins) in ctx.df.instructions.iter().enumerate() {
            let mut mask = wants.get(ins.effective().keyword as usize).copied().unwrap_or(0);
            if mask == 0 {
                continue;
            }
            while mask != 0 {
                let r = mask.trailing_zeros() as usize;
                mask &= mask - 1;
                if let Some((_, f, sink)) = chunk.get_mut(r) {
                    f(ctx, i, ins, sink);
                }
            }
        }
    }
    // The whole-file rules after the pass: the RUN scripts it lexed on first use were still in
    // the cache for the other per-instruction rules.
    for (f, mut sink) in file {
        f(ctx, &mut sink);
        out.append(&mut sink.out);
    }
    for (_, _, mut sink) in each {
        out.append(&mut sink.out);
    }
    out
}

/// Every Dockerfile rule, in registry order (mostly by id; not guaranteed sorted).
pub fn dockerfile_rules() -> &'static [&'static DockerfileRule] {
    dockerfile::ALL
}

/// Every compose rule, in registry order.
pub fn compose_rules() -> &'static [&'static compose::ComposeRule] {
    compose::ALL
}

/// Metadata of every rule, sorted by id.
pub fn all_rules() -> Vec<&'static RuleMeta> {
    let mut v: Vec<&'static RuleMeta> = dockerfile_rules().iter().map(|r| &r.meta).collect();
    v.extend(compose_rules().iter().map(|r| &r.meta));
    v.extend(compose::CROSS.iter().map(|r| &r.meta));
    v.extend(compose::MERGED.iter().map(|r| &r.meta));
    crate::sort::sort_by_key(&mut v, |m| m.id);
    v
}

/// Finds a rule by id or name (case-insensitive).
pub fn find_rule(key: &str) -> Option<&'static RuleMeta> {
    all_rules().into_iter().find(|m| m.id.eq_ignore_ascii_case(key) || m.name.eq_ignore_ascii_case(key))
}

/// Runs one Dockerfile rule over a source (for tests and docs).
pub fn run_dockerfile_rule(rule: &DockerfileRule, src: &str) -> Vec<Diagnostic> {
    run_dockerfile_rule_with(rule, src, &crate::policy::NO_OPTIONS)
}

/// [`run_dockerfile_rule`] with a policy's rule options.
pub fn run_dockerfile_rule_with(
    rule: &DockerfileRule,
    src: &str,
    options: &crate::policy::RuleOptions,
) -> Vec<Diagnostic> {
    run_dockerfile_rule_in(rule, src, options, None)
}

/// [`run_dockerfile_rule_with`] with a build context.
pub fn run_dockerfile_rule_in(
    rule: &DockerfileRule,
    src: &str,
    options: &crate::policy::RuleOptions,
    build: Option<&crate::context::BuildContext>,
) -> Vec<Diagnostic> {
    // Suppression findings come from the engine, which needs every rule's results.
    if std::ptr::eq(rule, &dockerfile::suppression_without_reason::RULE)
        || std::ptr::eq(rule, &dockerfile::unused_suppression::RULE)
    {
        return crate::report::lint_dockerfile(src).into_iter().filter(|d| d.rule_id == rule.meta.id).collect();
    }
    let df = crate::dockerfile::parse(src);
    let model = Model::build(&df);
    let ctx = DockerfileCtx::new(src, &df, &model).with_options(options).with_build(build);
    run_dockerfile_rules(&ctx, [rule])
}

/// The rule options a rule's docs show under `## Options` (a TOML policy block), if any.
pub fn doc_options(docs: &str) -> Option<crate::policy::RuleOptions> {
    let block = doc_example(docs, "## Options")?;
    crate::policy::Policy::parse(block).ok().map(|p| p.options)
}

/// The build context a rule's docs describe under `## Build context`, for its examples: a
/// ```` ```text ```` block lists the paths next to the Dockerfile (one per line, `/` after a
/// directory) and a ```` ```dockerignore ```` block is the `.dockerignore` there.
pub fn doc_build_context(docs: &str) -> Option<crate::context::BuildContext> {
    let at = docs.find("## Build context")?;
    let rest = &docs[at..];
    let section = &rest[..rest[3..].find("\n## ").map_or(rest.len(), |e| e + 3)];
    let mut files = vec![crate::report::SourceFile { path: "Dockerfile".into(), content: String::new(), kind: None }];
    let mut paths: Vec<String> = Vec::new();
    let mut tail = section;
    while let Some(open) = tail.find("```") {
        let after = &tail[open + 3..];
        let nl = after.find('\n')?;
        let lang = after[..nl].trim();
        let body = &after[nl + 1..];
        let end = body.find("```")?;
        match lang {
            "dockerignore" => files.push(crate::report::SourceFile {
                path: ".dockerignore".into(),
                content: body[..end].into(),
                kind: None,
            }),
            _ => paths.extend(body[..end].lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string)),
        }
        tail = &body[end + 3..];
    }
    Some(crate::context::BuildContext::resolve("Dockerfile", &files, &paths, None))
}

/// Extracts the first fenced code block after the heading `heading` in rule docs.
pub fn doc_example<'a>(docs: &'a str, heading: &str) -> Option<&'a str> {
    let at = docs.find(heading)?;
    let rest = &docs[at + heading.len()..];
    let fence = rest.find("```")?;
    let after = &rest[fence + 3..];
    let body_start = after.find('\n')? + 1;
    let body = &after[body_start..];
    let end = body.find("```")?;
    Some(&body[..end])
}

#[cfg(test)]
pub(crate) mod testing {
    //! Helpers for the per-rule tests.
    use super::*;
    use crate::fix::apply_edits;

    /// The rule fires exactly `n` times on `src`.
    #[track_caller]
    pub fn fires(rule: &DockerfileRule, src: &str, n: usize) -> Vec<Diagnostic> {
        let d = run_dockerfile_rule(rule, src);
        assert_eq!(d.len(), n, "{} on:\n{src}\ngave: {:#?}", rule.meta.name, d);
        for x in &d {
            assert!(x.span.end <= src.len() && x.span.start <= x.span.end, "span out of range");
            assert!(!x.message.is_empty() && !x.help.is_empty());
        }
        d
    }

    /// With the options of the policy `policy` (TOML), the rule fires exactly `n` times on `src`.
    #[track_caller]
    pub fn fires_with(rule: &DockerfileRule, policy: &str, src: &str, n: usize) -> Vec<Diagnostic> {
        let p = crate::policy::Policy::parse(policy).unwrap_or_else(|e| panic!("bad test policy: {e:?}"));
        let d = run_dockerfile_rule_with(rule, src, &p.options);
        assert_eq!(d.len(), n, "{} with {policy} on:\n{src}\ngave: {:#?}", rule.meta.name, d);
        d
    }

    /// A build context holding `files` (`(path, content)`, `.dockerignore` among them) and
    /// the further known `paths`, for a `Dockerfile` at the root.
    pub fn context(files: &[(&str, &str)], paths: &[&str]) -> crate::context::BuildContext {
        let files: Vec<crate::report::SourceFile> = files
            .iter()
            .map(|(p, c)| crate::report::SourceFile { path: (*p).into(), content: (*c).into(), kind: None })
            .collect();
        let paths: Vec<String> = paths.iter().map(|p| (*p).to_string()).collect();
        crate::context::BuildContext::resolve("Dockerfile", &files, &paths, None)
    }

    /// With the build context `build`, the rule fires exactly `n` times on `src`.
    #[track_caller]
    pub fn fires_in(
        rule: &DockerfileRule,
        build: &crate::context::BuildContext,
        src: &str,
        n: usize,
    ) -> Vec<Diagnostic> {
        let d = run_dockerfile_rule_in(rule, src, &crate::policy::NO_OPTIONS, Some(build));
        assert_eq!(d.len(), n, "{} on:\n{src}\nwith {build:?}\ngave: {:#?}", rule.meta.name, d);
        for x in &d {
            assert!(x.span.end <= src.len() && x.span.start <= x.span.end, "span out of range");
            assert!(!x.message.is_empty() && !x.help.is_empty());
        }
        d
    }

    /// The rule does not fire on `src`.
    #[track_caller]
    pub fn clean(rule: &DockerfileRule, src: &str) {
        fires(rule, src, 0);
    }

    /// Applying the fix of every finding gives `expected`, which no longer fires.
    #[track_caller]
    pub fn fixes_to(rule: &DockerfileRule, src: &str, expected: &str) {
        let d = run_dockerfile_rule(rule, src);
        assert!(!d.is_empty(), "{} did not fire on:\n{src}", rule.meta.name);
        let edits: Vec<_> = d.iter().filter_map(|x| x.fix.as_ref()).flat_map(|f| f.edits.clone()).collect();
        assert!(!edits.is_empty(), "no fix offered");
        let out = apply_edits(src, &edits).expect("edits overlap");
        assert_eq!(out, expected);
        let again = run_dockerfile_rule(rule, &out);
        assert!(again.iter().all(|x| x.fix.is_none()), "fix is not idempotent: {again:#?}");
    }

    /// The rule fires but offers no fix.
    #[track_caller]
    #[allow(dead_code)] // used by rules whose fixes are conditional
    pub fn no_fix(rule: &DockerfileRule, src: &str) {
        let d = run_dockerfile_rule(rule, src);
        assert!(!d.is_empty());
        assert!(d.iter().all(|x| x.fix.is_none()), "{d:#?}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_names_are_unique_and_well_formed() {
        let all = all_rules();
        for (i, a) in all.iter().enumerate() {
            assert!((a.id.starts_with("SWD") || a.id.starts_with("SWC")) && a.id.len() == 6, "{}", a.id);
            assert!(a.name.bytes().all(|c| c.is_ascii_lowercase() || c == b'-'), "{}", a.name);
            for b in &all[i + 1..] {
                assert_ne!(a.id, b.id);
                assert_ne!(a.name, b.name);
            }
            for h in ["## What it does", "## Why is this bad?", "## Example", "## Use instead"] {
                assert!(a.docs.contains(h), "{} docs lack {h}", a.name);
            }
            if a.fix != FixKind::None {
                assert!(a.docs.contains("## Fix safety"), "{} docs lack ## Fix safety", a.name);
            }
        }
    }

    #[test]
    fn doc_examples_are_executed() {
        for rule in dockerfile_rules() {
            let bad = doc_example(rule.meta.docs, "## Example").expect("example block");
            let good = doc_example(rule.meta.docs, "## Use instead").expect("use-instead block");
            let options = match rule.meta.docs.contains("## Options") {
                true => doc_options(rule.meta.docs).unwrap_or_else(|| panic!("{}: bad ## Options", rule.meta.name)),
                false => crate::policy::RuleOptions::default(),
            };
            let build = doc_build_context(rule.meta.docs);
            let d = run_dockerfile_rule_in(rule, bad, &options, build.as_ref());
            assert_eq!(d.len(), 1, "{}: the example must fire exactly once, got {d:#?}", rule.meta.name);
            let d = run_dockerfile_rule_in(rule, good, &options, build.as_ref());
            assert!(d.is_empty(), "{}: the fixed example must not fire, got {d:#?}", rule.meta.name);
        }
    }

    #[test]
    fn declared_fix_availability_matches_behaviour() {
        for rule in dockerfile_rules() {
            let bad = doc_example(rule.meta.docs, "## Example").unwrap_or("");
            let build = doc_build_context(rule.meta.docs);
            let d = run_dockerfile_rule_in(rule, bad, &crate::policy::NO_OPTIONS, build.as_ref());
            match rule.meta.fix {
                FixKind::None => assert!(d.iter().all(|x| x.fix.is_none()), "{} declares no fix", rule.meta.name),
                FixKind::Always => assert!(d.iter().all(|x| x.fix.is_some()), "{} declares always-fix", rule.meta.name),
                FixKind::Sometimes => {}
            }
            for x in &d {
                if let Some(f) = &x.fix {
                    assert!(!f.title.is_empty());
                }
            }
        }
    }
}

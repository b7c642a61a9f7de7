//! SWD020 invalid-default-arg-in-from

use crate::diagnostic::{Category, Label, Severity};
use crate::dockerfile::model::PREDEFINED_ARGS;
use crate::dockerfile::words::{scan_var_refs, unquote};
use crate::dockerfile::{Args, Keyword};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};
use crate::span::Span;

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD020",
        name: "invalid-default-arg-in-from",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: true,
        summary: "With the ARG defaults, a FROM image reference is empty or invalid.",
        equivalents: &["buildkit:InvalidDefaultArgInFrom"],
        docs: rule_docs!(
            r#"## What it does
Substitutes the defaults of the global `ARG`s (an `ARG` without a default counts as empty)
into each `FROM` image that uses variables, and reports the result when it is not a valid
image reference: empty, ending in `:` or `@`, starting with `/`, with an empty path
component, or with upper-case letters in the repository name. Images that depend on
BuildKit's automatic platform arguments, or on undeclared names (see
`undefined-arg-in-from`), are not evaluated.

## Why is this bad?
The file only builds when every such argument is passed with `--build-arg`. A plain
`docker build .`, a CI job or a colleague that does not know the arguments gets an "invalid
reference format" error instead of a working default.

## Example
```dockerfile
ARG TAG
FROM alpine:${TAG}
```

## Use instead
```dockerfile
ARG TAG=3.20
FROM alpine:${TAG}
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

/// A global argument's value with defaults only.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Val {
    Unset,
    Set(String),
}

/// Expands `text` with `vals`; `None` when a variable is undeclared, unknowable (automatic
/// platform arguments) or uses an operator this check does not evaluate.
fn expand(text: &str, vals: &[(String, Option<Val>)], escape: char, depth: usize) -> Option<String> {
    let refs = scan_var_refs(text, 0, text.len(), escape);
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for r in refs {
        out.push_str(text.get(last..r.start)?);
        // `None`: not declared (or automatic); `Some(v)`: declared
        let val = vals.iter().rev().find(|(n, _)| *n == r.name).and_then(|(_, v)| v.clone())?;
        let operand = || -> Option<String> {
            let op = r.operand.clone().unwrap_or_default();
            if depth >= 2 && op.contains('$') {
                return None;
            }
            expand(&op, vals, escape, depth + 1)
        };
        let piece = match (r.modifier.as_str(), &val) {
            ("" | "?" | ":?", Val::Set(v)) => v.clone(),
            ("" | "?" | ":?", Val::Unset) => String::new(),
            (":-", Val::Set(v)) if !v.is_empty() => v.clone(),
            (":-", _) => operand()?,
            ("-", Val::Set(v)) => v.clone(),
            ("-", Val::Unset) => operand()?,
            (":+", Val::Set(v)) if !v.is_empty() => operand()?,
            (":+", _) => String::new(),
            ("+", Val::Set(_)) => operand()?,
            ("+", Val::Unset) => String::new(),
            _ => return None,
        };
        out.push_str(&piece);
        last = r.end;
    }
    out.push_str(text.get(last..)?);
    Some(out)
}

fn valid_tag(t: &str) -> bool {
    !t.is_empty()
        && t.len() <= 128
        && !t.starts_with(['.', '-'])
        && t.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

fn valid_path_component(c: &str) -> bool {
    let b = c.as_bytes();
    !c.is_empty()
        && b.first().is_some_and(|x| x.is_ascii_lowercase() || x.is_ascii_digit())
        && b.last().is_some_and(|x| x.is_ascii_lowercase() || x.is_ascii_digit())
        && b.iter().all(|x| x.is_ascii_lowercase() || x.is_ascii_digit() || matches!(x, b'.' | b'_' | b'-'))
}

fn valid_domain(c: &str) -> bool {
    !c.is_empty()
        && !c.starts_with(['.', '-', ':'])
        && c.bytes().all(|x| x.is_ascii_alphanumeric() || matches!(x, b'.' | b'-' | b':' | b'[' | b']'))
}

/// An approximation of Docker's reference grammar (`[domain/]path[:tag][@digest]`).
fn valid_reference(s: &str) -> bool {
    let (rest, digest) = match s.split_once('@') {
        Some((r, d)) => (r, Some(d)),
        None => (s, None),
    };
    if let Some(d) = digest {
        match d.split_once(':') {
            Some((alg, hex)) if !alg.is_empty() && !hex.is_empty() => {}
            _ => return false,
        }
    }
    let last_slash = rest.rfind('/').map_or(0, |p| p + 1);
    let (name, tag) = match rest.get(last_slash..).and_then(|t| t.rfind(':')) {
        Some(p) => (&rest[..last_slash + p], Some(&rest[last_slash + p + 1..])),
        None => (rest, None),
    };
    if tag.is_some_and(|t| !valid_tag(t)) {
        return false;
    }
    let comps: Vec<&str> = name.split('/').collect();
    let domain = comps.len() > 1
        && comps
            .first()
            .is_some_and(|c| c.contains(['.', ':']) || *c == "localhost" || c.chars().any(char::is_uppercase));
    comps.iter().enumerate().all(|(i, c)| if i == 0 && domain { valid_domain(c) } else { valid_path_component(c) })
}

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    // global ARGs with their defaults expanded in order; `None` marks an unknowable value
    let mut vals: Vec<(String, Option<Val>)> = Vec::new();
    for (name, default) in &ctx.model.global_args {
        let v = match default {
            // BuildKit fills in automatic platform arguments even when declared without a default
            None if PREDEFINED_ARGS.contains(&name.as_str()) => None,
            None => Some(Val::Unset),
            Some(d) => expand(d, &vals, ctx.df.escape, 0).map(Val::Set),
        };
        vals.push((name.clone(), v));
    }
    let stage_names: Vec<&str> = ctx.model.stages.iter().filter_map(|s| s.name.as_deref()).collect();
    for st in &ctx.model.stages {
        if scan_var_refs(&st.base.value, 0, st.base.value.len(), ctx.df.escape).is_empty() {
            continue;
        }
        // quotes are removed after expansion, as BuildKit's word processing does
        let Some(image) = expand(&st.base.value, &vals, ctx.df.escape, 0).map(|v| unquote(&v, ctx.df.escape)) else {
            continue;
        };
        if image.eq_ignore_ascii_case("scratch") || stage_names.contains(&image.to_lowercase().as_str()) {
            continue;
        }
        if valid_reference(&image) {
            continue;
        }
        let shown = if image.is_empty() { "an empty string".to_string() } else { format!("`{image}`") };
        let d = sink.report(
            st.base.span,
            format!("With the default ARG values, the base image `{}` becomes {shown}, which is not a valid image reference", st.base.value),
            "Give the ARG a default that makes a valid reference (e.g. `ARG TAG=3.20`).",
            None,
        );
        // point at the declarations whose defaults are missing or empty
        for r in scan_var_refs(&st.base.value, 0, st.base.value.len(), ctx.df.escape) {
            if let Some(span) = empty_declaration(ctx, &r.name, &vals) {
                d.labels.push(Label { span, message: format!("`{}` has no default here", r.name) });
            }
        }
    }
}

/// The global `ARG` pair declaring `name`, when its default is missing or empty.
fn empty_declaration(ctx: &DockerfileCtx<'_>, name: &str, vals: &[(String, Option<Val>)]) -> Option<Span> {
    let v = vals.iter().rev().find(|(n, _)| n == name)?.1.clone()?;
    if v != Val::Unset && v != Val::Set(String::new()) {
        return None;
    }
    let first_from = ctx.model.stages.first().map_or(ctx.df.instructions.len(), |s| s.from);
    ctx.df.instructions.get(..first_from)?.iter().rev().filter(|i| i.keyword == Keyword::Arg).find_map(|i| {
        match &i.args {
            Args::ArgNames { pairs } => pairs.iter().rev().find(|p| p.key.value == name).map(|p| p.span),
            _ => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn references() {
        for ok in ["alpine", "alpine:3.20", "ghcr.io/a/b:1", "localhost:5000/x", "a@sha256:00", "MyReg.io/x/y"] {
            assert!(valid_reference(ok), "{ok}");
        }
        for bad in ["", "alpine:", "alpine@", "/app:1", "a//b", "Alpine", ":1", "a:-x"] {
            assert!(!valid_reference(bad), "{bad}");
        }
    }

    #[test]
    fn fires_on_empty_or_invalid_results() {
        let d = fires(&RULE, "ARG TAG\nFROM alpine:${TAG}\n", 1);
        assert_eq!(d[0].labels.len(), 1);
        fires(&RULE, "ARG IMAGE\nFROM $IMAGE\n", 1);
        fires(&RULE, "ARG REGISTRY=\nFROM ${REGISTRY}/app:1\n", 1);
        fires(&RULE, "ARG A=x\nARG B=${A}:\nFROM img$B\n", 1);
        fires(&RULE, "ARG V\nFROM a:${V:+$V}\n", 1);
    }

    #[test]
    fn quiet_on_valid_defaults_and_unknowable_values() {
        clean(&RULE, "ARG TAG=3.20\nARG R=docker.io\nFROM ${R}/alpine:${TAG}\n");
        clean(&RULE, "ARG TAG\nFROM alpine:${TAG:-3.20}\n");
        clean(&RULE, "ARG V=1\nFROM a:${V}-${TARGETARCH}\nFROM b:$UNDECLARED\n");
        clean(&RULE, "ARG BASE=builder\nFROM alpine:3 AS builder\nFROM ${BASE}\n");
        clean(&RULE, "ARG BASE\nFROM alpine\nFROM scratch\n");
        clean(&RULE, "ARG TARGETARCH\nFROM img:${TARGETARCH}\n");
        clean(&RULE, "ARG TAG=3.20\nFROM alpine:\"${TAG}\"\nFROM debian:bookworm-\"${TAG}\"-slim\n");
    }
}

//! SWD010 copy-from-unknown-stage
//!
//! Also holds [`resolve_from`], shared with `copy_from_own_stage`.

use crate::diagnostic::{Category, Label, Severity};
use crate::dockerfile::{Flag, Keyword};
use crate::rules::dockerfile::unknown_instruction::{close_matches, did_you_mean};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD010",
        name: "copy-from-unknown-stage",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: true,
        summary: "`COPY --from=` names neither an earlier stage nor an image reference.",
        equivalents: &["hadolint:DL3022", "kics:copy_from_without_from_alias_defined_previously"],
        docs: rule_docs!(
            r#"## What it does
Finds `COPY --from=x` where `x` (after substituting global `ARG` defaults) is not the name or
index of an earlier stage, and does not look like an image reference (it has no `/`, `:` or
`@`). A name or index of a *later* stage is reported too. Values that depend on an `ARG`
without a default, and `COPY` inside `ONBUILD` (which runs in another Dockerfile), are left
alone.

## Why is this bad?
When no stage has the name, BuildKit takes it for an image and tries to pull it: a typo in a
stage name becomes a confusing "pull access denied" error, or silently copies files from an
unrelated public image of that name. Copying from a later stage works in BuildKit but reads
backwards and breaks with other builders. If the name is a build context passed with
`--build-context`, this check does not apply.

## Example
```dockerfile
FROM golang:1.23 AS build
RUN go build -o /out/app .
FROM gcr.io/distroless/static-debian12
COPY --from=buidl /out/app /app
```

## Use instead
```dockerfile
FROM golang:1.23 AS build
RUN go build -o /out/app .
FROM gcr.io/distroless/static-debian12
COPY --from=build /out/app /app
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

/// What a `--from=` value refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FromRef {
    /// A stage of this file, by index.
    Stage(usize),
    /// An image reference (has `/`, `:` or `@`).
    Image,
    /// The value depends on a variable without a default.
    Unresolved,
    /// Neither a stage name, a stage index, nor an image reference.
    Unknown,
}

/// Resolves a `--from=` value (global ARG defaults substituted); returns the resolved text.
pub(crate) fn resolve_from(ctx: &DockerfileCtx<'_>, value: &str) -> (String, FromRef) {
    let resolved = if value.contains('$') {
        match ctx.model.expand(value, ctx.df.escape) {
            Some(v) => v,
            None => return (value.to_string(), FromRef::Unresolved),
        }
    } else {
        value.to_string()
    };
    let lower = resolved.to_lowercase();
    if !lower.is_empty() && lower.bytes().all(|b| b.is_ascii_digit()) {
        return match lower.parse::<usize>() {
            Ok(n) if n < ctx.model.stages.len() => (resolved, FromRef::Stage(n)),
            _ => (resolved, FromRef::Unknown),
        };
    }
    if let Some(k) = ctx.model.stage_by_name(&lower) {
        return (resolved, FromRef::Stage(k));
    }
    if resolved.contains(['/', ':', '@']) {
        return (resolved, FromRef::Image);
    }
    (resolved, FromRef::Unknown)
}

/// `--from` flags of top-level COPY instructions, with the index of their stage.
pub(crate) fn copy_from_flags<'a>(ctx: &'a DockerfileCtx<'_>) -> Vec<(usize, &'a Flag)> {
    let mut out = Vec::new();
    for (i, ins) in ctx.of_kind(Keyword::Copy) {
        let Some(s) = ctx.model.stage_of(i) else { continue };
        if ins.keyword != Keyword::Copy {
            continue;
        }
        out.extend(
            ins.flags
                .iter()
                .filter(|f| f.name == "from" && f.value.as_deref().is_some_and(|v| !v.is_empty()))
                .map(|f| (s, f)),
        );
    }
    out
}

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    for (s, flag) in copy_from_flags(ctx) {
        let Some(value) = flag.value.as_deref() else { continue };
        let span = flag.value_span.unwrap_or(flag.span);
        let (resolved, r) = resolve_from(ctx, value);
        match r {
            FromRef::Stage(k) if k > s => {
                let d = sink.report(
                    span,
                    format!("`--from={value}` copies from stage `{resolved}`, which is defined after this one"),
                    "Move the stage this COPY reads from above the stage that copies from it.",
                    None,
                );
                if let Some(ns) = ctx.model.stages[k].name_span {
                    d.labels.push(Label { span: ns, message: "defined here".to_string() });
                }
            }
            FromRef::Unknown => {
                // the nearest 64 stage names are enough for a suggestion, and keep this linear
                let earlier: Vec<&str> =
                    ctx.model.stages[..s].iter().rev().filter_map(|st| st.name.as_deref()).take(64).collect();
                let cands = close_matches(&resolved.to_lowercase(), earlier, 2, true);
                let message = if resolved.bytes().all(|b| b.is_ascii_digit()) {
                    format!("`--from={value}` is not the index of a stage of this Dockerfile")
                } else {
                    format!(
                        "`--from={value}` names no stage of this Dockerfile, so BuildKit pulls an image called `{resolved}`"
                    )
                };
                sink.report(
                    span,
                    message,
                    format!(
                        "Name a stage defined above, or give a full image reference with a tag.{}",
                        did_you_mean(&cands)
                    ),
                    None,
                );
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_unknown_and_later_stages() {
        let d = fires(&RULE, "FROM a:1 AS build\nFROM b:1\nCOPY --from=biuld /a /b\n", 1);
        assert!(d[0].help.contains("`build`"));
        fires(&RULE, "FROM a:1\nCOPY --from=later /a /b\nFROM b:1 AS later\n", 1);
        fires(&RULE, "FROM a:1\nCOPY --from=3 /a /b\nFROM b:1\n", 1);
        fires(&RULE, "FROM a:1\nCOPY --from=nginx /etc/nginx /etc/nginx\n", 1);
        fires(&RULE, "ARG SRC=builder\nFROM a:1\nCOPY --from=${SRC} /a /b\n", 1);
    }

    #[test]
    fn quiet_on_stages_images_and_unresolved_args() {
        clean(&RULE, "FROM a:1 AS Build\nFROM b:1\nCOPY --from=build /a /b\nCOPY --from=0 /a /b\n");
        clean(&RULE, "FROM a:1\nCOPY --from=nginx:1.27 /a /b\nCOPY --from=ghcr.io/x/y /a /b\n");
        clean(&RULE, "FROM a:1\nCOPY --from=busybox@sha256:abc /a /b\n");
        clean(&RULE, "ARG SRC\nFROM a:1\nCOPY --from=$SRC /a /b\n");
        clean(&RULE, "ARG SRC=build\nFROM a:1 AS build\nFROM b:1\nCOPY --from=${SRC} /a /b\n");
        clean(&RULE, "FROM a:1\nONBUILD COPY --from=elsewhere /a /b\n");
        // copying from its own stage is copy-from-own-stage
        clean(&RULE, "FROM a:1 AS x\nCOPY --from=x /a /b\n");
    }
}

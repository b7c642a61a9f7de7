//! SWD007 stage-name-casing

use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::dockerfile::Keyword;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};
use crate::span::Span;

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD007",
        name: "stage-name-casing",
        target: Target::Dockerfile,
        category: Category::Maintainability,
        severity: Severity::Style,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "A stage name has upper-case letters.",
        equivalents: &["buildkit:StageNameCasing"],
        docs: rule_docs!(
            r#"## What it does
Finds `FROM ... AS Name` where the stage name is not all lower-case.

## Why is this bad?
Stage names are case-insensitive, while image references must be lower-case. Writing
`--from=Builder` next to `--from=builder` suggests two different things, and a mixed-case
name reads like an image that does not exist. BuildKit warns about it.

## Example
```dockerfile
FROM golang:1.23 AS Builder
RUN go build -o /out/app .
FROM gcr.io/distroless/static-debian12
COPY --from=Builder /out/app /app
```

## Use instead
```dockerfile
FROM golang:1.23 AS builder
RUN go build -o /out/app .
FROM gcr.io/distroless/static-debian12
COPY --from=builder /out/app /app
```

## Fix safety
Safe: the fix lower-cases the name and every literal reference to it (`FROM Name`,
`COPY --from=Name`, `RUN --mount=...,from=Name`). BuildKit compares stage names
case-insensitively, so the build does not change. No fix is offered when another stage has
the same name in a different case (see `duplicate-stage-name`), or when a reference is
spread over continuation lines.
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

/// Where `from=<name>` sits in a `--mount` value: spans of every `from=` value equal to
/// `name` (case-insensitively), or `None` if the value is not written plainly.
fn mount_from_spans(src: &str, value_span: Span, value: &str, name: &str) -> Option<Vec<Span>> {
    if value_span.text(src) != value {
        return None;
    }
    let mut out = Vec::new();
    let mut off = value_span.start;
    for part in value.split(',') {
        if let Some((k, v)) = part.split_once('=') {
            if k.trim().eq_ignore_ascii_case("from") && v.eq_ignore_ascii_case(name) {
                let start = off + k.len() + 1;
                out.push(Span::new(start, start + v.len()));
            }
        }
        off += part.len() + 1;
    }
    Some(out)
}

/// Literal references to stage `name` anywhere in the file (top-level instructions),
/// or `None` if one of them cannot be rewritten safely.
fn references(ctx: &DockerfileCtx<'_>, name: &str) -> Option<Vec<Span>> {
    let mut out = Vec::new();
    for st in &ctx.model.stages {
        if st.base.value.eq_ignore_ascii_case(name) {
            if st.base.span.text(ctx.src) != st.base.value {
                return None;
            }
            out.push(st.base.span);
        }
    }
    for ins in &ctx.df.instructions {
        for f in &ins.flags {
            let (Some(v), Some(vs)) = (&f.value, f.value_span) else { continue };
            match (ins.keyword, f.name.as_str()) {
                (Keyword::Copy, "from") if v.eq_ignore_ascii_case(name) => {
                    if vs.text(ctx.src) != v {
                        return None;
                    }
                    out.push(vs);
                }
                (Keyword::Run, "mount") => out.extend(mount_from_spans(ctx.src, vs, v, name)?),
                _ => {}
            }
        }
    }
    Some(out)
}

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    for (k, st) in ctx.model.stages.iter().enumerate() {
        let (Some(name), Some(span)) = (&st.name, st.name_span) else { continue };
        let written = span.text(ctx.src);
        if !written.chars().any(|c| c.is_uppercase()) {
            continue;
        }
        let duplicated = ctx.model.stages.iter().enumerate().any(|(j, s)| j != k && s.name.as_ref() == Some(name));
        let fix = if duplicated || written.to_lowercase() != *name {
            None
        } else {
            references(ctx, name).map(|refs| {
                let mut edits = vec![Edit::replace(span, name.clone())];
                for r in refs {
                    let text = r.text(ctx.src);
                    if text != name && !edits.iter().any(|e| e.span == r) {
                        edits.push(Edit::replace(r, name.clone()));
                    }
                }
                Fix::safe(format!("Rename stage `{written}` to `{name}`"), edits)
            })
        };
        sink.report(
            span,
            format!("Stage name `{written}` is not lower-case"),
            format!("Write it as `{name}`, here and where it is referenced."),
            fix,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_upper_case_names() {
        fires(&RULE, "FROM a:1 AS Build\nFROM b:1 AS TEST\nFROM c:1 AS ok\n", 2);
    }

    #[test]
    fn fixes_name_and_references() {
        fixes_to(
            &RULE,
            "FROM a:1 AS Build\nRUN x\nFROM BUILD AS next\nFROM c:1\nCOPY --from=Build /a /b\n\
             RUN --mount=type=cache,from=BuilD,target=/x true\n",
            "FROM a:1 AS build\nRUN x\nFROM build AS next\nFROM c:1\nCOPY --from=build /a /b\n\
             RUN --mount=type=cache,from=build,target=/x true\n",
        );
        fixes_to(
            &RULE,
            "FROM a:1 AS Build\r\nFROM b:1\r\nCOPY --from=Build /a /b\r\n",
            "FROM a:1 AS build\r\nFROM b:1\r\nCOPY --from=build /a /b\r\n",
        );
    }

    #[test]
    fn no_fix_with_duplicates_or_odd_references() {
        no_fix(&RULE, "FROM a:1 AS Build\nFROM b:1 AS build\n");
        no_fix(&RULE, "FROM a:1 AS Build\nFROM b:1\nCOPY --from=\"Build\" /a /b\n");
    }

    #[test]
    fn quiet_on_lower_case_and_unnamed_stages() {
        clean(&RULE, "FROM Alpine:3 AS base\nFROM base\nCOPY --from=Other /a /b\n");
    }
}

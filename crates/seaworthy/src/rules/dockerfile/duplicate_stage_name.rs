//! SWD005 duplicate-stage-name

use crate::diagnostic::{Category, Label, Severity};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD005",
        name: "duplicate-stage-name",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: true,
        summary: "Two build stages share a name.",
        equivalents: &[
            "hadolint:DL3024",
            "buildkit:DuplicateStageName",
            "trivy:DS-0012",
            "checkov:CKV_DOCKER_11",
            "kics:same_alias_in_different_froms",
        ],
        docs: rule_docs!(
            r#"## What it does
Finds a `FROM ... AS name` whose name an earlier stage already uses. Stage names are
compared case-insensitively, as BuildKit does.

## Why is this bad?
BuildKit refuses the file ("duplicate stage name"). Older builders accepted it and let
`COPY --from=name` silently pick one of the stages, so the copied files depended on the
builder.

## Example
```dockerfile
FROM golang:1.23 AS build
RUN go build -o /out/app .
FROM node:22 AS build
RUN npm run build
```

## Use instead
```dockerfile
FROM golang:1.23 AS build-go
RUN go build -o /out/app .
FROM node:22 AS build-web
RUN npm run build
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    let mut firsts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (k, st) in ctx.model.stages.iter().enumerate() {
        let (Some(name), Some(span)) = (&st.name, st.name_span) else { continue };
        let first_k = *firsts.entry(name.as_str()).or_insert(k);
        if first_k == k {
            continue;
        }
        let first = &ctx.model.stages[first_k];
        let written = span.text(ctx.src);
        let d = sink.report(
            span,
            format!("Stage name `{written}` is already used by an earlier stage"),
            "Give each stage its own name, and update the `--from=` and `FROM` references to the renamed one.",
            None,
        );
        if let Some(first_span) = first.name_span {
            d.labels.push(Label { span: first_span, message: "first defined here".to_string() });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_repeated_names_case_insensitively() {
        let d = fires(&RULE, "FROM a:1 AS build\nFROM b:1 AS Build\nFROM c:1 AS build\n", 2);
        assert_eq!(d[0].labels.len(), 1);
        assert_eq!(d[0].labels[0].span, d[1].labels[0].span);
    }

    #[test]
    fn quiet_on_unique_names() {
        clean(&RULE, "FROM a:1 AS build\nFROM build AS test\nFROM b:1\nFROM c:1\n");
    }
}

//! SWD006 reserved-stage-name

use crate::diagnostic::{Category, Severity};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD006",
        name: "reserved-stage-name",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: true,
        summary: "A stage is named `scratch` or `context`, names BuildKit reserves.",
        equivalents: &["hadolint:DL3063", "buildkit:ReservedStageName"],
        docs: rule_docs!(
            r#"## What it does
Finds stages named `scratch` or `context` (in any case).

## Why is this bad?
`scratch` already means the empty image and `context` the build context, so `FROM scratch`
or `COPY --from=context` would not refer to the stage. BuildKit warns, and references to the
stage do not do what they say.

## Example
```dockerfile
FROM alpine:3.20 AS scratch
RUN apk add --no-cache ca-certificates
```

## Use instead
```dockerfile
FROM alpine:3.20 AS certs
RUN apk add --no-cache ca-certificates
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    for st in &ctx.model.stages {
        let (Some(name), Some(span)) = (&st.name, st.name_span) else { continue };
        if name != "scratch" && name != "context" {
            continue;
        }
        let meaning = if name == "scratch" { "the empty base image" } else { "the build context" };
        sink.report(
            span,
            format!("Stage name `{}` is reserved: `{name}` already means {meaning}", span.text(ctx.src)),
            "Rename the stage (and its `--from=` references), e.g. to what the stage builds.",
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_reserved_names() {
        fires(&RULE, "FROM a:1 AS scratch\nFROM b:1 AS CONTEXT\n", 2);
    }

    #[test]
    fn quiet_on_other_names_and_scratch_base() {
        clean(&RULE, "FROM scratch AS base\nFROM a:1 AS scratchpad\nFROM scratch\n");
    }
}

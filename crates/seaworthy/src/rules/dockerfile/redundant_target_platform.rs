//! SWD026 redundant-target-platform

use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::dockerfile::Keyword;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};
use crate::span::Span;

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD026",
        name: "redundant-target-platform",
        target: Target::Dockerfile,
        category: Category::Maintainability,
        severity: Severity::Style,
        fix: FixKind::Always,
        default_on: true,
        summary: "`FROM --platform=$TARGETPLATFORM` repeats the default.",
        equivalents: &["hadolint:DL3065", "buildkit:RedundantTargetPlatform"],
        docs: rule_docs!(
            r#"## What it does
Finds `FROM --platform=$TARGETPLATFORM` (or `${TARGETPLATFORM}`).

## Why is this bad?
Every stage is built for the target platform unless told otherwise, so the flag does
nothing. It is often a mistake for `$BUILDPLATFORM`, the usual choice for a stage that
cross-compiles, and it makes readers look for a reason that is not there.

## Example
```dockerfile
FROM --platform=$TARGETPLATFORM alpine:3.20
RUN apk add --no-cache curl
```

## Use instead
```dockerfile
FROM alpine:3.20
RUN apk add --no-cache curl
```

## Fix safety
Safe: the fix removes the flag, and BuildKit builds the stage for the target platform either
way.
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    for st in &ctx.model.stages {
        let Some(ins) = ctx.df.instructions.get(st.from).filter(|i| i.keyword == Keyword::From) else { continue };
        for f in ins.flags.iter().filter(|f| f.name == "platform") {
            let Some(v) = f.value.as_deref() else { continue };
            if v != "$TARGETPLATFORM" && v != "${TARGETPLATFORM}" {
                continue;
            }
            // the flag and the blanks after it, on the same line
            let rest = ctx.src.get(f.span.end..).unwrap_or("");
            let blanks = rest.len() - rest.trim_start_matches([' ', '\t']).len();
            let span = Span::new(f.span.start, f.span.end + blanks);
            sink.report(
                f.span,
                format!("`--platform={v}` is the default platform of every stage"),
                "Remove the flag (or use `$BUILDPLATFORM` if the stage should run on the build machine).",
                Some(Fix::safe("Remove `--platform`", vec![Edit::delete(span)])),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_and_removes_the_flag() {
        fires(&RULE, "FROM --platform=$TARGETPLATFORM a:1\nFROM --platform=${TARGETPLATFORM} b:1 AS x\n", 2);
        fixes_to(&RULE, "FROM --platform=$TARGETPLATFORM  a:1\n", "FROM a:1\n");
        fixes_to(&RULE, "from --platform=${TARGETPLATFORM}\tb:1 AS x\r\n", "from b:1 AS x\r\n");
        fixes_to(&RULE, "FROM --platform=$TARGETPLATFORM \\\n  a:1\n", "FROM \\\n  a:1\n");
    }

    #[test]
    fn quiet_on_other_platforms() {
        clean(&RULE, "FROM --platform=$BUILDPLATFORM a:1\nFROM --platform=linux/amd64 b:1\n");
        clean(&RULE, "FROM --platform=${TARGETPLATFORM:-linux/amd64} a:1\nFROM a:1\n");
    }
}

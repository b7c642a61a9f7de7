//! SWD002 empty-continuation-line

use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::dockerfile::ParseErrorKind;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD002",
        name: "empty-continuation-line",
        target: Target::Dockerfile,
        category: Category::Maintainability,
        severity: Severity::Warning,
        fix: FixKind::Always,
        default_on: true,
        summary: "A blank line inside a `\\` continuation.",
        equivalents: &["buildkit:NoEmptyContinuation"],
        docs: rule_docs!(
            r#"## What it does
Finds blank lines inside an instruction that continues over several lines.

## Why is this bad?
BuildKit skips such lines with a warning, and a future Dockerfile syntax may reject them. A
reader easily takes the blank line for the end of the instruction.

## Example
```dockerfile
FROM alpine:3.20
RUN apk add --no-cache curl \

    jq
```

## Use instead
```dockerfile
FROM alpine:3.20
RUN apk add --no-cache curl \
    jq
```

## Fix safety
Safe: BuildKit already ignores the line, so deleting it does not change the build.
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    for e in ctx.df.errors.iter().filter(|e| e.kind == ParseErrorKind::Warning && e.code == "empty-continuation-line") {
        sink.report(
            e.span,
            "Empty line inside a continued instruction",
            "Delete the blank line, or end the instruction before it.",
            Some(Fix::safe("Delete the empty line", vec![Edit::delete(e.span)])),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn finds_and_deletes_blank_continuation_lines() {
        fires(&RULE, "FROM a\nRUN a \\\n\n  \n  b\n", 2);
        fixes_to(&RULE, "FROM a\nRUN a \\\n\n  b\n", "FROM a\nRUN a \\\n  b\n");
        fixes_to(&RULE, "FROM a\r\nRUN a \\\r\n\r\n  b\r\n", "FROM a\r\nRUN a \\\r\n  b\r\n");
    }

    #[test]
    fn quiet_outside_continuations() {
        clean(&RULE, "FROM a\n\nRUN a \\\n  # comment inside\n  b\n\n");
        clean(&RULE, "FROM a\nRUN <<EOF\n\necho\nEOF\n");
    }
}

//! SWD322 empty-label-value

use crate::diagnostic::{Category, Severity};
use crate::policy::custom::labels;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD322",
        name: "empty-label-value",
        target: Target::Dockerfile,
        category: Category::Maintainability,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: false,
        summary: "A label of the policy's schema set to an empty value.",
        equivalents: &["hadolint:DL3051"],
        docs: rule_docs!(
            r#"## What it does
Reports `LABEL` instructions that set a label of `[options.required-labels]` to an empty
value. Off unless the policy sets `required-labels`.

## Why is this bad?
An empty required label satisfies the letter of the schema but tells the reader nothing: it
is usually a build argument that was never passed.

## Options
```toml
[options.required-labels]
"org.opencontainers.image.version" = "semver"
```

## Example
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.version=""
```

## Use instead
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.version="1.4.2"
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    for (key, value, span, _) in labels(ctx) {
        if ctx.options.required_labels.contains_key(&key) && value.trim().is_empty() {
            sink.report(
                span,
                format!("Label `{key}` is empty"),
                format!("Give `{key}` a value (or pass the build argument that sets it)."),
                None,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn empty_values() {
        let p = "[options.required-labels]\nv = \"text\"\n";
        fires_with(&RULE, p, "FROM x:1\nLABEL v=\"\" w=\"\"\n", 1);
        fires_with(&RULE, p, "FROM x:1\nLABEL v=1\n", 0);
    }
}

//! SWD321 unexpected-label

use crate::diagnostic::{Category, Severity};
use crate::policy::custom::labels;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD321",
        name: "unexpected-label",
        target: Target::Dockerfile,
        category: Category::Maintainability,
        severity: Severity::Info,
        fix: FixKind::None,
        default_on: false,
        summary: "A label that is not in the policy's label schema (strict labels).",
        equivalents: &["hadolint:DL3050"],
        docs: rule_docs!(
            r#"## What it does
With `strict-labels = true`, reports every `LABEL` key that `[options.required-labels]` does
not list. Off unless the policy sets `strict-labels`.

## Why is this bad?
A strict schema keeps labels consistent across an organisation's images: a misspelt or
ad-hoc key is invisible to the tools that read the schema's keys.

## Options
```toml
[options]
strict-labels = true
[options.required-labels]
"org.opencontainers.image.source" = "url"
```

## Example
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.source="https://github.com/acme/app" owner="me"
```

## Use instead
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.source="https://github.com/acme/app"
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    if !ctx.options.strict_labels {
        return;
    }
    for (key, _, span, _) in labels(ctx) {
        if !ctx.options.required_labels.contains_key(&key) && !key.contains('$') {
            sink.report(
                span,
                format!("Label `{key}` is not in the policy's label schema"),
                "Remove it, or add it to `[options.required-labels]`.",
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
    fn strict_only() {
        let p = "[options]\nstrict-labels = true\nrequired-labels = { a = \"text\" }\n";
        fires_with(&RULE, p, "FROM x:1\nLABEL a=1 b=2 c=3\n", 2);
        fires_with(&RULE, "[options]\nrequired-labels = { a = \"text\" }\n", "FROM x:1\nLABEL b=2\n", 0);
    }
}

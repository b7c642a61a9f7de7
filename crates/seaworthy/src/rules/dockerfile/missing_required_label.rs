//! SWD320 missing-required-label

use crate::diagnostic::{Category, Severity};
use crate::policy::custom::labels;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD320",
        name: "missing-required-label",
        target: Target::Dockerfile,
        category: Category::Maintainability,
        severity: Severity::Info,
        fix: FixKind::None,
        default_on: false,
        summary: "The final image lacks a label the policy requires.",
        equivalents: &["hadolint:DL3049"],
        docs: rule_docs!(
            r#"## What it does
Reports each label of the policy's `[options.required-labels]` that no `LABEL` of the final
stage (or of the stages it is built `FROM`) sets. Labels inherited from the base image cannot
be seen and count as missing. Off unless the policy sets `required-labels`.

## Why is this bad?
Labels are how registries, scanners and operators find an image's source, version, license and
owners. An image without the labels your organisation relies on cannot be traced.

## Options
```toml
[options.required-labels]
"org.opencontainers.image.source" = "url"
```

## Example
```dockerfile
FROM alpine:3.20
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
    let required = &ctx.options.required_labels;
    if required.is_empty() {
        return;
    }
    let chain = ctx.final_chain();
    let Some(&last) = chain.first() else { return };
    let set: Vec<String> = labels(ctx).into_iter().filter(|l| chain.contains(&l.3)).map(|l| l.0).collect();
    let from = &ctx.df.instructions[ctx.model.stages[last].from];
    for (key, ty) in required {
        if !set.iter().any(|k| k == key) {
            sink.report(
                from.span,
                format!("The final image has no `{key}` label"),
                format!("Add `LABEL {key}=...` (a value of type {}) to the final stage.", ty.as_str()),
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
    fn final_image_only() {
        let p = "[options.required-labels]\nversion = \"semver\"\nvendor = \"text\"\n";
        fires_with(&RULE, p, "FROM a:1\n", 2);
        fires_with(&RULE, p, "FROM a:1 AS base\nLABEL version=1.0.0\nFROM base\nLABEL vendor=acme\n", 0);
        fires_with(&RULE, p, "FROM a:1 AS build\nLABEL version=1.0.0 vendor=x\nFROM b:1\n", 2);
        fires_with(&RULE, "", "FROM a:1\n", 0);
    }
}

//! SWD327 label-not-semver

use crate::diagnostic::{Category, Severity};
use crate::policy::LabelType;
use crate::rules::dockerfile::labels::{check_typed, is_semver};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD327",
        name: "label-not-semver",
        target: Target::Dockerfile,
        category: Category::Maintainability,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: false,
        summary: "A label the policy types as `semver` whose value is not a semantic version.",
        equivalents: &["hadolint:DL3056"],
        docs: rule_docs!(
            r#"## What it does
Checks the value of every `LABEL` whose key the policy's `[options.required-labels]` types
as `semver`. Values with variables (`$VERSION`) are only known at build time and are not
checked. Off unless the policy sets `required-labels`.

## Why is this bad?
Deployment tooling compares versions; only semantic versions compare reliably.

## Options
```toml
[options.required-labels]
"org.opencontainers.image.version" = "semver"
```

## Example
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.version="v1.2"
```

## Use instead
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.version="1.2.0"
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    check_typed(ctx, sink, LabelType::Semver, is_semver);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    const POLICY: &str = "[options.required-labels]\n\"org.opencontainers.image.version\" = \"semver\"\n";

    #[test]
    fn fires_on_bad_values_only() {
        fires_with(&RULE, POLICY, "FROM a:1\nLABEL org.opencontainers.image.version=\"v1.2\"\n", 1);
        fires_with(&RULE, POLICY, "FROM a:1\nLABEL org.opencontainers.image.version=\"1.2.0\"\n", 0);
        fires_with(&RULE, POLICY, "FROM a:1\nARG V\nLABEL org.opencontainers.image.version=\"$V\"\n", 0);
        fires_with(&RULE, "", "FROM a:1\nLABEL org.opencontainers.image.version=\"v1.2\"\n", 0);
    }
}

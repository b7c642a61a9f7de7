//! SWD324 label-not-datetime

use crate::diagnostic::{Category, Severity};
use crate::policy::LabelType;
use crate::rules::dockerfile::labels::{check_typed, is_rfc3339};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD324",
        name: "label-not-datetime",
        target: Target::Dockerfile,
        category: Category::Maintainability,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: false,
        summary: "A label the policy types as `rfc3339` whose value is not an RFC 3339 date-time.",
        equivalents: &["hadolint:DL3053"],
        docs: rule_docs!(
            r#"## What it does
Checks the value of every `LABEL` whose key the policy's `[options.required-labels]` types
as `rfc3339`. Values with variables (`$VERSION`) are only known at build time and are not
checked. Off unless the policy sets `required-labels`.

## Why is this bad?
Registries and scanners sort and compare build dates; only RFC 3339 date-times are unambiguous.

## Options
```toml
[options.required-labels]
"org.opencontainers.image.created" = "rfc3339"
```

## Example
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.created="22/11/2026"
```

## Use instead
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.created="2026-11-22T08:00:00Z"
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    check_typed(ctx, sink, LabelType::Rfc3339, is_rfc3339);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    const POLICY: &str = "[options.required-labels]\n\"org.opencontainers.image.created\" = \"rfc3339\"\n";

    #[test]
    fn fires_on_bad_values_only() {
        fires_with(&RULE, POLICY, "FROM a:1\nLABEL org.opencontainers.image.created=\"22/11/2026\"\n", 1);
        fires_with(&RULE, POLICY, "FROM a:1\nLABEL org.opencontainers.image.created=\"2026-11-22T08:00:00Z\"\n", 0);
        fires_with(&RULE, POLICY, "FROM a:1\nARG V\nLABEL org.opencontainers.image.created=\"$V\"\n", 0);
        fires_with(&RULE, "", "FROM a:1\nLABEL org.opencontainers.image.created=\"22/11/2026\"\n", 0);
    }
}

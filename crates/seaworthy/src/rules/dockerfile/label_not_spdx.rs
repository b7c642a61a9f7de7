//! SWD325 label-not-spdx

use crate::diagnostic::{Category, Severity};
use crate::policy::LabelType;
use crate::rules::dockerfile::labels::{check_typed, is_spdx};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD325",
        name: "label-not-spdx",
        target: Target::Dockerfile,
        category: Category::Maintainability,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: false,
        summary: "A label the policy types as `spdx` whose value is not an SPDX license expression.",
        equivalents: &["hadolint:DL3054"],
        docs: rule_docs!(
            r#"## What it does
Checks the value of every `LABEL` whose key the policy's `[options.required-labels]` types
as `spdx`. Values with variables (`$VERSION`) are only known at build time and are not
checked. Off unless the policy sets `required-labels`.

## Why is this bad?
License scanners read `org.opencontainers.image.licenses` as an SPDX expression; free text cannot be checked automatically. (Seaworthy checks the expression's syntax, not the SPDX license list.)

## Options
```toml
[options.required-labels]
"org.opencontainers.image.licenses" = "spdx"
```

## Example
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.licenses="MIT license"
```

## Use instead
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.licenses="MIT"
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    check_typed(ctx, sink, LabelType::Spdx, is_spdx);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    const POLICY: &str = "[options.required-labels]\n\"org.opencontainers.image.licenses\" = \"spdx\"\n";

    #[test]
    fn fires_on_bad_values_only() {
        fires_with(&RULE, POLICY, "FROM a:1\nLABEL org.opencontainers.image.licenses=\"MIT license\"\n", 1);
        fires_with(&RULE, POLICY, "FROM a:1\nLABEL org.opencontainers.image.licenses=\"MIT\"\n", 0);
        fires_with(&RULE, POLICY, "FROM a:1\nARG V\nLABEL org.opencontainers.image.licenses=\"$V\"\n", 0);
        fires_with(&RULE, "", "FROM a:1\nLABEL org.opencontainers.image.licenses=\"MIT license\"\n", 0);
    }
}

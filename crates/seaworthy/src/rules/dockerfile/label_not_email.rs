//! SWD328 label-not-email

use crate::diagnostic::{Category, Severity};
use crate::policy::LabelType;
use crate::rules::dockerfile::labels::{check_typed, is_email};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD328",
        name: "label-not-email",
        target: Target::Dockerfile,
        category: Category::Maintainability,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: false,
        summary: "A label the policy types as `email` whose value is not an e-mail address.",
        equivalents: &["hadolint:DL3058"],
        docs: rule_docs!(
            r#"## What it does
Checks the value of every `LABEL` whose key the policy's `[options.required-labels]` types
as `email`. Values with variables (`$VERSION`) are only known at build time and are not
checked. Off unless the policy sets `required-labels`.

## Why is this bad?
An e-mail label is how operators reach the owners of an image; free text does not say where to write.

## Options
```toml
[options.required-labels]
maintainer = "email"
```

## Example
```dockerfile
FROM alpine:3.20
LABEL maintainer="the platform team"
```

## Use instead
```dockerfile
FROM alpine:3.20
LABEL maintainer="platform@example.com"
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    check_typed(ctx, sink, LabelType::Email, is_email);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    const POLICY: &str = "[options.required-labels]\nmaintainer = \"email\"\n";

    #[test]
    fn fires_on_bad_values_only() {
        fires_with(&RULE, POLICY, "FROM a:1\nLABEL maintainer=\"the platform team\"\n", 1);
        fires_with(&RULE, POLICY, "FROM a:1\nLABEL maintainer=\"platform@example.com\"\n", 0);
        fires_with(&RULE, POLICY, "FROM a:1\nARG V\nLABEL maintainer=\"$V\"\n", 0);
        fires_with(&RULE, "", "FROM a:1\nLABEL maintainer=\"the platform team\"\n", 0);
    }
}

//! SWD323 label-not-url

use crate::diagnostic::{Category, Severity};
use crate::policy::LabelType;
use crate::rules::dockerfile::labels::{check_typed, is_url};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD323",
        name: "label-not-url",
        target: Target::Dockerfile,
        category: Category::Maintainability,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: false,
        summary: "A label the policy types as `url` whose value is not a URL.",
        equivalents: &["hadolint:DL3052"],
        docs: rule_docs!(
            r#"## What it does
Checks the value of every `LABEL` whose key the policy's `[options.required-labels]` types
as `url`. Values with variables (`$VERSION`) are only known at build time and are not
checked. Off unless the policy sets `required-labels`.

## Why is this bad?
Tools link an image to its source, documentation or vendor through URL labels; a value that is not an absolute URL breaks those links.

## Options
```toml
[options.required-labels]
"org.opencontainers.image.source" = "url"
```

## Example
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.source="github.com/acme/app"
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
    check_typed(ctx, sink, LabelType::Url, is_url);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    const POLICY: &str = "[options.required-labels]\n\"org.opencontainers.image.source\" = \"url\"\n";

    #[test]
    fn fires_on_bad_values_only() {
        fires_with(&RULE, POLICY, "FROM a:1\nLABEL org.opencontainers.image.source=\"github.com/acme/app\"\n", 1);
        fires_with(
            &RULE,
            POLICY,
            "FROM a:1\nLABEL org.opencontainers.image.source=\"https://github.com/acme/app\"\n",
            0,
        );
        fires_with(&RULE, POLICY, "FROM a:1\nARG V\nLABEL org.opencontainers.image.source=\"$V\"\n", 0);
        fires_with(&RULE, "", "FROM a:1\nLABEL org.opencontainers.image.source=\"github.com/acme/app\"\n", 0);
    }
}

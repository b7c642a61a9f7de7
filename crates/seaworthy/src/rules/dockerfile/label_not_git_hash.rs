//! SWD326 label-not-git-hash

use crate::diagnostic::{Category, Severity};
use crate::policy::LabelType;
use crate::rules::dockerfile::labels::{check_typed, is_git_hash};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD326",
        name: "label-not-git-hash",
        target: Target::Dockerfile,
        category: Category::Maintainability,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: false,
        summary: "A label the policy types as `hash` whose value is not a full git commit hash.",
        equivalents: &["hadolint:DL3055"],
        docs: rule_docs!(
            r#"## What it does
Checks the value of every `LABEL` whose key the policy's `[options.required-labels]` types
as `hash`. Values with variables (`$VERSION`) are only known at build time and are not
checked. Off unless the policy sets `required-labels`.

## Why is this bad?
A branch name or short hash does not identify the source of an image for sure; a full commit hash does.

## Options
```toml
[options.required-labels]
"org.opencontainers.image.revision" = "hash"
```

## Example
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.revision="main"
```

## Use instead
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.revision="4b825dc642cb6eb9a060e54bf8d69288fbee4904"
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    check_typed(ctx, sink, LabelType::Hash, is_git_hash);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    const POLICY: &str = "[options.required-labels]\n\"org.opencontainers.image.revision\" = \"hash\"\n";

    #[test]
    fn fires_on_bad_values_only() {
        fires_with(&RULE, POLICY, "FROM a:1\nLABEL org.opencontainers.image.revision=\"main\"\n", 1);
        fires_with(
            &RULE,
            POLICY,
            "FROM a:1\nLABEL org.opencontainers.image.revision=\"4b825dc642cb6eb9a060e54bf8d69288fbee4904\"\n",
            0,
        );
        fires_with(&RULE, POLICY, "FROM a:1\nARG V\nLABEL org.opencontainers.image.revision=\"$V\"\n", 0);
        fires_with(&RULE, "", "FROM a:1\nLABEL org.opencontainers.image.revision=\"main\"\n", 0);
    }
}

//! SWC305 secret-without-source

use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC305",
        name: "secret-without-source",
        target: Target::Compose,
        category: Category::Reliability,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: true,
        summary: "A top-level secret or config says neither where it comes from (`file`, `environment`, `content`) nor that it is `external`.",
        equivalents: &[],
        docs: rule_docs!(r#"## What it does
Reports top-level `secrets` and `configs` entries without `file`, `environment`, `content`
(configs), or `external`.

## Why is this bad?
Compose refuses the project: it has nothing to mount.

## Example
```yaml
services:
  app:
    image: example/app:1.4
    secrets: [db_password]
secrets:
  db_password: {}
```

## Use instead
```yaml
services:
  app:
    image: example/app:1.4
    secrets: [db_password]
secrets:
  db_password:
    file: ./db_password.txt
```
"#),
    },
    check,
    per_service: false,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for (what, items) in [("secret", &ctx.model.secrets), ("config", &ctx.model.configs)] {
        for it in items.iter() {
            let n = it.node();
            if ["file", "environment", "content", "external", "name"].iter().any(|k| ctx.doc.get(n, k).is_some()) {
                continue;
            }
            sink.report(
                it.key_span(ctx.doc),
                format!("The {what} `{}` has no source", it.name),
                "Add `file:`, `environment:` (or `content:` for configs), or `external: true`.",
                None,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_and_not() {
        fires(&RULE, "secrets:\n  a: {}\n  b:\nconfigs:\n  c: {labels: {x: y}}\n", 3);
        clean(
            &RULE,
            "secrets:\n  a: {file: x}\n  b: {external: true}\nconfigs:\n  c: {content: hi}\n  d: {environment: X}\n",
        );
    }
}

//! SWC407 healthcheck-disabled

use crate::compose::healthcheck;
use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC407",
        name: "healthcheck-disabled",
        target: Target::Compose,
        category: Category::Reliability,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: false,
        summary: "A service turns its healthcheck off (`disable: true` or `test: [NONE]`).",
        equivalents: &["kics:healthcheck_not_set"],
        docs: rule_docs!(
            r#"## What it does
Reports `healthcheck.disable: true` and `healthcheck.test: ["NONE"]`, which also switch off a
`HEALTHCHECK` the image defines.

## Why is this bad?
Compose and orchestrators can no longer tell a hung service from a working one, and
`depends_on: condition: service_healthy` on it never succeeds.

## Example
```yaml
services:
  web:
    image: nginx:1.27
    healthcheck:
      disable: true
```

## Use instead
```yaml
services:
  web:
    image: nginx:1.27
    healthcheck:
      test: ["CMD", "curl", "-fsS", "http://localhost/"]
```
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        let Some(hc) = healthcheck(ctx.doc, s.node) else { continue };
        if hc.disabled {
            sink.report(
                ctx.doc.span(hc.node),
                format!("Service `{}` disables its healthcheck", s.name),
                "Define a healthcheck that tests the service instead of turning it off.",
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
        fires(&RULE, "services:\n  a:\n    healthcheck: {disable: true}\n  b:\n    healthcheck: {test: [NONE]}\n", 2);
        clean(&RULE, "services:\n  a:\n    healthcheck: {test: [CMD, x], disable: false}\n");
    }
}

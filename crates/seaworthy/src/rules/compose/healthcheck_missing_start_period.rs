//! SWC409 healthcheck-missing-start-period

use crate::compose::str_list;
use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC409",
        name: "healthcheck-missing-start-period",
        target: Target::Compose,
        category: Category::Reliability,
        severity: Severity::Info,
        fix: FixKind::None,
        default_on: false,
        summary: "A healthcheck has no `start_period`.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports service healthchecks (not disabled) without `start_period`.

## Why is this bad?
Without a grace period, failures during a slow start count against `retries`: a service that
needs a minute to migrate its database is marked unhealthy (and maybe restarted) before it is
ready.

## Example
```yaml
services:
  db:
    image: postgres:16.4
    healthcheck:
      test: ["CMD-SHELL", "pg_isready"]
```

## Use instead
```yaml
services:
  db:
    image: postgres:16.4
    healthcheck:
      test: ["CMD-SHELL", "pg_isready"]
      start_period: 30s
```
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        let Some(hc) = ctx.doc.get(s.node, "healthcheck") else { continue };
        if ctx.doc.map(hc).is_none()
            || ctx.doc.get(hc, "start_period").is_some()
            || ctx.doc.get(hc, "disable").is_some()
        {
            continue;
        }
        if ctx.doc.get(hc, "test").is_some_and(|t| str_list(ctx.doc, t).first().is_some_and(|x| x.raw == "NONE")) {
            continue;
        }
        sink.report(
            ctx.doc.span(hc),
            format!("Service `{}` has a healthcheck without `start_period`", s.name),
            "Add `start_period:` covering the service's start-up time.",
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_and_not() {
        fires(&RULE, "services:\n  a:\n    healthcheck: {test: [CMD, x]}\n", 1);
        clean(&RULE, "services:\n  a:\n    healthcheck: {test: [CMD, x], start_period: 5s}\n  b:\n    healthcheck: {disable: true}\n");
    }
}

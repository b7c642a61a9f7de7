//! SWC425 healthy-dependency-without-healthcheck

use crate::compose::{bool_value, depends_on};
use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC425",
        name: "healthy-dependency-without-healthcheck",
        target: Target::Compose,
        category: Category::Reliability,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: false,
        summary: "`condition: service_healthy` waits for a service that defines no healthcheck.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports `depends_on` entries with `condition: service_healthy` on a service of the file that
has no `healthcheck` (or disables it). Targets that `build` (their Dockerfile may have a
`HEALTHCHECK`) or use `extends` are skipped; an image with its own `HEALTHCHECK` is not
visible to a file checker, which is why this rule is opt-in.

## Why is this bad?
Without a health check the dependency never becomes healthy: `docker compose up` fails with
"container … has no healthcheck configured" or waits forever.

## Example
```yaml
services:
  app:
    image: example/app:1.4
    depends_on:
      db:
        condition: service_healthy
  db:
    image: postgres:16.4
```

## Use instead
```yaml
services:
  app:
    image: example/app:1.4
    depends_on:
      db:
        condition: service_healthy
  db:
    image: postgres:16.4
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U postgres"]
```
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        for d in depends_on(ctx.doc, s.node).into_iter().filter(|d| d.condition == Some("service_healthy")) {
            let Some(t) = ctx.model.service(d.name) else { continue };
            let node = t.node();
            if ["build", "extends"].iter().any(|k| ctx.doc.get(node, k).is_some()) {
                continue;
            }
            let hc = ctx.doc.get(node, "healthcheck");
            let disabled =
                hc.and_then(|h| ctx.doc.get(h, "disable")).and_then(|v| bool_value(ctx.doc, v)) == Some(true);
            if hc.is_none() || disabled {
                sink.report(
                    d.span,
                    format!(
                        "Service `{}` waits for `{}` to be healthy, but `{}` has no healthcheck",
                        s.name, d.name, d.name
                    ),
                    "Add a `healthcheck` to the dependency, or wait with `condition: service_started`.",
                    None,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_and_not() {
        fires(&RULE, "services:\n  a:\n    depends_on: {b: {condition: service_healthy}, c: {condition: service_healthy}}\n  b: {image: x}\n  c: {image: y, healthcheck: {disable: true}}\n", 2);
        clean(&RULE, "services:\n  a:\n    depends_on: {b: {condition: service_healthy}, c: {condition: service_healthy}, d: {condition: service_started}}\n  b: {image: x, healthcheck: {test: [CMD, t]}}\n  c: {build: .}\n  d: {image: z}\n");
    }
}

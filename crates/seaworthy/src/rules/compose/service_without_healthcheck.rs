//! SWC401 service-without-healthcheck

use crate::compose::get_str;
use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule, Service};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC401",
        name: "service-without-healthcheck",
        target: Target::Compose,
        category: Category::Reliability,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: true,
        summary: "A long-running service defines no `healthcheck`.",
        equivalents: &["kics:healthcheck_not_set"],
        docs: rule_docs!(
            r#"## What it does
Reports services without a `healthcheck`. Not reported: one-shot jobs (`restart: "no"` or
`on-failure`, `deploy.restart_policy.condition` `none`/`on-failure`), services whose `extends`
base defines one (or lives in another file), and services whose Dockerfile is not in view but which build from
one (`build:`), since its `HEALTHCHECK` applies. An explicit `disable: true` is
`healthcheck-disabled`'s concern.

## Why is this bad?
Without a health check Compose only knows the process exists: a hung service keeps receiving
traffic, `depends_on: condition: service_healthy` cannot wait for it, and orchestrators do not
restart it.

## Example
```yaml
services:
  db:
    image: postgres:16.4
```

## Use instead
```yaml
services:
  db:
    image: postgres:16.4
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U postgres"]
      interval: 10s
      timeout: 5s
      retries: 5
      start_period: 30s
```
"#
        ),
    },
    check,
    per_service: true,
};

/// Whether the service is a one-shot job (it is not restarted after exiting normally).
pub fn is_one_shot(ctx: &ComposeCtx<'_>, s: &Service<'_>) -> bool {
    let r = get_str(ctx.doc, s.node, "restart").and_then(|r| r.value().text().map(str::to_string));
    if r.as_deref().is_some_and(|r| r == "no" || r.starts_with("on-failure")) {
        return true;
    }
    // YAML 1.2 reads `restart: no` as the string "no"; a quoted "no" is the same.
    let c = ctx.doc.path(s.node, &["deploy", "restart_policy", "condition"]).and_then(|c| ctx.doc.str(c));
    matches!(c, Some("none" | "on-failure"))
}

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        if ctx.doc.get(s.node, "healthcheck").is_some()
            || ctx.skip_extended(&s, &[&["healthcheck"], &["build"], &["restart"]])
            || ctx.doc.get(s.node, "build").is_some()
            || is_one_shot(ctx, &s)
        {
            continue;
        }
        sink.report(
            s.key,
            format!("Service `{}` has no healthcheck", s.name),
            "Add a `healthcheck` with a `test` that fails when the service stops working, plus `interval`, `timeout`, `retries` and `start_period`.",
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_without_healthcheck() {
        fires(&RULE, "services:\n  a:\n    image: x\n  b:\n    image: y\n    restart: always\n", 2);
    }

    #[test]
    fn quiet_for_checked_jobs_and_builds() {
        clean(&RULE, "services:\n  a:\n    image: x\n    healthcheck: {test: [CMD, x]}\n  b:\n    image: y\n    restart: \"no\"\n  c:\n    build: .\n  d:\n    extends: {service: a}\n  g:\n    extends: {file: x.yaml, service: a}\n  e:\n    image: z\n    deploy: {restart_policy: {condition: none}}\n  f:\n    image: x\n    restart: on-failure:3\n");
    }
}

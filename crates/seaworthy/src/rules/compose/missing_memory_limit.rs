//! SWC404 missing-memory-limit

use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC404",
        name: "missing-memory-limit",
        target: Target::Compose,
        category: Category::Reliability,
        severity: Severity::Info,
        fix: FixKind::None,
        default_on: true,
        summary: "A service has no memory limit (`deploy.resources.limits.memory` or `mem_limit`).",
        equivalents: &["kics:memory_not_limited"],
        docs: rule_docs!(
            r#"## What it does
Reports services with neither `deploy.resources.limits.memory` nor `mem_limit`, whatever the
`version` field says (KICS only checks files that have one). Services using `extends` count what their base in the same file sets (a base in another file is not in view: they are skipped).

## Why is this bad?
One leaking or overloaded container can take all the host's memory, and the kernel's OOM killer
then picks victims among every service on the host.

## Example
```yaml
services:
  web:
    image: nginx:1.27
```

## Use instead
```yaml
services:
  web:
    image: nginx:1.27
    deploy:
      resources:
        limits:
          memory: 256m
```
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        if ctx.doc.get(s.node, "mem_limit").is_some()
            || ctx.doc.path(s.node, &["deploy", "resources", "limits", "memory"]).is_some()
            || ctx.skip_extended(&s, &[&["mem_limit"], &["deploy", "resources", "limits", "memory"]])
        {
            continue;
        }
        sink.report(
            s.key,
            format!("Service `{}` has no memory limit", s.name),
            "Set `deploy.resources.limits.memory` (e.g. `512m`) from the service's measured peak plus headroom.",
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_without_limit() {
        fires(&RULE, "services:\n  a:\n    image: x\n  b:\n    deploy: {resources: {limits: {cpus: \"1\"}}}\n", 2);
    }

    #[test]
    fn quiet_with_limit() {
        clean(&RULE, "services:\n  a:\n    mem_limit: 1g\n  b:\n    deploy: {resources: {limits: {memory: 1g}}}\n");
    }
}

//! SWC412 missing-cpu-limit

use crate::diagnostic::{Category, Fix, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC412",
        name: "missing-cpu-limit",
        target: Target::Compose,
        category: Category::Reliability,
        severity: Severity::Info,
        fix: FixKind::None,
        default_on: false,
        summary: "A service has no CPU limit (`deploy.resources.limits.cpus` or `cpus`).",
        equivalents: &["kics:cpus_not_limited"],
        docs: rule_docs!(
            r#"## What it does
Reports services with neither `deploy.resources.limits.cpus` nor `cpus` (whatever `version` says). Services using `extends` count what their base in the same file sets (a base in another file is not in view: they are skipped).

## Why is this bad?
A busy or looping container can take every core, starving the other services on the host.

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
          cpus: "0.5"
```
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        if ctx.skip_extended(&s, &[&["cpus"], &["deploy", "resources", "limits", "cpus"]]) {
            continue;
        }
        let set = ctx.doc.get(s.node, "cpus").is_some()
            || ctx.doc.path(s.node, &["deploy", "resources", "limits", "cpus"]).is_some();
        if set {
            continue;
        }
        let fix = None::<Fix>;
        sink.report(
            s.key,
            format!("Service `{}` has no CPU limit", s.name),
            "Set `deploy.resources.limits.cpus` (e.g. `\"0.5\"`).",
            fix,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_and_not() {
        fires(&RULE, "services:\n  a:\n    image: x\n", 1);
        clean(&RULE, "services:\n  a:\n    image: x\n    cpus: 1.5\n");
    }
}

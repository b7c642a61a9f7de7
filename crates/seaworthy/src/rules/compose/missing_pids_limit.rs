//! SWC413 missing-pids-limit

use crate::diagnostic::{Category, Fix, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC413",
        name: "missing-pids-limit",
        target: Target::Compose,
        category: Category::Reliability,
        severity: Severity::Info,
        fix: FixKind::Sometimes,
        default_on: false,
        summary: "A service has no process limit (`pids_limit` or `deploy.resources.limits.pids`).",
        equivalents: &["kics:pids_limit_not_set"],
        docs: rule_docs!(
            r#"## What it does
Reports services without `pids_limit` or `deploy.resources.limits.pids`, and with a limit of `-1` or `0` (unlimited). Services using `extends` count what their base in the same file sets (a base in another file is not in view: they are skipped).

## Why is this bad?
A fork bomb or a thread leak in one container exhausts the host's process table and takes every service down.

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
    pids_limit: 200
```

## Fix safety
Unsafe: a service that legitimately runs more than 200 processes or threads fails to fork. Adjust the value to the service.
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        if ctx.skip_extended(&s, &[&["pids_limit"], &["deploy", "resources", "limits", "pids"]]) {
            continue;
        }
        let set = ctx
            .doc
            .get(s.node, "pids_limit")
            .or_else(|| ctx.doc.path(s.node, &["deploy", "resources", "limits", "pids"]))
            .is_some_and(|v| !matches!(ctx.doc.str(v).map(str::trim), Some("-1" | "0")));
        if set {
            continue;
        }
        let fix = if ctx.doc.get(s.node, "pids_limit").is_none() {
            ctx.insert_in_map(s.node, "pids_limit: 200").map(|e| Fix::unsafe_("Add `pids_limit: 200`", vec![e]))
        } else {
            None
        };
        sink.report(
            s.key,
            format!("Service `{}` has no process limit", s.name),
            "Add `pids_limit: 200` (or a measured value).",
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
        clean(&RULE, "services:\n  a:\n    image: x\n    deploy: {resources: {limits: {pids: 100}}}\n");
        fixes_to(&RULE, "services:\n  a:\n    image: x\n", "services:\n  a:\n    image: x\n    pids_limit: 200\n");
        fires(&RULE, "services:\n  a:\n    pids_limit: -1\n", 1);
    }
}

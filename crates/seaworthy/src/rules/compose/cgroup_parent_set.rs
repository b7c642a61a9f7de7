//! SWC116 cgroup-parent-set

use crate::compose::get_str;
use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC116",
        name: "cgroup-parent-set",
        target: Target::Compose,
        category: Category::Security,
        severity: Severity::Info,
        fix: FixKind::None,
        default_on: false,
        summary: "A service sets `cgroup_parent`.",
        equivalents: &["kics:cgroup_not_default"],
        docs: rule_docs!(
            r#"## What it does
Reports `cgroup_parent` on a service.

## Why is this bad?
The container's resource accounting and limits then depend on a host cgroup that Compose does
not manage; a wrong parent can lift limits or starve other workloads.

## Example
```yaml
services:
  app:
    image: example/app:1.4
    cgroup_parent: /custom
```

## Use instead
```yaml
services:
  app:
    image: example/app:1.4
```
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        if let Some(v) = get_str(ctx.doc, s.node, "cgroup_parent") {
            sink.report(
                v.span,
                format!("Service `{}` sets `cgroup_parent`", s.name),
                "Let Docker place the container in its default cgroup.",
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
        fires(&RULE, "services:\n  a:\n    cgroup_parent: m\n", 1);
        clean(&RULE, "services:\n  a:\n    image: x\n");
    }
}

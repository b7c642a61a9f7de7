//! SWC416 missing-init

use crate::diagnostic::{Category, Fix, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC416",
        name: "missing-init",
        target: Target::Compose,
        category: Category::Reliability,
        severity: Severity::Info,
        fix: FixKind::Sometimes,
        default_on: false,
        summary: "A service runs without an init process (`init: true`).",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports services without `init: true`. Services using `extends` count what their base in the same file sets (a base in another file is not in view: they are skipped). An image may ship its own init (tini, dumb-init, s6); then suppress this rule for it.

## Why is this bad?
Without an init as PID 1, signals sent by `docker stop` may be ignored (the container is killed after the grace period) and zombie processes pile up.

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
    init: true
```

## Fix safety
Unsafe: the process tree changes (PID 1 becomes docker-init), which matters for images that expect to be PID 1.
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        if ctx.skip_extended(&s, &[&["init"]]) {
            continue;
        }
        let set = ctx.doc.get(s.node, "init").is_some();
        if set {
            continue;
        }
        let fix = ctx.insert_in_map(s.node, "init: true").map(|e| Fix::unsafe_("Add `init: true`", vec![e]));
        sink.report(
            s.key,
            format!("Service `{}` runs without an init process", s.name),
            "Add `init: true` (unless the image has its own init).",
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
        clean(&RULE, "services:\n  a:\n    image: x\n    init: false\n");
        fixes_to(&RULE, "services:\n  a:\n    image: x\n", "services:\n  a:\n    image: x\n    init: true\n");
    }
}

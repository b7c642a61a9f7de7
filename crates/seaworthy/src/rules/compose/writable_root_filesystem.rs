//! SWC112 writable-root-filesystem

use crate::compose::bool_value;
use crate::diagnostic::{Category, Fix, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC112",
        name: "writable-root-filesystem",
        target: Target::Compose,
        category: Category::Security,
        severity: Severity::Info,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "A service's root filesystem is writable (no `read_only: true`).",
        equivalents: &["semgrep:writable-filesystem-service"],
        docs: rule_docs!(
            r#"## What it does
Reports services without `read_only: true` (interpolations defaulting to true count as set;
services using `extends` are skipped).

## Why is this bad?
A writable root filesystem lets an attacker drop tools and persist changes inside the
container; a read-only one, with `tmpfs` for scratch paths and volumes for data, makes the
container immutable.

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
    read_only: true
    tmpfs:
      - /tmp
```

## Fix safety
Unsafe: a service writing outside its volumes fails until those paths get a `tmpfs` or a
volume. The fix adds `read_only: true`, plus `tmpfs: [/tmp]` when the service has no `tmpfs`.
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        if ctx.skip_extended(&s, &[&["read_only"]]) {
            continue;
        }
        let ro = ctx.doc.get(s.node, "read_only");
        match ro.map(|v| bool_value(ctx.doc, v)) {
            Some(Some(true)) | Some(None) => continue,
            _ => {}
        }
        let fix = if ro.is_some() {
            None
        } else {
            let block = if ctx.doc.get(s.node, "tmpfs").is_some() {
                "read_only: true"
            } else {
                "read_only: true\ntmpfs:\n  - /tmp"
            };
            ctx.insert_in_map(s.node, block).map(|e| Fix::unsafe_("Make the root filesystem read-only", vec![e]))
        };
        let span = ro.map_or(s.key, |v| ctx.doc.span(v));
        sink.report(
            span,
            format!("Service `{}` has a writable root filesystem", s.name),
            "Set `read_only: true` and give the paths it writes a `tmpfs` or a volume.",
            fix,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_and_fixes() {
        fixes_to(
            &RULE,
            "services:\n  a:\n    image: x\n",
            "services:\n  a:\n    image: x\n    read_only: true\n    tmpfs:\n      - /tmp\n",
        );
        fixes_to(
            &RULE,
            "services:\n  a:\n    tmpfs: /run\n",
            "services:\n  a:\n    tmpfs: /run\n    read_only: true\n",
        );
        fires(&RULE, "services:\n  a:\n    read_only: false\n", 1);
    }

    #[test]
    fn quiet_when_read_only() {
        clean(
            &RULE,
            "services:\n  a:\n    read_only: true\n  b:\n    read_only: ${RO}\n  c:\n    read_only: \"${RO:-true}\"\n",
        );
    }
}

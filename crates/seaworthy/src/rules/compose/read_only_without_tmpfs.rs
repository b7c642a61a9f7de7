//! SWC118 read-only-without-tmpfs

use crate::compose::{bool_value, str_list, MountKind};
use crate::diagnostic::{Category, Fix, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC118",
        name: "read-only-without-tmpfs",
        target: Target::Compose,
        category: Category::Reliability,
        severity: Severity::Info,
        fix: FixKind::Sometimes,
        default_on: false,
        summary: "A read-only service has no writable `/tmp` (no tmpfs or volume there).",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports services with `read_only: true` whose `/tmp` is neither a `tmpfs` nor a mounted
volume.

## Why is this bad?
Most runtimes and libraries write temporary files; with a read-only root they fail at the
first upload or cache write, often long after start-up.

## Example
```yaml
services:
  web:
    image: nginx:1.27
    read_only: true
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
Unsafe: a tmpfs hides what the image has in `/tmp` and uses memory. The fix adds
`tmpfs: [/tmp]` when the service has no `tmpfs` key.
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        let Some(ro) = ctx.doc.get(s.node, "read_only") else { continue };
        if bool_value(ctx.doc, ro) != Some(true) {
            continue;
        }
        let tmpfs = ctx.doc.get(s.node, "tmpfs");
        let in_tmpfs = tmpfs.is_some_and(|t| {
            str_list(ctx.doc, t).iter().any(|x| x.raw.split(':').next().map(str::trim) == Some("/tmp"))
        });
        let mounted = ctx.mounts(&s).iter().any(|m| {
            m.target.as_ref().and_then(|t| t.text()).map(|t| t.trim_end_matches('/')) == Some("/tmp")
                || (m.kind == MountKind::Tmpfs && m.target.is_none())
        });
        if in_tmpfs || mounted {
            continue;
        }
        let fix = if tmpfs.is_none() {
            ctx.insert_in_map(s.node, "tmpfs:\n  - /tmp").map(|e| Fix::unsafe_("Add a tmpfs at /tmp", vec![e]))
        } else {
            None
        };
        sink.report(
            ctx.doc.span(ro),
            format!("Service `{}` is read-only but has no writable /tmp", s.name),
            "Add `tmpfs: [/tmp]` (with `size=` if memory is tight).",
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
            "services:\n  a:\n    read_only: true\n",
            "services:\n  a:\n    read_only: true\n    tmpfs:\n      - /tmp\n",
        );
    }

    #[test]
    fn quiet_with_tmp() {
        clean(&RULE, "services:\n  a:\n    read_only: true\n    tmpfs: /tmp:size=10m\n  b:\n    read_only: true\n    volumes: [\"scratch:/tmp\"]\n  c:\n    read_only: false\n");
    }
}

//! SWC115 shared-mount-propagation

use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC115",
        name: "shared-mount-propagation",
        target: Target::Compose,
        category: Category::Security,
        severity: Severity::Info,
        fix: FixKind::None,
        default_on: false,
        summary: "A bind mount uses shared or slave propagation.",
        equivalents: &["kics:volume_mounted_in_multiple_containers"],
        docs: rule_docs!(
            r#"## What it does
Reports bind mounts with `shared`, `rshared`, `slave` or `rslave` propagation (short-syntax
option or long-syntax `bind.propagation`).

## Why is this bad?
With shared propagation, mounts the container makes appear on the host (and the other way
round with slave): a container can shadow host paths.

## Example
```yaml
services:
  agent:
    image: example/agent:2.1
    volumes:
      - /mnt/data:/data:rshared
```

## Use instead
```yaml
services:
  agent:
    image: example/agent:2.1
    volumes:
      - /mnt/data:/data
```
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        for m in ctx.mounts(&s) {
            if let Some(p) =
                m.propagation.as_deref().filter(|p| matches!(*p, "shared" | "rshared" | "slave" | "rslave"))
            {
                sink.report(
                    m.span,
                    format!("Service `{}` mounts with `{p}` propagation", s.name),
                    "Use the default `rprivate` propagation unless the service manages host mounts.",
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
    fn fires_on_propagation() {
        fires(&RULE, "services:\n  a:\n    volumes:\n      - /x:/x:shared\n      - type: bind\n        source: /y\n        target: /y\n        bind: {propagation: rslave}\n", 2);
    }

    #[test]
    fn quiet_otherwise() {
        clean(&RULE, "services:\n  a:\n    volumes: [\"/x:/x:ro\", \"/y:/y:rprivate\"]\n");
    }
}

//! SWC421 network-mode-with-networks

use crate::compose::get_str;
use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC421",
        name: "network-mode-with-networks",
        target: Target::Compose,
        category: Category::Reliability,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: true,
        summary: "A service sets both `network_mode` and `networks`.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports services with both `network_mode` and `networks`.

## Why is this bad?
They are mutually exclusive: Compose refuses the file.

## Example
```yaml
services:
  web:
    image: nginx:1.27
    network_mode: bridge
    networks: [front]
networks:
  front:
```

## Use instead
```yaml
services:
  web:
    image: nginx:1.27
    networks: [front]
networks:
  front:
```
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        let (Some(m), Some(_)) = (get_str(ctx.doc, s.node, "network_mode"), ctx.doc.get(s.node, "networks")) else {
            continue;
        };
        sink.report(
            m.span,
            format!("Service `{}` sets both `network_mode` and `networks`", s.name),
            "Keep one of them.",
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_and_not() {
        fires(&RULE, "services:\n  a:\n    network_mode: host\n    networks: [x]\n", 1);
        clean(&RULE, "services:\n  a:\n    network_mode: host\n  b:\n    networks: [x]\n");
    }
}

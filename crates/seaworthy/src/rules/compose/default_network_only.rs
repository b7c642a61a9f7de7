//! SWC422 default-network-only

use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC422",
        name: "default-network-only",
        target: Target::Compose,
        category: Category::Security,
        severity: Severity::Info,
        fix: FixKind::None,
        default_on: false,
        summary: "Several services share the default network: nothing separates front-end from back-end.",
        equivalents: &["kics:networks_not_set"],
        docs: rule_docs!(
            r#"## What it does
Reports a file with two or more services where no service names a network (`networks` or
`network_mode`), so all of them share the project's default network.

## Why is this bad?
Every container can reach every other one: a compromised web front-end talks straight to the
database's admin port. Separate networks (with `internal: true` for back-ends) contain it.

## Example
```yaml
services:
  web:
    image: nginx:1.27
  db:
    image: postgres:16.4
```

## Use instead
```yaml
services:
  web:
    image: nginx:1.27
    networks: [front, back]
  db:
    image: postgres:16.4
    networks: [back]
networks:
  front:
  back:
    internal: true
```
"#
        ),
    },
    check,
    per_service: false,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    let services: Vec<_> = ctx.services().collect();
    if services.len() < 2
        || services
            .iter()
            .any(|s| ctx.doc.get(s.node, "networks").is_some() || ctx.doc.get(s.node, "network_mode").is_some())
    {
        return;
    }
    let Some(root) = ctx.model.root else { return };
    let Some(e) = ctx.doc.entry(root, "services") else { return };
    sink.report(
        ctx.doc.span(e.key),
        format!("All {} services share the default network", services.len()),
        "Define networks per tier and attach each service only to the ones it needs.",
        None,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_and_not() {
        fires(&RULE, "services:\n  a: {image: x}\n  b: {image: y}\n", 1);
        clean(&RULE, "services:\n  a: {image: x}\n");
        clean(&RULE, "services:\n  a: {image: x, networks: [n]}\n  b: {image: y}\n");
    }
}

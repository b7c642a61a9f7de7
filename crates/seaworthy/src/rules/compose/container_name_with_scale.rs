//! SWC406 container-name-with-scale

use crate::compose::get_str;
use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC406",
        name: "container-name-with-scale",
        target: Target::Compose,
        category: Category::Reliability,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: true,
        summary: "A service with a fixed `container_name` is scaled to more than one replica.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports `container_name` on a service whose `scale` or `deploy.replicas` is above 1.

## Why is this bad?
Container names are unique per host: Compose refuses to create the second replica.

## Example
```yaml
services:
  worker:
    image: example/worker:2.0
    container_name: worker
    deploy:
      replicas: 3
```

## Use instead
```yaml
services:
  worker:
    image: example/worker:2.0
    deploy:
      replicas: 3
```
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        let Some(name) = get_str(ctx.doc, s.node, "container_name") else { continue };
        let count = |v: Option<crate::yaml::NodeId>| -> Option<u64> {
            crate::compose::str_at(ctx.doc, v?).and_then(|x| x.value().text()?.trim().parse().ok())
        };
        let scale = count(ctx.doc.get(s.node, "scale")).max(count(ctx.doc.path(s.node, &["deploy", "replicas"])));
        if let Some(n) = scale.filter(|n| *n > 1) {
            sink.report(
                name.span,
                format!("Service `{}` has `container_name` but {n} replicas", s.name),
                "Remove `container_name` (Compose names replicas itself) or run a single replica.",
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
    fn fires_when_scaled() {
        fires(&RULE, "services:\n  a:\n    container_name: a\n    scale: 2\n  b:\n    container_name: b\n    deploy: {replicas: \"3\"}\n", 2);
    }

    #[test]
    fn quiet_otherwise() {
        clean(&RULE, "services:\n  a:\n    container_name: a\n    scale: 1\n  b:\n    deploy: {replicas: 3}\n  c:\n    container_name: c\n    deploy: {replicas: \"${N}\"}\n");
    }
}

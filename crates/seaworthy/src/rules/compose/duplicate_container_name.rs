//! SWC417 duplicate-container-name

use crate::compose::get_str;
use crate::diagnostic::{Category, Label, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};
use std::collections::HashMap;

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC417",
        name: "duplicate-container-name",
        target: Target::Compose,
        category: Category::Reliability,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: true,
        summary: "Two services set the same `container_name`.",
        equivalents: &["dclint:no-duplicate-container-names"],
        docs: rule_docs!(
            r#"## What it does
Reports a `container_name` already used by another service of the file.

## Why is this bad?
Container names are unique per Docker host: the second container cannot be created.

## Example
```yaml
services:
  web:
    image: nginx:1.27
    container_name: frontend
  admin:
    image: example/admin:2.0
    container_name: frontend
```

## Use instead
```yaml
services:
  web:
    image: nginx:1.27
    container_name: frontend
  admin:
    image: example/admin:2.0
    container_name: admin
```
"#
        ),
    },
    check,
    per_service: false,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    // no `container_name` key anywhere: nothing to compare (and no walk of every service)
    if !ctx.doc.mentions("container_name") {
        return;
    }
    let mut seen: HashMap<String, (crate::span::Span, &str)> = HashMap::new();
    for s in ctx.services() {
        let Some(n) = get_str(ctx.doc, s.node, "container_name") else { continue };
        let Some(v) = n.value().text().map(str::to_string) else { continue };
        match seen.get(&v) {
            Some((first, other)) => {
                let d = sink.report(
                    n.span,
                    format!("Service `{}` reuses the container name `{v}` of `{other}`", s.name),
                    "Give each service its own `container_name` (or none).",
                    None,
                );
                d.labels.push(Label { span: *first, message: "first used here".into() });
            }
            None => {
                seen.insert(v, (n.span, s.name));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_and_not() {
        fires(&RULE, "services:\n  a: {container_name: x}\n  b: {container_name: x}\n  c: {container_name: x}\n", 2);
        clean(&RULE, "services:\n  a: {container_name: x}\n  b: {container_name: y}\n  c: {container_name: \"${N}\"}\n  d: {container_name: \"${M}\"}\n");
    }
}

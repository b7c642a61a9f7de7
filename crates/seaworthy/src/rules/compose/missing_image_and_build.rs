//! SWC505 missing-image-and-build

use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC505",
        name: "missing-image-and-build",
        target: Target::Compose,
        category: Category::Reliability,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: false,
        summary: "A service has neither `image` nor `build` (nor `extends`/`provider`).",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports services with none of `image`, `build`, `extends` and `provider`. Off by default for a
single file: override files (`compose.override.yaml`) define partial services on purpose. On
when linting a project, where a service defined in another file of the project is fine.

## Why is this bad?
Compose refuses the project: it has nothing to run.

## Example
```yaml
services:
  web:
    ports: ["127.0.0.1:8080:80"]
```

## Use instead
```yaml
services:
  web:
    image: nginx:1.27
    ports: ["127.0.0.1:8080:80"]
```
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        if ["image", "build", "extends", "provider"].iter().any(|k| ctx.doc.get(s.node, k).is_some())
            || ctx.project.is_some_and(|p| p.defined.contains(s.name))
        {
            continue;
        }
        sink.report(
            s.key,
            format!("Service `{}` has neither `image` nor `build`", s.name),
            "Add `image:` (or `build:`).",
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
        fires(&RULE, "services:\n  a: {ports: [\"80\"]}\n", 1);
        clean(&RULE, "services:\n  a: {image: x}\n  b: {build: .}\n  c: {extends: {service: a}}\n");
    }
}

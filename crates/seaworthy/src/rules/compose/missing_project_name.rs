//! SWC011 missing-project-name

use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};
use crate::span::Span;

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC011",
        name: "missing-project-name",
        target: Target::Compose,
        category: Category::Maintainability,
        severity: Severity::Info,
        fix: FixKind::None,
        default_on: false,
        summary: "The file sets no top-level `name` (the project name then comes from the directory).",
        equivalents: &["dclint:require-project-name-field"],
        docs: rule_docs!(
            r#"## What it does
Reports a compose file with `services` but no top-level `name`.

## Why is this bad?
The project name prefixes containers, networks and volumes. Taken from the directory, it
changes when the repository is cloned elsewhere, and two checkouts share (and clobber) each
other's volumes.

## Example
```yaml
services:
  web:
    image: nginx:1.27
```

## Use instead
```yaml
name: shop
services:
  web:
    image: nginx:1.27
```
"#
        ),
    },
    check,
    per_service: false,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    let Some(root) = ctx.model.root else { return };
    let Some(services) = ctx.doc.entry(root, "services") else { return };
    if ctx.doc.get(root, "name").is_some() {
        return;
    }
    let k = ctx.doc.span(services.key);
    sink.report(
        Span::new(k.start, k.end),
        "The file does not set a project `name`",
        "Add `name: <project>` at the top of the file.",
        None,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_without_name() {
        fires(&RULE, "services: {}\n", 1);
    }

    #[test]
    fn quiet_with_name() {
        clean(&RULE, "name: x\nservices: {}\n");
        clean(&RULE, "include: [a.yaml]\n");
    }
}

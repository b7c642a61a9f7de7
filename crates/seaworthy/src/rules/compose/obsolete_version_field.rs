//! SWC010 obsolete-version-field

use crate::diagnostic::{Category, Fix, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC010",
        name: "obsolete-version-field",
        target: Target::Compose,
        category: Category::Maintainability,
        severity: Severity::Info,
        fix: FixKind::Sometimes,
        default_on: false,
        summary: "The top-level `version` field is obsolete.",
        equivalents: &["dclint:no-version-field"],
        docs: rule_docs!(
            r#"## What it does
Reports a top-level `version:`.

## Why is this bad?
The Compose Specification ignores it: Compose warns that it is obsolete and drops it. It
suggests a file format that no longer exists and misleads tools (KICS gates some checks on it).

## Example
```yaml
version: "3.8"
services:
  web:
    image: nginx:1.27
```

## Use instead
```yaml
services:
  web:
    image: nginx:1.27
```

## Fix safety
Safe: Compose ignores the field, so deleting the line changes nothing.
"#
        ),
    },
    check,
    per_service: false,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    let Some(root) = ctx.model.root else { return };
    let Some(e) = ctx.doc.entry(root, "version") else { return };
    let fix = ctx.delete_entry(&e).map(|ed| Fix::safe("Remove `version`", vec![ed]));
    sink.report(ctx.doc.span(e.key), "The `version` field is obsolete", "Delete it: Compose ignores it.", fix);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_and_fixes() {
        fixes_to(&RULE, "version: '3'\nservices:\n  a:\n    image: x\n", "services:\n  a:\n    image: x\n");
    }

    #[test]
    fn quiet_without_version() {
        clean(&RULE, "services:\n  a:\n    image: x\n    x-version: 1\n");
    }
}

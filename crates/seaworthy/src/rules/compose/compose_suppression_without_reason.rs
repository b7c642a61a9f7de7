//! SWC013 compose-suppression-without-reason (reported by the suppression engine, `suppress.rs`)

use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC013",
        name: "compose-suppression-without-reason",
        target: Target::Compose,
        category: Category::Maintainability,
        severity: Severity::Info,
        fix: FixKind::None,
        default_on: true,
        summary: "A `# seaworthy-ignore` comment in a compose file gives no reason.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports a `# seaworthy-ignore=RULE` or `# seaworthy-ignore-file=RULE` comment with nothing after
the rule list.

## Why is this bad?
A year later nobody knows whether the exception still holds; the reason is what lets a
reviewer judge it.

## Example
```yaml
services:
  web:
    image: nginx:1.27
    # seaworthy-ignore=SWC101
    privileged: true
```

## Use instead
```yaml
services:
  web:
    image: nginx:1.27
    # seaworthy-ignore=SWC101 the USB modem needs raw device access
    privileged: true
```
"#
        ),
    },
    check,
    per_service: false,
};

/// The suppression engine reports this rule; see `run_compose_rule`.
fn check(_: &ComposeCtx<'_>, _: &mut Sink<'_>) {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_without_reason_only() {
        fires(&RULE, "# seaworthy-ignore-file=SWC011\nservices:\n  a:\n    image: x\n", 1);
        clean(&RULE, "# seaworthy-ignore-file=SWC011 generated file\nservices:\n  a:\n    image: x\n");
    }
}

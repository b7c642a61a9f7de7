//! SWC002 duplicate-key

use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};
use crate::yaml::IssueCode;

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC002",
        name: "duplicate-key",
        target: Target::Compose,
        category: Category::Reliability,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: true,
        summary: "A mapping has the same key twice.",
        equivalents: &["yamllint:key-duplicates"],
        docs: rule_docs!(
            r#"## What it does
Reports a key given twice in the same mapping (two `image:` in a service, two services with
the same name). The first occurrence is labelled.

## Why is this bad?
Compose (go-yaml) rejects the file. Tools that accept it silently keep one of the values, so
what you read is not what runs.

## Example
```yaml
services:
  web:
    image: nginx:1.27
    image: nginx:1.26
```

## Use instead
```yaml
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
    for i in ctx.doc.issues.iter().filter(|i| i.code == IssueCode::DuplicateKey) {
        let d = sink.report(i.span, i.message.clone(), "Keep one of the two keys (merge their values by hand).", None);
        if let Some(r) = i.related {
            d.labels.push(crate::diagnostic::Label { span: r, message: "first defined here".into() });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_on_duplicates() {
        let d = fires(&RULE, "services:\n  a:\n    image: x\n  a:\n    image: y\n", 1);
        assert_eq!(d[0].labels.len(), 1);
        fires(&RULE, "services:\n  a: {image: x, image: y}\n", 1);
    }

    #[test]
    fn quiet_without_duplicates() {
        clean(&RULE, "services:\n  a:\n    image: x\n  b:\n    image: x\n");
        // merged keys are not duplicates
        clean(&RULE, "x-c: &c {image: x}\nservices:\n  a:\n    <<: *c\n    image: y\n");
    }
}

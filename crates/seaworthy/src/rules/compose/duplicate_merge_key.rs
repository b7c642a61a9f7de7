//! SWC003 duplicate-merge-key

use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};
use crate::yaml::IssueCode;

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC003",
        name: "duplicate-merge-key",
        target: Target::Compose,
        category: Category::Reliability,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: true,
        summary: "A mapping has two `<<` merge keys, or `<<` merges something that is not a mapping.",
        equivalents: &["yamllint:key-duplicates(forbid-duplicated-merge-keys)"],
        docs: rule_docs!(
            r#"## What it does
Reports a second `<<` key in one mapping, and a `<<` whose value is not a mapping (or a list
of mappings).

## Why is this bad?
Since Compose 2.17 two `<<` keys are a duplicate-key error; older versions silently used only
one of them. Merging a scalar or a list is an error too.

## Example
```yaml
x-a: &a {restart: always}
x-b: &b {init: true}
services:
  web:
    <<: *a
    <<: *b
    image: nginx:1.27
```

## Use instead
```yaml
x-a: &a {restart: always}
x-b: &b {init: true}
services:
  web:
    <<: [*a, *b]
    image: nginx:1.27
```
"#
        ),
    },
    check,
    per_service: false,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for i in &ctx.doc.issues {
        let help = match i.code {
            IssueCode::DuplicateMergeKey => "Merge all anchors with one key: `<<: [*a, *b]`.",
            IssueCode::InvalidMerge => "Only merge mappings (anchors defined on a mapping).",
            _ => continue,
        };
        let d = sink.report(i.span, i.message.clone(), help, None);
        if let Some(r) = i.related {
            d.labels.push(crate::diagnostic::Label { span: r, message: "first `<<` here".into() });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_on_bad_merges() {
        fires(&RULE, "x: &x [1]\nservices:\n  a:\n    <<: *x\n", 1);
        fires(&RULE, "x: &x {a: 1}\nservices:\n  a:\n    <<: *x\n    <<: *x\n", 1);
    }

    #[test]
    fn quiet_on_good_merges() {
        clean(&RULE, "x: &x {a: 1}\ny: &y {b: 1}\nservices:\n  a:\n    <<: [*x, *y]\n");
    }
}

//! SWC423 duplicate-mount-target

use crate::diagnostic::{Category, Label, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};
use std::collections::HashMap;

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC423",
        name: "duplicate-mount-target",
        target: Target::Compose,
        category: Category::Reliability,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: true,
        summary: "Two mounts of a service use the same container path.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports a `volumes` entry whose container path (target) is already mounted by an earlier entry
of the same service.

## Why is this bad?
Compose refuses the service ("duplicate mount target"); older versions silently kept one.

## Example
```yaml
services:
  web:
    image: nginx:1.27
    volumes:
      - ./site:/usr/share/nginx/html:ro
      - ./build:/usr/share/nginx/html:ro
```

## Use instead
```yaml
services:
  web:
    image: nginx:1.27
    volumes:
      - ./build:/usr/share/nginx/html:ro
```
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        let mut seen: HashMap<String, crate::span::Span> = HashMap::new();
        for m in ctx.mounts(&s) {
            let Some(t) = m.target.as_ref().and_then(|t| t.text()) else { continue };
            let t = t.trim_end_matches('/').to_string();
            if t.is_empty() {
                continue;
            }
            if let Some(first) = seen.get(&t) {
                let d = sink.report(
                    m.span,
                    format!("Service `{}` mounts `{t}` twice", s.name),
                    "Keep one mount per container path.",
                    None,
                );
                d.labels.push(Label { span: *first, message: "first mounted here".into() });
            } else {
                seen.insert(t, m.span);
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
        fires(&RULE, "services:\n  a:\n    volumes: [\"a:/d\", \"./b:/d/\", {type: tmpfs, target: /d}]\n", 2);
        clean(&RULE, "services:\n  a:\n    volumes: [\"a:/d\", \"./b:/e\"]\n  b:\n    volumes: [\"a:/d\"]\n");
    }
}

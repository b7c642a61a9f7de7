//! SWC408 invalid-healthcheck-test

use crate::compose::str_list;
use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC408",
        name: "invalid-healthcheck-test",
        target: Target::Compose,
        category: Category::Reliability,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: true,
        summary: "A `healthcheck.test` list does not start with `CMD`, `CMD-SHELL` or `NONE`, or has no command.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports `healthcheck.test` lists whose first item is not `CMD`, `CMD-SHELL` or `NONE`, and
`CMD`/`CMD-SHELL` without a command. A string `test` is run with the shell and is fine.

## Why is this bad?
Compose refuses the file ("healthcheck.test must start either by CMD, CMD-SHELL or NONE").

## Example
```yaml
services:
  web:
    image: nginx:1.27
    healthcheck:
      test: ["curl", "-f", "http://localhost/"]
```

## Use instead
```yaml
services:
  web:
    image: nginx:1.27
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost/"]
```
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        let Some(t) = ctx.doc.path(s.node, &["healthcheck", "test"]) else { continue };
        if ctx.doc.seq(t).is_none() {
            continue;
        }
        let items = str_list(ctx.doc, t);
        let Some(first) = items.first() else {
            sink.report(
                ctx.doc.span(t),
                format!("Service `{}` has an empty healthcheck test", s.name),
                "Write `[\"CMD\", \"program\", \"args\"…]`.",
                None,
            );
            continue;
        };
        match first.raw {
            "CMD" | "CMD-SHELL" if items.len() < 2 => {
                sink.report(
                    ctx.doc.span(t),
                    format!("Service `{}` has a healthcheck `{}` without a command", s.name, first.raw),
                    "Add the command after it.",
                    None,
                );
            }
            "CMD" | "CMD-SHELL" | "NONE" => {}
            _ if first.raw.contains('$') => {}
            other => {
                sink.report(
                    first.span,
                    format!("Service `{}` has a healthcheck test starting with `{other}`", s.name),
                    "Start the list with `CMD` (exec form) or `CMD-SHELL` (shell form).",
                    None,
                );
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
        fires(&RULE, "services:\n  a:\n    healthcheck: {test: [curl, x]}\n  b:\n    healthcheck: {test: [CMD]}\n  c:\n    healthcheck: {test: []}\n", 3);
        clean(&RULE, "services:\n  a:\n    healthcheck: {test: curl -f x}\n  b:\n    healthcheck: {test: [CMD-SHELL, x]}\n  c:\n    healthcheck: {test: [NONE]}\n");
    }
}

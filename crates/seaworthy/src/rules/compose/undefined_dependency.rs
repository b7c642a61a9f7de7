//! SWC410 undefined-dependency

use crate::compose::depends_on;
use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC410",
        name: "undefined-dependency",
        target: Target::Compose,
        category: Category::Reliability,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: false,
        summary: "`depends_on` names a service the file does not define (or the service itself).",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports `depends_on` entries naming a service not defined in the file (unless
`required: false`) and a service depending on itself. Files with `include:` are skipped: the
service may come from there. Off by default for a single file, because override files
(`compose.override.yaml`, `compose.prod.yaml`) legitimately name services of the base file; on
when linting a project (`seaworthy::project::lint_project`), where the names of every file of
the project (and of the files it includes) are known.

## Why is this bad?
Compose refuses the project ("depends on undefined service").

## Example
```yaml
services:
  app:
    image: example/app:1.4
    depends_on: [databse]
  database:
    image: postgres:16.4
```

## Use instead
```yaml
services:
  app:
    image: example/app:1.4
    depends_on: [database]
  database:
    image: postgres:16.4
```
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    if !ctx.references_complete() {
        return;
    }
    for s in ctx.services() {
        for d in depends_on(ctx.doc, s.node) {
            if d.name == s.name {
                sink.report(d.span, format!("Service `{}` depends on itself", s.name), "Remove the entry.", None);
            } else if d.required && !ctx.knows("service", d.name) && !d.name.contains('$') {
                sink.report(
                    d.span,
                    format!("Service `{}` depends on `{}`, which is not defined", s.name, d.name),
                    "Fix the name, define the service, or mark the dependency `required: false`.",
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
        fires(&RULE, "services:\n  a:\n    depends_on: [b, a, c]\n  b: {}\n", 2);
        clean(&RULE, "services:\n  a:\n    depends_on:\n      b: {condition: service_started}\n      c: {required: false}\n  b: {}\n");
        clean(&RULE, "include: [x.yaml]\nservices:\n  a:\n    depends_on: [z]\n");
    }
}

//! SWC506 shell-form-command

use crate::compose::get_str;
use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC506",
        name: "shell-form-command",
        target: Target::Compose,
        category: Category::Reliability,
        severity: Severity::Info,
        fix: FixKind::None,
        default_on: false,
        summary: "`entrypoint` is a string, so it runs under a shell that does not forward signals.",
        equivalents: &[],
        docs: r#"## What it does
Reports `entrypoint` written as a string rather than a list. (`command` strings are split by
Compose without a shell, so they are fine.)

## Why is this bad?
A string entrypoint runs as `/bin/sh -c "…"`: the shell is PID 1, `docker stop` signals go to
it and not to the program, and the container is killed after the grace period.

## Example
```yaml
services:
  app:
    image: example/app:1.4
    entrypoint: /usr/local/bin/app --serve
```

## Use instead
```yaml
services:
  app:
    image: example/app:1.4
    entrypoint: ["/usr/local/bin/app", "--serve"]
```
"#,
    },
    check,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        let Some(e) = get_str(ctx.doc, s.node, "entrypoint") else { continue };
        if e.raw.trim().is_empty() || ctx.doc.is_null(e.node) {
            continue;
        }
        sink.report(
            e.span,
            format!("Service `{}` has a string `entrypoint`", s.name),
            "Write it as a list: `[\"/path/prog\", \"arg\"]`.",
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
        fires(&RULE, "services:\n  a: {entrypoint: sh -c x}\n", 1);
        clean(&RULE, "services:\n  a: {entrypoint: [sh, -c, x], command: run x}\n  b: {entrypoint: \"\"}\n");
    }
}

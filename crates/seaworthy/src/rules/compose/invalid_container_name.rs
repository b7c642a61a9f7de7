//! SWC418 invalid-container-name

use crate::compose::get_str;
use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC418",
        name: "invalid-container-name",
        target: Target::Compose,
        category: Category::Reliability,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: true,
        summary: "A `container_name` does not match `[a-zA-Z0-9][a-zA-Z0-9_.-]+`.",
        equivalents: &["dclint:service-container-name-regex"],
        docs: rule_docs!(
            r#"## What it does
Checks `container_name` against Docker's rule: a letter or digit, then at least one letter,
digit, `_`, `.` or `-`.

## Why is this bad?
Docker refuses to create the container ("Invalid container name").

## Example
```yaml
services:
  web:
    image: nginx:1.27
    container_name: my web
```

## Use instead
```yaml
services:
  web:
    image: nginx:1.27
    container_name: my-web
```
"#
        ),
    },
    check,
    per_service: true,
};

pub fn valid(n: &str) -> bool {
    let b = n.as_bytes();
    b.len() >= 2
        && b[0].is_ascii_alphanumeric()
        && b[1..].iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-'))
}

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        let Some(n) = get_str(ctx.doc, s.node, "container_name") else { continue };
        let Some(v) = n.value().text().map(str::to_string) else { continue };
        if !valid(&v) && !ctx.doc.is_null(n.node) {
            sink.report(
                n.span,
                format!("Service `{}` has the invalid container name `{v}`", s.name),
                "Use letters, digits, `_`, `.` and `-`, starting with a letter or digit.",
                None,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_and_not() {
        fires(
            &RULE,
            "services:\n  a: {container_name: _x}\n  b: {container_name: \"a/b\"}\n  c: {container_name: x}\n",
            3,
        );
        clean(&RULE, "services:\n  a: {container_name: web-1.prod_x}\n  b: {container_name: \"${N}\"}\n  c: {container_name: \"app-${ENV:-dev}\"}\n");
    }
}

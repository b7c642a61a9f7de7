//! SWC411 invalid-restart-policy

use crate::compose::get_str;
use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC411",
        name: "invalid-restart-policy",
        target: Target::Compose,
        category: Category::Reliability,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: true,
        summary: "`restart` is not `no`, `always`, `on-failure[:N]` or `unless-stopped`.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Checks `restart` values (the schema does not enumerate them): `no`, `always`,
`unless-stopped`, `on-failure` or `on-failure:N` with a non-negative N. YAML 1.1 readers turn
an unquoted `no` into `false`; Compose reads the string, so it is accepted.

## Why is this bad?
Docker rejects the container ("invalid restart policy") when it is created.

## Example
```yaml
services:
  web:
    image: nginx:1.27
    restart: on-fail
```

## Use instead
```yaml
services:
  web:
    image: nginx:1.27
    restart: on-failure:3
```
"#
        ),
    },
    check,
    per_service: true,
};

/// Whether `v` is a restart policy Docker accepts.
pub fn valid(v: &str) -> bool {
    match v {
        "no" | "always" | "unless-stopped" | "on-failure" => true,
        _ => v.strip_prefix("on-failure:").is_some_and(|n| n.parse::<u32>().is_ok()),
    }
}

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        let Some(r) = get_str(ctx.doc, s.node, "restart") else { continue };
        let Some(t) = r.value().text().map(str::to_string) else { continue };
        if !valid(t.trim()) && !ctx.doc.is_null(r.node) {
            sink.report(
                r.span,
                format!("Service `{}` has the invalid restart policy `{t}`", s.name),
                "Use `no`, `always`, `unless-stopped` or `on-failure[:N]`.",
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
        fires(&RULE, "services:\n  a:\n    restart: never\n  b:\n    restart: on-failure:x\n", 2);
        clean(&RULE, "services:\n  a:\n    restart: no\n  b:\n    restart: on-failure:5\n  c:\n    restart: ${R:-always}\n  d:\n    restart: ${R}\n");
    }
}

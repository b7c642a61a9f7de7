//! SWC114 host-uts

use crate::compose::get_str;
use crate::diagnostic::{Category, Fix, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC114",
        name: "host-uts",
        target: Target::Compose,
        category: Category::Security,
        severity: Severity::Info,
        fix: FixKind::Sometimes,
        default_on: false,
        summary: "A service shares the host's UTS namespace (`uts: host`).",
        equivalents: &[],
        docs: r#"## What it does
Reports `uts: host` on a service (opt-in).

## Why is this bad?
The container can change the host's hostname and domain name.

## Example
```yaml
services:
  app:
    image: example/app:1.4
    uts: host
```

## Use instead
```yaml
services:
  app:
    image: example/app:1.4
```

## Fix safety
Deleting the line is unsafe: a service that relies on seeing the host's hostname stops working.
"#,
    },
    check,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        let Some(v) = get_str(ctx.doc, s.node, "uts") else { continue };
        if v.value().text().map(str::trim) != Some("host") {
            continue;
        }
        let fix = ctx
            .doc
            .entry(s.node, "uts")
            .and_then(|e| ctx.delete_entry(&e))
            .map(|ed| Fix::unsafe_("Remove `uts: host`", vec![ed]));
        sink.report(
            v.span,
            format!("Service `{}` shares the host's UTS namespace", s.name),
            "Remove `uts: host`.",
            fix,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_on_host() {
        fires(&RULE, "services:\n  a:\n    uts: host\n  b:\n    uts: \"${M:-host}\"\n", 2);
        fixes_to(&RULE, "services:\n  a:\n    image: x\n    uts: host\n", "services:\n  a:\n    image: x\n");
    }

    #[test]
    fn quiet_otherwise() {
        clean(&RULE, "services:\n  a:\n    uts: \"\"\n  b:\n    image: x\n  c:\n    uts: ${MODE}\n");
    }
}

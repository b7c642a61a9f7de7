//! SWC114 host-uts

use crate::diagnostic::{Category, Severity};
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
        docs: rule_docs!(
            r#"## What it does
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
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    super::report_host_namespace(ctx, sink, "uts", "shares the host's UTS namespace", "Remove `uts: host`.");
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

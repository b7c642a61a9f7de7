//! SWC113 host-userns

use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC113",
        name: "host-userns",
        target: Target::Compose,
        category: Category::Security,
        severity: Severity::Warning,
        fix: FixKind::Sometimes,
        default_on: false,
        summary: "A service disables user-namespace remapping (`userns_mode: host`).",
        equivalents: &["kics:shared_host_user_namespace"],
        docs: rule_docs!(
            r#"## What it does
Reports `userns_mode: host` on a service (opt-in).

## Why is this bad?
With a daemon configured for user-namespace remapping, `userns_mode: host` opts this container out: its root is the host's root again.

## Example
```yaml
services:
  app:
    image: example/app:1.4
    userns_mode: host
```

## Use instead
```yaml
services:
  app:
    image: example/app:1.4
```

## Fix safety
Deleting the line is unsafe: a service that relies on seeing the host's user ids stops working.
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    super::report_host_namespace(
        ctx,
        sink,
        "userns_mode",
        "disables user-namespace remapping",
        "Remove `userns_mode: host` unless the service needs host user ids (and then harden it otherwise).",
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_on_host() {
        fires(&RULE, "services:\n  a:\n    userns_mode: host\n  b:\n    userns_mode: \"${M:-host}\"\n", 2);
        fixes_to(&RULE, "services:\n  a:\n    image: x\n    userns_mode: host\n", "services:\n  a:\n    image: x\n");
    }

    #[test]
    fn quiet_otherwise() {
        clean(&RULE, "services:\n  a:\n    userns_mode: \"\"\n  b:\n    image: x\n  c:\n    userns_mode: ${MODE}\n");
    }
}

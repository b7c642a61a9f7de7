//! SWC105 host-pid

use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC105",
        name: "host-pid",
        target: Target::Compose,
        category: Category::Security,
        severity: Severity::Error,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "A service shares the host's process namespace (`pid: host`).",
        equivalents: &["kics:host_namespace_is_shared"],
        docs: rule_docs!(
            r#"## What it does
Reports `pid: host` on a service.

## Why is this bad?
The container sees every host process, can signal them and (with ptrace) read their memory and environment, secrets included.

## Example
```yaml
services:
  app:
    image: example/app:1.4
    pid: host
```

## Use instead
```yaml
services:
  app:
    image: example/app:1.4
```

## Fix safety
Deleting the line is unsafe: a service that relies on seeing the host's processes stops working.
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
        "pid",
        "shares the host's process namespace",
        "Remove `pid: host`; share a PID namespace with one container (`pid: service:NAME`) if a sidecar needs it.",
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_on_host() {
        fires(&RULE, "services:\n  a:\n    pid: host\n  b:\n    pid: \"${M:-host}\"\n", 2);
        fixes_to(&RULE, "services:\n  a:\n    image: x\n    pid: host\n", "services:\n  a:\n    image: x\n");
    }

    #[test]
    fn quiet_otherwise() {
        clean(&RULE, "services:\n  a:\n    pid: \"service:web\"\n  b:\n    image: x\n  c:\n    pid: ${MODE}\n");
    }
}

//! SWC106 host-ipc

use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC106",
        name: "host-ipc",
        target: Target::Compose,
        category: Category::Security,
        severity: Severity::Error,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "A service shares the host's IPC namespace (`ipc: host`).",
        equivalents: &["kics:shared_host_ipc_namespace"],
        docs: rule_docs!(
            r#"## What it does
Reports `ipc: host` on a service.

## Why is this bad?
The container can read and write the host's shared memory segments and semaphores, which other processes may use for secrets or coordination.

## Example
```yaml
services:
  app:
    image: example/app:1.4
    ipc: host
```

## Use instead
```yaml
services:
  app:
    image: example/app:1.4
```

## Fix safety
Deleting the line is unsafe: a service that relies on seeing the host's IPC objects stops working.
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
        "ipc",
        "shares the host's IPC namespace",
        "Remove `ipc: host`; use `ipc: shareable` / `ipc: service:NAME` to share with one container.",
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_on_host() {
        fires(&RULE, "services:\n  a:\n    ipc: host\n  b:\n    ipc: \"${M:-host}\"\n", 2);
        fixes_to(&RULE, "services:\n  a:\n    image: x\n    ipc: host\n", "services:\n  a:\n    image: x\n");
    }

    #[test]
    fn quiet_otherwise() {
        clean(&RULE, "services:\n  a:\n    ipc: shareable\n  b:\n    image: x\n  c:\n    ipc: ${MODE}\n");
    }
}

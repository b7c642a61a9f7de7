//! SWC104 host-network

use crate::compose::get_str;
use crate::diagnostic::{Category, Fix, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC104",
        name: "host-network",
        target: Target::Compose,
        category: Category::Security,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: true,
        summary: "A service shares the host's network stack (`network_mode: host`).",
        equivalents: &["kics:shared_host_network_namespace"],
        docs: rule_docs!(
            r#"## What it does
Reports `network_mode: host` on a service.

## Why is this bad?
The container sees and can bind every host interface, reaches services listening on the host's loopback, and bypasses the network isolation and port publishing Compose sets up.

## Example
```yaml
services:
  app:
    image: example/app:1.4
    network_mode: host
```

## Use instead
```yaml
services:
  app:
    image: example/app:1.4
```
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        let Some(v) = get_str(ctx.doc, s.node, "network_mode") else { continue };
        if v.value().text().map(str::trim) != Some("host") {
            continue;
        }
        let fix = None::<Fix>;
        sink.report(
            v.span,
            format!("Service `{}` shares the host's network stack", s.name),
            "Use a bridge network and publish only the ports needed (bound to `127.0.0.1` when local).",
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
        fires(&RULE, "services:\n  a:\n    network_mode: host\n  b:\n    network_mode: \"${M:-host}\"\n", 2);
    }

    #[test]
    fn quiet_otherwise() {
        clean(
            &RULE,
            "services:\n  a:\n    network_mode: bridge\n  b:\n    image: x\n  c:\n    network_mode: ${MODE}\n",
        );
    }
}

//! SWC119 privileged-host-port

use crate::compose::ports;
use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC119",
        name: "privileged-host-port",
        target: Target::Compose,
        category: Category::Security,
        severity: Severity::Info,
        fix: FixKind::None,
        default_on: false,
        summary: "A port below 1024 is published on the host.",
        equivalents: &["kics:privileged_ports_mapped_in_container"],
        docs: rule_docs!(
            r#"## What it does
Reports published host ports below 1024 (only the host side: unlike KICS, a container port
below 1024 published on a high host port is fine).

## Why is this bad?
Privileged ports usually carry well-known services (SSH, DNS, HTTP): publishing one makes the
container answer where clients expect the host's own service.

## Example
```yaml
services:
  web:
    image: nginx:1.27
    ports: ["127.0.0.1:80:80"]
```

## Use instead
```yaml
services:
  web:
    image: nginx:1.27
    ports: ["127.0.0.1:8080:80"]
```
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        for p in ports(ctx.doc, s.node) {
            if let Some((lo, _)) = p.published_range().filter(|(lo, _)| *lo < 1024 && *lo > 0) {
                sink.report(
                    p.span,
                    format!("Service `{}` publishes the privileged host port {lo}", s.name),
                    "Publish a port above 1024 and put a reverse proxy in front if needed.",
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
        fires(&RULE, "services:\n  a:\n    ports: [\"443:8443\", \"8080:80\", \"22\"]\n", 1);
        clean(&RULE, "services:\n  a:\n    ports: [\"8443:443\"]\n");
    }
}

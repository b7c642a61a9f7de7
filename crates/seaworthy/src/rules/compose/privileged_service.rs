//! SWC101 privileged-service

use crate::compose::{get_str, Value};
use crate::diagnostic::{Category, Fix, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC101",
        name: "privileged-service",
        target: Target::Compose,
        category: Category::Security,
        severity: Severity::Error,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "A service runs privileged (`privileged: true`).",
        equivalents: &["kics:privileged_containers_enabled", "semgrep:privileged-service"],
        docs: rule_docs!(
            r#"## What it does
Reports `privileged: true`, including `yes`/`on` and interpolations whose default is true
(`${PRIV:-true}`, noted as depending on the environment).

## Why is this bad?
A privileged container gets every capability, all host devices and no seccomp/AppArmor
confinement: root in the container is root on the host.

## Example
```yaml
services:
  web:
    image: nginx:1.27
    privileged: true
```

## Use instead
```yaml
services:
  web:
    image: nginx:1.27
    cap_add: [NET_BIND_SERVICE]
```

## Fix safety
Deleting the line is unsafe: whatever needed the privileges (devices, mounts, sysctls) stops
working. Grant the specific capability or device instead.
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        let Some(e) = ctx.doc.entry(s.node, "privileged") else { continue };
        let Some(v) = get_str(ctx.doc, s.node, "privileged") else { continue };
        let value = v.value();
        let on =
            value.text().is_some_and(|t| matches!(t.trim().to_ascii_lowercase().as_str(), "true" | "yes" | "on" | "y"));
        if !on {
            continue;
        }
        let note = if matches!(value, Value::Assumed(_)) { " (by default; the environment can change it)" } else { "" };
        let fix = ctx.delete_entry(&e).map(|ed| Fix::unsafe_("Remove `privileged: true`", vec![ed]));
        sink.report(
            v.span,
            format!("Service `{}` runs privileged{note}", s.name),
            "Remove `privileged` and grant only the capabilities (`cap_add`) or devices (`devices`) the service needs.",
            fix,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_on_privileged() {
        fixes_to(
            &RULE,
            "services:\n  web:\n    image: a\n    privileged: true # needed?\n    init: true\n",
            "services:\n  web:\n    image: a\n    init: true\n",
        );
        fires(&RULE, "services:\n  web:\n    privileged: \"${PRIV:-true}\"\n", 1);
        fires(&RULE, "x: &p {privileged: yes}\nservices:\n  web:\n    <<: *p\n", 1);
        no_fix(&RULE, "x: &p {privileged: yes}\nservices:\n  web:\n    <<: *p\n");
    }

    #[test]
    fn quiet_otherwise() {
        clean(&RULE, "services:\n  web:\n    privileged: false\n  db:\n    privileged: ${PRIV}\n  c:\n    image: a\n");
    }
}

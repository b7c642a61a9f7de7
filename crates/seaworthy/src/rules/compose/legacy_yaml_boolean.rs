//! SWC007 legacy-yaml-boolean

use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};
use crate::yaml::{yaml11_reading, NodeId, Style, Yaml11};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC007",
        name: "legacy-yaml-boolean",
        target: Target::Compose,
        category: Category::Maintainability,
        severity: Severity::Style,
        fix: FixKind::Always,
        default_on: false,
        summary: "A boolean field is written `yes`/`no`/`on`/`off` (YAML 1.1) instead of `true`/`false`.",
        equivalents: &["yamllint:truthy"],
        docs: rule_docs!(
            r#"## What it does
Reports `yes`, `no`, `on`, `off`, `y`, `n` (any case, unquoted) in Compose's boolean fields:
`privileged`, `read_only`, `init`, `tty`, `stdin_open`, `oom_kill_disable`, `attach`,
`healthcheck.disable`, `build.no_cache`/`pull`/`privileged`, long-syntax `read_only`, and
network `internal`/`attachable`/`enable_ipv6`.

## Why is this bad?
Compose accepts them with a "not YAML 1.2" warning; YAML 1.2 tools (editors, linters,
`yq`) read them as strings, so what they show differs from what Compose does.

## Example
```yaml
services:
  web:
    image: nginx:1.27
    read_only: yes
```

## Use instead
```yaml
services:
  web:
    image: nginx:1.27
    read_only: true
```

## Fix safety
Safe: Compose reads `yes` as `true` and `no` as `false`, so nothing changes.
"#
        ),
    },
    check,
    per_service: false,
};

const SERVICE_BOOLS: &[&str] =
    &["privileged", "read_only", "init", "tty", "stdin_open", "oom_kill_disable", "attach", "use_api_socket"];

fn report(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>, id: Option<NodeId>, field: &str) {
    let Some(id) = id else { return };
    if ctx.doc.resolve(id) != id {
        return;
    }
    let Some(s) = ctx.doc.scalar(id) else { return };
    if s.style != Style::Plain {
        return;
    }
    if let Some(Yaml11::Bool(b)) = yaml11_reading(s.value) {
        let span = ctx.doc.span(id);
        sink.report(
            span,
            format!("`{field}: {}` is a YAML 1.1 boolean", s.value),
            format!("Write `{b}`."),
            Some(Fix::safe(format!("Replace with `{b}`"), vec![Edit::replace(span, b.to_string())])),
        );
    }
}

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    let doc = ctx.doc;
    for s in ctx.services() {
        for k in SERVICE_BOOLS {
            report(ctx, sink, doc.get(s.node, k), k);
        }
        report(ctx, sink, doc.path(s.node, &["healthcheck", "disable"]), "disable");
        for k in ["no_cache", "pull", "privileged"] {
            report(ctx, sink, doc.path(s.node, &["build", k]), k);
        }
        if let Some(v) = doc.get(s.node, "volumes") {
            for &m in doc.items(v) {
                report(ctx, sink, doc.get(m, "read_only"), "read_only");
            }
        }
    }
    for n in &ctx.model.networks {
        for k in ["internal", "attachable", "enable_ipv6", "enable_ipv4"] {
            report(ctx, sink, doc.get(n.node(), k), k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_and_fixes() {
        fixes_to(
            &RULE,
            "services:\n  a:\n    init: on\n    tty: No\n    healthcheck: {disable: yes}\nnetworks:\n  n:\n    internal: y\n",
            "services:\n  a:\n    init: true\n    tty: false\n    healthcheck: {disable: true}\nnetworks:\n  n:\n    internal: true\n",
        );
    }

    #[test]
    fn quiet_on_yaml12_booleans_and_strings() {
        clean(
            &RULE,
            "services:\n  a:\n    init: true\n    tty: \"yes\"\n    environment: {A: yes}\n    restart: \"no\"\n",
        );
    }
}

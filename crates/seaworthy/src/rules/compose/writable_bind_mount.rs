//! SWC120 writable-bind-mount

use crate::compose::MountKind;
use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};
use crate::yaml::Style;

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC120",
        name: "writable-bind-mount",
        target: Target::Compose,
        category: Category::Security,
        severity: Severity::Info,
        fix: FixKind::Sometimes,
        default_on: false,
        summary: "A host directory or file is bind-mounted writable.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports bind mounts (short or long syntax) without `:ro` / `read_only: true`. Runtime sockets
and sensitive paths have their own rules.

## Why is this bad?
A writable bind mount lets a compromised container change files on the host, configuration
and code included. Most bind mounts (configuration, certificates) only need reading.

## Example
```yaml
services:
  web:
    image: nginx:1.27
    volumes:
      - ./nginx.conf:/etc/nginx/nginx.conf
```

## Use instead
```yaml
services:
  web:
    image: nginx:1.27
    volumes:
      - ./nginx.conf:/etc/nginx/nginx.conf:ro
```

## Fix safety
Unsafe: a service that writes to the mount fails. The fix appends `:ro` to two-part short
entries.
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        for m in ctx.mounts(&s) {
            if m.kind != MountKind::Bind || m.read_only {
                continue;
            }
            let src = m.source.as_ref().and_then(|v| v.text()).unwrap_or("");
            if super::docker_socket_mounted::is_runtime_socket(src) {
                continue;
            }
            let fix = m.short.as_ref().and_then(|sh| {
                if crate::compose::split_outside_braces(sh.raw, ':').len() != 2 || ctx.doc.resolve(sh.node) != sh.node {
                    return None;
                }
                let quotes = if sh.style == Style::Plain { 0 } else { 2 };
                if sh.span.len() != sh.raw.len() + quotes || matches!(sh.style, Style::Literal | Style::Folded) {
                    return None;
                }
                Some(Fix::unsafe_("Mount it read-only", vec![Edit::insert(sh.span.end - quotes / 2, ":ro")]))
            });
            sink.report(
                m.span,
                format!("Service `{}` bind-mounts `{src}` writable", s.name),
                "Append `:ro` (or set `read_only: true`) unless the service must write there.",
                fix,
            );
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
            "services:\n  a:\n    volumes:\n      - ./c:/c\n      - './d:/d'\n",
            "services:\n  a:\n    volumes:\n      - ./c:/c:ro\n      - './d:/d:ro'\n",
        );
    }

    #[test]
    fn quiet_on_read_only_and_volumes() {
        clean(&RULE, "services:\n  a:\n    volumes:\n      - ./c:/c:ro\n      - data:/data\n      - /var/run/docker.sock:/s\n      - {type: bind, source: ./x, target: /x, read_only: true}\n");
    }
}

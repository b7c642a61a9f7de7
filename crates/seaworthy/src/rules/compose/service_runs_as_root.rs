//! SWC111 service-runs-as-root

use crate::compose::get_str;
use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC111",
        name: "service-runs-as-root",
        target: Target::Compose,
        category: Category::Security,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: true,
        summary: "A service explicitly runs as root (`user: root`, `0`, `0:0`).",
        equivalents: &["semgrep:service-runs-as-root"],
        docs: rule_docs!(
            r#"## What it does
Reports `user:` set to `root` or UID `0` (with any group), also through a default
(`${APP_USER:-root}`). A service without `user:` runs as the image's `USER`, which the
Dockerfile rules check.

## Why is this bad?
Root in the container is root on the host for every file the container can reach (bind mounts,
volumes) and for any kernel bug it can trigger.

## Example
```yaml
services:
  app:
    image: example/app:1.4
    user: root
```

## Use instead
```yaml
services:
  app:
    image: example/app:1.4
    user: "10001:10001"
```
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        let Some(u) = get_str(ctx.doc, s.node, "user") else { continue };
        let v = u.value();
        let Some(t) = v.text() else { continue };
        let user = t.split(':').next().unwrap_or("").trim();
        if user == "root" || user == "0" {
            sink.report(
                u.span,
                format!("Service `{}` runs as root", s.name),
                "Run as an unprivileged user, e.g. `user: \"10001:10001\"` (and make its files readable by that user).",
                None,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_on_root() {
        fires(&RULE, "services:\n  a:\n    user: root\n  b:\n    user: \"0:0\"\n  c:\n    user: ${U:-0}\n", 3);
    }

    #[test]
    fn quiet_on_non_root() {
        clean(&RULE, "services:\n  a:\n    user: \"1000\"\n  b:\n    user: rootless\n  c:\n    user: ${UID}\n  d:\n    image: x\n");
    }
}

//! SWC121 tmpfs-allows-exec

use crate::compose::str_list;
use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC121",
        name: "tmpfs-allows-exec",
        target: Target::Compose,
        category: Category::Security,
        severity: Severity::Info,
        fix: FixKind::None,
        default_on: false,
        summary: "A tmpfs mount explicitly allows executing files or setuid binaries (`exec`, `suid`).",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports `tmpfs` entries (`/path:opts` strings) whose options include `exec` or `suid`.
Docker's tmpfs defaults are `noexec,nosuid`.

## Why is this bad?
A writable, executable scratch directory is where downloaded payloads run from; with a
read-only root filesystem it is the last place an attacker can drop a binary.

## Example
```yaml
services:
  web:
    image: nginx:1.27
    read_only: true
    tmpfs:
      - /tmp:exec,size=64m
```

## Use instead
```yaml
services:
  web:
    image: nginx:1.27
    read_only: true
    tmpfs:
      - /tmp:size=64m
```
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        if let Some(t) = ctx.doc.get(s.node, "tmpfs") {
            for item in str_list(ctx.doc, t) {
                let Some((_, opts)) = item.raw.split_once(':') else { continue };
                if let Some(o) = opts.split(',').map(str::trim).find(|o| matches!(*o, "exec" | "suid")) {
                    sink.report(
                        item.span,
                        format!("Service `{}` mounts a tmpfs with `{o}`", s.name),
                        "Drop `exec`/`suid` (Docker's tmpfs defaults to `noexec,nosuid`).",
                        None,
                    );
                }
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
        fires(&RULE, "services:\n  a:\n    tmpfs: [\"/tmp:exec\", \"/run:suid,size=1m\"]\n", 2);
        clean(&RULE, "services:\n  a:\n    tmpfs: [/tmp, \"/run:size=1m,noexec\"]\n");
    }
}

//! SWD402 root-user

use crate::diagnostic::{Category, Severity};
use crate::dockerfile::words::unquote;
use crate::dockerfile::{Args, Keyword};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD402",
        name: "root-user",
        target: Target::Dockerfile,
        category: Category::Security,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: true,
        summary: "The last USER of the final image is root.",
        equivalents: &["hadolint:DL3002", "trivy:DS-0002", "checkov:CKV_DOCKER_8", "kics:last_user_is_root"],
        docs: rule_docs!(
            r#"## What it does
Reports the last `USER` of the final image when it is `root` or UID `0` (with any group).

Unlike hadolint's DL3002, only the final image counts: switching to root in a build stage,
or temporarily in the final stage before switching back, is normal and not reported.

## Why is this bad?
The container's processes run as root, which turns any container escape or writable host
mount into root access on the host.

## Example
```dockerfile
FROM debian:bookworm-slim
USER root
CMD ["/usr/local/bin/app"]
```

## Use instead
```dockerfile
FROM debian:bookworm-slim
USER 10001:10001
CMD ["/usr/local/bin/app"]
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    let Some((_, ins)) = ctx.final_image_instructions_rev().find(|(_, i)| i.keyword == Keyword::User) else {
        return;
    };
    let Args::String { text } = &ins.args else { return };
    let value = unquote(&text.value, ctx.df.escape);
    let user = value.split(':').next().unwrap_or("").trim();
    if user == "root" || user == "0" {
        sink.report(
            text.span,
            "The image runs as root: its last USER is `root`",
            "Switch to an unprivileged user at the end of the final stage, e.g. `USER 10001`.",
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_final_root() {
        fires(&RULE, "FROM a:1\nUSER app\nUSER root\n", 1);
        fires(&RULE, "FROM a:1\nUSER 0:0\n", 1);
        fires(&RULE, "FROM a:1 AS base\nUSER root\nFROM base\nRUN x\n", 1);
    }

    #[test]
    fn quiet_on_build_stage_root_and_temporary_root() {
        clean(&RULE, "FROM a:1 AS build\nUSER root\nFROM b:1\nUSER 1000\n");
        clean(&RULE, "FROM a:1\nUSER root\nRUN apt-get update\nUSER app\n");
        clean(&RULE, "FROM a:1\nUSER rootless\n");
        clean(&RULE, "FROM a:1\n");
    }
}

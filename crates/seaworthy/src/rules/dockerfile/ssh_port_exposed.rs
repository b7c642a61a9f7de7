//! SWD412 ssh-port-exposed

use crate::diagnostic::{Category, Severity};
use crate::dockerfile::words::unquote;
use crate::dockerfile::{Args, Keyword};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD412",
        name: "ssh-port-exposed",
        target: Target::Dockerfile,
        category: Category::Security,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: true,
        summary: "The image exposes the SSH port 22.",
        equivalents: &["trivy:DS-0004", "checkov:CKV_DOCKER_1", "kics:exposing_port_22"],
        docs: rule_docs!(
            r#"## What it does
Finds `EXPOSE 22` (also `22/tcp` and port ranges that include 22) in the final image: the last
stage and the stages it is built `FROM`, `ONBUILD EXPOSE` included. `EXPOSE` in a build stage
that is not part of the final image has no effect and is not reported.

## Why is this bad?
Exposing 22 means the container runs an SSH server: one more daemon with credentials or keys
to manage, a standing remote-login entry point, and a sign that the container is treated like
a virtual machine. Use `docker exec` (or `kubectl exec`) to get a shell in a running
container, and `docker cp` to move files.

## Example
```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends openssh-server && rm -rf /var/lib/apt/lists/*
EXPOSE 22
CMD ["/usr/sbin/sshd", "-D"]
```

## Use instead
```dockerfile
FROM debian:bookworm-slim
COPY app /usr/local/bin/app
EXPOSE 8080
CMD ["/usr/local/bin/app"]
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

/// Whether an `EXPOSE` item (`22`, `22/tcp`, `20-30`) covers TCP port 22.
fn covers_ssh(item: &str) -> bool {
    let (ports, proto) = item.split_once('/').unwrap_or((item, "tcp"));
    if !proto.eq_ignore_ascii_case("tcp") {
        return false;
    }
    let parse = |s: &str| s.trim().parse::<u32>().ok();
    match ports.split_once('-') {
        Some((a, b)) => matches!((parse(a), parse(b)), (Some(a), Some(b)) if a <= 22 && 22 <= b),
        None => parse(ports) == Some(22),
    }
}

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    let mut found: Vec<_> = ctx
        .final_image_instructions_rev()
        .filter_map(|(_, ins)| {
            let e = ins.effective();
            (e.keyword == Keyword::Expose).then_some(e)
        })
        .collect();
    found.reverse();
    for e in found {
        let Args::Words { words } = &e.args else { continue };
        for w in words {
            let item = unquote(&w.value, ctx.df.escape);
            if covers_ssh(&item) {
                sink.report(
                    w.span,
                    format!("`EXPOSE {item}` publishes the SSH port"),
                    "Do not run an SSH server in the container; use `docker exec` or `kubectl exec` for a shell.",
                    None,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_port_22() {
        let src = "FROM a:1\nEXPOSE 80 22\n";
        let d = fires(&RULE, src, 1);
        assert_eq!(d[0].span.text(src), "22");
        fires(&RULE, "FROM a:1\nEXPOSE 22/tcp\n", 1);
        fires(&RULE, "FROM a:1\nEXPOSE 20-25\n", 1);
        fires(&RULE, "FROM a:1\nEXPOSE \"22\"\n", 1);
        fires(&RULE, "FROM a:1 AS base\nEXPOSE 22\nFROM base\nRUN x\n", 1);
        fires(&RULE, "FROM a:1\nONBUILD EXPOSE 22\n", 1);
    }

    #[test]
    fn quiet_on_other_ports() {
        clean(&RULE, "FROM a:1\nEXPOSE 2222 8022 220 22/udp\n");
        clean(&RULE, "FROM a:1\nEXPOSE 23-30\n");
        clean(&RULE, "FROM a:1\nEXPOSE $PORT\n");
        clean(&RULE, "FROM a:1 AS build\nEXPOSE 22\nFROM b:1\nEXPOSE 80\n");
    }
}

//! SWC102 docker-socket-mounted

use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC102",
        name: "docker-socket-mounted",
        target: Target::Compose,
        category: Category::Security,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: true,
        summary: "A service mounts the Docker (or another container runtime) socket.",
        equivalents: &["kics:docker_socket_mounted_in_container", "semgrep:exposing-docker-socket-volume"],
        docs: rule_docs!(
            r#"## What it does
Reports bind mounts of a path ending in `docker.sock` (also `podman.sock`, `containerd.sock`),
or of its directory `/var/run` or `/run`, in the short or long syntax. A `:ro` flag does not
help: the socket is an API, and read-only only stops deleting the file.

## Why is this bad?
Whoever can talk to the Docker socket can start a privileged container that mounts the host's
root filesystem: it is root on the host.

## Example
```yaml
services:
  proxy:
    image: traefik:v3.1
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock:ro
```

## Use instead
```yaml
services:
  proxy:
    image: traefik:v3.1
    environment:
      DOCKER_HOST: tcp://socket-proxy:2375
```
"#
        ),
    },
    check,
    per_service: true,
};

/// Whether a host path is a container-runtime socket or the directory holding it.
pub fn is_runtime_socket(path: &str) -> bool {
    let p = path.trim_end_matches('/');
    p.ends_with("docker.sock")
        || p.ends_with("podman.sock")
        || p.ends_with("containerd.sock")
        || p == "/var/run"
        || p == "/run"
}

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        for m in ctx.mounts(&s) {
            let Some(src) = m.source.as_ref().and_then(|v| v.text()) else { continue };
            if is_runtime_socket(src) {
                sink.report(
                    m.span,
                    format!("Service `{}` mounts the container runtime socket `{src}`", s.name),
                    "Do not mount the socket; use a filtering socket proxy or an API with its own authorisation.",
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
    fn fires_on_sockets() {
        fires(&RULE, "services:\n  a:\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n      - type: bind\n        source: /run/podman/podman.sock\n        target: /s\n      - /var/run:/host-run\n", 3);
        fires(&RULE, "services:\n  a:\n    volumes: [\"${SOCK:-/var/run/docker.sock}:/var/run/docker.sock\"]\n", 1);
    }

    #[test]
    fn quiet_otherwise() {
        clean(&RULE, "services:\n  a:\n    volumes:\n      - data:/var/run\n      - ./docker.sock.d:/x\n      - /var/run/postgresql:/y\n");
    }
}

//! SWC103 sensitive-host-mount

use crate::compose::{Mount, MountKind};
use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC103",
        name: "sensitive-host-mount",
        target: Target::Compose,
        category: Category::Security,
        severity: Severity::Error,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "A service bind-mounts a sensitive host directory (`/`, `/etc`, `/proc`, `/sys`, `/dev`, `/root`, …).",
        equivalents: &["kics:volume_has_sensitive_host_directory"],
        docs: rule_docs!(
            r#"## What it does
Reports bind mounts of `/`, `/etc`, `/proc`, `/sys`, `/dev`, `/boot`, `/root`, `/home`,
`/var`, `/var/lib/docker`, `/usr`, `/lib`, `/bin`, `/sbin` (in any mode), and writable bind
mounts of what lies below `/proc`, `/sys`, `/dev`, `/boot`, `/root`, `/var/lib/docker`,
`/lib/modules`, the binary and library directories, and of the host's accounts, sudo, SSH,
cron, systemd and Docker configuration in `/etc`. Application directories such as
`/etc/pihole` or `/usr/share/app`, and read-only files such as `/etc/localtime:ro`, are not
reported. The runtime socket and `/var/run` are `docker-socket-mounted`'s.

## Why is this bad?
The container can read host secrets (`/etc/shadow`, SSH keys, other containers' data) and, when
writable, change the host: an escape by configuration.

## Example
```yaml
services:
  agent:
    image: example/agent:2.1
    volumes:
      - /etc:/host/etc
```

## Use instead
```yaml
services:
  agent:
    image: example/agent:2.1
    volumes:
      - /etc/agent:/etc/agent:ro
```

## Fix safety
For a writable short-syntax mount the fix appends `:ro`. It is unsafe: a service that writes
there will fail.
"#
        ),
    },
    check,
    per_service: true,
};

/// Reported in any mode.
const ROOTS: &[&str] = &[
    "/etc",
    "/proc",
    "/sys",
    "/dev",
    "/boot",
    "/root",
    "/home",
    "/var",
    "/var/lib",
    "/var/lib/docker",
    "/usr",
    "/lib",
    "/lib64",
    "/bin",
    "/sbin",
];
/// Reported when writable, with everything below them.
const WRITABLE_PREFIXES: &[&str] = &[
    "/proc",
    "/sys",
    "/dev",
    "/boot",
    "/root",
    "/var/lib/docker",
    "/lib/modules",
    "/usr/lib",
    "/usr/bin",
    "/usr/sbin",
    "/usr/local/bin",
    "/bin",
    "/sbin",
    "/lib",
    "/lib64",
    "/etc/shadow",
    "/etc/passwd",
    "/etc/group",
    "/etc/sudoers",
    "/etc/sudoers.d",
    "/etc/ssh",
    "/etc/docker",
    "/etc/kubernetes",
    "/etc/systemd",
    "/etc/crontab",
    "/etc/cron.d",
    "/etc/init.d",
    "/etc/pam.d",
    "/etc/ld.so.preload",
];

/// `Some(true)`: a whole sensitive directory; `Some(false)`: sensitive when writable.
fn classify(path: &str) -> Option<bool> {
    let p = path.trim_end_matches('/');
    if p.is_empty() || ROOTS.contains(&p) {
        return Some(true);
    }
    WRITABLE_PREFIXES
        .iter()
        .any(|r| p == *r || p.strip_prefix(r).is_some_and(|rest| rest.starts_with('/')))
        .then_some(false)
}

fn ro_fix(ctx: &ComposeCtx<'_>, m: &Mount<'_>) -> Option<Fix> {
    let s = m.short.as_ref()?;
    if crate::compose::split_outside_braces(s.raw, ':').len() != 2 || m.span != s.span {
        return None;
    }
    let end = match s.style {
        crate::yaml::Style::Plain => s.span.end,
        crate::yaml::Style::SingleQuoted | crate::yaml::Style::DoubleQuoted => s.span.end - 1,
        _ => return None,
    };
    (ctx.src.get(s.span.start..s.span.end)?.len() == s.span.len())
        .then(|| Fix::unsafe_("Mount it read-only (`:ro`)", vec![Edit::insert(end, ":ro")]))
}

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        for m in ctx.mounts(&s) {
            if m.kind != MountKind::Bind {
                continue;
            }
            let Some(src) = m.source.as_ref().and_then(|v| v.text()) else { continue };
            if !src.starts_with('/') || super::docker_socket_mounted::is_runtime_socket(src) {
                continue;
            }
            let Some(whole_dir) = classify(src) else { continue };
            if !whole_dir && m.read_only {
                continue;
            }
            let fix = if m.read_only { None } else { ro_fix(ctx, m) };
            let mode = if m.read_only { "read-only" } else { "writable" };
            sink.report(
                m.span,
                format!("Service `{}` bind-mounts the sensitive host path `{src}` ({mode})", s.name),
                "Mount only the specific file or directory the service needs, read-only (`:ro`).",
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
    fn fires_on_sensitive_paths() {
        fixes_to(
            &RULE,
            "services:\n  a:\n    volumes:\n      - \"/etc/ssh:/ssh\"\n",
            "services:\n  a:\n    volumes:\n      - \"/etc/ssh:/ssh:ro\"\n",
        );
        fires(&RULE, "services:\n  a:\n    volumes:\n      - /:/host:ro\n      - /proc:/host/proc\n", 2);
        fires(
            &RULE,
            "services:\n  a:\n    volumes:\n      - type: bind\n        source: /sys\n        target: /s\n",
            1,
        );
    }

    #[test]
    fn quiet_on_benign_mounts() {
        clean(&RULE, "services:\n  a:\n    volumes:\n      - /etc/localtime:/etc/localtime:ro\n      - /etc/pihole:/etc/pihole\n      - /usr/src:/usr/src\n      - ./etc:/etc/app\n      - data:/etc\n      - /srv/app:/app\n      - /var/run/docker.sock:/s\n");
    }
}

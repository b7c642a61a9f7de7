//! SWC117 dangerous-device

use crate::compose::{get_str, str_list};
use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC117",
        name: "dangerous-device",
        target: Target::Compose,
        category: Category::Security,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: false,
        summary: "A service gets raw memory or block devices, or may create any device.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports `devices` entries for `/dev/mem`, `/dev/kmem`, `/dev/port` and block devices
(`/dev/sd*`, `/dev/nvme*`, `/dev/vd*`, `/dev/xvd*`, `/dev/hd*`, `/dev/dm-*`, `/dev/mapper/*`,
`/dev/disk/*`), and `device_cgroup_rules` allowing all devices (`a *:* rwm`).

## Why is this bad?
Raw memory or disk access bypasses every file permission on the host: the container can read
or rewrite any file system.

## Example
```yaml
services:
  backup:
    image: example/backup:3.2
    devices:
      - /dev/sda:/dev/sda
```

## Use instead
```yaml
services:
  backup:
    image: example/backup:3.2
    volumes:
      - /srv/data:/data:ro
```
"#
        ),
    },
    check,
    per_service: true,
};

fn dangerous(path: &str) -> bool {
    let p = path.trim();
    matches!(p, "/dev/mem" | "/dev/kmem" | "/dev/port")
        || ["/dev/sd", "/dev/nvme", "/dev/vd", "/dev/xvd", "/dev/hd", "/dev/dm-", "/dev/mapper/", "/dev/disk/"]
            .iter()
            .any(|x| p.starts_with(x))
}

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        if let Some(l) = ctx.doc.get(s.node, "devices") {
            for &i in ctx.doc.items(l) {
                let host = match crate::compose::str_at(ctx.doc, i) {
                    Some(x) => x.raw.split(':').next().unwrap_or("").to_string(),
                    None => get_str(ctx.doc, i, "source").map(|x| x.raw.to_string()).unwrap_or_default(),
                };
                if dangerous(&host) {
                    sink.report(
                        ctx.doc.span(i),
                        format!("Service `{}` gets the device `{host}`", s.name),
                        "Mount the data the service needs instead of the raw device.",
                        None,
                    );
                }
            }
        }
        if let Some(l) = ctx.doc.get(s.node, "device_cgroup_rules") {
            for r in str_list(ctx.doc, l) {
                if r.raw.split_whitespace().collect::<Vec<_>>() == ["a", "*:*", "rwm"] {
                    sink.report(
                        r.span,
                        format!("Service `{}` may create and use any device", s.name),
                        "Allow only the specific major:minor numbers needed.",
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
    fn fires_on_raw_devices() {
        fires(&RULE, "services:\n  a:\n    devices: [\"/dev/mem:/dev/mem\", /dev/nvme0n1, /dev/snd]\n    device_cgroup_rules: ['a *:* rwm']\n", 3);
    }

    #[test]
    fn quiet_on_harmless_devices() {
        clean(&RULE, "services:\n  a:\n    devices: [/dev/snd, \"/dev/dri:/dev/dri\", /dev/net/tun]\n    device_cgroup_rules: ['c 1:3 mr']\n");
    }
}

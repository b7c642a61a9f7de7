//! SWC109 dangerous-capability

use crate::compose::{normalise_cap, str_list};
use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC109",
        name: "dangerous-capability",
        target: Target::Compose,
        category: Category::Security,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: true,
        summary:
            "A service adds a capability that amounts to (near) root on the host (`ALL`, `SYS_ADMIN`, `SYS_MODULE`, …).",
        equivalents: &["kics:container_capabilities_unrestricted"],
        docs: rule_docs!(
            r#"## What it does
Reports `cap_add` entries `ALL`, `SYS_ADMIN`, `SYS_MODULE`, `SYS_RAWIO`, `SYS_PTRACE`,
`SYS_BOOT`, `NET_ADMIN`, `BPF`, `PERFMON`, `DAC_READ_SEARCH`, `MAC_ADMIN` and `MAC_OVERRIDE`
(any case, with or without the `CAP_` prefix).

## Why is this bad?
Each of these allows escaping the container or taking over the host's kernel, network or
security policy: `SYS_ADMIN` mounts filesystems, `SYS_MODULE` loads kernel modules,
`SYS_PTRACE` reads other processes' memory, `DAC_READ_SEARCH` opens any host file by handle.

## Example
```yaml
services:
  vpn:
    image: example/vpn:3.0
    cap_add: [SYS_ADMIN]
```

## Use instead
```yaml
services:
  vpn:
    image: example/vpn:3.0
    cap_add: [NET_BIND_SERVICE]
```
"#
        ),
    },
    check,
    per_service: true,
};

pub(crate) const DANGEROUS: &[&str] = &[
    "ALL",
    "SYS_ADMIN",
    "SYS_MODULE",
    "SYS_RAWIO",
    "SYS_PTRACE",
    "SYS_BOOT",
    "NET_ADMIN",
    "BPF",
    "PERFMON",
    "DAC_READ_SEARCH",
    "MAC_ADMIN",
    "MAC_OVERRIDE",
];

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        let Some(add) = ctx.doc.get(s.node, "cap_add") else { continue };
        for c in str_list(ctx.doc, add) {
            let n = normalise_cap(c.raw);
            if DANGEROUS.contains(&n.as_str()) {
                sink.report(
                    c.span,
                    format!("Service `{}` adds the capability `{n}`", s.name),
                    "Remove it; if the service really needs it, isolate the service (own host or VM) and document why.",
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
    fn fires_on_dangerous_caps() {
        fires(
            &RULE,
            "services:\n  a:\n    cap_add:\n      - cap_sys_admin\n      - NET_BIND_SERVICE\n      - all\n",
            2,
        );
        fires(&RULE, "services:\n  a:\n    cap_add: [NET_ADMIN]\n", 1);
    }

    #[test]
    fn quiet_on_harmless_caps() {
        clean(&RULE, "services:\n  a:\n    cap_add: [NET_BIND_SERVICE, CHOWN]\n    cap_drop: [SYS_ADMIN]\n");
    }
}

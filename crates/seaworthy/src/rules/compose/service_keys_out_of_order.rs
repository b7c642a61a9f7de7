//! SWC017 service-keys-out-of-order

use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{first_out_of_order, ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC017",
        name: "service-keys-out-of-order",
        target: Target::Compose,
        category: Category::Maintainability,
        severity: Severity::Style,
        fix: FixKind::None,
        default_on: false,
        summary: "A service's keys are not grouped in the usual order (image and build first, security last).",
        equivalents: &["dclint:service-keys-order"],
        docs: rule_docs!(
            r#"## What it does
Reports, per service, the first key that belongs to an earlier group than a key above it.
The groups, in order:

1. what runs: `extends`, `image`, `build`, `platform`, `pull_policy`, `container_name`,
   `hostname`, `profiles`;
2. dependencies: `depends_on`, `links`, `external_links`;
3. data: `volumes`, `volumes_from`, `tmpfs`, `configs`, `secrets`;
4. environment: `env_file`, `environment`;
5. network: `ports`, `expose`, `networks`, `network_mode`, `extra_hosts`, `dns`, …;
6. process: `command`, `entrypoint`, `working_dir`, `init`, `restart`, `healthcheck`,
   `stop_signal`, `stop_grace_period`, `deploy`, resource limits;
7. metadata: `logging`, `labels`, `annotations`;
8. isolation: `user`, `group_add`, `read_only`, `privileged`, `cap_add`, `cap_drop`,
   `security_opt`, namespaces, `devices`, `ulimits`, `sysctls`.

Keys within a group may come in any order; other keys and merged (`<<`) keys are ignored. Off
by default: it is a matter of taste.

## Why is this bad?
When every service lists its keys in the same order, a reviewer sees at a glance what runs,
what it mounts and how it is isolated, and a missing hardening key stands out.

## Example
```yaml
services:
  api:
    read_only: true
    image: acme/api:1.4
```

## Use instead
```yaml
services:
  api:
    image: acme/api:1.4
    read_only: true
```

No fix: moving keys would move the comments around them with no reliable owner.
"#
        ),
    },
    check,
    per_service: true,
};

const GROUPS: &[&[&str]] = &[
    &["extends", "image", "build", "platform", "pull_policy", "container_name", "hostname", "profiles"],
    &["depends_on", "links", "external_links"],
    &["volumes", "volumes_from", "tmpfs", "configs", "secrets"],
    &["env_file", "environment"],
    &[
        "ports",
        "expose",
        "networks",
        "network_mode",
        "extra_hosts",
        "dns",
        "dns_search",
        "dns_opt",
        "domainname",
        "mac_address",
        "links_local_ips",
    ],
    &[
        "command",
        "entrypoint",
        "working_dir",
        "init",
        "restart",
        "healthcheck",
        "stop_signal",
        "stop_grace_period",
        "deploy",
        "scale",
        "mem_limit",
        "mem_reservation",
        "memswap_limit",
        "cpus",
        "cpu_shares",
        "pids_limit",
        "shm_size",
    ],
    &["logging", "labels", "annotations"],
    &[
        "user",
        "group_add",
        "read_only",
        "privileged",
        "cap_add",
        "cap_drop",
        "security_opt",
        "pid",
        "ipc",
        "uts",
        "userns_mode",
        "cgroup",
        "cgroup_parent",
        "devices",
        "device_cgroup_rules",
        "ulimits",
        "sysctls",
        "isolation",
    ],
];

const NAMES: &[&str] =
    &["what runs", "dependencies", "data", "environment", "network", "process", "metadata", "isolation"];

fn rank(key: &str) -> Option<(usize, String)> {
    GROUPS.iter().position(|g| g.contains(&key)).map(|i| (i, String::new()))
}

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        let Some((e, key, before)) = first_out_of_order(ctx.doc, s.node, &rank) else { continue };
        let group = rank(key).map_or("", |(i, _)| NAMES[i]);
        sink.report(
            ctx.doc.span(e.key),
            format!("In service `{}`, `{key}` ({group}) should come before `{before}`", s.name),
            format!("Group the keys: {}.", NAMES.join(", ")),
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn reports_the_first_misplaced_key_per_service() {
        let d = fires(
            &RULE,
            "services:\n  a:\n    environment: {}\n    ports: []\n    volumes: []\n    user: x\n  b:\n    user: x\n    image: y\n    command: z\n",
            2,
        );
        assert_eq!(d[0].message, "In service `a`, `volumes` (data) should come before `environment`");
        assert!(d[1].message.contains("`image` (what runs) should come before `user`"));
    }

    #[test]
    fn quiet_in_order_with_unknown_and_merged_keys() {
        clean(
            &RULE,
            "x-h: &h {user: x}\nservices:\n  a:\n    <<: *h\n    image: y\n    x-note: 1\n    depends_on: [b]\n    labels: {}\n  b:\n    build: .\n    image: z\n",
        );
    }
}

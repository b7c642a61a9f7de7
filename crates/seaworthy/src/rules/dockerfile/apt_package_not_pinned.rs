//! SWD205 apt-package-not-pinned

use super::pkg_call::{check_pins, Manager};
use crate::diagnostic::{Category, Severity};
use crate::dockerfile::Instruction;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD205",
        name: "apt-package-not-pinned",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: false,
        summary: "`apt-get install` names a package without a version.",
        equivalents: &["hadolint:DL3008", "kics:apt_get_install_pin_version_not_defined"],
        docs: rule_docs!(
            r#"## What it does
Finds packages that `apt-get install` (or `apt install`) installs by name alone, without
`=version`. A release selector (`curl/bookworm-backports`) does not count as a pin. Local
`.deb` files and packages named by variables are not reported.

## Why is this bad?
Without a version, each build installs whatever the mirror holds that day: two builds of
the same Dockerfile can differ, and a new package release can break a build that worked
yesterday. Pinning makes the change visible in the Dockerfile. The cost is real: Debian and
Ubuntu mirrors drop old versions, so pins must be updated regularly, which is why this rule is
off by default.

## Example
```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
```

## Use instead
```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 \
    && rm -rf /var/lib/apt/lists/*
```
"#
        ),
    },
    check: crate::rules::Check::Each(crate::rules::Keywords::of(&[crate::dockerfile::Keyword::Run]), check),
};

fn check<'a>(ctx: &DockerfileCtx<'a>, i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    check_pins(
        ctx,
        i,
        ins,
        sink,
        &[Manager::AptGet, Manager::Apt],
        |_, _| false,
        |_, p| format!("Pin the version: `{}=<version>` (`apt-cache policy {}` lists the candidates).", p.name, p.name),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_unpinned_packages() {
        fires(&RULE, "FROM debian\nRUN apt-get install -y curl ca-certificates=20230311\n", 1);
        fires(&RULE, "FROM debian\nRUN apt install -y curl/bookworm-backports wget\n", 2);
        fires(&RULE, "FROM debian\nRUN <<EOF\napt-get install -y curl\nEOF\n", 1);
        fires(&RULE, "FROM debian\nONBUILD RUN sudo apt-get -y install jq\n", 1);
        fires(&RULE, "FROM debian AS b\nRUN apt-get install -y gcc\nFROM debian\nRUN apt-get install -y curl\n", 2);
    }

    #[test]
    fn quiet_on_pins_files_and_other_subcommands() {
        clean(&RULE, "FROM debian\nRUN apt-get install -y curl=7.88.1 \"wget=1.21*\" ./local.deb /tmp/x.deb $PKGS jq=${JQ_VERSION}\n");
        clean(&RULE, "FROM debian\nRUN apt-get update && apt-get upgrade -y && apt-get build-dep -y python3 && apt-get remove -y curl\n");
        clean(&RULE, "FROM debian\nRUN apt-get install -y $APT_OPTS curl\n");
        clean(&RULE, "FROM debian\nSHELL [\"pwsh\", \"-c\"]\nRUN apt-get install -y curl\n");
        clean(&RULE, "FROM debian\nRUN [\"apt-get\", \"install\", \"-y\", \"curl\"]\n");
    }
}

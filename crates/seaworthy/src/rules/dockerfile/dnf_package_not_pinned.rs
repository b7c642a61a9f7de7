//! SWD214 dnf-package-not-pinned

use super::pkg_call::{check_pins, Manager};
use crate::diagnostic::{Category, Severity};
use crate::dockerfile::Instruction;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD214",
        name: "dnf-package-not-pinned",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: false,
        summary: "`dnf install` (or `microdnf`/`tdnf`) names a package without a version.",
        equivalents: &["hadolint:DL3041", "kics:missing_version_specification_in_dnf_install"],
        docs: rule_docs!(
            r#"## What it does
Finds packages that `dnf install`, `microdnf install` or `tdnf install` installs by name
alone. A package counts as pinned when it is written `name-version` (`nginx-1.24.0`,
`openssl-3.0.7-27.el9`) or with a comparison (`'nginx = 1.24.0'`). Groups (`@core`), modules,
capabilities (`'dnf-command(config-manager)'`), local `.rpm` files, URLs and variables are not
reported. Names whose last part starts with a digit (`gcc-toolset-12`) read as versions.

## Why is this bad?
Without a version, each build installs whatever the repositories hold that day, so two builds
of the same Dockerfile can differ and an update can break a working build. Old package
versions disappear from the repositories, so pins need regular updates, which is why this rule
is off by default.

## Example
```dockerfile
FROM fedora:40
RUN dnf install -y nginx && dnf clean all
```

## Use instead
```dockerfile
FROM fedora:40
RUN dnf install -y nginx-1.26.1 && dnf clean all
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
        &[Manager::Dnf, Manager::Microdnf, Manager::Tdnf],
        |_, _| false,
        |_, p| format!("Pin the version: `{}-<version>` (`dnf --showduplicates list {}` lists them).", p.name, p.name),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_unpinned_packages() {
        fires(&RULE, "FROM fedora\nRUN dnf install -y nginx java-17-openjdk\n", 2);
        fires(&RULE, "FROM ubi9\nRUN microdnf install -y shadow-utils && tdnf install -y curl\n", 2);
    }

    #[test]
    fn quiet_on_pins_files_and_other_subcommands() {
        clean(
            &RULE,
            "FROM fedora\nRUN dnf install -y nginx-1.26.1 \"dnf-command(config-manager)\" @development-tools ./x.rpm\n",
        );
        clean(&RULE, "FROM fedora\nRUN dnf module install -y nodejs:20 && dnf group install -y x && dnf upgrade -y\n");
    }
}

//! SWD211 yum-package-not-pinned

use super::pkg_call::{check_pins, Manager};
use crate::diagnostic::{Category, Severity};
use crate::dockerfile::Instruction;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD211",
        name: "yum-package-not-pinned",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: false,
        summary: "`yum install` names a package without a version.",
        equivalents: &["hadolint:DL3033", "kics:yum_install_without_version"],
        docs: rule_docs!(
            r#"## What it does
Finds packages that `yum install` installs by name alone. A package counts as pinned when it
is written `name-version` (`nginx-1.24.0`, `openssl-3.0.7-27.el9`) or with a comparison that
is not a lower bound alone (`"nginx = 1.24.0"`). Groups (`@core`),
capabilities (`'perl(JSON)'`), local `.rpm` files, URLs and variables are not reported.
Names whose last part starts with a digit (`gcc-toolset-12`) read as versions.

## Why is this bad?
Without a version, each build installs whatever the repositories hold that day, so two builds
of the same Dockerfile can differ and an update can break a working build. Old package
versions disappear from the repositories, so pins need regular updates, which is why this rule
is off by default.

## Example
```dockerfile
FROM centos:7
RUN yum install -y httpd && yum clean all
```

## Use instead
```dockerfile
FROM centos:7
RUN yum install -y httpd-2.4.6 && yum clean all
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
        &[Manager::Yum],
        |_, _| false,
        |_, p| format!("Pin the version: `{}-<version>` (`yum --showduplicates list {}` lists them).", p.name, p.name),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_unpinned_packages() {
        fires(&RULE, "FROM centos:7\nRUN yum install -y httpd java-1.8.0-openjdk python3-devel\n", 3);
        fires(&RULE, "FROM centos:7\nRUN yum -y install \"nginx >= 1.20\"\n", 1);
    }

    #[test]
    fn quiet_on_pins_files_and_other_subcommands() {
        clean(&RULE, "FROM centos:7\nRUN yum install -y httpd-2.4.6 openssl-1.0.2k-26.el7_9 \"nginx = 1.20.1\" @core \"perl(JSON)\" /tmp/x.rpm https://e.com/y.rpm $P\n");
        clean(
            &RULE,
            "FROM centos:7\nRUN yum update -y && yum groupinstall -y \"Development Tools\" && yum remove -y x\n",
        );
        clean(&RULE, "FROM fedora\nRUN dnf install -y httpd\n");
    }
}

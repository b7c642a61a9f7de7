//! SWD218 zypper-package-not-pinned

use super::pkg_call::{check_pins, Manager};
use crate::diagnostic::{Category, Severity};
use crate::dockerfile::Instruction;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD218",
        name: "zypper-package-not-pinned",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: false,
        summary: "`zypper install` names a package without a version.",
        equivalents: &["hadolint:DL3037", "kics:zypper_install_without_version"],
        docs: rule_docs!(
            r#"## What it does
Finds packages that `zypper install` installs by name alone. A package counts as pinned when
it is written with `=`, `<` or `<=` (`'curl=8.6.0'`, `'curl<9'`) or as `name-version`. A lower
bound alone (`'curl>=8'`) does not pin. Patterns and other non-package types, local `.rpm`
files, URLs and variables are not reported.

## Why is this bad?
Without a version, each build installs whatever the repositories hold that day, so two builds
of the same Dockerfile can differ and an update can break a working build. Pins need regular
updates when old versions leave the repositories, which is why this rule is off by default.

## Example
```dockerfile
FROM opensuse/leap:15.6
RUN zypper -n install curl && zypper clean --all
```

## Use instead
```dockerfile
FROM opensuse/leap:15.6
RUN zypper -n install 'curl=8.6.0' && zypper clean --all
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
        &[Manager::Zypper],
        |c, _| c.opt(&["-t", "--type"]).and_then(|o| o.value.as_deref()).is_some_and(|t| t != "package"),
        |_, p| format!("Pin the version: `'{}=<version>'` (`zypper search -s {}` lists them).", p.name, p.name),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_unpinned_packages() {
        fires(&RULE, "FROM opensuse/leap\nRUN zypper -n in curl \"git>=2\"\n", 2);
    }

    #[test]
    fn quiet_on_pins_files_and_other_subcommands() {
        clean(&RULE, "FROM opensuse/leap\nRUN zypper -n in \"curl=8.6.0\" git-2.43.0 \"vim<10\" /tmp/a.rpm\n");
        clean(&RULE, "FROM opensuse/leap\nRUN zypper -n in -t pattern devel_basis && zypper -n up\n");
    }
}

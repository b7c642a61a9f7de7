//! SWD212 dnf-missing-yes

use super::pkg_call::Manager;
use super::yum_missing_yes::check_missing_yes;
use crate::diagnostic::{Category, Severity};
use crate::dockerfile::Instruction;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD212",
        name: "dnf-missing-yes",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Warning,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "`dnf install` (or `microdnf`/`tdnf`) without `-y` stops at the confirmation prompt.",
        equivalents: &["hadolint:DL3038", "kics:missing_flag_from_dnf_install"],
        docs: rule_docs!(
            r#"## What it does
Finds `dnf`, `microdnf` and `tdnf` commands that change packages (`install`, `upgrade`,
`remove`, `reinstall`, `downgrade`, `distro-sync`, `group install`, `module install`,
`module enable`...) without `-y`/`--assumeyes` (or `--setopt=assumeyes=1`), in `RUN`
instructions and heredoc scripts. Commands fed by `yes |` are accepted.

## Why is this bad?
dnf asks "Is this ok [y/N]" before changing anything. A build has no terminal to answer it,
so dnf reads end of input, takes the default "no" and exits with an error; tdnf does the same.
microdnf asks too since version 3.6 unless the image's `dnf.conf` sets `assumeyes`; some
minimal base images do, which is why official images such as `openjdk` on Oracle Linux build
without `-y`, but the step then depends on that configuration. `-y` makes it independent.

## Example
```dockerfile
FROM fedora:40
RUN dnf install nginx && dnf clean all
```

## Use instead
```dockerfile
FROM fedora:40
RUN dnf install -y nginx && dnf clean all
```

## Fix safety
The fix inserts `-y` after the subcommand. Safe for `dnf` and `tdnf`: a build that succeeded
without it never had to confirm anything. Unsafe for `microdnf`: versions before 3.6 never
prompt and do not know the `-y` option, so on such a base image the fixed command fails.
No fix is offered when the subcommand word is quoted or built from variables.
"#
        ),
    },
    check: crate::rules::Check::Each(crate::rules::Keywords::of(&[crate::dockerfile::Keyword::Run]), check),
};

fn check<'a>(ctx: &DockerfileCtx<'a>, i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    check_missing_yes(ctx, i, ins, sink, &[Manager::Dnf, Manager::Microdnf, Manager::Tdnf]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Applicability;
    use crate::rules::testing::*;

    #[test]
    fn fires_without_yes() {
        fires(&RULE, "FROM fedora\nRUN dnf install nginx\n", 1);
        fires(&RULE, "FROM fedora\nRUN dnf upgrade && dnf module enable nodejs:20 && dnf group install x\n", 3);
        fires(&RULE, "FROM ubi9/ubi-minimal\nRUN microdnf install shadow-utils\n", 1);
        fires(&RULE, "FROM photon\nRUN tdnf install curl\n", 1);
        fires(&RULE, "FROM fedora\nRUN <<EOF\ndnf5 install nginx\nEOF\n", 1);
        fires(&RULE, "FROM fedora\nONBUILD RUN dnf --setopt=install_weak_deps=False install nginx\n", 1);
    }

    #[test]
    fn quiet_with_yes() {
        clean(&RULE, "FROM fedora\nRUN dnf install -y nginx && dnf -y upgrade && dnf module -y enable nodejs:20\n");
        clean(&RULE, "FROM fedora\nRUN microdnf --assumeyes install shadow-utils && tdnf install -qy curl\n");
        clean(&RULE, "FROM fedora\nRUN dnf makecache && dnf clean all && dnf module list\n");
        clean(&RULE, "FROM fedora\nRUN yes | dnf install nginx\n");
        clean(&RULE, "FROM fedora\nRUN yum install -y nginx\n");
        clean(&RULE, "FROM fedora\nRUN dnf install --setopt=assumeyes=True nginx\n");
    }

    #[test]
    fn inserts_yes() {
        fixes_to(&RULE, "FROM fedora\nRUN dnf install nginx\n", "FROM fedora\nRUN dnf install -y nginx\n");
        fixes_to(
            &RULE,
            "FROM fedora\nRUN dnf module enable nodejs:20 && dnf module install nodejs\n",
            "FROM fedora\nRUN dnf module -y enable nodejs:20 && dnf module -y install nodejs\n",
        );
        let d = fires(&RULE, "FROM ubi9/ubi-minimal\nRUN microdnf install shadow-utils\n", 1);
        assert_eq!(d[0].fix.as_ref().map(|f| f.applicability), Some(Applicability::Unsafe));
        fixes_to(
            &RULE,
            "FROM ubi9/ubi-minimal\nRUN microdnf install shadow-utils\n",
            "FROM ubi9/ubi-minimal\nRUN microdnf install -y shadow-utils\n",
        );
    }
}

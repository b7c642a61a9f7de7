//! SWD216 zypper-dist-upgrade

use super::pkg_call::Manager;
use crate::diagnostic::{Category, Severity};
use crate::dockerfile::model::run_scripts;
use crate::dockerfile::Instruction;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD216",
        name: "zypper-dist-upgrade",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: true,
        summary: "`zypper dist-upgrade` in an image build.",
        equivalents: &["hadolint:DL3035", "kics:run_using_upgrade_commands"],
        docs: rule_docs!(
            r#"## What it does
Finds `zypper dist-upgrade` (`zypper dup`) commands in `RUN` instructions and heredoc scripts.

## Why is this bad?
A distribution upgrade may switch vendors, downgrade packages and install or remove whatever the
enabled repositories require to match the newest distribution state. In an image build this
turns the chosen base image into something else: the result depends on the day of the build
and can differ from the base the Dockerfile names. Use a newer base image tag instead, and
`zypper patch` or `zypper update` when you need fixes on top of it.

## Example
```dockerfile
FROM opensuse/tumbleweed
RUN zypper -n dup && zypper clean --all
```

## Use instead
```dockerfile
FROM opensuse/tumbleweed:latest
RUN zypper -n patch ; zypper clean --all
```
"#
        ),
    },
    check: crate::rules::Check::Each(crate::rules::Keywords::of(&[crate::dockerfile::Keyword::Run]), check),
};

fn check<'a>(ctx: &DockerfileCtx<'a>, i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    for script in run_scripts(ins, ctx.posix_shell_at(i)) {
        for cmd in &script.commands {
            let Some(call) = ctx.pkg_call(cmd) else { continue };
            let Some(sub @ ("dist-upgrade" | "dup")) = call.subcommand() else { continue };
            if call.manager != Manager::Zypper {
                continue;
            }
            sink.report(
                call.head_span(),
                format!("`zypper {sub}` upgrades the whole distribution during the build"),
                "Start from a newer base image tag; use `zypper -n patch` or `zypper -n update` for fixes.",
                None,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_dist_upgrade() {
        fires(&RULE, "FROM opensuse/leap\nRUN zypper -n dup\n", 1);
        fires(
            &RULE,
            "FROM opensuse/leap\nRUN zypper ref && sudo zypper --non-interactive dist-upgrade --no-recommends\n",
            1,
        );
        fires(&RULE, "FROM opensuse/leap\nRUN <<EOF\nzypper -n dup\nEOF\n", 1);
        fires(&RULE, "FROM opensuse/leap\nONBUILD RUN zypper -n dup\n", 1);
    }

    #[test]
    fn quiet_otherwise() {
        clean(&RULE, "FROM opensuse/leap\nRUN zypper -n up && zypper -n patch && zypper -n in dup\n");
        clean(&RULE, "FROM debian\nRUN apt-get dist-upgrade -y\n");
        clean(&RULE, "FROM opensuse/leap\nRUN echo zypper dup\n");
    }
}

//! SWD228 dist-upgrade-in-image

use super::pkg_call::Manager;
use crate::diagnostic::{Category, Severity};
use crate::dockerfile::model::run_scripts;
use crate::dockerfile::Instruction;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD228",
        name: "dist-upgrade-in-image",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Info,
        fix: FixKind::None,
        default_on: true,
        summary: "`apt-get dist-upgrade` (or `full-upgrade`) in an image build.",
        equivalents: &["kics:run_using_upgrade_commands"],
        docs: rule_docs!(
            r#"## What it does
Finds `apt-get dist-upgrade`, `apt-get full-upgrade` and their `apt` forms in `RUN`
instructions and heredoc scripts. (`zypper dist-upgrade` has its own rule.)

## Why is this bad?
Unlike `apt-get upgrade`, a distribution upgrade may install new packages and remove installed
ones to resolve changed dependencies. In an image build that makes the result depend on the day
of the build rather than on the base image tag the Dockerfile names, and it can pull in or drop
packages nobody asked for. Security fixes are better taken from a newer base image, or with
`apt-get upgrade`, which only upgrades what is installed.

## Example
```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get dist-upgrade -y && rm -rf /var/lib/apt/lists/*
```

## Use instead
```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get upgrade -y && rm -rf /var/lib/apt/lists/*
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
            if !matches!(call.manager, Manager::AptGet | Manager::Apt) {
                continue;
            }
            let Some(sub @ ("dist-upgrade" | "full-upgrade")) = call.subcommand() else { continue };
            if call.has(&["-s", "--simulate", "--dry-run", "--just-print", "--recon", "--no-act"]) {
                continue;
            }
            sink.report(
                call.head_span(),
                format!("`{} {sub}` may add and remove packages beyond the base image", call.manager.as_str()),
                "Use a newer base image tag for fixes, or `apt-get upgrade -y`, which only upgrades installed packages.",
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
        fires(&RULE, "FROM debian\nRUN apt-get update && apt-get dist-upgrade -y\n", 1);
        fires(&RULE, "FROM debian\nRUN apt full-upgrade -y && sudo apt-get -qq -y dist-upgrade\n", 2);
        fires(&RULE, "FROM debian\nRUN <<EOF\napt-get -y dist-upgrade\nEOF\n", 1);
        fires(&RULE, "FROM debian\nONBUILD RUN apt-get dist-upgrade -y\n", 1);
    }

    #[test]
    fn quiet_otherwise() {
        clean(&RULE, "FROM debian\nRUN apt-get update && apt-get upgrade -y && apt-get install -y dist-upgrade\n");
        clean(&RULE, "FROM debian\nRUN apt-get -s dist-upgrade\n");
        clean(&RULE, "FROM opensuse/leap\nRUN zypper -n dup\n");
        clean(&RULE, "FROM debian\nRUN echo apt-get dist-upgrade\n");
        clean(&RULE, "FROM debian\nSHELL [\"pwsh\", \"-c\"]\nRUN apt-get dist-upgrade -y\n");
    }
}

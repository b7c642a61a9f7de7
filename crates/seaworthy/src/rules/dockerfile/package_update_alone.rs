//! SWD206 package-update-alone

use super::pkg_call::{basename, command_start, Action, Family};
use crate::diagnostic::{Category, Label, Severity};
use crate::dockerfile::model::run_scripts;
use crate::dockerfile::Instruction;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};
use crate::span::Span;

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD206",
        name: "package-update-alone",
        target: Target::Dockerfile,
        category: Category::Efficiency,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: true,
        summary: "A `RUN` refreshes the package index without installing anything from it.",
        equivalents: &["trivy:DS-0017", "checkov:CKV_DOCKER_5", "kics:update_instruction_alone"],
        docs: rule_docs!(
            r#"## What it does
Finds `RUN` instructions that download a package index (`apt-get update`, `apk update`,
`yum makecache`, `dnf makecache`, `zypper refresh`) but install, upgrade or remove nothing
with the same package manager in that `RUN`. A `RUN` that also runs a script
(`bash setup.sh`, `./install.sh`, `sh -c "..."`) is left alone, since the script may install.
When a later `RUN` of the stage installs with the same manager, that place is shown too.

## Why is this bad?
The build cache keys a layer on its instruction text. A lone `RUN apt-get update` layer is
reused for months while the `RUN apt-get install ...` after it changes, so installs run
against a stale index: they fail with 404 errors once the mirror drops the old packages, or
silently install old versions. The index also stays in the image as dead weight. Refreshing
and installing in one `RUN` keeps them in step.

## Example
```dockerfile
FROM debian:bookworm-slim
RUN apt-get update
RUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
```

## Use instead
```dockerfile
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
```
"#
        ),
    },
    check: crate::rules::Check::Each(crate::rules::Keywords::of(&[crate::dockerfile::Keyword::Run]), check),
};

fn check<'a>(ctx: &DockerfileCtx<'a>, i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    let posix = ctx.posix_shell_at(i);
    let scripts = run_scripts(ins, posix);
    // the first index refresh of each family, and the families something installs with
    let mut refreshes: Vec<(Family, Span, String)> = Vec::new();
    let mut used: Vec<Family> = Vec::new();
    let mut opaque = false;
    for script in scripts {
        for cmd in &script.commands {
            opaque |= runs_script(cmd);
            let Some(call) = ctx.pkg_call(cmd) else { continue };
            let family = call.manager.family();
            match call.action() {
                Action::RefreshIndex if !refreshes.iter().any(|r| r.0 == family) => {
                    let text = format!("{} {}", call.manager.as_str(), call.subcommand().unwrap_or(""));
                    refreshes.push((family, call.head_span(), text));
                }
                Action::Install | Action::Upgrade | Action::DistUpgrade | Action::Remove | Action::Ci => {
                    used.push(family)
                }
                _ => {}
            }
        }
    }
    for (family, span, text) in refreshes {
        if used.contains(&family) || opaque {
            continue;
        }
        let later = later_install(ctx, i, family);
        let d = sink.report(
            span,
            format!("`{text}` runs in a RUN that installs nothing; the index it downloads is cached apart from the install"),
            format!("Refresh and install in the same RUN: `RUN {text} && ... install ...`, and delete the index afterwards."),
            None,
        );
        if let Some(later) = later {
            d.labels.push(Label { span: later, message: "installs from the cached index here".into() });
        }
    }
}

/// Whether `cmd` runs a script whose commands we cannot see (`bash setup.sh`, `./install.sh`,
/// `sh -c "..."`, `. ./env`, `make`): it may install from the fresh index.
fn runs_script(cmd: &crate::shell::Command) -> bool {
    let Some(w) = cmd.words.get(command_start(cmd)) else { return false };
    let v = w.value.as_str();
    w.dynamic
        || v.starts_with("./")
        || v.ends_with(".sh")
        || matches!(
            basename(v),
            "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh" | "source" | "." | "make" | "su" | "runuser" | "chroot"
        )
}

/// The first later call in the same stage that installs with `family`.
fn later_install(ctx: &DockerfileCtx<'_>, i: usize, family: Family) -> Option<Span> {
    let st = ctx.model.stage_of(i)?;
    let end = ctx.model.stages.get(st)?.end;
    for k in i + 1..end {
        let ins = ctx.df.instructions.get(k)?;
        for script in run_scripts(ins, ctx.posix_shell_at(k)) {
            for cmd in &script.commands {
                let Some(call) = ctx.pkg_call(cmd) else { continue };
                if call.manager.family() == family
                    && matches!(call.action(), Action::Install | Action::Upgrade | Action::DistUpgrade)
                {
                    return Some(call.head_span());
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_lone_refresh() {
        let d = fires(&RULE, "FROM debian\nRUN apt-get update\nRUN apt-get install -y curl\n", 1);
        assert_eq!(d[0].labels.len(), 1);
        fires(&RULE, "FROM debian\nRUN apt-get update -qq && apt-get clean\n", 1);
        fires(&RULE, "FROM alpine\nRUN apk update\nRUN apk add curl\n", 1);
        fires(&RULE, "FROM fedora\nRUN dnf makecache\n", 1);
        fires(&RULE, "FROM centos:7\nRUN yum makecache fast\n", 1);
        fires(&RULE, "FROM opensuse/leap\nRUN zypper --gpg-auto-import-keys refresh\n", 1);
        fires(&RULE, "FROM debian\nRUN <<EOF\napt-get update\necho done\nEOF\n", 1);
        fires(&RULE, "FROM debian\nONBUILD RUN sudo apt update\n", 1);
        // apk installing does not use apt's index
        fires(&RULE, "FROM debian\nRUN apt-get update && apk add curl\n", 1);
        fires(&RULE, "FROM debian AS a\nRUN apt-get update\nFROM debian\nRUN apt-get update\n", 2);
    }

    #[test]
    fn quiet_when_the_same_run_uses_the_index() {
        clean(&RULE, "FROM debian\nRUN apt-get update && apt-get install -y curl\n");
        clean(&RULE, "FROM debian\nRUN apt update && apt-get upgrade -y\n");
        clean(&RULE, "FROM debian\nRUN apt-get update && apt-get dist-upgrade -y\n");
        clean(&RULE, "FROM debian\nRUN apt-get update && xargs -a pkgs.txt apt-get install -y\n");
        clean(&RULE, "FROM debian\nRUN apt-get update && apt-get purge -y --auto-remove curl\n");
        clean(&RULE, "FROM alpine\nRUN apk update && apk upgrade\n");
        clean(&RULE, "FROM fedora\nRUN dnf makecache && dnf install -y nginx\n");
        clean(&RULE, "FROM centos:7\nRUN yum update -y\n");
        clean(&RULE, "FROM opensuse/leap\nRUN zypper ref && zypper -n in curl\n");
        clean(&RULE, "FROM debian\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n");
        clean(&RULE, "FROM debian\nRUN echo apt-get update\n");
        clean(&RULE, "FROM debian\nRUN apt-get update && bash /tmp/common-debian.sh && rm -rf /var/lib/apt/lists/*\n");
        clean(&RULE, "FROM debian\nRUN apt-get update && ./install-deps.sh\n");
        clean(&RULE, "FROM debian\nRUN sudo apt-get update && sudo bash -c \"apt-get upgrade -y\"\n");
        clean(&RULE, "FROM debian\nRUN [\"apt-get\", \"update\"]\n");
        clean(
            &RULE,
            "FROM mcr.microsoft.com/windows/servercore\nSHELL [\"powershell\", \"-Command\"]\nRUN apt-get update\n",
        );
    }
}

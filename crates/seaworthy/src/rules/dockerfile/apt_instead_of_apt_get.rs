//! SWD204 apt-instead-of-apt-get

use super::pkg_call::{plain_word, Manager};
use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::dockerfile::model::run_scripts;
use crate::dockerfile::Instruction;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD204",
        name: "apt-instead-of-apt-get",
        target: Target::Dockerfile,
        category: Category::Maintainability,
        severity: Severity::Warning,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "`RUN` uses `apt`, the interactive front end, instead of `apt-get`.",
        equivalents: &["hadolint:DL3027", "checkov:CKV_DOCKER_9", "kics:run_using_apt"],
        docs: rule_docs!(
            r#"## What it does
Finds `apt` commands in `RUN` instructions (also after `sudo`/`env`, in `&&` chains and in
heredoc scripts) of stages that use a POSIX shell.

## Why is this bad?
`apt` is the command-line front end meant for people at a terminal. Its output and options
may change between releases (it prints "apt does not have a stable CLI interface" when its
output is not a terminal), it shows progress bars meant for a terminal, and a few of its
defaults differ from `apt-get`'s. `apt-get` and `apt-cache` are the stable interfaces for
scripts and Dockerfiles.

## Example
```dockerfile
FROM debian:bookworm-slim
RUN apt update && apt-get install -y --no-install-recommends curl
```

## Use instead
```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl
```

## Fix safety
Safe for `install`, `update`, `remove`, `purge`, `autoremove` and `dist-upgrade`: the fix
replaces `apt` with `apt-get`, which runs the same action with the same options. The one
default that differs for these actions is that `apt` deletes downloaded `.deb` files after
installing; the official Debian and Ubuntu images configure `apt-get` to do the same.
Unsafe for `upgrade`: `apt upgrade` also installs new dependencies of upgraded packages,
`apt-get upgrade` keeps them back, so fewer packages may be upgraded. No fix is offered for
the other subcommands (`list`, `search`, `show`, `full-upgrade`...), whose `apt-get` or
`apt-cache` equivalents differ, or when the word `apt` is quoted or built from variables.
"#
        ),
    },
    check: crate::rules::Check::Each(crate::rules::Keywords::of(&[crate::dockerfile::Keyword::Run]), check),
};

fn check<'a>(ctx: &DockerfileCtx<'a>, i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    for script in run_scripts(ins, ctx.posix_shell_at(i)) {
        for cmd in &script.commands {
            let Some(call) = ctx.pkg_call(cmd) else { continue };
            if call.manager != Manager::Apt {
                continue;
            }
            let Some(tool) = call.tool_word() else { continue };
            let sub = call.subcommand();
            let plain = plain_word(ctx.src, tool);
            let edit = || vec![Edit::replace(tool.span, format!("{}-get", tool.value))];
            let fix = match sub {
                Some("install" | "update" | "remove" | "purge" | "autoremove" | "dist-upgrade") if plain => {
                    Some(Fix::safe("Replace `apt` with `apt-get`", edit()))
                }
                Some("upgrade") if plain => Some(Fix::unsafe_("Replace `apt` with `apt-get`", edit())),
                _ => None,
            };
            let (message, help) = match sub {
                Some(s @ ("list" | "search" | "show" | "policy" | "showsrc" | "depends" | "rdepends")) => (
                    format!("`apt {s}` uses the interactive `apt` front end"),
                    match s {
                        "list" => "Use `dpkg-query -W` or `apt-cache policy` in scripts.".to_string(),
                        _ => format!("Use `apt-cache {s}` in scripts."),
                    },
                ),
                Some(s) => (
                    format!("`apt {s}` uses the interactive `apt` front end, whose interface is not stable"),
                    format!("Use `apt-get {s}` in Dockerfiles and scripts."),
                ),
                None => (
                    "`apt` is the interactive front end, whose interface is not stable".to_string(),
                    "Use `apt-get` or `apt-cache` in Dockerfiles and scripts.".to_string(),
                ),
            };
            sink.report(tool.span, message, help, fix);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_apt() {
        fires(&RULE, "FROM debian\nRUN apt install -y curl\n", 1);
        fires(&RULE, "FROM debian\nRUN sudo apt update && apt upgrade -y && apt list --installed\n", 3);
        fires(&RULE, "FROM debian\nRUN DEBIAN_FRONTEND=noninteractive /usr/bin/apt install -y curl\n", 1);
        fires(&RULE, "FROM debian\nRUN <<EOF\napt update\nEOF\n", 1);
        fires(&RULE, "FROM debian\nONBUILD RUN apt-get update && apt install -y curl\n", 1);
        fires(&RULE, "FROM debian AS a\nRUN apt install -y gcc\nFROM debian\nRUN apt install -y curl\n", 2);
        fires(&RULE, "ARG B=debian:12\nFROM ${B}\nRUN apt install -y curl\n", 1);
    }

    #[test]
    fn quiet_on_apt_get_and_lookalikes() {
        clean(&RULE, "FROM debian\nRUN apt-get update && apt-get install -y curl && apt-cache policy curl\n");
        clean(&RULE, "FROM debian\nRUN echo apt install curl && aptitude install -y x && apt-key list\n");
        clean(&RULE, "FROM debian\nRUN command -v apt && which apt\n");
        clean(&RULE, "FROM debian\nRUN [\"apt\", \"install\", \"-y\", \"curl\"]\n");
        clean(&RULE, "FROM debian\nCOPY <<EOF /x.sh\napt install curl\nEOF\n");
        clean(
            &RULE,
            "FROM mcr.microsoft.com/windows/servercore\nSHELL [\"powershell\", \"-Command\"]\nRUN apt install curl\n",
        );
    }

    #[test]
    fn replaces_apt() {
        fixes_to(
            &RULE,
            "FROM debian\nRUN apt update && sudo apt install -y curl && apt remove -y x && apt purge y\n",
            "FROM debian\nRUN apt-get update && sudo apt-get install -y curl && apt-get remove -y x && apt-get purge y\n",
        );
        fixes_to(
            &RULE,
            "FROM debian\r\nRUN /usr/bin/apt autoremove -y \\\r\n && apt dist-upgrade -y\r\n",
            "FROM debian\r\nRUN /usr/bin/apt-get autoremove -y \\\r\n && apt-get dist-upgrade -y\r\n",
        );
        let d = fires(&RULE, "FROM debian\nRUN apt upgrade -y\n", 1);
        assert_eq!(d[0].fix.as_ref().map(|f| f.applicability), Some(crate::diagnostic::Applicability::Unsafe));
        no_fix(&RULE, "FROM debian\nRUN apt list --installed\n");
        no_fix(&RULE, "FROM debian\nRUN apt full-upgrade -y\n");
        no_fix(&RULE, "FROM debian\nRUN \"apt\" install -y curl\n");
    }
}

//! SWD202 apt-recommends-installed

use super::pkg_call::Manager;
use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::dockerfile::model::run_scripts;
use crate::dockerfile::Instruction;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD202",
        name: "apt-recommends-installed",
        target: Target::Dockerfile,
        category: Category::Efficiency,
        severity: Severity::Info,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "`apt-get install` without `--no-install-recommends` pulls in packages nobody asked for.",
        equivalents: &["hadolint:DL3015"],
        docs: rule_docs!(
            r#"## What it does
Finds `apt-get install` commands in `RUN` instructions that install recommended packages, i.e.
that have neither `--no-install-recommends` nor `-o APT::Install-Recommends=false`.
A simulated install (`-s`, `--simulate`, `--dry-run`, as in `if apt-get install -s pkg; then`)
installs nothing and is not reported.

## Why is this bad?
By default apt also installs every package the requested ones *recommend*: documentation, GUI
helpers, extra tools. They make the image larger, slower to pull and broader to attack, and they
are rarely needed in a container. Packages you do need should be listed explicitly.

## Example
```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
```

## Use instead
```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
```

## Fix safety
Unsafe: the fix inserts `--no-install-recommends` right after `install`, so fewer packages get
installed. If the image relies on a recommended package (often `ca-certificates` for `curl` or
`wget`), add it to the install list by hand. No fix is offered when the `install` word is built
from variables or quotes.
"#
        ),
    },
    check: crate::rules::Check::Each(crate::rules::Keywords::of(&[crate::dockerfile::Keyword::Run]), check),
};

fn check<'a>(ctx: &DockerfileCtx<'a>, i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    for script in run_scripts(ins, ctx.posix_shell_at(i)) {
        for cmd in &script.commands {
            let Some(apt) = ctx.pkg_call(cmd) else { continue };
            if apt.manager != Manager::AptGet || apt.subcommand() != Some("install") || apt.unknown_options {
                continue;
            }
            let o = apt.apt_options();
            if o.no_recommends || o.simulate {
                continue;
            }
            let Some(word) = apt.sub_word() else { continue };
            let fix = (word.span.text(ctx.src) == "install").then(|| {
                Fix::unsafe_(
                    "Add `--no-install-recommends` to `apt-get install`",
                    vec![Edit::insert(word.span.end, " --no-install-recommends")],
                )
            });
            sink.report(
                word.span,
                "`apt-get install` also installs recommended packages",
                "Add `--no-install-recommends` and list the packages the image really needs.",
                fix,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_when_recommends_are_installed() {
        fires(&RULE, "FROM debian\nRUN apt-get install -y curl\n", 1);
        fires(&RULE, "FROM debian\nRUN sudo apt-get -y install curl\n", 1);
        fires(&RULE, "FROM debian\nRUN DEBIAN_FRONTEND=noninteractive apt-get install -yq curl\n", 1);
        fires(&RULE, "FROM debian\nRUN apt-get update && apt-get install -y a; apt-get install -y b | tee log\n", 2);
        fires(&RULE, "FROM debian\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n", 1);
        fires(&RULE, "ARG BASE=debian:12\nFROM ${BASE} AS build\nRUN apt-get install -y gcc\nFROM scratch\n", 1);
        fires(&RULE, "FROM debian\nRUN apt-get -o APT::Install-Recommends=true install -y curl\n", 1);
    }

    #[test]
    fn quiet_without_recommends() {
        clean(&RULE, "FROM debian\nRUN apt-get install -y --no-install-recommends curl\n");
        clean(&RULE, "FROM debian\nRUN apt-get --no-install-recommends -y install curl\n");
        clean(&RULE, "FROM debian\nRUN apt-get -o APT::Install-Recommends=false install -y curl\n");
        clean(&RULE, "FROM debian\nRUN apt-get -o APT::Install-Recommends=0 install -y curl\n");
        clean(&RULE, "FROM debian\nRUN apt-get update && apt-get upgrade -y\n");
        clean(&RULE, "FROM debian\nRUN apt install -y curl\n");
        clean(&RULE, "FROM debian\nRUN apt-get install -y ${APT_INSTALL_OPTIONS} curl\n");
        clean(&RULE, "FROM debian\nSHELL [\"powershell\", \"-Command\"]\nRUN apt-get install -y curl\n");
        // a dry run installs nothing
        clean(&RULE, "FROM debian\nRUN if apt-get install --simulate tzdata >/dev/null; then echo ok; fi\n");
        clean(&RULE, "FROM debian\nRUN apt-get -s install libfoo-dev\n");
    }

    #[test]
    fn inserts_no_install_recommends() {
        fixes_to(
            &RULE,
            "FROM debian\nRUN apt-get update && apt-get install -y curl\n",
            "FROM debian\nRUN apt-get update && apt-get install --no-install-recommends -y curl\n",
        );
        fixes_to(
            &RULE,
            "FROM debian\r\nRUN <<EOF\r\napt-get install -y \\\r\n  curl\r\nEOF\r\n",
            "FROM debian\r\nRUN <<EOF\r\napt-get install --no-install-recommends -y \\\r\n  curl\r\nEOF\r\n",
        );
        let d = crate::rules::run_dockerfile_rule(&RULE, "FROM debian\nRUN apt-get install -y curl\n");
        assert_eq!(d[0].fix.as_ref().map(|f| f.applicability), Some(crate::diagnostic::Applicability::Unsafe));
    }
}

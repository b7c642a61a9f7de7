//! SWD201 apt-missing-yes
//!
//! Reads `apt-get` command lines through the shared package-manager model
//! ([`PkgCall`](super::pkg_call::PkgCall) and its [`apt_options`](super::pkg_call::PkgCall::apt_options)).

use super::pkg_call::Manager;
use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::dockerfile::model::run_scripts;
use crate::dockerfile::Instruction;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};
use crate::shell::{Script, Sep};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD201",
        name: "apt-missing-yes",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Warning,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "`apt-get install` without `-y` stops at the confirmation prompt.",
        equivalents: &["hadolint:DL3014"],
        docs: rule_docs!(
            r#"## What it does
Finds `apt-get install` commands in `RUN` instructions (also after `sudo`/`env`, after `&&`,
`;` or `|`, and in heredoc scripts) that do not answer apt's confirmation prompt in advance with
`-y`, `--yes`, `--assume-yes`, `-qq` (`-q=2`), or `-o APT::Get::Assume-Yes=true`.
A simulated install (`-s`, `--simulate`, `--dry-run`) installs nothing, never prompts and is
not reported.

## Why is this bad?
A build has no terminal to answer "Do you want to continue? [Y/n]". apt-get then reads end of
input, aborts, and the step fails. It only works while the packages happen to need no extra
dependencies, so the build breaks the day a package gains one. `DEBIAN_FRONTEND=noninteractive`
silences debconf questions, not this prompt.

## Example
```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install --no-install-recommends curl
```

## Use instead
```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl
```

## Fix safety
Safe: the fix inserts `-y` right after `install`. Without it apt-get aborts whenever it would
prompt, so a build that succeeded never prompted, and answering yes in advance changes nothing.
No fix is offered when the `install` word is built from variables or quotes.
"#
        ),
    },
    check: crate::rules::Check::Each(crate::rules::Keywords::of(&[crate::dockerfile::Keyword::Run]), check),
};

fn check<'a>(ctx: &DockerfileCtx<'a>, i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    for script in run_scripts(ins, ctx.posix_shell_at(i)) {
        for (k, cmd) in script.commands.iter().enumerate() {
            let Some(apt) = ctx.pkg_call(cmd) else { continue };
            if apt.manager != Manager::AptGet || apt.subcommand() != Some("install") || apt.unknown_options {
                continue;
            }
            let o = apt.apt_options();
            if o.simulate || o.assume_yes() || fed_by_yes(script, k) {
                continue;
            }
            let Some(word) = apt.sub_word() else { continue };
            let fix = (word.span.text(ctx.src) == "install")
                .then(|| Fix::safe("Add `-y` to `apt-get install`", vec![Edit::insert(word.span.end, " -y")]));
            sink.report(
                word.span,
                "`apt-get install` without `-y` aborts at the confirmation prompt",
                "Add `-y` (`apt-get install -y ...`) so the build never waits for an answer.",
                fix,
            );
        }
    }
}

/// Whether command `k` of `script` reads its input from `yes` (`yes | apt-get install ...`).
fn fed_by_yes(script: &Script, k: usize) -> bool {
    let Some(cmd) = script.commands.get(k) else { return false };
    if cmd.sep != Sep::Pipe || k == 0 {
        return false;
    }
    script.commands.get(k - 1).is_some_and(|prev| {
        prev.words.get(prev.real_start()).is_some_and(|w| crate::shell::base_name(&w.value) == "yes")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::dockerfile::pkg_call::PkgCall;
    use crate::rules::testing::*;
    use crate::shell::lex;

    fn call(s: &str) -> (bool, bool, Option<String>) {
        let script = lex(s);
        let c = PkgCall::parse(&script.commands[0]).expect("apt call");
        assert!(matches!(c.manager, Manager::AptGet | Manager::Apt));
        let o = c.apt_options();
        (o.assume_yes(), o.no_recommends, c.subcommand().map(str::to_string))
    }

    #[test]
    fn reads_apt_command_lines() {
        assert_eq!(call("apt-get install -y a"), (true, false, Some("install".into())));
        assert_eq!(call("apt-get -y install a"), (true, false, Some("install".into())));
        assert!(call("apt-get install -yq a").0);
        assert!(call("apt-get install -qqy a").0);
        assert!(call("apt-get -qq install a").0);
        assert!(call("apt-get -q -q install a").0);
        assert!(!call("apt-get -q install a").0);
        assert!(call("apt-get -q=2 install a").0);
        assert!(call("apt-get --quiet=2 install a").0);
        assert!(call("apt-get --assume-yes install a").0);
        assert!(call("apt-get --yes install a").0);
        assert!(call("apt-get -o APT::Get::Assume-Yes=true install a").0);
        assert!(call("apt-get -oAPT::Get::Assume-Yes=1 install a").0);
        assert!(call("apt-get --option=apt::get::assume-yes=yes install a").0);
        assert_eq!(call("apt-get -t bookworm-backports install a"), (false, false, Some("install".into())));
        assert!(!call("apt-get -o Dpkg::Options::=--force-confold install a").0);
        assert!(call("apt-get install --no-install-recommends a").1);
        assert!(call("apt-get -o APT::Install-Recommends=false install a").1);
        assert!(call("apt-get -o APT::Install-Recommends=0 install a").1);
        assert!(!call("apt-get -o APT::Install-Recommends=true install a").1);
        assert_eq!(call("/usr/bin/apt-get update").2.as_deref(), Some("update"));
        assert_eq!(call("sudo -E apt -qq update").2.as_deref(), Some("update"));
        assert!(PkgCall::parse(&lex("apt-cache policy").commands[0]).is_none());
    }

    #[test]
    fn fires_without_yes() {
        fires(&RULE, "FROM debian\nRUN apt-get install curl\n", 1);
        fires(&RULE, "FROM debian\nRUN sudo apt-get install curl\n", 1);
        fires(&RULE, "FROM debian\nRUN DEBIAN_FRONTEND=noninteractive apt-get install curl\n", 1);
        fires(&RULE, "FROM debian\nRUN env DEBIAN_FRONTEND=noninteractive apt-get install curl\n", 1);
        fires(&RULE, "FROM debian\nRUN apt-get update; apt-get install -q curl\n", 1);
        fires(&RULE, "FROM debian\nRUN echo hi | apt-get install curl || apt-get install wget\n", 2);
        fires(&RULE, "FROM debian\nRUN apt-get update && \\\n    apt-get install \\\n      curl\n", 1);
        fires(&RULE, "FROM debian\nRUN <<EOF\nset -e\napt-get update\napt-get install curl\nEOF\n", 1);
        fires(&RULE, "FROM debian\nONBUILD RUN apt-get install curl\n", 1);
        fires(&RULE, "ARG BASE=debian:12\nFROM ${BASE}\nRUN apt-get install curl\n", 1);
        // every stage, not only the final one
        fires(&RULE, "FROM debian AS build\nRUN apt-get install gcc\nFROM debian\nRUN apt-get install curl\n", 2);
        // `-y` after a `&&` belongs to another command
        fires(&RULE, "FROM debian\nRUN apt-get install curl && echo -y\n", 1);
    }

    #[test]
    fn quiet_with_yes_or_without_install() {
        clean(&RULE, "FROM debian\nRUN apt-get install -y curl\n");
        clean(&RULE, "FROM debian\nRUN apt-get -y install curl\n");
        clean(&RULE, "FROM debian\nRUN apt-get install -yq curl\n");
        clean(&RULE, "FROM debian\nRUN apt-get install -qqy curl\n");
        clean(&RULE, "FROM debian\nRUN sudo apt-get install --yes curl\n");
        clean(&RULE, "FROM debian\nRUN DEBIAN_FRONTEND=noninteractive apt-get install --assume-yes curl\n");
        clean(&RULE, "FROM debian\nRUN apt-get -qq install curl\n");
        clean(&RULE, "FROM debian\nRUN apt-get -o APT::Get::Assume-Yes=true install curl\n");
        clean(&RULE, "FROM debian\nRUN yes | apt-get install curl\n");
        clean(&RULE, "FROM debian\nRUN apt-get install -s curl\n");
        clean(&RULE, "FROM debian\nRUN apt-get install $APT_OPTS curl\n");
        clean(&RULE, "FROM debian\nRUN apt-get update && apt-get upgrade\n");
        clean(&RULE, "FROM debian\nRUN echo apt-get install curl\n");
        clean(&RULE, "FROM debian\nRUN [\"apt-get\", \"install\", \"curl\"]\n");
        clean(&RULE, "FROM debian\nRUN apt install curl\n");
        clean(&RULE, "FROM debian\nCOPY <<EOF /x.sh\napt-get install curl\nEOF\n");
        clean(&RULE, "FROM debian\nRUN <<EOF python3\nprint('apt-get install curl')\nEOF\n");
        clean(
            &RULE,
            "FROM mcr.microsoft.com/windows/servercore\nSHELL [\"powershell\", \"-Command\"]\nRUN apt-get install curl\n",
        );
    }

    #[test]
    fn inserts_yes_after_install() {
        fixes_to(&RULE, "FROM debian\nRUN apt-get install curl\n", "FROM debian\nRUN apt-get install -y curl\n");
        fixes_to(
            &RULE,
            "FROM debian\nRUN sudo apt-get -q install \\\n  curl && apt-get install wget\n",
            "FROM debian\nRUN sudo apt-get -q install -y \\\n  curl && apt-get install -y wget\n",
        );
        fixes_to(
            &RULE,
            "FROM debian\r\nRUN <<EOF\r\napt-get update\r\napt-get install curl\r\nEOF\r\n",
            "FROM debian\r\nRUN <<EOF\r\napt-get update\r\napt-get install -y curl\r\nEOF\r\n",
        );
        no_fix(&RULE, "FROM debian\nRUN apt-get \"install\" curl\n");
    }

    const TOKENS: &[&str] = &[
        "FROM a\n",
        "FROM a AS b\n",
        "RUN ",
        "ONBUILD ",
        "apt-get",
        "apt",
        " install",
        " update",
        " -y",
        " -q",
        "=",
        " -o",
        " -",
        " --",
        " && ",
        ";",
        " | ",
        " & ",
        " \\\n",
        "\n",
        "<<EOF",
        "<<-EOF bash",
        "EOF\n",
        "\tEOF",
        "\r\n",
        "\u{e9}",
        "\"",
        "'",
        "#",
        "$",
        "{",
        "}",
        " rm -rf /var/lib/apt/lists/*",
        "--mount=type=cache,target=/var/lib/apt/lists ",
        "SHELL [\"pwsh\"]\n",
        " curl",
        "sudo ",
        "yes",
        "if x; then ",
        "; fi",
    ];

    proptest::proptest! {
        #[test]
        fn apt_rules_never_panic_and_fixes_apply(ix in proptest::collection::vec(0usize..TOKENS.len(), 0..40)) {
            let src: String = ix.iter().map(|i| TOKENS[*i]).collect();
            for rule in [&RULE, &super::super::apt_recommends_installed::RULE, &super::super::apt_lists_not_cleaned::RULE] {
                for d in crate::rules::run_dockerfile_rule(rule, &src) {
                    proptest::prop_assert!(src.get(d.span.start..d.span.end).is_some(), "{:?}", d.span);
                    if let Some(f) = &d.fix {
                        proptest::prop_assert!(crate::fix::apply_edits(&src, &f.edits).is_some());
                    }
                }
            }
        }
    }
}

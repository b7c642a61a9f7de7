//! SWD215 zypper-missing-non-interactive

use super::pkg_call::{fed_by_yes, plain_word, Manager};
use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::dockerfile::model::run_scripts;
use crate::dockerfile::Instruction;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD215",
        name: "zypper-missing-non-interactive",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Warning,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "`zypper install` runs without `-n`/`--non-interactive` and can stop at a prompt.",
        equivalents: &["hadolint:DL3034", "kics:missing_zypper_non_interactive_switch"],
        docs: rule_docs!(
            r#"## What it does
Finds `zypper` commands that change packages (`install`/`in`, `remove`/`rm`, `update`/`up`,
`dist-upgrade`/`dup`, `patch`, `source-install`/`si`, `install-new-recommends`) that run
without the global `-n`/`--non-interactive` option (before the subcommand) and without
`-y`/`--no-confirm` (after it). Commands fed by `yes |` are accepted.

## Why is this bad?
zypper asks for confirmation before changing packages, and may ask about licences or
conflicts. A build has no terminal to answer, so the step aborts (or hangs, depending on how
input is attached). `-n` makes zypper take the default answer to every question; `-y` only
answers the final confirmation.

## Example
```dockerfile
FROM opensuse/leap:15.6
RUN zypper install curl && zypper clean --all
```

## Use instead
```dockerfile
FROM opensuse/leap:15.6
RUN zypper -n install curl && zypper clean --all
```

## Fix safety
Safe: the fix inserts `-n` right after `zypper`. A build that succeeded without it never had
to answer a question, so answering with the defaults changes nothing. No fix is offered when
the `zypper` word is quoted or built from variables.
"#
        ),
    },
    check: crate::rules::Check::Each(crate::rules::Keywords::of(&[crate::dockerfile::Keyword::Run]), check),
};

fn check<'a>(ctx: &DockerfileCtx<'a>, i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    for script in run_scripts(ins, ctx.posix_shell_at(i)) {
        for (k, cmd) in script.commands.iter().enumerate() {
            let Some(call) = ctx.pkg_call(cmd) else { continue };
            if call.manager != Manager::Zypper || call.unknown_options {
                continue;
            }
            let Some(sub) = call.subcommand() else { continue };
            if !matches!(
                sub,
                "install"
                    | "in"
                    | "remove"
                    | "rm"
                    | "update"
                    | "up"
                    | "dist-upgrade"
                    | "dup"
                    | "patch"
                    | "source-install"
                    | "si"
                    | "install-new-recommends"
                    | "inr"
            ) {
                continue;
            }
            let answered = call.opts.iter().any(|o| {
                (o.global && matches!(o.name.as_str(), "-n" | "--non-interactive"))
                    || (!o.global && matches!(o.name.as_str(), "-y" | "--no-confirm"))
            });
            if answered || fed_by_yes(script, k) {
                continue;
            }
            let Some(tool) = call.tool_word() else { continue };
            let fix = plain_word(ctx.src, tool)
                .then(|| Fix::safe("Add `-n` to `zypper`", vec![Edit::insert(tool.span.end, " -n")]));
            sink.report(
                call.head_span(),
                format!("`zypper {sub}` runs without `--non-interactive` and stops at the first question"),
                format!("Add `-n` right after `zypper` (`zypper -n {sub} ...`) so zypper never waits for an answer."),
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
    fn fires_without_non_interactive() {
        fires(&RULE, "FROM opensuse/leap\nRUN zypper install curl\n", 1);
        fires(&RULE, "FROM opensuse/leap\nRUN zypper ref && zypper up && zypper rm x\n", 2);
        // `-n` after the subcommand means `--name`, not non-interactive
        fires(&RULE, "FROM opensuse/leap\nRUN zypper in -n curl\n", 1);
        // `-y` before the subcommand is not a global option
        fires(&RULE, "FROM opensuse/leap\nRUN zypper --gpg-auto-import-keys in curl\n", 1);
        fires(&RULE, "FROM opensuse/leap\nRUN <<EOF\nsudo zypper dup\nEOF\n", 1);
        fires(&RULE, "FROM opensuse/leap\nONBUILD RUN zypper in curl\n", 1);
    }

    #[test]
    fn quiet_when_answered() {
        clean(&RULE, "FROM opensuse/leap\nRUN zypper -n install curl && zypper --non-interactive rm x\n");
        clean(&RULE, "FROM opensuse/leap\nRUN zypper in -y curl && zypper install --no-confirm jq\n");
        clean(&RULE, "FROM opensuse/leap\nRUN zypper -qn in curl\n");
        clean(&RULE, "FROM opensuse/leap\nRUN yes | zypper in curl\n");
        clean(&RULE, "FROM opensuse/leap\nRUN zypper ref && zypper clean -a && zypper lr\n");
        clean(&RULE, "FROM opensuse/leap\nRUN zypper $ZYPPER_OPTS in curl\n");
        clean(&RULE, "FROM opensuse/leap\nRUN [\"zypper\", \"in\", \"curl\"]\n");
    }

    #[test]
    fn inserts_non_interactive() {
        fixes_to(
            &RULE,
            "FROM opensuse/leap\nRUN zypper --gpg-auto-import-keys ref && zypper in curl && /usr/bin/zypper up\n",
            "FROM opensuse/leap\nRUN zypper --gpg-auto-import-keys ref && zypper -n in curl && /usr/bin/zypper -n up\n",
        );
        fixes_to(
            &RULE,
            "FROM opensuse/leap\r\nRUN <<EOF\r\nzypper install \\\r\n  curl\r\nEOF\r\n",
            "FROM opensuse/leap\r\nRUN <<EOF\r\nzypper -n install \\\r\n  curl\r\nEOF\r\n",
        );
        no_fix(&RULE, "FROM opensuse/leap\nRUN \"zypper\" in curl\n");
    }
}

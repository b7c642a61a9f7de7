//! SWD209 yum-missing-yes
//!
//! Also holds the check shared with `dnf_missing_yes`.

use super::pkg_call::{fed_by_yes, plain_word, Action, Manager, PkgCall};
use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::dockerfile::model::run_scripts;
use crate::dockerfile::Instruction;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD209",
        name: "yum-missing-yes",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Warning,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "`yum install` without `-y` stops at the confirmation prompt.",
        equivalents: &["hadolint:DL3030", "kics:yum_install_allows_manual_input"],
        docs: rule_docs!(
            r#"## What it does
Finds `yum` commands that change packages (`install`, `update`, `remove`, `reinstall`,
`downgrade`, `groupinstall`, `localinstall`, `group install`...) without `-y`/`--assumeyes`
(or `--setopt=assumeyes=1`), in `RUN` instructions and heredoc scripts. Commands fed by
`yes |` are accepted.

## Why is this bad?
yum asks "Is this ok [y/N]" before changing anything. A build has no terminal to answer it,
so yum reads end of input, takes the default "no" and exits with an error: the build fails
as soon as the transaction needs confirming.

## Example
```dockerfile
FROM centos:7
RUN yum install httpd && yum clean all
```

## Use instead
```dockerfile
FROM centos:7
RUN yum install -y httpd && yum clean all
```

## Fix safety
Safe: the fix inserts `-y` after the subcommand. A build that succeeded without it never had
to confirm anything, so answering yes in advance changes nothing. No fix is offered when the
subcommand word is quoted or built from variables.
"#
        ),
    },
    check: crate::rules::Check::Each(crate::rules::Keywords::of(&[crate::dockerfile::Keyword::Run]), check),
};

fn check<'a>(ctx: &DockerfileCtx<'a>, i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    check_missing_yes(ctx, i, ins, sink, &[Manager::Yum]);
}

/// Whether `call` asks for confirmation before changing packages.
fn prompts(call: &PkgCall<'_>) -> bool {
    match call.action() {
        Action::Install | Action::Upgrade | Action::DistUpgrade | Action::Remove => true,
        _ => {
            matches!(call.subcommand(), Some("module"))
                && matches!(call.second(), Some("enable" | "disable" | "reset" | "switch-to"))
        }
    }
}

/// Whether yum/dnf answers yes by itself, or will not change anything.
fn assumes_yes(call: &PkgCall<'_>) -> bool {
    call.has(&["-y", "--assumeyes", "--yes", "--assumeno"])
        || call.opts.iter().any(|o| {
            o.name == "--setopt"
                && o.value.as_deref().is_some_and(|v| {
                    let (k, val) = v.split_once('=').unwrap_or((v, ""));
                    k.trim().eq_ignore_ascii_case("assumeyes")
                        && matches!(val.trim().to_ascii_lowercase().as_str(), "1" | "true" | "yes" | "on")
                })
        })
}

/// Reports calls of `managers` that change packages without answering the prompt.
pub(crate) fn check_missing_yes<'a>(
    ctx: &DockerfileCtx<'a>,
    i: usize,
    ins: &'a Instruction,
    sink: &mut Sink<'_>,
    managers: &[Manager],
) {
    for script in run_scripts(ins, ctx.posix_shell_at(i)) {
        for (k, cmd) in script.commands.iter().enumerate() {
            let Some(call) = ctx.pkg_call(cmd) else { continue };
            if !managers.contains(&call.manager) || call.unknown_options || !prompts(&call) {
                continue;
            }
            if assumes_yes(&call) || fed_by_yes(script, k) {
                continue;
            }
            let Some(sub) = call.sub_word() else { continue };
            let tool = call.manager.as_str();
            let title = format!("Add `-y` to `{tool} {}`", sub.value);
            let edits = vec![Edit::insert(sub.span.end, " -y")];
            let fix = plain_word(ctx.src, sub).then(|| {
                if call.manager == Manager::Microdnf {
                    Fix::unsafe_(title, edits)
                } else {
                    Fix::safe(title, edits)
                }
            });
            sink.report(
                sub.span,
                format!("`{tool} {}` without `-y` fails at the confirmation prompt", sub.value),
                format!("Add `-y` (`{tool} {} -y ...`) so the build never waits for an answer.", sub.value),
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
    fn fires_without_yes() {
        fires(&RULE, "FROM centos:7\nRUN yum install httpd\n", 1);
        fires(&RULE, "FROM centos:7\nRUN yum update && yum remove x && yum groupinstall 'Development Tools'\n", 3);
        fires(&RULE, "FROM centos:7\nRUN sudo yum --enablerepo=epel install jq\n", 1);
        fires(&RULE, "FROM centos:7\nRUN <<EOF\nyum install httpd\nEOF\n", 1);
        fires(&RULE, "FROM centos:7\nONBUILD RUN yum -q install httpd\n", 1);
        fires(&RULE, "FROM centos:7\nRUN yum install --setopt=assumeyes=0 httpd\n", 1);
        fires(&RULE, "FROM centos:7\nRUN cat list | yum install httpd\n", 1);
    }

    #[test]
    fn quiet_with_yes() {
        clean(&RULE, "FROM centos:7\nRUN yum install -y httpd && yum -y update && yum remove --assumeyes x\n");
        clean(&RULE, "FROM centos:7\nRUN yum -qy install httpd\n");
        clean(&RULE, "FROM centos:7\nRUN yum install --setopt=assumeyes=1 httpd\n");
        clean(&RULE, "FROM centos:7\nRUN yes | yum install httpd\n");
        clean(&RULE, "FROM centos:7\nRUN yum makecache && yum clean all && yum list installed\n");
        clean(&RULE, "FROM centos:7\nRUN yum install $YUM_OPTS httpd\n");
        clean(&RULE, "FROM fedora\nRUN dnf install nginx\n");
        clean(&RULE, "FROM centos:7\nRUN [\"yum\", \"install\", \"httpd\"]\n");
        clean(&RULE, "FROM centos:7\nSHELL [\"cmd\", \"/S\", \"/C\"]\nRUN yum install httpd\n");
    }

    #[test]
    fn inserts_yes() {
        fixes_to(
            &RULE,
            "FROM centos:7\nRUN yum install httpd && yum update\n",
            "FROM centos:7\nRUN yum install -y httpd && yum update -y\n",
        );
        fixes_to(
            &RULE,
            "FROM centos:7\r\nRUN yum --enablerepo=epel \\\r\n    install jq\r\n",
            "FROM centos:7\r\nRUN yum --enablerepo=epel \\\r\n    install -y jq\r\n",
        );
        no_fix(&RULE, "FROM centos:7\nRUN yum 'install' httpd\n");
    }
}

//! SWD304 cd-instead-of-workdir

use crate::diagnostic::{Category, Severity};
use crate::dockerfile::model::run_scripts;
use crate::dockerfile::Instruction;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};
use crate::shell::Sep;

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD304",
        name: "cd-instead-of-workdir",
        target: Target::Dockerfile,
        category: Category::Maintainability,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: true,
        summary: "A RUN starts with `cd /dir &&`, which is what WORKDIR is for.",
        equivalents: &["hadolint:DL3003", "trivy:DS-0013", "kics:run_command_cd_instead_of_workdir"],
        docs: rule_docs!(
            r#"## What it does
Finds `RUN` instructions (and heredoc scripts) whose first command is `cd` to a literal absolute
directory followed by `&&`, e.g. `RUN cd /app && npm ci`. It also finds a `RUN` whose only
command is `cd`, which does nothing at all.

Left alone: `cd` later in a script, `cd` inside a subshell `( cd x && make )`, `cd -`,
directories built from variables or command substitutions, and `cd` into places where a
`WORKDIR` would be the wrong tool: temporary directories (`/tmp`, `/var/tmp` and below) and
system directories such as `/usr/local/bin` or `/etc` (a short hop to create a symlink there
is not a working directory).

## Why is this bad?
Every `RUN` starts in the stage's working directory, so a leading `cd` has to be repeated in
each `RUN` that works there, and a reader has to track the real directory by hand. A `WORKDIR`
states it once, creates the directory if needed, and applies to `RUN`, `COPY`, `ADD`, `CMD`
and `ENTRYPOINT` alike. A `RUN cd /app` on its own is a plain bug: the shell exits at the end
of the `RUN`, and the next instruction starts in the old directory again.

## Example
```dockerfile
FROM node:22-slim
COPY . /app
RUN cd /app && npm ci
```

## Use instead
```dockerfile
FROM node:22-slim
WORKDIR /app
COPY . .
RUN npm ci
```

No fix is offered: a `WORKDIR` also changes the directory of every later instruction, which
the `cd` did not, so the right place for it needs a human decision.
"#
        ),
    },
    check: crate::rules::Check::Each(crate::rules::Keywords::of(&[crate::dockerfile::Keyword::Run]), check),
};

/// Directories where a persistent WORKDIR would be wrong even though the RUN `cd`s there.
fn transient_dir(dir: &str) -> bool {
    let d = dir.trim_end_matches('/');
    let d = if d.is_empty() { "/" } else { d };
    d == "/tmp"
        || d.starts_with("/tmp/")
        || d == "/var/tmp"
        || d.starts_with("/var/tmp/")
        || matches!(
            d,
            "/" | "/etc"
                | "/proc"
                | "/sys"
                | "/dev"
                | "/usr"
                | "/bin"
                | "/sbin"
                | "/lib"
                | "/lib64"
                | "/boot"
                | "/var"
                | "/usr/bin"
                | "/usr/sbin"
                | "/usr/lib"
                | "/usr/local"
                | "/usr/local/bin"
                | "/usr/local/sbin"
                | "/usr/local/lib"
        )
}

fn check<'a>(ctx: &DockerfileCtx<'a>, i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    for (n, script) in run_scripts(ins, ctx.posix_shell_at(i)).iter().enumerate() {
        let Some(first) = script.commands.first() else { continue };
        if first.sep != Sep::Start || !first.assignments.is_empty() || first.name() != Some("cd") {
            continue;
        }
        if first.words.first().is_some_and(|w| w.value != "cd") {
            continue; // `/bin/cd` or a quoted name: not the builtin people write
        }
        // `RUN cd /app` alone (only meaningful for the RUN line, not a heredoc script)
        if n == 0 && script.commands.len() == 1 && !script.incomplete {
            sink.report(
                first.span,
                "This RUN only changes directory, which has no effect on later instructions",
                "Use `WORKDIR <dir>` to set the directory for the following instructions.",
                None,
            );
            continue;
        }
        let [_, dir] = &first.words[..] else { continue };
        if dir.dynamic || !dir.value.starts_with('/') || transient_dir(&dir.value) {
            continue;
        }
        if script.commands.get(1).is_none_or(|c| c.sep != Sep::And) {
            continue;
        }
        sink.report(
            first.span,
            format!("RUN starts with `cd {}` instead of setting a WORKDIR", dir.value),
            format!("Set `WORKDIR {}` before this RUN and drop the `cd`.", dir.value),
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_leading_cd() {
        // DL3003-style cases, written for this rule
        let d = fires(&RULE, "FROM a:1\nRUN cd /app && make\n", 1);
        assert_eq!(d[0].span.text("FROM a:1\nRUN cd /app && make\n"), "cd /app");
        fires(&RULE, "FROM a:1\nRUN cd /usr/src/app \\\n  && npm ci\n", 1);
        fires(&RULE, "FROM a:1\nRUN cd '/srv/my app' && ls\n", 1);
        fires(&RULE, "FROM a:1\nONBUILD RUN cd /app && make\n", 1);
        fires(&RULE, "FROM a:1\nRUN <<EOF\ncd /src && make\nEOF\n", 1);
        fires(&RULE, "FROM a AS b\nRUN cd /b && make\nFROM a\nRUN cd /c && make install\n", 2);
        // a lone cd does nothing
        fires(&RULE, "FROM a:1\nRUN cd /app\nRUN make\n", 1);
        fires(&RULE, "FROM a:1\nRUN cd app\n", 1);
    }

    #[test]
    fn quiet_elsewhere() {
        clean(&RULE, "FROM a:1\nWORKDIR /app\nRUN make\n");
        clean(&RULE, "FROM a:1\nRUN set -e && cd /app && make\n");
        clean(&RULE, "FROM a:1\nRUN (cd /app && make) && make test\n");
        clean(&RULE, "FROM a:1\nRUN cd - && make\n");
        clean(&RULE, "FROM a:1\nRUN cd \"$(mktemp -d)\" && make\n");
        clean(&RULE, "FROM a:1\nRUN cd $GOPATH/src && make\n");
        clean(&RULE, "FROM a:1\nRUN cd src && make\n");
        clean(&RULE, "FROM a:1\nRUN cd /app; make\n");
        clean(&RULE, "FROM a:1\nRUN cd /app || exit 1\n");
        clean(&RULE, "FROM a:1\nRUN cd /tmp && wget x && tar xf x\n");
        clean(&RULE, "FROM a:1\nRUN cd /tmp/build && ./build.sh\n");
        clean(&RULE, "FROM a:1\nRUN cd /usr/local/bin && ln -s python3 python\n");
        clean(&RULE, "FROM a:1\nRUN echo cd /app && make\n");
        clean(&RULE, "FROM a:1\nRUN [\"cd\", \"/app\"]\n");
        clean(&RULE, "FROM a:1\nRUN <<EOF\ncd /src\nmake\nEOF\n");
        clean(&RULE, "FROM a:1\nSHELL [\"pwsh\", \"-Command\"]\nRUN cd /app && make\n");
        clean(&RULE, "FROM a:1\nCOPY <<EOF /x.sh\ncd /app && make\nEOF\n");
    }
}

//! SWD407 sh-replaced-by-symlink

use crate::diagnostic::{Category, Severity};
use crate::dockerfile::model::run_scripts;
use crate::dockerfile::Instruction;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};
use crate::shell::{Command, ShWord};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD407",
        name: "sh-replaced-by-symlink",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: true,
        summary: "`/bin/sh` is replaced with a link to another shell instead of using SHELL.",
        equivalents: &["hadolint:DL4005", "kics:changing_default_shell_using_run_command"],
        docs: rule_docs!(
            r#"## What it does
Finds `ln` commands in `RUN` (every stage, heredoc scripts included) whose link name is
`/bin/sh` or `/usr/bin/sh`, e.g. `ln -sf /bin/bash /bin/sh`.

## Why is this bad?
It changes the shell for everything in the image, not only for the build: every script the
distribution or other packages run with `#!/bin/sh` now gets bash, and package upgrades of
`dash` can silently switch it back. The change is also invisible in the image metadata.
The `SHELL` instruction changes the shell the following `RUN` instructions use, and nothing
else.

## Example
```dockerfile
FROM debian:bookworm-slim
RUN ln -sf /bin/bash /bin/sh
RUN source /etc/profile && make
```

## Use instead
```dockerfile
FROM debian:bookworm-slim
SHELL ["/bin/bash", "-c"]
RUN source /etc/profile && make
```
"#
        ),
    },
    check: crate::rules::Check::Each(crate::rules::Keywords::of(&[crate::dockerfile::Keyword::Run]), check),
};

/// The link-name word of an `ln` command when it is the system shell.
fn replaces_sh(cmd: &Command) -> Option<&ShWord> {
    let i = cmd.real_start();
    if cmd.words.get(i).map(|w| crate::shell::base_name(&w.value)) != Some("ln") {
        return None;
    }
    let args = cmd.words.get(i + 1..).unwrap_or(&[]);
    let mut operands = Vec::new();
    let mut options_done = false;
    let mut k = 0;
    while let Some(w) = args.get(k) {
        k += 1;
        let v = w.value.as_str();
        if !options_done && v == "--" {
            options_done = true;
        } else if !options_done && v.starts_with('-') && v.len() > 1 {
            // `-t DIR` / `--target-directory`: the last operand is then a source, not the link
            if v == "-t" || v.starts_with("--target-directory") || (v.starts_with("-t") && !v.starts_with("--")) {
                return None;
            }
            if v == "-S" || v == "--suffix" {
                k += 1;
            }
        } else {
            operands.push(w);
        }
    }
    if operands.len() < 2 {
        return None;
    }
    let link = operands.last()?;
    let v = link.value.trim_end_matches('/');
    matches!(v, "/bin/sh" | "/usr/bin/sh").then_some(*link)
}

fn check<'a>(ctx: &DockerfileCtx<'a>, i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    for script in run_scripts(ins, ctx.posix_shell_at(i)) {
        for cmd in &script.commands {
            if let Some(w) = replaces_sh(cmd) {
                sink.report(
                    w.span,
                    format!("`{}` is replaced with a link, changing the shell of the whole image", w.value),
                    "Use the SHELL instruction (e.g. `SHELL [\"/bin/bash\", \"-c\"]`) to run the following RUN \
                     instructions with another shell.",
                    None,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_when_sh_is_the_link() {
        let src = "FROM a:1\nRUN ln -sf /bin/bash /bin/sh\n";
        let d = fires(&RULE, src, 1);
        assert_eq!(d[0].span.text(src), "/bin/sh");
        fires(&RULE, "FROM a:1\nRUN rm /bin/sh && ln -s bash /bin/sh\n", 1);
        fires(&RULE, "FROM a:1\nRUN ln -f /bin/bash /usr/bin/sh\n", 1);
        fires(&RULE, "FROM a:1\nRUN ln -snf -- /bin/bash /bin/sh\n", 1);
        fires(&RULE, "FROM a:1\nRUN <<EOF\nln -sf /bin/bash /bin/sh\nEOF\n", 1);
        fires(&RULE, "FROM a:1\nONBUILD RUN ln -sf /bin/bash /bin/sh\n", 1);
    }

    #[test]
    fn quiet_otherwise() {
        clean(&RULE, "FROM a:1\nRUN ln -s /bin/sh /usr/local/bin/sh2\n");
        clean(&RULE, "FROM a:1\nRUN ln -s /bin/bash /usr/local/bin/bash\n");
        clean(&RULE, "FROM a:1\nRUN ln -t /bin/sh /x\n");
        clean(&RULE, "FROM a:1\nRUN echo ln -sf /bin/bash /bin/sh\n");
        clean(&RULE, "FROM a:1\nSHELL [\"/bin/bash\", \"-c\"]\nRUN echo hi\n");
        clean(&RULE, "FROM a:1\nRUN [\"ln\", \"-sf\", \"/bin/bash\", \"/bin/sh\"]\n");
    }
}

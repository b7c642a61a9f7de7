//! SWD403 shell-form-cmd

use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::dockerfile::{Args, Keyword};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD403",
        name: "shell-form-cmd",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Warning,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "CMD or ENTRYPOINT in shell form, so signals do not reach the application.",
        equivalents: &[
            "hadolint:DL3025",
            "buildkit:JSONArgsRecommended",
            "kics:not_using_json_in_cmd_and_entrypoint_arguments",
        ],
        docs: rule_docs!(
            r#"## What it does
Finds `CMD` and `ENTRYPOINT` written in shell form (`CMD node server.js`). Stages that change
the shell with `SHELL` are not reported: there the shell form is deliberate.

## Why is this bad?
Shell form runs the command as `/bin/sh -c "..."`: the shell is PID 1, and `docker stop`'s
SIGTERM goes to the shell, which does not pass it on. The application is killed after the
timeout instead of shutting down cleanly, and an `ENTRYPOINT` in shell form ignores `CMD`
and `docker run` arguments.

## Example
```dockerfile
FROM node:22-slim
CMD node server.js
```

## Use instead
```dockerfile
FROM node:22-slim
CMD ["node", "server.js"]
```

## Fix safety
Offered only when the command uses no shell feature (no variables, quotes, globs, pipes,
redirections, `&&`, `;`, escapes or comments), so the words are exactly what the shell
would have passed. It is **unsafe** nonetheless: the application becomes PID 1 and now
receives signals itself, which is the point of the change but does change how the container
stops.
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

const SHELL_CHARS: &[char] =
    &['$', '`', '\'', '"', '\\', ';', '&', '|', '<', '>', '(', ')', '*', '?', '[', ']', '{', '}', '~', '#', '!', '\n'];

/// The exec-form array for a shell command, if it has no shell features.
fn exec_form(cmd: &str) -> Option<String> {
    if cmd.contains(SHELL_CHARS) {
        return None;
    }
    let words: Vec<&str> = cmd.split_ascii_whitespace().collect();
    let first = words.first()?;
    if first.contains('=') {
        return None;
    }
    let quoted: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
    Some(format!("[{}]", quoted.join(", ")))
}

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    for st in &ctx.model.stages {
        let mut shell_changed = false;
        for ins in &ctx.df.instructions[st.from..st.end] {
            if ins.keyword == Keyword::Shell {
                shell_changed = true;
            }
            if shell_changed || !matches!(ins.keyword, Keyword::Cmd | Keyword::Entrypoint) {
                continue;
            }
            let Args::Shell { text, .. } = &ins.args else { continue };
            let fix = (ins.start_line == ins.end_line)
                .then(|| exec_form(&text.value))
                .flatten()
                .map(|json| Fix::unsafe_("Convert to exec (JSON) form", vec![Edit::replace(text.span, json)]));
            sink.report(
                text.span,
                format!(
                    "{} in shell form runs under `/bin/sh -c`, which does not forward signals",
                    ins.keyword.as_str()
                ),
                "Use the JSON (exec) form, e.g. `CMD [\"executable\", \"arg\"]`.",
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
    fn fires_on_shell_form() {
        fires(&RULE, "FROM a:1\nCMD node s.js\nENTRYPOINT exec app\n", 2);
        fires(&RULE, "FROM a:1\nCMD ['single', 'quotes']\n", 1);
        fixes_to(
            &RULE,
            "FROM a:1\nCMD  node  server.js --port 80\n",
            "FROM a:1\nCMD  [\"node\", \"server.js\", \"--port\", \"80\"]\n",
        );
    }

    #[test]
    fn no_fix_with_shell_features() {
        no_fix(&RULE, "FROM a:1\nCMD node $APP\n");
        no_fix(&RULE, "FROM a:1\nCMD a && b\n");
        no_fix(&RULE, "FROM a:1\nCMD A=1 run\n");
        no_fix(&RULE, "FROM a:1\nCMD echo \\\n  hi\n");
    }

    #[test]
    fn quiet_on_exec_form_and_custom_shell() {
        clean(&RULE, "FROM a:1\nCMD [\"node\", \"s.js\"]\nENTRYPOINT [\"tini\", \"--\"]\n");
        clean(&RULE, "FROM a:1\nSHELL [\"powershell\", \"-Command\"]\nCMD Write-Host hi\n");
        clean(&RULE, "FROM a:1\nRUN echo hi\n");
    }
}

//! SWD504 password-set-in-run

use crate::diagnostic::{Category, Severity};
use crate::dockerfile::model::run_scripts;
use crate::dockerfile::Instruction;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};
use crate::shell::{Command, Sep, ShWord};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD504",
        name: "password-set-in-run",
        target: Target::Dockerfile,
        category: Category::Security,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: true,
        summary: "A RUN sets an account password, leaving it in the Dockerfile and the image.",
        equivalents: &["checkov:CKV2_DOCKER_17"],
        docs: rule_docs!(
            r#"## What it does
Finds `RUN` commands (every stage, heredoc scripts included) that set an account password:
`chpasswd` (unless it reads a BuildKit secret, `chpasswd < /run/secrets/...`),
`passwd --stdin`, `passwd` fed through a pipe (`echo ... | passwd user`), and
`useradd`/`usermod` with `-p`/`--password` (except the locked-account markers `*`, `!`,
`!!`).

## Why is this bad?
The password (or its hash) is written in the Dockerfile and in the image history, where
anyone with the image can read it, and it is the same in every container started from the
image. Containers rarely need passwords at all: run processes as a dedicated user, and
provide credentials that are really needed at run time (database users, web logins) from a
secret store when the container starts.

## Example
```dockerfile
FROM debian:bookworm-slim
RUN useradd --create-home app && echo "app:changeme" | chpasswd
USER app
```

## Use instead
```dockerfile
FROM debian:bookworm-slim
RUN useradd --create-home app
USER app
```
"#
        ),
    },
    check: crate::rules::Check::Each(crate::rules::Keywords::of(&[crate::dockerfile::Keyword::Run]), check),
};

fn base(w: &str) -> &str {
    crate::shell::base_name(w)
}

/// The word to point at when `cmd` (command `k` of its script) sets a password.
fn sets_password(cmds: &[Command], k: usize) -> Option<(&ShWord, String)> {
    let cmd = cmds.get(k)?;
    let i = cmd.real_start();
    let word = cmd.words.get(i)?;
    let name = base(&word.value);
    let args = cmd.words.get(i + 1..).unwrap_or(&[]);
    match name {
        "chpasswd" => {
            let secret_input = cmd.redirects.iter().any(|(op, t)| op == "<" && t.value.starts_with("/run/secrets/"));
            (!secret_input).then(|| (word, "`chpasswd` sets a password written in the build".to_string()))
        }
        "passwd" => {
            let stdin = args.iter().any(|a| a.value == "--stdin");
            let piped = cmd.sep == Sep::Pipe;
            (stdin || piped).then(|| (word, "`passwd` is fed a password in the build".to_string()))
        }
        "useradd" | "usermod" | "adduser" => {
            let mut k = 0;
            while let Some(a) = args.get(k) {
                k += 1;
                let value = match a.value.as_str() {
                    "-p" | "--password" => args.get(k).map(|v| v.value.as_str()),
                    v => v.strip_prefix("--password="),
                };
                if let Some(v) = value {
                    if !matches!(v, "*" | "!" | "!!" | "!*") {
                        return Some((a, format!("`{name} {}` sets a password written in the build", a.value)));
                    }
                }
            }
            None
        }
        _ => None,
    }
}

fn check<'a>(ctx: &DockerfileCtx<'a>, i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    for script in run_scripts(ins, ctx.posix_shell_at(i)) {
        for k in 0..script.commands.len() {
            let Some((w, message)) = sets_password(&script.commands, k) else { continue };
            sink.report(
                w.span,
                message,
                "Do not bake passwords into the image: run as an unprivileged user without a password, and \
                 provide run-time credentials from a secret store when the container starts.",
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
    fn fires_on_passwords() {
        let src = "FROM a:1\nRUN echo 'root:toor' | chpasswd\n";
        let d = fires(&RULE, src, 1);
        assert_eq!(d[0].span.text(src), "chpasswd");
        fires(&RULE, "FROM a:1\nRUN echo \"$USER:$PASS\" | /usr/sbin/chpasswd -e\n", 1);
        fires(&RULE, "FROM a:1\nRUN echo secret | passwd --stdin app\n", 1);
        fires(&RULE, "FROM a:1\nRUN printf 'pw\\npw\\n' | passwd app\n", 1);
        fires(&RULE, "FROM a:1\nRUN useradd -m -p \"$(openssl passwd -1 pw)\" app\n", 1);
        fires(&RULE, "FROM a:1\nRUN usermod --password=abc app\n", 1);
        fires(&RULE, "FROM a:1\nRUN <<EOF\nchpasswd <<PW\nroot:x\nPW\nEOF\n", 1);
        fires(&RULE, "FROM a:1\nONBUILD RUN echo a:b | chpasswd\n", 1);
    }

    #[test]
    fn quiet_otherwise() {
        clean(&RULE, "FROM a:1\nRUN useradd -m app && passwd -l app && passwd -d root\n");
        clean(&RULE, "FROM a:1\nRUN useradd -p '*' app && usermod -p '!' root\n");
        clean(&RULE, "FROM a:1\nRUN --mount=type=secret,id=pw chpasswd < /run/secrets/pw\n");
        clean(&RULE, "FROM a:1\nRUN echo chpasswd && apt-get install -y passwd\n");
        clean(&RULE, "FROM a:1\nRUN [\"chpasswd\"]\n");
    }
}

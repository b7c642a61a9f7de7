//! SWD414 missing-init-process

use super::base_image_not_pinned_by_digest::final_base;
use crate::diagnostic::{Category, Severity};
use crate::dockerfile::{Args, Keyword};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};
use crate::shell::{lex, Sep};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD414",
        name: "missing-init-process",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Info,
        fix: FixKind::None,
        default_on: true,
        summary: "A shell runs as PID 1 of the container, with no init to forward signals.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports the final image's start command when a shell stays PID 1 of the container:
- an `ENTRYPOINT` in shell form (`ENTRYPOINT java -jar /app.jar` runs `/bin/sh -c ...`),
- an exec-form `ENTRYPOINT` (or `CMD`, when there is no `ENTRYPOINT`) that starts
  `sh -c`, `bash -c`... (any `-c` cluster such as `-ec`),

unless the shell replaces itself with the script's last command. It does when that command
starts with `exec`; bash (checked with 5.2) and busybox `ash` also do it by themselves for a
last simple command that is not part of a pipeline, of `||`, of a loop or group, and not under
a `trap` (bash: and without redirections). `dash`, which is `/bin/sh` on Debian and Ubuntu
based images, never does (checked with 0.5.12). `/bin/sh` is taken to be busybox `ash` on
Alpine and busybox bases, bash on Red Hat family bases (UBI, Fedora, CentOS, Rocky, Alma,
Amazon Linux, Oracle Linux), and `dash` otherwise.

An init as the entrypoint (`tini`, `dumb-init`, `catatonit`, s6-overlay's `/init`,
`docker-init`) is not reported, nor is a script file (`ENTRYPOINT ["/entrypoint.sh"]`: its
last line is not visible here). Shell-form `CMD` is left to `shell-form-cmd`.

## Why is this bad?
PID 1 is special in Linux: signals without a handler are ignored, so the `SIGTERM` that
`docker stop` sends does nothing to a shell waiting for its child, and the shell does not pass
it on. The application never hears it and is killed with `SIGKILL` after the stop timeout
(10 s by default), without closing connections or flushing data. PID 1 must also reap
orphaned child processes, which a shell waiting on its own child does not do.

## Example
```dockerfile
FROM eclipse-temurin:21-jre
COPY app.jar /app.jar
ENTRYPOINT ["/bin/sh", "-c", "java $JAVA_OPTS -jar /app.jar"]
```

## Use instead
```dockerfile
FROM eclipse-temurin:21-jre
COPY app.jar /app.jar
ENTRYPOINT ["/bin/sh", "-c", "exec java $JAVA_OPTS -jar /app.jar"]
```

Alternatively, run the container with an init: `docker run --init`, `init: true` in Compose,
or `ENTRYPOINT ["tini", "--"]` in the image.
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

const SHELLS: &[&str] = &["sh", "bash", "ash", "dash", "zsh", "ksh", "mksh"];

/// Words that make the script's last command run inside a compound command.
const COMPOUND: &[&str] = &["while", "until", "for", "if", "case", "done", "fi", "esac", "{", "}"];

/// How a shell treats the last command of a `-c` script.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum TailExec {
    /// Never replaces itself (`dash`).
    Never,
    /// Replaces itself with a last simple command without redirections (bash, checked with 5.2).
    Bash,
    /// Replaces itself with a last simple command (busybox ash).
    Ash,
}

fn base(w: &str) -> &str {
    crate::shell::base_name(w)
}

/// What `/bin/sh` is in an image.
fn sh_of(image: Option<&str>) -> TailExec {
    let Some(image) = image else { return TailExec::Never };
    let l = image.to_ascii_lowercase();
    let name = l.split(['@']).next().unwrap_or("");
    if name.contains("alpine") || name.contains("busybox") {
        return TailExec::Ash;
    }
    let red_hat = ["ubi", "fedora", "centos", "rockylinux", "almalinux", "amazonlinux", "oraclelinux", "rhel"];
    let repo = name.split(':').next().unwrap_or("");
    if red_hat.iter().any(|r| crate::shell::base_name(repo).starts_with(r)) {
        return TailExec::Bash;
    }
    TailExec::Never
}

fn shell_kind(name: &str, image: Option<&str>) -> TailExec {
    match name {
        "bash" => TailExec::Bash,
        "ash" => TailExec::Ash,
        "sh" => sh_of(image),
        _ => TailExec::Never,
    }
}

/// Whether a `-c` script leaves the shell running as PID 1.
fn shell_stays(kind: TailExec, script: &str) -> bool {
    let s = lex(script);
    let Some(last) = s.commands.last() else { return false };
    if last.words.first().is_some_and(|w| w.value == "exec") {
        return false;
    }
    if kind == TailExec::Never || s.incomplete {
        return true;
    }
    let compound = script
        .split(|c: char| c.is_whitespace() || matches!(c, ';' | '&' | '|'))
        .any(|t| COMPOUND.contains(&t) || t.starts_with('('));
    let trapped = s.commands.iter().any(|c| c.words.first().is_some_and(|w| w.value == "trap"));
    let tail = matches!(last.sep, Sep::Start | Sep::And | Sep::Semi | Sep::Newline)
        && last.words.first().is_some_and(|w| w.value != "wait")
        && (kind == TailExec::Ash || last.redirects.is_empty());
    compound || trapped || !tail
}

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    let image = final_base(ctx).map(|(_, i)| i);
    let last = |k: Keyword| ctx.final_image_instructions_rev().find(|(_, i)| i.keyword == k).map(|(_, i)| i);
    let target = match last(Keyword::Entrypoint) {
        Some(e) => e,
        None => match last(Keyword::Cmd) {
            Some(c) if c.is_json() => c,
            _ => return,
        },
    };
    let kw = target.keyword.as_str();
    let help = "Start the script's last command with `exec` (`exec java -jar app.jar`), or add an init \
                (`ENTRYPOINT [\"tini\", \"--\"]`, `docker run --init`, Compose `init: true`).";
    match &target.args {
        Args::Shell { text, .. } => {
            // shell-form ENTRYPOINT: `/bin/sh -c "<text>"`
            if !shell_stays(sh_of(image), &text.value) {
                return;
            }
            sink.report(
                text.span,
                format!(
                    "{kw} in shell form keeps `/bin/sh` as PID 1, which neither forwards signals nor reaps zombies"
                ),
                help,
                None,
            );
        }
        Args::Json { items, .. } => {
            let Some(first) = items.first() else { return };
            let name = base(&first.value);
            if !SHELLS.contains(&name) {
                return;
            }
            // the `-c` option and its script
            let mut k = 1;
            let mut script = None;
            while let Some(w) = items.get(k) {
                k += 1;
                let v = w.value.as_str();
                if v.starts_with('-') && !v.starts_with("--") && v.contains('c') {
                    script = items.get(k).map(|s| s.value.as_str());
                    break;
                }
                if !v.starts_with('-') && !v.starts_with('+') {
                    break;
                }
            }
            let Some(script) = script else { return };
            if !shell_stays(shell_kind(name, image), script) {
                return;
            }
            sink.report(
                first.span,
                format!("{kw} runs `{name} -c`, which stays PID 1 and neither forwards signals nor reaps zombies"),
                help,
                None,
            );
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn models_tail_exec() {
        use TailExec::*;
        assert!(shell_stays(Never, "java -jar /app.jar"));
        assert!(!shell_stays(Never, "exec java -jar /app.jar"));
        assert!(!shell_stays(Never, "migrate && exec serve"));
        assert!(!shell_stays(Bash, "serve --port 80"));
        assert!(!shell_stays(Bash, "migrate && serve"));
        assert!(shell_stays(Bash, "serve > /log"));
        assert!(shell_stays(Bash, "serve || exit 1"));
        assert!(shell_stays(Bash, "serve | tee /log"));
        assert!(shell_stays(Bash, "trap 'x' TERM; serve"));
        assert!(shell_stays(Bash, "serve & wait"));
        assert!(shell_stays(Bash, "while true; do serve; done"));
        assert!(shell_stays(Bash, "(serve)"));
        assert!(!shell_stays(Ash, "serve > /log"));
        assert!(!shell_stays(Ash, "serve --port $(cat /port)"));
        assert_eq!(sh_of(Some("alpine:3.20")), Ash);
        assert_eq!(sh_of(Some("node:22-alpine")), Ash);
        assert_eq!(sh_of(Some("registry.access.redhat.com/ubi9/ubi-minimal:9.4")), Bash);
        assert_eq!(sh_of(Some("debian:12")), Never);
        assert_eq!(sh_of(None), Never);
    }

    #[test]
    fn fires_when_a_shell_is_pid_1() {
        let src = "FROM a:1\nENTRYPOINT [\"/bin/sh\", \"-c\", \"java -jar /app.jar\"]\n";
        let d = fires(&RULE, src, 1);
        assert_eq!(d[0].span.text(src), "\"/bin/sh\"");
        fires(&RULE, "FROM debian:12\nENTRYPOINT java -jar /app.jar\n", 1);
        fires(&RULE, "FROM a:1\nCMD [\"sh\", \"-ec\", \"migrate && serve\"]\n", 1);
        fires(&RULE, "FROM a:1\nCMD [\"bash\", \"-c\", \"serve 2>&1 | tee /log\"]\n", 1);
        fires(&RULE, "FROM alpine:3.20\nCMD [\"sh\", \"-c\", \"serve || exit 1\"]\n", 1);
        fires(&RULE, "FROM a:1 AS base\nENTRYPOINT [\"sh\", \"-c\", \"serve\"]\nFROM base\nRUN x\n", 1);
    }

    #[test]
    fn quiet_with_exec_init_or_tail_exec() {
        clean(&RULE, "FROM a:1\nENTRYPOINT [\"/bin/sh\", \"-c\", \"exec java -jar /app.jar\"]\n");
        clean(&RULE, "FROM a:1\nENTRYPOINT [\"sh\", \"-c\", \"migrate && exec serve\"]\n");
        clean(&RULE, "FROM a:1\nENTRYPOINT exec java -jar /app.jar\n");
        clean(&RULE, "FROM a:1\nCMD [\"bash\", \"-c\", \"migrate && serve --port 80\"]\n");
        clean(&RULE, "FROM alpine:3.20\nENTRYPOINT java -jar /app.jar\n");
        clean(&RULE, "FROM alpine:3.20\nCMD [\"/bin/sh\", \"-c\", \"serve > /log\"]\n");
        clean(&RULE, "FROM a:1\nENTRYPOINT [\"tini\", \"--\"]\nCMD [\"sh\", \"-c\", \"serve\"]\n");
        clean(&RULE, "FROM a:1\nENTRYPOINT [\"/docker-entrypoint.sh\"]\nCMD [\"sh\", \"-c\", \"serve\"]\n");
        clean(&RULE, "FROM a:1\nENTRYPOINT [\"java\", \"-jar\", \"/app.jar\"]\n");
        clean(&RULE, "FROM a:1\nCMD [\"sh\", \"/start.sh\"]\n");
        clean(&RULE, "FROM a:1\nCMD [\"bash\"]\n");
        // shell-form CMD belongs to shell-form-cmd
        clean(&RULE, "FROM a:1\nCMD java -jar /app.jar\n");
        clean(&RULE, "FROM a:1 AS x\nENTRYPOINT sh -c serve\nFROM b:1\nCMD [\"serve\"]\n");
    }
}

//! SWD313 pointless-command

use crate::diagnostic::{Category, Severity};
use crate::dockerfile::model::run_scripts;
use crate::dockerfile::Instruction;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};
use crate::shell::{Command, Script, Sep};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD313",
        name: "pointless-command",
        target: Target::Dockerfile,
        category: Category::Maintainability,
        severity: Severity::Info,
        fix: FixKind::None,
        default_on: true,
        summary: "RUN calls a command that makes no sense during a build (`vim`, `service`, `top`...).",
        equivalents: &["hadolint:DL3001", "kics:run_utilities_and_posix_commands"],
        docs: rule_docs!(
            r#"## What it does
Finds `RUN` instructions (and heredoc scripts) that call, as a command, one of: the
interactive programs `vim` (and `vi`), `nano`, `top`, `ssh`; the process and system tools `ps`, `free`,
`kill`, `mount`, `ifconfig`, `shutdown`; or `service`. Package names in install lines
(`apt-get install -y vim`) and arguments (`command -v ps`, `which vim`) are not commands and
are left alone.

Two patterns that do work in a build are left alone too: `service <name> start` followed by
more commands in the same `RUN` (a temporary server used to load a schema, for instance), and
`kill` in a `RUN` that started the process itself (`app & ... kill $!`). `ssh` in a `RUN` with a
`--mount=type=ssh` is left alone.

## Why is this bad?
A build step has no terminal and no init system, runs only its own processes, and may not
mount filesystems or configure network interfaces. An editor or `top` hangs or fails; `ps`,
`free` and `ifconfig` describe the build machine, not the image; `shutdown` cannot work; and a
service started in a `RUN` stops when that `RUN` ends, so `RUN service nginx start` does not
leave a running server behind: the container's `CMD` has to start it. These lines are usually
leftovers from interactive debugging, or a misunderstanding of what a `RUN` does.

## Example
```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends nginx
RUN service nginx start
```

## Use instead
```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends nginx
CMD ["nginx", "-g", "daemon off;"]
```
"#
        ),
    },
    check: crate::rules::Check::Each(crate::rules::Keywords::of(&[crate::dockerfile::Keyword::Run]), check),
};

const POINTLESS: &[&str] =
    &["vim", "vi", "nano", "top", "ssh", "ps", "free", "kill", "mount", "ifconfig", "shutdown", "service"];

fn reason(name: &str) -> &'static str {
    match name {
        "vim" | "vi" | "nano" => "is an interactive editor, and a build has no terminal",
        "top" => "is an interactive monitor that describes the build machine",
        "ssh" => "opens an interactive remote session, and a build has no terminal",
        "ps" | "free" | "ifconfig" => "describes the build machine, not the image",
        "kill" => "has no process of this image to stop during a build",
        "mount" => "cannot mount filesystems in an unprivileged build",
        "shutdown" => "cannot shut anything down in a build",
        _ => "starts a service that stops again when this RUN ends",
    }
}

/// Whether `cmd` is the name part of `command -v x` / `command -V x` (a lookup, not a call).
fn is_lookup(cmd: &Command) -> bool {
    cmd.words.first().is_some_and(|w| w.value == "command")
        && cmd.words.iter().skip(1).take_while(|w| w.value.starts_with('-')).any(|w| w.value.contains(['v', 'V']))
}

/// `service x start` with more commands after it: a temporary server for setup work.
fn service_used_for_setup(script: &Script) -> bool {
    let n = script.commands.len();
    script.commands.iter().enumerate().any(|(i, c)| {
        let k = c.real_start();
        c.words.get(k).is_some_and(|w| crate::shell::base_name(&w.value) == "service")
            && c.words.iter().skip(k + 2).any(|w| matches!(w.value.as_str(), "start" | "restart"))
            && i + 1 < n
            && script.commands.iter().skip(i + 1).any(|d| {
                let k = d.real_start();
                d.words.get(k).is_some_and(|w| crate::shell::base_name(&w.value) != "service")
            })
    })
}

fn check<'a>(ctx: &DockerfileCtx<'a>, i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    let ssh_mount = ins
        .effective()
        .flags_named("mount")
        .any(|f| f.value.as_deref().is_some_and(|v| v.split(',').any(|kv| kv.trim().eq_ignore_ascii_case("type=ssh"))));
    for script in run_scripts(ins, ctx.posix_shell_at(i)) {
        let setup_service = service_used_for_setup(script);
        // `$!` found byte by byte: `str::contains` sets up a two-way searcher per word, which
        // WebAssembly, without the SIMD path native code gets, pays in full
        let own_background = script.commands.iter().any(|c| c.sep == Sep::Background)
            || script
                .commands
                .iter()
                .any(|c| c.words.iter().any(|w| w.value.as_bytes().windows(2).any(|p| p == b"$!")));
        for (cmd, k) in script.find(POINTLESS) {
            let Some(word) = cmd.words.get(k) else { continue };
            let name = crate::shell::base_name(&word.value);
            if is_lookup(cmd)
                || (name == "service" && setup_service)
                || (name == "kill" && own_background)
                || (name == "ssh" && ssh_mount)
            {
                continue;
            }
            sink.report(
                word.span,
                format!("`{name}` {}", reason(name)),
                if name == "service" {
                    "Start the service from the container's CMD or ENTRYPOINT instead.".to_string()
                } else {
                    format!("Remove `{name}` from the RUN; use it in a running container if you need it.")
                },
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
    fn fires_on_pointless_commands() {
        let src = "FROM a:1\nRUN apt-get install -y vim && vim /etc/x\n";
        let d = fires(&RULE, src, 1);
        assert_eq!(d[0].span.start, src.rfind("vim").unwrap());
        fires(&RULE, "FROM a:1\nRUN service nginx start\n", 1);
        fires(&RULE, "FROM a:1\nRUN sudo service ssh restart\n", 1);
        fires(&RULE, "FROM a:1\nRUN ps aux | grep x\n", 1);
        fires(&RULE, "FROM a:1\nRUN free -m; top -b -n 1\n", 2);
        fires(&RULE, "FROM a:1\nRUN mount -t tmpfs none /mnt && ifconfig\n", 2);
        fires(&RULE, "FROM a:1\nRUN kill -9 1\n", 1);
        fires(&RULE, "FROM a:1\nRUN ssh user@host uptime\n", 1);
        fires(&RULE, "FROM a:1\nRUN shutdown -h now\n", 1);
        fires(&RULE, "FROM a:1\nRUN <<EOF\nset -e\nnano /etc/hosts\nEOF\n", 1);
        fires(&RULE, "FROM a:1\nONBUILD RUN service cron start\n", 1);
        fires(&RULE, "FROM a:1\nRUN make && service nginx start\n", 1);
    }

    #[test]
    fn quiet_on_names_and_real_uses() {
        clean(&RULE, "FROM a:1\nRUN apt-get install -y vim nano procps\n");
        clean(&RULE, "FROM a:1\nRUN command -v ps && which vim && type top\n");
        clean(&RULE, "FROM a:1\nRUN echo ps kill mount\n");
        clean(&RULE, "FROM a:1\nRUN service mysql start && mysql < /schema.sql && service mysql stop\n");
        clean(&RULE, "FROM a:1\nRUN server & pid=$!; sleep 2; load-data; kill $pid\n");
        clean(&RULE, "FROM a:1\nRUN --mount=type=ssh ssh -T git@github.com || true\n");
        clean(&RULE, "FROM a:1\nRUN ssh-keygen -A && ssh-keyscan github.com >> /k\n");
        clean(&RULE, "FROM a:1\nRUN [\"ps\"]\nCMD top\n");
        clean(&RULE, "FROM a:1\nSHELL [\"pwsh\", \"-c\"]\nRUN ps\n");
        clean(&RULE, "FROM a:1\nCOPY <<EOF /usr/local/bin/x\nps aux\nEOF\n");
    }
}

//! SWD405 sudo-in-run
//!
//! Also holds `user_at`, the user an instruction runs as, as far as the Dockerfile tells.

use super::missing_user::known_non_root;
use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::dockerfile::model::{run_scripts, ImageRef};
use crate::dockerfile::words::unquote;
use crate::dockerfile::Instruction;
use crate::dockerfile::{Args, Keyword};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};
use crate::shell::Command;
use crate::span::Span;

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD405",
        name: "sudo-in-run",
        target: Target::Dockerfile,
        category: Category::Security,
        severity: Severity::Warning,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "`sudo` used in a RUN instruction.",
        equivalents: &[
            "hadolint:DL3004",
            "trivy:DS-0010",
            "checkov:CKV2_DOCKER_1",
            "kics:run_using_sudo",
            "dockle:DKL-DI-0001",
        ],
        docs: rule_docs!(
            r#"## What it does
Finds `sudo` used as a command (also after `env`, `nohup`..., after `&&`, `;` or `|`, and in
heredoc scripts) in `RUN` instructions of every stage. Installing the `sudo` package is not
reported.

## Why is this bad?
A build step already runs as the user the Dockerfile chose: steps that need root belong
before `USER app`, or between `USER root` and `USER app`. `sudo` in a build needs a sudoers
entry that lets the image's user become root without a password, which stays in the image and
lets anything running in the container do the same. `sudo` also has surprising TTY and
signal behaviour that makes failures harder to read. Use `gosu`/`su-exec` for dropping
privileges at run time.

## Example
```dockerfile
FROM node:22-slim
USER node
RUN sudo npm install --global pnpm@9
```

## Use instead
```dockerfile
FROM node:22-slim
RUN npm install --global pnpm@9
USER node
```

## Fix safety
Offered when the instruction runs as root: the last `USER` before it (in its stage or the
stages it is built `FROM`) is `root`/`0`, or there is none and the stage starts from a Docker
Official Image that runs as root by default (`debian`, `ubuntu`, `alpine`, `node`,
`python`...). Images from other publishers may switch to their own user, so without an explicit
`USER root` no fix is offered for them. The fix deletes `sudo` and its options, and only when
those are harmless for a root command (`-E`, `-H`, `-n`, `--preserve-env`, `--set-home`,
`--non-interactive`, `-u root`). It is **unsafe** nonetheless: a `USER` hidden in an
unusual official base, or a sudoers rule that changes the environment, would make the
command behave differently.
"#
        ),
    },
    check: crate::rules::Check::Each(crate::rules::Keywords::of(&[crate::dockerfile::Keyword::Run]), check),
};

/// The user an instruction runs as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UserAt {
    Root,
    Other,
    Unknown,
}

/// Docker Official Images that switch to a non-root user themselves.
const OFFICIAL_NON_ROOT: &[&str] = &["sonarqube", "solr", "jenkins", "elasticsearch", "kibana", "logstash"];

/// Whether an image is a Docker Official Image (`debian`, `docker.io/library/node`) that
/// runs as root by default.
fn official_root_image(image: &str) -> bool {
    let name = ImageRef::parse(image).name.to_ascii_lowercase();
    let name = name.strip_prefix("docker.io/").unwrap_or(&name);
    let name = name.strip_prefix("library/").unwrap_or(name);
    !name.is_empty() && !name.contains(['/', '$', '{']) && name != "scratch" && !OFFICIAL_NON_ROOT.contains(&name)
}

/// Who instruction `i` runs as: the last `USER` before it in its stage and the stages it is
/// built `FROM`; without one, root when the base is an official image that runs as root,
/// otherwise unknown (other images may set their own `USER`).
pub(crate) fn user_at(ctx: &DockerfileCtx<'_>, i: usize) -> UserAt {
    if let Some(k) = ctx.model.last_before(i, Keyword::User) {
        let Some(Args::String { text }) = ctx.df.instructions.get(k).map(|x| &x.args) else { return UserAt::Unknown };
        let v = unquote(&text.value, ctx.df.escape);
        let user = v.split(':').next().unwrap_or("").trim();
        return if user.contains('$') {
            UserAt::Unknown
        } else if user == "root" || user == "0" {
            UserAt::Root
        } else {
            UserAt::Other
        };
    }
    let Some(s) = ctx.model.stage_of(i) else { return UserAt::Unknown };
    let Some(st) = ctx.model.stages.get(ctx.model.root_stage(s)) else { return UserAt::Unknown };
    let Some(image) = st.base_resolved.as_deref() else { return UserAt::Unknown };
    if known_non_root(image) {
        UserAt::Other
    } else if official_root_image(image) {
        UserAt::Root
    } else {
        UserAt::Unknown
    }
}

/// Short sudo options that take a value.
const SUDO_VALUE_SHORT: &str = "ugChpUDrtTR";
/// Long sudo options that take a value.
const SUDO_VALUE_LONG: &[&str] = &[
    "user",
    "group",
    "close-from",
    "host",
    "prompt",
    "other-user",
    "chdir",
    "role",
    "type",
    "command-timeout",
    "chroot",
];

/// The options of the `sudo` at word `k` (each with its value, if any) and the index of the
/// command it runs.
fn sudo_options(cmd: &Command, k: usize) -> (Vec<(String, Option<String>)>, usize) {
    let mut opts = Vec::new();
    let mut j = k + 1;
    while let Some(w) = cmd.words.get(j) {
        let v = w.value.as_str();
        if v == "--" {
            j += 1;
            break;
        }
        if let Some(long) = v.strip_prefix("--") {
            j += 1;
            match long.split_once('=') {
                Some((n, val)) => opts.push((n.to_string(), Some(val.to_string()))),
                None if SUDO_VALUE_LONG.contains(&long) => {
                    opts.push((long.to_string(), cmd.words.get(j).map(|x| x.value.to_string())));
                    j += 1;
                }
                None => opts.push((long.to_string(), None)),
            }
            continue;
        }
        let Some(cluster) = v.strip_prefix('-').filter(|c| !c.is_empty()) else { break };
        j += 1;
        for (p, c) in cluster.char_indices() {
            if SUDO_VALUE_SHORT.contains(c) {
                let rest = cluster.get(p + 1..).unwrap_or("");
                let val = if rest.is_empty() {
                    j += 1;
                    cmd.words.get(j - 1).map(|x| x.value.to_string())
                } else {
                    Some(rest.to_string())
                };
                opts.push((c.to_string(), val));
                break;
            }
            opts.push((c.to_string(), None));
        }
    }
    (opts, j)
}

/// The span to delete to drop `sudo` (word `k` of `cmd`) and its options, if they are all
/// harmless for a command that already runs as root.
fn sudo_removal(src: &str, cmd: &Command, k: usize) -> Option<Span> {
    let sudo = cmd.words.get(k)?;
    let (opts, target) = sudo_options(cmd, k);
    let harmless = opts.iter().all(|(name, val)| match name.as_str() {
        "E" | "H" | "n" | "preserve-env" | "set-home" | "non-interactive" => true,
        "u" | "user" => matches!(val.as_deref(), Some("root" | "0" | "#0")),
        _ => false,
    });
    let next = cmd.words.get(target)?;
    // the deleted text must be exactly what was lexed (no quotes or expansions in `sudo`)
    (harmless && sudo.span.text(src) == sudo.value && !sudo.quoted)
        .then_some(Span::new(sudo.span.start, next.span.start))
}

fn check<'a>(ctx: &DockerfileCtx<'a>, i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    let scripts = run_scripts(ins, ctx.posix_shell_at(i));
    if scripts.is_empty() {
        return;
    }
    // who runs the RUN, worked out only for a RUN that has a `sudo`
    let mut as_root: Option<bool> = None;
    for script in scripts {
        for cmd in &script.commands {
            let start = cmd.real_start();
            for (k, w) in cmd.words.iter().enumerate().take(start.max(1)) {
                if crate::shell::base_name(&w.value) != "sudo" {
                    continue;
                }
                let (opts, target) = sudo_options(cmd, k);
                let root =
                    *as_root.get_or_insert_with(|| ins.keyword != Keyword::Onbuild && user_at(ctx, i) == UserAt::Root);
                let fix = root
                    .then(|| sudo_removal(ctx.src, cmd, k))
                    .flatten()
                    .map(|span| Fix::unsafe_("Remove `sudo`", vec![Edit::delete(span)]));
                let user = opts
                    .iter()
                    .find(|(n, _)| n == "u" || n == "user")
                    .and_then(|(_, v)| v.clone())
                    .filter(|u| u != "root" && u != "0");
                let real = cmd.words.get(target).map_or("", |x| x.value.as_str());
                let message = match (real.is_empty(), user) {
                    (true, _) => "`sudo` used in RUN".to_string(),
                    (false, Some(u)) => format!("`sudo -u {u}` used in RUN to run `{real}`"),
                    (false, None) => format!("`sudo` used in RUN to run `{real}`"),
                };
                sink.report(
                    w.span,
                    message,
                    "Run the step as the right user instead: put it before `USER`, or between `USER root` \
                     and `USER <app user>`; use `gosu`/`su-exec` to drop privileges at run time.",
                    fix,
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
    fn fires_on_sudo_commands() {
        let src = "FROM a:1\nRUN sudo apt-get update && sudo -E apt-get install -y curl\n";
        let d = fires(&RULE, src, 2);
        assert_eq!(d[0].span.text(src), "sudo");
        assert!(d[0].message.contains("apt-get"));
        fires(&RULE, "FROM a:1\nRUN echo x | sudo tee /etc/x\n", 1);
        let d = fires(&RULE, "FROM a:1\nRUN sudo -u ${USERNAME} -H git clone x\n", 1);
        assert!(d[0].message.contains("`sudo -u ${USERNAME}` used in RUN to run `git`"), "{}", d[0].message);
        fires(&RULE, "FROM a:1\nRUN env A=1 sudo make install\n", 1);
        fires(&RULE, "FROM a:1\nRUN <<EOF\nsudo make install\nEOF\n", 1);
        fires(&RULE, "FROM a:1\nONBUILD RUN sudo make install\n", 1);
        fires(&RULE, "FROM a:1 AS b\nRUN /usr/bin/sudo make\nFROM a:1\n", 1);
    }

    #[test]
    fn quiet_without_sudo_command() {
        clean(&RULE, "FROM a:1\nRUN apt-get install -y sudo && echo sudo\n");
        clean(&RULE, "FROM a:1\nRUN [\"sudo\", \"make\"]\n");
        clean(&RULE, "FROM a:1\nRUN gosu app make\n");
        clean(&RULE, "FROM a:1\nSHELL [\"powershell\", \"-Command\"]\nRUN sudo make\n");
    }

    #[test]
    fn removes_sudo_when_running_as_root() {
        fixes_to(&RULE, "FROM debian:12\nRUN sudo apt-get update\n", "FROM debian:12\nRUN apt-get update\n");
        fixes_to(
            &RULE,
            "FROM ghcr.io/x/y:1\nUSER root\nRUN sudo -- make\n",
            "FROM ghcr.io/x/y:1\nUSER root\nRUN make\n",
        );
        fixes_to(
            &RULE,
            "FROM a:1\nUSER app\nUSER root\nRUN sudo -E apt-get update && echo x | sudo -u root tee /x\n",
            "FROM a:1\nUSER app\nUSER root\nRUN apt-get update && echo x | tee /x\n",
        );
        fixes_to(
            &RULE,
            "FROM a:1 AS base\nRUN x\nFROM base\nRUN sudo \\\n    make install\n",
            "FROM a:1 AS base\nRUN x\nFROM base\nRUN make install\n",
        );
        fixes_to(
            &RULE,
            "FROM alpine:3.20\r\nRUN <<EOF\r\nsudo make\r\nEOF\r\n",
            "FROM alpine:3.20\r\nRUN <<EOF\r\nmake\r\nEOF\r\n",
        );
    }

    #[test]
    fn no_fix_when_not_root_or_options_matter() {
        no_fix(&RULE, "FROM a:1\nUSER app\nRUN sudo apt-get update\n");
        no_fix(&RULE, "FROM a:1 AS base\nUSER 1000\nFROM base\nRUN sudo apt-get update\n");
        no_fix(&RULE, "FROM gcr.io/distroless/base:nonroot\nRUN sudo x\n");
        no_fix(&RULE, "FROM a:1\nUSER $U\nRUN sudo apt-get update\n");
        no_fix(&RULE, "FROM a:1\nRUN sudo -u app make\n");
        // an image from another publisher may have switched to its own user
        no_fix(&RULE, "FROM mcr.microsoft.com/devcontainers/base:1\nRUN sudo apt-get update\n");
        no_fix(&RULE, "FROM sonarqube:10\nRUN sudo apt-get update\n");
        no_fix(&RULE, "FROM a:1\nRUN echo pw | sudo -S make\n");
        no_fix(&RULE, "FROM a:1\nONBUILD RUN sudo make\n");
        no_fix(&RULE, "FROM a:1\nRUN sudo\n");
    }
}

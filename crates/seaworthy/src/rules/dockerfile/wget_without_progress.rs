//! SWD311 wget-without-progress

use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::dockerfile::model::{run_scripts, ImageRef};
use crate::dockerfile::Instruction;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};
use crate::shell::Command;

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD311",
        name: "wget-without-progress",
        target: Target::Dockerfile,
        category: Category::Maintainability,
        severity: Severity::Style,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "`wget` without a progress option floods the build log.",
        equivalents: &["hadolint:DL3047"],
        docs: rule_docs!(
            r#"## What it does
Finds `wget` commands in `RUN` instructions (also after `sudo`/`env`, and in heredoc scripts)
that set none of `-q`/`--quiet`, `-nv`/`--no-verbose`, `--progress=...`, or a log file
(`-o`/`--output-file`, `-a`/`--append-output`). `wget --version`, `--help` and `--spider`
download nothing and are left alone, as are commands whose options come from a variable
(`wget $WGET_OPTS ...`).

Stages that evidently use BusyBox `wget` (an Alpine or BusyBox base, or `apk` in the stage,
unless it installs GNU wget with `apk add wget`) are not reported: BusyBox prints at most one
progress line a second.

## Why is this bad?
A build has no terminal, so GNU wget falls back to its "dot" progress display: one dot per
kilobyte, fifty to a line. Downloading a 200 MB archive writes about 4,000 lines to the build
log, which buries the lines that matter, slows CI log viewers, and can hit log size limits.
(The official `openjdk` images use `--progress=dot:giga` for this reason; most other official
images do not, and are reported.)

## Example
```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends wget \
 && wget https://example.com/tool.tar.gz
```

## Use instead
```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends wget \
 && wget --progress=dot:giga https://example.com/tool.tar.gz
```

## Fix safety
Safe: the fix inserts `--progress=dot:giga` after `wget`. It only changes how progress is
drawn (one dot per 64 KB, 2 MB a line), not what is downloaded, and unlike `-q` it keeps error
messages. BusyBox `wget` rejects `--progress`, so the fix is offered only when the stage is
known to have GNU wget: it installs packages with `apt-get`, `yum`, `dnf`, `microdnf` or
`zypper`, its base is a glibc distribution or one of the official language images built on
them, or it installs GNU wget with `apk add wget`. On other bases the finding has no fix.
"#
        ),
    },
    check: crate::rules::Check::Each(crate::rules::Keywords::of(&[crate::dockerfile::Keyword::Run]), check),
};

/// How a `wget` command line handles progress output.
#[derive(PartialEq, Eq)]
enum WgetMode {
    /// Downloads with the default progress display.
    Noisy,
    /// Quiet, logs elsewhere, sets a progress style, or downloads nothing.
    Fine,
}

fn wget_mode(cmd: &Command, k: usize) -> WgetMode {
    for w in cmd.words.get(k + 1..).unwrap_or(&[]) {
        let v = w.value.as_str();
        if w.dynamic && v.starts_with('$') {
            let up = v.to_ascii_uppercase();
            if ["OPT", "FLAG", "ARG", "PARAM"].iter().any(|x| up.contains(x)) {
                return WgetMode::Fine;
            }
        }
        if v == "--" {
            break;
        }
        if let Some(long) = v.strip_prefix("--") {
            let name = long.split_once('=').map_or(long, |(n, _)| n);
            if matches!(
                name,
                "quiet"
                    | "no-verbose"
                    | "progress"
                    | "output-file"
                    | "append-output"
                    | "version"
                    | "help"
                    | "spider"
                    | "background"
            ) {
                return WgetMode::Fine;
            }
            continue;
        }
        let Some(cluster) = v.strip_prefix('-') else { continue };
        if let Some(n) = cluster.strip_prefix('n') {
            if n.contains('v') {
                return WgetMode::Fine;
            }
            continue;
        }
        for c in cluster.chars() {
            match c {
                'q' | 'o' | 'a' | 'V' | 'h' | 'b' => return WgetMode::Fine,
                'e' | 'i' | 'B' | 't' | 'O' | 'T' | 'w' | 'Q' | 'P' | 'U' | 'l' | 'A' | 'R' | 'D' | 'I' | 'X' => break,
                _ => {}
            }
        }
    }
    WgetMode::Noisy
}

/// Which `wget` a stage has.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Wget {
    /// GNU wget: a glibc distribution, or `apk add wget` on Alpine.
    Gnu,
    /// BusyBox wget (Alpine, BusyBox), which prints at most a line a second.
    Busybox,
    Unknown,
}

/// Which wget the stage of instruction `i` (with the stages it builds on) has.
fn stage_wget(ctx: &DockerfileCtx<'_>, i: usize) -> Wget {
    let Some(mut s) = ctx.model.stage_of(i) else { return Wget::Unknown };
    let (mut gnu, mut busybox) = (false, false);
    for _ in 0..=ctx.model.stages.len() {
        let Some(st) = ctx.model.stages.get(s) else { break };
        for j in st.from..st.end {
            let Some(ins) = ctx.df.instructions.get(j) else { continue };
            for script in run_scripts(ins, ctx.posix_shell_at(j)) {
                for cmd in &script.commands {
                    let k = cmd.real_start();
                    match cmd.words.get(k).map(|w| crate::shell::base_name(&w.value)) {
                        Some("apk") => {
                            let args = cmd.words.get(k + 1..).unwrap_or(&[]);
                            if args.iter().any(|w| w.value == "add") && args.iter().any(|w| w.value == "wget") {
                                return Wget::Gnu;
                            }
                            busybox = true;
                        }
                        Some("busybox") => busybox = true,
                        Some("apt-get" | "apt" | "yum" | "dnf" | "microdnf" | "zypper" | "tdnf") => gnu = true,
                        _ => {}
                    }
                }
            }
        }
        match st.parent_stage {
            Some(p) if p != s => s = p,
            _ => {
                let base = st.base_resolved.as_deref().unwrap_or(&st.base.value).to_ascii_lowercase();
                busybox |= base.contains("alpine") || base.contains("busybox");
                gnu |= glibc_base(&base);
                break;
            }
        }
    }
    if busybox {
        Wget::Busybox
    } else if gnu {
        Wget::Gnu
    } else {
        Wget::Unknown
    }
}

fn glibc_base(image: &str) -> bool {
    let r = ImageRef::parse(image);
    let name = crate::shell::base_name(&r.name);
    matches!(
        name,
        "debian"
            | "ubuntu"
            | "buildpack-deps"
            | "centos"
            | "fedora"
            | "rockylinux"
            | "almalinux"
            | "amazonlinux"
            | "oraclelinux"
            | "python"
            | "node"
            | "ruby"
            | "golang"
            | "openjdk"
            | "eclipse-temurin"
            | "php"
            | "perl"
            | "rust"
            | "gcc"
            | "maven"
            | "gradle"
    )
}

fn check<'a>(ctx: &DockerfileCtx<'a>, i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    let scripts = run_scripts(ins, ctx.posix_shell_at(i));
    if scripts.is_empty() {
        return;
    }
    let mut kind: Option<Wget> = None;
    for script in scripts {
        for (cmd, k) in script.find(&["wget"]) {
            if wget_mode(cmd, k) == WgetMode::Fine {
                continue;
            }
            let Some(word) = cmd.words.get(k) else { continue };
            let kind = *kind.get_or_insert_with(|| stage_wget(ctx, i));
            if kind == Wget::Busybox {
                continue;
            }
            let plain = word.span.text(ctx.src) == word.value;
            let fix = (kind == Wget::Gnu && plain).then(|| {
                Fix::safe(
                    "Add `--progress=dot:giga` to wget",
                    vec![Edit::insert(word.span.end, " --progress=dot:giga")],
                )
            });
            sink.report(
                word.span,
                "`wget` without a progress option writes a dot per kilobyte to the build log",
                "Add `--progress=dot:giga` (or `-nv`, or `-q` if you do not need its messages).",
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
    fn fires_on_noisy_wget() {
        let src = "FROM debian:12\nRUN wget https://e.com/a\n";
        let d = fires(&RULE, src, 1);
        assert_eq!(d[0].span.text(src), "wget");
        fires(&RULE, "FROM debian:12\nRUN wget -O /tmp/a https://e.com/a && wget -c https://e.com/b\n", 2);
        fires(&RULE, "FROM debian:12\nRUN wget -O- https://e.com/q | sh\n", 1);
        fires(&RULE, "FROM debian:12\nRUN sudo /usr/bin/wget --show-progress https://e.com/a\n", 1);
        fires(&RULE, "FROM debian:12\nRUN <<EOF\nwget https://e.com/a\nEOF\n", 1);
        fires(&RULE, "FROM debian:12\nONBUILD RUN wget https://e.com/a\n", 1);
    }

    #[test]
    fn quiet_with_progress_options() {
        for opts in [
            "-q",
            "-qO-",
            "-qO /tmp/a",
            "-O /tmp/a -q",
            "--quiet",
            "-nv",
            "--no-verbose",
            "--progress=dot:giga",
            "--progress=bar:force:noscroll",
            "-o /tmp/log",
            "--output-file=/tmp/log",
            "-a log",
            "--version",
            "--spider",
            "$WGET_OPTS",
            "-cq",
        ] {
            clean(&RULE, &format!("FROM debian:12\nRUN wget {opts} https://e.com/a\n"));
        }
        clean(&RULE, "FROM debian:12\nRUN echo wget https://e.com/a\n");
        clean(&RULE, "FROM debian:12\nRUN [\"wget\", \"https://e.com/a\"]\n");
        clean(&RULE, "FROM debian:12\nRUN curl -fsSL https://e.com/a\n");
        clean(&RULE, "FROM debian:12\nSHELL [\"pwsh\", \"-c\"]\nRUN wget https://e.com/a\n");
        // `-O` takes the rest of the cluster as its argument: `q` there is a file name
        fires(&RULE, "FROM debian:12\nRUN wget -Oq https://e.com/a\n", 1);
    }

    #[test]
    fn adds_progress_option_for_gnu_wget() {
        fixes_to(
            &RULE,
            "FROM debian:12\nRUN wget -O /a https://e.com/a && sudo wget https://e.com/b\n",
            "FROM debian:12\nRUN wget --progress=dot:giga -O /a https://e.com/a && sudo wget --progress=dot:giga https://e.com/b\n",
        );
        fixes_to(
            &RULE,
            "ARG BASE=mycorp/base:1\nFROM ${BASE} AS b\nRUN apt-get install -y wget\nFROM b\r\nRUN wget \\\r\n  https://e.com/a\r\n",
            "ARG BASE=mycorp/base:1\nFROM ${BASE} AS b\nRUN apt-get install -y wget\nFROM b\r\nRUN wget --progress=dot:giga \\\r\n  https://e.com/a\r\n",
        );
        fixes_to(
            &RULE,
            "FROM python:3.12-slim\nRUN <<EOF\nwget https://e.com/a\nEOF\n",
            "FROM python:3.12-slim\nRUN <<EOF\nwget --progress=dot:giga https://e.com/a\nEOF\n",
        );
    }

    #[test]
    fn no_fix_where_wget_may_be_busybox() {
        no_fix(&RULE, "FROM mycorp/base:1\nRUN wget https://e.com/a\n");
        no_fix(&RULE, "ARG B\nFROM ${B}\nRUN wget https://e.com/a\n");
        no_fix(&RULE, "FROM debian:12\nRUN \"wget\" https://e.com/a\n");
    }

    #[test]
    fn quiet_on_busybox_wget() {
        clean(&RULE, "FROM alpine:3.20\nRUN wget https://e.com/a\n");
        clean(&RULE, "FROM python:3.12-alpine\nRUN wget https://e.com/a\n");
        clean(&RULE, "FROM busybox\nRUN wget https://e.com/a\n");
        clean(&RULE, "FROM mycorp/base:1\nRUN apk add --no-cache curl && wget https://e.com/a\n");
        clean(&RULE, "FROM alpine:3.20 AS a\nFROM a\nRUN wget https://e.com/a\n");
        // GNU wget installed on Alpine
        fixes_to(
            &RULE,
            "FROM alpine:3.20\nRUN apk add --no-cache wget && wget https://e.com/a\n",
            "FROM alpine:3.20\nRUN apk add --no-cache wget && wget --progress=dot:giga https://e.com/a\n",
        );
    }
}

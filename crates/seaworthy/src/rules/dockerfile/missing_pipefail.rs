//! SWD406 missing-pipefail

use crate::diagnostic::{Category, Severity};
use crate::dockerfile::model::run_scripts;
use crate::dockerfile::Instruction;
use crate::dockerfile::{Args, Keyword};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};
use crate::shell::{Command, Sep};
use crate::span::Span;

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD406",
        name: "missing-pipefail",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: true,
        summary: "A RUN pipeline hides the failure of every command but the last.",
        equivalents: &["hadolint:DL4006", "kics:shell_running_a_pipe_without_pipefail_flag"],
        docs: rule_docs!(
            r#"## What it does
Finds `RUN` instructions (shell form or heredoc scripts, in every stage) with a pipeline
`a | b` whose failure of `a` would go unnoticed, when `pipefail` is not on: no
`set -o pipefail` (or `set -eo pipefail`, `set -euxo pipefail`...) earlier in the same script,
and no `SHELL` with `-o pipefail` in force (in the stage or the stages it is built `FROM`).
Reported once per instruction, at the first such pipeline.

Unlike hadolint's DL4006, which reports every pipe, pipelines are left alone when a failure
cannot slip through:
- the last command rejects empty or truncated input by itself: `grep`, `tar`, `gzip -d`/
  `gunzip`/`zcat`/`xz -d`/`bzip2 -d`/`zstd -d`, `gpg`, `apt-key`, `sha256sum -c` (and the
  other `*sum -c`) all exit non-zero when the producer died without output;
- the earlier commands only read local state or transform text (`echo`, `printf`, `yes`,
  `cat`, `find`, `ls`, `grep`, `sort`, `awk`, `sed`, `cut`, `xargs`, `tee`, `dpkg-query`,
  `apk info`, `apt-mark`, `locale`...): a failure there usually just means a shorter list,
  and several of them exit non-zero in builds that work (`find` meeting an unreadable
  directory, `dpkg-query --search` on a file no package owns, `yes` killed by SIGPIPE), so
  `pipefail` would break those builds;
- the pipeline is a condition (`if a | grep -q x; then`, `while`, `until`, `!`).

This keeps the check quiet on idioms of the official images such as
`find ... | xargs -r apt-mark manual` and `curl -fsSL $URL | tar -xz`. Stages built on Windows
images (whose default shell is `cmd`) are not checked.

## Why is this bad?
The exit status of a pipeline is the status of its last command. In
`make 2>&1 | tee build.log`, a failed compilation still ends with a successful `tee`, so the
step succeeds and the build goes on without the program; in `curl -fsSL $URL | sh`, a failed
download runs an empty (or half) script, which succeeds. The failure then shows up later, far
from its cause, or not at all. With `pipefail` the pipeline fails when any of its commands
fails.

`/bin/sh` is `dash` on Debian and Ubuntu, which does not know `pipefail`: there, switch the
shell with `SHELL ["/bin/bash", "-o", "pipefail", "-c"]`. Busybox `ash` (Alpine) supports
`set -o pipefail` and `SHELL ["/bin/ash", "-eo", "pipefail", "-c"]`.

## Example
```dockerfile
FROM debian:bookworm-slim
COPY . /src
RUN make -C /src 2>&1 | tee /var/log/build.log
```

## Use instead
```dockerfile
FROM debian:bookworm-slim
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
COPY . /src
RUN make -C /src 2>&1 | tee /var/log/build.log
```
"#
        ),
    },
    check: crate::rules::Check::Each(crate::rules::Keywords::of(&[crate::dockerfile::Keyword::Run]), check),
};

/// Whether `pipefail` follows an `-o` (or a cluster ending in `o`) in `words`.
fn sets_pipefail<'a>(mut words: impl Iterator<Item = &'a str>) -> Option<bool> {
    let mut result = None;
    while let Some(w) = words.next() {
        let w = w.trim();
        if let Some(inline) = w.strip_prefix("-o ").or_else(|| w.strip_prefix("+o ")) {
            if inline.trim() == "pipefail" {
                result = Some(w.starts_with('-'));
            }
            continue;
        }
        let on = w.starts_with('-');
        let is_opt = (on || w.starts_with('+')) && !w.starts_with("--") && w.ends_with('o');
        if is_opt && words.next().map(str::trim) == Some("pipefail") {
            result = Some(on);
        }
    }
    result
}

/// Whether the `SHELL` in force at instruction `i` (in its stage or the stages it builds on)
/// turns `pipefail` on.
fn shell_has_pipefail(ctx: &DockerfileCtx<'_>, i: usize) -> bool {
    let Some(k) = ctx.model.last_before(i, Keyword::Shell) else { return false };
    let Some(Args::Json { items, .. }) = ctx.df.instructions.get(k).map(|x| &x.args) else { return false };
    sets_pipefail(items.iter().skip(1).map(|w| w.value.as_str())) == Some(true)
}

/// Commands that only read local state or transform text: when one of them fails in a
/// pipeline the usual result is an empty or shorter list, and several of them (`find` over
/// unreadable directories, `dpkg-query --search` over unowned files, `yes` killed by SIGPIPE)
/// exit non-zero in builds that work, so `pipefail` would break them.
const HARMLESS_WRITERS: &[&str] = &[
    "echo",
    "printf",
    "true",
    "yes",
    ":",
    "cat",
    "tac",
    "find",
    "ls",
    "grep",
    "egrep",
    "fgrep",
    "sort",
    "uniq",
    "awk",
    "gawk",
    "mawk",
    "sed",
    "cut",
    "tr",
    "head",
    "tail",
    "wc",
    "xargs",
    "tee",
    "column",
    "jq",
    "base64",
    "od",
    "hexdump",
    "locale",
    "dpkg",
    "dpkg-query",
    "dpkg-architecture",
    "apk",
    "apt-mark",
    "apt-cache",
    "rpm",
    "uname",
    "id",
    "getent",
    "env",
    "printenv",
    "date",
    "nproc",
    "which",
    "readlink",
    "realpath",
    "basename",
    "dirname",
    "ldd",
    "scanelf",
    "stat",
    "du",
    "df",
    "ps",
    "pgrep",
    "sha1sum",
    "sha256sum",
    "sha512sum",
    "md5sum",
    "update-alternatives",
    "test",
    "[",
];

/// A command whose failure a pipeline cannot meaningfully hide.
fn harmless_writer(c: &Command) -> bool {
    let i = c.real_start();
    let Some(w) = c.words.get(i) else { return true };
    HARMLESS_WRITERS.contains(&crate::shell::base_name(&w.value))
}

/// Whether the last command of a pipeline fails by itself on empty or truncated input.
fn validating_reader(c: &Command) -> bool {
    let i = c.real_start();
    let args = c.words.get(i + 1..).unwrap_or(&[]);
    let has = |short: char, long: &str| {
        args.iter().any(|a| {
            a.value == long || (a.value.starts_with('-') && !a.value.starts_with("--") && a.value.contains(short))
        })
    };
    match name_of(c) {
        "grep" | "egrep" | "fgrep" | "tar" | "gunzip" | "zcat" | "unxz" | "xzcat" | "bunzip2" | "bzcat" | "unzstd"
        | "zstdcat" | "gpg" | "gpg2" | "apt-key" => true,
        "gzip" | "xz" | "bzip2" | "zstd" => has('d', "--decompress"),
        "sha1sum" | "sha224sum" | "sha256sum" | "sha384sum" | "sha512sum" | "md5sum" | "b2sum" => has('c', "--check"),
        _ => false,
    }
}

/// Whether the pipeline starting at `c` is a condition (`if`, `elif`, `while`, `until`, `!`).
fn is_condition(src: &str, c: &Command) -> bool {
    let before = src.get(..c.span.start).unwrap_or("");
    let before = before.trim_end_matches(|ch: char| ch.is_whitespace() || ch == '\\');
    ["if", "elif", "while", "until", "!"].iter().any(|kw| {
        before.strip_suffix(kw).is_some_and(|rest| {
            rest.chars().last().is_none_or(|ch| ch.is_whitespace() || matches!(ch, ';' | '(' | '&' | '|'))
        })
    })
}

fn name_of(c: &Command) -> &str {
    c.words.get(c.real_start()).map_or("", |w| crate::shell::base_name(&w.value))
}

fn check<'a>(ctx: &DockerfileCtx<'a>, i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    let scripts = run_scripts(ins, ctx.posix_shell_at(i));
    if scripts.is_empty() || shell_has_pipefail(ctx, i) {
        return;
    }
    'scripts: for script in scripts {
        let mut pipefail = false;
        let cmds = &script.commands;
        let mut k = 0;
        while let Some(c) = cmds.get(k) {
            if name_of(c) == "set" {
                if let Some(on) = sets_pipefail(c.words.iter().skip(1).map(|w| w.value.as_str())) {
                    pipefail = on;
                }
            }
            // the pipeline starting at `k`
            let mut end = k;
            while cmds.get(end + 1).is_some_and(|n| n.sep == Sep::Pipe) {
                end += 1;
            }
            let last = cmds.get(end).unwrap_or(c);
            if end > k && !pipefail && !validating_reader(last) && !is_condition(ctx.src, c) {
                let writers = cmds.get(k..end).unwrap_or(&[]);
                if let Some(w) = writers.iter().find(|w| !harmless_writer(w)) {
                    let span = Span::new(c.span.start, last.span.end.max(c.span.start));
                    sink.report(
                        span,
                        format!(
                            "Pipeline without `pipefail`: if `{}` fails, the step still succeeds when `{}` does",
                            name_of(w),
                            name_of(last)
                        ),
                        "Add `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` before this RUN (Alpine: \
                         `[\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"]`), or start the script with \
                         `set -o pipefail` if its shell supports it (dash does not).",
                        None,
                    );
                    break 'scripts;
                }
            }
            k = end + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_unprotected_pipes() {
        let src = "FROM a:1\nRUN apt-get update && curl -fsSL https://e.com/i.sh | sh -s -- -y\n";
        let d = fires(&RULE, src, 1);
        assert_eq!(d[0].span.text(src), "curl -fsSL https://e.com/i.sh | sh -s -- -y");
        assert!(d[0].message.contains("`curl`") && d[0].message.contains("`sh`"));
        fires(&RULE, "FROM a:1\nRUN curl -fsSL https://e.com/k.asc | gpg --dearmor | tee /k.gpg\n", 1);
        fires(&RULE, "FROM a:1\nRUN filterdiff -x '*/NEWS' a.patch | patch -p1\n", 1);
        fires(&RULE, "FROM a:1\nRUN curl -fsSL https://e.com/x.gz | gzip > /x\n", 1);
        // once per instruction
        fires(&RULE, "FROM a:1\nRUN a | b && c | d\nRUN e | f\n", 2);
        fires(&RULE, "FROM a:1\nRUN make 2>&1 | tee /build.log\n", 1);
        clean(&RULE, "FROM a:1\nRUN find / -name x | xargs cat | gzip > /x.gz\n");
        // `set -o pipefail` after the pipe is too late
        fires(&RULE, "FROM a:1\nRUN a | b; set -o pipefail\n", 1);
        fires(&RULE, "FROM a:1\nRUN set -o pipefail; set +o pipefail; a | b\n", 1);
        fires(&RULE, "FROM a:1\nSHELL [\"/bin/bash\", \"-c\"]\nRUN a | b\n", 1);
        // the last SHELL counts
        fires(
            &RULE,
            "FROM a:1\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nSHELL [\"/bin/sh\", \"-c\"]\nRUN a | b\n",
            1,
        );
        // a SHELL in another stage does not count
        fires(&RULE, "FROM a:1 AS x\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nFROM a:1\nRUN a | b\n", 1);
        fires(&RULE, "FROM a:1\nRUN <<EOF\nset -e\ncurl -s https://e.com | sh\nEOF\n", 1);
        fires(&RULE, "FROM a:1\nONBUILD RUN a | b\n", 1);
    }

    #[test]
    fn quiet_with_pipefail_or_harmless_writers() {
        clean(&RULE, "FROM a:1\nRUN set -o pipefail && a | b\n");
        clean(&RULE, "FROM a:1\nRUN set -euxo pipefail; a | b\n");
        clean(&RULE, "FROM a:1\nRUN set -o errexit -o pipefail; a | b\n");
        clean(&RULE, "FROM a:1\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\n");
        clean(&RULE, "FROM a:1\nSHELL [\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"]\nRUN a | b\n");
        clean(&RULE, "FROM a:1 AS base\nSHELL [\"/bin/bash\", \"-euo\", \"pipefail\", \"-c\"]\nFROM base\nRUN a | b\n");
        clean(&RULE, "FROM a:1\nRUN <<EOF\nset -eo pipefail\na | b\nEOF\n");
        clean(&RULE, "FROM a:1\nRUN echo \"root:x\" | chpasswd && yes | apt-get install x\n");
        clean(&RULE, "FROM a:1\nRUN printf 'a\\n' | tee /x && cat <<EOF | sh\necho hi\nEOF\n");
        clean(&RULE, "FROM a:1\nRUN a || b && c\n");
        clean(&RULE, "FROM a:1\nRUN [\"sh\", \"-c\", \"a | b\"]\n");
        clean(&RULE, "FROM a:1\nSHELL [\"powershell\", \"-Command\"]\nRUN Get-Item x | Remove-Item\n");
        clean(&RULE, "FROM a:1\nRUN bash -o pipefail -c 'a | b'\n");
        clean(&RULE, "FROM a:1\nRUN cat /etc/os-release | grep ID && locale -a | grep -q C.UTF-8\n");
        clean(
            &RULE,
            "FROM a:1\nRUN curl -fsSL https://e.com/a.tgz | tar -xz && wget -qO- https://e.com/k | apt-key add -\n",
        );
        clean(&RULE, "FROM a:1\nRUN curl -fsSL https://e.com/k.asc | gpg --dearmor -o /k.gpg\n");
        clean(
            &RULE,
            "FROM a:1\nRUN curl -fsSL https://e.com/x.xz | xz -d > /x && curl -s https://e.com/S | sha256sum -c -\n",
        );
        clean(&RULE, "FROM a:1\nRUN if iptables --version | grep -q legacy; then echo l; fi\n");
        clean(&RULE, "FROM a:1\nRUN set -e; \\\n    if ! gpg --verify x 2>&1 | tee /log; then exit 1; fi\n");
        clean(
            &RULE,
            "FROM a:1\nRUN find /usr/local -type f -executable -exec ldd '{}' ';' | awk '/=>/ { print $(NF-1) }' \\\n | sort -u | xargs -r dpkg-query --search | cut -d: -f1 | sort -u | xargs -r apt-mark manual\n",
        );
        clean(
            &RULE,
            "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN New-Item -Path C:/x | Out-Null\n",
        );
        clean(&RULE, "FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS w\nFROM w\nRUN curl.exe -o x https://e.com | findstr x\n");
    }

    #[test]
    fn reads_pipefail_options() {
        let on = |s: &str| sets_pipefail(s.split(' '));
        assert_eq!(on("-o pipefail"), Some(true));
        assert_eq!(on("-eo pipefail"), Some(true));
        assert_eq!(on("-e -u -x -o pipefail"), Some(true));
        assert_eq!(on("+o pipefail"), Some(false));
        assert_eq!(on("-e"), None);
        assert_eq!(on("-o errexit"), None);
        assert_eq!(sets_pipefail(["-o pipefail", "-c"].into_iter()), Some(true));
    }
}

//! SWD315 world-writable-permissions

use crate::diagnostic::{Category, Severity};
use crate::dockerfile::model::run_scripts;
use crate::dockerfile::Keyword;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};
use crate::shell::ShWord;
use crate::span::Span;

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD315",
        name: "world-writable-permissions",
        target: Target::Dockerfile,
        category: Category::Security,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: true,
        summary: "Files or directories of the image are made writable by every user (`chmod 777`).",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Finds modes that give write permission to "others" in the final image (the last stage and the
stages it is built `FROM`): `chmod` in `RUN` (also `find ... -exec chmod`), `mkdir -m` and
`install -m`, with an octal mode whose last digit has the write bit (`777`, `0666`, `-R 777`)
or a symbolic mode that adds it (`a+w`, `o+rwx`, `ugo=rwx`), and `COPY`/`ADD --chmod=` with
such a mode.

Modes with the sticky bit (`1777`, `+t`) are left alone: that is how `/tmp`-style shared
directories work, where everyone may create files but only the owner may delete or replace
them. The official images themselves moved from `chmod 777` to `chmod 1777` for their data
and home directories (`$GEM_HOME`, `$GOPATH`, `/var/www/html`, `$PGDATA`), and older official images
that still use plain `777` are reported.

## Why is this bad?
A world-writable file or directory can be changed by any process in the container, whatever
user it runs as. A compromised low-privilege process can then rewrite the application's code,
its configuration or the scripts another (more privileged) process runs, and in a directory
without the sticky bit it can delete or replace other users' files. Usually the goal is only to
let the application's own user write: give that user ownership (`COPY --chown`, `chown`) or
use group permissions (`chgrp 0` and `chmod g=u` for images that run under arbitrary UIDs).

## Example
```dockerfile
FROM node:22-slim
WORKDIR /app
COPY . .
RUN chmod -R 777 /app
USER node
```

## Use instead
```dockerfile
FROM node:22-slim
WORKDIR /app
COPY --chown=node:node . .
USER node
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

/// Whether `mode` (octal or symbolic) gives write permission to others without the sticky bit.
/// `None` when the mode cannot be read.
pub(crate) fn world_writable(mode: &str) -> Option<bool> {
    if mode.is_empty() {
        return None;
    }
    if mode.bytes().all(|b| b.is_ascii_digit()) {
        if mode.len() > 5 || mode.bytes().any(|b| b > b'7') {
            return None;
        }
        let v = u32::from_str_radix(mode, 8).ok()?;
        return Some(v & 0o002 != 0 && v & 0o1000 == 0);
    }
    let mut writable = false;
    let mut sticky = false;
    for clause in mode.split(',') {
        let op_at = clause.find(['+', '-', '='])?;
        let who = clause.get(..op_at)?;
        if !who.bytes().all(|b| matches!(b, b'u' | b'g' | b'o' | b'a')) {
            return None;
        }
        let others = who.contains(['o', 'a']);
        let mut op = ' ';
        for c in clause.get(op_at..)?.chars() {
            match c {
                '+' | '-' | '=' => op = c,
                'w' if others && op != '-' => writable = true,
                't' if op != '-' => sticky = true,
                'r' | 'w' | 'x' | 'X' | 's' | 't' | 'u' | 'g' | 'o' => {}
                _ => return None,
            }
        }
    }
    Some(writable && !sticky)
}

/// A mode found in a command: the word and the first path it applies to.
struct Found<'a> {
    mode: &'a ShWord,
    target: Option<&'a ShWord>,
    tool: &'static str,
}

/// `chmod [options] MODE FILE...` starting at the word after `chmod`.
fn chmod_args(args: &[ShWord]) -> Option<Found<'_>> {
    let mut it = args.iter().skip_while(|w| {
        let v = w.value.as_str();
        v.starts_with("--")
            || matches!(v, "-R" | "-f" | "-v" | "-c" | "-h" | "-H" | "-L" | "-P" | "-Rf" | "-fR" | "-Rv")
    });
    let mode = it.next()?;
    Some(Found { mode, target: it.find(|w| !w.value.starts_with('-')), tool: "chmod" })
}

/// `mkdir`/`install` with `-m MODE` / `--mode=MODE` / `-mMODE`.
fn mode_option<'a>(args: &'a [ShWord], tool: &'static str) -> Option<Found<'a>> {
    let mut mode = None;
    let mut i = 0;
    while let Some(w) = args.get(i) {
        i += 1;
        let v = w.value.as_str();
        if v == "-m" || v == "--mode" {
            mode = args.get(i);
            i += 1;
        } else if v.starts_with("--mode=") || (v.starts_with("-m") && !v.starts_with("--")) {
            mode = Some(w);
        }
    }
    let mode = mode?;
    let target = args.iter().rev().find(|w| !w.value.starts_with('-') && !std::ptr::eq(*w, mode));
    Some(Found { mode, target, tool })
}

/// The mode text inside a mode word (`--mode=777` → `777`, `-m777` → `777`).
fn mode_text(found: &Found<'_>) -> String {
    let v = found.mode.value.as_str();
    if found.tool == "chmod" {
        return v.to_string();
    }
    v.strip_prefix("--mode=").or_else(|| v.strip_prefix("-m").filter(|r| !r.is_empty())).unwrap_or(v).to_string()
}

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    for (i, ins) in ctx.shipped_instructions() {
        let e = ins.effective();
        if matches!(e.keyword, Keyword::Copy | Keyword::Add) {
            if let Some(f) = e.flag("chmod") {
                let mode = f.value.as_deref().unwrap_or("");
                if world_writable(mode) == Some(true) {
                    report(sink, f.span, mode, "--chmod", None);
                }
            }
            continue;
        }
        for script in run_scripts(ins, ctx.posix_shell_at(i)) {
            for cmd in &script.commands {
                let k = cmd.real_start();
                let Some(name) = cmd.words.get(k).map(|w| crate::shell::base_name(&w.value)) else {
                    continue;
                };
                let args = cmd.words.get(k + 1..).unwrap_or(&[]);
                let found = match name {
                    "chmod" => chmod_args(args),
                    "mkdir" => mode_option(args, "mkdir -m"),
                    "install" => mode_option(args, "install -m"),
                    "find" => args
                        .iter()
                        .position(|w| matches!(w.value.as_str(), "-exec" | "-execdir"))
                        .filter(|p| args.get(p + 1).is_some_and(|w| crate::shell::base_name(&w.value) == "chmod"))
                        .and_then(|p| chmod_args(args.get(p + 2..).unwrap_or(&[]))),
                    _ => None,
                };
                let Some(found) = found else { continue };
                if found.mode.dynamic {
                    continue;
                }
                let mode = mode_text(&found);
                if world_writable(&mode) == Some(true) {
                    report(sink, found.mode.span, &mode, found.tool, found.target.map(|t| t.value.as_str()));
                }
            }
        }
    }
}

fn report(sink: &mut Sink<'_>, span: Span, mode: &str, tool: &str, target: Option<&str>) {
    let what = match target {
        Some(t) if !t.is_empty() => format!("`{t}`"),
        _ => "these files".to_string(),
    };
    sink.report(
        span,
        format!("`{tool} {mode}` makes {what} writable by every user in the container"),
        "Give ownership to the user that needs to write (`COPY --chown=app`, `chown app`) and drop the write bit for \
         others; use the sticky bit (`1777`) for shared scratch directories.",
        None,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn reads_modes() {
        for m in ["777", "0777", "666", "0002", "2777", "a+w", "o+rwx", "ugo=rwx", "u+x,o+w", "a+rwX", "o=w"] {
            assert_eq!(world_writable(m), Some(true), "{m}");
        }
        for m in ["755", "0644", "1777", "3777", "770", "u+w", "+w", "g+w", "o-w", "a+rwt", "o+w,+t", "a-w"] {
            assert_eq!(world_writable(m), Some(false), "{m}");
        }
        for m in ["", "8", "abc", "1234567", "u+q"] {
            assert_eq!(world_writable(m), None, "{m}");
        }
    }

    #[test]
    fn fires_on_world_writable_modes() {
        let src = "FROM a:1\nRUN chmod -R 777 /app\n";
        let d = fires(&RULE, src, 1);
        assert_eq!(d[0].span.text(src), "777");
        assert!(d[0].message.contains("`/app`"));
        fires(&RULE, "FROM a:1\nRUN mkdir -p /data && chmod 777 /data\n", 1);
        fires(&RULE, "FROM a:1\nRUN mkdir -p \"$GEM_HOME\" && chmod 777 \"$GEM_HOME\"\n", 1);
        fires(&RULE, "FROM a:1\nRUN chmod a+w /srv/config.yml\n", 1);
        let d = fires(&RULE, "FROM a:1\nRUN chmod 0777 -R /var/lib/mpd\n", 1);
        assert!(d[0].message.contains("`/var/lib/mpd`"), "{}", d[0].message);
        fires(&RULE, "FROM a:1\nRUN sudo chmod --recursive 0777 /srv\n", 1);
        fires(&RULE, "FROM a:1\nRUN mkdir -m 777 /x && install -m 0666 a /b\n", 2);
        fires(&RULE, "FROM a:1\nRUN mkdir --mode=777 /x\n", 1);
        fires(&RULE, "FROM a:1\nRUN find /app -type d -exec chmod 777 {} +\n", 1);
        fires(&RULE, "FROM a:1\nCOPY --chmod=777 run.sh /run.sh\n", 1);
        fires(&RULE, "FROM a:1\nONBUILD RUN chmod 777 /app\n", 1);
        fires(&RULE, "FROM a:1\nRUN <<EOF\nchmod o+w /var/log/app\nEOF\n", 1);
        fires(&RULE, "FROM a:1 AS base\nRUN chmod 777 /x\nFROM base\n", 1);
    }

    #[test]
    fn quiet_on_safe_modes() {
        clean(&RULE, "FROM a:1\nRUN chmod 755 /app && chmod +x run.sh && chmod -R g=u /app\n");
        clean(&RULE, "FROM a:1\nRUN mkdir -p /tmp/x && chmod 1777 /tmp/x\n");
        clean(&RULE, "FROM a:1\nRUN chmod $MODE /x && chmod \"$M\" /y\n");
        clean(&RULE, "FROM a:1\nCOPY --chmod=755 run.sh /run.sh\n");
        clean(&RULE, "FROM a:1\nRUN echo chmod 777 /x\n");
        clean(&RULE, "FROM a:1 AS build\nRUN chmod 777 /x\nFROM a:1\nCOPY --from=build /x /x\n");
        clean(&RULE, "FROM a:1\nSHELL [\"pwsh\", \"-c\"]\nRUN chmod 777 /x\n");
    }
}

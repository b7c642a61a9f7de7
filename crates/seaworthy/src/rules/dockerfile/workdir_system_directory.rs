//! SWD305 workdir-system-directory

use crate::diagnostic::{Category, Severity};
use crate::dockerfile::words::unquote;
use crate::dockerfile::Instruction;
use crate::dockerfile::{Args, Keyword};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD305",
        name: "workdir-system-directory",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: true,
        summary: "WORKDIR is the root or an operating-system directory such as `/etc` or `/usr`.",
        equivalents: &["trivy:DS-0030"],
        docs: rule_docs!(
            r#"## What it does
Finds `WORKDIR` instructions (also under `ONBUILD`) set to the filesystem root or to a
directory the operating system owns: `/`, `/bin`, `/boot`, `/dev`, `/etc`, `/lib`, `/lib64`,
`/proc`, `/sbin`, `/sys`, `/usr`, `/usr/bin`, `/usr/lib`, `/usr/sbin` and `/var`. Only these
exact paths count (a trailing `/` is ignored): `/var/www` or `/usr/src/app` are fine. Paths
built from variables are not checked.

## Why is this bad?
The working directory is where relative paths land: `COPY . .`, build outputs, log and cache
files an application writes next to itself. In a system directory these mix with, and can
overwrite, files of the operating system (`COPY . .` into `/etc` replaces `passwd` if the
build context has one), and `/proc`, `/sys` and `/dev` are replaced by the runtime when the
container starts. A directory of the application's own keeps its files apart.

## Example
```dockerfile
FROM debian:bookworm-slim
WORKDIR /usr
COPY . .
```

## Use instead
```dockerfile
FROM debian:bookworm-slim
WORKDIR /usr/src/app
COPY . .
```
"#
        ),
    },
    check: crate::rules::Check::Each(crate::rules::Keywords::of(&[crate::dockerfile::Keyword::Workdir]), check),
};

const SYSTEM_DIRS: &[&str] = &[
    "/",
    "/bin",
    "/boot",
    "/dev",
    "/etc",
    "/lib",
    "/lib64",
    "/proc",
    "/sbin",
    "/sys",
    "/usr",
    "/usr/bin",
    "/usr/lib",
    "/usr/sbin",
    "/var",
];

fn check<'a>(ctx: &DockerfileCtx<'a>, _i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    let e = ins.effective();
    if e.keyword != Keyword::Workdir {
        return;
    }
    let Args::String { text } = &e.args else { return };
    let path = unquote(text.value.trim(), ctx.df.escape);
    if path.contains('$') {
        return;
    }
    let mut norm = path.trim_end_matches('/');
    if norm.is_empty() && path.starts_with('/') {
        norm = "/";
    }
    if !SYSTEM_DIRS.contains(&norm) {
        return;
    }
    let what = if norm == "/" { "the filesystem root".to_string() } else { format!("the system directory `{norm}`") };
    sink.report(
        text.span,
        format!("WORKDIR is {what}, so relative paths land among the operating system's files"),
        "Use a directory of the application's own, e.g. `WORKDIR /app` or `WORKDIR /usr/src/app`.",
        None,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_system_dirs() {
        let src = "FROM a:1\nWORKDIR /etc/\n";
        let d = fires(&RULE, src, 1);
        assert_eq!(d[0].span.text(src), "/etc/");
        fires(&RULE, "FROM a:1\nWORKDIR /\n", 1);
        fires(&RULE, "FROM a:1\nWORKDIR //\n", 1);
        fires(&RULE, "FROM a:1\nWORKDIR \"/usr\"\n", 1);
        fires(&RULE, "FROM a:1\nONBUILD WORKDIR /var\n", 1);
        fires(&RULE, "FROM a AS b\nWORKDIR /proc\nFROM a\nWORKDIR /sys\n", 2);
        fires(&RULE, "FROM a:1\nWORKDIR /usr/bin\n", 1);
    }

    #[test]
    fn quiet_on_app_dirs() {
        clean(&RULE, "FROM a:1\nWORKDIR /app\nWORKDIR /usr/src/app\nWORKDIR /var/www/html\n");
        clean(&RULE, "FROM a:1\nWORKDIR /etc/nginx\nWORKDIR /usr/local\nWORKDIR /root\n");
        clean(&RULE, "FROM a:1\nWORKDIR $HOME\nWORKDIR ${DIR:-/}\n");
        clean(&RULE, "FROM a:1\nWORKDIR etc\n");
        clean(&RULE, "FROM a:1\nRUN cd /etc\n");
    }
}

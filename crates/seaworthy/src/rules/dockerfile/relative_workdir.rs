//! SWD303 relative-workdir

use crate::diagnostic::{Category, Severity};
use crate::dockerfile::words::unquote;
use crate::dockerfile::{Args, Keyword};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD303",
        name: "relative-workdir",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: true,
        summary: "A relative WORKDIR whose meaning depends on the base image.",
        equivalents: &["hadolint:DL3000", "buildkit:WorkdirRelativePath", "trivy:DS-0009", "checkov:CKV_DOCKER_10"],
        docs: rule_docs!(
            r#"## What it does
Finds a relative `WORKDIR` in a stage where no earlier `WORKDIR` set an absolute path (as
BuildKit's `WorkdirRelativePath` check does). Paths that start with a variable, and Windows
paths (`C:\app`), are not reported.

## Why is this bad?
A relative `WORKDIR` is resolved against the working directory of the base image. When the
base image changes its `WORKDIR`, your files silently move.

## Example
```dockerfile
FROM node:22-slim
WORKDIR app
```

## Use instead
```dockerfile
FROM node:22-slim
WORKDIR /app
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

fn is_absolute(p: &str) -> bool {
    let b = p.as_bytes();
    p.starts_with('/')
        || p.starts_with('\\')
        || p.starts_with('$')
        || (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':')
}

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    for st in &ctx.model.stages {
        // a stage built on an earlier one inherits its WORKDIR
        let mut absolute_seen = st.parent_stage.is_some_and(|p| {
            let ps = &ctx.model.stages[p];
            ctx.df.instructions[ps.from..ps.end].iter().any(|i| i.keyword == Keyword::Workdir)
        });
        for ins in &ctx.df.instructions[st.from..st.end] {
            if ins.keyword != Keyword::Workdir {
                continue;
            }
            let Args::String { text } = &ins.args else { continue };
            let path = unquote(&text.value, ctx.df.escape);
            if is_absolute(&path) {
                absolute_seen = true;
                continue;
            }
            if !absolute_seen {
                sink.report(
                    text.span,
                    format!("WORKDIR `{path}` is relative, so where it ends up depends on the base image"),
                    format!("Use an absolute path, e.g. `WORKDIR /{}`.", path.trim_start_matches("./")),
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
    fn fires_on_relative_paths_without_an_absolute_one_before() {
        fires(&RULE, "FROM a:1\nWORKDIR app\nWORKDIR \"src\"\n", 2);
        fires(&RULE, "FROM a:1\nWORKDIR /app\nFROM b:1\nWORKDIR build\n", 1);
    }

    #[test]
    fn quiet_on_absolute_variables_windows_and_after_absolute() {
        clean(&RULE, "FROM a:1\nWORKDIR /app\nWORKDIR src\n");
        clean(&RULE, "FROM a:1\nWORKDIR $HOME/x\nWORKDIR ${APP}\n");
        clean(&RULE, "FROM a:1\nWORKDIR C:\\\\app\nWORKDIR \"/q\"\n");
        clean(&RULE, "FROM a:1 AS base\nWORKDIR /app\nFROM base\nWORKDIR src\n");
    }
}

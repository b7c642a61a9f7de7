//! SWD027 copy-relative-without-workdir

use crate::diagnostic::{Category, Severity};
use crate::dockerfile::words::unquote;
use crate::dockerfile::{Args, Keyword};
use crate::rules::dockerfile::undefined_variable::scratch_roots;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD027",
        name: "copy-relative-without-workdir",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: true,
        summary: "COPY to a relative destination before any WORKDIR.",
        equivalents: &["hadolint:DL3045"],
        docs: rule_docs!(
            r#"## What it does
Finds `COPY` instructions whose destination is a relative path (`app/`, `.`) in a stage
where no `WORKDIR` was set before it, neither in the stage nor in the stages it builds on.
Destinations that start with a variable, Windows paths, stages built from `scratch` (whose
working directory is `/`) and `COPY` under `ONBUILD` (the child image may set its own
`WORKDIR`) are left alone.

## Why is this bad?
A relative destination is resolved against the working directory of the base image, which
this file does not show and which can change when the base image is updated: the files land
in `/`, or somewhere unexpected, and later steps cannot find them.

## Example
```dockerfile
FROM node:22-slim
COPY package.json .
```

## Use instead
```dockerfile
FROM node:22-slim
WORKDIR /app
COPY package.json .
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

fn is_relative(p: &str) -> bool {
    let b = p.as_bytes();
    !(p.is_empty()
        || p.starts_with(['/', '\\', '$', '~'])
        || p.contains('$')
        || (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':'))
}

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    let scratch = scratch_roots(ctx);
    let mut has_workdir: Vec<bool> = Vec::with_capacity(ctx.model.stages.len());
    for (s, st) in ctx.model.stages.iter().enumerate() {
        // the working directory of `scratch` is `/`, so relative paths are predictable there
        let mut workdir = st.parent_stage.and_then(|p| has_workdir.get(p).copied()).unwrap_or(false)
            || scratch.get(s).copied().unwrap_or(false);
        for ins in ctx.df.instructions.get(st.from..st.end).unwrap_or(&[]) {
            match ins.keyword {
                Keyword::Workdir => workdir = true,
                Keyword::Copy if !workdir => {
                    let dest = match &ins.args {
                        Args::Json { items, .. } => items.last().map(|w| (w, w.value.clone())),
                        Args::Words { words } if words.len() >= 2 => {
                            words.last().map(|w| (w, unquote(&w.value, ctx.df.escape)))
                        }
                        _ => None,
                    };
                    let Some((word, path)) = dest else { continue };
                    if !is_relative(&path) {
                        continue;
                    }
                    sink.report(
                        word.span,
                        format!("COPY to the relative path `{path}`, but no WORKDIR is set in this stage"),
                        "Set `WORKDIR /some/dir` before this COPY, or copy to an absolute path.",
                        None,
                    );
                }
                _ => {}
            }
        }
        has_workdir.push(workdir);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_relative_destinations_without_workdir() {
        fires(&RULE, "FROM a:1\nCOPY a .\nCOPY b app/\nCOPY [\"c\", \"rel\"]\n", 3);
        fires(&RULE, "FROM a:1 AS x\nWORKDIR /app\nFROM b:1\nCOPY a .\n", 1);
        fires(&RULE, "FROM a:1\nCOPY <<EOF conf\nx\nEOF\n", 1);
    }

    #[test]
    fn quiet_after_workdir_and_on_absolute_paths() {
        clean(&RULE, "FROM a:1\nWORKDIR /app\nCOPY a .\n");
        clean(&RULE, "FROM a:1 AS base\nWORKDIR /app\nFROM base\nCOPY a .\n");
        clean(&RULE, "FROM a:1\nCOPY a /app/\nCOPY b $HOME/x\nCOPY c ${DIR}\nADD d rel\n");
        clean(&RULE, "# escape=`\nFROM a:1\nCOPY a C:\\app\\\nCOPY b c:/x\n");
        clean(&RULE, "FROM a:1\nONBUILD COPY a .\n");
        clean(&RULE, "FROM scratch\nCOPY a .\n");
    }
}

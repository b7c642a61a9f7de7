//! SWD019 undefined-arg-in-from

use crate::diagnostic::{Category, Severity};
use crate::dockerfile::model::PREDEFINED_ARGS;
use crate::dockerfile::Keyword;
use crate::rules::dockerfile::unknown_instruction::{close_matches, did_you_mean};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD019",
        name: "undefined-arg-in-from",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: true,
        summary: "A FROM line uses a variable that is not a global ARG.",
        equivalents: &["buildkit:UndefinedArgInFrom"],
        docs: rule_docs!(
            r#"## What it does
Finds `$NAME` in a `FROM` line (image or `--platform`) where `NAME` is neither declared by an
`ARG` before the first `FROM` nor one of BuildKit's automatic arguments (`BUILDPLATFORM`,
`TARGETPLATFORM`, `TARGETOS`, `TARGETARCH`, ...). It suggests the closest declared name.

## Why is this bad?
`FROM` only sees global build arguments. An `ARG` declared inside a stage, an `ENV`, or a
misspelt name expands to an empty string (or to its inline default), and
`--build-arg NAME=...` cannot change it because the argument is not declared: the build
fails with an invalid image name, or silently uses the default.

## Example
```dockerfile
ARG NODE_VERSION=22
FROM node:${NODE_VERION}-slim
```

## Use instead
```dockerfile
ARG NODE_VERSION=22
FROM node:${NODE_VERSION}-slim
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    let known: Vec<&str> =
        ctx.model.global_args.iter().map(|(n, _)| n.as_str()).chain(PREDEFINED_ARGS.iter().copied()).collect();
    for st in &ctx.model.stages {
        let Some(ins) = ctx.df.instructions.get(st.from).filter(|i| i.keyword == Keyword::From) else { continue };
        for r in &ins.var_refs {
            if known.contains(&r.name.as_str()) {
                continue;
            }
            let cands = close_matches(&r.name, known.iter().copied(), 2, true);
            sink.report(
                r.span,
                format!("`{}` is not a global ARG, so FROM cannot use it", r.name),
                format!("Declare `ARG {}` before the first FROM (or fix the name).{}", r.name, did_you_mean(&cands)),
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
    fn fires_on_undeclared_args() {
        let d = fires(&RULE, "ARG VERSION=1\nFROM a:${VERSOIN}\n", 1);
        assert!(d[0].help.contains("`VERSION`"));
        fires(&RULE, "FROM a:1\nARG TAG=2\nFROM b:$TAG\n", 1);
        fires(&RULE, "FROM --platform=$PLATFORM a:${X:-1}\n", 2);
    }

    #[test]
    fn quiet_on_global_and_automatic_args() {
        clean(&RULE, "ARG TAG\nARG BASE=alpine\nFROM ${BASE}:$TAG\nFROM --platform=$BUILDPLATFORM b:1\n");
        clean(&RULE, "FROM a:1\nCOPY $X /y\n");
    }
}

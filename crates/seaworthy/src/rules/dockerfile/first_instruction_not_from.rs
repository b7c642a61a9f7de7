//! SWD004 first-instruction-not-from

use crate::diagnostic::{Category, Severity};
use crate::dockerfile::Keyword;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD004",
        name: "first-instruction-not-from",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: true,
        summary: "An instruction other than ARG comes before the first FROM.",
        equivalents: &["hadolint:DL3061"],
        docs: rule_docs!(
            r#"## What it does
Finds the first instruction that is neither `FROM` nor `ARG` when it comes before the first
`FROM`. Parser directives, comments and blank lines may precede `FROM`; so may `ARG`, which
then declares a build argument usable in `FROM` lines. An unknown keyword is left to
`unknown-instruction`.

## Why is this bad?
Every other instruction needs a build stage to act on, and a stage only begins with `FROM`:
BuildKit stops with "no build stage in current context".

## Example
```dockerfile
ENV APP_HOME=/srv/app
FROM alpine:3.20
```

## Use instead
```dockerfile
FROM alpine:3.20
ENV APP_HOME=/srv/app
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    let Some(ins) = ctx.df.instructions.iter().find(|i| i.keyword != Keyword::Arg) else { return };
    if matches!(ins.keyword, Keyword::From | Keyword::Unknown) {
        return;
    }
    let word = ins.keyword_span.text(ctx.src);
    sink.report(
        ins.keyword_span,
        format!("`{word}` comes before the first FROM, where no build stage exists yet"),
        "Start the Dockerfile with FROM (only ARG, comments and parser directives may come before it).",
        None,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_instruction_before_from() {
        fires(&RULE, "RUN echo hi\nFROM a:1\n", 1);
        fires(&RULE, "# syntax=docker/dockerfile:1\n# comment\nARG V=1\nLABEL a=b\nFROM a:$V\n", 1);
        fires(&RULE, "MAINTAINER me\nRUN x\n", 1);
    }

    #[test]
    fn quiet_when_from_or_arg_comes_first() {
        clean(&RULE, "# syntax=docker/dockerfile:1\n\n# hi\nFROM a:1\nRUN x\n");
        clean(&RULE, "ARG A=1\nARG B\nfrom a:$A\n");
        clean(&RULE, "\u{feff}FROM a:1\n");
        // left to unknown-instruction
        clean(&RULE, "FORM a:1\nRUN x\n");
    }
}

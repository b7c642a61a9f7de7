//! SWD016 invalid-onbuild-trigger

use crate::diagnostic::{Category, Severity};
use crate::dockerfile::Instruction;
use crate::dockerfile::Keyword;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD016",
        name: "invalid-onbuild-trigger",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: true,
        summary: "ONBUILD wraps ONBUILD, FROM or MAINTAINER, which it does not allow.",
        equivalents: &["hadolint:DL3043"],
        docs: rule_docs!(
            r#"## What it does
Finds `ONBUILD ONBUILD ...`, `ONBUILD FROM ...` and `ONBUILD MAINTAINER ...`.

## Why is this bad?
These three cannot be triggers: BuildKit rejects the instruction ("ONBUILD ONBUILD isn't
allowed as trigger") and the build fails. A child image cannot switch its base image from a
trigger, and nested triggers are not supported.

## Example
```dockerfile
FROM node:22
ONBUILD FROM node:22-slim
```

## Use instead
```dockerfile
FROM node:22
ONBUILD COPY package.json /app/
```
"#
        ),
    },
    check: crate::rules::Check::Each(
        crate::rules::Keywords::of(&[
            crate::dockerfile::Keyword::Onbuild,
            crate::dockerfile::Keyword::From,
            crate::dockerfile::Keyword::Maintainer,
        ]),
        check,
    ),
};

fn check<'a>(ctx: &DockerfileCtx<'a>, _i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    if ins.keyword != Keyword::Onbuild {
        return;
    }
    let inner = ins.effective();
    if std::ptr::eq(inner, ins) || !matches!(inner.keyword, Keyword::Onbuild | Keyword::From | Keyword::Maintainer) {
        return;
    }
    let word = inner.keyword_span.text(ctx.src);
    sink.report(
        inner.keyword_span,
        format!("`{word}` is not allowed as an ONBUILD trigger"),
        "Remove this ONBUILD line; a trigger cannot be ONBUILD, FROM or MAINTAINER.",
        None,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_forbidden_triggers() {
        fires(&RULE, "FROM a:1\nONBUILD ONBUILD RUN x\nonbuild from b\nONBUILD MAINTAINER me\n", 3);
    }

    #[test]
    fn quiet_on_allowed_triggers() {
        clean(&RULE, "FROM a:1\nONBUILD RUN x\nONBUILD COPY . /app\nONBUILD\n");
    }
}

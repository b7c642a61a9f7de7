//! SWD001 syntax-error

use crate::diagnostic::{Category, Severity};
use crate::dockerfile::ParseErrorKind;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD001",
        name: "syntax-error",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: true,
        summary: "The Dockerfile has a syntax error that makes `docker build` fail.",
        equivalents: &["hadolint:DL1000"],
        docs: rule_docs!(
            r#"## What it does
Reports what BuildKit's parser would reject: an unterminated heredoc, `ENV` or `LABEL` without
a value, a JSON array with non-string elements, a `KEY=value` list with a word lacking `=`,
a duplicate or invalid parser directive, or a file with no instructions.
Unknown instructions are `unknown-instruction`'s. Syntax BuildKit accepts is not reported,
even where other linters' parsers reject it (hadolint 2.x: a comment line right after a heredoc,
a `RUN --mount` bind mount without `target`).

## Why is this bad?
The build fails before the first step runs. Seaworthy keeps parsing after the error, so every
other finding in the file is still reported.

## Example
```dockerfile
FROM alpine:3.20
ENV APP_HOME
```

## Use instead
```dockerfile
FROM alpine:3.20
ENV APP_HOME=/app
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    for e in ctx.df.errors.iter().filter(|e| e.kind == ParseErrorKind::Error) {
        let help = match e.code {
            "unterminated-heredoc" => "Add a line with just the heredoc's delimiter to close it.",
            "missing-value" => "Give the variable a value: `KEY=value`.",
            "missing-equals" => "Write every pair as `KEY=value`; quote values that contain spaces.",
            "json-not-strings" => "Use only strings in the JSON array, e.g. `[\"cmd\", \"arg\"]`.",
            "no-instructions" => "A Dockerfile needs at least a FROM instruction.",
            "duplicate-directive" => "Keep one of the two directives.",
            "invalid-escape" => "The escape directive accepts only `\\` or a backtick.",
            _ => "Fix the syntax so BuildKit can parse the file.",
        };
        sink.report(e.span, e.message.clone(), help, None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_what_buildkit_rejects() {
        fires(&RULE, "FROM a\nRUN <<EOF\necho hi\n", 1);
        fires(&RULE, "FROM a\nCMD [\"a\", 1]\n", 1);
        fires(&RULE, "FROM a\nENV A=1 B\nLABEL x\n", 2);
        fires(&RULE, "# comment only\n", 1);
        fires(&RULE, "", 1);
        fires(&RULE, "# escape=x\nFROM a\n", 1);
    }

    #[test]
    fn quiet_on_valid_files() {
        clean(&RULE, "FROM a\nCMD ['single', 'quotes are shell form']\nENV A B C\n");
        clean(&RULE, "FROM a\nRUN <<EOF\necho\nEOF\n");
        clean(&RULE, "FROM a\nBOGUS instruction\n");
        // valid BuildKit syntax that some other parsers reject
        clean(&RULE, "FROM a\nRUN <<EOF\ntrue\nEOF\n# a comment right after the heredoc\nCMD [\"sh\"]\n");
        clean(&RULE, "FROM a AS bin\nFROM a\nRUN --mount=from=bin \\\n    ls -l\n");
    }
}

//! SWC506 shell-syntax-without-shell

use crate::compose::get_str;
use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC506",
        name: "shell-syntax-without-shell",
        target: Target::Compose,
        category: Category::Reliability,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: false,
        summary: "A string `command`/`entrypoint` uses shell operators, but Compose runs it without a shell.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports string `command` and `entrypoint` values containing `&&`, `||`, `|`, `;`, `>`, `>>`
or `<` as separate words, unless the string starts with a shell (`sh -c`, `bash -c`, …).

## Why is this bad?
Compose splits a string command into words itself (like a shell would split them) and runs
the program directly: `&&` becomes a literal argument, so `npm run build && npm start` passes
`&&`, `npm` and `start` to `npm run build` and never starts the server.

## Example
```yaml
services:
  app:
    image: node:22.11
    command: npm run build && npm start
```

## Use instead
```yaml
services:
  app:
    image: node:22.11
    command: ["sh", "-c", "npm run build && npm start"]
```
"#
        ),
    },
    check,
    per_service: true,
};

const OPS: &[&str] = &["&&", "||", "|", ";", ">", ">>", "<", "2>&1"];

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        for key in ["command", "entrypoint"] {
            let Some(c) = get_str(ctx.doc, s.node, key) else { continue };
            let words: Vec<&str> = c.raw.split_whitespace().collect();
            let shell = words.first().is_some_and(|w| {
                matches!(w.rsplit('/').next().unwrap_or(w), "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh")
            });
            if shell || c.raw.contains(['\'', '"']) {
                continue;
            }
            if let Some(op) = words.iter().find(|w| OPS.contains(w)) {
                sink.report(
                    c.span,
                    format!("Service `{}`: `{key}` uses `{op}`, but Compose does not run it in a shell", s.name),
                    "Wrap it: `[\"sh\", \"-c\", \"…\"]`, or move the logic into a script.",
                    None,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_and_not() {
        fires(&RULE, "services:\n  a: {command: make | tee log}\n  b: {entrypoint: run > /out}\n", 2);
        clean(&RULE, "services:\n  a: {command: sh -c x && y}\n  b: {command: [a, \"&&\", b]}\n  c: {command: serve --port 80}\n  d: {command: /bin/bash -c 'a; b'}\n");
    }
}

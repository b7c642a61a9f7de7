//! SWC012 unquoted-port-mapping

use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};
use crate::yaml::{yaml11_reading, Style, Yaml11};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC012",
        name: "unquoted-port-mapping",
        target: Target::Compose,
        category: Category::Maintainability,
        severity: Severity::Style,
        fix: FixKind::Always,
        default_on: false,
        summary: "A `ports`/`expose` entry is not quoted (`22:22` is a base-60 number in YAML 1.1).",
        equivalents: &["dclint:require-quotes-in-ports"],
        docs: rule_docs!(
            r#"## What it does
Reports unquoted short-syntax `ports` and `expose` entries. Entries that YAML 1.1 would read as
a base-60 number (`22:22` = 1342) are called out.

## Why is this bad?
Compose v2 (go-yaml) reads them as strings, but YAML 1.1 tools and the old Python Compose
turned `22:22` into 1342: quoting removes the ambiguity and matches the documentation.

## Example
```yaml
services:
  ssh:
    image: example/ssh:1.0
    ports:
      - 127.0.0.1:2222:22
```

## Use instead
```yaml
services:
  ssh:
    image: example/ssh:1.0
    ports:
      - "127.0.0.1:2222:22"
```

## Fix safety
Safe: Compose reads the quoted and unquoted forms the same.
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        for key in ["ports", "expose"] {
            let Some(list) = ctx.doc.get(s.node, key) else { continue };
            if ctx.doc.resolve(list) != list {
                continue;
            }
            for &i in ctx.doc.items(list) {
                let Some(sc) = ctx.doc.scalar(i) else { continue };
                if sc.style != Style::Plain || ctx.doc.resolve(i) != i || sc.value.contains('"') {
                    continue;
                }
                let span = ctx.doc.span(i);
                let base60 = matches!(yaml11_reading(sc.value), Some(Yaml11::Sexagesimal));
                let why = if base60 { " (YAML 1.1 reads it as a base-60 number)" } else { "" };
                sink.report(
                    span,
                    format!("Unquoted `{key}` entry `{}`{why}", sc.value),
                    "Quote port entries: `\"8080:80\"`.",
                    Some(Fix::safe("Quote the entry", vec![Edit::replace(span, format!("\"{}\"", sc.value))])),
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
    fn fires_and_fixes() {
        fixes_to(
            &RULE,
            "services:\n  a:\n    ports:\n      - 22:22\n      - 80\n    expose: [9000]\n",
            "services:\n  a:\n    ports:\n      - \"22:22\"\n      - \"80\"\n    expose: [\"9000\"]\n",
        );
    }

    #[test]
    fn quiet_when_quoted_or_long() {
        clean(&RULE, "services:\n  a:\n    ports:\n      - \"22:22\"\n      - '80'\n      - target: 80\n");
    }
}

//! SWC018 quoted-volume-mapping

use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};
use crate::yaml::{plain_type, yaml11_reading, PlainType, Style};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC018",
        name: "quoted-volume-mapping",
        target: Target::Compose,
        category: Category::Maintainability,
        severity: Severity::Style,
        fix: FixKind::Always,
        default_on: false,
        summary: "A short-syntax `volumes` entry is quoted although it reads the same without quotes.",
        equivalents: &["dclint:no-quotes-in-volumes"],
        docs: rule_docs!(
            r#"## What it does
Reports quoted short-syntax `volumes` entries of services (`"./data:/data:ro"`) whose text
would be read as the same string without the quotes. Entries that need their quotes (leading
`*`, `&`, `!`, `{`…, a `: ` or ` #`, a value YAML would read as a number or boolean, commas
or brackets inside a flow list) are left alone. Off by default: it is a matter of taste.

## Why is this bad?
Mixed quoting makes a file harder to scan and to grep; volume specs are paths and rarely need
quotes.

## Example
```yaml
services:
  db:
    image: postgres:16.4
    volumes:
      - "pgdata:/var/lib/postgresql/data"
```

## Use instead
```yaml
services:
  db:
    image: postgres:16.4
    volumes:
      - pgdata:/var/lib/postgresql/data
```

## Fix safety
Safe: the fix only removes quotes around text that YAML reads as the same string without
them (no escapes, no indicator characters, not a number, boolean or null).
"#
        ),
    },
    check,
    per_service: true,
};

/// Whether `text` reads as the same string as a plain scalar (in a flow list when `flow`).
fn plain_safe(text: &str, flow: bool) -> bool {
    let Some(first) = text.chars().next() else { return false };
    if text.trim() != text
        || "-?:,[]{}#&*!|>'\"%@`".contains(first)
        || text.contains(": ")
        || text.contains(" #")
        || text.ends_with(':')
        || text.chars().any(|c| c.is_control() || c == '\\')
        || (flow && text.contains([',', '[', ']', '{', '}']))
    {
        return false;
    }
    plain_type(text) == PlainType::Str && yaml11_reading(text).is_none()
}

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        let Some(list) = ctx.doc.get(s.node, "volumes") else { continue };
        if ctx.doc.resolve(list) != list {
            continue;
        }
        let flow = ctx.doc.seq(list).is_some_and(|l| l.flow);
        for &i in ctx.doc.items(list) {
            let Some(sc) = ctx.doc.scalar(i) else { continue };
            if !matches!(sc.style, Style::SingleQuoted | Style::DoubleQuoted) || ctx.doc.tag(ctx.doc.node(i)).is_some()
            {
                continue;
            }
            let span = ctx.doc.span(i);
            // the source text must be exactly the value between two quotes (no escapes or folds)
            let src = span.text(ctx.src);
            if src.len() != sc.value.len() + 2
                || src.get(1..src.len() - 1) != Some(sc.value)
                || !plain_safe(sc.value, flow)
            {
                continue;
            }
            sink.report(
                span,
                format!("Service `{}` quotes the volume `{}`", s.name, sc.value),
                "Write volume specs without quotes.",
                Some(Fix::safe("Remove the quotes", vec![Edit::replace(span, sc.value)])),
            );
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
            "services:\n  a:\n    volumes:\n      - \"./data:/data:ro\"  # data\n      - '/x:/y'\n    image: x\n  b:\n    volumes: ['v:/v']\n",
            "services:\n  a:\n    volumes:\n      - ./data:/data:ro  # data\n      - /x:/y\n    image: x\n  b:\n    volumes: [v:/v]\n",
        );
    }

    #[test]
    fn keeps_needed_quotes() {
        clean(
            &RULE,
            "services:\n  a:\n    volumes:\n      - \"*x:/y\"\n      - \"a #b:/c\"\n      - \"true\"\n      - \"123\"\n      - 'it''s:/x'\n      - \"tab\\there:/x\"\n      - ./plain:/p\n      - {type: bind, source: \"./s\", target: /t}\n  b:\n    volumes: [\"a,b:/c\"]\n",
        );
    }
}

//! SWC304 unchecked-required-variable

use crate::compose::{interp, key_values};
use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};
use crate::span::Span;
use crate::yaml::Style;

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC304",
        name: "unchecked-required-variable",
        target: Target::Compose,
        category: Category::Security,
        severity: Severity::Info,
        fix: FixKind::Sometimes,
        default_on: false,
        summary: "A credential comes from `${VAR}` without `:?`, so a missing variable silently becomes empty.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports credential-named `environment` entries whose value is exactly `${VAR}` or `$VAR`
(no default, no `:?` check).

## Why is this bad?
An unset variable is replaced by an empty string with only a warning: the database starts with
an empty password, or the service fails later in a confusing way.

## Example
```yaml
services:
  db:
    image: postgres:16.4
    environment:
      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}
```

## Use instead
```yaml
services:
  db:
    image: postgres:16.4
    environment:
      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required}
```

## Fix safety
Unsafe: `docker compose` now stops when the variable is unset. The fix rewrites `${VAR}` to
`${VAR:?VAR is required}` in plain and single-quoted values.
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        let Some(env) = ctx.doc.get(s.node, "environment") else { continue };
        for kv in key_values(ctx.doc, env) {
            let Some(v) = kv.value else { continue };
            if !super::literal_secret_in_environment::credential_name(kv.name) {
                continue;
            }
            let vars = interp::variables(v);
            let [var] = vars.as_slice() else { continue };
            if var.op.is_some() || var.start != 0 || var.end != v.len() {
                continue;
            }
            let fix = kv.value_span.and_then(|span| {
                let node = ctx.doc.get_node(kv.node);
                let style = ctx.doc.scalar(kv.node)?.style;
                if ctx.doc.resolve(kv.node) != kv.node || (kv.list_form && span == node.span) {
                    return None;
                }
                let (start, end) = match (kv.list_form, style) {
                    (true, _) => (span.start, span.end),
                    (false, Style::Plain) => (span.start, span.end),
                    (false, Style::SingleQuoted | Style::DoubleQuoted) => (span.start + 1, span.end - 1),
                    _ => return None,
                };
                if end - start != v.len() {
                    return None;
                }
                let text = format!("${{{0}:?{0} is required}}", var.name);
                Some(Fix::unsafe_("Fail when the variable is unset", vec![Edit::replace(Span::new(start, end), text)]))
            });
            sink.report(
                kv.value_span.unwrap_or(kv.name_span),
                format!("`{}` becomes empty when `{}` is unset", kv.name, var.name),
                format!("Write `${{{0}:?{0} is required}}` so Compose stops instead.", var.name),
                fix,
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
            "services:\n  a:\n    environment:\n      DB_PASSWORD: ${DB_PW}\n",
            "services:\n  a:\n    environment:\n      DB_PASSWORD: ${DB_PW:?DB_PW is required}\n",
        );
        fixes_to(
            &RULE,
            "services:\n  a:\n    environment:\n      - API_TOKEN=$TOKEN\n",
            "services:\n  a:\n    environment:\n      - API_TOKEN=${TOKEN:?TOKEN is required}\n",
        );
    }

    #[test]
    fn quiet_when_checked_or_defaulted() {
        clean(&RULE, "services:\n  a:\n    environment:\n      DB_PASSWORD: ${DB_PW:?set it}\n      API_KEY: ${K:-dev}\n      HOST: ${HOST}\n");
    }
}

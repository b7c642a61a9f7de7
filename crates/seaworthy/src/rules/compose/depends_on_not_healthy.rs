//! SWC402 depends-on-not-healthy

use crate::compose::{depends_on, str_list};
use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};
use crate::span::Span;

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC402",
        name: "depends-on-not-healthy",
        target: Target::Compose,
        category: Category::Reliability,
        severity: Severity::Warning,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "`depends_on` waits only for a container to start although the dependency has a healthcheck.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports a short-form `depends_on` (a list) naming a service of the file that defines a
healthcheck, and long-form entries with `condition: service_started` on such a service.

## Why is this bad?
A list only waits for the dependency's container to *start*: the database is not accepting
connections yet, and the dependent service crashes or retries at start-up.

## Example
```yaml
services:
  app:
    image: example/app:1.4
    depends_on:
      - db
  db:
    image: postgres:16.4
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U postgres"]
```

## Use instead
```yaml
services:
  app:
    image: example/app:1.4
    depends_on:
      db:
        condition: service_healthy
  db:
    image: postgres:16.4
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U postgres"]
```

## Fix safety
Unsafe: start-up now waits for the health check (and fails if it never passes). The fix
rewrites the list into the long form: `service_healthy` for dependencies with a healthcheck,
`service_started` for the others. It is offered only when no comment sits inside the list.
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    let has_hc = |name: &str| {
        ctx.model.service(name).is_some_and(|d| {
            ctx.doc.get(d.node(), "healthcheck").is_some_and(|h| {
                ctx.doc.get(h, "disable").and_then(|v| crate::compose::bool_value(ctx.doc, v)) != Some(true)
            })
        })
    };
    for s in ctx.services() {
        let Some(e) = ctx.doc.entry(s.node, "depends_on") else { continue };
        let deps = depends_on(ctx.doc, s.node);
        if ctx.doc.seq(e.value).is_some() {
            let healthy: Vec<&str> = deps.iter().map(|d| d.name).filter(|n| has_hc(n)).collect();
            if healthy.is_empty() {
                continue;
            }
            let fix = rewrite(ctx, &e, &has_hc).map(|ed| Fix::unsafe_("Wait for healthy dependencies", vec![ed]));
            sink.report(
                ctx.doc.span(e.value),
                format!(
                    "Service `{}` starts before {} is healthy",
                    s.name,
                    healthy.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                ),
                "Use the long form with `condition: service_healthy` for dependencies that have a healthcheck.",
                fix,
            );
        } else {
            for d in deps.iter().filter(|d| d.condition == Some("service_started") && has_hc(d.name)) {
                sink.report(
                    d.span,
                    format!("Service `{}` waits only for `{}` to start, not to be healthy", s.name, d.name),
                    "Use `condition: service_healthy`: the dependency has a healthcheck.",
                    None,
                );
            }
        }
    }
}

fn rewrite(ctx: &ComposeCtx<'_>, e: &crate::yaml::Entry, has_hc: &dyn Fn(&str) -> bool) -> Option<Edit> {
    if e.via.is_some() || ctx.doc.resolve(e.value) != e.value {
        return None;
    }
    let key = ctx.doc.span(e.key);
    let val = ctx.doc.span(e.value);
    let between = ctx.src.get(key.end..val.end)?;
    if between.contains('#') {
        return None;
    }
    let items = str_list(ctx.doc, e.value);
    if items.is_empty() || items.iter().any(|i| i.raw.contains(['$', ':', '#']) || i.raw.trim().is_empty()) {
        return None;
    }
    let ls = ctx.src.get(..key.start)?.rfind('\n').map_or(0, |p| p + 1);
    let indent = ctx.src.get(ls..key.start)?;
    if !indent.bytes().all(|b| b == b' ') {
        return None;
    }
    let unit = " ".repeat(ctx.indent_unit());
    let eol = ctx.eol();
    let mut text = String::from(":");
    for i in &items {
        let cond = if has_hc(i.raw) { "service_healthy" } else { "service_started" };
        text.push_str(&format!("{eol}{indent}{unit}{}:{eol}{indent}{unit}{unit}condition: {cond}", i.raw));
    }
    Some(Edit::replace(Span::new(key.end, val.end), text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_and_rewrites() {
        fixes_to(
            &RULE,
            "services:\n  app:\n    depends_on: [db, cache]\n    image: a\n  db:\n    healthcheck: {test: [CMD, x]}\n  cache:\n    image: r\n",
            "services:\n  app:\n    depends_on:\n      db:\n        condition: service_healthy\n      cache:\n        condition: service_started\n    image: a\n  db:\n    healthcheck: {test: [CMD, x]}\n  cache:\n    image: r\n",
        );
        fixes_to(
            &RULE,
            "services:\n  app:\n    depends_on:\n      - db\n  db:\n    healthcheck: {test: [CMD, x]}\n",
            "services:\n  app:\n    depends_on:\n      db:\n        condition: service_healthy\n  db:\n    healthcheck: {test: [CMD, x]}\n",
        );
        fires(&RULE, "services:\n  app:\n    depends_on:\n      db: {condition: service_started}\n  db:\n    healthcheck: {test: [CMD, x]}\n", 1);
    }

    #[test]
    fn quiet_otherwise() {
        clean(&RULE, "services:\n  app:\n    depends_on: [db]\n  db:\n    image: x\n");
        clean(&RULE, "services:\n  app:\n    depends_on: {db: {condition: service_healthy}}\n  db:\n    healthcheck: {test: [CMD, x]}\n");
        clean(&RULE, "services:\n  app:\n    depends_on: [db]\n  db:\n    healthcheck: {disable: true}\n");
    }
}

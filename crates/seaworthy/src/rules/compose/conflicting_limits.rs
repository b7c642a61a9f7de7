//! SWC415 conflicting-limits

use crate::compose::str_at;
use crate::diagnostic::{Category, Label, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC415",
        name: "conflicting-limits",
        target: Target::Compose,
        category: Category::Reliability,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: true,
        summary: "A legacy limit (`mem_limit`, `cpus`, `pids_limit`, `mem_reservation`, `scale`) disagrees with its `deploy` twin.",
        equivalents: &[],
        docs: rule_docs!(r#"## What it does
Compares `mem_limit`, `cpus`, `pids_limit`, `mem_reservation` and `scale` with
`deploy.resources.limits.memory`/`cpus`/`pids`, `deploy.resources.reservations.memory` and
`deploy.replicas`; reports when both are set to different values.

## Why is this bad?
Compose refuses the file: it cannot tell which one you meant.

## Example
```yaml
services:
  web:
    image: nginx:1.27
    mem_limit: 512m
    deploy:
      resources:
        limits:
          memory: 1g
```

## Use instead
```yaml
services:
  web:
    image: nginx:1.27
    deploy:
      resources:
        limits:
          memory: 1g
```
"#),
    },
    check,
    per_service: true,
};

const PAIRS: &[(&str, &[&str])] = &[
    ("mem_limit", &["deploy", "resources", "limits", "memory"]),
    ("cpus", &["deploy", "resources", "limits", "cpus"]),
    ("pids_limit", &["deploy", "resources", "limits", "pids"]),
    ("mem_reservation", &["deploy", "resources", "reservations", "memory"]),
    ("scale", &["deploy", "replicas"]),
];

fn norm(s: &str) -> String {
    let t = s.trim().to_ascii_lowercase();
    // a number as `f64` would print it (`0.50` and `.5` are `0.5`), without the float code
    match crate::num::parse_float(&t) {
        Some(n) => crate::num::float_text(&n),
        None => t.trim_end_matches('b').to_string(),
    }
}

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        for (legacy, path) in PAIRS {
            // the `deploy` path only when the legacy key is there (it rarely is)
            let Some(a) = ctx.doc.get(s.node, legacy) else { continue };
            let Some(b) = ctx.doc.path(s.node, path) else { continue };
            let (Some(a), Some(b)) = (str_at(ctx.doc, a), str_at(ctx.doc, b)) else { continue };
            let (Some(av), Some(bv)) = (a.value().text().map(norm), b.value().text().map(norm)) else { continue };
            if av != bv {
                let d = sink.report(
                    a.span,
                    format!(
                        "Service `{}`: `{legacy}` ({}) disagrees with `{}` ({})",
                        s.name,
                        a.raw,
                        path.join("."),
                        b.raw
                    ),
                    "Keep only one of the two (the `deploy` form).",
                    None,
                );
                d.labels.push(Label { span: b.span, message: "the other value".into() });
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
        fires(&RULE, "services:\n  a:\n    cpus: 1\n    scale: 2\n    deploy: {replicas: 3, resources: {limits: {cpus: \"0.5\"}}}\n", 2);
        clean(&RULE, "services:\n  a:\n    cpus: 0.5\n    mem_limit: 1g\n    deploy: {resources: {limits: {cpus: \"0.50\", memory: 1G}}}\n");
    }
}

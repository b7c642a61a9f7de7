//! SWC419 undefined-reference

use crate::compose::{str_at, MountKind};
use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};
use crate::span::Span;

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC419",
        name: "undefined-reference",
        target: Target::Compose,
        category: Category::Reliability,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: false,
        summary: "A service uses a network, named volume, secret or config the file does not declare.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports service `networks` (other than `default`), named volumes, `secrets` and `configs` that
are not declared at the top level. Files with `include:` are skipped. Off by default for a
single file (override files rely on the declarations of the base file); on when linting a
project, where every file's declarations are known.

## Why is this bad?
Compose refuses the project ("refers to undefined volume/network/secret").

## Example
```yaml
services:
  db:
    image: postgres:16.4
    volumes:
      - pgdata:/var/lib/postgresql/data
```

## Use instead
```yaml
services:
  db:
    image: postgres:16.4
    volumes:
      - pgdata:/var/lib/postgresql/data
volumes:
  pgdata:
```
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    if !ctx.references_complete() {
        return;
    }
    for s in ctx.services() {
        let mut refs: Vec<(&str, String, Span)> = Vec::new();
        if let Some(n) = ctx.doc.get(s.node, "networks") {
            if let Some(m) = ctx.doc.map(n) {
                refs.extend(m.entries.iter().map(|e| ("network", ctx.doc.key(e).to_string(), ctx.doc.span(e.key))));
            } else {
                refs.extend(
                    ctx.doc
                        .items(n)
                        .iter()
                        .filter_map(|i| str_at(ctx.doc, *i))
                        .map(|x| ("network", x.raw.to_string(), x.span)),
                );
            }
        }
        for m in ctx.mounts(&s) {
            if m.kind == MountKind::Volume {
                if let Some(src) = m.source.as_ref().and_then(|v| v.text()) {
                    if !src.is_empty() {
                        refs.push(("volume", src.to_string(), m.span));
                    }
                }
            }
        }
        for (what, key) in [("secret", "secrets"), ("config", "configs")] {
            let Some(l) = ctx.doc.get(s.node, key) else { continue };
            for &i in ctx.doc.items(l) {
                let x = str_at(ctx.doc, i).or_else(|| crate::compose::get_str(ctx.doc, i, "source"));
                if let Some(x) = x {
                    refs.push((what, x.raw.to_string(), x.span));
                }
            }
        }
        for (what, name, span) in refs {
            let name = name.as_str();
            if name.contains('$') || (what == "network" && name == "default") {
                continue;
            }
            let ok = ctx.knows(what, name);
            if !ok {
                sink.report(
                    span,
                    format!("Service `{}` uses the {what} `{name}`, which is not declared", s.name),
                    format!("Declare it under the top-level `{what}s:` key (or fix the name)."),
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
        fires(&RULE, "services:\n  a:\n    networks: [front]\n    volumes: [\"data:/d\"]\n    secrets: [s]\n    configs: [{source: c, target: /c}]\n", 4);
        clean(&RULE, "services:\n  a:\n    networks: {front: {}, default: {}}\n    volumes: [\"data:/d\", \"./x:/x\", \"/y\"]\n    secrets: [s]\nnetworks: {front: {}}\nvolumes: {data: }\nsecrets: {s: {file: x}}\n");
    }
}

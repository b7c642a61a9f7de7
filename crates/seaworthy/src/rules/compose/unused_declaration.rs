//! SWC420 unused-declaration

use crate::compose::{str_at, MountKind};
use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};
use std::collections::HashSet;

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC420",
        name: "unused-declaration",
        target: Target::Compose,
        category: Category::Maintainability,
        severity: Severity::Info,
        fix: FixKind::None,
        default_on: false,
        summary: "A top-level network, volume, secret or config is not used by any service.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports top-level `networks`, `volumes`, `secrets` and `configs` entries no service of the
file refers to. The `default` network and files with `include:` are skipped.

## Why is this bad?
Dead declarations hide what the project really uses, and unused named volumes keep data
around that nobody backs up or cleans.

## Example
```yaml
services:
  web:
    image: nginx:1.27
volumes:
  old-data:
```

## Use instead
```yaml
services:
  web:
    image: nginx:1.27
```
"#
        ),
    },
    check,
    per_service: false,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    if ctx.model.root.is_some_and(|r| ctx.doc.get(r, "include").is_some()) {
        return;
    }
    let mut used: HashSet<(&str, String)> = HashSet::new();
    for s in ctx.services() {
        if let Some(n) = ctx.doc.get(s.node, "networks") {
            for e in ctx.doc.entries(n) {
                used.insert(("network", ctx.doc.key(e).to_string()));
            }
            for x in ctx.doc.items(n).iter().filter_map(|i| str_at(ctx.doc, *i)) {
                used.insert(("network", x.raw.to_string()));
            }
        }
        for m in ctx.mounts(&s) {
            if m.kind == MountKind::Volume {
                if let Some(src) = m.source.as_ref().and_then(|v| v.text()) {
                    used.insert(("volume", src.to_string()));
                }
            }
        }
        for (what, key) in [("secret", "secrets"), ("config", "configs")] {
            let Some(l) = ctx.doc.get(s.node, key) else { continue };
            for &i in ctx.doc.items(l) {
                if let Some(x) = str_at(ctx.doc, i).or_else(|| crate::compose::get_str(ctx.doc, i, "source")) {
                    used.insert((what, x.raw.to_string()));
                }
            }
        }
        if let Some(build_secrets) = ctx.doc.path(s.node, &["build", "secrets"]) {
            for &i in ctx.doc.items(build_secrets) {
                if let Some(x) = str_at(ctx.doc, i).or_else(|| crate::compose::get_str(ctx.doc, i, "source")) {
                    used.insert(("secret", x.raw.to_string()));
                }
            }
        }
        if let Some(nm) = crate::compose::get_str(ctx.doc, s.node, "network_mode") {
            used.insert(("network", nm.raw.to_string()));
        }
    }
    for (what, items) in [
        ("network", &ctx.model.networks),
        ("volume", &ctx.model.volumes),
        ("secret", &ctx.model.secrets),
        ("config", &ctx.model.configs),
    ] {
        for it in items.iter() {
            if (what == "network" && it.name == "default") || used.contains(&(what, it.name.to_string())) {
                continue;
            }
            sink.report(
                it.key_span(ctx.doc),
                format!("The {what} `{}` is declared but not used", it.name),
                "Remove it, or attach it to the service that needs it.",
                None,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_and_not() {
        fires(&RULE, "services:\n  a:\n    image: x\nvolumes: {v: }\nnetworks: {n: {}}\n", 2);
        clean(&RULE, "services:\n  a:\n    networks: [n]\n    volumes: [\"v:/v\"]\n    secrets: [{source: s}]\nvolumes: {v: }\nnetworks: {n: {}, default: {}}\nsecrets: {s: {file: x}}\n");
    }
}

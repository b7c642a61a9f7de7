//! SWC008 octal-file-mode

use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};
use crate::yaml::{yaml11_reading, Style, Yaml11};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC008",
        name: "octal-file-mode",
        target: Target::Compose,
        category: Category::Maintainability,
        severity: Severity::Info,
        fix: FixKind::Always,
        default_on: false,
        summary: "A file `mode` is written `0440`: octal for Compose, decimal 440 for YAML 1.2 tools.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports `mode` values of service `secrets`/`configs` entries and tmpfs mounts written with a
leading zero (`0440`), unquoted.

## Why is this bad?
Compose (go-yaml) reads `0440` as octal (`r--r-----`), but YAML 1.2 tools read decimal 440,
which is a different mode; `0o440` means the same in both.

## Example
```yaml
services:
  web:
    image: nginx:1.27
    secrets:
      - source: tls_key
        mode: 0440
secrets:
  tls_key:
    file: ./tls.key
```

## Use instead
```yaml
services:
  web:
    image: nginx:1.27
    secrets:
      - source: tls_key
        mode: 0o440
secrets:
  tls_key:
    file: ./tls.key
```

## Fix safety
Safe: Compose reads `0o440` as the same octal number.
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    let doc = ctx.doc;
    for s in ctx.services() {
        let mut modes = Vec::new();
        for k in ["secrets", "configs"] {
            if let Some(l) = doc.get(s.node, k) {
                modes.extend(doc.items(l).iter().filter_map(|i| doc.get(*i, "mode")));
            }
        }
        if let Some(v) = doc.get(s.node, "volumes") {
            modes.extend(doc.items(v).iter().filter_map(|i| doc.path(*i, &["tmpfs", "mode"])));
        }
        for m in modes {
            if doc.resolve(m) != m {
                continue;
            }
            let Some(sc) = doc.scalar(m) else { continue };
            if sc.style != Style::Plain {
                continue;
            }
            if let Some(Yaml11::Octal(n)) = yaml11_reading(sc.value) {
                let span = doc.span(m);
                let new = format!("0o{n:o}");
                sink.report(
                    span,
                    format!(
                        "`mode: {}` is octal for Compose but decimal {} for YAML 1.2 tools",
                        sc.value,
                        sc.value.trim_start_matches('0')
                    ),
                    format!("Write `{new}`."),
                    Some(Fix::safe(format!("Write `{new}`"), vec![Edit::replace(span, new)])),
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
            "services:\n  a:\n    configs: [{source: c, mode: 0644}]\n    volumes:\n      - type: tmpfs\n        target: /t\n        tmpfs: {mode: 01777}\n",
            "services:\n  a:\n    configs: [{source: c, mode: 0o644}]\n    volumes:\n      - type: tmpfs\n        target: /t\n        tmpfs: {mode: 0o1777}\n",
        );
    }

    #[test]
    fn quiet_on_unambiguous_modes() {
        clean(&RULE, "services:\n  a:\n    secrets: [{source: s, mode: 0o440}, {source: t, mode: 288}, {source: u, mode: \"0440\"}]\n");
    }
}

//! SWC502 latest-image-tag

use crate::compose::{get_str, parse_image, Value};
use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC502",
        name: "latest-image-tag",
        target: Target::Compose,
        category: Category::Maintainability,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: true,
        summary: "A service's `image` uses a moving tag (`latest`, `stable`, `edge`, `lts`, `nightly`, …).",
        equivalents: &["dclint:service-image-require-explicit-tag"],
        docs: rule_docs!(
            r#"## What it does
Reports image tags `latest`, `stable`, `edge`, `lts`, `dev`, `nightly`, `canary`, `beta`,
`test`, `main` and `master`, including a tag from a variable's default
(`app:${TAG:-latest}`, noted as depending on the environment). Images pinned by digest and
services that also `build:` are skipped.

## Why is this bad?
A moving tag points at a different image after every upstream release: deployments are not
reproducible, rollbacks do not roll back, and an untested version can reach production.

## Example
```yaml
services:
  proxy:
    image: traefik:latest
```

## Use instead
```yaml
services:
  proxy:
    image: traefik:v3.1.4
```
"#
        ),
    },
    check,
    per_service: true,
};

const MOVING: &[&str] =
    &["latest", "stable", "edge", "lts", "dev", "nightly", "canary", "beta", "test", "main", "master"];

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        if ctx.doc.get(s.node, "build").is_some() {
            continue;
        }
        let Some(img) = get_str(ctx.doc, s.node, "image") else { continue };
        let value = img.value();
        let Some(text) = super::untagged_image::checked_image(&value, img.raw) else { continue };
        let r = parse_image(&text);
        let Some(tag) = r.tag else { continue };
        if r.digest.is_some() || !MOVING.contains(&tag.to_ascii_lowercase().as_str()) {
            continue;
        }
        let note = if matches!(value, Value::Assumed(_)) { " by default" } else { "" };
        sink.report(
            img.span,
            format!("Service `{}` uses the moving tag `{tag}`{note}", s.name),
            "Pin a version tag (e.g. `traefik:v3.1.4`), or a digest for full reproducibility.",
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_on_moving_tags() {
        fires(&RULE, "services:\n  a:\n    image: traefik:latest\n  b:\n    image: \"app:${TAG:-latest}\"\n  c:\n    image: node:lts\n", 3);
    }

    #[test]
    fn quiet_on_pinned() {
        clean(&RULE, "services:\n  a:\n    image: traefik:v3\n  b:\n    image: app:latest@sha256:abc\n  c:\n    image: app:latest\n    build: .\n  d:\n    image: app:${TAG}\n");
    }
}

//! SWC503 image-not-pinned-by-digest

use crate::compose::{get_str, parse_image};
use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC503",
        name: "image-not-pinned-by-digest",
        target: Target::Compose,
        category: Category::Security,
        severity: Severity::Info,
        fix: FixKind::None,
        default_on: false,
        summary: "A service's `image` is not pinned by digest (`@sha256:…`).",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports `image:` references without `@sha256:` (services that also `build:` and references from
variables are skipped). An opt-in rule for strict supply-chain profiles.

## Why is this bad?
Tags are mutable: the registry (or whoever controls it) can move `postgres:16.4` to another
image. A digest names exactly one image.

## Example
```yaml
services:
  db:
    image: postgres:16.4
```

## Use instead
```yaml
services:
  db:
    image: postgres:16.4@sha256:4ec37d2a07a0067f176fdcc9d4bb633a5724d2cc4f892c7a2046d054bb6939e5
```
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        if ctx.doc.get(s.node, "build").is_some() {
            continue;
        }
        let Some(img) = get_str(ctx.doc, s.node, "image") else { continue };
        let Some(text) = img.value().text().map(str::to_string) else { continue };
        if !text.is_empty() && parse_image(&text).digest.is_none() {
            sink.report(
                img.span,
                format!("Service `{}` uses `{text}` without a digest", s.name),
                "Append the image digest: `name:tag@sha256:…` (Renovate and Dependabot keep it updated).",
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
        fires(&RULE, "services:\n  a: {image: \"redis:7\"}\n", 1);
        clean(
            &RULE,
            "services:\n  a: {image: \"redis:7@sha256:ab\"}\n  b: {image: x, build: .}\n  c: {image: \"${I}\"}\n",
        );
    }
}

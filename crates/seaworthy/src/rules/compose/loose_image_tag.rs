//! SWC508 loose-image-tag

use crate::compose::{get_str, parse_image};
use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC508",
        name: "loose-image-tag",
        target: Target::Compose,
        category: Category::Maintainability,
        severity: Severity::Info,
        fix: FixKind::None,
        default_on: false,
        summary: "A service's image tag names only a major version (`postgres:16`, `node:22-alpine`), which moves with every release.",
        equivalents: &[],
        docs: rule_docs!(r#"## What it does
Reports image tags whose version is a bare major number (`16`, `v3`, `22-alpine`, `3-slim`).
Services that also `build:`, digests and tags from variables are skipped. An opt-in rule:
`latest-image-tag` covers the worst moving tags.

## Why is this bad?
`postgres:16` is a different image after every minor and patch release: what runs changes
without a change to the file, and two hosts pulling a day apart run different versions.

## Example
```yaml
services:
  db:
    image: postgres:16
```

## Use instead
```yaml
services:
  db:
    image: postgres:16.4
```
"#),
    },
    check,
    per_service: true,
};

/// Whether a tag's version part is only a major number (`16`, `v3`, `22-alpine`).
pub fn major_only(tag: &str) -> bool {
    let version = tag.split(['-', '_']).next().unwrap_or(tag);
    let digits = version.strip_prefix(['v', 'V']).unwrap_or(version);
    !digits.is_empty() && digits.len() <= 4 && digits.bytes().all(|b| b.is_ascii_digit())
}

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        if ctx.doc.get(s.node, "build").is_some() {
            continue;
        }
        let Some(img) = get_str(ctx.doc, s.node, "image") else { continue };
        let Some(text) = img.value().text().map(str::to_string) else { continue };
        let r = parse_image(&text);
        let Some(tag) = r.tag else { continue };
        if r.digest.is_none() && major_only(tag) {
            sink.report(
                img.span,
                format!("Service `{}` uses `{text}`, a major-version tag that moves with every release", s.name),
                "Pin the full version (e.g. `postgres:16.4`), or a digest.",
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
        fires(&RULE, "services:\n  a: {image: \"postgres:16\"}\n  b: {image: \"node:22-alpine\"}\n  c: {image: \"traefik:v3\"}\n", 3);
        clean(&RULE, "services:\n  a: {image: \"postgres:16.4\"}\n  b: {image: \"node:22.11-alpine\"}\n  c: {image: \"redis:7@sha256:ab\"}\n  d: {image: \"ubuntu:20240101\"}\n  e: {image: \"x:latest\"}\n");
    }
}

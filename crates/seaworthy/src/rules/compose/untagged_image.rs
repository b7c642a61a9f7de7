//! SWC501 untagged-image

use crate::compose::{get_str, parse_image, Value};
use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC501",
        name: "untagged-image",
        target: Target::Compose,
        category: Category::Maintainability,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: true,
        summary: "A service's `image` has neither a tag nor a digest (so it means `:latest`).",
        equivalents: &["dclint:service-image-require-explicit-tag"],
        docs: rule_docs!(
            r#"## What it does
Reports `image:` references without a tag or digest. Services that also `build:` are skipped
(there `image` names the build result). References whose tag comes from a variable are unknown
and skipped; a registry or name from a variable with a literal tag-less rest is reported.

## Why is this bad?
An untagged image is `:latest`, whatever was pushed last: deployments are not reproducible and
an upstream release changes what runs without any change to the file.

## Example
```yaml
services:
  cache:
    image: redis
```

## Use instead
```yaml
services:
  cache:
    image: redis:7.4.1
```
"#
        ),
    },
    check,
    per_service: true,
};

/// The image reference to check, or `None` when it is built here or depends on unknown variables
/// in its tag part.
pub fn checked_image(value: &Value, raw: &str) -> Option<String> {
    match value {
        Value::Known(t) | Value::Assumed(t) => Some(t.trim().to_string()),
        Value::Unknown => {
            // judge the literal structure: a variable in the last path segment may hold the tag
            let last = raw.rsplit('/').next().unwrap_or(raw);
            if last.contains('$') {
                None
            } else {
                Some(raw.trim().to_string())
            }
        }
    }
}

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        if ctx.doc.get(s.node, "build").is_some() {
            continue;
        }
        let Some(img) = get_str(ctx.doc, s.node, "image") else { continue };
        let Some(text) = checked_image(&img.value(), img.raw) else { continue };
        if text.is_empty() {
            continue;
        }
        let r = parse_image(&text);
        if r.tag.is_none() && r.digest.is_none() {
            sink.report(
                img.span,
                format!("Service `{}` uses `{text}` without a tag (it means `:latest`)", s.name),
                "Pin a version tag (e.g. `redis:7.4.1`), or a digest for full reproducibility.",
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
    fn fires_on_untagged() {
        fires(&RULE, "services:\n  a:\n    image: redis\n  b:\n    image: localhost:5000/team/app\n  c:\n    image: ${REGISTRY}/app\n", 3);
    }

    #[test]
    fn quiet_on_tagged_built_or_unknown() {
        clean(&RULE, "services:\n  a:\n    image: redis:7\n  b:\n    image: app@sha256:abc\n  c:\n    image: app\n    build: .\n  d:\n    image: ${IMAGE}\n  e:\n    image: app:${TAG}\n  f:\n    image: ${REG:-docker.io}/app:1.0\n");
    }
}

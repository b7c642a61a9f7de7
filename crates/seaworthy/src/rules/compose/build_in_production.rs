//! SWC507 build-in-production

use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC507",
        name: "build-in-production",
        target: Target::Compose,
        category: Category::Maintainability,
        severity: Severity::Info,
        fix: FixKind::None,
        default_on: false,
        summary: "A service is built by Compose instead of running an image built and pushed by CI.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports services with `build:` and no `image:` naming the result. An opt-in rule for
production profiles: development files build locally on purpose.

## Why is this bad?
An image built on the production host is whatever that host's checkout and cache produce: not
the artefact CI tested and scanned, not reproducible, and not available for a rollback.

## Example
```yaml
services:
  api:
    build: .
```

## Use instead
```yaml
services:
  api:
    image: registry.example.com/shop/api:1.4.2
```
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        let Some(b) = ctx.doc.get(s.node, "build") else { continue };
        if ctx.doc.get(s.node, "image").is_some() {
            continue;
        }
        sink.report(
            ctx.doc.span(b),
            format!("Service `{}` is built on the host that runs it", s.name),
            "Build and push the image in CI, and reference it with `image: registry/name:version`.",
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_and_not() {
        fires(&RULE, "services:\n  a: {build: .}\n", 1);
        clean(&RULE, "services:\n  a: {build: ., image: \"r/a:1\"}\n  b: {image: \"r/b:1\"}\n");
    }
}

//! SWC504 build-and-image

use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC504",
        name: "build-and-image",
        target: Target::Compose,
        category: Category::Maintainability,
        severity: Severity::Info,
        fix: FixKind::None,
        default_on: false,
        summary: "A service has both `build` and `image` without a `pull_policy`.",
        equivalents: &["dclint:no-build-and-image"],
        docs: rule_docs!(
            r#"## What it does
Reports services with both `build` and `image` but no `pull_policy`. Known benign case:
`image` naming the result of a `dockerfile_inline` build (set `pull_policy: build` to say so).

## Why is this bad?
It is ambiguous whether the image is pulled or built: `docker compose up` pulls when a
registry has the name and builds otherwise, so two machines can run different code.

## Example
```yaml
services:
  app:
    build: .
    image: registry.example.com/app:1.4
```

## Use instead
```yaml
services:
  app:
    build: .
    image: registry.example.com/app:1.4
    pull_policy: build
```
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        let (Some(_), Some(img)) = (ctx.doc.get(s.node, "build"), ctx.doc.get(s.node, "image")) else { continue };
        if ctx.doc.get(s.node, "pull_policy").is_some() {
            continue;
        }
        sink.report(
            ctx.doc.span(img),
            format!("Service `{}` has both `build` and `image`", s.name),
            "Add `pull_policy: build` (or `missing`) to say which one wins, or drop one of them.",
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
        fires(&RULE, "services:\n  a: {build: ., image: x}\n", 1);
        clean(&RULE, "services:\n  a: {build: ., image: x, pull_policy: build}\n  b: {build: .}\n");
    }
}

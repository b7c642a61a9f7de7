//! SWC016 services-out-of-order

use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{first_out_of_order, ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC016",
        name: "services-out-of-order",
        target: Target::Compose,
        category: Category::Maintainability,
        severity: Severity::Style,
        fix: FixKind::None,
        default_on: false,
        summary: "The services are not sorted by name.",
        equivalents: &["dclint:services-alphabetical-order"],
        docs: rule_docs!(
            r#"## What it does
Reports the first service whose name sorts (case-insensitively) before a service defined
above it. Off by default: many files list services in the order requests flow through them,
which is a fine order too.

## Why is this bad?
In a file with many services, alphabetical order makes a service easy to find and keeps
merges of concurrent edits small.

## Example
```yaml
services:
  web:
    image: nginx:1.27
  api:
    image: acme/api:1.4
```

## Use instead
```yaml
services:
  api:
    image: acme/api:1.4
  web:
    image: nginx:1.27
```

No fix: moving services would move the comments around them with no reliable owner.
"#
        ),
    },
    check,
    per_service: false,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    let Some(services) = ctx.model.root.and_then(|r| ctx.doc.get(r, "services")) else { return };
    let rank = |k: &str| (!k.starts_with("x-")).then(|| (0, k.to_lowercase()));
    let Some((e, name, before)) = first_out_of_order(ctx.doc, services, &rank) else { return };
    sink.report(
        ctx.doc.span(e.key),
        format!("Service `{name}` should come before `{before}` (alphabetical order)"),
        "Sort the services by name.",
        None,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn reports_the_first_misplaced_service() {
        let d = fires(&RULE, "services:\n  b: {}\n  c: {}\n  a: {}\n  d: {}\n", 1);
        assert_eq!(d[0].message, "Service `a` should come before `b` (alphabetical order)");
    }

    #[test]
    fn quiet_when_sorted() {
        clean(&RULE, "services:\n  Api: {}\n  db: {}\n  x-tmpl: {}\n  web: {}\n");
    }
}

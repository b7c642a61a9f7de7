//! SWC015 top-level-keys-out-of-order

use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{first_out_of_order, ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC015",
        name: "top-level-keys-out-of-order",
        target: Target::Compose,
        category: Category::Maintainability,
        severity: Severity::Style,
        fix: FixKind::None,
        default_on: false,
        summary: "The top-level sections are not in the usual order (`x-*`, version, name, include, services, …).",
        equivalents: &["dclint:top-level-properties-order"],
        docs: rule_docs!(
            r#"## What it does
Reports the first top-level key that comes after one it should precede, in the order
`x-*` extensions, `version`, `name`, `include`, `services`, `models`, `networks`, `volumes`,
`secrets`, `configs`. Unknown keys are ignored. Off by default: it is a matter of taste.

## Why is this bad?
Files laid out the same way are quicker to read and review: the services first, then what
they use. Compose itself does not care.

## Example
```yaml
volumes:
  data:
services:
  db:
    image: postgres:16.4
    volumes: ["data:/var/lib/postgresql/data"]
```

## Use instead
```yaml
services:
  db:
    image: postgres:16.4
    volumes: ["data:/var/lib/postgresql/data"]
volumes:
  data:
```

No fix: moving whole sections would move the comments around them with no reliable owner.
"#
        ),
    },
    check,
    per_service: false,
};

const ORDER: &[&str] =
    &["version", "name", "include", "services", "models", "networks", "volumes", "secrets", "configs"];

fn rank(key: &str) -> Option<(usize, String)> {
    if key.starts_with("x-") {
        return Some((0, String::new()));
    }
    ORDER.iter().position(|k| *k == key).map(|i| (i + 1, String::new()))
}

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    let Some(root) = ctx.model.root else { return };
    let Some((e, key, before)) = first_out_of_order(ctx.doc, root, &rank) else { return };
    sink.report(
        ctx.doc.span(e.key),
        format!("`{key}` should come before `{before}`"),
        format!("Order the top-level keys: x-*, {}.", ORDER.join(", ")),
        None,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn reports_the_first_misplaced_key() {
        let d = fires(&RULE, "services: {}\nname: x\nvolumes: {}\nnetworks: {}\n", 1);
        assert_eq!(d[0].message, "`name` should come before `services`");
        let d = fires(&RULE, "x-a: 1\nservices: {}\nx-b: 2\n", 1);
        assert!(d[0].message.contains("`x-b`"));
    }

    #[test]
    fn quiet_in_order_and_on_unknown_keys() {
        clean(&RULE, "x-common: &c {}\nname: x\nservices: {}\nfoo: 1\nnetworks: {}\nvolumes: {}\nsecrets: {}\n");
        clean(&RULE, "");
    }
}

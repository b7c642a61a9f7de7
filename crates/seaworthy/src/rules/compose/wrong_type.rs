//! SWC005 wrong-type

use crate::compose::schema::ProblemKind;
use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC005",
        name: "wrong-type",
        target: Target::Compose,
        category: Category::Reliability,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: true,
        summary: "A value has the wrong type (a list where a string is expected, a word where a boolean is, …).",
        equivalents: &["dclint:invalid-schema"],
        docs: rule_docs!(
            r#"## What it does
Checks the type of each known key against the Compose Specification: strings, booleans,
integers, numbers, lists, mappings, and the list-or-mapping forms of `environment`, `labels`,
`depends_on`, `networks`… Interpolated values (`"${RO:-true}"`) are accepted where Compose
casts them after interpolation.

## Why is this bad?
Compose rejects the file at load time.

## Example
```yaml
services:
  web:
    image: nginx:1.27
    cap_drop: ALL
```

## Use instead
```yaml
services:
  web:
    image: nginx:1.27
    cap_drop: [ALL]
```
"#
        ),
    },
    check,
    per_service: false,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for p in ctx.problems(ProblemKind::WrongType) {
        sink.report(p.span, p.message.clone(), p.help.clone(), None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_on_wrong_types() {
        fires(&RULE, "services:\n  web:\n    privileged: maybe\n    environment: 3\n", 2);
        fires(&RULE, "services: [a]\n", 1);
        fires(&RULE, "- a\n", 1);
    }

    #[test]
    fn quiet_on_right_types() {
        clean(&RULE, "services:\n  web:\n    privileged: \"${PRIV:-false}\"\n    environment: {A: 1, B: true, C: }\n    read_only: yes\n");
    }
}

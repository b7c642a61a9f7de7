//! SWC014 unused-compose-suppression (reported by the suppression engine, `suppress.rs`)

use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC014",
        name: "unused-compose-suppression",
        target: Target::Compose,
        category: Category::Maintainability,
        severity: Severity::Warning,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "A `# seaworthy-ignore` comment in a compose file suppresses nothing, or names an unknown rule.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports a `# seaworthy-ignore` comment whose rules did not fire where it applies (among the
rules that ran), or that names something that is not a compose rule id or name.

## Why is this bad?
A stale suppression hides the next real finding of that rule on the same key, and an unknown
name is usually a typo that suppresses nothing at all.

## Example
```yaml
services:
  web:
    image: nginx:1.27
    # seaworthy-ignore=SWC101 needs raw devices
    read_only: true
```

## Use instead
```yaml
services:
  web:
    image: nginx:1.27
    read_only: true
```

## Fix safety
Safe: removing a comment that suppresses nothing changes no finding. The fix is offered when
every rule the comment names is unused and the file is valid YAML: in a file with a syntax
error, a comment line can be what ends a plain scalar, and without it the next line would be
read as part of that value.
"#
        ),
    },
    check,
    per_service: false,
};

/// The suppression engine reports this rule; see `run_compose_rule`.
fn check(_: &ComposeCtx<'_>, _: &mut Sink<'_>) {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_on_stale_and_unknown() {
        fixes_to(
            &RULE,
            "services:\n  a:\n    image: x:1\n    # seaworthy-ignore=privileged-service old\n    init: true\n",
            "services:\n  a:\n    image: x:1\n    init: true\n",
        );
        let d = fires(
            &RULE,
            "services:\n  a:\n    # seaworthy-ignore=SWC101,no-such-rule lab box\n    privileged: true\n",
            1,
        );
        assert!(d[0].message.contains("no-such-rule") && d[0].fix.is_none());
    }

    #[test]
    fn no_removal_in_a_file_yaml_cannot_read() {
        // the comment ends the scalar `ü`; without it the indented line would continue it and
        // the file would read differently (the second `é` becomes a duplicate key)
        let src = "services:\n  é: ü\n  # seaworthy-ignore=SWC101 reason\n      - \"8080:80\"\n  é: ü\n";
        let d = fires(&RULE, src, 1);
        assert!(d[0].fix.is_none(), "{d:#?}");
        let fixed = "services:\n  é: ü\n  # seaworthy-ignore=SWC101 reason\n  f: g\n";
        assert!(fires(&RULE, fixed, 1)[0].fix.is_some());
    }

    #[test]
    fn quiet_when_used() {
        clean(&RULE, "services:\n  a:\n    # seaworthy-ignore=SWC101 lab box\n    privileged: true\n");
        // rules that did not run (opt-in) are not judged
        clean(&RULE, "services:\n  a:\n    # seaworthy-ignore=SWC011 reason\n    image: x\n");
    }

    #[test]
    fn nested_scopes_each_count_their_findings() {
        // the outer and the inner suppression both cover `a`'s finding (both are used), `b` is
        // outside them, the line inside the block scalar is text, the one above `c` is stale
        let src = "services:\n  # seaworthy-ignore=SWC101 outer\n  a:\n    command: |\n      # seaworthy-ignore=SWC101 text\n      run\n    # seaworthy-ignore=SWC101 inner\n    privileged: true\n  b:\n    privileged: true\n  # seaworthy-ignore=SWC101 stale\n  c:\n    image: x\n";
        let d = fires(&RULE, src, 1);
        assert_eq!(d[0].span.text(src), "# seaworthy-ignore=SWC101 stale");
        let all = crate::rules::compose::lint_compose(src);
        assert_eq!(all.iter().filter(|d| d.rule_id == "SWC101").count(), 1, "{all:#?}");
    }
}

//! SWD092 unused-suppression (reported by the suppression engine, `crate::suppress`)

use crate::diagnostic::{Category, Severity};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD092",
        name: "unused-suppression",
        target: Target::Dockerfile,
        category: Category::Maintainability,
        severity: Severity::Warning,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "A `# seaworthy-ignore` comment that suppresses nothing, or names an unknown rule.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports a `# seaworthy-ignore...` comment whose rules did not fire where it applies, or that
names something that is not a Seaworthy rule id or name. (hadolint and BuildKit pragmas are
not reported: they may name checks Seaworthy does not have.)

## Why is this bad?
A stale suppression hides the next real finding of that rule on the same instruction, and an
unknown rule name usually is a typo that suppresses nothing at all.

## Example
```dockerfile
FROM alpine:3.20
USER 10001
HEALTHCHECK NONE
# seaworthy-ignore=shell-form-cmd the start script needs a shell
CMD ["/app/start"]
```

## Use instead
```dockerfile
FROM alpine:3.20
USER 10001
HEALTHCHECK NONE
CMD ["/app/start"]
```

## Fix safety
Safe: the comment line is deleted only when none of its rules is used and all are known, so
no finding appears or disappears.
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

/// Findings come from the suppression engine; the rule itself checks nothing.
fn check(_: &DockerfileCtx<'_>, _: &mut Sink<'_>) {}

#[cfg(test)]
mod tests {
    use crate::lint_dockerfile;

    const BASE: &str = "FROM alpine:3.20\nUSER 1\nHEALTHCHECK NONE\n";

    /// The findings of the rules these tests are about (other rules may fire too).
    fn ids(src: &str) -> Vec<String> {
        lint_dockerfile(src)
            .into_iter()
            .map(|d| d.rule_id.to_string())
            .filter(|id| ["SWD403", "SWD102", "SWD091", "SWD092"].contains(&id.as_str()))
            .collect()
    }

    #[test]
    fn suppressions_work_at_every_scope() {
        assert!(ids(&format!("{BASE}CMD a b\n")).iter().any(|x| x == "SWD403"));
        assert_eq!(ids(&format!("{BASE}# seaworthy-ignore=SWD403 legacy script\nCMD a b\n")), Vec::<&str>::new());
        assert_eq!(
            ids(&format!("{BASE}# seaworthy-ignore=shell-form-cmd legacy script\nCMD a b\n")),
            Vec::<&str>::new()
        );
        assert_eq!(
            ids(&format!("# seaworthy-ignore-file=SWD403 legacy\n{BASE}CMD a b\nCMD c d\n")),
            Vec::<&str>::new()
        );
        // stage scope covers the stage after the comment only
        let src = "# seaworthy-ignore-stage=latest-base-image build tools only\nFROM a:latest AS b\nRUN x\nFROM c:latest\nUSER 1\nHEALTHCHECK NONE\n";
        assert_eq!(ids(src), vec!["SWD102"]);
        // only the next instruction
        assert_eq!(ids(&format!("{BASE}# seaworthy-ignore=SWD403 why\nCMD a b\nCMD c d\n")), vec!["SWD403"]);
    }

    #[test]
    fn hadolint_and_buildkit_pragmas_are_honoured() {
        assert!(ids(&format!("{BASE}# hadolint ignore=DL3025,DL3008\nCMD a b\n")).is_empty());
        assert!(ids(&format!("# hadolint global ignore=DL3025\n{BASE}CMD a b\n")).is_empty());
        assert!(ids(&format!("# check=skip=JSONArgsRecommended\n{BASE}CMD a b\n")).is_empty());
        assert!(ids(&format!("# check=skip=all\n{BASE}CMD a b\n")).is_empty());
    }

    #[test]
    fn unused_and_unknown_are_reported_and_fixable() {
        let src = format!("{BASE}# seaworthy-ignore=SWD403 not needed\nCMD [\"a\"]\n");
        let d: Vec<_> = lint_dockerfile(&src).into_iter().filter(|x| x.rule_id == "SWD092").collect();
        assert_eq!(d.len(), 1);
        let out = crate::fix::apply_edits(&src, &d[0].fix.as_ref().unwrap().edits).unwrap();
        assert_eq!(out, format!("{BASE}CMD [\"a\"]\n"));
        let d: Vec<_> = lint_dockerfile(&format!("{BASE}# seaworthy-ignore=no-such-rule typo\nCMD [\"a\"]\n"))
            .into_iter()
            .filter(|x| x.rule_id == "SWD092")
            .collect();
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("no-such-rule"));
        assert!(d[0].fix.is_none());
    }
}

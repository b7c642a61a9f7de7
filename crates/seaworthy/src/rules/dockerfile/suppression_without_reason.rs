//! SWD091 suppression-without-reason (reported by the suppression engine, `crate::suppress`)

use crate::diagnostic::{Category, Severity};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD091",
        name: "suppression-without-reason",
        target: Target::Dockerfile,
        category: Category::Maintainability,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: true,
        summary: "A `# seaworthy-ignore` comment that does not say why.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports `# seaworthy-ignore=RULE`, `# seaworthy-ignore-stage=RULE` and
`# seaworthy-ignore-file=RULE` comments with nothing after the rule list.

Suppressions: `# seaworthy-ignore=RULE[,RULE] reason` silences the listed rules (ids or names)
on the next instruction; `# seaworthy-ignore-stage=...` above a `FROM` silences them in that
stage; `# seaworthy-ignore-file=...` anywhere silences them in the whole file. hadolint's
`# hadolint ignore=DL3008` / `# hadolint global ignore=...` / `# hadolint stage ignore=...`
and BuildKit's `# check=skip=JSONArgsRecommended` are honoured too, through each rule's
equivalents (`seaworthy rules` lists them).

## Why is this bad?
A suppression without a reason cannot be reviewed: nobody knows later whether the finding it
hides still does not apply.

## Example
```dockerfile
FROM alpine:3.20
# seaworthy-ignore=SWD403
CMD node server.js
```

## Use instead
```dockerfile
FROM alpine:3.20
# seaworthy-ignore=SWD403 the entrypoint script needs the shell to expand $PORT
CMD node server.js
```
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

    fn ids(src: &str) -> Vec<String> {
        lint_dockerfile(src).into_iter().map(|d| d.rule_id.to_string()).collect()
    }

    #[test]
    fn reported_without_reason_only() {
        let base = "FROM alpine:3.20\nUSER 1\nHEALTHCHECK NONE\n";
        assert!(ids(&format!("{base}# seaworthy-ignore=shell-form-cmd\nCMD a b\n")).contains(&"SWD091".to_string()));
        assert!(!ids(&format!("{base}# seaworthy-ignore=shell-form-cmd: reason here\nCMD a b\n"))
            .contains(&"SWD091".to_string()));
        // other tools' pragmas need no reason
        assert!(!ids(&format!("{base}# hadolint ignore=DL3025\nCMD a b\n")).contains(&"SWD091".to_string()));
    }
}

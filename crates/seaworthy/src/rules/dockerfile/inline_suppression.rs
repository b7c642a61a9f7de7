//! SWD093 inline-suppression

use crate::diagnostic::{Category, Severity};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD093",
        name: "inline-suppression",
        target: Target::Dockerfile,
        category: Category::Maintainability,
        severity: Severity::Info,
        fix: FixKind::None,
        default_on: false,
        summary: "A suppression comment in the Dockerfile (opt-in, for teams that forbid them).",
        equivalents: &["hadolint:DL1001"],
        docs: rule_docs!(
            r#"## What it does
Reports every suppression written in the file: `# seaworthy-ignore...` comments, hadolint
pragmas (`# hadolint ignore=...`, `global ignore`, `stage ignore`) and BuildKit's
`# check=skip=...` directive. Off by default: turn it on in a policy where findings may only be
waived centrally.

## Why is this bad?
Where a team reviews exceptions in one place (the policy file), an inline suppression is an
exception nobody reviewed.

## Example
```dockerfile
FROM alpine:3.20
# seaworthy-ignore=SWD403 the start script needs a shell
CMD /app/start
```

## Use instead
```dockerfile
FROM alpine:3.20
CMD ["/app/start"]
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

const PREFIXES: &[&str] = &["seaworthy-ignore", "hadolint ignore", "hadolint global ignore", "hadolint stage ignore"];

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    for d in ctx.df.directives.iter().filter(|d| d.name == "check" && d.value.to_ascii_lowercase().contains("skip=")) {
        sink.report(
            d.span,
            "BuildKit `# check=skip=` turns checks off for this file",
            "Waive findings in the policy instead.",
            None,
        );
    }
    for c in ctx.df.comments.iter().filter(|c| !c.inside_instruction) {
        let t = c.text.trim().to_ascii_lowercase();
        if PREFIXES.iter().any(|p| t.starts_with(p)) {
            sink.report(
                c.span,
                "Inline suppression comment",
                "Waive findings in the policy instead, where they are reviewed.",
                None,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_every_kind_of_suppression() {
        fires(&RULE, "# check=skip=JSONArgsRecommended\nFROM a:1\n# hadolint ignore=DL3025\nCMD a\n# Seaworthy-Ignore-File=x y\n", 3);
    }

    #[test]
    fn quiet_on_other_comments() {
        clean(&RULE, "# syntax=docker/dockerfile:1\n# check=error=true\nFROM a:1\n# ignore this comment\nRUN x \\\n  # seaworthy-ignore=inside a continuation is not a suppression\n  y\n");
    }
}

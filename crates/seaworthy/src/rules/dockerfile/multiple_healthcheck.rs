//! SWD024 multiple-healthcheck

use crate::diagnostic::{Category, Severity};
use crate::dockerfile::Keyword;
use crate::rules::dockerfile::multiple_cmd::check_repeated;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD024",
        name: "multiple-healthcheck",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Error,
        fix: FixKind::Always,
        default_on: true,
        summary: "A stage has more than one HEALTHCHECK; only the last one counts.",
        equivalents: &["hadolint:DL3012", "buildkit:MultipleInstructionsDisallowed", "trivy:DS-0023"],
        docs: rule_docs!(
            r#"## What it does
Reports every `HEALTHCHECK` of a stage that a later `HEALTHCHECK` of the same stage
overrides.

## Why is this bad?
A container has one health check: the last instruction wins. The earlier probe (often the
more thorough one) never runs, and the orchestrator judges the container by a check the
reader did not expect.

## Example
```dockerfile
FROM nginx:1.27
HEALTHCHECK CMD curl -fsS http://localhost/ || exit 1
HEALTHCHECK CMD curl -fsS http://localhost/healthz || exit 1
```

## Use instead
```dockerfile
FROM nginx:1.27
HEALTHCHECK CMD curl -fsS http://localhost/healthz || exit 1
```

## Fix safety
Safe: the fix deletes the overridden `HEALTHCHECK` lines, which have no effect on the image.
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    check_repeated(ctx, sink, Keyword::Healthcheck, |_, _| true);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_overridden_healthchecks() {
        fires(&RULE, "FROM a:1\nHEALTHCHECK NONE\nHEALTHCHECK CMD true\n", 1);
    }

    #[test]
    fn deletes_overridden_healthchecks() {
        fixes_to(
            &RULE,
            "FROM a:1\nHEALTHCHECK --interval=5s \\\n  CMD a\nHEALTHCHECK CMD b\n",
            "FROM a:1\nHEALTHCHECK CMD b\n",
        );
        fixes_to(&RULE, "FROM a:1\r\nHEALTHCHECK CMD a\r\nHEALTHCHECK CMD b\r\n", "FROM a:1\r\nHEALTHCHECK CMD b\r\n");
    }

    #[test]
    fn quiet_on_one_per_stage() {
        clean(&RULE, "FROM a:1\nHEALTHCHECK CMD a\nFROM a:1\nHEALTHCHECK CMD b\nONBUILD HEALTHCHECK NONE\n");
    }
}

//! SWD023 multiple-entrypoint

use crate::diagnostic::{Category, Severity};
use crate::dockerfile::Keyword;
use crate::rules::dockerfile::multiple_cmd::check_repeated;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD023",
        name: "multiple-entrypoint",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Error,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "A stage has more than one ENTRYPOINT; only the last one counts.",
        equivalents: &[
            "hadolint:DL4004",
            "buildkit:MultipleInstructionsDisallowed",
            "trivy:DS-0007",
            "kics:multiple_entrypoint_instructions_listed",
        ],
        docs: rule_docs!(
            r#"## What it does
Reports every `ENTRYPOINT` of a stage that a later `ENTRYPOINT` of the same stage overrides.

## Why is this bad?
Only the last `ENTRYPOINT` takes effect. An earlier one (a wrapper script, `tini`, an
init step) looks as if it ran first, but it never runs: the container starts the last one
directly.

## Example
```dockerfile
FROM debian:bookworm-slim
ENTRYPOINT ["/usr/bin/tini", "--"]
ENTRYPOINT ["/usr/local/bin/app"]
```

## Use instead
```dockerfile
FROM debian:bookworm-slim
ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/app"]
```

## Fix safety
Safe: the fix deletes the overridden `ENTRYPOINT` lines. It is only offered when no `CMD`
lies between the deleted `ENTRYPOINT` and the last one, so the stage's `CMD` stays exactly as
it was (setting an `ENTRYPOINT` can reset a `CMD` that came before it).
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    check_repeated(ctx, sink, Keyword::Entrypoint, |i, last| {
        ctx.df.instructions.get(i + 1..last).is_some_and(|between| between.iter().all(|x| x.keyword != Keyword::Cmd))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_overridden_entrypoints() {
        fires(&RULE, "FROM a:1\nENTRYPOINT a\nENTRYPOINT b\nENTRYPOINT c\n", 2);
    }

    #[test]
    fn deletes_when_no_cmd_in_between() {
        fixes_to(
            &RULE,
            "FROM a:1\nENTRYPOINT a\nRUN x\nENTRYPOINT b\nCMD c\n",
            "FROM a:1\nRUN x\nENTRYPOINT b\nCMD c\n",
        );
        fixes_to(
            &RULE,
            "FROM a:1\r\nENTRYPOINT [\"a\"]\r\nENTRYPOINT [\"b\"]\r\n",
            "FROM a:1\r\nENTRYPOINT [\"b\"]\r\n",
        );
        no_fix(&RULE, "FROM a:1\nENTRYPOINT a\nCMD c\nENTRYPOINT b\n");
    }

    #[test]
    fn quiet_on_one_per_stage() {
        clean(&RULE, "FROM a:1\nENTRYPOINT a\nFROM b:1\nENTRYPOINT b\nONBUILD ENTRYPOINT c\n");
    }
}

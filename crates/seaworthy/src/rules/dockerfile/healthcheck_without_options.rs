//! SWD409 healthcheck-without-options

use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::dockerfile::{Args, Instruction, Keyword};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD409",
        name: "healthcheck-without-options",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Info,
        fix: FixKind::Always,
        default_on: true,
        summary: "The final image's HEALTHCHECK leaves its timing options to the defaults.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports the `HEALTHCHECK CMD` of the final image (the last one in the final stage and the
stages it is built `FROM`) when it does not set all of `--interval`, `--timeout`,
`--start-period` and `--retries`. It fires once and lists the missing options.
`HEALTHCHECK NONE` is not reported.

## Why is this bad?
Docker's defaults rarely fit a service: checks every 30 seconds with a 30-second timeout, and
no start period, so a service that needs a minute to boot is counted as failing from the
first second and can be marked unhealthy (and restarted by an orchestrator) before it ever
came up, while a hung check can go unnoticed for minutes. Writing the options makes the
timing a visible decision that reviewers can tune.

## Example
```dockerfile
FROM nginx:1.27
HEALTHCHECK CMD curl -fsS http://localhost/ || exit 1
```

## Use instead
```dockerfile
FROM nginx:1.27
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD curl -fsS http://localhost/ || exit 1
```

## Fix safety
Safe: the fix inserts the missing options with Docker's own defaults (`--interval=30s`,
`--timeout=30s`, `--start-period=0s`, `--retries=3`), so the health check behaves exactly as
before; adjust the values afterwards.
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

/// The timing options and Docker's default for each.
const OPTIONS: &[(&str, &str)] = &[("interval", "30s"), ("timeout", "30s"), ("start-period", "0s"), ("retries", "3")];

/// The final image's `HEALTHCHECK CMD`, if it has one (a later `HEALTHCHECK NONE` turns it off).
pub(crate) fn final_healthcheck<'a>(ctx: &'a DockerfileCtx<'_>) -> Option<&'a Instruction> {
    let (_, ins) = ctx.final_image_instructions_rev().find(|(_, i)| i.keyword == Keyword::Healthcheck)?;
    match &ins.args {
        Args::Healthcheck { kind, .. } if kind.value.eq_ignore_ascii_case("cmd") => Some(ins),
        _ => None,
    }
}

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    let Some(ins) = final_healthcheck(ctx) else { return };
    let missing: Vec<&(&str, &str)> = OPTIONS.iter().filter(|(name, _)| ins.flag(name).is_none()).collect();
    if missing.is_empty() {
        return;
    }
    let names: Vec<String> = missing.iter().map(|(n, _)| format!("`--{n}`")).collect();
    let text: String = missing.iter().map(|(n, d)| format!(" --{n}={d}")).collect();
    sink.report(
        ins.keyword_span,
        format!("HEALTHCHECK leaves {} to Docker's defaults", names.join(", ")),
        "Set the timing for this service, e.g. `HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ...`.",
        Some(Fix::safe("Write the default health check options explicitly", vec![Edit::insert(ins.keyword_span.end, text)])),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_once_listing_missing_options() {
        let src = "FROM a:1\nHEALTHCHECK --interval=10s CMD [\"/hc\"]\n";
        let d = fires(&RULE, src, 1);
        assert_eq!(d[0].span.text(src), "HEALTHCHECK");
        assert!(d[0].message.contains("`--timeout`, `--start-period`, `--retries`"));
        assert!(!d[0].message.contains("interval"));
        fires(&RULE, "FROM a:1 AS base\nHEALTHCHECK CMD /hc\nFROM base\nRUN x\n", 1);
        // only the last HEALTHCHECK counts
        fires(
            &RULE,
            "FROM a:1\nHEALTHCHECK --interval=1s --timeout=1s --start-period=1s --retries=1 CMD a\nHEALTHCHECK CMD b\n",
            1,
        );
    }

    #[test]
    fn quiet_when_complete_none_or_not_final() {
        clean(&RULE, "FROM a:1\nHEALTHCHECK --interval=1s --timeout=1s --start-period=1s --retries=1 CMD a\n");
        clean(&RULE, "FROM a:1\nHEALTHCHECK NONE\n");
        clean(&RULE, "FROM a:1\nHEALTHCHECK CMD a\nHEALTHCHECK NONE\n");
        clean(&RULE, "FROM a:1 AS build\nHEALTHCHECK CMD a\nFROM b:1\n");
        clean(&RULE, "FROM a:1\nONBUILD HEALTHCHECK CMD a\n");
        clean(&RULE, "FROM a:1\n");
    }

    #[test]
    fn inserts_docker_defaults() {
        fixes_to(
            &RULE,
            "FROM a:1\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n",
            "FROM a:1\nHEALTHCHECK --interval=30s --timeout=30s --start-period=0s --retries=3 CMD curl -f http://localhost/ || exit 1\n",
        );
        fixes_to(
            &RULE,
            "FROM a:1\r\nhealthcheck --timeout=3s \\\r\n  CMD [\"/hc\"]\r\n",
            "FROM a:1\r\nhealthcheck --interval=30s --start-period=0s --retries=3 --timeout=3s \\\r\n  CMD [\"/hc\"]\r\n",
        );
    }
}

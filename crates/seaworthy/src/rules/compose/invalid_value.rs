//! SWC006 invalid-value

use crate::compose::schema::ProblemKind;
use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC006",
        name: "invalid-value",
        target: Target::Compose,
        category: Category::Reliability,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: true,
        summary: "A value outside what Compose accepts: unknown enum value, bad duration or size, no services section.",
        equivalents: &["dclint:invalid-schema"],
        docs: rule_docs!(
            r#"## What it does
Reports enum values Compose does not know (`depends_on.*.condition`, port `mode`/`protocol`,
mount `type`, `deploy.mode`, `restart_policy.condition`, `cgroup`), durations without a unit
(`interval: 10`), sizes that are not sizes (`mem_limit: 1zz`), and files without a
`services:` (or `include:`) section.

## Why is this bad?
Compose rejects the file, or (for durations) reads a number where a duration was meant.

## Example
```yaml
services:
  web:
    image: nginx:1.27
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost/"]
      interval: 10
```

## Use instead
```yaml
services:
  web:
    image: nginx:1.27
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost/"]
      interval: 10s
```
"#
        ),
    },
    check,
    per_service: false,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for p in ctx.problems(ProblemKind::InvalidValue) {
        sink.report(p.span, p.message.clone(), p.help.clone(), None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_on_invalid_values() {
        fires(&RULE, "services:\n  web:\n    mem_limit: lots\n    stop_grace_period: 10\n", 2);
        fires(&RULE, "services:\n  web:\n    depends_on:\n      db: {condition: healthy}\n", 1);
        fires(&RULE, "web:\n  image: a\n", 1);
    }

    #[test]
    fn quiet_on_valid_values() {
        clean(
            &RULE,
            "services:\n  web:\n    mem_limit: 512m\n    stop_grace_period: 1m30s\n    shm_size: ${SHM:-64m}\n",
        );
        clean(&RULE, "include:\n  - other.yaml\n");
    }
}

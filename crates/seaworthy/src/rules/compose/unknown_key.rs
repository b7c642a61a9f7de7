//! SWC004 unknown-key

use crate::compose::schema::ProblemKind;
use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC004",
        name: "unknown-key",
        target: Target::Compose,
        category: Category::Reliability,
        severity: Severity::Error,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "A key the Compose Specification does not define (often a typo).",
        equivalents: &["dclint:invalid-schema"],
        docs: rule_docs!(
            r#"## What it does
Reports keys that the Compose Specification does not define at the top level, in a service,
healthcheck, logging, build, deploy, port, mount, network, volume, secret or config. When a
known key is close (at most two edits away), the message suggests it. `x-` keys are always
allowed.

## Why is this bad?
Compose rejects unknown keys. Tools that ignore them hide typos: `restat: always` looks like a
restart policy but is none.

## Example
```yaml
services:
  web:
    image: nginx:1.27
    restat: always
```

## Use instead
```yaml
services:
  web:
    image: nginx:1.27
    restart: always
```

## Fix safety
Renaming to the suggested key is unsafe: the setting starts to apply, which changes how the
service runs.
"#
        ),
    },
    check,
    per_service: false,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for p in ctx.problems(ProblemKind::UnknownKey) {
        let fix = p.rename.and_then(|(span, to)| {
            // only plain keys are renamed in place
            (!span.text(ctx.src).is_empty() && !span.text(ctx.src).starts_with(['"', '\'']))
                .then(|| Fix::unsafe_(format!("Rename to `{to}`"), vec![Edit::replace(span, to)]))
        });
        sink.report(p.span, p.message.clone(), p.help.clone(), fix);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_and_suggests() {
        fixes_to(
            &RULE,
            "services:\n  web:\n    image: a\n    helthcheck:\n      test: [CMD, true]\n",
            "services:\n  web:\n    image: a\n    healthcheck:\n      test: [CMD, true]\n",
        );
        no_fix(&RULE, "services:\n  web:\n    image: a\n    frobnicate: 1\n");
        fires(&RULE, "services:\n  web:\n    logging:\n      drivr: local\n", 1);
        fires(&RULE, "servics:\n  web: {}\nservices: {}\n", 1);
        // the suggested key is already there: renaming would make a duplicate key (fuzzer)
        no_fix(&RULE, "services:\n  foo:\n    image: a\nrvices:\n  bar: {}\n");
        no_fix(&RULE, "services:\n  web:\n    image: a\n    imag: b\n");
        // two unknown keys that would both become `image` (fuzzer)
        no_fix(&RULE, "services:\n  web:\n    imag: a\n    imae: b\n");
    }

    #[test]
    fn quiet_on_known_and_extension_keys() {
        clean(&RULE, "x-common: {a: 1}\nservices:\n  web:\n    image: a\n    x-note: hi\n    deploy:\n      resources:\n        limits: {memory: 1g}\n");
    }
}

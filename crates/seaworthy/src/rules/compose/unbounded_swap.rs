//! SWC414 unbounded-swap

use crate::compose::get_str;
use crate::diagnostic::{Category, Fix, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC414",
        name: "unbounded-swap",
        target: Target::Compose,
        category: Category::Reliability,
        severity: Severity::Info,
        fix: FixKind::Sometimes,
        default_on: false,
        summary: "A memory-limited service may still swap (`memswap_limit` differs from the limit).",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports services with `mem_limit` but no `memswap_limit` equal to it.

## Why is this bad?
By default a container may use as much swap as memory: at its limit it slows down by orders
of magnitude instead of failing fast, dragging the host's disk with it.

## Example
```yaml
services:
  web:
    image: nginx:1.27
    mem_limit: 256m
```

## Use instead
```yaml
services:
  web:
    image: nginx:1.27
    mem_limit: 256m
    memswap_limit: 256m
```

## Fix safety
Unsafe: the service is killed at its memory limit instead of swapping. The fix adds
`memswap_limit` equal to `mem_limit`.
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        let Some(mem) = get_str(ctx.doc, s.node, "mem_limit") else { continue };
        let swap = get_str(ctx.doc, s.node, "memswap_limit");
        if swap.as_ref().is_some_and(|w| w.raw.trim().eq_ignore_ascii_case(mem.raw.trim())) {
            continue;
        }
        let fix = if swap.is_none() && !mem.raw.contains(['"', '\'', '\n']) {
            ctx.insert_in_map(s.node, &format!("memswap_limit: {}", mem.raw.trim()))
                .map(|e| Fix::unsafe_("Disable swap", vec![e]))
        } else {
            None
        };
        sink.report(
            mem.span,
            format!("Service `{}` may swap beyond its memory limit", s.name),
            "Set `memswap_limit` equal to `mem_limit`.",
            fix,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_and_fixes() {
        fixes_to(
            &RULE,
            "services:\n  a:\n    mem_limit: 1g\n",
            "services:\n  a:\n    mem_limit: 1g\n    memswap_limit: 1g\n",
        );
        clean(&RULE, "services:\n  a:\n    mem_limit: 1g\n    memswap_limit: 1G\n  b:\n    image: x\n");
    }
}

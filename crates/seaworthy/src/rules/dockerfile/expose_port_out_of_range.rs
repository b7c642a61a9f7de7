//! SWD013 expose-port-out-of-range
//!
//! Also holds [`expose_words`], shared by the other EXPOSE rules.

use crate::diagnostic::{Category, Severity};
use crate::dockerfile::{Args, Keyword, Word};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD013",
        name: "expose-port-out-of-range",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: true,
        summary: "EXPOSE names a port outside 0–65535.",
        equivalents: &["hadolint:DL3011", "trivy:DS-0008", "kics:unix_ports_out_of_range"],
        docs: rule_docs!(
            r#"## What it does
Finds `EXPOSE` ports (and port ranges `a-b`) above 65535, also under `ONBUILD`. Ports built
from variables are left alone.

## Why is this bad?
TCP and UDP ports are 16-bit numbers. Docker rejects the instruction ("invalid containerPort")
and the build fails; the number is usually a typo.

## Example
```dockerfile
FROM nginx:1.27
EXPOSE 80800
```

## Use instead
```dockerfile
FROM nginx:1.27
EXPOSE 8080
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

/// The words of every EXPOSE instruction (top-level and wrapped by ONBUILD).
pub(crate) fn expose_words<'a, 'c>(ctx: &'c DockerfileCtx<'a>) -> impl Iterator<Item = &'a Word> + 'c {
    ctx.of_kind(Keyword::Expose).flat_map(|(_, ins)| {
        let e = ins.effective();
        match (&e.keyword, &e.args) {
            (Keyword::Expose, Args::Words { words }) => words.iter().collect::<Vec<_>>(),
            _ => Vec::new(),
        }
    })
}

/// A port number, or `Some(u64::MAX)` for digits too long to parse; `None` if not all digits.
fn port_number(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(s.parse::<u64>().unwrap_or(u64::MAX))
}

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    for w in expose_words(ctx) {
        if w.value.contains('$') {
            continue;
        }
        let port_part = w.value.split('/').next().unwrap_or("");
        let container = port_part.rsplit(':').next().unwrap_or("");
        let (lo, hi) = match container.split_once('-') {
            Some((a, b)) => (port_number(a), port_number(b)),
            None => (port_number(container), None),
        };
        let bad: Vec<u64> = [lo, hi].into_iter().flatten().filter(|&p| p > 65535).collect();
        if bad.is_empty() {
            continue;
        }
        sink.report(
            w.span,
            format!("EXPOSE `{}` is out of range: ports go from 0 to 65535", w.value),
            "Fix the port number.",
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_large_ports_and_ranges() {
        fires(&RULE, "FROM a:1\nEXPOSE 80 65536 70000/udp\n", 2);
        fires(&RULE, "FROM a:1\nEXPOSE 8000-99999\nONBUILD EXPOSE 123456789012345678901234567890\n", 2);
    }

    #[test]
    fn quiet_on_valid_ports_and_variables() {
        clean(&RULE, "FROM a:1\nEXPOSE 0 80 443/tcp 53/udp 65535 8000-8100\n");
        clean(&RULE, "FROM a:1\nEXPOSE $PORT ${P:-99999}\n");
    }
}

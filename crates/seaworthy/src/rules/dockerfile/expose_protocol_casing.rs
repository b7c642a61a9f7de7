//! SWD015 expose-protocol-casing

use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::rules::dockerfile::expose_port_out_of_range::expose_words;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};
use crate::span::Span;

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD015",
        name: "expose-protocol-casing",
        target: Target::Dockerfile,
        category: Category::Maintainability,
        severity: Severity::Style,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "The protocol of an EXPOSE port is not lower-case.",
        equivalents: &["buildkit:ExposeProtoCasing"],
        docs: rule_docs!(
            r#"## What it does
Finds `EXPOSE` ports whose protocol is written with upper-case letters (`80/TCP`, `53/Udp`).

## Why is this bad?
The protocol is recorded in the image as written in lower case (`tcp`, `udp`, `sctp`); the
upper-case spelling is accepted today only because it is normalised, and BuildKit warns about
it. Lower case matches what `docker inspect` and compose files show.

## Example
```dockerfile
FROM nginx:1.27
EXPOSE 80/TCP
```

## Use instead
```dockerfile
FROM nginx:1.27
EXPOSE 80/tcp
```

## Fix safety
Safe: the protocol is case-insensitive, so lower-casing it does not change the image. No fix
is offered when the entry contains variables or spans continuation lines.
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    for w in expose_words(ctx) {
        let Some(slash) = w.value.find('/') else { continue };
        let proto = &w.value[slash + 1..];
        if !proto.chars().any(char::is_uppercase) || proto.contains('$') {
            continue;
        }
        let lower = proto.to_lowercase();
        let (span, fix) = if w.span.text(ctx.src) == w.value {
            let span = Span::new(w.span.start + slash + 1, w.span.end);
            (span, Some(Fix::safe(format!("Write `{lower}`"), vec![Edit::replace(span, lower.clone())])))
        } else {
            (w.span, None)
        };
        sink.report(
            span,
            format!("Protocol `{proto}` of EXPOSE `{}` is not lower-case", w.value),
            format!("Write `{lower}`."),
            fix,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_upper_case_protocols() {
        fires(&RULE, "FROM a:1\nEXPOSE 80/TCP 53/Udp 443/tcp\nONBUILD EXPOSE 1/SCTP\n", 3);
    }

    #[test]
    fn fixes_by_lower_casing() {
        fixes_to(&RULE, "FROM a:1\nEXPOSE 80/TCP 53/Udp\n", "FROM a:1\nEXPOSE 80/tcp 53/udp\n");
        fixes_to(&RULE, "FROM a:1\r\nEXPOSE 8000-8010/UDP\r\n", "FROM a:1\r\nEXPOSE 8000-8010/udp\r\n");
    }

    #[test]
    fn quiet_on_lower_case_and_variables() {
        clean(&RULE, "FROM a:1\nEXPOSE 80 80/tcp 53/udp $P/$PROTO\n");
    }
}

//! SWC202 duplicate-host-port

use crate::compose::{ports, str_list};
use crate::diagnostic::{Category, Label, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};
use std::collections::HashMap;

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC202",
        name: "duplicate-host-port",
        target: Target::Compose,
        category: Category::Reliability,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: true,
        summary: "The same host port (and protocol) is published twice.",
        equivalents: &["dclint:no-duplicate-exported-ports"],
        docs: rule_docs!(
            r#"## What it does
Reports a host port published twice, in one service or across services, with the same
protocol on overlapping addresses (a wildcard overlaps every address). Ranges are expanded.
Ports from variables without default are skipped, and so are services in disjoint
`profiles` (they never run together).

## Why is this bad?
The second container fails to start: "port is already allocated".

## Example
```yaml
services:
  web:
    image: nginx:1.27
    ports: ["127.0.0.1:8080:80"]
  admin:
    image: example/admin:2.0
    ports: ["127.0.0.1:8080:8080"]
```

## Use instead
```yaml
services:
  web:
    image: nginx:1.27
    ports: ["127.0.0.1:8080:80"]
  admin:
    image: example/admin:2.0
    ports: ["127.0.0.1:8081:8080"]
```
"#
        ),
    },
    check,
    per_service: false,
};

/// Who published a port: host IP, item span, service index.
type Publisher = (String, crate::span::Span, usize);

/// Upper bound on expanded port numbers per file (ranges can be 65k wide).
const BUDGET: usize = 200_000;

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    // (protocol, port) -> [(host ip, span, service index)]
    let mut seen: HashMap<(String, u32), Vec<Publisher>> = HashMap::new();
    let services: Vec<_> = ctx.services().collect();
    let profiles: Vec<Vec<&str>> = services
        .iter()
        .map(|s| {
            ctx.doc
                .get(s.node, "profiles")
                .map(|p| str_list(ctx.doc, p).iter().map(|x| x.raw).collect())
                .unwrap_or_default()
        })
        .collect();
    let together = |a: usize, b: usize| {
        let (pa, pb) = (&profiles[a], &profiles[b]);
        pa.is_empty() || pb.is_empty() || pa.iter().any(|x| pb.contains(x))
    };
    let mut budget = BUDGET;
    for (si, s) in services.iter().enumerate() {
        for p in ports(ctx.doc, s.node) {
            let Some((lo, hi)) = p.published_range() else { continue };
            let ip = match &p.host_ip {
                None => String::new(),
                Some(v) => match v.text() {
                    Some(t) => t.trim_matches(['[', ']']).to_string(),
                    None => continue,
                },
            };
            let wildcard = |x: &str| matches!(x, "" | "0.0.0.0" | "::");
            let mut reported = false;
            for port in lo..=hi {
                if budget == 0 {
                    return;
                }
                budget -= 1;
                let slot = seen.entry((p.protocol.to_ascii_lowercase(), port)).or_default();
                if !reported {
                    if let Some((_, first, other)) = slot
                        .iter()
                        .find(|(oip, _, o)| (wildcard(oip) || wildcard(&ip) || *oip == ip) && together(*o, si))
                    {
                        let d = sink.report(
                            p.span,
                            format!(
                                "Host port {port}/{} is already published by service `{}`",
                                p.protocol, services[*other].name
                            ),
                            "Publish a different host port (the part before the container port).",
                            None,
                        );
                        d.labels.push(Label { span: *first, message: "first published here".into() });
                        reported = true;
                    }
                }
                slot.push((ip.clone(), p.span, si));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_on_duplicates() {
        fires(&RULE, "services:\n  a:\n    ports: [\"80:80\"]\n  b:\n    ports: [\"127.0.0.1:80:8080\"]\n", 1);
        fires(&RULE, "services:\n  a:\n    ports: [\"8000-8010:8000-8010\"]\n  b:\n    ports: [{target: 1, published: \"8005\"}]\n", 1);
    }

    #[test]
    fn quiet_otherwise() {
        clean(&RULE, "services:\n  a:\n    ports: [\"80:80\", \"80:80/udp\", \"127.0.0.1:81:81\"]\n  b:\n    ports: [\"127.0.0.2:81:81\", \"${P}:80\", \"80\"]\n");
        clean(&RULE, "services:\n  a:\n    profiles: [dev]\n    ports: [\"80:80\"]\n  b:\n    profiles: [prod]\n    ports: [\"80:80\"]\n");
    }
}

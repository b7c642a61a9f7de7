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

/// Who published a port: host IP (index in the list of IPs), item span, service index, and
/// the next publisher of the same port and protocol (`u32::MAX`: none).
type Publisher = (u32, crate::span::Span, usize, u32);

/// Upper bound on expanded port numbers per file (ranges can be 65k wide).
const BUDGET: usize = 200_000;

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    // (protocol, port) -> (first, last) publisher: the table holds two small numbers per port
    // and the publishers lie in one vector in the order they were found, each linked to the
    // next one of its port. (A table of `(String, u32) -> Vec<(String, …)>` took three heap
    // blocks per port: on 50,000 services its random lookups missed the caches most of the time.)
    let mut seen: HashMap<(u32, u32), (u32, u32)> = HashMap::new();
    let mut pubs: Vec<Publisher> = Vec::new();
    // protocols (lowercased) and host IPs, each kept once per port item
    let mut proto_ids: HashMap<String, u32> = HashMap::new();
    let mut ips: Vec<String> = Vec::new();
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
    let wildcard = |x: &str| matches!(x, "" | "0.0.0.0" | "::");
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
            let lower = p.protocol.to_ascii_lowercase();
            let proto = match proto_ids.get(&lower) {
                Some(&id) => id,
                None => {
                    let id = u32::try_from(proto_ids.len()).unwrap_or(u32::MAX);
                    proto_ids.insert(lower, id);
                    id
                }
            };
            let ip_id = u32::try_from(ips.len()).unwrap_or(u32::MAX);
            let mut reported = false;
            for port in lo..=hi {
                if budget == 0 {
                    return;
                }
                budget -= 1;
                let here = u32::try_from(pubs.len()).unwrap_or(u32::MAX);
                let slot = seen.entry((proto, port)).or_insert((u32::MAX, u32::MAX));
                if !reported {
                    // the first earlier publisher (in the order found) that overlaps
                    let mut at = slot.0;
                    while let Some(&(oip, first, other, next)) = pubs.get(at as usize) {
                        let oip = ips.get(oip as usize).map_or("", String::as_str);
                        if (wildcard(oip) || wildcard(&ip) || oip == ip) && together(other, si) {
                            let d = sink.report(
                                p.span,
                                format!(
                                    "Host port {port}/{} is already published by service `{}`",
                                    p.protocol, services[other].name
                                ),
                                "Publish a different host port (the part before the container port).",
                                None,
                            );
                            d.labels.push(Label { span: first, message: "first published here".into() });
                            reported = true;
                            break;
                        }
                        at = next;
                    }
                }
                // link the new publisher after the port's last one
                if let Some(last) = pubs.get_mut(slot.1 as usize) {
                    last.3 = here;
                } else {
                    slot.0 = here;
                }
                slot.1 = here;
                pubs.push((ip_id, p.span, si, u32::MAX));
            }
            ips.push(ip);
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

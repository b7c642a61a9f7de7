//! SWC201 port-bound-to-all-interfaces

use crate::compose::{get_str, ports, Value};
use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};
use crate::yaml::Style;

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC201",
        name: "port-bound-to-all-interfaces",
        target: Target::Compose,
        category: Category::Security,
        severity: Severity::Warning,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "A published port names no host IP, so it listens on every interface.",
        equivalents: &["dclint:no-unbound-port-interfaces", "kics:container_traffic_not_bound_to_host_interface"],
        docs: rule_docs!(
            r#"## What it does
Reports `ports` entries (short or long syntax) that publish a port without a host IP. A bare
container port (`"80"`) publishes it on a random host port, on every interface, and is
reported too. A host IP from a variable with a default (`${BIND:-127.0.0.1}:8080:80`) counts
as bound; one from a variable without default (`$HOST:$PORT:1025`) is unknown and not
reported. An explicit `0.0.0.0` is a stated decision and not reported. Services with
`network_mode: host` publish nothing and are skipped.

With `[options.compose] allowed-host-ips`, every known host IP must match one of the listed
addresses (wildcards: `10.0.*`; brackets around IPv6 addresses are ignored): an explicit
`0.0.0.0` and addresses outside the list are reported too, and listing `0.0.0.0` allows ports
without a host IP.

## Why is this bad?
Docker publishes ports with its own firewall rules, bypassing host firewalls such as `ufw`: a
database meant for the host is reachable from the whole network.

## Options
```toml
[options.compose]
allowed-host-ips = ["127.0.0.1", "::1", "10.0.*"]
```

## Example
```yaml
services:
  db:
    image: postgres:16.4
    ports:
      - "5432:5432"
```

## Use instead
```yaml
services:
  db:
    image: postgres:16.4
    ports:
      - "127.0.0.1:5432:5432"
```

## Fix safety
Unsafe: clients on other machines lose access. The fix prefixes `127.0.0.1:` inside the
existing quotes (short syntax) or adds `host_ip: 127.0.0.1` (long syntax).
"#
        ),
    },
    check,
    per_service: true,
};

/// Whether the policy's `allowed-host-ips` allow `ip` (`0.0.0.0` and `::` both mean every interface).
fn ip_allowed(allowed: &[String], ip: &str) -> bool {
    let any = |x: &str| matches!(x, "0.0.0.0" | "::");
    allowed
        .iter()
        .map(|p| p.trim().trim_matches(['[', ']']))
        .any(|p| crate::policy::glob::wildcard(p, ip) || (any(p) && any(ip)))
}

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    let allowed = &ctx.options.allowed_host_ips;
    for s in ctx.services() {
        if get_str(ctx.doc, s.node, "network_mode").is_some_and(|m| m.raw == "host") {
            continue;
        }
        let via = ctx.doc.entry(s.node, "ports").is_some_and(|e| e.via.is_some());
        for p in ports(ctx.doc, s.node) {
            if !allowed.is_empty() {
                if let Some(ip) = p.host_ip.as_ref().and_then(Value::text).map(|t| t.trim().trim_matches(['[', ']'])) {
                    let ip = if ip.is_empty() { "0.0.0.0" } else { ip };
                    if !ip_allowed(allowed, ip) {
                        sink.report(
                            p.span,
                            format!("Service `{}` publishes a port on `{ip}`, which the policy does not allow", s.name),
                            format!("Publish it on an allowed address: {}.", allowed.join(", ")),
                            None,
                        );
                    }
                    continue;
                }
                if p.host_ip.is_none() && ip_allowed(allowed, "0.0.0.0") {
                    continue;
                }
            }
            if p.bound_to_all() != Some(true) || p.host_ip.is_some() {
                continue;
            }
            let what = match p.published.as_ref().map(Value::text) {
                None => "a random host port".to_string(),
                Some(Some(t)) => format!("host port {t}"),
                Some(None) => "its host port".to_string(),
            };
            let fix = if via || ctx.doc.resolve(p.node) != p.node {
                None
            } else if let Some(short) = &p.short {
                let exact = short.span.len() == short.raw.len() + if short.style == Style::Plain { 0 } else { 2 };
                let prefix = if p.published.is_none() { "127.0.0.1::" } else { "127.0.0.1:" };
                // a bare number (`- 80`) becomes a string that must be quoted
                match short.style {
                    Style::Plain if short.raw.bytes().all(|b| b.is_ascii_digit()) => {
                        Some(Edit::replace(short.span, format!("\"{prefix}{}\"", short.raw)))
                    }
                    Style::Plain | Style::SingleQuoted | Style::DoubleQuoted if exact => {
                        Some(Edit::insert(short.content_start(), prefix))
                    }
                    _ => None,
                }
            } else {
                ctx.insert_in_map(p.node, "host_ip: 127.0.0.1")
            };
            sink.report(
                p.span,
                format!("Service `{}` publishes {what} on all interfaces", s.name),
                "Bind it to an address, e.g. `127.0.0.1:8080:80` for local access only.",
                fix.map(|e| Fix::unsafe_("Bind the port to 127.0.0.1", vec![e])),
            );
        }
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
            "services:\n  a:\n    ports:\n      - \"8080:80\" # web\n      - 9000:9000\n      - 53\n      - '${PORT}:81'\n",
            "services:\n  a:\n    ports:\n      - \"127.0.0.1:8080:80\" # web\n      - 127.0.0.1:9000:9000\n      - \"127.0.0.1::53\"\n      - '127.0.0.1:${PORT}:81'\n",
        );
        fixes_to(
            &RULE,
            "services:\n  a:\n    ports:\n      - target: 80\n        published: 8080\n",
            "services:\n  a:\n    ports:\n      - target: 80\n        published: 8080\n        host_ip: 127.0.0.1\n",
        );
    }

    #[test]
    fn allowed_host_ips_from_the_policy() {
        let o = crate::policy::Policy::parse(
            "[options.compose]\nallowed-host-ips = [\"127.0.0.1\", \"10.0.*\", \"::1\"]\n",
        )
        .expect("policy")
        .options
        .compose;
        let src = "services:\n  a:\n    ports:\n      - 127.0.0.1:80:80\n      - 10.0.3.4:81:81\n      - \"[::1]:82:82\"\n      - 0.0.0.0:83:83\n      - 192.168.1.2:84:84\n      - \"85:85\"\n      - $HOST:86:86\n      - ${IP:-10.1.0.1}:87:87\n";
        let d = crate::rules::compose::run_compose_rule_with(&RULE, src, &o);
        let spans: Vec<&str> = d.iter().map(|x| x.span.text(src)).collect();
        assert_eq!(spans, ["0.0.0.0:83:83", "192.168.1.2:84:84", "\"85:85\"", "${IP:-10.1.0.1}:87:87"], "{d:#?}");
        // listing 0.0.0.0 allows ports without a host IP
        let o = crate::policy::Policy::parse("[options.compose]\nallowed-host-ips = [\"0.0.0.0\"]\n")
            .expect("policy")
            .options
            .compose;
        let d = crate::rules::compose::run_compose_rule_with(
            &RULE,
            "services:\n  a:\n    ports: [\"80:80\", \"127.0.0.1:81:81\"]\n",
            &o,
        );
        assert_eq!(d.len(), 1, "{d:#?}");
    }

    #[test]
    fn quiet_when_bound_or_unknown() {
        clean(
            &RULE,
            "services:\n  a:\n    ports:\n      - 127.0.0.1:80:80\n      - \"[::1]:81:81\"\n      - ${BIND:-127.0.0.1}:82:82\n      - $HOST:$PORT:1025\n      - 0.0.0.0:83:83\n    expose: [\"90\"]\n  b:\n    network_mode: host\n    ports: [\"80:80\"]\n",
        );
    }
}

//! SWD014 expose-invalid-format

use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::rules::dockerfile::expose_port_out_of_range::expose_words;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD014",
        name: "expose-invalid-format",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Warning,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "EXPOSE with an IP address or a `host:container` port mapping.",
        equivalents: &["buildkit:ExposeInvalidFormat"],
        docs: rule_docs!(
            r#"## What it does
Finds `EXPOSE` entries that contain `:`, such as `127.0.0.1:80` or `8080:80`: an address or a
host-side port.

## Why is this bad?
`EXPOSE` only documents which container ports the application listens on. Publishing, and
choosing the host address and host port, happens at `docker run -p` or in compose. Builders
ignore the extra parts (BuildKit warns that this will become an error), so the line does not
do what it seems to say.

## Example
```dockerfile
FROM nginx:1.27
EXPOSE 8080:80
```

## Use instead
```dockerfile
FROM nginx:1.27
EXPOSE 80
```

## Fix safety
The fix keeps only the container port and protocol (`8080:80/tcp` becomes `80/tcp`), which is
what BuildKit records in the image. It is **unsafe** because the fix cannot know which number
the author meant as the container port: `8080:80` is sometimes a swapped `80:8080`. No fix is
offered when the entry contains variables.
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

/// `ip:host:container/proto` → `container/proto`, if the container port is not empty.
fn container_part(value: &str) -> Option<String> {
    let (ports, proto) = match value.split_once('/') {
        Some((p, proto)) => (p, Some(proto)),
        None => (value, None),
    };
    let container = ports.rsplit(':').next().filter(|c| !c.is_empty())?;
    Some(match proto {
        Some(p) => format!("{container}/{p}"),
        None => container.to_string(),
    })
}

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    for w in expose_words(ctx) {
        if !w.value.contains(':') {
            continue;
        }
        let keep = container_part(&w.value);
        let plain = !w.value.contains('$') && w.span.text(ctx.src) == w.value;
        let fix = keep
            .as_ref()
            .filter(|_| plain)
            .map(|k| Fix::unsafe_(format!("Keep only `{k}`"), vec![Edit::replace(w.span, k.clone())]));
        let help = match &keep {
            Some(k) => format!("Expose the container port only (`EXPOSE {k}`); map host ports with `docker run -p`."),
            None => "Expose the container port only; map host addresses and ports with `docker run -p`.".to_string(),
        };
        sink.report(
            w.span,
            format!("EXPOSE `{}` has an address or host port, which EXPOSE does not support", w.value),
            help,
            fix,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_addresses_and_mappings() {
        fires(&RULE, "FROM a:1\nEXPOSE 127.0.0.1:80 8080:80/udp 443\n", 2);
        fires(&RULE, "FROM a:1\nONBUILD EXPOSE 0.0.0.0:8000:80\n", 1);
    }

    #[test]
    fn fixes_to_the_container_port() {
        fixes_to(&RULE, "FROM a:1\nEXPOSE 127.0.0.1:80 8080:80/udp\n", "FROM a:1\nEXPOSE 80 80/udp\n");
        fixes_to(&RULE, "FROM a:1\r\nEXPOSE 0.0.0.0:8000:80/tcp\r\n", "FROM a:1\r\nEXPOSE 80/tcp\r\n");
    }

    #[test]
    fn no_fix_with_variables_or_empty_port() {
        no_fix(&RULE, "FROM a:1\nEXPOSE $HOST:80\n");
        no_fix(&RULE, "FROM a:1\nEXPOSE 80:\n");
    }

    #[test]
    fn quiet_on_plain_ports() {
        clean(&RULE, "FROM a:1\nEXPOSE 80 443/tcp 53/udp 8000-8100 $PORT\n");
    }
}

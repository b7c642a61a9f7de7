//! SWC405 missing-log-rotation

use crate::compose::get_str;
use crate::diagnostic::{Category, Fix, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC405",
        name: "missing-log-rotation",
        target: Target::Compose,
        category: Category::Reliability,
        severity: Severity::Info,
        fix: FixKind::Sometimes,
        default_on: true,
        summary:
            "A service's logs are not rotated (`json-file` without `max-size`), or are discarded (`driver: none`).",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports services whose logging driver is `json-file` (the default when `logging` is absent)
without `options.max-size`, and services with `driver: none`. Other drivers (`local`,
`journald`, `syslog`, `fluentd`, …) rotate or ship logs themselves. Services using `extends` count what their base in the same file sets (a base in another file is not in view: they are skipped).
With `[options.compose] max-log-size` and `max-log-files`, also reports a `max-size` larger
than the limit (`10m`, `1g`; 1k = 1024 bytes) and a `max-file` count above it (values from
variables without a default are not judged).

## Why is this bad?
The default `json-file` driver keeps every line forever: a chatty service fills the disk and
takes the host down with it. `none` throws away the logs you need after an incident.

## Options
```toml
[options.compose]
max-log-size = "50m"
max-log-files = 5
```

## Example
```yaml
services:
  web:
    image: nginx:1.27
```

## Use instead
```yaml
services:
  web:
    image: nginx:1.27
    logging:
      driver: json-file
      options:
        max-size: 10m
        max-file: "3"
```

## Fix safety
Unsafe: logs older than the rotation window are deleted. The fix adds the `logging` block
above (only when the service has no `logging` key; daemon-wide defaults in `daemon.json` are
not visible to a file checker).
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        if ctx.skip_extended(&s, &[&["logging"]]) {
            continue;
        }
        let Some(logging) = ctx.doc.get(s.node, "logging") else {
            let fix = ctx
                .insert_in_map(
                    s.node,
                    "logging:\n  driver: json-file\n  options:\n    max-size: 10m\n    max-file: \"3\"",
                )
                .map(|e| Fix::unsafe_("Rotate the logs (json-file, 10m × 3)", vec![e]));
            sink.report(
                s.key,
                format!("Service `{}` keeps its logs without rotation", s.name),
                "Add `logging: {driver: json-file, options: {max-size: 10m, max-file: \"3\"}}` or use the `local` driver.",
                fix,
            );
            continue;
        };
        let driver = get_str(ctx.doc, logging, "driver");
        let name = driver.as_ref().and_then(|d| d.value().text().map(str::to_string));
        match name.as_deref() {
            Some("none") => {
                sink.report(
                    driver.map_or(s.key, |d| d.span),
                    format!("Service `{}` discards its logs (`driver: none`)", s.name),
                    "Keep logs: use `local` or `json-file` with `max-size`/`max-file`.",
                    None,
                );
            }
            None | Some("json-file")
                if driver.as_ref().is_none_or(|d| d.value().text().is_some())
                    && ctx.doc.path(logging, &["options", "max-size"]).is_none() =>
            {
                sink.report(
                    driver.map_or(ctx.doc.span(logging), |d| d.span),
                    format!("Service `{}` logs to json-file without `max-size`", s.name),
                    "Add `options: {max-size: 10m, max-file: \"3\"}` to `logging`.",
                    None,
                );
            }
            _ => {}
        }
        check_limits(ctx, sink, s.name, logging);
    }
}

/// `max-size` and `max-file` against the policy's limits.
fn check_limits(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>, name: &str, logging: crate::yaml::NodeId) {
    let o = ctx.options;
    let Some(opts) = ctx.doc.get(logging, "options") else { return };
    let limit = o.max_log_size.as_deref().and_then(|l| crate::compose::schema::size_bytes(l).map(|b| (l, b)));
    if let (Some((l, max)), Some(v)) = (limit, get_str(ctx.doc, opts, "max-size")) {
        let value = v.value();
        if let Some(size) = value.text().and_then(crate::compose::schema::size_bytes) {
            if size > max {
                sink.report(
                    v.span,
                    format!("Service `{name}` keeps log files of up to {}, above the policy's {l}", v.raw.trim()),
                    format!("Set `max-size` to {l} or less."),
                    None,
                );
            }
        }
    }
    if let (Some(max), Some(v)) = (o.max_log_files, get_str(ctx.doc, opts, "max-file")) {
        let value = v.value();
        if let Some(n) = value.text().and_then(|t| t.trim().parse::<u64>().ok()) {
            if n > u64::from(max) {
                sink.report(
                    v.span,
                    format!("Service `{name}` keeps {n} log files, above the policy's {max}"),
                    format!("Set `max-file` to {max} or less."),
                    None,
                );
            }
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
            "services:\n  a:\n    image: x\n",
            "services:\n  a:\n    image: x\n    logging:\n      driver: json-file\n      options:\n        max-size: 10m\n        max-file: \"3\"\n",
        );
        fires(&RULE, "services:\n  a:\n    logging: {driver: none}\n  b:\n    logging:\n      driver: json-file\n      options: {max-file: \"3\"}\n", 2);
    }

    #[test]
    fn limits_from_the_policy() {
        let o = crate::policy::Policy::parse("[options.compose]\nmax-log-size = \"50m\"\nmax-log-files = 5\n")
            .expect("policy")
            .options
            .compose;
        let src = "services:\n  a:\n    logging: {options: {max-size: 1g, max-file: \"10\"}}\n  b:\n    logging: {driver: local, options: {max-size: 50m, max-file: \"5\"}}\n  c:\n    logging: {options: {max-size: \"${S:-100m}\", max-file: $N}}\n";
        let d = crate::rules::compose::run_compose_rule_with(&RULE, src, &o);
        let spans: Vec<&str> = d.iter().map(|x| x.span.text(src)).collect();
        assert_eq!(spans, ["1g", "\"10\"", "\"${S:-100m}\""], "{d:#?}");
        assert!(crate::rules::compose::run_compose_rule(&RULE, src).is_empty());
    }

    #[test]
    fn quiet_with_rotation() {
        clean(&RULE, "services:\n  a:\n    logging: {driver: local}\n  b:\n    logging: {options: {max-size: 10m}}\n  c:\n    logging: {driver: \"${LOG_DRIVER}\"}\n  d:\n    logging: {driver: journald}\n");
    }
}

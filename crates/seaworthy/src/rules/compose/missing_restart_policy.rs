//! SWC403 missing-restart-policy

use crate::diagnostic::{Category, Fix, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC403",
        name: "missing-restart-policy",
        target: Target::Compose,
        category: Category::Reliability,
        severity: Severity::Warning,
        fix: FixKind::Sometimes,
        default_on: true,
        summary:
            "A service has no restart policy (`restart` or `deploy.restart_policy`), or one the policy does not allow.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports services with neither `restart` nor `deploy.restart_policy`. Services using `extends` count what their base in the same file sets (a base in another file is not in view: they are skipped).
With `[options.compose] restart-policies`, also reports a `restart` value that matches none
of the listed values (wildcards: `on-failure:*`); values from variables without a default are
not judged, and `deploy.restart_policy` is not compared.

## Why is this bad?
The default is `no`: after a crash, an out-of-memory kill or a host reboot, the service stays
down until someone notices.

## Options
```toml
[options.compose]
restart-policies = ["unless-stopped", "on-failure:*"]
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
    restart: unless-stopped
```

## Fix safety
Unsafe: the service starts again after crashes and reboots, which a one-shot job does not want
(use `on-failure:3` there). The fix adds `restart: unless-stopped`.
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    let allowed = &ctx.options.restart_policies;
    for s in ctx.services() {
        if let Some(r) = crate::compose::get_str(ctx.doc, s.node, "restart").filter(|_| !allowed.is_empty()) {
            let value = r.value();
            if let Some(v) = value.text().map(str::trim) {
                if !allowed.iter().any(|p| crate::policy::glob::wildcard(p.trim(), v)) {
                    sink.report(
                        r.span,
                        format!("Service `{}` uses `restart: {v}`, which the policy does not allow", s.name),
                        format!("Use one of the allowed restart policies: {}.", allowed.join(", ")),
                        None,
                    );
                }
            }
        }
        if ctx.doc.get(s.node, "restart").is_some()
            || ctx.doc.path(s.node, &["deploy", "restart_policy"]).is_some()
            || ctx.skip_extended(&s, &[&["restart"], &["deploy", "restart_policy"]])
        {
            continue;
        }
        let fix = ctx
            .insert_in_map(s.node, "restart: unless-stopped")
            .map(|e| Fix::unsafe_("Add `restart: unless-stopped`", vec![e]));
        sink.report(
            s.key,
            format!("Service `{}` has no restart policy", s.name),
            "Add `restart: unless-stopped` for long-running services (`on-failure:3` for jobs).",
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
        fixes_to(&RULE, "services:\n   a:\n      image: x\n   b:\n      image: y", "services:\n   a:\n      image: x\n      restart: unless-stopped\n   b:\n      image: y\n      restart: unless-stopped\n");
    }

    #[test]
    fn follows_extends_in_the_same_file() {
        fires(&RULE, "services:\n  base: {image: x, restart: always}\n  a: {extends: base}\n  b: {extends: {service: c}}\n  c: {image: y}\n", 2);
        clean(&RULE, "services:\n  a:\n    extends: {file: other.yaml, service: a}\n");
    }

    #[test]
    fn allowed_values_from_the_policy() {
        let o = crate::policy::Policy::parse(
            "[options.compose]\nrestart-policies = [\"unless-stopped\", \"on-failure:*\"]\n",
        )
        .expect("policy")
        .options
        .compose;
        let src = "services:\n  a:\n    restart: always\n  b:\n    restart: on-failure:3\n  c:\n    restart: ${R}\n  d:\n    restart: ${R:-no}\n  e:\n    restart: unless-stopped\n";
        let d = crate::rules::compose::run_compose_rule_with(&RULE, src, &o);
        let spans: Vec<&str> = d.iter().map(|x| x.span.text(src)).collect();
        assert_eq!(spans, ["always", "${R:-no}"], "{d:#?}");
        assert!(crate::rules::compose::run_compose_rule(&RULE, src).is_empty());
    }

    #[test]
    fn quiet_when_set() {
        clean(
            &RULE,
            "services:\n  a:\n    restart: always\n  b:\n    deploy:\n      restart_policy: {condition: any}\n",
        );
    }
}

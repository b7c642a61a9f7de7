//! SWC510 missing-service-label

use crate::compose::key_values;
use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC510",
        name: "missing-service-label",
        target: Target::Compose,
        category: Category::Maintainability,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: false,
        summary: "A service lacks a label the policy requires (`[options.compose] required-labels`).",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports each service that does not set every label listed in the policy's
`[options.compose] required-labels` (under `labels:`, in the list or the mapping form), once
per service, naming the missing labels. Off unless the option is set. Services that
`extends` another service are skipped when the base sets labels (or is in another file).

## Why is this bad?
Labels are how teams find the owner of a container at 3 a.m., route its logs and costs, and
let tools such as Traefik or backup jobs pick it up; a service without them is invisible to
that tooling.

## Options
```toml
[options.compose]
required-labels = ["com.acme.team", "com.acme.cost-center"]
```

## Example
```yaml
services:
  api:
    image: acme/api:1.4
    labels:
      com.acme.team: payments
```

## Use instead
```yaml
services:
  api:
    image: acme/api:1.4
    labels:
      com.acme.team: payments
      com.acme.cost-center: "4711"
```
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    let required = &ctx.options.required_labels;
    if required.is_empty() {
        return;
    }
    for s in ctx.services() {
        if ctx.skip_extended(&s, &[&["labels"]]) {
            continue;
        }
        let have: Vec<&str> = ctx
            .doc
            .get(s.node, "labels")
            .map(|l| key_values(ctx.doc, l).iter().map(|kv| kv.name.trim()).collect())
            .unwrap_or_default();
        let missing: Vec<String> =
            required.iter().filter(|r| !have.contains(&r.trim())).map(|r| format!("`{}`", r.trim())).collect();
        if missing.is_empty() {
            continue;
        }
        let span = ctx.doc.entry(s.node, "labels").map_or(s.key, |e| ctx.doc.span(e.key));
        let (noun, list) =
            if missing.len() == 1 { ("label", missing[0].clone()) } else { ("labels", missing.join(", ")) };
        sink.report(
            span,
            format!("Service `{}` lacks the required {noun} {list}", s.name),
            format!("Add the {noun} under `labels:` (the policy requires {}).", required.join(", ")),
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::{run_compose_rule, run_compose_rule_with};

    #[test]
    fn reports_each_service_once() {
        let o = crate::policy::Policy::parse("[options.compose]\nrequired-labels = [\"team\", \"tier\"]\n")
            .expect("policy")
            .options
            .compose;
        let src = "services:\n  a:\n    image: x\n  b:\n    labels: [team=x, tier=web]\n  c:\n    labels: {team: y}\n  d:\n    extends: b\n";
        let d = run_compose_rule_with(&RULE, src, &o);
        assert_eq!(d.len(), 2, "{d:#?}");
        assert!(d[0].message.contains("`team`, `tier`"));
        assert!(d[1].message.contains("label `tier`") && d[1].span.text(src) == "labels");
        assert!(run_compose_rule(&RULE, src).is_empty(), "off without the option");
    }
}

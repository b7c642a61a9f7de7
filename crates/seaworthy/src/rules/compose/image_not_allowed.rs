//! SWC509 image-not-allowed

use crate::compose::{get_str, Value};
use crate::diagnostic::{Category, Severity};
use crate::policy::custom::image_matches;
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::dockerfile::untrusted_registry::{registry_of, trusted};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC509",
        name: "image-not-allowed",
        target: Target::Compose,
        category: Category::Security,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: false,
        summary: "A service image from an untrusted registry, denied by the policy, or not in its allowed images.",
        equivalents: &["hadolint:DL3026"],
        docs: rule_docs!(
            r#"## What it does
Checks each service's `image:` against the policy's `[options.compose]`:
`trusted-registries` (the registry must match one; images without a registry come from
`docker.io`), `denied-images` (no pattern may match) and `allowed-images` (one pattern must
match). Patterns use wildcards; a pattern without a tag (`postgres`) matches every tag, and
`docker.io/library/` is ignored, as for the Dockerfile options `trusted-registries` and
`allowed-base-images`. Off unless one of the three options is set. Images whose name depends
on a variable without a default are not judged.

## Why is this bad?
The images a compose project runs are as much a supply-chain decision as a Dockerfile's base
image: a team that mirrors and scans images in its own registry wants every service to pull
from it.

## Options
```toml
[options.compose]
trusted-registries = ["registry.acme.example", "docker.io"]
denied-images = ["*:latest"]
```

## Example
```yaml
services:
  web:
    image: ghcr.io/someone/web:1.2
```

## Use instead
```yaml
services:
  web:
    image: registry.acme.example/web:1.2
```
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    let o = ctx.options;
    for s in ctx.services() {
        let Some(img) = get_str(ctx.doc, s.node, "image") else { continue };
        let image = match img.value() {
            Value::Known(t) | Value::Assumed(t) => t.trim().to_string(),
            Value::Unknown => continue,
        };
        if image.is_empty() {
            continue;
        }
        let registry = registry_of(&image);
        if !o.trusted_registries.is_empty() && !o.trusted_registries.iter().any(|p| trusted(p, &registry)) {
            sink.report(
                img.span,
                format!("Service `{}` pulls `{image}` from `{registry}`, which is not a trusted registry", s.name),
                format!("Pull it from a trusted registry ({}).", o.trusted_registries.join(", ")),
                None,
            );
        } else if let Some(p) = o.denied_images.iter().find(|p| image_matches(p, &image)) {
            sink.report(
                img.span,
                format!("Service `{}` uses `{image}`, which the policy denies (`{p}`)", s.name),
                "Use one of the images your policy allows.",
                None,
            );
        } else if !o.allowed_images.is_empty() && !o.allowed_images.iter().any(|p| image_matches(p, &image)) {
            sink.report(
                img.span,
                format!("Service `{}` uses `{image}`, which is not in the policy's allowed images", s.name),
                format!("Use an allowed image ({}).", o.allowed_images.join(", ")),
                None,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::run_compose_rule_with;

    fn opts(toml: &str) -> crate::policy::ComposeOptions {
        crate::policy::Policy::parse(toml).expect("policy").options.compose
    }

    #[test]
    fn registries_allow_and_deny_lists() {
        let src = "services:\n  a:\n    image: ghcr.io/x/a:1\n  b:\n    image: postgres:16.4\n  c:\n    image: redis:latest\n  d:\n    image: ${IMG}\n  e:\n    image: ${IMG:-quay.io/x/e:1}\n  f:\n    build: .\n";
        let o = opts("[options.compose]\ntrusted-registries = [\"docker.io\"]\n");
        let d = run_compose_rule_with(&RULE, src, &o);
        assert_eq!(d.len(), 2, "{d:#?}");
        assert!(d[0].message.contains("ghcr.io") && d[1].message.contains("quay.io"));
        let o = opts("[options.compose]\nallowed-images = [\"postgres:16*\", \"redis\", \"ghcr.io/x/*\", \"quay.io/*\"]\ndenied-images = [\"*:latest\"]\n");
        let d = run_compose_rule_with(&RULE, src, &o);
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(d[0].message.contains("redis:latest") && d[0].message.contains("denies"));
        let o = opts("[options.compose]\nallowed-images = [\"postgres\"]\n");
        assert_eq!(run_compose_rule_with(&RULE, src, &o).len(), 3);
    }

    #[test]
    fn quiet_without_options() {
        assert!(
            crate::rules::compose::run_compose_rule(&RULE, "services:\n  a:\n    image: ghcr.io/x/a:1\n").is_empty()
        );
    }
}

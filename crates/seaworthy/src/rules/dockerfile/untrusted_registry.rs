//! SWD109 untrusted-registry

use crate::diagnostic::{Category, Severity};
use crate::dockerfile::model::ImageRef;
use crate::policy::custom::base_images;
use crate::policy::glob::wildcard;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD109",
        name: "untrusted-registry",
        target: Target::Dockerfile,
        category: Category::Security,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: false,
        summary: "A base image pulled from a registry the policy does not trust.",
        equivalents: &["hadolint:DL3026"],
        docs: rule_docs!(
            r#"## What it does
Finds `FROM` lines whose image comes from a registry that is not in the policy's
`trusted-registries` (after substituting `ARG` defaults). Images without a registry come from
`docker.io`. Patterns may use wildcards: `*.gcr.io` trusts every regional GCR registry.
Stage references, `scratch` and images whose name is only known at build time are not
checked. Off unless the policy sets `trusted-registries`.

## Why is this bad?
A base image is code that runs in production. Pulling it from an arbitrary registry bypasses
the scanning, signing and availability guarantees of the registries your organisation vets.

## Options
```toml
[options]
trusted-registries = ["registry.acme.com", "*.gcr.io"]
```

## Example
```dockerfile
FROM quay.io/acme/base:1.0
```

## Use instead
```dockerfile
FROM registry.acme.com/acme/base:1.0
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

/// The registry an image is pulled from (`docker.io` when the name has none).
pub fn registry_of(image: &str) -> String {
    let name = ImageRef::parse(image).name;
    match name.split_once('/') {
        Some((first, _)) if first.contains('.') || first.contains(':') || first == "localhost" => first.to_string(),
        _ => "docker.io".to_string(),
    }
}

pub(crate) fn trusted(pattern: &str, registry: &str) -> bool {
    let p = pattern.trim().trim_end_matches('/');
    let docker = |s: &str| matches!(s, "docker.io" | "index.docker.io" | "registry-1.docker.io");
    wildcard(p, registry) || (docker(p) && docker(registry))
}

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    let list = &ctx.options.trusted_registries;
    if list.is_empty() {
        return;
    }
    for (image, span) in base_images(ctx) {
        let registry = registry_of(image);
        if !list.iter().any(|p| trusted(p, &registry)) {
            sink.report(
                span,
                format!("Base image `{image}` comes from `{registry}`, which is not a trusted registry"),
                format!("Pull it from a trusted registry ({}).", list.join(", ")),
                None,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    const POLICY: &str = "[options]\ntrusted-registries = [\"docker.io\", \"*.gcr.io\", \"localhost:5000\"]\n";

    #[test]
    fn registries() {
        assert_eq!(registry_of("python:3"), "docker.io");
        assert_eq!(registry_of("library/python"), "docker.io");
        assert_eq!(registry_of("eu.gcr.io/p/i:1"), "eu.gcr.io");
        assert_eq!(registry_of("localhost:5000/i"), "localhost:5000");
        assert_eq!(registry_of("localhost/i"), "localhost");
    }

    #[test]
    fn fires_on_untrusted_only() {
        fires_with(&RULE, POLICY, "FROM quay.io/a/b:1\nFROM ghcr.io/x/y@sha256:00\n", 2);
        fires_with(&RULE, POLICY, "FROM python:3\nFROM eu.gcr.io/p/i:1 AS b\nFROM b\nFROM scratch\n", 0);
        fires_with(&RULE, POLICY, "FROM localhost:5000/i\nFROM index.docker.io/library/alpine\n", 0);
        fires_with(&RULE, POLICY, "ARG REG=quay.io\nFROM $REG/a:1\nARG X\nFROM $X/a:1\n", 1);
        fires_with(&RULE, "", "FROM quay.io/a/b:1\n", 0);
    }
}

//! SWD110 base-image-not-allowed

use crate::diagnostic::{Category, Severity};
use crate::policy::custom::{base_images, image_matches};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD110",
        name: "base-image-not-allowed",
        target: Target::Dockerfile,
        category: Category::Security,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: false,
        summary: "A base image the policy denies, or that none of its allowed patterns matches.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Checks every base image (after substituting `ARG` defaults) against the policy's
`allowed-base-images` and `denied-base-images`: an image is reported when the allow-list is
set and no pattern matches it, or when a deny pattern matches it. Patterns use wildcards; a
pattern without a tag (`python`) matches every tag of the image, and `docker.io/library/` is
ignored on both sides. Stage references and `scratch` are not checked. Off unless the policy
sets one of the lists.

## Why is this bad?
Organisations standardise on a few vetted base images (patched, scanned, supported); an image
outside that set escapes those guarantees, and a denied one is known to be unfit (end of life,
too large, unsupported).

## Options
```toml
[options]
allowed-base-images = ["python:3.12-*", "gcr.io/distroless/*"]
denied-base-images = ["*:latest"]
```

## Example
```dockerfile
FROM centos:7
```

## Use instead
```dockerfile
FROM python:3.12-slim
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    let (allow, deny) = (&ctx.options.allowed_base_images, &ctx.options.denied_base_images);
    for (image, span) in base_images(ctx) {
        if let Some(p) = deny.iter().find(|p| image_matches(p, image)) {
            sink.report(
                span,
                format!("Base image `{image}` is denied by the policy (`{p}`)"),
                "Use one of the base images your policy allows.",
                None,
            );
        } else if !allow.is_empty() && !allow.iter().any(|p| image_matches(p, image)) {
            sink.report(
                span,
                format!("Base image `{image}` is not in the policy's allowed base images"),
                format!("Use an allowed base image ({}).", allow.join(", ")),
                None,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn allow_and_deny() {
        let p = "[options]\nallowed-base-images = [\"python\", \"node:22-*\"]\ndenied-base-images = [\"*:latest\"]\n";
        fires_with(&RULE, p, "FROM python:3.12\nFROM docker.io/library/node:22-slim\nFROM scratch\n", 0);
        fires_with(&RULE, p, "FROM node:20\nFROM python:latest\nFROM ubuntu\n", 3);
        let deny_only = "[options]\ndenied-base-images = [\"centos*\"]\n";
        fires_with(&RULE, deny_only, "FROM centos:7\nFROM alpine:3\n", 1);
        fires_with(&RULE, "", "FROM centos:7\n", 0);
    }
}

//! SWD102 latest-base-image

use crate::diagnostic::{Category, Severity};
use crate::dockerfile::model::ImageRef;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD102",
        name: "latest-base-image",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: true,
        summary: "A base image pinned to the moving `latest` tag.",
        equivalents: &["hadolint:DL3007", "trivy:DS-0001", "checkov:CKV_DOCKER_7", "dockle:DKL-DI-0006"],
        docs: rule_docs!(
            r#"## What it does
Finds `FROM` lines whose image tag is `latest` (after substituting `ARG` defaults). An image
that is also pinned by digest (`image:latest@sha256:...`) is reproducible and is not reported.

## Why is this bad?
`latest` moves with every release of the base image, so two builds of the same Dockerfile can
produce different images, and a breaking upstream release reaches production unreviewed.

## Example
```dockerfile
FROM node:latest
```

## Use instead
```dockerfile
FROM node:22-bookworm-slim
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    for st in &ctx.model.stages {
        if st.parent_stage.is_some() {
            continue;
        }
        let Some(resolved) = &st.base_resolved else { continue };
        let r = ImageRef::parse(resolved);
        if r.tag.as_deref() == Some("latest") && r.digest.is_none() {
            sink.report(
                st.base.span,
                format!("Base image `{resolved}` uses the `latest` tag"),
                "Pin a tag that names a version, or add a digest (`@sha256:...`).",
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
    fn fires_on_latest() {
        fires(&RULE, "FROM ubuntu:latest\n", 1);
        fires(&RULE, "ARG V=latest\nFROM alpine:$V AS a\nFROM alpine:latest\n", 2);
    }

    #[test]
    fn quiet_otherwise() {
        clean(&RULE, "FROM ubuntu\n");
        clean(&RULE, "FROM ubuntu:latest@sha256:0123\n");
        clean(&RULE, "FROM ubuntu:22.04\nFROM latest\n");
        clean(&RULE, "ARG V\nFROM alpine:$V\n");
    }
}

//! SWD101 untagged-base-image

use crate::diagnostic::{Category, Severity};
use crate::dockerfile::model::ImageRef;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD101",
        name: "untagged-base-image",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: true,
        summary: "A base image without a tag or digest.",
        equivalents: &["hadolint:DL3006", "trivy:DS-0001", "checkov:CKV_DOCKER_7"],
        docs: rule_docs!(
            r#"## What it does
Finds `FROM` lines whose image has neither a tag nor a digest. `ARG` defaults declared before
the first `FROM` are substituted first, so `FROM ${BASE}` with `ARG BASE=node:22` is fine.
References to earlier stages and `scratch` are not images and are skipped; so is an image
built from an `ARG` that has no default (its value is only known at build time).

## Why is this bad?
Without a tag Docker pulls `latest`: the image you test today is not the one you build next
month, and a new major version of the base can break the build or the application silently.

## Example
```dockerfile
FROM python
```

## Use instead
```dockerfile
FROM python:3.13-slim
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    for st in &ctx.model.stages {
        if st.parent_stage.is_some() || st.base.value.is_empty() {
            continue;
        }
        let Some(resolved) = &st.base_resolved else { continue };
        let r = ImageRef::parse(resolved);
        if r.is_scratch() || r.tag.is_some() || r.digest.is_some() || resolved.contains('$') {
            continue;
        }
        sink.report(
            st.base.span,
            format!("Base image `{resolved}` has no tag, so it means `{resolved}:latest`"),
            "Pin a tag that names a version (e.g. `:3.20`), or a digest (`@sha256:...`).",
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_untagged_images() {
        fires(&RULE, "FROM ubuntu\n", 1);
        fires(&RULE, "FROM --platform=$BUILDPLATFORM docker.io/library/golang AS build\nFROM alpine\n", 2);
        fires(&RULE, "ARG BASE=debian\nFROM ${BASE}\n", 1);
        fires(&RULE, "FROM localhost:5000/team/app\n", 1);
    }

    #[test]
    fn quiet_on_tags_digests_stages_and_unknowns() {
        clean(&RULE, "FROM ubuntu:24.04\nFROM alpine@sha256:abcd\n");
        clean(&RULE, "FROM golang:1.23 AS Build\nRUN go build\nFROM build\n");
        clean(&RULE, "FROM scratch\n");
        clean(&RULE, "ARG BASE\nFROM $BASE\n");
        clean(&RULE, "ARG TAG=3.20\nFROM alpine:${TAG}\n");
        clean(&RULE, "FROM localhost:5000/team/app:1.0\n");
    }
}

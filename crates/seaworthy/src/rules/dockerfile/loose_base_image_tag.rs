//! SWD104 loose-base-image-tag

use crate::diagnostic::{Category, Severity};
use crate::dockerfile::model::ImageRef;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD104",
        name: "loose-base-image-tag",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Info,
        fix: FixKind::None,
        default_on: false,
        summary: "A base image tag names only a major version or a moving channel.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Finds `FROM` lines (after substituting `ARG` defaults) whose tag pins less than a release:
- only a major version, possibly with a variant: `python:3`, `node:22-alpine`,
  `eclipse-temurin:21-jre`, `alpine:3`;
- a moving channel: `edge`, `rolling`, `stable`, `lts`, `current`, `mainline`, `nightly`,
  `unstable`, `testing`, `devel`, `sid` (also combined, as in `node:lts-alpine`);
- a variant with no version at all: `python:slim`, `nginx:alpine`, `golang:alpine`.

Not reported: tags with a minor version (`python:3.12`, `ubuntu:24.04`); distribution images
whose major number or code name is the release itself (`debian:12`, `debian:bookworm-slim`,
`ubuntu:noble`, `fedora:41`, `amazonlinux:2023`, `rockylinux:9`, `almalinux:9`, `centos:7`,
`oraclelinux:9`, `buildpack-deps:bookworm`); images whose name carries the version
(`gcr.io/distroless/static-debian12:nonroot`); images pinned by digest; `latest` and untagged
images (reported by `latest-base-image` and `untagged-base-image`).

## Why is this bad?
A major-only tag moves to every new minor release: `python:3` went from 3.11 to 3.12 to 3.13,
each with removed modules and changed defaults, and `node:22` crosses minor releases that
change npm. A channel such as `lts` or `alpine` can move to a new major version. The same
Dockerfile then builds a different image from one week to the next, and the break shows up
in an unrelated change. Pinning the minor version (or a digest) makes upgrades deliberate.

This rule is off by default: some teams prefer to follow the newest minor release
automatically and rely on their tests.

## Example
```dockerfile
FROM python:3-slim
CMD ["python3"]
```

## Use instead
```dockerfile
FROM python:3.12-slim
CMD ["python3"]
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

/// Tag parts naming a channel that moves between versions.
const CHANNELS: &[&str] =
    &["edge", "rolling", "stable", "lts", "current", "mainline", "nightly", "unstable", "testing", "devel", "sid"];

/// Images whose major version number is a release line that only takes point releases.
const MAJOR_IS_RELEASE: &[&str] =
    &["debian", "fedora", "amazonlinux", "rockylinux", "almalinux", "centos", "oraclelinux"];

/// Images whose code-name tags (`bookworm`, `noble`) name a release.
const CODENAME_IMAGES: &[&str] = &["debian", "ubuntu", "buildpack-deps"];

/// Why `tag` of image `name` is loose, if it is.
fn looseness(name: &str, tag: &str) -> Option<&'static str> {
    let tag_l = tag.to_ascii_lowercase();
    if tag_l == "latest" {
        return None;
    }
    let base = crate::shell::base_name(name).to_ascii_lowercase();
    let parts: Vec<&str> = tag_l.split(['-', '_']).filter(|p| !p.is_empty()).collect();
    // `debian:testing` and `debian:sid` are channels too: they move daily
    if parts.iter().any(|p| CHANNELS.contains(p)) {
        return Some("a moving channel");
    }
    let first = parts.first().copied().unwrap_or("");
    if !first.is_empty() && first.bytes().all(|c| c.is_ascii_digit()) {
        if MAJOR_IS_RELEASE.contains(&base.as_str()) {
            return None;
        }
        // a year-like number (`2023`) or a date is a release, not a major version
        if first.len() >= 4 {
            return None;
        }
        return Some("only a major version");
    }
    if !tag_l.bytes().any(|c| c.is_ascii_digit()) {
        if CODENAME_IMAGES.contains(&base.as_str()) || base.bytes().any(|c| c.is_ascii_digit()) {
            return None;
        }
        return Some("no version");
    }
    None
}

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    for st in &ctx.model.stages {
        if st.parent_stage.is_some() {
            continue;
        }
        let Some(resolved) = st.base_resolved.as_deref() else { continue };
        if resolved.contains('$') || resolved.contains("{{") {
            continue;
        }
        let r = ImageRef::parse(resolved);
        if r.is_scratch() || r.digest.is_some() {
            continue;
        }
        let Some(tag) = r.tag.as_deref() else { continue };
        let Some(why) = looseness(&r.name, tag) else { continue };
        sink.report(
            st.base.span,
            format!("Base image tag `{tag}` of `{}` names {why}, so the image changes under you", r.name),
            "Pin at least a minor version (e.g. `python:3.12-slim` instead of `python:3-slim`), or a digest.",
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn classifies_tags() {
        for (n, t) in [
            ("python", "3"),
            ("python", "3-slim"),
            ("node", "22"),
            ("node", "22-alpine"),
            ("alpine", "3"),
            ("eclipse-temurin", "21-jre"),
            ("alpine", "edge"),
            ("ubuntu", "rolling"),
            ("nginx", "stable"),
            ("node", "lts"),
            ("node", "lts-alpine3.20"),
            ("node", "current-slim"),
            ("python", "slim"),
            ("nginx", "alpine"),
            ("golang", "alpine"),
            ("debian", "sid"),
            ("debian", "testing-slim"),
            ("jenkins/jenkins", "lts-jdk17"),
            ("docker", "dind"),
        ] {
            assert!(looseness(n, t).is_some(), "{n}:{t}");
        }
        for (n, t) in [
            ("python", "3.12"),
            ("python", "3.12-slim-bookworm"),
            ("node", "22.11.0-alpine"),
            ("ubuntu", "24.04"),
            ("ubuntu", "noble"),
            ("debian", "12"),
            ("debian", "12-slim"),
            ("debian", "bookworm-slim"),
            ("buildpack-deps", "bookworm-curl"),
            ("fedora", "41"),
            ("amazonlinux", "2023"),
            ("quay.io/rockylinux/rockylinux", "9"),
            ("gcr.io/distroless/static-debian12", "nonroot"),
            ("mcr.microsoft.com/windows/servercore", "ltsc2022"),
            ("golang", "1.23-alpine3.20"),
            ("alpine", "3.20"),
            ("alpine", "latest"),
            ("nginx", "1.27"),
            ("ruby", "3.3"),
            ("img", "20240101"),
        ] {
            assert!(looseness(n, t).is_none(), "{n}:{t}");
        }
    }

    #[test]
    fn fires_on_loose_bases() {
        let src = "FROM node:22 AS build\nRUN npm ci\nFROM alpine:edge\nCOPY --from=build /a /a\n";
        let d = fires(&RULE, src, 2);
        assert_eq!(d[0].span.text(src), "node:22");
        assert!(d[1].message.contains("moving channel"));
        fires(&RULE, "ARG V=3\nFROM python:${V}-slim\n", 1);
        fires(&RULE, "FROM --platform=$BUILDPLATFORM golang:alpine AS b\nFROM b\n", 1);
    }

    #[test]
    fn quiet_on_specific_tags() {
        clean(&RULE, "FROM python:3.12-slim\nFROM debian:bookworm\nFROM ubuntu:22.04\n");
        clean(&RULE, "FROM python:3@sha256:abc\n");
        clean(&RULE, "FROM node\nFROM node:latest\nFROM scratch\n");
        clean(&RULE, "FROM node:22.11 AS base\nFROM base\n");
        clean(&RULE, "ARG V\nFROM python:$V\n");
    }
}

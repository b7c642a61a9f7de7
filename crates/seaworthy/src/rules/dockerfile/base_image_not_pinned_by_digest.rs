//! SWD103 base-image-not-pinned-by-digest
//!
//! Also holds `final_base`, the external image the final image is built on, shared by the
//! other rules of this family that look at the final image's base.

use crate::diagnostic::{Category, Severity};
use crate::dockerfile::model::{ImageRef, Stage};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD103",
        name: "base-image-not-pinned-by-digest",
        target: Target::Dockerfile,
        category: Category::Security,
        severity: Severity::Info,
        fix: FixKind::None,
        default_on: false,
        summary: "The final image's base is referenced by tag only, not by digest.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports the base image of the final image (the image the last stage, or the stage it is built
`FROM`, starts from, with `ARG` defaults substituted) when it has no `@sha256:` digest.
`scratch`, references to earlier stages, and bases that depend on a build argument without a
default are not reported. Build stages are not reported: only the final image ships.

## Why is this bad?
A tag is a movable pointer: the publisher (or anyone who compromises the registry account)
can point `python:3.12-slim` at different content at any time, and two builds of the same
Dockerfile then produce different images. A digest names exact content; the registry cannot
substitute it. Pinning by digest also makes rebuilds reproducible, and tools such as Renovate
or Dependabot can keep the digest current with reviewable pull requests.

This rule is off by default: pinning every base by digest only pays off together with an
automated update process, otherwise images stop receiving the base image's security fixes.

## Example
```dockerfile
FROM python:3.12-slim
CMD ["python3", "-m", "http.server"]
```

## Use instead
```dockerfile
FROM python:3.12-slim@sha256:0f5d5e1a7c1b7a9c0c4f3e2d1b0a99887766554433221100ffeeddccbbaa9988
CMD ["python3", "-m", "http.server"]
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

/// The stage whose `FROM` names the final image's external base (the root of the final
/// stage's `FROM <stage>` chain), with its resolved reference. `None` when the reference
/// depends on an unset build argument or is empty.
pub(crate) fn final_base<'a>(ctx: &'a DockerfileCtx<'_>) -> Option<(&'a Stage, &'a str)> {
    let root = *ctx.final_chain().last()?;
    let st = ctx.model.stages.get(root)?;
    let resolved = st.base_resolved.as_deref()?;
    // `{{ ... }}`: a template that is not a Dockerfile until rendered
    if resolved.is_empty() || resolved.contains('$') || resolved.contains("{{") {
        return None;
    }
    Some((st, resolved))
}

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    let Some((st, resolved)) = final_base(ctx) else { return };
    let r = ImageRef::parse(resolved);
    if r.is_scratch() || r.digest.is_some() {
        return;
    }
    sink.report(
        st.base.span,
        format!("The final image's base `{resolved}` is not pinned by digest"),
        format!(
            "Append the digest the tag points to today, e.g. `FROM {resolved}@sha256:<digest>` \
             (`docker buildx imagetools inspect {resolved}` prints it), and let Renovate or \
             Dependabot update it."
        ),
        None,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    const D: &str = "sha256:0f5d5e1a7c1b7a9c0c4f3e2d1b0a99887766554433221100ffeeddccbbaa9988";

    #[test]
    fn fires_on_final_base_without_digest() {
        let d = fires(&RULE, "FROM alpine:3.20\n", 1);
        assert!(d[0].message.contains("alpine:3.20"));
        fires(&RULE, "FROM golang:1.23@sha256:00 AS build\nFROM debian:12-slim\nCOPY --from=build /a /a\n", 1);
        // resolved through ARG defaults and stage chains
        let src = "ARG BASE=node:22-slim\nFROM ${BASE} AS base\nRUN x\nFROM base AS final\nCMD [\"node\"]\n";
        let d = fires(&RULE, src, 1);
        assert_eq!(d[0].span.text(src), "${BASE}");
        fires(&RULE, "FROM registry.example.com:5000/team/app\n", 1);
    }

    #[test]
    fn quiet_on_digests_scratch_and_build_stages() {
        clean(&RULE, &format!("FROM alpine:3.20@{D}\n"));
        clean(&RULE, &format!("FROM alpine@{D}\n"));
        clean(&RULE, "FROM scratch\nCOPY app /app\n");
        clean(&RULE, &format!("FROM golang:1.23 AS build\nFROM gcr.io/distroless/static@{D}\n"));
        clean(&RULE, &format!("ARG BASE=alpine:3.20@{D}\nFROM $BASE\n"));
        clean(&RULE, "ARG BASE\nFROM $BASE\n");
        clean(&RULE, &format!("FROM alpine:3.20@{D} AS base\nFROM base\nRUN x\n"));
        clean(&RULE, "");
        clean(&RULE, "FROM oraclelinux:{{ .oracle.tag }}\n");
    }
}

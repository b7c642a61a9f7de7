//! SWD401 missing-user

use crate::diagnostic::{Category, Severity};
use crate::dockerfile::model::{is_windows_image, ImageRef};
use crate::dockerfile::Keyword;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD401",
        name: "missing-user",
        target: Target::Dockerfile,
        category: Category::Security,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: true,
        summary: "The final image never sets a USER, so it runs as root.",
        equivalents: &["trivy:DS-0002", "checkov:CKV_DOCKER_3", "kics:missing_user_instruction", "dockle:CIS-DI-0001"],
        docs: rule_docs!(
            r#"## What it does
Reports a final stage (with the stages it builds on) that has no `USER` instruction. Base
images known to run as a non-root user by default are not reported: distroless `:nonroot`
tags, Chainguard images (`cgr.dev/chainguard/...`) and Windows images.

hadolint has no such check (only DL3002 for an explicit root `USER`); it is one of the most
requested additions to it, and Trivy, Checkov, KICS and dockle all report it.

Official base images (docker-library) run as root on purpose, because the images built from
them install packages first; this rule is meant for the image you deploy, whose final stage
should switch to an unprivileged user.

## Why is this bad?
A process running as root inside the container is root on the host's kernel: a container
escape or a mounted host path turns into full control of the host. Kubernetes
`runAsNonRoot` policies also refuse such images.

## Example
```dockerfile
FROM python:3.13-slim
COPY app.py /app/
CMD ["python", "/app/app.py"]
```

## Use instead
```dockerfile
FROM python:3.13-slim
RUN useradd --uid 10001 --no-create-home app
COPY app.py /app/
USER 10001
CMD ["python", "/app/app.py"]
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

/// Whether an image is known to run as a non-root user by default.
pub fn known_non_root(image: &str) -> bool {
    let r = ImageRef::parse(image);
    let name = r.name.to_ascii_lowercase();
    let tag = r.tag.unwrap_or_default().to_ascii_lowercase();
    (name.contains("distroless") && (tag == "nonroot" || tag.ends_with("-nonroot")))
        || name.starts_with("cgr.dev/chainguard/")
}

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    let chain = ctx.final_chain();
    let Some(&root_stage) = chain.last() else { return };
    let root = &ctx.model.stages[root_stage];
    let image = root.base_resolved.clone().unwrap_or_else(|| root.base.value.clone());
    if known_non_root(&image) || is_windows_image(&image) || ctx.df.escape == '`' {
        return;
    }
    if ctx.final_image_instructions_rev().any(|(_, i)| i.keyword == Keyword::User) {
        return;
    }
    let Some(fin) = ctx.model.final_stage() else { return };
    sink.report(
        fin.base.span,
        "The final image never sets a USER, so its processes run as root",
        "Create an unprivileged user and switch to it with `USER` (a numeric UID such as 10001 works best).",
        None,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_when_the_final_image_has_no_user() {
        fires(&RULE, "FROM alpine:3.20\nRUN x\n", 1);
        // USER only in a build stage does not count
        fires(&RULE, "FROM golang:1 AS build\nUSER nobody\nFROM alpine:3.20\nCOPY --from=build /a /a\n", 1);
        // ARG-resolved FROM
        fires(&RULE, "ARG BASE=alpine:3.20\nFROM ${BASE}\n", 1);
    }

    #[test]
    fn quiet_when_set_inherited_or_non_root_base() {
        clean(&RULE, "FROM alpine:3.20\nUSER 10001\n");
        clean(&RULE, "FROM alpine:3.20 AS base\nUSER app\nFROM base\nRUN x\n");
        clean(&RULE, "FROM gcr.io/distroless/static:nonroot\n");
        clean(&RULE, "FROM cgr.dev/chainguard/node:latest\n");
        clean(&RULE, "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n");
        clean(&RULE, "# escape=`\nFROM mcr.microsoft.com/powershell:lts\n");
        clean(&RULE, "# no stages at all\n");
    }
}

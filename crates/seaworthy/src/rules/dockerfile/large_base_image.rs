//! SWD317 large-base-image

use crate::diagnostic::{Category, Severity};
use crate::dockerfile::model::ImageRef;
use crate::dockerfile::Keyword;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD317",
        name: "large-base-image",
        target: Target::Dockerfile,
        category: Category::Efficiency,
        severity: Severity::Info,
        fix: FixKind::None,
        default_on: false,
        summary: "The final image is built on a full-size language image where a slim one exists.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Looks at the base image of the final image (following `FROM <stage>` back to the first real
image, with global `ARG` defaults substituted) and reports official Docker Hub images whose
full variant carries a build toolchain that a runtime rarely needs:

- `node`, `python` and `ruby` tags without `slim` or `alpine` (e.g. `node:22`,
  `python:3.12-bookworm`);
- `openjdk` and `eclipse-temurin` tags without `jre` (a JDK to run a program);
- `golang`, `rust`, `maven` and `gradle` in any variant (a compiler or build tool as the
  runtime).

Intermediate build stages are not checked, and neither are `debian`, `ubuntu` and other OS
bases, Windows tags, or images from other registries. Images meant to be built upon rather than
run are left alone too: those without a `CMD` or `ENTRYPOINT` of their own (base images,
development-container bases) and those with `ONBUILD` triggers (templates such as the old
`onbuild` variants).

Off by default: the right base depends on what the application needs at run time (native
modules sometimes need the full image's libraries).

## Why is this bad?
The full `node`, `python` and `ruby` images are built on `buildpack-deps`: compilers, headers,
version control and hundreds of libraries, around 1 GB before the application is added; the
`-slim` variants are several times smaller. A toolchain image as the runtime ships the whole
compiler. Every extra megabyte is pulled on every deployment and every package in it shows up
in vulnerability scans.

## Example
```dockerfile
FROM node:22
WORKDIR /app
COPY . .
CMD ["node", "server.js"]
```

## Use instead
```dockerfile
FROM node:22-slim
WORKDIR /app
COPY . .
CMD ["node", "server.js"]
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

/// The official-image name (`node` for `docker.io/library/node`), if the reference is one.
fn official_name(name: &str) -> Option<&str> {
    let n = name
        .strip_prefix("docker.io/")
        .or_else(|| name.strip_prefix("index.docker.io/"))
        .or_else(|| name.strip_prefix("registry-1.docker.io/"))
        .unwrap_or(name);
    let n = n.strip_prefix("library/").unwrap_or(n);
    (!n.contains('/')).then_some(n)
}

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    // base images (no command of their own) and ONBUILD templates are built upon, not run
    let mut runs = false;
    for (_, ins) in ctx.final_image_instructions_rev() {
        match ins.keyword {
            Keyword::Onbuild => return,
            Keyword::Cmd | Keyword::Entrypoint => runs = true,
            _ => {}
        }
    }
    if !runs {
        return;
    }
    let chain = ctx.final_chain();
    let Some(root) = chain.last().and_then(|&s| ctx.model.stages.get(s)) else { return };
    let Some(image) = root.base_resolved.as_deref() else { return };
    let r = ImageRef::parse(image);
    let lower = r.name.to_ascii_lowercase();
    let Some(name) = official_name(&lower) else { return };
    let tag = r.tag.as_deref().unwrap_or("latest").to_ascii_lowercase();
    if tag.contains("windows") || tag.contains("nanoserver") {
        return;
    }
    let (message, help) = match name {
        "node" | "python" | "ruby" if !tag.contains("slim") && !tag.contains("alpine") => (
            format!("The final image is built on `{image}`, the full variant with compilers and build tools"),
            format!("Use a `-slim` (or `-alpine`) variant of the same version, e.g. `{name}:<version>-slim`, and build native dependencies in an earlier stage if needed."),
        ),
        "openjdk" | "eclipse-temurin" if !tag.contains("jre") => (
            format!("The final image is built on `{image}`, a full JDK, to run a program"),
            "Use a JRE image for the final stage (e.g. `eclipse-temurin:<version>-jre`).".to_string(),
        ),
        "golang" | "rust" | "maven" | "gradle" => (
            format!("The final image is built on `{image}`, a build toolchain, instead of a runtime image"),
            "Build in a toolchain stage and copy only the results into a small runtime image (`debian:<release>-slim`, a JRE, `gcr.io/distroless/...`).".to_string(),
        ),
        _ => return,
    };
    sink.report(root.base.span, message, help, None);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_full_images() {
        let src = "FROM node:22\nCMD [\"node\", \"s.js\"]\n";
        let d = fires(&RULE, src, 1);
        assert_eq!(d[0].span.text(src), "node:22");
        fires(&RULE, "FROM python:3.12-bookworm\nCMD x\n", 1);
        fires(&RULE, "FROM docker.io/library/ruby:3.3\nCMD x\n", 1);
        fires(&RULE, "FROM python\nCMD x\n", 1);
        fires(&RULE, "FROM node@sha256:abc\nCMD x\n", 1);
        fires(&RULE, "FROM golang:1.23-alpine\nCMD x\n", 1);
        fires(&RULE, "FROM maven:3-eclipse-temurin-21\nCMD x\n", 1);
        fires(&RULE, "FROM openjdk:17\nCMD x\n", 1);
        fires(&RULE, "FROM eclipse-temurin:21-jdk\nCMD x\n", 1);
        fires(&RULE, "ARG V=20\nFROM node:${V}\nCMD x\n", 1);
        fires(&RULE, "FROM node:20 AS base\nFROM base\nCMD x\n", 1);
    }

    #[test]
    fn quiet_on_small_or_other_images() {
        clean(&RULE, "FROM node:22-slim\nFROM python:3.12-slim-bookworm\nCMD x\n");
        clean(&RULE, "FROM python:3.12-alpine3.20\nCMD x\n");
        clean(&RULE, "FROM golang:1.23 AS build\nFROM gcr.io/distroless/static\nCOPY --from=build /a /a\nCMD x\n");
        clean(&RULE, "FROM eclipse-temurin:21-jre\nCMD x\n");
        clean(&RULE, "FROM debian:12\nCMD x\n");
        clean(&RULE, "FROM ubuntu:24.04\nCMD x\n");
        clean(&RULE, "FROM mycorp/node:22\nCMD x\n");
        clean(&RULE, "FROM python:3.12-windowsservercore\nCMD x\n");
        clean(&RULE, "ARG V\nFROM node:${V}\nCMD x\n");
        clean(&RULE, "FROM scratch\n");
        clean(&RULE, "FROM node:22\n");
        clean(&RULE, "FROM node:22\nONBUILD COPY . /app\nCMD [\"npm\", \"start\"]\n");
    }
}

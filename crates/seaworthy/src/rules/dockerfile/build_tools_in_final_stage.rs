//! SWD310 build-tools-in-final-stage
//!
//! Also holds a small reader for OS package-manager command lines (`OsPkgCall`), shared with
//! other rules of this family.

use crate::diagnostic::{Category, Severity};
use crate::dockerfile::model::{run_scripts, ImageRef};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};
use crate::shell::{Command, ShWord};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD310",
        name: "build-tools-in-final-stage",
        target: Target::Dockerfile,
        category: Category::Efficiency,
        severity: Severity::Info,
        fix: FixKind::None,
        default_on: true,
        summary: "The final image installs compilers or other build tools and keeps them.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Finds OS package installs (`apt-get`/`apt install`, `apk add`, `yum`/`dnf`/`microdnf`/`tdnf
install`, `zypper install`) in the final image (the last stage and the stages it is built
`FROM`) that install build tools: `gcc`, `g++`, `make`, `build-essential`, `build-base`,
`alpine-sdk`, `clang`, `cmake`, `autoconf`, `automake`, `libtool`, `pkg-config`, `git`, the
"Development Tools" group, and header packages (`*-dev`, `*-devel`).

Installs that remove the tools again in the same `RUN` are not reported: `apt-get purge` /
`apt-get remove` naming them, `apt-get purge --auto-remove` or `apt-get autoremove` (the
`apt-mark` pattern of the official images), `apk add --virtual .build-deps ...` followed by
`apk del .build-deps`, `apk del`, `yum`/`dnf remove` or `autoremove`.

Also left alone:

- images that set no `CMD` and no `ENTRYPOINT` anywhere in the final stage's chain: those are
  base or toolchain images (`golang`, `buildpack-deps`, CI agent bases) meant to be built
  upon, where the compilers are the point;
- images built on a build image already (`buildpack-deps`, `gcc`, `golang`, `rust`, `maven`,
  `gradle`, and the full `python`, `node`, `ruby` and `perl` variants, which are built on
  `buildpack-deps`): a few more headers do not change what they are, and `large-base-image`
  covers the choice of base;
- `git` on its own: it is a runtime tool of many images (CI agents, the docker CLI, development
  environments), so it is only listed next to other build tools.

Old official `ruby` images (2.x, 3.0 `slim` and `alpine`) are reported: they kept `libffi-dev`,
`libssl-dev` and other headers in the image, and later versions of the same images moved them
into the purged build dependencies.

## Why is this bad?
Compilers, headers and version-control tools are needed to build software, not to run it.
Kept in the runtime image they add tens to hundreds of megabytes, slow every pull, and give
anyone who gets into the container a toolchain to build exploits with; their own
vulnerabilities show up in every scan. Build in an earlier stage and copy only the results, or
remove the tools in the same `RUN` that used them (removing them in a later `RUN` does not
shrink the image: the earlier layer still holds them).

## Example
```dockerfile
FROM python:3.12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends gcc libpq-dev \
 && pip install --no-cache-dir psycopg2 \
 && rm -rf /var/lib/apt/lists/*
CMD ["python", "app.py"]
```

## Use instead
```dockerfile
FROM python:3.12-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev
RUN pip wheel --wheel-dir /wheels psycopg2

FROM python:3.12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq5 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*
CMD ["python", "app.py"]
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

/// The OS package manager families the reader knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OsPkg {
    Apt,
    Apk,
    Rpm,
    Zypper,
}

/// What an OS package-manager command does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OsAction {
    Install,
    Remove,
    /// Removes every package nobody asked for (`autoremove`, `purge --auto-remove`, `history undo`).
    RemoveAuto,
    Other,
}

/// One OS package-manager invocation: the manager, what it does, and its package words.
pub(crate) struct OsPkgCall<'a> {
    pub manager: OsPkg,
    pub action: OsAction,
    /// Package words (options and their values removed), as written.
    pub packages: Vec<&'a ShWord>,
    /// `apk add --virtual NAME` / `-t NAME`.
    pub virtual_name: Option<&'a str>,
}

impl<'a> OsPkgCall<'a> {
    pub fn parse(cmd: &'a Command) -> Option<OsPkgCall<'a>> {
        let k = cmd.real_start();
        let tool = crate::shell::base_name(&cmd.words.get(k)?.value);
        let (manager, value_opts): (OsPkg, &[&str]) = match tool {
            "apt-get" | "apt" | "aptitude" => {
                (OsPkg::Apt, &["-o", "-t", "-c", "--option", "--target-release", "--default-release", "--config-file"])
            }
            "apk" => (
                OsPkg::Apk,
                &[
                    "-t",
                    "--virtual",
                    "-X",
                    "--repository",
                    "--repositories-file",
                    "-p",
                    "--root",
                    "--arch",
                    "--keys-dir",
                    "--cache-dir",
                ],
            ),
            "yum" | "dnf" | "microdnf" | "tdnf" | "dnf5" => (
                OsPkg::Rpm,
                &["-x", "--exclude", "--releasever", "--installroot", "--setopt", "--enablerepo", "--disablerepo"],
            ),
            "zypper" => (OsPkg::Zypper, &["-r", "--repo", "--from", "--root", "-R"]),
            _ => return None,
        };
        let mut sub: Option<&str> = None;
        let mut packages = Vec::new();
        let mut virtual_name = None;
        let mut auto = false;
        let mut words = cmd.words.get(k + 1..).unwrap_or(&[]).iter();
        while let Some(w) = words.next() {
            let v = w.value.as_str();
            if v.starts_with('-') && v.len() > 1 {
                if let Some((name, val)) = v.split_once('=') {
                    if matches!(name, "--virtual" | "-t") && manager == OsPkg::Apk {
                        virtual_name = Some(val);
                    }
                } else if value_opts.contains(&v) {
                    let val = words.next();
                    if matches!(v, "--virtual" | "-t") && manager == OsPkg::Apk {
                        virtual_name = val.map(|x| x.value.as_str());
                    }
                }
                auto |= matches!(v, "--auto-remove" | "--autoremove");
                continue;
            }
            if sub.is_none() {
                sub = Some(v);
                continue;
            }
            packages.push(w);
        }
        let action = match (manager, sub.unwrap_or("")) {
            (OsPkg::Apt, "install") | (OsPkg::Apk, "add") => OsAction::Install,
            (OsPkg::Rpm, "install" | "groupinstall") | (OsPkg::Zypper, "install" | "in") => OsAction::Install,
            (OsPkg::Rpm, "group") if packages.first().is_some_and(|p| p.value == "install") => OsAction::Install,
            (OsPkg::Apt, "purge" | "remove") if auto => OsAction::RemoveAuto,
            (OsPkg::Apt | OsPkg::Rpm, "autoremove") => OsAction::RemoveAuto,
            (OsPkg::Rpm, "history") if packages.first().is_some_and(|p| p.value == "undo") => OsAction::RemoveAuto,
            (OsPkg::Apt, "purge" | "remove") | (OsPkg::Apk, "del") => OsAction::Remove,
            (OsPkg::Rpm, "remove" | "erase") | (OsPkg::Zypper, "remove" | "rm") => OsAction::Remove,
            _ => OsAction::Other,
        };
        Some(OsPkgCall { manager, action, packages, virtual_name })
    }
}

/// A package name without version, release or architecture (`gcc=4:12.2`, `make~=4.4`, `libc6-dev:amd64`).
pub(crate) fn package_name(word: &str) -> &str {
    let end = word.find(['=', '<', '>', '~', ':']).unwrap_or(word.len());
    word.get(..end).unwrap_or(word)
}

fn is_build_tool(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    let versioned = |base: &str| {
        n.strip_prefix(base).is_some_and(|rest| {
            rest.strip_prefix('-').is_some_and(|v| !v.is_empty() && v.bytes().all(|c| c.is_ascii_digit() || c == b'.'))
        })
    };
    matches!(
        n.as_str(),
        "gcc"
            | "g++"
            | "gcc-c++"
            | "make"
            | "build-essential"
            | "build-base"
            | "alpine-sdk"
            | "clang"
            | "cmake"
            | "autoconf"
            | "automake"
            | "libtool"
            | "pkg-config"
            | "pkgconf"
            | "git"
            | "development tools"
            | "@development-tools"
    ) || versioned("gcc")
        || versioned("g++")
        || versioned("clang")
        || n.ends_with("-dev")
        || n.ends_with("-devel")
}

/// Whether the final image chain sets a CMD or ENTRYPOINT (i.e. it is meant to be run).
fn is_runtime_image(ctx: &DockerfileCtx<'_>) -> bool {
    use crate::dockerfile::Keyword;
    ctx.final_image_instructions_rev().any(|(_, i)| matches!(i.keyword, Keyword::Cmd | Keyword::Entrypoint))
}

/// Whether the final image's first base already is a build image (`buildpack-deps`, a
/// toolchain, or a full language image built on `buildpack-deps`).
fn built_on_build_image(ctx: &DockerfileCtx<'_>) -> bool {
    let chain = ctx.final_chain();
    let Some(root) = chain.last().and_then(|&s| ctx.model.stages.get(s)) else { return false };
    let Some(image) = root.base_resolved.as_deref() else { return false };
    let r = ImageRef::parse(&image.to_ascii_lowercase());
    let name = r.name.strip_prefix("docker.io/").unwrap_or(&r.name);
    let name = name.strip_prefix("library/").unwrap_or(name);
    let tag = r.tag.unwrap_or_default();
    match name {
        "buildpack-deps" | "gcc" | "golang" | "rust" | "maven" | "gradle" => true,
        "python" | "node" | "ruby" | "perl" => !tag.contains("slim") && !tag.contains("alpine"),
        _ => false,
    }
}

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    if !is_runtime_image(ctx) || built_on_build_image(ctx) {
        return;
    }
    for (i, ins) in ctx.shipped_instructions() {
        let scripts = run_scripts(ins, ctx.posix_shell_at(i));
        let calls: Vec<OsPkgCall<'_>> =
            scripts.iter().flat_map(|s| s.commands.iter()).filter_map(OsPkgCall::parse).collect();
        let mut kept: Vec<&ShWord> = Vec::new();
        for (n, call) in calls.iter().enumerate() {
            if call.action != OsAction::Install {
                continue;
            }
            let later = calls.get(n + 1..).unwrap_or(&[]);
            for p in &call.packages {
                let name = package_name(&p.value);
                if !is_build_tool(name) {
                    continue;
                }
                let removed = later.iter().any(|r| {
                    r.manager == call.manager
                        && match r.action {
                            OsAction::RemoveAuto => true,
                            OsAction::Remove => r.packages.iter().any(|q| {
                                let q = package_name(&q.value);
                                q == name || call.virtual_name == Some(q)
                            }),
                            _ => false,
                        }
                });
                if !removed && !kept.iter().any(|k| package_name(&k.value) == name) {
                    kept.push(p);
                }
            }
        }
        // `git` alone is a common runtime tool (CI agents, the docker CLI, dev environments)
        if kept.iter().all(|w| package_name(&w.value).eq_ignore_ascii_case("git")) {
            continue;
        }
        let Some(first) = kept.first() else { continue };
        let mut names: Vec<String> = kept.iter().take(4).map(|w| format!("`{}`", package_name(&w.value))).collect();
        if kept.len() > 4 {
            names.push(format!("{} more", kept.len() - 4));
        }
        sink.report(
            first.span,
            format!("The final image keeps the build-only packages {} installed here", names.join(", ")),
            "Build in an earlier stage and copy only the results into the final stage, or remove the tools in this \
             same RUN (`apt-get purge -y --auto-remove ...`, `apk add --virtual .build-deps ... && apk del .build-deps`).",
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    const CMD: &str = "CMD [\"app\"]\n";

    fn with_cmd(s: &str) -> String {
        format!("{s}{CMD}")
    }

    #[test]
    fn fires_on_kept_tools() {
        let src = with_cmd("FROM debian:12\nRUN apt-get update && apt-get install -y gcc make libpq-dev\n");
        let d = fires(&RULE, &src, 1);
        assert_eq!(d[0].span.text(&src), "gcc");
        assert!(d[0].message.contains("`make`") && d[0].message.contains("`libpq-dev`"), "{}", d[0].message);
        fires(&RULE, &with_cmd("FROM alpine:3\nRUN apk add --no-cache build-base git\n"), 1);
        fires(&RULE, &with_cmd("FROM python:3.12-slim\nRUN apt-get install -y git gcc\n"), 1);
        fires(&RULE, &with_cmd("FROM fedora:40\nRUN dnf install -y gcc-c++ python3-devel\n"), 1);
        fires(&RULE, &with_cmd("FROM centos:7\nRUN yum groupinstall -y \"Development Tools\"\n"), 1);
        fires(&RULE, &with_cmd("FROM opensuse/leap\nRUN zypper in -y cmake\n"), 1);
        fires(&RULE, &with_cmd("FROM debian:12\nRUN apt-get install -y gcc-12=12.2.0-14 g++-12\n"), 1);
        fires(&RULE, &with_cmd("FROM debian:12\nRUN <<EOF\napt-get install -y build-essential\nEOF\n"), 1);
        // removed in a later RUN: the layer still holds them
        fires(&RULE, &with_cmd("FROM debian:12\nRUN apt-get install -y gcc\nRUN apt-get purge -y gcc\n"), 1);
        // only part removed
        fires(&RULE, &with_cmd("FROM alpine:3\nRUN apk add gcc musl-dev && make && apk del gcc\n"), 1);
        // virtual group never deleted
        fires(&RULE, &with_cmd("FROM alpine:3\nRUN apk add --virtual .build-deps gcc && make\n"), 1);
        // a parent stage of the final stage ships its layers
        fires(&RULE, "FROM debian:12 AS base\nRUN apt-get install -y make\nFROM base\nCMD [\"x\"]\n", 1);
        fires(&RULE, "FROM debian:12\nRUN apt-get install -y gcc\nENTRYPOINT [\"x\"]\n", 1);
    }

    #[test]
    fn quiet_when_removed_or_not_shipped() {
        clean(&RULE, &with_cmd("FROM debian:12\nRUN apt-get install -y curl ca-certificates libpq5\n"));
        clean(
            &RULE,
            &with_cmd(
                "FROM debian:12\nRUN savedAptMark=\"$(apt-mark showmanual)\"; apt-get install -y gcc make; make; \
                 apt-mark auto '.*' > /dev/null; apt-mark manual $savedAptMark; \
                 apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false\n",
            ),
        );
        clean(&RULE, &with_cmd("FROM debian:12\nRUN apt-get install -y gcc && make && apt-get purge -y gcc\n"));
        clean(&RULE, &with_cmd("FROM debian:12\nRUN apt-get install -y gcc && make && apt-get autoremove -y\n"));
        clean(
            &RULE,
            &with_cmd("FROM alpine:3\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev && make && apk del --no-network .build-deps\n"),
        );
        clean(&RULE, &with_cmd("FROM alpine:3\nRUN apk add -t .deps gcc && make && apk del .deps\n"));
        clean(&RULE, &with_cmd("FROM fedora:40\nRUN dnf install -y gcc && make && dnf remove -y gcc\n"));
        // builder stages are not shipped
        clean(&RULE, "FROM debian:12 AS build\nRUN apt-get install -y gcc\nFROM debian:12\nCOPY --from=build /a /a\nCMD [\"x\"]\n");
        // base / toolchain images with no CMD or ENTRYPOINT
        clean(&RULE, "FROM debian:12\nRUN apt-get install -y gcc make git\n");
        clean(&RULE, &with_cmd("FROM debian:12\nRUN echo apt-get install gcc\n"));
        clean(&RULE, &with_cmd("FROM debian:12\nRUN apt-get install -y git openssh-client\n"));
        clean(&RULE, &with_cmd("FROM buildpack-deps:bookworm\nRUN apt-get install -y tk-dev uuid-dev\n"));
        clean(&RULE, &with_cmd("ARG V=3.12\nFROM python:${V}\nRUN apt-get install -y libpq-dev\n"));
        clean(&RULE, &with_cmd("FROM debian:12\nRUN apt-get install -y udev libdevmapper1.02.1\n"));
        clean(&RULE, &with_cmd("FROM debian:12\nSHELL [\"pwsh\", \"-c\"]\nRUN apt-get install -y gcc\n"));
    }

    #[test]
    fn reads_package_manager_lines() {
        let s = crate::shell::lex(
            "apt-get -o Dpkg::Options::=--force-confnew install -y --no-install-recommends gcc=1 make",
        );
        let c = OsPkgCall::parse(&s.commands[0]).unwrap();
        assert_eq!(c.action, OsAction::Install);
        let names: Vec<&str> = c.packages.iter().map(|w| package_name(&w.value)).collect();
        assert_eq!(names, ["gcc", "make"]);
        let s = crate::shell::lex("apk add --virtual=.b gcc");
        assert_eq!(OsPkgCall::parse(&s.commands[0]).unwrap().virtual_name, Some(".b"));
        let s = crate::shell::lex("apt-get purge -y --auto-remove");
        assert_eq!(OsPkgCall::parse(&s.commands[0]).unwrap().action, OsAction::RemoveAuto);
    }
}

//! SWD208 apk-package-not-pinned

use super::pkg_call::{check_pins, Manager};
use crate::diagnostic::{Category, Severity};
use crate::dockerfile::Instruction;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD208",
        name: "apk-package-not-pinned",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: false,
        summary: "`apk add` names a package without a version.",
        equivalents: &["hadolint:DL3018", "kics:unpinned_package_version_in_apk_add"],
        docs: rule_docs!(
            r#"## What it does
Finds packages that `apk add` installs by name alone, without `=version` or `~version`.
A lower bound (`pkg>1.2`) and a repository tag (`pkg@edge`) do not count as pins. Local `.apk`
files, virtual package names given to `--virtual`/`-t`, and packages named by variables are
not reported.

## Why is this bad?
Without a version, each build installs whatever the Alpine mirror holds that day, so two
builds of the same Dockerfile can differ. `~1.2` pins the release series and still accepts
fixes. Alpine keeps only the latest build of each package per branch, so exact pins break when
the package is updated, which is why this rule is off by default.

## Example
```dockerfile
FROM alpine:3.20
RUN apk add --no-cache curl
```

## Use instead
```dockerfile
FROM alpine:3.20
RUN apk add --no-cache curl~8.9
```
"#
        ),
    },
    check: crate::rules::Check::Each(crate::rules::Keywords::of(&[crate::dockerfile::Keyword::Run]), check),
};

fn check<'a>(ctx: &DockerfileCtx<'a>, i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    check_pins(
        ctx,
        i,
        ins,
        sink,
        &[Manager::Apk],
        |_, _| false,
        |_, p| {
            format!(
                "Pin the version: `{}=<version>`, or `{}~<major.minor>` to accept fixes within a series.",
                p.name, p.name
            )
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_unpinned_packages() {
        fires(&RULE, "FROM alpine\nRUN apk add --no-cache curl jq=1.7.1-r0 git@edge\n", 2);
        fires(&RULE, "FROM alpine\nRUN apk add --virtual .build-deps gcc \"musl-dev>1.2\"\n", 2);
        fires(&RULE, "FROM alpine\nRUN <<EOF\napk add curl\nEOF\n", 1);
    }

    #[test]
    fn quiet_on_pins_files_and_other_subcommands() {
        clean(&RULE, "FROM alpine\nRUN apk add --no-cache curl=8.9.1-r0 jq~1.7 ./x.apk $PKGS -t .deps\n");
        clean(&RULE, "FROM alpine\nRUN apk update && apk upgrade && apk del curl\n");
    }
}

//! SWD221 npm-package-not-pinned

use super::pkg_call::{check_pins, Manager};
use crate::diagnostic::{Category, Severity};
use crate::dockerfile::Instruction;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD221",
        name: "npm-package-not-pinned",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: false,
        summary: "`npm install` names a package without a version.",
        equivalents: &["hadolint:DL3016", "kics:npm_install_command_without_pinned_version"],
        docs: rule_docs!(
            r#"## What it does
Finds packages named on an `npm install` (`npm i`, `npm add`) command line without a version:
`pkg`, `@scope/pkg`, or a dist-tag such as `pkg@latest`. A version or range (`pkg@1.2.3`,
`pkg@^1`) counts as pinned. Bare `npm install` and `npm ci`, which install what
`package.json` and the lockfile say, are not this rule's business; local paths, tarballs,
git URLs and `user/repo` references are not reported.

## Why is this bad?
A package installed by name gets whatever npm's `latest` tag points to on the day of the build,
so two builds of the same Dockerfile can install different major versions. Global tools
(`npm install -g ...`) are the usual case. Pins need updates when tools release, which is why
this rule is off by default.

## Example
```dockerfile
FROM node:22-slim
RUN npm install -g pm2
```

## Use instead
```dockerfile
FROM node:22-slim
RUN npm install -g pm2@5.4.2
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
        &[Manager::Npm],
        |_, _| false,
        |_, p| format!("Pin the version: `{}@<version>` (`npm view {} version` shows the latest).", p.name, p.name),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_unpinned_packages() {
        fires(&RULE, "FROM node\nRUN npm install -g pm2 @angular/cli typescript@latest\n", 3);
        fires(&RULE, "FROM node\nRUN npm i --save-dev jest && npm add lodash\n", 2);
    }

    #[test]
    fn quiet_on_pins_files_and_other_subcommands() {
        clean(&RULE, "FROM node\nRUN npm install -g pm2@5.4.2 @angular/cli@17 typescript@^5 ./tools user/repo#v1 https://e.com/x.tgz\n");
        clean(&RULE, "FROM node\nRUN npm install && npm ci && npm install --omit=dev\n");
        clean(&RULE, "FROM node\nRUN yarn add lodash\n");
    }
}

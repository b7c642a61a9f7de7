//! SWD222 npm-install-instead-of-ci
//!
//! Also holds the lockfile lookup used by other npm rules.

use super::pkg_call::{basename, bind_mount_sources, glob_match, plain_word, Action, Manager, PkgCall};
use crate::diagnostic::{Category, Edit, Fix, Label, Severity};
use crate::dockerfile::model::run_scripts;
use crate::dockerfile::{Instruction, Keyword};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};
use crate::span::Span;

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD222",
        name: "npm-install-instead-of-ci",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Warning,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "`npm install` used where a lockfile is present; `npm ci` installs exactly what it pins.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Finds bare `npm install` commands (no package names, not `-g`) in stages where a
`package-lock.json` or `npm-shrinkwrap.json` was copied in earlier, by name or by a pattern
that matches it (`COPY package*.json ./`), in the stage itself or a stage it is built `FROM`,
or is bind-mounted into the same `RUN`.

## Why is this bad?
`npm install` treats the lockfile as a starting point: it may resolve newer versions within
the ranges of `package.json` and rewrite the lockfile, so the image can contain dependencies
nobody tested. `npm ci` installs exactly what the lockfile lists, fails when it does not match
`package.json`, and starts from an empty `node_modules`, which makes builds reproducible.

## Example
```dockerfile
FROM node:22-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install
```

## Use instead
```dockerfile
FROM node:22-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
```

## Fix safety
Unsafe: the fix replaces `install` with `ci`. `npm ci` fails when the lockfile is out of sync
with `package.json`, deletes an existing `node_modules` first, and may install different
versions than `npm install` resolved. No fix is offered when the subcommand word is quoted or
built from variables.
"#
        ),
    },
    check: crate::rules::Check::Each(crate::rules::Keywords::of(&[crate::dockerfile::Keyword::Run]), check),
};

const LOCKFILES: &[&str] = &["package-lock.json", "npm-shrinkwrap.json"];

/// Whether a COPY/ADD source or mount source can be an npm lockfile.
fn names_lockfile(src: &str) -> bool {
    let name = basename(src.trim_end_matches('/'));
    LOCKFILES.iter().any(|l| glob_match(name, l))
}

/// Where an npm lockfile enters the build before instruction `i` (same stage chain), or a
/// bind mount of one on the instruction itself.
///
/// `copies` is, per ONBUILD mode, where a lockfile was last copied before each instruction
/// (computed once per check with [`DockerfileCtx::last_matching_before`]).
pub(crate) fn lockfile_copied(ctx: &DockerfileCtx<'_>, i: usize, ins: &Instruction) -> Option<Span> {
    if bind_mount_sources(ins).iter().any(|s| names_lockfile(s)) {
        return Some(ins.keyword_span);
    }
    let ob = ins.keyword == Keyword::Onbuild;
    // where a lockfile was copied before each instruction (once per file)
    let last = ctx.memo("lockfile copied", ob, |_, p| lockfile_source(p).is_some());
    let k = last.get(i).copied().flatten()?;
    lockfile_source(ctx.df.instructions.get(k)?.effective())
}

/// The lockfile source word a COPY/ADD copies, if any.
fn lockfile_source(prev: &Instruction) -> Option<Span> {
    if !matches!(prev.keyword, Keyword::Copy | Keyword::Add) {
        return None;
    }
    let words = prev.arg_words();
    let (_, sources) = words.split_last()?;
    sources.iter().find(|w| names_lockfile(&w.value)).map(|w| w.span)
}

/// A bare `npm install` (no packages, not global), as opposed to `npm install pkg`.
pub(crate) fn bare_npm_install(call: &PkgCall<'_>) -> bool {
    call.manager == Manager::Npm
        && call.action() == Action::Install
        && call.subcommand() != Some("add")
        && call.packages().is_empty()
        && !call.has(&["-g", "--global"])
        && !call.opts.iter().any(|o| o.name == "--location" && o.value.as_deref() == Some("global"))
}

fn check<'a>(ctx: &DockerfileCtx<'a>, i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    let scripts = run_scripts(ins, ctx.posix_shell_at(i));
    let mut lock: Option<Option<Span>> = None;
    for script in scripts {
        for cmd in &script.commands {
            let Some(call) = ctx.pkg_call(cmd) else { continue };
            if !bare_npm_install(&call) || call.unknown_options {
                continue;
            }
            if call.has(&["--package-lock-only", "--no-package-lock"])
                || call.opts.iter().any(|o| o.name == "--package-lock" && o.value.as_deref() == Some("false"))
            {
                continue;
            }
            let Some(lockfile) = *lock.get_or_insert_with(|| lockfile_copied(ctx, i, ins)) else {
                continue;
            };
            let Some(sub) = call.sub_word() else { continue };
            let fix = plain_word(ctx.src, sub)
                .then(|| Fix::unsafe_("Replace `npm install` with `npm ci`", vec![Edit::replace(sub.span, "ci")]));
            sink.report(
                call.head_span(),
                format!("`npm {}` may resolve other versions than the lockfile copied into this stage", sub.value),
                "Use `npm ci`, which installs exactly what the lockfile pins and fails when it is out of date.",
                fix,
            )
            .labels
            .push(Label { span: lockfile, message: "the lockfile is copied here".into() });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_with_a_lockfile() {
        fires(&RULE, "FROM node\nCOPY package.json package-lock.json ./\nRUN npm install\n", 1);
        fires(&RULE, "FROM node\nCOPY package*.json ./\nRUN npm i --legacy-peer-deps\n", 1);
        fires(
            &RULE,
            "FROM node\nCOPY [\"package.json\", \"npm-shrinkwrap.json\", \"./\"]\nRUN npm install --production\n",
            1,
        );
        fires(&RULE, "FROM node AS deps\nCOPY app/package-lock.json ./\nFROM deps\nRUN npm install\n", 1);
        fires(
            &RULE,
            "FROM node\nRUN --mount=type=bind,source=package-lock.json,target=package-lock.json npm install\n",
            1,
        );
        fires(&RULE, "FROM node\nCOPY package*.json ./\nRUN <<EOF\nnpm install\nEOF\n", 1);
        fires(&RULE, "FROM node\nONBUILD COPY package*.json ./\nONBUILD RUN npm install\n", 1);
    }

    #[test]
    fn quiet_without_lockfile_or_with_packages() {
        clean(&RULE, "FROM node\nCOPY package.json ./\nRUN npm install\n");
        clean(&RULE, "FROM node\nCOPY package*.json ./\nRUN npm ci && npm install -g pm2@5 && npm install lodash\n");
        clean(&RULE, "FROM node\nCOPY package*.json ./\nRUN npm install -g && npm install --package-lock-only\n");
        clean(&RULE, "FROM node AS a\nCOPY package-lock.json ./\nFROM node\nRUN npm install\n");
        clean(&RULE, "FROM node\nRUN npm install\nCOPY package-lock.json ./\n");
        // an ONBUILD COPY happens in another build, after this RUN
        clean(&RULE, "FROM node\nONBUILD COPY package*.json ./\nRUN npm install\n");
        clean(&RULE, "FROM node\nCOPY package*.json ./\nRUN yarn install\n");
        clean(&RULE, "FROM node\nCOPY package*.json ./\nRUN [\"npm\", \"install\"]\n");
    }

    #[test]
    fn replaces_install_with_ci() {
        fixes_to(
            &RULE,
            "FROM node\nCOPY package*.json ./\nRUN npm install && npm run build\n",
            "FROM node\nCOPY package*.json ./\nRUN npm ci && npm run build\n",
        );
        fixes_to(
            &RULE,
            "FROM node\r\nCOPY package*.json ./\r\nRUN npm i \\\r\n  --omit=dev\r\n",
            "FROM node\r\nCOPY package*.json ./\r\nRUN npm ci \\\r\n  --omit=dev\r\n",
        );
        let d = fires(&RULE, "FROM node\nCOPY package*.json ./\nRUN npm install\n", 1);
        assert_eq!(d[0].fix.as_ref().map(|f| f.applicability), Some(crate::diagnostic::Applicability::Unsafe));
        no_fix(&RULE, "FROM node\nCOPY package*.json ./\nRUN npm 'install'\n");
    }
}

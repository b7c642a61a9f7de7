//! SWD225 yarn-cache-not-cleaned

use super::pkg_call::{basename, check_cache, env_value, removes_path, Action, CacheCheck, Manager, PkgCall};
use crate::diagnostic::{Category, Severity};
use crate::dockerfile::model::run_scripts;
use crate::dockerfile::Keyword;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD225",
        name: "yarn-cache-not-cleaned",
        target: Target::Dockerfile,
        category: Category::Efficiency,
        severity: Severity::Info,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "A `RUN` that runs `yarn install` leaves yarn's cache in the image.",
        equivalents: &["hadolint:DL3060"],
        docs: rule_docs!(
            r#"## What it does
Finds `RUN` instructions of the image's final stage (or of a stage it is built `FROM`) that run
`yarn install` (or bare `yarn`, `yarn add`, `yarn global add`) but neither run `yarn cache clean`
(or delete the cache directory) afterwards in the same `RUN` nor mount the cache
(`/usr/local/share/.cache/yarn`, any directory named like yarn's cache, or the
`YARN_CACHE_FOLDER` directory) as a `type=cache` or `type=tmpfs` mount. Projects on Yarn 2 or
later (an `.yarnrc.yml` or `.yarn/` copied in, `corepack`, `yarn set version`, or Berry-only
options such as `--immutable`) are left alone: with Plug'n'Play their cache is what the
application loads its packages from. Intermediate build stages are not checked.

## Why is this bad?
Yarn 1 keeps a copy of every package it downloads in its global cache
(`/usr/local/share/.cache/yarn` for root), often as large as `node_modules`. Nothing at run
time uses it, and cleaning it in a later `RUN` does not shrink the image because the earlier
layer still holds it.

## Example
```dockerfile
FROM node:22-slim
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile --production
```

## Use instead
```dockerfile
FROM node:22-slim
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile --production && yarn cache clean
```

## Fix safety
Safe: the fix appends `&& yarn cache clean` to the `RUN` command (or adds it as the last line of
a heredoc script). For Yarn 1 the cache only speeds up later installs. No fix is offered when
the commands are joined with `||`, `|` or `&`, when the line ends in a comment, or in other
cases where appending a command could change its meaning.
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

fn yarn_cache_dir(p: &str) -> bool {
    let l = p.to_ascii_lowercase();
    (l.contains("yarn") && l.contains("cache")) || l.ends_with("/.yarn") || l.ends_with("/.cache")
}

/// Signs of Yarn 2+ ("Berry") for the RUN at `i` and the stages before it.
fn berry(ctx: &DockerfileCtx<'_>, i: usize, call: &PkgCall<'_>) -> bool {
    if call.has(&[
        "--immutable",
        "--immutable-cache",
        "--check-cache",
        "--mode",
        "--inline-builds",
        "--refresh-lockfile",
    ]) {
        return true;
    }
    let uses_berry = |k: usize, ins: &crate::dockerfile::Instruction| match ins.keyword {
        Keyword::Copy | Keyword::Add => ins.arg_words().iter().any(|w| {
            let v = w.value.trim_end_matches('/');
            v.ends_with(".yarnrc.yml") || basename(v) == ".yarn" || v.contains(".yarn/")
        }),
        Keyword::Run => run_scripts(ins, ctx.posix_shell_at(k)).iter().any(|s| {
            s.commands.iter().any(|c| {
                let st = super::pkg_call::command_start(c);
                let name = c.words.get(st).map(|w| basename(&w.value));
                let sub = c.words.get(st + 1).map(|w| w.value.as_str());
                let sub2 = c.words.get(st + 2).map(|w| w.value.as_str());
                name == Some("corepack") || (name == Some("yarn") && sub == Some("set") && sub2 == Some("version"))
            })
        }),
        _ => false,
    };
    let Some(here) = ctx.df.instructions.get(i) else { return false };
    if uses_berry(i, here) {
        return true;
    }
    let onbuild = here.keyword == Keyword::Onbuild;
    ctx.memo("yarn-berry", onbuild, uses_berry).get(i).copied().flatten().is_some()
}

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    check_cache(
        ctx,
        sink,
        &CacheCheck {
            fills: |c| c.manager == Manager::Yarn && c.action() == Action::Install,
            empties: |cmd, call| {
                removes_path(cmd, yarn_cache_dir)
                    || call.is_some_and(|c| c.manager == Manager::Yarn && c.action() == Action::Clean)
            },
            mount: |ctx, i, t| {
                yarn_cache_dir(t)
                    || env_value(ctx, i, "YARN_CACHE_FOLDER").is_some_and(|d| d.trim_end_matches('/') == t)
            },
            skip: berry,
            cleanup: |_| "yarn cache clean".to_string(),
            message: |c| {
                let what = match (c.global_scope, c.subcommand()) {
                    (true, Some(s)) => format!("yarn global {s}"),
                    (_, Some(s)) => format!("yarn {s}"),
                    (_, None) => "yarn".to_string(),
                };
                format!("`{what}` leaves yarn's package cache in the image layer")
            },
            help: |_, cleanup| {
                format!(
                    "Append `&& {cleanup}` to this RUN, or mount the cache: \
                     `RUN --mount=type=cache,target=/usr/local/share/.cache/yarn ...`."
                )
            },
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_when_cache_stays() {
        fires(&RULE, "FROM node\nRUN yarn install --frozen-lockfile\n", 1);
        fires(&RULE, "FROM node\nRUN yarn && yarn build\n", 1);
        fires(&RULE, "FROM node\nRUN yarn global add serve@14\n", 1);
        fires(&RULE, "FROM node\nRUN <<EOF\nyarn install\nEOF\n", 1);
        fires(&RULE, "FROM node\nRUN yarn install\nRUN yarn cache clean\n", 1);
        fires(&RULE, "FROM node AS base\nRUN yarn --cwd app install\nFROM base\n", 1);
    }

    #[test]
    fn quiet_when_cleaned_mounted_berry_or_not_shipped() {
        clean(&RULE, "FROM node\nRUN yarn install && yarn cache clean\n");
        clean(&RULE, "FROM node\nRUN yarn install && yarn cache clean --force\n");
        clean(&RULE, "FROM node\nRUN yarn install && rm -rf /usr/local/share/.cache/yarn\n");
        clean(&RULE, "FROM node\nRUN yarn install && rm -rf \"$(yarn cache dir)\"\n");
        clean(&RULE, "FROM node\nRUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install\n");
        clean(&RULE, "FROM node\nENV YARN_CACHE_FOLDER=/ycache\nRUN --mount=type=cache,target=/ycache yarn\n");
        clean(&RULE, "FROM node\nCOPY .yarnrc.yml package.json yarn.lock ./\nRUN yarn install\n");
        clean(&RULE, "FROM node\nRUN corepack enable && yarn install\n");
        clean(&RULE, "FROM node\nRUN yarn install --immutable\n");
        clean(&RULE, "FROM node AS build\nRUN yarn install\nFROM node\nCOPY --from=build /a /a\n");
        clean(&RULE, "FROM node\nRUN yarn build && yarn test\n");
        clean(&RULE, "FROM node\nRUN npm ci\n");
    }

    #[test]
    fn appends_cache_clean() {
        fixes_to(
            &RULE,
            "FROM node\nRUN yarn install --frozen-lockfile\n",
            "FROM node\nRUN yarn install --frozen-lockfile && yarn cache clean\n",
        );
        fixes_to(
            &RULE,
            "FROM node\r\nRUN <<EOF\r\nyarn\r\nyarn build\r\nEOF\r\n",
            "FROM node\r\nRUN <<EOF\r\nyarn\r\nyarn build\r\nyarn cache clean\r\nEOF\r\n",
        );
        no_fix(&RULE, "FROM node\nRUN yarn install # deps\n");
    }
}

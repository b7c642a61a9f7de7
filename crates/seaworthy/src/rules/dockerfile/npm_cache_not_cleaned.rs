//! SWD224 npm-cache-not-cleaned

use super::pkg_call::{check_cache, env_value, removes_path, Action, CacheCheck, Manager};
use crate::diagnostic::{Category, Severity};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD224",
        name: "npm-cache-not-cleaned",
        target: Target::Dockerfile,
        category: Category::Efficiency,
        severity: Severity::Info,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "A `RUN` that installs with npm leaves npm's cache in the image.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Finds `RUN` instructions of the image's final stage (or of a stage it is built `FROM`) that
run `npm install` or `npm ci` but neither run `npm cache clean --force` (or delete `~/.npm`)
afterwards in the same `RUN` nor mount npm's cache directory (`/root/.npm`, any `.npm`
directory, or the `npm_config_cache` directory) as a `type=cache` or `type=tmpfs` mount.
Intermediate build stages are not checked: their layers are not shipped.

## Why is this bad?
npm keeps a copy of every package tarball it downloads under `~/.npm/_cacache`, often as
large as `node_modules` itself. Nothing in the running container uses it, and cleaning it in
a later `RUN` does not shrink the image because the earlier layer still holds it.

## Example
```dockerfile
FROM node:22-slim
RUN npm install -g pm2@5.4.2
```

## Use instead
```dockerfile
FROM node:22-slim
RUN npm install -g pm2@5.4.2 && npm cache clean --force
```

## Fix safety
Safe: the fix appends `&& npm cache clean --force` to the `RUN` command (or adds it as the last
line of a heredoc script). The cache only speeds up later downloads; npm fetches packages again
when it next needs them. No fix is offered when the commands are joined with `||`, `|` or `&`,
when the line ends in a comment, or in other cases where appending a command could change its
meaning.
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

fn npm_cache_dir(p: &str) -> bool {
    p.ends_with("/.npm") || p.contains("/.npm/") || p == "/root" || p.ends_with("/_cacache")
}

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    check_cache(
        ctx,
        sink,
        &CacheCheck {
            fills: |c| c.manager == Manager::Npm && matches!(c.action(), Action::Install | Action::Ci),
            empties: |cmd, call| {
                removes_path(cmd, npm_cache_dir)
                    || call.is_some_and(|c| c.manager == Manager::Npm && c.action() == Action::Clean)
            },
            mount: |ctx, i, t| {
                t.contains("npm")
                    || ["npm_config_cache", "NPM_CONFIG_CACHE"]
                        .iter()
                        .any(|n| env_value(ctx, i, n).is_some_and(|d| d.trim_end_matches('/') == t))
            },
            skip: |_, _, _| false,
            cleanup: |_| "npm cache clean --force".to_string(),
            message: |c| {
                format!("`npm {}` leaves npm's download cache in the image layer", c.subcommand().unwrap_or("install"))
            },
            help: |_, cleanup| {
                format!(
                    "Append `&& {cleanup}` to this RUN, or mount the cache: \
                     `RUN --mount=type=cache,target=/root/.npm ...`."
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
        fires(&RULE, "FROM node\nRUN npm ci --omit=dev\n", 1);
        fires(&RULE, "FROM node\nRUN npm install -g pm2 && npm install -g serve\n", 1);
        fires(&RULE, "FROM node\nRUN <<EOF\nnpm ci\nEOF\n", 1);
        fires(&RULE, "FROM node\nRUN npm cache clean --force && npm ci\n", 1);
        fires(&RULE, "FROM node\nRUN npm ci\nRUN npm cache clean --force\n", 1);
        fires(&RULE, "FROM node AS base\nRUN npm ci\nFROM base\n", 1);
    }

    #[test]
    fn quiet_when_cleaned_mounted_or_not_shipped() {
        clean(&RULE, "FROM node\nRUN npm ci && npm cache clean --force\n");
        clean(&RULE, "FROM node\nRUN npm ci && rm -rf ~/.npm\n");
        clean(&RULE, "FROM node\nRUN npm ci && rm -rf /root/.npm/_cacache\n");
        clean(&RULE, "FROM node\nUSER node\nRUN npm ci && rm -rf /home/node/.npm\n");
        clean(&RULE, "FROM node\nRUN --mount=type=cache,target=/root/.npm npm ci\n");
        clean(&RULE, "FROM node\nENV npm_config_cache=/tmp/c\nRUN --mount=type=cache,target=/tmp/c npm ci\n");
        clean(&RULE, "FROM node AS build\nRUN npm ci\nFROM node\nCOPY --from=build /a /a\n");
        clean(&RULE, "FROM node\nRUN npm run build && npm prune\n");
        clean(&RULE, "FROM node\nRUN [\"npm\", \"ci\"]\n");
    }

    #[test]
    fn appends_cache_clean() {
        fixes_to(&RULE, "FROM node\nRUN npm ci\n", "FROM node\nRUN npm ci && npm cache clean --force\n");
        fixes_to(
            &RULE,
            "FROM node\r\nRUN npm install -g pm2 \\\r\n && pm2 --version\r\n",
            "FROM node\r\nRUN npm install -g pm2 \\\r\n && pm2 --version && npm cache clean --force\r\n",
        );
        fixes_to(
            &RULE,
            "FROM node\nRUN <<EOF\nnpm ci\nEOF\n",
            "FROM node\nRUN <<EOF\nnpm ci\nnpm cache clean --force\nEOF\n",
        );
        no_fix(&RULE, "FROM node\nRUN npm ci || npm install\n");
    }
}

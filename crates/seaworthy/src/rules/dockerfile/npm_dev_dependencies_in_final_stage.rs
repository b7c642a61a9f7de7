//! SWD223 npm-dev-dependencies-in-final-stage

use super::npm_install_instead_of_ci::bare_npm_install;
use super::pkg_call::{env_value, inline_env, plain_word, Action, Manager, PkgCall};
use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::dockerfile::model::run_scripts;
use crate::dockerfile::Instruction;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};
use crate::shell::Command;

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD223",
        name: "npm-dev-dependencies-in-final-stage",
        target: Target::Dockerfile,
        category: Category::Efficiency,
        severity: Severity::Warning,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "The final image installs npm devDependencies.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Finds `npm ci` and bare `npm install` commands in the image's final stage (or a stage it is
built `FROM`) that install devDependencies: no `--omit=dev`, `--only=production` or
`--production`, no `NODE_ENV=production` (from an earlier `ENV` or `ARG` of the stage, on the
command, or exported before it), no `NPM_CONFIG_OMIT=dev`/`NPM_CONFIG_PRODUCTION=true`, and no
`npm prune --omit=dev` (or `--production`) later in the same `RUN`. A `NODE_ENV` set from a
build argument (`ENV NODE_ENV=$NODE_ENV`) counts as production, since the person building
chooses it, and a final stage named for development or tests (`dev`, `development`,
`dev-envs`, `test`, `debug`) is left alone.

## Why is this bad?
devDependencies are test runners, bundlers, type checkers and linters. A production image
does not run them, yet they often make up most of `node_modules`: they add size and bring
packages with known vulnerabilities into the shipped image. Build with all dependencies in an
earlier stage, and install only production dependencies in the final one.

## Example
```dockerfile
FROM node:22-slim
WORKDIR /app
COPY package*.json ./
RUN npm ci
COPY . .
CMD ["node", "server.js"]
```

## Use instead
```dockerfile
FROM node:22-slim
WORKDIR /app
COPY package*.json ./
RUN npm ci --omit=dev
COPY . .
CMD ["node", "server.js"]
```

## Fix safety
Unsafe: the fix inserts `--omit=dev` after the subcommand. Anything in the image that needs a
devDependency at build or run time (a build script, `ts-node`, a test) stops working. No fix
is offered when a later `RUN` of the stage runs an npm script or `npx`, which usually need
devDependencies; move the build to an earlier stage instead.
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

/// Whether npm is told to leave devDependencies out.
fn omits_dev(call: &PkgCall<'_>) -> bool {
    call.opts.iter().any(|o| match o.name.as_str() {
        "--omit" => o.value.as_deref().is_some_and(|v| v.split(',').any(|x| x.trim() == "dev")),
        "--only" => o.value.as_deref().is_some_and(|v| v.starts_with("prod")),
        "--production" | "--prod" => o.value.as_deref().is_none_or(|v| v != "false"),
        "--include" => false,
        _ => false,
    })
}

/// Whether `value` of an environment variable `name` means "production only" (or is set
/// from a build argument, so the person building decides).
fn env_means_production(name: &str, value: &str) -> bool {
    let v = value.trim().to_ascii_lowercase();
    if v.contains('$') {
        return true;
    }
    match name {
        "NODE_ENV" => v == "production",
        "NPM_CONFIG_PRODUCTION" | "npm_config_production" => matches!(v.as_str(), "true" | "1"),
        _ => v.split(',').any(|x| x.trim() == "dev"),
    }
}

const ENV_NAMES: &[&str] =
    &["NODE_ENV", "NPM_CONFIG_OMIT", "npm_config_omit", "NPM_CONFIG_PRODUCTION", "npm_config_production"];

/// `npm prune --omit=dev` / `npm prune --production`.
fn prunes_dev<'a>(ctx: &DockerfileCtx<'a>, cmd: &'a Command) -> bool {
    ctx.pkg_call(cmd).is_some_and(|c| c.manager == Manager::Npm && c.subcommand() == Some("prune") && omits_dev(&c))
}

/// Whether instructions after `i` in its stage run npm scripts or npx. The last instruction of
/// each stage that does is found once per file, so the rule stays linear.
fn scripts_follow(ctx: &DockerfileCtx<'_>, i: usize) -> bool {
    let Some(si) = ctx.model.stage_of(i) else { return false };
    let last = ctx.memo_with(("last npm-script RUN per stage", false), || {
        let runs = |k: usize| {
            ctx.df.instructions.get(k).is_some_and(|ins| {
                run_scripts(ins, ctx.posix_shell_at(k)).iter().any(|s| s.commands.iter().any(runs_npm_script))
            })
        };
        ctx.model.stages.iter().map(|st| (st.from..st.end).rev().find(|&k| runs(k))).collect()
    });
    last.get(si).copied().flatten().is_some_and(|k| k > i)
}

fn runs_npm_script(cmd: &Command) -> bool {
    let start = super::pkg_call::command_start(cmd);
    let Some(name) = cmd.words.get(start).map(|w| super::pkg_call::basename(&w.value)) else { return false };
    let sub = cmd.words.get(start + 1).map(|w| w.value.as_str());
    name == "npx" || (name == "npm" && matches!(sub, Some("run" | "run-script" | "test" | "t" | "exec" | "x")))
}

/// A final stage named for development or tests (`dev`, `development`, `dev-envs`, `test`).
fn development_image(ctx: &DockerfileCtx<'_>) -> bool {
    ctx.model.final_stage().and_then(|s| s.name.as_deref()).is_some_and(|n| {
        n.split(['-', '_', '.']).any(|p| {
            matches!(p, "dev" | "development" | "devcontainer" | "test" | "tests" | "testing" | "debug" | "local")
        })
    })
}

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    if development_image(ctx) {
        return;
    }
    for (i, ins) in ctx.shipped_instructions() {
        check_at(ctx, i, ins, sink);
    }
}

fn check_at<'a>(ctx: &DockerfileCtx<'a>, i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    if ENV_NAMES.iter().any(|n| env_value(ctx, i, n).is_some_and(|v| env_means_production(n, &v))) {
        return;
    }
    let scripts = run_scripts(ins, ctx.posix_shell_at(i));
    for script in scripts {
        // the last `npm prune` of the script, found once on first need (linear in commands)
        let mut last_prune: Option<Option<usize>> = None;
        for (k, cmd) in script.commands.iter().enumerate() {
            let Some(call) = ctx.pkg_call(cmd) else { continue };
            let is_ci = call.manager == Manager::Npm && call.action() == Action::Ci;
            if !(is_ci || bare_npm_install(&call)) || call.unknown_options || omits_dev(&call) {
                continue;
            }
            let earlier = script.commands.get(..k).unwrap_or(&[]);
            if ENV_NAMES.iter().any(|n| inline_env(cmd, earlier, n).is_some_and(|v| env_means_production(n, v))) {
                continue;
            }
            let pruned_at = *last_prune.get_or_insert_with(|| script.commands.iter().rposition(|c| prunes_dev(ctx, c)));
            if pruned_at.is_some_and(|p| p > k) {
                continue;
            }
            let Some(sub) = call.sub_word() else { continue };
            let fix = (plain_word(ctx.src, sub) && !scripts_follow(ctx, i)).then(|| {
                Fix::unsafe_(
                    format!("Add `--omit=dev` to `npm {}`", sub.value),
                    vec![Edit::insert(sub.span.end, " --omit=dev")],
                )
            });
            sink.report(
                call.head_span(),
                format!("`npm {}` in the final stage also installs devDependencies", sub.value),
                "Install production dependencies only (`npm ci --omit=dev`), and build in an earlier stage \
                 that installs everything.",
                fix,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_in_the_final_stage() {
        fires(&RULE, "FROM node\nCOPY package*.json ./\nRUN npm ci\n", 1);
        fires(&RULE, "FROM node\nRUN npm install && npm ci --include=dev\n", 2);
        fires(&RULE, "FROM node\nENV NODE_ENV=development\nRUN npm ci\n", 1);
        fires(&RULE, "FROM node\nRUN npm ci --production=false\n", 1);
        fires(&RULE, "FROM node AS base\nRUN npm ci\nFROM base\nCMD [\"node\", \"s.js\"]\n", 1);
        fires(&RULE, "FROM node\nRUN <<EOF\nnpm ci\nEOF\n", 1);
        fires(&RULE, "FROM node\nONBUILD RUN npm ci\n", 1);
        // pruning in a later RUN does not shrink the earlier layer
        fires(&RULE, "FROM node\nRUN npm ci\nRUN npm prune --omit=dev\n", 1);
    }

    #[test]
    fn quiet_for_production_installs_and_build_stages() {
        clean(&RULE, "FROM node\nRUN npm ci --omit=dev && npm ci --omit dev,optional\n");
        clean(&RULE, "FROM node\nRUN npm ci --only=production && npm install --production\n");
        clean(&RULE, "FROM node\nENV NODE_ENV=production\nRUN npm ci\n");
        clean(&RULE, "FROM node AS base\nENV NODE_ENV production\nFROM base\nRUN npm ci\n");
        clean(&RULE, "FROM node\nARG NODE_ENV=production\nRUN npm install\n");
        clean(&RULE, "FROM node\nRUN NODE_ENV=production npm ci\n");
        clean(&RULE, "FROM node\nRUN export NODE_ENV=production && npm ci\n");
        clean(&RULE, "FROM node\nENV NPM_CONFIG_OMIT=dev\nRUN npm ci\n");
        clean(&RULE, "FROM node\nRUN npm ci && npm run build && npm prune --omit=dev\n");
        clean(&RULE, "FROM node AS build\nRUN npm ci && npm run build\nFROM node\nCOPY --from=build /app /app\n");
        clean(&RULE, "FROM node\nRUN npm install -g pm2 && npm install lodash\n");
        clean(&RULE, "FROM node\nRUN yarn install\n");
        clean(&RULE, "FROM node\nONBUILD ARG NODE_ENV\nONBUILD ENV NODE_ENV $NODE_ENV\nONBUILD RUN npm install\n");
        clean(&RULE, "FROM node\nARG NODE_ENV\nENV NODE_ENV=${NODE_ENV:-production}\nRUN npm ci\n");
        clean(&RULE, "FROM node AS base\nRUN npm ci\nFROM base AS dev-envs\nCMD [\"npm\", \"start\"]\n");
    }

    #[test]
    fn inserts_omit_dev() {
        fixes_to(
            &RULE,
            "FROM node\nCOPY package*.json ./\nRUN npm ci\n",
            "FROM node\nCOPY package*.json ./\nRUN npm ci --omit=dev\n",
        );
        fixes_to(
            &RULE,
            "FROM node\r\nRUN npm install \\\r\n  --no-audit\r\n",
            "FROM node\r\nRUN npm install --omit=dev \\\r\n  --no-audit\r\n",
        );
        // a later build script needs the devDependencies: no fix
        no_fix(&RULE, "FROM node\nRUN npm ci\nCOPY . .\nRUN npm run build\n");
        no_fix(&RULE, "FROM node\nRUN npm \"ci\"\n");
    }
}

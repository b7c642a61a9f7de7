//! SWD411 node-env-not-production

use super::base_image_not_pinned_by_digest::final_base;
use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::dockerfile::model::ImageRef;
use crate::dockerfile::{Args, Instruction, Keyword};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};
use crate::span::Span;

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD411",
        name: "node-env-not-production",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Info,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "A Node.js image does not set `NODE_ENV=production`.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports a final image that runs a Node.js application but does not set
`ENV NODE_ENV=production` (in the final stage or the stages it is built `FROM`). An image runs
a Node.js application when its `CMD` or `ENTRYPOINT` starts `node <script>`, `npm start`,
`yarn start`, `pnpm start` or `pm2-runtime`, or when it is built on a `node` image and runs
something other than the bare `node` REPL that image starts by default (a Dockerfile that
only extends `node:*` without a command of its own is a base image, and is not reported).
`NODE_ENV` set from a variable is not reported, nor are images meant for development (a stage
of the final image named `dev`, `development`, `debug`, `test`... as in `FROM base AS dev`) and
templates for other images (with `ONBUILD` instructions: `NODE_ENV` is then the application
Dockerfile's decision).

## Why is this bad?
Many libraries switch behaviour on `NODE_ENV`: Express caches view templates and hides stack
traces from error pages only in production, React and other front-end builds drop their
development checks, and `npm ci`/`npm install` skip `devDependencies`. Without it the
container runs in development mode: slower, more verbose, and sometimes leaking internals to
clients. `NODE_ENV` set in a `RUN` or an `ARG` does not reach the running container.

## Example
```dockerfile
FROM node:22-slim
WORKDIR /app
COPY . .
RUN npm ci --omit=dev
CMD ["node", "server.js"]
```

## Use instead
```dockerfile
FROM node:22-slim
WORKDIR /app
COPY . .
RUN npm ci --omit=dev
ENV NODE_ENV=production
CMD ["node", "server.js"]
```

## Fix safety
The fix inserts `ENV NODE_ENV=production` after the final stage's last `RUN` (before its
`CMD`/`ENTRYPOINT`, or at its end), so build steps are unaffected. It is **unsafe**: the
application's behaviour changes, which is the purpose, but it can reveal code that relied on
development mode. No fix is offered when `NODE_ENV` is already set to another value.
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

fn base(w: &str) -> &str {
    crate::shell::base_name(w)
}

/// The command words of a CMD/ENTRYPOINT (exec items, or the shell-form words).
fn command_words(ins: &Instruction) -> Vec<(String, Span)> {
    match &ins.args {
        Args::Json { items, .. } => items.iter().map(|w| (w.value.clone(), w.span)).collect(),
        Args::Shell { text, .. } => {
            let mut words: Vec<(String, Span)> =
                text.value.split_whitespace().map(|w| (w.to_string(), text.span)).collect();
            if words.first().is_some_and(|(w, _)| w == "exec") {
                words.remove(0);
            }
            words
        }
        _ => Vec::new(),
    }
}

/// Where a command starts a Node.js application, if it does.
fn runs_node_app(words: &[(String, Span)]) -> Option<Span> {
    let (first, span) = words.first()?;
    let name = base(first);
    let rest: Vec<&str> = words.iter().skip(1).map(|(w, _)| w.as_str()).collect();
    let app = match name {
        "node" | "nodejs" => rest.iter().any(|a| !a.starts_with('-')),
        "npm" | "yarn" | "pnpm" => rest.first() == Some(&"start") || rest.get(..2) == Some(&["run", "start"][..]),
        "pm2-runtime" => true,
        _ => false,
    };
    app.then_some(*span)
}

fn is_node_image(image: &str) -> bool {
    let r = ImageRef::parse(image);
    base(&r.name).eq_ignore_ascii_case("node")
}

/// Stage name parts that mark an image built for development or tests.
const DEV_PARTS: &[&str] = &["dev", "devel", "development", "debug", "test", "tests", "testing", "devcontainer"];

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    let Some(fin) = ctx.model.final_stage() else { return };
    // a development image, or a template for other images (ONBUILD): their business
    let dev = ctx
        .final_chain()
        .iter()
        .filter_map(|&s| ctx.model.stages.get(s)?.name.as_deref())
        .any(|n| n.split(['-', '_', '.']).any(|p| DEV_PARTS.contains(&p)));
    if dev || ctx.final_image_instructions_rev().any(|(_, i)| i.keyword == Keyword::Onbuild) {
        return;
    }
    let last = |k: Keyword| ctx.final_image_instructions_rev().find(|(_, i)| i.keyword == k).map(|(_, i)| i);
    let entry = last(Keyword::Entrypoint).map(command_words).unwrap_or_default();
    let cmd = last(Keyword::Cmd).map(command_words).unwrap_or_default();
    let app = runs_node_app(&entry).or_else(|| runs_node_app(&cmd));
    let node_base = final_base(ctx).is_some_and(|(_, image)| is_node_image(image));
    // the node image's own default: `docker-entrypoint.sh` + `node` (the REPL)
    let entry_default = entry.is_empty() || entry.first().is_some_and(|(w, _)| base(w) == "docker-entrypoint.sh");
    let cmd_default = cmd.is_empty() || (cmd.len() == 1 && cmd.first().is_some_and(|(w, _)| base(w) == "node"));
    if app.is_none() && !(node_base && !(entry_default && cmd_default)) {
        return;
    }
    // the value NODE_ENV has in the final image
    let mut current: Option<String> = None;
    'find: for (_, ins) in ctx.final_image_instructions_rev() {
        if ins.keyword != Keyword::Env {
            continue;
        }
        let Args::Pairs { pairs } = &ins.args else { continue };
        for kv in pairs.iter().rev() {
            if kv.key.value == "NODE_ENV" {
                current = Some(kv.unquoted_value(ctx.df.escape).unwrap_or_default());
                break 'find;
            }
        }
    }
    let current = current.map(|v| v.trim().to_string());
    if current.as_deref().is_some_and(|v| v == "production" || v.contains('$')) {
        return;
    }
    let span = app.unwrap_or(fin.base.span);
    let fix = if current.is_some() { None } else { Some(insert_env(ctx, fin.from, fin.end)) };
    let message = match &current {
        Some(v) => format!("The final image runs Node.js with `NODE_ENV={v}`"),
        None => "The final image runs Node.js without `NODE_ENV=production`".to_string(),
    };
    sink.report(
        span,
        message,
        "Add `ENV NODE_ENV=production` to the final stage, after the build steps and before CMD.",
        fix.flatten(),
    );
}

/// Inserts `ENV NODE_ENV=production` after the final stage's last RUN: before the first
/// CMD/ENTRYPOINT that follows it, or after the stage's last instruction.
fn insert_env(ctx: &DockerfileCtx<'_>, from: usize, end: usize) -> Option<Fix> {
    let stage = ctx.df.instructions.get(from..end)?;
    let after_run = stage.iter().rposition(|i| i.keyword == Keyword::Run).map_or(0, |p| p + 1);
    let eol = ctx.eol();
    let edit = match stage.iter().skip(after_run).find(|i| matches!(i.keyword, Keyword::Cmd | Keyword::Entrypoint)) {
        Some(target) => {
            let line_start = ctx.src.get(..target.span.start)?.rfind('\n').map_or(0, |p| p + 1);
            Edit::insert(line_start, format!("ENV NODE_ENV=production{eol}"))
        }
        None => Edit::insert(stage.last()?.span.end, format!("{eol}ENV NODE_ENV=production")),
    };
    Some(Fix::unsafe_("Add `ENV NODE_ENV=production`", vec![edit]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_node_apps() {
        let src = "FROM node:22-slim\nCMD [\"node\", \"server.js\"]\n";
        let d = fires(&RULE, src, 1);
        assert_eq!(d[0].span.text(src), "\"node\"");
        fires(&RULE, "FROM debian:12\nCMD npm start\n", 1);
        fires(&RULE, "FROM a:1\nENTRYPOINT [\"/usr/local/bin/node\", \"dist/index.js\"]\n", 1);
        fires(&RULE, "FROM a:1\nCMD [\"yarn\", \"run\", \"start\"]\n", 1);
        fires(&RULE, "FROM node:22 AS base\nENV NODE_ENV=production\nFROM node:22\nCMD [\"node\", \"a.js\"]\n", 1);
        fires(&RULE, "FROM node:22-alpine\nENTRYPOINT [\"my-cli\"]\n", 1);
        let d = fires(&RULE, "FROM node:22\nENV NODE_ENV=development\nCMD [\"node\", \"a.js\"]\n", 1);
        assert!(d[0].message.contains("development") && d[0].fix.is_none());
    }

    #[test]
    fn quiet_when_set_or_not_node() {
        clean(&RULE, "FROM node:22\nENV NODE_ENV=production\nCMD [\"node\", \"a.js\"]\n");
        clean(&RULE, "FROM node:22\nENV NODE_ENV production\nCMD [\"node\", \"a.js\"]\n");
        clean(&RULE, "FROM node:22 AS base\nENV NODE_ENV=\"production\"\nFROM base\nCMD [\"node\", \"a.js\"]\n");
        clean(&RULE, "FROM node:22\nARG NODE_ENV=production\nENV NODE_ENV=$NODE_ENV\nCMD [\"node\", \"a.js\"]\n");
        clean(&RULE, "FROM python:3.12\nCMD [\"python\", \"app.py\"]\n");
        clean(&RULE, "FROM node:22 AS build\nRUN npm run build\nFROM nginx:1.27\nCOPY --from=build /app/dist /usr/share/nginx/html\n");
        // a Node.js base image with its default command
        clean(&RULE, "FROM node:22\nRUN npm i -g pnpm\n");
        clean(&RULE, "FROM alpine:3.20\nENTRYPOINT [\"docker-entrypoint.sh\"]\nCMD [\"node\"]\n");
        clean(&RULE, "FROM node:22\nENTRYPOINT [\"docker-entrypoint.sh\"]\nCMD [ \"node\" ]\n");
        clean(
            &RULE,
            "FROM node:22 AS development\nCMD [\"npm\", \"run\", \"dev\"]\nFROM development AS dev-envs\nRUN x\n",
        );
        clean(&RULE, "FROM node:22\nONBUILD COPY . /app\nONBUILD RUN npm install\nCMD [\"npm\", \"start\"]\n");
    }

    #[test]
    fn inserts_env_after_the_build_steps() {
        fixes_to(
            &RULE,
            "FROM node:22\nRUN npm ci\nCMD [\"node\", \"a.js\"]\n",
            "FROM node:22\nRUN npm ci\nENV NODE_ENV=production\nCMD [\"node\", \"a.js\"]\n",
        );
        fixes_to(
            &RULE,
            "FROM node:22\r\nENTRYPOINT [\"tini\", \"--\"]\r\nRUN npm ci\r\nEXPOSE 3000\r\nCMD [\"node\", \"a.js\"]\r\n",
            "FROM node:22\r\nENTRYPOINT [\"tini\", \"--\"]\r\nRUN npm ci\r\nEXPOSE 3000\r\nENV NODE_ENV=production\r\nCMD [\"node\", \"a.js\"]\r\n",
        );
        fixes_to(
            &RULE,
            "FROM node:22 AS base\nCMD [\"node\", \"a.js\"]\nFROM base\nRUN npm ci",
            "FROM node:22 AS base\nCMD [\"node\", \"a.js\"]\nFROM base\nRUN npm ci\nENV NODE_ENV=production",
        );
    }
}

//! SWD207 apk-cache-kept

use super::pkg_call::{cache_mount, plain_word, removes_path, Action, Manager, PkgCall};
use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::dockerfile::model::run_scripts;
use crate::dockerfile::Instruction;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD207",
        name: "apk-cache-kept",
        target: Target::Dockerfile,
        category: Category::Efficiency,
        severity: Severity::Info,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "`apk add` without `--no-cache` leaves the package index in the image.",
        equivalents: &["hadolint:DL3019", "trivy:DS-0025", "kics:apk_add_using_local_cache_path"],
        docs: rule_docs!(
            r#"## What it does
Finds `apk add` commands without `--no-cache` in `RUN` instructions of the image's final stage
(or of a stage it is built `FROM`). `apk add --no-network`, which downloads nothing, is not
reported. A `RUN` that deletes `/var/cache/apk/*` after installing,
runs `apk cache clean`, or mounts `/var/cache/apk` (or `/etc/apk/cache`) as a `type=cache` or
`type=tmpfs` mount is accepted. Intermediate build stages are not checked: their layers are
not shipped.

## Why is this bad?
Without `--no-cache`, apk stores the repository indexes it downloads under `/var/cache/apk`,
a few megabytes that stay in the layer although nothing at run time needs them. With
`--no-cache` apk fetches the indexes into a temporary place and removes them, which also makes
a separate `apk update` unnecessary.

## Example
```dockerfile
FROM alpine:3.20
RUN apk add curl
```

## Use instead
```dockerfile
FROM alpine:3.20
RUN apk add --no-cache curl
```

## Fix safety
Safe: the fix inserts `--no-cache` after `add`. apk then installs the same packages from the
same repositories; only the index files are not kept. No fix is offered when the `add` word is
quoted or built from variables.
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

/// `/var/cache/apk`, or `/etc/apk/cache` (a link to it when caching is on).
fn apk_cache_dir(p: &str) -> bool {
    let p = p.trim_end_matches('/');
    p == "/var/cache/apk" || p == "/etc/apk/cache" || p == "/var/cache"
}

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    for (i, ins) in ctx.shipped_instructions() {
        check_at(ctx, i, ins, sink);
    }
}

fn check_at<'a>(ctx: &DockerfileCtx<'a>, i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    if cache_mount(ins, apk_cache_dir) {
        return;
    }
    let scripts = run_scripts(ins, ctx.posix_shell_at(i));
    let mut pending: Vec<std::rc::Rc<PkgCall<'_>>> = Vec::new();
    for script in scripts {
        for cmd in &script.commands {
            let call = ctx.pkg_call(cmd);
            // a cleanup after an add covers it
            if removes_path(cmd, apk_cache_dir)
                || call.as_ref().is_some_and(|c| c.manager == Manager::Apk && c.action() == Action::Clean)
            {
                pending.clear();
            }
            let Some(call) = call else { continue };
            if call.manager == Manager::Apk
                && call.subcommand() == Some("add")
                && !call.has(&["--no-cache", "--no-network"])
                && !call.unknown_options
            {
                pending.push(call);
            }
        }
    }
    for call in pending {
        let Some(sub) = call.sub_word() else { continue };
        let fix = plain_word(ctx.src, sub)
            .then(|| Fix::safe("Add `--no-cache` to `apk add`", vec![Edit::insert(sub.span.end, " --no-cache")]));
        sink.report(
            call.head_span(),
            "`apk add` without `--no-cache` keeps the package index in the image layer",
            "Use `apk add --no-cache ...`; it also makes a separate `apk update` unnecessary.",
            fix,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_without_no_cache() {
        fires(&RULE, "FROM alpine\nRUN apk add curl\n", 1);
        fires(&RULE, "FROM alpine\nRUN apk update && apk add -U curl && apk add --virtual .b gcc\n", 2);
        fires(&RULE, "FROM alpine\nRUN <<EOF\napk add curl\nEOF\n", 1);
        fires(&RULE, "FROM alpine\nONBUILD RUN sudo apk add curl\n", 1);
        fires(&RULE, "ARG V=3.20\nFROM alpine:${V}\nRUN apk add curl\n", 1);
        // cleaning before the add does not help
        fires(&RULE, "FROM alpine\nRUN rm -rf /var/cache/apk/* && apk add curl\n", 1);
        // a cache mount elsewhere does not count
        fires(&RULE, "FROM alpine\nRUN --mount=type=cache,target=/root/.cache apk add curl\n", 1);
        fires(&RULE, "FROM alpine AS base\nRUN apk add curl\nFROM base\nCMD [\"curl\"]\n", 1);
    }

    #[test]
    fn quiet_with_no_cache_cleanup_or_mount() {
        clean(&RULE, "FROM alpine\nRUN apk add --no-cache curl && apk --no-cache add jq\n");
        clean(&RULE, "FROM alpine\nRUN apk add curl && rm -rf /var/cache/apk/*\n");
        clean(&RULE, "FROM alpine\nRUN apk add curl && apk cache clean\n");
        clean(&RULE, "FROM alpine\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n");
        clean(&RULE, "FROM alpine\nRUN --mount=type=cache,target=/etc/apk/cache,sharing=locked apk add curl\n");
        clean(&RULE, "FROM alpine\nRUN apk add $APK_OPTS curl\n");
        // nothing is downloaded
        clean(&RULE, "FROM alpine\nRUN apk add --no-network --virtual .rundeps $deps\n");
        clean(&RULE, "FROM alpine\nRUN apk del curl && apk upgrade\n");
        clean(&RULE, "FROM alpine AS build\nRUN apk add gcc\nFROM alpine\nCOPY --from=build /a /a\n");
        clean(&RULE, "FROM alpine\nRUN [\"apk\", \"add\", \"curl\"]\n");
        clean(&RULE, "FROM alpine\nSHELL [\"pwsh\", \"-c\"]\nRUN apk add curl\n");
    }

    #[test]
    fn inserts_no_cache() {
        fixes_to(&RULE, "FROM alpine\nRUN apk add curl\n", "FROM alpine\nRUN apk add --no-cache curl\n");
        fixes_to(
            &RULE,
            "FROM alpine\r\nRUN apk update \\\r\n && apk add -t .deps gcc \\\r\n && apk add curl\r\n",
            "FROM alpine\r\nRUN apk update \\\r\n && apk add --no-cache -t .deps gcc \\\r\n && apk add --no-cache curl\r\n",
        );
        fixes_to(
            &RULE,
            "FROM alpine\nRUN <<EOF\napk add curl\nEOF\n",
            "FROM alpine\nRUN <<EOF\napk add --no-cache curl\nEOF\n",
        );
        no_fix(&RULE, "FROM alpine\nRUN apk \"add\" curl\n");
    }
}

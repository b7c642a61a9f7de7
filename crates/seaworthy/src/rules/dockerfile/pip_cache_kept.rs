//! SWD220 pip-cache-kept

use super::pkg_call::{cache_mount, env_value, inline_env, plain_word, removes_path, Action, Manager, PkgCall};
use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::dockerfile::model::run_scripts;
use crate::dockerfile::Instruction;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD220",
        name: "pip-cache-kept",
        target: Target::Dockerfile,
        category: Category::Efficiency,
        severity: Severity::Info,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "`pip install` without `--no-cache-dir` leaves pip's download cache in the image.",
        equivalents: &["hadolint:DL3042", "kics:pip_install_keeping_cached_packages"],
        docs: rule_docs!(
            r#"## What it does
Finds `pip install` commands (also `pip3`, `python -m pip`) in `RUN` instructions of the
image's final stage (or of a stage it is built `FROM`) that keep pip's cache. Accepted:
`--no-cache-dir`; `PIP_NO_CACHE_DIR` set by an earlier `ENV` or `ARG` of the stage, on the
command or by an `export` before it; a `type=cache` or `type=tmpfs` mount of the cache
(`/root/.cache/pip`, `/root/.cache`, or the `PIP_CACHE_DIR` directory); and `pip cache purge`
or deleting `~/.cache/pip` later in the same `RUN`. Intermediate build stages are not checked:
their layers are not shipped.

## Why is this bad?
pip keeps every wheel it downloads or builds under `~/.cache/pip`. In an image nothing reuses
that cache, so it only adds size, often tens or hundreds of megabytes for scientific packages.

## Example
```dockerfile
FROM python:3.12-slim
COPY requirements.txt .
RUN pip install -r requirements.txt
```

## Use instead
```dockerfile
FROM python:3.12-slim
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
```

## Fix safety
Safe: the fix inserts `--no-cache-dir` after `install`. pip installs the same packages; it
only stops writing them to its cache. No fix is offered when the `install` word is quoted or
built from variables.
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

/// A cache directory that holds pip's cache.
fn pip_cache(ctx: &DockerfileCtx<'_>, i: usize, target: &str) -> bool {
    let t = target.trim_end_matches('/');
    t.ends_with("/.cache/pip")
        || t.ends_with("/.cache")
        || t.contains("pip")
        || env_value(ctx, i, "PIP_CACHE_DIR").is_some_and(|d| d.trim_end_matches('/') == t)
}

/// `--no-cache-dir`, or a prefix of it pip accepts as an abbreviation (`--no-cache`).
fn no_cache_option(name: &str) -> bool {
    name.len() >= "--no-cache".len() && "--no-cache-dir".starts_with(name)
}

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    for (i, ins) in ctx.shipped_instructions() {
        check_at(ctx, i, ins, sink);
    }
}

fn check_at<'a>(ctx: &DockerfileCtx<'a>, i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    if cache_mount(ins, |t| pip_cache(ctx, i, t)) || env_value(ctx, i, "PIP_NO_CACHE_DIR").is_some() {
        return;
    }
    let scripts = run_scripts(ins, ctx.posix_shell_at(i));
    let mut pending: Vec<std::rc::Rc<PkgCall<'_>>> = Vec::new();
    for script in scripts {
        for (k, cmd) in script.commands.iter().enumerate() {
            let call = ctx.pkg_call(cmd);
            let purged = call.as_ref().is_some_and(|c| c.manager == Manager::Pip && c.action() == Action::Clean);
            if purged || removes_path(cmd, |p| p.ends_with("/.cache/pip") || p.ends_with("/.cache")) {
                pending.clear();
            }
            let Some(call) = call else { continue };
            if call.manager != Manager::Pip || call.action() != Action::Install || call.unknown_options {
                continue;
            }
            if call.opts.iter().any(|o| no_cache_option(&o.name)) {
                continue;
            }
            if inline_env(cmd, script.commands.get(..k).unwrap_or(&[]), "PIP_NO_CACHE_DIR").is_some() {
                continue;
            }
            pending.push(call);
        }
    }
    for call in pending {
        let Some(sub) = call.sub_word() else { continue };
        let fix = plain_word(ctx.src, sub).then(|| {
            Fix::safe("Add `--no-cache-dir` to `pip install`", vec![Edit::insert(sub.span.end, " --no-cache-dir")])
        });
        let tool = call.tool_word().map_or("pip", |w| crate::shell::base_name(&w.value));
        let tool = if tool.starts_with("python") { "pip" } else { tool };
        sink.report(
            call.head_span(),
            format!("`{tool} install` keeps its download cache in the image layer"),
            "Add `--no-cache-dir` (or set `ENV PIP_NO_CACHE_DIR=1` once for the stage).",
            fix,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_when_cache_stays() {
        fires(&RULE, "FROM python\nRUN pip install flask\n", 1);
        fires(&RULE, "FROM python\nRUN pip3 install -U pip && python3 -m pip install --user -r req.txt\n", 2);
        fires(&RULE, "FROM python\nRUN <<EOF\npip install flask\nEOF\n", 1);
        fires(&RULE, "FROM python\nONBUILD RUN pip install -r requirements.txt\n", 1);
        fires(&RULE, "FROM python\nRUN rm -rf /root/.cache/pip && pip install flask\n", 1);
        fires(&RULE, "FROM python\nRUN --mount=type=cache,target=/root/.npm pip install flask\n", 1);
        fires(&RULE, "FROM python AS base\nRUN pip install flask\nFROM base\nCMD [\"flask\"]\n", 1);
        // an ENV in another stage does not apply
        fires(&RULE, "FROM python AS a\nENV PIP_NO_CACHE_DIR=1\nFROM python\nRUN pip install flask\n", 1);
    }

    #[test]
    fn quiet_without_cache() {
        clean(&RULE, "FROM python\nRUN pip install --no-cache-dir flask && pip --no-cache-dir install x\n");
        clean(&RULE, "FROM python\nRUN pip install --no-cache flask\n");
        clean(&RULE, "FROM python\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask\n");
        clean(&RULE, "FROM python AS base\nENV PIP_NO_CACHE_DIR=off\nFROM base\nRUN pip install flask\n");
        clean(&RULE, "FROM python\nARG PIP_NO_CACHE_DIR=1\nRUN pip install flask\n");
        clean(&RULE, "FROM python\nRUN PIP_NO_CACHE_DIR=1 pip install flask\n");
        clean(&RULE, "FROM python\nRUN export PIP_NO_CACHE_DIR=1 && pip install flask\n");
        clean(&RULE, "FROM python\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask\n");
        clean(
            &RULE,
            "FROM python\nENV PIP_CACHE_DIR=/var/pcache\nRUN --mount=type=cache,target=/var/pcache pip install flask\n",
        );
        clean(&RULE, "FROM python\nRUN pip install flask && pip cache purge\n");
        clean(&RULE, "FROM python\nRUN pip install flask && rm -rf ~/.cache/pip\n");
        clean(&RULE, "FROM python\nRUN pip install $PIP_OPTS flask && pip uninstall -y x && pip freeze\n");
        clean(&RULE, "FROM python AS build\nRUN pip install flask\nFROM python\nCOPY --from=build /a /a\n");
        clean(&RULE, "FROM python\nRUN [\"pip\", \"install\", \"flask\"]\n");
    }

    #[test]
    fn inserts_no_cache_dir() {
        fixes_to(&RULE, "FROM python\nRUN pip install flask\n", "FROM python\nRUN pip install --no-cache-dir flask\n");
        fixes_to(
            &RULE,
            "FROM python\r\nRUN python -m pip install -U pip \\\r\n && pip3 install -r req.txt\r\n",
            "FROM python\r\nRUN python -m pip install --no-cache-dir -U pip \\\r\n && pip3 install --no-cache-dir -r req.txt\r\n",
        );
        no_fix(&RULE, "FROM python\nRUN pip \"install\" flask\n");
    }
}

//! SWD203 apt-lists-not-cleaned

use super::pkg_call::Family;
use crate::diagnostic::{Category, Fix, Severity};
use crate::dockerfile::model::run_scripts;
use crate::dockerfile::Instruction;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};
use crate::shell::Command;

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD203",
        name: "apt-lists-not-cleaned",
        target: Target::Dockerfile,
        category: Category::Efficiency,
        severity: Severity::Info,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "A `RUN` that runs `apt-get update` leaves the package lists in the image.",
        equivalents: &["hadolint:DL3009"],
        docs: rule_docs!(
            r#"## What it does
Finds `RUN` instructions of the image's final stage (or of a stage it is built `FROM`) that run
`apt-get update` and install packages, but do not delete `/var/lib/apt/lists` in the same
`RUN` and do not mount that directory as a `type=cache` or `type=tmpfs` mount.

## Why is this bad?
`apt-get update` downloads the package indexes, typically 20–50 MB, into `/var/lib/apt/lists`.
They are only needed while installing; left behind they bloat the layer, and deleting them in a
later `RUN` does not help because the earlier layer still holds them. They also go stale, so
nobody should install from them later without another `apt-get update`. Intermediate build
stages are not checked: their layers are not shipped.

## Example
```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl
```

## Use instead
```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
```

## Fix safety
Safe: the fix appends `&& rm -rf /var/lib/apt/lists/*` to the `RUN` command (or adds an
`rm -rf /var/lib/apt/lists/*` line at the end of a heredoc script). The lists are a download
cache; removing them only matters to a later `apt-get install` that skips `apt-get update`,
which is itself a bug. No fix is offered when the commands are joined with `||`, `|` or `&`, when
the line ends in a comment, or in other cases where appending a command could change its meaning.
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

const CLEANUP: &str = "rm -rf /var/lib/apt/lists/*";

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    for (i, ins) in ctx.shipped_instructions() {
        check_at(ctx, i, ins, sink);
    }
}

fn check_at<'a>(ctx: &DockerfileCtx<'a>, i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    let scripts = run_scripts(ins, ctx.posix_shell_at(i));
    let mut update: Option<(&Command, &str)> = None;
    let mut last_install: Option<(usize, &Command)> = None;
    let mut cleaned = false;
    for (n, script) in scripts.iter().enumerate() {
        for cmd in &script.commands {
            cleaned |= removes_lists(cmd);
            let Some(apt) = ctx.pkg_call(cmd) else { continue };
            if apt.manager.family() != Family::Apt {
                continue;
            }
            match apt.subcommand() {
                Some("update") => update = update.or(Some((cmd, apt.manager.as_str()))),
                Some(
                    "install" | "upgrade" | "dist-upgrade" | "full-upgrade" | "build-dep" | "reinstall" | "source",
                ) if !apt.apt_options().simulate => last_install = Some((n, cmd)),
                Some("dist-clean") => cleaned = true,
                _ => {}
            }
        }
    }
    let (Some((update, tool)), Some((n, install))) = (update, last_install) else { return };
    if cleaned || mounts_lists(ins) {
        return;
    }
    let fix = super::pkg_call::append_cleanup(ctx.src, ins, scripts, n, install, CLEANUP)
        .map(|edit| Fix::safe("Remove the apt package lists in the same RUN", vec![edit]));
    sink.report(
        update.span,
        format!("The package lists `{tool} update` downloads stay in the image layer"),
        format!(
            "Append `&& {CLEANUP}` to this RUN, or mount the lists as a cache: \
             `RUN --mount=type=cache,target=/var/lib/apt/lists ...`."
        ),
        fix,
    )
    .labels
    .push(crate::diagnostic::Label { span: install.span, message: "packages installed here".into() });
}

/// `rm ... /var/lib/apt/lists/*`, `rm -r /var/lib/apt`, `find /var/lib/apt/lists ... -delete`.
fn removes_lists(cmd: &Command) -> bool {
    let start = cmd.real_start();
    let Some(name) = cmd.words.get(start).map(|w| crate::shell::base_name(&w.value)) else {
        return false;
    };
    let args = cmd.words.get(start + 1..).unwrap_or(&[]);
    let lists_path = |v: &str| {
        let p = v.trim_end_matches(['*', '/']);
        p == "/var/lib/apt" || p.starts_with("/var/lib/apt/lists")
    };
    match name {
        "rm" => args.iter().any(|w| lists_path(&w.value)),
        "find" => {
            args.iter().any(|w| lists_path(&w.value))
                && args.iter().any(|w| matches!(w.value.as_str(), "-delete" | "-exec" | "-execdir"))
        }
        _ => false,
    }
}

/// `--mount=type=cache,target=/var/lib/apt/lists` (or `tmpfs`, or the parent `/var/lib/apt`).
fn mounts_lists(ins: &Instruction) -> bool {
    ins.effective().flags_named("mount").any(|f| {
        let Some(v) = f.value.as_deref() else { return false };
        let mut kind = "";
        let mut target = "";
        for kv in v.split(',') {
            let (k, val) = kv.split_once('=').unwrap_or((kv, ""));
            match k.trim().to_ascii_lowercase().as_str() {
                "type" => kind = val.trim(),
                "target" | "dst" | "destination" => target = val.trim(),
                _ => {}
            }
        }
        let target = target.trim_end_matches('/');
        matches!(kind, "cache" | "tmpfs") && (target == "/var/lib/apt/lists" || target == "/var/lib/apt")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_when_lists_stay() {
        fires(&RULE, "FROM debian\nRUN apt-get update && apt-get install -y curl\n", 1);
        fires(&RULE, "FROM debian\nRUN apt update && apt install -y curl\n", 1);
        fires(&RULE, "FROM debian\nRUN sudo apt-get -qq update && sudo apt-get -y install curl\n", 1);
        fires(&RULE, "FROM debian\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n", 1);
        fires(&RULE, "ARG BASE=debian:12\nFROM ${BASE}\nRUN apt-get update && apt-get install -y curl\n", 1);
        // cleaning in a later RUN does not shrink the earlier layer
        fires(
            &RULE,
            "FROM debian\nRUN apt-get update && apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*\n",
            1,
        );
        // a cache mount on another directory does not count
        fires(
            &RULE,
            "FROM debian\nRUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl\n",
            1,
        );
        // a stage the final stage is built on ships its layers
        fires(
            &RULE,
            "FROM debian AS base\nRUN apt-get update && apt-get install -y curl\nFROM base\nCMD [\"curl\"]\n",
            1,
        );
        fires(&RULE, "FROM debian\nRUN apt-get update && apt-get upgrade -y\n", 1);
    }

    #[test]
    fn quiet_when_cleaned_mounted_or_not_shipped() {
        clean(&RULE, "FROM debian\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n");
        clean(&RULE, "FROM debian\nRUN apt-get update && apt-get install -y curl && rm -r /var/lib/apt/lists\n");
        clean(
            &RULE,
            "FROM debian\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/partial /tmp/*\n",
        );
        clean(&RULE, "FROM debian\nRUN apt-get update && apt-get install -y curl && rm -rf \"/var/lib/apt/lists\"/*\n");
        clean(&RULE, "FROM debian\nRUN apt-get update && apt-get install -y curl && apt-get dist-clean\n");
        clean(
            &RULE,
            "FROM debian\nRUN apt-get update && apt-get install -y curl && find /var/lib/apt/lists -type f -delete\n",
        );
        clean(
            &RULE,
            "FROM debian\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y curl\n",
        );
        clean(
            &RULE,
            "FROM debian\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\\n    --mount=type=cache,target=/var/lib/apt,sharing=locked \\\n    apt-get update && apt-get install -y curl\n",
        );
        clean(&RULE, "FROM debian\nRUN --mount=type=tmpfs,target=/var/lib/apt/lists/ apt-get update && apt-get install -y curl\n");
        clean(
            &RULE,
            "FROM debian\nRUN <<EOF\napt-get update\napt-get install -y curl\nrm -rf /var/lib/apt/lists/*\nEOF\n",
        );
        // intermediate stages are not shipped
        clean(&RULE, "FROM debian AS build\nRUN apt-get update && apt-get install -y gcc\nFROM debian\nCOPY --from=build /a /a\n");
        // update without install is another rule's business
        clean(&RULE, "FROM debian\nRUN apt-get update\n");
        clean(&RULE, "FROM debian\nRUN apt-get install -y curl\n");
        clean(
            &RULE,
            "FROM debian\nSHELL [\"powershell\", \"-Command\"]\nRUN apt-get update; apt-get install -y curl\n",
        );
    }

    #[test]
    fn appends_cleanup() {
        fixes_to(
            &RULE,
            "FROM debian\nRUN apt-get update && apt-get install -y curl\n",
            "FROM debian\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
        );
        fixes_to(
            &RULE,
            "FROM debian\nRUN apt-get update \\\n && apt-get install -y curl  \\\n   jq   \n",
            "FROM debian\nRUN apt-get update \\\n && apt-get install -y curl  \\\n   jq && rm -rf /var/lib/apt/lists/*   \n",
        );
        fixes_to(
            &RULE,
            "FROM debian\nRUN apt-get update; apt-get install -y curl;\n",
            "FROM debian\nRUN apt-get update; apt-get install -y curl; rm -rf /var/lib/apt/lists/*\n",
        );
        fixes_to(
            &RULE,
            "FROM debian\nRUN if true; then apt-get update && apt-get install -y curl; fi\nCMD [\"curl\"]",
            "FROM debian\nRUN if true; then apt-get update && apt-get install -y curl; fi && rm -rf /var/lib/apt/lists/*\nCMD [\"curl\"]",
        );
        fixes_to(
            &RULE,
            "FROM debian\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n",
            "FROM debian\nRUN <<EOF\napt-get update\napt-get install -y curl\nrm -rf /var/lib/apt/lists/*\nEOF\n",
        );
        fixes_to(
            &RULE,
            "FROM debian\r\nRUN <<-EOF bash\r\n\tset -e\r\n\tapt-get update\r\n\tapt-get install -y curl\r\n\tEOF\r\nCMD [\"curl\"]\r\n",
            "FROM debian\r\nRUN <<-EOF bash\r\n\tset -e\r\n\tapt-get update\r\n\tapt-get install -y curl\r\nrm -rf /var/lib/apt/lists/*\r\n\tEOF\r\nCMD [\"curl\"]\r\n",
        );
    }

    #[test]
    fn no_fix_when_appending_is_unclear() {
        no_fix(&RULE, "FROM debian\nRUN apt-get update && apt-get install -y curl || true\n");
        no_fix(&RULE, "FROM debian\nRUN apt-get update && apt-get install -y curl # tools\n");
        no_fix(&RULE, "FROM debian\nRUN apt-get update && apt-get install -y curl | tee /log\n");
        no_fix(&RULE, "FROM debian\nRUN <<EOF\napt-get update\napt-get install -y curl &\nEOF\n");
    }
}

//! SWD227 go-install-not-pinned

use super::pkg_call::{basename, Manager, Source};
use crate::diagnostic::{Category, Severity};
use crate::dockerfile::model::run_scripts;
use crate::dockerfile::{Instruction, Keyword};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD227",
        name: "go-install-not-pinned",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: true,
        summary: "`go install` of a remote module without a fixed version.",
        equivalents: &["hadolint:DL3062"],
        docs: rule_docs!(
            r#"## What it does
Finds `go install` commands that install a package of another module (a path whose first
element contains a dot, such as `golang.org/x/tools/gopls`) without a version, or with a
moving query: `@latest`, a branch name such as `@master`, `@upgrade` or `@patch`. A semantic
version (`@v1.2.3`), a pseudo-version or a commit hash counts as pinned; a version from a
variable (`@${GOPLS_VERSION}`) is accepted. Packages of the current module (`./cmd/app`,
`.`) are versioned by its `go.mod` and are not reported, and neither is a path without `@`
when a `go.mod` is bind-mounted into the `RUN` or copied in earlier (by name or with the whole
context): `go install` then takes the version that `go.mod` requires.

## Why is this bad?
`@latest` resolves to whatever the newest release is on the day of the build, and a path
without any version takes the version from the `go.mod` of the directory `go install` runs in,
which in a Dockerfile is usually none at all (or the wrong one). Builds then differ from day
to day, and a new major release of a tool can break the image. Pinning the version makes the
build reproducible and updates deliberate.

## Example
```dockerfile
FROM golang:1.23 AS tools
RUN go install golang.org/x/tools/gopls@latest
```

## Use instead
```dockerfile
FROM golang:1.23 AS tools
RUN go install golang.org/x/tools/gopls@v0.16.2
```
"#
        ),
    },
    check: crate::rules::Check::Each(crate::rules::Keywords::of(&[crate::dockerfile::Keyword::Run]), check),
};

/// Whether a `go.mod` can be in the build context of the RUN `ins` at `i`: bind-mounted into it
/// (or the whole context mounted), or copied earlier (by name, or as part of `COPY . .`).
fn is_mod_or_context(s: &str) -> bool {
    let s = s.trim_end_matches('/');
    basename(s) == "go.mod" || s.is_empty() || s == "."
}

/// Whether `prev` copies a go.mod (or the whole context) from the build context.
fn copies_go_mod(prev: &Instruction) -> bool {
    matches!(prev.keyword, Keyword::Copy | Keyword::Add)
        && prev.flag("from").is_none()
        && prev.arg_words().split_last().is_some_and(|(_, srcs)| srcs.iter().any(|w| is_mod_or_context(&w.value)))
}

fn go_mod_present(ctx: &DockerfileCtx<'_>, i: usize, ins: &Instruction, copied: &[Option<usize>]) -> bool {
    let mounts = ins.effective().flags_named("mount").any(|f| {
        let Some(v) = f.value.as_deref() else { return false };
        let (mut kind, mut source, mut other_stage) = ("bind", None, false);
        for kv in v.split(',') {
            let (k, val) = kv.split_once('=').unwrap_or((kv, ""));
            match k.trim().to_ascii_lowercase().as_str() {
                "type" => kind = val.trim(),
                "source" | "src" => source = Some(val.trim()),
                "from" => other_stage = true,
                _ => {}
            }
        }
        kind == "bind" && !other_stage && source.is_none_or(is_mod_or_context)
    });
    let _ = ctx;
    mounts || copied.get(i).copied().flatten().is_some()
}

fn check<'a>(ctx: &DockerfileCtx<'a>, i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    let mut module: Option<bool> = None;
    for script in run_scripts(ins, ctx.posix_shell_at(i)) {
        for cmd in &script.commands {
            let Some(call) = ctx.pkg_call(cmd) else { continue };
            if call.manager != Manager::Go || call.subcommand() != Some("install") {
                continue;
            }
            for p in call.packages() {
                if p.source != Source::Registry || p.pinned(Manager::Go) {
                    continue;
                }
                // without `@`, the version comes from the go.mod of the current module
                if p.version.is_none()
                    && *module.get_or_insert_with(|| {
                        go_mod_present(ctx, i, ins, {
                            // where a go.mod was copied before each instruction (once per file)
                            let ob = ins.keyword == Keyword::Onbuild;
                            &ctx.memo("go.mod copied", ob, |_, p| copies_go_mod(p))
                        })
                    })
                {
                    continue;
                }
                let message = match p.version.as_deref().filter(|v| !v.is_empty()) {
                    Some(v) => {
                        format!("`go install {}@{v}` installs whatever `{v}` resolves to at build time", p.name)
                    }
                    None => format!("`go install {}` names no version", p.name),
                };
                sink.report(p.span, message, format!("Pin a release: `go install {}@vX.Y.Z`.", p.name), None);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_unpinned_remote_packages() {
        fires(&RULE, "FROM golang\nRUN go install golang.org/x/tools/gopls@latest\n", 1);
        fires(&RULE, "FROM golang\nRUN go install -v github.com/a/b/cmd/c github.com/d/e@master\n", 2);
        fires(&RULE, "FROM golang\nRUN CGO_ENABLED=0 go install -ldflags '-s -w' github.com/a/b@upgrade\n", 1);
        fires(&RULE, "FROM golang\nRUN <<EOF\ngo install honnef.co/go/tools/cmd/staticcheck@latest\nEOF\n", 1);
        fires(&RULE, "FROM golang\nONBUILD RUN go install github.com/a/b@latest\n", 1);
        // `@latest` ignores go.mod
        fires(&RULE, "FROM golang\nCOPY go.mod ./\nRUN go install github.com/a/b@latest\n", 1);
        // a go.mod of another stage is not in this one
        fires(&RULE, "FROM golang\nCOPY --from=src /go.mod ./\nRUN go install github.com/a/b\n", 1);
    }

    #[test]
    fn quiet_on_pins_and_local_packages() {
        clean(&RULE, "FROM golang\nRUN go install golang.org/x/tools/gopls@v0.16.2 github.com/a/b@v0.0.0-20240101000000-abcdef123456\n");
        clean(&RULE, "FROM golang\nRUN go install github.com/a/b@${B_VERSION} github.com/c/d@0123456789abcdef\n");
        clean(&RULE, "FROM golang\nRUN go install ./cmd/app && go install . && go install ./... && go install std\n");
        clean(&RULE, "FROM golang\nRUN go install -o /bin/app myapp/cmd/app\n");
        clean(&RULE, "FROM golang\nRUN go get github.com/a/b && go build ./...\n");
        // versioned by the module's go.mod
        clean(&RULE, "FROM golang\nRUN --mount=type=bind,source=go.mod,target=/app/go.mod go install tool github.com/a/b/cmd/c\n");
        clean(&RULE, "FROM golang\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go install github.com/a/b/cmd/c\n");
        clean(&RULE, "FROM golang\nCOPY . .\nRUN go install github.com/a/b/cmd/c\n");
        clean(&RULE, "FROM golang\nRUN --mount=type=bind,target=. go install github.com/a/b/cmd/c\n");
        clean(&RULE, "FROM golang\nRUN [\"go\", \"install\", \"golang.org/x/tools/gopls@latest\"]\n");
    }
}

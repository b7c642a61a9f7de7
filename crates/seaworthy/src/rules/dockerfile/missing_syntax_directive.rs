//! SWD030 missing-syntax-directive

use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::dockerfile::{Instruction, Keyword};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};
use crate::span::Span;

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD030",
        name: "missing-syntax-directive",
        target: Target::Dockerfile,
        category: Category::Maintainability,
        severity: Severity::Info,
        fix: FixKind::Always,
        default_on: false,
        summary: "BuildKit-only syntax without a `# syntax=` directive.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports a Dockerfile without a `# syntax=` parser directive that uses syntax only recent
Dockerfile frontends understand: heredocs (`RUN <<EOF`), `RUN --mount`, `--network`,
`--security` or `--device`, `COPY --link`, `--parents` or `--exclude`, and `ADD --checksum`,
`--keep-git-dir`, `--unpack` or `--exclude`. The finding points at the first such use.

## Why is this bad?
Without the directive, the file is parsed by whatever frontend the builder has built in. An
older Docker engine, or a CI runner with an old BuildKit, fails on these features with a
confusing parse error. `# syntax=docker/dockerfile:1` makes every builder fetch a frontend
that supports them.

## Example
```dockerfile
FROM python:3.13-slim
RUN --mount=type=cache,target=/root/.cache/pip pip install flask
```

## Use instead
```dockerfile
# syntax=docker/dockerfile:1
FROM python:3.13-slim
RUN --mount=type=cache,target=/root/.cache/pip pip install flask
```

## Fix safety
Safe: the fix inserts `# syntax=docker/dockerfile:1` as the first line. The image is the
same; the builder pulls the stable version-1 frontend, which supports all of the features
above.
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

/// The first BuildKit-only feature an instruction uses: its span and a description.
fn feature(ins: &Instruction) -> Option<(Span, String)> {
    if let Some(h) = ins.heredocs.first() {
        return Some((h.marker_span, "a heredoc".to_string()));
    }
    let e = ins.effective();
    let modern: &[&str] = match e.keyword {
        Keyword::Run => &["mount", "network", "security", "device"],
        Keyword::Copy => &["link", "parents", "exclude"],
        Keyword::Add => &["checksum", "keep-git-dir", "unpack", "exclude", "link"],
        _ => &[],
    };
    e.flags
        .iter()
        .find(|f| modern.contains(&f.name.as_str()))
        .map(|f| (f.span, format!("`{} --{}`", e.keyword.as_str(), f.name)))
}

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    if ctx.df.directives.iter().any(|d| d.name == "syntax") {
        return;
    }
    let Some((span, what)) = ctx.df.instructions.iter().find_map(feature) else { return };
    let at = ctx.df.bom.map_or(0, |b| b.end);
    sink.report(
        span,
        format!("This file uses {what}, but has no `# syntax=` directive to select a frontend that supports it"),
        "Add `# syntax=docker/dockerfile:1` as the first line.",
        Some(Fix::safe(
            "Add `# syntax=docker/dockerfile:1`",
            vec![Edit::insert(at, format!("# syntax=docker/dockerfile:1{}", ctx.eol()))],
        )),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_once_on_modern_syntax() {
        let d = fires(&RULE, "FROM a:1\nRUN <<EOF\nx\nEOF\nRUN --mount=type=cache,target=/x y\n", 1);
        assert!(d[0].message.contains("heredoc"));
        fires(&RULE, "FROM a:1\nCOPY --link a b\n", 1);
        fires(&RULE, "FROM a:1\nONBUILD ADD --checksum=sha256:0 https://e.com/a /a\n", 1);
    }

    #[test]
    fn inserts_the_directive() {
        fixes_to(&RULE, "FROM a:1\nCOPY --link a b\n", "# syntax=docker/dockerfile:1\nFROM a:1\nCOPY --link a b\n");
        fixes_to(
            &RULE,
            "\u{feff}# escape=\\\r\nFROM a:1\r\nRUN --mount=type=ssh x\r\n",
            "\u{feff}# syntax=docker/dockerfile:1\r\n# escape=\\\r\nFROM a:1\r\nRUN --mount=type=ssh x\r\n",
        );
    }

    #[test]
    fn quiet_with_directive_or_classic_syntax() {
        clean(&RULE, "# syntax=docker/dockerfile:1.7\nFROM a:1\nCOPY --link a b\n");
        clean(&RULE, "FROM a:1\nCOPY --from=x --chown=1 a b\nRUN x\n");
    }
}

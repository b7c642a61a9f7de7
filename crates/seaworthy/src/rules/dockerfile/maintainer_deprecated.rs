//! SWD302 maintainer-deprecated

use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::dockerfile::Instruction;
use crate::dockerfile::{Args, Keyword};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD302",
        name: "maintainer-deprecated",
        target: Target::Dockerfile,
        category: Category::Maintainability,
        severity: Severity::Warning,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "The deprecated MAINTAINER instruction.",
        equivalents: &["hadolint:DL4000", "buildkit:MaintainerDeprecated", "trivy:DS-0022", "checkov:CKV_DOCKER_6"],
        docs: rule_docs!(
            r#"## What it does
Finds `MAINTAINER` instructions.

## Why is this bad?
`MAINTAINER` has been deprecated since Docker 1.13. Tools read the author from the OCI label
`org.opencontainers.image.authors`, which `MAINTAINER` does not set.

## Example
```dockerfile
FROM alpine:3.20
MAINTAINER Jane Doe <jane@example.com>
```

## Use instead
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
```

## Fix safety
Safe: the instruction is replaced by the equivalent label, quoted so that `$`, `"` and `\`
keep their literal meaning. The image's runtime behaviour does not change; only the
deprecated `Author` field of the image config is no longer set.
"#
        ),
    },
    check: crate::rules::Check::Each(crate::rules::Keywords::of(&[crate::dockerfile::Keyword::Maintainer]), check),
};

fn check<'a>(ctx: &DockerfileCtx<'a>, _i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    let e = ins.effective();
    if e.keyword != Keyword::Maintainer {
        return;
    }
    let fix = match &e.args {
        // Only when the instruction is on one line and not wrapped in ONBUILD.
        Args::String { text } if std::ptr::eq(e, ins) && ins.start_line == ins.end_line && ctx.df.escape == '\\' => {
            let mut q = String::with_capacity(text.value.len() + 2);
            q.push('"');
            for c in text.value.chars() {
                if matches!(c, '"' | '\\' | '$') {
                    q.push('\\');
                }
                q.push(c);
            }
            q.push('"');
            let kw = e.keyword_span.text(ctx.src);
            let label = if kw.chars().all(|c| c.is_ascii_lowercase()) { "label" } else { "LABEL" };
            let span = crate::span::Span::new(e.keyword_span.start, text.span.end);
            Some(Fix::safe(
                "Replace MAINTAINER with the org.opencontainers.image.authors label",
                vec![Edit::replace(span, format!("{label} org.opencontainers.image.authors={q}"))],
            ))
        }
        _ => None,
    };
    sink.report(
        e.keyword_span,
        "MAINTAINER is deprecated",
        "Use `LABEL org.opencontainers.image.authors=\"...\"` instead.",
        fix,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_and_fixes() {
        fires(&RULE, "FROM a:1\nMAINTAINER x\nONBUILD MAINTAINER y\n", 2);
        fixes_to(
            &RULE,
            "FROM a:1\nMAINTAINER Jo \"J\" $HOME\nRUN x\n",
            "FROM a:1\nLABEL org.opencontainers.image.authors=\"Jo \\\"J\\\" \\$HOME\"\nRUN x\n",
        );
        fixes_to(&RULE, "from a:1\nmaintainer me\n", "from a:1\nlabel org.opencontainers.image.authors=\"me\"\n");
    }

    #[test]
    fn no_fix_when_unsure_and_quiet_without_maintainer() {
        no_fix(&RULE, "FROM a:1\nMAINTAINER a \\\n  b\n");
        no_fix(&RULE, "FROM a:1\nONBUILD MAINTAINER x\n");
        clean(&RULE, "FROM a:1\nLABEL maintainer=x\n");
    }
}

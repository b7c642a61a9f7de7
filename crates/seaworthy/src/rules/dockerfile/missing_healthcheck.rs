//! SWD404 missing-healthcheck

use crate::diagnostic::{Category, Severity};
use crate::dockerfile::Keyword;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD404",
        name: "missing-healthcheck",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: true,
        summary: "The final image has no HEALTHCHECK.",
        equivalents: &["hadolint:DL3057", "trivy:DS-0026", "checkov:CKV_DOCKER_2", "dockle:CIS-DI-0006"],
        docs: rule_docs!(
            r#"## What it does
Reports a final image (the last stage and the stages it builds on) without a `HEALTHCHECK`.
An explicit `HEALTHCHECK NONE` counts as a decision and is not reported.

On the corpus this rule fires on almost every official image: docker-library images are
generic bases meant to be extended and deliberately define no health check. An image you
deploy is not such a base, which is what this rule is about.

## Why is this bad?
Without a health check, Docker and Compose only know whether the process exists, not whether
it works: a hung server keeps receiving traffic, `depends_on: condition: service_healthy`
cannot be used, and restarts never happen.

## Example
```dockerfile
FROM nginx:1.27
COPY site/ /usr/share/nginx/html/
```

## Use instead
```dockerfile
FROM nginx:1.27
COPY site/ /usr/share/nginx/html/
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s CMD ["curl", "-fsS", "http://localhost/"]
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    let Some(fin) = ctx.model.final_stage() else { return };
    if ctx.final_image_instructions_rev().any(|(_, i)| i.keyword == Keyword::Healthcheck) {
        return;
    }
    sink.report(
        fin.base.span,
        "The final image has no HEALTHCHECK",
        "Add `HEALTHCHECK CMD ...` that fails when the service stops working (or `HEALTHCHECK NONE` to state there is none).",
        None,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_without_healthcheck_in_final_image() {
        fires(&RULE, "FROM a:1\n", 1);
        fires(&RULE, "FROM a:1 AS x\nHEALTHCHECK CMD true\nFROM b:1\n", 1);
    }

    #[test]
    fn quiet_with_healthcheck_inherited_or_none() {
        clean(&RULE, "FROM a:1\nHEALTHCHECK CMD [\"true\"]\n");
        clean(&RULE, "FROM a:1\nHEALTHCHECK NONE\n");
        clean(&RULE, "FROM a:1 AS base\nHEALTHCHECK CMD true\nFROM base\n");
    }
}

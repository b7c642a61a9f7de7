//! SWD011 copy-from-own-stage

use crate::diagnostic::{Category, Label, Severity};
use crate::rules::dockerfile::copy_from_unknown_stage::{copy_from_flags, resolve_from, FromRef};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD011",
        name: "copy-from-own-stage",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: true,
        summary: "`COPY --from=` names the stage the COPY is in.",
        equivalents: &["hadolint:DL3023", "trivy:DS-0006", "kics:copy_from_references_current_from_alias"],
        docs: rule_docs!(
            r#"## What it does
Finds `COPY --from=x` inside the stage named (or numbered) `x`, with global `ARG` defaults
substituted.

## Why is this bad?
A stage cannot read from itself while it is being built: BuildKit fails with a circular
dependency error. Usually the name of another stage was meant, or the files are already in
place and a `RUN cp` would do.

## Example
```dockerfile
FROM node:22 AS build
RUN npm ci && npm run build
COPY --from=build /app/dist /srv/www
```

## Use instead
```dockerfile
FROM node:22 AS build
RUN npm ci && npm run build
FROM nginx:1.27
COPY --from=build /app/dist /srv/www
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    for (s, flag) in copy_from_flags(ctx) {
        let Some(value) = flag.value.as_deref() else { continue };
        if resolve_from(ctx, value).1 != FromRef::Stage(s) {
            continue;
        }
        let d = sink.report(
            flag.value_span.unwrap_or(flag.span),
            format!("`--from={value}` refers to the stage this COPY is in"),
            "Copy from another stage (a stage cannot read its own result), or use `RUN cp` inside the stage.",
            None,
        );
        if let Some(ns) = ctx.model.stages[s].name_span {
            d.labels.push(Label { span: ns, message: "the current stage".to_string() });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_self_reference_by_name_index_or_arg() {
        fires(&RULE, "FROM a:1 AS Build\nCOPY --from=build /a /b\n", 1);
        fires(&RULE, "FROM a:1\nFROM b:1\nCOPY --from=1 /a /b\n", 1);
        fires(&RULE, "ARG S=me\nFROM a:1 AS me\nCOPY --from=$S /a /b\n", 1);
    }

    #[test]
    fn quiet_on_other_stages() {
        clean(&RULE, "FROM a:1 AS build\nFROM b:1\nCOPY --from=build /a /b\nCOPY --from=0 /a /b\n");
        clean(&RULE, "FROM a:1 AS build\nONBUILD COPY --from=build /a /b\n");
    }
}

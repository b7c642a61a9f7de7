//! SWC601 build-target-not-found

use crate::compose::get_str;
use crate::diagnostic::{Category, Severity};
use crate::project::{CrossCtx, CrossRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: CrossRule = CrossRule {
    meta: RuleMeta {
        id: "SWC601",
        name: "build-target-not-found",
        target: Target::Compose,
        category: Category::Reliability,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: true,
        summary: "`build.target` names a stage the service's Dockerfile does not have (cross-file).",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
With the Dockerfile in view (`seaworthy::project::lint_project`), checks that `build.target`
names one of its stages (`FROM … AS name`, case-insensitive).

## Why is this bad?
The build fails ("target stage … could not be found"), usually after a stage was renamed.

## Example
```yaml
services:
  app:
    build:
      context: .
      target: production
```
with the `Dockerfile`:
```dockerfile
FROM node:22.11 AS build
FROM node:22.11-slim AS prod
```

## Use instead
```yaml
services:
  app:
    build:
      context: .
      target: prod
```
with the `Dockerfile`:
```dockerfile
FROM node:22.11 AS build
FROM node:22.11-slim AS prod
```
"#
        ),
    },
    check,
};

fn check(ctx: &CrossCtx<'_>, sink: &mut Sink<'_>) {
    for b in &ctx.builds {
        let Some(t) = get_str(ctx.compose.doc, b.build, "target") else { continue };
        let Some(name) = t.value().text().map(str::to_string) else { continue };
        if b.model.stage_by_name(&name.to_ascii_lowercase()).is_some() {
            continue;
        }
        let stages: Vec<String> =
            b.model.stages.iter().filter_map(|s| s.name.clone()).map(|n| format!("`{n}`")).collect();
        let have =
            if stages.is_empty() { "no named stages".to_string() } else { format!("stages {}", stages.join(", ")) };
        sink.report(
            t.span,
            format!("Service `{}` builds the target `{name}`, but {} has {have}", b.service.name, b.dockerfile_path),
            "Name an existing stage (or add `AS <name>` to the stage you mean).",
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::project::run_cross;

    #[test]
    fn fires_on_unknown_targets_only() {
        assert_eq!(
            run_cross("SWC601", "services:\n  a:\n    build: {context: ., target: Prod}\n", "FROM x AS prod\n").len(),
            0
        );
        assert_eq!(
            run_cross("SWC601", "services:\n  a:\n    build: {context: ., target: test}\n", "FROM x\n").len(),
            1
        );
        // inline Dockerfiles count, unknown contexts are skipped
        assert_eq!(
            run_cross("SWC601", "services:\n  a:\n    build: {dockerfile_inline: \"FROM x AS a\", target: b}\n", "")
                .len(),
            1
        );
        assert_eq!(
            run_cross("SWC601", "services:\n  a:\n    build: {context: ./other, target: b}\n", "FROM x\n").len(),
            0
        );
    }
}

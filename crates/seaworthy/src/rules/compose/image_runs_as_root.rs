//! SWC603 image-runs-as-root

use crate::compose::get_str;
use crate::diagnostic::{Category, Severity};
use crate::dockerfile::{Args, Keyword};
use crate::project::{CrossCtx, CrossRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: CrossRule = CrossRule {
    meta: RuleMeta {
        id: "SWC603",
        name: "image-runs-as-root",
        target: Target::Compose,
        category: Category::Security,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: true,
        summary: "A service sets no `user:` and the image it builds runs as root (cross-file).",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
With the Dockerfile in view, reports services without `user:` whose built image (the
`build.target` stage, or the last one, and the stages it builds on) has no `USER`, or whose
last `USER` is `root`/`0`. A non-root `user:` in the service fixes it too. A `USER` set by
the base image is not visible to a file checker: for such images, suppress the rule or state
the user in the Dockerfile.

## Why is this bad?
The service's processes run as root: a container escape or a writable mount becomes root
access on the host.

## Example
```yaml
services:
  app:
    build: .
```
with the `Dockerfile`:
```dockerfile
FROM python:3.13-slim
CMD ["python", "-m", "app"]
```

## Use instead
```yaml
services:
  app:
    build: .
```
with the `Dockerfile`:
```dockerfile
FROM python:3.13-slim
USER 10001
CMD ["python", "-m", "app"]
```
"#
        ),
    },
    check,
};

fn check(ctx: &CrossCtx<'_>, sink: &mut Sink<'_>) {
    for b in &ctx.builds {
        if get_str(ctx.compose.doc, b.service.node, "user").is_some() || b.stage_chain(ctx.compose).is_empty() {
            continue;
        }
        let root = match b.last(ctx.compose, Keyword::User) {
            None => true,
            Some(i) => match &i.args {
                Args::String { text } => {
                    let u = text.value.split(':').next().unwrap_or("").trim();
                    u == "root" || u == "0"
                }
                _ => false,
            },
        };
        if root {
            sink.report(
                b.service.key,
                format!("Service `{}` runs as root: no `user:` here and no non-root USER in {}", b.service.name, b.dockerfile_path),
                "Add `USER 10001` (an unprivileged user) at the end of the Dockerfile, or `user: \"10001\"` to the service.",
                None,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::project::run_cross;

    #[test]
    fn fires_when_neither_side_drops_root() {
        let c = "services:\n  a:\n    build: .\n";
        assert_eq!(run_cross("SWC603", c, "FROM x\nUSER app\nUSER root\n").len(), 1);
        assert_eq!(run_cross("SWC603", c, "FROM x\nUSER root\nRUN y\nUSER 1000\n").len(), 0);
        assert_eq!(run_cross("SWC603", "services:\n  a:\n    build: .\n    user: \"1000\"\n", "FROM x\n").len(), 0);
        // the target stage decides, not the last stage
        assert_eq!(
            run_cross(
                "SWC603",
                "services:\n  a:\n    build: {context: ., target: dev}\n",
                "FROM x AS dev\nFROM x AS prod\nUSER 1000\n"
            )
            .len(),
            1
        );
    }
}

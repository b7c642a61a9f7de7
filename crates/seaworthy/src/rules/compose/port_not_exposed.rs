//! SWC602 port-not-exposed

use crate::compose::ports;
use crate::diagnostic::{Category, Severity};
use crate::dockerfile::Keyword;
use crate::project::{CrossCtx, CrossRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: CrossRule = CrossRule {
    meta: RuleMeta {
        id: "SWC602",
        name: "port-not-exposed",
        target: Target::Compose,
        category: Category::Maintainability,
        severity: Severity::Info,
        fix: FixKind::None,
        default_on: false,
        summary: "A service publishes a container port its Dockerfile does not `EXPOSE` (cross-file).",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
With the Dockerfile in view, reports published container ports that no `EXPOSE` of the built
image declares. Only images whose Dockerfile has at least one `EXPOSE` are checked: without
one, the port may come from the base image (`FROM nginx` exposes 80), which a file checker
cannot see. Ports from variables are skipped.

## Why is this bad?
Usually a sign that the two drifted apart: the service listens elsewhere, and the published
port leads nowhere.

## Example
```yaml
services:
  app:
    build: .
    ports: ["127.0.0.1:8080:8000"]
```
with the `Dockerfile`:
```dockerfile
FROM python:3.13-slim
EXPOSE 5000
```

## Use instead
```yaml
services:
  app:
    build: .
    ports: ["127.0.0.1:8080:5000"]
```
with the `Dockerfile`:
```dockerfile
FROM python:3.13-slim
EXPOSE 5000
```
"#
        ),
    },
    check,
};

fn check(ctx: &CrossCtx<'_>, sink: &mut Sink<'_>) {
    for b in &ctx.builds {
        let mut exposed: Vec<(u32, u32)> = Vec::new();
        let mut unknown = false;
        for i in b.image_instructions_rev(ctx.compose) {
            if i.keyword == Keyword::Expose {
                for w in i.arg_words() {
                    // `EXPOSE $PORT`: global ARG defaults are substituted; anything else is unknown
                    let value = if w.value.contains('$') {
                        b.model.expand(&w.value, b.df.escape)
                    } else {
                        Some(w.value.clone())
                    };
                    let Some(value) = value else {
                        unknown = true;
                        continue;
                    };
                    let port = value.split('/').next().unwrap_or("");
                    if let Some(r) = crate::compose::parse_range(port) {
                        exposed.push(r);
                    }
                }
            }
        }
        if exposed.is_empty() || unknown {
            continue;
        }
        for p in ports(ctx.compose.doc, b.service.node) {
            let Some((t, _)) = p.target.as_ref().and_then(|t| crate::compose::parse_range(t.text()?)) else { continue };
            if exposed.iter().any(|(lo, hi)| *lo <= t && t <= *hi) {
                continue;
            }
            sink.report(
                p.span,
                format!(
                    "Service `{}` publishes container port {t}, which {} does not EXPOSE",
                    b.service.name, b.dockerfile_path
                ),
                "Publish the port the image listens on, or add `EXPOSE` to the Dockerfile.",
                None,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::project::run_cross;

    #[test]
    fn compares_with_expose_ranges() {
        let c = "services:\n  a:\n    build: .\n    ports: [\"8080:80\", \"9001:9001/udp\", \"${P}:80\"]\n";
        assert_eq!(run_cross("SWC602", c, "FROM x\nEXPOSE 80 9000-9010/udp\n").len(), 0);
        assert_eq!(run_cross("SWC602", c, "FROM x\nEXPOSE 8080\n").len(), 3);
        assert_eq!(run_cross("SWC602", c, "FROM nginx:1.27\n").len(), 0);
        assert_eq!(run_cross("SWC602", c, "FROM x\nARG PORT=80\nEXPOSE $PORT 9229\n").len(), 0);
        assert_eq!(run_cross("SWC602", c, "ARG P=80\nFROM x\nEXPOSE $P 9000-9010/udp\n").len(), 0);
        // EXPOSE in the stage the target builds on counts
        assert_eq!(
            run_cross(
                "SWC602",
                "services:\n  a:\n    build: {context: ., target: b}\n    ports: [\"80\"]\n",
                "FROM x AS a\nEXPOSE 80\nFROM a AS b\nFROM y AS c\n"
            )
            .len(),
            0
        );
    }
}

//! SWC604 healthcheck-tool-missing-in-image

use crate::compose::str_list;
use crate::diagnostic::{Category, Severity};
use crate::dockerfile::model::ImageRef;
use crate::dockerfile::{Args, Keyword};
use crate::project::{Build, CrossCtx, CrossRule};
use crate::rules::compose::ComposeCtx;
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: CrossRule = CrossRule {
    meta: RuleMeta {
        id: "SWC604",
        name: "healthcheck-tool-missing-in-image",
        target: Target::Compose,
        category: Category::Reliability,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: true,
        summary:
            "A service's healthcheck runs curl, wget or a shell that its built image does not contain (cross-file).",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
With the Dockerfile in view, reports a service `healthcheck.test` that needs a program the
built image lacks: the image's base is `scratch`, distroless (`gcr.io/distroless/*`; the
`:debug` variants have busybox `sh` and `wget`) or `cgr.dev/chainguard/static`, and the test
runs `curl`, `wget`, `sh` or `bash` (`["CMD", "curl", …]`; a string or `CMD-SHELL` test needs
`sh`). A tool copied or installed into the image counts as present.

## Why is this bad?
The check fails with "executable file not found" every time: the service is unhealthy forever,
and services waiting for `service_healthy` never start.

## Example
```yaml
services:
  api:
    build: .
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost:8080/health"]
```
with the `Dockerfile`:
```dockerfile
FROM golang:1.23 AS build
RUN go build -o /api ./cmd/api
FROM gcr.io/distroless/static-debian12
COPY --from=build /api /api
```

## Use instead
```yaml
services:
  api:
    build: .
    healthcheck:
      test: ["CMD", "/api", "healthcheck"]
```
with the `Dockerfile`:
```dockerfile
FROM golang:1.23 AS build
RUN go build -o /api ./cmd/api
FROM gcr.io/distroless/static-debian12
COPY --from=build /api /api
```
"#
        ),
    },
    check,
};

/// `Some(true)` for an image with busybox (`sh`, `wget`), `Some(false)` for an empty one.
fn minimal(image: &str) -> Option<bool> {
    let r = ImageRef::parse(image);
    if r.is_scratch() {
        return Some(false);
    }
    let name = r.name.to_ascii_lowercase();
    if name.starts_with("gcr.io/distroless/") {
        return Some(r.tag.unwrap_or_default().to_ascii_lowercase().contains("debug"));
    }
    (name == "cgr.dev/chainguard/static").then_some(false)
}

/// Whether the image's own instructions bring `tool` in (installed or copied).
fn provided(b: &Build<'_>, ctx: &ComposeCtx<'_>, tool: &str) -> bool {
    b.image_instructions_rev(ctx).into_iter().any(|ins| match ins.keyword {
        Keyword::Run => match &ins.args {
            Args::Shell { text, .. } => text.value.split_whitespace().any(|w| w == tool),
            Args::Json { items, .. } => items.iter().any(|w| w.value.contains(tool) || w.value.contains("busybox")),
            _ => false,
        },
        Keyword::Copy | Keyword::Add => ins.arg_words().iter().any(|w| {
            let v = w.value.trim_end_matches('/');
            let base = v.rsplit('/').next().unwrap_or(v);
            base == tool || base == "bin" || v.contains("busybox")
        }),
        _ => false,
    })
}

fn check(ctx: &CrossCtx<'_>, sink: &mut Sink<'_>) {
    let doc = ctx.compose.doc;
    for b in &ctx.builds {
        let Some(test) = doc.path(b.service.node, &["healthcheck", "test"]) else { continue };
        let chain = b.stage_chain(ctx.compose);
        let Some(root) = chain.last().and_then(|i| b.model.stages.get(*i)) else { continue };
        let Some(base) = root.base_resolved.as_deref().and_then(minimal) else { continue };
        let items = str_list(doc, test);
        let tool = if doc.seq(test).is_none() {
            "sh"
        } else {
            match items.first().map(|x| x.raw) {
                Some("CMD-SHELL") => "sh",
                Some("CMD") => match items.get(1).map(|x| x.raw.rsplit('/').next().unwrap_or(x.raw)) {
                    Some(t @ ("curl" | "wget" | "sh" | "bash")) => t,
                    _ => continue,
                },
                _ => continue,
            }
        };
        let busybox_has = base && matches!(tool, "sh" | "wget");
        if busybox_has || provided(b, ctx.compose, tool) {
            continue;
        }
        sink.report(
            doc.span(test),
            format!("Service `{}`'s healthcheck needs `{tool}`, which the image from {} does not contain", b.service.name, b.dockerfile_path),
            "Probe with a binary the image has (the application's own `healthcheck` sub-command, a small static probe copied in).",
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::project::run_cross;

    #[test]
    fn needs_the_tool_in_minimal_images() {
        let curl = "services:\n  a:\n    build: .\n    healthcheck: {test: [CMD, curl, -f, x]}\n";
        let shell = "services:\n  a:\n    build: .\n    healthcheck: {test: wget -q x}\n";
        assert_eq!(run_cross("SWC604", curl, "FROM scratch\n").len(), 1);
        assert_eq!(run_cross("SWC604", shell, "FROM gcr.io/distroless/base:debug\n").len(), 0);
        assert_eq!(run_cross("SWC604", curl, "FROM gcr.io/distroless/base:debug\n").len(), 1);
        assert_eq!(run_cross("SWC604", curl, "FROM alpine:3.20\n").len(), 0);
        assert_eq!(
            run_cross(
                "SWC604",
                curl,
                "FROM curlimages/curl:8.10.1 AS c\nFROM scratch\nCOPY --from=c /usr/bin/curl /usr/bin/curl\n"
            )
            .len(),
            0
        );
    }
}

//! SWD410 healthcheck-tool-missing

use super::base_image_not_pinned_by_digest::final_base;
use super::healthcheck_without_options::final_healthcheck;
use crate::diagnostic::{Category, Label, Severity};
use crate::dockerfile::model::ImageRef;
use crate::dockerfile::{Args, Keyword, Word};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD410",
        name: "healthcheck-tool-missing",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: true,
        summary: "HEALTHCHECK calls curl, wget or a shell that the final image does not contain.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports the final image's `HEALTHCHECK` when its base is `scratch` or a minimal image
without a shell or download tools (`gcr.io/distroless/*`, `cgr.dev/chainguard/static`) and the
check needs one of them:
- `curl` or `wget` as the command (`HEALTHCHECK CMD ["curl", ...]`),
- a shell: the shell form `HEALTHCHECK CMD curl ...` runs `/bin/sh -c`, and so do
  `CMD-SHELL` and `["sh", "-c", ...]`.

Distroless `:debug` images contain busybox, which has `sh` and `wget` (not `curl`). A tool
copied into the final stage (`COPY --from=... /usr/bin/curl ...`, a copied `bin` directory or
`busybox`) or installed by a `RUN` of the final image counts as present.

## Why is this bad?
The check fails with "executable file not found" on every run, so the container is reported
unhealthy forever, and orchestrators that act on health (Swarm, Compose `depends_on` with
`service_healthy`, some platforms) restart or never route to a perfectly working service.
Ship a small health probe in the image, or have the application binary answer a
`healthcheck` sub-command.

## Example
```dockerfile
FROM golang:1.23 AS build
RUN CGO_ENABLED=0 go build -o /server ./cmd/server

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /server /server
HEALTHCHECK CMD ["curl", "-fsS", "http://localhost:8080/healthz"]
ENTRYPOINT ["/server"]
```

## Use instead
```dockerfile
FROM golang:1.23 AS build
RUN CGO_ENABLED=0 go build -o /server ./cmd/server

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /server /server
HEALTHCHECK CMD ["/server", "healthcheck"]
ENTRYPOINT ["/server"]
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

/// What a minimal base image contains.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Minimal {
    /// Nothing at all (`scratch`, distroless, chainguard static).
    Empty,
    /// Busybox: `sh` and `wget`, no `curl` (distroless `:debug`).
    Busybox,
}

fn minimal_base(image: &str) -> Option<Minimal> {
    let r = ImageRef::parse(image);
    if r.is_scratch() {
        return Some(Minimal::Empty);
    }
    let name = r.name.to_ascii_lowercase();
    let tag = r.tag.unwrap_or_default().to_ascii_lowercase();
    if name.starts_with("gcr.io/distroless/") {
        return Some(if tag.contains("debug") { Minimal::Busybox } else { Minimal::Empty });
    }
    (name == "cgr.dev/chainguard/static").then_some(Minimal::Empty)
}

fn has(base: Minimal, tool: &str) -> bool {
    base == Minimal::Busybox && matches!(tool, "sh" | "wget")
}

/// Whether the final image's own instructions bring `tool` in.
fn provided(ctx: &DockerfileCtx<'_>, tool: &str) -> bool {
    ctx.final_image_instructions_rev().any(|(_, ins)| {
        let e = ins.effective();
        if e.keyword != ins.keyword {
            return false;
        }
        match e.keyword {
            // a shell-form RUN only builds if the image has /bin/sh
            Keyword::Run => match &e.args {
                Args::Shell { text, .. } => tool == "sh" || text.value.split_whitespace().any(|w| w == tool),
                Args::Json { items, .. } => items.iter().any(|w| w.value.contains(tool) || w.value.contains("busybox")),
                _ => false,
            },
            Keyword::Copy | Keyword::Add => {
                let words: Vec<&Word> = e.arg_words();
                words.iter().any(|w| {
                    let v = w.value.trim_end_matches('/');
                    let b = crate::shell::base_name(v);
                    b == tool || b == "bin" || v.contains("busybox")
                })
            }
            _ => false,
        }
    })
}

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    let Some(hc) = final_healthcheck(ctx) else { return };
    let Some((st, image)) = final_base(ctx) else { return };
    let Some(min) = minimal_base(image) else { return };
    let Args::Healthcheck { cmd, .. } = &hc.args else { return };
    // (the missing tool, where the check names it)
    let (tool, span) = match &**cmd {
        Args::Shell { text, .. } => ("sh", text.span),
        Args::Json { items, .. } => {
            let Some(first) = items.first() else { return };
            let name = crate::shell::base_name(&first.value);
            match name {
                "CMD-SHELL" => ("sh", first.span),
                "curl" => ("curl", first.span),
                "wget" => ("wget", first.span),
                "sh" | "bash" | "ash" | "dash" => ("sh", first.span),
                _ => return,
            }
        }
        _ => return,
    };
    if has(min, tool) || provided(ctx, tool) {
        return;
    }
    let what = if tool == "sh" { "a shell (`/bin/sh`)".to_string() } else { format!("`{tool}`") };
    let d = sink.report(
        span,
        format!("The HEALTHCHECK needs {what}, which the final image based on `{image}` does not contain"),
        "Use a probe that exists in the image, in exec form: e.g. a `healthcheck` sub-command of the \
         application, or a small static probe binary copied in with `COPY --from=`.",
        None,
    );
    d.labels.push(Label { span: st.base.span, message: format!("`{image}` ships no shell or download tools") });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_when_the_tool_is_absent() {
        let src = "FROM scratch\nCOPY app /app\nHEALTHCHECK CMD [\"curl\", \"-f\", \"http://localhost/\"]\n";
        let d = fires(&RULE, src, 1);
        assert_eq!(d[0].span.text(src), "\"curl\"");
        assert_eq!(d[0].labels[0].span.text(src), "scratch");
        let src = "FROM gcr.io/distroless/static-debian12\nHEALTHCHECK CMD wget -qO- http://localhost/ || exit 1\n";
        let d = fires(&RULE, src, 1);
        assert!(d[0].message.contains("shell"));
        fires(&RULE, "FROM gcr.io/distroless/base:debug\nHEALTHCHECK CMD [\"curl\", \"-f\", \"http://l/\"]\n", 1);
        fires(&RULE, "FROM cgr.dev/chainguard/static:latest\nHEALTHCHECK CMD [\"CMD-SHELL\", \"/hc\"]\n", 1);
        fires(
            &RULE,
            "ARG BASE=scratch\nFROM $BASE AS base\nFROM base\nHEALTHCHECK CMD [\"/bin/sh\", \"-c\", \"/hc\"]\n",
            1,
        );
    }

    #[test]
    fn quiet_when_present_or_not_minimal() {
        clean(&RULE, "FROM alpine:3.20\nHEALTHCHECK CMD wget -qO- http://localhost/ || exit 1\n");
        clean(&RULE, "FROM scratch\nHEALTHCHECK CMD [\"/app\", \"health\"]\n");
        clean(&RULE, "FROM gcr.io/distroless/base:debug\nHEALTHCHECK CMD wget -qO- http://l/ || exit 1\n");
        clean(&RULE, "FROM curlimages/curl AS c\nFROM scratch\nCOPY --from=c /usr/bin/curl /usr/bin/curl\nHEALTHCHECK CMD [\"curl\", \"-f\", \"http://l/\"]\n");
        clean(&RULE, "FROM busybox:1.36 AS bb\nFROM scratch\nCOPY --from=bb /bin/busybox /bin/\nHEALTHCHECK CMD wget -q http://l/\n");
        clean(&RULE, "FROM scratch\nCOPY --from=tools /bin/ /bin/\nHEALTHCHECK CMD [\"curl\", \"http://l/\"]\n");
        clean(&RULE, "FROM scratch\nHEALTHCHECK NONE\n");
        clean(&RULE, "FROM scratch AS x\nHEALTHCHECK CMD [\"curl\", \"x\"]\nFROM alpine:3.20\n");
        clean(&RULE, "FROM scratch\n");
    }
}

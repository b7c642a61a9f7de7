//! SWD312 curl-and-wget

use crate::diagnostic::{Category, Label, Severity};
use crate::dockerfile::model::run_scripts;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};
use crate::span::Span;

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD312",
        name: "curl-and-wget",
        target: Target::Dockerfile,
        category: Category::Efficiency,
        severity: Severity::Info,
        fix: FixKind::None,
        default_on: true,
        summary: "One image downloads with both `curl` and `wget`.",
        equivalents: &["hadolint:DL4001", "trivy:DS-0014", "kics:run_using_wget_and_curl"],
        docs: rule_docs!(
            r#"## What it does
Finds images whose `RUN` instructions call both `curl` and `wget`. An image here is a stage
together with the stages it is built `FROM`; two unrelated stages that use one tool each are
fine, since no single image needs both. The finding points at the first use of the tool that is
used less often (`wget` on a tie), with a label on the other tool's first use.

## Why is this bad?
Both tools do the same job in a Dockerfile. Needing both means installing, patching and
scanning two HTTP clients (and their TLS libraries) where one would do, and readers have to know
two sets of options for retries, redirects and failing on HTTP errors.

## Example
```dockerfile
FROM debian:bookworm-slim
RUN curl -fsSL -o /tmp/a.tgz https://example.com/a.tgz \
 && wget -q -O /tmp/b.tgz https://example.com/b.tgz
```

## Use instead
```dockerfile
FROM debian:bookworm-slim
RUN curl -fsSL -o /tmp/a.tgz https://example.com/a.tgz \
 && curl -fsSL -o /tmp/b.tgz https://example.com/b.tgz
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

/// Uses of `curl` and `wget` (spans of the command names) in stage `s`.
fn uses(ctx: &DockerfileCtx<'_>, s: usize) -> (Vec<Span>, Vec<Span>) {
    let (mut curl, mut wget) = (Vec::new(), Vec::new());
    let Some(st) = ctx.model.stages.get(s) else { return (curl, wget) };
    for (i, ins) in ctx.of_kind_in(crate::dockerfile::Keyword::Run, st.from..st.end) {
        for script in run_scripts(ins, ctx.posix_shell_at(i)) {
            for (cmd, k) in script.find(&["curl", "wget"]) {
                let Some(w) = cmd.words.get(k) else { continue };
                if w.value.ends_with("curl") {
                    curl.push(w.span);
                } else {
                    wget.push(w.span);
                }
            }
        }
    }
    (curl, wget)
}

/// Per image (a stage and the stages it builds on): how often each tool is used, and its first use.
#[derive(Clone, Copy, Default)]
struct Tally {
    curl: usize,
    wget: usize,
    first_curl: Option<Span>,
    first_wget: Option<Span>,
}

fn earliest(a: Option<Span>, b: Option<Span>) -> Option<Span> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    // a parent stage always comes earlier in the file, so one pass in order accumulates chains
    let mut tallies: Vec<Tally> = Vec::with_capacity(ctx.model.stages.len());
    for (s, st) in ctx.model.stages.iter().enumerate() {
        let (curl, wget) = uses(ctx, s);
        let parent = st.parent_stage.filter(|p| *p < s).and_then(|p| tallies.get(p).copied()).unwrap_or_default();
        tallies.push(Tally {
            curl: parent.curl + curl.len(),
            wget: parent.wget + wget.len(),
            first_curl: earliest(parent.first_curl, curl.first().copied()),
            first_wget: earliest(parent.first_wget, wget.first().copied()),
        });
    }
    // the final image first, then the other stages from last to first
    for t in tallies.iter().rev() {
        let (Some(c), Some(w)) = (t.first_curl, t.first_wget) else { continue };
        let (at, rare_name, count, other, common_name) =
            if t.curl < t.wget { (c, "curl", t.curl, w, "wget") } else { (w, "wget", t.wget, c, "curl") };
        sink.report(
            at,
            format!("This image uses both `curl` and `wget`; `{rare_name}` is used {count} time(s) here"),
            format!("Use `{common_name}` for every download, so the image needs only one HTTP client."),
            None,
        )
        .labels
        .push(Label { span: other, message: format!("`{common_name}` is used here") });
        return;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_once_on_the_rarer_tool() {
        let src = "FROM a:1\nRUN curl -o a https://x/a\nRUN wget https://x/b && wget https://x/c\n";
        let d = fires(&RULE, src, 1);
        assert_eq!(d[0].span.text(src), "curl");
        assert_eq!(d[0].labels[0].span.start, src.find("wget").unwrap());
        let src = "FROM a:1\nRUN wget https://x/b\nRUN curl -o a https://x/a\n";
        let d = fires(&RULE, src, 1);
        assert_eq!(d[0].span.text(src), "wget");
        fires(&RULE, "FROM a:1\nRUN <<EOF\ncurl -fsSL https://x\nsudo wget https://y\nEOF\n", 1);
        fires(&RULE, "FROM a:1 AS base\nRUN curl https://x\nFROM base\nRUN wget https://y\n", 1);
        fires(&RULE, "FROM a:1\nRUN curl https://x\nFROM a:1\nRUN wget https://y\nRUN curl https://z\n", 1);
    }

    #[test]
    fn quiet_with_one_tool_per_image() {
        clean(&RULE, "FROM a:1\nRUN curl https://x && curl https://y\n");
        clean(&RULE, "FROM a:1 AS dl\nRUN wget https://x\nFROM a:1\nRUN curl https://y\n");
        clean(&RULE, "FROM a:1\nRUN apt-get install -y curl wget\nRUN curl https://x\n");
        clean(&RULE, "FROM a:1\nRUN curl https://x\nHEALTHCHECK CMD wget -q -O- http://localhost/\n");
        clean(&RULE, "FROM a:1\nRUN curl https://x\nSHELL [\"pwsh\", \"-c\"]\nRUN wget https://y\n");
    }
}

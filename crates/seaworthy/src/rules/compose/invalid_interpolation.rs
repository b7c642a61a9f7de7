//! SWC009 invalid-interpolation

use crate::compose::interp;
use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};
use crate::span::Span;
use crate::yaml::{Kind, NodeId, Style};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC009",
        name: "invalid-interpolation",
        target: Target::Compose,
        category: Category::Reliability,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: true,
        summary: "A value has a malformed `${…}` that Compose refuses to interpolate.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports values (never keys, which Compose does not interpolate) with an unclosed `${`, an
empty or non-name `${…}`, or an unsupported operator (`${V/a/b}`, `${V:0:2}`). A `$` followed
by anything but a name, `{` or `$` (`$(date)`, `$5`, a regex's `$`) stays literal in Compose
and is not reported.

## Why is this bad?
`docker compose` stops with "invalid interpolation format" before doing anything.

## Example
```yaml
services:
  web:
    image: nginx:1.27
    command: sh -c 'echo ${HOME/root/home}'
```

## Use instead
```yaml
services:
  web:
    image: nginx:1.27
    command: sh -c 'echo $${HOME/root/home}'
```
"#
        ),
    },
    check,
    per_service: false,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    let doc = ctx.doc;
    // Only a scalar with a `$` can be reported: without one in the document's scalar text
    // (one contiguous buffer), the tree need not be walked at all.
    if !doc.text.contains('$') {
        return;
    }
    // Values are the root, own mapping values and sequence items; keys are never interpolated.
    // Aliases and merged entries point at nodes checked where they are written.
    // (Walked in place: one list of every value node was the larger part of this rule.)
    let values = doc.root.into_iter().chain(doc.nodes.iter().flat_map(|n| {
        let (entries, items): (&[crate::yaml::Entry], &[NodeId]) = match &n.kind {
            Kind::Map(m) => (&m.entries, &[]),
            Kind::Seq(q) => (&[], &q.items),
            _ => (&[], &[]),
        };
        entries.iter().filter(|e| e.via.is_none()).map(|e| e.value).chain(items.iter().copied())
    }));
    for id in values {
        let n = doc.node(id);
        let Kind::Scalar(s) = &n.kind else { continue };
        let s = doc.view(s);
        if !s.value.contains('$') {
            continue;
        }
        for e in interp::errors(s.value) {
            // exact sub-span when the scalar is written as-is on one line
            let quote = usize::from(matches!(s.style, Style::SingleQuoted | Style::DoubleQuoted));
            let exact = matches!(s.style, Style::Plain | Style::SingleQuoted)
                && n.span.len() == s.value.len() + 2 * quote
                && !s.value.contains('\'');
            let span =
                if exact { Span::new(n.span.start + quote + e.start, n.span.start + quote + e.end) } else { n.span };
            sink.report(
                span,
                format!("Invalid interpolation: {}", e.message),
                "Escape a literal `${` as `$${`; use only `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`, `${VAR:+alt}`.",
                None,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_on_bad_templates() {
        let src = "services:\n  a:\n    image: \"app:${TAG\"\n    command: echo ${A/x/y} $$ok $1 ${}\n";
        let d = fires(&RULE, src, 3);
        assert_eq!(d[1].span.text(src), "${A/x/y}");
        assert_eq!(d[2].span.text(src), "${}");
    }

    #[test]
    fn quiet_on_valid_templates_and_keys() {
        clean(&RULE, "services:\n  a:\n    image: app:${TAG:-1}\n    command: echo $$HOME $HOME ${X?err}\n    labels:\n      $weird: key\n");
    }
}

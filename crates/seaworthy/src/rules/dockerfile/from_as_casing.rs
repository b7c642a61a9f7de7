//! SWD008 from-as-casing

use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::dockerfile::{Args, Keyword};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD008",
        name: "from-as-casing",
        target: Target::Dockerfile,
        category: Category::Maintainability,
        severity: Severity::Style,
        fix: FixKind::Always,
        default_on: true,
        summary: "The `AS` of a FROM line is not in the same case as `FROM`.",
        equivalents: &["buildkit:FromAsCasing"],
        docs: rule_docs!(
            r#"## What it does
Finds `FROM image as name` (upper-case `FROM`, lower-case `as`) and `from image AS name`
(the other way round). A `FROM` keyword in mixed case is left to
`inconsistent-instruction-casing`.

## Why is this bad?
The keyword pair reads as one unit; mixing cases looks like a typo and makes the file harder
to scan. BuildKit warns about it.

## Example
```dockerfile
FROM golang:1.23 as build
RUN go build -o /out/app .
```

## Use instead
```dockerfile
FROM golang:1.23 AS build
RUN go build -o /out/app .
```

## Fix safety
Safe: `AS` is case-insensitive, so changing its case does not change the build.
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    for st in &ctx.model.stages {
        let Some(ins) = ctx.df.instructions.get(st.from) else { continue };
        if ins.keyword != Keyword::From {
            continue;
        }
        let Args::Words { words } = &ins.args else { continue };
        let Some(as_word) = words.get(1).filter(|w| w.value.eq_ignore_ascii_case("as")) else { continue };
        let kw = ins.keyword_span.text(ctx.src);
        let as_text = as_word.span.text(ctx.src);
        let want = if kw == "FROM" {
            "AS"
        } else if kw == "from" {
            "as"
        } else {
            continue;
        };
        if as_text == want || as_text.len() != 2 {
            continue;
        }
        sink.report(
            as_word.span,
            format!("`{as_text}` does not match the case of `{kw}`"),
            format!("Write `{kw} ... {want} name`."),
            Some(Fix::safe(format!("Write `{want}`"), vec![Edit::replace(as_word.span, want)])),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_mismatched_case() {
        fires(&RULE, "FROM a:1 as x\nfrom b:1 AS y\nFROM c:1 As z\n", 3);
    }

    #[test]
    fn fixes_the_as_word() {
        fixes_to(&RULE, "FROM a:1 as x\nfrom b:1 AS y\n", "FROM a:1 AS x\nfrom b:1 as y\n");
        fixes_to(&RULE, "FROM --platform=$BUILDPLATFORM a:1 aS x\r\n", "FROM --platform=$BUILDPLATFORM a:1 AS x\r\n");
    }

    #[test]
    fn quiet_on_matching_or_mixed_from() {
        clean(&RULE, "FROM a:1 AS x\nfrom b:1 as y\nFrom c:1 as z\nFROM d:1\n");
    }
}

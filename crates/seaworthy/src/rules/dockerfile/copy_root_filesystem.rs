//! SWD028 copy-root-filesystem

use crate::diagnostic::{Category, Severity};
use crate::dockerfile::words::unquote;
use crate::dockerfile::Instruction;
use crate::dockerfile::{Args, Keyword};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD028",
        name: "copy-root-filesystem",
        target: Target::Dockerfile,
        category: Category::Efficiency,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: true,
        summary: "`COPY --from=stage / /` copies a whole filesystem.",
        equivalents: &["hadolint:DL3067"],
        docs: rule_docs!(
            r#"## What it does
Finds `COPY --from=x / /`: a copy of the entire root filesystem of another stage or image.

## Why is this bad?
The copy takes everything: the package manager's caches and databases, compilers, shells,
temporary files and whatever the other stage left behind. It produces one large layer that
shares nothing with the layers of the source image, so nothing is reused on pull, and the
point of a multi-stage build (shipping only what the application needs) is lost. Copy the
directories the application needs instead. Flattening an image into `FROM scratch` on
purpose is the one common exception; suppress the finding there.

## Example
```dockerfile
FROM golang:1.23 AS build
RUN go build -o /out/app .
FROM gcr.io/distroless/static-debian12
COPY --from=build / /
```

## Use instead
```dockerfile
FROM golang:1.23 AS build
RUN go build -o /out/app .
FROM gcr.io/distroless/static-debian12
COPY --from=build /out/app /app
```
"#
        ),
    },
    check: crate::rules::Check::Each(crate::rules::Keywords::of(&[crate::dockerfile::Keyword::Copy]), check),
};

fn check<'a>(ctx: &DockerfileCtx<'a>, _i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    if ins.keyword != Keyword::Copy {
        return;
    }
    let Some(from) = ins.flags.iter().find(|f| f.name == "from").and_then(|f| f.value.as_deref()) else {
        return;
    };
    let words: Vec<(String, crate::span::Span)> = match &ins.args {
        Args::Json { items, .. } => items.iter().map(|w| (w.value.clone(), w.span)).collect(),
        Args::Words { words } => words.iter().map(|w| (unquote(&w.value, ctx.df.escape), w.span)).collect(),
        _ => return,
    };
    let [(src, src_span), (dst, dst_span)] = words.as_slice() else { return };
    if src != "/" || dst != "/" {
        return;
    }
    sink.report(
        src_span.cover(*dst_span),
        format!("COPY copies the whole filesystem of `{from}` into this image"),
        "Copy only the files the image needs (e.g. `COPY --from=build /out/app /app`).",
        None,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_root_to_root_copies() {
        fires(&RULE, "FROM a:1 AS b\nFROM c:1\nCOPY --from=b / /\nCOPY --from=b [\"/\", \"/\"]\n", 2);
        fires(&RULE, "FROM c:1\nCOPY --link --from=busybox:1 / /\n", 1);
    }

    #[test]
    fn quiet_on_partial_copies() {
        clean(&RULE, "FROM a:1 AS b\nFROM c:1\nCOPY --from=b /out /\nCOPY --from=b / /root/\nCOPY / /\n");
        clean(&RULE, "FROM c:1\nCOPY --from=b /a / /\n");
    }
}

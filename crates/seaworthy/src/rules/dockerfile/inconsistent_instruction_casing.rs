//! SWD009 inconsistent-instruction-casing

use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::dockerfile::{Instruction, Keyword};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD009",
        name: "inconsistent-instruction-casing",
        target: Target::Dockerfile,
        category: Category::Maintainability,
        severity: Severity::Style,
        fix: FixKind::Always,
        default_on: true,
        summary: "Instruction keywords are not all in the same case.",
        equivalents: &["buildkit:ConsistentInstructionCasing"],
        docs: rule_docs!(
            r#"## What it does
Counts upper-case and lower-case instruction keywords (including the one an `ONBUILD`
wraps) and reports each keyword that is not in the majority case; upper-case wins a tie. A
keyword in mixed case, such as `Run`, is always reported.

## Why is this bad?
Keywords are case-insensitive, but a file that mixes `RUN` and `run` is harder to scan, and
it often means pieces were pasted from elsewhere without review. BuildKit warns about it.

## Example
```dockerfile
FROM alpine:3.20
RUN apk add --no-cache curl
copy app /srv/app
```

## Use instead
```dockerfile
FROM alpine:3.20
RUN apk add --no-cache curl
COPY app /srv/app
```

## Fix safety
Safe: the fix rewrites the keyword in the majority case, which does not change its meaning.
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Case {
    Upper,
    Lower,
    Mixed,
}

fn case_of(word: &str) -> Case {
    if !word.chars().any(char::is_lowercase) {
        Case::Upper
    } else if !word.chars().any(char::is_uppercase) {
        Case::Lower
    } else {
        Case::Mixed
    }
}

/// Known-keyword instructions, top-level and wrapped by ONBUILD.
fn keywords<'a>(ctx: &'a DockerfileCtx<'_>) -> Vec<&'a Instruction> {
    let mut out = Vec::new();
    for ins in &ctx.df.instructions {
        out.push(ins);
        let inner = ins.effective();
        if !std::ptr::eq(inner, ins) {
            out.push(inner);
        }
    }
    out.retain(|i| i.keyword != Keyword::Unknown);
    out
}

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    let all = keywords(ctx);
    let (mut upper, mut lower) = (0usize, 0usize);
    for ins in &all {
        match case_of(ins.keyword_span.text(ctx.src)) {
            Case::Upper => upper += 1,
            Case::Lower => lower += 1,
            Case::Mixed => {}
        }
    }
    let majority = if lower > upper { Case::Lower } else { Case::Upper };
    for ins in all {
        let word = ins.keyword_span.text(ctx.src);
        if word.is_empty() || case_of(word) == majority {
            continue;
        }
        let (want, style) = match majority {
            Case::Lower => (word.to_lowercase(), "lower-case"),
            _ => (word.to_uppercase(), "upper-case"),
        };
        sink.report(
            ins.keyword_span,
            format!("`{word}` is not in the case most instructions here use ({style})"),
            format!("Write `{want}`."),
            Some(Fix::safe(format!("Write `{want}`"), vec![Edit::replace(ins.keyword_span, want.clone())])),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_minority_and_mixed_case() {
        fires(&RULE, "FROM a:1\nRUN x\ncopy a b\nRun y\n", 2);
        fires(&RULE, "from a:1\nrun x\nCOPY a b\n", 1);
        fires(&RULE, "FROM a:1\nONBUILD run x\n", 1);
    }

    #[test]
    fn fixes_to_majority_case_with_upper_on_ties() {
        fixes_to(&RULE, "FROM a:1\nRUN x\ncopy a b\n", "FROM a:1\nRUN x\nCOPY a b\n");
        fixes_to(&RULE, "from a:1\nrun x\nCopy a b\r\n", "from a:1\nrun x\ncopy a b\r\n");
        fixes_to(&RULE, "from a:1\nRUN x\n", "FROM a:1\nRUN x\n");
        fixes_to(&RULE, "FROM a:1\nonbuild RUN x\nRUN y\n", "FROM a:1\nONBUILD RUN x\nRUN y\n");
    }

    #[test]
    fn quiet_on_consistent_files() {
        clean(&RULE, "FROM a:1\nRUN x\nONBUILD COPY a b\nBOGUS y\n");
        clean(&RULE, "from a:1\nrun x\nbogus Y\n");
    }
}

//! SWD022 multiple-cmd
//!
//! Also holds [`check_repeated`], shared with `multiple_entrypoint` and `multiple_healthcheck`.

use crate::diagnostic::{Category, Edit, Fix, Label, Severity};
use crate::dockerfile::{Keyword, SegmentKind};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};
use crate::span::Span;

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD022",
        name: "multiple-cmd",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Warning,
        fix: FixKind::Always,
        default_on: true,
        summary: "A stage has more than one CMD; only the last one counts.",
        equivalents: &[
            "hadolint:DL4003",
            "buildkit:MultipleInstructionsDisallowed",
            "trivy:DS-0016",
            "kics:multiple_cmd_instructions_listed",
        ],
        docs: rule_docs!(
            r#"## What it does
Reports every `CMD` of a stage that a later `CMD` of the same stage overrides.

## Why is this bad?
Only the last `CMD` takes effect; the earlier ones do nothing but suggest that several
commands run. Someone reading the file, or editing the first one, is misled.

## Example
```dockerfile
FROM python:3.13-slim
CMD ["python", "manage.py", "migrate"]
CMD ["gunicorn", "app.wsgi"]
```

## Use instead
```dockerfile
FROM python:3.13-slim
CMD ["gunicorn", "app.wsgi"]
```

## Fix safety
Safe: the fix deletes the overridden `CMD` lines, which have no effect on the image.
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

/// The source range of every instruction as whole lines, line ending included.
/// The whole lines instruction `i` takes (its segment), found by binary search.
fn whole_lines(ctx: &DockerfileCtx<'_>, i: usize) -> Option<Span> {
    let ins = ctx.df.instructions.get(i)?;
    let segs = &ctx.df.segments;
    let k = segs.partition_point(|s| s.span.end <= ins.span.start);
    segs.get(k..)?
        .iter()
        .take(2)
        .find(|s| s.kind == SegmentKind::Instruction(u32::try_from(i).unwrap_or(u32::MAX)))
        .map(|s| s.span)
}

/// Reports every `keyword` instruction of a stage that a later one overrides, labelling the
/// last one. `deletable(stage_instructions_between)` decides whether deleting is safe; the fix
/// is a deletion with applicability `safe`.
pub(crate) fn check_repeated(
    ctx: &DockerfileCtx<'_>,
    sink: &mut Sink<'_>,
    keyword: Keyword,
    deletable: impl Fn(usize, usize) -> bool,
) {
    let name = keyword.as_str();
    let all: Vec<usize> = ctx.of_kind(keyword).filter(|(_, x)| x.keyword == keyword).map(|(i, _)| i).collect();
    // per stage, in file order (instructions before the first FROM belong to none)
    for idx in all.chunk_by(|a, b| ctx.model.stage_of(*a) == ctx.model.stage_of(*b)) {
        if ctx.model.stage_of(idx[0]).is_none() {
            continue;
        }
        let Some(&last) = idx.last() else { continue };
        let Some(last_ins) = ctx.df.instructions.get(last) else { continue };
        for &i in &idx[..idx.len() - 1] {
            let Some(ins) = ctx.df.instructions.get(i) else { continue };
            let fix = whole_lines(ctx, i)
                .filter(|_| deletable(i, last))
                .map(|span| Fix::safe(format!("Delete the overridden {name}"), vec![Edit::delete(span)]));
            let d = sink.report(
                ins.keyword_span,
                format!("This {name} has no effect: a later {name} in the same stage replaces it"),
                format!("Keep only one {name} per stage; delete this one or merge it into the last."),
                fix,
            );
            d.labels
                .push(Label { span: last_ins.keyword_span, message: format!("this {name} is the one that counts") });
        }
    }
}

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    check_repeated(ctx, sink, Keyword::Cmd, |_, _| true);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_each_overridden_cmd() {
        let d = fires(&RULE, "FROM a:1\nCMD a\nCMD b\nCMD [\"c\"]\n", 2);
        assert_eq!(d[0].labels[0].span, d[1].labels[0].span);
    }

    #[test]
    fn deletes_overridden_cmds() {
        fixes_to(&RULE, "FROM a:1\nCMD a\nRUN x\nCMD b\n", "FROM a:1\nRUN x\nCMD b\n");
        fixes_to(&RULE, "FROM a:1\r\nCMD a \\\r\n  b\r\nCMD c\r\nCMD d", "FROM a:1\r\nCMD d");
    }

    #[test]
    fn quiet_on_one_cmd_per_stage() {
        clean(&RULE, "FROM a:1 AS b\nCMD a\nFROM b\nCMD b\nONBUILD CMD c\n");
    }
}

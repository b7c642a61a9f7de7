//! SWD017 env-self-reference

use crate::diagnostic::{Category, Label, Severity};
use crate::dockerfile::{Args, Keyword};
use crate::rules::dockerfile::undefined_variable::walk_scopes;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD017",
        name: "env-self-reference",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: true,
        summary: "One ENV instruction uses a variable that it defines itself.",
        equivalents: &["hadolint:DL3044"],
        docs: rule_docs!(
            r#"## What it does
Finds `ENV A=... B=$A` where `$A` refers to a variable an earlier pair of the same `ENV`
defines, and `A` was not declared before that instruction (by an earlier `ENV` or `ARG` of
the stage or the stages it builds on).

## Why is this bad?
All values of one `ENV` are expanded before any of its variables is set, so `$A` is not the
value written a few characters earlier: it is empty (or whatever `A` was before). A classic
case is `ENV JAVA_HOME=/opt/java PATH=$JAVA_HOME/bin:$PATH`, which puts `/bin` on the `PATH`.

## Example
```dockerfile
FROM debian:bookworm-slim
ENV APP_HOME=/srv/app APP_BIN=$APP_HOME/bin
```

## Use instead
```dockerfile
FROM debian:bookworm-slim
ENV APP_HOME=/srv/app
ENV APP_BIN=$APP_HOME/bin
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    walk_scopes(ctx, |_s, _i, ins, declared| {
        let (Keyword::Env, Args::Pairs { pairs }) = (&ins.keyword, &ins.args) else { return };
        for r in &ins.var_refs {
            if declared.contains(&r.name) {
                continue;
            }
            let Some(def) = pairs.iter().find(|p| p.key.value == r.name && p.span.end <= r.span.start) else {
                continue;
            };
            let name = &r.name;
            let d = sink.report(
                r.span,
                format!(
                    "`{}` refers to `{name}`, which this same ENV defines, so it does not see that value",
                    r.span.text(ctx.src)
                ),
                format!("Move `{name}=...` to its own ENV instruction before this one."),
                None,
            );
            d.labels.push(Label {
                span: def.span,
                message: format!("`{name}` is only set after the whole ENV is expanded"),
            });
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_same_statement_references() {
        fires(&RULE, "FROM a:1\nENV A=1 B=$A C=${A}/x\n", 2);
        fires(&RULE, "FROM a:1\nENV JAVA_HOME=/opt/java \\\n    PATH=$JAVA_HOME/bin:$PATH\n", 1);
        fires(&RULE, "FROM a:1 AS b\nFROM b\nENV A=1 B=${A:-x}\n", 1);
    }

    #[test]
    fn quiet_when_defined_before_or_self_contained() {
        clean(&RULE, "FROM a:1\nENV A=1\nENV B=$A\n");
        clean(&RULE, "FROM a:1\nENV A=0\nENV A=1 B=$A\n");
        clean(&RULE, "FROM a:1\nARG A\nENV A=1 B=$A\n");
        clean(&RULE, "FROM a:1 AS base\nENV A=0\nFROM base\nENV A=1 B=$A\n");
        clean(&RULE, "FROM a:1\nENV PATH=/x:$PATH\nENV A=$B B=1\n");
        clean(&RULE, "FROM a:1\nENV A 1 $A\nLABEL a=1 b=$a\n");
    }
}

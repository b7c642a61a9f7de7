//! SWD021 legacy-key-value-format

use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::dockerfile::Instruction;
use crate::dockerfile::{Args, Keyword};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};
use crate::span::Span;

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD021",
        name: "legacy-key-value-format",
        target: Target::Dockerfile,
        category: Category::Maintainability,
        severity: Severity::Info,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "ENV or LABEL in the legacy `key value` form.",
        equivalents: &["buildkit:LegacyKeyValueFormat"],
        docs: rule_docs!(
            r#"## What it does
Finds `ENV key value` and `LABEL key value` (a space instead of `=`), also under `ONBUILD`.

## Why is this bad?
In the legacy form everything after the key is the value, spaces included, so
`ENV A 1 B 2` sets one variable `A` to `1 B 2`. It cannot set several variables at once, it
reads differently from every other `key=value` in the file, and BuildKit warns that it is
deprecated.

## Example
```dockerfile
FROM python:3.13-slim
ENV PYTHONUNBUFFERED 1
```

## Use instead
```dockerfile
FROM python:3.13-slim
ENV PYTHONUNBUFFERED=1
```

## Fix safety
Safe: the fix writes `key=value`, putting the value in double quotes when it contains
spaces, which gives the same value. No fix is offered when the value contains quotes or
backslashes (their meaning would change inside quotes) or when the instruction spans
several lines.
"#
        ),
    },
    check: crate::rules::Check::Each(
        crate::rules::Keywords::of(&[crate::dockerfile::Keyword::Env, crate::dockerfile::Keyword::Label]),
        check,
    ),
};

fn check<'a>(ctx: &DockerfileCtx<'a>, _i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    let e = ins.effective();
    let (Keyword::Env | Keyword::Label, Args::Pairs { pairs }) = (&e.keyword, &e.args) else { return };
    for p in pairs.iter().filter(|p| p.legacy) {
        let Some(value) = &p.value else { continue };
        let key = &p.key.value;
        let v = &value.value;
        let plain = ins.start_line == ins.end_line
            && value.span.text(ctx.src) == v
            && p.key.span.text(ctx.src) == key
            && !v.contains(['"', '\'', '\\', '`', ctx.df.escape])
            // a key with quotes, `=` or `$` means something else in the `key=value` form
            && !key.contains(['"', '\'', '\\', '`', '=', '$', ctx.df.escape]);
        let rendered = if v.chars().any(char::is_whitespace) { format!("\"{v}\"") } else { v.clone() };
        let kw = e.keyword.as_str();
        let help = if plain {
            format!("Write `{kw} {key}={rendered}`.")
        } else {
            format!("Write `{kw} {key}=value`; quote the value if it contains spaces.")
        };
        let fix = plain.then(|| {
            Fix::safe(
                format!("Write `{key}={rendered}`"),
                vec![Edit::replace(Span::new(p.key.span.start, value.span.end), format!("{key}={rendered}"))],
            )
        });
        sink.report(p.span, format!("{kw} `{key}` uses the legacy `key value` form"), help, fix);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_legacy_pairs() {
        fires(&RULE, "FROM a:1\nENV A 1\nLABEL maintainer me\nONBUILD ENV B 2\n", 3);
    }

    #[test]
    fn fixes_to_key_equals_value() {
        fixes_to(&RULE, "FROM a:1\nENV A 1\n", "FROM a:1\nENV A=1\n");
        fixes_to(&RULE, "FROM a:1\nENV PATH /x:$PATH\n", "FROM a:1\nENV PATH=/x:$PATH\n");
        fixes_to(&RULE, "FROM a:1\nLABEL desc  my  app \r\n", "FROM a:1\nLABEL desc=\"my  app\" \r\n");
        fixes_to(&RULE, "FROM a:1\nENV A b=c\n", "FROM a:1\nENV A=b=c\n");
        fixes_to(&RULE, "from a:1\nonbuild env X 1\n", "from a:1\nonbuild env X=1\n");
    }

    #[test]
    fn no_fix_when_the_key_has_quotes_or_specials() {
        // `main"Jessie="Fraz..."` would open a quote the file never closes (found by fuzzing)
        no_fix(&RULE, "FROM a:1\nLABEL main\"Jessie Frazelle\n");
        no_fix(&RULE, "FROM a:1\nENV A$B 1\n");
        no_fix(&RULE, "FROM a:1\nLABEL it's mine\n");
    }

    #[test]
    fn no_fix_with_quotes_backslashes_or_continuations() {
        no_fix(&RULE, "FROM a:1\nENV A \"x y\"\n");
        no_fix(&RULE, "FROM a:1\nENV A it's\n");
        no_fix(&RULE, "FROM a:1\nENV A a\\ b\n");
        no_fix(&RULE, "FROM a:1\nENV A a \\\n  b\n");
    }

    #[test]
    fn quiet_on_key_equals_value() {
        clean(&RULE, "FROM a:1\nENV A=1 B=\"x y\"\nLABEL a=b\nARG X 1\n");
    }
}

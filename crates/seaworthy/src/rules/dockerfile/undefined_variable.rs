//! SWD018 undefined-variable
//!
//! Also holds [`walk_scopes`], the ARG/ENV scope tracker shared with `env_self_reference`.

use std::collections::HashSet;

use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::dockerfile::model::PREDEFINED_ARGS;
use crate::dockerfile::{Args, Instruction, Keyword, VarRef};
use crate::rules::dockerfile::unknown_instruction::{close_matches, did_you_mean};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD018",
        name: "undefined-variable",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Warning,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "A `$VAR` in an instruction refers to a variable that is not defined there.",
        equivalents: &["buildkit:UndefinedVar"],
        docs: rule_docs!(
            r#"## What it does
Finds `$NAME` / `${NAME}` in instructions BuildKit expands (`COPY`, `ADD`, `ENV`, `LABEL`,
`WORKDIR`, `USER`, `EXPOSE`, `VOLUME`, `STOPSIGNAL`, `ARG`) where `NAME` was not declared
before by `ARG` or `ENV` in the stage or the stages it builds on, and reports it when the
mistake is certain:

- `NAME` is a global `ARG` (declared before the first `FROM`) or an automatic platform
  argument (`TARGETARCH`, `BUILDPLATFORM`, ...) that the stage does not re-declare;
- `NAME` is a near miss of a declared variable (a likely typo);
- or the stage is built from `scratch`, so no base image can define it.

References with a default or alternative (`${NAME:-x}`, `${NAME:+x}`) are not reported, nor
are variables a base image may define (the check cannot see the base image's `ENV`).

## Why is this bad?
An undefined variable silently expands to an empty string: `COPY app-$VERSION.jar /app/`
copies `app-.jar`, `WORKDIR /opt/$APP` becomes `/opt/`. A global `ARG` is only visible in
`FROM` lines until a stage declares it again with `ARG NAME`.

## Example
```dockerfile
ARG VERSION=1.4.2
FROM eclipse-temurin:21-jre
COPY build/app-${VERSION}.jar /app/app.jar
```

## Use instead
```dockerfile
ARG VERSION=1.4.2
FROM eclipse-temurin:21-jre
ARG VERSION
COPY build/app-${VERSION}.jar /app/app.jar
```

## Fix safety
For a likely typo with exactly one close declared name, the fix renames the reference. It is
**unsafe**: the instruction then expands to a different value than before.
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

/// Names an instruction declares for the instructions after it (ARG and ENV keys).
fn declared_by(ins: &Instruction) -> impl Iterator<Item = &str> {
    let pairs = match (&ins.keyword, &ins.args) {
        (Keyword::Arg, Args::ArgNames { pairs }) | (Keyword::Env, Args::Pairs { pairs }) => pairs.as_slice(),
        _ => &[],
    };
    pairs.iter().map(|p| p.key.value.as_str())
}

/// Calls `f(i, ins, declared)` for every top-level instruction after a stage's FROM, where
/// `declared` holds the ARG and ENV names declared before it in its stage and in the stages
/// it builds on (`FROM earlier-stage` inherits both).
pub(crate) fn walk_scopes<'a>(
    ctx: &'a DockerfileCtx<'_>,
    mut f: impl FnMut(usize, usize, &'a Instruction, &HashSet<String>),
) {
    let mut finals: Vec<HashSet<String>> = Vec::with_capacity(ctx.model.stages.len());
    for (s, st) in ctx.model.stages.iter().enumerate() {
        let mut declared = st.parent_stage.and_then(|p| finals.get(p).cloned()).unwrap_or_default();
        for i in st.from + 1..st.end {
            let Some(ins) = ctx.df.instructions.get(i) else { break };
            f(s, i, ins, &declared);
            declared.extend(declared_by(ins).map(str::to_string));
        }
        finals.push(declared);
    }
}

/// For every stage, whether it ultimately builds on `scratch` (following `FROM earlier-stage`).
pub(crate) fn scratch_roots(ctx: &DockerfileCtx<'_>) -> Vec<bool> {
    let mut out: Vec<bool> = Vec::with_capacity(ctx.model.stages.len());
    for st in &ctx.model.stages {
        let root = match st.parent_stage {
            Some(p) => out.get(p).copied().unwrap_or(false),
            None => st.base_resolved.as_deref().is_some_and(|b| b.eq_ignore_ascii_case("scratch")),
        };
        out.push(root);
    }
    out
}

/// Automatic platform arguments (visible in a stage only once re-declared).
fn is_platform_arg(name: &str) -> bool {
    PREDEFINED_ARGS.contains(&name)
        && (name.starts_with("BUILD") || name.starts_with("TARGET"))
        && name != "BUILDKIT_SYNTAX"
}

/// Predefined names that are always available (proxy settings) or not ours to judge.
fn always_defined(name: &str) -> bool {
    name == "PATH" || name.starts_with("BUILDKIT_") || (PREDEFINED_ARGS.contains(&name) && !is_platform_arg(name))
}

/// Modifiers that make an unset variable harmless.
fn has_fallback(r: &VarRef) -> bool {
    matches!(r.modifier.as_str(), ":-" | "-" | ":+" | "+")
}

/// How many edits a name may be from a declared one to count as a likely typo.
fn typo_distance(name: &str) -> usize {
    match name.chars().count() {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    let windows = ctx.df.escape == '`';
    let scratch = scratch_roots(ctx);
    walk_scopes(ctx, |s, _i, ins, declared| {
        if matches!(ins.keyword, Keyword::Onbuild | Keyword::Unknown | Keyword::From) {
            return;
        }
        // keys of earlier pairs of the same ARG count as declared; for ENV they are
        // env-self-reference's business
        let own: Vec<(&str, usize)> = match (&ins.keyword, &ins.args) {
            (Keyword::Arg, Args::ArgNames { pairs }) | (Keyword::Env, Args::Pairs { pairs }) => {
                pairs.iter().map(|p| (p.key.value.as_str(), p.span.end)).collect()
            }
            _ => Vec::new(),
        };
        for r in &ins.var_refs {
            let name = r.name.as_str();
            if has_fallback(r) || declared.contains(name) || always_defined(name) {
                continue;
            }
            if windows && declared.iter().any(|d| d.eq_ignore_ascii_case(name)) {
                continue;
            }
            if own.iter().any(|(k, end)| *k == name && *end <= r.span.start) {
                continue;
            }
            let global = ctx.model.global_args.iter().any(|(n, _)| n == name);
            if global || is_platform_arg(name) {
                let what = if global { "a global ARG" } else { "an automatic platform ARG" };
                sink.report(
                    r.span,
                    format!(
                        "`{name}` is {what}, but this stage does not declare it, so `{}` expands to an empty string",
                        r.span.text(ctx.src)
                    ),
                    format!("Add `ARG {name}` in this stage, after its FROM, to use the value here."),
                    None,
                );
                continue;
            }
            // sorted: `declared` is a hash set, whose order would decide between equally close
            // names (and differ from run to run)
            let mut names: Vec<&str> = declared.iter().map(String::as_str).collect();
            crate::sort::sort_by(&mut names, |a, b| a.cmp(b));
            let cands = close_matches(name, names, typo_distance(name), true);
            if !cands.is_empty() {
                let fix = match cands.as_slice() {
                    [one] => {
                        Some(Fix::unsafe_(format!("Use `{one}`"), vec![Edit::replace(r.name_span, (*one).to_string())]))
                    }
                    _ => None,
                };
                sink.report(
                    r.span,
                    format!("`{name}` is not defined at this point"),
                    format!("Fix the name or declare it with ARG or ENV before this line.{}", did_you_mean(&cands)),
                    fix,
                );
            } else if scratch.get(s).copied().unwrap_or(false) {
                sink.report(
                    r.span,
                    format!("`{name}` is not defined at this point, so `{}` expands to an empty string", r.span.text(ctx.src)),
                    format!("Declare it with `ARG {name}` or `ENV {name}=...` before this line, or give a default: `${{{name}:-value}}`."),
                    None,
                );
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_global_args_not_redeclared() {
        fires(&RULE, "ARG V=1\nFROM a:$V\nCOPY app-$V.jar /app/\nLABEL v=${V}\n", 2);
        fires(&RULE, "FROM a:1\nCOPY bin-${TARGETARCH} /usr/bin/app\n", 1);
        // declared in the stage: fine
        clean(&RULE, "ARG V=1\nFROM a:$V\nARG V\nCOPY app-$V.jar /app/\n");
        clean(&RULE, "FROM a:1\nARG TARGETARCH\nCOPY bin-${TARGETARCH} /usr/bin/app\n");
    }

    #[test]
    fn fires_on_typos_with_a_fix() {
        let d = fires(&RULE, "FROM a:1\nENV APP_HOME=/srv\nWORKDIR $APP_HOEM\n", 1);
        assert!(d[0].help.contains("`APP_HOME`"));
        fixes_to(
            &RULE,
            "FROM a:1\nENV APP_HOME=/srv\nWORKDIR ${APP_HOEM}/x\n",
            "FROM a:1\nENV APP_HOME=/srv\nWORKDIR ${APP_HOME}/x\n",
        );
        fixes_to(
            &RULE,
            "FROM a:1\r\nARG version=1\r\nCOPY x-$VERSION /x\r\n",
            "FROM a:1\r\nARG version=1\r\nCOPY x-$version /x\r\n",
        );
    }

    #[test]
    fn fires_on_anything_undefined_over_scratch() {
        fires(&RULE, "FROM scratch\nCOPY $SRC /\n", 1);
        fires(&RULE, "FROM scratch AS base\nFROM base\nWORKDIR /opt/$APP\n", 1);
        clean(&RULE, "FROM scratch\nENV SRC=x\nCOPY $SRC /\nWORKDIR $PATH\n");
    }

    #[test]
    fn scopes_follow_stage_inheritance() {
        clean(&RULE, "FROM a:1 AS base\nARG VERSION=1\nENV HOME_DIR=/h\nFROM base\nCOPY x-$VERSION $HOME_DIR/\n");
        fires(&RULE, "FROM scratch AS one\nENV X=1\nFROM scratch\nCOPY $X /\n", 1);
    }

    #[test]
    fn quiet_on_fallbacks_base_image_variables_and_run() {
        clean(&RULE, "FROM scratch\nCOPY ${SRC:-app} ${DST-/x} ${A:+y} /\n");
        // may come from the base image's ENV
        clean(&RULE, "FROM node:22\nWORKDIR $NODE_HOME\nCOPY x $JAVA_HOME/\n");
        // RUN and CMD are expanded by the shell, not by BuildKit
        clean(&RULE, "FROM scratch\nRUN echo $X\nCMD echo $Y\n");
        // earlier pairs of one ARG
        clean(&RULE, "FROM scratch\nARG A=1 B=$A\n");
        // ENV self references are env-self-reference's
        clean(&RULE, "FROM scratch\nENV A=1 B=$A\n");
        // label keys are not variables
        fires(&RULE, "FROM scratch\nLABEL a=1 b=$a\n", 1);
        clean(&RULE, "FROM scratch\nCOPY --chown=$HTTP_PROXY x /\nONBUILD COPY $X /\n");
    }

    #[test]
    fn windows_names_are_case_insensitive() {
        clean(&RULE, "# escape=`\nFROM scratch\nENV AppDir=C:\\app\nWORKDIR $appdir\n");
    }

    /// Equally close names are offered in name order, whatever the order of declaration (the
    /// declared names are a hash set: found by the lint_files fuzzer as a report that changed
    /// with the order of the files).
    #[test]
    fn equally_close_names_in_name_order() {
        // each run hashes with new keys: repeat so that an order left to the set shows
        for _ in 0..8 {
            for src in [
                "FROM alpine\nENV PHP_LDFLAGS=1 PHP_CPPFLAGS=2\nENV X=$PHP_CFLAGS\n",
                "FROM alpine\nENV PHP_CPPFLAGS=2 PHP_LDFLAGS=1\nENV X=$PHP_CFLAGS\n",
            ] {
                let d = fires(&RULE, src, 1);
                assert!(d[0].help.ends_with("Did you mean `PHP_CPPFLAGS` or `PHP_LDFLAGS`?"), "{}", d[0].help);
            }
        }
    }
}

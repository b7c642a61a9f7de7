//! SWD307 consecutive-run

use crate::diagnostic::{Category, Edit, Fix, Label, Severity};
use crate::dockerfile::model::run_scripts;
use crate::dockerfile::{Args, Instruction, Keyword};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};
use crate::shell::{Script, Sep};
use crate::span::Span;

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD307",
        name: "consecutive-run",
        target: Target::Dockerfile,
        category: Category::Efficiency,
        severity: Severity::Info,
        fix: FixKind::Sometimes,
        default_on: false,
        summary: "Two RUN instructions in a row with the same options could be one layer.",
        equivalents: &["hadolint:DL3059", "kics:multiple_run_add_copy_instructions_listed"],
        docs: rule_docs!(
            r#"## What it does
Finds a shell-form `RUN` that directly follows another shell-form `RUN` with exactly the same
options (`--mount`, `--network`, `--security`). `RUN`s with heredocs, exec-form `RUN`s and
`RUN`s separated by any other instruction are left alone.

Off by default: splitting `RUN`s is often deliberate, so that a slow step (installing
packages) stays cached while a fast step that changes often is rebuilt.

## Why is this bad?
Every `RUN` adds a layer. Files a later layer deletes still take space in the earlier one, and
each layer costs some storage and pull time of its own. Steps that belong together (download,
unpack, clean up) should share one `RUN`.

## Example
```dockerfile
FROM debian:bookworm-slim
RUN mkdir -p /opt/app
RUN useradd --system app
```

## Use instead
```dockerfile
FROM debian:bookworm-slim
RUN mkdir -p /opt/app && useradd --system app
```

## Fix safety
The fix joins the second command onto the first with ` && ` and removes the second `RUN`. It is
**unsafe** because caching changes: a change to either command now re-runs both, and the two
steps share one layer. It is offered only when both `RUN`s are single lines in a POSIX shell,
nothing (not even a comment) sits between them, the first command does not end with `;`, `&` or
a comment and does not change the shell's state (`cd`, `export`, `set`, `umask`, `source`,
variable assignments, `exit`, `exec`...), and the second is joined only with `&&` and `|`, so the
joined line fails exactly when one of the two `RUN`s would have failed.
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

/// Commands that change the state a following command would inherit.
const STATEFUL: &[&str] = &[
    "cd", "pushd", "popd", "export", "set", "unset", "umask", "source", ".", "alias", "unalias", "trap", "exit",
    "exec", "return", "shopt", "readonly", "declare", "typeset", "local", "eval", "ulimit", "shift", "hash",
];

fn flags_key(ins: &Instruction) -> Vec<String> {
    let mut v: Vec<String> = ins.flags.iter().map(|f| f.raw.clone()).collect();
    crate::sort::sort_by(&mut v, |a, b| a.cmp(b));
    v
}

fn plain_run(ins: &Instruction) -> bool {
    ins.keyword == Keyword::Run && ins.heredocs.is_empty() && matches!(ins.args, Args::Shell { .. })
}

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    for i in 1..ctx.df.instructions.len() {
        let (Some(prev), Some(cur)) = (ctx.df.instructions.get(i - 1), ctx.df.instructions.get(i)) else { continue };
        if !plain_run(prev) || !plain_run(cur) || flags_key(prev) != flags_key(cur) {
            continue;
        }
        let fix =
            merge_fix(ctx, i - 1, i).map(|e| Fix::unsafe_("Join this RUN onto the previous one with `&&`", vec![e]));
        sink.report(
            cur.keyword_span,
            "This RUN directly follows another RUN with the same options, adding a layer of its own",
            "If the steps belong together, join them into one RUN with `&&`; keep them apart only when the split is for caching.",
            fix,
        )
        .labels
        .push(Label { span: prev.keyword_span, message: "previous RUN".into() });
    }
}

/// The shell-form command text of a single-line RUN and its source span, when the two agree.
fn line_text<'a>(ctx: &DockerfileCtx<'a>, ins: &Instruction) -> Option<(&'a str, Span)> {
    let Args::Shell { text, .. } = &ins.args else { return None };
    if ins.start_line != ins.end_line {
        return None;
    }
    let raw = ctx.src.get(text.span.start..text.span.end)?;
    if raw != text.value {
        return None;
    }
    let t = raw.trim_end();
    Some((t, Span::new(text.span.start, text.span.start + t.len())))
}

fn merge_fix(ctx: &DockerfileCtx<'_>, a: usize, b: usize) -> Option<Edit> {
    if !ctx.posix_shell_at(a) || !ctx.posix_shell_at(b) {
        return None;
    }
    let (pa, pb) = (ctx.df.instructions.get(a)?, ctx.df.instructions.get(b)?);
    let (ta, sa) = line_text(ctx, pa)?;
    let (tb, sb) = line_text(ctx, pb)?;
    if ta.is_empty() || tb.is_empty() || ta.ends_with([';', '&', '|', '\\']) || ta.contains('#') || tb.contains('#') {
        return None;
    }
    let scripts_a = run_scripts(pa, true);
    let scripts_b = run_scripts(pb, true);
    let (sa_script, sb_script) = (scripts_a.first()?, scripts_b.first()?);
    if !first_is_joinable(sa_script) || !second_is_joinable(sb_script) {
        return None;
    }
    let gap = Span::new(sa.end, sb.start);
    if gap.is_empty() || gap.text(ctx.src).contains('#') {
        return None;
    }
    Some(Edit::replace(gap, " && "))
}

fn first_is_joinable(s: &Script) -> bool {
    !s.incomplete
        && !s.commands.is_empty()
        && s.commands.iter().all(|c| {
            c.sep != Sep::Background
                && !c.words.is_empty()
                && c.words.first().is_none_or(|w| !STATEFUL.contains(&w.value.as_str()))
        })
}

fn second_is_joinable(s: &Script) -> bool {
    !s.incomplete
        && !s.commands.is_empty()
        && s.commands.iter().all(|c| matches!(c.sep, Sep::Start | Sep::And | Sep::Pipe))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_consecutive_runs() {
        let src = "FROM a:1\nRUN a\nRUN b\nRUN c\n";
        let d = fires(&RULE, src, 2);
        assert_eq!(d[0].span.start, src.find("RUN b").unwrap());
        fires(&RULE, "FROM a:1\nRUN --mount=type=cache,target=/c a\nRUN --mount=type=cache,target=/c b\n", 1);
        fires(&RULE, "FROM a:1\nRUN a\n# comment\n\nRUN b\n", 1);
        fires(&RULE, "FROM a:1\nRUN a \\\n  b\nRUN c\n", 1);
        fires(&RULE, "FROM a:1\nSHELL [\"pwsh\", \"-c\"]\nRUN a\nRUN b\n", 1);
    }

    #[test]
    fn quiet_when_not_mergeable() {
        clean(&RULE, "FROM a:1\nRUN a\nCOPY x y\nRUN b\n");
        clean(&RULE, "FROM a:1\nRUN a\nRUN --network=none b\n");
        clean(&RULE, "FROM a:1\nRUN a\nRUN [\"b\"]\n");
        clean(&RULE, "FROM a:1\nRUN a\nRUN <<EOF\nb\nEOF\n");
        clean(&RULE, "FROM a:1\nRUN a\nFROM b:1\nRUN b\n");
        clean(&RULE, "FROM a:1\nRUN a\nONBUILD RUN b\n");
    }

    #[test]
    fn joins_simple_lines() {
        fixes_to(&RULE, "FROM a:1\nRUN a\nRUN b\n", "FROM a:1\nRUN a && b\n");
        fixes_to(&RULE, "FROM a:1\nRUN a  \nRUN b && c | d\nRUN e\n", "FROM a:1\nRUN a && b && c | d && e\n");
        fixes_to(
            &RULE,
            "FROM a:1\r\nRUN a || true\r\n\r\nRUN b\r\nCMD x\r\n",
            "FROM a:1\r\nRUN a || true && b\r\nCMD x\r\n",
        );
        fixes_to(&RULE, "FROM a:1\nRUN x; y\nRUN b\n", "FROM a:1\nRUN x; y && b\n");
        fixes_to(
            &RULE,
            "FROM a:1\nRUN --mount=type=cache,target=/c a\nRUN --mount=type=cache,target=/c b\n",
            "FROM a:1\nRUN --mount=type=cache,target=/c a && b\n",
        );
    }

    #[test]
    fn no_fix_when_joining_changes_meaning() {
        no_fix(&RULE, "FROM a:1\nRUN cd /x\nRUN b\n");
        no_fix(&RULE, "FROM a:1\nRUN export A=1\nRUN b\n");
        no_fix(&RULE, "FROM a:1\nRUN A=1\nRUN b\n");
        no_fix(&RULE, "FROM a:1\nRUN a;\nRUN b\n");
        no_fix(&RULE, "FROM a:1\nRUN a &\nRUN b\n");
        no_fix(&RULE, "FROM a:1\nRUN a # note\nRUN b\n");
        no_fix(&RULE, "FROM a:1\nRUN a\n# why\nRUN b\n");
        no_fix(&RULE, "FROM a:1\nRUN a\nRUN b; c\n");
        no_fix(&RULE, "FROM a:1\nRUN a\nRUN b || c\n");
        no_fix(&RULE, "FROM a:1\nRUN a \\\n  b\nRUN c\n");
        no_fix(&RULE, "FROM a:1\nRUN a\nRUN if x; then y; fi\n");
        no_fix(&RULE, "FROM a:1\nSHELL [\"pwsh\", \"-c\"]\nRUN a\nRUN b\n");
    }

    const TOKENS: &[&str] = &[
        "FROM a\n",
        "FROM debian AS b\n",
        "FROM b\n",
        "RUN ",
        "ONBUILD ",
        "COPY ",
        "ADD ",
        "WORKDIR ",
        "CMD ",
        "EXPOSE 80\n",
        " . ",
        " /app",
        " /",
        " app.tgz",
        "cd",
        " &&",
        " && ",
        ";",
        " | ",
        " & ",
        " \\\n",
        "\n",
        "\r\n",
        "<<EOF",
        "EOF\n",
        "\"",
        "'",
        "#",
        "$",
        "(",
        ")",
        "--mount=type=cache,target=/c ",
        "--chmod=777 ",
        "SHELL [\"pwsh\"]\n",
        "wget",
        "curl",
        " -q",
        " -O",
        "useradd",
        " -u 100000",
        " -l",
        "chmod",
        " 777",
        " -R",
        "chown",
        "tar",
        " -xzf",
        "npm ci",
        "apt-get install -y",
        " gcc",
        " git",
        "apk del",
        "service",
        " start",
        "gunicorn",
        "\u{e9}",
    ];

    proptest::proptest! {
        #[test]
        fn family_rules_never_panic_and_fixes_apply(ix in proptest::collection::vec(0usize..TOKENS.len(), 0..40)) {
            let src: String = ix.iter().map(|i| TOKENS[*i]).collect();
            use super::super::*;
            let rules = [
                &cd_instead_of_workdir::RULE,
                &workdir_system_directory::RULE,
                &archive_extracted_manually::RULE,
                &RULE,
                &copy_whole_context::RULE,
                &dependencies_installed_after_source::RULE,
                &build_tools_in_final_stage::RULE,
                &wget_without_progress::RULE,
                &curl_and_wget::RULE,
                &pointless_command::RULE,
                &useradd_without_no_log_init::RULE,
                &world_writable_permissions::RULE,
                &copy_chown_redundant_run::RULE,
                &large_base_image::RULE,
                &missing_expose::RULE,
            ];
            for rule in rules {
                let d = crate::rules::run_dockerfile_rule(rule, &src);
                for x in &d {
                    proptest::prop_assert!(src.get(x.span.start..x.span.end).is_some(), "{:?}", x.span);
                }
                let edits: Vec<_> = d.iter().filter_map(|x| x.fix.as_ref()).flat_map(|f| f.edits.clone()).collect();
                if !edits.is_empty() {
                    let out = crate::fix::apply_edits(&src, &edits);
                    proptest::prop_assert!(out.is_some(), "{} edits overlap on {:?}", rule.meta.name, src);
                }
            }
        }
    }
}

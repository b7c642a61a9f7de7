//! SWD012 copy-multiple-sources-no-slash

use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::dockerfile::words::unquote;
use crate::dockerfile::Instruction;
use crate::dockerfile::{Args, Keyword};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD012",
        name: "copy-multiple-sources-no-slash",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Error,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "COPY or ADD with several sources into a destination that does not end in `/`.",
        equivalents: &[
            "hadolint:DL3021",
            "trivy:DS-0011",
            "kics:copy_with_more_than_two_arguments_not_ending_with_slash",
        ],
        docs: rule_docs!(
            r#"## What it does
Finds `COPY` and `ADD` instructions (also under `ONBUILD`) with two or more sources (heredocs
count as sources) whose destination does not end in `/`. Destinations built from variables,
`.` (which BuildKit treats as a directory), and Windows paths ending in `\` are left alone.

## Why is this bad?
Several sources can only go into a directory, and Docker requires the destination to say so
with a trailing slash: "When using COPY with more than one source file, the destination must
be a directory and end with a /". The build fails.

## Example
```dockerfile
FROM node:22-slim
COPY package.json package-lock.json /app
```

## Use instead
```dockerfile
FROM node:22-slim
COPY package.json package-lock.json /app/
```

## Fix safety
Safe: the fix appends `/` to the destination. The instruction could not have built without
it, so no working image changes. No fix is offered for Windows-style destinations.
"#
        ),
    },
    check: crate::rules::Check::Each(
        crate::rules::Keywords::of(&[crate::dockerfile::Keyword::Copy, crate::dockerfile::Keyword::Add]),
        check,
    ),
};

fn check<'a>(ctx: &DockerfileCtx<'a>, _i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    let e = ins.effective();
    if !matches!(e.keyword, Keyword::Copy | Keyword::Add) {
        return;
    }
    let (dest, dest_value, json) = match &e.args {
        Args::Json { items, .. } if items.len() >= 3 => {
            let Some(d) = items.last() else { return };
            (d, d.value.clone(), true)
        }
        Args::Words { words } if words.len() >= 3 => {
            let Some(d) = words.last() else { return };
            (d, unquote(&d.value, ctx.df.escape), false)
        }
        _ => return,
    };
    let sources = match &e.args {
        Args::Json { items, .. } => items.len() - 1,
        Args::Words { words } => words.len() - 1,
        _ => 0,
    };
    // a last word `<<EOF` opens a heredoc: it is not a destination (property test)
    if dest_value.ends_with('/')
        || dest_value.ends_with('\\')
        || dest_value == "."
        || dest_value.contains('$')
        || dest_value.starts_with("<<")
    {
        return;
    }
    let windows = dest_value.contains('\\') || dest_value.as_bytes().get(1) == Some(&b':');
    let raw = dest.span.text(ctx.src);
    let at = if json || raw.ends_with(['"', '\'']) {
        (raw.len() >= 2).then(|| dest.span.end - 1)
    } else {
        (raw == dest.value).then_some(dest.span.end)
    };
    // Only when the edited word really ends in `/` (an unbalanced quote such as `'"` would
    // swallow it, and the fix would never converge).
    let ends_in_slash = |at: usize| {
        let off = at - dest.span.start;
        let edited = format!("{}/{}", &raw[..off], &raw[off..]);
        json || unquote(&edited, ctx.df.escape).ends_with('/')
    };
    let fix = at
        .filter(|&at| !windows && raw.is_char_boundary(at - dest.span.start) && ends_in_slash(at))
        .map(|at| Fix::safe(format!("Append `/` to `{dest_value}`"), vec![Edit::insert(at, "/")]));
    let kw = e.keyword.as_str();
    sink.report(
        dest.span,
        format!("{kw} has {sources} sources, but its destination `{dest_value}` does not end in `/`"),
        format!("End the destination with `/` (`{dest_value}/`): several sources can only go into a directory."),
        fix,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn quiet_when_the_last_word_opens_a_heredoc() {
        // `COPY A \` continued by `RUN <<EOF`: appending `/` made the heredoc `EOF/` (found by a
        // property test)
        clean(&RULE, "COPY A \\\nRUN <<EOF\nEOF");
        clean(&RULE, "FROM a:1\nCOPY a b <<EOF\nx\nEOF\n");
    }

    #[test]
    fn fires_on_several_sources_without_slash() {
        fires(&RULE, "FROM a:1\nCOPY a b /dst\nADD x y z /d\nONBUILD COPY a b c\n", 3);
        fires(&RULE, "FROM a:1\nCOPY [\"a\", \"b\", \"/dst\"]\n", 1);
        fires(&RULE, "FROM a:1\nCOPY <<one <<two /etc/conf\nx\none\ny\ntwo\n", 1);
    }

    #[test]
    fn fixes_by_appending_a_slash() {
        fixes_to(&RULE, "FROM a:1\nCOPY a b /dst\n", "FROM a:1\nCOPY a b /dst/\n");
        fixes_to(&RULE, "FROM a:1\r\nCOPY --chown=1:1 a b dst\r\n", "FROM a:1\r\nCOPY --chown=1:1 a b dst/\r\n");
        fixes_to(
            &RULE,
            "FROM a:1\nCOPY [\"a\", \"b\", \"/my dst\"]\n",
            "FROM a:1\nCOPY [\"a\", \"b\", \"/my dst/\"]\n",
        );
        fixes_to(&RULE, "FROM a:1\nCOPY a b \"/dst\"\n", "FROM a:1\nCOPY a b \"/dst/\"\n");
        fixes_to(&RULE, "FROM a:1\nONBUILD ADD a b /x\n", "FROM a:1\nONBUILD ADD a b /x/\n");
    }

    #[test]
    fn no_fix_for_windows_paths() {
        no_fix(&RULE, "# escape=`\nFROM a:1\nCOPY a b C:/app\n");
        // an unbalanced quote would swallow the slash: no fix (found by the fix-idempotence property test)
        no_fix(&RULE, "COPY a \\\nFROM '\"\n");
    }

    #[test]
    fn quiet_on_directories_single_sources_and_variables() {
        clean(&RULE, "FROM a:1\nCOPY a b /dst/\nCOPY a /file\nCOPY a b $DEST\nCOPY a b .\n");
        clean(&RULE, "# escape=`\nFROM a:1\nCOPY a b C:\\app\\\n");
        clean(&RULE, "FROM a:1\nCOPY [\"a\", \"b/\"]\nCOPY <<EOF /etc/motd\nhi\nEOF\n");
    }
}

//! SWD003 unknown-instruction
//!
//! Also holds the edit-distance helpers behind every "did you mean ...?" of the structure
//! rules (`unknown_flag`, `undefined_variable`, `undefined_arg_in_from`).

use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::dockerfile::{Instruction, Keyword};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD003",
        name: "unknown-instruction",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Error,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "A line starts with a word that is not a Dockerfile instruction.",
        equivalents: &["hadolint:DL1000"],
        docs: rule_docs!(
            r#"## What it does
Finds instructions whose keyword is not one BuildKit knows (`FROM`, `RUN`, `COPY`, ...),
including the instruction an `ONBUILD` wraps, and suggests the closest real instruction.

## Why is this bad?
BuildKit parses the line but fails the build when it reaches it ("unknown instruction"). A
typo in a rarely built stage, or in an `ONBUILD` trigger that only runs in a child image,
can go unnoticed until a release build.

## Example
```dockerfile
FROM alpine:3.20
COPPY app /srv/app
```

## Use instead
```dockerfile
FROM alpine:3.20
COPY app /srv/app
```

## Fix safety
Offered only when exactly one instruction is close to the word: one edit away for words of
three or four letters, two for longer ones (a swap of neighbouring letters counts as one
edit). It is **unsafe**: the line never built before, and the instruction
the fix picks now runs with the line's arguments.
"#
        ),
    },
    check: crate::rules::Check::Each(crate::rules::Keywords::of(&[crate::dockerfile::Keyword::Unknown]), check),
};

/// Every instruction keyword, upper-case.
pub(crate) const KEYWORDS: &[&str] = &[
    "ADD",
    "ARG",
    "CMD",
    "COPY",
    "ENTRYPOINT",
    "ENV",
    "EXPOSE",
    "FROM",
    "HEALTHCHECK",
    "LABEL",
    "MAINTAINER",
    "ONBUILD",
    "RUN",
    "SHELL",
    "STOPSIGNAL",
    "USER",
    "VOLUME",
    "WORKDIR",
];

/// Words longer than this are never compared (keeps the quadratic distance bounded).
const MAX_COMPARED_LEN: usize = 64;

/// Edit distance between `a` and `b` in chars, counting an insertion, a deletion, a
/// substitution or a swap of two neighbours as one edit (optimal string alignment), or
/// `usize::MAX` when either is longer than [`MAX_COMPARED_LEN`].
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    edit_distance_chars(a.chars(), b.chars())
}

/// [`edit_distance`] over two sequences of chars. Everything is on the stack (the words are
/// at most [`MAX_COMPARED_LEN`] chars): it runs for every candidate of every unknown word,
/// and five vectors a call were a third of a Dockerfile lint's allocations.
fn edit_distance_chars(a: impl Iterator<Item = char>, b: impl Iterator<Item = char>) -> usize {
    fn fill(buf: &mut [char; MAX_COMPARED_LEN], chars: impl Iterator<Item = char>) -> Option<usize> {
        let mut n = 0;
        for c in chars {
            *buf.get_mut(n)? = c;
            n += 1;
        }
        Some(n)
    }
    let (mut ab, mut bb) = (['\0'; MAX_COMPARED_LEN], ['\0'; MAX_COMPARED_LEN]);
    let (Some(na), Some(nb)) = (fill(&mut ab, a), fill(&mut bb, b)) else {
        return usize::MAX;
    };
    let (a, b) = (&ab[..na], &bb[..nb]);
    let w = b.len() + 1;
    // rows i-2, i-1 and i of the distance table, taken in turn
    let mut rows = [[0usize; MAX_COMPARED_LEN + 1]; 3];
    for (j, d) in rows[1].iter_mut().enumerate() {
        *d = j;
    }
    let (mut before, mut prev, mut cur) = (0, 1, 2);
    for i in 1..=a.len() {
        rows[cur][0] = i;
        for j in 1..w {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[prev][j - 1] + cost).min(rows[prev][j] + 1).min(rows[cur][j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[before][j - 2] + 1);
            }
            rows[cur][j] = d;
        }
        (before, prev, cur) = (prev, cur, before);
    }
    rows[prev][b.len()]
}

/// How many edits away a misspelt word of this length may be to suggest a correction.
pub(crate) fn max_typo_distance(word: &str) -> usize {
    match word.chars().count() {
        0..=2 => 0,
        3..=4 => 1,
        _ => 2,
    }
}

/// The candidates within `max` edits of `word` (compared case-insensitively when
/// `ignore_case`), closest first, without duplicates and without `word` itself.
pub(crate) fn close_matches<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    max: usize,
    ignore_case: bool,
) -> Vec<&'a str> {
    let w = if ignore_case { word.to_lowercase() } else { word.to_string() };
    let mut found: Vec<(usize, &'a str)> = Vec::new();
    for c in candidates {
        if c == word || found.iter().any(|(_, f)| *f == c) {
            continue;
        }
        // an ASCII candidate is lower-cased on the fly (no copy); others as `to_lowercase` does
        let d = if !ignore_case {
            edit_distance(&w, c)
        } else if c.is_ascii() {
            edit_distance_chars(w.chars(), c.chars().map(|x| x.to_ascii_lowercase()))
        } else {
            edit_distance(&w, &c.to_lowercase())
        };
        if d <= max {
            found.push((d, c));
        }
    }
    crate::sort::sort_by_key(&mut found, |(d, _)| *d);
    found.into_iter().map(|(_, c)| c).collect()
}

/// " Did you mean `X`?" / " Did you mean `X` or `Y`?" (empty when there is no candidate).
pub(crate) fn did_you_mean(cands: &[&str]) -> String {
    match cands {
        [] => String::new(),
        [one] => format!(" Did you mean `{one}`?"),
        [a, b, ..] => format!(" Did you mean `{a}` or `{b}`?"),
    }
}

/// Rewrites `canonical` (upper-case) in the case style of `written`: lower-case when the
/// word is written all lower-case, upper-case otherwise.
pub(crate) fn in_case_of(written: &str, canonical: &str) -> String {
    if written.chars().any(|c| c.is_ascii_alphabetic()) && !written.chars().any(|c| c.is_ascii_uppercase()) {
        canonical.to_lowercase()
    } else {
        canonical.to_uppercase()
    }
}

/// Whether the instruction still parses with `keyword` in place of its unknown word (`END A`
/// does not become `ENV A`, which BuildKit rejects): the instruction's own text is re-parsed,
/// so the cost is linear in its length.
fn parses_as(ctx: &DockerfileCtx<'_>, ins: &Instruction, keyword: &str) -> bool {
    let text = ins.span.text(ctx.src);
    let (Some(at), Some(end)) =
        (ins.keyword_span.start.checked_sub(ins.span.start), ins.keyword_span.end.checked_sub(ins.span.start))
    else {
        return false;
    };
    let (Some(before), Some(after)) = (text.get(..at), text.get(end..)) else { return false };
    let escape = if ctx.df.escape == '`' { "# escape=`\n" } else { "" };
    let fixed = format!("{escape}{before}{keyword}{after}");
    crate::dockerfile::parse(&fixed).errors.is_empty()
}

fn report(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>, ins: &Instruction) {
    let word = ins.keyword_span.text(ctx.src);
    if word.is_empty() {
        return;
    }
    let upper = word.to_uppercase();
    let cands = close_matches(&upper, KEYWORDS.iter().copied(), max_typo_distance(word).max(1), false);
    let fix = match cands.as_slice() {
        [one] if word.chars().count() >= 3 && parses_as(ctx, ins, &in_case_of(word, one)) => Some(Fix::unsafe_(
            format!("Replace `{word}` with `{one}`"),
            vec![Edit::replace(ins.keyword_span, in_case_of(word, one))],
        )),
        _ => None,
    };
    let help = if cands.is_empty() {
        "Use one of FROM, RUN, COPY, ADD, ARG, ENV, LABEL, EXPOSE, WORKDIR, USER, VOLUME, CMD, ENTRYPOINT, \
         HEALTHCHECK, SHELL, STOPSIGNAL, ONBUILD."
            .to_string()
    } else {
        format!("Fix the keyword.{}", did_you_mean(&cands))
    };
    sink.report(
        ins.keyword_span,
        format!("`{word}` is not a Dockerfile instruction; the build fails when it reaches this line"),
        help,
        fix,
    );
}

fn check<'a>(ctx: &DockerfileCtx<'a>, _i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    if ins.keyword == Keyword::Unknown {
        report(ctx, sink, ins);
    } else if ins.keyword == Keyword::Onbuild {
        let inner = ins.effective();
        if !std::ptr::eq(inner, ins) && inner.keyword == Keyword::Unknown {
            report(ctx, sink, inner);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("COPPY", "COPY"), 1);
        assert_eq!(edit_distance("FORM", "FROM"), 1);
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "RUN"), 3);
        assert_eq!(edit_distance(&"A".repeat(100), "A"), usize::MAX);
        // the longest compared words, and one char more
        assert_eq!(edit_distance(&"A".repeat(64), ""), 64);
        assert_eq!(edit_distance("", &"\u{e9}".repeat(64)), 64);
        assert_eq!(edit_distance(&"A".repeat(65), ""), usize::MAX);
        assert_eq!(edit_distance("caf\u{e9}", "cafe\u{301}"), 2);
        // case-insensitive: ASCII candidates folded on the fly, others with `to_lowercase`
        assert_eq!(close_matches("\u{c9}T\u{c9}", ["\u{e9}t\u{e9}", "ETE"], 1, true), ["\u{e9}t\u{e9}"]);
        assert_eq!(close_matches("fOO", ["FOX", "bar"], 1, true), ["FOX"]);
        assert_eq!(close_matches("ADG", KEYWORDS.iter().copied(), 1, false), ["ADD", "ARG"]);
        assert_eq!(close_matches("app_hom", ["APP_HOME", "X"], 2, true), ["APP_HOME"]);
    }

    #[test]
    fn fires_on_unknown_keywords() {
        let d = fires(&RULE, "FROM a:1\nCOPPY a /b\nRUNN x\nFOOBARBAZ y\n", 3);
        assert!(d[0].help.contains("`COPY`"));
        assert!(d[2].fix.is_none());
        fires(&RULE, "FROM a:1\nONBUILD RUNN make\n", 1);
        fires(&RULE, "FROM a:1\nONBUILD\n", 0);
    }

    #[test]
    fn fixes_single_close_match() {
        fixes_to(&RULE, "FROM a:1\nCOPPY a /b\n", "FROM a:1\nCOPY a /b\n");
        fixes_to(&RULE, "from a:1\nrunn make\n", "from a:1\nrun make\n");
        fixes_to(&RULE, "FROM a:1\r\nONBUILD RUNN make\r\n", "FROM a:1\r\nONBUILD RUN make\r\n");
        fixes_to(&RULE, "FROM a:1\nFORM b\n", "FROM a:1\nFROM b\n");
    }

    #[test]
    fn no_fix_when_the_replacement_would_not_parse() {
        // `ENV A` has no value: BuildKit rejects it (found by the fixed-files property test)
        no_fix(&RULE, "END\rA");
        no_fix(&RULE, "FROM a:1\nEMV A\n");
        fixes_to(&RULE, "FROM a:1\nEMV A=1\n", "FROM a:1\nENV A=1\n");
        no_fix(&RULE, "FROM a:1\nEND\ra");
        fixes_to(&RULE, "FROM a:1\nEND\n", "FROM a:1\nENV\n");
    }

    #[test]
    fn no_fix_when_ambiguous_or_short() {
        // ADG is one edit from both ADD and ARG
        no_fix(&RULE, "FROM a:1\nADG x\n");
        // two letters: too short to guess
        no_fix(&RULE, "FROM a:1\nRU x\n");
        // three letters two edits away from ENV: not a credible typo
        let d = fires(&RULE, "FROM a:1\ndnf install x\n", 1);
        assert!(d[0].fix.is_none());
    }

    #[test]
    fn quiet_on_known_instructions() {
        clean(&RULE, "FROM a:1\nrun x\nCopy a b\nONBUILD RUN x\nHEALTHCHECK NONE\n");
        clean(&RULE, "FROM a:1\nRUN <<EOF\nnotaninstruction here\nEOF\n");
        clean(&RULE, "FROM a:1\nRUN a \\\n  # COPPY inside comment\n  b\n");
    }
}

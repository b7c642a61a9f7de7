//! The one fix engine every surface uses: applies non-overlapping edits, repeats to a
//! bounded fixpoint, and reports what it applied and what it skipped.

use crate::diagnostic::{Applicability, Diagnostic, Edit};
use crate::span::Span;
use serde::Serialize;

/// How many lint→fix rounds the engine runs at most.
pub const MAX_ROUNDS: usize = 10;

/// Applies sorted, non-overlapping edits. Returns `None` if two edits overlap, if two
/// insertions share a point, or if an edit is out of range or not on a char boundary.
pub fn apply_edits(src: &str, edits: &[Edit]) -> Option<String> {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    crate::sort::sort_by_key(&mut sorted, |e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(src.len() + 64);
    let mut pos = 0usize;
    let mut prev: Option<&Edit> = None;
    for e in sorted {
        if e.span.start < pos || e.span.end > src.len() || e.span.start > e.span.end {
            return None;
        }
        if let Some(p) = prev {
            if p.span.end == e.span.start && p.span.is_empty() && e.span.is_empty() {
                return None;
            }
        }
        out.push_str(src.get(pos..e.span.start)?);
        out.push_str(&e.text);
        src.get(e.span.start..e.span.end)?;
        pos = e.span.end;
        prev = Some(e);
    }
    out.push_str(src.get(pos..)?);
    Some(out)
}

/// A fix the engine applied.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AppliedFix {
    pub rule: String,
    pub title: String,
    pub applicability: Applicability,
}

/// Why a fix was not applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum SkipReason {
    /// Unsafe or display-only while only safe fixes were requested.
    NotAllowed,
    /// Its edits overlapped a fix applied in the same round and it did not come back.
    Conflict,
    /// Still offered when the round limit was reached.
    RoundLimit,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SkippedFix {
    pub rule: String,
    pub title: String,
    pub applicability: Applicability,
    pub reason: SkipReason,
}

/// The result of fixing one file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FixOutcome {
    pub output: String,
    pub applied: Vec<AppliedFix>,
    pub skipped: Vec<SkippedFix>,
    pub rounds: usize,
}

/// Picks the fixes of `diags` allowed by `min`, greedily in source order, skipping any that
/// overlap one already picked. Returns the edits and the picked diagnostics' indices.
pub fn select_fixes(diags: &[Diagnostic], min: Applicability) -> (Vec<Edit>, Vec<usize>) {
    let mut cands: Vec<(usize, &Diagnostic)> =
        diags.iter().enumerate().filter(|(_, d)| d.fix.as_ref().is_some_and(|f| f.applicability >= min)).collect();
    crate::sort::sort_by_key(&mut cands, |(_, d)| d.fix.as_ref().and_then(|f| f.span()).map(|s| (s.start, s.end)));
    let clashes = |t: Span, e: Span| {
        t.overlaps(e)
            || (t.is_empty() && e.is_empty() && t.start == e.start)
            || (t.is_empty() && e.start < t.start && t.start < e.end)
            || (e.is_empty() && t.start < e.start && e.start < t.end)
    };
    // Every clash above needs `e.start - longest <= t.start <= e.end` (spans with
    // `start <= end`): the taken spans, sorted by start, are searched in that window only, so
    // a file with many fixes is not quadratic. Malformed spans fall back to a full scan.
    let well_formed =
        cands.iter().all(|(_, d)| d.fix.as_ref().is_none_or(|f| f.edits.iter().all(|e| e.span.start <= e.span.end)));
    let mut taken: Vec<Edit> = Vec::new();
    let mut by_start: Vec<Span> = Vec::new();
    let mut longest = 0usize;
    let mut picked = Vec::new();
    for (i, d) in cands {
        let Some(fix) = &d.fix else { continue };
        let clash = fix.edits.iter().any(|e| {
            if !well_formed {
                return taken.iter().any(|t| clashes(t.span, e.span));
            }
            let from = by_start.partition_point(|t| t.start < e.span.start.saturating_sub(longest));
            by_start
                .get(from..)
                .unwrap_or(&[])
                .iter()
                .take_while(|t| t.start <= e.span.end)
                .any(|t| clashes(*t, e.span))
        });
        if clash {
            continue;
        }
        for e in &fix.edits {
            let k = by_start.partition_point(|t| t.start <= e.span.start);
            by_start.insert(k, e.span);
            longest = longest.max(e.span.end.saturating_sub(e.span.start));
        }
        taken.extend(fix.edits.iter().cloned());
        picked.push(i);
    }
    (taken, picked)
}

/// Lints, applies the allowed fixes, and repeats until nothing more applies (at most
/// [`MAX_ROUNDS`] rounds). `lint` must be deterministic.
pub fn fix_to_fixpoint(src: &str, min: Applicability, lint: &dyn Fn(&str) -> Vec<Diagnostic>) -> FixOutcome {
    fix_to_fixpoint_from(src, lint(src), min, lint).outcome
}

/// What [`fix_to_fixpoint_from`] returns: the outcome, and what callers that score the result
/// would otherwise recompute.
pub struct Fixpoint {
    pub outcome: FixOutcome,
    /// The findings of `outcome.output` (the engine's last lint).
    pub last: Vec<Diagnostic>,
    /// Whether a lint of the run offered a fix of exactly [`Applicability::Unsafe`]. When a
    /// run with `min == Safe` saw none, a run from the same source with `min == Unsafe` picks
    /// the same fixes in every round: both runs are the same.
    pub saw_unsafe: bool,
}

/// [`fix_to_fixpoint`] given the findings of `src` (`first`, which must be `lint(src)`), so a
/// caller that already linted the file does not lint it again.
pub fn fix_to_fixpoint_from(
    src: &str,
    first: Vec<Diagnostic>,
    min: Applicability,
    lint: &dyn Fn(&str) -> Vec<Diagnostic>,
) -> Fixpoint {
    let offers_unsafe =
        |d: &[Diagnostic]| d.iter().any(|d| d.fix.as_ref().is_some_and(|f| f.applicability == Applicability::Unsafe));
    let mut text = src.to_string();
    let mut applied = Vec::new();
    let mut rounds = 0;
    let mut last = first;
    let mut saw_unsafe = offers_unsafe(&last);
    while rounds < MAX_ROUNDS {
        let (edits, picked) = select_fixes(&last, min);
        if edits.is_empty() {
            break;
        }
        let Some(next) = apply_edits(&text, &edits) else { break };
        if next == text {
            break;
        }
        for i in picked {
            let d = &last[i];
            if let Some(f) = &d.fix {
                applied.push(AppliedFix {
                    rule: d.rule_id.to_string(),
                    title: f.title.clone(),
                    applicability: f.applicability,
                });
            }
        }
        text = next;
        rounds += 1;
        last = lint(&text);
        saw_unsafe |= offers_unsafe(&last);
    }
    let limit_hit = rounds == MAX_ROUNDS;
    let skipped = last
        .iter()
        .filter_map(|d| {
            let f = d.fix.as_ref()?;
            let reason = if f.applicability < min {
                SkipReason::NotAllowed
            } else if limit_hit {
                SkipReason::RoundLimit
            } else {
                SkipReason::Conflict
            };
            Some(SkippedFix {
                rule: d.rule_id.to_string(),
                title: f.title.clone(),
                applicability: f.applicability,
                reason,
            })
        })
        .collect();
    Fixpoint { outcome: FixOutcome { output: text, applied, skipped, rounds }, last, saw_unsafe }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    /// The selection before it searched a window of the taken spans: every taken edit checked.
    fn select_naive(diags: &[Diagnostic], min: Applicability) -> (Vec<Edit>, Vec<usize>) {
        let mut cands: Vec<(usize, &Diagnostic)> =
            diags.iter().enumerate().filter(|(_, d)| d.fix.as_ref().is_some_and(|f| f.applicability >= min)).collect();
        cands.sort_by_key(|(_, d)| d.fix.as_ref().and_then(|f| f.span()).map(|s| (s.start, s.end)));
        let mut taken: Vec<Edit> = Vec::new();
        let mut picked = Vec::new();
        for (i, d) in cands {
            let Some(fix) = &d.fix else { continue };
            let clash = fix.edits.iter().any(|e| {
                taken.iter().any(|t| {
                    t.span.overlaps(e.span)
                        || (t.span.is_empty() && e.span.is_empty() && t.span.start == e.span.start)
                        || (t.span.is_empty() && e.span.start < t.span.start && t.span.start < e.span.end)
                        || (e.span.is_empty() && t.span.start < e.span.start && e.span.start < t.span.end)
                })
            });
            if !clash {
                taken.extend(fix.edits.iter().cloned());
                picked.push(i);
            }
        }
        (taken, picked)
    }

    fn diag(edits: Vec<Edit>, applicability: Applicability) -> Diagnostic {
        Diagnostic {
            rule_id: "T1".into(),
            rule_name: "t".into(),
            severity: crate::diagnostic::Severity::Warning,
            category: crate::diagnostic::Category::Security,
            message: "".into(),
            help: "".into(),
            span: Span::new(0, 0),
            labels: Vec::new(),
            fix: Some(crate::diagnostic::Fix { title: String::new(), applicability, edits }),
        }
    }

    proptest::proptest! {
        #[test]
        fn selection_same_as_checking_every_taken_edit(
            fixes in proptest::collection::vec(
                (proptest::collection::vec((0usize..60, 0usize..8, proptest::bool::ANY), 1..4), 0u8..3),
                0..40,
            )
        ) {
            let diags: Vec<Diagnostic> = fixes
                .iter()
                .map(|(edits, a)| {
                    // some edits malformed (end before start) when the flag is set and len is 0..2
                    let edits = edits
                        .iter()
                        .map(|&(s, len, odd)| if odd && len < 2 { Edit::replace(Span { start: s + 1, end: s }, "x") } else { Edit::replace(Span::new(s, s + len), "x") })
                        .collect();
                    let a = [Applicability::DisplayOnly, Applicability::Unsafe, Applicability::Safe][usize::from(*a)];
                    diag(edits, a)
                })
                .collect();
            let well: Vec<Diagnostic> = diags
                .iter()
                .filter(|d| d.fix.as_ref().is_some_and(|f| f.edits.iter().all(|e| e.span.start <= e.span.end)))
                .cloned()
                .collect();
            for set in [&diags, &well] {
                for min in [Applicability::Unsafe, Applicability::Safe] {
                    proptest::prop_assert_eq!(select_fixes(set, min), select_naive(set, min));
                }
            }
        }
    }

    #[test]
    fn applies_and_rejects_overlaps() {
        let e = [Edit::replace(Span::new(0, 3), "COPY"), Edit::insert(8, "!")];
        assert_eq!(apply_edits("ADD a b c", &e).unwrap(), "COPY a b !c");
        let bad = [Edit::replace(Span::new(0, 3), "x"), Edit::replace(Span::new(2, 4), "y")];
        assert!(apply_edits("abcdef", &bad).is_none());
        let same_point = [Edit::insert(1, "x"), Edit::insert(1, "y")];
        assert!(apply_edits("ab", &same_point).is_none());
        assert!(apply_edits("ab", &[Edit::insert(9, "x")]).is_none());
        // not on a char boundary
        assert!(apply_edits("\u{e9}", &[Edit::insert(1, "x")]).is_none());
    }
}

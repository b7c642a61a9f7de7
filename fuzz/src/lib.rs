//! Checks shared by the fuzz targets. The span checks are those of the core's integration
//! tests (`crates/seaworthy/tests/common`), included here rather than copied.

#[path = "../../crates/seaworthy/tests/common/mod.rs"]
pub mod common;

use seaworthy::Diagnostic;

/// Panics with the problems found, if any.
pub fn assert_none(what: &str, problems: Vec<String>) {
    assert!(problems.is_empty(), "{what}:\n{}", problems.join("\n"));
}

/// Panics unless every span of `diags` (finding, labels, fix edits) is in bounds and the edits
/// of each fix are sorted, do not overlap and apply.
pub fn check_diagnostics(src: &str, diags: &[Diagnostic]) {
    assert_none("diagnostic spans", common::diagnostic_span_problems(diags, src));
    for d in diags {
        if let Some(f) = &d.fix {
            for w in f.edits.windows(2) {
                assert!(
                    w[0].span.end <= w[1].span.start && !(w[0].span.is_empty() && w[1].span == w[0].span),
                    "{} fix edits overlap or are unsorted: {:?}",
                    d.rule_id,
                    f.edits
                );
            }
            assert!(seaworthy::fix::apply_edits(src, &f.edits).is_some(), "{} fix does not apply", d.rule_id);
        }
    }
}

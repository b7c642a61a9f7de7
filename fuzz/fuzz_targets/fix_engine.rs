//! lint → apply fixes → re-parse. Every fix's edits apply on their own; the fixes the engine
//! selects for one round never overlap; fixing never adds parse errors; fixing the fixed text
//! again changes nothing (unless the round limit stopped the first pass).
//!
//! The first byte selects the kind (Dockerfile or compose) and safe-only or all fixes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seaworthy::fix::{apply_edits, select_fixes, MAX_ROUNDS};
use seaworthy::{fix_source, lint_source, Applicability, FileKind};
use seaworthy_fuzz::{assert_none, check_diagnostics, common};

fn parse_errors(src: &str, kind: FileKind) -> usize {
    match kind {
        FileKind::Dockerfile => {
            let df = seaworthy::dockerfile::parse(src);
            assert_none("segments of the fixed text", common::segment_problems(&df, src));
            df.errors.len()
        }
        FileKind::Compose => seaworthy::yaml::parse(src).issues.len(),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let kind = if mode & 1 == 0 { FileKind::Dockerfile } else { FileKind::Compose };
    let unsafe_fixes = mode & 2 != 0;
    let min = if unsafe_fixes { Applicability::Unsafe } else { Applicability::Safe };
    let src = String::from_utf8_lossy(rest);

    let diags = lint_source(&src, Some(kind));
    check_diagnostics(&src, &diags);
    let (edits, _) = select_fixes(&diags, min);
    let once_by_hand = apply_edits(&src, &edits);
    assert!(once_by_hand.is_some(), "the selected fixes overlap: {edits:?}");

    let once = fix_source(&src, Some(kind), unsafe_fixes);
    if once.applied.is_empty() {
        assert_eq!(once.output, src, "no fix applied but the text changed");
    }
    assert!(
        parse_errors(&once.output, kind) <= parse_errors(&src, kind),
        "fixing added parse errors:\n--- before\n{src}\n--- after\n{}",
        once.output
    );
    if once.rounds < MAX_ROUNDS {
        let twice = fix_source(&once.output, Some(kind), unsafe_fixes);
        assert_eq!(twice.output, once.output, "a second pass applied {:?}", twice.applied);
    }
});

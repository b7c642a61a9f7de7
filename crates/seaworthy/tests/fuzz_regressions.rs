//! Inputs the fuzzers found (fuzz/, docs/robustness.md), minimised, each with the property it
//! broke. Every span of the parse and of the findings must stay on char boundaries.

mod common;

fn check(src: &str) {
    let df = seaworthy::dockerfile::parse(src);
    let mut problems = common::segment_problems(&df, src);
    problems.extend(common::tree_span_problems(&df, src));
    problems.extend(common::diagnostic_span_problems(&seaworthy::lint_dockerfile(src), src));
    assert!(problems.is_empty(), "{src:?}:\n{}", problems.join("\n"));
}

/// dockerfile_parse: a flag whose name has quotes before a multi-byte character. The name span
/// was measured on the unquoted word, so it ended inside the `é` (found on a corpus file whose
/// `CMD --doit(nproc)" ...` flag ran up to a U+FFFD).
#[test]
fn quoted_flag_name_before_multibyte_char() {
    check("FROM alpine\nRUN --\"aa\"é echo\n");
    check("FROM alpine\nRUN --\"x\"é=1 true\n");
    check("FROM alpine\nCMD --doit(nproc)\" -s && \\\n    make <seongye\u{fffd}\u{fffd}\" x\n");
    let src = "FROM alpine\nRUN --\"x\"é=1 true\n";
    let flag = &seaworthy::dockerfile::parse(src).instructions[1].flags[0];
    assert_eq!(flag.name, "xé");
    assert_eq!(flag.name_span.text(src), "\"x\"é");
    assert_eq!(flag.value_span.map(|s| s.text(src)), Some("1"));
}

/// dockerfile_parse: BuildKit reads flag words and the HEALTHCHECK kind byte by byte and takes
/// the bytes 0x85 and 0xA0 for spaces; in UTF-8 text they are the tail of a character such as
/// `à` (`C3 A0`) or U+E0820 (`F3 A0 A0 A0`), so a flag or a kind ended inside that character
/// and slicing the line there panicked.
#[test]
fn continuation_byte_is_not_a_space() {
    check("FROM alpine\nRUN --fooà x\n");
    check("FROM alpine\nCOPY --from=r.io/wire\u{e0820}d:ins /a /b\n");
    check("FROM alpine\nHEALTHCHECK xà CMD true\n");
    check("FROM alpine\nHEALTHCHECK \u{a0}\u{85} CMD true\n");
    let src = "FROM alpine\nRUN --mount=type=cacheà true\n";
    let flag = &seaworthy::dockerfile::parse(src).instructions[1].flags[0];
    assert_eq!(flag.span.text(src), "--mount=type=cacheà");
}

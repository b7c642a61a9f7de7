//! Pathological inputs, generated here: each must give a report without panicking, and where
//! practical a bound that needs no clock — the findings do not grow with the size of a
//! repeated construct, or grow in proportion to it; alias expansion stays within its budget;
//! the report's size stays proportional to the input. No test here measures time
//! (`seaworthy bench` prints the times of the same inputs).

mod common;

use seaworthy::{lint, yaml, Diagnostic, FileKind, LintOptions, Report, SourceFile};

/// Lints one file through the whole pipeline (report, score, fix scoring) and checks every
/// span of its findings, then parses it once more to check the lossless partition when it is a
/// Dockerfile. Returns the report.
fn report(path: &str, content: &str) -> Report {
    let files = vec![SourceFile { path: path.to_string(), content: content.to_string(), kind: None }];
    let r = lint(&files, &LintOptions { score_fixes: false, ..LintOptions::default() });
    assert_eq!(r.files.len(), 1, "{path}: one file report");
    let diags = diagnostics(path, content);
    let problems = common::diagnostic_span_problems(&diags, content);
    assert!(problems.is_empty(), "{path}: {}", problems.join("\n"));
    if seaworthy::detect_kind(path) == Some(FileKind::Dockerfile) {
        let df = seaworthy::dockerfile::parse(content);
        let mut problems = common::segment_problems(&df, content);
        problems.extend(common::tree_span_problems(&df, content));
        assert!(problems.is_empty(), "{path}: {}", problems.join("\n"));
    }
    assert_eq!(r.summary.diagnostics, diags.len(), "{path}: the report and the core agree");
    r
}

fn diagnostics(path: &str, content: &str) -> Vec<Diagnostic> {
    seaworthy::lint_source(content, seaworthy::detect_kind(path))
}

fn count(path: &str, content: &str) -> usize {
    diagnostics(path, content).len()
}

fn json_len(r: &Report) -> usize {
    serde_json::to_string(r).expect("report serialises").len()
}

/// The findings grow at most in proportion: `n(k·size) <= k·n(size) + n(minimal)`.
fn assert_linear(what: &str, n0: usize, small: usize, big: usize, k: usize) {
    assert!(
        big <= k * small + n0 && big >= small,
        "{what}: {big} findings at {k}x, {small} at 1x, {n0} at 0x: not proportional"
    );
}

// ---------------------------------------------------------------- Dockerfiles

#[test]
fn one_megabyte_single_line() {
    let line = |n: usize| format!("FROM alpine:3.20\nRUN echo {}", "ab \"c\" $d ".repeat(n));
    let small = count("Dockerfile", &line(10));
    let big = line(100_000);
    assert!(big.len() > 1_000_000);
    let r = report("Dockerfile", &big);
    // one long RUN is one instruction: the same findings as a short one
    assert_eq!(r.summary.diagnostics, small, "findings grew with the length of a line");
    assert!(json_len(&r) < 64 * 1024, "the report of a 1 MB line copies the line: {} bytes", json_len(&r));
    let plain = format!("RUN echo {}\n", "a".repeat(1 << 20));
    assert!(count("Dockerfile", &plain) < 20);
}

#[test]
fn hundred_thousand_continuation_lines() {
    let text = |n: usize| {
        let mut s = String::from("FROM alpine:3.20\nRUN echo start \\\n");
        s.push_str(&"  && echo x \\\n".repeat(n));
        s.push_str("  && true\n");
        s
    };
    let small = count("Dockerfile", &text(100));
    assert_eq!(count("Dockerfile", &text(100_000)), small, "findings grew with the continuation lines");
    // empty continuation lines are one finding each (a BuildKit warning): proportional
    let empties = |n: usize| format!("FROM alpine:3.20\nRUN echo \\\n{}  end\n", "\\\n\n".repeat(n));
    let (n0, n1, n10) =
        (count("Dockerfile", &empties(0)), count("Dockerfile", &empties(1_000)), count("Dockerfile", &empties(10_000)));
    assert_linear("empty continuation lines", n0, n1, n10, 10);
}

#[test]
fn ten_thousand_stages() {
    let text = |n: usize| (0..n).map(|i| format!("FROM alpine:3.20 AS s{i}\nRUN echo {i}\n")).collect::<String>();
    let (n0, n1, n10) =
        (count("Dockerfile", &text(1)), count("Dockerfile", &text(1_000)), count("Dockerfile", &text(10_000)));
    assert_linear("stages", n0, n1, n10, 10);
    let r = report("Dockerfile", &text(10_000));
    assert_eq!(r.summary.diagnostics, n10);
    assert!(json_len(&r) <= 4096 * n10 + 64 * 1024, "report of {} bytes for {n10} findings", json_len(&r));
}

#[test]
fn unterminated_heredoc_then_fifty_thousand_lines() {
    let text = |n: usize| format!("FROM alpine:3.20\nRUN <<EOF\n{}", "echo line\n".repeat(n));
    let df = seaworthy::dockerfile::parse(&text(50_000));
    assert!(!df.errors.is_empty(), "an unterminated heredoc is a parse error");
    assert_eq!(df.instructions.len(), 2, "the heredoc swallows the rest of the file");
    assert_eq!(count("Dockerfile", &text(50_000)), count("Dockerfile", &text(5)));
}

#[test]
fn deeply_nested_json() {
    report("Dockerfile", &format!("FROM alpine\nCMD {}\n", "[".repeat(200_000)));
    report("Dockerfile", &format!("FROM alpine\nCMD {}\"x\"{}\n", "[".repeat(200_000), "]".repeat(200_000)));
}

#[test]
fn ten_thousand_onbuilds() {
    let n = |k: usize| count("Dockerfile", &format!("FROM alpine\n{}RUN echo hi\n", "ONBUILD ".repeat(k)));
    assert_eq!(n(10_000), n(10));
}

#[test]
fn two_hundred_thousand_alternating_env_and_run() {
    let text = |n: usize| format!("FROM alpine:3.20\n{}", "ENV A=1\nRUN echo $A\n".repeat(n));
    let (n0, n1, n10) =
        (count("Dockerfile", &text(0)), count("Dockerfile", &text(10_000)), count("Dockerfile", &text(100_000)));
    assert_linear("ENV/RUN pairs", n0, n1, n10, 10);
}

#[test]
fn nul_bytes() {
    report("Dockerfile", "FROM alpine\0\nRUN echo \0\0 \\\n\0\nCMD [\"\0\"]\n");
    report("Dockerfile", &"\0".repeat(10_000));
    report("compose.yaml", "services:\n  web:\n    image: \"ng\0inx\"\n    command: \0\n\0: x\n");
    report("compose.yaml", &"\0".repeat(10_000));
}

#[test]
fn lone_carriage_returns() {
    report("Dockerfile", "FROM alpine\rRUN echo hi \\\r  && echo there\rCMD [\"sh\"]\r");
    report("Dockerfile", "FROM alpine\r\nRUN <<EOF\recho a\r\nEOF\n\rCMD x\r");
    report("compose.yaml", "services:\r  web:\r    image: nginx\r\n    privileged: true\r");
}

/// Bytes that are not UTF-8, decoded the way every surface reads files (lossily): U+FFFD is
/// three bytes where the input had one, so a span counted in input bytes would land mid-char.
#[test]
fn invalid_utf8_lossy_decoded() {
    let bytes: Vec<u8> = [
        &b"FROM alpine:3.20\nRUN echo \xff\xfe \xc3\x28 \xe2\x82 \xf0\x9f\x98\n"[..],
        b"ENV K\xc0\xaf=v\xed\xa0\x80 \\\n  \x80\x81\x82\n",
        b"USER \xfe\xff\nCMD [\"\xc3\"]\n",
    ]
    .concat();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    assert!(text.contains('\u{fffd}'));
    report("Dockerfile", &text);
    let compose =
        String::from_utf8_lossy(b"services:\n  w\xffeb:\n    image: ngi\xc3\x28nx\n    ports: [\"\xe2\x82:80\"]\n");
    report("compose.yaml", &compose);
    // every byte value, alone and after an instruction
    let all: Vec<u8> = (0..=255u8).flat_map(|b| [b'R', b'U', b'N', b' ', b, b'\n']).collect();
    report("Dockerfile", &String::from_utf8_lossy(&all));
    report("compose.yaml", &String::from_utf8_lossy(&all));
}

// ---------------------------------------------------------------- compose / YAML

#[test]
fn deeply_nested_yaml() {
    for src in [
        format!("services: {}{}\n", "[".repeat(100_000), "]".repeat(100_000)),
        format!("services: {}\n", "[".repeat(100_000)),
        format!("services: {}\n", "{a: ".repeat(10_000)),
        (0..3_000).map(|i| format!("{}a{i}:\n", " ".repeat(i))).collect::<String>(),
        format!("services:\n  web:\n    command: {}x\n", "- ".repeat(10_000)),
    ] {
        let r = report("compose.yaml", &src);
        assert!(r.files[0].diagnostics.iter().any(|d| d.rule.id == "SWC001"), "nesting beyond the limit is a finding");
        assert!(r.summary.diagnostics < 10, "{} findings for one nesting problem", r.summary.diagnostics);
        let doc = yaml::parse(&src);
        assert!(doc.nodes.len() <= src.len(), "{} nodes for {} bytes", doc.nodes.len(), src.len());
    }
}

#[test]
fn self_referencing_yaml() {
    for src in [
        "x: &a [*a]\nservices:\n  web:\n    image: nginx:1.27\n    command: *a\n",
        "x: &a {k: *a}\nservices:\n  web: *a\n",
        "services: &s\n  web:\n    image: nginx:1.27\n    <<: *s\n",
        "services:\n  web: &w\n    image: nginx:1.27\n    extends: *w\n    <<: *w\n",
        "&a [*a, *a, *a]\n",
        "x: *undefined\nservices:\n  web:\n    <<: *nothing\n",
    ] {
        let r = report("compose.yaml", src);
        assert!(r.summary.diagnostics < 50, "{src:?}: {} findings", r.summary.diagnostics);
        let doc = yaml::parse(src);
        assert!(doc.nodes.len() <= src.len(), "{src:?}: {} nodes", doc.nodes.len());
    }
}

/// 9 lists of 9 aliases, 12 levels deep: 9^12 (282 billion) nodes if expanded.
#[test]
fn alias_bombs() {
    let mut laughs = String::from("x-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 0..12 {
        let prev = if i == 0 { "a".to_string() } else { format!("b{}", i - 1) };
        laughs.push_str(&format!("x-b{i}: &b{i} [{}]\n", vec![format!("*{prev}"); 9].join(", ")));
    }
    laughs.push_str("services:\n  web:\n    image: nginx:1.27\n    command: *b11\n    environment: *b11\n");
    // merges that double at each level
    let mut merges = String::from("x-m0: &m0 {a0: 1, b0: 2}\n");
    for i in 1..200 {
        merges.push_str(&format!("x-m{i}: &m{i}\n  <<: [*m{}, *m{}]\n  k{i}: {i}\n", i - 1, i - 1));
    }
    merges.push_str("services:\n  web:\n    image: nginx:1.27\n    <<: *m199\n");
    // one anchor of `keys` entries referenced from 10k services
    let wide = |keys: usize| {
        let mut s = String::from("x-big: &big\n");
        for i in 0..keys {
            s.push_str(&format!("  k{i}: v{i}\n"));
        }
        s.push_str("services:\n");
        for i in 0..10_000 {
            s.push_str(&format!("  s{i}:\n    image: app:1.{i}\n    labels: *big\n    environment: *big\n"));
        }
        s
    };
    let wide1000 = wide(1_000);
    let r = report("compose.yaml", &wide1000);
    // 20 million expansions: beyond the budget, which is one finding more
    let extra: Vec<_> = r.files[0].diagnostics.iter().filter(|d| d.rule.id == "SWC001").collect();
    assert!(extra.len() == 1 && extra[0].message.contains("alias"), "{extra:#?}");
    assert_eq!(r.summary.diagnostics, count("compose.yaml", &wide(10)) + 1, "findings grew with the anchor's size");
    assert!(yaml::parse(&wide1000).nodes.len() <= wide1000.len(), "aliases were copied");
    for src in [&laughs, &merges] {
        let r = report("compose.yaml", src);
        let doc = yaml::parse(src);
        assert!(doc.nodes.len() <= src.len(), "{} nodes for {} bytes: aliases were copied", doc.nodes.len(), src.len());
        // no finding is repeated for each expansion of an alias
        let lines = src.lines().count();
        assert!(r.summary.diagnostics <= lines, "{} findings for {lines} lines", r.summary.diagnostics);
        assert!(json_len(&r) <= 4096 * r.summary.diagnostics + 64 * 1024, "report of {} bytes", json_len(&r));
    }
    let r = report("compose.yaml", &laughs);
    assert!(r.files[0].diagnostics.iter().any(|d| d.rule.id == "SWC001" && d.message.contains("alias")));
}

#[test]
fn ten_thousand_services() {
    let text = |n: usize| {
        let mut s = String::from("services:\n");
        for i in 0..n {
            s.push_str(&format!(
                "  s{i}:\n    image: example/app:1.{i}\n    ports: [\"{}:80\"]\n    environment:\n      DB_PASSWORD: hunter2\n",
                10_000 + i
            ));
        }
        s
    };
    let (n0, n1, n10) =
        (count("compose.yaml", &text(1)), count("compose.yaml", &text(1_000)), count("compose.yaml", &text(10_000)));
    assert!(n1 >= 1_000, "each service has findings: {n1}");
    assert_linear("services", n0, n1, n10, 10);
    let r = report("compose.yaml", &text(10_000));
    assert_eq!(r.summary.diagnostics, n10);
    assert!(json_len(&r) <= 4096 * n10, "report of {} bytes for {n10} findings", json_len(&r));
}

#[test]
fn one_megabyte_yaml_scalar_and_many_documents() {
    let long = format!("services:\n  web:\n    image: nginx:1.27\n    command: {}\n", "a".repeat(1 << 20));
    assert!(count("compose.yaml", &long) < 20);
    let docs = "---\nservices: {}\n".repeat(10_000);
    assert!(count("compose.yaml", &docs) < 20, "multi-document input is one finding");
}

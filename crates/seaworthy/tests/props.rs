//! Property tests of the core: the parser is total and lossless, linting never panics and
//! stays in bounds, fixing reaches a fixpoint, and reports do not depend on input order.
//! Plus pathological inputs (huge, deep, odd line endings) that must not panic.

mod common;

use proptest::prelude::*;
use proptest::sample::select;
use seaworthy::dockerfile::parse;
use seaworthy::{fix_source, lint, lint_dockerfile, FileKind, LintOptions, SourceFile};

/// Dockerfile-like lines: instructions of every kind, heredocs and their terminators,
/// continuations, directives, comments, quotes, JSON arrays, odd characters.
fn line() -> impl Strategy<Value = String> {
    let fixed = select(vec![
        "FROM alpine:3.20",
        "FROM scratch",
        "FROM --platform=$BUILDPLATFORM golang:1.22 AS build",
        "FROM build",
        "RUN apt-get update && \\",
        "    apt-get install -y curl \\",
        "    && rm -rf /var/lib/apt/lists/*",
        "RUN <<EOF",
        "RUN <<-'EOT' bash",
        "RUN cat <<EOF > /x && cat <<\"END\" > /y",
        "COPY <<EOF /etc/conf",
        "ADD --chmod=755 <<EOF /run.sh",
        "EOF",
        "EOT",
        "\tEOT",
        "END",
        "\\",
        "`",
        "  \\  ",
        "# escape=`",
        "# escape=\\",
        "# syntax=docker/dockerfile:1",
        "# check=skip=JSONArgsRecommended",
        "#",
        "RUN echo $HOME ${FOO:-bar} ${X:?err} \"${Y}\" '$Z'",
        "ENV A=1 B=\"two words\" C='x y' \\",
        "ENV LEGACY some value",
        "ENV",
        "ARG VERSION=1.0",
        "ARG",
        "CMD [\"sh\", \"-c\", \"echo hi\"]",
        "CMD [\"unterminated",
        "CMD [[\"nested\"]]",
        "CMD ['single']",
        "ENTRYPOINT [\"/bin/app\"]",
        "ENTRYPOINT exec app",
        "SHELL [\"powershell\", \"-Command\"]",
        "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]",
        "ONBUILD RUN echo hi",
        "ONBUILD ONBUILD RUN x",
        "HEALTHCHECK --interval=5s CMD curl -f http://localhost/ || exit 1",
        "HEALTHCHECK NONE",
        "HEALTHCHECK",
        "COPY --from=build --chown=1000:1000 /out /app",
        "COPY [\"a b\", \"/c\"]",
        "ADD https://example.invalid/x.tgz /tmp/",
        "USER 1000:1000",
        "USER root",
        "WORKDIR /app",
        "LABEL org.opencontainers.image.title=\"x\" a=b",
        "EXPOSE 8080/tcp 53/udp",
        "VOLUME [\"/data\"]",
        "VOLUME /a /b",
        "MAINTAINER someone <a@b>",
        "STOPSIGNAL SIGTERM",
        "RUN --mount=type=cache,target=/root/.cache pip install -r req.txt",
        "RUN --network=none --security=insecure true",
        "run lower case",
        "BOGUS instruction",
        "--flag-only",
        "é ü 日本語 \u{feff} \u{200b}",
        "\"unbalanced 'quotes",
        "",
        "   ",
        "\t",
    ])
    .prop_map(str::to_string);
    prop_oneof![
        6 => fixed,
        1 => "(FROM|RUN|CMD|ENV|COPY|ADD|ARG|USER|LABEL|EXPOSE|WORKDIR|ONBUILD|HEALTHCHECK) [ -~]{0,24}( \\\\)?",
        1 => "# [ -~]{0,16}",
        1 => "[ \t]{0,3}[a-zA-Z<>\\[\\]\"'`\\\\$={}-]{0,12}",
    ]
}

/// Text assembled from [`line`]s with mixed line endings, an optional BOM and an optional
/// final line ending.
fn dockerfile_text() -> impl Strategy<Value = String> {
    let ending = prop_oneof![8 => Just("\n"), 2 => Just("\r\n"), 1 => Just("\r")];
    (any::<bool>(), prop::collection::vec((line(), ending), 0..24), any::<bool>()).prop_map(|(bom, lines, last)| {
        let mut s = String::new();
        if bom {
            s.push('\u{feff}');
        }
        let n = lines.len();
        for (i, (l, e)) in lines.into_iter().enumerate() {
            s.push_str(&l);
            if i + 1 < n || last {
                s.push_str(e);
            }
        }
        s
    })
}

/// Arbitrary text, Dockerfile-like text, or arbitrary bytes decoded lossily.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        dockerfile_text(),
        prop::collection::vec(any::<u8>(), 0..200).prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
    ]
}

/// Parses and lints `src`, checking the lossless partition and every span.
fn check_parse_and_lint(src: &str) -> Result<(), String> {
    let df = parse(src);
    let mut problems = common::segment_problems(&df, src);
    problems.extend(common::tree_span_problems(&df, src));
    problems.extend(common::diagnostic_span_problems(&lint_dockerfile(src), src));
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn parse_is_lossless_and_spans_are_sane(src in any_text()) {
        let df = parse(&src);
        let mut problems = common::segment_problems(&df, &src);
        problems.extend(common::tree_span_problems(&df, &src));
        prop_assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn lint_stays_in_bounds(src in any_text()) {
        let diags = lint_dockerfile(&src);
        let problems = common::diagnostic_span_problems(&diags, &src);
        prop_assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn fixing_is_idempotent(src in dockerfile_text(), unsafe_fixes in any::<bool>()) {
        let once = fix_source(&src, Some(FileKind::Dockerfile), unsafe_fixes);
        let twice = fix_source(&once.output, Some(FileKind::Dockerfile), unsafe_fixes);
        prop_assert_eq!(&twice.output, &once.output, "a second pass applied {:?}", twice.applied);
    }

    #[test]
    fn report_does_not_depend_on_file_order(
        (files, shuffled) in prop::collection::vec(dockerfile_text(), 2..=3).prop_flat_map(|texts| {
            let files: Vec<SourceFile> = texts
                .into_iter()
                .enumerate()
                .map(|(i, content)| SourceFile { path: format!("svc{i}/Dockerfile"), content })
                .collect();
            (Just(files.clone()), Just(files).prop_shuffle())
        })
    ) {
        let options = LintOptions::default();
        prop_assert_eq!(lint(&files, &options), lint(&shuffled, &options));
    }
}

/// Pathological inputs: each must parse losslessly and lint without panicking.
mod pathological {
    use super::check_parse_and_lint;

    fn ok(name: &str, src: &str) {
        if let Err(e) = check_parse_and_lint(src) {
            panic!("{name}: {e}");
        }
    }

    #[test]
    fn one_megabyte_single_line() {
        ok("1 MB line", &format!("FROM alpine\nRUN echo {}", "ab \"c\" $d ".repeat(100_000)));
    }

    #[test]
    fn hundred_thousand_continuation_lines() {
        let mut s = String::from("FROM alpine\nRUN echo start \\\n");
        s.push_str(&"  && echo x \\\n".repeat(100_000));
        s.push_str("  && true\n");
        ok("100k continuations", &s);
    }

    #[test]
    fn ten_thousand_stages() {
        let s: String = (0..10_000).map(|i| format!("FROM alpine:3.20 AS s{i}\nRUN echo {i}\n")).collect();
        ok("10k stages", &s);
    }

    #[test]
    fn unterminated_heredoc_then_fifty_thousand_lines() {
        let mut s = String::from("FROM alpine\nRUN <<EOF\n");
        s.push_str(&"echo line\n".repeat(50_000));
        ok("unterminated heredoc", &s);
    }

    #[test]
    fn deeply_nested_json() {
        ok("200k-deep [", &format!("FROM alpine\nCMD {}\n", "[".repeat(200_000)));
        ok("200k-deep [\"", &format!("FROM alpine\nCMD {}\"x\"{}\n", "[".repeat(200_000), "]".repeat(200_000)));
    }

    #[test]
    fn ten_thousand_onbuilds() {
        ok("10k ONBUILD", &format!("FROM alpine\n{}RUN echo hi\n", "ONBUILD ".repeat(10_000)));
    }

    #[test]
    fn nul_bytes() {
        ok("NUL", "FROM alpine\0\nRUN echo \0\0 \\\n\0\nCMD [\"\0\"]\n");
        ok("NULs only", &"\0".repeat(10_000));
    }

    #[test]
    fn lone_carriage_returns() {
        ok("lone CR", "FROM alpine\rRUN echo hi \\\r  && echo there\rCMD [\"sh\"]\r");
        ok("mixed endings", "FROM alpine\r\nRUN <<EOF\recho a\r\nEOF\n\rCMD x\r");
    }
}

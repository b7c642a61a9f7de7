//! Property tests of the core: the parser is total and lossless, linting never panics and
//! stays in bounds, fixing reaches a fixpoint, and reports do not depend on input order.
//! (Pathological inputs, huge or deep: tests/pathological.rs.)

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
    fn fixed_dockerfiles_still_parse(src in dockerfile_text(), unsafe_fixes in any::<bool>()) {
        let out = fix_source(&src, Some(FileKind::Dockerfile), unsafe_fixes).output;
        let df = parse(&out);
        let mut problems = common::segment_problems(&df, &out);
        problems.extend(common::tree_span_problems(&df, &out));
        prop_assert!(problems.is_empty(), "{}", problems.join("\n"));
        let before = parse(&src).errors.len();
        prop_assert!(df.errors.len() <= before, "fixing added parse errors: {:?}\n--- fixed:\n{}", df.errors, out);
    }

    #[test]
    fn report_does_not_depend_on_file_order(
        (files, shuffled) in prop::collection::vec(dockerfile_text(), 2..=3).prop_flat_map(|texts| {
            let files: Vec<SourceFile> = texts
                .into_iter()
                .enumerate()
                .map(|(i, content)| SourceFile { path: format!("svc{i}/Dockerfile"), content, kind: None })
                .collect();
            (Just(files.clone()), Just(files).prop_shuffle())
        })
    ) {
        let options = LintOptions::default();
        prop_assert_eq!(lint(&files, &options), lint(&shuffled, &options));
    }
}

//! Property tests of the compose checker: the YAML layer and the linter never panic and stay
//! in bounds on arbitrary bytes and on YAML-ish text built from compose fragments; fixing
//! reaches a fixpoint; alias bombs and deep nesting are bounded.

mod common;

use proptest::prelude::*;
use proptest::sample::select;
use seaworthy::project::lint_project;
use seaworthy::rules::compose::lint_compose_with;
use seaworthy::{fix_source, lint, yaml, Diagnostic, FileKind, LintOptions, SourceFile};

fn line() -> impl Strategy<Value = String> {
    let fixed = select(vec![
        "services:",
        "  web:",
        "  db:",
        "    image: nginx:1.27",
        "    image: \"redis\"",
        "    image: ${IMG:-app:latest}",
        "    privileged: true",
        "    privileged: yes",
        "    read_only: \"${RO:-true}\"",
        "    ports:",
        "      - \"8080:80\"",
        "      - 80",
        "      - ${IP:-127.0.0.1}:81:81",
        "      - $HOST:$PORT:1025",
        "      - target: 80",
        "        published: 8080",
        "    volumes:",
        "      - /var/run/docker.sock:/var/run/docker.sock",
        "      - /etc:/etc",
        "      - data:/data",
        "    environment:",
        "      DB_PASSWORD: hunter2",
        "      - API_TOKEN=abc",
        "      URL: postgres://u:p@db/x",
        "    depends_on: [db]",
        "    depends_on:",
        "      - db",
        "    healthcheck:",
        "      test: [\"CMD\", \"true\"]",
        "      interval: 10",
        "    security_opt: [seccomp:unconfined]",
        "    security_opt:",
        "      - label:disable",
        "    cap_add: [SYS_ADMIN]",
        "    cap_drop:",
        "    <<: *common",
        "    <<: [*common, *other]",
        "x-common: &common",
        "  restart: always",
        "x-other: &other {init: true}",
        "    logging: {driver: none}",
        "    container_name: web",
        "    deploy: {replicas: 3}",
        "# seaworthy-ignore=SWC101 reason",
        "# seaworthy-ignore-file=all",
        "---",
        "\t- tab",
        "    x: [unclosed",
        "    y: {a: 1",
        "    z: 'quote",
        "    key: value # comment",
        "    k: |",
        "      block",
        "    - item",
        "  : weird",
        "? complex",
        "&a [*a]",
        "    mode: 0440",
        "    restart: \"no\"",
        "  é: ü",
        "",
    ]);
    prop_oneof![
        8 => fixed.prop_map(str::to_string),
        1 => "[ -~]{0,30}",
    ]
}

fn yamlish() -> impl Strategy<Value = String> {
    (prop::collection::vec(line(), 0..40), select(vec!["\n", "\r\n"])).prop_map(|(lines, eol)| lines.join(eol))
}

fn check_bounds(src: &str) {
    let doc = yaml::parse(src);
    for n in &doc.nodes {
        assert!(n.span.start <= n.span.end && n.span.end <= src.len(), "node span {:?} out of range", n.span);
        assert!(src.is_char_boundary(n.span.start) && src.is_char_boundary(n.span.end));
    }
    for i in &doc.issues {
        assert!(i.span.end <= src.len() && src.is_char_boundary(i.span.start) && src.is_char_boundary(i.span.end));
    }
    let diags = lint_compose_with(src, &|_| true);
    let problems = common::diagnostic_span_problems(&diags, src);
    assert!(problems.is_empty(), "{problems:?}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let src = String::from_utf8_lossy(&bytes).into_owned();
        check_bounds(&src);
    }

    #[test]
    fn yamlish_text_never_panics_and_fixes_converge(src in yamlish()) {
        check_bounds(&src);
        for unsafe_fixes in [false, true] {
            let out = fix_source(&src, Some(FileKind::Compose), unsafe_fixes);
            let again = fix_source(&out.output, Some(FileKind::Compose), unsafe_fixes);
            prop_assert_eq!(&again.output, &out.output);
            // fixing never adds YAML problems
            prop_assert!(yaml::parse(&out.output).issues.len() <= yaml::parse(&src).issues.len());
        }
    }
}

/// Compose text whose services build the Dockerfiles of the set (`.`, `api`) or extend each other.
fn project_compose() -> impl Strategy<Value = String> {
    let extra = select(vec![
        "    build: .",
        "    build: {context: api}",
        "    build:\n      context: api\n      dockerfile: Dockerfile",
        "    extends: {file: compose.yaml, service: web}",
        "include: [docker-compose.override.yml]",
        "  api:",
        "    image: api:1.0",
    ]);
    let line = prop_oneof![3 => line(), 2 => extra.prop_map(str::to_string)];
    prop::collection::vec(line, 0..30).prop_map(|lines| lines.join("\n"))
}

fn dockerfile() -> impl Strategy<Value = String> {
    select(vec![
        "",
        "FROM node:latest\nEXPOSE 3000\nCMD node app.js\n",
        "FROM alpine:3.20\nRUN apk add curl\nUSER 10001\nHEALTHCHECK CMD curl -f http://localhost/\n",
        "FROM python:3.12 AS build\nENV API_TOKEN=abc\nFROM build\nUSER root\nEXPOSE 80 8080\n",
        "FROM scratch\nCOPY app /app\nENTRYPOINT [\"/app\"]\n",
    ])
    .prop_map(str::to_string)
}

fn by_path(mut v: Vec<(String, Vec<Diagnostic>)>) -> Vec<(String, Vec<Diagnostic>)> {
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Compose files and the Dockerfiles they build, in any order: the same report, and the
    /// same project (cross-file) findings.
    #[test]
    fn mixed_report_does_not_depend_on_file_order(
        (files, shuffled) in (project_compose(), project_compose(), dockerfile(), dockerfile()).prop_flat_map(|(c1, c2, d1, d2)| {
            let files = vec![
                SourceFile { path: "compose.yaml".into(), content: c1, kind: None },
                SourceFile { path: "docker-compose.override.yml".into(), content: c2, kind: None },
                SourceFile { path: "Dockerfile".into(), content: d1, kind: None },
                SourceFile { path: "api/Dockerfile".into(), content: d2, kind: None },
            ];
            (Just(files.clone()), Just(files).prop_shuffle())
        })
    ) {
        let options = LintOptions::default();
        prop_assert_eq!(lint(&files, &options), lint(&shuffled, &options));
        prop_assert_eq!(by_path(lint_project(&files)), by_path(lint_project(&shuffled)));
    }
}

#[test]
fn alias_bomb_is_a_finding() {
    let mut src =
        String::from("x-a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
    let mut prev = "a".to_string();
    for i in 0..12 {
        let name = format!("b{i}");
        let refs = vec![format!("*{prev}"); 9].join(", ");
        src.push_str(&format!("x-{name}: &{name} [{refs}]\n"));
        prev = name;
    }
    src.push_str(&format!("services:\n  web:\n    image: nginx:1.27\n    command: *{prev}\n"));
    let d = lint_compose_with(&src, &|_| true);
    assert!(d.iter().any(|d| d.rule_id == "SWC001" && d.message.contains("alias")), "{d:#?}");
}

#[test]
fn merge_bomb_is_bounded() {
    // each mapping merges the previous one twice over: copies grow, the budget stops them
    let mut src = String::from("x-m0: &m0 {a0: 1, b0: 2}\n");
    for i in 1..200 {
        src.push_str(&format!("x-m{i}: &m{i}\n  <<: [*m{}, *m{}]\n  k{i}: {i}\n", i - 1, i - 1));
    }
    src.push_str("services:\n  web:\n    <<: *m199\n");
    let _ = lint_compose_with(&src, &|_| true);
}

#[test]
fn deep_nesting_is_a_finding() {
    for src in [
        format!("services: {}{}\n", "[".repeat(100_000), "]".repeat(100_000)),
        format!("services: {}\n", "{a: ".repeat(10_000)),
        (0..2000).map(|i| format!("{}a{i}:\n", " ".repeat(i))).collect::<String>(),
    ] {
        let d = lint_compose_with(&src, &|_| true);
        assert!(d.iter().any(|d| d.rule_id == "SWC001"), "no SWC001 for nesting");
    }
}

#[test]
fn huge_flat_file_is_fine() {
    let mut src = String::from("services:\n");
    for i in 0..2000 {
        src.push_str(&format!("  s{i}:\n    image: app:{i}\n    ports: [\"{}:80\"]\n", 10000 + i));
    }
    let d = lint_compose_with(&src, &|_| true);
    assert!(d.len() > 2000);
}

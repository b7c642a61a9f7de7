//! End-to-end tests of the `seaworthy` binary. They avoid depending on the exact rule set:
//! SWD001 (syntax-error) and SWD002 (empty-continuation-line, safe fix) are the fixed points.

use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Triggers SWD002 (a warning with a safe fix).
const BLANK_IN_CONTINUATION: &str = "FROM alpine:3.20\nRUN echo a \\\n\n  b\n";
const BLANK_FIXED: &str = "FROM alpine:3.20\nRUN echo a \\\n  b\n";
/// Triggers SWD001 (an error).
const ENV_WITHOUT_VALUE: &str = "FROM a\nENV X\n";
/// Follows the usual advice, plus one SWD002 warning: no error-severity finding expected.
const WARNINGS_ONLY: &str = "# syntax=docker/dockerfile:1\nFROM alpine:3.20\nRUN echo a \\\n\n  b\nUSER 10001\n\
                             HEALTHCHECK CMD [\"true\"]\nCMD [\"sleep\", \"1\"]\n";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn finish(out: Output) -> Run {
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn cmd(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_seaworthy"));
    c.args(args).current_dir(dir).env("NO_COLOR", "1").env_remove("CLICOLOR_FORCE");
    c
}

fn run(dir: &Path, args: &[&str]) -> Run {
    finish(cmd(dir, args).stdin(Stdio::null()).output().expect("run seaworthy"))
}

fn run_stdin(dir: &Path, args: &[&str], input: &[u8]) -> Run {
    let mut child =
        cmd(dir, args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn");
    child.stdin.take().expect("stdin").write_all(input).expect("write stdin");
    finish(child.wait_with_output().expect("wait"))
}

fn write(dir: &Path, name: &str, content: impl AsRef<[u8]>) {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(p, content).expect("write");
}

fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("invalid JSON ({e}):\n{s}"))
}

fn diagnostics(report: &Value) -> Vec<&Value> {
    report["files"]
        .as_array()
        .expect("files")
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().expect("diags"))
        .collect()
}

fn count_severity(report: &Value, sev: &str) -> usize {
    diagnostics(report).iter().filter(|d| d["severity"] == sev).count()
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("tempdir")
}

#[test]
fn check_text_shows_location_rule_snippet_and_summary() {
    let d = tmp();
    write(d.path(), "Dockerfile", ENV_WITHOUT_VALUE);
    let r = run(d.path(), &["check", "Dockerfile"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let header = r.stdout.lines().find(|l| l.contains("[SWD001 syntax-error]")).expect(&r.stdout);
    assert!(header.starts_with("Dockerfile:2:"), "{header}");
    assert!(header.contains(": error[SWD001 syntax-error]: "), "{header}");
    assert!(r.stdout.contains("2 | ENV X"), "{}", r.stdout);
    assert!(r.stdout.lines().any(|l| l.trim_start().starts_with('|') && l.contains('^')), "{}", r.stdout);
    assert!(r.stdout.contains("= help: "), "{}", r.stdout);
    assert!(r.stdout.lines().any(|l| l.starts_with("Dockerfile: score ") && l.contains("/100 (")), "{}", r.stdout);
    assert!(r.stdout.lines().any(|l| l.starts_with("total: 1 file checked")), "{}", r.stdout);
    assert!(!r.stdout.contains('\x1b'), "no colour when not a terminal");
}

#[test]
fn check_text_shows_safe_fix_note() {
    let d = tmp();
    write(d.path(), "Dockerfile", BLANK_IN_CONTINUATION);
    let r = run(d.path(), &["check"]);
    assert!(r.stdout.contains("Dockerfile:3:1: warning[SWD002 empty-continuation-line]"), "{}", r.stdout);
    assert!(r.stdout.contains("= fix (safe): "), "{}", r.stdout);
}

#[test]
fn check_json_has_schema_and_positions() {
    let d = tmp();
    write(d.path(), "Dockerfile", ENV_WITHOUT_VALUE);
    let r = run(d.path(), &["check", "--format", "json", "Dockerfile"]);
    assert_eq!(r.code, 1);
    let v = json(&r.stdout);
    assert_eq!(v["schema_version"], 1);
    let diags = diagnostics(&v);
    assert!(!diags.is_empty());
    for x in &diags {
        assert_eq!(x["path"], "Dockerfile");
        assert!(x["range"]["start"]["line"].as_u64().is_some_and(|l| l >= 1), "{x}");
        assert!(x["range"]["start"]["column"].as_u64().is_some_and(|c| c >= 1), "{x}");
        assert!(x["span"]["start"].is_u64());
    }
    let syntax = diags.iter().find(|x| x["rule"]["id"] == "SWD001").expect("SWD001");
    assert_eq!(syntax["range"]["start"]["line"], 2);
    assert_eq!(syntax["severity"], "error");
}

#[test]
fn fail_on_threshold_sets_exit_code() {
    let d = tmp();
    write(d.path(), "Dockerfile", WARNINGS_ONLY);
    let v = json(&run(d.path(), &["check", "--format", "json"]).stdout);
    assert!(count_severity(&v, "warning") >= 1, "SWD002 must fire: {v}");
    assert_eq!(count_severity(&v, "error"), 0, "a rule reports an error on the known-good file: {v}");
    assert_eq!(run(d.path(), &["check", "--fail-on", "error"]).code, 0);
    assert_eq!(run(d.path(), &["check"]).code, 1, "default --fail-on is warning");
    assert_eq!(run(d.path(), &["check", "--fail-on", "style"]).code, 1);

    write(d.path(), "Dockerfile", ENV_WITHOUT_VALUE);
    assert_eq!(run(d.path(), &["check", "--fail-on", "error"]).code, 1);
    assert_eq!(run(d.path(), &["check", "--fail-on", "none"]).code, 0);
    assert_eq!(run(d.path(), &["check", "--fail-on", "bogus"]).code, 2, "usage error");
}

#[test]
fn missing_file_is_exit_2() {
    let d = tmp();
    let r = run(d.path(), &["check", "nope/Dockerfile"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.starts_with("seaworthy: error: nope/Dockerfile: "), "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
}

#[test]
fn binary_file_is_exit_2() {
    let d = tmp();
    write(d.path(), "Dockerfile", b"FROM a\n\0\x01\x02binary");
    let r = run(d.path(), &["check", "Dockerfile"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("seaworthy: error: Dockerfile: ") && r.stderr.contains("binary"), "{}", r.stderr);
}

#[test]
fn directory_without_dockerfiles_is_exit_2() {
    let d = tmp();
    write(d.path(), "README.md", "# hi\n");
    let r = run(d.path(), &["check"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stderr.contains("no Dockerfiles or compose files found"), "{}", r.stderr);
    let empty = tmp();
    assert_eq!(run(empty.path(), &["check", "."]).code, 2);
}

#[test]
fn discovery_honours_names_and_gitignore() {
    let d = tmp();
    for name in ["Dockerfile", "api.Dockerfile", "sub/Dockerfile.prod", "web.dockerfile", "ignored/Dockerfile"] {
        write(d.path(), name, BLANK_IN_CONTINUATION);
    }
    write(d.path(), "skip.Dockerfile", BLANK_IN_CONTINUATION);
    write(d.path(), ".gitignore", "ignored/\nskip.Dockerfile\n");
    write(d.path(), "README.md", "# not a Dockerfile\n");
    write(d.path(), "Dockerfile.txt.d/notes", "nothing\n");
    let r = run(d.path(), &["check", "--format", "json"]);
    let v = json(&r.stdout);
    let mut paths: Vec<&str> =
        v["files"].as_array().expect("files").iter().filter_map(|f| f["path"].as_str()).collect();
    paths.sort_unstable();
    assert_eq!(paths, ["Dockerfile", "api.Dockerfile", "sub/Dockerfile.prod", "web.dockerfile"], "{}", r.stderr);

    // An explicit file is checked whatever its name, as a Dockerfile.
    write(d.path(), "notes.txt", ENV_WITHOUT_VALUE);
    let v = json(&run(d.path(), &["check", "--format", "json", "notes.txt"]).stdout);
    assert!(diagnostics(&v).iter().any(|x| x["rule"]["id"] == "SWD001"), "{v}");
}

#[test]
fn stdin_with_filename() {
    let d = tmp();
    let r = run_stdin(
        d.path(),
        &["check", "-", "--stdin-filename", "svc/Dockerfile", "--format", "json"],
        ENV_WITHOUT_VALUE.as_bytes(),
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = json(&r.stdout);
    assert_eq!(v["files"][0]["path"], "svc/Dockerfile");
    assert!(diagnostics(&v).iter().any(|x| x["rule"]["id"] == "SWD001"));

    let r = run_stdin(d.path(), &["check", "-"], ENV_WITHOUT_VALUE.as_bytes());
    assert!(r.stdout.contains("-:2:"), "{}", r.stdout);
}

#[test]
fn invalid_utf8_is_checked_with_a_warning() {
    let d = tmp();
    write(d.path(), "Dockerfile", b"FROM alpine:3.20\nRUN echo \xff\n");
    let r = run(d.path(), &["check", "Dockerfile"]);
    assert_ne!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("Dockerfile: warning: file is not valid UTF-8 (first bad byte at offset 26)"),
        "{}",
        r.stderr
    );
}

#[cfg(unix)]
#[test]
fn fix_writes_atomically_and_keeps_mode() {
    use std::os::unix::fs::PermissionsExt;
    let d = tmp();
    write(d.path(), "api.Dockerfile", BLANK_IN_CONTINUATION);
    let p = d.path().join("api.Dockerfile");
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o751)).expect("chmod");
    let r = run(d.path(), &["fix", "api.Dockerfile"]);
    assert_ne!(r.code, 2, "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&p).expect("read"), BLANK_FIXED);
    let mode = std::fs::metadata(&p).expect("stat").permissions().mode() & 0o7777;
    assert_eq!(mode, 0o751);
    assert!(r.stdout.contains("fixed api.Dockerfile: 1 fix (SWD002)"), "{}", r.stdout);
    let names: Vec<_> =
        std::fs::read_dir(d.path()).expect("ls").filter_map(Result::ok).map(|e| e.file_name()).collect();
    assert_eq!(names.len(), 1, "temporary file left behind: {names:?}");
}

#[test]
fn fix_keeps_crlf() {
    let d = tmp();
    write(d.path(), "Dockerfile", BLANK_IN_CONTINUATION.replace('\n', "\r\n"));
    let r = run(d.path(), &["fix"]);
    assert_ne!(r.code, 2, "{}", r.stderr);
    let after = std::fs::read_to_string(d.path().join("Dockerfile")).expect("read");
    assert_eq!(after, BLANK_FIXED.replace('\n', "\r\n"));
    assert!(!r.stderr.contains("LF line endings"), "{}", r.stderr);
}

#[test]
fn fix_diff_writes_nothing() {
    let d = tmp();
    write(d.path(), "Dockerfile", BLANK_IN_CONTINUATION);
    let r = run(d.path(), &["fix", "--diff", "Dockerfile"]);
    assert_ne!(r.code, 2, "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(d.path().join("Dockerfile")).expect("read"), BLANK_IN_CONTINUATION);
    assert!(r.stdout.contains("--- Dockerfile\n+++ Dockerfile\n"), "{}", r.stdout);
    assert!(r.stdout.lines().any(|l| l == "-"), "the removed blank line: {}", r.stdout);
    assert!(r.stdout.contains("@@ "), "{}", r.stdout);
}

#[test]
fn fix_refuses_invalid_utf8() {
    let d = tmp();
    let bad: &[u8] = b"FROM alpine:3.20\nRUN echo \xff a \\\n\n  b\n";
    write(d.path(), "Dockerfile", bad);
    let r = run(d.path(), &["fix", "Dockerfile"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("seaworthy: error: Dockerfile: ") && r.stderr.contains("not valid UTF-8"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read(d.path().join("Dockerfile")).expect("read"), bad);
}

#[test]
fn fix_stdin_writes_stdout() {
    let d = tmp();
    let r = run_stdin(d.path(), &["fix", "-"], BLANK_IN_CONTINUATION.as_bytes());
    assert_ne!(r.code, 2, "{}", r.stderr);
    assert_eq!(r.stdout, BLANK_FIXED);
    assert!(r.stderr.contains("fixed -: 1 fix (SWD002)"), "{}", r.stderr);
}

#[test]
fn fix_exit_code_reflects_what_remains() {
    let d = tmp();
    write(d.path(), "Dockerfile", WARNINGS_ONLY);
    let r = run(d.path(), &["fix", "--fail-on", "error"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    write(d.path(), "Dockerfile", ENV_WITHOUT_VALUE);
    let r = run(d.path(), &["fix", "--fail-on", "error"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert_eq!(std::fs::read_to_string(d.path().join("Dockerfile")).expect("read"), ENV_WITHOUT_VALUE);
}

#[test]
fn parse_prints_one_json_line_per_file() {
    let d = tmp();
    write(d.path(), "a.Dockerfile", BLANK_IN_CONTINUATION);
    write(d.path(), "b", "FROM alpine\nRUN [\"echo\", \"hi\"]\n");
    write(d.path(), "bad", ENV_WITHOUT_VALUE);
    let r = run(d.path(), &["parse", "a.Dockerfile", "b", "bad"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", r.stdout);
    for (line, file) in lines.iter().take(2).zip(["a.Dockerfile", "b"]) {
        let v = json(line);
        assert_eq!(v["file"], file);
        assert_eq!(v["ok"], true);
        assert!(v["instructions"].is_array());
    }
    let b = json(lines[1]);
    assert_eq!(b["instructions"][1]["json"], true);
    assert_eq!(b["instructions"][1]["args"], serde_json::json!(["echo", "hi"]));
    let bad = json(lines[2]);
    assert_eq!(bad["ok"], false);
    assert!(bad["error"].as_str().is_some_and(|e| e.starts_with("line 2: ")), "{bad}");
    assert_eq!(run(d.path(), &["parse", "missing"]).code, 2);
}

#[test]
fn rules_json_lists_the_catalogue() {
    let d = tmp();
    let r = run(d.path(), &["rules", "--format", "json"]);
    assert_eq!(r.code, 0);
    let v = json(&r.stdout);
    let rules = v.as_array().expect("array");
    assert!(rules.len() >= 2);
    for x in rules {
        for key in ["id", "name", "target", "severity", "category", "fix", "has_fix", "summary", "equivalents", "url"] {
            assert!(x.get(key).is_some(), "{key} missing in {x}");
        }
        assert!(x["equivalents"].is_array() && x["has_fix"].is_boolean());
        assert!(x.get("docs").is_none());
    }
    let by_id = |id: &str| rules.iter().find(|x| x["id"] == id).cloned().expect(id);
    assert_eq!(by_id("SWD001")["has_fix"], false);
    assert_eq!(by_id("SWD002")["has_fix"], true);
    assert_eq!(by_id("SWD002")["name"], "empty-continuation-line");
    assert_eq!(by_id("SWD002")["target"], "dockerfile");

    let text = run(d.path(), &["rules"]).stdout;
    assert!(text.lines().any(|l| l.starts_with("SWD002") && l.contains("empty-continuation-line")), "{text}");
}

#[test]
fn explain_by_id_and_name_and_suggests() {
    let d = tmp();
    for key in ["SWD002", "swd002", "Empty-Continuation-Line"] {
        let r = run(d.path(), &["explain", key]);
        assert_eq!(r.code, 0, "{key}");
        assert!(r.stdout.starts_with("# SWD002 empty-continuation-line\n"), "{}", r.stdout);
        assert!(r.stdout.contains("## What it does"), "{}", r.stdout);
        assert!(r.stdout.contains("buildkit:NoEmptyContinuation"), "{}", r.stdout);
    }
    let r = run(d.path(), &["explain", "empty-continuaton-line"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("did you mean `empty-continuation-line`"), "{}", r.stderr);
    let r = run(d.path(), &["explain", "SWD0002"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("did you mean `SWD00"), "{}", r.stderr);
}

#[test]
fn help_lists_exit_codes() {
    let d = tmp();
    for args in [&["--help"][..], &["check", "--help"], &["fix", "--help"]] {
        let r = run(d.path(), args);
        assert_eq!(r.code, 0);
        assert!(r.stdout.contains("Exit codes:") && r.stdout.contains("2  usage error"), "{}", r.stdout);
    }
    assert_eq!(run(d.path(), &["frobnicate"]).code, 2);
}

#[test]
fn bench_needs_a_directory() {
    let d = tmp();
    let r = run(d.path(), &["bench", "does-not-exist"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.starts_with("seaworthy: error: "), "{}", r.stderr);
}

#[test]
fn bench_throughput_prints_the_corpus_lines_and_the_api_path_only() {
    let d = tmp();
    write(d.path(), "a", "FROM node:latest\nRUN npm install\n");
    write(d.path(), "b", "FROM alpine:3.20\nRUN apk add curl\nUSER 10001\n");
    let r = run(d.path(), &["bench", "--throughput", "."]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let line = |name: &str| r.stdout.lines().find(|l| l.starts_with(name)).map(str::to_string);
    assert!(r.stdout.contains(": 2 files,"), "{}", r.stdout);
    for name in ["parse ", "parse+lint ", "api lint "] {
        let l = line(name).unwrap_or_else(|| panic!("no `{name}` line in:\n{}", r.stdout));
        assert!(l.contains(" MB/s") && l.contains("(best of 3: "), "{l}");
    }
    assert!(line("api lint ").unwrap().contains("the npm `lint` call"));
    assert!(!r.stdout.contains("scaling") && !r.stdout.contains("pathological"), "{}", r.stdout);
}

#[test]
fn bench_takes_a_corpus_root_for_its_dockerfiles_folder() {
    let d = tmp();
    write(d.path(), "README.md", "# not a Dockerfile\n");
    write(d.path(), "dockerfiles/a", "FROM alpine:3.20\nUSER 10001\n");
    let r = run(d.path(), &["bench", "--throughput", "."]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.lines().any(|l| l.starts_with("corpus: dockerfiles: 1 files,")), "{}", r.stdout);
}

#[test]
fn bench_rejects_unknown_rules() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_seaworthy"))
        .args(["bench", "--rules", "no-such-rule"])
        .output()
        .expect("run seaworthy");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown rule `no-such-rule`"));
}

#[test]
fn compose_files_are_checked_found_in_directories_and_fixed() {
    let d = tmp();
    write(
        d.path(),
        "deploy/compose.yaml",
        "services:\n  web:\n    image: nginx:1.27\n    version_typo: 1\n    privileged: true\n",
    );
    write(d.path(), "deploy/notes.yaml", "services: {}\n");
    let r = run(d.path(), &["check", "--format", "json", "--fail-on", "none", "."]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let report = json(&r.stdout);
    let files = report["files"].as_array().expect("files");
    assert_eq!(files.len(), 1, "only the compose file is picked up: {files:?}");
    assert_eq!(files[0]["kind"], "compose");
    let ids: Vec<&str> = diagnostics(&report).iter().filter_map(|d| d["rule"]["id"].as_str()).collect();
    assert!(ids.contains(&"SWC004") && ids.contains(&"SWC101"), "{ids:?}");
    // fix --unsafe applies the compose fixes in place; a second run changes nothing
    let r = run(d.path(), &["fix", "--unsafe", "--fail-on", "none", "deploy/compose.yaml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let fixed = std::fs::read_to_string(d.path().join("deploy/compose.yaml")).expect("read");
    assert!(!fixed.contains("privileged") && fixed.contains("no-new-privileges:true"), "{fixed}");
    let r = run(d.path(), &["fix", "--unsafe", "--fail-on", "none", "deploy/compose.yaml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(d.path().join("deploy/compose.yaml")).expect("read"), fixed);
}

#[test]
fn a_compose_file_brings_the_dockerfiles_it_builds_and_is_scored_with_them() {
    let d = tmp();
    write(d.path(), "compose.yaml", "services:\n  api:\n    build: ./api\n    image: example/api:1.0\n");
    write(d.path(), "api/Dockerfile", "FROM node\nRUN npm install\n");
    let r = run(d.path(), &["check", "--format", "json", "compose.yaml"]);
    let v = json(&r.stdout);
    let paths: Vec<&str> = v["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["api/Dockerfile", "compose.yaml"], "{}", r.stderr);
    let compose = &v["files"][1];
    let deducted: Vec<&str> =
        compose["score"]["deductions"].as_array().unwrap().iter().map(|x| x["rule"].as_str().unwrap()).collect();
    assert!(deducted.iter().any(|r| r.starts_with("SWD")), "the image's findings count: {deducted:?}");
    assert!(deducted.iter().any(|r| r.starts_with("SWC")), "{deducted:?}");
    // Without its Dockerfile, the compose file scores higher.
    write(d.path(), "solo/compose.yaml", "services:\n  api:\n    build: ./missing\n    image: example/api:1.0\n");
    let solo = json(&run(d.path(), &["check", "--format", "json", "solo/compose.yaml"]).stdout);
    assert!(solo["files"][0]["score"]["value"].as_u64() > compose["score"]["value"].as_u64());
}

fn rule_ids(report: &Value, path: &str) -> Vec<String> {
    let f = report["files"].as_array().unwrap().iter().find(|f| f["path"] == path).unwrap();
    f["diagnostics"].as_array().unwrap().iter().map(|d| d["rule"]["id"].as_str().unwrap().to_string()).collect()
}

#[test]
fn check_reads_the_dockerignore_and_lists_the_context_of_each_dockerfile() {
    let d = tmp();
    write(d.path(), "app/Dockerfile", "FROM alpine:3.20\nCOPY . /app\nCOPY notes.md /app/\n");
    write(d.path(), "app/.env", "TOKEN=x\n");
    write(d.path(), "app/notes.md", "x\n");
    write(d.path(), "app/.dockerignore", "*.md\n");
    let r = run(d.path(), &["check", "--policy", "recommended", "--format", "json", "app"]);
    let v = json(&r.stdout);
    let paths: Vec<&str> = v["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["app/Dockerfile"], "the .dockerignore is not a checked file: {}", r.stderr);
    let ids = rule_ids(&v, "app/Dockerfile");
    assert!(ids.contains(&"SWD031".to_string()), "notes.md is ignored: {ids:?}");
    assert!(ids.contains(&"SWD505".to_string()), ".env is not ignored: {ids:?}");
    // a per-Dockerfile ignore file wins, and one that excludes .env silences SWD505
    write(d.path(), "app/Dockerfile.dockerignore", ".env\n");
    let v = json(&run(d.path(), &["check", "--policy", "recommended", "--format", "json", "app/Dockerfile"]).stdout);
    let ids = rule_ids(&v, "app/Dockerfile");
    assert!(!ids.contains(&"SWD031".to_string()) && !ids.contains(&"SWD505".to_string()), "{ids:?}");
}

#[test]
fn a_compose_build_context_roots_the_dockerfile_context() {
    let d = tmp();
    write(
        d.path(),
        "compose.yaml",
        "services:\n  api:\n    build:\n      context: .\n      dockerfile: docker/api.Dockerfile\n    image: example/api:1.0\n",
    );
    write(d.path(), "docker/api.Dockerfile", "FROM alpine:3.20\nCOPY src/ /app/src/\nCOPY README.md /app/\n");
    write(d.path(), ".dockerignore", "*\n!src\n");
    write(d.path(), "src/main.go", "package main\n");
    write(d.path(), "README.md", "x\n");
    let v = json(&run(d.path(), &["check", "--policy", "recommended", "--format", "json", "compose.yaml"]).stdout);
    let ids = rule_ids(&v, "docker/api.Dockerfile");
    assert_eq!(ids.iter().filter(|i| *i == "SWD031").count(), 1, "README.md is ignored at the context root: {ids:?}");
}

#[test]
fn the_cli_and_the_library_agree_when_given_the_same_context() {
    let d = tmp();
    let dockerfile = "FROM node:22-slim\nWORKDIR /app\nCOPY . .\nCOPY notes.md ./\nCMD [\"node\", \"a.js\"]\n";
    let ignore = "node_modules\n*.md\n";
    write(d.path(), "Dockerfile", dockerfile);
    write(d.path(), ".dockerignore", ignore);
    write(d.path(), ".env", "TOKEN=x\n");
    write(d.path(), "src/a.js", "\n");
    write(d.path(), "node_modules/x/i.js", "\n");
    let r = run(d.path(), &["check", "--policy", "recommended", "--format", "json", "Dockerfile"]);
    let files = vec![
        seaworthy::SourceFile { path: "Dockerfile".into(), content: dockerfile.into(), kind: None },
        seaworthy::SourceFile { path: ".dockerignore".into(), content: ignore.into(), kind: None },
    ];
    // what the CLI lists: every entry of the context directory, `node_modules` not entered
    let context_files = [".dockerignore", ".env", "Dockerfile", "node_modules/", "src/", "src/a.js"];
    let options = seaworthy::api::ApiLintOptions {
        policy: Some("recommended".into()),
        lint: seaworthy::LintOptions {
            context_files: context_files.iter().map(|p| p.to_string()).collect(),
            ..Default::default()
        },
    };
    let report = seaworthy::api::lint_request(&files, &options).unwrap();
    let lib = serde_json::to_string_pretty(&report).unwrap() + "\n";
    assert_eq!(r.stdout, lib);
    let ids = rule_ids(&json(&lib), "Dockerfile");
    assert!(ids.contains(&"SWD031".to_string()) && ids.contains(&"SWD505".to_string()), "{ids:?}");
}

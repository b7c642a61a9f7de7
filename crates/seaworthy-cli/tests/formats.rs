//! End-to-end tests of `seaworthy check --format sarif|github|gitlab|checkstyle|junit` and
//! `--min-score`.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Stdio};

/// Fires SWD302 maintainer-deprecated and SWD301 add-for-local-files (safe fixes), SWD401
/// missing-user (an error) and SWD404 missing-healthcheck.
const DOCKERFILE: &str = "FROM alpine:3.20\nMAINTAINER x\nADD a /b\n";

struct Run {
    code: i32,
    stdout: String,
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_seaworthy"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .stdin(Stdio::null())
        .output()
        .expect("run seaworthy");
    Run { code: out.status.code().unwrap_or(-1), stdout: String::from_utf8_lossy(&out.stdout).into_owned() }
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("Dockerfile"), DOCKERFILE).expect("write");
    dir
}

/// How many findings `--format json` reports for `DOCKERFILE` (the other formats must agree).
fn finding_count(dir: &Path) -> usize {
    let v = json(&run(dir, &["check", "--format", "json", "Dockerfile"]).stdout);
    let n = v["summary"]["diagnostics"].as_u64().expect("count") as usize;
    assert!(n >= 4, "expected at least SWD301, SWD302, SWD401, SWD404");
    n
}

fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("invalid JSON ({e}):\n{s}"))
}

#[test]
fn sarif_is_a_2_1_0_log_with_regions_fixes_and_rules() {
    let dir = setup();
    let r = run(dir.path(), &["check", "--format", "sarif", "Dockerfile"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let v = json(&r.stdout);
    assert_eq!(v["version"], "2.1.0");
    assert_eq!(v["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
    let run0 = &v["runs"][0];
    let driver = &run0["tool"]["driver"];
    assert_eq!(driver["name"], "seaworthy");
    assert!(driver["version"].is_string());
    let rules = driver["rules"].as_array().expect("rules");
    let results = run0["results"].as_array().expect("results");
    let ids: Vec<&str> = results.iter().map(|r| r["ruleId"].as_str().expect("ruleId")).collect();
    for id in ["SWD301", "SWD302", "SWD401", "SWD404"] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
    for res in results {
        let idx = res["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[idx]["id"], res["ruleId"]);
        assert!(["error", "warning", "note"].contains(&res["level"].as_str().expect("level")));
        assert!(res["message"]["text"].as_str().is_some_and(|t| !t.is_empty()));
        let region = &res["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().is_some_and(|l| l >= 1), "{region}");
        assert!(region["endColumn"].as_u64().is_some_and(|c| c >= 1), "{region}");
        assert!(region["byteOffset"].is_u64() && region["byteLength"].is_u64());
        assert_eq!(res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "Dockerfile");
    }
    let user = results.iter().find(|r| r["ruleId"] == "SWD401").expect("SWD401");
    assert_eq!(user["level"], "error");
    for id in ["SWD301", "SWD302"] {
        let res = results.iter().find(|r| r["ruleId"] == id).expect(id);
        let fix = &res["fixes"][0];
        assert!(fix["description"]["text"].is_string());
        let rep = &fix["artifactChanges"][0]["replacements"][0];
        assert!(rep["deletedRegion"]["byteOffset"].is_u64(), "{rep}");
        assert!(rep["insertedContent"]["text"].is_string(), "{rep}");
        assert_eq!(res["properties"]["applicability"], "safe");
    }
    let mut distinct = ids.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(rules.len(), distinct.len(), "only the rules that appear: {rules:?}");
    assert_eq!(results.len(), finding_count(dir.path()));
    for rule in rules {
        assert!(rule["helpUri"].as_str().is_some_and(|u| u.starts_with("https://")), "{rule}");
        assert!(rule["shortDescription"]["text"].is_string());
        assert!(rule["help"]["markdown"].is_string());
        assert!(rule["defaultConfiguration"]["level"].is_string());
    }
}

#[test]
fn github_prints_one_workflow_command_per_finding() {
    let dir = setup();
    let r = run(dir.path(), &["check", "--format", "github", "Dockerfile"]);
    assert_eq!(r.code, 1);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), finding_count(dir.path()), "{}", r.stdout);
    for l in &lines {
        assert!(l.starts_with("::error ") || l.starts_with("::warning ") || l.starts_with("::notice "), "{l}");
        for part in ["file=Dockerfile", "line=", "col=", "endLine=", "endColumn=", "title="] {
            assert!(l.contains(part), "{part} missing: {l}");
        }
    }
    assert!(lines.iter().any(|l| l.starts_with("::error ") && l.contains("title=SWD401 missing-user::")));
    assert!(lines.iter().any(|l| l.starts_with("::warning ") && l.contains("line=2,") && l.contains("SWD302")));
}

#[test]
fn gitlab_fingerprints_are_unique_and_stable() {
    let dir = setup();
    let a = run(dir.path(), &["check", "--format", "gitlab", "Dockerfile"]);
    let b = run(dir.path(), &["check", "--format", "gitlab", "Dockerfile"]);
    assert_eq!(a.code, 1);
    assert_eq!(a.stdout, b.stdout, "output must be deterministic");
    let v = json(&a.stdout);
    let issues = v.as_array().expect("array");
    let n = finding_count(dir.path());
    assert_eq!(issues.len(), n);
    let mut fps: Vec<&str> = issues.iter().map(|i| i["fingerprint"].as_str().expect("fingerprint")).collect();
    fps.sort_unstable();
    fps.dedup();
    assert_eq!(fps.len(), n, "fingerprints must be unique");
    for i in issues {
        assert!(i["description"].is_string() && i["check_name"].is_string());
        assert!(["blocker", "critical", "major", "minor", "info"].contains(&i["severity"].as_str().expect("sev")));
        assert_eq!(i["location"]["path"], "Dockerfile");
        assert!(i["location"]["lines"]["begin"].as_u64().is_some_and(|l| l >= 1));
    }
    let user = issues.iter().find(|i| i["check_name"] == "SWD401").expect("SWD401");
    assert_eq!(user["severity"], "critical");
    let maint = issues.iter().find(|i| i["check_name"] == "SWD302").expect("SWD302");
    assert_eq!(maint["severity"], "major");
    assert_eq!(maint["location"]["lines"]["begin"], 2);
}

#[test]
fn checkstyle_lists_files_and_errors_escaped() {
    let dir = setup();
    let sub = dir.path().join("a&b<c");
    std::fs::create_dir_all(&sub).expect("mkdir");
    std::fs::write(sub.join("Dockerfile"), DOCKERFILE).expect("write");
    let r = run(dir.path(), &["check", "--format", "checkstyle", "Dockerfile", "a&b<c/Dockerfile"]);
    assert_eq!(r.code, 1);
    let s = &r.stdout;
    assert!(s.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"), "{s}");
    assert!(s.contains("<checkstyle version=\"4.3\">") && s.trim_end().ends_with("</checkstyle>"), "{s}");
    assert!(s.contains("<file name=\"Dockerfile\">"), "{s}");
    assert!(s.contains("<file name=\"a&amp;b&lt;c/Dockerfile\">"), "{s}");
    assert!(!s.contains("a&b") && !s.contains("b<c"), "unescaped path: {s}");
    assert!(s.contains("source=\"seaworthy.SWD401\"") && s.contains("severity=\"error\""), "{s}");
    assert!(s.contains("line=\"2\" column=\"1\" severity=\"warning\""), "{s}");
    assert_eq!(s.matches("<error ").count(), 2 * finding_count(dir.path()));
    assert_eq!(s.matches("<file ").count(), s.matches("</file>").count());
}

/// Follows the usual advice: no finding expected today (the test adapts if a new rule fires).
const CLEAN: &str = "# syntax=docker/dockerfile:1\nFROM alpine:3.20\nUSER 10001\n\
                     HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 CMD [\"true\"]\n\
                     CMD [\"sleep\", \"1\"]\n";

#[test]
fn junit_has_a_testcase_per_file_and_a_failure_per_finding() {
    let dir = setup();
    std::fs::write(dir.path().join("clean.Dockerfile"), CLEAN).expect("write");
    let sub = dir.path().join("x&y<z");
    std::fs::create_dir_all(&sub).expect("mkdir");
    std::fs::write(sub.join("Dockerfile"), DOCKERFILE).expect("write");
    let paths = ["Dockerfile", "clean.Dockerfile", "x&y<z/Dockerfile"];
    let args = |format: &'static str| {
        let mut a = vec!["check", "--format", format, "--fail-on", "none"];
        a.extend(paths);
        a
    };
    let report = json(&run(dir.path(), &args("json")).stdout);
    let r = run(dir.path(), &args("junit"));
    assert_eq!(r.code, 0, "--fail-on none keeps the exit code 0");
    let s = &r.stdout;
    assert!(s.starts_with("<?xml"), "{s}");
    assert!(s.contains("<testsuites") && s.trim_end().ends_with("</testsuites>"), "{s}");
    assert!(s.contains("<testsuite name=\"seaworthy\" tests=\"3\""), "{s}");
    assert_eq!(s.matches("<testcase ").count(), 3, "{s}");
    assert!(s.contains("<testcase name=\"Dockerfile\" classname=\"seaworthy\">"), "{s}");
    assert!(s.contains("<testcase name=\"x&amp;y&lt;z/Dockerfile\" classname=\"seaworthy\">"), "{s}");
    assert!(!s.contains("x&y") && !s.contains("y<z"), "unescaped path: {s}");
    assert!(s.contains("type=\"SWD401\"") && s.contains("Dockerfile:1:"), "{s}");
    let findings = report["summary"]["diagnostics"].as_u64().expect("count") as usize;
    assert!(findings >= 8);
    assert_eq!(s.matches("<failure ").count(), findings, "{s}");
    let clean = report["files"].as_array().expect("files").iter().find(|f| f["path"] == "clean.Dockerfile");
    let clean_diags = clean.expect("clean file")["diagnostics"].as_array().expect("diags").len();
    let passing = s.contains("<testcase name=\"clean.Dockerfile\" classname=\"seaworthy\"/>");
    assert_eq!(passing, clean_diags == 0, "a clean file is a passing (self-closing) test case: {s}");
    let failures = if clean_diags == 0 { 2 } else { 3 };
    assert!(s.contains(&format!("tests=\"3\" failures=\"{failures}\"")), "{s}");
}

#[test]
fn min_score_sets_the_exit_code() {
    let dir = setup();
    let fail = run(dir.path(), &["check", "--min-score", "100", "--fail-on", "none", "Dockerfile"]);
    assert_eq!(fail.code, 1);
    let fail_sarif =
        run(dir.path(), &["check", "--format", "sarif", "--min-score", "100", "--fail-on", "none", "Dockerfile"]);
    assert_eq!(fail_sarif.code, 1);
    let pass = run(dir.path(), &["check", "--min-score", "0", "--fail-on", "none", "Dockerfile"]);
    assert_eq!(pass.code, 0);
    let bad = run(dir.path(), &["check", "--min-score", "101", "Dockerfile"]);
    assert_eq!(bad.code, 2, "out-of-range --min-score is a usage error");
}

#[test]
fn fail_on_works_the_same_for_every_format() {
    let dir = setup();
    for f in ["text", "json", "sarif", "github", "gitlab", "checkstyle", "junit"] {
        assert_eq!(run(dir.path(), &["check", "--format", f, "Dockerfile"]).code, 1, "{f}");
        assert_eq!(run(dir.path(), &["check", "--format", f, "--fail-on", "none", "Dockerfile"]).code, 0, "{f}");
    }
}

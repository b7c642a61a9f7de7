//! `--config`, `--policy`, `.seaworthy.toml` discovery, `policy show` and `policy import`.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Stdio};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_seaworthy"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("run seaworthy");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn write(dir: &Path, name: &str, content: &str) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, content).expect("write");
}

fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("invalid JSON ({e}):\n{s}"))
}

/// Rule ids reported for `path` in a JSON report.
fn ids(report: &Value, path: &str) -> Vec<String> {
    report["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter(|f| f["path"] == path)
        .flat_map(|f| f["diagnostics"].as_array().cloned().unwrap_or_default())
        .map(|d| d["rule"]["id"].as_str().unwrap_or("").to_string())
        .collect()
}

/// A clean image except for its registry (quay.io).
const QUAY: &str = "FROM quay.io/acme/base:1.0\nUSER 10001\n\
                    HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD [\"true\"]\nCMD [\"run\"]\n";

#[test]
fn discovers_the_nearest_policy_and_applies_overrides_and_custom_rules() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path();
    write(
        d,
        ".seaworthy.toml",
        "extends = \"recommended@1\"\n[options]\ntrusted-registries = [\"docker.io\"]\n\
         [[overrides]]\npaths = [\"legacy/**\"]\nrules = { untrusted-registry = \"off\" }\n\
         [[custom-rules]]\nid = \"ACME001\"\nkind = \"forbid-instruction\"\ninstruction = \"CMD\"\nmessage = \"m\"\nseverity = \"info\"\n",
    );
    write(d, "app/Dockerfile", QUAY);
    write(d, "legacy/Dockerfile", QUAY);
    // a nested policy wins for its directory
    write(d, "other/.seaworthy.toml", "extends = \"minimal@1\"\n");
    write(d, "other/Dockerfile", QUAY);
    let r = run(d, &["check", "--format", "json", "."]);
    let report = json(&r.stdout);
    assert_eq!(ids(&report, "app/Dockerfile"), ["SWD109", "ACME001"], "{}", r.stdout);
    assert_eq!(ids(&report, "legacy/Dockerfile"), ["ACME001"]);
    assert!(ids(&report, "other/Dockerfile").is_empty());
    assert_eq!(r.code, 1, "an error finding fails at the default threshold");
    assert_eq!(report["verdict"]["passed"], false);
    assert_eq!(report["policy"]["extends"], "recommended@1");

    // --policy replaces discovery; --fail-on wins over the policy's threshold
    let r = run(d, &["check", "--format", "json", "--policy", "minimal", "app"]);
    assert!(ids(&json(&r.stdout), "app/Dockerfile").is_empty());
    assert_eq!(r.code, 0);
    let r = run(d, &["check", "--fail-on", "none", "app"]);
    assert_eq!(r.code, 0, "{}", r.stderr);

    // custom rules are documented like built-in ones
    let r = run(d, &["explain", "acme001"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("# ACME001") && r.stdout.contains("forbid-instruction"), "{}", r.stdout);
    assert_eq!(run(d, &["explain", "ACME999"]).code, 2);

    // and listed like them, with their level under the policy
    let r = run(d, &["rules", "--format", "json"]);
    let v = json(&r.stdout);
    let rules = v.as_array().expect("array");
    let by_id = |id: &str| rules.iter().find(|x| x["id"] == id).cloned().expect(id);
    assert_eq!(by_id("ACME001")["level"], "info");
    assert_eq!(by_id("SWD109")["level"], "error", "trusted-registries turns it on");
    assert_eq!(by_id("SWD103")["level"], "off");
    let text = run(d, &["rules", "--policy", "strict"]).stdout;
    assert!(text.lines().any(|l| l.starts_with("SWD103") && l.contains(" warning ")), "{text}");
}

#[test]
fn failure_threshold_and_min_score_come_from_the_policy() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path();
    // SWD102 (latest-base-image) is a warning
    write(d, "Dockerfile", &QUAY.replace("quay.io/acme/base:1.0", "alpine:latest"));
    write(d, "lenient.toml", "failure-threshold = \"error\"\n");
    write(d, "picky.toml", "failure-threshold = \"error\"\nmin-score = 100\n");
    let r = run(d, &["check", "Dockerfile"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.ends_with("policy: recommended@2\n"), "{}", r.stdout);
    let r = run(d, &["check", "--config", "lenient.toml", "Dockerfile"]);
    assert!(r.stdout.ends_with("policy: custom (extends recommended@2) from lenient.toml\n"), "{}", r.stdout);
    assert_eq!(run(d, &["check", "--config", "lenient.toml", "Dockerfile"]).code, 0);
    let r = run(d, &["check", "--config", "picky.toml", "--format", "json", "Dockerfile"]);
    assert_eq!(r.code, 1);
    assert_eq!(json(&r.stdout)["verdict"]["below_min_score"], true);
    assert_eq!(run(d, &["check", "--config", "picky.toml", "--min-score", "0", "Dockerfile"]).code, 0);
    assert_eq!(run(d, &["fix", "--config", "lenient.toml", "--diff", "Dockerfile"]).code, 0);
}

#[test]
fn bad_policies_are_reported_with_positions() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path();
    write(d, "Dockerfile", QUAY);
    write(d, ".seaworthy.toml", "[rules]\nmissing-usr = \"off\"\n\n[optons]\n");
    let r = run(d, &["check", "Dockerfile"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains(".seaworthy.toml:2:1: unknown rule `missing-usr`"), "{}", r.stderr);
    assert!(r.stderr.contains("did you mean `missing-user`?"), "{}", r.stderr);
    assert!(r.stderr.contains(":4:2: unknown key `optons`"), "{}", r.stderr);
    assert_eq!(run(d, &["check", "--policy", "strikt", "Dockerfile"]).code, 2);
    assert_eq!(run(d, &["check", "--policy", "strict", "--config", "x.toml", "Dockerfile"]).code, 2);
}

#[test]
fn policy_show_prints_a_standalone_policy() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path();
    write(d, "team/.seaworthy.toml", "extends = \"strict@1\"\n[rules]\nSWD404 = \"off\"\n");
    let r = run(d, &["policy", "show", "team"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("SWD404 = \"off\""), "{}", r.stdout);
    assert!(r.stdout.contains("min-score = 80"));
    write(d, "shown.toml", &r.stdout);
    let again = run(d, &["policy", "show", "--config", "shown.toml", "--format", "json"]);
    let v = json(&again.stdout);
    assert_eq!(v["rules"]["SWD404"]["level"], "off");
    assert_eq!(v["rules"]["SWD205"]["level"], "warning", "strict pins OS packages");
    let r = run(d, &["policy", "show", "--policy", "recommended@1", "--format", "json"]);
    assert_eq!(json(&r.stdout)["version"], 1);
}

#[test]
fn policy_import_converts_hadolint_config() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let d = tmp.path();
    write(
        d,
        ".hadolint.yaml",
        "ignored:\n  - DL3008\n  - SC2086\noverride:\n  error:\n    - DL3007\ntrustedRegistries:\n  - docker.io\n\
         label-schema:\n  maintainer: email\nstrict-labels: false\nfailure-threshold: error\n",
    );
    let r = run(d, &["policy", "import", ".hadolint.yaml", "-o", ".seaworthy.toml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("SC2086"));
    write(d, "Dockerfile", "FROM quay.io/a/b:latest\nLABEL maintainer=\"nobody\"\nUSER 1\n");
    let r = run(d, &["check", "--format", "json", "Dockerfile"]);
    let got = ids(&json(&r.stdout), "Dockerfile");
    for id in ["SWD102", "SWD109", "SWD328"] {
        assert!(got.iter().any(|x| x == id), "{id} in {got:?}");
    }
    write(d, "bad.yaml", "ignored: [\n");
    assert_eq!(run(d, &["policy", "import", "bad.yaml"]).code, 2);
}

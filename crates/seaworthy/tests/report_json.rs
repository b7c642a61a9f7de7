//! The hand-written JSON of reports and fix results (`seaworthy::report_json`, what the
//! WebAssembly module returns) is byte for byte what serde_json makes of the derived
//! `Serialize` impls (what `seaworthy check --format json` writes, and the JSON Schema
//! describes): over crafted reports here, and over every file of the real-world corpus
//! (Dockerfiles and compose files, alone and as projects). Without the corpus the corpus test
//! passes with a notice, except under `CI=true` (see `common`).

mod common;

use seaworthy::api::{fix_files, lint_request, ApiLintOptions, FixOptions};
use seaworthy::report_json::{fix_result_to_json, report_to_json};
use seaworthy::{LintOptions, SourceFile};

/// What the derive of `FixResult` wrote before it was serialized by hand: its two fields, with
/// their derived impls.
fn fix_result_by_serde(r: &seaworthy::api::FixResult) -> String {
    let files = serde_json::to_string(&r.files).unwrap();
    format!("{{\"files\":{files},\"report\":{}}}", serde_json::to_string(&r.report).unwrap())
}

fn same_as_serde(files: &[SourceFile], options: &str) {
    let opts: ApiLintOptions = serde_json::from_str(options).expect("lint options");
    let report = lint_request(files, &opts).expect("valid policy");
    assert_eq!(report_to_json(&report), serde_json::to_string(&report).unwrap(), "options {options}");
    for unsafe_fixes in [false, true] {
        let fopts = FixOptions { unsafe_fixes, policy: opts.policy.clone(), lint: opts.lint.clone() };
        let fixed = fix_files(files, &fopts).expect("valid policy");
        assert_eq!(fix_result_to_json(&fixed), fix_result_by_serde(&fixed), "fix, options {options}");
        assert_eq!(serde_json::to_string(&fixed).unwrap(), fix_result_to_json(&fixed));
    }
}

#[test]
fn crafted_reports_are_written_as_serde_json_writes_them() {
    let df = SourceFile::new(
        "app/Dockerfile",
        "FROM ubuntu\nRUN apt-get update && apt-get install curl\nADD . /app\nRUN sudo echo \"q\\\\t\u{1}\u{7f}é\u{1F600}\"\r\nCMD node server.js\n",
    );
    let compose = SourceFile::new(
        "app/compose.yaml",
        "services:\n  api:\n    build: .\n    privileged: true\n    ports: [\"80:80\", \"80:80\"]\n    environment:\n      DB: postgres://u:secret@db/x\n",
    );
    let ignore = SourceFile::new("app/.dockerignore", "*.md\n");
    let odd = SourceFile { path: "x/build.txt".into(), content: "FROM a\tb\u{8}\u{c}\n".into(), kind: None };
    let hinted = SourceFile { kind: Some(seaworthy::FileKind::Dockerfile), ..odd.clone() };
    let empty = SourceFile::new("Dockerfile", "");
    let sets: Vec<Vec<SourceFile>> = vec![
        vec![],
        vec![empty],
        vec![df.clone()],
        vec![compose.clone()],
        vec![df.clone(), compose.clone(), ignore.clone()],
        vec![odd, hinted],
    ];
    let team = "extends = \"strict@1\"\nmin-score = 90\nfailure-threshold = \"info\"\n[rules]\nSWD405 = \"error\"\n";
    let options = [
        "{}".to_string(),
        r#"{"positionEncoding":"utf16","scoreFixes":false}"#.to_string(),
        r#"{"policy":"minimal","contextFiles":["app/.env","app/src/"]}"#.to_string(),
        serde_json::json!({ "policy": team }).to_string(),
        r#"{"policy":"strict","weights":{"error":20,"warning":6,"info":2,"style":1,"cap":3}}"#.to_string(),
    ];
    for files in &sets {
        for o in &options {
            same_as_serde(files, o);
        }
    }
    // The default options of the other entry points (`LintOptions::default()`).
    let r = seaworthy::lint(&[df], &LintOptions::default());
    assert_eq!(report_to_json(&r), serde_json::to_string(&r).unwrap());
}

mod real_corpus {
    use super::common;
    use super::*;

    #[test]
    fn every_corpus_report_is_written_as_serde_json_writes_it() {
        let Some(dir) = common::corpus() else { return };
        let mut files: Vec<SourceFile> = common::corpus_dockerfiles(&dir)
            .into_iter()
            .map(|(name, p)| SourceFile::new(name, common::read_lossy(&p)))
            .collect();
        let cdir = dir.join("compose");
        let mut compose: Vec<_> = std::fs::read_dir(&cdir).expect("list compose/").map(|e| e.unwrap().path()).collect();
        compose.sort();
        for p in compose.into_iter().filter(|p| p.is_file()) {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let kind = Some(seaworthy::FileKind::Compose);
            files.push(SourceFile { path: format!("compose/{name}"), content: common::read_lossy(&p), kind });
        }
        let opts = ApiLintOptions::default();
        for f in &files {
            let report = lint_request(std::slice::from_ref(f), &opts).unwrap();
            assert_eq!(report_to_json(&report), serde_json::to_string(&report).unwrap(), "{}", f.path);
        }
        let fixed = fix_files(&files[..200.min(files.len())], &FixOptions::default()).unwrap();
        assert_eq!(fix_result_to_json(&fixed), fix_result_by_serde(&fixed));
        println!("report JSON: {} corpus files written as serde_json writes them", files.len());
    }
}

/// The rule catalogue (the wasm `rules()`) and a policy's errors (`validatePolicy`), written by
/// hand as serde_json writes them: every rule, with and without docs, and errors with and
/// without help, escapes included.
#[test]
fn catalogue_and_policy_errors_as_serde_json_writes_them() {
    use seaworthy::report_json::{policy_errors_to_json, rules_to_json};
    let rules = seaworthy::api::rule_catalogue();
    assert!(rules.len() > 200);
    assert_eq!(rules_to_json(&rules), serde_json::to_string(&rules).unwrap());
    let mut with_text = rules[..3].to_vec();
    with_text[0].docs = "a \"quoted\"\n\tline \\ \u{1}".into();
    assert_eq!(rules_to_json(&with_text), serde_json::to_string(&with_text).unwrap());
    assert_eq!(rules_to_json(&[]), "[]");
    for policy in [
        "recommended",
        "[rules]\nSWD9999 = \"off\"\nnot-a-rule = 3\n[optoins]\n",
        "extends = 5\n[score]\nerror = 1000\ncap = \"x\\\"y\"\n",
        "[[custom-rules]]\nid = \"SWD1\"\n",
        "= broken",
    ] {
        let errors = seaworthy::api::validate_policy(policy);
        assert_eq!(policy_errors_to_json(&errors), serde_json::to_string(&errors).unwrap(), "{policy}");
    }
    assert!(seaworthy::api::validate_policy("[rules]\nSWD9999 = \"off\"\n").iter().any(|e| e.help.is_some()));
}

//! Policies end to end over the core API: known-bad fixtures grade D-F, a careful image grades
//! A, and the score's properties hold on real files (fixing never lowers it; a file with no
//! findings scores 100).

use seaworthy::policy::Policy;
use seaworthy::report::{lint_with, LintOptions, SourceFile};
use seaworthy::score::Grade;
use std::path::Path;

fn fixtures(kind: &str) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(kind);
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("fixtures dir")
        .map(|e| {
            let p = e.expect("entry").path();
            (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).expect("read"))
        })
        .collect();
    out.sort();
    out
}

fn grade(name: &str, content: &str, policy: &Policy) -> (u32, Grade, Option<u32>, Option<u32>) {
    let r = lint_with(
        &[SourceFile { path: name.into(), content: content.into(), kind: None }],
        &LintOptions::default(),
        policy,
    );
    let s = &r.files[0].score;
    (s.value, s.grade, s.after_safe_fixes, s.after_all_fixes)
}

#[test]
fn known_bad_files_grade_d_or_f_and_a_careful_one_grades_a() {
    let bad = fixtures("bad");
    assert!(bad.len() >= 3);
    for (name, content) in &bad {
        for preset in ["recommended@1", "strict@1"] {
            let (value, g, _, _) = grade(name, content, &Policy::preset(preset).unwrap());
            println!("{preset} {name}: {value} {g:?}");
            assert!(matches!(g, Grade::D | Grade::F), "{preset} {name}: {value} {g:?}");
        }
    }
    for (name, content) in fixtures("good") {
        let (value, g, _, _) = grade(&name, &content, &Policy::default());
        println!("recommended@1 {name}: {value} {g:?}");
        assert_eq!(g, Grade::A, "{name}: {value}");
    }
}

#[test]
fn fixing_never_lowers_the_score_and_no_findings_scores_100() {
    let all: Vec<_> = fixtures("bad").into_iter().chain(fixtures("good")).collect();
    for preset in ["minimal@1", "recommended@1", "strict@1"] {
        let p = Policy::preset(preset).unwrap();
        for (name, content) in &all {
            let (value, _, safe, every) = grade(name, content, &p);
            let (safe, every) = (safe.unwrap(), every.unwrap());
            assert!(safe >= value && every >= value, "{preset} {name}: {value} → {safe} / {every}");
        }
    }
    // a policy that turns every rule off: no findings, 100
    let mut off = String::from("extends = \"none\"\n[rules]\n");
    for m in seaworthy::rules::all_rules() {
        off.push_str(&format!("{} = \"off\"\n", m.id));
    }
    let p = Policy::parse(&off).unwrap_or_else(|e| panic!("{e:?}"));
    for (name, content) in &all {
        let r = lint_with(
            &[SourceFile { path: name.clone(), content: content.clone(), kind: None }],
            &LintOptions::default(),
            &p,
        );
        assert!(r.files[0].diagnostics.is_empty());
        assert_eq!(r.files[0].score.value, 100);
    }
}

#[test]
fn every_point_lost_is_attributed_to_a_rule() {
    for (name, content) in fixtures("bad").into_iter().chain(fixtures("good")) {
        let r = lint_with(
            &[SourceFile { path: name.clone(), content, kind: None }],
            &LintOptions { score_fixes: false, ..Default::default() },
            &Policy::default(),
        );
        let f = &r.files[0];
        let lost: u32 = f.score.deductions.iter().map(|d| d.points).sum();
        assert_eq!(f.score.value, 100u32.saturating_sub(lost), "{name}");
        for d in &f.score.deductions {
            let n = f.diagnostics.iter().filter(|x| x.rule.id == d.rule).count() as u32;
            assert_eq!(n, d.count, "{name}: {} findings", d.rule);
        }
    }
}

#[test]
fn the_score_is_deterministic_and_weighted_by_the_policy() {
    let (name, content) = fixtures("bad").remove(0);
    let file = [SourceFile { path: name, content, kind: None }];
    let opts = LintOptions { score_fixes: false, ..Default::default() };
    let a = serde_json::to_string(&lint_with(&file, &opts, &Policy::default())).unwrap();
    let b = serde_json::to_string(&lint_with(&file, &opts, &Policy::default())).unwrap();
    assert_eq!(a, b);
    let base = lint_with(&file, &opts, &Policy::default()).files[0].score.clone();
    let light = Policy::parse("[score]\nerror = 5\nwarning = 2\ncategories = { security = 50 }\n").unwrap();
    let lighter = lint_with(&file, &opts, &light).files[0].score.clone();
    assert!(lighter.value > base.value, "{} vs {}", lighter.value, base.value);
}

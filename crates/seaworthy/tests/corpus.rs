//! Integration tests over the real-world corpus (`shared/corpus`, read in place).
//!
//! - BuildKit conformance against `buildkit-oracle.jsonl`;
//! - lossless round trip and span sanity of the parse;
//! - fix-engine invariants (parses after fixing, idempotent, non-overlapping edits);
//! - per-rule hit counts and grade distribution (printed only).
//!
//! Each test prints its figures; run `cargo test -p seaworthy --test corpus -- --nocapture`
//! to see them. Without the corpus the tests pass with a notice, except under `CI=true`
//! where they fail (see `common/mod.rs`).
//!
//! The tests live in the module `real_corpus` so that a workspace-wide run can leave them to
//! a dedicated step with `-- --skip real_corpus::` (as `scripts/test` does).

mod common;

mod real_corpus {
    use super::common;
    use seaworthy::dockerfile::{self, oracle::to_oracle, ParseErrorKind};
    use seaworthy::fix::{apply_edits, select_fixes, SkipReason};
    use seaworthy::{fix_source, lint, lint_dockerfile, Applicability, FileKind, LintOptions, SourceFile};
    use serde_json::Value;
    use std::collections::{BTreeMap, HashMap};
    use std::fmt::Write as _;
    use std::panic::{catch_unwind, AssertUnwindSafe};

    /// Runs `f`, turning a panic into an error that names `file`.
    fn guarded<T>(file: &str, what: &str, f: impl FnOnce() -> T) -> Result<T, String> {
        catch_unwind(AssertUnwindSafe(f)).map_err(|p| {
            let msg = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "<non-string panic>".into());
            format!("{file}: {what} panicked: {msg}")
        })
    }

    fn short(v: &Value) -> String {
        let s = v.to_string();
        if s.len() > 400 {
            let mut end = 400;
            while !s.is_char_boundary(end) {
                end -= 1;
            }
            format!("{}…", &s[..end])
        } else {
            s
        }
    }

    /// Where two `instructions` arrays first differ, for the mismatch report.
    fn first_difference(ours: &Value, expected: &Value) -> String {
        let (a, b) = (ours.as_array(), expected.as_array());
        let (Some(a), Some(b)) = (a, b) else {
            return format!("ours {} vs BuildKit {}", short(ours), short(expected));
        };
        for i in 0..a.len().max(b.len()) {
            if a.get(i) != b.get(i) {
                return format!(
                    "instruction #{i}: ours {} vs BuildKit {}",
                    a.get(i).map_or("<none>".into(), short),
                    b.get(i).map_or("<none>".into(), short)
                );
            }
        }
        "no difference?".into()
    }

    #[test]
    fn buildkit_conformance() {
        let Some(dir) = common::corpus() else { return };
        let text = std::fs::read_to_string(dir.join("buildkit-oracle.jsonl")).expect("read buildkit-oracle.jsonl");
        let mut total = 0usize;
        let mut identical = 0usize;
        let (mut negatives, mut rejected) = (0usize, 0usize);
        let mut mismatches: Vec<(String, String)> = Vec::new();
        let mut unrejected_fixtures = Vec::new();
        let mut panics = Vec::new();
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let expected: Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("buildkit-oracle.jsonl line {}: {e}", n + 1));
            let file = expected["file"].as_str().unwrap_or_else(|| panic!("line {}: no `file`", n + 1)).to_string();
            let expected_ok = expected["ok"].as_bool().unwrap_or_else(|| panic!("line {}: no `ok`", n + 1));
            total += 1;
            let src = common::read_lossy(&dir.join(&file));
            let ours = match guarded(&file, "parse", || {
                serde_json::to_value(to_oracle(&file, &dockerfile::parse(&src))).expect("serialise oracle view")
            }) {
                Ok(v) => v,
                Err(e) => {
                    panics.push(e);
                    mismatches.push((file, "parser panicked".into()));
                    continue;
                }
            };
            let our_ok = ours["ok"].as_bool() == Some(true);
            if expected_ok {
                if !our_ok {
                    mismatches.push((file, format!("we reject it: {}", ours["error"])));
                } else if ours["instructions"] != expected["instructions"] {
                    let why = first_difference(&ours["instructions"], &expected["instructions"]);
                    mismatches.push((file, why));
                } else {
                    identical += 1;
                }
            } else {
                negatives += 1;
                if our_ok {
                    if file.starts_with("buildkit-parser-negative/") {
                        unrejected_fixtures.push(file.clone());
                    }
                    mismatches.push((file, format!("BuildKit rejects it ({}), we accept it", expected["error"])));
                } else {
                    rejected += 1;
                    identical += 1;
                }
            }
        }
        let names: Vec<&str> = mismatches.iter().take(10).map(|(f, _)| f.as_str()).collect();
        let mut out = format!(
            "conformance: {identical}/{total} identical, negatives rejected {rejected}/{negatives}, mismatches: {names:?}"
        );
        for (f, why) in mismatches.iter().take(5) {
            let _ = write!(out, "\n  {f}: {why}");
        }
        println!("{out}");
        assert!(panics.is_empty(), "the parser panicked:\n{}", panics.join("\n"));
        assert!(total > 0, "buildkit-oracle.jsonl has no lines");
        assert!(
            identical * 100 >= total * 99,
            "BuildKit conformance below 99%: {identical}/{total} identical (see the mismatches above)"
        );
        assert!(
            unrejected_fixtures.is_empty(),
            "BuildKit's negative parser fixtures must be rejected, but these were accepted: {unrejected_fixtures:?}"
        );
    }

    #[test]
    fn lossless_round_trip() {
        let Some(dir) = common::corpus() else { return };
        let files = common::corpus_dockerfiles(&dir);
        let (mut bytes, mut segments, mut instructions) = (0usize, 0usize, 0usize);
        let mut failures: Vec<String> = Vec::new();
        for (rel, path) in &files {
            let src = common::read_lossy(path);
            let df = match guarded(rel, "parse", || dockerfile::parse(&src)) {
                Ok(df) => df,
                Err(e) => {
                    failures.push(e);
                    continue;
                }
            };
            bytes += src.len();
            segments += df.segments.len();
            instructions += df.instructions.len();
            let mut problems = common::segment_problems(&df, &src);
            problems.extend(common::tree_span_problems(&df, &src));
            if let Some(first) = problems.first() {
                failures.push(format!("{rel}: {first} ({} problem(s))", problems.len()));
            }
        }
        println!(
            "round trip: {}/{} files lossless with sane spans ({bytes} bytes, {segments} segments, {instructions} instructions)",
            files.len() - failures.len(),
            files.len()
        );
        assert!(!files.is_empty(), "no Dockerfiles found in {}", dir.display());
        assert!(failures.is_empty(), "{} file(s) failed:\n{}", failures.len(), failures.join("\n"));
    }

    fn syntax_errors(src: &str) -> usize {
        dockerfile::parse(src).errors.iter().filter(|e| e.kind == ParseErrorKind::Error).count()
    }

    #[test]
    fn fix_invariants() {
        let Some(dir) = common::corpus() else { return };
        let files = common::corpus_dockerfiles(&dir);
        let mut failures: Vec<String> = Vec::new();
        let (mut fixed_files, mut applied, mut findings) = (0usize, 0usize, 0usize);
        let mut per_rule: BTreeMap<String, usize> = BTreeMap::new();
        let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
        for (rel, path) in &files {
            let src = common::read_lossy(path);
            let diags = match guarded(rel, "lint_dockerfile", || lint_dockerfile(&src)) {
                Ok(d) => d,
                Err(e) => {
                    failures.push(e);
                    continue;
                }
            };
            findings += diags.len();
            if let Some(p) = common::diagnostic_span_problems(&diags, &src).first() {
                failures.push(format!("{rel}: diagnostic {p}"));
            }
            let (edits, picked) = select_fixes(&diags, Applicability::Unsafe);
            if apply_edits(&src, &edits).is_none() {
                let rules: Vec<&str> = picked.iter().map(|&i| diags[i].rule_id.as_ref()).collect();
                failures.push(format!("{rel}: the selected fixes' edits overlap or are invalid (rules {rules:?})"));
            }
            let once = match guarded(rel, "fix_source", || fix_source(&src, Some(FileKind::Dockerfile), true)) {
                Ok(o) => o,
                Err(e) => {
                    failures.push(e);
                    continue;
                }
            };
            if !once.applied.is_empty() {
                fixed_files += 1;
                applied += once.applied.len();
                for a in &once.applied {
                    *per_rule.entry(a.rule.clone()).or_default() += 1;
                }
            }
            for s in &once.skipped {
                *skipped.entry(format!("{}:{:?}", s.rule, s.reason)).or_default() += 1;
                if s.reason == SkipReason::RoundLimit {
                    failures.push(format!("{rel}: fix {} ({}) still offered at the round limit", s.rule, s.title));
                }
            }
            // Fixing never lowers the score (default policy and weights).
            let w = seaworthy::score::Weights::default();
            let (s0, s1) = (
                seaworthy::score::score(&diags, &w).value,
                seaworthy::score::score(&lint_dockerfile(&once.output), &w).value,
            );
            if s1 < s0 {
                failures.push(format!("{rel}: fixing lowered the score from {s0} to {s1}"));
            }
            let (before, after) = (syntax_errors(&src), syntax_errors(&once.output));
            if after > before {
                failures.push(format!("{rel}: fixing raised the syntax errors from {before} to {after}"));
            }
            match guarded(rel, "fix_source (second pass)", || {
                fix_source(&once.output, Some(FileKind::Dockerfile), true)
            }) {
                Ok(twice) if twice.output != once.output => {
                    let rules: Vec<&str> = twice.applied.iter().map(|a| a.rule.as_str()).collect();
                    failures.push(format!("{rel}: fixing is not idempotent: a second pass applied {rules:?}"));
                }
                Ok(_) => {}
                Err(e) => failures.push(e),
            }
        }
        println!(
            "fix invariants: {} files checked, {findings} findings, {fixed_files} files had fixes applied, \
             {applied} fixes applied in total; applied by rule: {per_rule:?}; skipped: {skipped:?}",
            files.len()
        );
        assert!(failures.is_empty(), "{} problem(s):\n{}", failures.len(), failures.join("\n"));
    }

    /// `file` → `source_kind` from FEATURES-dockerfile.tsv.
    fn source_kinds(dir: &std::path::Path) -> HashMap<String, String> {
        let Ok(text) = std::fs::read_to_string(dir.join("FEATURES-dockerfile.tsv")) else {
            println!("FEATURES-dockerfile.tsv not found: no official-image subset");
            return HashMap::new();
        };
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
        let col = |name: &str| header.iter().position(|h| *h == name);
        let (Some(fc), Some(kc)) = (col("file"), col("source_kind")) else {
            println!("FEATURES-dockerfile.tsv lacks the file / source_kind columns");
            return HashMap::new();
        };
        lines
            .filter_map(|l| {
                let cells: Vec<&str> = l.split('\t').collect();
                Some((cells.get(fc)?.to_string(), cells.get(kc)?.to_string()))
            })
            .collect()
    }

    #[derive(Default)]
    struct Hits {
        findings: usize,
        files: usize,
        official_findings: usize,
        official_files: usize,
    }

    #[test]
    fn rule_hit_counts() {
        let Some(dir) = common::corpus() else { return };
        let kinds = source_kinds(&dir);
        let files: Vec<_> =
            common::corpus_dockerfiles(&dir).into_iter().filter(|(rel, _)| rel.starts_with("dockerfiles/")).collect();
        let options = LintOptions { score_fixes: false, ..Default::default() };
        let rules = seaworthy::rules::all_rules();
        let mut hits: BTreeMap<&str, Hits> = rules.iter().map(|m| (m.id, Hits::default())).collect();
        let mut grades: BTreeMap<String, (usize, usize)> =
            ["A", "B", "C", "D", "F"].iter().map(|g| (g.to_string(), (0, 0))).collect();
        let (mut official, mut score_sum, mut official_score_sum) = (0usize, 0u64, 0u64);
        for (rel, path) in &files {
            let is_official = kinds.get(rel).is_some_and(|k| k.starts_with("official-image"));
            official += usize::from(is_official);
            // The corpus names files `<owner>__<repo>__…__Dockerfile`; lint it under a name
            // that is detected as a Dockerfile.
            let file = SourceFile { path: "Dockerfile".into(), content: common::read_lossy(path), kind: None };
            let report = lint(&[file], &options);
            let fr = &report.files[0];
            let mut per_file: HashMap<&str, usize> = HashMap::new();
            for d in &fr.diagnostics {
                *per_file.entry(d.rule.id.as_str()).or_default() += 1;
            }
            for (id, n) in per_file {
                let h = hits.entry(rules.iter().find(|m| m.id == id).map_or("?", |m| m.id)).or_default();
                h.findings += n;
                h.files += 1;
                if is_official {
                    h.official_findings += n;
                    h.official_files += 1;
                }
            }
            let grade = serde_json::to_value(fr.score.grade).ok().and_then(|v| v.as_str().map(str::to_string));
            let e = grades.entry(grade.unwrap_or_else(|| format!("{:?}", fr.score.grade))).or_default();
            e.0 += 1;
            score_sum += u64::from(fr.score.value);
            if is_official {
                e.1 += 1;
                official_score_sum += u64::from(fr.score.value);
            }
        }
        let mut out = format!(
            "per-rule hits over dockerfiles/ ({} files, {official} official-image):\n\
             {:<8} {:<32} {:>9} {:>6} {:>14} {:>14}\n",
            files.len(),
            "id",
            "name",
            "findings",
            "files",
            "official finds",
            "official files"
        );
        for (id, h) in &hits {
            let name = rules.iter().find(|m| m.id == *id).map_or("?", |m| m.name);
            let _ = writeln!(
                out,
                "{id:<8} {name:<32} {:>9} {:>6} {:>14} {:>14}",
                h.findings, h.files, h.official_findings, h.official_files
            );
        }
        let mean = |sum: u64, n: usize| if n == 0 { 0.0 } else { sum as f64 / n as f64 };
        let dist = |pick: fn(&(usize, usize)) -> usize| {
            grades.iter().map(|(g, c)| format!("{g} {}", pick(c))).collect::<Vec<_>>().join(", ")
        };
        let _ = writeln!(
            out,
            "grades (all {}, mean score {:.1}): {}",
            files.len(),
            mean(score_sum, files.len()),
            dist(|c| c.0)
        );
        let _ = write!(
            out,
            "grades (official {official}, mean score {:.1}): {}",
            mean(official_score_sum, official),
            dist(|c| c.1)
        );
        println!("{out}");
    }

    /// Grade distribution of the corpus under each preset (official images vs all).
    #[test]
    fn grades_by_preset() {
        let Some(dir) = common::corpus() else { return };
        let kinds = source_kinds(&dir);
        let files: Vec<_> =
            common::corpus_dockerfiles(&dir).into_iter().filter(|(rel, _)| rel.starts_with("dockerfiles/")).collect();
        let options = LintOptions { score_fixes: false, ..Default::default() };
        let mut out = String::from("grades by preset (all | official):");
        for preset in ["minimal@1", "recommended@1", "recommended@2", "strict@1", "strict@2"] {
            let policy = seaworthy::policy::Policy::preset(preset).expect("preset");
            let (mut all, mut official) = ([0usize; 5], [0usize; 5]);
            for (rel, path) in &files {
                let file = SourceFile { path: "Dockerfile".into(), content: common::read_lossy(path), kind: None };
                let report = seaworthy::report::lint_with(&[file], &options, &policy);
                let g = report.files[0].score.grade as usize;
                all[g] += 1;
                if kinds.get(rel).is_some_and(|k| k.starts_with("official-image")) {
                    official[g] += 1;
                }
            }
            let fmt = |c: &[usize; 5]| {
                ["A", "B", "C", "D", "F"].iter().zip(c).map(|(g, n)| format!("{g} {n}")).collect::<Vec<_>>().join(", ")
            };
            let _ = write!(out, "\n  {preset:<14} all: {} | official: {}", fmt(&all), fmt(&official));
        }
        println!("{out}");
    }
}

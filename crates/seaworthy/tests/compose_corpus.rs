//! The compose checker over the real-world compose files (`shared/corpus/compose`, read in
//! place):
//! - no panics, and every span (findings, labels, fix edits) inside the file on char boundaries;
//! - every fix keeps the YAML parseable and the model valid (no new YAML issue, no new
//!   structure problem), the edits of one fix never overlap, and fixing twice changes nothing;
//! - a per-rule hit report weighted by `source_kind` (FEATURES-compose.tsv), printed.
//!
//! Run `cargo test -p seaworthy --test compose_corpus -- --nocapture` to see the figures.
//! Without the corpus the tests pass with a notice, except under `CI=true` (see `common`).

mod common;

mod real_corpus {
    use super::common;
    use seaworthy::compose::schema;
    use seaworthy::rules::compose::lint_compose_with;
    use seaworthy::{fix_source, yaml, Applicability, FileKind};
    use std::collections::{BTreeMap, HashMap};
    use std::panic::{catch_unwind, AssertUnwindSafe};
    use std::path::PathBuf;

    fn files() -> Option<(PathBuf, Vec<(String, String)>)> {
        let dir = common::corpus()?;
        let cdir = dir.join("compose");
        assert!(cdir.is_dir(), "the corpus has no compose/ folder at {}", cdir.display());
        let mut v: Vec<PathBuf> =
            std::fs::read_dir(&cdir).expect("list compose/").map(|e| e.expect("entry").path()).collect();
        v.sort();
        let out = v
            .into_iter()
            .filter(|p| p.is_file())
            .map(|p| {
                let name =
                    format!("compose/{}", p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
                (name, common::read_lossy(&p))
            })
            .collect();
        Some((dir, out))
    }

    fn source_kinds(dir: &std::path::Path) -> HashMap<String, String> {
        let text = std::fs::read_to_string(dir.join("FEATURES-compose.tsv")).unwrap_or_default();
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
        let col = header.iter().position(|h| *h == "source_kind").unwrap_or(1);
        lines
            .filter_map(|l| {
                let cells: Vec<&str> = l.split('\t').collect();
                Some((cells.first()?.to_string(), cells.get(col)?.to_string()))
            })
            .collect()
    }

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

    fn validity(src: &str) -> (usize, usize) {
        let doc = yaml::parse(src);
        (doc.issues.len(), schema::check(&doc).len())
    }

    #[test]
    fn no_panics_spans_and_fix_invariants() {
        let Some((_, files)) = files() else { return };
        let mut problems = Vec::new();
        let mut panics = 0;
        let (mut fixed_files, mut applied) = (0usize, 0usize);
        for (name, src) in &files {
            let diags = match guarded(name, "lint", || lint_compose_with(src, &|_| true)) {
                Ok(d) => d,
                Err(e) => {
                    panics += 1;
                    problems.push(e);
                    continue;
                }
            };
            problems.extend(common::diagnostic_span_problems(&diags, src).into_iter().map(|p| format!("{name}: {p}")));
            for d in &diags {
                if let Some(f) = &d.fix {
                    for (i, a) in f.edits.iter().enumerate() {
                        if f.edits[i + 1..].iter().any(|b| a.span.overlaps(b.span)) {
                            problems.push(format!("{name}: {} fix has overlapping edits", d.rule_id));
                        }
                    }
                }
            }
            let (issues0, schema0) = validity(src);
            for unsafe_fixes in [false, true] {
                let out = match guarded(name, "fix", || fix_source(src, Some(FileKind::Compose), unsafe_fixes)) {
                    Ok(o) => o,
                    Err(e) => {
                        panics += 1;
                        problems.push(e);
                        continue;
                    }
                };
                if out.output == *src {
                    continue;
                }
                if unsafe_fixes {
                    fixed_files += 1;
                    applied += out.applied.len();
                }
                let (issues1, schema1) = validity(&out.output);
                if issues1 > issues0 || schema1 > schema0 {
                    problems.push(format!(
                        "{name}: fixing (unsafe={unsafe_fixes}) broke the file: YAML issues {issues0}->{issues1}, structure problems {schema0}->{schema1}\n{}",
                        out.output
                    ));
                }
                let again = fix_source(&out.output, Some(FileKind::Compose), unsafe_fixes);
                if again.output != out.output {
                    problems.push(format!("{name}: fixing twice changes the file again (unsafe={unsafe_fixes})"));
                }
                let still: Vec<_> = seaworthy::lint_compose(&out.output)
                    .into_iter()
                    .filter(|d| {
                        d.fix.as_ref().is_some_and(|f| {
                            f.applicability >= if unsafe_fixes { Applicability::Unsafe } else { Applicability::Safe }
                        })
                    })
                    .map(|d| d.rule_id)
                    .collect();
                if !still.is_empty() {
                    problems.push(format!("{name}: fixes still offered after fixing: {still:?}"));
                }
            }
        }
        println!(
            "compose corpus: {} files, {panics} panics, {fixed_files} files changed by fixing (all fixes), {applied} fixes applied",
            files.len()
        );
        for p in problems.iter().take(30) {
            println!("  {p}");
        }
        assert!(problems.is_empty(), "{} problems (first ones above)", problems.len());
    }

    #[test]
    fn rule_hit_report() {
        let Some((dir, files)) = files() else { return };
        let kinds = source_kinds(&dir);
        // rule -> (hits, files hit, hits per source kind)
        let mut hits: BTreeMap<String, (usize, usize, BTreeMap<String, usize>)> = BTreeMap::new();
        let mut names: HashMap<String, String> = HashMap::new();
        let mut kind_files: BTreeMap<String, usize> = BTreeMap::new();
        for (name, src) in &files {
            let kind = kinds.get(name).cloned().unwrap_or_else(|| "unknown".into());
            *kind_files.entry(kind.clone()).or_default() += 1;
            let diags = lint_compose_with(src, &|_| true);
            let mut seen = std::collections::HashSet::new();
            for d in diags {
                names.insert(d.rule_id.to_string(), d.rule_name.to_string());
                let e = hits.entry(d.rule_id.to_string()).or_default();
                e.0 += 1;
                if seen.insert(d.rule_id) {
                    e.1 += 1;
                }
                *e.2.entry(kind.clone()).or_default() += 1;
            }
        }
        // Test fixtures are tiny feature probes: weight them 0.25 against real deployments.
        let weight = |k: &str| if k == "test-fixture" { 0.25 } else { 1.0 };
        println!("compose files per source_kind: {kind_files:?}");
        println!("{:<8} {:<34} {:>6} {:>6} {:>9}  per source_kind", "rule", "name", "hits", "files", "weighted");
        let mut rows: Vec<_> = hits.iter().collect();
        rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(b.0)));
        for (id, (n, f, per)) in rows {
            let w: f64 = per.iter().map(|(k, c)| weight(k) * *c as f64).sum();
            println!("{id:<8} {:<34} {n:>6} {f:>6} {w:>9.1}  {per:?}", names.get(id).map(String::as_str).unwrap_or(""));
        }
    }

    /// Rebuilds each source repository from MANIFEST.tsv (original paths) and runs the project
    /// API, so services are linked to the Dockerfiles they build; prints the cross-file hits.
    #[test]
    fn cross_file_rules_on_rebuilt_projects() {
        let Some(dir) = common::corpus() else { return };
        let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).expect("MANIFEST.tsv");
        let mut repos: BTreeMap<String, Vec<seaworthy::SourceFile>> = BTreeMap::new();
        for line in manifest.lines().skip(1) {
            let cells: Vec<&str> = line.split('\t').collect();
            let (Some(file), Some(repo), Some(orig)) = (cells.first(), cells.get(1), cells.get(3)) else { continue };
            if !(file.starts_with("compose/") || file.starts_with("dockerfiles/")) {
                continue;
            }
            let content = common::read_lossy(&dir.join(file));
            repos.entry(repo.to_string()).or_default().push(seaworthy::SourceFile {
                path: orig.to_string(),
                content,
                kind: None,
            });
        }
        let mut hits: BTreeMap<String, usize> = BTreeMap::new();
        let mut composes = 0;
        for (repo, files) in &repos {
            let out = guarded(repo, "lint_project", || seaworthy::project::lint_project_with(files, &|_| true))
                .unwrap_or_else(|e| panic!("{e}"));
            composes += out.len();
            for (path, diags) in out {
                for d in diags.iter().filter(|d| {
                    d.rule_id.starts_with("SWC6")
                        || d.rule_id.starts_with("SWC7")
                        || seaworthy::project::PROJECT_RULES.contains(&d.rule_id.as_ref())
                }) {
                    *hits.entry(d.rule_id.to_string()).or_default() += 1;
                    if d.rule_id.starts_with("SWC7") {
                        println!("{repo} {path}: {} {}", d.rule_id, d.message);
                    }
                }
            }
        }
        println!(
            "cross-file: {} repositories, {composes} compose files linted with their Dockerfiles; hits {hits:?}",
            repos.len()
        );
    }

    /// Grade distribution of the compose files (each linted alone, as `compose.yaml`) under
    /// each preset, all files and real ones (not test fixtures), with the rules that cost the
    /// most points among the files graded F under recommended@1 (printed).
    #[test]
    fn compose_grades_by_preset() {
        use seaworthy::report::{lint_with, LintOptions};
        let Some((dir, files)) = files() else { return };
        let kinds = source_kinds(&dir);
        let options = LintOptions { score_fixes: false, ..Default::default() };
        let mut out = String::from("compose grades by preset (all | not test fixtures):");
        for preset in ["minimal@1", "recommended@1", "strict@1"] {
            let policy = seaworthy::policy::Policy::preset(preset).expect("preset");
            let (mut all, mut real) = ([0usize; 5], [0usize; 5]);
            let mut cost: BTreeMap<String, (u32, u32)> = BTreeMap::new();
            for (rel, src) in &files {
                let file = seaworthy::SourceFile { path: "compose.yaml".into(), content: src.clone(), kind: None };
                let report = lint_with(&[file], &options, &policy);
                let score = &report.files[0].score;
                let g = score.grade as usize;
                all[g] += 1;
                let key = rel.strip_prefix("compose/").unwrap_or(rel);
                if kinds.get(key).or_else(|| kinds.get(rel.as_str())).is_none_or(|k| k != "test-fixture") {
                    real[g] += 1;
                }
                if preset == "recommended@1" && g == 4 {
                    for d in &score.deductions {
                        let e = cost.entry(d.rule.clone()).or_default();
                        e.0 += d.points;
                        e.1 += 1;
                    }
                }
            }
            let fmt = |c: &[usize; 5]| {
                ["A", "B", "C", "D", "F"].iter().zip(c).map(|(g, n)| format!("{g} {n}")).collect::<Vec<_>>().join(", ")
            };
            out.push_str(&format!("\n  {preset:<14} all: {} | real: {}", fmt(&all), fmt(&real)));
            if !cost.is_empty() {
                let mut v: Vec<_> = cost.into_iter().collect();
                v.sort_by_key(|e| std::cmp::Reverse(e.1 .0));
                let top: Vec<String> = v.iter().take(12).map(|(r, (p, n))| format!("{r} {p}pt/{n}f")).collect();
                out.push_str(&format!("\n    points lost by F files: {}", top.join(", ")));
            }
        }
        println!("{out}");
    }
}

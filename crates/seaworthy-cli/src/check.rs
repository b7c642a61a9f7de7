//! `seaworthy check`.

use crate::cli::{CheckArgs, CheckFormat};
use crate::input::{collect_targets, load};
use crate::style::Style;
use crate::{formats, render, report_failure, Exit};
use seaworthy::policy::{Policy, Threshold};
use seaworthy::report::Verdict;
use seaworthy::{Applicability, LineIndex, LintOptions, SourceFile};
use std::collections::HashMap;

pub fn run(args: &CheckArgs) -> Exit {
    let (targets, failures) = collect_targets(&args.input.paths, &args.input.stdin_filename);
    let mut io_error = !failures.is_empty();
    failures.iter().for_each(report_failure);
    let mut resolver = match crate::policycmd::Resolver::new(&args.input.select) {
        Ok(r) => r,
        Err(f) => {
            report_failure(&f);
            return Exit::Error;
        }
    };
    let options = LintOptions::default();
    let mut files = Vec::new();
    // Each file's path as its policy's per-path overrides see it (relative to the policy file).
    let mut scoped_paths: Vec<String> = Vec::new();
    let mut thresholds: Vec<(String, Threshold)> = Vec::new();
    let mut first_policy: Option<std::rc::Rc<Policy>> = None;
    // The policy of each file of `files`.
    let mut policies: Vec<std::rc::Rc<Policy>> = Vec::new();
    // Which policies were used, for the text output: "recommended@1", "custom (extends …) from FILE".
    let mut used: Vec<String> = Vec::new();
    // The build context of each Dockerfile of `files` (its .dockerignore, its directory listing).
    let finder = crate::context::Contexts::new(&targets);
    let mut contexts: Vec<Option<seaworthy::context::BuildContext>> = Vec::new();
    for t in &targets {
        let loaded = match resolver.for_target(t) {
            Ok(l) => l,
            Err(f) => {
                report_failure(&f);
                return Exit::Error;
            }
        };
        match load(t) {
            Ok(l) => {
                if let Some(w) = l.utf8_warning() {
                    crate::stderr_line(&w);
                }
                let file = SourceFile { path: l.target.display, content: l.text, kind: None };
                scoped_paths.push(loaded.path_for(t));
                contexts.push(finder.of(t));
                thresholds.push((file.path.clone(), loaded.policy.failure_threshold));
                first_policy.get_or_insert_with(|| loaded.policy.clone());
                let p = &loaded.policy;
                let mut what = match &p.extends {
                    Some(e) if p.version.is_none() => format!("{} (extends {e})", p.name),
                    _ => p.label(),
                };
                if let Some(f) = &loaded.file {
                    what.push_str(&format!(" from {}", crate::policycmd::shown(f)));
                }
                if !used.contains(&what) {
                    used.push(what);
                }
                files.push(file);
                policies.push(loaded.policy.clone());
            }
            Err(f) => {
                report_failure(&f);
                io_error = true;
            }
        }
    }
    // Linting and scoring are per file and pure: they run on all cores, each result in its
    // file's slot, so the output does not depend on the scheduling.
    let policy_refs: Vec<&Policy> = policies.iter().map(|p| p.as_ref()).collect();
    let indices: Vec<usize> = (0..files.len()).collect();
    // The findings of each file alone (before positions).
    let mut diags: Vec<Vec<seaworthy::Diagnostic>> = par_map(&indices, |&i| {
        let path = &scoped_paths[i];
        seaworthy::report::lint_source_in(
            &files[i].content,
            seaworthy::detect_kind(path),
            policy_refs[i],
            path,
            contexts[i].as_ref(),
        )
    });
    // Compose files checked as a project get the project's findings instead.
    let project = compose_projects(&files, &policies);
    // For those, the findings alone are kept when they were linted at the same path.
    let mut own: Vec<Option<Vec<seaworthy::Diagnostic>>> = vec![None; files.len()];
    for (i, (d, found)) in diags.iter_mut().zip(&project).enumerate() {
        if let Some(found) = found {
            let alone = std::mem::replace(d, found.clone());
            if scoped_paths[i] == files[i].path {
                own[i] = Some(alone);
            }
        }
    }
    let mut reports: Vec<seaworthy::report::FileReport> = par_map(&indices, |&i| {
        let file = &files[i];
        let policy = policy_refs[i];
        if project[i].is_some() {
            // The file's own findings seed the fix engine when they were linted at this path.
            return match &own[i] {
                Some(own) => {
                    seaworthy::report::report_file_seeded(file, diags[i].clone(), own.clone(), &options, policy)
                }
                None => seaworthy::report::report_file_from(file, diags[i].clone(), &options, policy),
            };
        }
        // Per-path overrides see the path relative to the policy file's directory.
        let scoped = SourceFile { path: scoped_paths[i].clone(), content: file.content.clone(), kind: None };
        let mut fr =
            seaworthy::report::report_file_own_in(&scoped, diags[i].clone(), &options, policy, contexts[i].as_ref());
        if fr.path != file.path {
            fr.path = file.path.clone();
            for d in &mut fr.diagnostics {
                d.path = file.path.clone();
            }
        }
        fr
    });
    if files.iter().any(|f| seaworthy::detect_kind(&f.path) == Some(seaworthy::FileKind::Compose)) && files.len() > 1 {
        let default = Policy::default();
        let policy_of = |i: usize| -> &Policy { policies.get(i).map_or(&default, |p| p.as_ref()) };
        seaworthy::report::include_built_dockerfiles_in(&files, &diags, &mut reports, &options, &policy_of, &contexts);
    }
    let policy = first_policy.unwrap_or_else(|| std::rc::Rc::new(Policy::default()));
    let mut report = seaworthy::report::assemble(reports, &options, &policy);
    // The verdict: CLI flags win over each file's policy.
    let threshold_of = |path: &str| {
        args.input
            .fail_on
            .map(|f| f.threshold())
            .unwrap_or_else(|| thresholds.iter().find(|(p, _)| p == path).map_or(policy.failure_threshold, |(_, t)| *t))
    };
    let failing_findings = report
        .files
        .iter()
        .flat_map(|f| f.diagnostics.iter().map(move |d| (f.path.as_str(), d.severity)))
        .filter(|(p, s)| threshold_of(p).fails(*s))
        .count();
    let min_score = args.min_score.or(policy.min_score);
    let below_min_score = min_score.is_some_and(|m| report.summary.score < m);
    report.verdict = Verdict { passed: failing_findings == 0 && !below_min_score, failing_findings, below_min_score };
    if let Some(t) = args.input.fail_on {
        report.policy.failure_threshold = t.threshold();
    }
    report.policy.min_score = min_score;
    let out = match args.format {
        CheckFormat::Json => match serde_json::to_string_pretty(&report) {
            Ok(s) => s + "\n",
            Err(e) => {
                report_failure(&crate::Failure::new(format!("cannot serialize the report: {e}")));
                return Exit::Error;
            }
        },
        CheckFormat::Text => {
            let mut t = text(&report, &files, &Style::detect());
            if !used.is_empty() {
                t.push_str(&format!("policy: {}\n", used.join("; ")));
            }
            t
        }
        other => match formats::render(other, &report, &files) {
            Ok(s) => s,
            Err(e) => {
                report_failure(&crate::Failure::new(format!("cannot serialize the report: {e}")));
                return Exit::Error;
            }
        },
    };
    if crate::print_stdout(&out) == Exit::Error {
        return Exit::Error;
    }
    if io_error {
        return Exit::Error;
    }
    if let (true, Some(m)) = (below_min_score, min_score) {
        crate::stderr_line(&format!(
            "seaworthy: the overall score {} is below the minimum score {m}{}",
            report.summary.score,
            if args.min_score.is_some() { " (--min-score)" } else { " (the policy's min-score)" }
        ));
    }
    if report.verdict.passed {
        Exit::Clean
    } else {
        Exit::Findings
    }
}

/// Compose files checked together with other files are linted as one project (as the library's
/// `lint_with` does): overrides and included files share their names, and the cross-file rules
/// see the Dockerfiles the services build. Each compose file keeps its own policy. Returns the
/// project findings of each file of `files` that gets them.
fn compose_projects(files: &[SourceFile], policies: &[std::rc::Rc<Policy>]) -> Vec<Option<Vec<seaworthy::Diagnostic>>> {
    let mut out: Vec<Option<Vec<seaworthy::Diagnostic>>> = vec![None; files.len()];
    let is_compose = |f: &SourceFile| seaworthy::detect_kind(&f.path) == Some(seaworthy::FileKind::Compose);
    if files.len() < 2 || !files.iter().any(is_compose) {
        return out;
    }
    let mut done: Vec<*const Policy> = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let Some(policy) = policies.get(i) else { continue };
        if !is_compose(f) || done.contains(&std::rc::Rc::as_ptr(policy)) {
            continue;
        }
        done.push(std::rc::Rc::as_ptr(policy));
        let project = seaworthy::project::lint_projects_policy(files, policy);
        for (j, g) in files.iter().enumerate() {
            let same_policy = policies.get(j).is_some_and(|p| std::rc::Rc::ptr_eq(p, policy));
            if !is_compose(g) || !same_policy {
                continue;
            }
            if let (Some(k), Some(slot)) = (project.iter().position(|(p, _)| *p == g.path), out.get_mut(j)) {
                *slot = Some(project[k].1.clone());
            }
        }
    }
    out
}

/// `f` over `items` on up to all cores (scoped threads taking the next item as they finish,
/// the calling thread among them), results in the order of `items`. Where threads are not
/// available (WASI builds, or a spawn fails) the calling thread does all the work.
fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = if cfg!(target_family = "wasm") {
        1
    } else {
        std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len())
    };
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || {
        let mut mine = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            mine.push((i, f(item)));
        }
        mine
    };
    let mut done: Vec<(usize, R)> = std::thread::scope(|s| {
        let helpers: Vec<_> =
            (1..threads).filter_map(|_| std::thread::Builder::new().spawn_scoped(s, work).ok()).collect();
        let mut all = work();
        for h in helpers {
            all.extend(h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        }
        all
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

fn text(report: &seaworthy::Report, files: &[SourceFile], st: &Style) -> String {
    let sources: HashMap<&str, &str> = files.iter().map(|f| (f.path.as_str(), f.content.as_str())).collect();
    let mut out = String::new();
    for f in &report.files {
        let src = sources.get(f.path.as_str()).copied().unwrap_or("");
        let idx = LineIndex::new(src);
        for d in &f.diagnostics {
            out.push_str(&render::diagnostic(d, src, &idx, st));
            out.push('\n');
        }
    }
    for f in &report.files {
        out.push_str(&render::file_summary(f, st));
        out.push('\n');
    }
    let safe = report
        .files
        .iter()
        .flat_map(|f| &f.diagnostics)
        .filter(|d| d.fix.as_ref().is_some_and(|x| x.applicability == Applicability::Safe))
        .count();
    out.push_str(&render::total(&report.summary, safe, st));
    out.push('\n');
    out
}

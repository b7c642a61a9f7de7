//! `seaworthy check`.

use crate::cli::{CheckArgs, CheckFormat};
use crate::input::{collect_targets, load};
use crate::style::Style;
use crate::{formats, render, report_failure, Exit};
use seaworthy::{Applicability, LineIndex, LintOptions, SourceFile};
use std::collections::HashMap;

pub fn run(args: &CheckArgs) -> Exit {
    let (targets, failures) = collect_targets(&args.input.paths, &args.input.stdin_filename);
    let mut io_error = !failures.is_empty();
    failures.iter().for_each(report_failure);
    let mut files = Vec::new();
    for t in &targets {
        match load(t) {
            Ok(l) => {
                if let Some(w) = l.utf8_warning() {
                    crate::stderr_line(&w);
                }
                files.push(SourceFile { path: l.target.display, content: l.text });
            }
            Err(f) => {
                report_failure(&f);
                io_error = true;
            }
        }
    }
    let report = seaworthy::lint(&files, &LintOptions::default());
    let out = match args.format {
        CheckFormat::Json => match serde_json::to_string_pretty(&report) {
            Ok(s) => s + "\n",
            Err(e) => {
                report_failure(&crate::Failure::new(format!("cannot serialize the report: {e}")));
                return Exit::Error;
            }
        },
        CheckFormat::Text => text(&report, &files, &Style::detect()),
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
    let failing = report.files.iter().flat_map(|f| &f.diagnostics).any(|d| args.input.fail_on.fails(d.severity));
    let below_min = args.min_score.is_some_and(|min| report.summary.score < min);
    if failing || below_min {
        Exit::Findings
    } else {
        Exit::Clean
    }
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

//! `seaworthy fix`: applies fixes in place (atomically), to stdout, or as a diff.

use crate::cli::FixArgs;
use crate::input::{collect_targets, io_reason, load, Loaded, Origin};
use crate::render::{counts, plural};
use crate::{report_failure, Exit, Failure};
use seaworthy::fix::{SkipReason, SkippedFix};
use seaworthy::{Applicability, Severity};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

pub fn run(args: &FixArgs) -> Exit {
    let (targets, failures) = collect_targets(&args.input.paths, &args.input.stdin_filename);
    let mut io_error = !failures.is_empty();
    failures.iter().for_each(report_failure);
    // When stdout carries file contents (stdin mode or a diff), status lines go to stderr.
    let content_on_stdout = args.diff || targets.iter().any(|t| t.origin == Origin::Stdin);
    let mut status = Status { to_stderr: content_on_stdout, broken_pipe: false };
    let mut failing = false;
    let mut resolver = match crate::policycmd::Resolver::new(&args.input.select) {
        Ok(r) => r,
        Err(f) => {
            report_failure(&f);
            return Exit::Error;
        }
    };
    for t in &targets {
        let policy = match resolver.for_target(t) {
            Ok(p) => p,
            Err(f) => {
                report_failure(&f);
                return Exit::Error;
            }
        };
        let loaded = match load(t) {
            Ok(l) => l,
            Err(f) => {
                report_failure(&f);
                io_error = true;
                continue;
            }
        };
        match fix_one(&loaded, args, &policy, &mut status) {
            Ok(fails) => failing |= fails,
            Err(f) => {
                report_failure(&f);
                io_error = true;
            }
        }
    }
    if io_error || status.broken_pipe {
        Exit::Error
    } else if failing {
        Exit::Findings
    } else {
        Exit::Clean
    }
}

struct Status {
    to_stderr: bool,
    broken_pipe: bool,
}

impl Status {
    fn line(&mut self, s: &str) {
        if self.to_stderr {
            crate::stderr_line(s);
        } else {
            self.out(&format!("{s}\n"));
        }
    }
    fn out(&mut self, s: &str) {
        let mut stdout = std::io::stdout().lock();
        if stdout.write_all(s.as_bytes()).and_then(|_| stdout.flush()).is_err() {
            self.broken_pipe = true;
        }
    }
}

/// Fixes one loaded input; returns whether findings at or above `--fail-on` remain.
fn fix_one(
    l: &Loaded,
    args: &FixArgs,
    policy: &crate::policycmd::Loaded,
    status: &mut Status,
) -> Result<bool, Failure> {
    let scoped = policy.path_for(&l.target);
    let path = &l.target.display;
    if let Some(at) = l.bad_utf8_at {
        return Err(Failure::new(format!(
            "{path}: file is not valid UTF-8 (first bad byte at offset {at}); refusing to fix it"
        )));
    }
    let kind = seaworthy::detect_kind(path);
    let outcome = seaworthy::report::fix_source_with(&l.text, kind, args.unsafe_fixes, &policy.policy, &scoped);
    let changed = outcome.output != l.text;
    if changed && introduced_bare_lf(&l.text, &outcome.output) {
        crate::stderr_line(&format!(
            "{path}: warning: a fix inserted LF line endings into a CRLF file (a bug in the rule)"
        ));
    }
    if args.diff {
        if changed {
            let diff = similar::TextDiff::from_lines(&l.text, &outcome.output);
            let text = diff.unified_diff().header(path, path).to_string();
            status.out(&text);
        }
    } else {
        match &l.target.origin {
            Origin::Stdin => status.out(&outcome.output),
            Origin::File(p) if changed => write_atomic(p, outcome.output.as_bytes())
                .map_err(|e| Failure::new(format!("{path}: cannot write: {}", io_reason(&e))))?,
            Origin::File(_) => {}
        }
    }
    if !outcome.applied.is_empty() {
        let ids: BTreeSet<&str> = outcome.applied.iter().map(|a| a.rule.as_str()).collect();
        let verb = if args.diff { "would fix" } else { "fixed" };
        let n = plural(outcome.applied.len(), "fix");
        status.line(&format!("{verb} {path}: {n} ({})", ids.into_iter().collect::<Vec<_>>().join(", ")));
    }
    report_skipped(path, &outcome.skipped, status);
    let remaining = seaworthy::report::lint_source_with(&outcome.output, kind, &policy.policy, &scoped);
    if !remaining.is_empty() {
        let c = |s: Severity| remaining.iter().filter(|d| d.severity == s).count();
        let what = counts(c(Severity::Error), c(Severity::Warning), c(Severity::Info), c(Severity::Style));
        status.line(&format!("{path}: {what} remaining (see `seaworthy check`)"));
    }
    let threshold = args.input.fail_on.map_or(policy.policy.failure_threshold, |f| f.threshold());
    Ok(remaining.iter().any(|d| threshold.fails(d.severity)))
}

fn report_skipped(path: &str, skipped: &[SkippedFix], status: &mut Status) {
    let group = |pred: &dyn Fn(&SkippedFix) -> bool| -> (usize, String) {
        let hits: Vec<&SkippedFix> = skipped.iter().filter(|s| pred(s)).collect();
        let ids: BTreeSet<&str> = hits.iter().map(|s| s.rule.as_str()).collect();
        (hits.len(), ids.into_iter().collect::<Vec<_>>().join(", "))
    };
    let (n, ids) = group(&|s| s.reason == SkipReason::NotAllowed && s.applicability == Applicability::Unsafe);
    if n > 0 {
        status.line(&format!("skipped {path}: {} ({ids}); rerun with --unsafe to apply", plural(n, "unsafe fix")));
    }
    let (n, ids) = group(&|s| s.applicability == Applicability::DisplayOnly);
    if n > 0 {
        status.line(&format!("skipped {path}: {} ({ids}) to apply by hand", plural(n, "suggestion")));
    }
    let (n, ids) = group(&|s| s.reason != SkipReason::NotAllowed && s.applicability != Applicability::DisplayOnly);
    if n > 0 {
        status.line(&format!("skipped {path}: {} ({ids}) that could not be applied", plural(n, "fix")));
    }
}

/// Whether `after` has a bare `\n` although `before` used CRLF line endings throughout.
fn introduced_bare_lf(before: &str, after: &str) -> bool {
    let bare = |s: &str| {
        s.bytes().enumerate().filter(|&(i, b)| b == b'\n' && (i == 0 || s.as_bytes()[i - 1] != b'\r')).count()
    };
    before.contains("\r\n") && bare(before) == 0 && bare(after) > 0
}

/// Replaces the file at `path` with `bytes` atomically: a temporary file in the same
/// directory gets the original's permissions (and, on Unix, owner when allowed), is
/// synced, then renamed over the original. Symlinks are followed, so the link stays.
///
/// Under WASI (`npx seaworthy`) there are no permissions nor `realpath`: the JS launcher keeps
/// the mode across the rename (see npm/bin/seaworthy.js), and a symlink is replaced by the file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    #[cfg(not(target_os = "wasi"))]
    let target = std::fs::canonicalize(path)?;
    #[cfg(target_os = "wasi")]
    let target = path.to_path_buf();
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new().prefix(".seaworthy-").suffix(".tmp").tempfile_in(dir)?;
    #[cfg(not(target_os = "wasi"))]
    tmp.as_file().set_permissions(std::fs::metadata(&target)?.permissions())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(&target)?;
        // Best effort: only root (or the owner, for the group) may change these.
        let _ = std::os::unix::fs::fchown(tmp.as_file(), Some(meta.uid()), Some(meta.gid()));
    }
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(&target).map_err(|e| e.error)?;
    #[cfg(unix)]
    {
        // Make the rename durable; failure here does not undo the write.
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_lf_inserted_into_crlf() {
        assert!(introduced_bare_lf("a\r\nb\r\n", "a\r\nx\nb\r\n"));
        assert!(!introduced_bare_lf("a\r\nb\r\n", "a\r\nb\r\n"));
        assert!(!introduced_bare_lf("a\nb\n", "a\nx\nb\n"));
        assert!(!introduced_bare_lf("a\r\nb\n", "a\nb\n"));
    }
}

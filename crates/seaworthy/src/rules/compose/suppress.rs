//! Suppression comments in compose files:
//! - `# seaworthy-ignore=RULE[,RULE] reason` on its own line suppresses the rules on the next
//!   key and everything nested under it (the lines indented deeper than that key);
//! - `# seaworthy-ignore-file=RULE[,RULE] reason` anywhere suppresses them in the whole file.
//!
//! Rules are named by id (`SWC101`) or name (`privileged-service`). Only whole-line comments
//! count, so a `#` inside a value is never read as a suppression. A suppression without a
//! reason is reported (`compose-suppression-without-reason`), and so is one that suppresses
//! nothing or names an unknown rule (`unused-compose-suppression`).

use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::rules::{RuleMeta, Sink};
use crate::span::Span;
use crate::yaml::IssueCode;

struct Entry {
    rules: Vec<String>,
    /// `None` for the whole file.
    scope: Option<Span>,
    /// The comment, and its whole line (with the line ending) for the removal fix.
    comment: Span,
    line: Span,
    reason: String,
    used: Vec<bool>,
}

/// The compose rule (single-file, cross-file or merged-view) a suppression key names, if any.
fn resolve(key: &str) -> Option<&'static RuleMeta> {
    super::ALL
        .iter()
        .map(|r| &r.meta)
        .chain(super::CROSS.iter().map(|r| &r.meta))
        .chain(super::MERGED.iter().map(|r| &r.meta))
        .find(|m| m.id.eq_ignore_ascii_case(key) || m.name.eq_ignore_ascii_case(key))
}

fn matches_rule(key: &str, d: &Diagnostic) -> bool {
    key.eq_ignore_ascii_case(&d.rule_id) || key.eq_ignore_ascii_case(&d.rule_name) || key.eq_ignore_ascii_case("all")
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn collect(src: &str) -> Vec<Entry> {
    let lines: Vec<(usize, &str)> = {
        let mut v = Vec::new();
        let mut pos = 0;
        for l in src.split_inclusive('\n') {
            v.push((pos, l));
            pos += l.len();
        }
        v
    };
    let mut out = Vec::new();
    for (i, &(line_start, line_text)) in lines.iter().enumerate() {
        let t = line_text.trim();
        let Some(body) = t.strip_prefix('#') else { continue };
        let body = body.trim_start();
        let lower = body.to_ascii_lowercase();
        let (file, rest) = if lower.starts_with("seaworthy-ignore-file") {
            (true, &body["seaworthy-ignore-file".len()..])
        } else if lower.starts_with("seaworthy-ignore") {
            (false, &body["seaworthy-ignore".len()..])
        } else {
            continue;
        };
        let rest = rest.trim_start().strip_prefix(['=', ':']).unwrap_or(rest).trim_start();
        let list = rest.split(char::is_whitespace).next().unwrap_or("");
        let reason = rest[list.len()..].trim().trim_start_matches(['-', ':', '#']).trim().to_string();
        let rules: Vec<String> = list.split(',').map(str::trim).filter(|k| !k.is_empty()).map(str::to_string).collect();
        if rules.is_empty() {
            continue;
        }
        let hash = line_start + line_text.find('#').unwrap_or(0);
        let comment = Span::new(hash, line_start + line_text.trim_end().len());
        let line = Span::new(line_start, line_start + line_text.len());
        let used = vec![false; rules.len()];
        if file {
            out.push(Entry { rules, scope: None, comment, line, reason, used });
            continue;
        }
        // the next content line, and the lines nested under it
        let Some(k) = (i + 1..lines.len()).find(|&k| {
            let t = lines[k].1.trim();
            !t.is_empty() && !t.starts_with('#')
        }) else {
            continue;
        };
        let (start, first) = lines[k];
        let ind = indent(first);
        let mut end = start + first.len();
        for (pos, l) in &lines[k + 1..] {
            let t = l.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            let li = indent(l);
            // deeper lines, and `- item` lines at the same indent under a key (`key:\n- a`)
            if li > ind || (li == ind && t.starts_with("- ") && !first.trim_start().starts_with("- ")) {
                end = pos + l.len();
            } else {
                break;
            }
        }
        out.push(Entry { rules, scope: Some(Span::new(start, end)), comment, line, reason, used });
    }
    out
}

/// Drops the diagnostics a suppression comment covers. With `select`, also reports
/// suppressions without a reason and suppressions that suppress nothing (among the rules
/// `select` ran) or name unknown rules.
pub fn apply(src: &str, diags: Vec<Diagnostic>, select: Option<&dyn Fn(&RuleMeta) -> bool>) -> Vec<Diagnostic> {
    apply_in(src, None, diags, select)
}

/// [`apply`] knowing the parsed document: a `# seaworthy-ignore` line inside a block scalar
/// (`run: |`) is text of that value, not a comment, and is neither obeyed nor reported.
pub fn apply_in(
    src: &str,
    doc: Option<&crate::yaml::Document>,
    diags: Vec<Diagnostic>,
    select: Option<&dyn Fn(&RuleMeta) -> bool>,
) -> Vec<Diagnostic> {
    if !src.contains("seaworthy-ignore") {
        return diags;
    }
    let mut entries = collect(src);
    if let Some(doc) = doc {
        // A comment inside a scalar (a block scalar's text) is not a suppression. Scalar spans
        // sorted by start, with the largest end so far: the comment at `c` is inside one iff
        // the largest end among the spans starting at or before `c` lies after `c` (one sort
        // and a binary search per comment, instead of a scan of every node per comment).
        let mut spans: Vec<(usize, usize)> = doc
            .nodes
            .iter()
            .filter(|n| matches!(n.kind, crate::yaml::Kind::Scalar(_)))
            .map(|n| (n.span.start, n.span.end))
            .collect();
        crate::sort::sort_by_key(&mut spans, |s| s.0);
        let mut max_end = 0;
        for s in &mut spans {
            max_end = max_end.max(s.1);
            s.1 = max_end;
        }
        entries.retain(|e| {
            let c = e.comment.start;
            let n = spans.partition_point(|s| s.0 <= c);
            !(n > 0 && c < spans[n - 1].1)
        });
    }
    // Which suppressions cover each finding: a sweep over the findings by position, with the
    // scoped suppressions entering when their scope starts and leaving when it ends (linear
    // for the usual nested or disjoint scopes, where a scan of every suppression per finding
    // was quadratic). File-level suppressions cover every finding.
    let file_level: Vec<usize> = (0..entries.len()).filter(|&i| entries[i].scope.is_none()).collect();
    let mut scoped: Vec<(usize, usize, usize)> =
        entries.iter().enumerate().filter_map(|(i, e)| e.scope.map(|s| (s.start, s.end.max(s.start + 1), i))).collect();
    crate::sort::sort_by_key(&mut scoped, |s| s.0);
    let mut by_pos: Vec<usize> = (0..diags.len()).collect();
    crate::sort::sort_by_key(&mut by_pos, |&i| diags[i].span.start);
    let mut hit = vec![false; diags.len()];
    let mut active: Vec<(usize, usize)> = Vec::new();
    let mut next = 0;
    for &di in &by_pos {
        let d = &diags[di];
        let at = d.span.start;
        while next < scoped.len() && scoped[next].0 <= at {
            active.push((scoped[next].1, scoped[next].2));
            next += 1;
        }
        active.retain(|&(end, _)| at < end);
        for ei in file_level.iter().copied().chain(active.iter().map(|&(_, i)| i)) {
            let e = &mut entries[ei];
            for (k, key) in e.rules.iter().enumerate() {
                if matches_rule(key, d) {
                    e.used[k] = true;
                    hit[di] = true;
                }
            }
        }
    }
    let mut kept: Vec<Diagnostic> = Vec::with_capacity(diags.len());
    kept.extend(diags.into_iter().zip(hit).filter(|(_, h)| !h).map(|(d, _)| d));
    let Some(select) = select else { return kept };
    // In a file YAML cannot read to the end, a comment line can be what ends a plain scalar
    // (`a: b` / `# c` / `  d`): without it the next line continues the scalar and the file
    // reads differently. The removal is offered only when the whole file parses.
    let removable = doc.is_some_and(|d| !d.issues.iter().any(|i| matches!(i.code, IssueCode::Syntax | IssueCode::Tab)));
    for e in &entries {
        if e.reason.is_empty() && select(&super::compose_suppression_without_reason::RULE.meta) {
            let mut sink = Sink::new(&super::compose_suppression_without_reason::RULE.meta);
            sink.report(
                e.comment,
                "Suppression without a reason",
                "Say why the finding does not apply after the rule list: `# seaworthy-ignore=RULE because ...`.",
                None,
            );
            kept.extend(sink.out);
        }
        if !select(&super::unused_compose_suppression::RULE.meta) {
            continue;
        }
        let mut findings = Vec::new();
        for (k, key) in e.rules.iter().enumerate() {
            if key.eq_ignore_ascii_case("all") {
                if !e.used[k] {
                    findings.push(format!("Suppression of `{key}` suppresses nothing"));
                }
                continue;
            }
            match resolve(key) {
                None => findings.push(format!("Suppression names `{key}`, which is not a compose rule id or name")),
                // rules that did not run, and cross-file and merged-view rules (they run later),
                // cannot be judged
                Some(m) if !e.used[k] && select(m) && !m.id.starts_with("SWC6") && !m.id.starts_with("SWC7") => {
                    findings.push(format!("Suppression of `{}` suppresses nothing", m.id));
                }
                _ => {}
            }
        }
        let all_unused = findings.len() == e.rules.len();
        for msg in findings {
            let fix = (all_unused && removable)
                .then(|| Fix::safe("Remove the unused suppression", vec![Edit::delete(e.line)]));
            let mut sink = Sink::new(&super::unused_compose_suppression::RULE.meta);
            sink.report(
                e.comment,
                msg,
                "Remove it (or the rule from its list): the finding it was written for is gone.",
                fix,
            );
            kept.extend(sink.out);
        }
    }
    crate::sort::sort_by(&mut kept, |a, b| {
        (a.span.start, a.span.end, &a.rule_id).cmp(&(b.span.start, b.span.end, &b.rule_id))
    });
    kept
}

#[cfg(test)]
mod tests {
    use crate::rules::compose::lint_compose;

    #[test]
    fn line_and_file_suppressions() {
        let base = "services:\n  web:\n    image: nginx:1.27\n    privileged: true\n";
        assert!(lint_compose(base).iter().any(|d| d.rule_id == "SWC101"));
        let s = "services:\n  web:\n    image: nginx:1.27\n    # seaworthy-ignore=SWC101 needs raw devices\n    privileged: true\n";
        assert!(!lint_compose(s).iter().any(|d| d.rule_id == "SWC101"));
        let s = "# seaworthy-ignore-file=privileged-service lab only\nservices:\n  web:\n    image: nginx:1.27\n    privileged: true\n";
        assert!(!lint_compose(s).iter().any(|d| d.rule_id == "SWC101"));
        // a suppression above the service covers the whole service
        let s = "services:\n  # seaworthy-ignore=SWC101 lab\n  web:\n    image: nginx:1.27\n    privileged: true\n  db:\n    image: postgres:16\n    privileged: true\n";
        assert_eq!(lint_compose(s).iter().filter(|d| d.rule_id == "SWC101").count(), 1);
    }
}

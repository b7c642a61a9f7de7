//! Suppression comments in compose files:
//! - `# seaworthy-ignore=RULE[,RULE] reason` on its own line suppresses the rules on the next
//!   key and everything nested under it (the lines indented deeper than that key);
//! - `# seaworthy-ignore-file=RULE[,RULE] reason` anywhere suppresses them in the whole file.
//!
//! Rules are named by id (`SWC101`) or name (`privileged-service`). Only whole-line comments
//! count, so a `#` inside a value is never read as a suppression.

use crate::diagnostic::Diagnostic;
use crate::span::Span;

struct Entry {
    rules: Vec<String>,
    /// `None` for the whole file.
    scope: Option<Span>,
}

fn matches_rule(key: &str, d: &Diagnostic) -> bool {
    key.eq_ignore_ascii_case(d.rule_id) || key.eq_ignore_ascii_case(d.rule_name) || key.eq_ignore_ascii_case("all")
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
    for (i, (_, line)) in lines.iter().enumerate() {
        let t = line.trim();
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
        let rules: Vec<String> = list.split(',').map(str::trim).filter(|k| !k.is_empty()).map(str::to_string).collect();
        if rules.is_empty() {
            continue;
        }
        if file {
            out.push(Entry { rules, scope: None });
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
        out.push(Entry { rules, scope: Some(Span::new(start, end)) });
    }
    out
}

/// Drops the diagnostics a suppression comment covers.
pub fn apply(src: &str, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if !src.contains("seaworthy-ignore") {
        return diags;
    }
    let entries = collect(src);
    diags
        .into_iter()
        .filter(|d| {
            !entries.iter().any(|e| {
                e.rules.iter().any(|k| matches_rule(k, d))
                    && e.scope.is_none_or(|s| s.start <= d.span.start && d.span.start < s.end.max(s.start + 1))
            })
        })
        .collect()
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

//! `seaworthy rules` and `seaworthy explain`.

use crate::cli::{ExplainArgs, Format, RulesArgs};
use crate::{report_failure, Exit, Failure};
use seaworthy::rules::{all_rules, find_rule, FixKind, RuleMeta};
use serde::Serialize;
use std::fmt::Write as _;

/// A rule as listed by `rules --format json`.
#[derive(Serialize)]
struct RuleEntry<'a> {
    #[serde(flatten)]
    meta: &'a RuleMeta,
    has_fix: bool,
    url: String,
}

pub fn fix_label(f: FixKind) -> &'static str {
    match f {
        FixKind::None => "none",
        FixKind::Sometimes => "sometimes",
        FixKind::Always => "always",
    }
}

pub fn rules(args: &RulesArgs) -> Exit {
    let all = all_rules();
    let out = match args.format {
        Format::Json => {
            let entries: Vec<RuleEntry<'_>> = all
                .iter()
                .map(|m| RuleEntry {
                    meta: m,
                    has_fix: m.fix != FixKind::None,
                    url: seaworthy::report::docs_url(m.name),
                })
                .collect();
            match serde_json::to_string_pretty(&entries) {
                Ok(s) => s + "\n",
                Err(e) => {
                    report_failure(&Failure::new(format!("cannot serialize the rules: {e}")));
                    return Exit::Error;
                }
            }
        }
        Format::Text => table(&all),
    };
    crate::print_stdout(&out)
}

fn table(all: &[&RuleMeta]) -> String {
    let header = ["ID", "NAME", "SEVERITY", "CATEGORY", "FIX", "SUMMARY"];
    let rows: Vec<[String; 6]> = all
        .iter()
        .map(|m| {
            [
                m.id.to_string(),
                m.name.to_string(),
                m.severity.as_str().to_string(),
                m.category.as_str().to_string(),
                if m.fix == FixKind::None { "no" } else { "yes" }.to_string(),
                m.summary.to_string(),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r.iter()) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: [&str; 6]| {
        let mut l = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                l.push_str(c);
            } else {
                let _ = write!(l, "{c:<w$}  ", w = widths[i]);
            }
        }
        out.push_str(l.trim_end());
        out.push('\n');
    };
    line(header);
    for r in &rows {
        line([&r[0], &r[1], &r[2], &r[3], &r[4], &r[5]]);
    }
    let _ = writeln!(out, "\n{} rules; `seaworthy explain RULE` shows a rule's documentation.", rows.len());
    out
}

pub fn explain(args: &ExplainArgs) -> Exit {
    let key = args.rule.trim();
    let Some(m) = find_rule(key) else {
        if let Some(out) = explain_custom(args, key) {
            return crate::print_stdout(&out);
        }
        let mut msg = format!("unknown rule `{key}`");
        match suggest(key) {
            Some(s) => {
                let _ = write!(msg, "; did you mean `{s}`?");
            }
            None => msg.push_str("; `seaworthy rules` lists them"),
        }
        report_failure(&Failure::new(msg));
        return Exit::Error;
    };
    let mut out = String::new();
    let _ = writeln!(out, "# {} {}\n", m.id, m.name);
    let _ = writeln!(out, "{}\n", m.summary);
    let _ = writeln!(out, "- Severity: {}", m.severity.as_str());
    let _ = writeln!(out, "- Category: {}", m.category.as_str());
    let _ = writeln!(out, "- Fix: {}", fix_label(m.fix));
    let eq = if m.equivalents.is_empty() { "none".to_string() } else { m.equivalents.join(", ") };
    let _ = writeln!(out, "- Equivalents: {eq}");
    let _ = writeln!(out, "- Docs: {}\n", seaworthy::report::docs_url(m.name));
    out.push_str(m.docs.trim_end());
    out.push('\n');
    crate::print_stdout(&out)
}

/// The documentation of a custom rule of the policy in force (`--config`, `--policy`, or the
/// `.seaworthy.toml` found from the current directory upwards).
fn explain_custom(args: &ExplainArgs, key: &str) -> Option<String> {
    let mut resolver = crate::policycmd::Resolver::new(&args.select).ok()?;
    let here = crate::input::Target { display: "-".into(), origin: crate::input::Origin::Stdin };
    let loaded = resolver.for_target(&here).ok()?;
    let c = loaded.policy.custom_rule(key)?;
    let mut out = String::new();
    let _ = writeln!(out, "# {} {}\n", c.id, c.name);
    let _ = writeln!(out, "{}\n", c.message);
    let _ = writeln!(out, "- Severity: {}", c.severity.as_str());
    let _ = writeln!(out, "- Category: {}", c.category.as_str());
    let _ = writeln!(out, "- Fix: none");
    let _ = writeln!(out, "- Custom rule ({}) of the policy `{}`", c.check.kind(), loaded.policy.label());
    let _ = writeln!(out, "- Docs: {}\n", c.docs_url());
    out.push_str(c.docs().trim_end());
    out.push('\n');
    Some(out)
}

/// The closest rule id or name to `key`, if one is close enough.
fn suggest(key: &str) -> Option<String> {
    let key = key.to_ascii_lowercase();
    let mut best: Option<(f64, String)> = None;
    for m in all_rules() {
        for cand in [m.id, m.name] {
            let score = strsim::jaro_winkler(&key, &cand.to_ascii_lowercase());
            if best.as_ref().is_none_or(|(b, _)| score > *b) {
                best = Some((score, cand.to_string()));
            }
        }
    }
    best.filter(|(s, _)| *s >= 0.8).map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(suggest("syntax-eror").as_deref(), Some("syntax-error"));
        assert_eq!(suggest("swd0001").as_deref(), Some("SWD001"));
        assert_eq!(suggest("zzzzzzzzzzzzzzzz"), None);
    }
}

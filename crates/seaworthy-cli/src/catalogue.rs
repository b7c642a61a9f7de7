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
    /// The rule's level under the policy in force (`off` or a severity).
    level: &'static str,
}

/// A custom rule of the policy, listed like a built-in one.
#[derive(Serialize)]
struct CustomEntry<'a> {
    id: &'a str,
    name: &'a str,
    target: &'static str,
    category: seaworthy::Category,
    severity: seaworthy::Severity,
    fix: &'static str,
    summary: &'a str,
    equivalents: [&'a str; 0],
    has_fix: bool,
    url: String,
    level: &'static str,
    custom: bool,
}

/// A row of `rules --format json`.
#[derive(Serialize)]
#[serde(untagged)]
enum Entry<'a> {
    Builtin(RuleEntry<'a>),
    Custom(CustomEntry<'a>),
}

pub fn fix_label(f: FixKind) -> &'static str {
    match f {
        FixKind::None => "none",
        FixKind::Sometimes => "sometimes",
        FixKind::Always => "always",
    }
}

/// One table row: id, name, severity, category, fix, level, summary.
type Row = [String; 7];

pub fn rules(args: &RulesArgs) -> Exit {
    let all = all_rules();
    let loaded = crate::policycmd::Resolver::new(&args.select).and_then(|mut r| {
        r.for_target(&crate::input::Target { display: "-".into(), origin: crate::input::Origin::Stdin })
    });
    let loaded = match loaded {
        Ok(l) => l,
        Err(f) => {
            report_failure(&f);
            return Exit::Error;
        }
    };
    let policy = &loaded.policy;
    let level = |id: &str| policy.rules.get(id).map_or("off", |s| s.level.as_str());
    let out = match args.format {
        Format::Json => {
            let mut entries: Vec<Entry<'_>> = Vec::new();
            for m in &all {
                let e = RuleEntry {
                    meta: m,
                    has_fix: m.fix != FixKind::None,
                    url: seaworthy::report::docs_url(m.name),
                    level: level(m.id),
                };
                entries.push(Entry::Builtin(e));
            }
            for c in &policy.custom_rules {
                let e = CustomEntry {
                    id: &c.id,
                    name: &c.name,
                    target: if c.check.is_compose() { "compose" } else { "dockerfile" },
                    category: c.category,
                    severity: c.severity,
                    fix: "none",
                    summary: &c.message,
                    equivalents: [],
                    has_fix: false,
                    url: c.docs_url(),
                    level: level(&c.id),
                    custom: true,
                };
                entries.push(Entry::Custom(e));
            }
            match serde_json::to_string_pretty(&entries) {
                Ok(s) => s + "\n",
                Err(e) => {
                    report_failure(&Failure::new(format!("cannot serialize the rules: {e}")));
                    return Exit::Error;
                }
            }
        }
        Format::Text => {
            let mut rows: Vec<Row> = all
                .iter()
                .map(|m| {
                    [
                        m.id.to_string(),
                        m.name.to_string(),
                        m.severity.as_str().to_string(),
                        m.category.as_str().to_string(),
                        if m.fix == FixKind::None { "no" } else { "yes" }.to_string(),
                        level(m.id).to_string(),
                        m.summary.to_string(),
                    ]
                })
                .collect();
            for c in &policy.custom_rules {
                rows.push([
                    c.id.clone(),
                    c.name.clone(),
                    c.severity.as_str().to_string(),
                    c.category.as_str().to_string(),
                    "no".to_string(),
                    level(&c.id).to_string(),
                    format!("{} (custom rule)", c.message),
                ]);
            }
            table(&rows, &policy.label())
        }
    };
    crate::print_stdout(&out)
}

fn table(rows: &[Row], policy: &str) -> String {
    let header = ["ID", "NAME", "SEVERITY", "CATEGORY", "FIX", "LEVEL", "SUMMARY"];
    let mut widths = header.map(str::len);
    for r in rows {
        for (w, c) in widths.iter_mut().zip(r.iter()) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: [&str; 7]| {
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
    for r in rows {
        line([&r[0], &r[1], &r[2], &r[3], &r[4], &r[5], &r[6]]);
    }
    let on = rows.iter().filter(|r| r[5] != "off").count();
    let _ = writeln!(
        out,
        "\n{} rules, {on} on in the policy `{policy}` (LEVEL); `seaworthy explain RULE` shows a rule's documentation.",
        rows.len()
    );
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

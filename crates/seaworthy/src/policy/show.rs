//! The effective policy written back as a policy file (`seaworthy policy show`): standalone
//! (`extends = "none"`), every rule listed with where its level comes from.

use super::*;
use crate::rules::find_rule;
use std::fmt::Write as _;

/// A TOML string literal.
pub(crate) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML key: bare when it can be, quoted otherwise.
pub(crate) fn key(s: &str) -> String {
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        s.to_string()
    } else {
        quote(s)
    }
}

fn list(v: &[String]) -> String {
    format!("[{}]", v.iter().map(|s| quote(s)).collect::<Vec<_>>().join(", "))
}

pub(super) fn to_toml(p: &Policy) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# The effective policy `{}`{}.",
        p.label(),
        match &p.extends {
            Some(e) => format!(" (extends {e})"),
            None => String::new(),
        }
    );
    out.push_str("# Standalone: every rule is listed, so this file resolves to the same policy.\n");
    let _ = writeln!(out, "extends = \"none\"\nname = {}", quote(&p.name));
    let _ = writeln!(out, "failure-threshold = {}", quote(p.failure_threshold.as_str()));
    if let Some(m) = p.min_score {
        let _ = writeln!(out, "min-score = {m}");
    }
    out.push_str("\n[rules]\n");
    for (id, st) in &p.rules {
        let what = find_rule(id).map(|m| m.name.to_string()).or_else(|| p.custom_rule(id).map(|c| c.name.clone()));
        let _ = writeln!(
            out,
            "{} = {:<9} # {} ({})",
            key(id),
            quote(st.level.as_str()),
            what.unwrap_or_default(),
            st.source
        );
    }
    let o = &p.options;
    out.push_str("\n[options]\n");
    let _ = writeln!(out, "trusted-registries = {}", list(&o.trusted_registries));
    let _ = writeln!(out, "allowed-base-images = {}", list(&o.allowed_base_images));
    let _ = writeln!(out, "denied-base-images = {}", list(&o.denied_base_images));
    let _ = writeln!(out, "strict-labels = {}", o.strict_labels);
    let labels: Vec<String> =
        o.required_labels.iter().map(|(k, t)| format!("{} = {}", key(k), quote(t.as_str()))).collect();
    let _ = writeln!(out, "required-labels = {{ {} }}", labels.join(", "));
    let c = &o.compose;
    if *c != super::ComposeOptions::EMPTY {
        out.push_str("\n[options.compose]\n");
        for (k, v) in [
            ("trusted-registries", &c.trusted_registries),
            ("allowed-images", &c.allowed_images),
            ("denied-images", &c.denied_images),
            ("restart-policies", &c.restart_policies),
            ("required-labels", &c.required_labels),
            ("allowed-host-ips", &c.allowed_host_ips),
        ] {
            if !v.is_empty() {
                let _ = writeln!(out, "{k} = {}", list(v));
            }
        }
        if let Some(s) = &c.max_log_size {
            let _ = writeln!(out, "max-log-size = {}", quote(s));
        }
        if let Some(n) = c.max_log_files {
            let _ = writeln!(out, "max-log-files = {n}");
        }
    }
    let w = &p.score.weights;
    out.push_str("\n[score]\n");
    let _ = writeln!(
        out,
        "error = {}\nwarning = {}\ninfo = {}\nstyle = {}\ncap = {}",
        w.error, w.warning, w.info, w.style, w.cap
    );
    let cats: Vec<String> = p.score.categories.iter().map(|(c, n)| format!("{} = {n}", c.as_str())).collect();
    let _ = writeln!(out, "categories = {{ {} }}", cats.join(", "));
    for o in &p.overrides {
        out.push_str("\n[[overrides]]\n");
        let _ = writeln!(out, "paths = {}", list(&o.paths));
        let rules: Vec<String> = o.rules.iter().map(|(k, l)| format!("{} = {}", key(k), quote(l.as_str()))).collect();
        let _ = writeln!(out, "rules = {{ {} }}", rules.join(", "));
    }
    for c in &p.custom_rules {
        out.push_str("\n[[custom-rules]]\n");
        let _ = writeln!(out, "id = {}\nname = {}\nkind = {}", quote(&c.id), quote(&c.name), quote(c.check.kind()));
        let _ = writeln!(out, "message = {}", quote(&c.message));
        if !c.help.is_empty() {
            let _ = writeln!(out, "help = {}", quote(&c.help));
        }
        let _ = writeln!(out, "severity = {}\ncategory = {}", quote(c.severity.as_str()), quote(c.category.as_str()));
        if let Some(u) = &c.url {
            let _ = writeln!(out, "url = {}", quote(u));
        }
        if let Some(d) = &c.description {
            let _ = writeln!(out, "description = {}", quote(d));
        }
        match &c.check {
            CustomCheck::RequireLabel { label } | CustomCheck::ForbidLabel { label } => {
                let _ = writeln!(out, "label = {}", quote(label));
            }
            CustomCheck::AllowBaseImages { patterns } | CustomCheck::DenyBaseImages { patterns } => {
                let _ = writeln!(out, "patterns = {}", list(patterns));
            }
            CustomCheck::ForbidInstruction { instruction } => {
                let _ = writeln!(out, "instruction = {}", quote(instruction));
            }
            CustomCheck::ForbidFlag { instruction, flag } => {
                if let Some(i) = instruction {
                    let _ = writeln!(out, "instruction = {}", quote(i));
                }
                let _ = writeln!(out, "flag = {}", quote(flag));
            }
            CustomCheck::ForbidRunCommand { pattern } => {
                let _ = writeln!(out, "pattern = {}", quote(pattern));
            }
            CustomCheck::RequireComposeKey { key: k } | CustomCheck::ForbidComposeKey { key: k } => {
                let _ = writeln!(out, "key = {}", quote(k));
            }
            CustomCheck::RequireComposeValue { key: k, value } | CustomCheck::ForbidComposeValue { key: k, value } => {
                let _ = writeln!(out, "key = {}\nvalue = {}", quote(k), quote(value));
            }
        }
    }
    out
}

//! `--format gitlab`: a GitLab Code Quality report (a JSON array of issues).

use seaworthy::{Report, Severity};
use serde_json::{json, Value};
use std::collections::HashMap;

/// The Code Quality JSON array, pretty-printed.
pub fn render(report: &Report, sources: &HashMap<&str, &str>) -> Result<String, serde_json::Error> {
    let mut seen: HashMap<(String, String, String), usize> = HashMap::new();
    let mut issues: Vec<Value> = Vec::new();
    for d in report.files.iter().flat_map(|f| &f.diagnostics) {
        let src = sources.get(d.path.as_str()).copied().unwrap_or("");
        let line_text = src.lines().nth(d.range.start.line.saturating_sub(1)).unwrap_or("").trim().to_string();
        let key = (d.path.clone(), d.rule.id.clone(), line_text);
        let occurrence = seen.entry(key.clone()).or_insert(0);
        let fp = fingerprint(&key.0, &key.1, &key.2, *occurrence);
        *occurrence += 1;
        issues.push(json!({
            "description": super::message_with_help(&d.message, &d.help),
            "check_name": d.rule.id,
            "fingerprint": fp,
            "severity": severity(d.severity),
            "categories": [category(d.category)],
            "location": {
                "path": d.path,
                "lines": { "begin": d.range.start.line, "end": d.range.end.line },
            },
        }));
    }
    Ok(serde_json::to_string_pretty(&issues)? + "\n")
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "critical",
        Severity::Warning => "major",
        Severity::Info => "minor",
        Severity::Style => "info",
    }
}

/// Code Climate's category names (GitLab accepts and shows them).
fn category(c: seaworthy::Category) -> &'static str {
    use seaworthy::Category as C;
    match c {
        C::Security => "Security",
        C::Reliability => "Bug Risk",
        C::Efficiency => "Performance",
        C::Maintainability => "Clarity",
    }
}

/// A stable fingerprint: hex of a 64-bit FNV-1a hash over the path, rule id, the trimmed text of
/// the finding's first line and the occurrence index among findings with the same three keys.
/// It survives edits elsewhere in the file (line numbers are not hashed).
pub fn fingerprint(path: &str, rule: &str, line_text: &str, occurrence: usize) -> String {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0100_0000_01b3;
    let mut h = OFFSET;
    let occ = occurrence.to_string();
    for part in [path, rule, line_text, occ.as_str()] {
        for b in part.bytes().chain(std::iter::once(0u8)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(PRIME);
        }
    }
    format!("{h:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_reference_and_separates_parts() {
        // FNV-1a 64 of the empty input is the offset basis; of "a" it is af63dc4c8601ec8c.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        h ^= u64::from(b'a');
        h = h.wrapping_mul(0x0100_0000_01b3);
        assert_eq!(format!("{h:016x}"), "af63dc4c8601ec8c");
        assert_eq!(fingerprint("p", "R", "x", 0), fingerprint("p", "R", "x", 0));
        assert_ne!(fingerprint("p", "R", "x", 0), fingerprint("p", "R", "x", 1));
        assert_ne!(fingerprint("pR", "", "x", 0), fingerprint("p", "R", "x", 0));
    }
}

//! `--format github`: GitHub Actions workflow commands, one annotation per finding.

use seaworthy::{Report, Severity};

/// One `::error file=…,line=…::message` line per finding.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for d in report.files.iter().flat_map(|f| &f.diagnostics) {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info | Severity::Style => "notice",
        };
        let (s, e) = (&d.range.start, &d.range.end);
        out.push_str(&format!(
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            escape_property(&d.path),
            s.line,
            s.column,
            e.line,
            e.column,
            escape_property(&format!("{} {}", d.rule.id, d.rule.name)),
            escape_data(&d.message),
        ));
    }
    out
}

/// Escapes a command's message (`%`, CR, LF).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value (as messages, plus `:` and `,`).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_actions_toolkit() {
        assert_eq!(escape_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}

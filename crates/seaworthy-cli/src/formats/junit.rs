//! `--format junit`: JUnit XML, one test case per file and one `<failure>` per finding.

use super::xml_escape;
use seaworthy::Report;

/// The JUnit document. `failures` counts the failing test cases (files with findings).
pub fn render(report: &Report) -> String {
    let tests = report.files.len();
    let failures = report.files.iter().filter(|f| !f.diagnostics.is_empty()).count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!("<testsuites name=\"seaworthy\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">\n"));
    out.push_str(&format!(
        "  <testsuite name=\"seaworthy\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">\n"
    ));
    for f in &report.files {
        let name = xml_escape(&f.path);
        if f.diagnostics.is_empty() {
            out.push_str(&format!("    <testcase name=\"{name}\" classname=\"seaworthy\"/>\n"));
            continue;
        }
        out.push_str(&format!("    <testcase name=\"{name}\" classname=\"seaworthy\">\n"));
        for d in &f.diagnostics {
            let body = format!(
                "{}:{}:{}: {}[{} {}]: {}\n{}",
                d.path,
                d.range.start.line,
                d.range.start.column,
                d.severity.as_str(),
                d.rule.id,
                d.rule.name,
                d.message,
                d.help
            );
            out.push_str(&format!(
                "      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                xml_escape(&d.message),
                xml_escape(&d.rule.id),
                xml_text(&body),
            ));
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// Escapes element content, keeping newlines readable.
fn xml_text(s: &str) -> String {
    xml_escape(s).replace("&#10;", "\n")
}

//! `--format checkstyle`: Checkstyle XML, one `<file>` per checked file.

use super::{message_with_help, severity_word, xml_escape};
use seaworthy::Report;

/// The Checkstyle document.
pub fn render(report: &Report) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n");
    for f in &report.files {
        out.push_str(&format!("  <file name=\"{}\">\n", xml_escape(&f.path)));
        for d in &f.diagnostics {
            out.push_str(&format!(
                "    <error line=\"{}\" column=\"{}\" severity=\"{}\" message=\"{}\" source=\"seaworthy.{}\"/>\n",
                d.range.start.line,
                d.range.start.column,
                severity_word(d.severity),
                xml_escape(&message_with_help(&d.message, &d.help)),
                xml_escape(&d.rule.id),
            ));
        }
        out.push_str("  </file>\n");
    }
    out.push_str("</checkstyle>\n");
    out
}

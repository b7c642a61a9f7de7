//! Machine-readable `check` formats for CI systems, each built from the same [`Report`] that
//! `--format json` prints. Positions are the report's 1-based lines and columns.

mod checkstyle;
mod github;
mod gitlab;
mod junit;
mod sarif;

use crate::cli::CheckFormat;
use seaworthy::{Report, Severity, SourceFile};
use std::collections::HashMap;

/// Renders `report` in `format` (`text` and `json` are handled by the caller).
pub fn render(format: CheckFormat, report: &Report, files: &[SourceFile]) -> Result<String, serde_json::Error> {
    let sources: HashMap<&str, &str> = files.iter().map(|f| (f.path.as_str(), f.content.as_str())).collect();
    Ok(match format {
        CheckFormat::Sarif => sarif::render(report)?,
        CheckFormat::Github => github::render(report),
        CheckFormat::Gitlab => gitlab::render(report, &sources)?,
        CheckFormat::Checkstyle => checkstyle::render(report),
        CheckFormat::Junit => junit::render(report),
        CheckFormat::Text | CheckFormat::Json => String::new(),
    })
}

/// Escapes text for an XML attribute value or element content. Characters XML 1.0 forbids
/// (control characters other than tab, newline and carriage return) become U+FFFD.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The message with its help, as one line of text.
pub fn message_with_help(message: &str, help: &str) -> String {
    if help.is_empty() {
        message.to_string()
    } else {
        format!("{message} — {help}")
    }
}

/// Checkstyle's severity names (also used for JUnit failure text).
pub fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "info",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escape_escapes_markup_and_controls() {
        assert_eq!(xml_escape(r#"a <b@c> & "d" 'e'"#), "a &lt;b@c&gt; &amp; &quot;d&quot; &apos;e&apos;");
        assert_eq!(xml_escape("x\ny\u{1}"), "x&#10;y\u{FFFD}");
        assert_eq!(xml_escape("plain é"), "plain é");
    }

    #[test]
    fn message_with_help_omits_empty_help() {
        assert_eq!(message_with_help("m", ""), "m");
        assert_eq!(message_with_help("m", "h"), "m — h");
    }
}

//! Minimal ANSI styling, on only when stdout is a terminal and `NO_COLOR` is unset.

use seaworthy::Severity;
use std::io::IsTerminal;

#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
}

impl Style {
    /// Colour when stdout is a terminal and `NO_COLOR` is unset or empty.
    pub fn detect() -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style { color: !no_color && std::io::stdout().is_terminal() }
    }

    #[cfg(test)]
    pub fn plain() -> Style {
        Style { color: false }
    }

    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    pub fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }

    /// The gutter and `=` notes.
    pub fn gutter(&self, s: &str) -> String {
        self.paint("1;34", s)
    }

    fn severity_code(sev: Severity) -> &'static str {
        match sev {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
            Severity::Style => "1;35",
        }
    }

    pub fn severity(&self, sev: Severity, s: &str) -> String {
        self.paint(Self::severity_code(sev), s)
    }

    /// A primary underline takes the severity's colour; secondary ones the gutter's.
    pub fn marker(&self, primary: Option<Severity>, s: &str) -> String {
        match primary {
            Some(sev) => self.severity(sev, s),
            None => self.gutter(s),
        }
    }
}

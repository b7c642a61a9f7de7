//! Text output of `check`: rustc-style findings with source snippets, and score summaries.

use crate::style::Style;
use seaworthy::report::{FileReport, ReportDiagnostic, Summary};
use seaworthy::{Applicability, LineIndex, Severity};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Longest stretch of a source line shown, in columns; longer lines are cropped around
/// the annotation.
const MAX_LINE_WIDTH: usize = 120;
/// A multi-line annotation shows at most this many lines at its start and at its end.
const EDGE_LINES: usize = 2;
const TAB_WIDTH: usize = 4;

/// One underlined span.
struct Mark<'a> {
    start: usize,
    end: usize,
    /// `Some(severity)` for the primary span (`^`), `None` for a label (`-`).
    primary: Option<Severity>,
    message: &'a str,
}

/// The underline of one mark on one line, in byte offsets within the line.
struct Segment<'a> {
    start: usize,
    end: usize,
    primary: Option<Severity>,
    /// Shown after the underline on the mark's last line.
    message: Option<&'a str>,
}

/// Renders one finding: header, snippet, help and fix notes.
pub fn diagnostic(d: &ReportDiagnostic, src: &str, idx: &LineIndex<'_>, st: &Style) -> String {
    let mut out = String::new();
    let loc = format!("{}:{}:{}:", d.path, d.range.start.line, d.range.start.column);
    let sev = st.severity(d.severity, d.severity.as_str());
    let rule = st.severity(d.severity, &format!("[{} {}]", d.rule.id, d.rule.name));
    let _ = writeln!(out, "{} {sev}{rule}: {}", st.bold(&loc), st.bold(&d.message));
    let mut marks = vec![Mark { start: d.span.start, end: d.span.end, primary: Some(d.severity), message: "" }];
    marks.extend(d.labels.iter().map(|l| Mark {
        start: l.span.start,
        end: l.span.end,
        primary: None,
        message: l.message.as_str(),
    }));
    out.push_str(&snippet(src, idx, &marks, st));
    if !d.help.is_empty() {
        let _ = writeln!(out, "  {} {}", st.gutter("= help:"), d.help);
    }
    if let Some(fix) = &d.fix {
        let kind = match fix.applicability {
            Applicability::Safe => "= fix (safe):",
            Applicability::Unsafe => "= fix (unsafe):",
            Applicability::DisplayOnly => "= suggestion:",
        };
        let _ = writeln!(out, "  {} {}", st.gutter(kind), fix.title);
    }
    out
}

/// `2 errors, 1 warning`, or `no findings`.
pub fn counts(errors: usize, warnings: usize, infos: usize, styles: usize) -> String {
    let parts: Vec<String> = [(errors, "error"), (warnings, "warning"), (infos, "info"), (styles, "style")]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, w)| plural(n, w))
        .collect();
    if parts.is_empty() {
        "no findings".to_string()
    } else {
        parts.join(", ")
    }
}

pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else if word.ends_with('x') {
        format!("{n} {word}es")
    } else {
        format!("{n} {word}s")
    }
}

fn count_of(f: &FileReport, s: Severity) -> usize {
    f.diagnostics.iter().filter(|d| d.severity == s).count()
}

/// `path: score 72/100 (C) — 2 errors, 1 warning`.
pub fn file_summary(f: &FileReport, st: &Style) -> String {
    let c = counts(
        count_of(f, Severity::Error),
        count_of(f, Severity::Warning),
        count_of(f, Severity::Info),
        count_of(f, Severity::Style),
    );
    let mut line = format!("{}: score {}/100 ({:?}) — {c}", st.bold(&f.path), f.score.value, f.score.grade);
    if let Some(after) = f.score.after_safe_fixes.filter(|a| *a > f.score.value) {
        let _ = write!(line, "; {after}/100 after `seaworthy fix`");
    }
    line
}

/// The closing line over all files.
pub fn total(summary: &Summary, safe_fixable: usize, st: &Style) -> String {
    let c = counts(summary.errors, summary.warnings, summary.infos, summary.styles);
    let mut line = format!(
        "{}: {} checked, score {}/100 ({:?}) — {c}",
        st.bold("total"),
        plural(summary.files, "file"),
        summary.score,
        summary.grade
    );
    if safe_fixable > 0 {
        let _ = write!(line, "; {safe_fixable} fixable with `seaworthy fix`");
    }
    line
}

/// The byte range of 0-based `line`, without its line terminator.
fn line_bounds(src: &str, idx: &LineIndex<'_>, line: usize) -> (usize, usize) {
    let start = idx.line_start(line).min(src.len());
    let mut end = if line + 1 < idx.line_count() { idx.line_start(line + 1).saturating_sub(1) } else { src.len() };
    end = end.max(start);
    let bytes = src.as_bytes();
    if end > start && bytes.get(end - 1) == Some(&b'\r') {
        end -= 1;
    }
    (start, end)
}

fn floor_boundary(src: &str, mut at: usize) -> usize {
    at = at.min(src.len());
    while at > 0 && !src.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Renders the source lines under `marks` with underlines.
fn snippet(src: &str, idx: &LineIndex<'_>, marks: &[Mark<'_>], st: &Style) -> String {
    let mut lines: BTreeMap<usize, Vec<Segment<'_>>> = BTreeMap::new();
    for m in marks {
        let start = floor_boundary(src, m.start);
        let end = floor_boundary(src, m.end).max(start);
        let first = idx.line_of(start);
        let last = if end > start { idx.line_of(end - 1) } else { first };
        let shown: Vec<usize> = if last - first + 1 > 2 * EDGE_LINES {
            (first..first + EDGE_LINES).chain(last + 1 - EDGE_LINES..=last).collect()
        } else {
            (first..=last).collect()
        };
        for li in shown {
            let (ls, le) = line_bounds(src, idx, li);
            let s = if li == first { start.saturating_sub(ls) } else { 0 };
            let e = if li == last { end.saturating_sub(ls) } else { le - ls };
            let len = le - ls;
            let (s, e) = (s.min(len), e.min(len));
            let message = (li == last && !m.message.is_empty()).then_some(m.message);
            lines.entry(li).or_default().push(Segment { start: s, end: e.max(s), primary: m.primary, message });
        }
    }
    let width = lines.keys().next_back().map_or(1, |l| (l + 1).to_string().len());
    let pad = " ".repeat(width);
    let bar = st.gutter("|");
    let mut out = String::new();
    let _ = writeln!(out, "{pad} {bar}");
    let mut prev: Option<usize> = None;
    for (li, segs) in &lines {
        if prev.is_some_and(|p| li - p > 1) {
            let _ = writeln!(out, "{}", st.gutter("..."));
        }
        prev = Some(*li);
        let (ls, le) = line_bounds(src, idx, *li);
        let text = src.get(ls..le).unwrap_or("");
        let (visible, cols) = visible_line(text);
        let total = cols.last().copied().unwrap_or(0);
        // Crop long lines around the first underline on them.
        let anchor = segs.iter().map(|s| col_at(&cols, text, s.start)).min().unwrap_or(0);
        let (ws, we) = if total <= MAX_LINE_WIDTH {
            (0, total)
        } else {
            let ws = anchor.saturating_sub(MAX_LINE_WIDTH / 4);
            (ws, (ws + MAX_LINE_WIDTH).min(total))
        };
        let lead = if ws > 0 { "…" } else { "" };
        let tail = if we < total { "…" } else { "" };
        let shown: String = visible.chars().skip(ws).take(we - ws).collect();
        let num = st.gutter(&format!("{:>width$}", li + 1));
        let body = format!("{lead}{shown}{tail}");
        if body.is_empty() {
            let _ = writeln!(out, "{num} {bar}");
        } else {
            let _ = writeln!(out, "{num} {bar} {body}");
        }
        for seg in segs {
            let sc = col_at(&cols, text, seg.start).clamp(ws, we);
            let ec = col_at(&cols, text, seg.end).clamp(ws, we);
            let n = (ec - sc).max(1);
            let ch = if seg.primary.is_some() { "^" } else { "-" };
            let offset = " ".repeat(sc - ws + lead.chars().count());
            let mut underline = st.marker(seg.primary, &ch.repeat(n));
            if let Some(msg) = seg.message {
                underline.push(' ');
                underline.push_str(&st.marker(seg.primary, msg));
            }
            let _ = writeln!(out, "{pad} {bar} {offset}{underline}");
        }
    }
    out
}

/// The printable form of a source line (tabs expanded, control characters made visible),
/// and the display column at which each of its chars starts, plus a final entry for the end.
fn visible_line(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut cols = Vec::with_capacity(text.len() + 1);
    let mut col = 0usize;
    for c in text.chars() {
        cols.push(col);
        match c {
            '\t' => {
                out.push_str(&" ".repeat(TAB_WIDTH));
                col += TAB_WIDTH;
            }
            c if (c as u32) < 0x20 => {
                out.push(char::from_u32(0x2400 + c as u32).unwrap_or('?'));
                col += 1;
            }
            '\u{7f}' => {
                out.push('\u{2421}');
                col += 1;
            }
            c if c.is_control() => {
                out.push('\u{fffd}');
                col += 1;
            }
            c => {
                out.push(c);
                col += 1;
            }
        }
    }
    cols.push(col);
    (out, cols)
}

/// The display column of byte offset `byte` within `text`.
fn col_at(cols: &[usize], text: &str, byte: usize) -> usize {
    let byte = floor_boundary(text, byte);
    let nth = text.get(..byte).map_or(0, |p| p.chars().count());
    cols.get(nth).copied().unwrap_or_else(|| cols.last().copied().unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(src: &str, start: usize, end: usize) -> String {
        let idx = LineIndex::new(src);
        let marks = [Mark { start, end, primary: Some(Severity::Error), message: "" }];
        snippet(src, &idx, &marks, &Style::plain())
    }

    #[test]
    fn underlines_the_span() {
        let out = render("FROM a\nENV X\n", 7, 12);
        assert_eq!(out, "  |\n2 | ENV X\n  | ^^^^^\n");
    }

    #[test]
    fn empty_span_and_newline_only_span_get_one_caret() {
        assert_eq!(render("FROM a\n", 4, 4), "  |\n1 | FROM a\n  |     ^\n");
        assert_eq!(render("a\n\nb\n", 2, 3), "  |\n2 |\n  | ^\n");
        assert_eq!(render("a\r\n\r\nb\r\n", 3, 5), "  |\n2 |\n  | ^\n");
    }

    #[test]
    fn long_spans_and_long_lines_are_shortened() {
        let src: String = (0..50).map(|i| format!("line{i}\n")).collect();
        let out = render(&src, 0, src.len());
        assert!(out.contains("..."), "{out}");
        assert_eq!(out.lines().count(), 1 + 2 * EDGE_LINES * 2 + 1, "{out}");
        let long = format!("RUN echo {}", "a".repeat(100_000));
        let out = render(&long, 50_000, 50_003);
        assert!(out.lines().all(|l| l.chars().count() < MAX_LINE_WIDTH + 20), "{out}");
        assert!(out.contains("^^^"));
    }

    #[test]
    fn tabs_and_controls_keep_the_caret_aligned() {
        let out = render("\tRUN\x1b x\n", 6, 7);
        assert_eq!(out, "  |\n1 |     RUN\u{241b} x\n  |          ^\n");
    }

    #[test]
    fn out_of_range_spans_do_not_panic() {
        let _ = render("abc", 10, 20);
        let _ = render("é", 1, 1);
        let _ = render("", 0, 0);
    }
}

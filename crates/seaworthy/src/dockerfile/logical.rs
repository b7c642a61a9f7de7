//! A logical line: physical lines joined the way BuildKit joins them, with a
//! piece table that maps every offset of the joined text back to the source.

use crate::span::Span;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogicalLine {
    /// The joined text.
    pub text: String,
    /// Source start of the first piece (most instructions are one piece: no allocation).
    first: Option<usize>,
    /// `(logical_start, source_start)` of the pieces after the first, in order.
    more: Vec<(usize, usize)>,
}

impl LogicalLine {
    /// Appends `piece`, which starts at byte `source_start` of the source.
    pub fn push(&mut self, piece: &str, source_start: usize) {
        if piece.is_empty() {
            return;
        }
        if self.first.is_none() {
            self.first = Some(source_start);
        } else {
            self.more.push((self.text.len(), source_start));
        }
        self.text.push_str(piece);
    }

    /// Source offset of logical offset `at` (as the start of something).
    pub fn source_start(&self, at: usize) -> usize {
        let Some(first) = self.first else { return 0 };
        // the last piece starting at or before `at`
        let k = self.more.partition_point(|p| p.0 <= at);
        let (l, s) = if k == 0 { (0, first) } else { self.more[k - 1] };
        s + (at - l.min(at))
    }

    /// Source offset of logical offset `at` taken as an exclusive end.
    pub fn source_end(&self, at: usize) -> usize {
        if at == 0 {
            return self.source_start(0);
        }
        self.source_start(at - 1) + 1
    }

    /// Source span of the logical range `start..end`.
    pub fn span(&self, start: usize, end: usize) -> Span {
        if end <= start {
            let s = self.source_start(start.min(self.text.len()));
            if start >= self.text.len() && !self.text.is_empty() {
                let e = self.source_end(self.text.len());
                return Span::empty(e);
            }
            return Span::empty(s);
        }
        Span::new(self.source_start(start), self.source_end(end))
    }
}

/// Maps offsets of a text that starts at `offset` in a logical line to source spans.
pub struct LogicalAt<'a>(pub &'a LogicalLine, pub usize);

impl crate::shell::OffsetMap for LogicalAt<'_> {
    fn span(&self, start: usize, end: usize) -> Span {
        self.0.span(self.1 + start, self.1 + end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_offsets_across_pieces() {
        // source: "RUN a \\\n  b" -> logical "RUN a   b"
        let src = "RUN a \\\n  b";
        let mut l = LogicalLine::default();
        l.push("RUN a ", 0);
        l.push("  b", 8);
        assert_eq!(l.text, "RUN a   b");
        let b = l.text.find('b').unwrap();
        assert_eq!(l.span(b, b + 1).text(src), "b");
        assert_eq!(l.span(4, b + 1).text(src), "a \\\n  b");
        assert_eq!(l.span(l.text.len(), l.text.len()), Span::empty(src.len()));
    }
}

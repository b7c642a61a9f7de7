//! A logical line: physical lines joined the way BuildKit joins them, with a
//! piece table that maps every offset of the joined text back to the source.

use crate::span::Span;

#[derive(Clone, Debug, Default)]
pub struct LogicalLine {
    /// The joined text.
    pub text: String,
    /// Source start of the first piece (most instructions are one piece: no allocation).
    first: Option<usize>,
    /// `(logical_start, source_start)` of the pieces after the first, in order.
    more: Vec<(usize, usize)>,
    /// The piece the last lookup landed in: lookups mostly go forward through the line (the
    /// words of a lexed RUN, each start then end), so the next one is usually in it or the
    /// piece after it, without a binary search. Not part of the value.
    hint: std::cell::Cell<usize>,
}

impl PartialEq for LogicalLine {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text && self.first == other.first && self.more == other.more
    }
}

impl Eq for LogicalLine {}

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
        // `k`: the number of later pieces starting at or before `at` (so piece `k` holds it)
        let m = &self.more;
        let holds = |k: usize| {
            k <= m.len() && (k == 0 || m.get(k - 1).is_some_and(|p| p.0 <= at)) && m.get(k).is_none_or(|p| p.0 > at)
        };
        let h = self.hint.get();
        let k = if holds(h) {
            h
        } else if holds(h + 1) {
            h + 1
        } else {
            m.partition_point(|p| p.0 <= at)
        };
        self.hint.set(k);
        let (l, s) = if k == 0 { (0, first) } else { m[k - 1] };
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

    #[test]
    fn lookups_in_any_order_agree_with_a_binary_search() {
        let mut l = LogicalLine::default();
        let mut src_at = 0;
        for (i, piece) in ["RUN a ", "b ", "", "cc ", "d", " e ", "ffff"].iter().enumerate() {
            l.push(piece, src_at);
            src_at += piece.len() + 3 + i;
        }
        let fresh = |at: usize| {
            let k = l.more.partition_point(|p| p.0 <= at);
            let (lo, s) = if k == 0 { (0, l.first.unwrap()) } else { l.more[k - 1] };
            s + (at - lo.min(at))
        };
        let n = l.text.len();
        let order: Vec<usize> = (0..=n).chain((0..=n).rev()).chain((0..=n).map(|i| (i * 7) % (n + 1))).collect();
        for at in order {
            assert_eq!(l.source_start(at), fresh(at), "at {at}");
        }
        let same = l.clone();
        same.source_start(0);
        assert_eq!(l, same);
    }
}

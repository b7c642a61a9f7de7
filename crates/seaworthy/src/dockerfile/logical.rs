//! A logical line: physical lines joined the way BuildKit joins them, with a
//! piece table that maps every offset of the joined text back to the source.

use crate::span::Span;

/// A logical line while it is built and parsed: the joined text and its piece table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogicalLine {
    /// The joined text.
    pub text: String,
    /// Source start of the first piece (most instructions are one piece: no allocation).
    first: usize,
    /// `(logical_start, source_start)` of the pieces after the first, in order.
    more: Vec<(usize, usize)>,
    hint: Hint,
}

/// The piece table of a parsed logical line, without its text: what an instruction keeps
/// to map offsets of its arguments (a RUN's lexed words) back to the source. The joined
/// text is not kept: the arguments hold the parts of it the rules read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogicalMap {
    /// Length of the joined text.
    len: usize,
    first: usize,
    /// Empty for most instructions (one line): 8 bytes and no allocation then.
    more: crate::shell::RareList<(usize, usize)>,
    hint: Hint,
}

/// The piece the last lookup landed in: lookups mostly go forward through the line (the
/// words of a lexed RUN, each start then end), so the next one is usually in it or the
/// piece after it, without a binary search. Not part of the value.
#[derive(Clone, Debug, Default)]
struct Hint(std::cell::Cell<usize>);

impl PartialEq for Hint {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Hint {}

/// A borrowed piece table: the lookups both forms share.
#[derive(Clone, Copy)]
struct Pieces<'a> {
    len: usize,
    first: usize,
    more: &'a [(usize, usize)],
    hint: &'a Hint,
}

impl Pieces<'_> {
    fn source_start(self, at: usize) -> usize {
        // no piece (`push` skips empty ones): the empty line maps to 0
        if self.len == 0 {
            return 0;
        }
        // `k`: the number of later pieces starting at or before `at` (so piece `k` holds it)
        let m = self.more;
        let holds = |k: usize| {
            k <= m.len() && (k == 0 || m.get(k - 1).is_some_and(|p| p.0 <= at)) && m.get(k).is_none_or(|p| p.0 > at)
        };
        let h = self.hint.0.get();
        let k = if holds(h) {
            h
        } else if holds(h + 1) {
            h + 1
        } else {
            m.partition_point(|p| p.0 <= at)
        };
        self.hint.0.set(k);
        let (l, s) = if k == 0 { (0, self.first) } else { m[k - 1] };
        s + (at - l.min(at))
    }

    fn source_end(self, at: usize) -> usize {
        if at == 0 {
            return self.source_start(0);
        }
        self.source_start(at - 1) + 1
    }

    fn span(self, start: usize, end: usize) -> Span {
        if end <= start {
            let s = self.source_start(start.min(self.len));
            if start >= self.len && self.len != 0 {
                let e = self.source_end(self.len);
                return Span::empty(e);
            }
            return Span::empty(s);
        }
        Span::new(self.source_start(start), self.source_end(end))
    }
}

impl LogicalLine {
    /// Empties the line, keeping its buffers for the next one.
    pub fn clear(&mut self) {
        self.text.clear();
        self.first = 0;
        self.more.clear();
        self.hint = Hint::default();
    }

    /// Appends `piece`, which starts at byte `source_start` of the source.
    pub fn push(&mut self, piece: &str, source_start: usize) {
        if piece.is_empty() {
            return;
        }
        if self.text.is_empty() {
            self.first = source_start;
        } else {
            self.more.push((self.text.len(), source_start));
        }
        self.text.push_str(piece);
    }

    fn pieces(&self) -> Pieces<'_> {
        Pieces { len: self.text.len(), first: self.first, more: &self.more, hint: &self.hint }
    }

    /// Source offset of logical offset `at` (as the start of something).
    pub fn source_start(&self, at: usize) -> usize {
        self.pieces().source_start(at)
    }

    /// Source offset of logical offset `at` taken as an exclusive end.
    pub fn source_end(&self, at: usize) -> usize {
        self.pieces().source_end(at)
    }

    /// Source span of the logical range `start..end`.
    pub fn span(&self, start: usize, end: usize) -> Span {
        self.pieces().span(start, end)
    }

    /// The piece table alone, for keeping once the line is parsed.
    pub fn to_map(&self) -> LogicalMap {
        LogicalMap {
            len: self.text.len(),
            first: self.first,
            more: self.more.iter().copied().collect(),
            hint: Hint::default(),
        }
    }
}

impl LogicalMap {
    fn pieces(&self) -> Pieces<'_> {
        Pieces { len: self.len, first: self.first, more: &self.more, hint: &self.hint }
    }

    /// Length of the joined text.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the joined text is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Source offset of logical offset `at` (as the start of something).
    pub fn source_start(&self, at: usize) -> usize {
        self.pieces().source_start(at)
    }

    /// Source offset of logical offset `at` taken as an exclusive end.
    pub fn source_end(&self, at: usize) -> usize {
        self.pieces().source_end(at)
    }

    /// Source span of the logical range `start..end`.
    pub fn span(&self, start: usize, end: usize) -> Span {
        self.pieces().span(start, end)
    }
}

/// Maps offsets of a text that starts at `offset` in a logical line to source spans.
pub struct LogicalAt<'a>(pub &'a LogicalMap, pub usize);

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
            let (lo, s) = if k == 0 { (0, l.first) } else { l.more[k - 1] };
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

    #[test]
    fn the_kept_map_gives_the_spans_of_the_line() {
        let mut l = LogicalLine::default();
        for (piece, at) in [("RUN a ", 0), ("b ", 9), ("cc", 20)] {
            l.push(piece, at);
        }
        let m = l.to_map();
        assert_eq!(m.len(), l.text.len());
        let n = l.text.len();
        for s in 0..=n + 1 {
            for e in 0..=n + 1 {
                assert_eq!(m.span(s, e), l.span(s, e), "{s}..{e}");
            }
        }
        let empty = LogicalLine::default();
        assert_eq!(empty.to_map().span(0, 3), empty.span(0, 3));
        // a line cleared for reuse is a new line
        let mut reused = l.clone();
        reused.source_start(n);
        reused.clear();
        assert_eq!(reused, empty);
        reused.push("RUN x", 7);
        let mut fresh = LogicalLine::default();
        fresh.push("RUN x", 7);
        assert_eq!(reused.to_map(), fresh.to_map());
        assert_eq!(reused.span(0, 5), fresh.span(0, 5));
        assert_eq!(empty.to_map().span(2, 2), Span::empty(0));
    }
}

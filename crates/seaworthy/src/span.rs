//! Byte spans into a source text, and the mapping from byte offsets to
//! line/column positions in UTF-8 or UTF-16 (done only at the boundary).

use serde::{Deserialize, Serialize};

/// A half-open byte range `start..end` into the source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Span {
    /// First byte (inclusive).
    pub start: usize,
    /// Last byte (exclusive).
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    /// An empty span at `at` (an insertion point).
    pub const fn empty(at: usize) -> Self {
        Span { start: at, end: at }
    }
    pub const fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }
    pub const fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
    /// The text of this span, or `""` when it is out of range or not on a char boundary.
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        src.get(self.start..self.end).unwrap_or("")
    }
}

/// How columns (and offsets) are counted in positions shown to users.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum PositionEncoding {
    /// Columns and offsets count UTF-8 bytes (terminals, most CI formats).
    #[default]
    Utf8,
    /// Columns and offsets count UTF-16 code units (browsers, editors, LSP).
    Utf16,
}

/// A 1-based line and column plus a 0-based offset, in some encoding.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Position {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in the report's position encoding.
    pub column: usize,
    /// 0-based offset from the start of the file, in the report's position encoding.
    pub offset: usize,
}

/// Line starts of a text, for mapping byte offsets to positions in O(log n).
#[derive(Clone, Debug)]
pub struct LineIndex<'a> {
    src: &'a str,
    /// Byte offset of the start of each line.
    starts: Vec<usize>,
    /// UTF-16 offset of the start of each line (filled only when needed).
    utf16_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(src: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(src.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1));
        LineIndex { src, starts, utf16_starts: Vec::new() }
    }

    fn ensure_utf16(&mut self) {
        if !self.utf16_starts.is_empty() {
            return;
        }
        let mut acc = 0usize;
        let mut prev = 0usize;
        self.utf16_starts.reserve(self.starts.len());
        for &s in &self.starts {
            acc += utf16_len(self.src.get(prev..s).unwrap_or(""));
            self.utf16_starts.push(acc);
            prev = s;
        }
    }

    /// 0-based line index containing byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// Byte offset where 0-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.src.len())
    }

    /// Number of lines (a trailing newline starts an empty last line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Position of byte `offset` (clamped to the text and to a char boundary).
    pub fn position(&mut self, offset: usize, enc: PositionEncoding) -> Position {
        let mut offset = offset.min(self.src.len());
        while offset > 0 && !self.src.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let ls = self.line_start(line);
        let prefix = self.src.get(ls..offset).unwrap_or("");
        match enc {
            PositionEncoding::Utf8 => Position { line: line + 1, column: prefix.len() + 1, offset },
            PositionEncoding::Utf16 => {
                self.ensure_utf16();
                let col = utf16_len(prefix);
                let base = self.utf16_starts.get(line).copied().unwrap_or(0);
                Position { line: line + 1, column: col + 1, offset: base + col }
            }
        }
    }
}

/// The length of `s` in UTF-16 code units: one per character, two for those of four bytes in
/// UTF-8. Counted over bytes (lead bytes, plus one per four-byte lead), which the compiler
/// vectorises, instead of decoding characters: this runs for every position of a report.
fn utf16_len(s: &str) -> usize {
    if s.is_ascii() {
        return s.len();
    }
    s.bytes().map(|b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_len_counts_code_units() {
        for s in ["", "abc", "é", "aé€😀z", "😀😀", "\u{7f}\u{80}\u{7ff}\u{800}\u{ffff}\u{10000}\u{10ffff}"] {
            assert_eq!(utf16_len(s), s.encode_utf16().count(), "{s:?}");
        }
    }

    #[test]
    fn positions_in_both_encodings() {
        let src = "ab\n\u{e9}x\u{1F600}y\nz";
        let mut idx = LineIndex::new(src);
        assert_eq!(idx.position(0, PositionEncoding::Utf8), Position { line: 1, column: 1, offset: 0 });
        assert_eq!(idx.position(3, PositionEncoding::Utf8), Position { line: 2, column: 1, offset: 3 });
        // 'x' after a 2-byte char
        assert_eq!(idx.position(5, PositionEncoding::Utf8).column, 3);
        assert_eq!(idx.position(5, PositionEncoding::Utf16).column, 2);
        // 'y' after an astral char: 4 bytes, 2 UTF-16 units
        let y = src.find('y').unwrap();
        assert_eq!(idx.position(y, PositionEncoding::Utf16), Position { line: 2, column: 5, offset: 7 });
        let z = src.find('z').unwrap();
        assert_eq!(idx.position(z, PositionEncoding::Utf16), Position { line: 3, column: 1, offset: 9 });
        // inside a multi-byte char clamps back to its start
        assert_eq!(idx.position(4, PositionEncoding::Utf8).column, 1);
        // past the end clamps
        assert_eq!(idx.position(999, PositionEncoding::Utf8).offset, src.len());
    }
}

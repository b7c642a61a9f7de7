//! Reading the JSON of an API request (the files, the options) by hand, without serde.
//!
//! The WebAssembly module receives its input as JSON text. Deserializing it with serde_json
//! compiled a deserializer per request type and, through serde's `invalid type: floating
//! point …` message, the whole `f64` printer (with its tables) into the module: the request
//! holds no float, but any serde visitor can be handed one. This reader knows the few shapes a
//! request has, validates the whole text as JSON (as serde_json does: unknown fields are
//! skipped but must be valid JSON), and gives the same errors in serde_json's words, with
//! the line and column where the problem was found. See docs/benchmarks.md, "Third pass".

use crate::report::{FileKind, SourceFile};
use crate::score::Weights;
use crate::span::PositionEncoding;

/// Nesting deeper than this is refused (serde_json's limit is 128 too).
const MAX_DEPTH: usize = 128;

pub(crate) struct Reader<'a> {
    text: &'a str,
    b: &'a [u8],
    i: usize,
}

/// An error message, with `at line L column C` (as serde_json writes it).
pub(crate) type Error = String;

/// What a JSON value is, for "invalid type" messages (serde's `Unexpected`).
fn unexpected(r: &Reader<'_>, start: usize) -> String {
    let text = &r.text[start..r.i];
    match r.b.get(start) {
        Some(b'"') => format!("string {text}"),
        Some(b't' | b'f') => format!("boolean `{text}`"),
        Some(b'n') => "null".into(),
        Some(b'[') => "sequence".into(),
        Some(b'{') => "map".into(),
        _ if text.bytes().any(|c| matches!(c, b'.' | b'e' | b'E')) => format!("floating point `{text}`"),
        _ => format!("integer `{text}`"),
    }
}

impl<'a> Reader<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Reader { text, b: text.as_bytes(), i: 0 }
    }

    /// `msg at line L column C`, the position being the byte before `at` (1-based line, the
    /// column counting bytes from the line's start, as serde_json's).
    #[inline(never)]
    fn error_at(&self, msg: &str, at: usize) -> Error {
        let at = at.min(self.b.len());
        let before = &self.b[..at];
        let line = before.iter().filter(|&&c| c == b'\n').count() + 1;
        let column = at - before.iter().rposition(|&c| c == b'\n').map_or(0, |p| p + 1);
        format!("{msg} at line {line} column {column}")
    }

    fn error(&self, msg: &str) -> Error {
        self.error_at(msg, self.i)
    }

    /// Past the next character (for errors about it).
    fn error_next(&self, msg: &str) -> Error {
        self.error_at(msg, self.i + 1)
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.b.get(self.i) {
            self.i += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.b.get(self.i).copied()
    }

    /// The end of the text: only whitespace may follow the value.
    pub(crate) fn end(&mut self) -> Result<(), Error> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.error_next("trailing characters")),
        }
    }

    fn eof(&self) -> Error {
        self.error("EOF while parsing a value")
    }

    /// A type error for the value that starts here (the value is read to say what it is).
    fn invalid_type(&mut self, expected: &str) -> Error {
        let start = self.i;
        if let Err(e) = self.skip() {
            return e;
        }
        let msg = format!("invalid type: {}, expected {expected}", unexpected(self, start));
        self.error(&msg)
    }

    /// A JSON string, unescaped.
    pub(crate) fn string(&mut self, expected: &str) -> Result<String, Error> {
        match self.peek() {
            Some(b'"') => self.string_body(),
            Some(_) => Err(self.invalid_type(expected)),
            None => Err(self.eof()),
        }
    }

    /// The string that starts at the `"` here.
    fn string_body(&mut self) -> Result<String, Error> {
        self.i += 1;
        let mut out = String::new();
        loop {
            let run = self.b[self.i..].iter().position(|&c| c == b'"' || c == b'\\' || c < 0x20);
            let Some(run) = run else {
                self.i = self.b.len();
                return Err(self.error("EOF while parsing a string"));
            };
            out.push_str(&self.text[self.i..self.i + run]);
            self.i += run;
            match self.b[self.i] {
                b'"' => {
                    self.i += 1;
                    return Ok(out);
                }
                b'\\' => {
                    self.i += 1;
                    let Some(&c) = self.b.get(self.i) else {
                        return Err(self.error("EOF while parsing a string"));
                    };
                    self.i += 1;
                    out.push(match c {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return Err(self.error("invalid escape")),
                    });
                }
                _ => {
                    self.i += 1;
                    return Err(self.error("control character (\\u0000-\\u001F) found while parsing a string"));
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let mut v = 0;
        for _ in 0..4 {
            let Some(&c) = self.b.get(self.i) else {
                self.i = self.b.len();
                return Err(self.error("EOF while parsing a string"));
            };
            self.i += 1;
            let d = match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                _ => return Err(self.error("invalid escape")),
            };
            v = v * 16 + u32::from(d);
        }
        Ok(v)
    }

    /// The character of a `\uXXXX` escape (the `\u` read), with its low surrogate if any.
    fn unicode_escape(&mut self) -> Result<char, Error> {
        let hi = self.hex4()?;
        if (0xDC00..0xE000).contains(&hi) {
            return Err(self.error("lone leading surrogate in hex escape"));
        }
        if !(0xD800..0xDC00).contains(&hi) {
            return char::from_u32(hi).ok_or_else(|| self.error("invalid unicode code point"));
        }
        if self.b.get(self.i..self.i + 2) != Some(b"\\u") {
            return Err(self.error_next("unexpected end of hex escape"));
        }
        self.i += 2;
        let lo = self.hex4()?;
        if !(0xDC00..0xE000).contains(&lo) {
            return Err(self.error("lone leading surrogate in hex escape"));
        }
        char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
            .ok_or_else(|| self.error("invalid unicode code point"))
    }

    /// `true` or `false`.
    pub(crate) fn bool(&mut self) -> Result<bool, Error> {
        match self.peek() {
            Some(b't') if self.b[self.i..].starts_with(b"true") => {
                self.i += 4;
                Ok(true)
            }
            Some(b'f') if self.b[self.i..].starts_with(b"false") => {
                self.i += 5;
                Ok(false)
            }
            Some(_) => Err(self.invalid_type("a boolean")),
            None => Err(self.eof()),
        }
    }

    /// `null` (then `true`), or nothing read (`false`).
    pub(crate) fn null(&mut self) -> Result<bool, Error> {
        if self.peek() == Some(b'n') {
            self.literal(b"null")?;
            return Ok(true);
        }
        Ok(false)
    }

    fn literal(&mut self, word: &[u8]) -> Result<(), Error> {
        for &c in word {
            match self.b.get(self.i) {
                Some(&d) if d == c => self.i += 1,
                Some(_) => return Err(self.error_next("expected ident")),
                None => return Err(self.error("EOF while parsing a value")),
            }
        }
        Ok(())
    }

    /// A number in JSON's grammar; returns its text.
    fn number(&mut self) -> Result<&'a str, Error> {
        let start = self.i;
        let digits = |r: &mut Self| {
            let n = r.b[r.i..].iter().take_while(|c| c.is_ascii_digit()).count();
            r.i += n;
            n
        };
        if self.b.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        match self.b.get(self.i) {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => {
                digits(self);
            }
            Some(_) => return Err(self.error_next("invalid number")),
            None => return Err(self.eof()),
        }
        if self.b.get(self.i) == Some(&b'.') {
            self.i += 1;
            if digits(self) == 0 {
                return Err(self.error_next("invalid number"));
            }
        }
        if matches!(self.b.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.b.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if digits(self) == 0 {
                return Err(self.error_next("invalid number"));
            }
        }
        Ok(&self.text[start..self.i])
    }

    /// A `u32`, as serde_json takes one: an integer in range, else an error naming the value.
    pub(crate) fn u32(&mut self) -> Result<u32, Error> {
        match self.peek() {
            Some(b'-' | b'0'..=b'9') => {}
            Some(_) => return Err(self.invalid_type("u32")),
            None => return Err(self.eof()),
        }
        let start = self.i;
        let text = self.number()?;
        let (negative, digits) = match text.strip_prefix('-') {
            Some(d) => (true, d),
            None => (false, text),
        };
        let integer = digits.bytes().all(|c| c.is_ascii_digit());
        // serde_json reads integers beyond 64 bits as floats
        let fits = integer && if negative { text.parse::<i64>().is_ok() } else { digits.parse::<u64>().is_ok() };
        if fits && !negative {
            if let Ok(n) = digits.parse::<u32>() {
                return Ok(n);
            }
        }
        let msg = if fits {
            format!("invalid value: {}, expected u32", unexpected(self, start))
        } else {
            format!("invalid type: floating point `{}`, expected u32", float_as_serde(text))
        };
        Err(self.error(&msg))
    }

    /// An array: `item` is called for each element, at the element.
    pub(crate) fn array(
        &mut self,
        expected: &str,
        mut item: impl FnMut(&mut Self) -> Result<(), Error>,
    ) -> Result<(), Error> {
        match self.peek() {
            Some(b'[') => self.i += 1,
            Some(_) => return Err(self.invalid_type(expected)),
            None => return Err(self.eof()),
        }
        if self.peek() == Some(b']') {
            self.i += 1;
            return Ok(());
        }
        loop {
            item(self)?;
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(());
                }
                Some(_) => return Err(self.error_next("expected `,` or `]`")),
                None => return Err(self.error("EOF while parsing a list")),
            }
        }
    }

    /// An object: `field` is called with each key, at its value, and reads or skips the value.
    pub(crate) fn object(
        &mut self,
        expected: &str,
        mut field: impl FnMut(&mut Self, &str) -> Result<(), Error>,
    ) -> Result<(), Error> {
        match self.peek() {
            Some(b'{') => self.i += 1,
            Some(_) => return Err(self.invalid_type(expected)),
            None => return Err(self.eof()),
        }
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(());
        }
        loop {
            match self.peek() {
                Some(b'"') => {}
                Some(_) => return Err(self.error_next("key must be a string")),
                None => return Err(self.error("EOF while parsing an object")),
            }
            let key = self.string_body()?;
            match self.peek() {
                Some(b':') => self.i += 1,
                Some(_) => return Err(self.error_next("expected `:`")),
                None => return Err(self.error("EOF while parsing an object")),
            }
            if self.peek().is_none() {
                return Err(self.eof());
            }
            field(self, &key)?;
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(());
                }
                Some(_) => return Err(self.error_next("expected `,` or `}`")),
                None => return Err(self.error("EOF while parsing an object")),
            }
        }
    }

    /// Reads past one value of any type, checking it is valid JSON; iterative, at most
    /// [`MAX_DEPTH`] levels deep.
    pub(crate) fn skip(&mut self) -> Result<(), Error> {
        // the open containers: `]` or `}` each, innermost last
        let mut open: Vec<u8> = Vec::new();
        loop {
            // a value
            match self.peek() {
                Some(b'"') => {
                    self.string_body()?;
                }
                Some(b't') => self.literal(b"true")?,
                Some(b'f') => self.literal(b"false")?,
                Some(b'n') => self.literal(b"null")?,
                Some(b'-' | b'0'..=b'9') => {
                    self.number()?;
                }
                Some(c @ (b'[' | b'{')) => {
                    if open.len() == MAX_DEPTH {
                        return Err(self.error_next("recursion limit exceeded"));
                    }
                    self.i += 1;
                    let close = if c == b'[' { b']' } else { b'}' };
                    open.push(close);
                    if self.peek() == Some(close) {
                        self.i += 1;
                        open.pop();
                    } else {
                        if close == b'}' {
                            self.key()?;
                        }
                        continue;
                    }
                }
                Some(_) => return Err(self.error_next("expected value")),
                None => return Err(self.eof()),
            }
            // after a value: close containers, or go on to the next element
            loop {
                let Some(&close) = open.last() else { return Ok(()) };
                match self.peek() {
                    Some(b',') => {
                        self.i += 1;
                        if close == b'}' {
                            self.key()?;
                        }
                        break;
                    }
                    Some(c) if c == close => {
                        self.i += 1;
                        open.pop();
                    }
                    Some(_) if close == b']' => return Err(self.error_next("expected `,` or `]`")),
                    Some(_) => return Err(self.error_next("expected `,` or `}`")),
                    None if close == b']' => return Err(self.error("EOF while parsing a list")),
                    None => return Err(self.error("EOF while parsing an object")),
                }
            }
        }
    }

    /// An object's key and its `:` (in [`Reader::skip`]).
    fn key(&mut self) -> Result<(), Error> {
        match self.peek() {
            Some(b'"') => {
                self.string_body()?;
            }
            Some(_) => return Err(self.error_next("key must be a string")),
            None => return Err(self.error("EOF while parsing an object")),
        }
        match self.peek() {
            Some(b':') => {
                self.i += 1;
                Ok(())
            }
            Some(_) => Err(self.error_next("expected `:`")),
            None => Err(self.error("EOF while parsing an object")),
        }
    }
}

/// A JSON number as serde prints a float in its messages (`1.5`, `1e21`, `3.0`): the text as
/// written, with `.0` added when it has neither a point nor an exponent.
fn float_as_serde(text: &str) -> String {
    if text.bytes().any(|c| matches!(c, b'.' | b'e' | b'E')) {
        text.to_string()
    } else {
        format!("{text}.0")
    }
}

/// A struct's fields, read once each: `duplicate field` and `missing field` as serde says them.
struct Seen(u32);

impl Seen {
    fn first(&mut self, r: &Reader<'_>, bit: u32, name: &str) -> Result<(), Error> {
        if self.0 & (1 << bit) != 0 {
            return Err(r.error(&format!("duplicate field `{name}`")));
        }
        self.0 |= 1 << bit;
        Ok(())
    }
    fn require(&self, r: &Reader<'_>, bit: u32, name: &str) -> Result<(), Error> {
        if self.0 & (1 << bit) == 0 {
            return Err(r.error(&format!("missing field `{name}`")));
        }
        Ok(())
    }
}

/// `[{path, content, kind?}]`: the files of a request.
pub(crate) fn read_files(text: &str) -> Result<Vec<SourceFile>, Error> {
    let mut r = Reader::new(text);
    let mut files = Vec::new();
    r.array("a sequence", |r| {
        let (mut path, mut content, mut kind) = (None, None, None);
        let mut seen = Seen(0);
        r.object("struct SourceFile", |r, key| {
            match key {
                "path" => {
                    seen.first(r, 0, "path")?;
                    path = Some(r.string("a string")?);
                }
                "content" => {
                    seen.first(r, 1, "content")?;
                    content = Some(r.string("a string")?);
                }
                "kind" => {
                    seen.first(r, 2, "kind")?;
                    if !r.null()? {
                        kind = Some(variant(r, &[("dockerfile", FileKind::Dockerfile), ("compose", FileKind::Compose)])?);
                    }
                }
                _ => r.skip()?,
            }
            Ok(())
        })?;
        seen.require(r, 0, "path")?;
        seen.require(r, 1, "content")?;
        files.push(SourceFile { path: path.unwrap_or_default(), content: content.unwrap_or_default(), kind });
        Ok(())
    })?;
    r.end()?;
    Ok(files)
}

/// A unit variant of an enum, as serde_json takes one: its name as a string.
fn variant<T: Copy>(r: &mut Reader<'_>, names: &[(&str, T)]) -> Result<T, Error> {
    match r.peek() {
        Some(b'"') => {}
        Some(_) => return Err(r.error_next("expected value")),
        None => return Err(r.eof()),
    }
    let s = r.string_body()?;
    if let Some((_, v)) = names.iter().find(|(n, _)| *n == s) {
        return Ok(*v);
    }
    let list = match names {
        [(a, _), (b, _)] => format!("`{a}` or `{b}`"),
        _ => names.iter().map(|(n, _)| format!("`{n}`")).collect::<Vec<_>>().join(", "),
    };
    Err(r.error(&format!("unknown variant `{s}`, expected {list}")))
}

/// The fields of a lint or fix request's options (every field at one level; unknown ones
/// skipped), each a default when absent.
#[derive(Default)]
pub(crate) struct WireOptions {
    pub unsafe_fixes: bool,
    pub policy: Option<String>,
    pub position_encoding: PositionEncoding,
    pub score_fixes: Option<bool>,
    pub weights: Option<Weights>,
    pub context_files: Vec<String>,
}

/// The options object of a request.
pub(crate) fn read_options(text: &str) -> Result<WireOptions, Error> {
    let mut r = Reader::new(text);
    let mut o = WireOptions::default();
    let mut seen = Seen(0);
    r.object("struct WireOptions", |r, key| {
        match key {
            "unsafeFixes" => {
                seen.first(r, 0, "unsafeFixes")?;
                o.unsafe_fixes = r.bool()?;
            }
            "policy" => {
                seen.first(r, 1, "policy")?;
                o.policy = if r.null()? { None } else { Some(r.string("a string")?) };
            }
            "positionEncoding" => {
                seen.first(r, 2, "positionEncoding")?;
                o.position_encoding =
                    variant(r, &[("utf8", PositionEncoding::Utf8), ("utf16", PositionEncoding::Utf16)])?;
            }
            "scoreFixes" => {
                seen.first(r, 3, "scoreFixes")?;
                o.score_fixes = Some(r.bool()?);
            }
            "weights" => {
                seen.first(r, 4, "weights")?;
                o.weights = Some(read_weights(r)?);
            }
            "contextFiles" => {
                seen.first(r, 5, "contextFiles")?;
                let mut files = Vec::new();
                r.array("a sequence", |r| {
                    files.push(r.string("a string")?);
                    Ok(())
                })?;
                o.context_files = files;
            }
            _ => r.skip()?,
        }
        Ok(())
    })?;
    r.end()?;
    Ok(o)
}

const WEIGHT_FIELDS: [&str; 5] = ["error", "warning", "info", "style", "cap"];

fn read_weights(r: &mut Reader<'_>) -> Result<Weights, Error> {
    let mut v = [0u32; 5];
    let mut seen = Seen(0);
    r.object("struct Weights", |r, key| {
        match WEIGHT_FIELDS.iter().position(|f| *f == key) {
            Some(i) => {
                seen.first(r, i as u32, WEIGHT_FIELDS[i])?;
                v[i] = r.u32()?;
            }
            None => r.skip()?,
        }
        Ok(())
    })?;
    for (i, f) in WEIGHT_FIELDS.iter().enumerate() {
        seen.require(r, i as u32, f)?;
    }
    let [error, warning, info, style, cap] = v;
    Ok(Weights { error, warning, info, style, cap })
}

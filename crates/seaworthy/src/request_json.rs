//! Reading the JSON of an API request (the files, the options) by hand, without serde.
//!
//! The WebAssembly module receives its input as JSON text. Deserializing it with serde_json
//! compiled a deserializer per request type and, through serde's `invalid type: floating
//! point …` message, the whole `f64` printer (with its tables) into the module: the request
//! holds no float, but any serde visitor can be handed one. This reader knows the few shapes a
//! request has, validates the whole text as JSON (as serde_json does: unknown fields are
//! skipped but must be valid JSON), and gives the same errors in serde_json's words, with
//! the line and column where the problem was found. See docs/benchmarks.md, "Third pass".

use crate::report::{FileKind, LintOptions, SourceFile};
use crate::score::Weights;
use crate::span::PositionEncoding;

/// Nesting deeper than this is refused (serde_json's limit is 128 too).
const MAX_DEPTH: usize = 128;

pub(crate) struct Reader<'a> {
    text: &'a str,
    b: &'a [u8],
    i: usize,
    /// Where the last key read by [`Reader::object`] ended (duplicate fields are reported there).
    key_end: usize,
    /// The buffer strings are unescaped into.
    scratch: String,
}

/// Where the first `"`, `\\` or control character of `b` is: eight bytes at a time while
/// there is none (the strings are whole files).
fn special(b: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut i = 0;
    while let Some(chunk) = b.get(i..i + 8) {
        let w = u64::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7]]);
        let quote = w ^ (ONES * u64::from(b'"'));
        let slash = w ^ (ONES * u64::from(b'\\'));
        // a byte is zero in `quote`/`slash`, or below 0x20 in `w` (exact test for "some byte":
        // the bits of the bytes after the first hit may be wrong, so the chunk is rescanned)
        let hit = (quote.wrapping_sub(ONES) & !quote)
            | (slash.wrapping_sub(ONES) & !slash)
            | (w.wrapping_sub(ONES * 0x20) & !w);
        if hit & HIGH != 0 {
            break;
        }
        i += 8;
    }
    b[i..].iter().position(|&c| c == b'"' || c == b'\\' || c < 0x20).map(|p| i + p)
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
        Reader { text, b: text.as_bytes(), i: 0, key_end: 0, scratch: String::new() }
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
        // serde_json says so at an array's or object's opening bracket, after other values
        if !matches!(self.b.get(start), Some(b'[' | b'{')) {
            if let Err(e) = self.skip() {
                return e;
            }
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
        // the unescaped text is built in `scratch` (kept between strings, so a file's content
        // is not regrown escape after escape) and copied out once, at its size
        let mut out = std::mem::take(&mut self.scratch);
        out.clear();
        let result = self.string_into(&mut out);
        let s = result.map(|()| out.as_str().to_owned());
        self.scratch = out;
        s
    }

    fn string_into(&mut self, out: &mut String) -> Result<(), Error> {
        loop {
            let run = special(&self.b[self.i..]);
            let Some(run) = run else {
                self.i = self.b.len();
                return Err(self.error("EOF while parsing a string"));
            };
            out.push_str(&self.text[self.i..self.i + run]);
            self.i += run;
            match self.b[self.i] {
                b'"' => {
                    self.i += 1;
                    return Ok(());
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
        // serde_json reads the four bytes, then reports a bad one after them
        let end = self.i + 4;
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
                _ => return Err(self.error_at("invalid escape", end)),
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
            Some(b'0') => {
                self.i += 1;
                if self.b.get(self.i).is_some_and(u8::is_ascii_digit) {
                    return Err(self.error_next("invalid number"));
                }
            }
            Some(b'1'..=b'9') => {
                digits(self);
            }
            Some(_) => return Err(self.error_next("invalid number")),
            None => return Err(self.error("invalid number")),
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
        let msg = if fits && digits.bytes().all(|c| c == b'0') {
            // serde_json reads `-0` as a float
            "invalid type: floating point `-0.0`, expected u32".to_string()
        } else if fits {
            format!("invalid value: {}, expected u32", unexpected(self, start))
        } else {
            format!("invalid type: floating point `{}`, expected u32", float_as_serde(text))
        };
        Err(self.error(&msg))
    }

    /// An array: `item` is called for each element, at the element. (`dyn`: one copy of the
    /// walk for every caller.)
    #[inline(never)]
    pub(crate) fn array(
        &mut self,
        expected: &str,
        item: &mut dyn FnMut(&mut Self) -> Result<(), Error>,
    ) -> Result<(), Error> {
        match self.peek() {
            Some(b'[') => self.i += 1,
            Some(_) => return Err(self.invalid_type(expected)),
            None => return Err(self.eof()),
        }
        match self.peek() {
            Some(b']') => {
                self.i += 1;
                return Ok(());
            }
            None => return Err(self.error("EOF while parsing a list")),
            Some(_) => {}
        }
        loop {
            item(self)?;
            match self.peek() {
                Some(b',') => {
                    self.i += 1;
                    if self.peek() == Some(b']') {
                        return Err(self.error_next("trailing comma"));
                    }
                }
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
    #[inline(never)]
    pub(crate) fn object(
        &mut self,
        expected: &str,
        field: &mut dyn FnMut(&mut Self, &str) -> Result<(), Error>,
    ) -> Result<(), Error> {
        match self.peek() {
            Some(b'{') => self.i += 1,
            Some(_) => return Err(self.invalid_type(expected)),
            None => return Err(self.eof()),
        }
        match self.peek() {
            Some(b'}') => {
                self.i += 1;
                return Ok(());
            }
            None => return Err(self.error("EOF while parsing an object")),
            Some(_) => {}
        }
        loop {
            match self.peek() {
                Some(b'"') => {}
                Some(_) => return Err(self.error_next("key must be a string")),
                None => return Err(self.error("EOF while parsing an object")),
            }
            let key = self.string_body()?;
            self.key_end = self.i;
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
                Some(b',') => {
                    self.i += 1;
                    if self.peek() == Some(b'}') {
                        return Err(self.error_next("trailing comma"));
                    }
                }
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
                    match self.peek() {
                        None if close == b']' => return Err(self.error("EOF while parsing a list")),
                        None => return Err(self.error("EOF while parsing an object")),
                        _ => {}
                    }
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
            return Err(r.error_at(&format!("duplicate field `{name}`"), r.key_end));
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
    r.array("a sequence", &mut |r| {
        let (mut path, mut content, mut kind) = (None, None, None);
        let mut seen = Seen(0);
        r.object("struct SourceFile", &mut |r, key| {
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
                        kind =
                            Some(variant(r, &[("dockerfile", FileKind::Dockerfile), ("compose", FileKind::Compose)])?);
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
    r.object("struct WireOptions", &mut |r, key| {
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
                r.array("a sequence", &mut |r| {
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

impl WireOptions {
    /// `unsafeFixes`, `policy`, and the [`LintOptions`] (their defaults for what the request
    /// leaves out).
    pub(crate) fn into_parts(self) -> (bool, Option<String>, LintOptions) {
        let d = LintOptions::default();
        let lint = LintOptions {
            position_encoding: self.position_encoding,
            score_fixes: self.score_fixes.unwrap_or(d.score_fixes),
            weights: self.weights.unwrap_or(d.weights),
            context_files: self.context_files,
        };
        (self.unsafe_fixes, self.policy, lint)
    }
}

const WEIGHT_FIELDS: [&str; 5] = ["error", "warning", "info", "style", "cap"];

fn read_weights(r: &mut Reader<'_>) -> Result<Weights, Error> {
    let mut v = [0u32; 5];
    let mut seen = Seen(0);
    r.object("struct Weights", &mut |r, key| {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{ApiLintOptions, FixOptions};

    fn serde_files(t: &str) -> Result<Vec<SourceFile>, String> {
        serde_json::from_str(t).map_err(|e| e.to_string())
    }

    fn ours_fix(t: &str) -> Result<FixOptions, String> {
        read_options(t).map(|w| {
            let (unsafe_fixes, policy, lint) = w.into_parts();
            FixOptions { unsafe_fixes, policy, lint }
        })
    }

    const FILES: &[&str] = &[
        r#"[]"#,
        r#" [ ] "#,
        r#"[{"path":"Dockerfile","content":"FROM a\n"}]"#,
        r#"[{"path":"x","content":"FROM a","kind":"dockerfile"},{"path":"y","content":"","kind":"compose"}]"#,
        r#"[{"path":"x","content":"","kind":null}]"#,
        r#"[{"content":"c","path":"p","extra":{"a":[1,2.5e3,-0,true,false,null,"s",{}],"b":[]}}]"#,
        r#"[{"path":"\u00e9\ud83d\ude00\"\\\/\b\f\n\r\t","content":"tab\there"}]"#,
        "[\n  {\n    \"path\": \"a\",\n    \"content\": \"b\"\n  }\n]\n",
        // errors
        r#"[{"path":1,"content":""}]"#,
        r#"[{"path":"a"}]"#,
        r#"[{"content":"a"}]"#,
        r#"[{"path":"a","content":"b","kind":"yaml"}]"#,
        r#"[{"path":"a","content":"b","kind":3}]"#,
        r#"[{"path":"a","path":"b","content":""}]"#,
        r#"[{"path":"a","content":"b"}"#,
        r#"[{"path":"a","content":"b"},]"#,
        r#"[{"path":"a","content":"b"}] x"#,
        r#"[{"path":"a","content":"b}]"#,
        r#"[{"path":"a\x","content":""}]"#,
        r#"[{"path":"\ud800","content":""}]"#,
        r#"[{"path":"\udc00","content":""}]"#,
        r#"[{"path":"\ud800\u0041","content":""}]"#,
        "[{\"path\":\"a\tb\",\"content\":\"\"}]",
        r#"[{"path":"a","content":"b","x":[1,2}]"#,
        r#"[{"path":"a","content":"b","x":01}]"#,
        r#"[{"path":"a","content":"b","x":1.}]"#,
        r#"[{"path":"a","content":"b","x":tru}]"#,
        r#"[{"path":"a","content":"b","x":{1:2}}]"#,
        r#"[{"path":"a","content":"b","x":{"k" 2}}]"#,
        r#"[1]"#,
        r#"[null]"#,
        r#"["#,
        r#"[{"#,
        r#"[{"path""#,
        r#"[{"path":"#,
        r#"[{"path":"a","content":"b","x":-}]"#,
    ];

    const OPTIONS: &[&str] = &[
        r#"{}"#,
        r#"{"policy":"strict@1","positionEncoding":"utf16","scoreFixes":false,"unsafeFixes":true}"#,
        r#"{"policy":null,"contextFiles":["a/.env",".dockerignore"]}"#,
        r#"{"weights":{"error":1,"warning":2,"info":3,"style":4,"cap":5}}"#,
        r#"{"weights":{"error":1,"warning":2,"info":3,"style":4,"cap":5,"other":[{}]}}"#,
        r#"{"unknown":{"deep":[[[[{"x":"y"}]]]]},"policy":"minimal"}"#,
        r#"{"weights":{"error":4294967295,"warning":0,"info":0,"style":0,"cap":0}}"#,
        // errors
        r#"{"scoreFixes":"yes"}"#,
        r#"{"scoreFixes":null}"#,
        r#"{"scoreFixes":1}"#,
        r#"{"unsafeFixes":[true]}"#,
        r#"{"policy":5}"#,
        r#"{"policy":{"a":1}}"#,
        r#"{"positionEncoding":"utf32"}"#,
        r#"{"positionEncoding":16}"#,
        r#"{"positionEncoding":null}"#,
        r#"{"weights":{"error":1}}"#,
        r#"{"weights":{"error":1.5,"warning":2,"info":3,"style":4,"cap":5}}"#,
        r#"{"weights":{"error":-1,"warning":2,"info":3,"style":4,"cap":5}}"#,
        r#"{"weights":{"error":4294967296,"warning":2,"info":3,"style":4,"cap":5}}"#,
        r#"{"weights":{"error":"1","warning":2,"info":3,"style":4,"cap":5}}"#,
        r#"{"weights":{"error":1,"error":1,"warning":2,"info":3,"style":4,"cap":5}}"#,
        r#"{"weights":null}"#,
        r#"{"weights":true}"#,
        r#"{"contextFiles":"a"}"#,
        r#"{"contextFiles":[1]}"#,
        r#"{"policy":"a","policy":"b"}"#,
        r#"{"policy":"a"} {}"#,
        r#"{"policy":"a""#,
        r#"{"policy" "a"}"#,
        r#"{policy:"a"}"#,
        r#"{"policy":"a",}"#,
        r#"{"x":[1,],"policy":"a"}"#,
        r#"{"x":{"a":1,},"policy":"a"}"#,
        r#"{"x":[{"a":[1,{"b":[]}]}],"policy":"a"}"#,
        r#"{"x":"#,
        r#"{"x":["#,
        r#"{"x":{"#,
        r#"{"x":-"#,
        r#"{"x":-a}"#,
        r#"{"x":1e}"#,
        r#"{"x":1e+}"#,
        r#"{"x":.5}"#,
        r#"{"x":nul}"#,
        r#"{"x":"\u12"}"#,
        r#"{"weights":{"error":-0,"warning":2,"info":3,"style":4,"cap":5}}"#,
        r#"{"weights":{"error":1.0,"warning":2,"info":3,"style":4,"cap":5}}"#,
        r#"{"weights":{"error":-5,"warning":2,"info":3,"style":4,"cap":5}}"#,
        r#"{"weights":{"error":5000000000,"warning":2,"info":3,"style":4,"cap":5}}"#,
        r#"{"weights":{"error":true,"warning":2,"info":3,"style":4,"cap":5}}"#,
        r#"{"weights":{"error":null,"warning":2,"info":3,"style":4,"cap":5}}"#,
        r#"{"weights":{"error":[1],"warning":2,"info":3,"style":4,"cap":5}}"#,
        "{\n  \"policy\": 7\n}",
    ];

    /// The eight-bytes-at-a-time scan finds what a byte-by-byte scan finds.
    #[test]
    fn special_finds_the_first_quote_backslash_or_control_character() {
        let naive = |b: &[u8]| b.iter().position(|&c| c == b'"' || c == b'\\' || c < 0x20);
        let fill = "aé€😀 ~\u{7f}\u{80}zZ09".repeat(3);
        for special_char in ['"', '\\', '\n', '\u{0}', '\u{1f}', '\t'] {
            for at in 0..fill.len() {
                if !fill.is_char_boundary(at) {
                    continue;
                }
                let t = format!("{}{special_char}{}", &fill[..at], &fill[at..]);
                assert_eq!(special(t.as_bytes()), naive(t.as_bytes()), "{t:?}");
            }
        }
        for t in ["", "a", "abcdefgh", "abcdefghi", " !#$%&'()*+,-./[]^_`{|}", "\u{20}\u{21}\u{ff}"] {
            assert_eq!(special(t.as_bytes()), naive(t.as_bytes()), "{t:?}");
        }
    }

    /// A float where an integer is expected: serde_json prints the float it read
    /// (`1000.0`, `1.8446744073709552e+19`); this reader quotes the number as written, with
    /// `.0` added when it has no point or exponent (no float printer in the module).
    #[test]
    fn a_float_is_quoted_as_written() {
        let w = |n: &str| format!(r#"{{"weights":{{"error":{n},"warning":2,"info":3,"style":4,"cap":5}}}}"#);
        let err = |n: &str| ours_fix(&w(n)).unwrap_err();
        assert_eq!(err("1e3"), "invalid type: floating point `1e3`, expected u32 at line 1 column 23");
        assert_eq!(err("1.5E+2"), "invalid type: floating point `1.5E+2`, expected u32 at line 1 column 26");
        assert_eq!(
            err("18446744073709551616"),
            "invalid type: floating point `18446744073709551616.0`, expected u32 at line 1 column 40"
        );
        assert_eq!(
            err("-9223372036854775809"),
            "invalid type: floating point `-9223372036854775809.0`, expected u32 at line 1 column 40"
        );
        for n in ["1e3", "1.5E+2", "18446744073709551616", "-9223372036854775809"] {
            let theirs = serde_json::from_str::<FixOptions>(&w(n)).unwrap_err().to_string();
            assert!(theirs.starts_with("invalid type: floating point `"), "{theirs}");
        }
    }

    /// serde lets a struct be written as an array of its fields in order; a request never
    /// does (the TypeScript types say objects), and this reader refuses it.
    #[test]
    fn a_struct_as_an_array_is_refused() {
        assert!(serde_files(r#"[["a","b"]]"#).is_ok());
        assert_eq!(
            read_files(r#"[["a","b"]]"#).unwrap_err(),
            "invalid type: sequence, expected struct SourceFile at line 1 column 1"
        );
    }

    #[test]
    fn files_as_serde_json_reads_them() {
        let mut diffs = Vec::new();
        for t in FILES {
            let (ours, theirs) = (read_files(t), serde_files(t));
            if ours != theirs {
                diffs.push(format!("{t}\n  ours:       {ours:?}\n  serde_json: {theirs:?}"));
            }
        }
        assert!(diffs.is_empty(), "{}", diffs.join("\n"));
    }

    #[test]
    fn options_as_serde_json_reads_them() {
        let mut diffs = Vec::new();
        for t in OPTIONS {
            let theirs = serde_json::from_str::<FixOptions>(t).map_err(|e| e.to_string());
            let ours = ours_fix(t);
            if ours != theirs {
                diffs.push(format!("{t}\n  ours:       {ours:?}\n  serde_json: {theirs:?}"));
            }
            let lint = serde_json::from_str::<ApiLintOptions>(t).ok();
            assert_eq!(ours.ok().map(|o| ApiLintOptions { policy: o.policy, lint: o.lint }), lint, "{t}");
        }
        assert!(diffs.is_empty(), "{}", diffs.join("\n"));
    }
}

//! JSON (exec) form, decided the way BuildKit decides it (Go `encoding/json`
//! semantics): a valid JSON array of strings is exec form; invalid JSON falls
//! back to shell form; a valid array with a non-string element is an error.
//! Iterative (no recursion), so deep nesting cannot overflow the stack.

#[derive(Debug, PartialEq, Eq)]
pub enum JsonArray {
    /// Not valid JSON (or not an array): BuildKit uses shell form.
    Invalid,
    /// Valid JSON array, but an element is not a string: BuildKit fails.
    NotStrings,
    /// Exec form: decoded strings with their `start..end` (quotes included).
    Strings(Vec<(String, usize, usize)>),
}

struct P<'a> {
    b: &'a [u8],
    s: &'a str,
    i: usize,
    end: usize,
}

impl P<'_> {
    fn ws(&mut self) {
        while self.i < self.end && matches!(self.b[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }
    fn peek(&self) -> Option<u8> {
        if self.i < self.end {
            Some(self.b[self.i])
        } else {
            None
        }
    }
    fn string(&mut self) -> Option<String> {
        // at '"'
        self.i += 1;
        let mut out = String::new();
        loop {
            let c = self.peek()?;
            match c {
                b'"' => {
                    self.i += 1;
                    return Some(out);
                }
                b'\\' => {
                    self.i += 1;
                    let e = self.peek()?;
                    self.i += 1;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            if (0xD800..0xDC00).contains(&hi) {
                                // try a low surrogate
                                let save = self.i;
                                if self.b.get(self.i) == Some(&b'\\')
                                    && self.b.get(self.i + 1) == Some(&b'u')
                                    && self.i + 1 < self.end
                                {
                                    self.i += 2;
                                    if let Some(lo) = self.hex4() {
                                        if (0xDC00..0xE000).contains(&lo) {
                                            let cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                                            out.push(char::from_u32(cp).unwrap_or('\u{fffd}'));
                                            continue;
                                        }
                                    }
                                    self.i = save;
                                }
                                out.push('\u{fffd}');
                            } else {
                                out.push(char::from_u32(hi).unwrap_or('\u{fffd}'));
                            }
                        }
                        _ => return None,
                    }
                }
                0..=0x1f => return None,
                _ => {
                    // copy one UTF-8 char
                    let ch = self.s.get(self.i..self.end)?.chars().next()?;
                    out.push(ch);
                    self.i += ch.len_utf8();
                }
            }
        }
    }
    fn hex4(&mut self) -> Option<u32> {
        let h = self.s.get(self.i..self.i + 4)?;
        if self.i + 4 > self.end || !h.bytes().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        self.i += 4;
        u32::from_str_radix(h, 16).ok()
    }
    fn literal(&mut self, lit: &[u8]) -> Option<()> {
        if self.b.get(self.i..self.i + lit.len())? == lit && self.i + lit.len() <= self.end {
            self.i += lit.len();
            Some(())
        } else {
            None
        }
    }
    fn number(&mut self) -> Option<()> {
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.peek()? {
            b'0' => self.i += 1,
            b'1'..=b'9' => {
                while matches!(self.peek(), Some(b'0'..=b'9')) {
                    self.i += 1;
                }
            }
            _ => return None,
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return None;
            }
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.i += 1;
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return None;
            }
            while matches!(self.peek(), Some(b'0'..=b'9')) {
                self.i += 1;
            }
        }
        Some(())
    }

    /// Validates one JSON value of any shape, iteratively.
    fn skip_value(&mut self) -> Option<()> {
        // stack of containers: b'[' or b'{'
        let mut stack: Vec<u8> = Vec::new();
        loop {
            self.ws();
            // parse a value start
            match self.peek()? {
                b'"' => {
                    self.string()?;
                }
                b'[' => {
                    self.i += 1;
                    self.ws();
                    if self.peek() == Some(b']') {
                        self.i += 1;
                    } else {
                        stack.push(b'[');
                        continue;
                    }
                }
                b'{' => {
                    self.i += 1;
                    self.ws();
                    if self.peek() == Some(b'}') {
                        self.i += 1;
                    } else {
                        stack.push(b'{');
                        // key
                        if self.peek()? != b'"' {
                            return None;
                        }
                        self.string()?;
                        self.ws();
                        if self.peek()? != b':' {
                            return None;
                        }
                        self.i += 1;
                        continue;
                    }
                }
                b't' => self.literal(b"true")?,
                b'f' => self.literal(b"false")?,
                b'n' => self.literal(b"null")?,
                _ => self.number()?,
            }
            // after a value: close containers or continue with a separator
            loop {
                let Some(&top) = stack.last() else {
                    return Some(());
                };
                self.ws();
                match (top, self.peek()?) {
                    (b'[', b']') | (b'{', b'}') => {
                        self.i += 1;
                        stack.pop();
                    }
                    (b'[', b',') => {
                        self.i += 1;
                        break;
                    }
                    (b'{', b',') => {
                        self.i += 1;
                        self.ws();
                        if self.peek()? != b'"' {
                            return None;
                        }
                        self.string()?;
                        self.ws();
                        if self.peek()? != b':' {
                            return None;
                        }
                        self.i += 1;
                        break;
                    }
                    _ => return None,
                }
            }
        }
    }
}

/// Parses `s[start..end]` (already left-trimmed, starting with `[`).
pub fn parse_array(s: &str, start: usize, end: usize) -> JsonArray {
    let mut p = P { b: s.as_bytes(), s, i: start, end };
    p.ws();
    if p.peek() != Some(b'[') {
        return JsonArray::Invalid;
    }
    p.i += 1;
    let mut items = Vec::new();
    let mut all_strings = true;
    p.ws();
    if p.peek() == Some(b']') {
        p.i += 1;
    } else {
        loop {
            p.ws();
            let st = p.i;
            if p.peek() == Some(b'"') {
                match p.string() {
                    Some(v) => items.push((v, st, p.i)),
                    None => return JsonArray::Invalid,
                }
            } else {
                all_strings = false;
                if p.skip_value().is_none() {
                    return JsonArray::Invalid;
                }
            }
            p.ws();
            match p.peek() {
                Some(b',') => p.i += 1,
                Some(b']') => {
                    p.i += 1;
                    break;
                }
                _ => return JsonArray::Invalid,
            }
        }
    }
    p.ws();
    if p.i != end {
        return JsonArray::Invalid;
    }
    if all_strings {
        JsonArray::Strings(items)
    } else {
        JsonArray::NotStrings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vals(s: &str) -> JsonArray {
        parse_array(s, 0, s.len())
    }

    #[test]
    fn go_semantics() {
        match vals(r#"["a b", "\u00e9\n", "\/"]"#) {
            JsonArray::Strings(v) => {
                let v: Vec<_> = v.into_iter().map(|x| x.0).collect();
                assert_eq!(v, ["a b", "\u{e9}\n", "/"]);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(vals("['a']"), JsonArray::Invalid);
        assert_eq!(vals(r#"["a""#), JsonArray::Invalid);
        assert_eq!(vals(r#"["a"] x"#), JsonArray::Invalid);
        assert_eq!(vals(r#"[["a"]]"#), JsonArray::NotStrings);
        assert_eq!(vals(r#"["a", 1e5, {"k": [true, null]}]"#), JsonArray::NotStrings);
        assert_eq!(vals("[]"), JsonArray::Strings(vec![]));
        assert_eq!(vals("[01]"), JsonArray::Invalid);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let s = format!("[{}{}]", "[".repeat(200_000), "]".repeat(200_000));
        assert_eq!(vals(&s), JsonArray::NotStrings);
    }
}

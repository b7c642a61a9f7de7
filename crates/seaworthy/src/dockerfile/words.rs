//! Word-level scanners that reproduce BuildKit's `splitCommand`,
//! `extractBuilderFlags`, `parseWords` and `reWhitespace` splitting, with
//! positions. All positions are byte offsets into the logical line.

/// Go's `unicode.IsSpace`.
pub fn is_go_space(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{85}' | '\u{a0}')
        || (c > '\u{ff}' && c.is_whitespace())
}

/// BuildKit's `reWhitespace`: `[\t\v\f\r ]+`.
pub fn is_re_ws(c: char) -> bool {
    matches!(c, '\t' | '\u{b}' | '\u{c}' | '\r' | ' ')
}

/// Go's `unicode.IsSpace` applied to a single byte taken as a rune (as BuildKit does in
/// `extractBuilderFlags` and `parseHealthConfig`), ASCII only. BuildKit also splits at the
/// bytes 0x85 and 0xA0, but in UTF-8 text those bytes only occur inside a multi-byte character
/// (`à` is `C3 A0`): splitting there would cut the character in two, so we keep characters whole
/// (a deliberate difference, found by fuzzing).
pub fn is_go_space_byte(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ')
}

/// Trims Go-`unicode.IsSpace` characters: returns the trimmed sub-range.
pub fn trim_range(line: &str, start: usize, end: usize) -> (usize, usize) {
    let s = &line[start..end];
    let t = s.trim_start_matches(is_go_space);
    let ns = start + (s.len() - t.len());
    let t2 = t.trim_end_matches(is_go_space);
    (ns, ns + t2.len())
}

/// A flag word found by [`extract_flags`]: its unquoted value and raw range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawFlag {
    pub word: String,
    pub start: usize,
    pub end: usize,
}

/// BuildKit's `extractBuilderFlags` over `line[start..end]`: leading `--flag` words,
/// and the offset where the remaining arguments start (`end` if nothing remains).
pub fn extract_flags(line: &str, start: usize, end: usize) -> (Vec<RawFlag>, usize) {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote,
    }
    let b = line.as_bytes();
    let mut words = Vec::new();
    let mut phase = Phase::Spaces;
    let mut word: Vec<u8> = Vec::new();
    let mut word_start = start;
    let mut quote = 0u8;
    let mut blank_ok = false;
    let mut pos = start;
    loop {
        let at_end = pos >= end;
        let ch = if at_end { 0 } else { b[pos] };
        if phase == Phase::Spaces {
            if at_end {
                break;
            }
            if is_go_space_byte(ch) {
                pos += 1;
                continue;
            }
            if ch != b'-' || pos + 1 >= end || b[pos + 1] != b'-' {
                return (words, pos);
            }
            phase = Phase::Word;
            word_start = pos;
        }
        if at_end {
            if word != b"--" && (blank_ok || !word.is_empty()) {
                words.push(RawFlag { word: String::from_utf8_lossy(&word).into_owned(), start: word_start, end: pos });
            }
            break;
        }
        if phase == Phase::Word {
            if is_go_space_byte(ch) {
                phase = Phase::Spaces;
                if word == b"--" {
                    return (words, pos);
                }
                if blank_ok || !word.is_empty() {
                    words.push(RawFlag {
                        word: String::from_utf8_lossy(&word).into_owned(),
                        start: word_start,
                        end: pos,
                    });
                }
                word.clear();
                blank_ok = false;
                pos += 1;
                continue;
            }
            if ch == b'\'' || ch == b'"' {
                quote = ch;
                blank_ok = true;
                phase = Phase::Quote;
                pos += 1;
                continue;
            }
            let mut c = ch;
            if c == b'\\' {
                if pos + 1 >= end {
                    pos += 1;
                    continue;
                }
                pos += 1;
                c = b[pos];
            }
            word.push(c);
            pos += 1;
            continue;
        }
        // Quote
        if ch == quote {
            phase = Phase::Word;
            pos += 1;
            continue;
        }
        let mut c = ch;
        if c == b'\\' {
            if pos + 1 >= end {
                phase = Phase::Word;
                pos += 1;
                continue;
            }
            pos += 1;
            c = b[pos];
        }
        word.push(c);
        pos += 1;
    }
    (words, end)
}

/// BuildKit's `parseWords` (ENV, LABEL, ARG) over `line[start..end]`: words with
/// quotes kept, and their ranges.
pub fn parse_words(line: &str, start: usize, end: usize, escape: char) -> Vec<(String, usize, usize)> {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote,
    }
    let s = &line[start..end];
    let mut out = Vec::new();
    let mut phase = Phase::Spaces;
    let mut word = String::new();
    let mut wstart = 0usize;
    let mut quote = '\0';
    let mut blank_ok = false;
    let mut it = s.char_indices().peekable();
    loop {
        let next = it.next();
        let Some((pos, ch)) = next else {
            if phase != Phase::Spaces && (blank_ok || !word.is_empty()) {
                out.push((std::mem::take(&mut word), start + wstart, end));
            }
            break;
        };
        let w = ch.len_utf8();
        if phase == Phase::Spaces {
            if is_go_space(ch) {
                continue;
            }
            phase = Phase::Word;
            wstart = pos;
        }
        if phase == Phase::Word {
            if is_go_space(ch) {
                phase = Phase::Spaces;
                if blank_ok || !word.is_empty() {
                    // an exact-size copy; the buffer keeps its capacity for the next word
                    out.push((word.clone(), start + wstart, start + pos));
                }
                word.clear();
                blank_ok = false;
                continue;
            }
            if ch == '\'' || ch == '"' {
                quote = ch;
                blank_ok = true;
                phase = Phase::Quote;
            }
            if ch == escape {
                if pos + w == s.len() {
                    continue;
                }
                word.push(ch);
                if let Some((_, c2)) = it.next() {
                    word.push(c2);
                }
                continue;
            }
            word.push(ch);
            continue;
        }
        // Quote
        if ch == quote {
            phase = Phase::Word;
        }
        if ch == escape && quote != '\'' {
            if pos + w == s.len() {
                phase = Phase::Word;
                continue;
            }
            word.push(ch);
            if let Some((_, c2)) = it.next() {
                word.push(c2);
            }
            continue;
        }
        word.push(ch);
    }
    out
}

/// `reWhitespace.Split(line[start..end], n)` as ranges (`n == 0` means no limit).
pub fn split_re_ws(line: &str, start: usize, end: usize, n: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    split_re_ws_each(line, start, end, n, |r| out.push(r));
    out
}

/// `reWhitespace.Split(line[start..end], 2)`: the first part and the rest, if there is
/// whitespace (the keyword and its arguments), without a list per instruction.
pub fn split_re_ws2(line: &str, start: usize, end: usize) -> ((usize, usize), Option<(usize, usize)>) {
    let mut parts = [None; 2];
    let mut k = 0;
    split_re_ws_each(line, start, end, 2, |r| {
        if let Some(p) = parts.get_mut(k) {
            *p = Some(r);
        }
        k += 1;
    });
    (parts[0].unwrap_or((start, end)), parts[1])
}

/// [`split_re_ws`], each range given to `push`.
fn split_re_ws_each(line: &str, start: usize, end: usize, n: usize, mut push: impl FnMut((usize, usize))) {
    let s = &line[start..end];
    let mut count = 0usize;
    let mut cur = 0usize;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if n != 0 && count + 1 == n {
            break;
        }
        if is_re_ws(c) {
            let mut j = i + c.len_utf8();
            while let Some(&(k, c2)) = chars.peek() {
                if is_re_ws(c2) {
                    j = k + c2.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            push((start + cur, start + i));
            count += 1;
            cur = j;
        }
    }
    push((start + cur, end));
}

/// Removes quotes and escapes from an ENV/LABEL/ARG value the way the builder does
/// before expansion (approximation of BuildKit's shell lexer without expansion).
pub fn unquote(value: &str, escape: char) -> String {
    let mut out = String::with_capacity(value.len());
    let mut it = value.chars().peekable();
    while let Some(c) = it.next() {
        if c == '\'' {
            for c2 in it.by_ref() {
                if c2 == '\'' {
                    break;
                }
                out.push(c2);
            }
        } else if c == '"' {
            while let Some(c2) = it.next() {
                if c2 == '"' {
                    break;
                }
                if c2 == escape {
                    match it.peek() {
                        Some(&n) if n == '"' || n == '$' || n == escape || n == '`' => {
                            out.push(n);
                            it.next();
                            continue;
                        }
                        _ => {}
                    }
                }
                out.push(c2);
            }
        } else if c == escape {
            if let Some(n) = it.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A `$VAR` reference found by [`scan_var_refs`], as logical ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawVarRef {
    pub name: String,
    pub start: usize,
    pub end: usize,
    pub name_start: usize,
    pub name_end: usize,
    pub modifier: String,
    pub operand: Option<String>,
}

/// Finds variable references in `line[start..end]` the way BuildKit's shell lexer expands
/// them: not inside single quotes, not after the escape character.
pub fn scan_var_refs(line: &str, start: usize, end: usize, escape: char) -> Vec<RawVarRef> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut i = start;
    let mut in_single = false;
    let mut in_double = false;
    let esc = if escape.is_ascii() { escape as u8 } else { b'\\' };
    while i < end {
        let c = b[i];
        if in_single {
            if c == b'\'' {
                in_single = false;
            }
            i += 1;
            continue;
        }
        if c == esc {
            i += 2;
            continue;
        }
        match c {
            b'\'' if !in_double => in_single = true,
            b'"' => in_double = !in_double,
            b'$' => {
                if let Some((r, next)) = var_at(line, i, end) {
                    out.push(r);
                    i = next;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

fn is_name_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

fn var_at(line: &str, at: usize, end: usize) -> Option<(RawVarRef, usize)> {
    let b = line.as_bytes();
    let n = *b.get(at + 1)?;
    if at + 1 >= end {
        return None;
    }
    if n == b'{' {
        let ns = at + 2;
        let mut j = ns;
        while j < end && is_name_byte(b[j]) {
            j += 1;
        }
        if j == ns {
            return None;
        }
        let name_end = j;
        // find the matching close brace (nesting allowed in operands)
        let mut depth = 1usize;
        let mut k = j;
        while k < end {
            match b[k] {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            k += 1;
        }
        if k >= end {
            return None;
        }
        let inner = &line[name_end..k];
        let (modifier, operand) = split_modifier(inner);
        Some((
            RawVarRef {
                name: line[ns..name_end].to_string(),
                start: at,
                end: k + 1,
                name_start: ns,
                name_end,
                modifier,
                operand,
            },
            k + 1,
        ))
    } else if n.is_ascii_alphabetic() || n == b'_' {
        let ns = at + 1;
        let mut j = ns;
        while j < end && is_name_byte(b[j]) {
            j += 1;
        }
        Some((
            RawVarRef {
                name: line[ns..j].to_string(),
                start: at,
                end: j,
                name_start: ns,
                name_end: j,
                modifier: String::new(),
                operand: None,
            },
            j,
        ))
    } else {
        None
    }
}

fn split_modifier(inner: &str) -> (String, Option<String>) {
    for m in [":-", ":+", ":?", "-", "+", "?"] {
        if let Some(rest) = inner.strip_prefix(m) {
            return (m.to_string(), Some(rest.to_string()));
        }
    }
    if inner.is_empty() {
        (String::new(), None)
    } else {
        // other operators (e.g. `#`, `%`, `/`) are kept verbatim
        let op: String = inner.chars().take_while(|c| !c.is_alphanumeric()).collect();
        let rest = inner[op.len()..].to_string();
        (op, Some(rest))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_part_split_is_the_split_in_two() {
        for line in ["", " ", "RUN", "RUN a b", "  RUN\t \ta  b ", "\u{e9}x \u{e9}", "RUN ", " a", "a\u{b}\u{c}\rb"] {
            for (s, e) in [(0, line.len()), (line.len().min(1), line.len())] {
                if !line.is_char_boundary(s) {
                    continue;
                }
                let all = split_re_ws(line, s, e, 2);
                let (first, rest) = split_re_ws2(line, s, e);
                assert_eq!(Some(&first), all.first(), "{line:?}");
                assert_eq!(rest.as_ref(), all.get(1), "{line:?}");
                assert!(all.len() <= 2);
            }
        }
    }

    #[test]
    fn flags_are_extracted_with_ranges() {
        let line = "--mount=type=cache,target=/x --link \"--a=b c\" rest of it";
        let (flags, rest) = extract_flags(line, 0, line.len());
        assert_eq!(flags.len(), 2, "a quoted word is not a flag");
        assert_eq!(flags[0].word, "--mount=type=cache,target=/x");
        assert_eq!(&line[flags[1].start..flags[1].end], "--link");
        // A word starting with a quote is not a flag
        let (f2, r2) = extract_flags("--a=\"x y\" b", 0, 11);
        assert_eq!(f2[0].word, "--a=x y");
        assert_eq!(r2, 10);
        assert_eq!(&line[rest..], "\"--a=b c\" rest of it");
        // `--` ends the flags
        let l3 = "--a -- --b c";
        let (f3, r3) = extract_flags(l3, 0, l3.len());
        assert_eq!(f3.len(), 1);
        assert_eq!(l3[r3..].trim(), "--b c");
    }

    #[test]
    fn words_keep_quotes() {
        let line = "a=\"x y\" b='c d' e\\ f";
        let w = parse_words(line, 0, line.len(), '\\');
        let vals: Vec<_> = w.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(vals, ["a=\"x y\"", "b='c d'", "e\\ f"]);
        assert_eq!(&line[w[1].1..w[1].2], "b='c d'");
    }

    #[test]
    fn var_refs_found() {
        let line = "${A:-x} $B '$C' \\$D \"$E\"";
        let refs = scan_var_refs(line, 0, line.len(), '\\');
        let names: Vec<_> = refs.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["A", "B", "E"]);
        assert_eq!(refs[0].modifier, ":-");
        assert_eq!(refs[0].operand.as_deref(), Some("x"));
    }

    #[test]
    fn unquote_values() {
        assert_eq!(unquote("\"a b\"", '\\'), "a b");
        assert_eq!(unquote("'a\\b'", '\\'), "a\\b");
        assert_eq!(unquote("a\\ b", '\\'), "a b");
    }
}

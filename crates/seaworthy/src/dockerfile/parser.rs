//! The BuildKit-faithful, lossless Dockerfile parser.
//!
//! It follows BuildKit's `parser.Parse` line by line (directives, continuations,
//! comments inside continuations, empty continuation lines, heredocs) and its
//! per-keyword line parsers, while keeping a byte span for everything and
//! recovering from every error: a problem becomes a [`ParseError`] and parsing goes
//! on with the next line. Every loop advances, nothing recurses on input depth
//! (ONBUILD nesting is bounded), so time and memory are linear in the input.

use super::ast::*;
use super::json::{parse_array, JsonArray};
use super::logical::LogicalLine;
use super::words::{
    extract_flags, is_go_space, is_go_space_byte, parse_words, scan_var_refs, split_re_ws, split_re_ws2, trim_range,
};
use crate::span::Span;

/// How deep `ONBUILD ONBUILD ...` is parsed before the rest is kept as text.
const MAX_ONBUILD_DEPTH: usize = 4;

#[derive(Clone, Copy)]
struct Line {
    /// First byte of the line (after a BOM on line 1).
    start: usize,
    /// End of the content (trailing `\r`/`\n` removed).
    content_end: usize,
    /// End including the line ending.
    end: usize,
}

fn split_lines(src: &str, first: usize) -> Vec<Line> {
    let b = src.as_bytes();
    // the exact number of lines, so the vector never grows
    let mut lines = Vec::with_capacity(count_nl(b.get(first..).unwrap_or(&[])) + 1);
    let mut start = first;
    while start < b.len() {
        let end = match memchr_nl(&b[start..]) {
            Some(i) => start + i + 1,
            None => b.len(),
        };
        let mut ce = end;
        while ce > start && (b[ce - 1] == b'\n' || b[ce - 1] == b'\r') {
            ce -= 1;
        }
        lines.push(Line { start, content_end: ce, end });
        start = end;
    }
    lines
}

/// The number of `\n` bytes in `b`, eight at a time: per byte of `x = word ^ 0x0a..`, the high
/// bit of `!((x & 0x7f) + 0x7f | x)` is set exactly when that byte is zero.
fn count_nl(b: &[u8]) -> usize {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const NL: u64 = 0x0101_0101_0101_0101 * b'\n' as u64;
    let mut chunks = b.chunks_exact(8);
    let mut n = 0usize;
    for c in chunks.by_ref() {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        let x = u64::from_le_bytes(w) ^ NL;
        n += (!(((x & LOW7) + LOW7) | x | LOW7)).count_ones() as usize;
    }
    n + chunks.remainder().iter().filter(|&&c| c == b'\n').count()
}

/// The first `\n` in `b`: eight bytes at a time (a word has a `\n` byte when `x ^ 0x0a..`
/// has a zero byte), then byte by byte.
fn memchr_nl(b: &[u8]) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    const NL: u64 = LO * b'\n' as u64;
    let mut chunks = b.chunks_exact(8);
    let mut at = 0;
    for c in chunks.by_ref() {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        let x = u64::from_le_bytes(w) ^ NL;
        if x.wrapping_sub(LO) & !x & HI != 0 {
            if let Some(p) = c.iter().position(|&y| y == b'\n') {
                return Some(at + p);
            }
        }
        at += 8;
    }
    chunks.remainder().iter().position(|&c| c == b'\n').map(|p| at + p)
}

/// Whether a raw line is a comment (`#` after leading whitespace).
fn is_comment(text: &str) -> bool {
    text.trim_start_matches(is_go_space).starts_with('#')
}

/// BuildKit's continuation regex: `([^E])E[ \t]*$|^E[ \t]*$`.
/// Returns the length of the text kept, or `None` if the line does not continue.
fn continuation_cut(text: &str, escape: char) -> Option<usize> {
    let trimmed = text.trim_end_matches([' ', '\t']);
    let before = trimmed.strip_suffix(escape)?;
    match before.chars().next_back() {
        None => Some(0),
        Some(c) if c != escape => Some(before.len()),
        Some(_) => None,
    }
}

/// Go's `\s` class used by BuildKit's directive and heredoc regexes.
fn is_re_s(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\u{c}' | '\r' | ' ')
}

/// Matches `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`; returns (name, value range in `t`).
fn match_directive(t: &str) -> Option<(&str, usize, usize)> {
    let rest = t.strip_prefix('#')?;
    let off = 1 + (rest.len() - rest.trim_start_matches(is_re_s).len());
    let r = &t[off..];
    let first = r.chars().next()?;
    if !first.is_ascii_alphabetic() {
        return None;
    }
    let name_len = r.bytes().take_while(|c| c.is_ascii_alphanumeric()).count();
    let name = &r[..name_len];
    let after = &r[name_len..];
    let after_t = after.trim_start_matches(is_re_s);
    let after_eq = after_t.strip_prefix('=')?;
    let val = after_eq.trim_start_matches(is_re_s);
    let vstart = t.len() - val.len();
    let vtrim = val.trim_end_matches(is_re_s);
    if vtrim.is_empty() {
        return None;
    }
    Some((name, vstart, vstart + vtrim.len()))
}

struct Parser<'a> {
    src: &'a str,
    lines: Vec<Line>,
    escape: char,
    out: Dockerfile,
}

/// Parses a Dockerfile. Never fails and never panics: problems are in `errors`.
pub fn parse(src: &str) -> Dockerfile {
    let bom = src.starts_with('\u{feff}');
    let first = if bom { 3 } else { 0 };
    let mut p = Parser {
        src,
        lines: split_lines(src, first),
        escape: '\\',
        out: Dockerfile {
            len: src.len(),
            escape: '\\',
            bom: bom.then_some(Span::new(0, 3)),
            directives: Vec::new(),
            comments: Vec::new(),
            instructions: Vec::new(),
            segments: Vec::new(),
            errors: Vec::new(),
        },
    };
    if bom {
        p.out.segments.push(Segment { kind: SegmentKind::Bom, span: Span::new(0, 3) });
    }
    p.run();
    p.out.escape = p.escape;
    p.out
}

/// An index into the parsed lists (see [`SegmentKind`]) or a line number, as `u32`.
fn index32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

impl<'a> Parser<'a> {
    fn text(&self, l: Line) -> &'a str {
        &self.src[l.start..l.content_end]
    }

    fn error(&mut self, kind: ParseErrorKind, code: &'static str, message: String, span: Span, line: usize) {
        self.out.errors.push(ParseError { kind, code, message, span, line });
    }

    fn run(&mut self) {
        let mut directives_done = false;
        let mut seen: Vec<String> = Vec::new();
        let mut prev_comments: Vec<Span> = Vec::new();
        // the logical line of the instruction being parsed, its buffers reused from one
        // instruction to the next
        let mut logical = LogicalLine::default();
        let mut i = 0usize;
        let n = self.lines.len();
        while i < n {
            let line = self.lines[i];
            let raw = self.text(line);
            let token = raw.trim_start_matches(is_go_space);
            let tok_start = line.content_end - token.len();
            let comment = token.starts_with('#');

            // Parser directives: only while every line so far has been one.
            if !directives_done {
                match match_directive(token) {
                    Some((name, vs, ve))
                        if ["syntax", "escape", "check"].contains(&name.to_ascii_lowercase().as_str()) =>
                    {
                        let lname = name.to_ascii_lowercase();
                        let value = token[vs..ve].to_string();
                        let span = Span::new(tok_start, line.content_end);
                        let value_span = Span::new(tok_start + vs, tok_start + ve);
                        if seen.contains(&lname) {
                            self.error(
                                ParseErrorKind::Error,
                                "duplicate-directive",
                                format!("only one {lname} parser directive can be used"),
                                span,
                                i + 1,
                            );
                        } else {
                            seen.push(lname.clone());
                            if lname == "escape" {
                                if value == "`" || value == "\\" {
                                    self.escape = value.chars().next().unwrap_or('\\');
                                } else {
                                    self.error(
                                        ParseErrorKind::Error,
                                        "invalid-escape",
                                        format!("invalid escape token '{value}' does not match ` or \\"),
                                        value_span,
                                        i + 1,
                                    );
                                }
                            }
                        }
                        let idx = self.out.directives.len();
                        self.out.directives.push(Directive { name: lname, value, span, value_span });
                        self.push_comment(token, tok_start, line.content_end, false, &mut prev_comments);
                        self.out.comments.pop();
                        self.out.segments.push(Segment {
                            kind: SegmentKind::Directive(index32(idx)),
                            span: Span::new(line.start, line.end),
                        });
                        i += 1;
                        continue;
                    }
                    _ => directives_done = true,
                }
            }

            if comment {
                let idx = self.out.comments.len();
                self.push_comment(token, tok_start, line.content_end, false, &mut prev_comments);
                self.out
                    .segments
                    .push(Segment { kind: SegmentKind::Comment(index32(idx)), span: Span::new(line.start, line.end) });
                i += 1;
                continue;
            }

            let (keep, mut eol) = match continuation_cut(token, self.escape) {
                Some(k) => (k, false),
                None => (token.len(), true),
            };
            if eol && keep == 0 {
                self.out.segments.push(Segment { kind: SegmentKind::Blank, span: Span::new(line.start, line.end) });
                i += 1;
                continue;
            }

            // An instruction starts here.
            let start_line = i + 1;
            logical.clear();
            logical.push(&token[..keep], tok_start);
            let mut last = i;
            let mut j = i + 1;
            while !eol && j < n {
                let l2 = self.lines[j];
                let raw2 = self.text(l2);
                last = j;
                j += 1;
                if is_comment(raw2) {
                    let t2 = raw2.trim_start_matches(is_go_space);
                    let mut scratch = Vec::new();
                    self.push_comment(t2, l2.content_end - t2.len(), l2.content_end, true, &mut scratch);
                    continue;
                }
                if raw2.trim_start_matches(is_go_space).is_empty() {
                    self.error(
                        ParseErrorKind::Warning,
                        "empty-continuation-line",
                        "empty continuation line inside an instruction".to_string(),
                        Span::new(l2.start, l2.end),
                        j,
                    );
                    continue;
                }
                let (k2, e2) = match continuation_cut(raw2, self.escape) {
                    Some(k) => (k, false),
                    None => (raw2.len(), true),
                };
                eol = e2;
                logical.push(&raw2[..k2], l2.start);
            }

            let mut ins = self.node(&logical, 0, logical.text.len(), 0);
            let mut end_line = last + 1;
            let mut end = self.lines[last].content_end;
            let mut seg_end = self.lines[last].end;

            // Heredocs (RUN/COPY/ADD, also under ONBUILD; never in JSON form).
            if can_contain_heredoc(&ins) && has_heredoc_marker(&logical.text) {
                let mut heredocs = Vec::new();
                let mut k = last + 1;
                for (name, expand, chomp, ms, me) in heredoc_markers(&logical.text) {
                    let body_start = self.lines.get(k).map_or(self.src.len(), |l| l.start);
                    let mut content = String::new();
                    let mut terminator = None;
                    while k < n {
                        let l3 = self.lines[k];
                        k += 1;
                        let t3 = self.text(l3);
                        let cand = if chomp { t3.trim_start_matches('\t') } else { t3 };
                        if cand == name {
                            terminator = Some(Span::new(l3.start, l3.content_end));
                            end = l3.content_end;
                            seg_end = l3.end;
                            break;
                        }
                        content.push_str(&self.src[l3.start..l3.end]);
                        end = l3.content_end;
                        seg_end = l3.end;
                    }
                    let body_end = terminator.map_or(seg_end, |t| t.start);
                    end_line = k;
                    if terminator.is_none() {
                        self.error(
                            ParseErrorKind::Error,
                            "unterminated-heredoc",
                            format!("unterminated heredoc: no line `{name}` closes it"),
                            logical.span(ms, me),
                            start_line,
                        );
                    }
                    heredocs.push(Heredoc {
                        name,
                        expand,
                        chomp,
                        marker_span: logical.span(ms, me),
                        body_span: Span::new(body_start, body_end.max(body_start)),
                        content,
                        terminator_span: terminator,
                    });
                }
                ins.heredocs = heredocs.into_iter().collect();
            }

            ins.span = Span::new(ins.keyword_span.start, end.max(ins.keyword_span.start));
            ins.start_line = index32(start_line);
            ins.end_line = index32(end_line);
            ins.prev_comments = prev_comments.drain(..).collect();
            let idx = self.out.instructions.len();
            // attach the line-level error location
            for e in self.out.errors.iter_mut().rev() {
                if e.line == 0 {
                    e.line = start_line;
                } else {
                    break;
                }
            }
            ins.logical = logical.to_map();
            self.out.instructions.push(ins);
            self.out
                .segments
                .push(Segment { kind: SegmentKind::Instruction(index32(idx)), span: Span::new(line.start, seg_end) });
            i = end_line.max(i + 1);
        }

        if self.out.instructions.is_empty() {
            let at = self.src.len();
            self.error(
                ParseErrorKind::Error,
                "no-instructions",
                "file with no instructions".to_string(),
                Span::empty(at),
                n,
            );
        }
    }

    /// `token` is the comment line `src[start..end]`, from its `#`.
    fn push_comment(&mut self, token: &str, start: usize, end: usize, inside: bool, prev: &mut Vec<Span>) {
        let body = token.get(1..).unwrap_or("");
        let from = body.trim_start_matches(is_go_space);
        let text = from.trim_end_matches(is_go_space);
        if !inside {
            if text.is_empty() {
                prev.clear();
            } else {
                // where the text is, not a copy of it
                let at = (start + 1 + (body.len() - from.len())).min(end);
                prev.push(Span::new(at, (at + text.len()).min(end)));
            }
        }
        self.out.comments.push(Comment { span: Span::new(start, end), text: text.into(), inside_instruction: inside });
    }

    /// BuildKit's `newNodeFromLine` over `l.text[start..end]`. Errors are pushed with line 0
    /// (filled in by the caller).
    fn node(&mut self, l: &LogicalLine, start: usize, end: usize, depth: usize) -> Instruction {
        let text = &l.text;
        let (ts, te) = trim_range(text, start, end);
        let ((ks, ke), after_keyword) = split_re_ws2(text, ts, te);
        let word = &text[ks..ke];
        // Known keywords are ASCII and at most 11 bytes: lower-case them on the stack.
        let mut buf = [0u8; 11];
        let keyword = match buf.get_mut(..word.len()) {
            Some(b) if word.is_ascii() => {
                b.copy_from_slice(word.as_bytes());
                b.make_ascii_lowercase();
                std::str::from_utf8(b).map_or(Keyword::Unknown, Keyword::from_lowercase)
            }
            _ => Keyword::from_lowercase(&word.to_lowercase()),
        };
        let keyword_text = match keyword.lowercase() {
            Some(k) => std::borrow::Cow::Borrowed(k),
            None => std::borrow::Cow::Owned(word.to_lowercase()),
        };
        let mut flags = crate::shell::RareList::default();
        let (mut as_, mut ae) = (te, te);
        if let Some((rs, re)) = after_keyword {
            let (raw_flags, rest) = extract_flags(text, rs, re);
            flags = raw_flags.into_iter().map(|f| self.flag(l, f)).collect();
            (as_, ae) = trim_range(text, rest, re);
        }
        let mut ins = Instruction {
            keyword,
            keyword_text,
            keyword_span: l.span(ks, ke),
            span: l.span(ks, te),
            start_line: 0,
            end_line: 0,
            flags,
            args: Args::None,
            heredocs: Default::default(),
            var_refs: Default::default(),
            prev_comments: Default::default(),
            logical: super::logical::LogicalMap::default(),
            scripts: std::cell::OnceCell::new(),
        };
        let rest = &text[as_..ae];
        let word = |s: usize, e: usize| Word { value: text[s..e].to_string(), span: l.span(s, e) };
        ins.args = match keyword {
            Keyword::Run | Keyword::Cmd | Keyword::Entrypoint | Keyword::Shell => self.maybe_json(l, as_, ae, false),
            Keyword::Add | Keyword::Copy | Keyword::Volume => self.maybe_json(l, as_, ae, true),
            Keyword::Expose | Keyword::From => whitespace_words(l, as_, ae),
            Keyword::Maintainer | Keyword::User | Keyword::Workdir | Keyword::Stopsignal => {
                if rest.is_empty() {
                    Args::None
                } else {
                    Args::String { text: word(as_, ae) }
                }
            }
            Keyword::Env | Keyword::Label => self.name_val(l, as_, ae, keyword),
            Keyword::Arg => {
                let pairs: Vec<KeyValue> = parse_words(text, as_, ae, self.escape)
                    .into_iter()
                    .map(|(w, s, e)| split_pair(l, &w, s, e, false, true))
                    .collect();
                if pairs.is_empty() {
                    Args::None
                } else {
                    Args::ArgNames { pairs }
                }
            }
            Keyword::Healthcheck => {
                let b = rest.as_bytes();
                let sep = b.iter().position(|&c| is_go_space_byte(c)).unwrap_or(b.len());
                let next = sep + b[sep..].iter().take_while(|&&c| is_go_space_byte(c)).count();
                if sep == 0 {
                    Args::None
                } else {
                    let kind = word(as_, as_ + sep);
                    let cmd = self.maybe_json(l, as_ + next, ae, false);
                    Args::Healthcheck { kind, cmd: Box::new(cmd) }
                }
            }
            Keyword::Onbuild => {
                if rest.is_empty() {
                    Args::None
                } else if depth >= MAX_ONBUILD_DEPTH {
                    Args::Ignored { text: Some(word(as_, ae)) }
                } else {
                    let inner = self.node(l, as_, ae, depth + 1);
                    Args::Onbuild { inner: Box::new(inner) }
                }
            }
            Keyword::Unknown => Args::Ignored { text: (!rest.is_empty()).then(|| word(as_, ae)) },
        };
        if keyword.expands_variables() && keyword != Keyword::Onbuild {
            let from = after_keyword.map_or(te, |p| p.0);
            ins.var_refs = scan_var_refs(text, from, te, self.escape)
                .into_iter()
                .map(|r| VarRef {
                    span: l.span(r.start, r.end),
                    name_span: l.span(r.name_start, r.name_end),
                    name: r.name,
                    modifier: r.modifier,
                    operand: r.operand,
                })
                .collect();
        }
        ins
    }

    fn flag(&self, l: &LogicalLine, f: super::words::RawFlag) -> Flag {
        let body = f.word.strip_prefix("--").unwrap_or(&f.word);
        let (name, value) = match body.split_once('=') {
            Some((n, v)) => (n.to_string(), Some(v.to_string())),
            None => (body.to_string(), None),
        };
        let raw = &l.text[f.start..f.end];
        // Positions come from the raw text: the processed word has lost its quotes and
        // escapes, so its lengths do not measure the source (`--a"é"=b` has a 4-byte name).
        let floor = |mut i: usize| {
            while !l.text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let name_start = floor((f.start + 2).min(f.end));
        let eq = value.as_ref().and_then(|_| raw.find('=')).map(|p| f.start + p);
        let name_end = eq.unwrap_or(f.end).max(name_start);
        let value_span = value.as_ref().map(|_| l.span(eq.map_or(f.end, |e| e + 1), f.end));
        Flag {
            name,
            value,
            span: l.span(f.start, f.end),
            name_span: l.span(name_start, name_end),
            value_span,
            raw: f.word,
        }
    }

    /// `parseMaybeJSON` (`to_list == false`) and `parseMaybeJSONToList`.
    fn maybe_json(&mut self, l: &LogicalLine, s: usize, e: usize, to_list: bool) -> Args {
        let text = &l.text;
        if s >= e && !to_list {
            return Args::None;
        }
        let t = text[s..e].trim_start_matches(is_go_space);
        let js = e - t.len();
        if t.starts_with('[') {
            match parse_array(text, js, e) {
                JsonArray::Strings(items) => {
                    let items = items.into_iter().map(|(v, a, b)| Word { value: v, span: l.span(a, b) }).collect();
                    return Args::Json { items, span: l.span(js, e) };
                }
                JsonArray::NotStrings => {
                    self.error(
                        ParseErrorKind::Error,
                        "json-not-strings",
                        "when using JSON array syntax, arrays must be comprised of strings only".to_string(),
                        l.span(js, e),
                        0,
                    );
                }
                JsonArray::Invalid => {}
            }
        }
        if to_list {
            whitespace_words(l, s, e)
        } else {
            Args::Shell { text: Word { value: text[s..e].to_string(), span: l.span(s, e) }, offset: s }
        }
    }

    /// `parseNameVal` for ENV and LABEL.
    fn name_val(&mut self, l: &LogicalLine, s: usize, e: usize, kw: Keyword) -> Args {
        let text = &l.text;
        let words = parse_words(text, s, e, self.escape);
        if words.is_empty() {
            return Args::None;
        }
        if !words[0].0.contains('=') {
            let parts = split_re_ws(text, s, e, 2);
            if parts.len() < 2 {
                self.error(
                    ParseErrorKind::Error,
                    "missing-value",
                    format!("{} must have two arguments", kw.as_str()),
                    l.span(s, e),
                    0,
                );
                let (ks, ke) = parts[0];
                let key = Word { value: text[ks..ke].to_string(), span: l.span(ks, ke) };
                return Args::Pairs { pairs: vec![KeyValue { key, value: None, span: l.span(ks, ke), legacy: true }] };
            }
            let (ks, ke) = parts[0];
            let (vs, ve) = parts[1];
            return Args::Pairs {
                pairs: vec![KeyValue {
                    key: Word { value: text[ks..ke].to_string(), span: l.span(ks, ke) },
                    value: Some(Word { value: text[vs..ve].to_string(), span: l.span(vs, ve) }),
                    span: l.span(ks, ve),
                    legacy: true,
                }],
            };
        }
        let mut pairs = Vec::new();
        for (w, ws, we) in words {
            if !w.contains('=') {
                self.error(
                    ParseErrorKind::Error,
                    "missing-equals",
                    format!("Syntax error - can't find = in {w:?}. Must be of the form: name=value"),
                    l.span(ws, we),
                    0,
                );
                continue;
            }
            pairs.push(split_pair(l, &w, ws, we, false, false));
        }
        Args::Pairs { pairs }
    }
}

/// Splits a `parseWords` word at its first `=` into a key/value pair.
fn split_pair(l: &LogicalLine, w: &str, ws: usize, we: usize, legacy: bool, optional: bool) -> KeyValue {
    match w.split_once('=') {
        Some((k, v)) => {
            let ke = (ws + k.len()).min(we);
            let vs = (ke + 1).min(we);
            KeyValue {
                key: Word { value: k.to_string(), span: l.span(ws, ke) },
                value: Some(Word { value: v.to_string(), span: l.span(vs, we) }),
                span: l.span(ws, we),
                legacy,
            }
        }
        None => {
            debug_assert!(optional);
            KeyValue {
                key: Word { value: w.to_string(), span: l.span(ws, we) },
                value: None,
                span: l.span(ws, we),
                legacy,
            }
        }
    }
}

/// `parseStringsWhitespaceDelimited`.
fn whitespace_words(l: &LogicalLine, s: usize, e: usize) -> Args {
    if s >= e {
        return Args::None;
    }
    let words = split_re_ws(&l.text, s, e, 0)
        .into_iter()
        .map(|(a, b)| Word { value: l.text[a..b].to_string(), span: l.span(a, b) })
        .collect();
    Args::Words { words }
}

/// Whether `text` contains `<<`. Found with a byte search for `<`: `str::contains` sets up a
/// two-way searcher per call, which WebAssembly (without the SIMD path of native code) pays
/// in full for every instruction.
fn has_heredoc_marker(text: &str) -> bool {
    let mut rest = text;
    while let Some(p) = rest.find('<') {
        if rest.as_bytes().get(p + 1) == Some(&b'<') {
            return true;
        }
        rest = &rest[p + 1..];
    }
    false
}

fn can_contain_heredoc(ins: &Instruction) -> bool {
    let n = ins.effective();
    matches!(n.keyword, Keyword::Run | Keyword::Copy | Keyword::Add) && !n.is_json()
}

/// Heredoc markers on a logical line, as BuildKit finds them: shell words matching
/// `^(\d*)<<(-?)\s*([^<]*)$`. Returns (name, expand, chomp, start, end).
fn heredoc_markers(line: &str) -> Vec<(String, bool, bool, usize, usize)> {
    let mut out = Vec::new();
    let Some(words) = shell_words(line) else {
        return out;
    };
    for (w, s, e) in words {
        let digits = w.bytes().take_while(u8::is_ascii_digit).count();
        let Some(r) = w[digits..].strip_prefix("<<") else {
            continue;
        };
        let (chomp, r) = match r.strip_prefix('-') {
            Some(r2) => (true, r2),
            None => (false, r),
        };
        let rest = r.trim_start_matches(is_re_s);
        if rest.is_empty() || rest.contains('<') {
            continue;
        }
        let Some(name) = heredoc_name(rest) else {
            continue;
        };
        let quotes = |s: &str| s.chars().filter(|&c| c == '\'' || c == '"').count();
        let expand = quotes(&name) == quotes(rest);
        out.push((name, expand, chomp, s, e));
    }
    out
}

/// The delimiter with quotes and escapes removed; `None` unless it is one word.
fn heredoc_name(rest: &str) -> Option<String> {
    let mut out = String::new();
    let mut it = rest.chars();
    while let Some(c) = it.next() {
        match c {
            '\'' => loop {
                let c2 = it.next()?;
                if c2 == '\'' {
                    break;
                }
                out.push(c2);
            },
            '"' => loop {
                let c2 = it.next()?;
                if c2 == '"' {
                    break;
                }
                if c2 == '\\' {
                    let n = it.next()?;
                    if !matches!(n, '"' | '\\' | '$' | '`') {
                        out.push('\\');
                    }
                    out.push(n);
                    continue;
                }
                out.push(c2);
            },
            '\\' => {
                if let Some(n) = it.next() {
                    out.push(n);
                }
            }
            c if is_go_space(c) => return None,
            c => out.push(c),
        }
    }
    Some(out)
}

/// Shell-like words (quotes and escapes kept raw, `$VAR` expansions removed) with their
/// ranges, as BuildKit's lexer splits a line for heredoc detection. `None` on an unterminated
/// quote (BuildKit then finds no heredoc).
fn shell_words(line: &str) -> Option<Vec<(String, usize, usize)>> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut word = String::new();
    let mut wstart: Option<usize> = None;
    let mut i = 0usize;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            if let Some(s) = wstart.take() {
                out.push((std::mem::take(&mut word), s, i));
            }
            i += 1;
            continue;
        }
        if wstart.is_none() {
            wstart = Some(i);
        }
        match c {
            b'\'' => {
                let close = line[i + 1..].find('\'')? + i + 1;
                word.push_str(&line[i..=close]);
                i = close + 1;
            }
            b'"' => {
                let mut j = i + 1;
                loop {
                    match b.get(j)? {
                        b'\\' => j += 2,
                        b'"' => break,
                        _ => j += 1,
                    }
                }
                word.push_str(line.get(i..=j)?);
                i = j + 1;
            }
            b'\\' => {
                let end = (i + 1 + line[i + 1..].chars().next().map_or(0, char::len_utf8)).min(b.len());
                word.push_str(&line[i..end]);
                i = end;
            }
            b'$' => {
                if b.get(i + 1) == Some(&b'{') {
                    match line[i..].find('}') {
                        Some(p) => i += p + 1,
                        None => {
                            word.push('$');
                            i += 1;
                        }
                    }
                } else {
                    let n = b[i + 1..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'_').count();
                    if n == 0 {
                        word.push('$');
                    }
                    i += 1 + n;
                }
            }
            _ => {
                let ch = line[i..].chars().next()?;
                word.push(ch);
                i += ch.len_utf8();
            }
        }
    }
    if let Some(s) = wstart {
        out.push((word, s, b.len()));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heredoc_marker_is_two_adjacent_less_than_signs() {
        assert!(has_heredoc_marker("RUN <<EOF"));
        assert!(has_heredoc_marker("RUN cat < a <<-EOT"));
        assert!(has_heredoc_marker("<<"));
        assert!(!has_heredoc_marker("RUN a < b < c"));
        assert!(!has_heredoc_marker("RUN echo <"));
        assert!(!has_heredoc_marker("RUN é < ü"));
        assert!(!has_heredoc_marker(""));
    }

    #[test]
    fn comments_above_an_instruction_are_spans_of_their_text() {
        let src = "# syntax=docker/dockerfile:1\n#  one \t\n\n  #two\nFROM a\n#\n# three\nRUN b \\\n # inside\n c\n#\u{e9}\nCMD d\n";
        let df = parse(src);
        let texts: Vec<Vec<&str>> =
            df.instructions.iter().map(|i| i.prev_comments.iter().map(|s| s.text(src)).collect()).collect();
        assert_eq!(texts, [vec!["syntax=docker/dockerfile:1", "one", "two"], vec!["three"], vec!["\u{e9}"]]);
    }

    /// One `Instruction` per instruction of the file is kept for the whole lint: its inline size
    /// is a large part of the memory per input byte (docs/benchmarks.md, "Memory"). The
    /// logical line keeps only its piece table, frozen lists are boxed slices.
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn instructions_stay_small() {
        use std::mem::size_of;
        // was 328 bytes (a 72-byte logical line with its text, growable lists)
        // was 256 bytes (usize line numbers)
        // then 248 (the flags, heredocs, variable references, comments above it and the
        // logical line's later pieces as boxed slices: 16 bytes each, nearly always empty)
        assert!(size_of::<Instruction>() <= 208, "Instruction: {} bytes", size_of::<Instruction>());
        assert_eq!(size_of::<Segment>(), 24);
        assert!(size_of::<super::super::logical::LogicalMap>() <= 32);
        assert!(size_of::<Args>() <= 56, "Args: {} bytes", size_of::<Args>());
    }

    #[test]
    fn counts_and_finds_newlines_eight_bytes_at_a_time() {
        let long = "ab\ncd".repeat(9);
        for s in ["", "\n", "a\nb", "0123456\n", "01234567\n89\n\n", "\u{e9}\u{e9}\u{e9}\n\u{8a0a}x\n", &long] {
            let b = s.as_bytes();
            assert_eq!(count_nl(b), b.iter().filter(|&&c| c == b'\n').count(), "{s:?}");
            for k in 0..b.len() {
                assert_eq!(memchr_nl(&b[k..]), b[k..].iter().position(|&c| c == b'\n'), "{s:?} from {k}");
            }
        }
        let all: Vec<u8> = (0..=255u8).chain(0..=255u8).collect();
        assert_eq!(count_nl(&all), 2);
        assert_eq!(memchr_nl(&all), Some(10));
        assert_eq!(memchr_nl(&all[11..]), Some(255));
    }
}

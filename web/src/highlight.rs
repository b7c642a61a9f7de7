//! Syntax highlighting for the editors: Dockerfile, YAML (compose) and the small context files
//! (`.dockerignore`, `.env`). Pure functions from text to byte-range tokens; the UI turns them
//! into Yew nodes (never HTML strings), merged with the findings' markers by [`lines`].

use seaworthy::Severity;

/// What a highlighted piece of text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tok {
    Keyword,
    Comment,
    Directive,
    String,
    Variable,
    Flag,
    Operator,
    Key,
    Literal,
    Punct,
}

impl Tok {
    /// The CSS class of the token.
    pub fn class(self) -> &'static str {
        match self {
            Tok::Keyword => "t-kw",
            Tok::Comment => "t-com",
            Tok::Directive => "t-dir",
            Tok::String => "t-str",
            Tok::Variable => "t-var",
            Tok::Flag => "t-flag",
            Tok::Operator => "t-op",
            Tok::Key => "t-key",
            Tok::Literal => "t-lit",
            Tok::Punct => "t-punct",
        }
    }
}

/// A token: bytes `start..end` of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub tok: Tok,
}

/// Which highlighter a file gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Dockerfile,
    Yaml,
    /// `.env`: `KEY=value` lines and comments.
    Env,
    /// `.dockerignore` and anything else: comments only.
    Plain,
}

impl Lang {
    /// The highlighter for a file name.
    pub fn of_path(path: &str) -> Lang {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path).to_ascii_lowercase();
        match seaworthy::detect_kind(path) {
            Some(seaworthy::FileKind::Dockerfile) => Lang::Dockerfile,
            Some(seaworthy::FileKind::Compose) => Lang::Yaml,
            None if name.ends_with(".yml") || name.ends_with(".yaml") => Lang::Yaml,
            None if name == ".env" || name.ends_with(".env") => Lang::Env,
            None => Lang::Plain,
        }
    }
}

/// Tokens of `text` for `lang`, sorted and non-overlapping.
pub fn tokens(text: &str, lang: Lang) -> Vec<Token> {
    match lang {
        Lang::Dockerfile => dockerfile(text),
        Lang::Yaml => yaml(text),
        Lang::Env => env(text),
        Lang::Plain => plain(text),
    }
}

const INSTRUCTIONS: [&str; 18] = [
    "ADD",
    "ARG",
    "CMD",
    "COPY",
    "ENTRYPOINT",
    "ENV",
    "EXPOSE",
    "FROM",
    "HEALTHCHECK",
    "LABEL",
    "MAINTAINER",
    "ONBUILD",
    "RUN",
    "SHELL",
    "STOPSIGNAL",
    "USER",
    "VOLUME",
    "WORKDIR",
];

/// Physical lines with their start offsets (without the `\n`, and without a trailing `\r`).
fn lines_of(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0usize;
    text.split('\n').map(move |l| {
        let s = start;
        start += l.len() + 1;
        (s, l.strip_suffix('\r').unwrap_or(l))
    })
}

fn push(out: &mut Vec<Token>, start: usize, end: usize, tok: Tok) {
    if end > start {
        out.push(Token { start, end, tok });
    }
}

fn dockerfile(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut escape = b'\\';
    let mut continuation = false;
    let mut heredocs: Vec<(String, bool)> = Vec::new();
    let mut seen_instruction = false;
    for (base, line) in lines_of(text) {
        if let Some((term, strip_tabs)) = heredocs.first().cloned() {
            let body = if strip_tabs { line.trim_start_matches('\t') } else { line };
            if body == term {
                push(&mut out, base, base + line.len(), Tok::Operator);
                heredocs.remove(0);
            } else {
                push(&mut out, base, base + line.len(), Tok::String);
            }
            continue;
        }
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if trimmed.starts_with('#') {
            let is_directive = !seen_instruction && !continuation && directive(trimmed).is_some();
            if let Some(("escape", v)) = directive(trimmed).filter(|_| is_directive) {
                if v == "`" {
                    escape = b'`';
                }
            }
            let tok = if is_directive { Tok::Directive } else { Tok::Comment };
            push(&mut out, base + indent, base + line.len(), tok);
            continue;
        }
        if trimmed.is_empty() {
            continue;
        }
        let mut pos = indent;
        if !continuation {
            seen_instruction = true;
            // The instruction keyword, and the one ONBUILD wraps.
            for _ in 0..2 {
                let word_len = line[pos..].find(|c: char| c.is_whitespace()).unwrap_or(line.len() - pos);
                let word = &line[pos..pos + word_len];
                let upper = word.to_ascii_uppercase();
                if !INSTRUCTIONS.contains(&upper.as_str()) {
                    break;
                }
                push(&mut out, base + pos, base + pos + word_len, Tok::Keyword);
                pos += word_len;
                pos += line[pos..].len() - line[pos..].trim_start().len();
                if upper != "ONBUILD" {
                    break;
                }
            }
        }
        continuation = arguments(line, pos, base, escape, &mut out, &mut heredocs);
    }
    out
}

/// `# name=value` parser directive.
fn directive(comment: &str) -> Option<(&str, &str)> {
    let body = comment.strip_prefix('#')?.trim();
    let (name, value) = body.split_once('=')?;
    let name = name.trim();
    let known = ["syntax", "escape", "check"];
    known.iter().find(|k| k.eq_ignore_ascii_case(name)).map(|k| (*k, value.trim()))
}

/// Highlights the arguments of an instruction from `pos`; returns whether the line ends
/// with the escape character (a continuation).
fn arguments(
    line: &str,
    mut pos: usize,
    base: usize,
    escape: u8,
    out: &mut Vec<Token>,
    heredocs: &mut Vec<(String, bool)>,
) -> bool {
    let bytes = line.as_bytes();
    let content_end = line.trim_end().len();
    let continues = content_end > 0 && bytes[content_end - 1] == escape;
    let end = if continues { content_end - 1 } else { line.len() };
    let mut word_start = true;
    while pos < end {
        let c = bytes[pos];
        match c {
            b'"' | b'\'' => {
                let close = line[pos + 1..end].find(c as char).map(|i| pos + 1 + i + 1).unwrap_or(end);
                push(out, base + pos, base + close, Tok::String);
                pos = close;
                word_start = false;
                continue;
            }
            b'$' => {
                let rest = &line[pos + 1..end];
                let len = if rest.starts_with('{') {
                    rest.find('}').map(|i| i + 1).unwrap_or(rest.len())
                } else {
                    rest.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count()
                };
                if len > 0 {
                    push(out, base + pos, base + pos + 1 + len, Tok::Variable);
                    pos += 1 + len;
                    word_start = false;
                    continue;
                }
            }
            b'-' if word_start && line[pos..end].starts_with("--") => {
                let len = line[pos..end].find(|ch: char| ch == '=' || ch.is_whitespace()).unwrap_or(end - pos);
                push(out, base + pos, base + pos + len, Tok::Flag);
                pos += len;
                word_start = false;
                continue;
            }
            b'<' if line[pos..end].starts_with("<<") && !line[pos..end].starts_with("<<<") => {
                let spec = &line[pos + 2..end];
                let (strip, spec) = match spec.strip_prefix('-') {
                    Some(s) => (true, s),
                    None => (false, spec),
                };
                let word: String =
                    spec.chars().take_while(|ch| !ch.is_whitespace() && !matches!(ch, ';' | '|' | '&' | '>')).collect();
                let term: String = word.chars().filter(|ch| *ch != '"' && *ch != '\'').collect();
                if !term.is_empty() && term.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_') {
                    let len = 2 + usize::from(strip) + word.len();
                    push(out, base + pos, base + pos + len, Tok::Operator);
                    heredocs.push((term, strip));
                    pos += len;
                    word_start = false;
                    continue;
                }
            }
            b'&' | b'|' | b';' => {
                let len = if line[pos..end].starts_with("&&") || line[pos..end].starts_with("||") { 2 } else { 1 };
                push(out, base + pos, base + pos + len, Tok::Operator);
                pos += len;
                word_start = true;
                continue;
            }
            _ => {}
        }
        word_start = c.is_ascii_whitespace();
        pos += utf8_len(c);
    }
    if continues {
        push(out, base + content_end - 1, base + content_end, Tok::Operator);
    }
    continues
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// Byte index of a `#` that starts a YAML comment (at the start or after a space, outside quotes).
fn yaml_comment(line: &str) -> Option<usize> {
    let mut quote: Option<u8> = None;
    let mut prev = b' ';
    for (i, b) in line.bytes().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if (b == b'"' || b == b'\'') && (prev == b' ' || prev == b':' || prev == b'-' || i == 0) => {
                quote = Some(b)
            }
            None if b == b'#' && (prev == b' ' || prev == b'\t' || i == 0) => return Some(i),
            None => {}
        }
        prev = b;
    }
    None
}

fn yaml(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    // Indentation of the line that opened a block scalar (`|` / `>`), while inside one.
    let mut block: Option<usize> = None;
    for (base, line) in lines_of(text) {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some(parent) = block {
            if trimmed.is_empty() || indent > parent {
                push(&mut out, base + indent, base + line.len(), Tok::String);
                continue;
            }
            block = None;
        }
        if trimmed.is_empty() {
            continue;
        }
        let code_end = yaml_comment(line).unwrap_or(line.len());
        if trimmed == "---" || trimmed == "..." {
            push(&mut out, base + indent, base + line.len(), Tok::Punct);
            continue;
        }
        let mut pos = indent;
        while line[pos..code_end].starts_with("- ") || &line[pos..code_end] == "-" {
            push(&mut out, base + pos, base + pos + 1, Tok::Punct);
            pos += 1;
            pos += line[pos..code_end].len() - line[pos..code_end].trim_start().len();
        }
        if let Some(colon) = yaml_key_end(&line[pos..code_end]) {
            push(&mut out, base + pos, base + pos + colon, Tok::Key);
            push(&mut out, base + pos + colon, base + pos + colon + 1, Tok::Punct);
            pos += colon + 1;
            pos += line[pos..code_end].len() - line[pos..code_end].trim_start().len();
        }
        let value = line[pos..code_end].trim_end();
        if value.starts_with('|') || value.starts_with('>') {
            push(&mut out, base + pos, base + pos + value.len(), Tok::Punct);
            block = Some(indent);
        } else if !value.is_empty() {
            yaml_value(value, base + pos, &mut out);
        }
        if code_end < line.len() {
            push(&mut out, base + code_end, base + line.len(), Tok::Comment);
        }
    }
    out
}

/// The length of a `key` when `s` starts with `key:` followed by a space or the end.
fn yaml_key_end(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    if let Some(&q @ (b'"' | b'\'')) = bytes.first() {
        let close = s[1..].find(q as char)? + 2;
        return (s[close..].starts_with(':') && (close + 1 == s.len() || bytes[close + 1] == b' ')).then_some(close);
    }
    if matches!(bytes.first(), Some(b'[' | b'{' | b'&' | b'*' | b'!' | b'|' | b'>' | b'%' | b'@' | b'`')) {
        return None;
    }
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b':' && (i + 1 == bytes.len() || bytes[i + 1] == b' ') {
            return (i > 0).then_some(i);
        }
        i += 1;
    }
    None
}

fn yaml_value(value: &str, at: usize, out: &mut Vec<Token>) {
    let lower = value.to_ascii_lowercase();
    let literal = matches!(lower.as_str(), "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~")
        || seaworthy::num::is_float(value);
    if literal {
        push(out, at, at + value.len(), Tok::Literal);
    } else if value.starts_with('&') || value.starts_with('*') || value.starts_with('!') {
        let len = value.find(' ').unwrap_or(value.len());
        push(out, at, at + len, Tok::Variable);
        if len < value.len() {
            yaml_value(value[len..].trim_start(), at + value.len() - value[len..].trim_start().len(), out);
        }
    } else {
        // Strings, with compose's `${VAR}` interpolation picked out.
        let mut pos = 0;
        while let Some(rel) = value[pos..].find("${") {
            let s = pos + rel;
            let e = value[s..].find('}').map(|i| s + i + 1).unwrap_or(value.len());
            push(out, at + pos, at + s, Tok::String);
            push(out, at + s, at + e, Tok::Variable);
            pos = e;
        }
        push(out, at + pos, at + value.len(), Tok::String);
    }
}

fn env(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    for (base, line) in lines_of(text) {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if trimmed.starts_with('#') {
            push(&mut out, base + indent, base + line.len(), Tok::Comment);
        } else if let Some(eq) = trimmed.find('=') {
            push(&mut out, base + indent, base + indent + eq, Tok::Key);
            push(&mut out, base + indent + eq, base + indent + eq + 1, Tok::Punct);
            push(&mut out, base + indent + eq + 1, base + line.len(), Tok::String);
        }
    }
    out
}

fn plain(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    for (base, line) in lines_of(text) {
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') {
            push(&mut out, base + line.len() - trimmed.len(), base + line.len(), Tok::Comment);
        } else if trimmed.starts_with('!') {
            push(&mut out, base + line.len() - trimmed.len(), base + line.len() - trimmed.len() + 1, Tok::Operator);
        }
    }
    out
}

/// A run of text with one token kind and the worst finding covering it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece<'a> {
    pub text: &'a str,
    pub tok: Option<Tok>,
    pub mark: Option<Severity>,
}

/// A finding's marker: bytes `start..end` of the text (an empty range marks one character).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    pub start: usize,
    pub end: usize,
    pub severity: Severity,
}

/// Splits `text` into lines of pieces, merging tokens with markers. Markers are clamped to
/// the text and to char boundaries, so stale markers (from before the last keystroke) are harmless.
pub fn lines<'a>(text: &'a str, tokens: &[Token], marks: &[Mark]) -> Vec<Vec<Piece<'a>>> {
    let floor = |mut i: usize| {
        i = i.min(text.len());
        while i > 0 && !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let ceil = |mut i: usize| {
        i = i.min(text.len());
        while i < text.len() && !text.is_char_boundary(i) {
            i += 1;
        }
        i
    };
    let marks: Vec<Mark> = marks
        .iter()
        .map(|m| {
            let (s, e) = (floor(m.start.min(m.end)), ceil(m.end.max(m.start)));
            if s < e {
                Mark { start: s, end: e, severity: m.severity }
            } else if s < text.len() && !text[s..].starts_with('\n') {
                Mark { start: s, end: ceil(s + 1), severity: m.severity }
            } else {
                let p = floor(s.saturating_sub(1));
                Mark { start: p, end: s, severity: m.severity }
            }
        })
        .collect();
    let mut ti = 0usize;
    let mut result = Vec::new();
    for (ls, line) in lines_of(text) {
        let le = ls + line.len();
        let mut cuts = vec![ls, le];
        while ti < tokens.len() && tokens[ti].end <= ls {
            ti += 1;
        }
        let line_tokens: Vec<&Token> = tokens[ti..].iter().take_while(|t| t.start < le).collect();
        for t in &line_tokens {
            cuts.push(t.start.clamp(ls, le));
            cuts.push(t.end.clamp(ls, le));
        }
        let line_marks: Vec<&Mark> = marks.iter().filter(|m| m.start < le.max(ls + 1) && m.end > ls).collect();
        for m in &line_marks {
            cuts.push(floor(m.start.clamp(ls, le)));
            cuts.push(floor(m.end.clamp(ls, le)));
        }
        cuts.sort_unstable();
        cuts.dedup();
        let mut pieces = Vec::new();
        for w in cuts.windows(2) {
            let (s, e) = (w[0], w[1]);
            if s >= e {
                continue;
            }
            let tok = line_tokens.iter().find(|t| t.start <= s && e <= t.end).map(|t| t.tok);
            let mark = line_marks.iter().filter(|m| m.start <= s && e <= m.end).map(|m| m.severity).max();
            pieces.push(Piece { text: &text[s..e], tok, mark });
        }
        result.push(pieces);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str, lang: Lang) -> Vec<(&str, Tok)> {
        tokens(text, lang).iter().map(|t| (&text[t.start..t.end], t.tok)).collect()
    }

    #[test]
    fn dockerfile_keywords_flags_strings_variables_and_continuations() {
        let src = "# syntax=docker/dockerfile:1\nFROM node:${V} AS build\n# note\nRUN --mount=type=cache,target=/x \\\n    apt-get update && echo \"hi\"\nonbuild run x\n";
        let k = kinds(src, Lang::Dockerfile);
        assert_eq!(k[0], ("# syntax=docker/dockerfile:1", Tok::Directive));
        assert!(k.contains(&("FROM", Tok::Keyword)));
        assert!(k.contains(&("${V}", Tok::Variable)));
        assert!(k.contains(&("# note", Tok::Comment)));
        assert!(k.contains(&("--mount", Tok::Flag)));
        assert!(k.contains(&("\\", Tok::Operator)));
        assert!(k.contains(&("&&", Tok::Operator)));
        assert!(k.contains(&("\"hi\"", Tok::String)));
        assert!(k.contains(&("onbuild", Tok::Keyword)) && k.contains(&("run", Tok::Keyword)));
        // `apt-get` on the continuation line is not an instruction
        assert!(!k.iter().any(|(t, _)| *t == "apt-get"));
    }

    #[test]
    fn dockerfile_heredoc_body_is_a_string_until_its_terminator() {
        let src = "RUN <<EOF\nFROM inside\nEOF\nFROM after\n";
        let k = kinds(src, Lang::Dockerfile);
        assert!(k.contains(&("<<EOF", Tok::Operator)));
        assert!(k.contains(&("FROM inside", Tok::String)));
        assert!(k.contains(&("EOF", Tok::Operator)));
        assert!(k.contains(&("FROM", Tok::Keyword)));
    }

    #[test]
    fn yaml_keys_values_comments_and_block_scalars() {
        let src = "services:\n  db:\n    image: \"postgres:16\" # pinned\n    ports:\n      - 5432\n    command: |\n      a: b\n    env: ${PW}\n";
        let k = kinds(src, Lang::Yaml);
        assert!(k.contains(&("services", Tok::Key)));
        assert!(k.contains(&("\"postgres:16\"", Tok::String)));
        assert!(k.contains(&("# pinned", Tok::Comment)));
        assert!(k.contains(&("5432", Tok::Literal)));
        assert!(k.contains(&("a: b", Tok::String)), "{k:?}");
        assert!(k.contains(&("${PW}", Tok::Variable)));
    }

    #[test]
    fn lines_merge_tokens_and_marks_and_survive_bad_offsets() {
        let src = "FROM a\nRUN é\n";
        let toks = tokens(src, Lang::Dockerfile);
        let marks = [
            Mark { start: 5, end: 6, severity: Severity::Warning },
            Mark { start: 12, end: 12, severity: Severity::Error },
            Mark { start: 999, end: 999, severity: Severity::Info },
            Mark { start: 9, end: 2, severity: Severity::Style },
        ];
        let ls = lines(src, &toks, &marks);
        assert_eq!(ls.len(), 3, "the trailing newline gives an empty last line");
        let joined: String = ls.iter().map(|l| l.iter().map(|p| p.text).collect::<String>() + "\n").collect();
        assert_eq!(joined, format!("{src}\n"));
        assert!(ls[0].iter().any(|p| p.text == "FR" && p.tok == Some(Tok::Keyword) && p.mark.is_none()));
        assert!(ls[0].iter().any(|p| p.text == "a" && p.mark == Some(Severity::Warning)));
        assert!(
            ls[0].iter().any(|p| p.text == "OM" && p.mark == Some(Severity::Style)),
            "reversed spans are normalised"
        );
        assert!(ls[1].iter().any(|p| p.text == "é" && p.mark == Some(Severity::Error)), "{:?}", ls[1]);
    }

    #[test]
    fn every_highlighter_is_total_on_odd_input() {
        for text in ["", "\\", "RUN \"unterminated", "a: \"b", "- - -", "RUN <<\n", "K=\n=\n", "\u{1F600}:", "${"] {
            for lang in [Lang::Dockerfile, Lang::Yaml, Lang::Env, Lang::Plain] {
                let t = tokens(text, lang);
                assert!(t.windows(2).all(|w| w[0].end <= w[1].start), "{text:?} {lang:?}");
                assert!(t.iter().all(|x| text.get(x.start..x.end).is_some()), "{text:?} {lang:?}");
                let _ = lines(text, &t, &[]);
            }
        }
    }
}

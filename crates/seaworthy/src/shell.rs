//! A small, linear-time POSIX shell lexer for RUN commands: simple commands with
//! their words (quotes removed, spans kept), split at `&&`, `||`, `;`, `|`, `&`,
//! newlines and subshell/group boundaries. Enough to reason about what a RUN
//! does (package managers, downloads, cleanup) without a full shell grammar.
//! Words are never re-scanned and nothing recurses, so any input is linear.

use crate::span::Span;

/// How a command is joined to the one before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sep {
    /// First command of the script.
    Start,
    And,
    Or,
    Semi,
    Pipe,
    Background,
    Newline,
}

/// The text of a lexed shell word or redirection operator: exactly its bytes on the heap
/// (a `Box<str>`: 16 bytes, no spare capacity, against 24 bytes and a growable buffer for a
/// `String`). Scripts are kept for the whole lint, so this is most of their memory after the
/// words themselves (docs/benchmarks.md, "`dmem2`"). It reads like a `&str` (`Deref`) and
/// compares with `str`, `&str` and `String`, so code reading `w.value` is unchanged.
///
/// Not an inline small-string: the workspace forbids `unsafe`, and without it every read of
/// inline bytes as a `str` would validate them again.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShStr(Box<str>);

impl ShStr {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for ShStr {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for ShStr {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for ShStr {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for ShStr {
    fn from(s: &str) -> Self {
        ShStr(s.into())
    }
}

impl From<String> for ShStr {
    fn from(s: String) -> Self {
        ShStr(s.into_boxed_str())
    }
}

impl From<ShStr> for String {
    fn from(s: ShStr) -> Self {
        s.0.into_string()
    }
}

impl serde::Serialize for ShStr {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl std::fmt::Display for ShStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::fmt::Debug for ShStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.0, f)
    }
}

impl PartialEq<str> for ShStr {
    fn eq(&self, o: &str) -> bool {
        *self.0 == *o
    }
}

impl PartialEq<&str> for ShStr {
    fn eq(&self, o: &&str) -> bool {
        *self.0 == **o
    }
}

impl PartialEq<String> for ShStr {
    fn eq(&self, o: &String) -> bool {
        *self.0 == **o
    }
}

impl PartialEq<ShStr> for str {
    fn eq(&self, o: &ShStr) -> bool {
        *self == *o.0
    }
}

impl PartialEq<ShStr> for &str {
    fn eq(&self, o: &ShStr) -> bool {
        **self == *o.0
    }
}

impl PartialEq<ShStr> for String {
    fn eq(&self, o: &ShStr) -> bool {
        **self == *o.0
    }
}

/// A list that is almost always empty (a command's assignments and redirections): 8 bytes
/// and no allocation when empty, against 16 for a boxed slice. Reads like a slice.
#[derive(Clone, PartialEq, Eq)]
pub struct RareList<T>(Option<Box<Box<[T]>>>);

impl<T> Default for RareList<T> {
    fn default() -> Self {
        RareList(None)
    }
}

impl<T> std::ops::Deref for RareList<T> {
    type Target = [T];
    #[inline]
    fn deref(&self) -> &[T] {
        match &self.0 {
            Some(b) => b,
            None => &[],
        }
    }
}

impl<T> std::ops::DerefMut for RareList<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        match &mut self.0 {
            Some(b) => b,
            None => &mut [],
        }
    }
}

impl<'a, T> IntoIterator for &'a RareList<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T> FromIterator<T> for RareList<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let items: Box<[T]> = iter.into_iter().collect();
        RareList((!items.is_empty()).then(|| Box::new(items)))
    }
}

impl<T: serde::Serialize> serde::Serialize for RareList<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for RareList<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// A shell word: its value with quotes and escapes removed, and where it is.
///
/// Scripts are lexed once per RUN and kept for the whole lint, so the lexed form is kept
/// small (see the size test below and docs/benchmarks.md, "Memory"): the offsets into the
/// lexed text live in `span` while lexing and are mapped to the source at the end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShWord {
    pub value: ShStr,
    /// Whether any part of it was quoted.
    pub quoted: bool,
    /// Whether it contains a `$` expansion or command substitution.
    pub dynamic: bool,
    /// Where it is in the source.
    pub span: Span,
}

/// One simple command: argument words (assignments and redirections removed). The lists are
/// frozen once lexed: boxed slices of exactly their length.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Command {
    pub sep: Sep,
    /// `NAME=value` words before the command name.
    pub assignments: RareList<ShWord>,
    pub words: Box<[ShWord]>,
    /// Redirection targets (`> file`), with their operators.
    pub redirects: RareList<(ShStr, ShWord)>,
    /// Where the command is in the source.
    pub span: Span,
    /// Index of the real command word (see [`Command::real_start`]), computed once by the lexer.
    real: u32,
}

impl Command {
    /// The command name with any directory removed (`/usr/bin/apt-get` → `apt-get`).
    pub fn name(&self) -> Option<&str> {
        self.words.first().map(|w| crate::shell::base_name(&w.value))
    }
    /// Words after the command name.
    pub fn args(&self) -> &[ShWord] {
        self.words.get(1..).unwrap_or(&[])
    }
    /// The command with wrapper commands (`sudo` with its options, `env` with assignments,
    /// `nohup`, `exec`, `time`, `command`, `eatmydata`, `nice`, `xargs`) stripped from the
    /// front: the index of the real command word (the number of words for `command -v x`,
    /// which only looks a command up). Computed once by the lexer.
    pub fn real_start(&self) -> usize {
        self.real as usize
    }
}

/// The index of the real command word of `words` (see [`Command::real_start`]).
fn compute_real_start(words: &[ShWord]) -> usize {
    let mut i = 0;
    // each loop step consumes at least one word, so this ends
    while let Some(w) = words.get(i) {
        let name = crate::shell::base_name(&w.value);
        if matches!(name, "command" | "type")
            && words.get(i + 1).is_some_and(|o| matches!(o.value.as_str(), "-v" | "-V"))
        {
            // `command -v apt-get` looks a command up; it does not run it
            return words.len();
        }
        let valued: &[&str] = match name {
            "sudo" => &["-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-T", "-R"],
            "xargs" => &["-I", "-n", "-L", "-P", "-s", "-d", "-E", "-a"],
            "nice" => &["-n"],
            "env" => &["-u", "-C", "-S"],
            "nohup" | "exec" | "time" | "command" | "eatmydata" => &[],
            _ => break,
        };
        i += 1;
        while let Some(o) = words.get(i) {
            let v = o.value.as_str();
            if v == "--" {
                i += 1;
                break;
            }
            if v.starts_with('-') && v.len() > 1 {
                i += if valued.contains(&v) { 2 } else { 1 };
            } else if name == "env" && v.contains('=') {
                i += 1;
            } else {
                break;
            }
        }
    }
    i
}

/// The last `/`-separated component of a path or command word (`/usr/bin/apt-get` →
/// `apt-get`): a plain byte loop, cheaper than `rsplit('/')` on the short words it sees.
#[inline]
pub fn base_name(v: &str) -> &str {
    match v.as_bytes().iter().rposition(|&b| b == b'/') {
        // `/` is ASCII, so the byte after it starts a character
        Some(p) => v.get(p + 1..).unwrap_or(""),
        None => v,
    }
}

/// A lexed script.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Script {
    pub commands: Box<[Command]>,
    /// The lexer met something it does not model (unterminated quote, here-string...).
    pub incomplete: bool,
}

impl Script {
    /// Commands whose (wrapper-stripped) name is one of `names`, with the index of the name word.
    pub fn find<'a>(&'a self, names: &'a [&'a str]) -> impl Iterator<Item = (&'a Command, usize)> + 'a {
        self.commands.iter().filter_map(move |c| {
            let i = c.real_start();
            let w = c.words.get(i)?;
            let n = crate::shell::base_name(&w.value);
            names.contains(&n).then_some((c, i))
        })
    }
}

const RESERVED: &[&str] =
    &["if", "then", "else", "elif", "fi", "do", "done", "while", "until", "for", "case", "esac", "!", "{", "}", "in"];

/// Lexes `text` as a POSIX shell script; spans are made with `map`.
pub fn lex_mapped(text: &str, map: &dyn OffsetMap) -> Script {
    let mut s = lex(text);
    for c in s.commands.iter_mut() {
        c.span = map.span(c.span.start, c.span.end);
        for w in c.assignments.iter_mut().chain(c.words.iter_mut()).chain(c.redirects.iter_mut().map(|r| &mut r.1)) {
            w.span = map.span(w.span.start, w.span.end);
        }
    }
    s
}

/// The command being lexed: growable lists, reused from one command to the next, frozen
/// into a [`Command`] of exact-size slices when it ends.
struct Building {
    sep: Sep,
    assignments: Vec<ShWord>,
    words: Vec<ShWord>,
    redirects: Vec<(ShStr, ShWord)>,
    start: usize,
    end: usize,
}

impl Building {
    fn freeze(&mut self) -> Command {
        let words: Box<[ShWord]> = self.words.drain(..).collect();
        let real = u32::try_from(compute_real_start(&words)).unwrap_or(u32::MAX);
        Command {
            sep: std::mem::replace(&mut self.sep, Sep::Start),
            assignments: self.assignments.drain(..).collect(),
            words,
            redirects: self.redirects.drain(..).collect(),
            span: Span::new(self.start, self.end),
            real,
        }
    }
}

/// Lexes `text` as a POSIX shell script (spans equal to offsets into `text`).
pub fn lex(text: &str) -> Script {
    let b = text.as_bytes();
    let mut commands: Vec<Command> = Vec::new();
    let mut incomplete = false;
    let mut cur = Building { sep: Sep::Start, assignments: vec![], words: vec![], redirects: vec![], start: 0, end: 0 };
    let mut pending_redirect: Option<ShStr> = None;
    // the value of the word being lexed, reused from one word to the next
    let mut scratch = String::new();
    let mut i = 0usize;
    let mut next_sep = Sep::Start;
    let mut heredocs: Vec<(String, bool)> = Vec::new();

    macro_rules! finish {
        ($sep:expr) => {{
            if !cur.words.is_empty() || !cur.assignments.is_empty() {
                commands.push(cur.freeze());
                cur.start = 0;
                cur.end = 0;
            }
            next_sep = $sep;
        }};
    }

    while i < b.len() {
        let c = b[i];
        match c {
            b' ' | b'\t' | b'\r' => {
                i += 1;
            }
            b'\n' => {
                finish!(Sep::Newline);
                i += 1;
                for (delim, chomp) in std::mem::take(&mut heredocs) {
                    // skip body lines up to the delimiter line
                    loop {
                        if i >= b.len() {
                            incomplete = true;
                            break;
                        }
                        let le = text[i..].find('\n').map_or(b.len(), |p| i + p);
                        let line = text[i..le].trim_end_matches('\r');
                        let line = if chomp { line.trim_start_matches('\t') } else { line };
                        i = (le + 1).min(b.len());
                        if line == delim {
                            break;
                        }
                    }
                }
            }
            b'#' => {
                // comment to end of line
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'&' if b.get(i + 1) == Some(&b'&') => {
                finish!(Sep::And);
                i += 2;
            }
            b'|' if b.get(i + 1) == Some(&b'|') => {
                finish!(Sep::Or);
                i += 2;
            }
            b'|' => {
                finish!(Sep::Pipe);
                i += if b.get(i + 1) == Some(&b'&') { 2 } else { 1 };
            }
            b'&' if b.get(i + 1) != Some(&b'>') => {
                finish!(Sep::Background);
                i += 1;
            }
            b';' => {
                finish!(Sep::Semi);
                i += if b.get(i + 1) == Some(&b';') { 2 } else { 1 };
            }
            b'(' | b')' => {
                finish!(Sep::Semi);
                i += 1;
            }
            b'<' | b'>' => {
                let st = i;
                while i < b.len() && matches!(b[i], b'<' | b'>') {
                    i += 1;
                }
                if i < b.len() && matches!(b[i], b'&' | b'|' | b'-') {
                    i += 1;
                }
                let op = ShStr::from(&text[st..i]);
                if op.starts_with("<<<") {
                    // here-string: its word is the target
                } else if op.ends_with('&') {
                    // `>&2`, `<&0`, `>&-`: duplication, complete in itself
                    let n = b[i..].iter().take_while(|c| c.is_ascii_digit() || **c == b'-').count();
                    if n > 0 {
                        i += n;
                        continue;
                    }
                }
                pending_redirect = Some(op);
            }
            _ => {
                let (w, next, ok) = lex_word(text, i, &mut scratch);
                if !ok {
                    incomplete = true;
                }
                i = next.max(i + 1);
                // fd number directly before a redirection: `2>file`
                if matches!(b.get(i), Some(b'<' | b'>')) && w.value.bytes().all(|c| c.is_ascii_digit()) && !w.quoted {
                    continue;
                }
                if let Some(op) = pending_redirect.take() {
                    if op == "<<" || op == "<<-" {
                        heredocs.push((w.value.to_string(), op == "<<-"));
                    }
                    cur.redirects.push((op, w));
                    continue;
                }
                if cur.words.is_empty() {
                    if RESERVED.contains(&w.value.as_str()) && !w.quoted {
                        // `for x in a b; do` : skip the loop header words
                        if w.value == "for" || w.value == "case" {
                            while i < b.len() && !matches!(b[i], b';' | b'\n') {
                                i += 1;
                            }
                        }
                        continue;
                    }
                    if is_assignment(&w) {
                        if cur.assignments.is_empty() {
                            cur.start = w.span.start;
                            cur.sep = next_sep;
                        }
                        cur.end = w.span.end;
                        cur.assignments.push(w);
                        continue;
                    }
                    if cur.assignments.is_empty() {
                        cur.start = w.span.start;
                        cur.sep = next_sep;
                    }
                }
                cur.end = w.span.end;
                cur.words.push(w);
            }
        }
    }
    if !cur.words.is_empty() || !cur.assignments.is_empty() {
        commands.push(cur.freeze());
    }
    Script { commands: commands.into_boxed_slice(), incomplete }
}

fn is_assignment(w: &ShWord) -> bool {
    match w.value.split_once('=') {
        Some((k, _)) => {
            !k.is_empty()
                && k.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_')
                && !k.as_bytes()[0].is_ascii_digit()
        }
        None => false,
    }
}

/// Lexes one word starting at `i`. Returns the word, the offset after it, and whether it was
/// well-formed (closed quotes and substitutions).
fn lex_word(text: &str, start: usize, value: &mut String) -> (ShWord, usize, bool) {
    let b = text.as_bytes();
    let mut i = start;
    value.clear();
    let mut quoted = false;
    let mut dynamic = false;
    let mut ok = true;
    while i < b.len() {
        let c = b[i];
        match c {
            b' ' | b'\t' | b'\r' | b'\n' | b';' | b'|' | b'<' | b'>' | b'(' | b')' => break,
            b'&' => break,
            b'\'' => {
                quoted = true;
                match text[i + 1..].find('\'') {
                    Some(p) => {
                        value.push_str(&text[i + 1..i + 1 + p]);
                        i += p + 2;
                    }
                    None => {
                        value.push_str(&text[i + 1..]);
                        i = b.len();
                        ok = false;
                    }
                }
            }
            b'"' => {
                quoted = true;
                i += 1;
                let mut closed = false;
                while i < b.len() {
                    match b[i] {
                        b'"' => {
                            i += 1;
                            closed = true;
                            break;
                        }
                        b'\\' if i + 1 < b.len() => {
                            let n = b[i + 1];
                            if matches!(n, b'"' | b'\\' | b'$' | b'`') {
                                value.push(n as char);
                                i += 2;
                            } else if n == b'\n' {
                                i += 2;
                            } else {
                                value.push('\\');
                                i += 1;
                            }
                        }
                        b'$' | b'`' => {
                            dynamic = true;
                            let (sub, next, good) = skip_substitution(text, i);
                            ok &= good;
                            value.push_str(sub);
                            i = next;
                        }
                        _ => {
                            // a run of ordinary bytes at once (the stops are ASCII, so `j` is
                            // on a character boundary; a lone backslash at the very end is taken as is)
                            let from = i + 1;
                            let j = from
                                + b[from..]
                                    .iter()
                                    .position(|c| matches!(c, b'"' | b'\\' | b'$' | b'`'))
                                    .unwrap_or(b.len() - from);
                            value.push_str(&text[i..j]);
                            i = j;
                        }
                    }
                }
                ok &= closed;
            }
            b'\\' => {
                if i + 1 < b.len() {
                    let ch = text[i + 1..].chars().next().unwrap_or('\0');
                    if ch != '\n' {
                        value.push(ch);
                    }
                    i += 1 + ch.len_utf8().max(1);
                } else {
                    i += 1;
                }
            }
            b'$' | b'`' => {
                dynamic = true;
                let (sub, next, good) = skip_substitution(text, i);
                ok &= good;
                value.push_str(sub);
                i = next;
            }
            _ => {
                // a run of ordinary bytes at once (the stops are ASCII, so `j` is on a
                // character boundary)
                let from = i + 1;
                let j = from + b[from..].iter().position(|&c| word_stop(c)).unwrap_or(b.len() - from);
                value.push_str(&text[i..j]);
                i = j;
            }
        }
    }
    (ShWord { value: ShStr::from(value.as_str()), quoted, dynamic, span: Span::new(start, i) }, i, ok)
}

/// Bytes that end a run of ordinary word characters in [`lex_word`].
#[inline]
fn word_stop(c: u8) -> bool {
    matches!(
        c,
        b' ' | b'\t'
            | b'\r'
            | b'\n'
            | b';'
            | b'|'
            | b'<'
            | b'>'
            | b'('
            | b')'
            | b'&'
            | b'\''
            | b'"'
            | b'\\'
            | b'$'
            | b'`'
    )
}

/// Skips `$name`, `${...}`, `$(...)`, `$((...))` or `` `...` `` at `i`, returning its raw text.
/// Nesting is tracked with a counter, never with recursion.
fn skip_substitution(text: &str, i: usize) -> (&str, usize, bool) {
    let b = text.as_bytes();
    if b[i] == b'`' {
        return match text[i + 1..].find('`') {
            Some(p) => (&text[i..i + p + 2], i + p + 2, true),
            None => (&text[i..], b.len(), false),
        };
    }
    match b.get(i + 1) {
        Some(b'{') | Some(b'(') => {
            let (open, close) = if b[i + 1] == b'{' { (b'{', b'}') } else { (b'(', b')') };
            let mut depth = 0usize;
            let mut j = i + 1;
            let mut in_sq = false;
            while j < b.len() {
                let c = b[j];
                if in_sq {
                    if c == b'\'' {
                        in_sq = false;
                    }
                } else if c == b'\'' && open == b'(' {
                    in_sq = true;
                } else if c == b'\\' {
                    j += 1;
                } else if c == open {
                    depth += 1;
                } else if c == close {
                    depth -= 1;
                    if depth == 0 {
                        return (&text[i..=j], j + 1, true);
                    }
                }
                j += 1;
            }
            (&text[i..], b.len(), false)
        }
        Some(c) if c.is_ascii_alphanumeric() || *c == b'_' => {
            let n = b[i + 1..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'_').count();
            (&text[i..i + 1 + n], i + 1 + n, true)
        }
        Some(b'@' | b'*' | b'#' | b'?' | b'$' | b'!' | b'-') => (&text[i..i + 2], i + 2, true),
        _ => ("$", i + 1, true),
    }
}

/// Maps lexer offsets to source spans.
pub trait OffsetMap {
    fn span(&self, start: usize, end: usize) -> Span;
}

/// A script whose text is a contiguous piece of the source starting at `base`.
pub struct Contiguous(pub usize);

impl OffsetMap for Contiguous {
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.0 + start, self.0 + end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(s: &Script) -> Vec<String> {
        s.commands.iter().map(|c| c.words.iter().map(|w| w.value.as_str()).collect::<Vec<_>>().join(" ")).collect()
    }

    #[test]
    fn splits_commands_and_unquotes() {
        let s = lex("apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y 'a b' \"c\"d; rm -rf /x | tee >/dev/null 2>&1");
        assert_eq!(names(&s), ["apt-get update", "apt-get install -y a b cd", "rm -rf /x", "tee"]);
        assert_eq!(s.commands[1].assignments[0].value, "DEBIAN_FRONTEND=noninteractive");
        assert_eq!(s.commands[1].sep, Sep::And);
        assert_eq!(s.commands[3].sep, Sep::Pipe);
        assert!(!s.incomplete);
    }

    #[test]
    fn control_flow_words_are_skipped() {
        let s = lex("if [ -f x ]; then apt-get install -y a; fi\nfor p in a b; do echo $p; done");
        let n = names(&s);
        assert!(n.contains(&"apt-get install -y a".to_string()), "{n:?}");
        assert!(n.contains(&"echo $p".to_string()), "{n:?}");
    }

    #[test]
    fn spans_cover_words() {
        let t = "sudo apt-get install  foo";
        let s = lex(t);
        let c = &s.commands[0];
        assert_eq!(c.words[2].span.text(t), "install");
        assert_eq!(c.real_start(), 1);
        assert_eq!(s.find(&["apt-get"]).count(), 1);
    }

    #[test]
    fn nested_heredoc_bodies_are_not_commands() {
        let s = lex("cat <<EOF > /etc/x\nrm -rf /\nEOF\necho done\n");
        assert_eq!(names(&s), ["cat", "echo done"]);
        assert_eq!(s.commands[0].redirects.len(), 2);
    }

    /// The lexed scripts of every RUN are kept for the whole lint: their size per word and per
    /// command is most of the memory a large Dockerfile takes (docs/benchmarks.md, "Memory").
    #[test]
    fn lexed_words_and_commands_stay_small() {
        use std::mem::size_of;
        // was 64 bytes (offsets into the lexed text kept beside the source span), then 48
        // (a `String` value)
        assert_eq!(size_of::<ShStr>(), 16);
        let word = size_of::<Box<str>>() + size_of::<Span>() + 8;
        assert!(size_of::<ShWord>() <= word, "ShWord: {} bytes", size_of::<ShWord>());
        // was 120 bytes (growable lists, offsets beside the span)
        // then 72 (the assignments and redirections as boxed slices, nearly always empty)
        let cmd = size_of::<Box<[ShWord]>>() + 2 * size_of::<usize>() + size_of::<Span>() + 8;
        assert_eq!(size_of::<RareList<ShWord>>(), size_of::<usize>());
        assert!(size_of::<Command>() <= cmd, "Command: {} bytes", size_of::<Command>());
        assert!(size_of::<Script>() <= size_of::<Box<[Command]>>() + 8, "Script: {} bytes", size_of::<Script>());
        // frozen lists are exactly as long as their contents
        let s = lex("a b c; d e");
        assert_eq!(s.commands.len(), 2);
        assert_eq!(s.commands[0].words.len(), 3);
    }

    #[test]
    fn word_text_reads_and_compares_like_a_str() {
        for t in ["", "-y", "\u{e9}t\u{e9}", &"x".repeat(22), &"x".repeat(23), &"\u{1f600}".repeat(6)] {
            let w = ShStr::from(t);
            assert_eq!(&*w, t);
            assert_eq!(w.as_str(), t);
            assert_eq!(w.len(), t.len());
            let owned = t.to_string();
            assert!(w == t && w == *t && w == owned);
            assert!(t == w && *t == w && owned == w);
            assert_eq!(w, ShStr::from(t.to_string()));
            assert_eq!(w.to_string(), t);
            assert_eq!(format!("{w:?}"), format!("{t:?}"));
            assert_eq!(String::from(w.clone()), t);
        }
        let (ab, abc) = (ShStr::from("ab"), ShStr::from("abc"));
        assert!(ab != "abc" && ab < abc);
        // escapes and quotes removed, multi-byte text kept whole
        let s = lex("echo '\u{e9}t\u{e9}' a\\ b \"x\\\"y\"");
        let v: Vec<&str> = s.commands[0].words.iter().map(|w| &*w.value).collect();
        assert_eq!(v, ["echo", "\u{e9}t\u{e9}", "a b", "x\"y"]);
    }

    #[test]
    fn rare_lists_read_like_slices() {
        let empty: RareList<u8> = Vec::new().into_iter().collect();
        assert!(empty.0.is_none() && empty.is_empty() && empty == RareList::default());
        assert_eq!(format!("{empty:?}"), "[]");
        let mut two: RareList<u8> = [1, 2].into_iter().collect();
        assert_eq!(&two[..], [1, 2]);
        assert_eq!((&two).into_iter().rev().copied().collect::<Vec<_>>(), [2, 1]);
        two[0] = 3;
        assert_eq!(format!("{two:?}"), "[3, 2]");
        assert!(two != empty && two.clone() == two);
        let s = lex("A=1 B=2 env > out 2>&1 < in");
        assert_eq!(s.commands[0].assignments.len(), 2);
        assert_eq!(
            s.commands[0].redirects.iter().map(|(op, w)| format!("{op}{}", w.value)).collect::<Vec<_>>(),
            [">out", "<in"]
        );
        assert!(lex("env").commands[0].redirects.0.is_none());
    }

    #[test]
    fn redirects_before_a_command_stay_with_it() {
        let s = lex("> out echo hi; 2>err; cat");
        assert_eq!(names(&s), ["echo hi", "cat"]);
        assert_eq!(s.commands[0].redirects.len(), 1);
        assert_eq!(s.commands[0].span.text("> out echo hi; 2>err; cat"), "echo hi");
        // a lone redirection has no command: its target goes with the next one, as before
        assert_eq!(s.commands[1].redirects.len(), 1);
        assert_eq!(s.commands[1].sep, Sep::Semi);
    }

    #[test]
    fn unterminated_is_flagged_not_fatal() {
        let s = lex("echo \"abc");
        assert!(s.incomplete);
        assert_eq!(s.commands.len(), 1);
        let s = lex("echo $(foo (bar)");
        assert!(s.incomplete);
    }
}

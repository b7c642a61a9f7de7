//! `.dockerignore` files: which paths of a build context BuildKit leaves out.
//!
//! Written for Seaworthy from the documented behaviour of Docker/BuildKit (moby's pattern
//! matcher), not from its code:
//!
//! - one pattern per line; a line whose first character is `#` is a comment; surrounding
//!   white space is trimmed and blank lines are skipped; a UTF-8 BOM on the first line is
//!   dropped;
//! - `!` in front makes the pattern an exception (it re-includes what it matches);
//! - each pattern is cleaned like Go's `filepath.Clean` (`./a//b/../c/` → `a/c`) and a leading
//!   `/` is dropped, so every pattern is relative to the context root;
//! - `*` matches any run of characters but `/`, `?` one character but `/`, `[...]` a
//!   character class (`[^...]` negated, ranges `a-z`), `\` escapes the next character;
//! - `**` matches any number of directories (zero included) when followed by `/` or at the
//!   end of the pattern (`**/*.go`, `a/**/b`, `logs/**`);
//! - a pattern matches a path when it matches the path itself or one of its parent
//!   directories, so `node_modules` excludes everything below it;
//! - patterns apply in order and the last one that matches a path decides (exceptions
//!   included): `*.md` then `!README.md` keeps `README.md`.
//!
//! Patterns BuildKit rejects (a lone `!`, an unclosed `[`) or whose meaning is murky (classes
//! holding wildcards, a `^` outside a class) make the whole file [`Dockerignore::reliable`]
//! `false`: rules then say nothing. Matching is linear in the path length times the pattern
//! length (an NFA simulation, no backtracking), and the number of patterns is bounded.

/// How many patterns are read; a longer file is treated as unreliable.
pub const MAX_PATTERNS: usize = 10_000;
/// Longest pattern, in bytes; a longer one makes the file unreliable.
pub const MAX_PATTERN_LEN: usize = 4096;

/// One element of a compiled pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Tok {
    /// This character.
    Lit(char),
    /// `*`: any run of characters other than `/`.
    Star,
    /// `?`: one character other than `/`.
    One,
    /// `[...]`: one character in (or, negated, not in) the ranges.
    Class { negated: bool, ranges: Vec<(char, char)> },
    /// `**` followed by `/` (or inside a pattern): any number of whole directories, zero included.
    Dirs,
    /// `**` at the end: anything at all.
    Rest,
}

/// A pattern of a `.dockerignore` file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    /// 1-based line of the file.
    pub line: usize,
    /// The cleaned pattern, without the `!`.
    pub text: String,
    /// An exception (`!pattern`): re-includes what it matches.
    pub exception: bool,
    toks: Vec<Tok>,
}

/// A parsed `.dockerignore`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dockerignore {
    pub patterns: Vec<Pattern>,
    /// Why the file cannot be relied on, if it cannot (a pattern BuildKit rejects or that this
    /// matcher does not model): `(line, reason)`.
    pub problem: Option<(usize, String)>,
}

/// Cleans a `/`-separated path like Go's `filepath.Clean` on Unix: one `/` between elements,
/// no `.` elements, `..` removed with the element before it (kept at the start of a relative
/// path, dropped at the root), no trailing `/`; the empty path is `.`.
pub fn clean(path: &str) -> String {
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            _ => parts.push(p),
        }
    }
    let body = parts.join("/");
    match (rooted, body.is_empty()) {
        (true, _) => format!("/{body}"),
        (false, true) => ".".to_string(),
        (false, false) => body,
    }
}

/// Compiles a cleaned pattern, or says why it cannot be used.
fn compile(p: &str) -> Result<Vec<Tok>, String> {
    let chars: Vec<char> = p.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        match c {
            '*' if chars.get(i) == Some(&'*') => {
                i += 1;
                if chars.get(i) == Some(&'/') {
                    i += 1;
                }
                toks.push(if i >= chars.len() { Tok::Rest } else { Tok::Dirs });
            }
            '*' => toks.push(Tok::Star),
            '?' => toks.push(Tok::One),
            '\\' => match chars.get(i) {
                Some(&n) => {
                    if n.is_ascii_alphanumeric() {
                        // `\d`, `\w`... are character classes in BuildKit's regular expressions
                        return Err(format!("`\\{n}` is not a plain escaped character"));
                    }
                    toks.push(Tok::Lit(n));
                    i += 1;
                }
                None => toks.push(Tok::Lit('\\')),
            },
            '[' => {
                let (tok, next) = class(&chars, i)?;
                toks.push(tok);
                i = next;
            }
            '^' => return Err("`^` outside a character class never matches in BuildKit".into()),
            _ => toks.push(Tok::Lit(c)),
        }
    }
    Ok(toks)
}

/// Parses a character class whose `[` is just before `start`; returns it and the index after `]`.
fn class(chars: &[char], start: usize) -> Result<(Tok, usize), String> {
    let mut i = start;
    let negated = chars.get(i) == Some(&'^');
    if negated {
        i += 1;
    }
    let mut ranges = Vec::new();
    let mut first = true;
    loop {
        let Some(&c) = chars.get(i) else { return Err("unclosed `[`".into()) };
        i += 1;
        let lo = match c {
            ']' if !first => return Ok((Tok::Class { negated, ranges }, i)),
            ']' | '[' | '*' | '?' => return Err(format!("`{c}` inside a character class")),
            '\\' => {
                let Some(&n) = chars.get(i) else { return Err("unclosed `[`".into()) };
                i += 1;
                if n.is_ascii_alphanumeric() {
                    return Err(format!("`\\{n}` inside a character class"));
                }
                n
            }
            _ => c,
        };
        first = false;
        let hi = if chars.get(i) == Some(&'-') && chars.get(i + 1).is_some_and(|&n| n != ']') {
            let mut n = chars[i + 1];
            i += 2;
            if n == '\\' {
                let Some(&e) = chars.get(i) else { return Err("unclosed `[`".into()) };
                i += 1;
                n = e;
            }
            if n < lo {
                return Err(format!("bad range `{lo}-{n}`"));
            }
            n
        } else {
            lo
        };
        ranges.push((lo, hi));
    }
}

/// NFA states: two per token position (the second is "inside a `**/`"), plus the end.
struct Nfa<'a> {
    toks: &'a [Tok],
    cur: Vec<bool>,
    next: Vec<bool>,
}

impl<'a> Nfa<'a> {
    fn new(toks: &'a [Tok]) -> Self {
        let n = 2 * (toks.len() + 1);
        let mut nfa = Nfa { toks, cur: vec![false; n], next: vec![false; n] };
        nfa.cur[0] = true;
        Self::close(toks, &mut nfa.cur);
        nfa
    }

    /// Adds the states reachable without reading: `*`, `**/` and `**` may match nothing.
    fn close(toks: &[Tok], set: &mut [bool]) {
        for i in 0..toks.len() {
            if set[2 * i] && matches!(toks[i], Tok::Star | Tok::Dirs | Tok::Rest) {
                set[2 * (i + 1)] = true;
            }
        }
    }

    fn step(&mut self, c: char) {
        self.next.iter_mut().for_each(|s| *s = false);
        for (i, t) in self.toks.iter().enumerate() {
            let at = self.cur[2 * i];
            let inside = self.cur[2 * i + 1];
            if !at && !inside {
                continue;
            }
            match t {
                Tok::Lit(l) if at && *l == c => self.next[2 * (i + 1)] = true,
                Tok::One if at && c != '/' => self.next[2 * (i + 1)] = true,
                Tok::Class { negated, ranges }
                    if at && ranges.iter().any(|(lo, hi)| *lo <= c && c <= *hi) != *negated =>
                {
                    self.next[2 * (i + 1)] = true
                }
                Tok::Star if at && c != '/' => self.next[2 * i] = true,
                Tok::Rest if at => self.next[2 * i] = true,
                Tok::Dirs => {
                    self.next[2 * i + 1] = true;
                    if c == '/' {
                        self.next[2 * (i + 1)] = true;
                    }
                }
                _ => {}
            }
        }
        Self::close(self.toks, &mut self.next);
        std::mem::swap(&mut self.cur, &mut self.next);
    }

    fn feed(&mut self, s: &str) {
        for c in s.chars() {
            self.step(c);
            if !self.alive() {
                return;
            }
        }
    }

    fn accepts(&self) -> bool {
        self.cur[2 * self.toks.len()]
    }

    fn alive(&self) -> bool {
        self.cur.iter().any(|s| *s)
    }
}

impl Pattern {
    /// Whether the pattern matches `path` (cleaned, relative) itself.
    fn matches_exactly(&self, path: &str) -> bool {
        let mut nfa = Nfa::new(&self.toks);
        nfa.feed(path);
        nfa.accepts()
    }

    /// Whether the pattern matches `path` or one of its parent directories.
    pub fn matches(&self, path: &str) -> bool {
        if self.matches_exactly(path) {
            return true;
        }
        // parents: `a`, `a/b` for `a/b/c` (one pass: the NFA is fed once, checked at each `/`)
        let mut nfa = Nfa::new(&self.toks);
        for c in path.chars() {
            if c == '/' && nfa.accepts() {
                return true;
            }
            nfa.step(c);
            if !nfa.alive() {
                return false;
            }
        }
        false
    }

    /// Whether the pattern may match some path below the directory `dir` (it accepts a path
    /// starting with `dir/`, or one of `dir`'s parents).
    fn may_match_below(&self, dir: &str) -> bool {
        let mut nfa = Nfa::new(&self.toks);
        for c in dir.chars() {
            if c == '/' && nfa.accepts() {
                return true;
            }
            nfa.step(c);
            if !nfa.alive() {
                return false;
            }
        }
        if nfa.accepts() {
            return true;
        }
        nfa.step('/');
        nfa.alive()
    }
}

impl Dockerignore {
    /// Reads a `.dockerignore` file's text. Never fails: problems make it unreliable.
    pub fn parse(text: &str) -> Dockerignore {
        let mut out = Dockerignore::default();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        for (n, raw) in text.lines().enumerate() {
            let line = n + 1;
            if raw.starts_with('#') {
                continue;
            }
            let mut p = raw.trim();
            if p.is_empty() {
                continue;
            }
            if out.patterns.len() >= MAX_PATTERNS || p.len() > MAX_PATTERN_LEN {
                out.problem.get_or_insert((line, "too many or too long patterns to check".into()));
                break;
            }
            let exception = p.starts_with('!');
            if exception {
                p = p[1..].trim();
                if p.is_empty() {
                    out.problem.get_or_insert((line, "`!` without a pattern (BuildKit rejects it)".into()));
                    continue;
                }
            }
            let mut cleaned = clean(p);
            if cleaned.len() > 1 && cleaned.starts_with('/') {
                cleaned.remove(0);
            }
            match compile(&cleaned) {
                Ok(toks) => out.patterns.push(Pattern { line, text: cleaned, exception, toks }),
                Err(why) => {
                    out.problem.get_or_insert((line, format!("pattern `{cleaned}`: {why}")));
                }
            }
        }
        out
    }

    /// Whether the file can be relied on (every pattern understood).
    pub fn reliable(&self) -> bool {
        self.problem.is_none()
    }

    /// The pattern that decides `path` is left out of the context, if it is: the last pattern
    /// matching it (or a parent directory), when that pattern is not an exception. `path` is
    /// relative to the context root (cleaned here; a leading `/` is the root).
    pub fn excluded_by(&self, path: &str) -> Option<&Pattern> {
        let path = clean(path.trim_start_matches('/'));
        if path == "." || path.starts_with("../") || path == ".." {
            return None;
        }
        self.patterns.iter().rev().find(|p| p.matches(&path)).filter(|p| !p.exception)
    }

    /// Whether `path` is left out of the context.
    pub fn excludes(&self, path: &str) -> bool {
        self.excluded_by(path).is_some()
    }

    /// Whether an exception pattern may bring back something below the directory `dir`
    /// (so an excluded directory may still hold files in the context).
    pub fn may_include_below(&self, dir: &str) -> bool {
        let dir = clean(dir.trim_start_matches('/'));
        self.patterns.iter().filter(|p| p.exception).any(|p| p.may_match_below(&dir))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn di(text: &str) -> Dockerignore {
        let d = Dockerignore::parse(text);
        assert!(d.reliable(), "{text:?}: {:?}", d.problem);
        d
    }

    #[track_caller]
    fn check(text: &str, excluded: &[&str], kept: &[&str]) {
        let d = di(text);
        for p in excluded {
            assert!(d.excludes(p), "{text:?} should exclude {p}");
        }
        for p in kept {
            assert!(!d.excludes(p), "{text:?} should keep {p}");
        }
    }

    #[test]
    fn cleans_like_go() {
        for (i, o) in [
            ("", "."),
            (".", "."),
            ("./", "."),
            ("a/", "a"),
            ("./a//b/./c/", "a/b/c"),
            ("a/../b", "b"),
            ("a/b/../../..", ".."),
            ("../a", "../a"),
            ("/../a", "/a"),
            ("/", "/"),
            ("//a", "/a"),
        ] {
            assert_eq!(clean(i), o, "{i}");
        }
    }

    #[test]
    fn comments_blank_lines_and_trimming() {
        let d = di("\u{feff}# a comment\n\n   \n  .git  \r\n\t*.log\n");
        let texts: Vec<&str> = d.patterns.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, [".git", "*.log"]);
        assert_eq!(d.patterns[1].line, 5);
        // only a `#` in the first column starts a comment
        check("  #x\n", &["#x"], &["x"]);
    }

    #[test]
    fn patterns_are_cleaned_and_anchored_at_the_root() {
        check("/secrets\n", &["secrets", "secrets/a.pem", "/secrets"], &["app/secrets"]);
        check("./build/\n", &["build", "build/out/x"], &["src/build"]);
        check("a/../tmp\n", &["tmp"], &["a/tmp"]);
        check("docs//api/\n", &["docs/api/x.md"], &["docs/x.md"]);
        check("/\n", &[], &["a", "x/y"]);
    }

    #[test]
    fn plain_names_match_at_the_root_only_and_everything_below() {
        check(
            "node_modules\n.git\n",
            &["node_modules", "node_modules/a/b.js", ".git", ".git/HEAD"],
            &["web/node_modules", "node_modules2", ".github/workflows/ci.yml", "a.git"],
        );
    }

    #[test]
    fn single_star_and_question_mark_stay_in_one_directory() {
        check("*.md\n", &["README.md", "docs.md/x"], &["docs/a.md"]);
        check("*/*.md\n", &["docs/a.md"], &["a.md", "x/y/a.md"]);
        check("file?.txt\n", &["file1.txt"], &["file.txt", "file10.txt", "file/.txt"]);
        check("*\n", &["a", "a/b", ".env"], &[]);
        check("temp*\n", &["temp", "temporary/x"], &["a/temp"]);
    }

    #[test]
    fn double_star_spans_directories() {
        check("**/*.go\n", &["a.go", "x/a.go", "x/y/z/a.go"], &["a.gox", "x/a.rs"]);
        check("**/.env\n", &[".env", "config/.env"], &["config/.env.example"]);
        check("a/**/b\n", &["a/b", "a/x/b", "a/x/y/b", "a/b/c"], &["ab", "a/xb", "x/a/b"]);
        check("logs/**\n", &["logs/a", "logs/a/b"], &["logsx", "x/logs/a"]);
        check("**\n", &["a", "a/b/c"], &[]);
        check("foo**\n", &["foo", "foobar", "foo/x"], &["xfoo"]);
        // `**` followed by a character is `(any directories)` then that character
        check("a**b\n", &["ab", "ax/b"], &["axb"]);
    }

    #[test]
    fn character_classes() {
        check("[abc].txt\n", &["a.txt", "c.txt"], &["d.txt", "ab.txt"]);
        check("log[0-9]\n", &["log5"], &["logx", "log10"]);
        check("[^a]x\n", &["bx", "-x"], &["ax", "x"]);
        check("[!a]x\n", &["!x", "ax"], &["bx"]);
        check("[a-cx-z]\n", &["b", "y"], &["d"]);
        check("[\\]]\n", &["]"], &["a"]);
        check("[a-]\n", &["a", "-"], &["b"]);
    }

    #[test]
    fn escapes_and_regex_characters_are_literal() {
        check("\\*.txt\n", &["*.txt"], &["a.txt"]);
        check("a\\?\n", &["a?"], &["ab"]);
        check("v1.2+(x)|{y}$\n", &["v1.2+(x)|{y}$"], &["v1x2+(x)|{y}$"]);
        check("trailing\\\n", &["trailing\\"], &["trailing"]);
    }

    #[test]
    fn exceptions_and_last_match_wins() {
        check("*.md\n!README.md\n", &["CHANGES.md"], &["README.md"]);
        check("!README.md\n*.md\n", &["README.md"], &[]);
        check("docs\n!docs/api\n", &["docs/guide.md"], &["docs/api", "docs/api/x.md"]);
        check("*\n!src\n!package.json\n", &[".env", "README.md"], &["src/a.js", "package.json"]);
        check("*\n!src\nsrc/**/*.test.js\n", &["src/a.test.js", "src/x/b.test.js"], &["src/a.js"]);
        check("! keep\nkeep\n", &["keep"], &[]);
        let d = di("*\n!src\n");
        assert_eq!(d.excluded_by("README.md").map(|p| (p.line, p.text.as_str())), Some((1, "*")));
    }

    #[test]
    fn exceptions_below_an_excluded_directory_are_seen() {
        let d = di("vendor\n!vendor/keep/**\n");
        assert!(d.excludes("vendor") && d.may_include_below("vendor"));
        assert!(!di("vendor\n!src\n").may_include_below("vendor"));
        assert!(di("config\n!**/*.yaml\n").may_include_below("config"));
        assert!(di("config\n!config\n").may_include_below("config/sub"));
    }

    #[test]
    fn the_root_and_paths_outside_the_context_are_never_excluded() {
        let d = di("*\n.\n..\n");
        for p in [".", "./", "", "/", "..", "../x"] {
            assert!(!d.excludes(p), "{p}");
        }
        assert!(d.excludes("./a/../b"));
    }

    #[test]
    fn unusable_patterns_make_the_file_unreliable() {
        for t in ["!\n", "a[b\n", "[]\n", "[z-a]\n", "[*]\n", "a^b\n", "\\d+\n", "[\\w]\n"] {
            let d = Dockerignore::parse(t);
            assert!(!d.reliable(), "{t:?}");
        }
        let long = "x".repeat(MAX_PATTERN_LEN + 1);
        assert!(!Dockerignore::parse(&long).reliable());
        let many = "a\n".repeat(MAX_PATTERNS + 1);
        assert!(!Dockerignore::parse(&many).reliable());
    }

    /// A naive backtracking matcher of the same token semantics (exponential, for small inputs).
    fn reference(toks: &[Tok], s: &[char]) -> bool {
        let Some((t, rest)) = toks.split_first() else { return s.is_empty() };
        match t {
            Tok::Lit(c) => s.first() == Some(c) && reference(rest, &s[1..]),
            Tok::One => s.first().is_some_and(|c| *c != '/') && reference(rest, &s[1..]),
            Tok::Class { negated, ranges } => {
                s.first().is_some_and(|c| ranges.iter().any(|(lo, hi)| lo <= c && c <= hi) != *negated)
                    && reference(rest, &s[1..])
            }
            Tok::Star => (0..=s.len()).take_while(|&k| !s[..k].contains(&'/')).any(|k| reference(rest, &s[k..])),
            Tok::Rest => (0..=s.len()).any(|k| reference(rest, &s[k..])),
            // `(.*/)?`: nothing, or anything ending with `/`
            Tok::Dirs => reference(rest, s) || (1..=s.len()).any(|k| s[k - 1] == '/' && reference(rest, &s[k..])),
        }
    }

    proptest::proptest! {
        #[test]
        fn the_nfa_agrees_with_a_naive_matcher(
            pat in proptest::collection::vec(
                proptest::sample::select(vec!["a", "b", "/", "*", "?", "**", "**/", "[ab]", "[^a]", "\\*", "."]),
                0..7,
            ),
            path in proptest::collection::vec(proptest::sample::select(vec!['a', 'b', '/', '*', '.']), 0..9),
        ) {
            let pat: String = pat.concat();
            let path: String = path.into_iter().collect();
            if let Ok(toks) = compile(&pat) {
                let p = Pattern { line: 1, text: pat.clone(), exception: false, toks };
                let chars: Vec<char> = path.chars().collect();
                proptest::prop_assert_eq!(p.matches_exactly(&path), reference(&p.toks, &chars), "{} vs {}", pat, path);
                // parents: the same as trying every prefix ending before a `/`
                let by_parents = p.matches_exactly(&path)
                    || chars.iter().enumerate().any(|(i, c)| *c == '/' && reference(&p.toks, &chars[..i]));
                proptest::prop_assert_eq!(p.matches(&path), by_parents, "{} vs {}", pat, path);
            }
            // never panics on any text
            let d = Dockerignore::parse(&format!("{pat}\n!{path}\n"));
            let _ = d.excludes(&path);
            let _ = d.may_include_below(&path);
        }
    }

    #[test]
    fn matching_stays_linear_on_hostile_patterns() {
        // classic backtracking killers: many stars against a long near-miss
        let pat = format!("{}b\n", "*a".repeat(200));
        let d = di(&pat);
        let path = "a".repeat(4000);
        assert!(!d.excludes(&path));
        let pat = format!("{}x\n", "**/".repeat(300));
        let d = di(&pat);
        let path = "d/".repeat(2000) + "y";
        assert!(!d.excludes(&path));
    }
}

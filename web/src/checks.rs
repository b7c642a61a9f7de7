//! Helpful error states the core does not give (yet): "this is not a Dockerfile" and the
//! common YAML syntax errors of a compose file. Pure functions; the UI shows their result in a
//! banner and as markers in the editor.

/// A problem found in a file, with a 1-based line and a byte span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub start: usize,
    pub end: usize,
    pub message: String,
}

/// Why a Dockerfile tab does not look like a Dockerfile, if it does not.
pub fn not_a_dockerfile(text: &str) -> Option<String> {
    let content: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect();
    let first = content.first()?;
    let has_from = content.iter().any(|l| l.split_whitespace().next().is_some_and(|w| w.eq_ignore_ascii_case("FROM")));
    if has_from {
        return None;
    }
    let what = if first.starts_with('{') || first.starts_with('[') {
        "It looks like JSON. "
    } else if first.contains(": ") || first.ends_with(':') || first.starts_with("- ") {
        "It looks like YAML (a compose file goes in the compose tab). "
    } else {
        ""
    };
    Some(format!("This does not look like a Dockerfile: it has no FROM instruction. {what}Every Dockerfile starts from a base image, e.g. `FROM alpine:3.20`."))
}

/// Common YAML syntax errors, line by line: tabs in indentation, unterminated quoted strings,
/// a second `: ` inside a plain value, unclosed flow collections. Not a full YAML parser: the
/// core's compose support reports the rest.
pub fn yaml_problems(text: &str) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut block: Option<usize> = None;
    for (i, raw) in text.split('\n').enumerate() {
        let base = start;
        start += raw.len() + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        if let Some(parent) = block {
            if trimmed.trim().is_empty() || indent > parent {
                continue;
            }
            block = None;
        }
        if trimmed.trim().is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let problem = |s: usize, e: usize, m: &str| Problem {
            line: i + 1,
            start: base + s,
            end: base + e.max(s + 1).min(line.len().max(s + 1)),
            message: m.to_string(),
        };
        if trimmed.starts_with('\t') {
            out.push(problem(indent, indent + 1, "YAML does not allow tabs for indentation: use spaces"));
            continue;
        }
        let mut pos = indent;
        while line[pos..].starts_with("- ") {
            pos += 2;
            pos += line[pos..].len() - line[pos..].trim_start().len();
        }
        let rest = &line[pos..];
        let value_at = match key_len(rest) {
            Some(k) => {
                let after = &rest[k + 1..];
                pos + k + 1 + (after.len() - after.trim_start().len())
            }
            None => pos,
        };
        let value = strip_comment(&line[value_at..]).trim_end();
        if value.starts_with('|') || value.starts_with('>') {
            block = Some(indent);
            continue;
        }
        match value.as_bytes().first() {
            Some(&q @ (b'"' | b'\'')) => {
                let closed = closing_quote(&value[1..], q).is_some();
                if !closed {
                    out.push(problem(value_at, line.len(), "Unterminated quoted string: add the closing quote"));
                }
            }
            Some(b'[' | b'{') => {
                let (open, close) = value.bytes().fold((0i32, 0i32), |(o, c), b| match b {
                    b'[' | b'{' => (o + 1, c),
                    b']' | b'}' => (o, c + 1),
                    _ => (o, c),
                });
                if open != close {
                    out.push(problem(value_at, line.len(), "Unbalanced brackets in a flow collection"));
                }
            }
            Some(_) if value.contains(": ") && !value.contains("${") && !value.starts_with(['&', '*', '!']) => {
                let at = value.find(": ").unwrap_or(0);
                out.push(problem(
                    value_at + at,
                    value_at + at + 1,
                    "Mapping values are not allowed here: quote a value that contains `: `",
                ));
            }
            _ => {}
        }
    }
    out
}

fn closing_quote(s: &str, q: u8) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == q {
            if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Some(i);
        }
        if q == b'"' && bytes[i] == b'\\' {
            i += 1;
        }
        i += 1;
    }
    None
}

fn strip_comment(s: &str) -> &str {
    let mut quote = None;
    let mut prev = b' ';
    for (i, b) in s.bytes().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if i == 0 && (b == b'"' || b == b'\'') => quote = Some(b),
            None if b == b'#' && prev == b' ' => return &s[..i],
            None => {}
        }
        prev = b;
    }
    s
}

fn key_len(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    if let Some(&q @ (b'"' | b'\'')) = bytes.first() {
        let close = closing_quote(&s[1..], q)? + 2;
        return (s[close..].starts_with(':') && (close + 1 == s.len() || bytes[close + 1] == b' ')).then_some(close);
    }
    if matches!(bytes.first(), Some(b'[' | b'{' | b'&' | b'*' | b'!' | b'|' | b'>' | b'#')) {
        return None;
    }
    (0..bytes.len()).find(|&i| bytes[i] == b':' && (i + 1 == bytes.len() || bytes[i + 1] == b' ')).filter(|&i| i > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_files_that_are_not_dockerfiles() {
        assert!(not_a_dockerfile("FROM alpine\n").is_none());
        assert!(not_a_dockerfile("# c\n\n").is_none(), "empty files have their own empty state");
        assert!(not_a_dockerfile("ARG X\nfrom alpine").is_none());
        assert!(not_a_dockerfile("services:\n  web:\n").unwrap().contains("YAML"));
        assert!(not_a_dockerfile("{\"a\": 1}").unwrap().contains("JSON"));
        assert!(not_a_dockerfile("hello world").unwrap().contains("no FROM"));
    }

    #[test]
    fn finds_common_yaml_errors_with_lines() {
        let ok = "services:\n  web:\n    image: \"nginx:1.27\" # c\n    command: [\"a\", \"b\"]\n    environment:\n      - A=${X:-y}\n    healthcheck:\n      test: |\n        curl -f http://x: y\n";
        assert_eq!(yaml_problems(ok), vec![]);
        let bad = "services:\n\tweb:\n  db:\n    image: \"postgres\n    command: echo a: b\n    ports: [1, 2\n";
        let p = yaml_problems(bad);
        let lines: Vec<usize> = p.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![2, 4, 5, 6], "{p:?}");
        assert!(p[0].message.contains("tabs"));
        assert!(p.iter().all(|x| x.start < x.end && x.end <= bad.len() + 1));
    }

    #[test]
    fn yaml_check_is_total() {
        for t in ["", "'", "\"\\", "- ", ":", "a:", "\u{1F600}: \u{1F600}: x", "k: '' '", "\t"] {
            let _ = yaml_problems(t);
            let _ = not_a_dockerfile(t);
        }
    }
}

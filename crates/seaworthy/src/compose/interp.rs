//! Compose interpolation (`$VAR`, `${VAR}`, `${VAR:-d}`, `${VAR-d}`, `${VAR:?e}`, `${VAR?e}`,
//! `${VAR:+a}`, `${VAR+a}`, `$$`), kept as templates and evaluated without an environment in
//! three-valued logic: a value is *known*, *assumed* (it rests on a default the environment can
//! override) or *unknown*.

/// What an interpolated value is, without an environment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// No variables: the text is what Compose sees.
    Known(String),
    /// Every variable has a default (`${X:-d}`); the text uses the defaults.
    Assumed(String),
    /// Some part depends on the environment.
    Unknown,
}

impl Value {
    /// The text when known or assumed.
    pub fn text(&self) -> Option<&str> {
        match self {
            Value::Known(s) | Value::Assumed(s) => Some(s),
            Value::Unknown => None,
        }
    }
    pub fn is_assumed(&self) -> bool {
        matches!(self, Value::Assumed(_))
    }
}

/// A malformed interpolation, with its byte range inside the string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadInterpolation {
    pub start: usize,
    pub end: usize,
    pub message: String,
}

/// A variable reference found in a string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VarRef {
    pub name: String,
    /// Byte range of the whole `${…}` / `$NAME` in the string.
    pub start: usize,
    pub end: usize,
    /// The operator after the name (`:-`, `-`, `:?`, `?`, `:+`, `+`) if any.
    pub op: Option<&'static str>,
}

fn is_name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}
fn is_name(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

const MAX_NESTING: usize = 16;

struct Eval {
    /// Only the errors are wanted: no text, no variable list (`errors`).
    lean: bool,
    text: String,
    unknown: bool,
    assumed: bool,
    vars: Vec<VarRef>,
    errors: Vec<BadInterpolation>,
}

impl Eval {
    fn new(lean: bool) -> Self {
        Eval { lean, text: String::new(), unknown: false, assumed: false, vars: Vec::new(), errors: Vec::new() }
    }
}

/// Evaluates `s` without an environment.
pub fn evaluate(s: &str) -> Value {
    if !s.contains('$') {
        // no interpolation at all (most values): the text as it is
        return Value::Known(s.to_string());
    }
    let e = run(s);
    if e.unknown {
        Value::Unknown
    } else if e.assumed {
        Value::Assumed(e.text)
    } else {
        Value::Known(e.text)
    }
}

/// Variable references in `s` (outermost first, then nested ones in defaults).
pub fn variables(s: &str) -> Vec<VarRef> {
    run(s).vars
}

/// Malformed interpolations in `s`.
pub fn errors(s: &str) -> Vec<BadInterpolation> {
    if !s.contains('$') {
        return Vec::new();
    }
    run_with(s, true).errors
}

/// Whether `s` contains any interpolation (`$` other than `$$`).
pub fn has_variables(s: &str) -> bool {
    s.contains('$') && !variables(s).is_empty()
}

fn run(s: &str) -> Eval {
    run_with(s, false)
}

fn run_with(s: &str, lean: bool) -> Eval {
    let mut e = Eval::new(lean);
    interpolate(s, 0, 0, &mut e);
    e
}

/// Interpolates `s` (found at `base` in the outer string) into `e.text`.
fn interpolate(s: &str, base: usize, depth: usize, e: &mut Eval) {
    let b = s.as_bytes();
    let mut i = 0;
    let mut lit_start = 0;
    while i < b.len() {
        if b[i] != b'$' {
            i += 1;
            continue;
        }
        if !e.lean {
            e.text.push_str(s.get(lit_start..i).unwrap_or(""));
        }
        match b.get(i + 1) {
            Some(b'$') => {
                if !e.lean {
                    e.text.push('$');
                }
                i += 2;
            }
            Some(b'{') => {
                // find the matching close brace, counting nested `${`
                let mut j = i + 2;
                let mut level = 1usize;
                while j < b.len() {
                    match b[j] {
                        b'$' if b.get(j + 1) == Some(&b'{') => {
                            level += 1;
                            j += 2;
                            continue;
                        }
                        b'}' => {
                            level -= 1;
                            if level == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                if j >= b.len() {
                    e.errors.push(BadInterpolation {
                        start: base + i,
                        end: base + b.len(),
                        message: "`${` is not closed by `}`".into(),
                    });
                    e.unknown = true;
                    return;
                }
                braced(s, i, j, base, depth, e);
                i = j + 1;
            }
            Some(&c) if is_name_start(c) => {
                let mut j = i + 1;
                while j < b.len() && is_name(b[j]) {
                    j += 1;
                }
                if !e.lean {
                    e.vars.push(VarRef { name: s[i + 1..j].to_string(), start: base + i, end: base + j, op: None });
                }
                e.unknown = true;
                i = j;
            }
            _ => {
                // a `$` before anything else (`$(date)`, `^.+$`, `$5`) stays literal
                if !e.lean {
                    e.text.push('$');
                }
                i += 1;
            }
        }
        lit_start = i;
    }
    if !e.lean {
        e.text.push_str(s.get(lit_start..).unwrap_or(""));
    }
}

/// Handles `${…}` whose `$` is at `i` and closing brace at `j`.
fn braced(s: &str, i: usize, j: usize, base: usize, depth: usize, e: &mut Eval) {
    let inner = &s[i + 2..j];
    let ib = inner.as_bytes();
    let mut n = 0;
    while n < ib.len() && is_name(ib[n]) {
        n += 1;
    }
    let name = &inner[..n];
    if name.is_empty() || !is_name_start(ib[0]) {
        e.errors.push(BadInterpolation {
            start: base + i,
            end: base + j + 1,
            message: format!("`${{{inner}}}` does not start with a variable name"),
        });
        e.unknown = true;
        return;
    }
    let rest = &inner[n..];
    let ops: [&'static str; 6] = [":-", ":?", ":+", "-", "?", "+"];
    let op = ops.iter().find(|o| rest.starts_with(**o)).copied();
    if !e.lean {
        e.vars.push(VarRef { name: name.to_string(), start: base + i, end: base + j + 1, op });
    }
    let Some(op) = op else {
        if !rest.is_empty() {
            e.errors.push(BadInterpolation {
                start: base + i,
                end: base + j + 1,
                message: format!("Unsupported interpolation `${{{inner}}}` (Compose supports :-, -, :?, ?, :+ and +)"),
            });
        }
        e.unknown = true;
        return;
    };
    let arg = &rest[op.len()..];
    let arg_base = base + i + 2 + n + op.len();
    match op {
        ":-" | "-" => {
            if depth >= MAX_NESTING {
                e.unknown = true;
                return;
            }
            interpolate(arg, arg_base, depth + 1, e);
            e.assumed = true;
        }
        ":?" | "?" => {
            // the value must come from the environment
            if depth < MAX_NESTING {
                let mut sub = Eval::new(e.lean);
                interpolate(arg, arg_base, depth + 1, &mut sub);
                e.vars.extend(sub.vars);
                e.errors.extend(sub.errors);
            }
            e.unknown = true;
        }
        _ => {
            // `:+`: the alternative when set; unknown without an environment
            if depth < MAX_NESTING {
                let mut sub = Eval::new(e.lean);
                interpolate(arg, arg_base, depth + 1, &mut sub);
                e.vars.extend(sub.vars);
                e.errors.extend(sub.errors);
            }
            e.unknown = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evaluates_in_three_values() {
        assert_eq!(evaluate("plain"), Value::Known("plain".into()));
        assert_eq!(evaluate("a$$b"), Value::Known("a$b".into()));
        assert_eq!(evaluate("${IP:-127.0.0.1}:80:80"), Value::Assumed("127.0.0.1:80:80".into()));
        assert_eq!(evaluate("${IP-0.0.0.0}"), Value::Assumed("0.0.0.0".into()));
        assert_eq!(evaluate("$HOST:$PORT:1025"), Value::Unknown);
        assert_eq!(evaluate("${X:?required}"), Value::Unknown);
        assert_eq!(evaluate("${X:+alt}"), Value::Unknown);
        assert_eq!(evaluate("${A:-${B:-x}}y"), Value::Assumed("xy".into()));
    }

    #[test]
    fn finds_variables_and_errors() {
        let v = variables("${A:-${B}} $C");
        let names: Vec<_> = v.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["A", "B", "C"]);
        assert_eq!(v[0].op, Some(":-"));
        assert!(errors("${A").len() == 1);
        assert!(errors("${}").len() == 1);
        assert!(errors("${A/x/y}").len() == 1);
        assert!(errors("cost $5 $(date) ^.+$").is_empty());
        assert!(errors("${A:-x} $$ $B").is_empty());
        // nesting is bounded
        let deep = "${A:-".repeat(100) + &"}".repeat(100);
        let _ = evaluate(&deep);
    }
}

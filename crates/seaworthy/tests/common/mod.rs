//! Shared helpers for the integration tests: where the real-world corpus is, and the CI rule.
//!
//! The corpus is read in place and never copied into the repository. It is found through the
//! environment variable `SEAWORTHY_CORPUS`, else at `<workspace root>/../shared/corpus`.
//! When it is missing, the corpus tests fail under `CI=true` and are skipped (with a notice)
//! everywhere else.

#![allow(dead_code)] // each test binary uses a different subset

use std::path::{Path, PathBuf};

/// The workspace root (two levels above this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("..")
}

/// Where the corpus should be, whether or not it exists.
pub fn corpus_path() -> PathBuf {
    match std::env::var_os("SEAWORTHY_CORPUS") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => workspace_root().join("..").join("shared").join("corpus"),
    }
}

/// Whether we run under CI (`CI=true`, as CI sets it).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| matches!(v.trim().to_ascii_lowercase().as_str(), "true" | "1" | "yes"))
}

/// The corpus directory, or `None` (after printing a notice) when it is missing outside CI.
/// Panics with a clear message when it is missing under CI.
pub fn corpus() -> Option<PathBuf> {
    let path = corpus_path();
    let shown = path.canonicalize().unwrap_or_else(|_| path.clone());
    let present = path.join("buildkit-oracle.jsonl").is_file() && path.join("dockerfiles").is_dir();
    if present {
        return Some(shown);
    }
    if in_ci() {
        panic!(
            "corpus not found at {}: CI=true requires the real-world corpus \
             (clone shared/ beside the repository, or set SEAWORTHY_CORPUS to its path)",
            shown.display()
        );
    }
    println!("corpus not found at {}, skipping corpus checks", shown.display());
    None
}

/// Reads a file as text the way the tests feed it to the parser (lossy UTF-8).
pub fn read_lossy(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Every Dockerfile of the corpus, as `(path relative to the corpus, absolute path)`, sorted:
/// the files in `dockerfiles/` and the `Dockerfile` of every case in `buildkit-parser*/`.
pub fn corpus_dockerfiles(corpus: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for e in read_dir_sorted(&corpus.join("dockerfiles")) {
        if e.is_file() {
            out.push((format!("dockerfiles/{}", file_name(&e)), e));
        }
    }
    for folder in ["buildkit-parser", "buildkit-parser-negative"] {
        let dir = corpus.join(folder);
        if !dir.is_dir() {
            continue;
        }
        for case in read_dir_sorted(&dir) {
            let df = case.join("Dockerfile");
            if df.is_file() {
                out.push((format!("{folder}/{}/Dockerfile", file_name(&case)), df));
            }
        }
    }
    out
}

fn file_name(p: &Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

fn read_dir_sorted(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    v.sort();
    v
}

use seaworthy::dockerfile::{Args, Dockerfile, Instruction, Word};
use seaworthy::{Diagnostic, Span};

/// A problem with a span: out of range, reversed, or not on a char boundary.
fn span_problem(src: &str, what: &str, s: Span) -> Option<String> {
    if s.start > s.end || s.end > src.len() {
        return Some(format!("{what} {}..{} out of range (len {})", s.start, s.end, src.len()));
    }
    if !src.is_char_boundary(s.start) || !src.is_char_boundary(s.end) {
        return Some(format!("{what} {}..{} not on a char boundary", s.start, s.end));
    }
    None
}

/// Checks that the segments partition `0..src.len()` in order and that the parse gives the
/// input back. Returns the problems found (empty when fine).
pub fn segment_problems(df: &Dockerfile, src: &str) -> Vec<String> {
    let mut out = Vec::new();
    if df.len != src.len() {
        out.push(format!("df.len {} != source length {}", df.len, src.len()));
    }
    let mut pos = 0;
    for (i, seg) in df.segments.iter().enumerate() {
        if seg.span.start != pos {
            out.push(format!(
                "segment {i} ({:?}) starts at {} but the previous ended at {pos}",
                seg.kind, seg.span.start
            ));
        }
        if seg.span.end < seg.span.start {
            out.push(format!("segment {i} is reversed: {:?}", seg.span));
        }
        if let Some(p) = span_problem(src, &format!("segment {i}"), seg.span) {
            out.push(p);
        }
        pos = seg.span.end;
    }
    if pos != src.len() {
        out.push(format!("segments end at {pos}, not at the end of the input ({})", src.len()));
    }
    if df.reconstruct(src) != src {
        out.push("reconstruct(src) != src".to_string());
    }
    out
}

fn word_problems(src: &str, what: &str, w: &Word, out: &mut Vec<String>) {
    out.extend(span_problem(src, what, w.span));
}

fn args_problems(src: &str, args: &Args, out: &mut Vec<String>) {
    match args {
        Args::None => {}
        Args::Json { items, span } => {
            out.extend(span_problem(src, "json args", *span));
            for w in items {
                word_problems(src, "json item", w, out);
            }
        }
        Args::Shell { text, .. } | Args::String { text } => word_problems(src, "arg text", text, out),
        Args::Words { words } => {
            for w in words {
                word_problems(src, "arg word", w, out);
            }
        }
        Args::Pairs { pairs } | Args::ArgNames { pairs } => {
            for p in pairs {
                out.extend(span_problem(src, "pair", p.span));
                word_problems(src, "pair key", &p.key, out);
                if let Some(v) = &p.value {
                    word_problems(src, "pair value", v, out);
                }
            }
        }
        Args::Healthcheck { kind, cmd } => {
            word_problems(src, "healthcheck kind", kind, out);
            args_problems(src, cmd, out);
        }
        Args::Onbuild { inner } => instruction_problems(src, inner, out),
        Args::Ignored { text } => {
            if let Some(t) = text {
                word_problems(src, "ignored args", t, out);
            }
        }
    }
}

fn instruction_problems(src: &str, ins: &Instruction, out: &mut Vec<String>) {
    let before = out.len();
    out.extend(span_problem(src, "instruction span", ins.span));
    out.extend(span_problem(src, "keyword span", ins.keyword_span));
    for f in &ins.flags {
        out.extend(span_problem(src, "flag span", f.span));
        out.extend(span_problem(src, "flag name span", f.name_span));
        if let Some(v) = f.value_span {
            out.extend(span_problem(src, "flag value span", v));
        }
    }
    for w in ins.arg_words() {
        word_problems(src, "arg word", w, out);
    }
    args_problems(src, &ins.args, out);
    for h in &ins.heredocs {
        out.extend(span_problem(src, "heredoc marker", h.marker_span));
        out.extend(span_problem(src, "heredoc body", h.body_span));
        if let Some(t) = h.terminator_span {
            out.extend(span_problem(src, "heredoc terminator", t));
        }
    }
    for v in &ins.var_refs {
        out.extend(span_problem(src, "var ref", v.span));
        out.extend(span_problem(src, "var ref name", v.name_span));
    }
    for p in &mut out[before..] {
        *p = format!("{} (line {}): {p}", ins.keyword_text, ins.start_line);
    }
}

/// Checks every span of the parse (instructions, keywords, flags, argument words, heredocs,
/// variable references, directives, comments, errors) lies within the input on char boundaries.
pub fn tree_span_problems(df: &Dockerfile, src: &str) -> Vec<String> {
    let mut out = Vec::new();
    for ins in &df.instructions {
        instruction_problems(src, ins, &mut out);
    }
    for d in &df.directives {
        out.extend(span_problem(src, "directive", d.span));
        out.extend(span_problem(src, "directive value", d.value_span));
    }
    for c in &df.comments {
        out.extend(span_problem(src, "comment", c.span));
    }
    for e in &df.errors {
        out.extend(span_problem(src, &format!("parse error {}", e.code), e.span));
    }
    if let Some(b) = df.bom {
        out.extend(span_problem(src, "bom", b));
    }
    out
}

/// Checks every span of the diagnostics (primary, labels, fix edits) lies within the input on
/// char boundaries.
pub fn diagnostic_span_problems(diags: &[Diagnostic], src: &str) -> Vec<String> {
    let mut out = Vec::new();
    for d in diags {
        let what = |part: &str| format!("{} {part}", d.rule_id);
        out.extend(span_problem(src, &what("span"), d.span));
        for l in &d.labels {
            out.extend(span_problem(src, &what("label"), l.span));
        }
        if let Some(f) = &d.fix {
            for e in &f.edits {
                out.extend(span_problem(src, &what("fix edit"), e.span));
            }
        }
    }
    out
}

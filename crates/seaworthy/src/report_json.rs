//! The report's JSON text, written by hand: byte for byte what `serde_json::to_string` makes
//! of the derived `Serialize` impls (field order, names, `null`s, skipped fields, string
//! escapes), which the tests check on every change.
//!
//! Why not serde_json: the derived impls instantiate serde_json's serializer for every field
//! type of every report type, several KB of WebAssembly for one output format. This writer is
//! a handful of non-generic functions. The CLI, the JSON Schema and the TS types still use the
//! derives (`--format json` pretty-prints through serde_json), so the two must stay in step:
//! a field added to a report type must be added here too (the tests fail until it is).

use crate::api::{FixResult, RuleInfo};
use crate::diagnostic::{Applicability, Category, Severity};
use crate::fix::{AppliedFix, SkipReason, SkippedFix};
use crate::policy::PolicyError;
use crate::report::{FileKind, FileReport, Range, Report, ReportDiagnostic};
use crate::rules::{FixKind, Target};
use crate::score::{Grade, Score};
use crate::span::{Position, PositionEncoding, Span};

/// A JSON text being written. `first` says whether the next member or element is the first of
/// its object or array (no comma before it).
struct Out {
    s: String,
    first: bool,
}

impl Out {
    fn new() -> Out {
        Out { s: String::with_capacity(1024), first: true }
    }
    fn open(&mut self, c: char) {
        self.s.push(c);
        self.first = true;
    }
    fn close(&mut self, c: char) {
        self.s.push(c);
        self.first = false;
    }
    /// A comma unless this is the first member or element.
    fn sep(&mut self) {
        if !self.first {
            self.s.push(',');
        }
        self.first = false;
    }
    /// `"key":` (keys are plain ASCII names: no escapes needed).
    fn key(&mut self, k: &str) {
        self.sep();
        self.s.push('"');
        self.s.push_str(k);
        self.s.push_str("\":");
    }
    fn str(&mut self, k: &str, v: &str) {
        self.key(k);
        self.string(v);
    }
    fn num(&mut self, k: &str, v: usize) {
        self.key(k);
        self.number(v);
    }
    fn bool(&mut self, k: &str, v: bool) {
        self.key(k);
        self.s.push_str(if v { "true" } else { "false" });
    }
    fn number(&mut self, mut v: usize) {
        let mut buf = [0u8; 20];
        let mut i = buf.len();
        loop {
            i -= 1;
            buf[i] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        for &b in &buf[i..] {
            self.s.push(char::from(b));
        }
    }
    /// A JSON string, escaped as serde_json does: `"` and `\`, the short escapes `\b \f \n \r
    /// \t`, other control characters as `\u00xx` (lower-case hex); everything else as is.
    fn string(&mut self, v: &str) {
        self.s.push('"');
        let bytes = v.as_bytes();
        let mut start = 0;
        for (i, &b) in bytes.iter().enumerate() {
            let esc: &str = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0c => "\\f",
                0..=0x1f => "",
                _ => continue,
            };
            self.s.push_str(&v[start..i]);
            if esc.is_empty() {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                self.s.push_str("\\u00");
                self.s.push(char::from(HEX[usize::from(b >> 4)]));
                self.s.push(char::from(HEX[usize::from(b & 0xf)]));
            } else {
                self.s.push_str(esc);
            }
            start = i + 1;
        }
        self.s.push_str(&v[start..]);
        self.s.push('"');
    }
    /// `"key":{` (an object member whose value is an object).
    fn obj(&mut self, k: &str) {
        self.key(k);
        self.open('{');
    }
    /// `"key":[` (an object member whose value is an array).
    fn arr(&mut self, k: &str) {
        self.key(k);
        self.open('[');
    }
    /// `{` as the next element of an array.
    fn item(&mut self) {
        self.sep();
        self.open('{');
    }
    fn span(&mut self, k: &str, s: Span) {
        self.obj(k);
        self.num("start", s.start);
        self.num("end", s.end);
        self.close('}');
    }
    fn position(&mut self, k: &str, p: Position) {
        self.obj(k);
        self.num("line", p.line);
        self.num("column", p.column);
        self.num("offset", p.offset);
        self.close('}');
    }
    fn range(&mut self, r: &Range) {
        self.obj("range");
        self.position("start", r.start);
        self.position("end", r.end);
        self.close('}');
    }
    fn applicability(&mut self, a: Applicability) {
        self.str(
            "applicability",
            match a {
                Applicability::DisplayOnly => "display-only",
                Applicability::Unsafe => "unsafe",
                Applicability::Safe => "safe",
            },
        );
    }
    fn severity(&mut self, s: Severity) {
        self.str("severity", s.as_str());
    }
    fn category(&mut self, c: Category) {
        self.str("category", c.as_str());
    }
    fn grade(&mut self, g: Grade) {
        self.str("grade", g.as_str());
    }
    fn opt_num(&mut self, k: &str, v: Option<u32>) {
        if let Some(v) = v {
            self.num(k, v as usize);
        }
    }

    /// An array item `{"span": …, "range": …, key: text}`: a label or an edit.
    fn located(&mut self, key: &str, span: Span, range: &Range, text: &str) {
        self.item();
        self.span("span", span);
        self.range(range);
        self.str(key, text);
        self.close('}');
    }

    fn diagnostic(&mut self, d: &ReportDiagnostic) {
        self.item();
        self.str("path", &d.path);
        self.obj("rule");
        self.str("id", &d.rule.id);
        self.str("name", &d.rule.name);
        self.close('}');
        self.severity(d.severity);
        self.category(d.category);
        self.str("message", &d.message);
        self.str("help", &d.help);
        self.span("span", d.span);
        self.range(&d.range);
        self.arr("labels");
        for l in &d.labels {
            self.located("message", l.span, &l.range, &l.message);
        }
        self.close(']');
        if let Some(f) = &d.fix {
            self.obj("fix");
            self.str("title", &f.title);
            self.applicability(f.applicability);
            self.arr("edits");
            for e in &f.edits {
                self.located("text", e.span, &e.range, &e.text);
            }
            self.close(']');
            self.close('}');
        }
        self.str("url", &d.url);
        self.close('}');
    }

    fn score(&mut self, s: &Score) {
        self.obj("score");
        self.num("value", s.value as usize);
        self.grade(s.grade);
        self.obj("categories");
        for (c, cs) in &s.categories {
            self.obj(c.as_str());
            self.num("value", cs.value as usize);
            self.grade(cs.grade);
            self.close('}');
        }
        self.close('}');
        self.arr("deductions");
        for d in &s.deductions {
            self.item();
            self.str("rule", &d.rule);
            self.category(d.category);
            self.severity(d.severity);
            self.num("count", d.count as usize);
            self.num("points", d.points as usize);
            self.close('}');
        }
        self.close(']');
        self.opt_num("after_safe_fixes", s.after_safe_fixes);
        self.opt_num("after_all_fixes", s.after_all_fixes);
        self.close('}');
    }

    fn file(&mut self, f: &FileReport) {
        self.item();
        self.str("path", &f.path);
        match f.kind {
            Some(FileKind::Dockerfile) => self.str("kind", "dockerfile"),
            Some(FileKind::Compose) => self.str("kind", "compose"),
            None => {
                self.key("kind");
                self.s.push_str("null");
            }
        }
        self.arr("diagnostics");
        for d in &f.diagnostics {
            self.diagnostic(d);
        }
        self.close(']');
        self.score(&f.score);
        self.close('}');
    }

    /// The report as the value of `key` (`None`: the whole text).
    fn report(&mut self, key: Option<&str>, r: &Report) {
        match key {
            Some(k) => self.obj(k),
            None => self.open('{'),
        }
        self.num("schema_version", r.schema_version as usize);
        self.obj("tool");
        self.str("name", &r.tool.name);
        self.str("version", &r.tool.version);
        self.close('}');
        self.str(
            "position_encoding",
            match r.position_encoding {
                PositionEncoding::Utf8 => "utf8",
                PositionEncoding::Utf16 => "utf16",
            },
        );
        self.str("score_formula", &r.score_formula);
        self.arr("files");
        for f in &r.files {
            self.file(f);
        }
        self.close(']');
        let s = &r.summary;
        self.obj("summary");
        self.num("files", s.files);
        self.num("diagnostics", s.diagnostics);
        self.num("errors", s.errors);
        self.num("warnings", s.warnings);
        self.num("infos", s.infos);
        self.num("styles", s.styles);
        self.num("fixable", s.fixable);
        self.num("score", s.score as usize);
        self.grade(s.grade);
        self.close('}');
        let p = &r.policy;
        self.obj("policy");
        self.str("name", &p.name);
        self.opt_num("version", p.version);
        if let Some(e) = &p.extends {
            self.str("extends", e);
        }
        self.str("failure_threshold", p.failure_threshold.as_str());
        self.opt_num("min_score", p.min_score);
        self.close('}');
        let v = &r.verdict;
        self.obj("verdict");
        self.bool("passed", v.passed);
        self.num("failing_findings", v.failing_findings);
        self.bool("below_min_score", v.below_min_score);
        self.close('}');
        self.close('}');
    }

    fn fix_entry(&mut self, rule: &str, title: &str, a: Applicability) {
        self.item();
        self.str("rule", rule);
        self.str("title", title);
        self.applicability(a);
    }
}

/// The JSON text of a report: what `serde_json::to_string(report)` gives, written directly.
pub fn report_to_json(r: &Report) -> String {
    let mut out = Out::new();
    out.report(None, r);
    out.s
}

/// The JSON text of a fix result: what `serde_json::to_string(result)` gives.
pub fn fix_result_to_json(r: &FixResult) -> String {
    let mut out = Out::new();
    out.open('{');
    out.arr("files");
    for f in &r.files {
        out.item();
        out.str("path", &f.path);
        out.str("content", &f.content);
        out.bool("changed", f.changed);
        out.arr("applied");
        for AppliedFix { rule, title, applicability } in &f.applied {
            out.fix_entry(rule, title, *applicability);
            out.close('}');
        }
        out.close(']');
        out.arr("skipped");
        for SkippedFix { rule, title, applicability, reason } in &f.skipped {
            out.fix_entry(rule, title, *applicability);
            out.str(
                "reason",
                match reason {
                    SkipReason::NotAllowed => "not-allowed",
                    SkipReason::Conflict => "conflict",
                    SkipReason::RoundLimit => "round-limit",
                },
            );
            out.close('}');
        }
        out.close(']');
        out.close('}');
    }
    out.close(']');
    out.report(Some("report"), &r.report);
    out.close('}');
    out.s
}

/// The JSON text of the rule catalogue: what `serde_json::to_string(&rule_catalogue())` gives
/// (the derived `RuleInfo` with its flattened `RuleMeta`: the meta's fields first).
pub fn rules_to_json(rules: &[RuleInfo]) -> String {
    let mut out = Out::new();
    out.open('[');
    for r in rules {
        let m = &r.meta;
        out.item();
        out.str("id", m.id);
        out.str("name", m.name);
        out.str(
            "target",
            match m.target {
                Target::Dockerfile => "dockerfile",
                Target::Compose => "compose",
            },
        );
        out.str("category", m.category.as_str());
        out.str("severity", m.severity.as_str());
        out.str(
            "fix",
            match m.fix {
                FixKind::None => "none",
                FixKind::Sometimes => "sometimes",
                FixKind::Always => "always",
            },
        );
        out.bool("default_on", m.default_on);
        out.str("summary", m.summary);
        out.arr("equivalents");
        for e in m.equivalents {
            out.sep();
            out.string(e);
        }
        out.close(']');
        out.bool("has_fix", r.has_fix);
        out.str("url", &r.url);
        out.str("docs", &r.docs);
        out.close('}');
    }
    out.close(']');
    out.s
}

/// The JSON text of a policy's errors: what `serde_json::to_string(errors)` gives.
pub fn policy_errors_to_json(errors: &[PolicyError]) -> String {
    let mut out = Out::new();
    out.open('[');
    for e in errors {
        out.item();
        out.str("message", &e.message);
        out.num("line", e.line as usize);
        out.num("column", e.column as usize);
        out.span("span", e.span);
        if let Some(h) = &e.help {
            out.str("help", h);
        }
        out.close('}');
    }
    out.close(']');
    out.s
}

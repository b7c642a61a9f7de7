//! `--format sarif`: SARIF 2.1.0, one run, for GitHub code scanning and other SARIF consumers.
//!
//! Regions carry both line/column (the report's 1-based UTF-8 columns, end exclusive) and the
//! exact byte offset and length.

use seaworthy::report::{Range, ReportDiagnostic};
use seaworthy::{Report, Severity, Span};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI: &str = "https://github.com/seaworthy-dev/seaworthy";

/// The SARIF log, pretty-printed.
pub fn render(report: &Report) -> Result<String, serde_json::Error> {
    let diags: Vec<&ReportDiagnostic> = report.files.iter().flat_map(|f| &f.diagnostics).collect();
    // Every rule that appears in the results, in id order; `ruleIndex` points into this list.
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut first: BTreeMap<&str, &ReportDiagnostic> = BTreeMap::new();
    for d in &diags {
        first.entry(d.rule.id.as_str()).or_insert(d);
    }
    let rules: Vec<Value> = first
        .iter()
        .enumerate()
        .map(|(i, (id, d))| {
            index.insert(id, i);
            rule(d)
        })
        .collect();
    let results: Vec<Value> = diags.iter().map(|d| result(d, index[d.rule.id.as_str()])).collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": report.tool.name,
                    "version": report.tool.version,
                    "semanticVersion": report.tool.version,
                    "informationUri": INFORMATION_URI,
                    "rules": rules,
                }
            },
            "results": results,
            "properties": {
                "positionEncoding": report.position_encoding,
                "score": report.summary.score,
                "grade": report.summary.grade,
            },
        }]
    });
    Ok(serde_json::to_string_pretty(&log)? + "\n")
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "note",
    }
}

/// A `reportingDescriptor` from the rule catalogue (falling back to what the finding says).
fn rule(d: &ReportDiagnostic) -> Value {
    let meta = seaworthy::rules::find_rule(&d.rule.id);
    let summary = meta.map_or(&*d.message, |m| m.summary);
    let docs = meta.map_or("", |m| m.docs);
    let severity = meta.map_or(d.severity, |m| m.severity);
    let mut v = json!({
        "id": d.rule.id,
        "name": d.rule.name,
        "shortDescription": { "text": summary },
        "helpUri": d.url,
        "defaultConfiguration": { "level": level(severity) },
        "properties": { "category": d.category.as_str(), "severity": severity.as_str() },
    });
    if !docs.is_empty() {
        let text = json!({ "text": summary, "markdown": docs });
        v["fullDescription"] = text.clone();
        v["help"] = text;
    }
    if let Some(m) = meta {
        if !m.equivalents.is_empty() {
            v["properties"]["equivalents"] = json!(m.equivalents);
        }
    }
    v
}

fn region(span: Span, range: &Range) -> Value {
    json!({
        "startLine": range.start.line,
        "startColumn": range.start.column,
        "endLine": range.end.line,
        "endColumn": range.end.column,
        "byteOffset": span.start,
        "byteLength": span.end.saturating_sub(span.start),
    })
}

fn artifact(path: &str) -> Value {
    json!({ "uri": uri(path) })
}

fn result(d: &ReportDiagnostic, rule_index: usize) -> Value {
    let mut v = json!({
        "ruleId": d.rule.id,
        "ruleIndex": rule_index,
        "level": level(d.severity),
        "message": { "text": super::message_with_help(&d.message, &d.help) },
        "locations": [{
            "physicalLocation": { "artifactLocation": artifact(&d.path), "region": region(d.span, &d.range) }
        }],
    });
    if !d.labels.is_empty() {
        let related: Vec<Value> = d
            .labels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                json!({
                    "id": i,
                    "message": { "text": l.message },
                    "physicalLocation": { "artifactLocation": artifact(&d.path), "region": region(l.span, &l.range) },
                })
            })
            .collect();
        v["relatedLocations"] = json!(related);
    }
    let mut props = Map::new();
    props.insert("severity".into(), json!(d.severity.as_str()));
    props.insert("category".into(), json!(d.category.as_str()));
    if let Some(fix) = &d.fix {
        let replacements: Vec<Value> = fix
            .edits
            .iter()
            .map(|e| json!({ "deletedRegion": region(e.span, &e.range), "insertedContent": { "text": e.text } }))
            .collect();
        v["fixes"] = json!([{
            "description": { "text": fix.title },
            "artifactChanges": [{ "artifactLocation": artifact(&d.path), "replacements": replacements }],
        }]);
        props.insert("applicability".into(), serde_json::to_value(fix.applicability).unwrap_or(Value::Null));
    }
    v["properties"] = Value::Object(props);
    v
}

/// A relative URI reference for a path: `\` becomes `/`, and bytes outside RFC 3986's
/// unreserved and path characters are percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_encodes_spaces_and_backslashes() {
        assert_eq!(uri("a b\\Dockerfile"), "a%20b/Dockerfile");
        assert_eq!(uri("dir/Dockerfile.prod"), "dir/Dockerfile.prod");
        assert_eq!(uri("ü"), "%C3%BC");
    }
}

//! `seaworthy policy import .hadolint.yaml`: converts hadolint's configuration into a policy
//! file through the rules' equivalents (`RuleMeta.equivalents` lists `hadolint:DLxxxx`).
//!
//! Converted: `ignored`, `override.{error,warning,info,style}`, `trustedRegistries`,
//! `label-schema`, `strict-labels`, `failure-threshold`. Other keys (`format`, `no-color`,
//! `no-fail`, `disable-ignore-pragma`, ...) have no policy equivalent and are listed as notes.

use super::show::{key, quote};
use super::{LabelType, PolicyError, Threshold};
use crate::rules::{all_rules, RuleMeta};
use crate::span::Span;
use saphyr_parser::{Event, Parser};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// A YAML node (only what hadolint's config uses).
#[derive(Clone, Debug)]
enum Y {
    Scalar(String, Span),
    Seq(Vec<Y>, Span),
    Map(Vec<(String, Y)>, Span),
}

impl Y {
    fn span(&self) -> Span {
        match self {
            Y::Scalar(_, s) | Y::Seq(_, s) | Y::Map(_, s) => *s,
        }
    }
}

/// The result of an import: the policy text and what could not be converted.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Import {
    /// A policy file (TOML) that extends `recommended@1`.
    pub toml: String,
    /// Keys and rule codes that were not converted, one sentence each.
    pub notes: Vec<String>,
}

/// Char index (what saphyr reports) → byte offset, in O(1) per lookup.
struct Offsets {
    /// Byte offset of each char; empty when the text is ASCII (char index = byte offset).
    bytes: Vec<usize>,
    len: usize,
}

impl Offsets {
    fn new(text: &str) -> Offsets {
        let bytes = if text.is_ascii() { Vec::new() } else { text.char_indices().map(|(b, _)| b).collect() };
        Offsets { bytes, len: text.len() }
    }
    fn at(&self, char_index: usize) -> usize {
        if self.bytes.is_empty() {
            char_index.min(self.len)
        } else {
            self.bytes.get(char_index).copied().unwrap_or(self.len)
        }
    }
}

fn parse_yaml(text: &str) -> Result<Option<Y>, Vec<PolicyError>> {
    if text.len() > super::MAX_POLICY_BYTES {
        return Err(vec![PolicyError::at(text, Span::new(0, 0), "the hadolint configuration is too large", None)]);
    }
    // Containers under construction: (key for the next value, node).
    let mut stack: Vec<(Option<String>, Y)> = Vec::new();
    let mut pending_key: Vec<Option<String>> = Vec::new();
    let mut root: Option<Y> = None;
    let offsets = Offsets::new(text);
    let mut parser = Parser::new_from_str(text);
    let mut events = 0usize;
    while let Some(next) = parser.next_event() {
        events += 1;
        if events > 200_000 || stack.len() > 64 {
            return Err(vec![PolicyError::at(
                text,
                Span::new(0, 0),
                "the hadolint configuration is too large or too deeply nested",
                None,
            )]);
        }
        let (ev, sp) = match next {
            Ok(x) => x,
            Err(e) => {
                let at = offsets.at(e.marker().index());
                return Err(vec![PolicyError::at(
                    text,
                    Span::new(at, at),
                    format!("invalid YAML: {}", e.info()),
                    None,
                )]);
            }
        };
        let span = Span::new(offsets.at(sp.start.index()), offsets.at(sp.end.index()));
        let node = match ev {
            Event::Scalar(v, ..) => Some(Y::Scalar(v.to_string(), span)),
            Event::Alias(_) => Some(Y::Scalar(String::new(), span)),
            Event::SequenceStart(..) => {
                stack.push((None, Y::Seq(Vec::new(), span)));
                pending_key.push(None);
                None
            }
            Event::MappingStart(..) => {
                stack.push((None, Y::Map(Vec::new(), span)));
                pending_key.push(None);
                None
            }
            Event::SequenceEnd | Event::MappingEnd => {
                pending_key.pop();
                stack.pop().map(|(_, n)| n)
            }
            Event::StreamEnd => break,
            _ => None,
        };
        let Some(node) = node else { continue };
        match stack.last_mut() {
            None => {
                if root.is_none() {
                    root = Some(node);
                }
            }
            Some((_, Y::Seq(items, _))) => items.push(node),
            Some((_, Y::Map(entries, _))) => {
                let slot = pending_key.last_mut();
                match slot {
                    Some(k @ None) => {
                        *k = Some(match node {
                            Y::Scalar(s, _) => s,
                            _ => String::new(),
                        })
                    }
                    Some(k) => {
                        let name = k.take().unwrap_or_default();
                        entries.push((name, node));
                    }
                    None => {}
                }
            }
            Some((_, Y::Scalar(..))) => {}
        }
    }
    Ok(root)
}

/// Seaworthy rules equivalent to a hadolint code.
fn equivalents(code: &str) -> Vec<&'static RuleMeta> {
    all_rules()
        .into_iter()
        .filter(|m| {
            m.equivalents.iter().any(|e| e.strip_prefix("hadolint:").is_some_and(|c| c.eq_ignore_ascii_case(code)))
        })
        .collect()
}

fn strings(y: &Y) -> Vec<String> {
    match y {
        Y::Scalar(s, _) if !s.is_empty() => vec![s.clone()],
        Y::Seq(items, _) => items
            .iter()
            .filter_map(|i| match i {
                Y::Scalar(s, _) => Some(s.clone()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Converts a `.hadolint.yaml` into a policy file.
pub fn import(yaml: &str) -> Result<Import, Vec<PolicyError>> {
    let root = parse_yaml(yaml)?;
    let entries = match root {
        None => Vec::new(),
        Some(Y::Map(e, _)) => e,
        Some(Y::Scalar(s, _)) if s.is_empty() || s == "~" || s == "null" => Vec::new(),
        Some(other) => {
            return Err(vec![PolicyError::at(
                yaml,
                other.span(),
                "a hadolint configuration is a mapping of keys",
                None,
            )]);
        }
    };
    let mut notes = Vec::new();
    let mut rules: BTreeMap<String, (String, String)> = BTreeMap::new(); // id → (level, why)
    let mut threshold = None;
    let mut trusted = Vec::new();
    let mut labels: BTreeMap<String, LabelType> = BTreeMap::new();
    let mut strict = None;
    let mut errors = Vec::new();
    let mut set = |code: &str, level: &str, why: &str, notes: &mut Vec<String>| {
        let eq = equivalents(code);
        if eq.is_empty() {
            notes.push(format!("{code}: no Seaworthy equivalent, not converted ({why})"));
        }
        for m in eq {
            rules.insert(m.id.to_string(), (level.to_string(), format!("{} ← hadolint {code} ({why})", m.name)));
        }
    };
    for (k, v) in &entries {
        match k.as_str() {
            "ignored" => {
                for code in strings(v) {
                    set(&code, "off", "ignored", &mut notes);
                }
            }
            "override" => {
                let Y::Map(levels, _) = v else {
                    errors.push(PolicyError::at(
                        yaml,
                        v.span(),
                        "`override` must map error/warning/info/style to rule lists",
                        None,
                    ));
                    continue;
                };
                for (level, codes) in levels {
                    if !["error", "warning", "info", "style"].contains(&level.as_str()) {
                        errors.push(PolicyError::at(
                            yaml,
                            codes.span(),
                            format!("unknown `override` level `{level}`"),
                            Some("levels: error, warning, info, style".into()),
                        ));
                        continue;
                    }
                    for code in strings(codes) {
                        set(&code, level, &format!("override.{level}"), &mut notes);
                    }
                }
            }
            "trustedRegistries" => trusted = strings(v),
            "label-schema" => {
                let Y::Map(items, _) = v else {
                    errors.push(PolicyError::at(yaml, v.span(), "`label-schema` must map label names to types", None));
                    continue;
                };
                for (label, ty) in items {
                    let Y::Scalar(t, sp) = ty else { continue };
                    match LabelType::parse(t) {
                        Some(lt) => {
                            labels.insert(label.clone(), lt);
                        }
                        None => errors.push(PolicyError::at(
                            yaml,
                            *sp,
                            format!("unknown label type `{t}`"),
                            Some("types: text, url, semver, hash, rfc3339, spdx, email".into()),
                        )),
                    }
                }
            }
            "strict-labels" => {
                if let Y::Scalar(s, _) = v {
                    strict = Some(s == "true");
                }
            }
            "failure-threshold" => {
                if let Y::Scalar(s, sp) = v {
                    match Threshold::parse(s) {
                        Some(t) => threshold = Some(t),
                        None => {
                            errors.push(PolicyError::at(yaml, *sp, format!("unknown failure-threshold `{s}`"), None))
                        }
                    }
                }
            }
            other => notes.push(format!("`{other}`: a hadolint setting with no policy equivalent, not converted")),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut out = String::from("# Converted from a hadolint configuration by `seaworthy policy import`.\n");
    out.push_str("extends = \"recommended@1\"\n");
    if let Some(t) = threshold {
        let _ = writeln!(out, "failure-threshold = {}", quote(t.as_str()));
    }
    if !rules.is_empty() {
        out.push_str("\n[rules]\n");
        for (id, (level, why)) in &rules {
            let _ = writeln!(out, "{} = {} # {why}", key(id), quote(level));
        }
    }
    if !trusted.is_empty() || !labels.is_empty() || strict.is_some() {
        out.push_str("\n[options]\n");
        if !trusted.is_empty() {
            let _ = writeln!(
                out,
                "trusted-registries = [{}]",
                trusted.iter().map(|s| quote(s)).collect::<Vec<_>>().join(", ")
            );
        }
        if let Some(s) = strict {
            let _ = writeln!(out, "strict-labels = {s}");
        }
        if !labels.is_empty() {
            out.push_str("\n[options.required-labels]\n");
            for (k, t) in &labels {
                let _ = writeln!(out, "{} = {}", key(k), quote(t.as_str()));
            }
        }
    }
    if !notes.is_empty() {
        out.push('\n');
        for n in &notes {
            let _ = writeln!(out, "# not converted: {n}");
        }
    }
    Ok(Import { toml: out, notes })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{Level, Policy};

    #[test]
    fn converts_every_supported_key() {
        let yaml = "failure-threshold: error\nignored:\n  - DL3008\n  - SC2086\noverride:\n  info:\n    - DL3007\n\
                    trustedRegistries: [docker.io, \"*.gcr.io\"]\nlabel-schema:\n  author: text\n  url: url\n\
                    strict-labels: true\nno-color: true\n";
        let imp = import(yaml).unwrap();
        let p = Policy::parse(&imp.toml).unwrap_or_else(|e| panic!("{e:?}\n{}", imp.toml));
        assert_eq!(p.failure_threshold, Threshold::Error);
        assert_eq!(p.rules["SWD205"].level, Level::Off, "DL3008 → apt-package-not-pinned");
        assert_eq!(p.rules["SWD102"].level, Level::Info, "DL3007 → latest-base-image");
        assert_eq!(p.options.trusted_registries, ["docker.io", "*.gcr.io"]);
        assert_eq!(p.options.required_labels["url"], LabelType::Url);
        assert!(p.options.strict_labels);
        assert_eq!(p.rules["SWD109"].level, Level::Error, "trusted registries enable the rule");
        assert!(imp.notes.iter().any(|n| n.contains("SC2086")));
        assert!(imp.notes.iter().any(|n| n.contains("no-color")));
    }

    #[test]
    fn bad_yaml_is_an_error_not_a_panic() {
        for bad in ["ignored: [", "a: b: c", "- 1\n- 2", "override: 3", "failure-threshold: loud", &"[".repeat(10_000)]
        {
            assert!(import(bad).is_err(), "{bad:?}");
        }
        assert!(import("").unwrap().toml.contains("recommended@1"));
        // large inputs stay fast (positions are looked up in O(1))
        let big = format!("ignored:\n{}", "  - DL3008 # é\n".repeat(5_000));
        assert!(import(&big).is_ok());
        let e = import("ignored: [DL3008]\né: [\n").unwrap_err();
        assert_eq!(e[0].line, 3, "{e:?}");
    }
}

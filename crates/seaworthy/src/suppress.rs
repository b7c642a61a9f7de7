//! Suppression comments: `# seaworthy-ignore=RULE[,RULE] reason` (next instruction),
//! `# seaworthy-ignore-stage=...` (the stage whose FROM follows), `# seaworthy-ignore-file=...`
//! (whole file). hadolint pragmas (`# hadolint ignore=DL3006`, `# hadolint global ignore=...`)
//! and BuildKit's `# check=skip=Name,...` directive are honoured through each rule's
//! equivalents. A seaworthy suppression without a reason, naming an unknown rule, or
//! suppressing nothing is itself reported.

use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::dockerfile::{Dockerfile, Keyword};
use crate::rules::{dockerfile_rules, RuleMeta, Sink};
use crate::span::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scope {
    /// Covers this span (the next instruction, or a stage).
    Span(Span),
    File,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Origin {
    Seaworthy,
    Hadolint,
    BuildKit,
}

#[derive(Debug)]
struct Entry {
    /// Rule ids this entry suppresses; `None` for a key we do not know.
    rules: Vec<(String, Option<String>)>,
    scope: Scope,
    origin: Origin,
    comment: Span,
    /// The whole comment line, with its line ending, for the unused-suppression fix.
    line: Span,
    reason: String,
    used: Vec<bool>,
}

/// A rule a policy declares (custom rules): its id and name, for suppressions.
pub type ExtraRule<'a> = (&'a str, &'a str);

/// Finds the rule id a key names: our id or name, a custom rule's, or a tool-prefixed equivalent.
fn resolve(key: &str, origin: Origin, extra: &[ExtraRule<'_>]) -> Option<String> {
    let k = key.trim();
    if origin == Origin::Seaworthy {
        if let Some((id, _)) =
            extra.iter().find(|(id, name)| id.eq_ignore_ascii_case(k) || name.eq_ignore_ascii_case(k))
        {
            return Some((*id).to_string());
        }
    }
    dockerfile_rules().iter().map(|r| &r.meta).find_map(|m: &'static RuleMeta| {
        let hit = match origin {
            Origin::Seaworthy => m.id.eq_ignore_ascii_case(k) || m.name.eq_ignore_ascii_case(k),
            Origin::Hadolint => {
                m.equivalents.iter().any(|e| e.strip_prefix("hadolint:").is_some_and(|c| c.eq_ignore_ascii_case(k)))
            }
            Origin::BuildKit => {
                m.equivalents.iter().any(|e| e.strip_prefix("buildkit:").is_some_and(|c| c.eq_ignore_ascii_case(k)))
            }
        };
        hit.then(|| m.id.to_string())
    })
}

fn parse_list(s: &str) -> (Vec<String>, String) {
    let s = s.trim_start();
    let end = s.find(char::is_whitespace).unwrap_or(s.len());
    let list = s[..end].trim_end_matches([':', ';']);
    let keys = list.split(',').map(str::trim).filter(|k| !k.is_empty()).map(str::to_string).collect();
    let reason = s[end..].trim().trim_start_matches(['-', ':', '#']).trim().to_string();
    (keys, reason)
}

/// Collects suppressions, applies them to `diags`, and appends findings about the
/// suppressions themselves.
pub fn apply(src: &str, df: &Dockerfile, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    apply_with(src, df, diags, &[], &|_| true)
}

/// [`apply`], also knowing the custom rules of a policy (`extra`: id and name) and which rules
/// it enables: a suppression of a rule the policy turns off is not reported as unused.
pub fn apply_with(
    src: &str,
    df: &Dockerfile,
    diags: Vec<Diagnostic>,
    extra: &[ExtraRule<'_>],
    enabled: &dyn Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    let mut entries = collect(src, df, extra);
    if entries.is_empty() {
        return diags;
    }
    // Sweep: diagnostics in order of their start, entries activated when their scope starts and
    // dropped when it ends, so each diagnostic is compared only with the scopes around it.
    let mut diags = diags;
    crate::sort::sort_by_key(&mut diags, |d| (d.span.start, d.span.end));
    // File-wide entries by rule: each rule's entries are marked used once, on its first hit.
    let mut file_map: std::collections::HashMap<String, Vec<(usize, usize)>> = std::collections::HashMap::new();
    for (k, e) in entries.iter().enumerate().filter(|(_, e)| e.scope == Scope::File) {
        for (i, (_, id)) in e.rules.iter().enumerate() {
            if let Some(id) = id {
                file_map.entry(id.clone()).or_default().push((k, i));
            }
        }
    }
    let mut order: Vec<usize> = (0..entries.len()).filter(|&k| entries[k].scope != Scope::File).collect();
    crate::sort::sort_by_key(&mut order, |&k| match entries[k].scope {
        Scope::File => 0,
        Scope::Span(s) => s.start,
    });
    let mut file_hit: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut next = 0usize;
    let mut active: Vec<usize> = Vec::new();
    // Filtered in place (no second vector of the findings).
    let mut kept = diags;
    kept.retain(|d| {
        while let Some(&k) = order.get(next) {
            let starts = match entries[k].scope {
                Scope::File => 0,
                Scope::Span(s) => s.start,
            };
            if starts > d.span.start {
                break;
            }
            active.push(k);
            next += 1;
        }
        active.retain(|&k| match entries[k].scope {
            Scope::File => true,
            Scope::Span(s) => d.span.start <= s.end,
        });
        let mut suppressed = false;
        if let Some(hits) = file_map.remove(d.rule_id.as_ref()) {
            for (k, i) in hits {
                entries[k].used[i] = true;
            }
            file_hit.insert(d.rule_id.to_string());
        }
        if file_hit.contains(d.rule_id.as_ref()) {
            suppressed = true;
        }
        for &k in &active {
            let e = &mut entries[k];
            for (i, (_, id)) in e.rules.iter().enumerate() {
                if id.as_deref() == Some(d.rule_id.as_ref()) {
                    e.used[i] = true;
                    suppressed = true;
                }
            }
        }
        !suppressed
    });
    // Findings about the suppressions (seaworthy's own comments only: other tools' pragmas
    // may name checks we do not have).
    for e in entries.iter().filter(|e| e.origin == Origin::Seaworthy) {
        if e.reason.is_empty() {
            let mut sink = Sink::new(&crate::rules::dockerfile::suppression_without_reason::RULE.meta);
            sink.report(
                e.comment,
                "Suppression without a reason",
                "Say why the finding does not apply after the rule list: `# seaworthy-ignore=RULE because ...`.",
                None,
            );
            kept.extend(sink.out);
        }
        for (i, (key, id)) in e.rules.iter().enumerate() {
            match id {
                None => {
                    let mut sink = Sink::new(&crate::rules::dockerfile::unused_suppression::RULE.meta);
                    sink.report(
                        e.comment,
                        format!("Suppression names `{key}`, which is not a Seaworthy rule id or name"),
                        "Use a rule id such as `SWD401` or a name such as `missing-user` (`seaworthy rules` lists them).",
                        None,
                    );
                    kept.extend(sink.out);
                }
                Some(id) if !e.used[i] && enabled(id) => {
                    let all_unused = e.used.iter().all(|u| !u) && e.rules.iter().all(|r| r.1.is_some());
                    let fix =
                        all_unused.then(|| Fix::safe("Remove the unused suppression", vec![Edit::delete(e.line)]));
                    let mut sink = Sink::new(&crate::rules::dockerfile::unused_suppression::RULE.meta);
                    sink.report(
                        e.comment,
                        format!("Suppression of `{id}` suppresses nothing"),
                        "Remove it (or the rule from its list): the finding it was written for is gone.",
                        fix,
                    );
                    kept.extend(sink.out);
                }
                _ => {}
            }
        }
    }
    crate::sort::sort_by(&mut kept, |a, b| {
        (a.span.start, a.span.end, &a.rule_id).cmp(&(b.span.start, b.span.end, &b.rule_id))
    });
    kept
}

fn collect(src: &str, df: &Dockerfile, extra: &[ExtraRule<'_>]) -> Vec<Entry> {
    let mut out = Vec::new();
    // BuildKit `# check=skip=A,B` (file-level).
    for d in df.directives.iter().filter(|d| d.name == "check") {
        for part in d.value.split(';') {
            if let Some(list) = part.trim().strip_prefix("skip=") {
                let rules: Vec<_> = list
                    .split(',')
                    .map(str::trim)
                    .filter(|k| !k.is_empty())
                    .flat_map(|k| {
                        if k.eq_ignore_ascii_case("all") {
                            dockerfile_rules()
                                .iter()
                                .filter(|r| r.meta.equivalents.iter().any(|e| e.starts_with("buildkit:")))
                                .map(|r| (k.to_string(), Some(r.meta.id.to_string())))
                                .collect::<Vec<_>>()
                        } else {
                            vec![(k.to_string(), resolve(k, Origin::BuildKit, extra))]
                        }
                    })
                    .collect();
                let n = rules.len();
                out.push(Entry {
                    rules,
                    scope: Scope::File,
                    origin: Origin::BuildKit,
                    comment: d.span,
                    line: d.span,
                    reason: String::new(),
                    used: vec![false; n],
                });
            }
        }
    }
    let froms: Vec<usize> =
        df.instructions.iter().enumerate().filter(|(_, i)| i.keyword == Keyword::From).map(|(k, _)| k).collect();
    for c in df.comments.iter().filter(|c| !c.inside_instruction) {
        let text = c.text.trim();
        let lower = text.to_ascii_lowercase();
        let (origin, kind, rest) = if let Some(r) = strip_ci(text, &lower, "seaworthy-ignore-file") {
            (Origin::Seaworthy, 'f', r)
        } else if let Some(r) = strip_ci(text, &lower, "seaworthy-ignore-stage") {
            (Origin::Seaworthy, 's', r)
        } else if let Some(r) = strip_ci(text, &lower, "seaworthy-ignore") {
            (Origin::Seaworthy, 'n', r)
        } else if let Some(r) = strip_ci(text, &lower, "hadolint global ignore") {
            (Origin::Hadolint, 'f', r)
        } else if let Some(r) = strip_ci(text, &lower, "hadolint stage ignore") {
            (Origin::Hadolint, 's', r)
        } else if let Some(r) = strip_ci(text, &lower, "hadolint ignore") {
            (Origin::Hadolint, 'n', r)
        } else {
            continue;
        };
        let Some(rest) = rest.trim_start().strip_prefix('=').or_else(|| (origin == Origin::Seaworthy).then_some(rest))
        else {
            continue;
        };
        let (keys, reason) = parse_list(rest);
        if keys.is_empty() {
            continue;
        }
        let rules: Vec<_> = keys.iter().map(|k| (k.clone(), resolve(k, origin, extra))).collect();
        // the next instruction after the comment
        // instructions are in source order: binary search for the first one after the comment
        let first_after = df.instructions.partition_point(|i| i.span.start < c.span.end);
        let next = df.instructions.get(first_after).map(|ins| (first_after, ins));
        let scope = match kind {
            'f' => Scope::File,
            's' => match next {
                Some((idx, ins)) if ins.keyword == Keyword::From => {
                    let k = froms.partition_point(|&f| f <= idx);
                    let end = froms
                        .get(k)
                        .and_then(|&f| df.instructions.get(f))
                        .map_or(src.len(), |i| i.span.start.saturating_sub(1));
                    Scope::Span(Span::new(ins.span.start, end))
                }
                _ => continue,
            },
            _ => match next {
                Some((_, ins)) => Scope::Span(ins.span),
                None => continue,
            },
        };
        let line_end = src[c.span.end..].find('\n').map_or(src.len(), |p| c.span.end + p + 1);
        let line_start = src[..c.span.start].rfind('\n').map_or(0, |p| p + 1);
        let n = rules.len();
        out.push(Entry {
            rules,
            scope,
            origin,
            comment: c.span,
            line: Span::new(line_start, line_end),
            reason,
            used: vec![false; n],
        });
    }
    out
}

fn strip_ci<'a>(text: &'a str, lower: &str, prefix: &str) -> Option<&'a str> {
    lower.starts_with(prefix).then(|| text.get(prefix.len()..)).flatten()
}

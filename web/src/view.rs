//! What the UI shows, computed from a report without the UI: grouped and sorted findings, the
//! score panel's figures, fix previews, the Markdown export and the rule docs as blocks.
//! Pure and tested natively.

use seaworthy::report::{FileReport, ReportDiagnostic};
use seaworthy::score::Grade;
use seaworthy::{Category, Edit, Report, Severity};

/// How the findings list is grouped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupBy {
    Severity,
    Category,
    File,
}

impl GroupBy {
    pub const ALL: [GroupBy; 3] = [GroupBy::Severity, GroupBy::Category, GroupBy::File];
    pub fn as_str(self) -> &'static str {
        match self {
            GroupBy::Severity => "severity",
            GroupBy::Category => "category",
            GroupBy::File => "file",
        }
    }
    pub fn parse(s: &str) -> GroupBy {
        GroupBy::ALL.into_iter().find(|g| g.as_str() == s).unwrap_or(GroupBy::Severity)
    }
}

/// A group of findings: its title and the findings (references into the report).
pub struct Group<'a> {
    pub key: String,
    pub title: String,
    pub items: Vec<&'a ReportDiagnostic>,
}

fn severity_rank(s: Severity) -> usize {
    Severity::ALL.iter().position(|x| *x == s).unwrap_or(0)
}

/// Groups the findings; groups in a fixed order (worst severity first, categories in score
/// order, files by path), and within a group by severity, then file and position.
pub fn groups(report: &Report, by: GroupBy) -> Vec<Group<'_>> {
    let mut all: Vec<&ReportDiagnostic> = report.files.iter().flat_map(|f| f.diagnostics.iter()).collect();
    all.sort_by(|a, b| {
        (severity_rank(a.severity), &a.path, a.span.start, &a.rule.id).cmp(&(
            severity_rank(b.severity),
            &b.path,
            b.span.start,
            &b.rule.id,
        ))
    });
    let keys: Vec<(String, String)> = match by {
        GroupBy::Severity => {
            Severity::ALL.iter().map(|s| (s.as_str().to_string(), format!("{}s", capitalise(s.as_str())))).collect()
        }
        GroupBy::Category => Category::ALL.iter().map(|c| (c.as_str().to_string(), capitalise(c.as_str()))).collect(),
        GroupBy::File => report.files.iter().map(|f| (f.path.clone(), f.path.clone())).collect(),
    };
    keys.into_iter()
        .map(|(key, title)| {
            let items: Vec<&ReportDiagnostic> = all
                .iter()
                .copied()
                .filter(|d| match by {
                    GroupBy::Severity => d.severity.as_str() == key,
                    GroupBy::Category => d.category.as_str() == key,
                    GroupBy::File => d.path == key,
                })
                .collect();
            Group { key, title, items }
        })
        .filter(|g| !g.items.is_empty())
        .collect()
}

pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

pub fn grade_str(g: Grade) -> &'static str {
    g.as_str()
}

/// The score panel's figures, over the checked files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScoreView {
    pub value: u32,
    pub grade: Grade,
    /// Category, mean score over the files, its grade.
    pub categories: Vec<(Category, u32, Grade)>,
    pub after_safe: Option<u32>,
    pub after_all: Option<u32>,
}

fn mean(values: impl Iterator<Item = u32>) -> Option<u32> {
    let v: Vec<u32> = values.collect();
    (!v.is_empty()).then(|| (v.iter().sum::<u32>() as f64 / v.len() as f64).round() as u32)
}

pub fn score_view(report: &Report) -> ScoreView {
    let files: &[FileReport] = &report.files;
    let categories = Category::ALL
        .iter()
        .map(|c| {
            let v = mean(files.iter().filter_map(|f| f.score.categories.get(c).map(|s| s.value))).unwrap_or(100);
            (*c, v, Grade::of(v))
        })
        .collect();
    let after = |pick: fn(&FileReport) -> Option<u32>| {
        if files.iter().all(|f| pick(f).is_some()) {
            mean(files.iter().filter_map(pick))
        } else {
            None
        }
    };
    ScoreView {
        value: report.summary.score,
        grade: report.summary.grade,
        categories,
        after_safe: after(|f| f.score.after_safe_fixes),
        after_all: after(|f| f.score.after_all_fixes),
    }
}

/// One line of a fix preview.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DiffLine {
    Context(String),
    Removed(String),
    Added(String),
}

/// A line diff of `src` before and after `edits` (changed lines and one line of context), or
/// `None` when the edits do not apply.
pub fn fix_preview(src: &str, edits: &[Edit]) -> Option<Vec<DiffLine>> {
    let after = seaworthy::fix::apply_edits(src, edits)?;
    let a: Vec<&str> = src.split('\n').collect();
    let b: Vec<&str> = after.split('\n').collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let max_suffix = a.len().min(b.len()) - prefix;
    let suffix = a.iter().rev().zip(b.iter().rev()).take(max_suffix).take_while(|(x, y)| x == y).count();
    let mut out = Vec::new();
    if prefix > 0 {
        out.push(DiffLine::Context(a[prefix - 1].to_string()));
    }
    out.extend(a[prefix..a.len() - suffix].iter().map(|l| DiffLine::Removed(l.to_string())));
    out.extend(b[prefix..b.len() - suffix].iter().map(|l| DiffLine::Added(l.to_string())));
    if suffix > 0 {
        out.push(DiffLine::Context(a[a.len() - suffix].to_string()));
    }
    Some(out)
}

/// The report as Markdown (for issues and pull requests).
pub fn markdown(report: &Report) -> String {
    let s = &report.summary;
    let mut out = format!(
        "## Seaworthy report\n\n**Score {}/100 ({})**: {} error(s), {} warning(s), {} info(s), {} style; {} fixable.\n\n",
        s.score,
        grade_str(s.grade),
        s.errors,
        s.warnings,
        s.infos,
        s.styles,
        s.fixable
    );
    for f in &report.files {
        out.push_str(&format!(
            "### `{}`: {}/100 ({})\n\n",
            f.path.replace('`', "'"),
            f.score.value,
            grade_str(f.score.grade)
        ));
        if f.diagnostics.is_empty() {
            out.push_str("No findings.\n\n");
            continue;
        }
        out.push_str("| Line | Severity | Rule | Finding |\n| --- | --- | --- | --- |\n");
        for d in &f.diagnostics {
            out.push_str(&format!(
                "| {} | {} | [{} {}]({}) | {} |\n",
                d.range.start.line,
                d.severity.as_str(),
                d.rule.id,
                d.rule.name,
                d.url,
                cell(&d.message)
            ));
        }
        out.push('\n');
    }
    out
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// A block of rule documentation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Heading(String),
    Paragraph(Vec<Inline>),
    Item(Vec<Inline>),
    Code(String),
}

/// Inline text: plain, or code (between backticks), or strong (between `**`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Code(String),
    Strong(String),
}

/// Parses the small Markdown subset the rule docs use into blocks (rendered as Yew nodes).
pub fn doc_blocks(md: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut para: Vec<String> = Vec::new();
    let mut code: Option<Vec<&str>> = None;
    let flush = |para: &mut Vec<String>, out: &mut Vec<Block>| {
        if !para.is_empty() {
            out.push(Block::Paragraph(inlines(&para.join(" "))));
            para.clear();
        }
    };
    for line in md.lines() {
        if let Some(lines) = code.as_mut() {
            if line.trim_start().starts_with("```") {
                out.push(Block::Code(lines.join("\n")));
                code = None;
            } else {
                lines.push(line);
            }
            continue;
        }
        let t = line.trim();
        if t.starts_with("```") {
            flush(&mut para, &mut out);
            code = Some(Vec::new());
        } else if let Some(h) = t.strip_prefix('#') {
            flush(&mut para, &mut out);
            out.push(Block::Heading(h.trim_start_matches('#').trim().to_string()));
        } else if let Some(item) = t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")) {
            flush(&mut para, &mut out);
            out.push(Block::Item(inlines(item)));
        } else if t.is_empty() {
            flush(&mut para, &mut out);
        } else {
            para.push(t.to_string());
        }
    }
    flush(&mut para, &mut out);
    if let Some(lines) = code {
        out.push(Block::Code(lines.join("\n")));
    }
    out
}

fn inlines(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut rest = text;
    loop {
        let tick = rest.find('`');
        let star = rest.find("**");
        let next = match (tick, star) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let Some(at) = next else { break };
        let (delim, make): (&str, fn(String) -> Inline) =
            if rest[at..].starts_with('`') { ("`", Inline::Code) } else { ("**", Inline::Strong) };
        let body = &rest[at + delim.len()..];
        let Some(close) = body.find(delim) else { break };
        if at > 0 {
            out.push(Inline::Text(rest[..at].to_string()));
        }
        out.push(make(body[..close].to_string()));
        rest = &body[close + delim.len()..];
    }
    if !rest.is_empty() {
        out.push(Inline::Text(rest.to_string()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use seaworthy::{LintOptions, SourceFile, Span};

    fn report(src: &str) -> Report {
        seaworthy::lint(
            &[SourceFile { path: "Dockerfile".into(), content: src.into(), kind: None }],
            &LintOptions::default(),
        )
    }

    const BAD: &str = "FROM node:latest\nMAINTAINER me\nADD . .\nRUN npm install\nCMD node x.js\n";

    #[test]
    fn groups_cover_every_finding_once_in_order() {
        let r = report(BAD);
        for by in GroupBy::ALL {
            let g = groups(&r, by);
            assert_eq!(g.iter().map(|g| g.items.len()).sum::<usize>(), r.summary.diagnostics, "{by:?}");
            assert!(GroupBy::parse(by.as_str()) == by);
        }
        let sev = groups(&r, GroupBy::Severity);
        assert_eq!(sev[0].key, "error");
        assert!(sev.iter().all(|g| g.items.iter().all(|d| d.severity.as_str() == g.key)));
    }

    #[test]
    fn score_view_has_four_bars_and_fix_targets() {
        let r = report(BAD);
        let v = score_view(&r);
        assert_eq!(v.categories.len(), 4);
        assert_eq!(v.value, r.summary.score);
        let safe = v.after_safe.unwrap();
        assert!(safe > v.value && v.after_all.unwrap() >= safe);
        let empty = score_view(&seaworthy::lint(&[], &LintOptions::default()));
        assert_eq!((empty.value, empty.after_safe), (100, None));
    }

    #[test]
    fn fix_preview_shows_the_changed_lines_with_context() {
        let src = "FROM a\nMAINTAINER me\nRUN x\n";
        let edits = [Edit::replace(Span::new(7, 17), "LABEL org.opencontainers.image.authors=")];
        let p = fix_preview(src, &edits).unwrap();
        assert_eq!(
            p,
            vec![
                DiffLine::Context("FROM a".into()),
                DiffLine::Removed("MAINTAINER me".into()),
                DiffLine::Added("LABEL org.opencontainers.image.authors= me".into()),
                DiffLine::Context("RUN x".into()),
            ]
        );
        assert!(fix_preview(src, &[Edit::insert(999, "x")]).is_none());
        assert_eq!(
            fix_preview("a", &[Edit::insert(1, "\nb")]).unwrap(),
            vec![DiffLine::Context("a".into()), DiffLine::Added("b".into())]
        );
    }

    #[test]
    fn markdown_lists_every_finding_and_escapes_pipes() {
        let r = report(BAD);
        let md = markdown(&r);
        assert!(md.starts_with("## Seaworthy report"));
        let rows =
            md.lines().filter(|l| l.starts_with("| ") && !l.starts_with("| Line") && !l.starts_with("| ---")).count();
        assert_eq!(rows, r.summary.diagnostics);
        assert_eq!(cell("a|b\nc"), "a\\|b c");
    }

    #[test]
    fn doc_blocks_parse_the_rule_docs() {
        let b = doc_blocks("## Why\nIt **matters** to use `COPY`\nhere.\n\n- one `x`\n```dockerfile\nFROM a\n```\n");
        assert_eq!(b[0], Block::Heading("Why".into()));
        assert_eq!(
            b[1],
            Block::Paragraph(vec![
                Inline::Text("It ".into()),
                Inline::Strong("matters".into()),
                Inline::Text(" to use ".into()),
                Inline::Code("COPY".into()),
                Inline::Text(" here.".into()),
            ])
        );
        assert_eq!(b[2], Block::Item(vec![Inline::Text("one ".into()), Inline::Code("x".into())]));
        assert_eq!(b[3], Block::Code("FROM a".into()));
        assert_eq!(doc_blocks("```\nunclosed"), vec![Block::Code("unclosed".into())]);
        assert_eq!(inlines("a `b"), vec![Inline::Text("a `b".into())]);
        for r in seaworthy::api::rule_catalogue() {
            assert!(!doc_blocks(&r.docs).is_empty(), "{}", r.meta.id);
        }
    }
}

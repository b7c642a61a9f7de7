//! Events → [`Document`]: an explicit stack (no recursion), node ids allocated when a node
//! is complete (children before parents, anchors before their aliases).

use super::{
    key_print, key_print_bytes, Document, Entry, Issue, IssueCode, Kind, Map, Node, NodeId, Scalar, ScalarNode, Seq,
    Style, EXPANSION_BUDGET, MAX_DEPTH,
};
use crate::span::Span;
use saphyr_parser::{Event, Parser, ScalarStyle};
use std::collections::HashMap;

/// Character index → byte offset (identity for ASCII input).
struct Offsets {
    table: Option<Vec<usize>>,
    len: usize,
}

impl Offsets {
    fn new(src: &str) -> Self {
        if src.is_ascii() {
            return Offsets { table: None, len: src.len() };
        }
        let mut t: Vec<usize> = src.char_indices().map(|(i, _)| i).collect();
        t.push(src.len());
        Offsets { table: Some(t), len: src.len() }
    }
    fn byte(&self, ch: usize) -> usize {
        match &self.table {
            None => ch.min(self.len),
            Some(t) => t.get(ch).copied().unwrap_or(self.len),
        }
    }
}

/// An open collection. Its children are the ids from `base` up on [`Builder::children`]
/// (keys and values alternating for a mapping), so no collection needs its own growing buffer.
struct Frame {
    seq: bool,
    start: usize,
    base: usize,
    anchor: usize,
    tag: Option<Box<str>>,
    flow: bool,
}

/// Keys already seen in one mapping: a short list scanned linearly, a hash map past
/// [`Seen::SMALL`] keys (so huge mappings stay linear).
struct Seen<'a> {
    small: Vec<(&'a [u8], Span)>,
    big: Option<HashMap<&'a [u8], Span>>,
}

impl<'a> Seen<'a> {
    const SMALL: usize = 16;
    fn new() -> Self {
        Seen { small: Vec::new(), big: None }
    }
    fn get(&self, k: &[u8]) -> Option<Span> {
        match &self.big {
            Some(m) => m.get(k).copied(),
            None => self.small.iter().find(|(s, _)| *s == k).map(|(_, sp)| *sp),
        }
    }
    fn insert(&mut self, k: &'a [u8], at: Span) {
        if let Some(m) = &mut self.big {
            m.insert(k, at);
        } else if self.small.len() < Self::SMALL {
            self.small.push((k, at));
        } else {
            let mut m: HashMap<&'a [u8], Span> = self.small.drain(..).collect();
            m.insert(k, at);
            self.big = Some(m);
        }
    }
}

struct Builder<'a> {
    src: &'a str,
    doc: Document,
    stack: Vec<Frame>,
    /// The children of the open collections, innermost last.
    children: Vec<NodeId>,
    anchors: HashMap<usize, NodeId>,
    /// Expanded size of each node (aliases counted as their target), saturating.
    sizes: Vec<u64>,
    expanded: u64,
    budget_reported: bool,
    /// End of the previous event, in bytes (to find block-scalar indicators).
    last_end: usize,
}

/// Parses `src` into a spanned tree. Never fails: problems are [`Document::issues`].
///
/// go-yaml (and so Compose) accepts a flow collection's closing bracket at the indentation of
/// its key (`test: [` … newline … `]`), which YAML 1.2 forbids. When that is the only problem,
/// the line break before the bracket is read as a space (same length, so every offset stays
/// valid) and the text is parsed again, a bounded number of times.
pub fn parse(src: &str) -> Document {
    let mut text: Option<String> = None;
    for _ in 0..16 {
        let cur = text.as_deref().unwrap_or(src);
        let doc = parse_once(cur);
        let Some(nl) = lenient_bracket(&doc, cur) else { return doc };
        let mut bytes = cur.as_bytes().to_vec();
        bytes[nl] = b' ';
        match String::from_utf8(bytes) {
            Ok(t) => text = Some(t),
            Err(_) => return doc,
        }
    }
    parse_once(text.as_deref().unwrap_or(src))
}

/// For an "invalid indentation" error at a closing `]`/`}` preceded by one line break (and a
/// previous line without a comment), the offset of that line break.
fn lenient_bracket(doc: &Document, src: &str) -> Option<usize> {
    let i = doc.issues.iter().find(|i| i.code == IssueCode::Syntax)?;
    if !i.message.contains("invalid indentation") || !matches!(i.span.text(src), "]" | "}") {
        return None;
    }
    let before = src.get(..i.span.start)?;
    let ws = before.len() - before.trim_end_matches([' ', '\n', '\r']).len();
    let gap = &before[before.len() - ws..];
    if gap.matches('\n').count() != 1 || gap.contains('\r') {
        return None;
    }
    let nl = before.len() - ws + gap.find('\n')?;
    let prev_line = &before[before[..nl].rfind('\n').map_or(0, |p| p + 1)..nl];
    (!prev_line.contains('#')).then_some(nl)
}

fn parse_once(src: &str) -> Document {
    let off = Offsets::new(src);
    let mut b = Builder {
        src,
        doc: Document { bom: src.starts_with('\u{feff}'), ..Document::default() },
        stack: Vec::new(),
        children: Vec::new(),
        anchors: HashMap::new(),
        sizes: Vec::new(),
        expanded: 0,
        budget_reported: false,
        last_end: 0,
    };
    // Compose files have a node every 10-16 bytes: one allocation up front instead of a
    // doubling series (whose last copy briefly holds 1.5x the tree), trimmed at the end.
    b.doc.nodes.reserve(src.len() / 10 + 8);
    // Scalar texts are hardly ever longer than their source (unquoting, indentation and
    // folding shorten them; only the `\L`/`\P` escapes grow): one allocation, in practice
    // never copied, and the pages left unwritten are never touched.
    b.doc.text.reserve(src.len());
    b.sizes.reserve(src.len() / 10 + 8);
    let mut documents = 0usize;
    let mut parser = Parser::new_from_str(src);
    while let Some(next) = parser.next_event() {
        let (ev, sp) = match next {
            Ok(x) => x,
            Err(e) => {
                let at = off.byte(e.marker().index());
                let tab = e.info().contains("tab");
                let end = next_char_end(src, at);
                b.doc.issues.push(Issue {
                    code: if tab {
                        IssueCode::Tab
                    } else if e.info().contains("recursion limit") {
                        IssueCode::TooDeep
                    } else {
                        IssueCode::Syntax
                    },
                    span: Span::new(at, end),
                    message: format!("YAML syntax error: {}", e.info()),
                    related: None,
                });
                b.close_all();
                break;
            }
        };
        let (start, end) = (off.byte(sp.start.index()), off.byte(sp.end.index()));
        let is_seq = matches!(ev, Event::SequenceStart(..));
        match ev {
            Event::StreamStart | Event::Nothing | Event::DocumentEnd => {}
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    b.doc.issues.push(Issue {
                        code: IssueCode::MultiDocument,
                        span: Span::new(start, end.max(start)),
                        message: "More than one YAML document in the file; only the first is checked".into(),
                        related: None,
                    });
                    break;
                }
            }
            Event::Alias(id) => {
                let node = match b.anchors.get(&id).copied() {
                    Some(target) => {
                        let size = b.sizes.get(target.0 as usize).copied().unwrap_or(1);
                        if b.charge(size, Span::new(start, end)) {
                            Some(Node { kind: Kind::Alias(target), span: Span::new(start, end), tag: 0 })
                        } else {
                            None
                        }
                    }
                    None => {
                        b.doc.issues.push(Issue {
                            code: IssueCode::RecursiveAlias,
                            span: Span::new(start, end),
                            message: "Alias refers to an anchor that contains it".into(),
                            related: None,
                        });
                        None
                    }
                };
                let node = node.unwrap_or_else(|| Node { kind: empty_scalar(), span: Span::new(start, end), tag: 0 });
                let size = match node.kind {
                    Kind::Alias(t) => b.sizes.get(t.0 as usize).copied().unwrap_or(1),
                    _ => 1,
                };
                let id = b.push(node, size);
                b.add_child(id);
            }
            Event::Scalar(value, style, anchor, tag) => {
                let style = match style {
                    ScalarStyle::Plain => Style::Plain,
                    ScalarStyle::SingleQuoted => Style::SingleQuoted,
                    ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
                    ScalarStyle::Literal => Style::Literal,
                    ScalarStyle::Folded => Style::Folded,
                };
                let span = b.scalar_span(start, end, style);
                let tag = b.tag_id(tag.map(|t| format!("{}{}", t.handle, t.suffix).into_boxed_str()));
                // the text goes to the document's one text buffer (saphyr's own string, with its
                // 100-odd bytes of spare room, is dropped here)
                let text = ScalarNode { start: b.doc.text.len(), len: value.len(), style };
                b.doc.text.push_str(&value);
                drop(value);
                let id = b.push(Node { kind: Kind::Scalar(text), span, tag }, 1);
                if anchor > 0 {
                    b.anchors.insert(anchor, id);
                }
                b.add_child(id);
            }
            Event::SequenceStart(anchor, tag) | Event::MappingStart(anchor, tag) => {
                if b.stack.len() >= MAX_DEPTH {
                    b.doc.issues.push(Issue {
                        code: IssueCode::TooDeep,
                        span: Span::new(start, next_char_end(src, start)),
                        message: format!("Nesting deeper than {MAX_DEPTH} levels; the rest of the file is not checked"),
                        related: None,
                    });
                    b.close_all();
                    break;
                }
                let s = skip_properties(src, start);
                let flow = matches!(src.as_bytes().get(s), Some(b'[' | b'{'));
                let tag = tag.map(|t| format!("{}{}", t.handle, t.suffix).into_boxed_str());
                b.stack.push(Frame { seq: is_seq, start: s, base: b.children.len(), anchor, tag, flow });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                b.close_one(Some(end));
            }
        }
        b.last_end = end;
    }
    b.close_all();
    b.doc.nodes.shrink_to_fit();
    b.doc
}

fn empty_scalar() -> Kind {
    Kind::Scalar(ScalarNode { start: 0, len: 0, style: Style::Plain })
}

fn next_char_end(src: &str, at: usize) -> usize {
    let at = at.min(src.len());
    src.get(at..).and_then(|r| r.chars().next()).map_or(at, |c| at + c.len_utf8())
}

/// The end of a flow collection: just after its closing bracket, found from the closing event
/// or by scanning past blanks, commas and comments after the last item; else the last item's end.
fn flow_end(src: &str, end_event: Option<usize>, last: Option<usize>, start: usize, close: u8) -> usize {
    let b = src.as_bytes();
    if let Some(e) = end_event {
        if e > 0 && b.get(e - 1) == Some(&close) {
            return e;
        }
    }
    let mut i = last.unwrap_or(start + 1).min(b.len());
    while i < b.len() {
        match b[i] {
            b' ' | b'\t' | b'\r' | b'\n' | b',' => i += 1,
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            c if c == close => return i + 1,
            _ => break,
        }
    }
    last.unwrap_or(start)
}

/// Counts `n` expanded nodes against the budget; false (and an issue, once) when over.
fn charge(expanded: &mut u64, reported: &mut bool, issues: &mut Vec<Issue>, n: u64, at: Span) -> bool {
    let next = expanded.saturating_add(n);
    if next > EXPANSION_BUDGET {
        if !*reported {
            *reported = true;
            issues.push(Issue {
                code: IssueCode::AliasBudget,
                span: at,
                message: format!(
                    "Aliases expand to more than {EXPANSION_BUDGET} nodes (an alias bomb?); further aliases are ignored"
                ),
                related: None,
            });
        }
        return false;
    }
    *expanded = next;
    true
}

/// Skips `&anchor` and `!tag` properties (and the blanks after them) starting at `at`.
fn skip_properties(src: &str, mut at: usize) -> usize {
    let b = src.as_bytes();
    for _ in 0..4 {
        if !matches!(b.get(at), Some(b'&' | b'!')) {
            break;
        }
        while at < b.len() && !matches!(b[at], b' ' | b'\t' | b'\n' | b'\r') {
            at += 1;
        }
        while at < b.len() && matches!(b[at], b' ' | b'\t' | b'\n' | b'\r') {
            at += 1;
        }
    }
    while at > 0 && !src.is_char_boundary(at) {
        at -= 1;
    }
    at
}

impl Builder<'_> {
    fn push(&mut self, node: Node, size: u64) -> NodeId {
        let id = NodeId(self.doc.nodes.len() as u32);
        self.doc.nodes.push(node);
        self.sizes.push(size);
        id
    }

    /// Counts `n` expanded nodes against the budget; false (and an issue, once) when over.
    fn charge(&mut self, n: u64, at: Span) -> bool {
        charge(&mut self.expanded, &mut self.budget_reported, &mut self.doc.issues, n, at)
    }

    fn scalar_span(&self, start: usize, end: usize, style: Style) -> Span {
        let src = self.src;
        let b = src.as_bytes();
        let mut s = skip_properties(src, start);
        let mut e = end.max(s).min(src.len());
        match style {
            Style::SingleQuoted => {
                let mut i = s + 1;
                while i < b.len() {
                    if b[i] == b'\'' {
                        if b.get(i + 1) == Some(&b'\'') {
                            i += 2;
                            continue;
                        }
                        e = i + 1;
                        break;
                    }
                    i += 1;
                }
            }
            Style::DoubleQuoted => {
                let mut i = s + 1;
                while i < b.len() {
                    match b[i] {
                        b'\\' => i += 2,
                        b'"' => {
                            e = i + 1;
                            break;
                        }
                        _ => i += 1,
                    }
                }
            }
            Style::Literal | Style::Folded => {
                let from = self.last_end.min(s);
                if let Some(p) = src.get(from..s).and_then(|t| t.find(['|', '>'])) {
                    s = from + p;
                }
                while e > s && matches!(b.get(e - 1), Some(b' ' | b'\t')) {
                    e -= 1;
                }
            }
            Style::Plain => {}
        }
        let e = e.min(src.len());
        Span::new(s.min(e), e)
    }

    fn add_child(&mut self, id: NodeId) {
        if self.stack.is_empty() {
            if self.doc.root.is_none() {
                self.doc.root = Some(id);
            }
        } else {
            self.children.push(id);
        }
    }

    fn close_all(&mut self) {
        while !self.stack.is_empty() {
            self.close_one(None);
        }
    }

    /// Completes the innermost collection. `end_event` is the end of its closing event.
    fn close_one(&mut self, end_event: Option<usize>) {
        let Some(Frame { seq, start, base, anchor, tag, flow }) = self.stack.pop() else { return };
        let base = base.min(self.children.len());
        let id = if seq {
            let items = self.children[base..].to_vec();
            self.children.truncate(base);
            let last = items.last().map(|i| self.doc.node(*i).span.end);
            let end = if flow { flow_end(self.src, end_event, last, start, b']') } else { last.unwrap_or(start) };
            let size = items.iter().fold(1u64, |acc, i| acc.saturating_add(self.size(*i)));
            let span = Span::new(start, end.max(start));
            let tag = self.tag_id(tag);
            self.push(Node { kind: Kind::Seq(Seq { items: items.into(), flow }), span, tag }, size)
        } else {
            if (self.children.len() - base) % 2 == 1 {
                // a key without a value (syntax error or end of input): pair it with null
                let k = self.children[self.children.len() - 1];
                let at = self.doc.node(k).span.end;
                let v = self.push(Node { kind: empty_scalar(), span: Span::empty(at), tag: 0 }, 1);
                self.children.push(v);
            }
            let last =
                (self.children.len() > base).then(|| self.doc.node(self.children[self.children.len() - 1]).span.end);
            let end = if flow { flow_end(self.src, end_event, last, start, b'}') } else { last.unwrap_or(start) };
            let map = self.build_map(base, flow);
            self.children.truncate(base);
            let size = map
                .entries
                .iter()
                .fold(1u64, |acc, e| acc.saturating_add(self.size(e.key)).saturating_add(self.size(e.value)));
            let span = Span::new(start, end.max(start));
            let tag = self.tag_id(tag);
            self.push(Node { kind: Kind::Map(map), span, tag }, size)
        };
        if anchor > 0 {
            self.anchors.insert(anchor, id);
        }
        self.add_child(id);
    }

    /// Keeps a node's tag in [`Document::tags`]; the node's [`Node::tag`].
    fn tag_id(&mut self, tag: Option<Box<str>>) -> u32 {
        let Some(t) = tag else { return 0 };
        self.doc.tags.push(t);
        u32::try_from(self.doc.tags.len()).unwrap_or(0)
    }

    fn size(&self, id: NodeId) -> u64 {
        self.sizes.get(id.0 as usize).copied().unwrap_or(1)
    }

    /// The mapping whose keys and values alternate on `children[base..]`.
    fn build_map(&mut self, base: usize, flow: bool) -> Map {
        let pairs = &self.children[base..];
        let nodes = &self.doc.nodes;
        let text = self.doc.text.as_str();
        let issues = &mut self.doc.issues;
        // keys as bytes: a `str` slice would check both ends for a UTF-8 boundary
        let text_of = |s: &ScalarNode| text.as_bytes().get(s.start..s.start.saturating_add(s.len)).unwrap_or(&[]);
        let mut entries: Vec<Entry> = Vec::with_capacity(pairs.len() / 2);
        let mut merges: Vec<Entry> = Vec::new();
        let mut seen = Seen::new();
        let node = |id: NodeId| nodes.get(id.0 as usize);
        let resolve = |mut id: NodeId| {
            for _ in 0..8 {
                match node(id).map(|n| &n.kind) {
                    Some(Kind::Alias(t)) => id = *t,
                    _ => break,
                }
            }
            id
        };
        for kv in pairs.chunks_exact(2) {
            let (k, v) = (kv[0], kv[1]);
            let Some(key_node) = node(k) else { continue };
            let key_text = match &key_node.kind {
                Kind::Scalar(s) => Some(s),
                _ => None,
            };
            let kspan = key_node.span;
            if key_text.is_some_and(|s| text_of(s) == b"<<" && s.style == Style::Plain) {
                if let Some(first) = merges.first() {
                    let first_span = node(first.key).map_or(kspan, |n| n.span);
                    issues.push(Issue {
                        code: IssueCode::DuplicateMergeKey,
                        span: kspan,
                        message: "Second `<<` merge key in one mapping (Compose rejects it)".into(),
                        related: Some(first_span),
                    });
                }
                merges.push(Entry { key: k, value: v, via: None, print: key_print("<<") });
                continue;
            }
            if let Some(text) = key_text.map(text_of) {
                if let Some(first) = seen.get(text) {
                    issues.push(Issue {
                        code: IssueCode::DuplicateKey,
                        span: kspan,
                        message: format!(
                            "Duplicate key `{}` (Compose rejects the file)",
                            String::from_utf8_lossy(text)
                        ),
                        related: Some(first),
                    });
                    continue;
                }
                seen.insert(text, kspan);
            }
            // the print of the key as `Document::key` reads it: through aliases, "" for
            // collections
            let print = match &key_node.kind {
                Kind::Scalar(s) => key_print_bytes(text_of(s)),
                Kind::Alias(_) => match node(resolve(k)).map(|n| &n.kind) {
                    Some(Kind::Scalar(s)) => key_print_bytes(text_of(s)),
                    _ => 0,
                },
                _ => 0,
            };
            entries.push(Entry { key: k, value: v, via: None, print });
        }
        // Apply merges: own keys win; among sources the earlier wins.
        let span_of = |id: NodeId| node(id).map_or(Span::empty(0), |n| n.span);
        for m in &merges {
            let one = [m.value];
            let sources: &[NodeId] = match node(m.value).map(|n| &n.kind) {
                Some(Kind::Seq(s)) => &s.items,
                _ => &one,
            };
            for &src_id in sources {
                let site = span_of(src_id);
                let src_entries = match node(resolve(src_id)).map(|n| &n.kind) {
                    Some(Kind::Map(sm)) => &sm.entries,
                    _ => {
                        let what = type_name_in(nodes, text, src_id);
                        issues.push(Issue {
                            code: IssueCode::InvalidMerge,
                            span: site,
                            message: format!("`<<` merges {what} but only mappings can be merged"),
                            related: None,
                        });
                        continue;
                    }
                };
                if !charge(&mut self.expanded, &mut self.budget_reported, issues, src_entries.len() as u64, site) {
                    break;
                }
                for e in src_entries {
                    let Some(Kind::Scalar(ks)) = node(e.key).map(|n| &n.kind) else { continue };
                    let text = text_of(ks);
                    if seen.get(text).is_some() {
                        continue;
                    }
                    seen.insert(text, site);
                    entries.push(Entry { key: e.key, value: e.value, via: Some(site), print: e.print });
                }
            }
        }
        Map { entries: entries.into(), merges: merges.into(), flow }
    }
}

/// [`Document::type_name`] over the nodes of a document being built.
fn type_name_in(nodes: &[Node], text: &str, id: NodeId) -> &'static str {
    let mut id = id;
    for _ in 0..8 {
        match nodes.get(id.0 as usize).map(|n| &n.kind) {
            Some(Kind::Alias(t)) => id = *t,
            _ => break,
        }
    }
    match nodes.get(id.0 as usize).or_else(|| nodes.first()).map(|n| &n.kind) {
        Some(Kind::Map(_)) => "a mapping",
        Some(Kind::Seq(_)) => "a list",
        Some(Kind::Alias(_)) => "an alias",
        Some(Kind::Scalar(s)) => super::scalar_type_name(&Scalar {
            value: text.get(s.start..s.start.saturating_add(s.len)).unwrap_or(""),
            style: s.style,
        }),
        None => super::scalar_type_name(&Scalar { value: "", style: Style::Plain }),
    }
}

//! A spanned YAML tree for compose files, built from `saphyr-parser` events.
//!
//! What this layer adds on top of the event parser:
//! - byte spans (saphyr counts characters) for every node, with the quoted-scalar end
//!   overshoot corrected, block scalars starting at their `|`/`>` indicator and anchors/tags
//!   excluded from value spans;
//! - scalar style and tags (`!reset`, `!override`) kept;
//! - aliases kept as references to their anchor (never copied), with an expansion budget so
//!   an alias bomb becomes an [`Issue`] instead of exhausting memory or time;
//! - `<<` merge keys applied here, each merged entry remembering the alias site it came from;
//! - duplicate keys, duplicate `<<` keys, bad merges, multi-document input, excessive nesting
//!   and syntax errors reported as issues; on a syntax error the tree built so far is kept.
//!
//! The builder is iterative (no recursion), nesting is bounded by [`MAX_DEPTH`], and every
//! pass is linear in the input plus the (budgeted) alias expansion.

mod build;

pub use build::parse;

use crate::span::Span;

/// Maximum nesting of collections; deeper input is cut with an issue.
pub const MAX_DEPTH: usize = 128;
/// Maximum number of nodes reachable through aliases and merges, summed over the document.
pub const EXPANSION_BUDGET: u64 = 1_000_000;

/// Index of a node in [`Document::nodes`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

/// How a scalar is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

/// A scalar as [`Document::scalar`] gives it: its text (after YAML's unquoting, escapes and
/// folding) and how it is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scalar<'d> {
    pub value: &'d str,
    pub style: Style,
}

/// A scalar as the tree stores it: its text is `len` bytes of [`Document::text`] from
/// `start`. One text buffer for the whole document instead of a `String` per scalar: no
/// allocation, reallocation or free per scalar, and a window of services reads its scalars
/// from a few contiguous cache lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScalarNode {
    pub start: usize,
    pub len: usize,
    pub style: Style,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seq {
    pub items: Box<[NodeId]>,
    /// Written `[a, b]` rather than as a block.
    pub flow: bool,
}

/// One key/value pair of a mapping.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry {
    pub key: NodeId,
    pub value: NodeId,
    /// For an entry merged in through `<<`, the alias (or merge value) it came through.
    pub via: Option<Span>,
    /// [`key_print`] of the key's text (as [`Document::key`] reads it), so lookups reject
    /// most entries without reading their key node.
    pub print: u32,
}

/// A cheap fingerprint of a mapping key: its length and first, second and last bytes. Equal
/// texts have equal prints; [`Document::entry`] compares the text when the prints match.
#[inline]
pub fn key_print(key: &str) -> u32 {
    key_print_bytes(key.as_bytes())
}

/// [`key_print`] of a key's bytes.
#[inline]
pub fn key_print_bytes(b: &[u8]) -> u32 {
    match b {
        [] => 0,
        [first, .., last] => {
            (b.len() as u32 & 0xff) | (u32::from(*first) << 8) | (u32::from(b[1]) << 16) | (u32::from(*last) << 24)
        }
        [only] => 1 | (u32::from(*only) << 8),
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Map {
    /// Own entries first (in source order, duplicates dropped), then merged ones.
    pub entries: Box<[Entry]>,
    /// The `<<` entries themselves.
    pub merges: Box<[Entry]>,
    /// Written `{a: b}` rather than as a block.
    pub flow: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    Scalar(ScalarNode),
    Seq(Seq),
    Map(Map),
    /// `*name`: refers to the anchored node (its span is the anchor definition's).
    Alias(NodeId),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub kind: Kind,
    /// Byte span of the value (without anchor or tag).
    pub span: Span,
    /// The tag (`!reset`, `!override`, `!!str`…) as a position in [`Document::tags`] plus
    /// one, 0 for none; read it with [`Document::tag`]. (A `Box<str>` here took 16 of the
    /// node's bytes for the few tagged nodes.)
    pub tag: u32,
}

/// What kind of problem the YAML layer found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IssueCode {
    /// The text is not valid YAML; the tree stops here.
    Syntax,
    /// A tab where YAML requires spaces.
    Tab,
    /// A mapping key given twice (Compose rejects the file).
    DuplicateKey,
    /// Two `<<` keys in one mapping (rejected since Compose 2.17).
    DuplicateMergeKey,
    /// `<<` whose value is not a mapping or a list of mappings.
    InvalidMerge,
    /// Alias expansion beyond [`EXPANSION_BUDGET`] (an alias bomb).
    AliasBudget,
    /// An alias to an anchor that encloses it (a cycle).
    RecursiveAlias,
    /// Nesting deeper than [`MAX_DEPTH`].
    TooDeep,
    /// More than one YAML document in the file.
    MultiDocument,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    pub code: IssueCode,
    pub span: Span,
    pub message: String,
    /// A related location (the first occurrence of a duplicate key, …).
    pub related: Option<Span>,
}

/// A parsed YAML document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    pub nodes: Vec<Node>,
    pub root: Option<NodeId>,
    pub issues: Vec<Issue>,
    /// The file starts with a byte-order mark.
    pub bom: bool,
    /// The text of every scalar, end to end ([`ScalarNode`] ranges).
    pub text: String,
    /// The tags of the tagged nodes ([`Node::tag`]).
    pub tags: Vec<Box<str>>,
}

impl Document {
    /// The node `id` (ids come from this document; an out-of-range id gives the first node).
    #[inline]
    pub fn node(&self, id: NodeId) -> &Node {
        match self.nodes.get(id.0 as usize) {
            Some(n) => n,
            None => self.nodes.first().unwrap_or(&EMPTY),
        }
    }
    /// Follows aliases to the anchored node.
    #[inline]
    pub fn resolve(&self, id: NodeId) -> NodeId {
        match self.node(id).kind {
            Kind::Alias(t) => self.resolve_alias(t),
            _ => id,
        }
    }
    /// The rest of [`Document::resolve`] once an alias was seen (aliases are rare).
    #[cold]
    fn resolve_alias(&self, mut id: NodeId) -> NodeId {
        for _ in 0..7 {
            match self.node(id).kind {
                Kind::Alias(t) => id = t,
                _ => break,
            }
        }
        id
    }
    /// The node, through aliases.
    #[inline]
    pub fn get_node(&self, id: NodeId) -> &Node {
        self.node(self.resolve(id))
    }
    #[inline]
    pub fn span(&self, id: NodeId) -> Span {
        self.node(id).span
    }
    #[inline]
    pub fn map(&self, id: NodeId) -> Option<&Map> {
        match &self.get_node(id).kind {
            Kind::Map(m) => Some(m),
            _ => None,
        }
    }
    #[inline]
    pub fn seq(&self, id: NodeId) -> Option<&Seq> {
        match &self.get_node(id).kind {
            Kind::Seq(s) => Some(s),
            _ => None,
        }
    }
    #[inline]
    pub fn scalar(&self, id: NodeId) -> Option<Scalar<'_>> {
        match &self.get_node(id).kind {
            Kind::Scalar(s) => Some(self.view(s)),
            _ => None,
        }
    }
    /// The text of a stored scalar ("" if its range is not in [`Document::text`]).
    #[inline]
    pub fn text_of(&self, s: &ScalarNode) -> &str {
        self.text.get(s.start..s.start.saturating_add(s.len)).unwrap_or("")
    }
    /// Whether `word` occurs in the text of some scalar (a key or a value) of the document: when
    /// it does not, no mapping has that key, and a pass over the tree looking for it can be
    /// skipped (one sequential scan of [`Document::text`] instead of a walk of every node).
    pub fn mentions(&self, word: &str) -> bool {
        self.text.contains(word)
    }
    /// The tag of a node of this document, if any.
    #[inline]
    pub fn tag(&self, n: &Node) -> Option<&str> {
        let i = usize::try_from(n.tag).ok()?.checked_sub(1)?;
        self.tags.get(i).map(|t| &t[..])
    }
    /// A stored scalar with its text.
    #[inline]
    pub fn view(&self, s: &ScalarNode) -> Scalar<'_> {
        Scalar { value: self.text_of(s), style: s.style }
    }
    /// The text of a scalar (through aliases).
    #[inline]
    pub fn str(&self, id: NodeId) -> Option<&str> {
        self.scalar(id).map(|s| s.value)
    }
    /// Whether the node is a YAML null (`~`, `null`, or nothing at all).
    pub fn is_null(&self, id: NodeId) -> bool {
        self.scalar(id).is_some_and(|s| s.style == Style::Plain && is_null_text(s.value))
    }
    /// The key of an entry as text ("" for a non-scalar key).
    #[inline]
    pub fn key(&self, e: &Entry) -> &str {
        self.str(e.key).unwrap_or("")
    }
    /// The entry of `map` whose key is `key`.
    pub fn entry(&self, map: NodeId, key: &str) -> Option<Entry> {
        let print = key_print(key);
        let same = |e: &Entry| match &self.node(e.key).kind {
            // bytes: a `str` slice would check both ends for a UTF-8 boundary
            Kind::Scalar(s) => self.text.as_bytes().get(s.start..s.start.saturating_add(s.len)) == Some(key.as_bytes()),
            _ => self.key(e) == key,
        };
        self.map(map)?.entries.iter().find(|e| e.print == print && same(e)).copied()
    }
    /// The value of `map[key]`.
    #[inline]
    pub fn get(&self, map: NodeId, key: &str) -> Option<NodeId> {
        self.entry(map, key).map(|e| e.value)
    }
    /// Follows a path of keys from `from`.
    pub fn path(&self, from: NodeId, keys: &[&str]) -> Option<NodeId> {
        let mut cur = from;
        for k in keys {
            cur = self.get(cur, k)?;
        }
        Some(cur)
    }
    /// Items of a sequence (empty for anything else).
    pub fn items(&self, id: NodeId) -> &[NodeId] {
        self.seq(id).map_or(&[], |s| &s.items[..])
    }
    /// Entries of a mapping (empty for anything else).
    pub fn entries(&self, id: NodeId) -> &[Entry] {
        self.map(id).map_or(&[], |m| &m.entries[..])
    }
    /// A short name of the node's type, for messages.
    pub fn type_name(&self, id: NodeId) -> &'static str {
        match &self.get_node(id).kind {
            Kind::Map(_) => "a mapping",
            Kind::Seq(_) => "a list",
            Kind::Scalar(s) => scalar_type_name(&self.view(s)),
            Kind::Alias(_) => "an alias",
        }
    }
}

/// [`Document::type_name`] of a scalar.
pub(crate) fn scalar_type_name(s: &Scalar<'_>) -> &'static str {
    match s.style {
        Style::Plain if is_null_text(s.value) => "null",
        Style::Plain => match plain_type(s.value) {
            PlainType::Bool => "a boolean",
            PlainType::Int => "an integer",
            PlainType::Float => "a number",
            _ => "a string",
        },
        _ => "a string",
    }
}

static EMPTY: Node =
    Node { kind: Kind::Scalar(ScalarNode { start: 0, len: 0, style: Style::Plain }), span: Span::new(0, 0), tag: 0 };

pub fn is_null_text(s: &str) -> bool {
    matches!(s, "" | "~" | "null" | "Null" | "NULL")
}

/// How YAML 1.2 (core schema) reads a plain scalar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlainType {
    Null,
    Bool,
    Int,
    Float,
    Str,
}

pub fn plain_type(s: &str) -> PlainType {
    if is_null_text(s) {
        return PlainType::Null;
    }
    if matches!(s, "true" | "True" | "TRUE" | "false" | "False" | "FALSE") {
        return PlainType::Bool;
    }
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    if !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit()) {
        return PlainType::Int;
    }
    if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0o")) {
        if !h.is_empty() && h.bytes().all(|b| b.is_ascii_hexdigit()) {
            return PlainType::Int;
        }
    }
    if matches!(body, ".inf" | ".Inf" | ".INF") || matches!(s, ".nan" | ".NaN" | ".NAN") {
        return PlainType::Float;
    }
    let mut digits = false;
    let mut ok = !body.is_empty();
    let mut seen_dot = false;
    let mut seen_e = false;
    let b = body.as_bytes();
    let mut i = 0;
    while i < b.len() && ok {
        match b[i] {
            b'0'..=b'9' => digits = true,
            b'.' if !seen_dot && !seen_e => seen_dot = true,
            b'e' | b'E' if digits && !seen_e => {
                seen_e = true;
                if matches!(b.get(i + 1), Some(b'+' | b'-')) {
                    i += 1;
                }
            }
            _ => ok = false,
        }
        i += 1;
    }
    if ok && digits && (seen_dot || seen_e) {
        return PlainType::Float;
    }
    PlainType::Str
}

/// YAML 1.1 readings that YAML 1.2 parsers (and Compose, partly) do not share.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Yaml11 {
    /// `yes`/`no`/`on`/`off`/`y`/`n`: booleans in YAML 1.1, strings in 1.2.
    Bool(bool),
    /// `0440`: octal in YAML 1.1 (and go-yaml), decimal in 1.2.
    Octal(u32),
    /// `22:22`: a base-60 number in YAML 1.1.
    Sexagesimal,
}

/// How YAML 1.1 would read a plain scalar differently from YAML 1.2, if at all.
pub fn yaml11_reading(s: &str) -> Option<Yaml11> {
    match s {
        "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "y" | "Y" => return Some(Yaml11::Bool(true)),
        "no" | "No" | "NO" | "off" | "Off" | "OFF" | "n" | "N" => return Some(Yaml11::Bool(false)),
        _ => {}
    }
    if s.len() > 1 && s.starts_with('0') && s.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        return u32::from_str_radix(&s[1..], 8).ok().map(Yaml11::Octal);
    }
    // base 60: digits, then one or more `:` groups of 0-59, all without leading sign issues
    let mut parts = s.split(':');
    let first = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    if !rest.is_empty()
        && !first.is_empty()
        && first.bytes().all(|b| b.is_ascii_digit())
        && first.as_bytes()[0] != b'0'
        && rest.iter().all(|p| {
            (1..=2).contains(&p.len())
                && p.bytes().all(|b| b.is_ascii_digit())
                && p.parse::<u32>().is_ok_and(|n| n < 60)
        })
    {
        return Some(Yaml11::Sexagesimal);
    }
    None
}

#[cfg(test)]
mod tests;

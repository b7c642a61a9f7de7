//! The merged view of a compose file and an override file, computed the way Compose merges
//! the files of a project (Compose Specification, "Merge and override"):
//!
//! - mappings are merged key by key, the override's value winning for scalars;
//! - sequences are appended; `ports`, `volumes`, `secrets` and `configs` of a service keep one
//!   entry per unique key (`{ip, published, target, protocol}` for ports, the target for the
//!   others), the override's entry winning; list-form `environment`, `labels`, `build.args`,
//!   `sysctls`, `annotations` and `extra_hosts` keep one entry per name; other lists drop
//!   items the base already has;
//! - `command`, `entrypoint` and `healthcheck.test` are replaced, not appended;
//! - a value tagged `!reset` removes the key, one tagged `!override` replaces the base value
//!   wholesale.
//!
//! The result is an ordinary [`Document`] whose nodes are copies of both files' nodes (plus
//! the merged collections), so every compose helper works on it unchanged. Each node
//! remembers its [`Origin`]: a value taken from a file keeps that file's span, so a finding on
//! the merged view points at the text where the value was written.
//!
//! Linear in the size of both files: each merged collection indexes its keys once, and the
//! walk only descends where both files have a mapping (bounded by [`MAX_MERGE_DEPTH`]).

use super::split_outside_braces;
use crate::yaml::{Document, Entry, Kind, Map, Node, NodeId, ScalarNode, Seq};
use std::collections::{HashMap, HashSet};

/// Deeper than this, the override's value replaces the base's instead of being merged.
pub const MAX_MERGE_DEPTH: usize = 32;

/// Which file a node of the merged view comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Written in the base file (its span is in the base file).
    Base,
    /// Written in the override file (its span is in the override file).
    Override,
    /// A collection combining both (its span is the override's collection).
    Merged,
}

/// The base file with one override file applied.
#[derive(Clone, Debug)]
pub struct Merged {
    pub doc: Document,
    origin: Vec<Origin>,
    /// Node ids of the override file start here in `doc`.
    offset: u32,
    over_len: u32,
}

fn shift(id: NodeId, by: u32) -> NodeId {
    NodeId(id.0.saturating_add(by))
}

/// `node` of the override file, its ids moved up by `by` and its scalar text by `text_by`.
fn shifted(node: &Node, by: u32, text_by: usize, tags_by: u32) -> Node {
    let kind = match &node.kind {
        Kind::Scalar(s) => Kind::Scalar(ScalarNode { start: s.start.saturating_add(text_by), ..*s }),
        Kind::Alias(t) => Kind::Alias(shift(*t, by)),
        Kind::Seq(s) => Kind::Seq(Seq { items: s.items.iter().map(|i| shift(*i, by)).collect(), flow: s.flow }),
        Kind::Map(m) => {
            let e = |x: &Entry| Entry { key: shift(x.key, by), value: shift(x.value, by), via: x.via, print: x.print };
            Kind::Map(Map {
                entries: m.entries.iter().map(e).collect(),
                merges: m.merges.iter().map(e).collect(),
                flow: m.flow,
            })
        }
    };
    // tags: the override's after the base's in the merged document's list
    let tag = if node.tag == 0 { 0 } else { node.tag.saturating_add(tags_by) };
    Node { kind, span: node.span, tag }
}

impl Merged {
    /// Merges `over` into `base`.
    pub fn new(base: &Document, over: &Document) -> Merged {
        let offset = u32::try_from(base.nodes.len()).unwrap_or(u32::MAX);
        let over_len = u32::try_from(over.nodes.len()).unwrap_or(u32::MAX);
        let mut nodes = base.nodes.clone();
        let tags_by = u32::try_from(base.tags.len()).unwrap_or(u32::MAX);
        nodes.extend(over.nodes.iter().map(|n| shifted(n, offset, base.text.len(), tags_by)));
        let tags: Vec<Box<str>> = base.tags.iter().chain(&over.tags).cloned().collect();
        // the scalar texts of both files, the override's after the base's
        let mut text = String::with_capacity(base.text.len() + over.text.len());
        text.push_str(&base.text);
        text.push_str(&over.text);
        let mut origin = vec![Origin::Base; base.nodes.len()];
        origin.extend(std::iter::repeat_n(Origin::Override, over.nodes.len()));
        let mut m = Merged { doc: Document { nodes, text, tags, ..Document::default() }, origin, offset, over_len };
        m.doc.root = match (base.root, over.root.map(|r| shift(r, offset))) {
            (Some(a), Some(b)) => m.merge(a, b, &mut Vec::new()),
            (a, b) => b.or(a),
        };
        m
    }

    /// Where node `id` of the merged view comes from.
    pub fn origin(&self, id: NodeId) -> Origin {
        self.origin.get(id.0 as usize).copied().unwrap_or(Origin::Merged)
    }

    /// The id in the override file of a node the override wrote.
    pub fn override_id(&self, id: NodeId) -> Option<NodeId> {
        (id.0 >= self.offset && id.0 - self.offset < self.over_len).then(|| NodeId(id.0 - self.offset))
    }

    fn tag(&self, id: NodeId) -> Option<&str> {
        self.doc.tag(self.doc.node(id))
    }

    fn push(&mut self, kind: Kind, like: NodeId) -> NodeId {
        let span = self.doc.span(like);
        let id = NodeId(u32::try_from(self.doc.nodes.len()).unwrap_or(u32::MAX));
        self.doc.nodes.push(Node { kind, span, tag: 0 });
        self.origin.push(Origin::Merged);
        id
    }

    /// Merges override value `b` over base value `a` at `path`; `None` when `b` resets it.
    fn merge(&mut self, a: NodeId, b: NodeId, path: &mut Vec<String>) -> Option<NodeId> {
        match self.tag(b) {
            Some("!reset") => return None,
            Some("!override") => return Some(b),
            _ => {}
        }
        if path.len() >= MAX_MERGE_DEPTH {
            return Some(b);
        }
        if self.doc.map(a).is_some() && self.doc.map(b).is_some() {
            return Some(self.merge_maps(a, b, path));
        }
        if self.doc.seq(a).is_some() && self.doc.seq(b).is_some() {
            return Some(self.merge_seqs(a, b, path));
        }
        Some(b)
    }

    fn merge_maps(&mut self, a: NodeId, b: NodeId, path: &mut Vec<String>) -> NodeId {
        let mut out: Vec<Option<Entry>> = self.doc.entries(a).iter().copied().map(Some).collect();
        let mut index: HashMap<String, usize> = HashMap::with_capacity(out.len());
        for (i, e) in out.iter().enumerate() {
            if let Some(e) = e {
                index.entry(self.doc.key(e).to_string()).or_insert(i);
            }
        }
        let over: Vec<Entry> = self.doc.entries(b).to_vec();
        for eb in over {
            let key = self.doc.key(&eb).to_string();
            match index.get(&key).copied() {
                Some(i) => {
                    let Some(ea) = out[i] else { continue };
                    path.push(key);
                    let merged = self.merge(ea.value, eb.value, path);
                    path.pop();
                    out[i] = merged.map(|v| if v == eb.value { eb } else { Entry { value: v, ..ea } });
                }
                None => {
                    if self.tag(eb.value) != Some("!reset") {
                        index.insert(key, out.len());
                        out.push(Some(eb));
                    }
                }
            }
        }
        let entries = out.into_iter().flatten().collect();
        self.push(Kind::Map(Map { entries, merges: Box::default(), flow: false }), b)
    }

    fn merge_seqs(&mut self, a: NodeId, b: NodeId, path: &[String]) -> NodeId {
        let rel = if path.len() >= 3 && path[0] == "services" { path[2..].join(".") } else { String::new() };
        let key_of: fn(&Document, NodeId) -> Option<String> = match rel.as_str() {
            "command" | "entrypoint" | "healthcheck.test" => return b,
            "ports" => port_key,
            "volumes" | "secrets" | "configs" => {
                if rel == "volumes" {
                    volume_key
                } else {
                    secret_key
                }
            }
            "environment" | "labels" | "build.args" | "build.labels" | "deploy.labels" | "sysctls" | "annotations"
            | "extra_hosts" | "build.extra_hosts" => name_key,
            _ => scalar_key,
        };
        let over: Vec<NodeId> = self.doc.items(b).to_vec();
        let taken: HashSet<String> = over.iter().filter_map(|i| key_of(&self.doc, *i)).collect();
        let mut items: Vec<NodeId> = self
            .doc
            .items(a)
            .iter()
            .copied()
            .filter(|i| key_of(&self.doc, *i).is_none_or(|k| !taken.contains(&k)))
            .collect();
        items.extend(over);
        self.push(Kind::Seq(Seq { items: items.into(), flow: false }), b)
    }
}

/// A scalar item's text (items are de-duplicated on it).
fn scalar_key(doc: &Document, id: NodeId) -> Option<String> {
    doc.str(id).map(|s| s.trim().to_string())
}

/// `NAME=value` / `NAME: value` / `NAME` list items: the name.
fn name_key(doc: &Document, id: NodeId) -> Option<String> {
    let s = doc.str(id)?;
    let end = s.find(['=', ':']).unwrap_or(s.len());
    Some(s[..end].trim().to_string())
}

/// A port's unique key: host IP, published port, target port and protocol.
fn port_key(doc: &Document, id: NodeId) -> Option<String> {
    if let Some(s) = doc.str(id) {
        let (ip, published, target, proto) = super::split_port(s.trim());
        return Some(format!("{}|{}|{target}|{proto}", ip.unwrap_or(""), published.unwrap_or("")));
    }
    let g = |k: &str| doc.get(id, k).and_then(|v| doc.str(v)).unwrap_or("").to_string();
    let proto = doc.get(id, "protocol").and_then(|v| doc.str(v)).unwrap_or("tcp");
    Some(format!("{}|{}|{}|{proto}", g("host_ip"), g("published"), g("target")))
}

/// A mount's unique key: its target path.
fn volume_key(doc: &Document, id: NodeId) -> Option<String> {
    if let Some(s) = doc.str(id) {
        let parts = split_outside_braces(s.trim(), ':');
        return parts.get(1).or(parts.first()).map(|t| t.trim_end_matches('/').to_string());
    }
    doc.get(id, "target").and_then(|v| doc.str(v)).map(|t| t.trim_end_matches('/').to_string())
}

/// A secret's or config's unique key: its target (the source name when none is given).
fn secret_key(doc: &Document, id: NodeId) -> Option<String> {
    if let Some(s) = doc.str(id) {
        return Some(s.trim().to_string());
    }
    doc.get(id, "target").or_else(|| doc.get(id, "source")).and_then(|v| doc.str(v)).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse;

    fn merged(a: &str, b: &str) -> Merged {
        Merged::new(&parse(a), &parse(b))
    }

    fn texts(m: &Merged, path: &[&str]) -> Vec<String> {
        let root = m.doc.root.unwrap();
        let n = m.doc.path(root, path).unwrap();
        m.doc.items(n).iter().map(|i| m.doc.str(*i).unwrap_or("{map}").to_string()).collect()
    }

    #[test]
    fn mappings_merge_and_scalars_are_replaced() {
        let m = merged(
            "services:\n  web:\n    image: a:1\n    read_only: true\n    deploy: {resources: {limits: {memory: 1g}}}\n",
            "services:\n  web:\n    image: a:2\n    deploy: {resources: {limits: {cpus: '1'}}}\n  extra:\n    image: b\n",
        );
        let root = m.doc.root.unwrap();
        let web = m.doc.path(root, &["services", "web"]).unwrap();
        assert_eq!(m.doc.get(web, "image").and_then(|v| m.doc.str(v)), Some("a:2"));
        let image = m.doc.get(web, "image").unwrap();
        assert_eq!(m.origin(image), Origin::Override);
        assert_eq!(m.override_id(image).map(|i| i.0 < m.over_len), Some(true));
        let ro = m.doc.get(web, "read_only").unwrap();
        assert_eq!(m.origin(ro), Origin::Base);
        assert!(m.doc.path(web, &["deploy", "resources", "limits", "memory"]).is_some());
        assert!(m.doc.path(web, &["deploy", "resources", "limits", "cpus"]).is_some());
        assert!(m.doc.path(root, &["services", "extra", "image"]).is_some());
        assert_eq!(m.origin(web), Origin::Merged);
    }

    #[test]
    fn sequences_follow_compose_rules() {
        let m = merged(
            "services:\n  web:\n    ports: ['127.0.0.1:80:80', '443:443']\n    volumes: ['a:/data', './x:/x']\n    cap_add: [NET_ADMIN]\n    command: [run, a]\n    environment: [A=1, B=2]\n    healthcheck: {test: [CMD, a]}\n",
            "services:\n  web:\n    ports: ['443:443', '8080:80']\n    volumes: ['b:/data']\n    cap_add: [NET_ADMIN, SYS_TIME]\n    command: [run, b]\n    environment: [B=3]\n    healthcheck: {test: [CMD, b]}\n",
        );
        assert_eq!(texts(&m, &["services", "web", "ports"]), ["127.0.0.1:80:80", "443:443", "8080:80"]);
        assert_eq!(texts(&m, &["services", "web", "volumes"]), ["./x:/x", "b:/data"]);
        assert_eq!(texts(&m, &["services", "web", "cap_add"]), ["NET_ADMIN", "SYS_TIME"]);
        assert_eq!(texts(&m, &["services", "web", "command"]), ["run", "b"]);
        assert_eq!(texts(&m, &["services", "web", "environment"]), ["A=1", "B=3"]);
        assert_eq!(texts(&m, &["services", "web", "healthcheck", "test"]), ["CMD", "b"]);
    }

    #[test]
    fn reset_and_override_tags() {
        let m = merged(
            "services:\n  web:\n    read_only: true\n    cap_drop: [ALL]\n    ports: ['127.0.0.1:80:80']\n    environment: {A: '1', B: '2'}\n",
            "services:\n  web:\n    read_only: !reset null\n    cap_drop: !override [NET_RAW]\n    ports: !reset []\n    environment:\n      A: !reset\n    user: !reset null\n",
        );
        let root = m.doc.root.unwrap();
        let web = m.doc.path(root, &["services", "web"]).unwrap();
        assert!(m.doc.get(web, "read_only").is_none());
        assert!(m.doc.get(web, "ports").is_none());
        assert!(m.doc.get(web, "user").is_none(), "a reset of an absent key adds nothing");
        assert_eq!(texts(&m, &["services", "web", "cap_drop"]), ["NET_RAW"]);
        let env = m.doc.get(web, "environment").unwrap();
        assert!(m.doc.get(env, "A").is_none() && m.doc.get(env, "B").is_some());
    }

    #[test]
    fn anchors_and_merge_keys_in_either_file() {
        let m = merged(
            "x-h: &h {read_only: true}\nservices:\n  web:\n    <<: *h\n    image: a\n",
            "x-o: &o {privileged: true}\nservices:\n  web:\n    <<: *o\n",
        );
        let root = m.doc.root.unwrap();
        let web = m.doc.path(root, &["services", "web"]).unwrap();
        assert_eq!(m.doc.get(web, "read_only").and_then(|v| m.doc.str(v)), Some("true"));
        let p = m.doc.get(web, "privileged").unwrap();
        assert_eq!(m.doc.str(p), Some("true"));
        assert_eq!(m.origin(m.doc.resolve(p)), Origin::Override);
    }

    #[test]
    fn empty_and_broken_inputs() {
        for (a, b) in [("", ""), ("services:", ""), ("", "services: {a: {}}"), ("[1, 2]", "{a: 1}"), ("a: [", "a: {")] {
            let m = merged(a, b);
            let _ = crate::compose::Model::build(&m.doc);
        }
    }
}

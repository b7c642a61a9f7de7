//! The compose model: the top-level sections of a compose file over the spanned YAML tree,
//! with the many short and long syntaxes normalised (ports, volumes, environment,
//! depends_on, healthcheck, capabilities, …). Values stay references into the tree, so every
//! finding has a span and every fix can edit the text in place.

pub mod interp;
pub mod merge;
pub mod schema;

use crate::span::Span;
use crate::yaml::{Document, Entry, Kind, NodeId, Style};
pub use interp::Value;

/// A named item of a top-level section (`services.web`, `volumes.data`, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Named<'d> {
    pub name: &'d str,
    pub entry: Entry,
}

impl Named<'_> {
    /// The node of the item's definition (a mapping, or null for `data:`).
    pub fn node(&self) -> NodeId {
        self.entry.value
    }
    pub fn key_span(&self, doc: &Document) -> Span {
        doc.span(self.entry.key)
    }
}

/// The compose file, as sections of the tree.
#[derive(Clone, Debug, Default)]
pub struct Model<'d> {
    pub root: Option<NodeId>,
    pub services: Vec<Named<'d>>,
    pub networks: Vec<Named<'d>>,
    pub volumes: Vec<Named<'d>>,
    pub secrets: Vec<Named<'d>>,
    pub configs: Vec<Named<'d>>,
    /// Service name -> index in `services` (first definition).
    by_name: std::collections::HashMap<&'d str, usize>,
    /// Some service has an `extends` key (most files have none, and rules about missing keys
    /// ask for every service).
    extends: bool,
}

fn section<'d>(doc: &'d Document, root: NodeId, key: &str) -> Vec<Named<'d>> {
    let Some(node) = doc.get(root, key) else { return Vec::new() };
    doc.entries(node)
        .iter()
        .filter(|e| !doc.key(e).starts_with("x-"))
        .map(|e| Named { name: doc.key(e), entry: *e })
        .collect()
}

impl<'d> Model<'d> {
    pub fn build(doc: &'d Document) -> Self {
        let Some(root) = doc.root.filter(|r| doc.map(*r).is_some()) else { return Model::default() };
        let services = section(doc, root, "services");
        let mut by_name = std::collections::HashMap::with_capacity(services.len());
        let mut extends = false;
        // without the word anywhere in the file, no service has the key (and the services
        // need not be read for it: on a file of 50,000 services that read missed the caches)
        let may_extend = doc.mentions("extends");
        for (i, s) in services.iter().enumerate() {
            by_name.entry(s.name).or_insert(i);
            extends = extends || (may_extend && doc.get(s.node(), "extends").is_some());
        }
        Model {
            root: Some(root),
            services,
            networks: section(doc, root, "networks"),
            volumes: section(doc, root, "volumes"),
            secrets: section(doc, root, "secrets"),
            configs: section(doc, root, "configs"),
            by_name,
            extends,
        }
    }
    /// Whether some service of [`Model::services`] has an `extends` key.
    pub fn any_extends(&self) -> bool {
        self.extends
    }
    /// The service named `name` (constant time).
    pub fn service(&self, name: &str) -> Option<&Named<'d>> {
        self.by_name.get(name).and_then(|i| self.services.get(*i))
    }
}

/// A scalar value with its node: the raw text and its interpolated reading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Str<'d> {
    pub node: NodeId,
    pub raw: &'d str,
    pub span: Span,
    pub style: Style,
}

impl Str<'_> {
    pub fn value(&self) -> Value {
        interp::evaluate(self.raw)
    }
    /// The byte offset where the scalar's content starts (after an opening quote).
    pub fn content_start(&self) -> usize {
        match self.style {
            Style::SingleQuoted | Style::DoubleQuoted => self.span.start + 1,
            _ => self.span.start,
        }
    }
}

/// The scalar at `id` (through aliases), unless it is tagged `!reset`.
pub fn str_at(doc: &Document, id: NodeId) -> Option<Str<'_>> {
    let n = doc.get_node(id);
    match &n.kind {
        Kind::Scalar(s) if doc.tag(n) != Some("!reset") => {
            Some(Str { node: id, raw: doc.text_of(s), span: n.span, style: s.style })
        }
        _ => None,
    }
}

/// `svc[key]` as a scalar.
pub fn get_str<'d>(doc: &'d Document, map: NodeId, key: &str) -> Option<Str<'d>> {
    doc.get(map, key).and_then(|v| str_at(doc, v))
}

/// Truthiness of a typed boolean field the way Compose casts it after interpolation
/// (`true`/`yes`/`on`/`y`, any case); `None` when unknown.
pub fn bool_value(doc: &Document, id: NodeId) -> Option<bool> {
    let s = str_at(doc, id)?;
    let v = s.value();
    let t = v.text()?.trim().to_ascii_lowercase();
    match t.as_str() {
        "true" | "yes" | "on" | "y" => Some(true),
        "false" | "no" | "off" | "n" => Some(false),
        _ => None,
    }
}

/// A string or list-of-strings field as items (each with its node).
pub fn str_list<'d>(doc: &'d Document, id: NodeId) -> Vec<Str<'d>> {
    if let Some(s) = str_at(doc, id) {
        if doc.is_null(id) {
            return Vec::new();
        }
        return vec![s];
    }
    doc.items(id).iter().filter_map(|i| str_at(doc, *i)).collect()
}

// ---------------------------------------------------------------------------------------------
// ports

/// One published or exposed port mapping, normalised from the short or long syntax.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Port<'d> {
    /// The list item.
    pub node: NodeId,
    pub span: Span,
    /// The item is a string or number (short syntax).
    pub short: Option<Str<'d>>,
    /// Host IP, as written (after interpolation), if any.
    pub host_ip: Option<Value>,
    /// Published (host) port or range, if any.
    pub published: Option<Value>,
    pub target: Option<Value>,
    pub protocol: String,
}

impl Port<'_> {
    /// Whether the host IP is missing or a wildcard: `None` when it depends on the environment.
    pub fn bound_to_all(&self) -> Option<bool> {
        match &self.host_ip {
            None => Some(true),
            Some(v) => {
                let t = v.text()?;
                Some(matches!(t.trim_matches(['[', ']']), "" | "0.0.0.0" | "::"))
            }
        }
    }
    /// The published port range `(first, last)`, when known.
    pub fn published_range(&self) -> Option<(u32, u32)> {
        parse_range(self.published.as_ref()?.text()?)
    }
}

pub fn parse_range(s: &str) -> Option<(u32, u32)> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    match s.split_once('-') {
        Some((a, b)) => {
            let (a, b) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
            (a <= b).then_some((a, b))
        }
        None => s.parse().ok().map(|n| (n, n)),
    }
}

/// Splits a short port spec `[[ip:]published:]target[/proto]` (IPv6 in brackets).
pub fn split_port(spec: &str) -> (Option<&str>, Option<&str>, &str, &str) {
    let (body, proto) = match spec.rsplit_once('/') {
        Some((b, p)) => (b, p),
        None => (spec, "tcp"),
    };
    // an IPv6 host in brackets
    if let Some(rest) = body.strip_prefix('[') {
        if let Some((ip, after)) = rest.split_once(']') {
            let after = after.strip_prefix(':').unwrap_or(after);
            return match after.split_once(':') {
                Some((p, t)) => (Some(ip), Some(p), t, proto),
                None => (Some(ip), None, after, proto),
            };
        }
    }
    let parts = split_outside_braces(body, ':');
    match parts.as_slice() {
        [t] => (None, None, t, proto),
        [p, t] => (None, Some(p), t, proto),
        [ip, p, t] => (Some(ip), Some(p), t, proto),
        _ => (None, None, body, proto),
    }
}

/// The `ports` of a service, normalised.
pub fn ports<'d>(doc: &'d Document, svc: NodeId) -> Vec<Port<'d>> {
    let Some(list) = doc.get(svc, "ports") else { return Vec::new() };
    let mut out = Vec::new();
    for &item in doc.items(list) {
        let span = doc.span(item);
        if let Some(s) = str_at(doc, item) {
            let (ip, published, target, proto) = split_port(s.raw);
            out.push(Port {
                node: item,
                span,
                short: Some(s.clone()),
                host_ip: ip.map(interp::evaluate),
                published: published.map(interp::evaluate),
                target: Some(interp::evaluate(target)),
                protocol: proto.to_string(),
            });
        } else if doc.map(item).is_some() {
            let g = |k: &str| get_str(doc, item, k).map(|s| s.value());
            out.push(Port {
                node: item,
                span,
                short: None,
                host_ip: g("host_ip"),
                published: g("published"),
                target: g("target"),
                protocol: get_str(doc, item, "protocol").map_or("tcp".into(), |s| s.raw.to_string()),
            });
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// volumes

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MountKind {
    Bind,
    Volume,
    Tmpfs,
    Other,
}

/// One service mount, normalised from `src:dst[:opts]` or the long syntax.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mount<'d> {
    pub node: NodeId,
    pub span: Span,
    pub short: Option<Str<'d>>,
    pub kind: MountKind,
    pub source: Option<Value>,
    pub target: Option<Value>,
    pub read_only: bool,
    pub propagation: Option<String>,
}

fn looks_like_path(s: &str) -> bool {
    s.starts_with(['/', '.', '~', '$']) || s.contains('/') || s.contains('\\')
}

/// The `volumes` of a service, normalised.
pub fn mounts<'d>(doc: &'d Document, svc: NodeId) -> Vec<Mount<'d>> {
    let Some(list) = doc.get(svc, "volumes") else { return Vec::new() };
    let mut out = Vec::new();
    for &item in doc.items(list) {
        let span = doc.span(item);
        if let Some(s) = str_at(doc, item) {
            let raw = s.raw;
            // Windows drive letters (`C:\x:/y`) are rare in compose files; split on ':' simply,
            // keeping `${…}` templates whole.
            let parts = split_outside_braces(raw, ':');
            let (source, target, opts) = match parts.as_slice() {
                [t] => (None, Some(*t), ""),
                [s1, t] => (Some(*s1), Some(*t), ""),
                [s1, t, o, ..] => (Some(*s1), Some(*t), *o),
                [] => (None, None, ""),
            };
            let kind = match source {
                None => MountKind::Volume,
                Some(src) if looks_like_path(src) => MountKind::Bind,
                Some(_) => MountKind::Volume,
            };
            let opts: Vec<&str> = opts.split(',').collect();
            out.push(Mount {
                node: item,
                span,
                short: Some(s.clone()),
                kind,
                source: source.map(interp::evaluate),
                target: target.map(interp::evaluate),
                read_only: opts.contains(&"ro"),
                propagation: opts
                    .iter()
                    .find(|o| matches!(**o, "shared" | "rshared" | "slave" | "rslave" | "private" | "rprivate"))
                    .map(|o| o.to_string()),
            });
        } else if doc.map(item).is_some() {
            let kind = match get_str(doc, item, "type").map(|s| s.raw) {
                Some("bind") => MountKind::Bind,
                Some("volume") | None => MountKind::Volume,
                Some("tmpfs") => MountKind::Tmpfs,
                Some(_) => MountKind::Other,
            };
            out.push(Mount {
                node: item,
                span,
                short: None,
                kind,
                source: get_str(doc, item, "source").map(|s| s.value()),
                target: get_str(doc, item, "target").map(|s| s.value()),
                read_only: doc.get(item, "read_only").and_then(|v| bool_value(doc, v)).unwrap_or(false),
                propagation: doc.path(item, &["bind", "propagation"]).and_then(|v| doc.str(v)).map(str::to_string),
            });
        }
    }
    out
}

/// Splits on `sep` outside `${…}`.
pub fn split_outside_braces(s: &str, sep: char) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let b = s.as_bytes();
    for (i, c) in s.char_indices() {
        if c == '{' && i > 0 && b[i - 1] == b'$' {
            depth += 1;
        } else if c == '}' && depth > 0 {
            depth -= 1;
        } else if c == sep && depth == 0 {
            out.push(&s[start..i]);
            start = i + c.len_utf8();
        }
    }
    out.push(&s[start..]);
    out
}

// ---------------------------------------------------------------------------------------------
// environment, labels, args (list or map)

/// One `KEY=value` (list form) or `KEY: value` (map form) item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyValue<'d> {
    pub name: &'d str,
    pub name_span: Span,
    /// The value as written (without `KEY=` in the list form); `None` for pass-through `KEY`.
    pub value: Option<&'d str>,
    /// Span of the value text (list form: inside the item, exact for plain/single-line items).
    pub value_span: Option<Span>,
    /// The whole item (list form) or the value node (map form).
    pub node: NodeId,
    pub list_form: bool,
}

/// A list-or-map field (`environment`, `labels`, `build.args`, …) as key/values.
pub fn key_values<'d>(doc: &'d Document, id: NodeId) -> Vec<KeyValue<'d>> {
    let mut out = Vec::new();
    if let Some(m) = doc.map(id) {
        for e in &m.entries {
            let name = doc.key(e);
            let value = if doc.is_null(e.value) { None } else { doc.str(e.value) };
            out.push(KeyValue {
                name,
                name_span: doc.span(e.key),
                value,
                value_span: value.map(|_| doc.span(e.value)),
                node: e.value,
                list_form: false,
            });
        }
    } else {
        for &item in doc.items(id) {
            let Some(s) = str_at(doc, item) else { continue };
            let start = s.content_start();
            let exact = matches!(s.style, Style::Plain | Style::SingleQuoted | Style::DoubleQuoted)
                && !s.raw.contains(['\n', '\\', '\''])
                && s.span.text_len_matches(s.raw, s.style);
            let (name, value) = match s.raw.split_once('=') {
                Some((k, v)) => (k, Some(v)),
                None => (s.raw, None),
            };
            let name_span = if exact { Span::new(start, start + name.len()) } else { s.span };
            let value_span = value.map(|v| {
                if exact {
                    let vs = start + name.len() + 1;
                    Span::new(vs, vs + v.len())
                } else {
                    s.span
                }
            });
            out.push(KeyValue { name, name_span, value, value_span, node: item, list_form: true });
        }
    }
    out
}

trait SpanExt {
    fn text_len_matches(&self, raw: &str, style: Style) -> bool;
}

impl SpanExt for Span {
    /// Whether the span's length equals the raw text (plus quotes): no escapes or folding.
    fn text_len_matches(&self, raw: &str, style: Style) -> bool {
        let quotes = if matches!(style, Style::SingleQuoted | Style::DoubleQuoted) { 2 } else { 0 };
        self.len() == raw.len() + quotes
    }
}

// ---------------------------------------------------------------------------------------------
// depends_on

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dependency<'d> {
    pub name: &'d str,
    pub span: Span,
    pub condition: Option<&'d str>,
    pub required: bool,
    pub long: bool,
}

pub fn depends_on<'d>(doc: &'d Document, svc: NodeId) -> Vec<Dependency<'d>> {
    let Some(d) = doc.get(svc, "depends_on") else { return Vec::new() };
    if let Some(m) = doc.map(d) {
        m.entries
            .iter()
            .map(|e| Dependency {
                name: doc.key(e),
                span: doc.span(e.key),
                condition: get_str(doc, e.value, "condition").map(|s| s.raw),
                required: doc.get(e.value, "required").and_then(|v| bool_value(doc, v)).unwrap_or(true),
                long: true,
            })
            .collect()
    } else {
        str_list(doc, d)
            .into_iter()
            .map(|s| Dependency { name: s.raw, span: s.span, condition: None, required: true, long: false })
            .collect()
    }
}

// ---------------------------------------------------------------------------------------------
// capabilities, security options

/// A capability name normalised: upper case, without `CAP_`.
pub fn normalise_cap(s: &str) -> String {
    let u = s.trim().to_ascii_uppercase();
    u.strip_prefix("CAP_").map(str::to_string).unwrap_or(u)
}

/// Whether the service's `security_opt` sets `no-new-privileges` to true.
pub fn has_no_new_privileges(doc: &Document, svc: NodeId) -> bool {
    let Some(l) = doc.get(svc, "security_opt") else { return false };
    str_list(doc, l).iter().any(|s| {
        let t = s.raw.trim().to_ascii_lowercase();
        let t = t.replace('=', ":");
        t == "no-new-privileges" || t == "no-new-privileges:true"
    })
}

// ---------------------------------------------------------------------------------------------
// env_file, ulimits, healthcheck, resources, build

/// One `env_file` entry (string, list of strings, or list of `{path, required}`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvFile<'d> {
    pub path: &'d str,
    pub required: bool,
    pub span: Span,
}

pub fn env_files<'d>(doc: &'d Document, svc: NodeId) -> Vec<EnvFile<'d>> {
    let Some(v) = doc.get(svc, "env_file") else { return Vec::new() };
    let one = |i: NodeId| -> Option<EnvFile<'d>> {
        if let Some(s) = str_at(doc, i) {
            return (!doc.is_null(i)).then_some(EnvFile { path: s.raw, required: true, span: s.span });
        }
        let p = get_str(doc, i, "path")?;
        let required = doc.get(i, "required").and_then(|r| bool_value(doc, r)).unwrap_or(true);
        Some(EnvFile { path: p.raw, required, span: doc.span(i) })
    };
    if doc.seq(v).is_some() {
        doc.items(v).iter().filter_map(|i| one(*i)).collect()
    } else {
        one(v).into_iter().collect()
    }
}

/// One `ulimits` entry: `nofile: 65535` or `nofile: {soft: 1024, hard: 65535}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ulimit<'d> {
    pub name: &'d str,
    pub soft: Option<i64>,
    pub hard: Option<i64>,
    pub span: Span,
}

pub fn ulimits<'d>(doc: &'d Document, svc: NodeId) -> Vec<Ulimit<'d>> {
    let Some(u) = doc.get(svc, "ulimits") else { return Vec::new() };
    let num = |i: Option<NodeId>| i.and_then(|i| str_at(doc, i)).and_then(|s| s.raw.trim().parse::<i64>().ok());
    doc.entries(u)
        .iter()
        .map(|e| {
            let (soft, hard) = if doc.map(e.value).is_some() {
                (num(doc.get(e.value, "soft")), num(doc.get(e.value, "hard")))
            } else {
                let n = num(Some(e.value));
                (n, n)
            };
            Ulimit { name: doc.key(e), soft, hard, span: doc.span(e.value) }
        })
        .collect()
}

/// What a healthcheck runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HealthTest<'d> {
    /// A string: run with `/bin/sh -c`.
    Shell(&'d str),
    /// `["CMD-SHELL", "…"]`.
    CmdShell(Vec<&'d str>),
    /// `["CMD", program, args…]`.
    Exec(Vec<&'d str>),
    /// `["NONE"]`.
    None,
    /// Anything else (an error, reported by `invalid-healthcheck-test`).
    Invalid,
}

/// A service healthcheck, normalised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Healthcheck<'d> {
    pub node: NodeId,
    pub test: Option<HealthTest<'d>>,
    /// `disable: true` or `test: ["NONE"]`.
    pub disabled: bool,
    pub interval: Option<&'d str>,
    pub timeout: Option<&'d str>,
    pub start_period: Option<&'d str>,
    pub retries: Option<&'d str>,
}

pub fn healthcheck<'d>(doc: &'d Document, svc: NodeId) -> Option<Healthcheck<'d>> {
    let hc = doc.get(svc, "healthcheck")?;
    let test = doc.get(hc, "test").map(|t| {
        if let Some(s) = str_at(doc, t) {
            return HealthTest::Shell(s.raw);
        }
        let items: Vec<&str> = str_list(doc, t).iter().map(|x| x.raw).collect();
        match items.split_first() {
            Some((&"CMD", rest)) => HealthTest::Exec(rest.to_vec()),
            Some((&"CMD-SHELL", rest)) => HealthTest::CmdShell(rest.to_vec()),
            Some((&"NONE", _)) => HealthTest::None,
            _ => HealthTest::Invalid,
        }
    });
    let disabled =
        doc.get(hc, "disable").and_then(|v| bool_value(doc, v)) == Some(true) || test == Some(HealthTest::None);
    let s = |k: &str| get_str(doc, hc, k).map(|x| x.raw);
    Some(Healthcheck {
        node: hc,
        test,
        disabled,
        interval: s("interval"),
        timeout: s("timeout"),
        start_period: s("start_period"),
        retries: s("retries"),
    })
}

/// Resource limits from the legacy keys and `deploy.resources.limits` (the latter wins).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Limits<'d> {
    pub memory: Option<Str<'d>>,
    pub cpus: Option<Str<'d>>,
    pub pids: Option<Str<'d>>,
}

pub fn limits<'d>(doc: &'d Document, svc: NodeId) -> Limits<'d> {
    let deploy = |k: &str| doc.path(svc, &["deploy", "resources", "limits", k]).and_then(|v| str_at(doc, v));
    Limits {
        memory: deploy("memory").or_else(|| get_str(doc, svc, "mem_limit")),
        cpus: deploy("cpus").or_else(|| get_str(doc, svc, "cpus")),
        pids: deploy("pids").or_else(|| get_str(doc, svc, "pids_limit")),
    }
}

/// A service's `build`, normalised from the string (context) or mapping form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildSpec<'d> {
    pub node: NodeId,
    pub context: &'d str,
    pub dockerfile: Option<&'d str>,
    pub inline: Option<&'d str>,
    pub target: Option<&'d str>,
}

pub fn build_spec<'d>(doc: &'d Document, svc: NodeId) -> Option<BuildSpec<'d>> {
    let b = doc.get(svc, "build")?;
    if let Some(s) = str_at(doc, b) {
        return Some(BuildSpec { node: b, context: s.raw, dockerfile: None, inline: None, target: None });
    }
    doc.map(b)?;
    let s = |k: &str| get_str(doc, b, k).map(|x| x.raw);
    Some(BuildSpec {
        node: b,
        context: s("context").unwrap_or("."),
        dockerfile: s("dockerfile"),
        inline: s("dockerfile_inline"),
        target: s("target"),
    })
}

// ---------------------------------------------------------------------------------------------
// image references

/// An image reference split into name, tag and digest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageRef<'a> {
    pub name: &'a str,
    pub tag: Option<&'a str>,
    pub digest: Option<&'a str>,
}

pub fn parse_image(s: &str) -> ImageRef<'_> {
    let (rest, digest) = match s.split_once('@') {
        Some((r, d)) => (r, Some(d)),
        None => (s, None),
    };
    // the tag is after the last ':' that comes after the last '/'
    let slash = rest.rfind('/').map_or(0, |p| p + 1);
    match rest[slash..].rfind(':') {
        Some(p) => ImageRef { name: &rest[..slash + p], tag: Some(&rest[slash + p + 1..]), digest },
        None => ImageRef { name: rest, tag: None, digest },
    }
}

#[cfg(test)]
mod tests;

//! Structure checks of a compose file, written from the Compose Specification: unknown keys
//! (with did-you-mean), wrong types, bad enum values, invalid durations and sizes. The schema
//! below is our own compact description, not the spec's JSON Schema; it is static and finite,
//! so the recursive walk is bounded by its depth.

use crate::span::Span;
use crate::yaml::{plain_type, Document, Kind, NodeId, PlainType, Style};

/// What is wrong with a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    UnknownKey,
    WrongType,
    InvalidValue,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub kind: ProblemKind,
    pub span: Span,
    pub message: String,
    pub help: String,
    /// For an unknown key with one close known key: (key span, suggestion).
    pub rename: Option<(Span, &'static str)>,
}

/// A value's expected shape.
#[derive(Clone, Copy, Debug)]
pub enum T {
    Any,
    /// A scalar (string or number).
    Str,
    Bool,
    Int,
    /// A number or numeric string (`cpus: 0.5`).
    Num,
    Duration,
    /// A byte size: integer or `512m`, `1g`, …
    Size,
    Enum(&'static [&'static str]),
    /// A scalar or a list of scalars.
    StrOrList,
    /// A list (items not checked).
    List,
    /// A list of scalars.
    StrList,
    /// A list of `KEY=VALUE` scalars or a mapping of scalars.
    ListOrMap,
    /// A mapping (contents not checked).
    Map,
    /// A mapping with known keys (`x-` keys always allowed).
    Obj(&'static [(&'static str, T)]),
    /// A mapping with free keys whose values are the given shape (or null).
    Dict(&'static T),
    /// A scalar or a mapping with known keys.
    StrOrObj(&'static [(&'static str, T)]),
    /// A list whose items are scalars or mappings with known keys.
    ListOfStrOrObj(&'static [(&'static str, T)]),
    /// A list of scalars or a mapping whose values have the given shape.
    ListOrDict(&'static T),
    /// An integer or a mapping with known keys.
    IntOrObj(&'static [(&'static str, T)]),
    /// `env_file`: a path, or a list of paths or `{path, required, format}`.
    EnvFileT,
}

use T::*;

const HEALTHCHECK: &[(&str, T)] = &[
    ("disable", Bool),
    ("interval", Duration),
    ("retries", Int),
    ("test", StrOrList),
    ("timeout", Duration),
    ("start_period", Duration),
    ("start_interval", Duration),
];
const LOGGING: &[(&str, T)] = &[("driver", Str), ("options", Map)];
const BUILD: &[(&str, T)] = &[
    ("context", Str),
    ("dockerfile", Str),
    ("dockerfile_inline", Str),
    ("args", ListOrMap),
    ("ssh", ListOrMap),
    ("labels", ListOrMap),
    ("cache_from", StrList),
    ("cache_to", StrList),
    ("no_cache", Bool),
    ("additional_contexts", ListOrMap),
    ("network", Str),
    ("pull", Bool),
    ("target", Str),
    ("shm_size", Size),
    ("extra_hosts", ListOrMap),
    ("isolation", Str),
    ("privileged", Bool),
    ("secrets", List),
    ("tags", StrList),
    ("ulimits", Map),
    ("platforms", StrList),
    ("entitlements", StrList),
    ("provenance", Any),
    ("sbom", Any),
];
const LIMITS: &[(&str, T)] = &[("cpus", Num), ("memory", Size), ("pids", Int)];
const RESERVATIONS: &[(&str, T)] = &[("cpus", Num), ("memory", Size), ("generic_resources", List), ("devices", List)];
const RESOURCES: &[(&str, T)] = &[("limits", Obj(LIMITS)), ("reservations", Obj(RESERVATIONS))];
const RESTART_POLICY: &[(&str, T)] = &[
    ("condition", Enum(&["none", "on-failure", "any"])),
    ("delay", Duration),
    ("max_attempts", Int),
    ("window", Duration),
];
const DEPLOY: &[(&str, T)] = &[
    ("mode", Enum(&["global", "replicated", "replicated-job", "global-job"])),
    ("endpoint_mode", Enum(&["vip", "dnsrr"])),
    ("replicas", Int),
    ("labels", ListOrMap),
    ("rollback_config", Map),
    ("update_config", Map),
    ("resources", Obj(RESOURCES)),
    ("restart_policy", Obj(RESTART_POLICY)),
    ("placement", Map),
];
const DEPENDENCY: T = Obj(&[
    ("condition", Enum(&["service_started", "service_healthy", "service_completed_successfully"])),
    ("restart", Bool),
    ("required", Bool),
]);
const PORT: &[(&str, T)] = &[
    ("name", Str),
    ("mode", Enum(&["host", "ingress"])),
    ("host_ip", Str),
    ("target", Int),
    ("published", Str),
    ("protocol", Enum(&["tcp", "udp", "sctp"])),
    ("app_protocol", Str),
];
const MOUNT: &[(&str, T)] = &[
    ("type", Enum(&["bind", "volume", "tmpfs", "npipe", "cluster", "image"])),
    ("source", Str),
    ("target", Str),
    ("read_only", Bool),
    ("consistency", Str),
    ("bind", Obj(&[("propagation", Str), ("create_host_path", Bool), ("selinux", Enum(&["z", "Z"]))])),
    ("volume", Obj(&[("nocopy", Bool), ("subpath", Str)])),
    ("tmpfs", Obj(&[("size", Size), ("mode", Int)])),
    ("image", Obj(&[("subpath", Str)])),
];
const EXTENDS: &[(&str, T)] = &[("file", Str), ("service", Str)];
const SERVICE_NETWORK: T = Obj(&[
    ("aliases", StrList),
    ("ipv4_address", Str),
    ("ipv6_address", Str),
    ("link_local_ips", StrList),
    ("mac_address", Str),
    ("driver_opts", Map),
    ("priority", Int),
    ("gw_priority", Int),
    ("interface_name", Str),
]);

/// A ulimit: a number, or `{soft, hard}`.
const ULIMIT: T = IntOrObj(&[("soft", Int), ("hard", Int)]);

/// Keys of a service, with their shapes.
pub const SERVICE: &[(&str, T)] = &[
    ("annotations", ListOrMap),
    ("attach", Bool),
    ("blkio_config", Map),
    ("build", StrOrObj(BUILD)),
    ("cap_add", StrList),
    ("cap_drop", StrList),
    ("cgroup", Enum(&["host", "private"])),
    ("cgroup_parent", Str),
    ("command", StrOrList),
    ("configs", List),
    ("container_name", Str),
    ("cpu_count", Int),
    ("cpu_percent", Int),
    ("cpu_period", Int),
    ("cpu_quota", Int),
    ("cpu_rt_period", Str),
    ("cpu_rt_runtime", Str),
    ("cpu_shares", Int),
    ("cpus", Num),
    ("cpuset", Str),
    ("credential_spec", Map),
    ("depends_on", ListOrDict(&DEPENDENCY)),
    ("deploy", Obj(DEPLOY)),
    ("develop", Map),
    ("device_cgroup_rules", StrList),
    ("devices", List),
    ("dns", StrOrList),
    ("dns_opt", StrList),
    ("dns_search", StrOrList),
    ("domainname", Str),
    ("entrypoint", StrOrList),
    ("env_file", EnvFileT),
    ("environment", ListOrMap),
    ("expose", List),
    ("extends", StrOrObj(EXTENDS)),
    ("external_links", StrList),
    ("extra_hosts", ListOrMap),
    ("gpus", Any),
    ("group_add", List),
    ("healthcheck", Obj(HEALTHCHECK)),
    ("hostname", Str),
    ("image", Str),
    ("init", Bool),
    ("ipc", Str),
    ("isolation", Str),
    ("label_file", StrOrList),
    ("labels", ListOrMap),
    ("links", StrList),
    ("logging", Obj(LOGGING)),
    ("mac_address", Str),
    ("mem_limit", Size),
    ("mem_reservation", Size),
    ("mem_swappiness", Int),
    ("memswap_limit", Size),
    ("models", Any),
    ("network_mode", Str),
    ("networks", ListOrDict(&SERVICE_NETWORK)),
    ("oom_kill_disable", Bool),
    ("oom_score_adj", Int),
    ("pid", Str),
    ("pids_limit", Int),
    ("platform", Str),
    ("ports", ListOfStrOrObj(PORT)),
    ("post_start", List),
    ("pre_start", List),
    ("pre_stop", List),
    ("privileged", Bool),
    ("profiles", StrList),
    ("provider", Map),
    ("pull_policy", Str),
    ("read_only", Bool),
    ("restart", Str),
    ("runtime", Str),
    ("scale", Int),
    ("secrets", List),
    ("security_opt", StrList),
    ("shm_size", Size),
    ("stdin_open", Bool),
    ("stop_grace_period", Duration),
    ("stop_signal", Str),
    ("storage_opt", Map),
    ("sysctls", ListOrMap),
    ("tmpfs", StrOrList),
    ("tty", Bool),
    ("ulimits", Dict(&ULIMIT)),
    ("use_api_socket", Bool),
    ("user", Str),
    ("userns_mode", Str),
    ("uts", Str),
    ("volumes", ListOfStrOrObj(MOUNT)),
    ("volumes_from", StrList),
    ("working_dir", Str),
];
const NETWORK: &[(&str, T)] = &[
    ("driver", Str),
    ("driver_opts", Map),
    ("attachable", Bool),
    ("enable_ipv6", Bool),
    ("enable_ipv4", Bool),
    ("external", Any),
    ("internal", Bool),
    ("ipam", Map),
    ("labels", ListOrMap),
    ("name", Str),
];
const VOLUME: &[(&str, T)] =
    &[("driver", Str), ("driver_opts", Map), ("external", Any), ("labels", ListOrMap), ("name", Str)];
const SECRET: &[(&str, T)] = &[
    ("file", Str),
    ("environment", Str),
    ("content", Str),
    ("external", Any),
    ("labels", ListOrMap),
    ("name", Str),
    ("driver", Str),
    ("driver_opts", Map),
    ("template_driver", Str),
];
/// Top-level keys.
pub const TOP: &[(&str, T)] = &[
    ("version", Str),
    ("name", Str),
    ("include", List),
    ("services", Dict(&Obj(SERVICE))),
    ("networks", Dict(&Obj(NETWORK))),
    ("volumes", Dict(&Obj(VOLUME))),
    ("secrets", Dict(&Obj(SECRET))),
    ("configs", Dict(&Obj(SECRET))),
    ("models", Map),
];

/// Checks the whole document.
pub fn check(doc: &Document) -> Vec<Problem> {
    let mut out = Vec::new();
    let Some(root) = doc.root else { return out };
    if doc.map(root).is_none() {
        if !doc.is_null(root) {
            out.push(Problem {
                kind: ProblemKind::WrongType,
                span: doc.span(root),
                message: format!("A compose file must be a mapping, found {}", doc.type_name(root)),
                help: "Start the file with `services:`.".into(),
                rename: None,
            });
        }
        return out;
    }
    if doc.get(root, "services").is_none() && doc.get(root, "include").is_none() {
        let span = doc.entries(root).first().map_or(doc.span(root), |e| doc.span(e.key));
        out.push(Problem {
            kind: ProblemKind::InvalidValue,
            span,
            message: "The file has no `services:` (or `include:`) section; the legacy v1 format is not supported"
                .into(),
            help: "Move the service definitions under a top-level `services:` key.".into(),
            rename: None,
        });
        return out;
    }
    walk(doc, root, Obj(TOP), &Path::Root, &mut out);
    out
}

fn interpolated(doc: &Document, id: NodeId) -> bool {
    doc.str(id).is_some_and(|s| s.contains('$'))
}

fn scalar_is_plain_type(doc: &Document, id: NodeId) -> Option<PlainType> {
    let s = doc.scalar(id)?;
    Some(if s.style == Style::Plain { plain_type(s.value) } else { PlainType::Str })
}

/// Where a value is, as the dotted path messages show (`services.web.ports[]`): a chain of
/// segments on the stack, rendered only when a problem is reported (no allocation per key).
#[derive(Clone, Copy)]
enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Items(&'a Path<'a>),
}

impl Path<'_> {
    fn key<'a>(&'a self, k: &'a str) -> Path<'a> {
        Path::Key(self, k)
    }
    fn items(&self) -> Path<'_> {
        Path::Items(self)
    }
    fn write(&self, out: &mut String) {
        match self {
            Path::Root => {}
            Path::Key(parent, k) => {
                parent.write(out);
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Path::Items(parent) => {
                parent.write(out);
                out.push_str("[]");
            }
        }
    }
}

impl std::fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = String::new();
        self.write(&mut s);
        f.write_str(&s)
    }
}

fn wrong(out: &mut Vec<Problem>, doc: &Document, id: NodeId, path: &Path<'_>, want: &str) {
    let path = path.to_string();
    out.push(Problem {
        kind: ProblemKind::WrongType,
        span: doc.span(id),
        message: format!("`{path}` must be {want}, found {}", doc.type_name(id)),
        help: format!("Write {want} here (see the Compose Specification for `{}`).", last(&path)),
        rename: None,
    });
}

fn invalid(out: &mut Vec<Problem>, doc: &Document, id: NodeId, path: &Path<'_>, msg: String, help: String) {
    out.push(Problem {
        kind: ProblemKind::InvalidValue,
        span: doc.span(id),
        message: format!("`{path}`: {msg}"),
        help,
        rename: None,
    });
}

fn last(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

/// Whether `s` is a Go-style duration (`1h30m`, `10s`, `500ms`, `1.5s`, `0`).
pub fn is_duration(s: &str) -> bool {
    let s = s.trim();
    if s == "0" {
        return true;
    }
    let b = s.as_bytes();
    let mut i = 0;
    let mut groups = 0;
    while i < b.len() {
        let start = i;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
            i += 1;
        }
        if i == start {
            return false;
        }
        let ustart = i;
        while i < b.len() && b[i].is_ascii_alphabetic() {
            i += 1;
        }
        if !matches!(&s[ustart..i], "ns" | "us" | "µs" | "ms" | "s" | "m" | "h") {
            // µ is not ASCII alphabetic; accept it explicitly
            if !s[ustart..].starts_with("µs") {
                return false;
            }
            i = ustart + "µs".len();
        }
        groups += 1;
    }
    groups > 0
}

/// Whether `s` is a byte size (`1024`, `512m`, `1.5g`, `100kb`, `2GiB`; case-insensitive).
pub fn is_size(s: &str) -> bool {
    let t = s.trim().to_ascii_lowercase();
    let num_end = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(t.len());
    if !crate::num::is_float(&t[..num_end]) {
        return t == "-1";
    }
    matches!(
        t[num_end..].trim(),
        "" | "b" | "k" | "kb" | "kib" | "m" | "mb" | "mib" | "g" | "gb" | "gib" | "t" | "tb" | "tib"
    )
}

/// A byte size (`1024`, `512m`, `1.5g`, `100kb`; case-insensitive, 1k = 1024) in bytes.
/// `None` for anything [`is_size`] rejects (and for `-1`).
pub fn size_bytes(s: &str) -> Option<u64> {
    let t = s.trim().to_ascii_lowercase();
    let num_end = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(t.len());
    let n = t.get(..num_end)?;
    let shift = match t[num_end..].trim() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        "t" | "tb" | "tib" => 40,
        _ => return None,
    };
    // saturating: sizes beyond u64 compare as the largest
    crate::num::scaled_floor(n, shift)
}

fn walk(doc: &Document, id: NodeId, t: T, path: &Path<'_>, out: &mut Vec<Problem>) {
    if doc.is_null(id) || doc.tag(doc.node(id)) == Some("!reset") {
        return;
    }
    let is_scalar = doc.scalar(id).is_some();
    match t {
        Any => {}
        Str => {
            if !is_scalar {
                wrong(out, doc, id, path, "a string");
            }
        }
        Bool => match scalar_is_plain_type(doc, id) {
            None => wrong(out, doc, id, path, "a boolean"),
            Some(PlainType::Bool) => {}
            Some(_) => {
                let v = doc.str(id).unwrap_or("").to_ascii_lowercase();
                let ok = interpolated(doc, id)
                    || matches!(v.as_str(), "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n");
                if !ok {
                    wrong(out, doc, id, path, "a boolean");
                }
            }
        },
        Int => match scalar_is_plain_type(doc, id) {
            None => wrong(out, doc, id, path, "an integer"),
            Some(PlainType::Int) => {}
            Some(_) => {
                let v = doc.str(id).unwrap_or("").trim();
                if !(interpolated(doc, id) || v.parse::<i64>().is_ok()) {
                    wrong(out, doc, id, path, "an integer");
                }
            }
        },
        Num => match scalar_is_plain_type(doc, id) {
            None => wrong(out, doc, id, path, "a number"),
            Some(PlainType::Int | PlainType::Float) => {}
            Some(_) => {
                let v = doc.str(id).unwrap_or("").trim();
                if !(interpolated(doc, id) || crate::num::is_float(v)) {
                    wrong(out, doc, id, path, "a number");
                }
            }
        },
        Duration => {
            let Some(v) = doc.str(id) else { return wrong(out, doc, id, path, "a duration") };
            if !interpolated(doc, id) && !is_duration(v) {
                invalid(
                    out,
                    doc,
                    id,
                    path,
                    format!("`{v}` is not a duration"),
                    "Write a duration with units, e.g. `30s`, `1m30s`, `500ms`.".into(),
                );
            }
        }
        Size => {
            let Some(v) = doc.str(id) else { return wrong(out, doc, id, path, "a size") };
            if !interpolated(doc, id) && !is_size(v) {
                invalid(
                    out,
                    doc,
                    id,
                    path,
                    format!("`{v}` is not a byte size"),
                    "Write a number of bytes or a size with a unit, e.g. `512m`, `1g`.".into(),
                );
            }
        }
        Enum(values) => {
            let Some(v) = doc.str(id) else { return wrong(out, doc, id, path, "a string") };
            if !interpolated(doc, id) && !values.contains(&v) {
                let list = values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ");
                invalid(out, doc, id, path, format!("`{v}` is not one of {list}"), format!("Use one of {list}."));
            }
        }
        StrOrList => {
            if !is_scalar {
                if doc.seq(id).is_none() {
                    return wrong(out, doc, id, path, "a string or a list of strings");
                }
                for &i in doc.items(id) {
                    if doc.scalar(i).is_none() {
                        wrong(out, doc, i, &path.items(), "a string");
                    }
                }
            }
        }
        List => {
            if doc.seq(id).is_none() {
                wrong(out, doc, id, path, "a list");
            }
        }
        StrList => {
            if doc.seq(id).is_none() {
                return wrong(out, doc, id, path, "a list of strings");
            }
            for &i in doc.items(id) {
                if doc.scalar(i).is_none() {
                    wrong(out, doc, i, &path.items(), "a string");
                }
            }
        }
        ListOrMap => {
            if doc.seq(id).is_some() {
                for &i in doc.items(id) {
                    if doc.scalar(i).is_none() {
                        wrong(out, doc, i, &path.items(), "a `KEY=VALUE` string");
                    }
                }
            } else if let Some(m) = doc.map(id) {
                for e in &m.entries {
                    if doc.scalar(e.value).is_none() {
                        wrong(out, doc, e.value, &path.key(doc.key(e)), "a string, number or boolean");
                    }
                }
            } else {
                wrong(out, doc, id, path, "a list or a mapping");
            }
        }
        Map => {
            if doc.map(id).is_none() {
                wrong(out, doc, id, path, "a mapping");
            }
        }
        Obj(keys) => obj(doc, id, keys, path, out),
        Dict(inner) => {
            let Some(m) = doc.map(id) else { return wrong(out, doc, id, path, "a mapping") };
            for e in &m.entries {
                let k = doc.key(e);
                if k.starts_with("x-") {
                    continue;
                }
                walk(doc, e.value, *inner, &path.key(k), out);
            }
        }
        StrOrObj(keys) => {
            if !is_scalar {
                obj(doc, id, keys, path, out);
            }
        }
        ListOfStrOrObj(keys) => {
            if doc.seq(id).is_none() {
                return wrong(out, doc, id, path, "a list");
            }
            for &i in doc.items(id) {
                if doc.scalar(i).is_none() {
                    obj(doc, i, keys, &path.items(), out);
                }
            }
        }
        IntOrObj(keys) => {
            if is_scalar {
                walk(doc, id, Int, path, out);
            } else {
                obj(doc, id, keys, path, out);
            }
        }
        EnvFileT => {
            if doc.seq(id).is_some() {
                for &i in doc.items(id) {
                    if doc.scalar(i).is_none() {
                        obj(doc, i, &[("path", Str), ("required", Bool), ("format", Str)], &path.items(), out);
                    }
                }
            } else if !is_scalar {
                wrong(out, doc, id, path, "a path or a list of paths");
            }
        }
        ListOrDict(inner) => {
            if let Some(m) = doc.map(id) {
                for e in &m.entries {
                    walk(doc, e.value, *inner, &path.key(doc.key(e)), out);
                }
            } else if doc.seq(id).is_some() {
                for &i in doc.items(id) {
                    if doc.scalar(i).is_none() {
                        wrong(out, doc, i, &path.items(), "a string");
                    }
                }
            } else {
                wrong(out, doc, id, path, "a list or a mapping");
            }
        }
    }
}

fn obj(doc: &Document, id: NodeId, keys: &'static [(&'static str, T)], path: &Path<'_>, out: &mut Vec<Problem>) {
    let Some(m) = doc.map(id) else { return wrong(out, doc, id, path, "a mapping") };
    let first = out.len();
    for e in &m.entries {
        let Kind::Scalar(_) = &doc.get_node(e.key).kind else { continue };
        let k = doc.key(e);
        if k.starts_with("x-") {
            continue;
        }
        // length and first byte before the text: most of the table is rejected without a
        // call to compare strings (the service table has about 90 keys)
        let first_byte = k.as_bytes().first().copied();
        match keys
            .iter()
            .find(|(name, _)| name.len() == k.len() && name.as_bytes().first().copied() == first_byte && *name == k)
        {
            Some((_, t)) => walk(doc, e.value, *t, &path.key(k), out),
            None => {
                // merged keys are reported where they are written, not at every user
                if e.via.is_some() {
                    continue;
                }
                let best = keys
                    .iter()
                    .map(|(name, _)| (strsim::damerau_levenshtein(k, name), *name))
                    .filter(|(d, name)| *d <= 2 && *d < name.len().max(3) - 1)
                    .min_by_key(|(d, _)| *d)
                    .map(|(_, n)| n);
                let shown = path.to_string();
                let where_ = if shown.is_empty() { "at the top level".to_string() } else { format!("in `{shown}`") };
                out.push(Problem {
                    kind: ProblemKind::UnknownKey,
                    span: doc.span(e.key),
                    message: match best {
                        Some(b) => format!("Unknown key `{k}` {where_}; did you mean `{b}`?"),
                        None => format!("Unknown key `{k}` {where_}"),
                    },
                    help: match best {
                        Some(b) => format!(
                            "Rename it to `{b}` (Compose rejects unknown keys; custom data goes under `x-` keys)."
                        ),
                        None => "Remove it or prefix it with `x-` (Compose rejects unknown keys).".into(),
                    },
                    // renaming onto a key the mapping already has would make a duplicate key
                    rename: best.filter(|b| !m.entries.iter().any(|o| doc.key(o) == *b)).map(|b| (doc.span(e.key), b)),
                });
            }
        }
    }
    // two unknown keys of this mapping renamed to the same key would make a duplicate key too
    let targets: Vec<&str> = out[first..].iter().filter_map(|p| p.rename.map(|(_, to)| to)).collect();
    let clashing: Vec<&str> =
        targets.iter().copied().filter(|t| targets.iter().filter(|o| *o == t).count() > 1).collect();
    for p in &mut out[first..] {
        if p.rename.is_some_and(|(_, to)| clashing.contains(&to)) {
            p.rename = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse;

    fn kinds(src: &str) -> Vec<(ProblemKind, String)> {
        check(&parse(src)).into_iter().map(|p| (p.kind, p.message)).collect()
    }

    #[test]
    fn unknown_keys_with_suggestions() {
        let k = kinds("services:\n  web:\n    image: a\n    restat: always\n    x-mine: 1\n    foo: 1\n");
        assert_eq!(k.len(), 2, "{k:?}");
        assert!(k[0].1.contains("did you mean `restart`"));
        assert!(!k[1].1.contains("did you mean"));
        let p = check(&parse("services:\n  web:\n    image: a\n    restat: always\n"));
        assert_eq!(p[0].rename.map(|r| r.1), Some("restart"));
        assert!(kinds("servces:\n  a: {}\n").iter().any(|(_, m)| m.contains("no `services:`")));
    }

    #[test]
    fn types_enums_durations_sizes() {
        let k = kinds(
            "services:\n  web:\n    image: a\n    privileged: maybe\n    read_only: \"${RO:-true}\"\n    pids_limit: lots\n    \
             mem_limit: 1zz\n    shm_size: 64m\n    healthcheck:\n      interval: 10\n      timeout: 1m30s\n    \
             depends_on:\n      db:\n        condition: service_ready\n    cap_add: ALL\n    ports: [{target: 80, mode: bridge}]\n    \
             ulimits: {nofile: {soft: 1, hard: 2}, nproc: 5}\n    env_file: [a.env, {path: b.env, required: false}]\n",
        );
        let msgs: Vec<&str> = k.iter().map(|(_, m)| m.as_str()).collect();
        assert_eq!(k.len(), 7, "{msgs:#?}");
        assert!(msgs.iter().any(|m| m.contains("privileged")));
        assert!(msgs.iter().any(|m| m.contains("pids_limit")));
        assert!(msgs.iter().any(|m| m.contains("mem_limit")));
        assert!(msgs.iter().any(|m| m.contains("interval")));
        assert!(msgs.iter().any(|m| m.contains("service_ready")));
        assert!(msgs.iter().any(|m| m.contains("cap_add")));
        assert!(msgs.iter().any(|m| m.contains("bridge")));
    }

    #[test]
    fn size_bytes_reads_units() {
        assert_eq!(size_bytes("10m"), Some(10 << 20));
        assert_eq!(size_bytes("1.5K"), Some(1536));
        assert_eq!(size_bytes("200"), Some(200));
        assert_eq!(size_bytes("1GiB"), Some(1 << 30));
        assert_eq!(size_bytes("-1"), None);
        assert_eq!(size_bytes("ten"), None);
        assert_eq!(size_bytes("9e999"), None);
    }

    #[test]
    fn durations_and_sizes() {
        for d in ["10s", "1m30s", "500ms", "1.5h", "0", "2us"] {
            assert!(is_duration(d), "{d}");
        }
        for d in ["10", "s", "1x", "", "1 s"] {
            assert!(!is_duration(d), "{d}");
        }
        for s in ["1024", "512m", "1.5G", "100kb", "2GiB", "-1"] {
            assert!(is_size(s), "{s}");
        }
        for s in ["m", "1zz", "lots"] {
            assert!(!is_size(s), "{s}");
        }
    }
}

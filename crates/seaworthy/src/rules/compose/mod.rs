//! Compose rules, one per file. `ALL` is the registry, in id order. This module also holds
//! what compose rules share: their context (tree, model, structure problems, text helpers for
//! minimal edits), the lint entry points, and the test helpers.

use super::{RuleMeta, Sink};
use crate::compose::schema::{self, Problem};
use crate::compose::Model;
use crate::diagnostic::{Diagnostic, Edit};
use crate::span::Span;
use crate::yaml::{Document, Entry, IssueCode, NodeId};

pub mod suppress;

// -- suppression findings (reported by the suppression engine)
pub mod compose_suppression_without_reason;
pub mod unused_compose_suppression;

// -- cross-file rules (a compose file with the Dockerfiles it builds; see crate::project)
pub mod build_target_not_found;
pub mod healthcheck_tool_missing_in_image;
pub mod image_runs_as_root;
pub mod port_not_exposed;

// -- merged-view rules (a base file with an override file; see crate::compose::merge)
pub mod override_weakens_hardening;

// -- added rules (opt-in and validity checks)
pub mod build_and_image;
pub mod build_in_production;
pub mod cgroup_parent_set;
pub mod conflicting_limits;
pub mod dangerous_device;
pub mod default_network_only;
pub mod dependency_cycle;
pub mod duplicate_container_name;
pub mod duplicate_mount_target;
pub mod env_instead_of_secrets;
pub mod healthcheck_disabled;
pub mod healthcheck_missing_start_period;
pub mod healthy_dependency_without_healthcheck;
pub mod image_not_allowed;
pub mod image_not_pinned_by_digest;
pub mod invalid_container_name;
pub mod invalid_healthcheck_test;
pub mod invalid_interpolation;
pub mod invalid_restart_policy;
pub mod legacy_yaml_boolean;
pub mod loose_image_tag;
pub mod missing_cpu_limit;
pub mod missing_image_and_build;
pub mod missing_init;
pub mod missing_pids_limit;
pub mod missing_project_name;
pub mod network_mode_with_networks;
pub mod obsolete_version_field;
pub mod octal_file_mode;
pub mod privileged_host_port;
pub mod public_datastore_port;
pub mod quoted_volume_mapping;
pub mod read_only_without_tmpfs;
pub mod secret_in_build_args;
pub mod secret_without_source;
pub mod service_keys_out_of_order;
pub mod services_out_of_order;
pub mod shared_mount_propagation;
pub mod shell_syntax_without_shell;
pub mod source_code_bind_mount;
pub mod tmpfs_allows_exec;
pub mod top_level_keys_out_of_order;
pub mod unbounded_swap;
pub mod unchecked_required_variable;
pub mod undefined_dependency;
pub mod undefined_reference;
pub mod unquoted_port_mapping;
pub mod unused_declaration;
pub mod writable_bind_mount;

// -- YAML and structure
pub mod duplicate_key;
pub mod duplicate_merge_key;
pub mod invalid_value;
pub mod unknown_key;
pub mod wrong_type;
pub mod yaml_syntax_error;
// -- isolation and privilege
pub mod dangerous_capability;
pub mod docker_socket_mounted;
pub mod host_ipc;
pub mod host_network;
pub mod host_pid;
pub mod host_userns;
pub mod host_uts;
pub mod missing_cap_drop_all;
pub mod missing_no_new_privileges;
pub mod privileged_service;
pub mod sensitive_host_mount;
pub mod service_runs_as_root;
pub mod unconfined_security_profile;
pub mod writable_root_filesystem;
// -- network
pub mod duplicate_host_port;
pub mod port_bound_to_all_interfaces;
// -- secrets
pub mod credentials_in_url;
pub mod literal_secret_in_environment;
// -- reliability
pub mod container_name_with_scale;
pub mod depends_on_not_healthy;
pub mod missing_log_rotation;
pub mod missing_memory_limit;
pub mod missing_restart_policy;
pub mod missing_service_label;
pub mod service_without_healthcheck;
// -- images
pub mod latest_image_tag;
pub mod untagged_image;

/// A compose rule.
pub struct ComposeRule {
    pub meta: RuleMeta,
    pub check: fn(&ComposeCtx<'_>, &mut Sink<'_>),
    /// Whether the rule's findings about a service depend on that service alone (other
    /// services and the rest of the file may be read, but they report nothing else): one loop
    /// over [`ComposeCtx::services`] and no state kept from one service to the next.
    /// [`lint_compose_full`] runs these rules over windows of [`WINDOW`] services, all rules on
    /// one window before the next, so each window's part of the tree is read from the caches
    /// by every rule rather than streamed from memory once per rule (on a file of 50,000
    /// services, ~60 whole-file walks cost three times their instructions in memory stalls).
    /// `false` runs the rule once over the whole file, which is always correct; the test
    /// `tests::windows_change_nothing` checks the `true`s over the test files.
    pub per_service: bool,
}

pub static ALL: &[&ComposeRule] = &[
    &yaml_syntax_error::RULE,
    &compose_suppression_without_reason::RULE,
    &unused_compose_suppression::RULE,
    &duplicate_key::RULE,
    &duplicate_merge_key::RULE,
    &unknown_key::RULE,
    &wrong_type::RULE,
    &invalid_value::RULE,
    &privileged_service::RULE,
    &docker_socket_mounted::RULE,
    &sensitive_host_mount::RULE,
    &host_network::RULE,
    &host_pid::RULE,
    &host_ipc::RULE,
    &host_userns::RULE,
    &host_uts::RULE,
    &missing_no_new_privileges::RULE,
    &missing_cap_drop_all::RULE,
    &dangerous_capability::RULE,
    &unconfined_security_profile::RULE,
    &service_runs_as_root::RULE,
    &writable_root_filesystem::RULE,
    &port_bound_to_all_interfaces::RULE,
    &duplicate_host_port::RULE,
    &literal_secret_in_environment::RULE,
    &credentials_in_url::RULE,
    &service_without_healthcheck::RULE,
    &depends_on_not_healthy::RULE,
    &missing_restart_policy::RULE,
    &missing_memory_limit::RULE,
    &missing_log_rotation::RULE,
    &container_name_with_scale::RULE,
    &untagged_image::RULE,
    &latest_image_tag::RULE,
    &legacy_yaml_boolean::RULE,
    &octal_file_mode::RULE,
    &invalid_interpolation::RULE,
    &obsolete_version_field::RULE,
    &missing_project_name::RULE,
    &unquoted_port_mapping::RULE,
    &shared_mount_propagation::RULE,
    &cgroup_parent_set::RULE,
    &dangerous_device::RULE,
    &read_only_without_tmpfs::RULE,
    &privileged_host_port::RULE,
    &writable_bind_mount::RULE,
    &public_datastore_port::RULE,
    &secret_in_build_args::RULE,
    &unchecked_required_variable::RULE,
    &secret_without_source::RULE,
    &healthcheck_disabled::RULE,
    &invalid_healthcheck_test::RULE,
    &healthcheck_missing_start_period::RULE,
    &undefined_dependency::RULE,
    &invalid_restart_policy::RULE,
    &missing_cpu_limit::RULE,
    &missing_pids_limit::RULE,
    &unbounded_swap::RULE,
    &conflicting_limits::RULE,
    &missing_init::RULE,
    &duplicate_container_name::RULE,
    &invalid_container_name::RULE,
    &undefined_reference::RULE,
    &unused_declaration::RULE,
    &network_mode_with_networks::RULE,
    &default_network_only::RULE,
    &duplicate_mount_target::RULE,
    &image_not_pinned_by_digest::RULE,
    &build_and_image::RULE,
    &missing_image_and_build::RULE,
    &shell_syntax_without_shell::RULE,
    &build_in_production::RULE,
    &tmpfs_allows_exec::RULE,
    &env_instead_of_secrets::RULE,
    &source_code_bind_mount::RULE,
    &dependency_cycle::RULE,
    &healthy_dependency_without_healthcheck::RULE,
    &loose_image_tag::RULE,
    &image_not_allowed::RULE,
    &missing_service_label::RULE,
    &top_level_keys_out_of_order::RULE,
    &services_out_of_order::RULE,
    &service_keys_out_of_order::RULE,
    &quoted_volume_mapping::RULE,
];

/// How many services [`ComposeRule::per_service`] rules see at a time: enough that the ~60 rule calls per
/// window cost nothing next to the work, few enough that a window's nodes, findings and
/// mounts stay in the L2 cache (a service of a typical file is 20–50 nodes).
pub const WINDOW: usize = 64;

/// The cross-file rules, run by [`crate::project::lint_project`].
pub static CROSS: &[&crate::project::CrossRule] = &[
    &build_target_not_found::RULE,
    &port_not_exposed::RULE,
    &image_runs_as_root::RULE,
    &healthcheck_tool_missing_in_image::RULE,
];

/// The merged-view rules, run by [`crate::project::lint_project`] on override files.
pub static MERGED: &[&crate::project::MergeRule] = &[&override_weakens_hardening::RULE];

/// What a compose rule sees.
pub struct ComposeCtx<'a> {
    pub src: &'a str,
    pub doc: &'a Document,
    pub model: &'a Model<'a>,
    /// Structure problems (unknown keys, wrong types, bad values), computed once.
    pub problems: &'a [Problem],
    /// Names defined by the other files of the project, when linted as a project.
    pub project: Option<&'a ProjectNames>,
    /// The policy's compose options (`[options.compose]`).
    pub options: &'a crate::policy::ComposeOptions,
    /// What several rules ask for, computed once per file (per window) on first use.
    cache: Cache<'a>,
    /// The positions in `model.services` that [`ComposeCtx::services`] yields: all of them,
    /// or one window of them while the per-service rules run ([`ComposeRule::per_service`]).
    window: (usize, usize),
}

/// [`ComposeCtx`]'s per-file facts: the line ending and the indentation step (an insertion
/// fix per service and rule used to look both up again, the line ending by a search from
/// the start of the file), and each service's normalised mounts (nine rules read them; each
/// normalised them again). Ports are not kept: four rules read them, and on a file of 50,000
/// services holding them all cost 20 MB of peak memory for 0.6% of the instructions. The
/// cells make `'a` invariant.
#[derive(Default)]
struct Cache<'a> {
    eol: std::cell::OnceCell<&'static str>,
    indent_unit: std::cell::OnceCell<usize>,
    /// By position in `model.services`, from the window's start.
    mounts: std::cell::OnceCell<Vec<Vec<crate::compose::Mount<'a>>>>,
}

/// What the files of one compose project define (base, overrides, included files).
#[derive(Clone, Debug, Default)]
pub struct ProjectNames {
    pub services: std::collections::HashSet<String>,
    /// Services with `image`, `build`, `extends` or `provider` in some file.
    pub defined: std::collections::HashSet<String>,
    pub networks: std::collections::HashSet<String>,
    pub volumes: std::collections::HashSet<String>,
    pub secrets: std::collections::HashSet<String>,
    pub configs: std::collections::HashSet<String>,
    /// Every `include` of the project was found in the set.
    pub complete: bool,
}

/// A service as rules see it: its name, key and definition node.
#[derive(Clone, Copy, Debug)]
pub struct Service<'a> {
    pub name: &'a str,
    pub key: Span,
    pub node: NodeId,
    pub entry: Entry,
    /// Position in `model.services` (a `Service` comes only from [`ComposeCtx::services`]).
    index: usize,
}

impl<'a> ComposeCtx<'a> {
    /// The context of one file: its text, tree, model and structure problems (`doc` may be a
    /// merged view whose text is `src`'s), the project's names and the policy's options.
    pub fn new(
        src: &'a str,
        doc: &'a Document,
        model: &'a Model<'a>,
        problems: &'a [Problem],
        project: Option<&'a ProjectNames>,
        options: &'a crate::policy::ComposeOptions,
    ) -> Self {
        ComposeCtx { src, doc, model, problems, project, options, cache: Cache::default(), window: (0, usize::MAX) }
    }

    /// The same context over the services at positions `start..end` of `model.services` only
    /// (with its own cache).
    fn windowed(&self, start: usize, end: usize) -> ComposeCtx<'a> {
        ComposeCtx { cache: Cache::default(), window: (start, end), ..*self }
    }

    /// The services of the window, as positions in `model.services`.
    fn window_range(&self) -> std::ops::Range<usize> {
        let n = self.model.services.len();
        self.window.0.min(n)..self.window.1.min(n)
    }

    /// Services whose definition is a mapping.
    pub fn services(&self) -> impl Iterator<Item = Service<'a>> + '_ {
        let range = self.window_range();
        let start = range.start;
        self.model.services[range].iter().enumerate().filter(|(_, s)| self.doc.map(s.node()).is_some()).map(
            move |(i, s)| Service {
                name: s.name,
                key: s.key_span(self.doc),
                node: s.node(),
                entry: s.entry,
                index: start + i,
            },
        )
    }

    /// The service's `volumes`, normalised ([`crate::compose::mounts`], once per file).
    pub fn mounts(&self, s: &Service<'_>) -> &[crate::compose::Mount<'a>] {
        let range = self.window_range();
        let start = range.start;
        let all = self.cache.mounts.get_or_init(|| {
            self.model.services[range].iter().map(|n| crate::compose::mounts(self.doc, n.node())).collect()
        });
        s.index.checked_sub(start).and_then(|i| all.get(i)).map_or(&[], Vec::as_slice)
    }

    /// Whether `name` is a `what` (service, network, volume, secret, config) of this file or,
    /// when linted as a project, of another file of the project.
    pub fn knows(&self, what: &str, name: &str) -> bool {
        if what == "service" {
            return self.model.service(name).is_some() || self.project.is_some_and(|p| p.services.contains(name));
        }
        let (here, there) = match what {
            "network" => (&self.model.networks, self.project.map(|p| &p.networks)),
            "volume" => (&self.model.volumes, self.project.map(|p| &p.volumes)),
            "secret" => (&self.model.secrets, self.project.map(|p| &p.secrets)),
            _ => (&self.model.configs, self.project.map(|p| &p.configs)),
        };
        here.iter().any(|n| n.name == name) || there.is_some_and(|t| t.contains(name))
    }

    /// Whether cross-references can be checked: the file has no `include` (or, as a project,
    /// every included file is in view).
    pub fn references_complete(&self) -> bool {
        match self.project {
            Some(p) => p.complete,
            None => self.model.root.is_none_or(|r| self.doc.get(r, "include").is_none()),
        }
    }

    /// For rules about a key a service lacks: whether to skip service `s` because it `extends`
    /// a base that sets one of `paths` (same file, followed up to 8 levels), or a base that is
    /// not in view (another file, unknown name).
    pub fn skip_extended(&self, s: &Service<'_>, paths: &[&[&str]]) -> bool {
        // `s` comes from `services()`: without any `extends` in the file, nothing to follow
        if !self.model.any_extends() {
            return false;
        }
        let mut cur = s.node;
        for _ in 0..8 {
            let Some(ext) = self.doc.get(cur, "extends") else { return false };
            if self.doc.get(ext, "file").is_some() {
                return true;
            }
            let name = self.doc.str(ext).or_else(|| self.doc.get(ext, "service").and_then(|x| self.doc.str(x)));
            let Some(base) = name.and_then(|n| self.model.service(n)) else { return true };
            let b = base.node();
            if paths.iter().any(|p| self.doc.path(b, p).is_some()) {
                return true;
            }
            cur = b;
        }
        true
    }

    /// The line ending the file uses.
    pub fn eol(&self) -> &'static str {
        self.cache.eol.get_or_init(|| match self.src.find('\n') {
            Some(p) if p > 0 && self.src.as_bytes()[p - 1] == b'\r' => "\r\n",
            _ => "\n",
        })
    }

    fn line_start(&self, at: usize) -> usize {
        // a byte loop: lines are short, and `rfind` costs more to set up than to run here
        self.src.as_bytes().get(..at).and_then(|s| s.iter().rposition(|&b| b == b'\n')).map_or(0, |p| p + 1)
    }

    /// The byte after the end of the line containing `at` (after its `\n`), or the end of input.
    fn after_line(&self, at: usize) -> usize {
        if at > 0 && self.src.as_bytes().get(at - 1) == Some(&b'\n') {
            return at;
        }
        self.src
            .as_bytes()
            .get(at..)
            .and_then(|s| s.iter().position(|&b| b == b'\n'))
            .map_or(self.src.len(), |p| at + p + 1)
    }

    /// The column of a mapping key at `at` if only spaces, or spaces and a list dash, precede it.
    fn key_col(&self, at: usize) -> Option<usize> {
        let ls = self.line_start(at);
        let pre = self.src.get(ls..at)?;
        let t = pre.trim_start_matches(' ');
        let ok = t.is_empty() || (t.starts_with('-') && t[1..].bytes().all(|b| b == b' ') && t.len() > 1);
        ok.then_some(pre.len())
    }

    /// The column of `at` if only spaces precede it on its line.
    fn indent_of(&self, at: usize) -> Option<usize> {
        let ls = self.line_start(at);
        let pre = self.src.get(ls..at)?;
        pre.bytes().all(|b| b == b' ').then_some(pre.len())
    }

    /// The indentation step of the file (2 unless the services say otherwise), detected from
    /// the first services (bounded, so fixes stay linear on huge files).
    pub fn indent_unit(&self) -> usize {
        *self.cache.indent_unit.get_or_init(|| self.find_indent_unit())
    }

    fn find_indent_unit(&self) -> usize {
        // the file's first services, whatever the window
        for s in self.model.services.iter().filter(|s| self.doc.map(s.node()).is_some()).take(16) {
            let (key, node) = (s.key_span(self.doc), s.node());
            if let (Some(outer), Some(first)) = (self.indent_of(key.start), self.doc.entries(node).first()) {
                if let Some(inner) = self.indent_of(self.doc.span(first.key).start) {
                    if inner > outer {
                        return inner - outer;
                    }
                }
            }
        }
        2
    }

    /// An edit inserting `block` as new key(s) at the end of the block mapping `map`.
    /// `block` uses two spaces per nesting level; they become the file's indentation step.
    /// `None` when the mapping is not a plain block mapping we can safely extend.
    pub fn insert_in_map(&self, map: NodeId, block: &str) -> Option<Edit> {
        let m = self.doc.map(map)?;
        if m.flow || self.doc.resolve(map) != map {
            return None;
        }
        let first = m.entries.iter().find(|e| e.via.is_none())?;
        let indent = self.key_col(self.doc.span(first.key).start)?;
        let last_end = m
            .entries
            .iter()
            .chain(m.merges.iter())
            .map(|e| self.doc.span(e.value).end.max(self.doc.span(e.key).end))
            .max()?;
        let at = self.after_line(last_end);
        let unit = self.indent_unit();
        let eol = self.eol();
        // each line's new indentation: the mapping's, plus one step per two spaces in `block`
        let lines = || {
            // `block.lines()` without the char searcher: `block` is ours (`\n`-separated, no
            // `\r`), and a final newline ends the last line rather than starting one
            let mut rest = (!block.is_empty()).then(|| block.strip_suffix('\n').unwrap_or(block));
            std::iter::from_fn(move || {
                let r = rest?;
                let (line, next) = match r.bytes().position(|b| b == b'\n') {
                    Some(i) => (r.get(..i)?, r.get(i + 1..)),
                    None => (r, None),
                };
                rest = next;
                let pad = line.bytes().take_while(|&b| b == b' ').count();
                Some((indent + pad / 2 * unit, line.get(pad..)?))
            })
        };
        let mut size = eol.len();
        for (n, body) in lines() {
            size += n + body.len() + eol.len();
        }
        let mut text = String::with_capacity(size);
        if at == self.src.len() && !self.src.ends_with('\n') {
            text.push_str(eol);
        }
        for (n, body) in lines() {
            push_spaces(&mut text, n);
            text.push_str(body);
            text.push_str(eol);
        }
        Some(Edit::insert(at, text))
    }

    /// An edit appending `item` to the list at `seq` (block or flow).
    pub fn append_to_seq(&self, seq: NodeId, item: &str) -> Option<Edit> {
        let s = self.doc.seq(seq)?;
        if self.doc.resolve(seq) != seq {
            return None;
        }
        let span = self.doc.span(seq);
        if s.flow {
            let inner_end = span.end.checked_sub(1)?;
            if self.src.as_bytes().get(inner_end) != Some(&b']') {
                return None;
            }
            let before = self.src.get(span.start + 1..inner_end)?;
            return Some(if before.trim().is_empty() {
                Edit::replace(Span::new(span.start, span.end), format!("[{item}]"))
            } else {
                let last = s.items.last().map(|i| self.doc.span(*i).end)?;
                Edit::insert(last, format!(", {item}"))
            });
        }
        let first = *s.items.first()?;
        let fs = self.doc.span(first).start;
        let ls = self.line_start(fs);
        let line = self.src.get(ls..fs)?;
        let dash = line.find('-')?;
        if !line[..dash].bytes().all(|b| b == b' ') {
            return None;
        }
        let last = *s.items.last()?;
        let at = self.after_line(self.doc.span(last).end);
        let mut text = String::new();
        if at == self.src.len() && !self.src.ends_with('\n') {
            text.push_str(self.eol());
        }
        push_spaces(&mut text, dash);
        text.push_str("- ");
        text.push_str(item);
        text.push_str(self.eol());
        Some(Edit::insert(at, text))
    }

    /// An edit deleting the line(s) of a single-line entry of a block mapping.
    pub fn delete_entry(&self, e: &Entry) -> Option<Edit> {
        if e.via.is_some() {
            return None;
        }
        let k = self.doc.span(e.key);
        let v = self.doc.span(e.value);
        self.indent_of(k.start)?;
        let ls = self.line_start(k.start);
        let end_line = self.after_line(v.end.max(k.end));
        // single line: no newline between the key and the end of the value
        if self.src.get(k.start..v.end.max(k.end))?.contains('\n') {
            return None;
        }
        Some(Edit::delete(Span::new(ls, end_line)))
    }

    /// The structure problems of one kind.
    pub fn problems(&self, kind: schema::ProblemKind) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(move |p| p.kind == kind)
    }
}

/// Appends `n` spaces to `text` (in slices, not one `char` at a time).
fn push_spaces(text: &mut String, mut n: usize) {
    const SPACES: &str = "                                ";
    while n > 0 {
        let k = n.min(SPACES.len());
        text.push_str(&SPACES[..k]);
        n -= k;
    }
}

/// Runs every default compose rule over `src`.
pub fn lint_compose(src: &str) -> Vec<Diagnostic> {
    lint_compose_with(src, &|m| m.default_on)
}

/// Runs the compose rules `select` accepts over `src`, then applies suppressions.
pub fn lint_compose_with(src: &str, select: &dyn Fn(&RuleMeta) -> bool) -> Vec<Diagnostic> {
    lint_compose_in(src, select, None)
}

/// [`lint_compose_with`] for a file of a project whose other files define `project`.
pub fn lint_compose_in(
    src: &str,
    select: &dyn Fn(&RuleMeta) -> bool,
    project: Option<&ProjectNames>,
) -> Vec<Diagnostic> {
    lint_compose_full(src, select, project, &[], &crate::policy::NO_COMPOSE_OPTIONS)
}

/// [`lint_compose_with`] plus a policy's compose custom rules (they go through the same
/// suppressions as built-in rules) and its compose options.
pub fn lint_compose_custom(
    src: &str,
    select: &dyn Fn(&RuleMeta) -> bool,
    custom: &[&crate::policy::custom::CustomRule],
    options: &crate::policy::ComposeOptions,
) -> Vec<Diagnostic> {
    lint_compose_full(src, select, None, custom, options)
}

/// The services of a compose file as the policy's custom rules see them: every key a service
/// sets as a dotted path, with its scalar value; a sequence of scalars (`cap_add: [ALL]`) gives
/// one entry per item under the sequence's path.
pub fn services_for_policy(
    doc: &crate::yaml::Document,
    model: &Model<'_>,
) -> Vec<crate::policy::custom::ComposeService> {
    use crate::policy::custom::{ComposeKey, ComposeService};
    fn walk(doc: &crate::yaml::Document, id: crate::yaml::NodeId, path: &str, depth: usize, out: &mut Vec<ComposeKey>) {
        if depth > 8 || out.len() > 10_000 {
            return;
        }
        if let Some(map) = doc.map(id) {
            for e in &map.entries {
                let key = doc.key(e);
                if key.is_empty() {
                    continue;
                }
                let p = if path.is_empty() { key.to_string() } else { format!("{path}.{key}") };
                let value = doc.str(e.value).map(str::to_string);
                out.push(ComposeKey { path: p.clone(), value, span: doc.span(e.key) });
                walk(doc, e.value, &p, depth + 1, out);
            }
        } else if let Some(seq) = doc.seq(id) {
            for item in &seq.items {
                if let Some(v) = doc.str(*item) {
                    out.push(ComposeKey { path: path.to_string(), value: Some(v.to_string()), span: doc.span(*item) });
                }
            }
        }
    }
    model
        .services
        .iter()
        .map(|svc| {
            let mut keys = Vec::new();
            walk(doc, svc.entry.value, "", 0, &mut keys);
            ComposeService { name: svc.name.to_string(), span: doc.span(svc.entry.key), keys }
        })
        .collect()
}

pub(crate) fn lint_compose_full(
    src: &str,
    select: &dyn Fn(&RuleMeta) -> bool,
    project: Option<&ProjectNames>,
    custom: &[&crate::policy::custom::CustomRule],
    options: &crate::policy::ComposeOptions,
) -> Vec<Diagnostic> {
    let doc = crate::yaml::parse(src);
    let model = Model::build(&doc);
    let problems = schema::check(&doc);
    let ctx = ComposeCtx::new(src, &doc, &model, &problems, project, options);
    let mut found = run_rules(&ctx, select, WINDOW);
    if !custom.is_empty() {
        let run = found.out.len();
        found.out.extend(crate::policy::custom::check_compose(&services_for_policy(&doc, &model), custom));
        found.close_run(run);
    }
    let mut out = found.finish();
    // A file that does not parse is only partly in the tree: edits computed from it could land
    // inside the unread part, so findings keep their place but lose their fixes.
    if doc.issues.iter().any(|i| matches!(i.code, IssueCode::Syntax | IssueCode::Tab | IssueCode::TooDeep)) {
        for d in &mut out {
            d.fix = None;
        }
    }
    suppress::apply_in(src, Some(&doc), out, Some(select))
}

/// The order of a file's findings: by position, then rule id and message.
fn finding_order(x: &Diagnostic, y: &Diagnostic) -> std::cmp::Ordering {
    (x.span.start, x.span.end, &x.rule_id, &x.message).cmp(&(y.span.start, y.span.end, &y.rule_id, &y.message))
}

/// Findings in [`finding_order`], made of runs that are each sorted: adding a sorted run
/// checks only its first finding against the last one before it, and the whole list is
/// sorted once at the end only when some run starts before the end of the previous one.
pub struct Findings {
    pub out: Vec<Diagnostic>,
    in_order: bool,
}

impl Findings {
    fn new() -> Self {
        Findings { out: Vec::new(), in_order: true }
    }

    /// Sorts the findings from `start` on (stably) and notes whether they follow the ones
    /// before in order.
    fn close_run(&mut self, start: usize) {
        let Some(run) = self.out.get_mut(start..) else { return };
        sort_run(run);
        if let (Some(prev), Some(first)) = (start.checked_sub(1).and_then(|p| self.out.get(p)), self.out.get(start)) {
            self.in_order &= finding_order(prev, first) != std::cmp::Ordering::Greater;
        }
    }

    /// The findings sorted (stably, as one sort of every finding in the order they were
    /// added would give), each finding once per rule and span.
    pub fn finish(mut self) -> Vec<Diagnostic> {
        if !self.in_order {
            sort_run(&mut self.out);
        }
        // A value inside an anchor merged into several services is reported once, where it is written.
        self.out.dedup_by(|b, a| a.rule_id == b.rule_id && a.span == b.span);
        self.out
    }
}

/// Sorts findings by [`finding_order`], stably.
fn sort_run(out: &mut [Diagnostic]) {
    if out.len() < 2 {
        return;
    }
    // The comparisons read compact keys (position, the rule id's first 8 bytes, index) rather
    // than the findings themselves, which lie far apart in memory on big files (several rules
    // report at a service's key: comparing their ids through the findings was most of the
    // sort's time at 50,000 services); the findings are then moved once into their order.
    let mut order: Vec<(usize, usize, u64, usize)> =
        out.iter().enumerate().map(|(i, d)| (d.span.start, d.span.end, id_prefix(&d.rule_id), i)).collect();
    crate::sort::sort_by(&mut order, |a, b| a.cmp(b));
    // Equal positions and prefixes (one rule at one place, or ids longer than 8 bytes): by
    // the whole id and the message, keeping the index order for full ties.
    let mut i = 0;
    while i < order.len() {
        let head = (order[i].0, order[i].1, order[i].2);
        let j = i + order[i..].iter().take_while(|k| (k.0, k.1, k.2) == head).count();
        if j - i > 1 {
            crate::sort::sort_by(&mut order[i..j], |a, b| finding_order(&out[a.3], &out[b.3]));
        }
        i = j;
    }
    let order: Vec<usize> = order.into_iter().map(|k| k.3).collect();
    crate::sort::permute(out, &order);
}

/// The first 8 bytes of a rule id as a number that orders like the text (big-endian, zero
/// padded): ids that differ there compare as their texts do.
fn id_prefix(id: &str) -> u64 {
    let mut b = [0u8; 8];
    for (d, s) in b.iter_mut().zip(id.bytes()) {
        *d = s;
    }
    u64::from_be_bytes(b)
}

/// Runs the rules `select` accepts: the [`ComposeRule::per_service`] ones over windows of `window`
/// services (see there), the others once over the whole file. Each window's findings are
/// sorted while they are in the caches; [`Findings::finish`] gives the list that running
/// every rule over the whole file in [`ALL`]'s order and sorting stably would: each rule's
/// own findings keep their order (full ties in [`finding_order`] are one rule's).
pub fn run_rules(ctx: &ComposeCtx<'_>, select: &dyn Fn(&RuleMeta) -> bool, window: usize) -> Findings {
    // One findings vector for every rule (a sink per rule grew its own vector, then each was
    // copied into this one: on a file with many findings, most of the copying of the lint).
    let mut f = Findings::new();
    // The file-wide rules now, the per-service ones kept for the windows.
    let mut windowed: Vec<&ComposeRule> = Vec::new();
    for &rule in ALL {
        if !select(&rule.meta) {
            continue;
        }
        if rule.per_service {
            windowed.push(rule);
            continue;
        }
        let mut sink = Sink { meta: &rule.meta, out: f.out };
        (rule.check)(ctx, &mut sink);
        f.out = sink.out;
    }
    f.close_run(0);
    if !windowed.is_empty() {
        let (n, step) = (ctx.model.services.len(), window.max(1));
        for start in (0..n).step_by(step) {
            let w = ctx.windowed(start, start.saturating_add(step));
            let run = f.out.len();
            for rule in &windowed {
                let mut sink = Sink { meta: &rule.meta, out: f.out };
                (rule.check)(&w, &mut sink);
                f.out = sink.out;
            }
            f.close_run(run);
            if start == 0 {
                // Room for the rest, at the first window's rate: on big files the vector's
                // doublings copied all findings found so far, each time into fresh memory.
                let per_window = f.out.len() - run;
                f.out.reserve(per_window.saturating_mul(n.div_ceil(step).saturating_sub(1)));
            }
        }
    }
    f
}

/// The host-namespace rules (`pid`, `ipc`, `uts`, `userns_mode` set to `host`): reports each
/// service whose `key` is `host`, with an unsafe fix deleting the entry. `what` ends the
/// message "Service `NAME` …".
pub(crate) fn report_host_namespace(
    ctx: &ComposeCtx<'_>,
    sink: &mut Sink<'_>,
    key: &str,
    what: &str,
    help: &'static str,
) {
    for s in ctx.services() {
        let Some(v) = crate::compose::get_str(ctx.doc, s.node, key) else { continue };
        if v.value().text().map(str::trim) != Some("host") {
            continue;
        }
        let fix = ctx
            .doc
            .entry(s.node, key)
            .and_then(|e| ctx.delete_entry(&e))
            .map(|ed| crate::diagnostic::Fix::unsafe_(format!("Remove `{key}: host`"), vec![ed]));
        sink.report(v.span, format!("Service `{}` {what}", s.name), help, fix);
    }
}

/// For the ordering rules: the own (not merged) entries of a mapping with their rank, and the
/// first entry ranked below an entry before it, with the entry it should precede. `None` when
/// the order is kept. Entries ranked `None` are ignored.
pub(crate) fn first_out_of_order<'d>(
    doc: &'d Document,
    map: NodeId,
    rank: &dyn Fn(&str) -> Option<(usize, String)>,
) -> Option<(Entry, &'d str, &'d str)> {
    let mut best: Option<((usize, String), Entry)> = None;
    for e in doc.map(map)?.entries.iter().filter(|e| e.via.is_none()) {
        let name = doc.key(e);
        let Some(r) = rank(name) else { continue };
        match &best {
            Some((b, be)) if r < *b => {
                // the earliest entry that should come after this one
                let mut first = *be;
                for o in doc.map(map)?.entries.iter().filter(|o| o.via.is_none()) {
                    if o.key == e.key {
                        break;
                    }
                    if rank(doc.key(o)).is_some_and(|or| or > r) {
                        first = *o;
                        break;
                    }
                }
                return Some((*e, name, doc.key(&first)));
            }
            Some((b, _)) if r == *b => {}
            _ => best = Some((r, *e)),
        }
    }
    None
}

/// Runs one compose rule over a source (for tests and docs).
pub fn run_compose_rule(rule: &ComposeRule, src: &str) -> Vec<Diagnostic> {
    run_compose_rule_with(rule, src, &crate::policy::NO_COMPOSE_OPTIONS)
}

/// [`run_compose_rule`] with a policy's compose options.
pub fn run_compose_rule_with(
    rule: &ComposeRule,
    src: &str,
    options: &crate::policy::ComposeOptions,
) -> Vec<Diagnostic> {
    // Suppression findings come from the engine, which needs every rule's results.
    if std::ptr::eq(rule, &compose_suppression_without_reason::RULE)
        || std::ptr::eq(rule, &unused_compose_suppression::RULE)
    {
        return lint_compose(src).into_iter().filter(|d| d.rule_id == rule.meta.id).collect();
    }
    let doc = crate::yaml::parse(src);
    let model = Model::build(&doc);
    let problems = schema::check(&doc);
    let ctx = ComposeCtx::new(src, &doc, &model, &problems, None, options);
    let mut sink = Sink::new(&rule.meta);
    (rule.check)(&ctx, &mut sink);
    sink.out
}

#[cfg(test)]
pub(crate) mod testing {
    //! Helpers for the per-rule tests.
    use super::*;
    use crate::fix::apply_edits;

    /// The rule fires exactly `n` times on `src`.
    #[track_caller]
    pub fn fires(rule: &ComposeRule, src: &str, n: usize) -> Vec<Diagnostic> {
        let d = run_compose_rule(rule, src);
        assert_eq!(d.len(), n, "{} on:\n{src}\ngave: {:#?}", rule.meta.name, d);
        for x in &d {
            assert!(x.span.end <= src.len() && x.span.start <= x.span.end, "span out of range");
            assert!(!x.message.is_empty() && !x.help.is_empty());
        }
        d
    }

    /// The rule does not fire on `src`.
    #[track_caller]
    pub fn clean(rule: &ComposeRule, src: &str) {
        fires(rule, src, 0);
    }

    /// Applying the fix of every finding gives `expected`, which parses and no longer fires.
    #[track_caller]
    pub fn fixes_to(rule: &ComposeRule, src: &str, expected: &str) {
        let d = run_compose_rule(rule, src);
        assert!(!d.is_empty(), "{} did not fire on:\n{src}", rule.meta.name);
        let edits: Vec<_> = d.iter().filter_map(|x| x.fix.as_ref()).flat_map(|f| f.edits.clone()).collect();
        assert!(!edits.is_empty(), "no fix offered");
        let out = apply_edits(src, &edits).expect("edits overlap");
        assert_eq!(out, expected);
        let doc = crate::yaml::parse(&out);
        assert!(doc.issues.is_empty(), "fixed text has YAML issues: {:?}", doc.issues);
        let again = run_compose_rule(rule, &out);
        assert!(again.iter().all(|x| x.fix.is_none()), "fix is not idempotent: {again:#?}");
    }

    /// The rule fires but offers no fix.
    #[track_caller]
    #[allow(dead_code)] // used by rules whose fixes are conditional
    pub fn no_fix(rule: &ComposeRule, src: &str) {
        let d = run_compose_rule(rule, src);
        assert!(!d.is_empty());
        assert!(d.iter().all(|x| x.fix.is_none()), "{d:#?}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{doc_example, FixKind, Target};

    #[test]
    fn a_suppression_line_inside_a_block_scalar_is_text() {
        let src = "|\n# seaworthy-ignore=SWC101 reason\n    image: nginx:1.27\nservices:";
        assert!(lint_compose(src).iter().all(|d| d.rule_id != "SWC014"), "{:#?}", lint_compose(src));
        let src = "services:\n  web:\n    image: nginx:1.27\n    command: |\n      # seaworthy-ignore=SWC101 reason\n      run\n";
        assert!(lint_compose(src).iter().all(|d| d.rule_id != "SWC014"));
    }

    #[test]
    fn anchored_findings_are_reported_once_and_broken_files_get_no_fixes() {
        let src = "x-p: &p {privileged: true}\nservices:\n  a:\n    <<: *p\n  b:\n    <<: *p\n";
        assert_eq!(lint_compose(src).iter().filter(|d| d.rule_id == "SWC101").count(), 1);
        let broken = "services:\n  a:\n    image: x\n  b: [\n";
        let d = lint_compose(broken);
        assert!(d.iter().any(|d| d.rule_id == "SWC001"));
        assert!(d.iter().any(|d| d.rule_id == "SWC403"), "findings before the error are kept");
        assert!(d.iter().all(|d| d.fix.is_none()));
    }

    /// Every rule over the whole file, and `per_service` rules one service at a time: the
    /// same findings once sorted (before the dedup, which would hide a rule run twice).
    fn windows_agree(name: &str, src: &str) {
        let doc = crate::yaml::parse(src);
        let model = Model::build(&doc);
        let problems = schema::check(&doc);
        let options = crate::policy::ComposeOptions {
            required_labels: vec!["team".into()],
            ..crate::policy::ComposeOptions::default()
        };
        let ctx = ComposeCtx::new(src, &doc, &model, &problems, None, &options);
        let sorted = |mut v: Vec<Diagnostic>| {
            crate::sort::sort_by(&mut v, |a, b| {
                (a.span.start, a.span.end, &a.rule_id, &a.message).cmp(&(
                    b.span.start,
                    b.span.end,
                    &b.rule_id,
                    &b.message,
                ))
            });
            v
        };
        let whole = sorted(run_rules(&ctx, &|_| true, usize::MAX).out);
        for window in [1, 2, 3] {
            let parts = run_rules(&ctx, &|_| true, window);
            let (in_order, parts) = (parts.in_order, parts.out);
            assert!(!in_order || parts.is_sorted_by(|a, b| finding_order(a, b).is_le()), "{name}: runs out of order");
            let parts = sorted(parts);
            assert!(whole == parts, "{name}: window {window} changes the findings");
            let (a, b) = (run_rules(&ctx, &|_| true, usize::MAX).finish(), run_rules(&ctx, &|_| true, window).finish());
            assert!(a == b, "{name}: window {window} changes the sorted findings");
        }
    }

    #[test]
    fn windows_change_nothing() {
        // services that refer to each other, share host ports, names, anchors and a base
        let src = "x-c: &c\n  restart: always\n  ports: [\"80:80\"]\nservices:\n  a:\n    <<: *c\n    image: a:1\n    container_name: x\n    depends_on: [b, c]\n    volumes: [\"./src:/app\", \"data:/data\"]\n  b:\n    <<: *c\n    image: b\n    container_name: x\n    depends_on:\n      a: {condition: service_started}\n    healthcheck: {test: [CMD, curl, -f, http://x]}\n  c:\n    extends: b\n    privileged: yes\n    network_mode: host\n    networks: [n]\n    secrets: [s]\n  d: null\n  e:\n    build: .\n    environment: {DB_PASSWORD: hunter2, URL: \"http://u:p@h\"}\n    ports: [\"0.0.0.0:80:80\", \"5432:5432\"]\nvolumes:\n  data:\nnetworks:\n  n:\n    internal: yes\n";
        windows_agree("mixed", src);
        for rule in ALL {
            for heading in ["## Example", "## Use instead"] {
                if let Some(ex) = doc_example(rule.meta.docs, heading) {
                    windows_agree(rule.meta.name, ex);
                }
            }
        }
        // the real-world files, when the corpus is there (see tests/common)
        let dir = match std::env::var_os("SEAWORTHY_CORPUS") {
            Some(p) if !p.is_empty() => std::path::PathBuf::from(p),
            _ => std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"),
        };
        let mut n = 0;
        for e in std::fs::read_dir(dir.join("compose")).into_iter().flatten().flatten() {
            if let Ok(src) = std::fs::read_to_string(e.path()) {
                windows_agree(&e.path().display().to_string(), &src);
                n += 1;
            }
        }
        eprintln!("windows_change_nothing: {n} corpus files");
    }

    #[test]
    fn registry_is_well_formed() {
        for (i, r) in ALL.iter().enumerate() {
            assert!(r.meta.id.starts_with("SWC") && r.meta.id.len() == 6, "{}", r.meta.id);
            assert_eq!(r.meta.target, Target::Compose, "{}", r.meta.id);
            for o in &ALL[i + 1..] {
                assert_ne!(r.meta.id, o.meta.id);
            }
        }
    }

    #[test]
    fn doc_examples_are_executed() {
        for rule in ALL {
            let bad = doc_example(rule.meta.docs, "## Example").expect("example block");
            let good = doc_example(rule.meta.docs, "## Use instead").expect("use-instead block");
            let options = match rule.meta.docs.contains("## Options") {
                true => {
                    crate::rules::doc_options(rule.meta.docs)
                        .unwrap_or_else(|| panic!("{}: bad ## Options", rule.meta.name))
                        .compose
                }
                false => crate::policy::ComposeOptions::default(),
            };
            let d = run_compose_rule_with(rule, bad, &options);
            assert_eq!(d.len(), 1, "{}: the example must fire exactly once, got {d:#?}", rule.meta.name);
            let d = run_compose_rule_with(rule, good, &options);
            assert!(d.is_empty(), "{}: the fixed example must not fire, got {d:#?}", rule.meta.name);
            // the fixed example is a valid compose file for every other default rule's structure checks
            let doc = crate::yaml::parse(good);
            assert!(doc.issues.is_empty() || rule.meta.id <= "SWC003", "{}: {:?}", rule.meta.name, doc.issues);
        }
    }

    /// The compose and Dockerfile blocks after `heading` in a cross-file rule's docs.
    fn cross_example(docs: &str, heading: &str) -> Vec<crate::report::SourceFile> {
        let compose = doc_example(docs, heading).expect("compose block").to_string();
        let rest = &docs[docs.find(heading).expect("heading")..];
        let body = &rest[rest.find("```dockerfile").expect("dockerfile block") + "```dockerfile".len()..];
        let body = body.strip_prefix('\n').unwrap_or(body);
        let df = body[..body.find("```").expect("closing fence")].to_string();
        vec![
            crate::report::SourceFile { path: "compose.yaml".into(), content: compose, kind: None },
            crate::report::SourceFile { path: "Dockerfile".into(), content: df, kind: None },
        ]
    }

    #[test]
    fn cross_rule_doc_examples_are_executed() {
        for rule in CROSS {
            assert!(rule.meta.id.starts_with("SWC6"), "{}", rule.meta.id);
            let only = |m: &RuleMeta| m.id == rule.meta.id;
            let bad = crate::project::lint_project_with(&cross_example(rule.meta.docs, "## Example"), &only);
            assert_eq!(bad[0].1.len(), 1, "{}: the example must fire once: {bad:#?}", rule.meta.name);
            let good = crate::project::lint_project_with(&cross_example(rule.meta.docs, "## Use instead"), &only);
            assert!(good[0].1.is_empty(), "{}: {good:#?}", rule.meta.name);
        }
    }

    /// The two YAML blocks after `heading` in a merged-view rule's docs: base and override.
    fn merged_example(docs: &str, heading: &str) -> Vec<crate::report::SourceFile> {
        let rest = &docs[docs.find(heading).expect("heading")..];
        let mut blocks = rest.split("```yaml\n").skip(1).map(|b| b[..b.find("```").expect("fence")].to_string());
        let base = blocks.next().expect("base block");
        let over = blocks.next().expect("override block");
        vec![
            crate::report::SourceFile { path: "compose.yaml".into(), content: base, kind: None },
            crate::report::SourceFile { path: "compose.override.yaml".into(), content: over, kind: None },
        ]
    }

    #[test]
    fn merged_rule_doc_examples_are_executed() {
        for rule in MERGED {
            assert!(rule.meta.id.starts_with("SWC7"), "{}", rule.meta.id);
            let only = |m: &RuleMeta| m.id == rule.meta.id;
            let bad = crate::project::lint_project_with(&merged_example(rule.meta.docs, "## Example"), &only);
            assert_eq!(bad[1].1.len(), 1, "{}: the example must fire once: {bad:#?}", rule.meta.name);
            let good = crate::project::lint_project_with(&merged_example(rule.meta.docs, "## Use instead"), &only);
            assert!(good.iter().all(|(_, d)| d.is_empty()), "{}: {good:#?}", rule.meta.name);
        }
    }

    #[test]
    fn declared_fix_availability_matches_behaviour() {
        for rule in ALL {
            let bad = doc_example(rule.meta.docs, "## Example").unwrap_or("");
            let d = run_compose_rule(rule, bad);
            match rule.meta.fix {
                FixKind::None => assert!(d.iter().all(|x| x.fix.is_none()), "{} declares no fix", rule.meta.name),
                FixKind::Always => assert!(d.iter().all(|x| x.fix.is_some()), "{} declares always-fix", rule.meta.name),
                FixKind::Sometimes => {}
            }
            for x in &d {
                if let Some(f) = &x.fix {
                    assert!(!f.title.is_empty());
                    let out = crate::fix::apply_edits(bad, &f.edits).expect("fix applies");
                    assert!(
                        crate::yaml::parse(&out).issues.is_empty() || rule.meta.id <= "SWC003",
                        "{}",
                        rule.meta.name
                    );
                }
            }
        }
    }
}

//! Reading a policy file: a walk over the spanned TOML tree that collects every error (with
//! its position and a "did you mean" for unknown keys), then the layering over the preset it
//! extends.

use super::custom::{CustomCheck, CustomRule};
use super::*;
use crate::diagnostic::Category;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// How deep presets may extend presets.
const MAX_DEPTH: usize = 4;

/// Keys of each table, for errors and suggestions.
pub(super) const TOP_KEYS: &[&str] = &[
    "extends",
    "name",
    "version",
    "description",
    "unlisted-rules",
    "failure-threshold",
    "min-score",
    "rules",
    "options",
    "score",
    "overrides",
    "custom-rules",
];
pub(super) const OPTION_KEYS: &[&str] =
    &["trusted-registries", "allowed-base-images", "denied-base-images", "required-labels", "strict-labels", "compose"];
pub(super) const SCORE_KEYS: &[&str] = &["error", "warning", "info", "style", "cap", "categories"];
pub(super) const OVERRIDE_KEYS: &[&str] = &["paths", "rules"];
pub(super) const CUSTOM_KEYS: &[&str] = &[
    "id",
    "name",
    "kind",
    "message",
    "help",
    "severity",
    "category",
    "url",
    "description",
    "label",
    "patterns",
    "instruction",
    "flag",
    "pattern",
    "key",
    "value",
];
pub(super) const CUSTOM_KINDS: &[&str] = &[
    "require-label",
    "forbid-label",
    "allow-base-images",
    "deny-base-images",
    "forbid-instruction",
    "forbid-flag",
    "forbid-run-command",
    "require-compose-key",
    "forbid-compose-key",
    "require-compose-value",
    "forbid-compose-value",
];
const LEVELS: &[&str] = &["off", "on", "error", "warning", "info", "style"];

type Val<'i> = Spanned<DeValue<'i>>;

/// At most this many errors are reported for one file (the last one says so).
const MAX_ERRORS: usize = 50;

struct Ctx<'t> {
    text: &'t str,
    errors: Vec<PolicyError>,
}

impl Ctx<'_> {
    fn full(&self) -> bool {
        self.errors.len() >= MAX_ERRORS
    }
    fn err(&mut self, span: std::ops::Range<usize>, msg: impl Into<String>, help: Option<String>) {
        if self.errors.len() + 1 == MAX_ERRORS {
            let msg = format!("too many errors; the first {} are shown", MAX_ERRORS - 1);
            self.errors.push(PolicyError::at(self.text, Span::new(span.start, span.end), msg, None));
        }
        if self.full() {
            return;
        }
        self.errors.push(PolicyError::at(self.text, Span::new(span.start, span.end), msg, help));
    }
    fn unknown_key(&mut self, key: &Spanned<std::borrow::Cow<'_, str>>, known: &[&str], table: &str) {
        if self.full() {
            return;
        }
        let k = key.get_ref();
        let help = match suggest(k, known.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("known keys of {table}: {}", known.join(", ")),
        };
        self.err(key.span(), format!("unknown key `{k}` in {table}"), Some(help));
    }
    fn string(&mut self, v: &Val<'_>, what: &str) -> Option<String> {
        match v.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            other => {
                self.err(v.span(), format!("{what} must be a string, not {}", type_name(other)), None);
                None
            }
        }
    }
    fn bool(&mut self, v: &Val<'_>, what: &str) -> Option<bool> {
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            other => {
                self.err(v.span(), format!("{what} must be true or false, not {}", type_name(other)), None);
                None
            }
        }
    }
    fn uint(&mut self, v: &Val<'_>, what: &str, max: u32) -> Option<u32> {
        let parsed = match v.get_ref() {
            DeValue::Integer(i) => {
                let digits: String = i.as_str().chars().filter(|c| *c != '_').collect();
                let digits = digits.trim_start_matches('+');
                let body = match i.radix() {
                    16 => digits.trim_start_matches("0x"),
                    8 => digits.trim_start_matches("0o"),
                    2 => digits.trim_start_matches("0b"),
                    _ => digits,
                };
                u32::from_str_radix(body, i.radix()).ok()
            }
            other => {
                self.err(v.span(), format!("{what} must be an integer, not {}", type_name(other)), None);
                return None;
            }
        };
        match parsed {
            Some(n) if n <= max => Some(n),
            _ => {
                self.err(v.span(), format!("{what} must be an integer from 0 to {max}"), None);
                None
            }
        }
    }
    fn strings(&mut self, v: &Val<'_>, what: &str) -> Option<Vec<String>> {
        match v.get_ref() {
            // A single string is accepted where a list is expected (like hadolint's trustedRegistries).
            DeValue::String(s) => Some(vec![s.to_string()]),
            DeValue::Array(items) => {
                let mut out = Vec::new();
                for item in items.iter() {
                    if let Some(s) = self.string(item, &format!("each item of {what}")) {
                        out.push(s);
                    }
                }
                Some(out)
            }
            other => {
                self.err(v.span(), format!("{what} must be a list of strings, not {}", type_name(other)), None);
                None
            }
        }
    }
    fn table<'a, 'i>(&mut self, v: &'a Val<'i>, what: &str) -> Option<&'a DeTable<'i>> {
        match v.get_ref() {
            DeValue::Table(t) => Some(t),
            other => {
                self.err(v.span(), format!("{what} must be a table, not {}", type_name(other)), None);
                None
            }
        }
    }
    fn level(&mut self, v: &Val<'_>, what: &str, default: Severity) -> Option<Level> {
        let s = match v.get_ref() {
            DeValue::Boolean(true) => return Some(Level::of(default)),
            DeValue::Boolean(false) => return Some(Level::Off),
            DeValue::String(s) => s.to_string(),
            other => {
                self.err(
                    v.span(),
                    format!("{what} must be one of {}, not {}", LEVELS.join(", "), type_name(other)),
                    None,
                );
                return None;
            }
        };
        match s.to_ascii_lowercase().as_str() {
            "off" | "ignore" | "none" => Some(Level::Off),
            "on" => Some(Level::of(default)),
            other => match Severity::parse(other) {
                Some(sev) => Some(Level::of(sev)),
                None => {
                    let help = suggest(other, LEVELS.iter().copied()).map(|s| format!("did you mean `{s}`?"));
                    self.err(v.span(), format!("{what}: `{s}` is not one of {}", LEVELS.join(", ")), help);
                    None
                }
            },
        }
    }
}

fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// A `[rules]` entry: the key as written, its span, its value.
type RuleEntry = (String, std::ops::Range<usize>, Val<'static>);

/// One file's settings, before layering.
#[derive(Default)]
struct Layer {
    extends: Option<(String, std::ops::Range<usize>)>,
    name: Option<String>,
    version: Option<u32>,
    unlisted: Vec<(Target, Unlisted)>,
    failure_threshold: Option<Threshold>,
    min_score: Option<u32>,
    /// Rule key as written, its span, and the level value (resolved against the rule's default later).
    rules: Vec<RuleEntry>,
    options: PartialOptions,
    score: PartialScore,
    overrides: Vec<(Vec<String>, Vec<RuleEntry>)>,
    custom: Vec<(CustomRule, std::ops::Range<usize>)>,
}

#[derive(Default)]
struct PartialOptions {
    trusted_registries: Option<Vec<String>>,
    allowed_base_images: Option<Vec<String>>,
    denied_base_images: Option<Vec<String>>,
    required_labels: Option<BTreeMap<String, LabelType>>,
    strict_labels: Option<bool>,
    compose: PartialCompose,
}

#[derive(Default)]
struct PartialCompose {
    trusted_registries: Option<Vec<String>>,
    allowed_images: Option<Vec<String>>,
    denied_images: Option<Vec<String>>,
    restart_policies: Option<Vec<String>>,
    max_log_size: Option<String>,
    max_log_files: Option<u32>,
    required_labels: Option<Vec<String>>,
    allowed_host_ips: Option<Vec<String>>,
}

/// The keys of `[options.compose]`.
pub(super) const COMPOSE_OPTION_KEYS: &[&str] = &[
    "trusted-registries",
    "allowed-images",
    "denied-images",
    "restart-policies",
    "max-log-size",
    "max-log-files",
    "required-labels",
    "allowed-host-ips",
];

fn read_compose_options(cx: &mut Ctx<'_>, t: &DeTable<'_>, o: &mut PartialCompose) {
    for (k, v) in t.iter() {
        match k.get_ref().as_ref() {
            "trusted-registries" => o.trusted_registries = cx.strings(v, "`trusted-registries`"),
            "allowed-images" => o.allowed_images = cx.strings(v, "`allowed-images`"),
            "denied-images" => o.denied_images = cx.strings(v, "`denied-images`"),
            "restart-policies" => o.restart_policies = cx.strings(v, "`restart-policies`"),
            "required-labels" => o.required_labels = cx.strings(v, "`required-labels`"),
            "allowed-host-ips" => o.allowed_host_ips = cx.strings(v, "`allowed-host-ips`"),
            "max-log-files" => o.max_log_files = cx.uint(v, "`max-log-files`", 1_000_000),
            "max-log-size" => {
                let Some(s) = cx.string(v, "`max-log-size`") else { continue };
                if crate::compose::schema::size_bytes(&s).is_some() {
                    o.max_log_size = Some(s);
                } else {
                    cx.err(v.span(), format!("`max-log-size` must be a size such as \"10m\", not `{s}`"), None);
                }
            }
            _ => cx.unknown_key(k, COMPOSE_OPTION_KEYS, "[options.compose]"),
        }
    }
}

#[derive(Default)]
struct PartialScore {
    error: Option<u32>,
    warning: Option<u32>,
    info: Option<u32>,
    style: Option<u32>,
    cap: Option<u32>,
    categories: Vec<(Category, u32)>,
}

fn owned(v: &Val<'_>) -> Val<'static> {
    Spanned::new(v.span(), widen(v.get_ref().clone()))
}

fn widen(v: DeValue<'_>) -> DeValue<'static> {
    match v {
        DeValue::String(s) => DeValue::String(std::borrow::Cow::Owned(s.into_owned())),
        DeValue::Boolean(b) => DeValue::Boolean(b),
        // Rule levels are strings or booleans; for other types only the kind matters (for
        // the error message), so they keep their kind with a placeholder value.
        DeValue::Integer(_) => DeValue::Integer(Default::default()),
        DeValue::Float(_) => DeValue::Float(Default::default()),
        DeValue::Datetime(d) => DeValue::Datetime(d),
        DeValue::Array(_) => DeValue::Array(Default::default()),
        DeValue::Table(_) => DeValue::Table(Default::default()),
    }
}

/// Rough nesting depth of brackets outside quotes: inputs nested deeper than 64 are refused
/// before parsing, so no input can exhaust the stack.
fn nesting_too_deep(text: &str) -> Option<usize> {
    let (mut depth, mut quote) = (0usize, None::<char>);
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match quote {
            Some(q) => {
                if c == q && !escaped {
                    quote = None;
                }
                escaped = q == '"' && c == '\\' && !escaped;
            }
            None => match c {
                '"' | '\'' => quote = Some(c),
                '[' | '{' => {
                    depth += 1;
                    if depth > 64 {
                        return Some(i);
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
    }
    None
}

/// The layer and the errors found in it (a syntax error returns only errors).
fn read_layer(text: &str) -> Result<(Layer, Vec<PolicyError>), Vec<PolicyError>> {
    if text.len() > MAX_POLICY_BYTES {
        return Err(vec![PolicyError::at(
            text,
            Span::new(0, 0),
            format!("the policy is {} bytes; the limit is {MAX_POLICY_BYTES}", text.len()),
            None,
        )]);
    }
    if let Some(at) = nesting_too_deep(text) {
        return Err(vec![PolicyError::at(text, Span::new(at, at + 1), "arrays or tables nested too deeply", None)]);
    }
    let (root, errors) = DeTable::parse_recoverable(text);
    let mut cx = Ctx { text, errors: Vec::new() };
    for e in &errors {
        let span = e.span().unwrap_or(0..0);
        cx.err(span, format!("invalid TOML: {}", e.message().trim()), None);
    }
    if !cx.errors.is_empty() {
        return Err(cx.errors);
    }
    let mut layer = Layer::default();
    for (k, v) in root.get_ref().iter() {
        match k.get_ref().as_ref() {
            "extends" => layer.extends = cx.string(v, "`extends`").map(|s| (s, v.span())),
            "name" => layer.name = cx.string(v, "`name`"),
            "description" => {
                cx.string(v, "`description`");
            }
            "version" => layer.version = cx.uint(v, "`version`", 1_000_000),
            "failure-threshold" => {
                if let Some(s) = cx.string(v, "`failure-threshold`") {
                    match Threshold::parse(&s) {
                        Some(t) => layer.failure_threshold = Some(t),
                        None => {
                            let opts = ["error", "warning", "info", "style", "none"];
                            let help = suggest(&s, opts).map(|x| format!("did you mean `{x}`?"));
                            cx.err(v.span(), format!("`failure-threshold` must be one of {}", opts.join(", ")), help);
                        }
                    }
                }
            }
            "min-score" => layer.min_score = cx.uint(v, "`min-score`", 100),
            "unlisted-rules" => {
                if let Some(t) = cx.table(v, "`unlisted-rules`") {
                    for (tk, tv) in t.iter() {
                        let target = match tk.get_ref().as_ref() {
                            "dockerfile" => Target::Dockerfile,
                            "compose" => Target::Compose,
                            _ => {
                                cx.unknown_key(tk, &["dockerfile", "compose"], "[unlisted-rules]");
                                continue;
                            }
                        };
                        match cx.string(tv, "an `unlisted-rules` entry").as_deref() {
                            Some("off") => layer.unlisted.push((target, Unlisted::Off)),
                            Some("default") => layer.unlisted.push((target, Unlisted::Default)),
                            Some(_) => {
                                cx.err(tv.span(), "an `unlisted-rules` entry must be \"off\" or \"default\"", None)
                            }
                            None => {}
                        }
                    }
                }
            }
            "rules" => {
                if let Some(t) = cx.table(v, "`rules`") {
                    for (rk, rv) in t.iter() {
                        layer.rules.push((rk.get_ref().to_string(), rk.span(), owned(rv)));
                    }
                }
            }
            "options" => {
                if let Some(t) = cx.table(v, "`options`") {
                    read_options(&mut cx, t, &mut layer.options);
                }
            }
            "score" => {
                if let Some(t) = cx.table(v, "`score`") {
                    read_score(&mut cx, t, &mut layer.score);
                }
            }
            "overrides" => match v.get_ref() {
                DeValue::Array(items) => {
                    for item in items.iter() {
                        let Some(t) = cx.table(item, "each `[[overrides]]` entry") else { continue };
                        let mut paths = Vec::new();
                        let mut rules = Vec::new();
                        let mut has_paths = false;
                        for (ok, ov) in t.iter() {
                            match ok.get_ref().as_ref() {
                                "paths" => {
                                    has_paths = true;
                                    paths = cx.strings(ov, "`paths`").unwrap_or_default();
                                }
                                "rules" => {
                                    if let Some(rt) = cx.table(ov, "`rules`") {
                                        for (rk, rv) in rt.iter() {
                                            rules.push((rk.get_ref().to_string(), rk.span(), owned(rv)));
                                        }
                                    }
                                }
                                _ => cx.unknown_key(ok, OVERRIDE_KEYS, "[[overrides]]"),
                            }
                        }
                        if !has_paths {
                            cx.err(item.span(), "an `[[overrides]]` entry needs `paths`", None);
                        }
                        layer.overrides.push((paths, rules));
                    }
                }
                other => {
                    cx.err(v.span(), format!("`overrides` must be an array of tables, not {}", type_name(other)), None)
                }
            },
            "custom-rules" => match v.get_ref() {
                DeValue::Array(items) => {
                    for item in items.iter() {
                        let Some(t) = cx.table(item, "each `[[custom-rules]]` entry") else { continue };
                        if let Some(rule) = read_custom(&mut cx, t, item.span()) {
                            layer.custom.push((rule, item.span()));
                        }
                    }
                }
                other => cx.err(
                    v.span(),
                    format!("`custom-rules` must be an array of tables, not {}", type_name(other)),
                    None,
                ),
            },
            _ => cx.unknown_key(k, TOP_KEYS, "the policy"),
        }
    }
    Ok((layer, cx.errors))
}

fn read_options(cx: &mut Ctx<'_>, t: &DeTable<'_>, o: &mut PartialOptions) {
    for (k, v) in t.iter() {
        match k.get_ref().as_ref() {
            "trusted-registries" => o.trusted_registries = cx.strings(v, "`trusted-registries`"),
            "allowed-base-images" => o.allowed_base_images = cx.strings(v, "`allowed-base-images`"),
            "denied-base-images" => o.denied_base_images = cx.strings(v, "`denied-base-images`"),
            "strict-labels" => o.strict_labels = cx.bool(v, "`strict-labels`"),
            "required-labels" => {
                let Some(lt) = cx.table(v, "`required-labels`") else { continue };
                let mut map = BTreeMap::new();
                for (lk, lv) in lt.iter() {
                    if let DeValue::Table(_) = lv.get_ref() {
                        let help = format!("quote label keys that contain dots: \"{}.…\" = \"text\"", lk.get_ref());
                        cx.err(lk.span(), "a label type must be a string, not a table", Some(help));
                        continue;
                    }
                    let Some(s) = cx.string(lv, "a label type") else { continue };
                    match LabelType::parse(&s) {
                        Some(ty) => {
                            map.insert(lk.get_ref().to_string(), ty);
                        }
                        None => {
                            let names: Vec<&str> = LabelType::ALL.iter().map(|t| t.as_str()).collect();
                            let help = suggest(&s, names.iter().copied()).map(|x| format!("did you mean `{x}`?"));
                            cx.err(lv.span(), format!("unknown label type `{s}`; types: {}", names.join(", ")), help);
                        }
                    }
                }
                o.required_labels = Some(map);
            }
            "compose" => {
                let Some(ct) = cx.table(v, "`compose`") else { continue };
                read_compose_options(cx, ct, &mut o.compose);
            }
            _ => cx.unknown_key(k, OPTION_KEYS, "[options]"),
        }
    }
}

fn read_score(cx: &mut Ctx<'_>, t: &DeTable<'_>, s: &mut PartialScore) {
    for (k, v) in t.iter() {
        match k.get_ref().as_ref() {
            "error" => s.error = cx.uint(v, "`score.error`", 100),
            "warning" => s.warning = cx.uint(v, "`score.warning`", 100),
            "info" => s.info = cx.uint(v, "`score.info`", 100),
            "style" => s.style = cx.uint(v, "`score.style`", 100),
            "cap" => s.cap = cx.uint(v, "`score.cap`", 100),
            "categories" => {
                let Some(ct) = cx.table(v, "`score.categories`") else { continue };
                for (ck, cv) in ct.iter() {
                    let Some(cat) = Category::ALL.into_iter().find(|c| c.as_str() == ck.get_ref().as_ref()) else {
                        let names: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
                        cx.unknown_key(ck, &names, "[score.categories]");
                        continue;
                    };
                    if let Some(n) = cx.uint(cv, "a category factor (percent)", 1000) {
                        s.categories.push((cat, n));
                    }
                }
            }
            _ => cx.unknown_key(k, SCORE_KEYS, "[score]"),
        }
    }
}

/// The known keys of a `[[custom-rules]]` entry and their values: a short list (one map type
/// fewer in the wasm module).
struct Fields<'a>(Vec<(&'static str, Val<'a>)>);

impl<'a> Fields<'a> {
    fn insert(&mut self, key: &'static str, v: Val<'a>) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = v,
            None => self.0.push((key, v)),
        }
    }
    fn get(&self, key: &str) -> Option<&Val<'a>> {
        self.0.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }
    fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }
}

fn read_custom(cx: &mut Ctx<'_>, t: &DeTable<'_>, span: std::ops::Range<usize>) -> Option<CustomRule> {
    let mut fields = Fields(Vec::new());
    let before = cx.errors.len();
    for (k, v) in t.iter() {
        match CUSTOM_KEYS.iter().find(|c| **c == k.get_ref().as_ref()) {
            Some(name) => {
                fields.insert(name, v.clone());
            }
            None => cx.unknown_key(k, CUSTOM_KEYS, "[[custom-rules]]"),
        }
    }
    let get = |cx: &mut Ctx<'_>, key: &str| fields.get(key).and_then(|v| cx.string(v, &format!("`{key}`")));
    let Some(id) = get(cx, "id") else {
        cx.err(span, "a custom rule needs an `id`", Some("e.g. id = \"ACME001\"".into()));
        return None;
    };
    let id_span = fields.get("id").map_or(span.clone(), |v| v.span());
    if id.is_empty()
        || id.len() > 32
        || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        || !id.starts_with(|c: char| c.is_ascii_alphabetic())
    {
        cx.err(
            id_span.clone(),
            format!("custom rule id `{id}` must be letters, digits, `-` or `_` (start with a letter, at most 32)"),
            None,
        );
    } else if id.to_ascii_uppercase().starts_with("SWD") || builtin(&id).is_some() {
        cx.err(
            id_span.clone(),
            format!("custom rule id `{id}` is reserved for built-in rules"),
            Some("use your own prefix, e.g. ACME001".into()),
        );
    }
    let name = get(cx, "name").unwrap_or_else(|| id.to_ascii_lowercase());
    if builtin(&name).is_some() {
        cx.err(
            fields.get("name").map_or(span.clone(), |v| v.span()),
            format!("custom rule name `{name}` is a built-in rule's name"),
            None,
        );
    }
    let Some(message) = get(cx, "message") else {
        cx.err(span, format!("custom rule `{id}` needs a `message`"), None);
        return None;
    };
    let help = get(cx, "help").unwrap_or_default();
    let url = get(cx, "url");
    let description = get(cx, "description");
    let severity = match fields.get("severity") {
        Some(v) => match cx.level(v, "`severity`", Severity::Warning)? {
            Level::Off => {
                cx.err(
                    v.span(),
                    "a custom rule's `severity` is error, warning, info or style (turn it off under [rules])",
                    None,
                );
                return None;
            }
            l => l.severity().unwrap_or(Severity::Warning),
        },
        None => Severity::Warning,
    };
    let category = match get(cx, "category") {
        Some(c) => match Category::ALL.into_iter().find(|x| x.as_str() == c) {
            Some(x) => x,
            None => {
                let names: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
                let help = suggest(&c, names.iter().copied()).map(|x| format!("did you mean `{x}`?"));
                cx.err(
                    fields.get("category").map_or(span.clone(), |v| v.span()),
                    format!("unknown category `{c}`; categories: {}", names.join(", ")),
                    help,
                );
                return None;
            }
        },
        None => Category::Maintainability,
    };
    let Some(kind) = get(cx, "kind") else {
        cx.err(span, format!("custom rule `{id}` needs a `kind`"), Some(format!("kinds: {}", CUSTOM_KINDS.join(", "))));
        return None;
    };
    let kind_span = fields.get("kind").map_or(span.clone(), |v| v.span());
    let need = |cx: &mut Ctx<'_>, key: &str| -> Option<String> {
        let v = fields.get(key).and_then(|v| cx.string(v, &format!("`{key}`")));
        if v.is_none() && !fields.contains_key(key) {
            cx.err(span.clone(), format!("a `{kind}` custom rule needs `{key}`"), None);
        }
        v
    };
    let check = match kind.as_str() {
        "require-label" => CustomCheck::RequireLabel { label: need(cx, "label")? },
        "forbid-label" => CustomCheck::ForbidLabel { label: need(cx, "label")? },
        "allow-base-images" | "deny-base-images" => {
            let Some(v) = fields.get("patterns") else {
                cx.err(span, format!("a `{kind}` custom rule needs `patterns`"), None);
                return None;
            };
            let patterns = cx.strings(v, "`patterns`")?;
            if kind == "allow-base-images" {
                CustomCheck::AllowBaseImages { patterns }
            } else {
                CustomCheck::DenyBaseImages { patterns }
            }
        }
        "forbid-instruction" => CustomCheck::ForbidInstruction { instruction: need(cx, "instruction")? },
        "forbid-flag" => {
            let instruction = fields.get("instruction").and_then(|v| cx.string(v, "`instruction`"));
            CustomCheck::ForbidFlag { instruction, flag: need(cx, "flag")? }
        }
        "forbid-run-command" => CustomCheck::ForbidRunCommand { pattern: need(cx, "pattern")? },
        "require-compose-key" => CustomCheck::RequireComposeKey { key: need(cx, "key")? },
        "forbid-compose-key" => CustomCheck::ForbidComposeKey { key: need(cx, "key")? },
        "require-compose-value" => {
            CustomCheck::RequireComposeValue { key: need(cx, "key")?, value: need(cx, "value")? }
        }
        "forbid-compose-value" => CustomCheck::ForbidComposeValue { key: need(cx, "key")?, value: need(cx, "value")? },
        other => {
            let help = suggest(other, CUSTOM_KINDS.iter().copied())
                .map(|x| format!("did you mean `{x}`?"))
                .or_else(|| Some(format!("kinds: {}", CUSTOM_KINDS.join(", "))));
            cx.err(kind_span, format!("unknown custom rule kind `{other}`"), help);
            return None;
        }
    };
    if cx.errors.len() > before {
        return None;
    }
    Some(CustomRule { id, name, message, help, severity, category, url, description, check })
}

/// Reads `text` and layers it over what it extends (a preset, or the latest `recommended`;
/// presets without `extends` start from the built-in defaults).
pub(super) fn resolve(text: &str, is_preset: bool, depth: usize) -> Result<Policy, Vec<PolicyError>> {
    let (layer, mut errors) = read_layer(text)?;
    let mut base = match &layer.extends {
        Some((spec, _)) if spec == "none" => Policy::builtin_defaults(),
        Some((spec, span)) => match preset_text(spec) {
            Some((ptext, _, _)) if depth < MAX_DEPTH => match resolve(ptext, true, depth + 1) {
                Ok(p) => p,
                Err(_) => {
                    errors.push(PolicyError::at(
                        text,
                        Span::new(span.start, span.end),
                        format!("preset `{spec}` is invalid"),
                        None,
                    ));
                    Policy::builtin_defaults()
                }
            },
            Some(_) => {
                errors.push(PolicyError::at(
                    text,
                    Span::new(span.start, span.end),
                    "presets extend each other too deeply",
                    None,
                ));
                Policy::builtin_defaults()
            }
            None => {
                let names = Policy::preset_names();
                let help = suggest(spec, names.iter().map(String::as_str))
                    .map(|s| format!("did you mean `{s}`?"))
                    .or_else(|| Some(format!("presets: {}, or \"none\"", names.join(", "))));
                errors.push(PolicyError::at(
                    text,
                    Span::new(span.start, span.end),
                    format!("unknown preset `{spec}`"),
                    help,
                ));
                Policy::builtin_defaults()
            }
        },
        None if is_preset => Policy::builtin_defaults(),
        None => default_policy().clone(),
    };
    let extends_label = layer.extends.as_ref().map(|(s, _)| s.clone());
    let source = if is_preset {
        match (&layer.name, layer.version) {
            (Some(n), Some(v)) => format!("{n}@{v}"),
            (Some(n), None) => n.clone(),
            _ => "preset".into(),
        }
    } else {
        "policy".to_string()
    };
    // Custom rules first: the [rules] table may name them.
    let mut custom_ids: std::collections::HashSet<String> =
        base.custom_rules.iter().map(|r| r.id.to_ascii_lowercase()).collect();
    for (rule, span) in layer.custom {
        if !custom_ids.insert(rule.id.to_ascii_lowercase()) {
            errors.push(PolicyError::at(
                text,
                Span::new(span.start, span.end),
                format!("custom rule `{}` is declared twice", rule.id),
                None,
            ));
            continue;
        }
        base.rules.insert(
            rule.id.clone(),
            RuleState { level: Level::of(rule.severity), source: format!("{source} (custom rule)"), explicit: true },
        );
        base.custom_rules.push(rule);
    }
    let custom_index: KeyIndex<(String, Severity)> = KeyIndex::new(
        base.custom_rules
            .iter()
            .flat_map(|c| {
                [
                    (c.id.to_ascii_lowercase(), (c.id.clone(), c.severity)),
                    (c.name.to_ascii_lowercase(), (c.id.clone(), c.severity)),
                ]
            })
            .collect(),
    );
    let lookup = |key: &str, base: &Policy, suggest_one: bool| -> Result<(String, Severity), Option<String>> {
        if let Some(m) = builtin(key) {
            return Ok((m.id.to_string(), m.severity));
        }
        if let Some(c) = custom_index.get(&key.to_ascii_lowercase()) {
            return Ok(c.clone());
        }
        if !suggest_one {
            return Err(None);
        }
        let mut cands: Vec<&str> = all_rules().iter().flat_map(|m| [m.id, m.name]).collect();
        cands.extend(base.custom_rules.iter().flat_map(|c| [c.id.as_str(), c.name.as_str()]));
        Err(suggest(key, cands).map(|s| format!("did you mean `{s}`?")))
    };
    let mut cx = Ctx { text, errors: std::mem::take(&mut errors) };
    let mut listed: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (key, span, value) in &layer.rules {
        match lookup(key, &base, !cx.full()) {
            Ok((id, default)) => {
                if let Some(level) = cx.level(value, &format!("rule `{key}`"), default) {
                    listed.insert(id.clone());
                    base.rules.insert(id, RuleState { level, source: source.clone(), explicit: true });
                }
            }
            Err(help) => cx.err(
                span.clone(),
                format!("unknown rule `{key}`"),
                help.or_else(|| Some("`seaworthy rules` lists the rule ids and names".into())),
            ),
        }
    }
    // Presets freeze their version: rules they do not list are off (or at their defaults).
    for (target, mode) in &layer.unlisted {
        if *mode == Unlisted::Off {
            for m in all_rules().into_iter().filter(|m| m.target == *target) {
                if !listed.contains(m.id) && !base.rules.get(m.id).is_some_and(|s| s.explicit) {
                    base.rules.insert(
                        m.id.to_string(),
                        RuleState { level: Level::Off, source: format!("not in {source}"), explicit: false },
                    );
                }
            }
        }
    }
    let mut overrides = Vec::new();
    for (paths, rules) in &layer.overrides {
        let mut map = BTreeMap::new();
        for (key, span, value) in rules {
            match lookup(key, &base, !cx.full()) {
                Ok((id, default)) => {
                    if let Some(level) = cx.level(value, &format!("rule `{key}`"), default) {
                        map.insert(id, level);
                    }
                }
                Err(help) => cx.err(span.clone(), format!("unknown rule `{key}`"), help),
            }
        }
        overrides.push(PathOverride { paths: paths.clone(), rules: map });
    }
    errors.extend(cx.errors);
    if !errors.is_empty() {
        // In file order; the "too many errors" note last.
        crate::sort::sort_by_key(&mut errors, |e| (e.message.starts_with("too many errors"), e.span.start, e.span.end));
        return Err(errors);
    }
    base.overrides.extend(overrides);
    let o = layer.options;
    if let Some(v) = o.trusted_registries {
        base.options.trusted_registries = v;
    }
    if let Some(v) = o.allowed_base_images {
        base.options.allowed_base_images = v;
    }
    if let Some(v) = o.denied_base_images {
        base.options.denied_base_images = v;
    }
    if let Some(v) = o.required_labels {
        base.options.required_labels = v;
    }
    if let Some(v) = o.strict_labels {
        base.options.strict_labels = v;
    }
    let (c, bc) = (o.compose, &mut base.options.compose);
    for (slot, v) in [
        (&mut bc.trusted_registries, c.trusted_registries),
        (&mut bc.allowed_images, c.allowed_images),
        (&mut bc.denied_images, c.denied_images),
        (&mut bc.restart_policies, c.restart_policies),
        (&mut bc.required_labels, c.required_labels),
        (&mut bc.allowed_host_ips, c.allowed_host_ips),
    ] {
        if let Some(v) = v {
            *slot = v;
        }
    }
    if c.max_log_size.is_some() {
        bc.max_log_size = c.max_log_size;
    }
    if c.max_log_files.is_some() {
        bc.max_log_files = c.max_log_files;
    }
    let s = layer.score;
    let w = &mut base.score.weights;
    for (slot, v) in [
        (&mut w.error, s.error),
        (&mut w.warning, s.warning),
        (&mut w.info, s.info),
        (&mut w.style, s.style),
        (&mut w.cap, s.cap),
    ] {
        if let Some(v) = v {
            *slot = v;
        }
    }
    for (c, n) in s.categories {
        base.score.categories.insert(c, n);
    }
    if let Some(t) = layer.failure_threshold {
        base.failure_threshold = t;
    }
    if layer.min_score.is_some() {
        base.min_score = layer.min_score;
    }
    // Option-driven rules: on when their option is set, unless a file set them explicitly.
    for m in all_rules() {
        if let Some((option, on)) = option_enabled(m, &base.options) {
            if let Some(st) = base.rules.get_mut(m.id) {
                if !st.explicit {
                    if on {
                        *st = RuleState { level: Level::of(m.severity), source: option.to_string(), explicit: false };
                    } else if st.level != Level::Off {
                        st.level = Level::Off;
                        st.source = format!("{option} not set");
                    }
                }
            }
        }
    }
    if is_preset {
        base.name = layer.name.unwrap_or_else(|| "preset".into());
        base.version = layer.version;
        base.extends = extends_label;
    } else {
        base.name = layer.name.unwrap_or_else(|| "custom".into());
        base.version = None;
        base.extends = Some(match extends_label {
            Some(e) => match preset_text(&e) {
                Some((_, n, v)) => format!("{n}@{v}"),
                None => e,
            },
            None => default_policy().label(),
        });
    }
    Ok(base)
}

//! Policies on the command line: `--config FILE`, `--policy PRESET`, discovery of
//! `.seaworthy.toml` upward from each checked file, and `seaworthy policy show|import`.

use crate::cli::{PolicyArgs, PolicyCommand, PolicyFormat, PolicySelect};
use crate::input::{io_reason, Origin, Target};
use crate::{report_failure, Exit, Failure};
use seaworthy::policy::{hadolint, Policy, PolicyError};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// The file name looked for in each directory from a checked file upwards.
pub const CONFIG_NAME: &str = ".seaworthy.toml";

/// A policy and where it comes from.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub policy: Rc<Policy>,
    /// The policy file (None for a preset or the default).
    pub file: Option<PathBuf>,
}

impl Loaded {
    /// The path of `target` as the policy's per-path overrides see it: relative to the
    /// directory of the policy file when the target is under it, else as shown.
    pub fn path_for(&self, target: &Target) -> String {
        let Origin::File(p) = &target.origin else { return target.display.clone() };
        let Some(dir) = self.file.as_ref().and_then(|f| f.parent()) else { return target.display.clone() };
        let (Ok(abs), Ok(base)) = (
            std::fs::canonicalize(p),
            std::fs::canonicalize(if dir.as_os_str().is_empty() { Path::new(".") } else { dir }),
        ) else {
            return target.display.clone();
        };
        match abs.strip_prefix(&base) {
            Ok(rel) => rel.to_string_lossy().replace('\\', "/"),
            Err(_) => target.display.clone(),
        }
    }
}

/// A policy file's path as shown: relative to the current directory when under it.
pub fn shown(path: &Path) -> String {
    let rel = std::env::current_dir()
        .ok()
        .and_then(|cwd| std::fs::canonicalize(cwd).ok())
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf));
    crate::input::display_path(rel.as_deref().unwrap_or(path))
}

/// Formats policy errors as `FILE:LINE:COL: MESSAGE (help: ...)`.
pub fn describe_errors(file: &str, errors: &[PolicyError]) -> String {
    let mut lines = Vec::new();
    for e in errors {
        let mut l = format!("{file}:{}:{}: {}", e.line, e.column, e.message);
        if let Some(h) = &e.help {
            l.push_str(&format!("\n  help: {h}"));
        }
        lines.push(l);
    }
    format!("invalid policy:\n{}", lines.join("\n"))
}

/// Reads and parses a policy file.
pub fn load_file(path: &Path) -> Result<Policy, Failure> {
    let shown = shown(path);
    let text =
        std::fs::read_to_string(path).map_err(|e| Failure::new(format!("{shown}: cannot read: {}", io_reason(&e))))?;
    Policy::parse(&text).map_err(|errs| Failure::new(describe_errors(&shown, &errs)))
}

/// Picks the policy of each checked file.
pub struct Resolver {
    fixed: Option<Loaded>,
    /// Directory → the policy found from it upwards.
    cache: HashMap<PathBuf, Result<Loaded, Failure>>,
    default: Loaded,
}

impl Resolver {
    /// `--config` and `--policy` fix one policy for every file; without them each file gets
    /// the nearest `.seaworthy.toml` above it, else the default (the latest `recommended`).
    pub fn new(sel: &PolicySelect) -> Result<Resolver, Failure> {
        let default = Loaded { policy: Rc::new(Policy::default()), file: None };
        let fixed = match (&sel.config, &sel.policy) {
            (Some(_), Some(_)) => {
                return Err(Failure::new(
                    "--config and --policy cannot be combined: a policy file names its preset with `extends`",
                ))
            }
            (Some(path), None) => Some(Loaded { policy: Rc::new(load_file(path)?), file: Some(path.clone()) }),
            (None, Some(name)) => match Policy::from_spec(name) {
                Ok(p) if Policy::preset(name).is_some() => Some(Loaded { policy: Rc::new(p), file: None }),
                _ => {
                    return Err(Failure::new(format!(
                        "unknown preset `{name}`; presets: {}",
                        Policy::preset_names().join(", ")
                    )))
                }
            },
            (None, None) => None,
        };
        Ok(Resolver { fixed, cache: HashMap::new(), default })
    }

    /// The policy for one target.
    pub fn for_target(&mut self, t: &Target) -> Result<Loaded, Failure> {
        if let Some(f) = &self.fixed {
            return Ok(f.clone());
        }
        let start = match &t.origin {
            Origin::File(p) => {
                let dir = if p.is_dir() {
                    p.as_path()
                } else {
                    p.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."))
                };
                std::fs::canonicalize(dir).ok()
            }
            Origin::Stdin => std::env::current_dir().ok(),
        };
        let Some(dir) = start else { return Ok(self.default.clone()) };
        self.find_from(&dir)
    }

    fn find_from(&mut self, dir: &Path) -> Result<Loaded, Failure> {
        if let Some(hit) = self.cache.get(dir) {
            return hit.clone();
        }
        let candidate = dir.join(CONFIG_NAME);
        let found = if candidate.is_file() {
            load_file(&candidate).map(|p| Loaded { policy: Rc::new(p), file: Some(candidate) })
        } else {
            match dir.parent() {
                Some(parent) if parent != dir => self.find_from(parent),
                _ => Ok(self.default.clone()),
            }
        };
        self.cache.insert(dir.to_path_buf(), found.clone());
        found
    }
}

pub fn run(args: &PolicyArgs) -> Exit {
    match &args.command {
        PolicyCommand::Show(a) => {
            let loaded = match Resolver::new(&a.select) {
                Ok(mut r) => {
                    let target = match &a.path {
                        Some(p) => Target { display: crate::input::display_path(p), origin: Origin::File(p.clone()) },
                        None => Target { display: "-".into(), origin: Origin::Stdin },
                    };
                    r.for_target(&target)
                }
                Err(f) => Err(f),
            };
            let loaded = match loaded {
                Ok(l) => l,
                Err(f) => {
                    report_failure(&f);
                    return Exit::Error;
                }
            };
            let mut out = match a.format {
                PolicyFormat::Toml => {
                    let from = match &loaded.file {
                        Some(f) => format!("# From {}\n", shown(f)),
                        None => String::new(),
                    };
                    from + &loaded.policy.to_toml()
                }
                PolicyFormat::Json => match serde_json::to_string_pretty(&*loaded.policy) {
                    Ok(s) => s,
                    Err(e) => {
                        report_failure(&Failure::new(format!("cannot serialize the policy: {e}")));
                        return Exit::Error;
                    }
                },
            };
            if !out.ends_with('\n') {
                out.push('\n');
            }
            crate::print_stdout(&out)
        }
        PolicyCommand::Import(a) => {
            let shown = crate::input::display_path(&a.file);
            let text = match std::fs::read_to_string(&a.file) {
                Ok(t) => t,
                Err(e) => {
                    report_failure(&Failure::new(format!("{shown}: cannot read: {}", io_reason(&e))));
                    return Exit::Error;
                }
            };
            match hadolint::import(&text) {
                Ok(imp) => {
                    for n in &imp.notes {
                        crate::stderr_line(&format!("seaworthy: note: {n}"));
                    }
                    match &a.output {
                        Some(out) => match std::fs::write(out, &imp.toml) {
                            Ok(()) => {
                                crate::stderr_line(&format!("wrote {}", crate::input::display_path(out)));
                                Exit::Clean
                            }
                            Err(e) => {
                                report_failure(&Failure::new(format!(
                                    "{}: cannot write: {}",
                                    crate::input::display_path(out),
                                    io_reason(&e)
                                )));
                                Exit::Error
                            }
                        },
                        None => crate::print_stdout(&imp.toml),
                    }
                }
                Err(errs) => {
                    report_failure(&Failure::new(
                        describe_errors(&shown, &errs).replace("invalid policy", "invalid hadolint configuration"),
                    ));
                    Exit::Error
                }
            }
        }
    }
}

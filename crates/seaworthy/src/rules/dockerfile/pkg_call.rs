//! Package-manager command lines, read once for every package-manager rule (not a rule).
//!
//! [`PkgCall::parse`] recognises `apt-get`, `apt`, `apk`, `yum`, `dnf`, `microdnf`, `tdnf`,
//! `zypper`, `pip` (also `pip3`, `pip3.12`, `python -m pip`), `npm`, `yarn`, `pnpm`, `gem`
//! and `go` (after wrappers such as `sudo -u user`, `env`, `xargs`), and splits the words into
//! options (long, short, clustered, `--opt=value`, options that take the next word as their
//! value), the subcommand, and the package arguments with their version pins
//! (`pkg=1.2`, `pkg==1.2`, `pkg>=1`, `pkg@1.2`, `pkg-1.2-3.el9`, `gem -v 1.2`, `go pkg@v1`).
//! Every piece keeps the index of its word, so rules can point at it and edit next to it.
//!
//! It also holds small helpers the package-manager rules share: cache mounts, `rm` of a cache
//! directory, `yes |` feeding, environment lookups through the stage chain, and the
//! "append a cleanup command to this RUN" edit.

use crate::diagnostic::{Edit, Fix};
use crate::dockerfile::logical::LogicalAt;
use crate::dockerfile::model::run_scripts;
use crate::dockerfile::{Args, Instruction};
use crate::rules::{DockerfileCtx, Sink};
use crate::shell::{Command, OffsetMap, Script, Sep, ShWord};
use crate::span::Span;

/// A package manager.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Manager {
    AptGet,
    Apt,
    Apk,
    Yum,
    Dnf,
    Microdnf,
    Tdnf,
    Zypper,
    Pip,
    Npm,
    Yarn,
    Pnpm,
    Gem,
    Go,
}

impl Manager {
    /// The manager a command name (without directories) runs.
    pub fn from_name(name: &str) -> Option<Manager> {
        Some(match name {
            // `xx-*` are the cross-compilation wrappers of tonistiigi/xx: same command lines
            "apt-get" | "xx-apt-get" | "xx-apt" => Manager::AptGet,
            "apt" => Manager::Apt,
            "apk" | "xx-apk" => Manager::Apk,
            "yum" => Manager::Yum,
            "dnf" | "dnf5" | "dnf-3" => Manager::Dnf,
            "microdnf" => Manager::Microdnf,
            "tdnf" => Manager::Tdnf,
            "zypper" => Manager::Zypper,
            "npm" => Manager::Npm,
            "yarn" | "yarnpkg" => Manager::Yarn,
            "pnpm" => Manager::Pnpm,
            "gem" => Manager::Gem,
            "go" | "xx-go" => Manager::Go,
            _ if versioned_name(name, "pip") => Manager::Pip,
            _ => return None,
        })
    }

    /// The usual command name.
    pub fn as_str(self) -> &'static str {
        match self {
            Manager::AptGet => "apt-get",
            Manager::Apt => "apt",
            Manager::Apk => "apk",
            Manager::Yum => "yum",
            Manager::Dnf => "dnf",
            Manager::Microdnf => "microdnf",
            Manager::Tdnf => "tdnf",
            Manager::Zypper => "zypper",
            Manager::Pip => "pip",
            Manager::Npm => "npm",
            Manager::Yarn => "yarn",
            Manager::Pnpm => "pnpm",
            Manager::Gem => "gem",
            Manager::Go => "go",
        }
    }

    /// Managers that share a package index: apt and apt-get, and the RPM managers.
    pub fn family(self) -> Family {
        match self {
            Manager::AptGet | Manager::Apt => Family::Apt,
            Manager::Apk => Family::Apk,
            Manager::Yum | Manager::Dnf | Manager::Microdnf | Manager::Tdnf => Family::Rpm,
            Manager::Zypper => Family::Zypper,
            Manager::Pip => Family::Pip,
            Manager::Npm | Manager::Yarn | Manager::Pnpm => Family::Node,
            Manager::Gem => Family::Gem,
            Manager::Go => Family::Go,
        }
    }
}

/// Groups of managers that share an index and a cache.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Family {
    Apt,
    Apk,
    Rpm,
    Zypper,
    Pip,
    Node,
    Gem,
    Go,
}

/// What a subcommand does, across managers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Action {
    /// Installs named packages (`apt-get install`, `apk add`, `pip install`, `npm install`...).
    Install,
    /// `npm ci`: installs exactly what the lockfile says.
    Ci,
    /// Downloads the package index only (`apt-get update`, `apk update`, `dnf makecache`,
    /// `zypper refresh`).
    RefreshIndex,
    /// Upgrades installed packages (`apt-get upgrade`, `yum update`, `zypper update`).
    Upgrade,
    /// Distribution upgrade (`apt-get dist-upgrade`, `zypper dup`, `dnf distro-sync`).
    DistUpgrade,
    Remove,
    /// Cleans the manager's cache (`yum clean all`, `zypper cc`, `apk cache clean`...).
    Clean,
    Other,
}

/// One option as written: `-y`, `--no-cache`, `--opt=value`, or one letter of a cluster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PkgOpt {
    /// Index in `cmd.words` of the word holding the option.
    pub word: usize,
    /// `-y` for short options (one per letter of a cluster), `--name` for long ones, and
    /// `-name` for Go's single-dash flags.
    pub name: String,
    pub value: Option<String>,
    /// Index of the next word when it holds the value (`-t release`).
    pub value_word: Option<usize>,
    /// Span of the option word.
    pub span: Span,
    /// Whether it comes before the subcommand (a global option).
    pub global: bool,
}

/// The settings of an `apt-get`/`apt` call that the apt rules judge (see
/// [`PkgCall::apt_options`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct AptOptions {
    pub yes: bool,
    pub quiet: u32,
    pub no_recommends: bool,
    /// `-s`, `--simulate`, `--dry-run`...: nothing is installed.
    pub simulate: bool,
}

impl AptOptions {
    /// Whether apt answers its prompts by itself (`-y`, or quiet level 2 which implies it).
    pub fn assume_yes(&self) -> bool {
        self.yes || self.quiet >= 2
    }

    /// Applies a `-o Key=value` configuration item.
    fn apply_config(&mut self, item: Option<&str>) {
        let Some((key, value)) = item.and_then(|i| i.split_once('=')) else { return };
        match key.trim().to_ascii_lowercase().as_str() {
            "apt::get::assume-yes" => self.yes = truthy(value),
            "apt::install-recommends" => self.no_recommends = falsy(value),
            "quiet" => {
                if let Ok(n) = value.trim().parse() {
                    self.quiet = n;
                }
            }
            _ => {}
        }
    }
}

fn truthy(v: &str) -> bool {
    matches!(v.trim().to_ascii_lowercase().as_str(), "true" | "yes" | "1" | "on" | "with" | "enable")
}

fn falsy(v: &str) -> bool {
    matches!(v.trim().to_ascii_lowercase().as_str(), "false" | "no" | "0" | "off" | "without" | "disable")
}

/// Where a package argument comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Source {
    /// A name (and maybe a version) resolved in the manager's registry or repositories.
    Registry,
    /// A local file or directory (`./app`, `/tmp/x.deb`, `dist/*.whl`, `.`).
    Local,
    /// A URL or VCS reference (`https://...`, `git+https://...`, `user/repo`).
    Remote,
    /// Built from a variable (`$PACKAGES`): unknown.
    Dynamic,
    /// Not a single package: a group (`@development`), a capability (`'dnf-command(x)'`).
    Other,
}

/// One package argument.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PkgArg {
    /// Index in `cmd.words`.
    pub word: usize,
    pub name: String,
    /// The version or range written after the separator (or in `gem -v`).
    pub version: Option<String>,
    /// The separator: `=`, `==`, `>=`, `~=`, `@`, `:`, `-` (RPM `name-version`), `/` (apt
    /// release), `-v` (gem), `""` when there is no version.
    pub op: String,
    pub source: Source,
    /// Span of the word.
    pub span: Span,
}

impl PkgArg {
    /// Whether the argument names a fixed version (or a range with an upper bound) of the
    /// manager's `m` package. Local files, URLs, variables and groups count as pinned: there
    /// is no registry version to pin.
    pub fn pinned(&self, m: Manager) -> bool {
        if self.source != Source::Registry {
            return true;
        }
        let Some(v) = self.version.as_deref().filter(|v| !v.is_empty()) else { return false };
        if v.contains('$') {
            return true;
        }
        match m {
            Manager::AptGet | Manager::Apt => self.op == "=",
            Manager::Go => {
                let vl = v.to_ascii_lowercase();
                (vl.starts_with('v') && vl.as_bytes().get(1).is_some_and(u8::is_ascii_digit))
                    || (vl.len() >= 7 && vl.bytes().all(|c| c.is_ascii_hexdigit()))
            }
            Manager::Npm | Manager::Yarn | Manager::Pnpm => {
                let first = v.chars().next().unwrap_or(' ');
                let numeric = first.is_ascii_digit()
                    || matches!(first, '^' | '~' | '=' | '<' | '>')
                    || (first == 'v' && v.as_bytes().get(1).is_some_and(u8::is_ascii_digit));
                numeric && !lower_bound_only(v)
            }
            Manager::Pip => v.contains("==") || v.contains("~=") || v.contains('<'),
            _ => {
                let comparison = !self.op.is_empty() && self.op.bytes().all(|c| b"=<>~!".contains(&c));
                let spec = if comparison { format!("{}{v}", self.op) } else { v.to_string() };
                !lower_bound_only(&spec)
            }
        }
    }
}

/// `>=1.2`, `>1`, `!=3`: constraints that do not stop newer versions.
fn lower_bound_only(spec: &str) -> bool {
    let s = spec.trim();
    !s.contains('<')
        && !s.contains("==")
        && !s.contains('~')
        && !s.contains('^')
        && (s.starts_with('>') || s.starts_with("!="))
        && !s.contains(" - ")
}

/// One package-manager invocation.
#[derive(Clone, Debug)]
pub(crate) struct PkgCall<'a> {
    pub cmd: &'a Command,
    pub manager: Manager,
    /// Index of the word naming the manager (`python` for `python -m pip`).
    pub tool: usize,
    /// Index of the subcommand word (`install`, `add`, `update`...). For `yarn global add`
    /// this is the `add` word and `global_scope` is set.
    pub sub: Option<usize>,
    pub opts: Vec<PkgOpt>,
    /// Indices of the words after the subcommand that are neither options nor option values.
    pub positionals: Vec<usize>,
    /// A variable whose name suggests options (`$APT_OPTS`, `${PIP_FLAGS}`): unknown options.
    pub unknown_options: bool,
    /// `yarn global add ...`.
    pub global_scope: bool,
}

impl<'a> PkgCall<'a> {
    /// Reads `cmd` if it runs a package manager.
    pub fn parse(cmd: &'a Command) -> Option<PkgCall<'a>> {
        let start = command_start(cmd);
        let first = cmd.words.get(start)?;
        if first.dynamic {
            return None;
        }
        let base = basename(&first.value);
        let (manager, mut j) = if versioned_name(base, "python") {
            (Manager::Pip, python_m_pip(cmd, start)?)
        } else {
            (Manager::from_name(base)?, start + 1)
        };
        let mut call = PkgCall {
            cmd,
            manager,
            tool: start,
            sub: None,
            opts: Vec::new(),
            positionals: Vec::new(),
            unknown_options: false,
            global_scope: false,
        };
        let mut options_done = false;
        while let Some(w) = cmd.words.get(j) {
            let idx = j;
            j += 1;
            let v = w.value.as_str();
            let global = call.sub.is_none();
            if w.dynamic && option_like_variable(v) {
                call.unknown_options = true;
                continue;
            }
            if options_done || !v.starts_with('-') || v == "-" {
                if call.sub.is_none() {
                    if manager == Manager::Yarn && v == "global" && !call.global_scope {
                        call.global_scope = true;
                        continue;
                    }
                    call.sub = Some(idx);
                } else {
                    call.positionals.push(idx);
                }
                continue;
            }
            if v == "--" {
                options_done = true;
                if manager == Manager::Gem {
                    // the rest are build arguments for the gem's extension
                    break;
                }
                continue;
            }
            if manager == Manager::Go || (v.starts_with("--") && v.len() > 2) {
                // a long option (Go's flags are long with one or two dashes)
                let body = v.trim_start_matches('-');
                let (n, value) = match body.split_once('=') {
                    Some((n, val)) => (n, Some(val.to_string())),
                    None => (body, None),
                };
                let name = if manager == Manager::Go { format!("-{n}") } else { format!("--{n}") };
                let mut value_word = None;
                let value = match value {
                    Some(x) => Some(x),
                    None if takes_value(manager, global, &name) => {
                        value_word = cmd.words.get(j).map(|_| j);
                        j += 1;
                        value_word.and_then(|k| cmd.words.get(k)).map(|x| x.value.to_string())
                    }
                    None => None,
                };
                call.opts.push(PkgOpt { word: idx, name, value, value_word, span: w.span, global });
                continue;
            }
            // a cluster of short options: `-y`, `-qqy`, `-q=2`, `-oKey=value`, `-t release`
            let cluster = v.get(1..).unwrap_or("");
            for (k, c) in cluster.char_indices() {
                let name = format!("-{c}");
                let rest = cluster.get(k + c.len_utf8()..).unwrap_or("");
                if let Some(val) = rest.strip_prefix('=') {
                    call.opts.push(PkgOpt {
                        word: idx,
                        name,
                        value: Some(val.to_string()),
                        value_word: None,
                        span: w.span,
                        global,
                    });
                    break;
                }
                if takes_value(manager, global, &name) {
                    let (value, value_word) = if rest.is_empty() {
                        let vw = cmd.words.get(j).map(|_| j);
                        j += 1;
                        (vw.and_then(|x| cmd.words.get(x)).map(|x| x.value.to_string()), vw)
                    } else {
                        (Some(rest.to_string()), None)
                    };
                    call.opts.push(PkgOpt { word: idx, name, value, value_word, span: w.span, global });
                    break;
                }
                call.opts.push(PkgOpt { word: idx, name, value: None, value_word: None, span: w.span, global });
            }
        }
        Some(call)
    }

    /// The word naming the manager.
    pub fn tool_word(&self) -> Option<&'a ShWord> {
        self.cmd.words.get(self.tool)
    }

    /// The subcommand word.
    pub fn sub_word(&self) -> Option<&'a ShWord> {
        self.sub.and_then(|s| self.cmd.words.get(s))
    }

    /// The subcommand, e.g. `install`.
    pub fn subcommand(&self) -> Option<&'a str> {
        self.sub_word().map(|w| w.value.as_str())
    }

    /// The first word after the subcommand (`install` in `dnf module install`).
    pub fn second(&self) -> Option<&'a str> {
        self.positionals.first().and_then(|p| self.cmd.words.get(*p)).map(|w| w.value.as_str())
    }

    /// From the manager word to the end of the subcommand word (`apt-get install`), for
    /// pointing at the call.
    pub fn head_span(&self) -> Span {
        let start = self.tool_word().map_or(self.cmd.span, |w| w.span);
        match self.sub_word() {
            Some(s) => start.cover(s.span),
            None => start,
        }
    }

    /// Whether any of `names` is given (`&["-y", "--yes"]`).
    pub fn has(&self, names: &[&str]) -> bool {
        self.opts.iter().any(|o| names.contains(&o.name.as_str()))
    }

    /// The last option among `names`.
    pub fn opt(&self, names: &[&str]) -> Option<&PkgOpt> {
        self.opts.iter().rev().find(|o| names.contains(&o.name.as_str()))
    }

    /// What the options of an `apt-get`/`apt` call settle, read in order so a later option
    /// overrides an earlier one (`-y`, `--yes=false`, `-qq`, `-q=2`, `--no-install-recommends`,
    /// `-o APT::Get::Assume-Yes=true`, `-s`...). Meaningless for other managers.
    pub fn apt_options(&self) -> AptOptions {
        let mut a = AptOptions::default();
        for o in &self.opts {
            let value = o.value.as_deref();
            if let Some(long) = o.name.strip_prefix("--") {
                match long.to_ascii_lowercase().as_str() {
                    "yes" | "assume-yes" => a.yes = value.is_none_or(truthy),
                    "quiet" => a.quiet = value.and_then(|x| x.parse().ok()).unwrap_or(a.quiet + 1),
                    "no-install-recommends" => a.no_recommends = value.is_none_or(truthy),
                    "install-recommends" => a.no_recommends = value.is_some_and(falsy),
                    "simulate" | "just-print" | "dry-run" | "recon" | "no-act" | "print-uris" => a.simulate = true,
                    "option" => a.apply_config(value),
                    _ => {}
                }
                continue;
            }
            match o.name.as_str() {
                "-y" => a.yes = true,
                "-s" => a.simulate = true,
                "-q" => a.quiet = value.and_then(|x| x.parse().ok()).unwrap_or(a.quiet + 1),
                "-o" => a.apply_config(value),
                _ => {}
            }
        }
        a
    }

    /// What the subcommand does.
    pub fn action(&self) -> Action {
        let sub = self.subcommand();
        let s = sub.unwrap_or("");
        match self.manager {
            Manager::AptGet | Manager::Apt => match s {
                "install" | "reinstall" | "build-dep" | "satisfy" | "source" | "download" => Action::Install,
                "update" => Action::RefreshIndex,
                "upgrade" => Action::Upgrade,
                "dist-upgrade" | "full-upgrade" => Action::DistUpgrade,
                "remove" | "purge" | "autoremove" | "autopurge" => Action::Remove,
                "clean" | "autoclean" | "distclean" | "dist-clean" => Action::Clean,
                _ => Action::Other,
            },
            Manager::Apk => match s {
                "add" | "fix" => Action::Install,
                "update" => Action::RefreshIndex,
                "upgrade" => Action::Upgrade,
                "del" => Action::Remove,
                "cache" if matches!(self.second(), Some("clean" | "purge")) => Action::Clean,
                _ => Action::Other,
            },
            Manager::Yum | Manager::Dnf | Manager::Microdnf | Manager::Tdnf => match s {
                "install" | "in" | "localinstall" | "groupinstall" | "reinstall" | "builddep" | "downgrade"
                | "swap" => Action::Install,
                "makecache" | "mc" => Action::RefreshIndex,
                "update" | "upgrade" | "up" | "update-minimal" | "upgrade-minimal" | "groupupdate" => Action::Upgrade,
                "distro-sync" | "distrosync" | "dsync" | "dist-upgrade" => Action::DistUpgrade,
                "remove" | "erase" | "rm" | "autoremove" | "groupremove" => Action::Remove,
                "clean" => Action::Clean,
                "group" | "groups" | "module" => match self.second() {
                    Some("install") => Action::Install,
                    Some("update" | "upgrade") => Action::Upgrade,
                    Some("remove") => Action::Remove,
                    _ => Action::Other,
                },
                _ => Action::Other,
            },
            Manager::Zypper => match s {
                "install" | "in" | "source-install" | "si" | "install-new-recommends" | "inr" => Action::Install,
                "refresh" | "ref" => Action::RefreshIndex,
                "update" | "up" | "patch" => Action::Upgrade,
                "dist-upgrade" | "dup" => Action::DistUpgrade,
                "remove" | "rm" => Action::Remove,
                "clean" | "cc" => Action::Clean,
                _ => Action::Other,
            },
            Manager::Pip => match s {
                "install" => Action::Install,
                "uninstall" => Action::Remove,
                "cache" if matches!(self.second(), Some("purge" | "remove")) => Action::Clean,
                _ => Action::Other,
            },
            Manager::Npm => match s {
                "install" | "i" | "in" | "ins" | "inst" | "insta" | "instal" | "isnt" | "isnta" | "isntal"
                | "isntall" | "add" => Action::Install,
                "ci" | "clean-install" | "ic" | "install-clean" | "isntall-clean" => Action::Ci,
                "update" | "up" | "upgrade" | "udpate" => Action::Upgrade,
                "uninstall" | "unlink" | "remove" | "rm" | "r" | "un" => Action::Remove,
                "cache" if matches!(self.second(), Some("clean" | "clear" | "rm")) => Action::Clean,
                _ => Action::Other,
            },
            Manager::Yarn => match sub {
                None if self.has(&["-v", "--version", "-h", "--help"]) => Action::Other,
                None | Some("install" | "add") => Action::Install,
                Some("upgrade") => Action::Upgrade,
                Some("remove") => Action::Remove,
                Some("cache") if self.second() == Some("clean") => Action::Clean,
                _ => Action::Other,
            },
            Manager::Pnpm => match s {
                "install" | "i" | "add" => Action::Install,
                "update" | "up" | "upgrade" => Action::Upgrade,
                "remove" | "rm" | "uninstall" | "un" => Action::Remove,
                _ => Action::Other,
            },
            Manager::Gem => match s {
                "install" | "i" => Action::Install,
                "update" => Action::Upgrade,
                "uninstall" => Action::Remove,
                "cleanup" => Action::Clean,
                _ => Action::Other,
            },
            Manager::Go => match s {
                "install" | "get" => Action::Install,
                "clean" => Action::Clean,
                _ => Action::Other,
            },
        }
    }

    /// The package arguments of an installing call (empty for other actions). For
    /// `dnf module install` / `dnf group install` the word `install` is skipped.
    pub fn packages(&self) -> Vec<PkgArg> {
        if !matches!(self.action(), Action::Install | Action::Upgrade | Action::Ci) {
            return Vec::new();
        }
        let skip = usize::from(matches!(self.subcommand(), Some("group" | "groups" | "module")));
        let gem_version = match self.manager {
            Manager::Gem => self.opt(&["-v", "--version"]).and_then(|o| o.value.clone()),
            _ => None,
        };
        self.positionals
            .iter()
            .skip(skip)
            .filter_map(|&k| {
                let w = self.cmd.words.get(k)?;
                let mut arg = parse_package(self.manager, k, w);
                if arg.source == Source::Registry && arg.version.is_none() {
                    if let Some(v) = &gem_version {
                        arg.version = Some(v.clone());
                        arg.op = "-v".into();
                    }
                }
                Some(arg)
            })
            .collect()
    }
}

/// `pip`, `pip3`, `pip3.12` for `base = "pip"`; `python3.11` for `base = "python"`.
fn versioned_name(name: &str, base: &str) -> bool {
    name.strip_prefix(base).is_some_and(|rest| rest.bytes().all(|c| c.is_ascii_digit() || c == b'.'))
}

/// `python [-u] [-X opt] -m pip ...`: the index of the word after `pip`.
fn python_m_pip(cmd: &Command, start: usize) -> Option<usize> {
    let mut j = start + 1;
    while let Some(w) = cmd.words.get(j) {
        let v = w.value.as_str();
        if v == "-m" {
            let m = cmd.words.get(j + 1)?;
            return versioned_name(&m.value, "pip").then_some(j + 2);
        }
        if let Some(module) = v.strip_prefix("-m") {
            return versioned_name(module, "pip").then_some(j + 1);
        }
        if !v.starts_with('-') {
            return None;
        }
        // options of python that take a value
        j += if matches!(v, "-W" | "-X" | "-c") { 2 } else { 1 };
    }
    None
}

/// The last path component of a command word.
pub(crate) fn basename(v: &str) -> &str {
    crate::shell::base_name(v)
}

/// Index of the real command word: skips `sudo` (with `-u user` and other options that take
/// a value), `env`, `nohup`, `exec`, `time`, `command`, `eatmydata`, `nice` and `xargs`.
pub(crate) fn command_start(cmd: &Command) -> usize {
    cmd.real_start()
}

/// `$APT_OPTS`, `${PIP_FLAGS}`, `$INSTALL_ARGS`: a variable that probably holds options.
pub(crate) fn option_like_variable(v: &str) -> bool {
    let up = v.to_ascii_uppercase();
    up.starts_with('$') && ["OPT", "FLAG", "ARG", "PARAM"].iter().any(|k| up.contains(k))
}

/// Whether option `name` (`-t`, `--virtual`, `-ldflags`) takes a value of manager `m`.
/// The tables list such options, separated by spaces.
/// `global` tells options before the subcommand from those after it (they differ for zypper).
fn takes_value(m: Manager, global: bool, name: &str) -> bool {
    let table = match m {
        Manager::AptGet | Manager::Apt => VALUED_APT,
        Manager::Apk => VALUED_APK,
        Manager::Yum | Manager::Dnf | Manager::Microdnf | Manager::Tdnf => VALUED_RPM,
        Manager::Zypper if global => VALUED_ZYPPER_GLOBAL,
        Manager::Zypper => VALUED_ZYPPER_SUB,
        Manager::Pip => VALUED_PIP,
        Manager::Npm => VALUED_NPM,
        Manager::Yarn => VALUED_YARN,
        Manager::Pnpm => VALUED_PNPM,
        Manager::Gem => VALUED_GEM,
        Manager::Go => VALUED_GO,
    };
    // token by token: a substring test first (`str::contains`) costs more than this in
    // WebAssembly, where it has no SIMD fast path
    table.split(' ').any(|t| t == name)
}

const VALUED_APT: &str =
    "-o -c -t -a -P --option --config-file --target-release --default-release --host-architecture \
    --build-profiles";
const VALUED_APK: &str = "-X -p -t --repository --root --virtual --keys-dir --repositories-file --arch --cache-dir \
    --cache-max-age --timeout --progress-fd";
const VALUED_RPM: &str =
    "-c -d -e -x -R --config --installroot --releasever --enablerepo --disablerepo --repo --repoid \
    --exclude --excludepkgs --setopt --debuglevel --errorlevel --rpmverbosity --color --downloaddir \
    --destdir --forcearch --disableplugin --enableplugin --repofrompath --comment --advisory \
    --advisories --bz --cve --sec-severity --secseverity --randomwait --disableexcludes \
    --disableexcludepkgs --platform-id --use-host-config";
const VALUED_ZYPPER_GLOBAL: &str =
    "-c -R -D -C --config --root --reposd-dir --cache-dir --raw-cache-dir --solv-cache-dir \
    --pkg-cache-dir --userdata --installroot";
const VALUED_ZYPPER_SUB: &str = "-r -t --repo --from --type --download";
const VALUED_PIP: &str = "-r -c -e -t -i -f -C --requirement --constraint --editable --target --index-url \
    --extra-index-url --find-links --prefix --root --src --platform --python-version \
    --implementation --abi --upgrade-strategy --trusted-host --cache-dir --log --log-file --proxy \
    --retries --timeout --exists-action --cert --client-cert --global-option --install-option \
    --build-option --config-settings --progress-bar --report --only-binary --no-binary --python \
    --keyring-provider --use-feature --use-deprecated --root-user-action --group";
const VALUED_NPM: &str = "-w --prefix --registry --cache --loglevel --omit --include --workspace --tag --userconfig \
    --globalconfig --only --also --save-prefix --install-strategy --before --location \
    --fetch-retries --fetch-timeout --fetch-retry-mintimeout --fetch-retry-maxtimeout --maxsockets \
    --scope --otp --proxy --https-proxy --cafile --ca --script-shell --node-options --audit-level";
const VALUED_YARN: &str = "--cache-folder --modules-folder --network-timeout --registry --mutex --cwd --global-folder \
    --prefix --link-folder --network-concurrency --child-concurrency --use-yarnrc --proxy \
    --https-proxy --mode";
const VALUED_PNPM: &str = "-F -C --filter --dir --store-dir --reporter --virtual-store-dir --modules-dir \
    --network-concurrency --child-concurrency --registry --loglevel --workspace-concurrency \
    --fetch-timeout --lockfile-dir";
const VALUED_GEM: &str = "-v -i -n -s -p -P -g --version --install-dir --bindir --source --http-proxy --platform \
    --trust-policy --build-root --target-rbconfig --file --config-file";
const VALUED_GO: &str =
    "-tags -ldflags -gcflags -asmflags -gccgoflags -o -mod -modfile -p -pkgdir -toolexec -overlay -C \
    -buildmode -compiler -installsuffix -pgo -covermode -coverpkg";

/// Reads one package argument of manager `m`.
fn parse_package(m: Manager, word: usize, w: &ShWord) -> PkgArg {
    let v = w.value.as_str();
    let mut arg =
        PkgArg { word, name: v.to_string(), version: None, op: String::new(), source: Source::Registry, span: w.span };
    let lower = v.to_ascii_lowercase();
    if v.starts_with('$') || v.starts_with('`') || v.is_empty() {
        arg.source = Source::Dynamic;
        return arg;
    }
    if lower.contains("://") || lower.starts_with("git+") || (lower.starts_with("git@") && lower.contains(':')) {
        arg.source = Source::Remote;
        return arg;
    }
    let file_suffixes: &[&str] = match m {
        Manager::AptGet | Manager::Apt => &[".deb"],
        Manager::Apk => &[".apk"],
        Manager::Yum | Manager::Dnf | Manager::Microdnf | Manager::Tdnf | Manager::Zypper => &[".rpm"],
        Manager::Pip => &[".whl", ".tar.gz", ".zip", ".tgz", ".tar.bz2", ".tar.xz"],
        Manager::Npm | Manager::Yarn | Manager::Pnpm => &[".tgz", ".tar.gz", ".tar"],
        Manager::Gem => &[".gem"],
        Manager::Go => &[],
    };
    let path_like = v.starts_with('.') || v.starts_with('/') || v.starts_with('~') || v.starts_with("file:");
    if path_like || file_suffixes.iter().any(|s| lower.ends_with(s)) {
        arg.source = Source::Local;
        return arg;
    }
    // a version from a variable (`curl=$CURL_VERSION`) is a pin; a name from one is unknown
    let dollar = v.find(['$', '`']);
    let literal = dollar.map_or(v, |d| v.get(..d).unwrap_or(""));
    let split = |arg: &mut PkgArg, at: usize, op_len: usize| {
        arg.name = v.get(..at).unwrap_or("").to_string();
        arg.op = v.get(at..at + op_len).unwrap_or("").to_string();
        arg.version = Some(v.get(at + op_len..).unwrap_or("").to_string());
    };
    match m {
        Manager::AptGet | Manager::Apt => {
            if let Some(p) = literal.find('=') {
                split(&mut arg, p, 1);
            } else if let Some(p) = literal.find('/') {
                split(&mut arg, p, 1);
            }
        }
        Manager::Apk => {
            if let Some(p) = literal.find(['=', '<', '>', '~']) {
                let op_len = v.get(p..).map_or(1, |r| r.bytes().take_while(|c| b"=<>~".contains(c)).count());
                split(&mut arg, p, op_len);
            }
        }
        Manager::Yum | Manager::Dnf | Manager::Microdnf | Manager::Tdnf | Manager::Zypper => {
            if v.starts_with('@') || v.contains('(') {
                arg.source = Source::Other;
                return arg;
            }
            if let Some(p) = literal.find(['=', '<', '>']) {
                let op_len = v.get(p..).map_or(1, |r| r.bytes().take_while(|c| b"=<>".contains(c)).count());
                split(&mut arg, p, op_len);
                arg.name = arg.name.trim().to_string();
                if let Some(ver) = &mut arg.version {
                    *ver = ver.trim().to_string();
                }
            } else if dollar.is_some() && literal.ends_with('-') {
                split(&mut arg, literal.len() - 1, 1);
            } else if let Some(p) = rpm_version_start(literal) {
                split(&mut arg, p, 1);
            }
        }
        Manager::Pip => {
            if let Some(p) = literal.find(['=', '<', '>', '!', '~']) {
                arg.name = v.get(..p).unwrap_or("").trim().to_string();
                arg.op = v
                    .get(p..)
                    .map_or("", |r| r.get(..r.bytes().take_while(|c| b"=<>!~".contains(c)).count()).unwrap_or(""))
                    .to_string();
                arg.version = Some(v.get(p..).unwrap_or("").trim().to_string());
            } else if let Some(p) = literal.find('@') {
                // `name @ https://...`
                arg.name = v.get(..p).unwrap_or("").trim().to_string();
                arg.source = Source::Remote;
                return arg;
            }
            // drop extras: `uvicorn[standard]`
            if let Some(b) = arg.name.find('[') {
                arg.name.truncate(b);
            }
        }
        Manager::Npm | Manager::Yarn | Manager::Pnpm => {
            let scoped = v.starts_with('@');
            let from = usize::from(scoped);
            let at = literal.get(from..).and_then(|r| r.find('@')).map(|p| p + from);
            let name_part = at.map_or(v, |p| v.get(..p).unwrap_or(""));
            if (!scoped && name_part.contains('/')) || name_part.contains(':') {
                // `user/repo`, `github:user/repo`
                arg.source = Source::Remote;
                return arg;
            }
            if let Some(p) = at {
                split(&mut arg, p, 1);
            } else if dollar.is_some() && literal.ends_with('@') {
                split(&mut arg, literal.len() - 1, 1);
            }
        }
        Manager::Gem => {
            if let Some(p) = literal.find(':') {
                split(&mut arg, p, 1);
            }
        }
        Manager::Go => {
            if let Some(p) = literal.find('@') {
                split(&mut arg, p, 1);
            } else if dollar.is_some() && literal.ends_with('@') {
                split(&mut arg, literal.len() - 1, 1);
            }
            // a path inside the current module (`cmd/app`, `./...`, `std`): versioned by go.mod
            let first = arg.name.split('/').next().unwrap_or("");
            if !first.contains('.') {
                arg.source = Source::Local;
            }
        }
    }
    if dollar.is_some() && arg.version.is_none() {
        arg.source = Source::Dynamic;
    }
    arg
}

/// Where the version starts in an RPM `name-version[-release]` spec: the `-` before the
/// version, when the last dash-separated part starts with a digit (`openssl-3.0.7-27.el9`,
/// `nginx-1.24.0`, but not `java-17-openjdk` or `python3-devel`).
fn rpm_version_start(v: &str) -> Option<usize> {
    let starts_digit = |s: &str| s.as_bytes().first().is_some_and(u8::is_ascii_digit);
    let last = v.rfind('-')?;
    if last == 0 || !starts_digit(v.get(last + 1..)?) {
        return None;
    }
    // `name-version-release`: the part before the release also starts with a digit
    match v.get(..last).and_then(|h| h.rfind('-')) {
        Some(prev) if prev > 0 && starts_digit(v.get(prev + 1..)?) => Some(prev),
        _ => Some(last),
    }
}

/// Whether the call installs packages named on its command line (`apt-get install`,
/// `apk add`, `pip install`, `npm install x`, `gem install`, `go install`), as opposed to
/// groups, build dependencies or source packages.
pub(crate) fn installs_named_packages(call: &PkgCall<'_>) -> bool {
    call.action() == Action::Install
        && !matches!(
            call.subcommand(),
            Some(
                "build-dep"
                    | "builddep"
                    | "source"
                    | "download"
                    | "satisfy"
                    | "groupinstall"
                    | "group"
                    | "groups"
                    | "module"
                    | "fix"
                    | "source-install"
                    | "si"
                    | "get"
            )
        )
}

/// The shared check of the `*-package-not-pinned` rules: every package argument of an
/// installing call of one of `managers` that names no fixed version, unless `exempt`.
pub(crate) fn check_pins<'a>(
    ctx: &DockerfileCtx<'a>,
    i: usize,
    ins: &'a Instruction,
    sink: &mut Sink<'_>,
    managers: &[Manager],
    exempt: fn(&PkgCall<'_>, &PkgArg) -> bool,
    help: fn(&PkgCall<'_>, &PkgArg) -> String,
) {
    for script in run_scripts(ins, ctx.posix_shell_at(i)) {
        for cmd in &script.commands {
            let Some(call) = ctx.pkg_call(cmd) else { continue };
            if !managers.contains(&call.manager) || !installs_named_packages(&call) || call.unknown_options {
                continue;
            }
            let head = format!("{} {}", call.manager.as_str(), call.subcommand().unwrap_or("install"));
            for p in call.packages() {
                if p.pinned(call.manager) || exempt(&call, &p) {
                    continue;
                }
                let message = match p.version.as_deref().filter(|v| !v.is_empty()) {
                    Some(v) => format!(
                        "`{}` is not pinned: `{}{v}` does not fix one version, so each build of `{head}` may install another",
                        p.name, p.op
                    ),
                    None => format!(
                        "`{}` is not pinned: `{head}` installs whatever version is current at build time",
                        p.name
                    ),
                };
                sink.report(p.span, message, help(&call, &p), None);
            }
        }
    }
}

/// What a cache rule looks for (see [`check_cache`]).
pub(crate) struct CacheCheck {
    /// Calls that fill the cache.
    pub fills: fn(&PkgCall<'_>) -> bool,
    /// Commands that empty it (`cmd`, and its package call if it is one).
    pub empties: fn(&Command, Option<&PkgCall<'_>>) -> bool,
    /// Whether a `type=cache`/`tmpfs` mount target (for the RUN at this index) holds the cache.
    pub mount: fn(&DockerfileCtx<'_>, usize, &str) -> bool,
    /// Calls to leave alone altogether.
    pub skip: fn(&DockerfileCtx<'_>, usize, &PkgCall<'_>) -> bool,
    /// The cleanup command to append, chosen from the last filling call.
    pub cleanup: fn(&PkgCall<'_>) -> String,
    /// The message, about the first filling call.
    pub message: fn(&PkgCall<'_>) -> String,
    /// The help, given the cleanup command.
    pub help: fn(&PkgCall<'_>, &str) -> String,
}

/// The shared check of the "cache left in the layer" rules: a RUN of a shipped stage (the
/// final stage and the stages it is built `FROM`) that fills the cache and neither empties it
/// afterwards in the same RUN nor mounts it. One finding per RUN, on the first filling call,
/// with a safe fix that appends the cleanup command when that is unambiguous.
pub(crate) fn check_cache(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>, spec: &CacheCheck) {
    for (i, ins) in ctx.shipped_instructions() {
        check_cache_at(ctx, i, ins, sink, spec);
    }
}

fn check_cache_at<'a>(ctx: &DockerfileCtx<'a>, i: usize, ins: &'a Instruction, sink: &mut Sink<'_>, spec: &CacheCheck) {
    let scripts = run_scripts(ins, ctx.posix_shell_at(i));
    let mut first: Option<std::rc::Rc<PkgCall<'_>>> = None;
    let mut last: Option<(usize, &Command, std::rc::Rc<PkgCall<'_>>)> = None;
    let mut cleaned = false;
    for (n, script) in scripts.iter().enumerate() {
        for cmd in &script.commands {
            let call = ctx.pkg_call(cmd);
            if (spec.empties)(cmd, call.as_deref()) {
                cleaned = true;
            }
            let Some(call) = call else { continue };
            if (spec.fills)(&call) && !(spec.skip)(ctx, i, &call) {
                cleaned = false;
                if first.is_none() {
                    first = Some(call.clone());
                }
                last = Some((n, cmd, call));
            }
        }
    }
    let (Some(first), Some((n, last_cmd, last_call))) = (first, last) else { return };
    if cleaned || cache_mount(ins, |t| (spec.mount)(ctx, i, t)) {
        return;
    }
    let cleanup = (spec.cleanup)(&last_call);
    let fix = append_cleanup(ctx.src, ins, scripts, n, last_cmd, &cleanup)
        .map(|e| Fix::safe(format!("Append `{cleanup}` to the RUN"), vec![e]));
    sink.report(first.head_span(), (spec.message)(&first), (spec.help)(&first, &cleanup), fix);
}

/// Whether command `k` of `script` reads its input from `yes` or `echo y`.
pub(crate) fn fed_by_yes(script: &Script, k: usize) -> bool {
    let Some(cmd) = script.commands.get(k) else { return false };
    if cmd.sep != Sep::Pipe || k == 0 {
        return false;
    }
    script.commands.get(k - 1).is_some_and(|prev| {
        let s = command_start(prev);
        let Some(name) = prev.words.get(s).map(|w| basename(&w.value)) else { return false };
        let args: Vec<&str> = prev.words.get(s + 1..).unwrap_or(&[]).iter().map(|w| w.value.as_str()).collect();
        name == "yes"
            || (matches!(name, "echo" | "printf")
                && args.last().is_some_and(|a| {
                    a.trim().trim_end_matches("\\n").eq_ignore_ascii_case("y")
                        || a.trim().trim_end_matches("\\n").eq_ignore_ascii_case("yes")
                }))
    })
}

/// Whether `ins` (or the instruction it wraps in `ONBUILD`) has a `type=cache` or `type=tmpfs`
/// mount whose target satisfies `target`.
pub(crate) fn cache_mount(ins: &Instruction, target: impl Fn(&str) -> bool) -> bool {
    ins.effective().flags_named("mount").any(|f| {
        let Some(v) = f.value.as_deref() else { return false };
        let mut kind = "";
        let mut dst = "";
        for kv in v.split(',') {
            let (k, val) = kv.split_once('=').unwrap_or((kv, ""));
            match k.trim().to_ascii_lowercase().as_str() {
                "type" => kind = val.trim(),
                "target" | "dst" | "destination" => dst = val.trim(),
                _ => {}
            }
        }
        let dst = dst.trim_matches(['"', '\'']).trim_end_matches('/');
        matches!(kind, "cache" | "tmpfs") && !dst.is_empty() && target(dst)
    })
}

/// The `source=` of `type=bind` mounts of `ins`.
pub(crate) fn bind_mount_sources(ins: &Instruction) -> Vec<String> {
    ins.effective()
        .flags_named("mount")
        .filter_map(|f| {
            let v = f.value.as_deref()?;
            let mut kind = "bind";
            let mut source = None;
            for kv in v.split(',') {
                let (k, val) = kv.split_once('=').unwrap_or((kv, ""));
                match k.trim().to_ascii_lowercase().as_str() {
                    "type" => kind = val.trim(),
                    "source" | "src" => source = Some(val.trim().to_string()),
                    _ => {}
                }
            }
            (kind == "bind").then_some(source).flatten()
        })
        .collect()
}

/// Whether `cmd` deletes a path that satisfies `path` (`rm -rf /var/cache/yum`,
/// `find /var/cache/dnf -delete`). Trailing `/` and `/*` are removed before the test.
pub(crate) fn removes_path(cmd: &Command, path: impl Fn(&str) -> bool) -> bool {
    let start = command_start(cmd);
    let Some(name) = cmd.words.get(start).map(|w| basename(&w.value)) else { return false };
    let args = cmd.words.get(start + 1..).unwrap_or(&[]);
    // allocates only for `$HOME`/`~` paths, which become `/root...`
    let test = |v: &str| -> bool {
        let t = v.trim_end_matches(['*', '/']);
        match t.strip_prefix("${HOME}").or_else(|| t.strip_prefix("$HOME")).or_else(|| t.strip_prefix('~')) {
            Some(rest) => path(&format!("/root{rest}")),
            None => path(t),
        }
    };
    match name {
        "rm" => args.iter().any(|w| !w.value.starts_with('-') && test(&w.value)),
        "find" => {
            args.iter().any(|w| matches!(w.value.as_str(), "-delete" | "-exec" | "-execdir"))
                && args.iter().any(|w| test(&w.value))
        }
        _ => false,
    }
}

/// The value of environment variable `name` when instruction `i` runs, from the nearest
/// `ENV` or `ARG` (with a default) before it in its stage chain; quotes removed.
pub(crate) fn env_value(ctx: &DockerfileCtx<'_>, i: usize, name: &str) -> Option<String> {
    ctx.model.env_value(ctx.df, i, name)
}

/// The value `cmd` itself sets for `name` (`NAME=value cmd`), or an `export NAME=value`
/// among `earlier` commands of the same script.
pub(crate) fn inline_env<'c>(cmd: &'c Command, earlier: &'c [Command], name: &str) -> Option<&'c str> {
    let pick = |w: &'c ShWord| w.value.strip_prefix(name).and_then(|r| r.strip_prefix('='));
    if let Some(v) = cmd.assignments.iter().rev().find_map(pick) {
        return Some(v);
    }
    let start = command_start(cmd);
    if cmd.words.get(..start).unwrap_or(&[]).iter().any(|w| basename(&w.value) == "env") {
        if let Some(v) = cmd.words.get(..start).unwrap_or(&[]).iter().rev().find_map(pick) {
            return Some(v);
        }
    }
    earlier.iter().rev().find_map(|c| match c.words.first().map(|w| w.value.as_str()) {
        Some("export" | "declare" | "typeset" | "readonly") => c.words.iter().skip(1).rev().find_map(pick),
        _ => None,
    })
}

/// Whether the commands are joined only by `&&`, `;` and newlines.
fn plainly_joined(script: &Script) -> bool {
    !script.incomplete
        && script.commands.iter().all(|c| matches!(c.sep, Sep::Start | Sep::And | Sep::Semi | Sep::Newline))
}

/// An edit that runs `cleanup` at the end of the RUN `ins`, after command `last` of
/// `scripts[n]` (`scripts` as [`run_scripts`](crate::dockerfile::model::run_scripts) gives
/// them): ` && cleanup` at the end of a shell-form line, or a new line at the end of the
/// heredoc script holding `last`. `None` when appending could change what the RUN does:
/// commands joined with `||`, `|` or `&`, a trailing comment, an unfinished line.
pub(crate) fn append_cleanup(
    src: &str,
    ins: &Instruction,
    scripts: &[Script],
    n: usize,
    last: &Command,
    cleanup: &str,
) -> Option<Edit> {
    let script = scripts.get(n)?;
    if n == 0 {
        let Args::Shell { text, offset } = &ins.effective().args else { return None };
        let t = text.value.trim_end();
        if t.is_empty() || !plainly_joined(script) || has_comment(t) {
            return None;
        }
        if t.ends_with('&') || t.ends_with('|') || t.ends_with('\\') || t.ends_with(";;") {
            return None;
        }
        let at = LogicalAt(&ins.logical, *offset).span(0, t.len()).end;
        let lastc = t.chars().next_back()?;
        if !src.get(..at)?.ends_with(lastc) {
            return None;
        }
        let insert = if t.ends_with(';') { format!(" {cleanup}") } else { format!(" && {cleanup}") };
        return Some(Edit::insert(at, insert));
    }
    if script.incomplete || script.commands.iter().any(|c| c.sep == Sep::Background) {
        return None;
    }
    let h = ins.heredocs.iter().find(|h| h.body_span.contains(last.span))?;
    let term = h.terminator_span?;
    if h.content.trim_end().ends_with(['\\', '&', '|']) {
        return None;
    }
    let before = src.get(..term.start)?;
    let eol = if before.ends_with("\r\n") {
        "\r\n"
    } else if before.ends_with('\n') {
        "\n"
    } else {
        return None;
    };
    Some(Edit::insert(term.start, format!("{cleanup}{eol}")))
}

/// Whether a shell line has a comment (`#` starting a word, outside quotes).
fn has_comment(t: &str) -> bool {
    let b = t.as_bytes();
    let (mut single, mut double) = (false, false);
    let mut prev = b' ';
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if single {
            single = c != b'\'';
        } else if c == b'\\' {
            i += 2;
            prev = b'x';
            continue;
        } else if double {
            double = c != b'"';
        } else if c == b'\'' {
            single = true;
        } else if c == b'"' {
            double = true;
        } else if c == b'#' && matches!(prev, b' ' | b'\t' | b';' | b'&' | b'|' | b'(' | b')') {
            return true;
        }
        prev = c;
        i += 1;
    }
    false
}

/// Whether the word's source text is exactly its value (no quotes, escapes or line
/// continuations), so an edit can be placed right after it.
pub(crate) fn plain_word(src: &str, w: &ShWord) -> bool {
    !w.quoted && !w.dynamic && w.span.text(src) == w.value
}

/// A shell glob match (`*`, `?`; `[...]` matches any one character), linear in practice.
pub(crate) fn glob_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    // bounded: every step advances ti, or pi, or moves back to a later star restart
    let mut guard = (p.len() + 1) * (t.len() + 1) + 4;
    while ti < t.len() && guard > 0 {
        guard -= 1;
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some('[') => {
                let close = p.get(pi + 1..).and_then(|r| r.iter().position(|c| *c == ']'));
                match close {
                    Some(c) => {
                        pi += c + 2;
                        ti += 1;
                    }
                    None if t.get(ti) == Some(&'[') => {
                        pi += 1;
                        ti += 1;
                    }
                    None => match star {
                        Some((sp, st)) => {
                            pi = sp + 1;
                            ti = st + 1;
                            star = Some((sp, st + 1));
                        }
                        None => return false,
                    },
                }
            }
            Some(c) if *c == '?' || Some(c) == t.get(ti) => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    if ti < t.len() {
        return false;
    }
    p.get(pi..).unwrap_or(&[]).iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::lex;

    type Parsed = (Manager, Option<String>, Vec<(String, Option<String>)>, Vec<String>);

    fn parse(s: &str) -> Parsed {
        let script = lex(s);
        let cmd = &script.commands[0];
        let c = PkgCall::parse(cmd).expect("package call");
        let opts = c.opts.iter().map(|o| (o.name.clone(), o.value.clone())).collect();
        let pkgs = c
            .packages()
            .iter()
            .map(|p| format!("{}|{}|{}", p.name, p.op, p.version.clone().unwrap_or_default()))
            .collect();
        (c.manager, c.subcommand().map(str::to_string), opts, pkgs)
    }

    fn pinned(s: &str) -> Vec<bool> {
        let script = lex(s);
        let c = PkgCall::parse(&script.commands[0]).expect("package call");
        c.packages().iter().map(|p| p.pinned(c.manager)).collect()
    }

    fn o(n: &str, v: Option<&str>) -> (String, Option<String>) {
        (n.to_string(), v.map(str::to_string))
    }

    #[test]
    fn recognises_managers_behind_wrappers() {
        assert_eq!(parse("sudo -u app -E apt-get install -y a").0, Manager::AptGet);
        assert_eq!(parse("env DEBIAN_FRONTEND=noninteractive /usr/bin/apt install a").0, Manager::Apt);
        assert_eq!(parse("xargs -r -n 1 apk add").0, Manager::Apk);
        assert_eq!(parse("python3 -m pip install a").0, Manager::Pip);
        assert_eq!(parse("python3.12 -u -mpip install a").0, Manager::Pip);
        assert_eq!(parse("pip3.11 install a").0, Manager::Pip);
        assert_eq!(parse("microdnf install a").0, Manager::Microdnf);
        assert_eq!(parse("yarnpkg install").0, Manager::Yarn);
        assert_eq!(parse("xx-go install a.com/b@v1").0, Manager::Go);
        assert_eq!(parse("xx-apk add --no-cache gcc").0, Manager::Apk);
        assert!(PkgCall::parse(&lex("python3 -c 'import pip'").commands[0]).is_none());
        assert!(PkgCall::parse(&lex("python3 app.py").commands[0]).is_none());
        assert!(PkgCall::parse(&lex("pipx install a").commands[0]).is_none());
        assert!(PkgCall::parse(&lex("apt-cache policy a").commands[0]).is_none());
        assert!(PkgCall::parse(&lex("$PM install a").commands[0]).is_none());
    }

    #[test]
    fn reads_options_and_values() {
        let (_, sub, opts, pkgs) = parse("apt-get -qq -o Dpkg::Options::=--force-confold -t bookworm install -y a");
        assert_eq!(sub.as_deref(), Some("install"));
        assert_eq!(
            opts,
            vec![
                o("-q", None),
                o("-q", None),
                o("-o", Some("Dpkg::Options::=--force-confold")),
                o("-t", Some("bookworm")),
                o("-y", None)
            ]
        );
        assert_eq!(pkgs, vec!["a||"]);
        let (_, _, opts, _) = parse("apt-get -q=2 -oAPT::X=1 --option=a=b --target-release x install a");
        assert_eq!(
            opts,
            vec![
                o("-q", Some("2")),
                o("-o", Some("APT::X=1")),
                o("--option", Some("a=b")),
                o("--target-release", Some("x"))
            ]
        );
        let (_, sub, opts, pkgs) = parse("apk --no-cache add -t .build-deps --virtual=.x gcc musl-dev=1.2");
        assert_eq!(sub.as_deref(), Some("add"));
        assert_eq!(opts, vec![o("--no-cache", None), o("-t", Some(".build-deps")), o("--virtual", Some(".x"))]);
        assert_eq!(pkgs, vec!["gcc||", "musl-dev|=|1.2"]);
        let (_, sub, opts, _) = parse("zypper -n --gpg-auto-import-keys in -y -t pattern devel_basis");
        assert_eq!(sub.as_deref(), Some("in"));
        assert_eq!(
            opts,
            vec![o("-n", None), o("--gpg-auto-import-keys", None), o("-y", None), o("-t", Some("pattern"))]
        );
        assert!(opts.len() == 4);
        let script = lex("zypper -n in -y a");
        let c = PkgCall::parse(&script.commands[0]).unwrap();
        assert!(c.opts[0].global && !c.opts[1].global);
        let (_, _, opts, pkgs) = parse("go install -ldflags '-s -w' -trimpath=true golang.org/x/tools/gopls@v0.16.0");
        assert_eq!(opts, vec![o("-ldflags", Some("-s -w")), o("-trimpath", Some("true"))]);
        assert_eq!(pkgs, vec!["golang.org/x/tools/gopls|@|v0.16.0"]);
        let (_, sub, opts, pkgs) =
            parse("pip --no-cache-dir install -r req.txt -i https://x/simple 'uvicorn[standard]==0.30'");
        assert_eq!(sub.as_deref(), Some("install"));
        assert_eq!(opts, vec![o("--no-cache-dir", None), o("-r", Some("req.txt")), o("-i", Some("https://x/simple"))]);
        assert_eq!(pkgs, vec!["uvicorn|==|==0.30"]);
        let (_, _, _, pkgs) = parse("gem install bundler -v 2.5.6 --no-document");
        assert_eq!(pkgs, vec!["bundler|-v|2.5.6"]);
        let (_, _, _, pkgs) = parse("gem install rake:13.0 -- --with-opt");
        assert_eq!(pkgs, vec!["rake|:|13.0"]);
        let (_, sub, _, pkgs) = parse("yarn global add @vue/cli@5.0.8 serve");
        assert_eq!(sub.as_deref(), Some("add"));
        assert_eq!(pkgs, vec!["@vue/cli|@|5.0.8", "serve||"]);
        let (_, sub, opts, pkgs) = parse("npm i -g --loglevel warn npm@10 @angular/cli");
        assert_eq!(sub.as_deref(), Some("i"));
        assert_eq!(opts, vec![o("-g", None), o("--loglevel", Some("warn"))]);
        assert_eq!(pkgs, vec!["npm|@|10", "@angular/cli||"]);
        let (_, _, _, pkgs) = parse("dnf module install -y nodejs:20");
        assert_eq!(pkgs, vec!["nodejs:20||"]);
        let (_, _, _, pkgs) = parse("yum install -y openssl-3.0.7-27.el9 java-17-openjdk python3-devel nginx-1.24.0");
        assert_eq!(pkgs, vec!["openssl|-|3.0.7-27.el9", "java-17-openjdk||", "python3-devel||", "nginx|-|1.24.0"]);
    }

    #[test]
    fn judges_pins() {
        assert_eq!(
            pinned("apt-get install -y a=1.2 b c/bookworm-backports ./x.deb $PKGS d=${V}"),
            [true, false, false, true, true, true]
        );
        assert_eq!(pinned("apk add a=1.2 b~1.2 c>1 d e@testing"), [true, true, false, false, false]);
        assert_eq!(
            pinned("pip install a==1 b>=1 'c>=1,<2' d~=1.4 e . ./f https://x/y.whl g.whl"),
            [true, false, true, true, false, true, true, true, true]
        );
        assert_eq!(
            pinned("npm install a@1.2.3 b@^1 c@latest d @s/e@2 @s/f user/repo ./local"),
            [true, true, false, false, true, false, true, true]
        );
        assert_eq!(
            pinned("go install a.com/b@v1.2.3 a.com/c@latest a.com/d ./cmd/x std a.com/e@0123abcd"),
            [true, false, false, true, true, true]
        );
        assert_eq!(pinned("gem install a -v '~> 1.2'"), [true]);
        assert_eq!(pinned("gem install a b:1"), [false, true]);
        assert_eq!(
            pinned("dnf install -y @development-tools 'dnf-command(config-manager)' a-1.0 b"),
            [true, true, true, false]
        );
        assert_eq!(pinned("zypper in -y 'a>=1' 'b=2' c"), [false, true, false]);
    }

    #[test]
    fn actions() {
        let act = |s: &str| PkgCall::parse(&lex(s).commands[0]).unwrap().action();
        assert_eq!(act("apt-get update"), Action::RefreshIndex);
        assert_eq!(act("apt-get dist-upgrade -y"), Action::DistUpgrade);
        assert_eq!(act("yum update -y"), Action::Upgrade);
        assert_eq!(act("dnf makecache"), Action::RefreshIndex);
        assert_eq!(act("zypper ref"), Action::RefreshIndex);
        assert_eq!(act("zypper cc -a"), Action::Clean);
        assert_eq!(act("npm ci"), Action::Ci);
        assert_eq!(act("npm cache clean --force"), Action::Clean);
        assert_eq!(act("yarn"), Action::Install);
        assert_eq!(act("yarn build"), Action::Other);
        assert_eq!(act("yarn --version"), Action::Other);
        assert_eq!(act("yarn --frozen-lockfile"), Action::Install);
        assert_eq!(act("dnf group install -y x"), Action::Install);
        assert_eq!(act("apk cache clean"), Action::Clean);
    }

    #[test]
    fn helpers() {
        assert!(glob_match("package*.json", "package-lock.json"));
        assert!(glob_match("*.json", "package-lock.json"));
        assert!(glob_match("package-lock.json", "package-lock.json"));
        assert!(!glob_match("package.json", "package-lock.json"));
        assert!(glob_match("pack?ge-lock.[j]son", "package-lock.json"));
        assert!(!glob_match("*.lock", "package-lock.json"));
        let s = lex("yes | yum install a; echo y | zypper in b; cat x | dnf install c");
        assert!(fed_by_yes(&s, 1));
        assert!(fed_by_yes(&s, 3));
        assert!(!fed_by_yes(&s, 5));
        let s = lex("rm -rf ~/.npm /var/cache/yum/* && find /var/cache/dnf -type f -delete");
        assert!(removes_path(&s.commands[0], |p| p == "/root/.npm"));
        assert!(removes_path(&s.commands[0], |p| p == "/var/cache/yum"));
        assert!(removes_path(&s.commands[1], |p| p == "/var/cache/dnf"));
        let s = lex("export NODE_ENV=production && NPM_X=1 npm ci");
        assert_eq!(inline_env(&s.commands[1], &s.commands[..1], "NODE_ENV"), Some("production"));
        assert_eq!(inline_env(&s.commands[1], &s.commands[..1], "NPM_X"), Some("1"));
    }

    const TOKENS: &[&str] = &[
        "FROM a\n",
        "FROM a AS b\n",
        "FROM b\n",
        "RUN ",
        "ONBUILD ",
        "COPY package*.json ./\n",
        "ENV NODE_ENV=production\n",
        "apt-get",
        "apt",
        "apk",
        "yum",
        "dnf",
        "microdnf",
        "zypper",
        "pip",
        "python -m pip",
        "npm",
        "yarn",
        "gem",
        "go",
        " install",
        " add",
        " ci",
        " update",
        " makecache",
        " dist-upgrade",
        " dup",
        " clean all",
        " cache clean",
        " -y",
        " -n",
        " --no-cache",
        " --no-cache-dir",
        " --omit=dev",
        " -t",
        " -o",
        "=",
        "@",
        "==",
        ">=",
        ":",
        " -",
        " --",
        " && ",
        ";",
        " | ",
        " || ",
        " & ",
        " \\\n",
        "\n",
        "<<EOF",
        "<<-EOF bash",
        "EOF\n",
        "\tEOF",
        "\r\n",
        "\u{e9}",
        "\"",
        "'",
        "#",
        "$",
        "${X}",
        "{",
        "}",
        " rm -rf /var/cache/yum",
        "--mount=type=cache,target=/root/.npm ",
        "SHELL [\"pwsh\"]\n",
        " curl",
        " a.com/b",
        " sudo -u x ",
        "yes | ",
        "if x; then ",
        "; fi",
        "xargs -r ",
    ];

    proptest::proptest! {
        #[test]
        fn package_rules_never_panic_and_fixes_apply(ix in proptest::collection::vec(0usize..TOKENS.len(), 0..48)) {
            let src: String = ix.iter().map(|i| TOKENS[*i]).collect();
            for rule in crate::rules::dockerfile_rules() {
                let n: u32 = rule.meta.id.get(3..).and_then(|x| x.parse().ok()).unwrap_or(0);
                if !(204..=229).contains(&n) {
                    continue;
                }
                let d = crate::rules::run_dockerfile_rule(rule, &src);
                let edits: Vec<_> = d.iter().filter_map(|x| x.fix.as_ref()).flat_map(|f| f.edits.clone()).collect();
                for x in &d {
                    proptest::prop_assert!(src.get(x.span.start..x.span.end).is_some(), "{:?}", x.span);
                }
                proptest::prop_assert!(crate::fix::apply_edits(&src, &edits).is_some(), "{} edits overlap on {src:?}", rule.meta.name);
            }
        }
    }
}

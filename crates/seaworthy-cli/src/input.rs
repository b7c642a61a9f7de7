//! Finding and reading input files: directory discovery (gitignore-aware), stdin,
//! binary detection and UTF-8 decoding.

use crate::Failure;
use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

/// How many leading bytes are searched for a NUL to decide that a file is binary.
const BINARY_PROBE: usize = 8 * 1024;

/// Where an input comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Stdin,
    File(PathBuf),
}

/// An input to check or fix, before reading.
#[derive(Clone, Debug)]
pub struct Target {
    /// The path shown to the user (and given to the core for kind detection).
    pub display: String,
    pub origin: Origin,
}

/// A read and decoded input.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub target: Target,
    pub text: String,
    /// Byte offset of the first invalid UTF-8 sequence, if the file was not valid UTF-8.
    pub bad_utf8_at: Option<usize>,
}

impl Loaded {
    /// The one-line warning about invalid UTF-8, if any.
    pub fn utf8_warning(&self) -> Option<String> {
        self.bad_utf8_at.map(|n| {
            format!(
                "{}: warning: file is not valid UTF-8 (first bad byte at offset {n}); positions after it may be off",
                self.target.display
            )
        })
    }
}

/// Turns the paths given on the command line into targets. Errors (missing paths, a
/// directory without Dockerfiles, unreadable directories) are collected; the targets that
/// could be found are still returned.
pub fn collect_targets(paths: &[PathBuf], stdin_name: &str) -> (Vec<Target>, Vec<Failure>) {
    let mut targets = Vec::new();
    let mut errors = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut push = |t: Target, targets: &mut Vec<Target>| {
        if seen.insert(t.display.clone()) {
            targets.push(t);
        }
    };
    for p in paths {
        if p.as_os_str() == "-" {
            push(Target { display: stdin_name.to_string(), origin: Origin::Stdin }, &mut targets);
            continue;
        }
        let shown = display_path(p);
        match std::fs::metadata(p) {
            Err(e) => errors.push(Failure::new(format!("{shown}: {}", io_reason(&e)))),
            Ok(m) if m.is_dir() => {
                let found = walk(p, &mut errors);
                if found.is_empty() {
                    errors.push(Failure::new(format!(
                        "{shown}: no Dockerfiles or compose files found (looked for Dockerfile, Containerfile, \
                         *.Dockerfile, *.containerfile, Dockerfile.*, Containerfile.*, *compose*.y(a)ml)"
                    )));
                }
                for t in found {
                    push(t, &mut targets);
                }
            }
            Ok(_) => push(Target { display: shown, origin: Origin::File(p.clone()) }, &mut targets),
        }
    }
    // A compose file brings the Dockerfiles its services build (when they exist): the
    // cross-file rules and the compose file's score need them.
    let mut extra = Vec::new();
    for t in &targets {
        let Origin::File(path) = &t.origin else { continue };
        if seaworthy::detect_kind(&t.display) != Some(seaworthy::FileKind::Compose) {
            continue;
        }
        let Ok(content) = std::fs::read_to_string(path) else { continue };
        let compose = seaworthy::SourceFile { path: t.display.clone(), content, kind: None };
        for df in seaworthy::project::referenced_dockerfiles(&compose) {
            let p = PathBuf::from(&df);
            if p.is_file() {
                extra.push(Target { display: display_path(&p), origin: Origin::File(p) });
            }
        }
    }
    for t in extra {
        push(t, &mut targets);
    }
    (targets, errors)
}

/// Walks a directory for Dockerfiles and compose files, honouring .gitignore (even outside a git repository)
/// and skipping `.git`. Results are sorted by path.
fn walk(root: &Path, errors: &mut Vec<Failure>) -> Vec<Target> {
    let mut out = Vec::new();
    let walker = ignore::WalkBuilder::new(root)
        .require_git(false)
        .hidden(false)
        .filter_entry(|e| e.file_name() != ".git")
        .sort_by_file_path(|a, b| a.cmp(b))
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                errors.push(Failure::new(walk_error(&e)));
                continue;
            }
        };
        let path = entry.path();
        if entry.file_type().is_some_and(|t| t.is_dir()) || !path.is_file() {
            continue;
        }
        let shown = display_path(path);
        if seaworthy::detect_kind(&shown).is_some() {
            out.push(Target { display: shown, origin: Origin::File(path.to_path_buf()) });
        }
    }
    out
}

fn walk_error(e: &ignore::Error) -> String {
    // The ignore crate's messages carry the path, e.g. "IO error for operation on x: ...".
    let msg = e.to_string();
    msg.lines().next().unwrap_or("error while searching a directory").to_string()
}

/// A path as shown to users: `./Dockerfile` → `Dockerfile`, separators as given.
pub fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy();
    let mut s: &str = &s;
    while let Some(rest) = s.strip_prefix("./") {
        if rest.is_empty() {
            break;
        }
        s = rest.trim_start_matches('/');
    }
    s.to_string()
}

/// A short reason for an I/O error, without the OS error number noise.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}

/// Reads a target's bytes.
pub fn read_bytes(t: &Target) -> Result<Vec<u8>, Failure> {
    match &t.origin {
        Origin::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut buf)
                .map_err(|e| Failure::new(format!("{}: cannot read standard input: {}", t.display, io_reason(&e))))?;
            Ok(buf)
        }
        Origin::File(p) => {
            std::fs::read(p).map_err(|e| Failure::new(format!("{}: cannot read: {}", t.display, io_reason(&e))))
        }
    }
}

/// Reads and decodes a target: binary input (a NUL byte in the first 8 KiB) is an error;
/// invalid UTF-8 is decoded lossily and remembered.
pub fn load(t: &Target) -> Result<Loaded, Failure> {
    let bytes = read_bytes(t)?;
    if bytes.iter().take(BINARY_PROBE).any(|&b| b == 0) {
        return Err(Failure::new(format!(
            "{}: looks like a binary file (contains a NUL byte); not checked",
            t.display
        )));
    }
    let (text, bad_utf8_at) = match String::from_utf8(bytes) {
        Ok(s) => (s, None),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            (String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(at))
        }
    };
    Ok(Loaded { target: t.clone(), text, bad_utf8_at })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_paths_drop_leading_dot_slash() {
        assert_eq!(display_path(Path::new("./Dockerfile")), "Dockerfile");
        assert_eq!(display_path(Path::new("././a/Dockerfile")), "a/Dockerfile");
        assert_eq!(display_path(Path::new(".//a")), "a");
        assert_eq!(display_path(Path::new("./")), "./");
        assert_eq!(display_path(Path::new("../x/Dockerfile")), "../x/Dockerfile");
    }
}

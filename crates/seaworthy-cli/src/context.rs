//! The build context of each Dockerfile checked: the `.dockerignore` that applies to it and
//! the paths in its context directory, read from disk (the core reads nothing).
//!
//! The context directory is the Dockerfile's directory, or the `build.context` of a compose
//! file of the run that builds it. The ignore file is `<Dockerfile>.dockerignore` when it
//! exists, else `<context>/.dockerignore`. The listing is bounded ([`MAX_ENTRIES`] entries,
//! [`MAX_DEPTH`] levels) and does not go into `.git` or `node_modules` (they are listed as
//! directories); it does not honour `.gitignore`, because Docker does not either: an ignored
//! `.env` on disk is still sent to the builder.

use crate::input::{display_path, Origin, Target};
use seaworthy::context::{BuildContext, Known};
use seaworthy::dockerignore::Dockerignore;
use seaworthy::project::normalise;
use seaworthy::SourceFile;
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How many entries of a context directory are listed at most.
pub const MAX_ENTRIES: usize = 20_000;
/// How deep a context directory is listed.
pub const MAX_DEPTH: usize = 8;
/// Largest `.dockerignore` read, in bytes.
const MAX_IGNORE_BYTES: u64 = 1 << 20;
/// Directories listed but not entered.
const NOT_ENTERED: &[&str] = &[".git", "node_modules"];

/// Finds the build contexts of the Dockerfiles among `targets`.
pub struct Contexts {
    /// `(Dockerfile, context directory)` as display paths, from the compose files of the run.
    compose: Vec<(String, String)>,
    /// Each context directory's listing and `.dockerignore`, read once however many
    /// Dockerfiles share it.
    cache: RefCell<HashMap<String, Arc<Known>>>,
}

impl Contexts {
    pub fn new(targets: &[Target]) -> Self {
        let mut compose = Vec::new();
        for t in targets {
            let Origin::File(path) = &t.origin else { continue };
            if seaworthy::detect_kind(&t.display) != Some(seaworthy::FileKind::Compose) {
                continue;
            }
            let Ok(content) = std::fs::read_to_string(path) else { continue };
            let file = SourceFile { path: t.display.clone(), content, kind: None };
            for (df, ctx) in seaworthy::project::referenced_builds(&file) {
                if !compose.iter().any(|(d, _): &(String, String)| normalise(d) == normalise(&df)) {
                    compose.push((df, ctx));
                }
            }
        }
        Contexts { compose, cache: RefCell::new(HashMap::new()) }
    }

    /// The build context of a Dockerfile target (`None` for compose files and stdin).
    pub fn of(&self, t: &Target) -> Option<BuildContext> {
        let Origin::File(path) = &t.origin else { return None };
        if seaworthy::detect_kind(&t.display) == Some(seaworthy::FileKind::Compose) {
            return None;
        }
        let df = normalise(&t.display);
        let ctx_dir: String = match self.compose.iter().find(|(d, _)| normalise(d) == df) {
            Some((_, c)) => c.clone(),
            None => parent(&t.display),
        };
        let disk_dir = if ctx_dir.is_empty() { PathBuf::from(".") } else { PathBuf::from(&ctx_dir) };
        let known = self
            .cache
            .borrow_mut()
            .entry(ctx_dir.clone())
            .or_insert_with(|| {
                let shared = disk_dir.join(".dockerignore");
                let files: Vec<SourceFile> = read_small(&shared)
                    .map(|text| SourceFile { path: display_path(&shared), content: text, kind: None })
                    .into_iter()
                    .collect();
                Arc::new(Known::new(&files, &list(&disk_dir, &ctx_dir)))
            })
            .clone();
        let mut build = BuildContext::within(&t.display, &known, Some(&ctx_dir));
        // `<Dockerfile>.dockerignore` wins over the context's `.dockerignore`, as in BuildKit.
        let own = PathBuf::from(format!("{}.dockerignore", path.display()));
        if let Some(text) = read_small(&own) {
            build.ignore = Some((display_path(&own), Arc::new(Dockerignore::parse(&text))));
        }
        Some(build)
    }
}

/// The directory of a display path (`""` for a bare name).
fn parent(display: &str) -> String {
    match display.rfind(['/', '\\']) {
        Some(0) => "/".to_string(),
        Some(i) => display[..i].to_string(),
        None => String::new(),
    }
}

fn read_small(p: &Path) -> Option<String> {
    let m = std::fs::metadata(p).ok()?;
    if !m.is_file() || m.len() > MAX_IGNORE_BYTES {
        return None;
    }
    std::fs::read_to_string(p).ok()
}

/// Lists `dir` (shown as `shown`) breadth first: files as `shown/rel`, directories as
/// `shown/rel/`. Bounded; unreadable entries are skipped; symbolic links are not followed.
fn list(dir: &Path, shown: &str) -> Vec<String> {
    let prefix = if shown.is_empty() { String::new() } else { format!("{}/", shown.trim_end_matches('/')) };
    let mut out = Vec::new();
    let mut queue: std::collections::VecDeque<(PathBuf, String, usize)> = Default::default();
    queue.push_back((dir.to_path_buf(), String::new(), 0));
    while let Some((d, rel, depth)) = queue.pop_front() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            if out.len() >= MAX_ENTRIES {
                return out;
            }
            let name = e.file_name().to_string_lossy().into_owned();
            let Ok(ft) = e.file_type() else { continue };
            let r = if rel.is_empty() { name.clone() } else { format!("{rel}/{name}") };
            if ft.is_dir() {
                out.push(format!("{prefix}{r}/"));
                if depth + 1 < MAX_DEPTH && !NOT_ENTERED.contains(&name.as_str()) {
                    queue.push_back((e.path(), r, depth + 1));
                }
            } else {
                out.push(format!("{prefix}{r}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_a_context_without_entering_git_or_node_modules() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        for d in [".git/objects", "node_modules/x", "src/deep"] {
            std::fs::create_dir_all(root.join(d)).unwrap();
        }
        for f in [".env", "src/deep/a.rs", ".git/HEAD", "node_modules/x/i.js"] {
            std::fs::write(root.join(f), "").unwrap();
        }
        let got = list(root, "ctx");
        assert_eq!(
            got,
            ["ctx/.env", "ctx/.git/", "ctx/node_modules/", "ctx/src/", "ctx/src/deep/", "ctx/src/deep/a.rs"]
        );
        assert_eq!(parent("a/b/Dockerfile"), "a/b");
        assert_eq!(parent("Dockerfile"), "");
        assert_eq!(parent("/Dockerfile"), "/");
    }
}

//! The build context of a Dockerfile, as far as the checked files tell: its `.dockerignore`
//! and the paths known to be in it.
//!
//! The core reads no disk. It learns about a Dockerfile's context from the file set it is
//! given (`{path, content}` files, paths relative to one root) and from
//! [`LintOptions::context_files`](crate::report::LintOptions::context_files), a list of paths
//! known to exist (the CLI walks the context directory; the playground lists its tabs):
//!
//! - the context root is the directory of the Dockerfile, or the `build.context` of a compose
//!   service of the set that builds it;
//! - the ignore file is `<Dockerfile>.dockerignore` next to the Dockerfile when the set holds
//!   one (BuildKit prefers it), else `<context>/.dockerignore`;
//! - the known paths are the files of the set and the context files under the root.
//!
//! A file or directory that is not known is not assumed to exist (no finding on a guess).

use crate::dockerignore::Dockerignore;
use crate::project::normalise;
use crate::report::SourceFile;
use std::sync::Arc;

/// How many known paths are kept (files of the set and context files together).
pub const MAX_CONTEXT_PATHS: usize = 100_000;

/// What the checked files tell about a Dockerfile's build context.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BuildContext {
    /// The context root, as a normalised path of the file set (`""` for the set's root).
    pub root: String,
    /// The ignore file in force: its path in the set and what it says.
    pub ignore: Option<(String, Arc<Dockerignore>)>,
    /// Every known path of the set, normalised and sorted (shared by the contexts of one set).
    known: Arc<Known>,
}

/// The known paths of a file set and its `.dockerignore` files, computed once per set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Known {
    /// Normalised, sorted, deduplicated; a directory known only as such ends with `/`.
    paths: Vec<String>,
    /// `(normalised path, original path, parsed)` of each ignore file of the set.
    ignores: Vec<(String, String, Arc<Dockerignore>)>,
}

impl Known {
    /// The known paths of `files` and `context_files` (same root; a trailing `/` marks a
    /// directory), and the `.dockerignore` files among `files`, each parsed once.
    pub fn new(files: &[SourceFile], context_files: &[String]) -> Known {
        let mut paths: Vec<String> = Vec::new();
        let all = files.iter().map(|f| f.path.as_str()).chain(context_files.iter().map(String::as_str));
        for p in all.take(MAX_CONTEXT_PATHS) {
            let dir = p.ends_with('/') || p.ends_with('\\');
            let n = normalise(p);
            if !n.is_empty() {
                paths.push(if dir { format!("{n}/") } else { n });
            }
        }
        crate::sort::sort_by(&mut paths, |a, b| a.cmp(b));
        paths.dedup();
        let ignores = files
            .iter()
            .filter(|f| is_ignore_file(&f.path))
            .map(|f| (normalise(&f.path), f.path.clone(), Arc::new(Dockerignore::parse(&f.content))))
            .collect();
        Known { paths, ignores }
    }
}

/// Whether `path` names a `.dockerignore` file (`.dockerignore`, `Dockerfile.dockerignore`,
/// `app.Dockerfile.dockerignore`): context input, not a file to check.
pub fn is_ignore_file(path: &str) -> bool {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    name.ends_with(".dockerignore")
}

fn dir_of(path: &str) -> &str {
    path.rfind('/').map_or("", |p| &path[..p])
}

impl BuildContext {
    /// The context of the Dockerfile at `dockerfile` (a path of `files`): rooted at
    /// `context_dir` when a compose build names one, else at the Dockerfile's directory.
    /// `context_files` are further paths known to exist (same root as `files`; a trailing `/`
    /// marks a directory).
    pub fn resolve(
        dockerfile: &str,
        files: &[SourceFile],
        context_files: &[String],
        context_dir: Option<&str>,
    ) -> BuildContext {
        BuildContext::within(dockerfile, &Arc::new(Known::new(files, context_files)), context_dir)
    }

    /// [`BuildContext::resolve`] with the known paths of the set computed once
    /// ([`Known::new`]), for sets with many Dockerfiles.
    pub fn within(dockerfile: &str, known: &Arc<Known>, context_dir: Option<&str>) -> BuildContext {
        let df = normalise(dockerfile);
        let root = context_dir.map_or_else(|| dir_of(&df).to_string(), normalise);
        let find = |p: &str| known.ignores.iter().find(|(n, _, _)| n == p);
        let own = format!("{df}.dockerignore");
        let shared = if root.is_empty() { ".dockerignore".to_string() } else { format!("{root}/.dockerignore") };
        let ignore = find(&own).or_else(|| find(&shared)).map(|(_, path, d)| (path.clone(), d.clone()));
        BuildContext { root, ignore, known: known.clone() }
    }

    /// The paths known to be in the context, relative to its root (a directory known only as
    /// such ends with `/`), in sorted order.
    pub fn paths(&self) -> impl Iterator<Item = &str> + '_ {
        let all = &self.known.paths;
        let (prefix, from) = if self.root.is_empty() {
            (String::new(), 0)
        } else {
            let prefix = format!("{}/", self.root);
            let from = all.partition_point(|p| p.as_str() < prefix.as_str());
            (prefix, from)
        };
        let cut = prefix.len();
        all[from..]
            .iter()
            .take_while(move |p| p.starts_with(prefix.as_str()))
            .map(move |p| &p[cut..])
            .filter(|p| !p.is_empty() && *p != ".." && !p.starts_with("../"))
    }

    /// The ignore file, when there is one and every pattern of it is understood.
    pub fn reliable_ignore(&self) -> Option<&Dockerignore> {
        self.ignore.as_ref().map(|(_, d)| d.as_ref()).filter(|d| d.reliable())
    }

    /// The name of the ignore file in force (for messages), or `.dockerignore`.
    pub fn ignore_name(&self) -> &str {
        self.ignore.as_ref().map_or(".dockerignore", |(p, _)| p.rsplit(['/', '\\']).next().unwrap_or(p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(path: &str, content: &str) -> SourceFile {
        SourceFile { path: path.into(), content: content.into(), kind: None }
    }

    #[test]
    fn ignore_files_are_recognised_by_name() {
        assert!(is_ignore_file(".dockerignore"));
        assert!(is_ignore_file("app/Dockerfile.dockerignore"));
        assert!(is_ignore_file("a\\x.Dockerfile.dockerignore"));
        assert!(!is_ignore_file("dockerignore.txt") && !is_ignore_file("Dockerfile"));
    }

    #[test]
    fn the_per_dockerfile_ignore_file_wins() {
        let files = [
            f("app/Dockerfile", "FROM a\n"),
            f("app/.dockerignore", ".git\n"),
            f("app/Dockerfile.dockerignore", "*.md\n"),
            f("app/.env", ""),
            f("other/.env", ""),
        ];
        let c = BuildContext::resolve("./app/Dockerfile", &files, &["app/.git/".into(), "x/y".into()], None);
        assert_eq!(c.root, "app");
        assert_eq!(c.ignore.as_ref().unwrap().0, "app/Dockerfile.dockerignore");
        assert_eq!(c.ignore_name(), "Dockerfile.dockerignore");
        let paths: Vec<&str> = c.paths().collect();
        assert_eq!(paths, [".dockerignore", ".env", ".git/", "Dockerfile", "Dockerfile.dockerignore"]);
        let c = BuildContext::resolve("app/Dockerfile", &files[..2], &[], None);
        assert_eq!(c.ignore.as_ref().unwrap().0, "app/.dockerignore");
    }

    #[test]
    fn a_compose_context_roots_the_context_elsewhere() {
        let files = [f("docker/api.Dockerfile", "FROM a\n"), f(".dockerignore", "*\n!src\n"), f("src/main.go", "")];
        let c = BuildContext::resolve("docker/api.Dockerfile", &files, &[], Some("."));
        assert_eq!(c.root, "");
        assert!(c.reliable_ignore().is_some_and(|d| d.excludes("docker/api.Dockerfile")));
        assert!(c.paths().any(|p| p == "src/main.go"));
        let none = BuildContext::resolve("Dockerfile", &[], &[], None);
        assert!(none.ignore.is_none() && none.paths().next().is_none());
        // a root that is a prefix of a sibling's name holds only its own paths
        let k = Arc::new(Known::new(&[], &["app/a".into(), "app-x/b".into(), "app/b/".into(), "apq".into()]));
        let c = BuildContext::within("app/Dockerfile", &k, None);
        assert_eq!(c.paths().collect::<Vec<_>>(), ["a", "b/"]);
    }
}

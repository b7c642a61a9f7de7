//! The example gallery: realistic files with the mistakes people really make.

/// One gallery entry: a set of files loaded into the editors together.
#[derive(Clone, Copy, Debug)]
pub struct Example {
    pub id: &'static str,
    pub title: &'static str,
    pub blurb: &'static str,
    /// `(path, content)` in tab order.
    pub files: &'static [(&'static str, &'static str)],
}

pub const EXAMPLES: &[Example] = &[
    Example {
        id: "node",
        title: "Node.js service",
        blurb: "latest tag, MAINTAINER, ADD, npm install, shell-form CMD, runs as root",
        files: &[("Dockerfile", include_str!("../../examples/node-app/Dockerfile"))],
    },
    Example {
        id: "python",
        title: "Python API",
        blurb: "a secret in ENV, apt without cleanup, pip cache, USER root",
        files: &[("Dockerfile", include_str!("../../examples/python-api/Dockerfile"))],
    },
    Example {
        id: "go-naive",
        title: "Go, one stage",
        blurb: "the toolchain ships to production, chmod 777, SSH port",
        files: &[("Dockerfile", include_str!("../examples/go-naive/Dockerfile"))],
    },
    Example {
        id: "go",
        title: "Go, multi-stage (grade A)",
        blurb: "what good looks like: distroless, non-root, healthcheck",
        files: &[("Dockerfile", include_str!("../../examples/go-service/Dockerfile"))],
    },
    Example {
        id: "compose",
        title: "Compose stack with a database",
        blurb: "web + Postgres + Redis: privileged, published DB port, host network",
        files: &[
            ("Dockerfile", include_str!("../examples/compose-stack/Dockerfile")),
            ("compose.yaml", include_str!("../examples/compose-stack/compose.yaml")),
            (".env", include_str!("../examples/compose-stack/.env")),
            (".dockerignore", include_str!("../examples/compose-stack/.dockerignore")),
        ],
    },
];

/// An example by id.
pub fn find(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}

/// The examples a build shows: all of them, or those named in the comma-separated list baked
/// in at build time (`SEAWORTHY_EXAMPLES`), in that order; unknown ids are ignored.
pub fn shown(list: &str) -> Vec<&'static Example> {
    let ids: Vec<&str> = list.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
    if ids.is_empty() {
        return EXAMPLES.iter().collect();
    }
    let picked: Vec<&'static Example> = ids.iter().filter_map(|id| find(id)).collect();
    if picked.is_empty() {
        EXAMPLES.iter().collect()
    } else {
        picked
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use seaworthy::{LintOptions, SourceFile};

    #[test]
    fn bad_examples_have_findings_and_the_good_one_grades_a() {
        for e in EXAMPLES {
            let files: Vec<SourceFile> = e
                .files
                .iter()
                .filter(|(p, _)| seaworthy::detect_kind(p).is_some())
                .map(|(p, c)| SourceFile { path: (*p).into(), content: (*c).into(), kind: None })
                .collect();
            let r = seaworthy::lint(&files, &LintOptions::default());
            if e.id == "go" {
                assert_eq!(r.summary.grade, seaworthy::score::Grade::A, "{}", e.id);
            } else {
                assert!(r.summary.diagnostics >= 4, "{}: {}", e.id, r.summary.diagnostics);
                assert!(r.summary.fixable >= 1, "{} has something to fix", e.id);
            }
        }
    }

    #[test]
    fn the_build_time_list_picks_examples() {
        assert_eq!(shown("").len(), EXAMPLES.len());
        let ids: Vec<&str> = shown("compose, node,nope").iter().map(|e| e.id).collect();
        assert_eq!(ids, ["compose", "node"]);
        assert_eq!(shown("nope").len(), EXAMPLES.len());
    }
}

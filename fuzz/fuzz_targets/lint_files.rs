//! Several files (Dockerfiles and compose files, split at 0xFE bytes, which UTF-8 never
//! contains) through `lint` and the project linter: no panic, and the report does not depend
//! on the order of the input files.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seaworthy::project::lint_project;
use seaworthy::{lint, LintOptions, SourceFile};

const PATHS: &[&str] = &[
    "Dockerfile",
    "compose.yaml",
    "api/Dockerfile",
    "docker-compose.override.yml",
    "web/Containerfile",
    "compose.prod.yaml",
    "api/Dockerfile.dev",
    "infra/docker-compose.yml",
    "README.md",
];

fuzz_target!(|data: &[u8]| {
    let mut files: Vec<SourceFile> = Vec::new();
    for (i, chunk) in data.split(|&b| b == 0xFE).take(5).enumerate() {
        let pick = chunk.first().map_or(i, |&b| b as usize);
        let Some(path) =
            (0..PATHS.len()).map(|k| PATHS[(pick + k) % PATHS.len()]).find(|p| !files.iter().any(|f| f.path == *p))
        else {
            break;
        };
        let body = chunk.get(1..).unwrap_or_default();
        files.push(SourceFile { path: path.to_string(), content: String::from_utf8_lossy(body).into_owned(), kind: None });
    }
    let options = LintOptions::default();
    let report = lint(&files, &options);
    let mut reversed = files.clone();
    reversed.reverse();
    assert!(report == lint(&reversed, &options), "the report depends on the order of the files");
    let mut rotated = files.clone();
    rotated.rotate_left(1);
    assert!(report == lint(&rotated, &options), "the report depends on the order of the files");

    let sorted = |mut v: Vec<(String, Vec<seaworthy::Diagnostic>)>| {
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v
    };
    let project = sorted(lint_project(&files));
    assert!(project == sorted(lint_project(&reversed)), "project findings depend on the order of the files");
});

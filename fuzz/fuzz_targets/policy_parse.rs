//! Policy files (TOML) never make the parser panic; errors point into the text; a policy that
//! parses can lint a Dockerfile and a compose file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seaworthy::{lint_source_with, FileKind, Policy};
use seaworthy_fuzz::check_diagnostics;

const DOCKERFILE: &str = "FROM node:latest\nMAINTAINER me\nADD . /app\nRUN apt-get update && apt-get install curl\nENV API_TOKEN=abc\nCMD node app.js\n";
const COMPOSE: &str = "services:\n  web:\n    image: nginx\n    privileged: true\n    ports: [\"80:80\"]\n    environment:\n      DB_PASSWORD: hunter2\n";

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for result in [Policy::parse(&text), Policy::from_spec(&text)] {
        match result {
            Ok(policy) => {
                for path in ["Dockerfile", "svc/api/Dockerfile"] {
                    let d = lint_source_with(DOCKERFILE, Some(FileKind::Dockerfile), &policy, path);
                    check_diagnostics(DOCKERFILE, &d);
                }
                let d = lint_source_with(COMPOSE, Some(FileKind::Compose), &policy, "compose.yaml");
                check_diagnostics(COMPOSE, &d);
            }
            Err(errors) => {
                assert!(!errors.is_empty(), "a failed parse gives at least one error");
                for e in &errors {
                    assert!(e.span.start <= e.span.end && e.span.end <= text.len(), "error span {:?}", e.span);
                    assert!(e.line >= 1 && e.column >= 1, "error at {}:{}", e.line, e.column);
                }
            }
        }
    }
});

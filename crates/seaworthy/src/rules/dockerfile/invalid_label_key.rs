//! SWD319 invalid-label-key

use crate::diagnostic::{Category, Severity};
use crate::policy::custom::labels;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD319",
        name: "invalid-label-key",
        target: Target::Dockerfile,
        category: Category::Maintainability,
        severity: Severity::Style,
        fix: FixKind::None,
        default_on: false,
        summary: "A label key that breaks Docker's key format guidelines.",
        equivalents: &["hadolint:DL3048"],
        docs: rule_docs!(
            r#"## What it does
Checks label keys against Docker's guidelines: lower-case letters, digits, `.` and `-`;
starting and ending with a letter or digit; no `..` or `--`; and not in the namespaces Docker
reserves (`com.docker.*`, `io.docker.*`, `org.dockerproject.*`). Keys with variables are not
checked. Off unless the policy sets `required-labels` or `strict-labels`.

## Why is this bad?
Tools that read labels (registries, scanners, orchestrators) expect reverse-DNS keys; keys
outside the format are ignored or clash with the ones Docker itself sets.

## Options
```toml
[options]
strict-labels = false
[options.required-labels]
"org.opencontainers.image.source" = "url"
```

## Example
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.source="https://github.com/acme/app" Team_Name="platform"
```

## Use instead
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.source="https://github.com/acme/app" com.acme.team="platform"
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

/// Why a key breaks the guidelines, if it does.
pub fn key_problem(key: &str) -> Option<&'static str> {
    if key.is_empty() {
        return Some("it is empty");
    }
    if ["com.docker.", "io.docker.", "org.dockerproject."].iter().any(|p| key.starts_with(p)) {
        return Some("its namespace is reserved by Docker");
    }
    if !key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-') {
        return Some("only lower-case letters, digits, `.` and `-` are allowed");
    }
    let first_last_ok = |b: u8| b.is_ascii_alphanumeric();
    if !first_last_ok(key.as_bytes()[0]) || !first_last_ok(key.as_bytes()[key.len() - 1]) {
        return Some("it must start and end with a letter or digit");
    }
    if key.contains("..") || key.contains("--") {
        return Some("it must not contain `..` or `--`");
    }
    None
}

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    if !ctx.options.labels_configured() {
        return;
    }
    for (key, _, span, _) in labels(ctx) {
        if key.contains('$') {
            continue;
        }
        if let Some(why) = key_problem(&key) {
            sink.report(
                span,
                format!("Label key `{key}` is not valid: {why}"),
                "Use a reverse-DNS key in lower case, such as `com.example.team`.",
                None,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn keys() {
        let p = "[options]\nstrict-labels = false\nrequired-labels = { version = \"semver\" }\n";
        fires_with(&RULE, p, "FROM a:1\nLABEL Version=1 com.docker.x=1 a..b=1 -a=1 ok.key-1=1\n", 4);
        fires_with(&RULE, p, "FROM a:1\nLABEL version=1 \"org.opencontainers.image.title\"=x\n", 0);
        fires_with(&RULE, "", "FROM a:1\nLABEL Version=1\n", 0);
    }
}

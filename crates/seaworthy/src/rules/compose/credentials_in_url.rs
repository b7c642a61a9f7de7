//! SWC302 credentials-in-url

use crate::compose::key_values;
use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC302",
        name: "credentials-in-url",
        target: Target::Compose,
        category: Category::Security,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: true,
        summary: "An environment value is a URL with a literal password (`scheme://user:password@host`).",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports `environment` values (and `build.args`) containing `scheme://user:password@` where the
password is written literally. A password from interpolation (`${DB_PASSWORD}`) is fine.

## Why is this bad?
Connection strings are secrets too: the password is committed with the file and visible in
`docker inspect`.

## Example
```yaml
services:
  app:
    image: example/app:1.4
    environment:
      DATABASE_URL: postgres://app:hunter2@db:5432/app
```

## Use instead
```yaml
services:
  app:
    image: example/app:1.4
    environment:
      DATABASE_URL: postgres://app:${DB_PASSWORD:?DB_PASSWORD is required}@db:5432/app
```
"#
        ),
    },
    check,
    per_service: true,
};

/// The literal password of the first `scheme://user:password@` in `v`, if any.
pub fn url_password(v: &str) -> Option<&str> {
    let mut rest = v;
    while let Some(p) = rest.find("://") {
        let after = &rest[p + 3..];
        let auth_end = after.find(['/', '?', '#', ' ']).unwrap_or(after.len());
        let auth = &after[..auth_end];
        if let Some(at) = auth.rfind('@') {
            if let Some((_, pw)) = auth[..at].split_once(':') {
                if !pw.is_empty() && !pw.contains('$') {
                    return Some(pw);
                }
            }
        }
        rest = after;
    }
    None
}

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        let envs = [ctx.doc.get(s.node, "environment"), ctx.doc.path(s.node, &["build", "args"])];
        for env in envs.into_iter().flatten() {
            for kv in key_values(ctx.doc, env) {
                let Some(v) = kv.value else { continue };
                if url_password(v).is_some() {
                    sink.report(
                        kv.value_span.unwrap_or(kv.name_span),
                        format!("Service `{}` has a password in the URL of `{}`", s.name, kv.name),
                        "Interpolate the password (`${DB_PASSWORD:?…}`) or pass the whole URL through a secret.",
                        None,
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_on_passwords_in_urls() {
        fires(
            &RULE,
            "services:\n  a:\n    environment:\n      - URL=redis://:pw@cache:6379/0\n      - B=amqp://u:p@mq\n",
            2,
        );
        fires(&RULE, "services:\n  a:\n    build:\n      args: {MIRROR: \"https://u:p@mirror/x\"}\n", 1);
    }

    #[test]
    fn quiet_otherwise() {
        clean(&RULE, "services:\n  a:\n    environment:\n      A: postgres://u:${PW}@db/x\n      B: http://user@host/\n      C: https://example.com/a:b@c\n");
    }
}

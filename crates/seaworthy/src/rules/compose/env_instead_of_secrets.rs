//! SWC306 env-instead-of-secrets

use crate::compose::key_values;
use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC306",
        name: "env-instead-of-secrets",
        target: Target::Compose,
        category: Category::Security,
        severity: Severity::Info,
        fix: FixKind::None,
        default_on: false,
        summary: "A credential is passed through an environment variable where Compose `secrets:` would keep it out of the environment.",
        equivalents: &[],
        docs: rule_docs!(r#"## What it does
Reports credential-named `environment` entries whose value comes from interpolation
(`${DB_PASSWORD}`), in services without `secrets:`. (Literal values are
`literal-secret-in-environment`'s.)

## Why is this bad?
Environment variables are visible in `docker inspect`, inherited by every child process and
often printed in crash reports; a secret mounted as a file under `/run/secrets/` is not.
Most official images read `*_FILE` variables for exactly this.

## Example
```yaml
services:
  db:
    image: postgres:16.4
    environment:
      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?required}
```

## Use instead
```yaml
services:
  db:
    image: postgres:16.4
    environment:
      POSTGRES_PASSWORD_FILE: /run/secrets/db_password
    secrets: [db_password]
secrets:
  db_password:
    environment: POSTGRES_PASSWORD
```
"#),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        if ctx.doc.get(s.node, "secrets").is_some() {
            continue;
        }
        let Some(env) = ctx.doc.get(s.node, "environment") else { continue };
        for kv in key_values(ctx.doc, env) {
            let Some(v) = kv.value else { continue };
            if v.contains('$') && super::literal_secret_in_environment::credential_name(kv.name) {
                sink.report(
                    kv.name_span,
                    format!("Service `{}` gets `{}` through its environment", s.name, kv.name),
                    "Mount it with Compose `secrets:` and point a `*_FILE` variable at `/run/secrets/<name>`.",
                    None,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_and_not() {
        fires(&RULE, "services:\n  a:\n    environment: [\"API_TOKEN=${T}\", \"HOST=${H}\"]\n", 1);
        clean(&RULE, "services:\n  a:\n    environment: {API_TOKEN: \"${T}\"}\n    secrets: [t]\n  b:\n    environment: {API_TOKEN: literal}\n");
    }
}

//! SWC301 literal-secret-in-environment

use crate::compose::{key_values, KeyValue};
use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};
use crate::yaml::Style;

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC301",
        name: "literal-secret-in-environment",
        target: Target::Compose,
        category: Category::Security,
        severity: Severity::Error,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "A credential-named environment variable has a literal value in the compose file.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports `environment` entries (map or `KEY=value` list form) whose name looks like a credential
(`PASSWORD`, `PASSWD`, `SECRET`, `TOKEN`, `API_KEY`, `ACCESS_KEY`, `PRIVATE_KEY`, names ending
in `_KEY`…) and whose value is written literally. Values from interpolation (`${DB_PASSWORD}`),
empty values, pass-through names and `*_FILE` variables are fine. Names ending in `_USER`,
`_HOST`, `_PORT`, `_PATH`, `_TTL`, `_LENGTH`… are not credentials.

## Why is this bad?
The secret is committed with the file, shows in `docker inspect`, and is shared by everyone who
can read the repository.

## Example
```yaml
services:
  db:
    image: postgres:16.4
    environment:
      POSTGRES_PASSWORD: hunter2
```

## Use instead
```yaml
services:
  db:
    image: postgres:16.4
    environment:
      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required}
```

## Fix safety
Unsafe: the value moves out of the file, so `docker compose up` fails until the variable is
set (in the environment or a `.env` file kept out of version control). Better still, use
Compose `secrets:` and a `*_FILE` variable.
"#
        ),
    },
    check,
    per_service: true,
};

const NOT_SECRET_SUFFIX: &[&str] = &[
    "FILE",
    "PATH",
    "DIR",
    "LENGTH",
    "LEN",
    "EXPIRY",
    "EXPIRES",
    "EXPIRATION",
    "TTL",
    "TIMEOUT",
    "URL",
    "URI",
    "HOST",
    "PORT",
    "USER",
    "USERNAME",
    "NAME",
    "ID",
    "ENABLED",
    "ENABLE",
    "TYPE",
    "HEADER",
    "ALGORITHM",
    "FIELD",
    "POLICY",
    "REQUIRED",
    "MIN",
    "MAX",
    "LIFETIME",
    "COUNT",
    "SIZE",
    "PREFIX",
    "MODE",
    "LOCATION",
    "PROVIDER",
    "HASH",
    "ROTATION",
    "STORE",
];

/// Whether an environment variable name looks like it holds a credential.
pub fn credential_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    let words: Vec<&str> = upper.split(['_', '-', '.']).filter(|w| !w.is_empty()).collect();
    let Some(last) = words.last() else { return false };
    if NOT_SECRET_SUFFIX.contains(last) {
        return false;
    }
    words.iter().any(|w| {
        matches!(*w, "PASSWORD" | "PASSWD" | "PWD" | "SECRET" | "TOKEN" | "APIKEY" | "PASSPHRASE" | "CREDENTIALS")
    }) || (*last == "KEY" && words.len() > 1)
        || *last == "PASS"
}

fn is_literal_secret(v: &str) -> bool {
    let t = v.trim();
    // an absolute path names a secret file (`/run/secrets/db`), it is not the secret
    let path = t.starts_with('/') && !t.contains(char::is_whitespace);
    !t.is_empty()
        && !path
        && !t.contains('$')
        && !matches!(t.to_ascii_lowercase().as_str(), "true" | "false" | "yes" | "no" | "null")
}

fn fix_for(ctx: &ComposeCtx<'_>, kv: &KeyValue<'_>) -> Option<Fix> {
    let span = kv.value_span?;
    let n = ctx.doc.get_node(kv.node);
    if ctx.doc.resolve(kv.node) != kv.node {
        return None;
    }
    let expr = format!("${{{0}:?{0} is required}}", kv.name);
    let text = if kv.list_form {
        if span == n.span || matches!(n.kind, crate::yaml::Kind::Scalar(ref s) if s.style == Style::DoubleQuoted) {
            return None;
        }
        expr
    } else {
        match ctx.doc.scalar(kv.node)?.style {
            Style::Plain | Style::SingleQuoted | Style::DoubleQuoted => expr,
            _ => return None,
        }
    };
    Some(Fix::unsafe_(format!("Read `{}` from the environment", kv.name), vec![Edit::replace(span, text)]))
}

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        let Some(env) = ctx.doc.get(s.node, "environment") else { continue };
        for kv in key_values(ctx.doc, env) {
            let Some(v) = kv.value else { continue };
            if !credential_name(kv.name) || !is_literal_secret(v) {
                continue;
            }
            let fix = fix_for(ctx, &kv);
            sink.report(
                kv.value_span.unwrap_or(kv.name_span),
                format!("Service `{}` sets the credential `{}` literally", s.name, kv.name),
                format!(
                    "Read it from the environment (`${{{0}:?{0} is required}}`) or use Compose `secrets:`.",
                    kv.name
                ),
                fix,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_and_fixes() {
        fixes_to(
            &RULE,
            "services:\n  a:\n    environment:\n      DB_PASSWORD: \"s3cr3t\" # x\n      API_TOKEN: abc\n",
            "services:\n  a:\n    environment:\n      DB_PASSWORD: ${DB_PASSWORD:?DB_PASSWORD is required} # x\n      API_TOKEN: ${API_TOKEN:?API_TOKEN is required}\n",
        );
        fixes_to(
            &RULE,
            "services:\n  a:\n    environment:\n      - SECRET_KEY=abc\n      - 'AWS_SECRET_ACCESS_KEY=xyz'\n",
            "services:\n  a:\n    environment:\n      - SECRET_KEY=${SECRET_KEY:?SECRET_KEY is required}\n      - 'AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:?AWS_SECRET_ACCESS_KEY is required}'\n",
        );
    }

    #[test]
    fn quiet_on_references_and_non_secrets() {
        clean(
            &RULE,
            "services:\n  a:\n    environment:\n      DB_PASSWORD: ${DB_PASSWORD}\n      DB_PASSWORD_FILE: /run/secrets/db\n      DATABASE_PASSWORD: /run/secrets/db-password\n      DB_USER: app\n      TOKEN_TTL: 3600\n      SECRET:\n      - x\n      PASSWORD_REQUIRED: \"true\"\n  b:\n    environment:\n      - API_KEY\n      - MONKEY=1\n",
        );
        assert!(credential_name("AWS_SECRET_ACCESS_KEY"));
        assert!(credential_name("MYSQL_ROOT_PASSWORD"));
        assert!(!credential_name("KEY"));
        assert!(!credential_name("PASSWORD_LENGTH"));
    }
}

//! SWD501 secret-named-variable
//!
//! Also holds the credential-name test and the value classification shared with
//! `hardcoded_secret`.

use crate::diagnostic::{Category, Severity};
use crate::dockerfile::words::{scan_var_refs, unquote};
use crate::dockerfile::Instruction;
use crate::dockerfile::{Args, KeyValue, Keyword};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD501",
        name: "secret-named-variable",
        target: Target::Dockerfile,
        category: Category::Security,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: true,
        summary: "An `ARG` or `ENV` named like a credential passes a secret through the image metadata.",
        equivalents: &["hadolint:DL3064", "buildkit:SecretsUsedInArgOrEnv"],
        docs: rule_docs!(
            r#"## What it does
Finds `ARG` and `ENV` instructions (also under `ONBUILD`) whose name looks like a credential and
whose value comes from outside: an `ARG` without a default, or an `ENV` set from a variable.
A name looks like a credential when one of its `_`- or `-`-separated parts is `apikey`, `auth`,
`credential(s)`, `key`, `password`, `pword`, `passwd`, `secret` or `token`, as in BuildKit's
`SecretsUsedInArgOrEnv` check. Names with a `public`, `gpg`, `pgp`, `fingerprint` or `keyring`
part, names ending in `_FILE`, `_PATH`, `_DIR`, `_URL`, `_ID`, `_NAME`, `_VERSION` (and similar
non-secret suffixes), and values that are paths, booleans or key fingerprints are not reported.
Literal values are reported by `hardcoded-secret` instead.

## Why is this bad?
Build arguments used by a `RUN` are recorded in the image history, and `ENV` values are stored
in the image configuration: anyone who can pull the image can read them with `docker history`
or `docker inspect`. BuildKit secret mounts expose a secret to one `RUN` only and never store it.

## Example
```dockerfile
FROM node:22-slim
ARG NPM_TOKEN
RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc
```

## Use instead
```dockerfile
# syntax=docker/dockerfile:1
FROM node:22-slim
RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN \
    echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc
```
"#
        ),
    },
    check: crate::rules::Check::Each(
        crate::rules::Keywords::of(&[crate::dockerfile::Keyword::Arg, crate::dockerfile::Keyword::Env]),
        check,
    ),
};

fn check<'a>(ctx: &DockerfileCtx<'a>, i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    // a global ARG is only visible to FROM lines; a stage must declare it again to use it
    if ctx.model.stage_of(i).is_none() {
        return;
    }
    let e = ins.effective();
    let kw = e.keyword;
    let pairs = match (&e.args, kw) {
        (Args::ArgNames { pairs }, Keyword::Arg) | (Args::Pairs { pairs }, Keyword::Env) => pairs,
        _ => return,
    };
    for kv in pairs {
        let name = &kv.key.value;
        if !is_secret_name(name) {
            continue;
        }
        if !matches!(
            classify_value(kv, ctx.df.escape),
            ValueKind::Absent | ValueKind::Reference | ValueKind::Placeholder
        ) {
            continue;
        }
        sink.report(
            kv.key.span,
            format!("`{} {name}` looks like a secret; its value is stored in the image metadata", kw.as_str()),
            format!(
                "Pass the secret to the RUN that needs it with a secret mount: \
                 `RUN --mount=type=secret,id={},env={name} ...`, and build with `--secret id=...`.",
                name.to_ascii_lowercase()
            ),
            None,
        );
    }
}

/// Parts of a name that mark a credential (BuildKit's list).
const SECRET_PARTS: &[&str] =
    &["apikey", "auth", "credential", "credentials", "key", "password", "pword", "passwd", "secret", "token"];

/// Parts anywhere in a name that mark something public or a key fingerprint.
const ALLOW_PARTS: &[&str] = &["public", "pub", "gpg", "pgp", "fingerprint", "fingerprints", "keyring", "keyserver"];

/// Last parts that name something about a secret rather than the secret itself.
const ALLOW_LAST: &[&str] = &[
    "file",
    "filename",
    "files",
    "path",
    "paths",
    "dir",
    "directory",
    "url",
    "uri",
    "id",
    "ids",
    "name",
    "names",
    "version",
    "method",
    "methods",
    "type",
    "mode",
    "enabled",
    "enable",
    "disabled",
    "disable",
    "required",
    "host",
    "hostname",
    "port",
    "server",
    "endpoint",
    "provider",
    "plugin",
    "header",
    "algorithm",
    "length",
    "size",
    "timeout",
    "ttl",
    "sock",
    "socket",
    "location",
    "format",
];

/// Whether a variable name looks like it holds a credential.
pub(super) fn is_secret_name(name: &str) -> bool {
    // the lists are lower-case; names are compared without allocating a lower-cased copy
    let parts = || name.split(['_', '-', '.']).filter(|p| !p.is_empty());
    let listed = |p: &str, list: &[&str]| list.iter().any(|x| x.eq_ignore_ascii_case(p));
    if !parts().any(|p| listed(p, SECRET_PARTS)) {
        return false;
    }
    if parts().any(|p| listed(p, ALLOW_PARTS)) {
        return false;
    }
    if parts().next_back().is_some_and(|p| listed(p, ALLOW_LAST)) {
        return false;
    }
    // `APT_KEY_DONT_WARN_ON_DANGEROUS_USAGE`: settings of the `apt-key` tool
    let mut prev_apt = false;
    !parts().any(|p| {
        let hit = prev_apt && p.eq_ignore_ascii_case("key");
        prev_apt = p.eq_ignore_ascii_case("apt");
        hit
    })
}

/// What an `ARG`/`ENV` value is, for the secret rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ValueKind {
    /// `ARG NAME` without a default.
    Absent,
    /// Empty, or taken from variables: the secret comes from outside.
    Reference,
    /// `none`, `null`, `<your-token>`, `xxxx`: a stand-in for a secret passed later.
    Placeholder,
    /// A boolean, a path, or a key fingerprint: not a secret.
    Benign,
    /// Anything else: possibly a real secret written into the file.
    Literal,
}

/// Classifies the value of a pair.
pub(super) fn classify_value(kv: &KeyValue, escape: char) -> ValueKind {
    let Some(raw) = &kv.value else { return ValueKind::Absent };
    if !scan_var_refs(&raw.value, 0, raw.value.len(), escape).is_empty() {
        return ValueKind::Reference;
    }
    let v = unquote(&raw.value, escape);
    let v = v.trim();
    if v.is_empty() {
        return ValueKind::Reference;
    }
    let lower = v.to_ascii_lowercase();
    if matches!(lower.as_str(), "none" | "null" | "nil" | "undefined" | "unset" | "-") || is_placeholder(v) {
        return ValueKind::Placeholder;
    }
    if matches!(lower.as_str(), "true" | "false" | "yes" | "no" | "on" | "off" | "0" | "1") {
        return ValueKind::Benign;
    }
    if v.starts_with('/') || v.starts_with("./") || v.starts_with("~/") || lower.starts_with("file:") {
        return ValueKind::Benign;
    }
    // `NGINX_KEY=573BFD6B...`: a signing-key fingerprint (a token or password is never one)
    if is_fingerprint_list(v) && only_key_part(&kv.key.value) {
        return ValueKind::Benign;
    }
    ValueKind::Literal
}

/// `<your-token>`, `{{ token }}`, `xxxxxxxx`, `********`.
pub(super) fn is_placeholder(v: &str) -> bool {
    let enclosed = (v.starts_with('<') && v.ends_with('>')) || (v.starts_with("{{") && v.ends_with("}}"));
    let mut chars = v.chars();
    let repeated = chars.next().is_some_and(|c| v.len() >= 3 && chars.all(|d| d == c));
    enclosed || repeated
}

/// Whether the only credential-like part of `name` is `key`.
fn only_key_part(name: &str) -> bool {
    name.split(['_', '-', '.'])
        .map(|p| p.to_ascii_lowercase())
        .filter(|p| SECRET_PARTS.contains(&p.as_str()))
        .all(|p| p == "key")
}

/// One or more 40- or 64-hex-digit key fingerprints (optionally `0x`-prefixed), separated by
/// spaces or commas.
fn is_fingerprint_list(v: &str) -> bool {
    let mut any = false;
    for item in v.split([' ', '\t', ',', ';']).filter(|s| !s.is_empty()) {
        let hex = item.strip_prefix("0x").or_else(|| item.strip_prefix("0X")).unwrap_or(item);
        if !(hex.len() == 40 || hex.len() == 64) || !hex.bytes().all(|c| c.is_ascii_hexdigit()) {
            return false;
        }
        any = true;
    }
    any
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn secret_names() {
        for n in [
            "NPM_TOKEN",
            "GITHUB_TOKEN",
            "AWS_SECRET_ACCESS_KEY",
            "DB_PASSWORD",
            "api-key",
            "SECRET",
            "MYSQL_ROOT_PASSWORD",
            "NODE_AUTH_TOKEN",
            "Client_Secret",
            "SSH_PRIVATE_KEY",
            "SECRET_KEY_BASE",
            "APIKEY",
            "REGISTRY_CREDENTIALS",
        ] {
            assert!(is_secret_name(n), "{n}");
        }
        for n in [
            "GPG_KEY",
            "GPG_KEYS",
            "PUBLIC_KEY",
            "SSH_PUB_KEY",
            "PASSWORD_FILE",
            "MYSQL_ROOT_PASSWORD_FILE",
            "TOKEN_URL",
            "AWS_ACCESS_KEY_ID",
            "KEY_VERSION",
            "DOCKER_AUTH_VERSION",
            "POSTGRES_HOST_AUTH_METHOD",
            "APT_KEY_DONT_WARN_ON_DANGEROUS_USAGE",
            "MONKEY",
            "PASSWORDS_ARE_HARD",
            "KEYCLOAK_HOME",
            "NODE_VERSION",
            "SSH_AUTH_SOCK",
            "AUTH_ENABLED",
            "SECRETS_DIR",
        ] {
            assert!(!is_secret_name(n), "{n}");
        }
    }

    #[test]
    fn fires_on_names_with_outside_values() {
        fires(&RULE, "FROM a\nARG NPM_TOKEN\n", 1);
        fires(&RULE, "FROM a\nARG NPM_TOKEN=\"\"\n", 1);
        fires(&RULE, "FROM a\nARG NPM_TOKEN\nENV NPM_TOKEN=${NPM_TOKEN}\n", 2);
        fires(&RULE, "FROM a\nENV API_KEY $API_KEY\n", 1);
        fires(&RULE, "FROM a\nARG DB_PASSWORD=none\n", 1);
        fires(&RULE, "FROM a\nARG USER=app DB_PASSWORD\n", 1);
        fires(&RULE, "FROM a\nENV A=1 \\\n    CLIENT_SECRET=\"${CLIENT_SECRET}\"\n", 1);
        fires(&RULE, "FROM a\nONBUILD ARG GITHUB_TOKEN\n", 1);
        fires(&RULE, "ARG BASE=a\nFROM ${BASE} AS build\nARG GITHUB_TOKEN\nFROM a\nARG GITHUB_TOKEN\n", 2);
        let d = fires(&RULE, "FROM a\nARG NPM_TOKEN\n", 1);
        assert!(d[0].message.contains("NPM_TOKEN"));
    }

    #[test]
    fn quiet_on_other_names_and_values() {
        // literal values belong to hardcoded-secret
        clean(&RULE, "FROM a\nENV DB_PASSWORD=hunter2\n");
        // global ARGs are only used by FROM
        clean(&RULE, "ARG REGISTRY_TOKEN\nFROM a\n");
        clean(&RULE, "FROM a\nENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D\n");
        clean(&RULE, "FROM a\nENV MYSQL_ROOT_PASSWORD_FILE=/run/secrets/db\n");
        clean(&RULE, "FROM a\nENV SIGNING_KEY=B42F6819007F00F88E364FD4036A9C25BF357DD4\n");
        clean(&RULE, "FROM a\nENV GOOGLE_APPLICATION_CREDENTIALS=/secrets/gcp.json\n");
        clean(&RULE, "FROM a\nENV APT_KEY_DONT_WARN_ON_DANGEROUS_USAGE=1\n");
        clean(&RULE, "FROM a\nENV USE_AUTH=true\n");
        clean(&RULE, "FROM a\nENV PATH=/app/bin:$PATH NODE_VERSION=22\n");
        clean(&RULE, "FROM a\nLABEL secret_token=\"\"\n");
    }
}

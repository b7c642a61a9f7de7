//! SWD502 hardcoded-secret

use super::secret_named_variable::{classify_value, is_placeholder, is_secret_name, ValueKind};
use crate::diagnostic::{Category, Severity};
use crate::dockerfile::words::unquote;
use crate::dockerfile::Instruction;
use crate::dockerfile::{Args, Keyword};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD502",
        name: "hardcoded-secret",
        target: Target::Dockerfile,
        category: Category::Security,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: true,
        summary: "A password, token or key is written into the Dockerfile.",
        equivalents: &["kics:passwords_and_secrets_in_infrastructure_code"],
        docs: rule_docs!(
            r#"## What it does
Finds literal secrets in `ENV`, `ARG` and `LABEL` values (also under `ONBUILD`):
- a variable named like a credential (see `secret-named-variable`) with a literal value, such
  as `ENV DB_PASSWORD=hunter2`; empty values, variable references, booleans, paths and
  placeholders such as `none` or `<token>` are not reported;
- any value that looks like a credential: an AWS access key id (`AKIA...`), a GitHub token
  (`ghp_...`, `github_pat_...`), a Slack token (`xoxb-...`), a Stripe live key (`sk_live_...`),
  a PEM private key, or a URL with a password (`postgres://app:s3cret@db/app`).

## Why is this bad?
The secret is now in the source repository, in every build context and in the image
configuration or history, where anyone who can read the repository or pull the image finds it.
Removing it later does not help: treat it as leaked and rotate it.

## Example
```dockerfile
FROM python:3.13-slim
ENV DATABASE_PASSWORD=s3cr3t-Passw0rd
```

## Use instead
```dockerfile
FROM python:3.13-slim
# the password is mounted at run time, e.g. as a compose or Kubernetes secret
ENV DATABASE_PASSWORD_FILE=/run/secrets/db_password
```
"#
        ),
    },
    check: crate::rules::Check::Each(
        crate::rules::Keywords::of(&[
            crate::dockerfile::Keyword::Arg,
            crate::dockerfile::Keyword::Env,
            crate::dockerfile::Keyword::Label,
        ]),
        check,
    ),
};

fn check<'a>(ctx: &DockerfileCtx<'a>, _i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    let e = ins.effective();
    let kw = e.keyword;
    let pairs = match (&e.args, kw) {
        (Args::ArgNames { pairs }, Keyword::Arg) | (Args::Pairs { pairs }, Keyword::Env | Keyword::Label) => pairs,
        _ => return,
    };
    for kv in pairs {
        let Some(value) = &kv.value else { continue };
        let name = &kv.key.value;
        let named = kw != Keyword::Label && is_secret_name(name);
        let (message, label) = if named && classify_value(kv, ctx.df.escape) == ValueKind::Literal {
            (format!("`{} {name}` has a hard-coded secret value", kw.as_str()), "named like a credential")
        } else if let Some(what) = credential_in(&unquote(&value.value, ctx.df.escape)) {
            (format!("The value of `{} {name}` contains {what}", kw.as_str()), "set here")
        } else {
            continue;
        };
        let d = sink.report(
            value.span,
            message,
            "Remove the secret from the Dockerfile and rotate it. Pass secrets to a build step with \
             `RUN --mount=type=secret,id=...`, and to the container at run time from a secret store.",
            None,
        );
        d.labels.push(crate::diagnostic::Label { span: kv.key.span, message: label.into() });
    }
}

/// Describes the first credential-shaped string in `v`.
pub(super) fn credential_in(v: &str) -> Option<&'static str> {
    // Every shape needs one of these bytes: one pass over the value spares the substring
    // searches below for most values (paths, versions, plain words).
    let (mut upper_a, mut underscore, mut dash, mut colon) = (false, false, false, false);
    for &c in v.as_bytes() {
        match c {
            b'A' => upper_a = true,
            b'_' => underscore = true,
            b'-' => dash = true,
            b':' => colon = true,
            _ => {}
        }
    }
    if !(upper_a || underscore || dash || colon) {
        return None;
    }
    if upper_a && has_aws_key_id(v) {
        return Some("an AWS access key id");
    }
    if underscore
        && (["ghp_", "gho_", "ghu_", "ghs_", "ghr_"].iter().any(|p| has_token(v, p, 20, |c| c.is_ascii_alphanumeric()))
            || has_token(v, "github_pat_", 20, |c| c.is_ascii_alphanumeric() || c == b'_'))
    {
        return Some("a GitHub token");
    }
    if dash
        && ["xoxb-", "xoxa-", "xoxp-", "xoxr-", "xoxs-"]
            .iter()
            .any(|p| has_token(v, p, 10, |c| c.is_ascii_alphanumeric() || c == b'-'))
    {
        return Some("a Slack token");
    }
    if underscore && ["sk_live_", "rk_live_"].iter().any(|p| has_token(v, p, 16, |c| c.is_ascii_alphanumeric())) {
        return Some("a Stripe live key");
    }
    if dash && has_pem_private_key(v) {
        return Some("a private key");
    }
    if colon && has_url_password(v) {
        return Some("a URL with a password");
    }
    None
}

/// Byte offsets where `needle` starts in `v` at a word boundary (no letter or digit before it).
fn starts_of<'a>(v: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    let b = v.as_bytes();
    v.match_indices(needle)
        .map(|(i, _)| i)
        .filter(move |&i| i == 0 || b.get(i - 1).is_some_and(|c| !c.is_ascii_alphanumeric()))
}

/// `prefix` followed by at least `min` bytes accepted by `ok`.
fn has_token(v: &str, prefix: &str, min: usize, ok: fn(u8) -> bool) -> bool {
    let b = v.as_bytes();
    starts_of(v, prefix).any(|i| b.get(i + prefix.len()..).unwrap_or(&[]).iter().take_while(|c| ok(**c)).count() >= min)
}

/// `AKIA` (or `ASIA`) and 16 upper-case letters or digits, not AWS's documented example key.
fn has_aws_key_id(v: &str) -> bool {
    let b = v.as_bytes();
    ["AKIA", "ASIA"].iter().any(|p| {
        starts_of(v, p).any(|i| {
            let Some(id) = b.get(i..i + 20) else { return false };
            let body_ok = id.get(4..).unwrap_or(&[]).iter().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
            let end_ok = b.get(i + 20).is_none_or(|c| !c.is_ascii_alphanumeric());
            body_ok && end_ok && !id.ends_with(b"EXAMPLE")
        })
    })
}

/// `-----BEGIN RSA PRIVATE KEY-----` and the like.
fn has_pem_private_key(v: &str) -> bool {
    v.match_indices("-----BEGIN ").any(|(i, m)| {
        let rest = v.get(i + m.len()..).unwrap_or("");
        rest.split_once("-----").is_some_and(|(label, _)| label.trim_end().ends_with("PRIVATE KEY"))
    })
}

/// `scheme://user:password@host` with a literal, non-placeholder password.
fn has_url_password(v: &str) -> bool {
    v.match_indices("://").any(|(i, _)| {
        let scheme = v.get(..i).unwrap_or("");
        let scheme_ok =
            scheme.chars().next_back().is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        let rest = v.get(i + 3..).unwrap_or("");
        let authority_end = rest.find(['/', '?', '#', ' ', '\t', '\n', '"', '\'']).unwrap_or(rest.len());
        let authority = rest.get(..authority_end).unwrap_or("");
        let Some((userinfo, host)) = authority.rsplit_once('@') else { return false };
        let Some((_, password)) = userinfo.split_once(':') else { return false };
        scheme_ok
            && !host.is_empty()
            && !password.is_empty()
            && !password.contains('$')
            && !password.contains('%')
            && !is_placeholder(password)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn credential_shapes() {
        assert_eq!(credential_in("AKIAZ7Q4X3M2N5P6R8T9"), Some("an AWS access key id"));
        assert_eq!(credential_in("id=AKIAZ7Q4X3M2N5P6R8T9;"), Some("an AWS access key id"));
        assert_eq!(credential_in("AKIAIOSFODNN7EXAMPLE"), None);
        assert_eq!(credential_in("XAKIAZ7Q4X3M2N5P6R8T9"), None);
        assert_eq!(credential_in("AKIAZ7Q4X3M2N5P6R8T9X"), None);
        assert_eq!(credential_in("AKIA"), None);
        assert_eq!(credential_in("ghp_0123456789abcdefABCDEF0123456789abcd"), Some("a GitHub token"));
        assert_eq!(credential_in("github_pat_11ABCDEFG0123456789_abcdefghij"), Some("a GitHub token"));
        assert_eq!(credential_in("ghp_short"), None);
        assert_eq!(credential_in("xoxb-123456789012-abcdefABCDEF"), Some("a Slack token"));
        assert_eq!(credential_in("sk_live_4eC39HqLyjWDarjtT1zdp7dc"), Some("a Stripe live key"));
        assert_eq!(credential_in("sk_test_4eC39HqLyjWDarjtT1zdp7dc"), None);
        assert_eq!(credential_in("-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn"), Some("a private key"));
        assert_eq!(credential_in("-----BEGIN PUBLIC KEY-----"), None);
        assert_eq!(credential_in("postgres://app:s3cret@db:5432/app"), Some("a URL with a password"));
        assert_eq!(credential_in("redis://:s3cret@cache"), Some("a URL with a password"));
        assert_eq!(credential_in("postgres://app:$DB_PASSWORD@db/app"), None);
        assert_eq!(credential_in("postgres://app:${DB_PASSWORD}@db/app"), None);
        assert_eq!(credential_in("postgres://app@db/app"), None);
        assert_eq!(credential_in("https://example.com/a:b@c"), None);
        assert_eq!(credential_in("http://user:<password>@host"), None);
        assert_eq!(credential_in("http://[::1]:8080/"), None);
        assert_eq!(credential_in("é://ü:ö@ä"), None);
    }

    #[test]
    fn fires_on_literal_secrets() {
        fires(&RULE, "FROM a\nENV DB_PASSWORD=hunter2\n", 1);
        fires(&RULE, "FROM a\nENV DB_PASSWORD hunter2\n", 1);
        fires(&RULE, "FROM a\nENV MYSQL_ROOT_PASSWORD=changeme\n", 1);
        fires(&RULE, "FROM a\nARG API_KEY=\"sk-abc123\"\n", 1);
        fires(&RULE, "ARG REGISTRY_TOKEN=abc123\nFROM a\n", 1);
        fires(&RULE, "FROM a\nONBUILD ENV CLIENT_SECRET=abc123\n", 1);
        fires(&RULE, "FROM a\nENV A=1 SECRET_KEY_BASE=0a1b2c3d4e5f\n", 1);
        fires(&RULE, "FROM a\nENV DATABASE_URL=postgres://app:s3cret@db/app\n", 1);
        fires(&RULE, "FROM a\nLABEL ci.token=\"ghp_0123456789abcdefABCDEF0123456789abcd\"\n", 1);
        fires(&RULE, "FROM a\nARG AWS_ACCESS_KEY_ID=AKIAZ7Q4X3M2N5P6R8T9\n", 1);
        fires(&RULE, "FROM a AS build\nENV GITHUB_TOKEN=abc\nFROM a\nENV GITHUB_TOKEN=abc\n", 2);
        let d = fires(&RULE, "FROM a\nENV DB_PASSWORD=\"hunter2\"\n", 1);
        assert_eq!(d[0].span, crate::span::Span::new(23, 32));
        assert_eq!(d[0].labels[0].span, crate::span::Span::new(11, 22));
        assert!(d[0].message.contains("DB_PASSWORD"));
    }

    #[test]
    fn quiet_on_references_placeholders_and_benign_values() {
        clean(&RULE, "FROM a\nARG DB_PASSWORD\nENV DB_PASSWORD=$DB_PASSWORD\n");
        clean(&RULE, "FROM a\nENV DB_PASSWORD=\"${DB_PASSWORD:-}\"\n");
        clean(&RULE, "FROM a\nARG DB_PASSWORD=\"\" API_TOKEN=''\n");
        clean(&RULE, "FROM a\nENV DB_PASSWORD=none API_TOKEN=<your-token> AUTH=false SECRET=0\n");
        clean(&RULE, "FROM a\nENV MYSQL_PASSWORD_FILE=/run/secrets/db GPG_KEY=0123\n");
        clean(&RULE, "FROM a\nENV GOOGLE_APPLICATION_CREDENTIALS=/secrets/key.json\n");
        clean(&RULE, "FROM a\nENV NGINX_KEY=573BFD6B3D8FBC641079A6ABABF5BD827BD9BF62\n");
        clean(&RULE, "FROM a\nENV POSTGRES_HOST_AUTH_METHOD=trust\n");
        clean(&RULE, "FROM a\nLABEL password=hunter2\n");
        clean(&RULE, "FROM a\nENV URL=https://example.com/download HOME=/root\n");
        clean(&RULE, "FROM a\nRUN export DB_PASSWORD=hunter2\n");
    }

    const TOKENS: &[&str] = &[
        "FROM a\n",
        "ARG ",
        "ENV ",
        "LABEL ",
        "ONBUILD ",
        "TOKEN",
        "_KEY",
        "DB_",
        "PASSWORD",
        "GPG",
        "_FILE",
        "=",
        " ",
        "\"",
        "'",
        "\\\n",
        "\n",
        "$",
        "{",
        "}",
        "AKIA",
        "ABCDEFGHIJKLMNOP",
        "ghp_",
        "0123456789abcdefghij",
        "xoxb-",
        "sk_live_",
        "://",
        ":",
        "@",
        "/",
        "-----BEGIN ",
        "PRIVATE KEY-----",
        "\u{e9}",
        "\u{1F600}",
        "none",
        "<x>",
    ];

    proptest::proptest! {
        #[test]
        fn secret_rules_never_panic(ix in proptest::collection::vec(0usize..TOKENS.len(), 0..40)) {
            let src: String = ix.iter().map(|i| TOKENS[*i]).collect();
            for rule in [&RULE, &super::super::secret_named_variable::RULE] {
                for d in crate::rules::run_dockerfile_rule(rule, &src) {
                    proptest::prop_assert!(src.get(d.span.start..d.span.end).is_some(), "{:?}", d.span);
                }
            }
            let _ = credential_in(&src);
        }
    }
}

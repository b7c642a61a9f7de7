//! SWD503 secret-file-copied

use crate::diagnostic::{Category, Severity};
use crate::dockerfile::words::unquote;
use crate::dockerfile::Instruction;
use crate::dockerfile::{Args, Keyword};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD503",
        name: "secret-file-copied",
        target: Target::Dockerfile,
        category: Category::Security,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: true,
        summary: "COPY or ADD puts a credentials file into an image layer.",
        equivalents: &["dockle:CIS-DI-0010"],
        docs: rule_docs!(
            r#"## What it does
Finds `COPY` and `ADD` instructions (every stage, `ONBUILD` included) whose source is a file
that normally holds credentials:
- `.env` and `.env.<name>` (not `.env.example`, `.env.sample`, `.env.template`, `.env.dist`,
  `.env.defaults`),
- SSH private keys (`id_rsa`, `id_dsa`, `id_ecdsa`, `id_ed25519`) and `.ssh/` directories,
- private keys and key stores: `*.key` (not public GPG/repository keys such as
  `nodesource.gpg.key` or `Release.key`), `*.pem` named like a key (`key.pem`, `privkey.pem`,
  `server-key.pem`), `*.p12`, `*.pfx`,
- `credentials.json`, `.aws/`, `.docker/config.json`, `.npmrc`, `.pypirc`, `.netrc`,
  `.git-credentials`, `.htpasswd`.

`*.pub`, certificates (`*.crt`, `cert.pem`, `ca.pem`) and URLs are not reported, nor is a
key file used as a public key: copied to a `.pub`, `.gpg` or `.asc` name or into a keyring, or
imported with `gpg`, `apt-key` or `rpm --import` in a `RUN` that names it.

## Why is this bad?
Every layer of an image is kept, and anyone who can pull the image (or read the build cache)
can extract the file, even if a later `RUN rm` deletes it: deleting only hides it in the last
layer. A secret copied into a build stage also ends up in the build cache and in exported
cache images. BuildKit secret mounts make a file available to one `RUN` only, and never store
it.

## Example
```dockerfile
FROM node:22-slim
WORKDIR /app
COPY .npmrc package.json package-lock.json ./
RUN npm ci --omit=dev
```

## Use instead
```dockerfile
# syntax=docker/dockerfile:1
FROM node:22-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=secret,id=npmrc,target=/app/.npmrc npm ci --omit=dev
```
"#
        ),
    },
    check: crate::rules::Check::Each(
        crate::rules::Keywords::of(&[crate::dockerfile::Keyword::Copy, crate::dockerfile::Keyword::Add]),
        check,
    ),
};

const ENV_TEMPLATES: &[&str] = &["example", "sample", "template", "dist", "defaults", "default", "tmpl", "tpl"];
const SSH_KEYS: &[&str] = &["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "id_ecdsa_sk", "id_ed25519_sk"];
const CREDENTIAL_FILES: &[&str] =
    &["credentials.json", ".npmrc", ".pypirc", ".netrc", "_netrc", ".git-credentials", ".htpasswd"];
/// Name parts of `*.key` files that are public keys for package repositories.
const PUBLIC_KEY_HINTS: &[&str] =
    &["gpg", "pgp", "pub", "public", "release", "signing", "keyring", "archive", "apt", "repo"];

/// What kind of secret `src` looks like, if any.
pub(crate) fn secret_kind(src: &str) -> Option<&'static str> {
    let l = src.to_ascii_lowercase();
    let trimmed = l.trim_end_matches('/');
    let name = crate::shell::base_name(trimmed);
    let dirs: Vec<&str> = trimmed.split('/').collect();
    if dirs.contains(&".ssh") {
        return Some("an SSH directory");
    }
    if dirs.contains(&".aws") {
        return Some("AWS credentials");
    }
    if trimmed.ends_with(".docker/config.json") {
        return Some("Docker registry credentials");
    }
    if name == ".env" {
        return Some("an environment file");
    }
    if let Some(suffix) = name.strip_prefix(".env.") {
        return (!ENV_TEMPLATES.contains(&suffix)).then_some("an environment file");
    }
    if SSH_KEYS.contains(&name) {
        return Some("an SSH private key");
    }
    if CREDENTIAL_FILES.contains(&name) {
        return Some("a credentials file");
    }
    if name.ends_with(".p12") || name.ends_with(".pfx") {
        return Some("a private key store");
    }
    let stem_parts = |stem: &str| -> Vec<String> {
        stem.split(['.', '-', '_']).filter(|p| !p.is_empty()).map(str::to_string).collect()
    };
    if let Some(stem) = name.strip_suffix(".key") {
        let parts = stem_parts(stem);
        if parts.iter().any(|p| PUBLIC_KEY_HINTS.contains(&p.as_str())) {
            return None;
        }
        return Some("a private key");
    }
    if let Some(stem) = name.strip_suffix(".pem") {
        let parts = stem_parts(stem);
        if parts.iter().any(|p| matches!(p.as_str(), "key" | "privkey" | "private" | "priv")) {
            return Some("a private key");
        }
    }
    None
}

/// Whether a `*.key`/`*.pem` file is used as a public key: copied to a `.pub`/`.gpg`/`.asc`
/// name or a keyring, or imported by `gpg`, `apt-key` or `rpm --import` in a RUN that names it.
fn public_key_use(ctx: &DockerfileCtx<'_>, src: &str, dest: &str) -> bool {
    let d = dest.to_ascii_lowercase();
    let d = d.trim_end_matches('/');
    if [".pub", ".gpg", ".asc"].iter().any(|x| d.ends_with(x)) || d.contains("keyring") || d.contains("rpm-gpg") {
        return true;
    }
    let src_name = crate::shell::base_name(src);
    let dest_name = crate::shell::base_name(d);
    ctx.df.instructions.iter().any(|ins| {
        let e = ins.effective();
        let Args::Shell { text, .. } = &e.args else { return false };
        let t = text.value.as_str();
        e.keyword == Keyword::Run
            && (t.contains("gpg") || t.contains("apt-key") || t.contains("rpm --import"))
            && ((!src_name.is_empty() && t.contains(src_name)) || (!dest_name.is_empty() && t.contains(dest_name)))
    })
}

fn check<'a>(ctx: &DockerfileCtx<'a>, _i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    let e = ins.effective();
    if !matches!(e.keyword, Keyword::Copy | Keyword::Add) {
        return;
    }
    let words: Vec<_> = match &e.args {
        Args::Json { items, .. } => items.iter().collect(),
        Args::Words { words } => words.iter().collect(),
        _ => return,
    };
    let Some((dest, sources)) = words.split_last() else { return };
    let dest = unquote(&dest.value, ctx.df.escape);
    for w in sources {
        let src = unquote(&w.value, ctx.df.escape);
        if src.starts_with("<<") || src.contains("://") || src.starts_with("git@") {
            continue;
        }
        let Some(kind) = secret_kind(&src) else { continue };
        if kind == "a private key" && public_key_use(ctx, &src, &dest) {
            continue;
        }
        sink.report(
            w.span,
            format!("`{src}` looks like {kind}; {} stores it in an image layer", e.keyword.as_str()),
            "Pass it to the step that needs it with a secret mount (`RUN --mount=type=secret,id=...`), \
             and list it in .dockerignore.",
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn recognises_secret_files() {
        for s in [
            ".env",
            "./.env",
            "config/.env.production",
            ".env.local",
            "id_rsa",
            "/root/.ssh/id_ed25519",
            ".ssh/",
            "server.key",
            "certs/tls.key",
            "privkey.pem",
            "server-key.pem",
            "key.pem",
            "client.p12",
            "cert.pfx",
            "credentials.json",
            "gcp/credentials.json",
            ".aws",
            "/home/u/.aws/credentials",
            ".docker/config.json",
            ".npmrc",
            ".pypirc",
            ".netrc",
            ".git-credentials",
        ] {
            assert!(secret_kind(s).is_some(), "{s}");
        }
        for s in [
            ".env.example",
            ".env.sample",
            ".env.template",
            ".env.dist",
            "id_rsa.pub",
            "cert.pem",
            "ca.pem",
            "fullchain.pem",
            "server.crt",
            "nodesource.gpg.key",
            "Release.key",
            "docker-archive-keyring.key",
            "repo-signing.key",
            "config.json",
            "environment.yml",
            ".envrc",
            "app.py",
            "keys/",
        ] {
            assert!(secret_kind(s).is_none(), "{s}");
        }
    }

    #[test]
    fn fires_on_copied_secrets() {
        let src = "FROM a:1\nCOPY .env package.json ./\n";
        let d = fires(&RULE, src, 1);
        assert_eq!(d[0].span.text(src), ".env");
        fires(&RULE, "FROM a:1\nADD id_rsa /root/.ssh/id_rsa\n", 1);
        fires(&RULE, "FROM a:1\nCOPY [\".npmrc\", \".pypirc\", \"/root/\"]\n", 2);
        fires(&RULE, "FROM a:1 AS build\nCOPY --chown=app ./certs/server.key /etc/ssl/private/\nFROM a:1\n", 1);
        fires(&RULE, "FROM a:1\nONBUILD COPY .env /app/\n", 1);
        fires(&RULE, "FROM a:1\nCOPY --from=build /root/.ssh /root/.ssh\n", 1);
    }

    #[test]
    fn quiet_on_other_files() {
        clean(&RULE, "FROM a:1\nCOPY .env.example /app/.env\n");
        clean(&RULE, "FROM a:1\nCOPY . /app\nCOPY certs/ca.pem /usr/local/share/ca-certificates/ca.crt\n");
        clean(&RULE, "FROM a:1\nADD https://e.com/nodesource.gpg.key /tmp/\nADD https://e.com/server.key /x\n");
        clean(&RULE, "FROM a:1\nCOPY <<EOF /app/.env\nA=1\nEOF\n");
        clean(&RULE, "FROM a:1\nCOPY id_rsa.pub /root/.ssh/authorized_keys\n");
        clean(&RULE, "FROM a:1\nCOPY jenkins.io-2026.key /war/jenkins-key.pub\n");
        clean(&RULE, "FROM a:1\nCOPY vendor.key /tmp/\nRUN gpg --import /tmp/vendor.key\n");
        clean(&RULE, "FROM a:1\nCOPY repo.io.key /etc/apt/keyrings/\n");
    }
}

//! SWD105 add-remote-without-checksum

use crate::diagnostic::{Category, Severity};
use crate::dockerfile::words::unquote;
use crate::dockerfile::Instruction;
use crate::dockerfile::{Args, Keyword};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD105",
        name: "add-remote-without-checksum",
        target: Target::Dockerfile,
        category: Category::Security,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: true,
        summary: "ADD downloads a URL or git repository without verifying what it got.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Finds `ADD` instructions (also under `ONBUILD`, in every stage) that fetch
- an `http://` or `https://` URL without `--checksum=sha256:...`, or
- a git repository (`git@host:repo`, `git://`, `ssh://`, or a URL ending in `.git`) that is
  not pinned to a commit: no `--checksum=<commit>`, no `#<40-hex commit>` fragment, and no
  `?checksum=`/`?commit=` query (or `?ref=<40-hex commit>`).

A tag or branch (`#v1.2.3`, `?tag=v1.2.3`) is not a pin: it can be moved.

## Why is this bad?
Whatever the server returns today goes into the image, unchecked. If the file is replaced
upstream, or the download is tampered with, the build silently ships different content, and
two builds of the same Dockerfile differ. With `--checksum` BuildKit verifies the download and
fails the build when it does not match; for git, a commit hash names exact content.

## Example
```dockerfile
FROM alpine:3.20
ADD https://downloads.example.com/tool/1.4.2/tool-linux-amd64 /usr/local/bin/tool
```

## Use instead
```dockerfile
# syntax=docker/dockerfile:1
FROM alpine:3.20
# the digest is the SHA-256 the project publishes for this file (or `sha256sum` of a download you checked)
ADD --checksum=sha256:3f1a0c9e5b7d2e8f4a6c1b9d0e7f2a5c8b3d6e9f1a4c7b0d3e6f9a2c5b8d1e4f \
    https://downloads.example.com/tool/1.4.2/tool-linux-amd64 /usr/local/bin/tool
```
"#
        ),
    },
    check: crate::rules::Check::Each(crate::rules::Keywords::of(&[crate::dockerfile::Keyword::Add]), check),
};

/// What kind of remote source `src` is.
#[derive(Debug, PartialEq, Eq)]
enum Remote {
    /// A plain download.
    Http,
    /// A git repository, pinned to a commit or not.
    Git { pinned: bool },
}

fn is_commit(s: &str) -> bool {
    (s.len() == 40 || s.len() == 64) && s.bytes().all(|c| c.is_ascii_hexdigit())
}

fn classify(src: &str) -> Option<Remote> {
    let l = src.to_ascii_lowercase();
    let is_url = l.starts_with("http://") || l.starts_with("https://");
    let git_scheme = l.starts_with("git://") || l.starts_with("git@") || l.starts_with("ssh://");
    // the repository part, before any `#fragment` or `?query`
    let cut = l.find(['#', '?']).unwrap_or(l.len());
    let repo = l.get(..cut).unwrap_or(&l);
    let is_git = git_scheme || (is_url && (repo.ends_with(".git") || repo.ends_with(".git/")));
    if !is_git {
        return is_url.then_some(Remote::Http);
    }
    // `#<ref>[:<subdir>]`
    let fragment_pin = l
        .split_once('#')
        .map(|(_, f)| f.split(':').next().unwrap_or(""))
        .is_some_and(|r| is_commit(r.split('?').next().unwrap_or("")));
    // `?ref=<sha>&checksum=<sha>&commit=<sha>`
    let query_pin = l.split_once('?').is_some_and(|(_, q)| {
        q.split('&').any(|kv| match kv.split_once('=') {
            Some(("checksum" | "commit", v)) => !v.is_empty(),
            Some(("ref", v)) => is_commit(v),
            _ => false,
        })
    });
    Some(Remote::Git { pinned: fragment_pin || query_pin })
}

fn check<'a>(ctx: &DockerfileCtx<'a>, _i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    let e = ins.effective();
    if e.keyword != Keyword::Add {
        return;
    }
    let has_checksum = e.flag("checksum").is_some_and(|f| f.value.as_deref().is_some_and(|v| !v.is_empty()));
    let words: Vec<_> = match &e.args {
        Args::Json { items, .. } => items.iter().collect(),
        Args::Words { words } => words.iter().collect(),
        _ => return,
    };
    let Some((_, sources)) = words.split_last() else { return };
    for w in sources {
        let src = unquote(&w.value, ctx.df.escape);
        // a ref taken from a build argument counts with the argument's default
        let resolved = ctx.model.expand(&src, ctx.df.escape).unwrap_or_else(|| src.clone());
        let Some(kind) = classify(&resolved) else { continue };
        match kind {
            Remote::Http if !has_checksum => {
                sink.report(
                    w.span,
                    format!("`ADD {src}` downloads a file without verifying its checksum"),
                    "Add `--checksum=sha256:<digest>` (the file's SHA-256), so BuildKit fails the build \
                     when the download differs.",
                    None,
                );
            }
            Remote::Git { pinned: false } if !has_checksum => {
                sink.report(
                    w.span,
                    format!("`ADD {src}` clones a git repository that is not pinned to a commit"),
                    "Pin the commit: `ADD --checksum=<commit sha> <repo>#<tag> <dest>`, or \
                     `<repo>#<40-hex commit>`.",
                    None,
                );
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    const SHA: &str = "8e2e1b7c0a8f6c9d1e2f3a4b5c6d7e8f9a0b1c2d";

    #[test]
    fn classifies_sources() {
        assert_eq!(classify("https://e.com/a.tgz"), Some(Remote::Http));
        assert_eq!(classify("HTTP://e.com/a"), Some(Remote::Http));
        assert_eq!(classify("https://github.com/a/b.git"), Some(Remote::Git { pinned: false }));
        assert_eq!(classify("https://github.com/a/b.git#v1.0"), Some(Remote::Git { pinned: false }));
        assert_eq!(classify(&format!("https://github.com/a/b.git#{SHA}")), Some(Remote::Git { pinned: true }));
        assert_eq!(classify(&format!("https://github.com/a/b.git#{SHA}:sub")), Some(Remote::Git { pinned: true }));
        assert_eq!(classify("git@github.com:a/b.git#main"), Some(Remote::Git { pinned: false }));
        assert_eq!(classify("git://example.com/a"), Some(Remote::Git { pinned: false }));
        assert_eq!(classify("https://github.com/a/b.git?tag=v1"), Some(Remote::Git { pinned: false }));
        assert_eq!(
            classify(&format!("https://github.com/a/b.git?tag=v1&checksum={SHA}")),
            Some(Remote::Git { pinned: true })
        );
        assert_eq!(classify(&format!("https://github.com/a/b.git?ref={SHA}")), Some(Remote::Git { pinned: true }));
        assert_eq!(classify("app.tar.gz"), None);
        assert_eq!(classify("$URL"), None);
    }

    #[test]
    fn fires_on_unverified_downloads() {
        let src = "FROM a:1\nADD https://e.com/a.tgz /tmp/\n";
        let d = fires(&RULE, src, 1);
        assert_eq!(d[0].span.text(src), "https://e.com/a.tgz");
        fires(&RULE, "FROM a:1\nADD [\"https://e.com/a\", \"/a\"]\n", 1);
        fires(&RULE, "FROM a:1\nADD --chown=1:1 https://e.com/${V}/a http://e.com/b /dst/\n", 2);
        fires(&RULE, "FROM a:1\nONBUILD ADD https://e.com/a /a\n", 1);
        fires(&RULE, "FROM a:1 AS build\nADD https://github.com/a/b.git#v1.2 /src\nFROM a:1\n", 1);
        fires(&RULE, "FROM a:1\nADD git@github.com:a/b.git /src\n", 1);
        fires(&RULE, "ARG REF=v1.2.3\nFROM a:1\nARG REF\nADD https://github.com/a/b.git#$REF /src\n", 1);
        fires(&RULE, "FROM a:1\nADD --checksum= https://e.com/a /a\n", 1);
    }

    #[test]
    fn quiet_with_checksums_pins_and_local_sources() {
        clean(&RULE, "FROM a:1\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://e.com/a /a\n");
        clean(&RULE, &format!("FROM a:1\nADD https://github.com/a/b.git#{SHA} /src\n"));
        clean(&RULE, &format!("FROM a:1\nADD --checksum={SHA} https://github.com/a/b.git#v1 /src\n"));
        clean(&RULE, &format!("FROM a:1\nADD --keep-git-dir https://github.com/a/b.git?commit={SHA} /src\n"));
        clean(&RULE, "FROM a:1\nADD app.tar.gz /app\nADD $URL /x\nCOPY https-notes.txt /x\n");
        clean(&RULE, "FROM a:1\nADD <<EOF /x\nhttps://e.com\nEOF\n");
        clean(&RULE, &format!("ARG REF={SHA}\nFROM a:1\nARG REF\nADD https://github.com/a/b.git#$REF /src\n"));
    }
}

//! SWD301 add-for-local-files

use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::dockerfile::Instruction;
use crate::dockerfile::{Args, Keyword};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD301",
        name: "add-for-local-files",
        target: Target::Dockerfile,
        category: Category::Maintainability,
        severity: Severity::Warning,
        fix: FixKind::Always,
        default_on: true,
        summary: "ADD used to copy plain local files.",
        equivalents: &["hadolint:DL3020", "trivy:DS-0005", "checkov:CKV_DOCKER_4", "kics:add_instead_of_copy"],
        docs: rule_docs!(
            r#"## What it does
Finds `ADD` instructions whose sources are all local files or directories that are not tar
archives. Sources that are URLs or git repositories, archives ADD unpacks (`.tar`, `.tar.gz`,
`.tgz`, `.tar.bz2`, `.tar.xz`, ...), sources built from variables, and ADD-only flags
(`--checksum`, `--keep-git-dir`, `--unpack`) are left alone.

## Why is this bad?
`ADD` does more than copy: it downloads URLs and unpacks archives. Using it for plain files
hides which of those a line relies on; `COPY` says exactly what happens.

## Example
```dockerfile
FROM alpine:3.20
ADD app.py /srv/app.py
```

## Use instead
```dockerfile
FROM alpine:3.20
COPY app.py /srv/app.py
```

## Fix safety
Safe: for local, non-archive sources `COPY` does exactly what `ADD` does, and every flag the
instruction has (`--chown`, `--chmod`, `--link`, `--exclude`, `--from`) means the same on `COPY`.
"#
        ),
    },
    check: crate::rules::Check::Each(crate::rules::Keywords::of(&[crate::dockerfile::Keyword::Add]), check),
};

const ARCHIVE_SUFFIXES: &[&str] = &[
    ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tbz2", ".tar.xz", ".txz", ".tar.zst", ".tzst", ".gz", ".bz2",
    ".xz", ".zst", ".lz4",
];

fn is_remote_or_special(src: &str) -> bool {
    let l = src.to_ascii_lowercase();
    l.contains("://") || l.starts_with("git@") || l.ends_with(".git") || l.contains(".git#") || src.contains('$')
}

fn is_archive(src: &str) -> bool {
    let l = src.to_ascii_lowercase();
    ARCHIVE_SUFFIXES.iter().any(|s| l.ends_with(s)) || l.contains('*') || l.contains('?')
}

fn check<'a>(ctx: &DockerfileCtx<'a>, _i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    let e = ins.effective();
    if e.keyword != Keyword::Add {
        return;
    }
    if e.flags.iter().any(|f| matches!(f.name.to_ascii_lowercase().as_str(), "checksum" | "keep-git-dir" | "unpack")) {
        return;
    }
    let words: Vec<&str> = match &e.args {
        Args::Json { items, .. } => items.iter().map(|w| w.value.as_str()).collect(),
        Args::Words { words } => words.iter().map(|w| w.value.as_str()).collect(),
        _ => return,
    };
    if words.len() < 2 {
        return;
    }
    let heredoc_names: Vec<String> = e.heredocs.iter().map(|h| h.name.clone()).collect();
    let sources = &words[..words.len() - 1];
    let is_heredoc = |s: &str| s.starts_with("<<") && heredoc_names.iter().any(|n| s.ends_with(n.as_str()));
    if sources.iter().any(|s| !is_heredoc(s) && (is_remote_or_special(s) || is_archive(s))) {
        return;
    }
    let kw = e.keyword_span.text(ctx.src);
    let replacement = if kw.chars().all(|c| c.is_ascii_lowercase()) { "copy" } else { "COPY" };
    sink.report(
        e.keyword_span,
        "ADD copies plain local files here; COPY is the instruction for that",
        "Use COPY; keep ADD for URLs, git repositories and archives to unpack.",
        Some(Fix::safe("Replace ADD with COPY", vec![Edit::replace(e.keyword_span, replacement)])),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_and_fixes_local_adds() {
        fires(&RULE, "FROM a:1\nADD . /app\nADD [\"a b\", \"/c/\"]\nONBUILD ADD x /y\n", 3);
        fixes_to(&RULE, "FROM a:1\nADD --chown=1:1 a b /dst/\n", "FROM a:1\nCOPY --chown=1:1 a b /dst/\n");
        fixes_to(&RULE, "from a:1\nadd a /b\n", "from a:1\ncopy a /b\n");
        fixes_to(&RULE, "FROM a:1\nONBUILD ADD a /b\n", "FROM a:1\nONBUILD COPY a /b\n");
        fixes_to(&RULE, "FROM a:1\nADD <<EOF /etc/motd\nhi\nEOF\n", "FROM a:1\nCOPY <<EOF /etc/motd\nhi\nEOF\n");
    }

    #[test]
    fn quiet_on_real_add_uses() {
        clean(&RULE, "FROM a:1\nADD https://example.com/x.tgz /x\n");
        clean(&RULE, "FROM a:1\nADD rootfs.tar.xz /\n");
        clean(&RULE, "FROM a:1\nADD --checksum=sha256:00 https://e.com/a /a\n");
        clean(&RULE, "FROM a:1\nADD git@github.com:a/b.git /src\n");
        clean(&RULE, "FROM a:1\nADD --keep-git-dir=true https://github.com/a/b.git#v1 /src\n");
        clean(&RULE, "FROM a:1\nADD $SRC /x\nADD *.tar /x/\nCOPY a b\n");
    }
}

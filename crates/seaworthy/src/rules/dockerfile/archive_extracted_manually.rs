//! SWD306 archive-extracted-manually

use crate::diagnostic::{Category, Label, Severity};
use crate::dockerfile::model::run_scripts;
use crate::dockerfile::{Args, Keyword, Word};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};
use crate::shell::Command;

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD306",
        name: "archive-extracted-manually",
        target: Target::Dockerfile,
        category: Category::Efficiency,
        severity: Severity::Info,
        fix: FixKind::None,
        default_on: false,
        summary: "A local tar archive is COPYed and then unpacked with `tar` in a later RUN.",
        equivalents: &["hadolint:DL3010"],
        docs: rule_docs!(
            r#"## What it does
Finds a `COPY` of a local tar archive (`.tar`, `.tar.gz`, `.tgz`, `.tar.bz2`, `.tbz2`,
`.tar.xz`, `.txz`) that a later `RUN` of the same stage unpacks with `tar -x` (or
`tar xzf ...`, `--extract`), naming the archive by its file name.

Left alone: `COPY --from=<stage>` (ADD cannot unpack from another stage), globs and variables
in the source, and `tar` runs that select members or rewrite paths (`--strip-components`,
`--transform`, `--exclude`, `--wildcards`, member names), which ADD cannot do.

Off by default: several style guides prefer `COPY` + `tar` because it says what happens, and
`ADD`'s unpacking is easy to trigger by accident.

## Why is this bad?
The `COPY` layer keeps the compressed archive forever, even if the `RUN` deletes it afterwards,
and the unpacked files then take a second layer. `ADD archive.tar.gz /dest/` unpacks a local tar
archive straight into the destination in one layer, without the archive.

## Example
```dockerfile
FROM debian:bookworm-slim
COPY app.tar.gz /tmp/
RUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz
```

## Use instead
```dockerfile
FROM debian:bookworm-slim
ADD app.tar.gz /opt/
```

No fix is offered: the destination changes and the extraction command has to go, which needs a
human look at the rest of the `RUN`.
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

const ARCHIVES: &[&str] = &[".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz"];

fn base_name(p: &str) -> &str {
    p.trim_end_matches('/').rsplit('/').next().unwrap_or(p)
}

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    for st in &ctx.model.stages {
        for i in st.from..st.end {
            let Some(ins) = ctx.df.instructions.get(i) else { continue };
            let e = ins.effective();
            if e.keyword != Keyword::Copy || e.flag("from").is_some() {
                continue;
            }
            let words: Vec<&Word> = match &e.args {
                Args::Json { items, .. } => items.iter().collect(),
                Args::Words { words } => words.iter().collect(),
                _ => continue,
            };
            let Some((dest, sources)) = words.split_last() else { continue };
            if sources.is_empty() {
                continue;
            }
            for src in sources {
                let v = src.value.as_str();
                let lower = v.to_ascii_lowercase();
                if v.contains(['$', '*', '?', '['])
                    || v.starts_with("<<")
                    || !ARCHIVES.iter().any(|s| lower.ends_with(s))
                {
                    continue;
                }
                let mut names = vec![base_name(v)];
                if sources.len() == 1 && !dest.value.ends_with('/') && !matches!(dest.value.as_str(), "." | "./") {
                    names.push(base_name(&dest.value));
                }
                let Some(tar) = find_extraction(ctx, i + 1, st.end, &names) else { continue };
                sink.report(
                    src.span,
                    format!(
                        "`{}` is copied into the image and unpacked by `tar` later; the archive stays in a layer",
                        v
                    ),
                    format!(
                        "Use `ADD {} <directory>/`: ADD unpacks a local tar archive in one step, without keeping it.",
                        v
                    ),
                    None,
                )
                .labels
                .push(Label { span: tar.span, message: "unpacked here".into() });
            }
        }
    }
}

/// The first `tar` extraction of instructions `from..to` that names one of `names`.
fn find_extraction(ctx: &DockerfileCtx<'_>, from: usize, to: usize, names: &[&str]) -> Option<Command> {
    for j in from..to {
        let ins = ctx.df.instructions.get(j)?;
        for script in run_scripts(ins, ctx.posix_shell_at(j)) {
            for (cmd, k) in script.find(&["tar"]) {
                if extracts_whole_archive(cmd, k, names) {
                    return Some(cmd.clone());
                }
            }
        }
    }
    None
}

/// Whether `tar` (name word at `k`) extracts all of an archive named in `names`, in a way ADD
/// could do too.
fn extracts_whole_archive(cmd: &Command, k: usize, names: &[&str]) -> bool {
    let args = cmd.words.get(k + 1..).unwrap_or(&[]);
    let mut extract = false;
    let mut names_archive = false;
    let mut pending = 0usize;
    for (n, w) in args.iter().enumerate() {
        let v = w.value.as_str();
        if let Some(long) = v.strip_prefix("--") {
            let name = long.split_once('=').map_or(long, |(a, _)| a);
            match name {
                "extract" | "get" => extract = true,
                "strip-components" | "strip" | "transform" | "xform" | "exclude" | "wildcards" | "files-from"
                | "to-stdout" | "to-command" => return false,
                "file" | "directory" if !long.contains('=') => pending += 1,
                _ => {}
            }
            if let Some((_, val)) = long.split_once('=') {
                names_archive |= names.contains(&base_name(val));
            }
            continue;
        }
        let cluster = match v.strip_prefix('-') {
            Some(c) => Some(c),
            // the old style: the first argument is a cluster without a dash (`tar xzf a.tgz`)
            None if n == 0 && !v.is_empty() && v.bytes().all(|c| c.is_ascii_alphabetic()) => Some(v),
            None => None,
        };
        match cluster {
            Some(c) if !c.is_empty() && c.bytes().all(|b| b.is_ascii_alphabetic()) => {
                for b in c.bytes() {
                    match b {
                        b'x' => extract = true,
                        b'O' | b'T' | b'X' => return false,
                        b'f' | b'C' | b'b' => pending += 1,
                        _ => {}
                    }
                }
            }
            Some(_) => {}
            None => {
                if names.contains(&base_name(v)) {
                    names_archive = true;
                    pending = pending.saturating_sub(1);
                } else if pending > 0 {
                    pending -= 1;
                } else {
                    return false; // a member name: ADD cannot pick members
                }
            }
        }
    }
    extract && names_archive
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_when_copied_archive_is_unpacked() {
        let src = "FROM a:1\nCOPY app.tgz /tmp/\nRUN tar xzf /tmp/app.tgz -C /opt\n";
        let d = fires(&RULE, src, 1);
        assert_eq!(d[0].span.text(src), "app.tgz");
        assert_eq!(d[0].labels[0].span.text(src), "tar xzf /tmp/app.tgz -C /opt");
        fires(&RULE, "FROM a:1\nCOPY dist/app.tar.gz /opt/\nRUN cd /opt && tar -xvf app.tar.gz && rm app.tar.gz\n", 1);
        fires(&RULE, "FROM a:1\nCOPY [\"app.tar.xz\", \"/tmp/a.txz\"]\nRUN tar --extract --file=/tmp/a.txz\n", 1);
        fires(&RULE, "FROM a:1\nCOPY app.tar /tmp/\nENV X=1\nRUN tar -x -f /tmp/app.tar --directory /opt\n", 1);
        fires(&RULE, "FROM a:1\nCOPY app.tar /tmp/\nRUN <<EOF\nset -e\ntar -xf /tmp/app.tar\nEOF\n", 1);
    }

    #[test]
    fn quiet_otherwise() {
        clean(&RULE, "FROM a:1\nADD app.tgz /opt/\n");
        clean(&RULE, "FROM a:1\nCOPY app.tgz /tmp/\nRUN tar -tzf /tmp/app.tgz\n");
        clean(&RULE, "FROM a:1\nCOPY app.tgz /tmp/\nRUN tar -xzf /tmp/app.tgz --strip-components=1 -C /opt\n");
        clean(&RULE, "FROM a:1\nCOPY app.tgz /tmp/\nRUN tar -xzf /tmp/app.tgz app/bin\n");
        clean(&RULE, "FROM a:1\nCOPY app.tgz /tmp/\nRUN tar -xzf /tmp/other.tgz\n");
        clean(&RULE, "FROM a:1\nCOPY --from=build /out/app.tgz /tmp/\nRUN tar -xzf /tmp/app.tgz\n");
        clean(&RULE, "FROM a:1\nCOPY app.zip /tmp/\nRUN unzip /tmp/app.zip\n");
        clean(&RULE, "FROM a:1\nCOPY *.tgz /tmp/\nRUN tar -xzf /tmp/app.tgz\n");
        clean(&RULE, "FROM a:1\nCOPY app.tgz /tmp/\nFROM a:1\nRUN tar -xzf /tmp/app.tgz\n");
        clean(&RULE, "FROM a:1\nRUN tar -xzf /tmp/app.tgz\nCOPY app.tgz /tmp/\n");
        clean(&RULE, "FROM a:1\nCOPY app.tgz /tmp/\nRUN tar -czf /tmp/app.tgz /opt\n");
        clean(&RULE, "FROM a:1\nCOPY app.tgz /tmp/\nSHELL [\"pwsh\", \"-c\"]\nRUN tar -xzf /tmp/app.tgz\n");
    }
}

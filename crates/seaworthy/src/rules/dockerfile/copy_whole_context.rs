//! SWD308 copy-whole-context

use crate::diagnostic::{Category, Severity};
use crate::dockerfile::{Args, Instruction, Keyword, Word};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD308",
        name: "copy-whole-context",
        target: Target::Dockerfile,
        category: Category::Security,
        severity: Severity::Info,
        fix: FixKind::None,
        default_on: true,
        summary: "`COPY . .` copies the whole build context into the final image.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Finds `COPY` and `ADD` instructions of the final image (the last stage and the stages it is
built `FROM`) whose source is the whole build context: `.`, `./` or the glob `*`. `COPY --from=<stage> . .`
copies from another stage, not from the context, and is left alone, and so is
`ONBUILD COPY . ...`: that trigger runs in the images built on this one (it is what the old
`onbuild` image variants are for), and the choice is made there.

The rule stays quiet when the build context's `.dockerignore` is among the checked files
(the CLI brings it in by itself) and excludes the usual suspects, `.git` and `.env`: the
copy is then deliberate. [sensitive-files-not-ignored](sensitive-files-not-ignored.md)
reports the files a `COPY .` would still send, when the context's files are known.

## Why is this bad?
The build context is everything next to the Dockerfile: the `.git` directory (with the whole
history, including secrets that were committed once and deleted later), `.env` files, local
credentials, `node_modules` and build outputs of the developer's machine, test data. Copying
all of it makes the image larger, leaks whatever is in there to everyone who can pull the image,
and invalidates the layer cache on every unrelated change. Naming what the image needs
(`COPY src/ ./src/`) keeps all that out, and a `.dockerignore` is a second line of defence.

## Example
```dockerfile
FROM python:3.12-slim
WORKDIR /app
COPY . .
CMD ["python", "main.py"]
```

## Use instead
```dockerfile
FROM python:3.12-slim
WORKDIR /app
COPY main.py requirements.txt ./
COPY app/ ./app/
CMD ["python", "main.py"]
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

/// The source words of a COPY/ADD (everything but the destination).
pub(crate) fn copy_sources(ins: &Instruction) -> Vec<&Word> {
    let mut words: Vec<&Word> = match &ins.args {
        Args::Json { items, .. } => items.iter().collect(),
        Args::Words { words } => words.iter().collect(),
        _ => return Vec::new(),
    };
    words.pop();
    words
}

/// Whether a COPY/ADD source names the whole build context.
pub(crate) fn is_whole_context(v: &str) -> bool {
    matches!(v, "." | "./" | "./." | "*" | "./*")
}

/// Whether the build context has a `.dockerignore` that keeps `.git` and `.env` out.
fn usual_suspects_ignored(ctx: &DockerfileCtx<'_>) -> bool {
    let ignore = ctx.build.and_then(|b| b.reliable_ignore());
    ignore.is_some_and(|d| d.excludes(".git") && d.excludes(".env"))
}

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    if usual_suspects_ignored(ctx) {
        return;
    }
    for (_, ins) in ctx.shipped_instructions() {
        let e = ins;
        if !matches!(e.keyword, Keyword::Copy | Keyword::Add) || e.flag("from").is_some() {
            continue;
        }
        let Some(src) = copy_sources(e).into_iter().find(|w| is_whole_context(&w.value)) else { continue };
        let kw = e.keyword.as_str();
        sink.report(
            src.span,
            format!("{kw} `{}` puts the whole build context into the final image", src.value),
            "Copy only what the image needs (`COPY src/ ./src/`), and keep `.git`, `.env` files and \
             `node_modules` out with a `.dockerignore`.",
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_whole_context() {
        let src = "FROM a:1\nCOPY . .\n";
        let d = fires(&RULE, src, 1);
        assert_eq!(d[0].span.text(src), ".");
        assert_eq!(d[0].span.start, 14);
        fires(&RULE, "FROM a:1\nCOPY --chown=app ./ /app\n", 1);
        fires(&RULE, "FROM a:1\nADD . /app/\n", 1);
        fires(&RULE, "FROM a:1\nCOPY [\".\", \"/app\"]\n", 1);
        fires(&RULE, "FROM a:1 AS base\nCOPY . /app\nFROM base\nCMD x\n", 1);
        fires(&RULE, "FROM a:1\nCOPY package.json . /app/\n", 1);
    }

    #[test]
    fn quiet_otherwise() {
        clean(&RULE, "FROM a:1\nCOPY src/ ./src/\nCOPY package.json ./\n");
        clean(&RULE, "FROM a:1 AS build\nCOPY . .\nRUN make\nFROM a:1\nCOPY --from=build /out /app\n");
        clean(&RULE, "FROM a:1 AS build\nFROM a:1\nCOPY --from=build . .\n");
        clean(&RULE, "FROM a:1\nCOPY ./src .\nCOPY .env.example .\n");
        clean(&RULE, "FROM a:1\nRUN cp -r . /app\n");
        clean(&RULE, "FROM a:1\nONBUILD COPY . /usr/src/app\n");
    }

    #[test]
    fn quiet_when_the_dockerignore_keeps_the_usual_suspects_out() {
        let src = "FROM a:1\nCOPY . .\n";
        fires_in(&RULE, &context(&[(".dockerignore", ".git\n**/.env\nnode_modules\n")], &[]), src, 0);
        fires_in(&RULE, &context(&[(".dockerignore", "*\n!src\n")], &[]), src, 0);
        fires_in(&RULE, &context(&[(".dockerignore", ".git\n")], &[]), src, 1);
        fires_in(&RULE, &context(&[(".dockerignore", ".git\n.env\n!.env\n")], &[]), src, 1);
        fires_in(&RULE, &context(&[(".dockerignore", ".git\n.env\n[\n")], &[]), src, 1);
        fires_in(&RULE, &context(&[], &[".dockerignore"]), src, 1);
    }
}

//! SWD031 copy-ignored-file

use crate::diagnostic::{Category, Severity};
use crate::dockerfile::words::unquote;
use crate::dockerfile::{Args, Keyword, Word};
use crate::dockerignore::clean as clean_path;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD031",
        name: "copy-ignored-file",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: true,
        summary: "A COPY or ADD source is excluded from the build context by `.dockerignore`.",
        equivalents: &["buildkit:CopyIgnoredFile"],
        docs: rule_docs!(
            r#"## What it does
Finds `COPY` and `ADD` sources that the build context's `.dockerignore` excludes (BuildKit's
`CopyIgnoredFile` check). The `.dockerignore` is the one next to the Dockerfile in the checked
files, or `<Dockerfile>.dockerignore` when there is one (BuildKit prefers it); for an image a
compose file builds, the one at the root of its `build.context`. Patterns are read with
BuildKit's rules: `*`, `?`, `[...]`, `**`, `!` exceptions where the last matching pattern wins,
and a pattern that matches a directory excludes everything below it.

Only sources the rule can be sure about are checked: not `COPY --from`, URLs, heredocs, the
whole context (`.`), sources with wildcards or variables, or `ONBUILD` triggers (they run in
another build, with another context). A directory that an exception (`!dir/keep`) may bring
back in part is not reported, and neither is anything when the `.dockerignore` holds a pattern
BuildKit rejects or this checker does not model. Without a `.dockerignore` in the checked files
the rule says nothing.

## Why is this bad?
Excluded files are not sent to the builder, so the build fails with "not found" for a file
or directory that is excluded as a whole, while the same Dockerfile may work on a machine whose
builder (or an older `.dockerignore`) still sends it. Either the file is needed and the
`.dockerignore` is wrong, or it is not needed and the instruction is stale.

## Example
```dockerfile
FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt ./
COPY docs/ ./docs/
CMD ["python", "-m", "app"]
```

## Use instead
```dockerfile
FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt ./
CMD ["python", "-m", "app"]
```

## Build context
The examples are checked with this `.dockerignore` next to the Dockerfile:
```dockerignore
.git
docs
*.md
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

/// The path a COPY/ADD source names in the context, when the rule can know it: no variable,
/// wildcard, URL or heredoc; cleaned, relative to the context root; not the root itself.
pub(crate) fn literal_source(w: &Word, json: bool, escape: char) -> Option<String> {
    let v = if json { w.value.clone() } else { unquote(&w.value, escape) };
    if v.is_empty()
        || v.starts_with("<<")
        || v.contains("://")
        || v.starts_with("git@")
        || v.contains(['$', '*', '?', '[', '\\'])
    {
        return None;
    }
    let p = clean_path(v.trim_start_matches('/'));
    (p != "." && p != ".." && !p.starts_with("../")).then_some(p)
}

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    // Only with a .dockerignore whose every pattern is understood.
    let Some(build) = ctx.build else { return };
    let Some(ignore) = build.reliable_ignore() else { return };
    let name = build.ignore_name();
    for ins in &ctx.df.instructions {
        // ONBUILD triggers are seen as ONBUILD here, and skipped.
        if !matches!(ins.keyword, Keyword::Copy | Keyword::Add) || ins.flag("from").is_some() {
            continue;
        }
        let (words, json): (Vec<&Word>, bool) = match &ins.args {
            Args::Json { items, .. } => (items.iter().collect(), true),
            Args::Words { words } => (words.iter().collect(), false),
            _ => continue,
        };
        let Some((_, sources)) = words.split_last() else { continue };
        for w in sources {
            let Some(p) = literal_source(w, json, ctx.df.escape) else { continue };
            let Some(pattern) = ignore.excluded_by(&p) else { continue };
            if ignore.may_include_below(&p) {
                continue;
            }
            let kw = ins.keyword.as_str();
            sink.report(
                w.span,
                format!(
                    "`{p}` is excluded from the build context by {name} (line {}: `{}`), so {kw} cannot find it",
                    pattern.line, pattern.text
                ),
                format!(
                    "If the image needs it, remove the pattern from {name} or add `!{p}` after it; \
                     otherwise drop it from the {kw}."
                ),
                None,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    const IGNORE: &str = "# local files\n.git\n.env\nnode_modules\n*.md\n!README.md\ndocs/\nvendor\n!vendor/keep\n";

    #[test]
    fn fires_on_excluded_sources() {
        let b = context(&[(".dockerignore", IGNORE)], &[]);
        let src = "FROM a:1\nCOPY .env CHANGES.md /app/\n";
        let d = fires_in(&RULE, &b, src, 2);
        assert_eq!(d[0].span.text(src), ".env");
        assert!(d[0].message.contains("line 3: `.env`"), "{}", d[0].message);
        assert!(d[1].message.contains("`*.md`"));
        fires_in(&RULE, &b, "FROM a:1\nADD node_modules/x/index.js /app/\n", 1);
        fires_in(&RULE, &b, "FROM a:1\nCOPY [\"docs\", \"/docs\"]\n", 1);
        fires_in(&RULE, &b, "FROM a:1\nCOPY ./docs/../.git/config /x\n", 1);
        fires_in(&RULE, &b, "FROM a:1\nCOPY /.env /app/.env\n", 1);
        fires_in(&RULE, &b, "FROM a:1 AS build\nCOPY --chown=1:1 \"guide.md\" /x\nFROM a:1\n", 1);
        // per-Dockerfile ignore file wins over .dockerignore
        let own = context(&[(".dockerignore", "app.py\n"), ("Dockerfile.dockerignore", "*.txt\n")], &[]);
        let d = fires_in(&RULE, &own, "FROM a:1\nCOPY app.py notes.txt /app/\n", 1);
        assert!(d[0].message.contains("Dockerfile.dockerignore"));
    }

    #[test]
    fn quiet_when_it_cannot_know() {
        let b = context(&[(".dockerignore", IGNORE)], &[]);
        for src in [
            "FROM a:1\nCOPY README.md src/ package.json /app/\n",
            "FROM a:1\nCOPY . .\n",
            "FROM a:1\nCOPY ./ /app\n",
            "FROM a:1\nCOPY *.md /docs/\n",
            "FROM a:1\nARG F=.env\nCOPY $F /app/\n",
            "FROM a:1 AS b\nFROM a:1\nCOPY --from=b /src/.env /app/\n",
            "FROM a:1\nADD https://example.com/x.md /x\n",
            "FROM a:1\nCOPY <<EOF /app/.env\nA=1\nEOF\n",
            "FROM a:1\nONBUILD COPY .env /app/\n",
            "FROM a:1\nCOPY vendor /app/vendor\n",
            "FROM a:1\nCOPY ../.env /x\n",
            "FROM a:1\nRUN cat .env\n",
        ] {
            fires_in(&RULE, &b, src, 0);
        }
        clean(&RULE, "FROM a:1\nCOPY .env /app/\n");
        let unreliable = context(&[(".dockerignore", ".env\na[b\n")], &[]);
        fires_in(&RULE, &unreliable, "FROM a:1\nCOPY .env /app/\n", 0);
        fires_in(&RULE, &context(&[], &[".env"]), "FROM a:1\nCOPY .env /app/\n", 0);
    }
}

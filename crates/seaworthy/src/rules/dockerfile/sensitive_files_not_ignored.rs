//! SWD505 sensitive-files-not-ignored

use crate::diagnostic::{Category, Severity};
use crate::dockerfile::{Args, Keyword, Word};
use crate::rules::dockerfile::copy_ignored_file::literal_source;
use crate::rules::dockerfile::copy_whole_context::is_whole_context;
use crate::rules::dockerfile::secret_file_copied::secret_kind;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD505",
        name: "sensitive-files-not-ignored",
        target: Target::Dockerfile,
        category: Category::Security,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: true,
        summary: "COPY sends `.git`, `.env` files, keys or `node_modules` of the build context into the image.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Finds `COPY` and `ADD` instructions that copy a directory of the build context (the whole
context: `.`, `./`, `*`; or a named directory such as `config/`) while that directory holds
files that do not belong in an image and the context's `.dockerignore` does not exclude them:
- the Git directory `.git` (the whole history, with whatever was ever committed),
- environment files (`.env`, `.env.production`; not `.env.example` and other templates),
  private keys (`id_rsa`, `*.key`, `key.pem`, `*.p12`), `.ssh/`, `.aws/`, `.npmrc`,
  `.pypirc`, `.netrc`, `credentials.json` and the other files
  [secret-file-copied](secret-file-copied.md) knows,
- `node_modules` directories (dependencies installed on the host, for the host's platform).

The rule only knows the files it is told about: the checked files next to the Dockerfile
(the playground's tabs, the files given to the npm API) and the paths of
`contextFiles` / `context_files`, which `seaworthy check` fills by listing the context
directory (see [the build context](../context.md)). Nothing known, nothing reported; a
`.dockerignore` with a pattern BuildKit rejects or this checker does not model turns the rule
off for that Dockerfile. `COPY --from`, `ONBUILD` triggers (another build, another context),
sources with wildcards other than `*` or with variables are not looked at; a file copied by
name is [secret-file-copied](secret-file-copied.md)'s business.

## Why is this bad?
Whatever is copied lands in an image layer that everyone who can pull the image can read,
and deleting it later does not remove it from the earlier layer. A `.git` directory gives away
the history (secrets committed once and removed later included) and makes every commit
invalidate the layer cache; `.env` files and keys are credentials; a host `node_modules` may
hold binaries built for another platform and development dependencies. A `.dockerignore` that
lists them keeps them out of every `COPY`, now and later.

## Example
```dockerfile
FROM node:22-slim
WORKDIR /app
COPY . .
RUN npm ci --omit=dev
CMD ["node", "server.js"]
```

## Use instead
```dockerfile
FROM node:22-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY server.js ./
CMD ["node", "server.js"]
```
Better still, keep `COPY . .` and list `.git`, `.env*` (with `!.env.example`) and
`node_modules` in `.dockerignore`.

## Build context
The examples are checked with these files next to the Dockerfile, and this `.dockerignore`:
```text
.git/
.env
node_modules/
package.json
package-lock.json
server.js
```
```dockerignore
*.log
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

/// Why a known context path should stay out of images: the path to report (a directory for
/// `.git` and `node_modules`) and what it is.
fn sensitive(path: &str) -> Option<(String, &'static str)> {
    let trimmed = path.trim_end_matches('/');
    let parts: Vec<&str> = trimmed.split('/').collect();
    if parts.first() == Some(&".git") {
        return Some((".git".into(), "the Git history"));
    }
    if let Some(i) = parts.iter().position(|p| *p == "node_modules") {
        return Some((parts[..=i].join("/"), "host-installed dependencies"));
    }
    secret_kind(trimmed).map(|k| {
        // `.ssh/` and `.aws/` directories: report the directory
        match parts.iter().position(|p| *p == ".ssh" || *p == ".aws") {
            Some(i) => (parts[..=i].join("/"), k),
            None => (trimmed.to_string(), k),
        }
    })
}

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    // Only with a build context, and a .dockerignore we understand (or none).
    let Some(build) = ctx.build else { return };
    if build.ignore.as_ref().is_some_and(|(_, d)| !d.reliable()) {
        return;
    }
    // The sources copying a directory of the context: the whole context (`None`) or a named one.
    let mut copies: Vec<(&Keyword, &Word, Option<String>)> = Vec::new();
    for ins in &ctx.df.instructions {
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
            if is_whole_context(w.value.trim_matches(['"', '\''])) {
                copies.push((&ins.keyword, w, None));
            } else if let Some(dir) = literal_source(w, json, ctx.df.escape) {
                copies.push((&ins.keyword, w, Some(dir)));
            }
        }
    }
    if copies.is_empty() {
        return;
    }
    // The sensitive paths of the context that the .dockerignore lets through.
    let ignore = build.reliable_ignore();
    let mut seen = std::collections::HashSet::new();
    let mut found: Vec<(String, &'static str)> = Vec::new();
    for p in build.paths() {
        let Some(s) = sensitive(p) else { continue };
        if seen.insert(s.0.clone()) && !ignore.is_some_and(|d| d.excludes(&s.0)) {
            found.push(s);
        }
    }
    if found.is_empty() {
        return;
    }
    let why = match &build.ignore {
        Some(_) => format!("{} does not exclude", build.ignore_name()),
        None => "no .dockerignore excludes".to_string(),
    };
    for (keyword, w, dir) in copies {
        let below =
            |f: &str| dir.as_ref().is_none_or(|d| f.strip_prefix(d.as_str()).is_some_and(|r| r.starts_with('/')));
        let hit: Vec<&(String, &str)> = found.iter().filter(|(f, _)| below(f)).collect();
        let Some(first) = hit.first() else { continue };
        let shown: Vec<String> = hit.iter().take(4).map(|(f, _)| format!("`{f}`")).collect();
        let more = if hit.len() > 4 { format!(" and {} more", hit.len() - 4) } else { String::new() };
        let what = if hit.len() == 1 { format!(" ({})", first.1) } else { String::new() };
        sink.report(
            w.span,
            format!(
                "{} `{}` copies {}{more}{what} from the build context into the image: {why} {}",
                keyword.as_str(),
                w.value,
                shown.join(", "),
                if hit.len() == 1 { "it" } else { "them" }
            ),
            "List them in .dockerignore (`.git`, `.env*` with `!.env.example`, `node_modules`, key files), \
             or copy only what the image needs.",
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    const PATHS: &[&str] = &[".git/", ".env", ".env.example", "node_modules/", "src/app.js", "package.json"];

    #[test]
    fn classifies_context_paths() {
        assert_eq!(sensitive(".git/"), Some((".git".into(), "the Git history")));
        assert_eq!(sensitive(".git/objects/ab"), Some((".git".into(), "the Git history")));
        assert_eq!(sensitive("web/node_modules/x/y.js").unwrap().0, "web/node_modules");
        assert_eq!(sensitive("config/.env.production").unwrap().0, "config/.env.production");
        assert_eq!(sensitive(".ssh/id_rsa").unwrap().0, ".ssh");
        assert_eq!(sensitive("certs/server.key").unwrap().0, "certs/server.key");
        for p in [".env.example", ".github/workflows/ci.yml", "src/git.js", "Dockerfile", ".dockerignore", "cert.pem"] {
            assert!(sensitive(p).is_none(), "{p}");
        }
    }

    #[test]
    fn fires_when_nothing_excludes_them() {
        let b = context(&[], PATHS);
        let src = "FROM a:1\nCOPY . /app\n";
        let d = fires_in(&RULE, &b, src, 1);
        assert_eq!(d[0].span.text(src), ".");
        assert!(d[0].message.contains("`.env`, `.git`, `node_modules`"), "{}", d[0].message);
        assert!(d[0].message.contains("no .dockerignore"), "{}", d[0].message);
        // a .dockerignore that misses some
        let b = context(&[(".dockerignore", ".git\n")], PATHS);
        let d = fires_in(&RULE, &b, "FROM a:1\nCOPY ./ /app/\n", 1);
        assert!(d[0].message.contains(".dockerignore does not exclude"), "{}", d[0].message);
        assert!(!d[0].message.contains(".git`"), "{}", d[0].message);
        fires_in(&RULE, &b, "FROM a:1 AS build\nCOPY * /src/\nFROM a:1\n", 1);
        fires_in(&RULE, &b, "FROM a:1\nADD [\".\", \"/app\"]\n", 1);
        // a named directory holding one
        let b = context(&[], &["config/.env.production", "config/app.yaml", "src/a.js"]);
        let d = fires_in(&RULE, &b, "FROM a:1\nCOPY config/ /etc/app/\nCOPY src /app/src\n", 1);
        assert!(d[0].message.contains("(an environment file)"), "{}", d[0].message);
        // an exception that brings a file back
        let b = context(&[(".dockerignore", ".env*\n!.env.local\n")], &[".env.local", ".env"]);
        let d = fires_in(&RULE, &b, "FROM a:1\nCOPY . .\n", 1);
        assert!(d[0].message.contains("`.env.local`") && !d[0].message.contains("`.env`,"), "{}", d[0].message);
    }

    #[test]
    fn quiet_otherwise() {
        let ignore = ".git\n.env*\n!.env.example\n**/node_modules\n";
        fires_in(&RULE, &context(&[(".dockerignore", ignore)], PATHS), "FROM a:1\nCOPY . .\n", 0);
        let b = context(&[], PATHS);
        for src in [
            "FROM a:1\nCOPY src/ package.json /app/\n",
            "FROM a:1 AS b\nFROM a:1\nCOPY --from=b . /app\n",
            "FROM a:1\nONBUILD COPY . /app\n",
            "FROM a:1\nCOPY $DIR /app\n",
            "FROM a:1\nCOPY .env /app/\n",
            "FROM a:1\nRUN cp -r . /app\n",
        ] {
            fires_in(&RULE, &b, src, 0);
        }
        // nothing known about the context, or a .dockerignore we cannot read
        fires_in(&RULE, &context(&[], &["src/a.js"]), "FROM a:1\nCOPY . .\n", 0);
        clean(&RULE, "FROM a:1\nCOPY . .\n");
        fires_in(&RULE, &context(&[(".dockerignore", "[\n")], PATHS), "FROM a:1\nCOPY . .\n", 0);
    }
}

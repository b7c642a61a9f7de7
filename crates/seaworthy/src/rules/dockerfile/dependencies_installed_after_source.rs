//! SWD309 dependencies-installed-after-source

use super::copy_whole_context::{copy_sources, is_whole_context};
use crate::diagnostic::{Category, Label, Severity};
use crate::dockerfile::model::run_scripts;
use crate::dockerfile::Keyword;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};
use crate::shell::{Command, ShWord};
use crate::span::Span;

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD309",
        name: "dependencies-installed-after-source",
        target: Target::Dockerfile,
        category: Category::Efficiency,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: true,
        summary: "Dependencies are installed after `COPY . .`, so every source change reinstalls them.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Finds, in each stage, a dependency install that runs after the whole build context was
copied in (`COPY . .`, `COPY ./ /app`, `ADD . ...`), when no install of the same ecosystem
ran before that copy. Installs are: `npm ci`, `npm install` / `pnpm install` / `yarn` /
`yarn install` without package names, `pip install -r`, `uv pip install -r`, `uv sync`,
`poetry install`, `pipenv install` / `pipenv sync`, `pdm install`, `go mod download`,
`bundle install`, `cargo fetch`, `cargo build`, `composer install` and
`mvn dependency:go-offline` / `dependency:resolve`.

An install that already ran before the broad copy (typically after copying only the
manifests: `package*.json`, `requirements.txt`, `go.mod`/`go.sum`, `Gemfile*`, `Cargo.*`,
`composer.*`, `pom.xml`, `pyproject.toml`, lock files) shows the cache-friendly layout is in
place, and later installs of that ecosystem are not reported. Copying the manifests alone is not
enough: the install has to run before the rest of the source arrives. `ONBUILD` instructions are
checked as a sequence of their own.

## Why is this bad?
Docker reuses a cached layer only while everything before it is unchanged. After `COPY . .`,
any edit to any file invalidates the cache, so the install step downloads and builds every
dependency again on each build: minutes instead of seconds, and more load on package
registries. Copying the manifests first and installing before the rest of the source keeps the
dependency layer cached until the manifests themselves change.

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
COPY . .
CMD ["node", "server.js"]
```

No fix is offered: which files are the manifests, and where the install has to move, depend on
the project.
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Eco {
    Node,
    Python,
    Go,
    Ruby,
    Rust,
    Php,
    Java,
}

impl Eco {
    fn manifests(self) -> &'static str {
        match self {
            Eco::Node => "package.json package-lock.json",
            Eco::Python => "requirements.txt",
            Eco::Go => "go.mod go.sum",
            Eco::Ruby => "Gemfile Gemfile.lock",
            Eco::Rust => "Cargo.toml Cargo.lock",
            Eco::Php => "composer.json composer.lock",
            Eco::Java => "pom.xml",
        }
    }
}

fn positionals<'a>(args: &'a [ShWord], value_opts: &[&str]) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut skip = false;
    for w in args {
        let v = w.value.as_str();
        if skip {
            skip = false;
            continue;
        }
        if v.starts_with('-') {
            skip = value_opts.contains(&v);
            continue;
        }
        out.push(v);
    }
    out
}

/// Whether `cmd` installs a project's dependencies from its manifests; returns what it is.
fn dependency_install(cmd: &Command) -> Option<(Eco, String)> {
    let k = cmd.real_start();
    let mut name = crate::shell::base_name(&cmd.words.get(k)?.value).to_string();
    let mut args = cmd.words.get(k + 1..).unwrap_or(&[]);
    // `python -m pip ...`
    if name.starts_with("python") && args.first().is_some_and(|w| w.value == "-m") {
        name = args.get(1)?.value.to_string();
        args = args.get(2..).unwrap_or(&[]);
    }
    let pos = |opts: &[&str]| positionals(args, opts);
    let has_req = || {
        args.iter().any(|w| {
            let v = w.value.as_str();
            v.starts_with("-r") || v.starts_with("--requirement")
        })
    };
    let eco = match name.as_str() {
        "npm" => {
            let p =
                pos(&["--prefix", "--registry", "--cache", "--omit", "--include", "--loglevel", "-w", "--workspace"]);
            match p.first().copied() {
                Some("ci" | "clean-install" | "install-clean") => Eco::Node,
                Some("install" | "i" | "isntall") if p.len() == 1 => Eco::Node,
                _ => return None,
            }
        }
        "yarn" => {
            let p = pos(&["--cwd", "--cache-folder", "--modules-folder", "--network-timeout", "--registry"]);
            match p.first().copied() {
                None | Some("install") if p.len() <= 1 => Eco::Node,
                _ => return None,
            }
        }
        "pnpm" => {
            let p = pos(&["--dir", "-C", "--filter", "--store-dir"]);
            match p.first().copied() {
                Some("install" | "i") if p.len() == 1 => Eco::Node,
                _ => return None,
            }
        }
        n if n.strip_prefix("pip").is_some_and(|v| v.bytes().all(|c| c.is_ascii_digit() || c == b'.'))
            && pos(&[]).first() == Some(&"install")
            && has_req() =>
        {
            Eco::Python
        }
        "uv" => {
            let p = pos(&["--python", "-p", "--project", "--directory"]);
            match (p.first().copied(), p.get(1).copied()) {
                (Some("sync"), _) => Eco::Python,
                (Some("pip"), Some("install" | "sync")) if has_req() || p.get(1) == Some(&"sync") => Eco::Python,
                _ => return None,
            }
        }
        "poetry" | "pdm" => match pos(&[]).first().copied() {
            Some("install") => Eco::Python,
            Some("sync") if name == "pdm" => Eco::Python,
            _ => return None,
        },
        "pipenv" => {
            let p = pos(&[]);
            match p.first().copied() {
                Some("sync") => Eco::Python,
                Some("install") if p.len() == 1 => Eco::Python,
                _ => return None,
            }
        }
        "go" if pos(&[]).get(..2) == Some(&["mod", "download"][..]) => Eco::Go,
        "bundle" | "bundler" => match pos(&["--gemfile", "--path", "--jobs", "-j", "--retry"]).first().copied() {
            None | Some("install") => Eco::Ruby,
            _ => return None,
        },
        "cargo" => {
            match pos(&["--manifest-path", "--target", "-p", "--package", "--bin", "--features", "-j"]).first() {
                Some(&"fetch" | &"build" | &"b") => Eco::Rust,
                _ => return None,
            }
        }
        "composer" | "composer.phar" => match pos(&["--working-dir", "-d"]).first().copied() {
            Some("install" | "i") => Eco::Php,
            _ => return None,
        },
        "mvn" | "mvnw"
            if pos(&["-f", "--file", "-s", "--settings", "-P", "-pl"])
                .iter()
                .any(|a| a.starts_with("dependency:go-offline") || a.starts_with("dependency:resolve")) =>
        {
            Eco::Java
        }
        _ => return None,
    };
    let shown: Vec<&str> = cmd.words.iter().skip(k).take(4).map(|w| w.value.as_str()).collect();
    let mut shown = shown.join(" ");
    if cmd.words.len() > k + 4 {
        shown.push_str(" ...");
    }
    Some((eco, shown))
}

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    for st in &ctx.model.stages {
        for onbuild in [false, true] {
            check_sequence(ctx, sink, st.from, st.end, onbuild);
        }
    }
}

fn check_sequence(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>, from: usize, to: usize, onbuild: bool) {
    let mut broad: Option<(Span, String)> = None;
    let mut installed_before: Vec<Eco> = Vec::new();
    for i in from..to {
        let Some(ins) = ctx.df.instructions.get(i) else { continue };
        if (ins.keyword == Keyword::Onbuild) != onbuild {
            continue;
        }
        let e = ins.effective();
        match e.keyword {
            Keyword::Copy | Keyword::Add if e.flag("from").is_none() && broad.is_none() => {
                if let Some(w) = copy_sources(e).into_iter().find(|w| is_whole_context(&w.value)) {
                    let line = e.span.text(ctx.src).lines().next().unwrap_or("").trim_end_matches(['\\', ' ', '\t']);
                    let shown = if line.chars().count() > 60 {
                        format!("{}...", line.chars().take(57).collect::<String>())
                    } else {
                        line.to_string()
                    };
                    broad = Some((w.span, shown));
                }
            }
            Keyword::Run => {
                for script in run_scripts(ins, ctx.posix_shell_at(i)) {
                    for cmd in &script.commands {
                        let Some((eco, what)) = dependency_install(cmd) else { continue };
                        let Some((copy_span, copy_text)) = &broad else {
                            installed_before.push(eco);
                            continue;
                        };
                        if installed_before.contains(&eco) {
                            continue;
                        }
                        sink.report(
                            cmd.span,
                            format!("`{what}` runs after `{copy_text}`, so any source change reinstalls every dependency"),
                            format!(
                                "Copy only the dependency manifests first (e.g. `COPY {} ./`), install, then copy the rest of the source.",
                                eco.manifests()
                            ),
                            None,
                        )
                        .labels
                        .push(Label { span: *copy_span, message: "the whole build context is copied here".into() });
                        return;
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_when_install_follows_broad_copy() {
        let src = "FROM a:1\nWORKDIR /app\nCOPY . .\nRUN npm ci\n";
        let d = fires(&RULE, src, 1);
        assert_eq!(d[0].span.text(src), "npm ci");
        assert_eq!(d[0].labels[0].span.text(src), ".");
        assert!(d[0].message.starts_with("`npm ci` runs after `COPY . .`"), "{}", d[0].message);
        fires(&RULE, "FROM a:1\nCOPY . /app\nRUN cd /app && npm install --omit=dev\n", 1);
        fires(&RULE, "FROM a:1\nCOPY . .\nRUN yarn --frozen-lockfile\n", 1);
        fires(&RULE, "FROM a:1\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\n", 1);
        fires(&RULE, "FROM a:1\nCOPY ./ ./\nRUN python3 -m pip install -rrequirements.txt\n", 1);
        fires(&RULE, "FROM a:1\nADD . /src\nRUN go mod download && go build ./...\n", 1);
        fires(&RULE, "FROM a:1\nCOPY . .\nRUN bundle install\n", 1);
        fires(&RULE, "FROM a:1\nCOPY . .\nRUN cargo build --release\n", 1);
        fires(&RULE, "FROM a:1\nCOPY . .\nRUN composer install --no-dev\n", 1);
        fires(&RULE, "FROM a:1\nCOPY . .\nRUN mvn -B dependency:go-offline\n", 1);
        fires(&RULE, "FROM a:1\nCOPY . .\nRUN poetry install --no-root\n", 1);
        fires(&RULE, "FROM a:1\nCOPY . .\nRUN <<EOF\nset -e\nuv sync --frozen\nEOF\n", 1);
        // copying the manifests is not enough if the install still comes after everything
        fires(&RULE, "FROM a:1\nCOPY package.json ./\nCOPY . .\nRUN npm ci\n", 1);
        // once per stage
        fires(&RULE, "FROM a:1\nCOPY . .\nRUN npm ci\nRUN pip install -r r.txt\n", 1);
        fires(&RULE, "FROM a:1 AS b\nCOPY . .\nRUN npm ci\nFROM a:1\nCOPY . .\nRUN npm ci\n", 2);
        // another ecosystem installed before the copy does not count
        fires(
            &RULE,
            "FROM a:1\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nRUN npm ci\n",
            1,
        );
        fires(&RULE, "FROM a:1\nONBUILD COPY . /app\nONBUILD RUN npm install\n", 1);
    }

    #[test]
    fn quiet_with_manifest_first_layout() {
        clean(&RULE, "FROM a:1\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n");
        clean(
            &RULE,
            "FROM a:1\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go mod download && go build\n",
        );
        clean(&RULE, "FROM a:1\nCOPY Cargo.toml Cargo.lock ./\nRUN mkdir src && touch src/lib.rs && cargo build\nCOPY . .\nRUN cargo build\n");
        clean(&RULE, "FROM a:1\nCOPY . .\nRUN npm install -g pm2\nRUN npm run build\nRUN pip install flask\n");
        clean(&RULE, "FROM a:1\nCOPY . .\nRUN yarn build && yarn add left-pad\n");
        clean(&RULE, "FROM a:1\nCOPY src/ ./src/\nRUN npm ci\n");
        clean(&RULE, "FROM a:1 AS deps\nCOPY package.json .\nRUN npm ci\nFROM a:1\nCOPY --from=deps /node_modules ./node_modules\nCOPY --from=deps . .\nRUN npm ci\n");
        clean(&RULE, "FROM a:1\nCOPY . .\nRUN echo npm ci\nRUN [\"npm\", \"ci\"]\n");
        clean(&RULE, "FROM a:1\nONBUILD COPY package.json /app/\nONBUILD RUN npm install\nONBUILD COPY . /app\n");
        clean(&RULE, "FROM a:1\nCOPY . .\nSHELL [\"pwsh\", \"-c\"]\nRUN npm ci\n");
    }
}

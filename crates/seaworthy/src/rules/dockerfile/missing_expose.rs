//! SWD318 missing-expose

use crate::diagnostic::{Category, Severity};
use crate::dockerfile::model::ImageRef;
use crate::dockerfile::{Args, Instruction, Keyword};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};
use crate::span::Span;

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD318",
        name: "missing-expose",
        target: Target::Dockerfile,
        category: Category::Maintainability,
        severity: Severity::Info,
        fix: FixKind::None,
        default_on: false,
        summary: "The image starts a network server but does not EXPOSE its port.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Finds final images whose `ENTRYPOINT` or `CMD` (the last of each in the final stage and the
stages it is built `FROM`) starts a network server, when no `EXPOSE` appears in that chain.
Servers are recognised by their command: `nginx`, `httpd`, `apache2-foreground`, `caddy`,
`php-fpm`, `gunicorn`, `uvicorn`, `hypercorn`, `daphne`, `waitress-serve`, `puma`, `unicorn`,
`catalina.sh`, `http-server`, and by phrases: `node server.js` (any script with "server" in
its name), `npm start`, `yarn start`, `pnpm start`, `flask run`, `rails s` / `rails server`,
`manage.py runserver`, `artisan serve`, `next start`, `java -jar`.

Images built on a base that already exposes its port (`nginx`, `httpd`, `tomcat`, `php`,
`caddy`, `traefik` and other official server images) are left alone: `EXPOSE` is inherited.

Images with `ONBUILD` triggers are templates for other builds (the old `onbuild` variants run
`npm start` without knowing the port), so they are left alone as well.

Off by default: `EXPOSE` is documentation, and the command patterns are a heuristic.

## Why is this bad?
`EXPOSE` is how an image says which port its service listens on. `docker run -P`, `docker
inspect`, Compose and many platforms read it; without it, whoever deploys the image has to find
the port in the source or the logs.

## Example
```dockerfile
FROM python:3.12-slim
COPY . /app
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]
```

## Use instead
```dockerfile
FROM python:3.12-slim
COPY . /app
EXPOSE 8000
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

const SERVERS: &[&str] = &[
    "nginx",
    "httpd",
    "apache2-foreground",
    "apache2ctl",
    "caddy",
    "php-fpm",
    "gunicorn",
    "uvicorn",
    "hypercorn",
    "daphne",
    "waitress-serve",
    "puma",
    "unicorn",
    "catalina.sh",
    "http-server",
];

/// Official images that EXPOSE their port themselves.
const EXPOSING_BASES: &[&str] = &[
    "nginx",
    "nginxinc/nginx-unprivileged",
    "httpd",
    "tomcat",
    "jetty",
    "php",
    "caddy",
    "traefik",
    "wordpress",
    "drupal",
    "joomla",
    "ghost",
    "nextcloud",
    "redmine",
    "odoo",
    "kong",
    "rabbitmq",
    "redis",
    "postgres",
    "mysql",
    "mariadb",
    "mongo",
    "haproxy",
    "varnish",
    "unit",
];

/// Splits an instruction's command into words (JSON items split further on spaces), with spans:
/// the word itself when the source shows it verbatim, else the whole item or command text.
fn command_words(ins: &Instruction, src: &str) -> Vec<(String, Span)> {
    let mut out = Vec::new();
    let mut push_text = |text: &str, span: Span| {
        let verbatim = span.text(src) == text;
        let mut start: Option<usize> = None;
        for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
            let sep = c.is_whitespace() || matches!(c, '"' | '\'' | ';' | '&' | '|' | '(' | ')');
            match (sep, start) {
                (true, Some(s)) => {
                    let w = text.get(s..i).unwrap_or("");
                    let at = if verbatim { Span::new(span.start + s, span.start + i) } else { span };
                    out.push((w.to_string(), at));
                    start = None;
                }
                (false, None) => start = Some(i),
                _ => {}
            }
        }
    };
    match &ins.args {
        Args::Json { items, .. } => items.iter().for_each(|w| push_text(&w.value, w.span)),
        Args::Shell { text, .. } => push_text(&text.value, text.span),
        _ => {}
    }
    out
}

/// The word that shows `words` start a server, if any.
fn server_word(words: &[(String, Span)]) -> Option<(String, Span)> {
    let base = |i: usize| words.get(i).map(|(w, _)| crate::shell::base_name(w).to_ascii_lowercase());
    for (i, (w, span)) in words.iter().enumerate() {
        let b = base(i).unwrap_or_default();
        let next = base(i + 1).unwrap_or_default();
        let hit = SERVERS.contains(&b.as_str())
            || b.starts_with("php-fpm")
            || (b == "node" && next.contains("server"))
            || (matches!(b.as_str(), "npm" | "yarn" | "pnpm")
                && (next == "start" || (next == "run" && base(i + 2).as_deref() == Some("start"))))
            || (b == "flask" && next == "run")
            || (b == "rails" && matches!(next.as_str(), "s" | "server"))
            || (b == "manage.py" && next == "runserver")
            || (b == "artisan" && next == "serve")
            || (b == "next" && next == "start")
            || (b.starts_with("java") && next == "-jar");
        if hit {
            return Some((w.clone(), *span));
        }
    }
    None
}

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    let chain = ctx.final_chain();
    let Some(root) = chain.last().and_then(|&s| ctx.model.stages.get(s)) else { return };
    let base = root.base_resolved.as_deref().unwrap_or(&root.base.value).to_ascii_lowercase();
    let r = ImageRef::parse(&base);
    let name = r.name.strip_prefix("docker.io/").unwrap_or(&r.name);
    let name = name.strip_prefix("library/").unwrap_or(name);
    if EXPOSING_BASES.contains(&name) || base.contains('$') {
        return;
    }
    let mut entrypoint: Option<&Instruction> = None;
    let mut cmd: Option<&Instruction> = None;
    for (_, ins) in ctx.final_image_instructions_rev() {
        match ins.keyword {
            Keyword::Expose | Keyword::Onbuild => return,
            Keyword::Entrypoint if entrypoint.is_none() => entrypoint = Some(ins),
            Keyword::Cmd if cmd.is_none() => cmd = Some(ins),
            _ => {}
        }
    }
    let Some((word, span)) =
        [entrypoint, cmd].into_iter().flatten().find_map(|i| server_word(&command_words(i, ctx.src)))
    else {
        return;
    };
    sink.report(
        span,
        format!("The image starts a server (`{word}`) but does not EXPOSE the port it listens on"),
        "Add `EXPOSE <port>` to the final stage to document the port the server listens on.",
        None,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_servers_without_expose() {
        let src = "FROM python:3.12-slim\nCMD [\"gunicorn\", \"app:app\"]\n";
        let d = fires(&RULE, src, 1);
        assert_eq!(d[0].span.text(src), "\"gunicorn\"");
        let src = "FROM node:22-slim\nCMD node dist/server.js\n";
        let d = fires(&RULE, src, 1);
        assert_eq!(d[0].span.text(src), "node");
        fires(&RULE, "FROM node:22-slim\nCMD [\"npm\", \"run\", \"start\"]\n", 1);
        fires(&RULE, "FROM python:3.12-slim\nCMD [\"sh\", \"-c\", \"flask run --host 0.0.0.0\"]\n", 1);
        fires(&RULE, "FROM ruby:3.3-slim\nCMD bundle exec rails s -b 0.0.0.0\n", 1);
        fires(&RULE, "FROM eclipse-temurin:21-jre\nENTRYPOINT [\"java\", \"-jar\", \"/app.jar\"]\n", 1);
        fires(&RULE, "FROM debian:12\nRUN apt-get install -y nginx\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n", 1);
        fires(&RULE, "FROM python:3.12-slim AS base\nFROM base\nCMD python manage.py runserver 0.0.0.0:8000\n", 1);
    }

    #[test]
    fn quiet_with_expose_or_no_server() {
        clean(&RULE, "FROM python:3.12-slim\nEXPOSE 8000\nCMD [\"gunicorn\", \"app:app\"]\n");
        clean(&RULE, "FROM python:3.12-slim AS base\nEXPOSE 8000\nFROM base\nCMD [\"gunicorn\", \"app:app\"]\n");
        clean(&RULE, "FROM nginx:1.27\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n");
        clean(&RULE, "FROM php:8.3-apache\nCMD [\"apache2-foreground\"]\n");
        clean(&RULE, "FROM python:3.12-slim\nCMD [\"python\", \"job.py\"]\n");
        clean(&RULE, "FROM node:22-slim\nCMD [\"node\", \"cli.js\"]\n");
        clean(&RULE, "FROM python:3.12-slim\nRUN gunicorn --version\n");
        clean(&RULE, "FROM node:22-slim\nONBUILD COPY . /app\nCMD [\"npm\", \"start\"]\n");
        clean(&RULE, "FROM a AS build\nCMD [\"gunicorn\"]\nFROM python:3.12-slim\nCMD [\"python\", \"x.py\"]\n");
    }
}

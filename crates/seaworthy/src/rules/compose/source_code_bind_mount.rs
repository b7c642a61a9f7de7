//! SWC122 source-code-bind-mount

use crate::compose::MountKind;
use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC122",
        name: "source-code-bind-mount",
        target: Target::Compose,
        category: Category::Reliability,
        severity: Severity::Info,
        fix: FixKind::None,
        default_on: false,
        summary: "The project's source directory is bind-mounted over the application (a development setting).",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports writable bind mounts of a relative directory that holds code (`.`, `./src`, `./app`,
`./code`, `./web`…) or that lands where images keep their code (`/app`, `/code`,
`/usr/src/app`, `/var/www`…), the hot-reload pattern of development setups. Data directories
(`./data:/var/lib/postgresql/data`) and files are not reported. An opt-in rule for
base or production files: such mounts belong in `compose.override.yaml`.

## Why is this bad?
In production the container then runs whatever is checked out on the host, not the code in
its image: deployments stop being reproducible and the image is never really tested.

## Example
```yaml
services:
  api:
    image: registry.example.com/shop/api:1.4.2
    volumes:
      - ./src:/app/src
```

## Use instead
```yaml
services:
  api:
    image: registry.example.com/shop/api:1.4.2
```
"#
        ),
    },
    check,
    per_service: true,
};

/// Where images usually keep their application code.
const CODE_TARGETS: &[&str] =
    &["/app", "/code", "/src", "/usr/src/app", "/var/www", "/srv/app", "/workspace", "/home/node/app", "/opt/app"];

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        for m in ctx.mounts(&s) {
            let (Some(src), Some(dst)) =
                (m.source.as_ref().and_then(|v| v.text()), m.target.as_ref().and_then(|v| v.text()))
            else {
                continue;
            };
            if m.kind != MountKind::Bind || m.read_only || !dst.starts_with('/') {
                continue;
            }
            let src = src.trim_end_matches('/');
            let last = src.rsplit('/').next().unwrap_or(src);
            let relative_dir = src == "." || (src.starts_with("./") && !last.contains('.'));
            let code_dir = src == "." || matches!(last, "src" | "app" | "code" | "lib" | "www" | "public" | "web");
            let code_target =
                CODE_TARGETS.iter().any(|t| dst == *t || dst.strip_prefix(t).is_some_and(|r| r.starts_with('/')));
            if relative_dir && (code_dir || code_target) {
                sink.report(m.span, format!("Service `{}` mounts the source directory `{src}` over `{dst}`", s.name), "Keep source mounts in `compose.override.yaml` (development only); production runs the image's code.", None);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_and_not() {
        fires(&RULE, "services:\n  a:\n    volumes: [\".:/code\", \"./src/:/app/src\"]\n", 2);
        clean(&RULE, "services:\n  a:\n    volumes: [\"./nginx.conf:/etc/nginx/nginx.conf\", \"./certs:/certs:ro\", \"data:/data\", \"./pgdata:/var/lib/postgresql/data\"]\n");
        fires(&RULE, "services:\n  a:\n    volumes: [\"./backend:/usr/src/app\"]\n", 1);
    }
}

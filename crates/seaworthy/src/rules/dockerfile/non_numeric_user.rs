//! SWD408 non-numeric-user

use super::base_image_not_pinned_by_digest::final_base;
use crate::diagnostic::{Category, Severity};
use crate::dockerfile::model::is_windows_image;
use crate::dockerfile::words::unquote;
use crate::dockerfile::{Args, Keyword};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD408",
        name: "non-numeric-user",
        target: Target::Dockerfile,
        category: Category::Security,
        severity: Severity::Info,
        fix: FixKind::None,
        default_on: false,
        summary: "The final image's USER is a name, not a numeric UID.",
        equivalents: &["hadolint:DL3066"],
        docs: rule_docs!(
            r#"## What it does
Reports the last `USER` of the final image (the last stage and the stages it is built `FROM`)
when its user part is a name (`USER app`, `USER app:app`) rather than a numeric UID
(`USER 10001`, `USER 10001:app`). `root` is left to `root-user`; values built from
variables and Windows images (`USER ContainerUser`) are not reported. Only the final image's
last `USER` counts: names in build stages are harmless.

## Why is this bad?
Kubernetes' `runAsNonRoot: true` (and similar admission policies) can only verify that an
image does not run as root when its user is numeric: with a name it refuses to start the pod,
because it cannot know which UID the name maps to without reading the image's
`/etc/passwd`. A numeric UID also makes file ownership on volumes predictable across images.

This rule is off by default: it matters mostly for images deployed under such policies.

## Example
```dockerfile
FROM debian:bookworm-slim
RUN useradd --uid 10001 --create-home app
USER app
CMD ["/usr/local/bin/server"]
```

## Use instead
```dockerfile
FROM debian:bookworm-slim
RUN useradd --uid 10001 --create-home app
USER 10001
CMD ["/usr/local/bin/server"]
```
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    // Windows users (`ContainerUser`) are names by design
    if ctx.df.escape == '`' || final_base(ctx).is_some_and(|(_, image)| is_windows_image(image)) {
        return;
    }
    let Some((_, ins)) = ctx.final_image_instructions_rev().find(|(_, i)| i.keyword == Keyword::User) else {
        return;
    };
    let Args::String { text } = &ins.args else { return };
    let value = unquote(&text.value, ctx.df.escape);
    let user = value.split(':').next().unwrap_or("").trim();
    if user.is_empty() || user.contains('$') || user == "root" || user.bytes().all(|c| c.is_ascii_digit()) {
        return;
    }
    sink.report(
        text.span,
        format!("The image runs as user `{user}`, a name rather than a numeric UID"),
        format!(
            "Use the UID the user was created with (e.g. `USER 10001` after `useradd --uid 10001 {user}`), so \
             `runAsNonRoot` policies can verify it."
        ),
        None,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_named_final_user() {
        let src = "FROM a:1\nUSER app\n";
        let d = fires(&RULE, src, 1);
        assert_eq!(d[0].span.text(src), "app");
        fires(&RULE, "FROM a:1\nUSER app:app\n", 1);
        fires(&RULE, "FROM a:1\nUSER 1000\nUSER node\n", 1);
        fires(&RULE, "FROM a:1 AS base\nUSER www-data\nFROM base\nRUN x\n", 1);
        fires(&RULE, "FROM a:1\nUSER \"app\"\n", 1);
    }

    #[test]
    fn quiet_on_numeric_root_and_build_stages() {
        clean(&RULE, "FROM a:1\nUSER 10001\n");
        clean(&RULE, "FROM a:1\nUSER 10001:app\n");
        clean(&RULE, "FROM a:1\nUSER app\nUSER 10001:10001\n");
        clean(&RULE, "FROM a:1\nUSER root\n");
        clean(&RULE, "FROM a:1\nUSER ${APP_UID}\n");
        clean(&RULE, "FROM a:1 AS build\nUSER builder\nFROM b:1\nUSER 1000\n");
        clean(&RULE, "FROM a:1\n");
        clean(&RULE, "FROM a:1\nONBUILD USER app\n");
        clean(&RULE, "FROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nUSER ContainerUser\n");
    }
}

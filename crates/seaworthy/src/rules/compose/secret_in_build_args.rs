//! SWC303 secret-in-build-args

use crate::compose::key_values;
use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC303",
        name: "secret-in-build-args",
        target: Target::Compose,
        category: Category::Security,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: false,
        summary: "A credential is passed as a build argument.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Reports `build.args` entries with a credential-like name (`NPM_TOKEN`, `PIP_PASSWORD`, …),
whether the value is literal or interpolated.

## Why is this bad?
Build arguments are recorded in the image history (`docker history`) and in any layer that
uses them: everyone who can pull the image can read the secret.

## Example
```yaml
services:
  app:
    build:
      context: .
      args:
        NPM_TOKEN: ${NPM_TOKEN}
```

## Use instead
```yaml
services:
  app:
    build:
      context: .
      secrets: [npm_token]
secrets:
  npm_token:
    environment: NPM_TOKEN
```
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        let Some(args) = ctx.doc.path(s.node, &["build", "args"]) else { continue };
        for kv in key_values(ctx.doc, args) {
            if super::literal_secret_in_environment::credential_name(kv.name) {
                sink.report(
                    kv.name_span,
                    format!("Service `{}` passes the credential `{}` as a build argument", s.name, kv.name),
                    "Use a BuildKit secret (`build.secrets` + `RUN --mount=type=secret`) instead.",
                    None,
                );
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
        fires(&RULE, "services:\n  a:\n    build:\n      args: [GITHUB_TOKEN=x, VERSION=1]\n", 1);
        clean(&RULE, "services:\n  a:\n    build:\n      args: {VERSION: 1}\n");
    }
}

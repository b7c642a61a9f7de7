//! SWC110 unconfined-security-profile

use crate::compose::str_list;
use crate::diagnostic::{Category, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC110",
        name: "unconfined-security-profile",
        target: Target::Compose,
        category: Category::Security,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: true,
        summary: "A service disables seccomp, AppArmor or SELinux confinement.",
        equivalents: &[
            "kics:default_seccomp_profile_disabled",
            "semgrep:seccomp-confinement-disabled",
            "semgrep:selinux-separation-disabled",
        ],
        docs: rule_docs!(
            r#"## What it does
Reports `security_opt` items `seccomp:unconfined`, `apparmor:unconfined`, `label:disable`
and `systempaths=unconfined` (with `:` or `=`).

## Why is this bad?
The default seccomp profile blocks about 50 dangerous system calls (`mount`, `kexec_load`,
`bpf`, …) and AppArmor/SELinux confine file access; turning them off removes a layer that has
stopped real container escapes.

## Example
```yaml
services:
  app:
    image: example/app:1.4
    security_opt:
      - seccomp:unconfined
```

## Use instead
```yaml
services:
  app:
    image: example/app:1.4
    security_opt:
      - seccomp:./seccomp-app.json
```
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        let Some(opts) = ctx.doc.get(s.node, "security_opt") else { continue };
        for o in str_list(ctx.doc, opts) {
            let t = o.raw.trim().to_ascii_lowercase().replace('=', ":");
            if matches!(
                t.as_str(),
                "seccomp:unconfined" | "apparmor:unconfined" | "label:disable" | "systempaths:unconfined"
            ) {
                sink.report(
                    o.span,
                    format!("Service `{}` runs with `{}`", s.name, o.raw.trim()),
                    "Keep the default profile, or write a custom profile that allows only the extra calls the service needs.",
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
    fn fires_on_unconfined() {
        fires(
            &RULE,
            "services:\n  a:\n    security_opt: [seccomp=unconfined, \"apparmor:unconfined\", label:disable]\n",
            3,
        );
    }

    #[test]
    fn quiet_on_profiles() {
        clean(
            &RULE,
            "services:\n  a:\n    security_opt: [no-new-privileges:true, seccomp:profile.json, label:type:svirt]\n",
        );
    }
}

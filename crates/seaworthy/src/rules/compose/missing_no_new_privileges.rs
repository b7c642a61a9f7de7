//! SWC107 missing-no-new-privileges

use crate::compose::has_no_new_privileges;
use crate::diagnostic::{Category, Fix, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC107",
        name: "missing-no-new-privileges",
        target: Target::Compose,
        category: Category::Security,
        severity: Severity::Info,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "A service does not set `security_opt: [no-new-privileges:true]`.",
        equivalents: &["kics:no_new_privileges_not_set", "kics:security_opt_not_set", "semgrep:no-new-privileges"],
        docs: rule_docs!(
            r#"## What it does
Reports services whose `security_opt` does not contain `no-new-privileges:true` (the forms
`no-new-privileges`, `no-new-privileges=true` count too). Services using `extends` count what
their base in the same file sets (a base in another file is not in view: they are skipped).

## Why is this bad?
Without it, a process in the container can gain privileges through setuid/setgid binaries or
file capabilities (`sudo`, `su`, a planted setuid shell), which turns a foothold into root.

## Example
```yaml
services:
  web:
    image: nginx:1.27
```

## Use instead
```yaml
services:
  web:
    image: nginx:1.27
    security_opt:
      - no-new-privileges:true
```

## Fix safety
Unsafe: a service that relies on setuid binaries (`sudo`, `ping` on old images) stops being able
to use them. The fix appends the option to an existing `security_opt` list or adds the key.
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        if has_no_new_privileges(ctx.doc, s.node) || ctx.skip_extended(&s, &[&["security_opt"]]) {
            continue;
        }
        let edit = match ctx.doc.entry(s.node, "security_opt") {
            Some(e) if e.via.is_none() => {
                let flow = ctx.doc.seq(e.value).is_some_and(|q| q.flow);
                ctx.append_to_seq(e.value, if flow { "\"no-new-privileges:true\"" } else { "no-new-privileges:true" })
            }
            Some(_) => None,
            None => ctx.insert_in_map(s.node, "security_opt:\n  - no-new-privileges:true"),
        };
        let fix = edit.map(|e| Fix::unsafe_("Add `no-new-privileges:true` to `security_opt`", vec![e]));
        sink.report(
            s.key,
            format!("Service `{}` does not set `no-new-privileges`", s.name),
            "Add `security_opt: [\"no-new-privileges:true\"]` so processes cannot gain privileges through setuid binaries.",
            fix,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compose::testing::*;

    #[test]
    fn fires_and_fixes() {
        fixes_to(
            &RULE,
            "services:\n    web:\n        image: a\n    db:\n        image: b\n        security_opt:\n            - label:type:x\n",
            "services:\n    web:\n        image: a\n        security_opt:\n            - no-new-privileges:true\n    db:\n        image: b\n        security_opt:\n            - label:type:x\n            - no-new-privileges:true\n",
        );
        fixes_to(
            &RULE,
            "services:\n  web:\n    image: a\n    security_opt: [apparmor:x]",
            "services:\n  web:\n    image: a\n    security_opt: [apparmor:x, \"no-new-privileges:true\"]",
        );
        fixes_to(
            &RULE,
            "services:\r\n  web:\r\n    image: a # keep\r\n",
            "services:\r\n  web:\r\n    image: a # keep\r\n    security_opt:\r\n      - no-new-privileges:true\r\n",
        );
    }

    #[test]
    fn quiet_when_set() {
        clean(&RULE, "services:\n  a:\n    security_opt: [no-new-privileges]\n  b:\n    security_opt: [\"no-new-privileges=true\"]\n  c:\n    extends: {file: base.yaml, service: c}\n");
    }
}

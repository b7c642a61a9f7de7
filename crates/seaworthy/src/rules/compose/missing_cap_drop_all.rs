//! SWC108 missing-cap-drop-all

use crate::compose::{normalise_cap, str_list};
use crate::diagnostic::{Category, Fix, Severity};
use crate::rules::compose::{ComposeCtx, ComposeRule};
use crate::rules::{FixKind, RuleMeta, Sink, Target};

pub static RULE: ComposeRule = ComposeRule {
    meta: RuleMeta {
        id: "SWC108",
        name: "missing-cap-drop-all",
        target: Target::Compose,
        category: Category::Security,
        severity: Severity::Info,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "A service keeps Docker's default capabilities (no `cap_drop: [ALL]`).",
        equivalents: &["kics:container_capabilities_unrestricted"],
        docs: rule_docs!(
            r#"## What it does
Reports services whose `cap_drop` does not contain `ALL` (any case, with or without `CAP_`).
Services running `privileged` (see `privileged-service`) are skipped; services using `extends`
count what their base in the same file sets (a base in another file is not in view: they are
skipped).

## Why is this bad?
Docker's default set includes `CHOWN`, `DAC_OVERRIDE`, `FOWNER`, `SETUID`, `SETGID`,
`NET_RAW`, `MKNOD`… Most services need none of them; each one is attack surface after a
compromise. Drop all and add back only what is needed.

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
    cap_drop: [ALL]
    cap_add: [NET_BIND_SERVICE, CHOWN, SETUID, SETGID]
```

## Fix safety
Unsafe: the service may need some default capabilities (binding ports below 1024, switching
user, `chown`). Add them back with `cap_add` after applying it.
"#
        ),
    },
    check,
    per_service: true,
};

fn check(ctx: &ComposeCtx<'_>, sink: &mut Sink<'_>) {
    for s in ctx.services() {
        if ctx.skip_extended(&s, &[&["cap_drop"], &["privileged"]]) {
            continue;
        }
        if ctx.doc.get(s.node, "privileged").and_then(|v| crate::compose::bool_value(ctx.doc, v)) == Some(true) {
            continue;
        }
        let drop = ctx.doc.get(s.node, "cap_drop");
        if drop.is_some_and(|d| str_list(ctx.doc, d).iter().any(|c| normalise_cap(c.raw) == "ALL")) {
            continue;
        }
        let edit = match ctx.doc.entry(s.node, "cap_drop") {
            Some(e) if e.via.is_none() && ctx.doc.seq(e.value).is_some() => ctx.append_to_seq(e.value, "ALL"),
            Some(_) => None,
            None => ctx.insert_in_map(s.node, "cap_drop:\n  - ALL"),
        };
        sink.report(
            s.key,
            format!("Service `{}` does not drop all capabilities", s.name),
            "Add `cap_drop: [ALL]` and re-add only the capabilities the service needs with `cap_add`.",
            edit.map(|e| Fix::unsafe_("Add `ALL` to `cap_drop`", vec![e])),
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
            "services:\n  a:\n    image: x\n",
            "services:\n  a:\n    image: x\n    cap_drop:\n      - ALL\n",
        );
        fixes_to(
            &RULE,
            "services:\n  a:\n    cap_drop:\n    - NET_RAW\n",
            "services:\n  a:\n    cap_drop:\n    - NET_RAW\n    - ALL\n",
        );
    }

    #[test]
    fn quiet_when_dropped() {
        clean(
            &RULE,
            "services:\n  a:\n    cap_drop: [all]\n  b:\n    cap_drop: [CAP_ALL]\n  c:\n    privileged: true\n",
        );
    }
}

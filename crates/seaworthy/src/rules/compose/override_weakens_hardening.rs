//! SWC701 override-weakens-hardening

use crate::compose::{bool_value, get_str, has_no_new_privileges, normalise_cap, ports, str_list};
use crate::diagnostic::{Category, Severity};
use crate::project::{MergeCtx, MergeRule, MergedService};
use crate::rules::{FixKind, RuleMeta, Sink, Target};
use crate::yaml::{Document, NodeId};

pub static RULE: MergeRule = MergeRule {
    meta: RuleMeta {
        id: "SWC701",
        name: "override-weakens-hardening",
        target: Target::Compose,
        category: Category::Security,
        severity: Severity::Warning,
        fix: FixKind::None,
        default_on: true,
        summary: "An override file undoes hardening its base file sets (merged view).",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Runs on a project's override files (`compose.override.yaml`, `compose.prod.yaml`, … next to
`compose.yaml` or `docker-compose.yml`): it merges each one into the base file the way
Compose does (mappings merged, lists appended, `!reset` and `!override` applied) and reports,
in the override file, each setting that makes the merged service less isolated than the base
file's service:

- `read_only: true` turned off or reset;
- `privileged: true` added;
- `ALL` no longer in `cap_drop` (`!reset`, `!override`);
- a dangerous capability (`ALL`, `SYS_ADMIN`, `NET_ADMIN`, …) added to `cap_add`;
- `no-new-privileges` lost, or `seccomp`/`apparmor` `unconfined` or `label:disable` added;
- a non-root `user` replaced by root, or reset;
- `network_mode`, `pid`, `ipc`, `uts` or `userns_mode` set to `host`;
- a port published on all interfaces when every port of the base file names a host IP.

Values that depend on the environment (`${RO}`) are not judged. Only runs when the files are
checked together (a directory, or several files given at once).

## Why is this bad?
`docker compose up` merges `compose.override.yaml` automatically, and an explicit `-f` list
merges the others: the hardening reviewed in the base file is not what runs. Development
conveniences (a writable filesystem, a debugger's `SYS_PTRACE`) belong in a file production
never merges.

## Example
```yaml
services:
  api:
    image: acme/api:1.4
    read_only: true
```
with the `compose.override.yaml`:
```yaml
services:
  api:
    read_only: false
```

## Use instead
```yaml
services:
  api:
    image: acme/api:1.4
    read_only: true
```
with the `compose.override.yaml`:
```yaml
services:
  api:
    environment:
      LOG_LEVEL: debug
```
"#
        ),
    },
    check,
};

fn help() -> &'static str {
    "Keep the base file's setting, or move this change to a file production never merges (and run it with `-f` in development only)."
}

fn caps(doc: &Document, svc: NodeId, key: &str) -> Vec<String> {
    doc.get(svc, key).map(|l| str_list(doc, l).iter().map(|c| normalise_cap(c.raw)).collect()).unwrap_or_default()
}

fn is_root(user: &str) -> bool {
    matches!(user.split(':').next().unwrap_or("").trim(), "root" | "0")
}

fn unconfined(opt: &str) -> bool {
    let t = opt.trim().to_ascii_lowercase().replace('=', ":");
    matches!(t.as_str(), "seccomp:unconfined" | "apparmor:unconfined" | "label:disable" | "systempaths:unconfined")
}

fn check(ctx: &MergeCtx<'_>, sink: &mut Sink<'_>) {
    let (b, m) = (ctx.base, &ctx.merged.doc);
    let mut report = |span, s: &MergedService<'_>, what: String| {
        sink.report(span, format!("Override weakens service `{}`: {what} ({})", s.name, ctx.base_path), help(), None);
    };
    for s in ctx.services() {
        // read_only: true in the base, false or gone after the merge
        let base_ro = b.get(s.base, "read_only").and_then(|v| bool_value(b, v));
        let merged_ro = m.get(s.merged, "read_only").map(|v| bool_value(m, v));
        if base_ro == Some(true) && matches!(merged_ro, None | Some(Some(false))) {
            report(ctx.override_span(&s, "read_only"), &s, "the root filesystem becomes writable".into());
        }
        // privileged added
        let base_priv = b.get(s.base, "privileged").and_then(|v| bool_value(b, v));
        let merged_priv = m.get(s.merged, "privileged").and_then(|v| bool_value(m, v));
        if merged_priv == Some(true) && base_priv != Some(true) {
            report(ctx.override_span(&s, "privileged"), &s, "it becomes privileged".into());
        }
        // cap_drop: [ALL] lost
        if caps(b, s.base, "cap_drop").iter().any(|c| c == "ALL")
            && !caps(m, s.merged, "cap_drop").iter().any(|c| c == "ALL")
        {
            report(ctx.override_span(&s, "cap_drop"), &s, "`ALL` is no longer dropped from its capabilities".into());
        }
        // dangerous capabilities added
        let base_add = caps(b, s.base, "cap_add");
        if let Some(l) = m.get(s.merged, "cap_add") {
            for c in str_list(m, l) {
                let n = normalise_cap(c.raw);
                if ctx.merged.override_id(c.node).is_some()
                    && super::dangerous_capability::DANGEROUS.contains(&n.as_str())
                    && !base_add.contains(&n)
                {
                    report(c.span, &s, format!("it adds the capability `{n}`"));
                }
            }
        }
        // no-new-privileges lost; unconfined profiles added
        if has_no_new_privileges(b, s.base) && !has_no_new_privileges(m, s.merged) {
            report(ctx.override_span(&s, "security_opt"), &s, "`no-new-privileges` is no longer set".into());
        }
        let base_opts: Vec<String> = b
            .get(s.base, "security_opt")
            .map(|l| str_list(b, l).iter().map(|o| o.raw.trim().to_ascii_lowercase()).collect())
            .unwrap_or_default();
        if let Some(l) = m.get(s.merged, "security_opt") {
            for o in str_list(m, l) {
                if ctx.merged.override_id(o.node).is_some()
                    && unconfined(o.raw)
                    && !base_opts.contains(&o.raw.trim().to_ascii_lowercase())
                {
                    report(o.span, &s, format!("it runs with `{}`", o.raw.trim()));
                }
            }
        }
        // a non-root user replaced by root (or reset to the image's default)
        let base_user = get_str(b, s.base, "user").and_then(|u| u.value().text().map(str::to_string));
        if base_user.as_deref().is_some_and(|u| !is_root(u)) {
            let merged_user = m.get(s.merged, "user").map(|_| get_str(m, s.merged, "user"));
            let weakened = match merged_user {
                None | Some(None) => true,
                Some(Some(u)) => u.value().text().is_some_and(is_root),
            };
            if weakened {
                report(ctx.override_span(&s, "user"), &s, "it no longer runs as its non-root user".into());
            }
        }
        // host namespaces
        for key in ["network_mode", "pid", "ipc", "uts", "userns_mode"] {
            let host = |doc: &Document, n: NodeId| {
                get_str(doc, n, key).and_then(|v| v.value().text().map(|t| t.trim() == "host")).unwrap_or(false)
            };
            if host(m, s.merged) && !host(b, s.base) {
                report(ctx.override_span(&s, key), &s, format!("`{key}: host` shares a host namespace"));
            }
        }
        // ports on all interfaces when the base binds every port to a host IP
        let base_ports = ports(b, s.base);
        if !base_ports.is_empty() && base_ports.iter().all(|p| p.bound_to_all() == Some(false)) {
            for p in ports(m, s.merged) {
                if ctx.merged.override_id(p.node).is_some() && p.bound_to_all() == Some(true) {
                    report(p.span, &s, "it publishes a port on all interfaces".into());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::report::SourceFile;

    fn run(base: &str, over: &str) -> Vec<crate::Diagnostic> {
        let files = vec![
            SourceFile { path: "compose.yaml".into(), content: base.into(), kind: None },
            SourceFile { path: "compose.override.yaml".into(), content: over.into(), kind: None },
        ];
        let out = crate::project::lint_project_with(&files, &|m| m.id == "SWC701");
        assert!(out[0].1.is_empty(), "findings belong to the override: {:#?}", out[0].1);
        out[1].1.clone()
    }

    #[track_caller]
    fn fires(base: &str, over: &str, n: usize) -> Vec<crate::Diagnostic> {
        let d = run(base, over);
        assert_eq!(d.len(), n, "{d:#?}");
        for x in &d {
            assert!(x.span.end <= over.len());
        }
        d
    }

    const BASE: &str = "services:\n  api:\n    image: a:1\n    read_only: true\n    user: \"10001\"\n    cap_drop: [ALL]\n    cap_add: [NET_BIND_SERVICE]\n    security_opt: [no-new-privileges:true]\n    ports: [\"127.0.0.1:8080:80\"]\n";

    #[test]
    fn fires_on_each_weakening_with_its_span() {
        let over = "services:\n  api:\n    read_only: !reset null\n    privileged: true\n    cap_drop: !override [NET_RAW]\n    cap_add: [SYS_PTRACE]\n    security_opt: !reset []\n    user: root\n    pid: host\n    ports: [\"9229:9229\"]\n";
        let d = fires(BASE, over, 8);
        let texts: Vec<&str> = d.iter().map(|x| x.span.text(over)).collect();
        assert!(texts.contains(&"read_only: !reset null"), "{texts:?}");
        assert!(texts.contains(&"SYS_PTRACE") && texts.contains(&"\"9229:9229\""), "{texts:?}");
        assert!(texts.contains(&"security_opt: !reset []") && texts.contains(&"pid: host"), "{texts:?}");
        assert!(d[0].message.contains("compose.yaml"));
        // read_only: false and an unconfined profile
        fires(BASE, "services:\n  api:\n    read_only: false\n    security_opt: [seccomp:unconfined]\n", 2);
    }

    #[test]
    fn quiet_when_the_merge_keeps_the_hardening() {
        // appended lists keep ALL and no-new-privileges; loopback ports; unknown values
        let over = "services:\n  api:\n    cap_drop: [NET_RAW]\n    cap_add: [CHOWN]\n    security_opt: [label:type:x]\n    ports: [\"127.0.0.1:9229:9229\"]\n    read_only: ${RO}\n    user: \"10002\"\n    environment: {A: b}\n  other:\n    privileged: true\n";
        fires(BASE, over, 0);
        // a base without hardening: nothing to weaken
        fires(
            "services:\n  api:\n    image: a:1\n    ports: [\"80:80\"]\n",
            "services:\n  api:\n    read_only: false\n    ports: [\"81:81\"]\n",
            0,
        );
        // a file that is not an override of a base file
        let files = vec![
            SourceFile {
                path: "compose.prod.yaml".into(),
                content: "services:\n  api:\n    read_only: true\n".into(),
                kind: None,
            },
            SourceFile {
                path: "compose.dev.yaml".into(),
                content: "services:\n  api:\n    read_only: false\n".into(),
                kind: None,
            },
        ];
        let out = crate::project::lint_project_with(&files, &|m| m.id == "SWC701");
        assert!(out.iter().all(|(_, d)| d.is_empty()));
    }

    #[test]
    fn anchors_and_other_override_names() {
        let files = vec![
            SourceFile {
                path: "app/docker-compose.yml".into(),
                content: "x-h: &h\n  read_only: true\nservices:\n  api:\n    <<: *h\n    image: a\n".into(),
                kind: None,
            },
            SourceFile {
                path: "app/docker-compose.prod.yml".into(),
                content: "services:\n  api:\n    privileged: true\n".into(),
                kind: None,
            },
            SourceFile {
                path: "app/compose.override.yaml".into(),
                content: "services:\n  api:\n    read_only: false\n".into(),
                kind: None,
            },
        ];
        let out = crate::project::lint_project_with(&files, &|m| m.id == "SWC701");
        assert_eq!(out[1].1.len(), 1, "{out:#?}");
        assert_eq!(out[2].1.len(), 1, "{out:#?}");
    }

    #[test]
    fn suppressed_in_the_override() {
        let over =
            "services:\n  api:\n    # seaworthy-ignore=SWC701 debugging needs it locally\n    privileged: true\n";
        fires(BASE, over, 0);
    }
}

//! SWD413 sensitive-volume

use crate::diagnostic::{Category, Severity};
use crate::dockerfile::words::unquote;
use crate::dockerfile::Instruction;
use crate::dockerfile::{Args, Keyword};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD413",
        name: "sensitive-volume",
        target: Target::Dockerfile,
        category: Category::Security,
        severity: Severity::Error,
        fix: FixKind::None,
        default_on: true,
        summary: "VOLUME declared on a system directory or the Docker socket.",
        equivalents: &["dockle:DKL-DI-0002"],
        docs: rule_docs!(
            r#"## What it does
Finds `VOLUME` instructions (every stage, `ONBUILD` included) that declare the root directory,
a kernel or system directory (`/proc`, `/sys`, `/dev` and anything below them, `/etc`, `/boot`,
`/bin`, `/sbin`, `/lib`, `/lib64`, `/usr`), or the Docker socket (`/var/run/docker.sock`,
`/run/docker.sock`).

## Why is this bad?
A volume is mounted over the directory when the container starts. Over `/proc`, `/sys` or
`/dev` it hides the kernel interfaces the container's processes need; over `/etc` or `/usr`
it freezes the image's own files in a volume that later image updates no longer reach. A
declared volume is also an invitation to satisfy it with a bind mount: binding the host's
`/proc`, `/etc` or Docker socket into a container hands it the host (the Docker socket is
root on the host).

## Example
```dockerfile
FROM docker:27-cli
VOLUME /var/run/docker.sock
CMD ["docker", "ps"]
```

## Use instead
```dockerfile
FROM docker:27-cli
ENV DOCKER_HOST=tcp://docker:2376
CMD ["docker", "ps"]
```
"#
        ),
    },
    check: crate::rules::Check::Each(crate::rules::Keywords::of(&[crate::dockerfile::Keyword::Volume]), check),
};

const EXACT: &[&str] =
    &["/", "/etc", "/boot", "/bin", "/sbin", "/lib", "/lib64", "/usr", "/var/run/docker.sock", "/run/docker.sock"];
const TREES: &[&str] = &["/proc", "/sys", "/dev"];

/// Normalises `//a/./b/` to `/a/b`.
fn normalise(p: &str) -> String {
    let parts: Vec<&str> = p.split('/').filter(|s| !s.is_empty() && *s != ".").collect();
    format!("/{}", parts.join("/"))
}

fn sensitive(path: &str) -> bool {
    if !path.starts_with('/') || path.contains('$') || path.contains("..") {
        return false;
    }
    let p = normalise(path);
    EXACT.contains(&p.as_str())
        || TREES.iter().any(|t| p == *t || p.strip_prefix(t).is_some_and(|r| r.starts_with('/')))
}

fn check<'a>(ctx: &DockerfileCtx<'a>, _i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    let e = ins.effective();
    if e.keyword != Keyword::Volume {
        return;
    }
    let words: Vec<_> = match &e.args {
        Args::Json { items, .. } => items.iter().collect(),
        Args::Words { words } => words.iter().collect(),
        _ => return,
    };
    for w in words {
        let path = unquote(&w.value, ctx.df.escape);
        if sensitive(&path) {
            sink.report(
                w.span,
                format!("`VOLUME {path}` declares a volume over a system path"),
                "Declare volumes only for the application's data directories (e.g. `/var/lib/app`); \
                 never for system directories or the Docker socket.",
                None,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_system_paths() {
        let src = "FROM a:1\nVOLUME /data /proc\n";
        let d = fires(&RULE, src, 1);
        assert_eq!(d[0].span.text(src), "/proc");
        fires(&RULE, "FROM a:1\nVOLUME [\"/sys/fs/cgroup\", \"/dev/\"]\n", 2);
        fires(&RULE, "FROM a:1\nVOLUME /\n", 1);
        fires(&RULE, "FROM a:1\nVOLUME //etc/\n", 1);
        fires(&RULE, "FROM a:1\nVOLUME /var/run/docker.sock\n", 1);
        fires(&RULE, "FROM a:1\nONBUILD VOLUME /usr\n", 1);
    }

    #[test]
    fn quiet_on_data_paths() {
        clean(&RULE, "FROM a:1\nVOLUME /data /var/lib/postgresql/data [\"/x\"]\n");
        clean(&RULE, "FROM a:1\nVOLUME /usr/share/nginx/html /etc-data /devices /var/run/app\n");
        clean(&RULE, "FROM a:1\nVOLUME $DATA\n");
        clean(&RULE, "FROM a:1\nVOLUME C:\\\\data\n");
    }
}

//! SWD314 useradd-without-no-log-init

use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::dockerfile::model::run_scripts;
use crate::dockerfile::Instruction;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};
use crate::shell::{Command, ShWord};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD314",
        name: "useradd-without-no-log-init",
        target: Target::Dockerfile,
        category: Category::Efficiency,
        severity: Severity::Warning,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "`useradd` with a high UID and no `-l` writes a huge sparse lastlog file into the layer.",
        equivalents: &["hadolint:DL3046"],
        docs: rule_docs!(
            r#"## What it does
Finds `useradd` commands in `RUN` instructions (and heredoc scripts) that give a literal UID
of 65536 or more (`-u 100000`, `--uid=100000`, `-u100000`) and do not pass `-l` /
`--no-log-init`. UIDs taken from variables are not checked.

hadolint's DL3046 reports UIDs of six digits or more; this rule starts at 65536, the end of the
16-bit UID range, where the file already reaches 19 MB.

## Why is this bad?
Unless told otherwise, `useradd` reserves the new user's entry in `/var/log/lastlog` and
`/var/log/faillog`. Those files are indexed by UID, so for UID 100000 `lastlog` becomes a
sparse file of about 29 MB (and about 290 GB for UID 1000000000). Sparse files are not kept
sparse in image layers: the zeros are stored, pulled and unpacked in full, and the build can
run out of disk. Containers do not use these login records.

## Example
```dockerfile
FROM debian:bookworm-slim
RUN useradd --uid 100000 --create-home app
USER app
```

## Use instead
```dockerfile
FROM debian:bookworm-slim
RUN useradd -l --uid 100000 --create-home app
USER app
```

## Fix safety
Safe: the fix inserts `-l` right after `useradd`. It only stops `useradd` from adding the user
to the `lastlog` and `faillog` records, which nothing in a container reads. No fix is offered
when the `useradd` word is quoted or built from variables.
"#
        ),
    },
    check: crate::rules::Check::Each(crate::rules::Keywords::of(&[crate::dockerfile::Keyword::Run]), check),
};

const HIGH_UID: u64 = 65536;

/// Short options of `useradd` that take an argument.
const SHORT_WITH_ARG: &str = "bcdefgGkKpPRsuZ";
/// Long options of `useradd` that take an argument.
const LONG_WITH_ARG: &[&str] = &[
    "base-dir",
    "comment",
    "home-dir",
    "expiredate",
    "inactive",
    "gid",
    "groups",
    "skel",
    "key",
    "password",
    "root",
    "prefix",
    "shell",
    "uid",
    "selinux-user",
    "selinux-range",
];

/// Reads a `useradd` command: whether it has `-l`, and its literal UID.
fn read_useradd(args: &[ShWord]) -> (bool, Option<u64>) {
    let mut no_log_init = false;
    let mut uid: Option<&str> = None;
    let mut i = 0;
    while let Some(w) = args.get(i) {
        i += 1;
        let v = w.value.as_str();
        if v == "--" {
            break;
        }
        if let Some(long) = v.strip_prefix("--") {
            let (name, val) = match long.split_once('=') {
                Some((n, x)) => (n, Some(x)),
                None => (long, None),
            };
            if name == "no-log-init" {
                no_log_init = true;
            } else if LONG_WITH_ARG.contains(&name) {
                let val = match val {
                    Some(x) => Some(x),
                    None => {
                        i += 1;
                        args.get(i - 1).map(|x| x.value.as_str())
                    }
                };
                if name == "uid" {
                    uid = val;
                }
            }
            continue;
        }
        let Some(cluster) = v.strip_prefix('-') else { continue };
        for (k, c) in cluster.char_indices() {
            if c == 'l' {
                no_log_init = true;
                continue;
            }
            if SHORT_WITH_ARG.contains(c) {
                let rest = cluster.get(k + c.len_utf8()..).unwrap_or("");
                let val = if rest.is_empty() {
                    i += 1;
                    args.get(i - 1).map(|x| x.value.as_str())
                } else {
                    Some(rest)
                };
                if c == 'u' {
                    uid = val;
                }
                break;
            }
        }
    }
    let uid = uid.filter(|u| !u.is_empty() && u.bytes().all(|b| b.is_ascii_digit())).and_then(|u| u.parse().ok());
    (no_log_init, uid)
}

fn check<'a>(ctx: &DockerfileCtx<'a>, i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    for script in run_scripts(ins, ctx.posix_shell_at(i)) {
        for (cmd, k) in script.find(&["useradd"]) {
            report(ctx, sink, cmd, k);
        }
    }
}

fn report(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>, cmd: &Command, k: usize) {
    let Some(word) = cmd.words.get(k) else { return };
    let args = cmd.words.get(k + 1..).unwrap_or(&[]);
    let (no_log_init, uid) = read_useradd(args);
    let Some(uid) = uid else { return };
    if no_log_init || uid < HIGH_UID {
        return;
    }
    let fix = (word.span.text(ctx.src) == word.value)
        .then(|| Fix::safe("Add `-l` (`--no-log-init`) to useradd", vec![Edit::insert(word.span.end, " -l")]));
    let mb = (uid.saturating_add(1)).saturating_mul(292) / 1_000_000;
    sink.report(
        word.span,
        format!("`useradd` for UID {uid} without `-l` writes a sparse lastlog file of about {mb} MB into the layer"),
        "Add `-l` (`--no-log-init`) so useradd leaves the lastlog and faillog files alone.",
        fix,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_high_uids() {
        let src = "FROM a:1\nRUN useradd -u 100000 app\n";
        let d = fires(&RULE, src, 1);
        assert_eq!(d[0].span.text(src), "useradd");
        fires(&RULE, "FROM a:1\nRUN useradd --uid=65536 app\n", 1);
        fires(&RULE, "FROM a:1\nRUN useradd --uid 1000680000 -m app\n", 1);
        fires(&RULE, "FROM a:1\nRUN useradd -ru123456 app\n", 1);
        fires(&RULE, "FROM a:1\nRUN groupadd -g 100000 app && sudo useradd -g app -u 100000 app\n", 1);
        fires(&RULE, "FROM a:1\nRUN <<EOF\nuseradd -u 200000 app\nEOF\n", 1);
        // `-c` takes `l` as the comment, not as the flag
        fires(&RULE, "FROM a:1\nRUN useradd -cl -u 100000 app\n", 1);
    }

    #[test]
    fn quiet_otherwise() {
        clean(&RULE, "FROM a:1\nRUN useradd -u 1000 app\n");
        clean(&RULE, "FROM a:1\nRUN useradd -u 65535 app\n");
        clean(&RULE, "FROM a:1\nRUN useradd -l -u 100000 app\n");
        clean(&RULE, "FROM a:1\nRUN useradd -lu 100000 app\n");
        clean(&RULE, "FROM a:1\nRUN useradd -mlu 100000 app\n");
        clean(&RULE, "FROM a:1\nRUN useradd --no-log-init --uid 100000 app\n");
        clean(&RULE, "FROM a:1\nRUN useradd -u $UID app\n");
        clean(&RULE, "FROM a:1\nRUN useradd app\n");
        clean(&RULE, "FROM a:1\nRUN adduser -u 100000 app\n");
        clean(&RULE, "FROM a:1\nRUN echo useradd -u 100000 app\n");
        clean(&RULE, "FROM a:1\nSHELL [\"pwsh\", \"-c\"]\nRUN useradd -u 100000 app\n");
    }

    #[test]
    fn inserts_no_log_init() {
        fixes_to(&RULE, "FROM a:1\nRUN useradd -u 100000 app\n", "FROM a:1\nRUN useradd -l -u 100000 app\n");
        fixes_to(
            &RULE,
            "FROM a:1\r\nRUN useradd \\\r\n  --uid 100000 app && /usr/sbin/useradd -u 100001 b\r\n",
            "FROM a:1\r\nRUN useradd -l \\\r\n  --uid 100000 app && /usr/sbin/useradd -l -u 100001 b\r\n",
        );
        no_fix(&RULE, "FROM a:1\nRUN \"useradd\" -u 100000 app\n");
    }
}

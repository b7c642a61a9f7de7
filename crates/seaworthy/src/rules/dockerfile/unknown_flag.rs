//! SWD029 unknown-flag

use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::dockerfile::{Instruction, Keyword};
use crate::rules::dockerfile::unknown_instruction::{close_matches, did_you_mean};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD029",
        name: "unknown-flag",
        target: Target::Dockerfile,
        category: Category::Reliability,
        severity: Severity::Error,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "An instruction has a `--flag` BuildKit does not accept for it.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Checks every `--flag` of an instruction (also the instruction an `ONBUILD` wraps) against the
flags BuildKit accepts for it:

| instruction | flags |
| --- | --- |
| `FROM` | `--platform` |
| `RUN` | `--mount`, `--network`, `--security`, `--device` |
| `COPY` | `--from`, `--chown`, `--chmod`, `--link`, `--parents`, `--exclude` |
| `ADD` | `--chown`, `--chmod`, `--link`, `--checksum`, `--keep-git-dir`, `--exclude`, `--unpack` |
| `HEALTHCHECK` | `--interval`, `--timeout`, `--start-period`, `--start-interval`, `--retries` |
| any other | none |

Flag names are case-sensitive. The closest accepted flag is suggested.

## Why is this bad?
BuildKit fails the build with "unknown flag". Flags are also read before the arguments, so a
command that starts with `--` (`CMD --help`) is taken as a flag of the instruction.

## Example
```dockerfile
FROM alpine:3.20 AS build
FROM alpine:3.20
COPY --form=build /out/app /usr/local/bin/app
```

## Use instead
```dockerfile
FROM alpine:3.20 AS build
FROM alpine:3.20
COPY --from=build /out/app /usr/local/bin/app
```

## Fix safety
Offered when exactly one accepted flag is within two edits of the unknown one. It is
**unsafe**: the line never built before, and the flag the fix picks changes what it does.
"#
        ),
    },
    check: crate::rules::Check::Each(crate::rules::Keywords::ALL, check),
};

fn allowed(k: Keyword) -> &'static [&'static str] {
    match k {
        Keyword::From => &["platform"],
        Keyword::Run => &["mount", "network", "security", "device"],
        Keyword::Copy => &["from", "chown", "chmod", "link", "parents", "exclude"],
        Keyword::Add => &["chown", "chmod", "link", "checksum", "keep-git-dir", "exclude", "unpack"],
        Keyword::Healthcheck => &["interval", "timeout", "start-period", "start-interval", "retries"],
        _ => &[],
    }
}

fn check_one(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>, ins: &Instruction) {
    if ins.keyword == Keyword::Unknown {
        return;
    }
    let ok = allowed(ins.keyword);
    for f in &ins.flags {
        if ok.contains(&f.name.as_str()) {
            continue;
        }
        let kw = ins.keyword.as_str();
        let cands = close_matches(&f.name, ok.iter().copied(), 2, true);
        let plain = f.name_span.text(ctx.src) == f.name && !f.name.is_empty();
        let fix = match cands.as_slice() {
            [one] if plain => Some(Fix::unsafe_(
                format!("Replace `--{}` with `--{one}`", f.name),
                vec![Edit::replace(f.name_span, (*one).to_string())],
            )),
            _ => None,
        };
        let help = if ok.is_empty() {
            format!("{kw} takes no flags; remove `--{}`.", f.name)
        } else {
            let list: Vec<String> = ok.iter().map(|o| format!("--{o}")).collect();
            format!("{kw} accepts {}.{}", list.join(", "), did_you_mean(&cands))
        };
        sink.report(f.span, format!("{kw} does not accept the flag `--{}`", f.name), help, fix);
    }
}

fn check<'a>(ctx: &DockerfileCtx<'a>, _i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    check_one(ctx, sink, ins);
    let inner = ins.effective();
    if !std::ptr::eq(inner, ins) {
        check_one(ctx, sink, inner);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_unknown_flags() {
        let d = fires(&RULE, "FROM --plaform=linux/amd64 a:1\nCOPY --form=x a b\nRUN --mnt=type=cache x\n", 3);
        assert!(d[1].help.contains("`from`"));
        fires(&RULE, "FROM a:1\nCMD --help\nENV --x=1 A=b\nONBUILD COPY --chmown=1 a b\n", 3);
        fires(&RULE, "FROM a:1\nCOPY --FROM=x a b\n", 1);
    }

    #[test]
    fn fixes_single_close_match() {
        fixes_to(&RULE, "FROM a:1\nCOPY --form=x a b\n", "FROM a:1\nCOPY --from=x a b\n");
        fixes_to(&RULE, "FROM a:1\r\nCOPY --From=x a b\r\n", "FROM a:1\r\nCOPY --from=x a b\r\n");
        fixes_to(&RULE, "FROM a:1\nHEALTHCHECK --intervall=5s CMD x\n", "FROM a:1\nHEALTHCHECK --interval=5s CMD x\n");
        no_fix(&RULE, "FROM a:1\nCOPY --bogus a b\n");
        no_fix(&RULE, "FROM a:1\nCMD --help\n");
    }

    #[test]
    fn quiet_on_accepted_flags() {
        clean(
            &RULE,
            "FROM --platform=$BUILDPLATFORM a:1\nRUN --mount=type=cache,target=/x --network=none --security=insecure x\n\
             COPY --from=a --chown=1 --chmod=644 --link --parents --exclude=*.md a b\n\
             ADD --checksum=sha256:0 --keep-git-dir=true --unpack=true --exclude=x a b\n\
             HEALTHCHECK --interval=5s --timeout=1s --start-period=1s --start-interval=1s --retries=3 CMD x\n\
             ONBUILD RUN --mount=type=secret,id=x x\nBOGUS --what x\n",
        );
    }
}

//! SWD316 copy-chown-redundant-run

use crate::diagnostic::{Category, Label, Severity};
use crate::dockerfile::model::run_scripts;
use crate::dockerfile::words::unquote;
use crate::dockerfile::{Args, Instruction, Keyword, Word};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD316",
        name: "copy-chown-redundant-run",
        target: Target::Dockerfile,
        category: Category::Efficiency,
        severity: Severity::Info,
        fix: FixKind::None,
        default_on: true,
        summary: "`COPY` followed by `RUN chown` on the copied files stores them twice.",
        equivalents: &[],
        docs: rule_docs!(
            r#"## What it does
Finds a `COPY` or `ADD` without `--chown` that is directly followed by a `RUN` whose `chown`
changes the owner of the copied destination: the same path, or a parent directory with `-R`.
Relative paths are resolved against the stage's `WORKDIR`. A `chown` of a subdirectory only
(`COPY . /app` then `chown -R app /app/data`) is left alone: keeping the code owned by root
and handing only the data directory to the application is a good pattern.

## Why is this bad?
Changing the owner of a file in a later layer copies the whole file into that layer, so every
copied file is stored, pushed and pulled twice, and the build spends time rewriting them.
`COPY --chown=<user>:<group>` (and `ADD --chown`) sets the owner while copying, in one layer.

## Example
```dockerfile
FROM node:22-slim
WORKDIR /app
COPY . /app
RUN chown -R node:node /app
USER node
```

## Use instead
```dockerfile
FROM node:22-slim
WORKDIR /app
COPY --chown=node:node . /app
USER node
```

No fix is offered: the `chown` may do more than this (other paths, a user created in the same
`RUN` that would have to exist before the `COPY`).
"#
        ),
    },
    check: crate::rules::Check::Each(
        crate::rules::Keywords::of(&[crate::dockerfile::Keyword::Copy, crate::dockerfile::Keyword::Add]),
        check,
    ),
};

/// Normalises an absolute or relative path: no `.` components, no duplicate or trailing `/`.
fn normalize(p: &str) -> String {
    let abs = p.starts_with('/');
    let parts: Vec<&str> = p.split('/').filter(|c| !c.is_empty() && *c != ".").collect();
    let joined = parts.join("/");
    if abs {
        format!("/{joined}")
    } else if joined.is_empty() {
        ".".to_string()
    } else {
        joined
    }
}

/// `p` resolved against `cwd` (when known), normalised.
fn resolve(cwd: Option<&str>, p: &str) -> String {
    match cwd {
        Some(c) if !p.starts_with('/') => normalize(&format!("{c}/{p}")),
        _ => normalize(p),
    }
}

/// The WORKDIR in force at instruction `i` of the stage starting at `from` (`None` if unknown).
fn workdir_at(ctx: &DockerfileCtx<'_>, from: usize, i: usize) -> Option<String> {
    let mut cwd: Option<String> = None;
    for ins in ctx.df.instructions.get(from..i).unwrap_or(&[]) {
        let e = ins.effective();
        if e.keyword != Keyword::Workdir || ins.keyword == Keyword::Onbuild {
            continue;
        }
        let Args::String { text } = &e.args else { continue };
        let p = unquote(text.value.trim(), ctx.df.escape);
        cwd = if p.starts_with('/') { Some(normalize(&p)) } else { cwd.map(|c| normalize(&format!("{c}/{p}"))) };
    }
    cwd
}

fn destination(ins: &Instruction) -> Option<&Word> {
    match &ins.args {
        Args::Json { items, .. } if items.len() >= 2 => items.last(),
        Args::Words { words } if words.len() >= 2 => words.last(),
        _ => None,
    }
}

fn check<'a>(ctx: &DockerfileCtx<'a>, i: usize, copy: &'a Instruction, sink: &mut Sink<'_>) {
    // the COPY and the RUN right after it, in the same stage
    let Some(st) = ctx.model.stage_of(i).and_then(|s| ctx.model.stages.get(s)) else { return };
    if i + 1 >= st.end {
        return;
    }
    let Some(run) = ctx.df.instructions.get(i + 1) else {
        return;
    };
    if (copy.keyword == Keyword::Onbuild) != (run.keyword == Keyword::Onbuild) {
        return;
    }
    let c = copy.effective();
    if !matches!(c.keyword, Keyword::Copy | Keyword::Add) || c.flag("chown").is_some() {
        return;
    }
    let Some(dest) = destination(c) else { return };
    let cwd = workdir_at(ctx, st.from, i);
    let dest_path = resolve(cwd.as_deref(), &dest.value);
    'scripts: for script in run_scripts(run, ctx.posix_shell_at(i + 1)) {
        let mut moved = false;
        let mut creates_user = false;
        for cmd in &script.commands {
            let k = cmd.real_start();
            let name = cmd.words.get(k).map(|w| crate::shell::base_name(&w.value));
            if matches!(name, Some("cd" | "pushd" | "popd")) {
                moved = true;
                continue;
            }
            if matches!(name, Some("useradd" | "adduser" | "groupadd" | "addgroup")) {
                creates_user = true;
                continue;
            }
            if name != Some("chown") {
                continue;
            }
            let args = cmd.words.get(k + 1..).unwrap_or(&[]);
            let recursive = args.iter().any(|w| {
                w.value == "--recursive"
                    || (w.value.starts_with('-') && !w.value.starts_with("--") && w.value.contains('R'))
            });
            let mut operands = args.iter().filter(|w| !w.value.starts_with('-'));
            let reference = args.iter().any(|w| w.value.starts_with("--reference"));
            let owner = if reference { None } else { operands.next() };
            let covers = operands.any(|t| {
                if moved && !t.value.starts_with('/') {
                    return false;
                }
                let t = resolve(cwd.as_deref(), &t.value);
                t == dest_path || (recursive && dest_path.starts_with(&format!("{}/", t.trim_end_matches('/'))))
            });
            if !covers {
                continue;
            }
            let owner = owner.map_or("<user>".to_string(), |o| o.value.to_string());
            sink.report(
                cmd.span,
                format!(
                    "`chown` re-owns `{}` right after it was copied, so every copied file is stored a second time",
                    dest.value
                ),
                if creates_user {
                    format!(
                        "Set the owner while copying: create the user before the {kw} (or use numeric IDs) and \
                         write `{kw} --chown={owner} ...`, then drop this chown.",
                        kw = c.keyword.as_str()
                    )
                } else {
                    format!(
                        "Set the owner while copying: `{} --chown={owner} ...`, and drop this chown.",
                        c.keyword.as_str()
                    )
                },
                None,
            )
            .labels
            .push(Label { span: dest.span, message: "copied here".into() });
            break 'scripts;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_chown_after_copy() {
        let src = "FROM a:1\nCOPY . /app\nRUN chown -R app:app /app\n";
        let d = fires(&RULE, src, 1);
        assert_eq!(d[0].span.text(src), "chown -R app:app /app");
        assert_eq!(d[0].labels[0].span.text(src), "/app");
        assert!(d[0].help.contains("--chown=app:app"));
        fires(&RULE, "FROM a:1\nWORKDIR /srv\nCOPY . .\nRUN chown -R app /srv\n", 1);
        fires(&RULE, "FROM a:1\nWORKDIR /srv\nCOPY app.jar app.jar\nRUN chown app ./app.jar\n", 1);
        let d = fires(&RULE, "FROM a:1\nCOPY dist/ /srv/app/\nRUN useradd app && chown -R app /srv\n", 1);
        assert!(d[0].help.contains("create the user before the COPY"), "{}", d[0].help);
        fires(&RULE, "FROM a:1\nADD [\"x\", \"/opt/x/\"]\nRUN chown --recursive app /opt/x\n", 1);
        fires(&RULE, "FROM a:1\nCOPY --from=build /out /app\nRUN sudo chown -R 1000:1000 /app\n", 1);
        fires(&RULE, "FROM a:1\nCOPY . $APP_HOME\nRUN chown -R app \"$APP_HOME\"\n", 1);
        fires(&RULE, "FROM a:1\nONBUILD COPY . /app\nONBUILD RUN chown -R app /app\n", 1);
        fires(&RULE, "FROM a:1\nCOPY . /app\nRUN <<EOF\nchown -R app /app\nEOF\n", 1);
    }

    #[test]
    fn quiet_otherwise() {
        clean(&RULE, "FROM a:1\nCOPY --chown=app . /app\nRUN chown -R app /app\n");
        clean(&RULE, "FROM a:1\nCOPY . /app\nRUN chown -R app /app/data\n");
        clean(&RULE, "FROM a:1\nCOPY . /app\nRUN chown app /\n");
        clean(&RULE, "FROM a:1\nCOPY . /app\nRUN make\nRUN chown -R app /app\n");
        clean(&RULE, "FROM a:1\nCOPY . /app\nRUN chown -R app /srv\n");
        clean(&RULE, "FROM a:1\nCOPY . /app\nRUN chmod -R 755 /app\n");
        clean(&RULE, "FROM a:1\nWORKDIR /x\nCOPY . .\nRUN cd /y && chown -R app .\n");
        clean(&RULE, "FROM a:1\nCOPY . /app\nONBUILD RUN chown -R app /app\n");
        clean(&RULE, "FROM a:1\nCOPY . /app\nFROM a:1\nRUN chown -R app /app\n");
        clean(&RULE, "FROM a:1\nSHELL [\"pwsh\", \"-c\"]\nCOPY . /app\nRUN chown -R app /app\n");
    }
}

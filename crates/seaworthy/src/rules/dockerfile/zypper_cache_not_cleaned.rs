//! SWD217 zypper-cache-not-cleaned

use super::pkg_call::{check_cache, removes_path, Action, CacheCheck, Manager};
use crate::diagnostic::{Category, Severity};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD217",
        name: "zypper-cache-not-cleaned",
        target: Target::Dockerfile,
        category: Category::Efficiency,
        severity: Severity::Warning,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "A `RUN` that installs with `zypper` leaves zypper's cache in the image.",
        equivalents: &["hadolint:DL3036", "trivy:DS-0020", "kics:missing_zypper_clean"],
        docs: rule_docs!(
            r#"## What it does
Finds `RUN` instructions of the image's final stage (or of a stage it is built `FROM`) that
install or update packages with `zypper` but do not run `zypper clean` (`zypper cc`) or delete
`/var/cache/zypp` afterwards in the same `RUN`, and do not mount `/var/cache/zypp` as a
`type=cache` or `type=tmpfs` mount. Intermediate build stages are not checked: their layers are
not shipped.

## Why is this bad?
zypper keeps repository metadata (and, for some repositories, the downloaded packages) under
`/var/cache/zypp`. Nothing at run time needs them, and cleaning in a later `RUN` does not
shrink the image because the earlier layer still holds them.

## Example
```dockerfile
FROM opensuse/leap:15.6
RUN zypper -n install curl
```

## Use instead
```dockerfile
FROM opensuse/leap:15.6
RUN zypper -n install curl && zypper clean --all
```

## Fix safety
Safe: the fix appends `&& zypper clean --all` to the `RUN` command (or adds it as the last line
of a heredoc script). `--all` removes the metadata as well as downloaded packages; zypper
downloads the metadata again when it next needs it. No fix is offered when the commands are
joined with `||`, `|` or `&`, when the line ends in a comment, or in other cases where
appending a command could change its meaning.
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

fn zypp_cache_dir(p: &str) -> bool {
    let p = p.trim_end_matches('/');
    p == "/var/cache/zypp" || p == "/var/cache" || p.starts_with("/var/cache/zypp/")
}

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    check_cache(
        ctx,
        sink,
        &CacheCheck {
            fills: |c| {
                c.manager == Manager::Zypper
                    && matches!(c.action(), Action::Install | Action::Upgrade | Action::DistUpgrade)
            },
            empties: |cmd, call| {
                removes_path(cmd, zypp_cache_dir)
                    || call.is_some_and(|c| c.manager == Manager::Zypper && c.action() == Action::Clean)
            },
            mount: |_, _, t| zypp_cache_dir(t),
            skip: |_, _, _| false,
            cleanup: |_| "zypper clean --all".to_string(),
            message: |c| {
                format!("`zypper {}` leaves the zypper cache in the image layer", c.subcommand().unwrap_or("install"))
            },
            help: |_, cleanup| {
                format!(
                    "Append `&& {cleanup}` to this RUN, or mount the cache: \
                     `RUN --mount=type=cache,target=/var/cache/zypp ...`."
                )
            },
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_when_cache_stays() {
        fires(&RULE, "FROM opensuse/leap\nRUN zypper -n install curl\n", 1);
        fires(&RULE, "FROM opensuse/leap\nRUN zypper ref && zypper -n up && zypper -n in curl\n", 1);
        fires(&RULE, "FROM opensuse/leap\nRUN <<EOF\nzypper -n in curl\nEOF\n", 1);
        fires(&RULE, "FROM opensuse/leap\nRUN zypper cc -a && zypper -n dup\n", 1);
    }

    #[test]
    fn quiet_when_cleaned_mounted_or_not_shipped() {
        clean(&RULE, "FROM opensuse/leap\nRUN zypper -n in curl && zypper clean\n");
        clean(&RULE, "FROM opensuse/leap\nRUN zypper -n in curl && zypper cc -a\n");
        clean(&RULE, "FROM opensuse/leap\nRUN zypper -n in curl && rm -rf /var/cache/zypp/*\n");
        clean(&RULE, "FROM opensuse/leap\nRUN --mount=type=cache,target=/var/cache/zypp zypper -n in curl\n");
        clean(&RULE, "FROM opensuse/leap AS b\nRUN zypper -n in gcc\nFROM opensuse/leap\nCOPY --from=b /a /a\n");
        clean(&RULE, "FROM opensuse/leap\nRUN zypper -n rm curl && zypper ref\n");
    }

    #[test]
    fn appends_clean() {
        fixes_to(
            &RULE,
            "FROM opensuse/leap\nRUN zypper -n install curl\n",
            "FROM opensuse/leap\nRUN zypper -n install curl && zypper clean --all\n",
        );
        fixes_to(
            &RULE,
            "FROM opensuse/leap\nRUN <<EOF\nzypper -n install curl\nEOF\n",
            "FROM opensuse/leap\nRUN <<EOF\nzypper -n install curl\nzypper clean --all\nEOF\n",
        );
        no_fix(&RULE, "FROM opensuse/leap\nRUN zypper -n install curl | tee log\n");
    }
}

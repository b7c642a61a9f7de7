//! SWD213 dnf-cache-not-cleaned

use super::pkg_call::{basename, check_cache, CacheCheck, Manager};
use super::yum_cache_not_cleaned::{rpm_cache_dir, rpm_cache_emptied, rpm_fills};
use crate::diagnostic::{Category, Severity};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD213",
        name: "dnf-cache-not-cleaned",
        target: Target::Dockerfile,
        category: Category::Efficiency,
        severity: Severity::Warning,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "A `RUN` that installs with `dnf` (or `microdnf`/`tdnf`) leaves its cache in the image.",
        equivalents: &["hadolint:DL3040", "trivy:DS-0019", "kics:missing_dnf_clean_all"],
        docs: rule_docs!(
            r#"## What it does
Finds `RUN` instructions of the image's final stage (or of a stage it is built `FROM`) that
install or upgrade packages with `dnf`, `microdnf` or `tdnf` but do not run `dnf clean all`
(`microdnf clean all`, `tdnf clean all`) or delete the cache directory afterwards in the same
`RUN`, and do not mount the cache directory (`/var/cache/dnf`, `/var/cache/yum`,
`/var/cache/libdnf5`, `/var/cache/tdnf`) as a `type=cache` or `type=tmpfs` mount.
Intermediate build stages are not checked: their layers are not shipped.

## Why is this bad?
dnf keeps the repository metadata it downloads, often 100 MB or more, in its cache
directory. Nothing at run time needs it, and cleaning it in a later `RUN` does not shrink the
image because the earlier layer still holds it.

## Example
```dockerfile
FROM fedora:40
RUN dnf install -y nginx
```

## Use instead
```dockerfile
FROM fedora:40
RUN dnf install -y nginx && dnf clean all
```

## Fix safety
Safe: the fix appends `&& dnf clean all` (or `microdnf clean all`, `tdnf clean all`, after the
tool the `RUN` installs with last) to the `RUN` command, or adds it as the last line of a
heredoc script. The cache is only a download cache; dnf downloads the metadata again when it
next needs it. No fix is offered when the commands are joined with `||`, `|` or `&`, when the
line ends in a comment, or in other cases where appending a command could change its meaning.
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    check_cache(
        ctx,
        sink,
        &CacheCheck {
            fills: |c| rpm_fills(c, &[Manager::Dnf, Manager::Microdnf, Manager::Tdnf]),
            empties: rpm_cache_emptied,
            mount: |_, _, t| rpm_cache_dir(t),
            skip: |_, _, _| false,
            cleanup: |c| {
                let tool = c.tool_word().map(|w| basename(&w.value)).filter(|t| !t.contains(['$', '"', '\'']));
                format!("{} clean all", tool.unwrap_or(c.manager.as_str()))
            },
            message: |c| {
                let tool = c.tool_word().map_or(c.manager.as_str(), |w| basename(&w.value));
                format!("`{tool} {}` leaves the package cache in the image layer", c.subcommand().unwrap_or("install"))
            },
            help: |_, cleanup| {
                format!(
                    "Append `&& {cleanup}` to this RUN, or mount the cache: \
                     `RUN --mount=type=cache,target=/var/cache/dnf ...`."
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
        fires(&RULE, "FROM fedora\nRUN dnf install -y nginx\n", 1);
        fires(&RULE, "FROM ubi9/ubi-minimal\nRUN microdnf install -y shadow-utils && microdnf update -y\n", 1);
        fires(&RULE, "FROM photon\nRUN tdnf install -y curl\n", 1);
        fires(&RULE, "FROM fedora\nRUN <<EOF\ndnf install -y nginx\nEOF\n", 1);
        fires(&RULE, "FROM fedora\nRUN dnf clean all && dnf upgrade -y\n", 1);
        fires(&RULE, "FROM fedora\nRUN --mount=type=cache,target=/root/.cache dnf install -y nginx\n", 1);
    }

    #[test]
    fn quiet_when_cleaned_mounted_or_not_shipped() {
        clean(&RULE, "FROM fedora\nRUN dnf install -y nginx && dnf clean all\n");
        clean(&RULE, "FROM ubi9/ubi-minimal\nRUN microdnf install -y x && microdnf clean all\n");
        clean(&RULE, "FROM fedora\nRUN dnf install -y nginx && rm -rf /var/cache/dnf/*\n");
        clean(&RULE, "FROM fedora\nRUN dnf install -y nginx && rm -rf /var/cache/yum /var/cache/dnf\n");
        clean(&RULE, "FROM fedora\nRUN --mount=type=cache,target=/var/cache/dnf,sharing=locked dnf install -y nginx\n");
        clean(&RULE, "FROM fedora\nRUN --mount=type=cache,target=/var/cache/libdnf5 dnf5 install -y nginx\n");
        clean(&RULE, "FROM fedora AS build\nRUN dnf install -y gcc\nFROM scratch\nCOPY --from=build /a /a\n");
        clean(&RULE, "FROM centos:7\nRUN yum install -y httpd\n");
    }

    #[test]
    fn appends_clean_all_for_the_tool() {
        fixes_to(
            &RULE,
            "FROM fedora\nRUN dnf install -y nginx\n",
            "FROM fedora\nRUN dnf install -y nginx && dnf clean all\n",
        );
        fixes_to(
            &RULE,
            "FROM ubi9/ubi-minimal\nRUN microdnf install -y x \\\n && microdnf update -y\n",
            "FROM ubi9/ubi-minimal\nRUN microdnf install -y x \\\n && microdnf update -y && microdnf clean all\n",
        );
        fixes_to(
            &RULE,
            "FROM fedora\r\nRUN <<EOF\r\nset -e\r\n/usr/bin/dnf install -y nginx\r\nEOF\r\n",
            "FROM fedora\r\nRUN <<EOF\r\nset -e\r\n/usr/bin/dnf install -y nginx\r\ndnf clean all\r\nEOF\r\n",
        );
    }
}

//! SWD210 yum-cache-not-cleaned
//!
//! Also holds the RPM cache helpers shared with `dnf_cache_not_cleaned`.

use super::pkg_call::{check_cache, removes_path, Action, CacheCheck, Family, Manager, PkgCall};
use crate::diagnostic::{Category, Severity};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};
use crate::shell::Command;

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD210",
        name: "yum-cache-not-cleaned",
        target: Target::Dockerfile,
        category: Category::Efficiency,
        severity: Severity::Warning,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "A `RUN` that installs with `yum` leaves yum's cache in the image.",
        equivalents: &["hadolint:DL3032", "trivy:DS-0015", "kics:yum_clean_all_missing"],
        docs: rule_docs!(
            r#"## What it does
Finds `RUN` instructions of the image's final stage (or of a stage it is built `FROM`) that
install or update packages with `yum` but do not run `yum clean all` (or `dnf clean all`, or
delete `/var/cache/yum`) afterwards in the same `RUN`, and do not mount `/var/cache/yum` as a
`type=cache` or `type=tmpfs` mount. Intermediate build stages are not checked: their layers are
not shipped.

## Why is this bad?
yum keeps the repository metadata it downloads, often 100 MB or more, under `/var/cache/yum`.
Nothing at run time needs it, and cleaning it in a later `RUN` does not shrink the image
because the earlier layer still holds it.

## Example
```dockerfile
FROM centos:7
RUN yum install -y httpd
```

## Use instead
```dockerfile
FROM centos:7
RUN yum install -y httpd && yum clean all
```

## Fix safety
Safe: the fix appends `&& yum clean all` to the `RUN` command (or adds a `yum clean all` line
at the end of a heredoc script). The cache is only a download cache; yum downloads the
metadata again when it next needs it. No fix is offered when the commands are joined with
`||`, `|` or `&`, when the line ends in a comment, or in other cases where appending a command
could change its meaning.
"#
        ),
    },
    check: crate::rules::Check::File(check),
};

/// `/var/cache/yum`, `/var/cache/dnf` (the same cache on RHEL 8 and later), `/var/cache/libdnf5`,
/// `/var/cache/tdnf`, or all of `/var/cache`.
pub(crate) fn rpm_cache_dir(p: &str) -> bool {
    matches!(
        p.trim_end_matches('/'),
        "/var/cache/yum" | "/var/cache/dnf" | "/var/cache/libdnf5" | "/var/cache/tdnf" | "/var/cache"
    )
}

/// `yum clean all`, `dnf clean all`, `microdnf clean all`, or deleting the cache directory.
pub(crate) fn rpm_cache_emptied(cmd: &Command, call: Option<&PkgCall<'_>>) -> bool {
    removes_path(cmd, rpm_cache_dir)
        || call.is_some_and(|c| {
            c.manager.family() == Family::Rpm && c.action() == Action::Clean && c.second() == Some("all")
        })
}

/// Whether `call` downloads packages with one of `managers`.
pub(crate) fn rpm_fills(call: &PkgCall<'_>, managers: &[Manager]) -> bool {
    managers.contains(&call.manager) && matches!(call.action(), Action::Install | Action::Upgrade | Action::DistUpgrade)
}

fn check(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>) {
    check_cache(
        ctx,
        sink,
        &CacheCheck {
            fills: |c| rpm_fills(c, &[Manager::Yum]),
            empties: rpm_cache_emptied,
            mount: |_, _, t| rpm_cache_dir(t),
            skip: |_, _, _| false,
            cleanup: |_| "yum clean all".to_string(),
            message: |c| {
                format!("`yum {}` leaves the yum cache in the image layer", c.subcommand().unwrap_or("install"))
            },
            help: |_, cleanup| {
                format!(
                    "Append `&& {cleanup}` to this RUN, or mount the cache: \
                     `RUN --mount=type=cache,target=/var/cache/yum ...`."
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
        fires(&RULE, "FROM centos:7\nRUN yum install -y httpd\n", 1);
        fires(&RULE, "FROM centos:7\nRUN yum -y update && yum install -y httpd\n", 1);
        fires(&RULE, "FROM centos:7\nRUN <<EOF\nyum install -y httpd\nEOF\n", 1);
        fires(&RULE, "FROM centos:7\nONBUILD RUN yum install -y httpd\n", 1);
        // cleaning before installing, or in a later RUN, does not help
        fires(&RULE, "FROM centos:7\nRUN yum clean all && yum install -y httpd\nRUN yum clean all\n", 1);
        // `clean packages` leaves the metadata
        fires(&RULE, "FROM centos:7\nRUN yum install -y httpd && yum clean packages\n", 1);
        fires(&RULE, "FROM centos:7 AS base\nRUN yum install -y httpd\nFROM base\n", 1);
    }

    #[test]
    fn quiet_when_cleaned_mounted_or_not_shipped() {
        clean(&RULE, "FROM centos:7\nRUN yum install -y httpd && yum clean all\n");
        clean(&RULE, "FROM centos:7\nRUN yum install -y httpd && yum clean all && rm -rf /tmp/*\n");
        clean(&RULE, "FROM centos:7\nRUN yum install -y httpd && rm -rf /var/cache/yum\n");
        clean(&RULE, "FROM rockylinux:9\nRUN yum install -y httpd && dnf clean all\n");
        clean(&RULE, "FROM centos:7\nRUN --mount=type=cache,target=/var/cache/yum yum install -y httpd\n");
        clean(&RULE, "FROM centos:7\nRUN <<EOF\nyum install -y httpd\nyum clean all\nEOF\n");
        clean(&RULE, "FROM centos:7 AS build\nRUN yum install -y gcc\nFROM centos:7\nCOPY --from=build /a /a\n");
        clean(&RULE, "FROM centos:7\nRUN yum remove -y x && yum makecache\n");
        clean(&RULE, "FROM fedora\nRUN dnf install -y nginx\n");
        clean(&RULE, "FROM centos:7\nSHELL [\"pwsh\", \"-c\"]\nRUN yum install -y httpd\n");
    }

    #[test]
    fn appends_clean_all() {
        fixes_to(
            &RULE,
            "FROM centos:7\nRUN yum install -y httpd\n",
            "FROM centos:7\nRUN yum install -y httpd && yum clean all\n",
        );
        fixes_to(
            &RULE,
            "FROM centos:7\r\nRUN yum install -y \\\r\n      httpd; \\\r\n    echo ok;\r\n",
            "FROM centos:7\r\nRUN yum install -y \\\r\n      httpd; \\\r\n    echo ok; yum clean all\r\n",
        );
        fixes_to(
            &RULE,
            "FROM centos:7\nRUN <<EOF\nyum install -y httpd\nEOF\n",
            "FROM centos:7\nRUN <<EOF\nyum install -y httpd\nyum clean all\nEOF\n",
        );
        no_fix(&RULE, "FROM centos:7\nRUN yum install -y httpd || true\n");
        no_fix(&RULE, "FROM centos:7\nRUN yum install -y httpd # web\n");
    }
}

//! SWD108 unsigned-packages

use super::tls_verification_disabled::{plain_word, remove_word_edit};
use crate::diagnostic::{Category, Fix, Severity};
use crate::dockerfile::model::run_scripts;
use crate::dockerfile::Instruction;
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};
use crate::shell::{Command, ShWord};

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD108",
        name: "unsigned-packages",
        target: Target::Dockerfile,
        category: Category::Security,
        severity: Severity::Error,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "A package manager is told to install packages without checking their signatures.",
        equivalents: &[
            "checkov:CKV2_DOCKER_7",
            "checkov:CKV2_DOCKER_8",
            "checkov:CKV2_DOCKER_9",
            "checkov:CKV2_DOCKER_10",
            "checkov:CKV2_DOCKER_11",
        ],
        docs: rule_docs!(
            r#"## What it does
Finds `RUN` commands (in every stage, `ONBUILD` and heredoc scripts included) that turn off
package signature checks:
- `apk add --allow-untrusted`;
- `apt-get`/`apt` with `--allow-unauthenticated`, `--allow-insecure-repositories`,
  `--force-yes`, or `-o APT::Get::AllowUnauthenticated=true` /
  `-o Acquire::AllowInsecureRepositories=true`;
- an apt sources line with `[trusted=yes]` written by `echo`/`printf` (except for a local
  `file:`/`copy:` repository of packages built in the same step, as the official `postgres`
  images do);
- `rpm` with `--nosignature`, `--nodigest`, `--noverify` or `--nofiledigest` (not with
  `rpm -K`/`--checksig`, which only checks);
- `yum`, `dnf`, `tdnf`, `microdnf` with `--nogpgcheck` or `--setopt=gpgcheck=0`, `zypper`
  with `--no-gpg-checks`, and `gpgcheck=0` written by `echo`/`printf` into a `.repo` file.

## Why is this bad?
Package signatures are what ties a package to its publisher: mirrors, proxies and CDNs in
between cannot alter a signed package without the install failing. With the check off, a
tampered or corrupted package installs silently, as root. If a repository's key is missing,
import the key instead (`apt-key`/`signed-by=`, `rpm --import`, `apk` keys in
`/etc/apk/keys`).

## Example
```dockerfile
FROM rockylinux:9
RUN dnf install -y --nogpgcheck nginx && dnf clean all
```

## Use instead
```dockerfile
FROM rockylinux:9
RUN dnf install -y nginx && dnf clean all
```

## Fix safety
Offered when the setting is a single word (`--nogpgcheck`, `--allow-untrusted`,
`--allow-unauthenticated`, `--force-yes`, `--nosignature`, `--setopt=gpgcheck=0`...): the fix
deletes it. It is **unsafe**: a package that only installed because its signature was not
checked (a local unsigned `.apk` or `.rpm`, a repository whose key was never imported) then
fails to install, until its key is imported.
"#
        ),
    },
    check: crate::rules::Check::Each(crate::rules::Keywords::of(&[crate::dockerfile::Keyword::Run]), check),
};

fn base(w: &str) -> &str {
    crate::shell::base_name(w)
}

fn falsy(v: &str) -> bool {
    matches!(v.trim().to_ascii_lowercase().as_str(), "0" | "false" | "no" | "off")
}

fn truthy(v: &str) -> bool {
    matches!(v.trim().to_ascii_lowercase().as_str(), "1" | "true" | "yes" | "on")
}

/// `gpgcheck=0` (alone, in `--setopt=`, or in a repository file line).
fn gpgcheck_off(l: &str) -> bool {
    let mut rest = l;
    while let Some(p) = rest.find("gpgcheck") {
        let after = rest.get(p + "gpgcheck".len()..).unwrap_or("").trim_start();
        if let Some(v) = after.strip_prefix('=') {
            let v: String = v.trim_start().chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
            if falsy(&v) {
                return true;
            }
        }
        rest = after;
    }
    false
}

/// An apt configuration item (`-o Key=value`) that allows unsigned packages.
fn apt_item_unsigned(item: &str) -> bool {
    match item.split_once('=') {
        Some((k, v)) => {
            let k = k.trim().to_ascii_lowercase();
            (k == "apt::get::allowunauthenticated" || k == "acquire::allowinsecurerepositories") && truthy(v)
        }
        None => false,
    }
}

/// Which words of `cmd` turn signature checks off, with whether the word can simply be deleted.
fn unsigned_words(cmd: &Command) -> Vec<(&ShWord, String, bool)> {
    let mut out = Vec::new();
    let i = cmd.real_start();
    let Some(name_word) = cmd.words.get(i) else { return out };
    let name = base(&name_word.value);
    let args = cmd.words.get(i + 1..).unwrap_or(&[]);
    match name {
        "apk" => {
            for w in args.iter().filter(|w| w.value == "--allow-untrusted") {
                out.push((
                    w,
                    "`apk --allow-untrusted` installs packages without checking their signatures".into(),
                    true,
                ));
            }
        }
        "apt-get" | "apt" | "aptitude" => {
            let mut k = 0;
            while let Some(w) = args.get(k) {
                k += 1;
                let v = w.value.as_str();
                match v {
                    "--allow-unauthenticated" | "--allow-insecure-repositories" | "--force-yes" => {
                        out.push((
                            w,
                            format!("`{name} {v}` installs packages without checking their signatures"),
                            true,
                        ));
                    }
                    "-o" | "--option" => {
                        if let Some(item) = args.get(k) {
                            k += 1;
                            if apt_item_unsigned(&item.value) {
                                out.push((
                                    item,
                                    format!("`{name} -o {}` turns off signature checks", item.value),
                                    false,
                                ));
                            }
                        }
                    }
                    _ => {
                        let item = v.strip_prefix("--option=").or_else(|| v.strip_prefix("-o"));
                        if item.is_some_and(apt_item_unsigned) {
                            out.push((w, format!("`{name} {v}` turns off signature checks"), true));
                        }
                    }
                }
            }
        }
        "rpm" => {
            if args.iter().any(|w| {
                w.value == "--checksig"
                    || (w.value.starts_with('-') && !w.value.starts_with("--") && w.value.contains('K'))
            }) {
                return out;
            }
            for w in args {
                let v = w.value.as_str();
                if matches!(v, "--nosignature" | "--nodigest" | "--noverify" | "--nofiledigest") {
                    out.push((
                        w,
                        format!("`rpm {v}` installs packages without checking their signatures or digests"),
                        true,
                    ));
                }
            }
        }
        "yum" | "dnf" | "tdnf" | "microdnf" | "yum-config-manager" | "zypper" => {
            let mut k = 0;
            while let Some(w) = args.get(k) {
                k += 1;
                let v = w.value.as_str();
                let l = v.to_ascii_lowercase();
                if l == "--nogpgcheck" || l == "--no-gpg-checks" || l == "--no-gpg-check" {
                    out.push((w, format!("`{name} {v}` installs packages without checking their signatures"), true));
                } else if l == "--setopt" {
                    if let Some(item) = args.get(k) {
                        k += 1;
                        if gpgcheck_off(&item.value.to_ascii_lowercase()) {
                            out.push((
                                item,
                                format!("`{name} --setopt {}` turns off signature checks", item.value),
                                false,
                            ));
                        }
                    }
                } else if l.starts_with("--setopt=") && gpgcheck_off(&l) {
                    out.push((w, format!("`{name} {v}` turns off signature checks"), true));
                }
            }
        }
        "echo" | "printf" => {
            let targets: Vec<String> =
                cmd.redirects.iter().filter(|(op, _)| op.starts_with('>')).map(|(_, t)| t.value.to_string()).collect();
            let to_repo = targets.iter().any(|t| t.ends_with(".repo") || t.ends_with(".conf"));
            let to_sources = targets.iter().any(|t| t.contains("sources.list") || t.ends_with(".sources"));
            for w in args {
                let l = w.value.to_ascii_lowercase();
                if to_repo && gpgcheck_off(&l) {
                    out.push((
                        w,
                        "a repository is configured with `gpgcheck=0`, so its packages are not verified".into(),
                        false,
                    ));
                } else if (to_sources || l.contains("deb ") || l.contains("deb [")) && trusted_yes(&l) {
                    out.push((
                        w,
                        "an apt source is marked `[trusted=yes]`, so its packages are not verified".into(),
                        false,
                    ));
                }
            }
        }
        _ => {}
    }
    out
}

/// `[... trusted=yes ...]` in an apt sources line (or `Trusted: yes` in deb822 form).
/// A repository on the local filesystem (`file:`/`copy:`), holding packages built in the same
/// build, is not reported: there is no signature to check and no network in between.
fn trusted_yes(l: &str) -> bool {
    let bracketed = l.split('[').skip(1).any(|part| {
        let Some((opts, rest)) = part.split_once(']') else { return false };
        let rest = rest.trim_start();
        opts.split_whitespace().any(|o| o == "trusted=yes") && !rest.starts_with("file:") && !rest.starts_with("copy:")
    });
    bracketed || (l.contains("trusted: yes") && !l.contains("uris: file:"))
}

fn check<'a>(ctx: &DockerfileCtx<'a>, i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    for script in run_scripts(ins, ctx.posix_shell_at(i)) {
        for cmd in &script.commands {
            for (w, what, removable) in unsigned_words(cmd) {
                let fix = (removable && plain_word(ctx.src, w))
                    .then(|| remove_word_edit(ctx.src, ctx.df.escape, w.span))
                    .flatten()
                    .map(|edit| Fix::unsafe_(format!("Remove `{}`", w.value), vec![edit]));
                sink.report(
                    w.span,
                    what,
                    "Keep signature checks on; if the repository's key is missing, import it \
                     (apt `signed-by=`, `rpm --import`, an apk key in /etc/apk/keys).",
                    fix,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_on_disabled_signature_checks() {
        let src = "FROM a:1\nRUN apk add --no-cache --allow-untrusted /tmp/x.apk\n";
        let d = fires(&RULE, src, 1);
        assert_eq!(d[0].span.text(src), "--allow-untrusted");
        fires(&RULE, "FROM a:1\nRUN apt-get install -y --allow-unauthenticated curl\n", 1);
        fires(&RULE, "FROM a:1\nRUN apt-get install -y --force-yes curl\n", 1);
        fires(&RULE, "FROM a:1\nRUN apt-get update --allow-insecure-repositories\n", 1);
        fires(&RULE, "FROM a:1\nRUN apt-get -o APT::Get::AllowUnauthenticated=true install -y curl\n", 1);
        fires(&RULE, "FROM a:1\nRUN sudo apt-get -oAPT::Get::AllowUnauthenticated=1 install -y curl\n", 1);
        fires(&RULE, "FROM a:1\nRUN rpm -ivh --nosignature --nodigest /tmp/x.rpm\n", 2);
        fires(&RULE, "FROM a:1\nRUN yum install -y --nogpgcheck x && dnf --setopt=gpgcheck=0 install y\n", 2);
        fires(&RULE, "FROM a:1\nRUN microdnf --setopt=*.gpgcheck=False install z\n", 1);
        fires(&RULE, "FROM a:1\nRUN tdnf install --nogpgcheck z\n", 1);
        fires(&RULE, "FROM a:1\nRUN zypper --no-gpg-checks install -y z\n", 1);
        fires(
            &RULE,
            "FROM a:1\nRUN echo 'deb [trusted=yes] http://e.com/debian ./' > /etc/apt/sources.list.d/e.list\n",
            1,
        );
        fires(
            &RULE,
            "FROM a:1\nRUN echo \"deb [arch=amd64 trusted=yes] http://e.com/ stable main\" >> /etc/apt/sources.list\n",
            1,
        );
        fires(
            &RULE,
            "FROM a:1\nRUN printf '[e]\\nbaseurl=http://e.com\\ngpgcheck=0\\n' > /etc/yum.repos.d/e.repo\n",
            1,
        );
        fires(&RULE, "FROM a:1\nRUN <<EOF\napk add --allow-untrusted /x.apk\nEOF\n", 1);
        fires(&RULE, "FROM a:1 AS b\nONBUILD RUN apk add --allow-untrusted /x.apk\n", 1);
    }

    #[test]
    fn quiet_when_checked() {
        clean(&RULE, "FROM a:1\nRUN apk add --no-cache curl && apt-get install -y curl\n");
        clean(&RULE, "FROM a:1\nRUN apt-get -o APT::Get::AllowUnauthenticated=false install -y curl\n");
        clean(&RULE, "FROM a:1\nRUN rpm -K --nosignature /tmp/x.rpm\n");
        clean(&RULE, "FROM a:1\nRUN rpm --import https://e.com/key && rpm -ivh /tmp/x.rpm\n");
        clean(&RULE, "FROM a:1\nRUN dnf --setopt=gpgcheck=1 install -y x\n");
        clean(
            &RULE,
            "FROM a:1\nRUN echo 'deb [signed-by=/k.gpg] http://e.com/ stable main' > /etc/apt/sources.list.d/e.list\n",
        );
        clean(&RULE, "FROM a:1\nRUN echo --nogpgcheck && echo gpgcheck=0\n");
        clean(
            &RULE,
            "FROM a:1\nRUN echo \"deb [ trusted=yes ] file://$tempDir ./\" > /etc/apt/sources.list.d/temp.list\n",
        );
        clean(&RULE, "FROM a:1\nRUN [\"apk\", \"add\", \"--allow-untrusted\", \"/x.apk\"]\n");
        clean(&RULE, "FROM a:1\nSHELL [\"cmd\", \"/S\", \"/C\"]\nRUN apk add --allow-untrusted x\n");
    }

    #[test]
    fn removes_single_word_flags() {
        fixes_to(&RULE, "FROM a:1\nRUN dnf install -y --nogpgcheck nginx\n", "FROM a:1\nRUN dnf install -y nginx\n");
        fixes_to(
            &RULE,
            "FROM a:1\nRUN apt-get install -y --allow-unauthenticated --force-yes curl\n",
            "FROM a:1\nRUN apt-get install -y curl\n",
        );
        fixes_to(
            &RULE,
            "FROM a:1\r\nRUN apk add \\\r\n  --allow-untrusted \\\r\n  /tmp/x.apk\r\n",
            "FROM a:1\r\nRUN apk add \\\r\n  /tmp/x.apk\r\n",
        );
        fixes_to(&RULE, "FROM a:1\nRUN yum install -y x --nogpgcheck\n", "FROM a:1\nRUN yum install -y x\n");
        no_fix(&RULE, "FROM a:1\nRUN apt-get -o APT::Get::AllowUnauthenticated=true install -y curl\n");
        no_fix(&RULE, "FROM a:1\nRUN echo 'deb [trusted=yes] http://e.com/ ./' > /etc/apt/sources.list\n");
    }
}

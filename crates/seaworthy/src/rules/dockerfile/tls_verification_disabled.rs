//! SWD107 tls-verification-disabled
//!
//! Also holds `remove_word_edit`, the "delete one shell word" edit shared with
//! `unsigned_packages` and `sudo_in_run`.

use crate::diagnostic::{Category, Edit, Fix, Severity};
use crate::dockerfile::model::run_scripts;
use crate::dockerfile::Instruction;
use crate::dockerfile::{Args, KeyValue, Keyword};
use crate::rules::{DockerfileCtx, DockerfileRule, FixKind, RuleMeta, Sink, Target};
use crate::shell::{Command, ShWord};
use crate::span::Span;

pub static RULE: DockerfileRule = DockerfileRule {
    meta: RuleMeta {
        id: "SWD107",
        name: "tls-verification-disabled",
        target: Target::Dockerfile,
        category: Category::Security,
        severity: Severity::Error,
        fix: FixKind::Sometimes,
        default_on: true,
        summary: "A download or package tool is told not to verify TLS certificates.",
        equivalents: &[
            "checkov:CKV2_DOCKER_2",
            "checkov:CKV2_DOCKER_3",
            "checkov:CKV2_DOCKER_4",
            "checkov:CKV2_DOCKER_5",
            "checkov:CKV2_DOCKER_6",
            "checkov:CKV2_DOCKER_12",
            "checkov:CKV2_DOCKER_13",
            "checkov:CKV2_DOCKER_14",
            "checkov:CKV2_DOCKER_15",
            "checkov:CKV2_DOCKER_16",
        ],
        docs: rule_docs!(
            r#"## What it does
Finds places (in every stage, `ONBUILD` and heredoc scripts included) that turn off TLS
certificate verification:
- in `RUN`: `curl -k` / `--insecure` / `--proxy-insecure` (also inside a cluster such as
  `-fsSLk`), `wget --no-check-certificate`, `pip`/`uv` `--trusted-host` or
  `--allow-insecure-host` (and `pip config set global.trusted-host`), `npm`/`yarn`/`pnpm`
  `config set strict-ssl false`, `git config http.sslVerify false` and
  `git -c http.sslVerify=false`, yum/dnf `--setopt=sslverify=0`, `sslverify=0` or apt's
  `Verify-Peer "false"` written with `echo`/`printf` into a configuration file, and
  `apt-get -o Acquire::https::Verify-Peer=false`;
- in `ENV`, `ARG` defaults and `RUN` variable assignments: `NODE_TLS_REJECT_UNAUTHORIZED=0`,
  `PYTHONHTTPSVERIFY=0`, `GIT_SSL_NO_VERIFY` (any value: git only checks that it is set),
  `PIP_TRUSTED_HOST`, `UV_INSECURE_HOST`, `NPM_CONFIG_STRICT_SSL=false`, and an empty
  `CURL_CA_BUNDLE` or `REQUESTS_CA_BUNDLE` (older `requests` releases then skip verification).

## Why is this bad?
Without certificate verification anyone on the network path (a compromised proxy, a hostile
Wi-Fi, a DNS hijack) can serve their own content in place of the real server, and the build
installs it. An `ENV` keeps verification off in the running container too, for every
connection the application makes. If a corporate proxy re-signs traffic, add its CA
certificate to the image's trust store instead.

## Example
```dockerfile
FROM debian:bookworm-slim
RUN curl -fsSLk https://example.com/tool.tar.gz | tar -xz -C /usr/local
```

## Use instead
```dockerfile
FROM debian:bookworm-slim
RUN curl -fsSL https://example.com/tool.tar.gz | tar -xz -C /usr/local
```

## Fix safety
Offered for `curl -k`/`--insecure`/`--proxy-insecure` and `wget --no-check-certificate`: the
fix deletes the word (or only the `k` of a cluster such as `-fsSLk`). It is **unsafe**: a build
that only worked because verification was off (self-signed server, intercepting proxy) fails
afterwards, which is the point, but it changes the build's outcome.
"#
        ),
    },
    check: crate::rules::Check::Each(
        crate::rules::Keywords::of(&[
            crate::dockerfile::Keyword::Env,
            crate::dockerfile::Keyword::Arg,
            crate::dockerfile::Keyword::Run,
        ]),
        check,
    ),
};

/// Short curl options that take a value (a `k` after one of them is part of the value).
const CURL_VALUE_OPTS: &str = "AbcCdDeEFHKmoPQrtTuUwxXyYz";

fn base(w: &str) -> &str {
    crate::shell::base_name(w)
}

fn falsy(v: &str) -> bool {
    matches!(v.trim().trim_matches(['"', '\'']).to_ascii_lowercase().as_str(), "0" | "false" | "no" | "off")
}

/// Whether the word is written plainly in the source (no quotes, escapes or variables), so
/// that its source text equals its value.
pub(crate) fn plain_word(src: &str, w: &ShWord) -> bool {
    !w.quoted && !w.dynamic && w.span.text(src) == w.value
}

/// An edit deleting the shell word at `span`, with the whitespace that separates it from its
/// neighbours; a word alone on a continuation line takes the whole line with it.
pub(crate) fn remove_word_edit(src: &str, escape: char, span: Span) -> Option<Edit> {
    let bytes = src.as_bytes();
    let line_start = src.get(..span.start)?.rfind('\n').map_or(0, |p| p + 1);
    let line_end = src.get(span.end..)?.find('\n').map_or(src.len(), |p| span.end + p);
    let before = src.get(line_start..span.start)?;
    let after = src.get(span.end..line_end)?.trim_end_matches('\r').trim();
    if before.trim().is_empty() && after.len() == escape.len_utf8() && after.starts_with(escape) {
        return Some(Edit::delete(Span::new(line_start, (line_end + 1).min(src.len()))));
    }
    let trailing = bytes.get(span.end..)?.iter().take_while(|c| matches!(c, b' ' | b'\t')).count();
    let next = bytes.get(span.end + trailing).copied();
    if trailing > 0 && !matches!(next, None | Some(b'\n' | b'\r')) {
        return Some(Edit::delete(Span::new(span.start, span.end + trailing)));
    }
    let leading = bytes.get(..span.start)?.iter().rev().take_while(|c| matches!(c, b' ' | b'\t')).count();
    (leading > 0).then(|| Edit::delete(Span::new(span.start - leading, span.end)))
}

/// One place that disables verification.
struct Finding {
    span: Span,
    what: String,
    /// The word (or letter) to delete, for the fix.
    remove: Option<Edit>,
}

/// Checks an environment variable assignment.
fn env_disables(name: &str, value: &str) -> Option<String> {
    let v = value.trim();
    let up = name.to_ascii_uppercase();
    let hit = match up.as_str() {
        "NODE_TLS_REJECT_UNAUTHORIZED" | "PYTHONHTTPSVERIFY" => v == "0",
        "GIT_SSL_NO_VERIFY" => true,
        "PIP_TRUSTED_HOST" | "UV_INSECURE_HOST" => !v.is_empty(),
        "NPM_CONFIG_STRICT_SSL" => v.eq_ignore_ascii_case("false"),
        "CURL_CA_BUNDLE" | "REQUESTS_CA_BUNDLE" => v.is_empty(),
        _ => false,
    };
    hit.then(|| {
        if up == "GIT_SSL_NO_VERIFY" {
            format!("`{name}` is set, which turns off git's certificate verification whatever its value")
        } else if v.is_empty() {
            format!("`{name}` is set to an empty value, which turns off certificate verification")
        } else {
            format!("`{name}={v}` turns off certificate verification")
        }
    })
}

fn check_command(src: &str, escape: char, cmd: &Command, out: &mut Vec<Finding>) {
    for a in &cmd.assignments {
        if let Some((n, v)) = a.value.split_once('=') {
            if !a.dynamic {
                if let Some(what) = env_disables(n, v) {
                    out.push(Finding { span: a.span, what, remove: None });
                }
            }
        }
    }
    let i = cmd.real_start();
    let Some(name_word) = cmd.words.get(i) else { return };
    let name = base(&name_word.value);
    let args = cmd.words.get(i + 1..).unwrap_or(&[]);
    // lower-cased arguments, not built for the commands whose arms never read them
    let reads_lower = !matches!(name, "curl" | "wget" | "export")
        && (matches!(
            name,
            "npm"
                | "yarn"
                | "pnpm"
                | "git"
                | "yum"
                | "dnf"
                | "microdnf"
                | "tdnf"
                | "yum-config-manager"
                | "zypper"
                | "apt-get"
                | "apt"
                | "aptitude"
                | "echo"
                | "printf"
        ) || name.starts_with("pip")
            || name.starts_with("python")
            || name == "uv"
            || name == "pipenv");
    let lower: Vec<String> =
        if reads_lower { args.iter().map(|w| w.value.to_ascii_lowercase()).collect() } else { Vec::new() };
    let next_falsy = |k: usize| lower.get(k + 1).is_some_and(|v| falsy(v));
    match name {
        "curl" => {
            let mut skip = false;
            for w in args {
                if std::mem::take(&mut skip) {
                    continue;
                }
                let v = w.value.as_str();
                if v == "--insecure" || v == "--proxy-insecure" {
                    let remove = plain_word(src, w).then(|| remove_word_edit(src, escape, w.span)).flatten();
                    out.push(Finding {
                        span: w.span,
                        what: format!("`curl {v}` skips certificate verification"),
                        remove,
                    });
                    continue;
                }
                if v.starts_with("--") {
                    continue;
                }
                let Some(cluster) = v.strip_prefix('-') else { continue };
                for (k, c) in cluster.char_indices() {
                    if c == 'k' {
                        let remove = if !plain_word(src, w) {
                            None
                        } else if cluster == "k" {
                            remove_word_edit(src, escape, w.span)
                        } else {
                            let at = w.span.start + 1 + k;
                            Some(Edit::delete(Span::new(at, at + 1)))
                        };
                        out.push(Finding {
                            span: w.span,
                            what: format!("`curl {v}` skips certificate verification (`-k`)"),
                            remove,
                        });
                        break;
                    }
                    if CURL_VALUE_OPTS.contains(c) {
                        skip = cluster.get(k + 1..).unwrap_or("").is_empty();
                        break;
                    }
                }
            }
        }
        "wget" => {
            for w in args {
                let l = w.value.to_ascii_lowercase();
                if l == "--no-check-certificate" {
                    let remove = plain_word(src, w).then(|| remove_word_edit(src, escape, w.span)).flatten();
                    out.push(Finding {
                        span: w.span,
                        what: "`wget --no-check-certificate` skips certificate verification".into(),
                        remove,
                    });
                } else if l.strip_prefix("--check-certificate=").is_some_and(|x| falsy(x) || x == "quiet") {
                    out.push(Finding {
                        span: w.span,
                        what: format!("`wget {}` skips certificate verification", w.value),
                        remove: None,
                    });
                }
            }
        }
        _ if name.starts_with("pip") || name.starts_with("python") || name == "uv" || name == "pipenv" => {
            for (k, w) in args.iter().enumerate() {
                let l = &lower[k];
                let flag = ["--trusted-host", "--allow-insecure-host"]
                    .into_iter()
                    .find(|f| l == f || l.strip_prefix(f).is_some_and(|r| r.starts_with('=')));
                let config = l.ends_with(".trusted-host") && k > 0 && lower.get(k - 1).is_some_and(|p| p == "set");
                if let Some(f) = flag {
                    out.push(Finding {
                        span: w.span,
                        what: format!("`{name} {f}` accepts that host without verifying its certificate"),
                        remove: None,
                    });
                } else if config {
                    out.push(Finding {
                        span: w.span,
                        what: format!(
                            "`{name} config set {}` accepts a host without verifying its certificate",
                            w.value
                        ),
                        remove: None,
                    });
                }
            }
        }
        "npm" | "yarn" | "pnpm" => {
            for (k, w) in args.iter().enumerate() {
                let l = lower[k].trim_start_matches('-');
                let hit = ((l == "strict-ssl" || l == "enablestrictssl") && next_falsy(k))
                    || l.strip_prefix("strict-ssl=").is_some_and(falsy)
                    || l == "no-strict-ssl";
                if hit {
                    out.push(Finding {
                        span: w.span,
                        what: format!(
                            "`{name}` is configured with `strict-ssl` off, so registry certificates are not verified"
                        ),
                        remove: None,
                    });
                }
            }
        }
        "git" => {
            for (k, w) in args.iter().enumerate() {
                let l = &lower[k];
                let hit = match l.split_once('=') {
                    Some((key, val)) => key.starts_with("http.") && key.ends_with(".sslverify") && falsy(val),
                    None => l.starts_with("http.") && l.ends_with(".sslverify") && next_falsy(k),
                };
                if hit {
                    out.push(Finding {
                        span: w.span,
                        what: "git's `http.sslVerify` is turned off".into(),
                        remove: None,
                    });
                }
            }
        }
        "yum" | "dnf" | "microdnf" | "tdnf" | "yum-config-manager" | "zypper" => {
            for (k, w) in args.iter().enumerate() {
                if sslverify_off(&lower[k]) {
                    out.push(Finding {
                        span: w.span,
                        what: format!("`{name}` is told not to verify repository certificates (`sslverify` off)"),
                        remove: None,
                    });
                }
            }
        }
        "apt-get" | "apt" | "aptitude" => {
            for (k, w) in args.iter().enumerate() {
                if apt_verify_off(&lower[k]) {
                    out.push(Finding {
                        span: w.span,
                        what: format!("`{name}` is told not to verify repository certificates"),
                        remove: None,
                    });
                }
            }
        }
        "echo" | "printf" => {
            let to_config = cmd.redirects.iter().any(|(op, t)| {
                op.starts_with('>')
                    && (t.value.ends_with(".repo") || t.value.ends_with(".conf") || t.value.contains("apt.conf"))
            });
            if to_config {
                for (k, w) in args.iter().enumerate() {
                    let l = &lower[k];
                    if sslverify_off(l)
                        || (l.contains("verify-peer") || l.contains("verify-host")) && l.contains("false")
                    {
                        out.push(Finding {
                            span: w.span,
                            what: "a package manager configuration file is written with certificate verification off"
                                .into(),
                            remove: None,
                        });
                    }
                }
            }
        }
        "export" => {
            for w in args {
                if let Some((n, v)) = w.value.split_once('=') {
                    if !w.dynamic {
                        if let Some(what) = env_disables(n, v) {
                            out.push(Finding { span: w.span, what, remove: None });
                        }
                    }
                }
            }
        }
        _ => {}
    }
}

/// `sslverify=0` (alone, in `--setopt=`, or in a configuration line).
fn sslverify_off(l: &str) -> bool {
    let mut rest = l;
    while let Some(p) = rest.find("sslverify") {
        let after = rest.get(p + "sslverify".len()..).unwrap_or("");
        let after = after.trim_start();
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

/// `-o Acquire::https::Verify-Peer=false` (also per host, and `Verify-Host`).
fn apt_verify_off(l: &str) -> bool {
    let l = l.strip_prefix("-o").unwrap_or(l);
    let l = l.strip_prefix("--option=").unwrap_or(l);
    match l.split_once('=') {
        Some((k, v)) => {
            k.starts_with("acquire::https")
                && (k.ends_with("::verify-peer") || k.ends_with("::verify-host"))
                && falsy(v)
        }
        None => false,
    }
}

fn check_pairs(ctx: &DockerfileCtx<'_>, pairs: &[KeyValue], sink: &mut Sink<'_>) {
    for kv in pairs {
        let Some(raw) = &kv.value else { continue };
        if raw.value.contains('$') {
            continue;
        }
        let v = kv.unquoted_value(ctx.df.escape).unwrap_or_default();
        if let Some(what) = env_disables(&kv.key.value, &v) {
            sink.report(kv.span, what, help_for_env(&kv.key.value), None);
        }
    }
}

fn help_for_env(name: &str) -> String {
    format!(
        "Remove `{name}`; if a proxy or private registry uses its own CA, add that certificate to the \
         image's trust store (e.g. copy it to /usr/local/share/ca-certificates/ and run update-ca-certificates)."
    )
}

fn check<'a>(ctx: &DockerfileCtx<'a>, i: usize, ins: &'a Instruction, sink: &mut Sink<'_>) {
    let e = ins.effective();
    match (&e.args, e.keyword) {
        (Args::Pairs { pairs }, Keyword::Env) | (Args::ArgNames { pairs }, Keyword::Arg) => {
            check_pairs(ctx, pairs, sink);
            return;
        }
        _ => {}
    }
    for script in run_scripts(ins, ctx.posix_shell_at(i)) {
        let mut found = Vec::new();
        for cmd in &script.commands {
            check_command(ctx.src, ctx.df.escape, cmd, &mut found);
        }
        for f in found {
            let fix = f.remove.map(|edit| {
                let title = if edit.span.len() == 1 {
                    "Remove `k` from the curl options".to_string()
                } else {
                    format!("Remove `{}`", f.span.text(ctx.src))
                };
                Fix::unsafe_(title, vec![edit])
            });
            sink.report(
                f.span,
                f.what,
                "Keep certificate verification on; if a proxy or private server uses its own CA, add that \
                 certificate to the image's trust store (or pass it with `--cacert`/`--ca-certificate`/`cert`).",
                fix,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn fires_in_run_commands() {
        let src = "FROM a:1\nRUN curl -fsSLk https://e.com/x -o /x\n";
        let d = fires(&RULE, src, 1);
        assert_eq!(d[0].span.text(src), "-fsSLk");
        fires(
            &RULE,
            "FROM a:1\nRUN curl --insecure https://e.com/x && wget --no-check-certificate https://e.com/y\n",
            2,
        );
        fires(&RULE, "FROM a:1\nRUN sudo curl -k https://e.com/x\n", 1);
        fires(
            &RULE,
            "FROM a:1\nRUN pip install --trusted-host pypi.org --trusted-host=files.pythonhosted.org flask\n",
            2,
        );
        fires(&RULE, "FROM a:1\nRUN python3 -m pip install --trusted-host pypi.org flask\n", 1);
        fires(&RULE, "FROM a:1\nRUN pip config set global.trusted-host pypi.org\n", 1);
        fires(&RULE, "FROM a:1\nRUN npm config set strict-ssl false && yarn config set strict-ssl false\n", 2);
        fires(&RULE, "FROM a:1\nRUN npm install --strict-ssl=false\n", 1);
        fires(&RULE, "FROM a:1\nRUN git config --global http.sslVerify false\n", 1);
        fires(&RULE, "FROM a:1\nRUN git config --global http.https://e.com/.sslVerify \"false\"\n", 1);
        fires(&RULE, "FROM a:1\nRUN git -c http.sslVerify=false clone https://e.com/r.git\n", 1);
        fires(&RULE, "FROM a:1\nRUN dnf install -y --setopt=sslverify=0 nginx\n", 1);
        fires(&RULE, "FROM a:1\nRUN yum-config-manager --save --setopt=*.sslverify=false\n", 1);
        fires(&RULE, "FROM a:1\nRUN echo \"sslverify=0\" >> /etc/yum.repos.d/x.repo\n", 1);
        fires(
            &RULE,
            "FROM a:1\nRUN printf '[x]\\nbaseurl=https://e.com\\nsslverify = false\\n' > /etc/yum.repos.d/x.repo\n",
            1,
        );
        fires(
            &RULE,
            "FROM a:1\nRUN echo 'Acquire::https::Verify-Peer \"false\";' > /etc/apt/apt.conf.d/99insecure\n",
            1,
        );
        fires(&RULE, "FROM a:1\nRUN apt-get -o Acquire::https::Verify-Peer=false update\n", 1);
        fires(&RULE, "FROM a:1\nRUN NODE_TLS_REJECT_UNAUTHORIZED=0 npm ci\n", 1);
        fires(&RULE, "FROM a:1\nRUN export GIT_SSL_NO_VERIFY=1 && git clone https://e.com/r.git\n", 1);
        fires(&RULE, "FROM a:1\nRUN <<EOF\ncurl -k https://e.com/x\nEOF\n", 1);
        fires(&RULE, "FROM a:1\nONBUILD RUN curl -k https://e.com/x\n", 1);
    }

    #[test]
    fn fires_in_env_and_arg() {
        let src = "FROM a:1\nENV NODE_TLS_REJECT_UNAUTHORIZED=0 PYTHONHTTPSVERIFY=0\n";
        let d = fires(&RULE, src, 2);
        assert_eq!(d[0].span.text(src), "NODE_TLS_REJECT_UNAUTHORIZED=0");
        fires(&RULE, "FROM a:1\nENV GIT_SSL_NO_VERIFY=false\n", 1);
        fires(&RULE, "FROM a:1\nENV GIT_SSL_NO_VERIFY true\n", 1);
        fires(&RULE, "FROM a:1\nARG PIP_TRUSTED_HOST=pypi.internal\n", 1);
        fires(&RULE, "FROM a:1\nENV npm_config_strict_ssl=false\n", 1);
        fires(&RULE, "FROM a:1\nENV CURL_CA_BUNDLE=\"\" REQUESTS_CA_BUNDLE=''\n", 2);
        fires(&RULE, "FROM a:1\nONBUILD ENV NODE_TLS_REJECT_UNAUTHORIZED=0\n", 1);
    }

    #[test]
    fn quiet_when_verification_is_on() {
        clean(&RULE, "FROM a:1\nRUN curl -fsSL https://e.com/x -o /x && wget -q https://e.com/y\n");
        clean(&RULE, "FROM a:1\nRUN curl -H 'k: v' -ok https://e.com/x\n");
        clean(&RULE, "FROM a:1\nRUN curl -u k https://e.com/x\n");
        clean(&RULE, "FROM a:1\nRUN echo -k && grep -k x\n");
        clean(&RULE, "FROM a:1\nRUN pip install --index-url https://pypi.internal/simple flask\n");
        clean(&RULE, "FROM a:1\nRUN npm config set strict-ssl true\n");
        clean(&RULE, "FROM a:1\nRUN git config --global http.sslVerify true\n");
        clean(&RULE, "FROM a:1\nRUN dnf install -y --setopt=sslverify=1 nginx\n");
        clean(&RULE, "FROM a:1\nRUN echo sslverify=0\n");
        clean(&RULE, "FROM a:1\nENV NODE_TLS_REJECT_UNAUTHORIZED=1 PYTHONHTTPSVERIFY=1 NPM_CONFIG_STRICT_SSL=true\n");
        clean(&RULE, "FROM a:1\nENV CURL_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt\n");
        clean(&RULE, "FROM a:1\nARG GIT_SSL_NO_VERIFY\nENV NODE_TLS_REJECT_UNAUTHORIZED=$X\n");
        clean(&RULE, "FROM a:1\nRUN [\"curl\", \"-k\", \"https://e.com\"]\n");
        clean(&RULE, "FROM a:1\nSHELL [\"pwsh\", \"-Command\"]\nRUN curl -k https://e.com\n");
    }

    #[test]
    fn removes_the_flag() {
        fixes_to(&RULE, "FROM a:1\nRUN curl -fsSLk https://e.com/x\n", "FROM a:1\nRUN curl -fsSL https://e.com/x\n");
        fixes_to(&RULE, "FROM a:1\nRUN curl -k https://e.com/x\n", "FROM a:1\nRUN curl https://e.com/x\n");
        fixes_to(&RULE, "FROM a:1\nRUN curl -kfsSL https://e.com/x\n", "FROM a:1\nRUN curl -fsSL https://e.com/x\n");
        fixes_to(&RULE, "FROM a:1\nRUN curl https://e.com/x --insecure\n", "FROM a:1\nRUN curl https://e.com/x\n");
        fixes_to(
            &RULE,
            "FROM a:1\nRUN wget --no-check-certificate -q https://e.com/x && curl -k --insecure https://e.com/y\n",
            "FROM a:1\nRUN wget -q https://e.com/x && curl https://e.com/y\n",
        );
        fixes_to(
            &RULE,
            "FROM a:1\r\nRUN curl \\\r\n    -k \\\r\n    https://e.com/x\r\n",
            "FROM a:1\r\nRUN curl \\\r\n    https://e.com/x\r\n",
        );
        fixes_to(
            &RULE,
            "FROM a:1\nRUN <<EOF\ncurl -k https://e.com/x\nEOF\n",
            "FROM a:1\nRUN <<EOF\ncurl https://e.com/x\nEOF\n",
        );
        fixes_to(
            &RULE,
            "FROM a:1\nONBUILD RUN curl -sk https://e.com/x\n",
            "FROM a:1\nONBUILD RUN curl -s https://e.com/x\n",
        );
    }

    #[test]
    fn no_fix_for_settings() {
        no_fix(&RULE, "FROM a:1\nRUN pip install --trusted-host pypi.org flask\n");
        no_fix(&RULE, "FROM a:1\nENV NODE_TLS_REJECT_UNAUTHORIZED=0\n");
        no_fix(&RULE, "FROM a:1\nRUN curl \"-k\" https://e.com\n");
    }

    const TOKENS: &[&str] = &[
        "FROM ",
        "a:1",
        "node:22",
        "scratch",
        "gcr.io/distroless/static",
        " AS b",
        "\n",
        "\r\n",
        " ",
        "\t",
        "\\\n",
        "RUN ",
        "ENV ",
        "ARG ",
        "COPY ",
        "ADD ",
        "USER ",
        "CMD ",
        "ENTRYPOINT ",
        "HEALTHCHECK ",
        "EXPOSE ",
        "VOLUME ",
        "ONBUILD ",
        "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]",
        "[\"sh\", \"-c\", \"",
        "\"]",
        "CMD ",
        "--interval=1s ",
        "curl",
        " -fsSLk",
        " -k",
        " --insecure",
        " -o",
        "wget",
        " -qO-",
        " --no-check-certificate",
        " | ",
        " && ",
        "; ",
        "sh",
        "bash",
        " -c ",
        "\"$(curl x)\"",
        "<(curl x)",
        "sudo ",
        "-E ",
        "-u ",
        "apt-get",
        " --force-yes",
        "apk add",
        " --allow-untrusted",
        "dnf",
        " --nogpgcheck",
        "echo 'deb [trusted=yes] http://x ./' > /etc/apt/sources.list",
        "ln -sf /bin/bash /bin/sh",
        "chpasswd",
        "passwd",
        "useradd -p x",
        "NODE_TLS_REJECT_UNAUTHORIZED=0",
        "GIT_SSL_NO_VERIFY=1",
        "https://e.com/a",
        ".env",
        "id_rsa",
        "server.key",
        "22",
        "/proc",
        "/",
        "app",
        "0",
        "<<EOF\n",
        "EOF\n",
        "\"",
        "'",
        "$",
        "{{",
        "\u{e9}",
        "set -o pipefail",
        "make",
        "tee",
        "exec ",
        "node s.js",
        "npm start",
        "--checksum=sha256:ab ",
        "git@github.com:a/b.git",
    ];

    proptest::proptest! {
        #[test]
        fn family_rules_never_panic(ix in proptest::collection::vec(0usize..TOKENS.len(), 0..48)) {
            use super::super::*;
            let src: String = ix.iter().map(|i| TOKENS[*i]).collect();
            for rule in [
                &base_image_not_pinned_by_digest::RULE, &loose_base_image_tag::RULE, &add_remote_without_checksum::RULE,
                &curl_pipe_to_shell::RULE, &RULE, &unsigned_packages::RULE, &sudo_in_run::RULE,
                &missing_pipefail::RULE, &sh_replaced_by_symlink::RULE, &non_numeric_user::RULE,
                &healthcheck_without_options::RULE, &healthcheck_tool_missing::RULE, &node_env_not_production::RULE,
                &ssh_port_exposed::RULE, &sensitive_volume::RULE, &missing_init_process::RULE,
                &secret_file_copied::RULE, &password_set_in_run::RULE,
            ] {
                let d = crate::rules::run_dockerfile_rule(rule, &src);
                for x in &d {
                    proptest::prop_assert!(src.get(x.span.start..x.span.end).is_some(), "{} {:?}", rule.meta.id, x.span);
                    if let Some(f) = &x.fix {
                        proptest::prop_assert!(crate::fix::apply_edits(&src, &f.edits).is_some(), "{}", rule.meta.id);
                    }
                }
                // the fixes of one rule never overlap each other
                let all: Vec<_> = d.iter().filter_map(|x| x.fix.as_ref()).flat_map(|f| f.edits.clone()).collect();
                proptest::prop_assert!(crate::fix::apply_edits(&src, &all).is_some(), "{} overlapping fixes", rule.meta.id);
            }
        }
    }
}

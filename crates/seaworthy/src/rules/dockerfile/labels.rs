//! Shared by the label-schema rules (SWD319-SWD328): the typed-value validators and the check
//! every typed rule runs. The schema comes from the policy (`[options.required-labels]`).

use crate::policy::custom::labels;
use crate::policy::LabelType;
use crate::rules::{DockerfileCtx, Sink};

/// The label-schema rules turned on by `required-labels` (see `policy::option_enabled`).
pub const LABEL_RULES: &[&str] =
    &["SWD319", "SWD320", "SWD322", "SWD323", "SWD324", "SWD325", "SWD326", "SWD327", "SWD328"];

/// Reports every LABEL whose key the schema types as `ty` and whose value `valid` rejects.
/// Values with variables (`$VERSION`) are only known at build time and are skipped, and so are
/// empty values (reported by `empty-label-value`).
pub(crate) fn check_typed(ctx: &DockerfileCtx<'_>, sink: &mut Sink<'_>, ty: LabelType, valid: fn(&str) -> bool) {
    for (key, value, span, _) in labels(ctx) {
        if ctx.options.required_labels.get(&key) != Some(&ty) || value.is_empty() || value.contains('$') {
            continue;
        }
        if !valid(&value) {
            sink.report(
                span,
                format!("Label `{key}` is not a valid {}: `{value}`", describe(ty)),
                format!("The policy requires `{key}` to be {}.", example(ty)),
                None,
            );
        }
    }
}

fn describe(ty: LabelType) -> &'static str {
    match ty {
        LabelType::Text => "text",
        LabelType::Url => "URL",
        LabelType::Semver => "semantic version",
        LabelType::Hash => "git commit hash",
        LabelType::Rfc3339 => "RFC 3339 date-time",
        LabelType::Spdx => "SPDX license expression",
        LabelType::Email => "e-mail address",
    }
}

fn example(ty: LabelType) -> &'static str {
    match ty {
        LabelType::Text => "non-empty text",
        LabelType::Url => "an absolute URL such as `https://github.com/acme/app`",
        LabelType::Semver => "a semantic version such as `1.4.2` or `2.0.0-rc.1`",
        LabelType::Hash => "a full commit hash (40 or 64 hexadecimal digits)",
        LabelType::Rfc3339 => "an RFC 3339 date-time such as `2026-11-22T08:00:00Z`",
        LabelType::Spdx => "an SPDX license expression such as `MIT` or `Apache-2.0 OR MIT`",
        LabelType::Email => "an e-mail address such as `team@example.com`",
    }
}

/// `scheme://host[...]` with no whitespace.
pub fn is_url(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once("://") else { return false };
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    scheme_ok && !host.is_empty() && !s.chars().any(char::is_whitespace)
}

fn digits(s: &str, n: usize) -> Option<u32> {
    (s.len() == n && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

/// `YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)`.
pub fn is_rfc3339(s: &str) -> bool {
    let Some((date, time)) = s.split_once(['T', 't', ' ']) else { return false };
    let d: Vec<&str> = date.split('-').collect();
    let date_ok = d.len() == 3
        && digits(d[0], 4).is_some()
        && digits(d[1], 2).is_some_and(|m| (1..=12).contains(&m))
        && digits(d[2], 2).is_some_and(|x| (1..=31).contains(&x));
    let (clock, zone) = if let Some(c) = time.strip_suffix(['Z', 'z']) {
        (c, None)
    } else if let Some(p) = time.rfind(['+', '-']) {
        (&time[..p], Some(&time[p + 1..]))
    } else {
        return false;
    };
    let zone_ok = zone.is_none_or(|z| {
        let p: Vec<&str> = z.split(':').collect();
        p.len() == 2 && digits(p[0], 2).is_some_and(|h| h < 24) && digits(p[1], 2).is_some_and(|m| m < 60)
    });
    let (hms, frac) = match clock.split_once('.') {
        Some((a, f)) => (a, Some(f)),
        None => (clock, None),
    };
    let t: Vec<&str> = hms.split(':').collect();
    let clock_ok = t.len() == 3
        && digits(t[0], 2).is_some_and(|h| h < 24)
        && digits(t[1], 2).is_some_and(|m| m < 60)
        && digits(t[2], 2).is_some_and(|x| x <= 60)
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
    date_ok && clock_ok && zone_ok
}

/// Semantic Versioning 2.0: `MAJOR.MINOR.PATCH[-pre][+build]`, no leading zeros.
pub fn is_semver(s: &str) -> bool {
    let (rest, build) = match s.split_once('+') {
        Some((r, b)) => (r, Some(b)),
        None => (s, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (rest, None),
    };
    let num = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && (p == "0" || !p.starts_with('0'));
    let ident = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| num(p))
        && pre.is_none_or(|p| p.split('.').all(|x| ident(x) && (!x.bytes().all(|b| b.is_ascii_digit()) || num(x))))
        && build.is_none_or(|b| b.split('.').all(ident))
}

/// A full git commit hash: 40 (SHA-1) or 64 (SHA-256) hexadecimal digits.
pub fn is_git_hash(s: &str) -> bool {
    (s.len() == 40 || s.len() == 64) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// An SPDX license expression: license ids (`[A-Za-z0-9.+-]`, `LicenseRef-…`) joined by
/// `AND`/`OR`/`WITH`, with parentheses. The syntax is checked, not the license list.
pub fn is_spdx(s: &str) -> bool {
    let spaced = s.replace('(', " ( ").replace(')', " ) ");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    if tokens.is_empty() {
        return false;
    }
    let mut depth = 0i32;
    let mut expect_id = true;
    for t in tokens {
        match t {
            "(" if expect_id => depth += 1,
            ")" if !expect_id => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            "AND" | "OR" | "WITH" if !expect_id => expect_id = true,
            id if expect_id => {
                if !id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'+' | b':')) {
                    return false;
                }
                expect_id = false;
            }
            _ => return false,
        }
    }
    depth == 0 && !expect_id
}

/// `local@domain.tld` (optionally `Name <local@domain.tld>`), no whitespace in the address.
pub fn is_email(s: &str) -> bool {
    let addr = match (s.find('<'), s.strip_suffix('>')) {
        (Some(p), Some(inner)) => &inner[p + 1..],
        _ => s,
    };
    let Some((local, domain)) = addr.rsplit_once('@') else { return false };
    !local.is_empty()
        && !local.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !addr.chars().any(|c| c.is_whitespace() || c == '<' || c == '>')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validators() {
        assert!(is_url("https://github.com/acme/app") && is_url("git+ssh://host/x"));
        assert!(!is_url("github.com/acme") && !is_url("https://") && !is_url("http://a b"));
        assert!(is_rfc3339("2026-11-22T08:00:00Z") && is_rfc3339("2026-11-22T08:00:00.123+01:00"));
        assert!(!is_rfc3339("2026-13-22T08:00:00Z") && !is_rfc3339("2026-11-22") && !is_rfc3339("yesterday"));
        assert!(is_semver("1.2.3") && is_semver("2.0.0-rc.1+build.5") && is_semver("0.0.0"));
        assert!(!is_semver("1.2") && !is_semver("01.2.3") && !is_semver("v1.2.3") && !is_semver("1.2.3-01"));
        assert!(is_git_hash(&"a".repeat(40)) && !is_git_hash("abc1234") && !is_git_hash(&"g".repeat(40)));
        assert!(
            is_spdx("MIT")
                && is_spdx("(Apache-2.0 OR MIT) AND BSD-3-Clause")
                && is_spdx("GPL-2.0-only WITH Classpath-exception-2.0")
        );
        assert!(!is_spdx("MIT OR") && !is_spdx("(MIT") && !is_spdx("MIT license!") && !is_spdx(""));
        assert!(is_email("team@example.com") && is_email("Jane Doe <jane@example.com>"));
        assert!(!is_email("team@localhost") && !is_email("no at sign") && !is_email("a b@c.d"));
    }
}

//! Wildcard matching for policy patterns: image and registry patterns (`*` matches any run of
//! characters, `?` one) and path globs (`*` within a path segment, `**` across segments).
//! Both run in O(pattern × text) time, so no pattern can make them blow up.

/// Longest pattern matched (policies are small); a longer pattern never matches. Texts have no
/// limit: matching is O(pattern × text) at worst, linear in practice.
const MAX_LEN: usize = 4096;

/// `*` matches any run of characters (including `/`), `?` exactly one; the rest is literal.
/// Matching is case-sensitive.
pub fn wildcard(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    if p.len() > MAX_LEN {
        return false;
    }
    // Classic greedy matcher with one backtrack point: linear in practice, O(p·t) worst case.
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || (p[pi] != '*' && p[pi] == t[ti])) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

/// A path glob: `*` and `?` stay within a segment, `**` spans any number of segments. A
/// pattern without `/` matches the file name in any directory (like `.gitignore`). Paths use
/// `/`; `\` in `path` is read as `/`.
pub fn path_glob(pattern: &str, path: &str) -> bool {
    let path = path.replace('\\', "/");
    let path = path.trim_start_matches("./");
    let pattern = pattern.trim_start_matches("./");
    if !pattern.contains('/') {
        let name = path.rsplit('/').next().unwrap_or(path);
        return segment_glob(pattern, name) || segment_glob(pattern, path);
    }
    let pattern = pattern.trim_start_matches('/');
    let ps: Vec<&str> = pattern.split('/').collect();
    let ts: Vec<&str> = path.split('/').collect();
    if ps.len() > MAX_LEN || ts.len() > MAX_LEN {
        return false;
    }
    // dp[i][j]: ps[i..] matches ts[j..]
    let (n, m) = (ps.len(), ts.len());
    let mut dp = vec![vec![false; m + 1]; n + 1];
    dp[n][m] = true;
    for i in (0..n).rev() {
        for j in (0..=m).rev() {
            dp[i][j] = if ps[i] == "**" {
                dp[i + 1][j] || (j < m && dp[i][j + 1])
            } else {
                j < m && segment_glob(ps[i], ts[j]) && dp[i + 1][j + 1]
            };
        }
    }
    dp[0][0]
}

/// `*`/`?` within one segment (no `/` in `text`).
fn segment_glob(pattern: &str, text: &str) -> bool {
    !text.contains('/') && wildcard(pattern, text) || (pattern == "**")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards() {
        assert!(wildcard("*.gcr.io", "eu.gcr.io"));
        assert!(!wildcard("*.gcr.io", "gcr.io"));
        assert!(wildcard("python:3.*", "python:3.12-slim"));
        assert!(wildcard("a?c", "abc"));
        assert!(!wildcard("a?c", "ac"));
        assert!(wildcard("*", ""));
        assert!(wildcard("curl * | sh", "curl -fsSL x | sh"));
        assert!(!wildcard(&"*a".repeat(100), &"b".repeat(3000)));
        assert!(wildcard("*curl*", &format!("{}curl", "x".repeat(100_000))));
    }

    #[test]
    fn path_globs() {
        assert!(path_glob("Dockerfile.dev", "services/api/Dockerfile.dev"));
        assert!(path_glob("legacy/**", "legacy/a/b/Dockerfile"));
        assert!(!path_glob("legacy/**", "new/legacy/Dockerfile"));
        assert!(path_glob("**/legacy/*", "new/legacy/Dockerfile"));
        assert!(path_glob("*.Dockerfile", "x/y/api.Dockerfile"));
        assert!(path_glob("services/*/Dockerfile", "./services/api/Dockerfile"));
        assert!(!path_glob("services/*/Dockerfile", "services/a/b/Dockerfile"));
        assert!(path_glob("services/**/Dockerfile", "services\\a\\b\\Dockerfile"));
    }
}

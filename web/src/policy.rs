//! The one place where the playground meets policies. Everything else calls
//! [`lint_with_policy`] and [`fix_with_policy`] and shows [`PolicyIssue`]s inline.
//!
//! The policy is the preset the user picked, or the team `.seaworthy.toml` pasted in (which
//! names its own preset with `extends`); it goes through the same `Policy::from_spec` as the
//! CLI and the npm package, so all three give the same report.

use seaworthy::api::{fix_files, FixOptions, FixResult};
use seaworthy::policy::Policy;
use seaworthy::{LintOptions, Report, SourceFile};

/// The presets the picker offers.
pub const PRESETS: [&str; 3] = ["recommended", "strict", "minimal"];

/// Whether this build applies policies.
pub const POLICIES_APPLIED: bool = true;

/// Whether the core checks compose files (it does: compose rules, cross-file rules with the
/// Dockerfiles of the page, and compose scores that include the images they build).
pub const CORE_CHECKS_COMPOSE: bool = true;

/// The files handed to the core.
fn checked(files: &[SourceFile]) -> Vec<SourceFile> {
    files
        .iter()
        .filter(|f| CORE_CHECKS_COMPOSE || seaworthy::detect_kind(&f.path) != Some(seaworthy::FileKind::Compose))
        .cloned()
        .collect()
}

/// The policy the user picked: a preset, and optionally a team `.seaworthy.toml`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyInput {
    pub preset: String,
    pub team: String,
}

impl Default for PolicyInput {
    fn default() -> Self {
        PolicyInput { preset: PRESETS[0].to_string(), team: String::new() }
    }
}

/// A problem in the policy text, with its 1-based position when known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyIssue {
    pub message: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

/// Lints `files` under `policy`.
pub fn lint_with_policy(
    files: &[SourceFile],
    options: &LintOptions,
    policy: &PolicyInput,
) -> Result<Report, Vec<PolicyIssue>> {
    let policy = resolve(policy)?;
    Ok(seaworthy::report::lint_with(&checked(files), options, &policy))
}

/// Applies the fixes allowed by `options` to `files` under `policy`.
pub fn fix_with_policy(
    files: &[SourceFile],
    options: &FixOptions,
    policy: &PolicyInput,
) -> Result<FixResult, Vec<PolicyIssue>> {
    let spec = spec(policy)?;
    let options = FixOptions { policy: Some(spec), ..options.clone() };
    fix_files(&checked(files), &options).map_err(issues)
}

/// The policy text handed to the core: the team file when there is one, else the preset.
fn spec(policy: &PolicyInput) -> Result<String, Vec<PolicyIssue>> {
    if policy.team.trim().is_empty() {
        check_preset(policy)?;
        Ok(policy.preset.clone())
    } else {
        Ok(policy.team.clone())
    }
}

fn resolve(policy: &PolicyInput) -> Result<Policy, Vec<PolicyIssue>> {
    Policy::from_spec(&spec(policy)?).map_err(issues)
}

fn issues(errors: Vec<seaworthy::policy::PolicyError>) -> Vec<PolicyIssue> {
    errors
        .into_iter()
        .map(|e| PolicyIssue {
            message: match e.help {
                Some(h) => format!("{} ({h})", e.message),
                None => e.message,
            },
            line: Some(e.line as usize),
            column: Some(e.column as usize),
        })
        .collect()
}

fn check_preset(policy: &PolicyInput) -> Result<(), Vec<PolicyIssue>> {
    if PRESETS.contains(&policy.preset.as_str()) {
        Ok(())
    } else {
        Err(vec![PolicyIssue {
            message: format!("unknown preset `{}` (expected one of {})", policy.preset, PRESETS.join(", ")),
            line: None,
            column: None,
        }])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_lint_and_unknown_presets_are_reported() {
        let files = [SourceFile { path: "Dockerfile".into(), content: "FROM node:latest\n".into(), kind: None }];
        for p in PRESETS {
            let input = PolicyInput { preset: p.into(), team: String::new() };
            let r = lint_with_policy(&files, &LintOptions::default(), &input).unwrap();
            assert!(r.summary.diagnostics > 0);
        }
        let bad = PolicyInput { preset: "lenient".into(), team: String::new() };
        let err = lint_with_policy(&files, &LintOptions::default(), &bad).unwrap_err();
        assert!(err[0].message.contains("lenient"));
        assert!(fix_with_policy(&files, &FixOptions::default(), &bad).is_err());
    }

    #[test]
    fn presets_and_team_policies_change_the_report() {
        let files = [SourceFile {
            path: "Dockerfile".into(),
            content: "FROM alpine:3.20\nRUN apk add curl\n".into(),
            kind: None,
        }];
        let count = |p: PolicyInput| lint_with_policy(&files, &LintOptions::default(), &p).unwrap().summary.diagnostics;
        let recommended = count(PolicyInput::default());
        assert!(count(PolicyInput { preset: "minimal".into(), team: String::new() }) < recommended);
        let team = "extends = \"recommended@1\"\n[rules]\nSWD404 = \"off\"\n".to_string();
        assert_eq!(count(PolicyInput { preset: "recommended".into(), team }), recommended - 1);
        let bad = PolicyInput { preset: "recommended".into(), team: "[rulez]\n".into() };
        let err = lint_with_policy(&files, &LintOptions::default(), &bad).unwrap_err();
        assert_eq!(err[0].line, Some(1));
    }

    #[test]
    fn compose_files_are_checked_with_the_dockerfiles() {
        let files = [
            SourceFile { path: "Dockerfile".into(), content: "FROM node:latest\n".into(), kind: None },
            SourceFile { path: "compose.yaml".into(), content: "services: {}\n".into(), kind: None },
        ];
        let r = lint_with_policy(&files, &LintOptions::default(), &PolicyInput::default()).unwrap();
        let paths: Vec<&str> = r.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, if CORE_CHECKS_COMPOSE { vec!["Dockerfile", "compose.yaml"] } else { vec!["Dockerfile"] });
    }
}

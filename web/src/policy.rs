//! The one place where the playground meets policies. Everything else calls
//! [`lint_with_policy`] and [`fix_with_policy`] and shows [`PolicyIssue`]s inline.
//!
//! TODO(policy): the core has no `seaworthy::policy` module yet, so for now both functions
//! IGNORE the preset and the team text and run the default rules (the UI says so). Once it lands,
//! connect it here:
//!
//! ```text
//! let spec = if team.trim().is_empty() { format!("extends = \"{preset}\"") } else { team.to_string() };
//! let policy = seaworthy::policy::Policy::from_spec(&spec).map_err(|errs| errs.into_iter()
//!     .map(|e| PolicyIssue { message: e.message, line: Some(e.line), column: Some(e.column) }).collect())?;
//! Ok(seaworthy::report::lint_with(files, options, &policy))
//! ```

use seaworthy::api::{fix_files, FixOptions, FixResult};
use seaworthy::{LintOptions, Report, SourceFile};

/// The presets the picker offers.
pub const PRESETS: [&str; 3] = ["recommended", "strict", "minimal"];

/// Whether this build applies policies (false until the core's policy module lands).
pub const POLICIES_APPLIED: bool = false;

/// Whether the core checks compose files. Until it does, it scores every compose file 100,
/// which would lift the mean score of a Dockerfile + compose stack, so compose files are left
/// out of the report. TODO(compose): set to `true` when the core's compose rules land.
pub const CORE_CHECKS_COMPOSE: bool = false;

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
    check_preset(policy)?;
    // The policy is not applied yet: see the module documentation.
    Ok(seaworthy::lint(&checked(files), options))
}

/// Applies the fixes allowed by `options` to `files` under `policy`.
pub fn fix_with_policy(
    files: &[SourceFile],
    options: &FixOptions,
    policy: &PolicyInput,
) -> Result<FixResult, Vec<PolicyIssue>> {
    check_preset(policy)?;
    // The policy is not applied yet: see the module documentation.
    Ok(fix_files(&checked(files), options))
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
        let files = [SourceFile { path: "Dockerfile".into(), content: "FROM node:latest\n".into() }];
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
    fn compose_files_wait_for_the_core() {
        let files = [
            SourceFile { path: "Dockerfile".into(), content: "FROM node:latest\n".into() },
            SourceFile { path: "compose.yaml".into(), content: "services: {}\n".into() },
        ];
        let r = lint_with_policy(&files, &LintOptions::default(), &PolicyInput::default()).unwrap();
        let paths: Vec<&str> = r.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, if CORE_CHECKS_COMPOSE { vec!["Dockerfile", "compose.yaml"] } else { vec!["Dockerfile"] });
    }
}

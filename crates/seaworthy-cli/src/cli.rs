//! Command-line arguments (clap derive).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const EXIT_CODES: &str = "Exit codes:
  0  clean: no finding at or above --fail-on
  1  findings at or above --fail-on
  2  usage error, unreadable or binary input, or no Dockerfile found";

const CHECK_EXIT_CODES: &str =
    "Policy: --config FILE, else --policy PRESET, else the nearest .seaworthy.toml above each \
file, else recommended (the latest version, recommended@2). --fail-on and --min-score default to the policy's failure-threshold and min-score.

Exit codes: (the same for every --format)
  0  clean: no finding at or above --fail-on, and the overall score is at least --min-score
  1  findings at or above --fail-on, or the overall score is below --min-score
  2  usage error, unreadable or binary input, invalid policy, or no Dockerfile found";

const ABOUT: &str = "Scores and fixes Dockerfiles for production readiness.";

const LONG_ABOUT: &str = "Scores and fixes Dockerfiles for production readiness.

Exit codes:
  0  clean: no finding at or above --fail-on
  1  findings at or above --fail-on
  2  usage error, unreadable or binary input, or no Dockerfile found";

#[derive(Debug, Parser)]
#[command(name = "seaworthy", version, about = ABOUT, long_about = LONG_ABOUT)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check Dockerfiles and print findings and scores.
    #[command(long_about = format!(
        "Check Dockerfiles and print findings and scores.\n\n\
         Directories are searched recursively (honouring .gitignore) for Dockerfile, Containerfile, \
         *.Dockerfile, *.containerfile, Dockerfile.* and Containerfile.*; files named explicitly are \
         always checked as Dockerfiles. `-` reads standard input.\n\n\
         --format text|json|sarif|github|gitlab|checkstyle|junit: human output, the versioned JSON \
         report, SARIF 2.1.0, GitHub Actions workflow commands, GitLab Code Quality JSON, Checkstyle \
         XML or JUnit XML (all built from the same report).\n\n{CHECK_EXIT_CODES}"
    ))]
    Check(CheckArgs),
    /// Apply fixes to Dockerfiles (safe ones by default).
    #[command(long_about = format!(
        "Apply fixes to Dockerfiles in place (safe ones by default; --unsafe adds the unsafe ones).\n\n\
         Files are written atomically and keep their permissions. With --diff nothing is written and \
         a unified diff is printed instead. `-` reads standard input and writes the fixed text to \
         standard output.\n\n{EXIT_CODES}\n\nThe exit code reflects the findings that remain after fixing."
    ))]
    Fix(FixArgs),
    /// Print each file's parse in BuildKit's shape, one JSON line per file.
    Parse(ParseArgs),
    /// List the rule catalogue.
    Rules(RulesArgs),
    /// Show a rule's documentation.
    #[command(long_about = "Show a rule's documentation. RULE is a rule id (SWD002) or name \
                            (empty-continuation-line), case-insensitive.\n\nExit code 2 if there is no such rule.")]
    Explain(ExplainArgs),
    /// Measure parse and lint throughput, scaling and peak memory over a corpus.
    Bench(BenchArgs),
    /// Show the effective policy, or import a hadolint configuration.
    Policy(PolicyArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// The output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Findings with source snippets and scores.
    Text,
    /// The versioned JSON report.
    Json,
    /// SARIF 2.1.0 (GitHub code scanning and other SARIF consumers).
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// GitLab Code Quality report.
    Gitlab,
    /// Checkstyle XML.
    Checkstyle,
    /// JUnit XML.
    Junit,
}

/// The lowest severity that makes the exit code 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Style,
    None,
}

impl FailOn {
    /// The policy threshold this flag stands for.
    pub fn threshold(self) -> seaworthy::policy::Threshold {
        use seaworthy::policy::Threshold;
        match self {
            FailOn::Error => Threshold::Error,
            FailOn::Warning => Threshold::Warning,
            FailOn::Info => Threshold::Info,
            FailOn::Style => Threshold::Style,
            FailOn::None => Threshold::None,
        }
    }
}

#[derive(Debug, Args)]
pub struct InputArgs {
    /// Files or directories to check; `-` reads standard input.
    #[arg(value_name = "PATHS", default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// The path shown for standard input.
    #[arg(long, value_name = "NAME", default_value = "-")]
    pub stdin_filename: String,
    /// Exit with 1 if any finding at or above this severity remains [default: the policy's
    /// failure-threshold, `warning` in recommended@1].
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOn>,
    #[command(flatten)]
    pub select: PolicySelect,
}

/// Which policy applies.
#[derive(Debug, Args, Clone, Default)]
pub struct PolicySelect {
    /// A policy file for every input (instead of the `.seaworthy.toml` found upward from each file).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// A preset for every input: recommended, strict, minimal, optionally versioned (strict@1).
    #[arg(long, value_name = "PRESET")]
    pub policy: Option<String>,
}

#[derive(Debug, Args)]
pub struct PolicyArgs {
    #[command(subcommand)]
    pub command: PolicyCommand,
}

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Print the effective policy (every rule's level and where it comes from).
    #[command(
        long_about = "Print the effective policy: the policy file found upward from PATH (default: the                             current directory), or --config / --policy, resolved over the preset it extends.                             The TOML output is itself a standalone policy file."
    )]
    Show(PolicyShowArgs),
    /// Convert a hadolint configuration (.hadolint.yaml) into a policy file.
    #[command(
        long_about = "Convert a hadolint configuration (.hadolint.yaml) into a Seaworthy policy file,                             through the hadolint equivalents of the rules: ignored, override, trustedRegistries,                             label-schema, strict-labels and failure-threshold. What cannot be converted is listed                             on standard error and as comments in the output."
    )]
    Import(PolicyImportArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PolicyFormat {
    Toml,
    Json,
}

#[derive(Debug, Args)]
pub struct PolicyShowArgs {
    /// A file or directory whose policy to show (the nearest .seaworthy.toml above it).
    pub path: Option<PathBuf>,
    #[command(flatten)]
    pub select: PolicySelect,
    #[arg(long, value_enum, default_value = "toml")]
    pub format: PolicyFormat,
}

#[derive(Debug, Args)]
pub struct PolicyImportArgs {
    /// The hadolint configuration to convert.
    pub file: PathBuf,
    /// Write the policy here instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: CheckFormat,
    /// Exit with 1 if the overall score (0-100) is below N.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(0..=100))]
    pub min_score: Option<u32>,
}

#[derive(Debug, Args)]
pub struct FixArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// Also apply unsafe fixes (they may change what the image does).
    #[arg(long = "unsafe")]
    pub unsafe_fixes: bool,
    /// Print a unified diff instead of writing files.
    #[arg(long)]
    pub diff: bool,
}

#[derive(Debug, Args)]
pub struct ParseArgs {
    /// Dockerfiles to parse (`-` reads standard input).
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<String>,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// The policy whose levels and custom rules to list (default: the .seaworthy.toml found
    /// from the current directory upwards, else recommended@1).
    #[command(flatten)]
    pub select: PolicySelect,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule id or name, e.g. SWD002 or empty-continuation-line (or a custom rule of the policy).
    pub rule: String,
    #[command(flatten)]
    pub select: PolicySelect,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Directory of Dockerfiles to measure (read non-recursively), or a corpus root that holds
    /// them in `dockerfiles/` (compose files: `compose/` in the root, or next to the directory).
    #[arg(default_value = "../shared/corpus/dockerfiles")]
    pub dir: PathBuf,
    /// Measure only these rules (comma-separated ids or names) instead of the default set.
    #[arg(long, value_delimiter = ',')]
    pub rules: Vec<String>,
    /// Only the corpus throughput lines (parse, parse+lint, api lint): no scaling, pathological
    /// inputs or compose (what `node tests/bench/node.mjs` runs to compare with the Node API).
    #[arg(long)]
    pub throughput: bool,
}

//! Bakes a team's settings into the playground at build time (see docs/playground.md):
//!
//! - `SEAWORTHY_TITLE`: the page heading (default "Seaworthy playground");
//! - `SEAWORTHY_POLICY_FILE`: a `.seaworthy.toml` whose text becomes the default team policy;
//! - `SEAWORTHY_PRESET`: the preset selected at startup (`recommended`, `strict`, `minimal`);
//! - `SEAWORTHY_EXAMPLES`: comma-separated example ids to show, in order (default: all);
//! - `SEAWORTHY_POLICY_URL`: a path on the page's own origin (e.g. `policy.toml`) fetched at
//!   startup, replacing the team policy; absolute URLs are refused (the page only talks to
//!   its own origin, which the Content Security Policy enforces as well).
use std::{env, fs, path::PathBuf};

fn var(name: &str) -> String {
    println!("cargo:rerun-if-env-changed={name}");
    env::var(name).unwrap_or_default()
}

fn main() {
    let title = var("SEAWORTHY_TITLE");
    let title = if title.trim().is_empty() { "Seaworthy playground".to_string() } else { title };
    let policy_file = var("SEAWORTHY_POLICY_FILE");
    let policy = if policy_file.is_empty() {
        String::new()
    } else {
        println!("cargo:rerun-if-changed={policy_file}");
        fs::read_to_string(&policy_file)
            .unwrap_or_else(|e| panic!("SEAWORTHY_POLICY_FILE={policy_file}: cannot read it: {e}"))
    };
    let preset = var("SEAWORTHY_PRESET");
    let examples = var("SEAWORTHY_EXAMPLES");
    let policy_url = var("SEAWORTHY_POLICY_URL");
    if policy_url.contains("://") || policy_url.starts_with("//") || policy_url.contains(':') {
        panic!("SEAWORTHY_POLICY_URL={policy_url}: must be a path on the page's own origin, e.g. `policy.toml`");
    }
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("team.rs");
    let code = format!(
        "/// The page heading.\npub const TITLE: &str = {title:?};\n\
         /// The default team policy text (empty: none).\npub const POLICY: &str = {policy:?};\n\
         /// The preset selected at startup (empty: `recommended`).\npub const PRESET: &str = {preset:?};\n\
         /// Comma-separated example ids to show (empty: all).\npub const EXAMPLES: &str = {examples:?};\n\
         /// A same-origin path to fetch the team policy from at startup (empty: none).\npub const POLICY_URL: &str = {policy_url:?};\n"
    );
    fs::write(out, code).expect("write team.rs");
}

//! Dockerfile rules, one per file. `ALL` is the registry, in id order.

use super::DockerfileRule;

pub mod empty_continuation_line;
pub mod suppression_without_reason;
pub mod syntax_error;
pub mod unused_suppression;
// -- base image, user, runtime rules
pub mod add_for_local_files;
pub mod latest_base_image;
pub mod maintainer_deprecated;
pub mod missing_healthcheck;
pub mod missing_user;
pub mod relative_workdir;
pub mod root_user;
pub mod shell_form_cmd;
pub mod untagged_base_image;
// -- package-manager and secret rules
// -- [C] package managers (SWD204-SWD2xx)
// -- [D] structure and BuildKit checks (SWD003-SWD0xx)
// -- [E] supply chain, runtime and secrets (SWD103-1xx, SWD405-4xx, SWD503-5xx)
// -- [F] layering and build hygiene (SWD304-SWD3xx)
pub mod apt_lists_not_cleaned;
pub mod apt_missing_yes;
pub mod apt_recommends_installed;
pub mod hardcoded_secret;
pub mod secret_named_variable;

pub static ALL: &[&DockerfileRule] = &[
    &syntax_error::RULE,
    &empty_continuation_line::RULE,
    &suppression_without_reason::RULE,
    &unused_suppression::RULE,
    // -- base image, user, runtime rules (registry)
    &untagged_base_image::RULE,
    &latest_base_image::RULE,
    &add_for_local_files::RULE,
    &maintainer_deprecated::RULE,
    &relative_workdir::RULE,
    &missing_user::RULE,
    &root_user::RULE,
    &shell_form_cmd::RULE,
    &missing_healthcheck::RULE,
    // -- package-manager and secret rules (registry)
    // -- [C] registry
    // -- [D] registry
    // -- [E] registry
    // -- [F] registry
    &apt_missing_yes::RULE,
    &apt_recommends_installed::RULE,
    &apt_lists_not_cleaned::RULE,
    &secret_named_variable::RULE,
    &hardcoded_secret::RULE,
];

//! Dockerfile rules, one per file. `ALL` is the registry, in id order.

use super::DockerfileRule;

pub mod empty_continuation_line;
pub mod inline_suppression;
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
pub mod apk_cache_kept;
pub mod apk_package_not_pinned;
pub mod apt_instead_of_apt_get;
pub mod apt_package_not_pinned;
pub mod dist_upgrade_in_image;
pub mod dnf_cache_not_cleaned;
pub mod dnf_missing_yes;
pub mod dnf_package_not_pinned;
pub mod gem_package_not_pinned;
pub mod go_install_not_pinned;
pub mod npm_cache_not_cleaned;
pub mod npm_dev_dependencies_in_final_stage;
pub mod npm_install_instead_of_ci;
pub mod npm_package_not_pinned;
pub mod package_update_alone;
pub mod pip_cache_kept;
pub mod pip_package_not_pinned;
pub(crate) mod pkg_call;
pub mod yarn_cache_not_cleaned;
pub mod yum_cache_not_cleaned;
pub mod yum_missing_yes;
pub mod yum_package_not_pinned;
pub mod zypper_cache_not_cleaned;
pub mod zypper_dist_upgrade;
pub mod zypper_missing_non_interactive;
pub mod zypper_package_not_pinned;
// -- [D] structure and BuildKit checks (SWD003-SWD0xx)
pub mod copy_from_own_stage;
pub mod copy_from_unknown_stage;
pub mod copy_ignored_file;
pub mod copy_multiple_sources_no_slash;
pub mod copy_relative_without_workdir;
pub mod copy_root_filesystem;
pub mod duplicate_stage_name;
pub mod env_self_reference;
pub mod expose_invalid_format;
pub mod expose_port_out_of_range;
pub mod expose_protocol_casing;
pub mod first_instruction_not_from;
pub mod from_as_casing;
pub mod from_platform_constant;
pub mod inconsistent_instruction_casing;
pub mod invalid_default_arg_in_from;
pub mod invalid_onbuild_trigger;
pub mod legacy_key_value_format;
pub mod missing_syntax_directive;
pub mod multiple_cmd;
pub mod multiple_entrypoint;
pub mod multiple_healthcheck;
pub mod redundant_target_platform;
pub mod reserved_stage_name;
pub mod stage_name_casing;
pub mod undefined_arg_in_from;
pub mod undefined_variable;
pub mod unknown_flag;
pub mod unknown_instruction;
// -- [E] supply chain, runtime and secrets (SWD103-1xx, SWD405-4xx, SWD503-5xx)
pub mod add_remote_without_checksum;
pub mod base_image_not_allowed;
pub mod base_image_not_pinned_by_digest;
pub mod curl_pipe_to_shell;
pub mod healthcheck_tool_missing;
pub mod healthcheck_without_options;
pub mod loose_base_image_tag;
pub mod missing_init_process;
pub mod missing_pipefail;
pub mod node_env_not_production;
pub mod non_numeric_user;
pub mod password_set_in_run;
pub mod secret_file_copied;
pub mod sensitive_files_not_ignored;
pub mod sensitive_volume;
pub mod sh_replaced_by_symlink;
pub mod ssh_port_exposed;
pub mod sudo_in_run;
pub mod tls_verification_disabled;
pub mod unsigned_packages;
pub mod untrusted_registry;
// -- [F] layering and build hygiene (SWD304-SWD3xx)
pub mod apt_lists_not_cleaned;
pub mod apt_missing_yes;
pub mod apt_recommends_installed;
pub mod archive_extracted_manually;
pub mod build_tools_in_final_stage;
pub mod cd_instead_of_workdir;
pub mod consecutive_run;
pub mod copy_chown_redundant_run;
pub mod copy_whole_context;
pub mod curl_and_wget;
pub mod dependencies_installed_after_source;
pub mod hardcoded_secret;
pub mod large_base_image;
pub mod missing_expose;
pub mod pointless_command;
pub mod secret_named_variable;
pub mod useradd_without_no_log_init;
pub mod wget_without_progress;
pub mod workdir_system_directory;
pub mod world_writable_permissions;
// -- label schema (policy-driven; SWD319-SWD328)
pub mod empty_label_value;
pub mod invalid_label_key;
pub mod label_not_datetime;
pub mod label_not_email;
pub mod label_not_git_hash;
pub mod label_not_semver;
pub mod label_not_spdx;
pub mod label_not_url;
pub(crate) mod labels;
pub mod missing_required_label;
pub mod unexpected_label;

pub static ALL: &[&DockerfileRule] = &[
    &syntax_error::RULE,
    &empty_continuation_line::RULE,
    &suppression_without_reason::RULE,
    &unused_suppression::RULE,
    &inline_suppression::RULE,
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
    &apt_instead_of_apt_get::RULE,
    &apt_package_not_pinned::RULE,
    &package_update_alone::RULE,
    &apk_cache_kept::RULE,
    &apk_package_not_pinned::RULE,
    &yum_missing_yes::RULE,
    &yum_cache_not_cleaned::RULE,
    &yum_package_not_pinned::RULE,
    &dnf_missing_yes::RULE,
    &dnf_cache_not_cleaned::RULE,
    &dnf_package_not_pinned::RULE,
    &zypper_missing_non_interactive::RULE,
    &zypper_dist_upgrade::RULE,
    &zypper_cache_not_cleaned::RULE,
    &zypper_package_not_pinned::RULE,
    &pip_package_not_pinned::RULE,
    &pip_cache_kept::RULE,
    &npm_package_not_pinned::RULE,
    &npm_install_instead_of_ci::RULE,
    &npm_dev_dependencies_in_final_stage::RULE,
    &npm_cache_not_cleaned::RULE,
    &yarn_cache_not_cleaned::RULE,
    &gem_package_not_pinned::RULE,
    &go_install_not_pinned::RULE,
    &dist_upgrade_in_image::RULE,
    // -- [D] registry
    &unknown_instruction::RULE,
    &first_instruction_not_from::RULE,
    &duplicate_stage_name::RULE,
    &reserved_stage_name::RULE,
    &stage_name_casing::RULE,
    &from_as_casing::RULE,
    &inconsistent_instruction_casing::RULE,
    &copy_from_unknown_stage::RULE,
    &copy_from_own_stage::RULE,
    &copy_multiple_sources_no_slash::RULE,
    &expose_port_out_of_range::RULE,
    &expose_invalid_format::RULE,
    &expose_protocol_casing::RULE,
    &invalid_onbuild_trigger::RULE,
    &env_self_reference::RULE,
    &undefined_variable::RULE,
    &undefined_arg_in_from::RULE,
    &invalid_default_arg_in_from::RULE,
    &legacy_key_value_format::RULE,
    &multiple_cmd::RULE,
    &multiple_entrypoint::RULE,
    &multiple_healthcheck::RULE,
    &from_platform_constant::RULE,
    &redundant_target_platform::RULE,
    &copy_relative_without_workdir::RULE,
    &copy_root_filesystem::RULE,
    &unknown_flag::RULE,
    &missing_syntax_directive::RULE,
    &copy_ignored_file::RULE,
    // -- [E] registry
    &base_image_not_pinned_by_digest::RULE,
    &loose_base_image_tag::RULE,
    &add_remote_without_checksum::RULE,
    &curl_pipe_to_shell::RULE,
    &tls_verification_disabled::RULE,
    &unsigned_packages::RULE,
    &untrusted_registry::RULE,
    &base_image_not_allowed::RULE,
    &sudo_in_run::RULE,
    &missing_pipefail::RULE,
    &sh_replaced_by_symlink::RULE,
    &non_numeric_user::RULE,
    &healthcheck_without_options::RULE,
    &healthcheck_tool_missing::RULE,
    &node_env_not_production::RULE,
    &ssh_port_exposed::RULE,
    &sensitive_volume::RULE,
    &missing_init_process::RULE,
    &secret_file_copied::RULE,
    &sensitive_files_not_ignored::RULE,
    &password_set_in_run::RULE,
    // -- [F] registry
    &cd_instead_of_workdir::RULE,
    &workdir_system_directory::RULE,
    &archive_extracted_manually::RULE,
    &consecutive_run::RULE,
    &copy_whole_context::RULE,
    &dependencies_installed_after_source::RULE,
    &build_tools_in_final_stage::RULE,
    &wget_without_progress::RULE,
    &curl_and_wget::RULE,
    &pointless_command::RULE,
    &useradd_without_no_log_init::RULE,
    &world_writable_permissions::RULE,
    &copy_chown_redundant_run::RULE,
    &large_base_image::RULE,
    &missing_expose::RULE,
    &apt_missing_yes::RULE,
    &apt_recommends_installed::RULE,
    &apt_lists_not_cleaned::RULE,
    &secret_named_variable::RULE,
    &hardcoded_secret::RULE,
    // -- label schema registry
    &invalid_label_key::RULE,
    &missing_required_label::RULE,
    &unexpected_label::RULE,
    &empty_label_value::RULE,
    &label_not_url::RULE,
    &label_not_datetime::RULE,
    &label_not_spdx::RULE,
    &label_not_git_hash::RULE,
    &label_not_semver::RULE,
    &label_not_email::RULE,
];

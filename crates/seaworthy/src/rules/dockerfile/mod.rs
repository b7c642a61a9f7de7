//! Dockerfile rules, one per file. `ALL` is the registry, in id order.

use super::DockerfileRule;

pub mod empty_continuation_line;
pub mod syntax_error;

pub static ALL: &[&DockerfileRule] = &[&syntax_error::RULE, &empty_continuation_line::RULE];

//! Seaworthy core: parses Dockerfiles losslessly, runs rules, scores the result and
//! offers fixes as minimal text edits. Pure functions over text: no I/O.

/// A rule's documentation (the `docs` of its metadata): the Markdown text, or `""` when the
/// crate is built without its `docs` feature. The WebAssembly builds leave the docs out (they
/// are a fifth of the module) and ship them as a generated JSON file next to it instead
/// (`docs/rules/docs.json`, written by `cargo run -p xtask -- gen`).
#[cfg(feature = "docs")]
macro_rules! rule_docs {
    ($text:literal) => {
        $text
    };
}
#[cfg(not(feature = "docs"))]
macro_rules! rule_docs {
    ($text:literal) => {
        ""
    };
}

pub mod api;
pub mod compose;
pub mod context;
pub mod diagnostic;
pub mod dockerfile;
pub mod dockerignore;
pub mod fix;
pub mod num;
pub mod policy;
pub mod project;
pub mod report;
pub mod report_json;
mod request_json;
pub mod rules;
pub mod score;
pub mod shell;
pub mod sort;
pub mod span;
pub mod suppress;
pub mod yaml;

pub use diagnostic::{Applicability, Category, Diagnostic, Edit, Fix, Label, Severity};
pub use policy::{Policy, PolicyError};
pub use report::{
    detect_kind, fix_source, fix_source_with, lint, lint_dockerfile, lint_source, lint_source_with, lint_with,
    FileKind, LintOptions, Report, SourceFile,
};
pub use rules::compose::{lint_compose, lint_compose_with};
pub use span::{LineIndex, Position, PositionEncoding, Span};

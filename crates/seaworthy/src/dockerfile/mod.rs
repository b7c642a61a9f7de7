//! Dockerfiles: the lossless parser, its syntax tree, and the BuildKit-shaped view.

pub mod ast;
pub mod json;
pub mod logical;
pub mod model;
pub mod oracle;
pub mod parser;
pub mod words;

pub use ast::*;
pub use parser::parse;

impl Dockerfile {
    /// Gives the input back from the segments (the lossless property).
    pub fn reconstruct(&self, src: &str) -> String {
        self.segments.iter().map(|s| s.span.text(src)).collect()
    }
}

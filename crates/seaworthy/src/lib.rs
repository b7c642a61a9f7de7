//! Seaworthy core: parses Dockerfiles losslessly, runs rules, scores the result and
//! offers fixes as minimal text edits. Pure functions over text: no I/O.

pub mod diagnostic;
pub mod dockerfile;
pub mod span;

pub use diagnostic::{Applicability, Category, Diagnostic, Edit, Fix, Label, Severity};
pub use span::{LineIndex, Position, PositionEncoding, Span};

//! The Seaworthy playground's logic, without the UI: highlighting, the workspace with undo and
//! fixes, share links, the policy hook, and what the panels show. Pure Rust, tested natively;
//! the Yew UI (the `seaworthy-web` binary, wasm32 only) is built on it.

pub mod checks;
pub mod examples;
pub mod highlight;
pub mod model;
pub mod policy;
pub mod share;
pub mod team;
pub mod view;

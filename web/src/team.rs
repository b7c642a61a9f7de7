//! Settings baked in at build time by `build.rs` (see docs/playground.md).
include!(concat!(env!("OUT_DIR"), "/team.rs"));

//! dealx's integration tests: the real binary, and snapshots of the corpus.
//!
//! One test binary (`autotests = false` in Cargo.toml) keeps linking cheap.

mod bad_input;
mod cli;
mod eval;
mod formats;
mod properties;
mod python;
mod quality;
mod snapshots;
mod util;

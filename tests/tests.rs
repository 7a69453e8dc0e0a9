//! dealx's integration tests: the real binary, and snapshots of the corpus.
//!
//! One test binary (`autotests = false` in Cargo.toml) keeps linking cheap.

mod cli;
mod eval;
mod formats;
mod python;
mod quality;
mod snapshots;
mod util;

//! Builds the gazetteer of the built-in files (`gazetteers/*.tsv`) at
//! compile time and freezes its tables into `OUT_DIR` (`builtin.bin`,
//! `builtin.txt`), which the crate embeds: start-up then reads the tables
//! back instead of parsing the files and building the name trie
//! (`Gazetteer::builtin`).
//!
//! The building code is the crate's own: the modules below are its source
//! files, compiled here as well, so the compile-time and the run-time
//! builds cannot drift apart (and a test compares their output).

// The build script uses only the building half of these modules.
#[allow(dead_code)]
#[path = "src/builder.rs"]
mod builder;
#[allow(dead_code)]
#[path = "src/frozen.rs"]
mod frozen;
#[allow(dead_code)]
#[path = "src/load.rs"]
mod load;
#[allow(dead_code)]
#[path = "src/trie.rs"]
mod trie;
#[allow(dead_code)]
#[path = "src/words.rs"]
mod words;

use std::path::{Path, PathBuf};

/// The built-in files, in the order of `BUILTIN_FILES` in `src/lib.rs`
/// (entry ids follow it).
const FILES: [&str; 5] = [
    "places.tsv",
    "demonyms.tsv",
    "leaders.tsv",
    "companies.tsv",
    "organizations.tsv",
];

/// The sources this build reads besides the gazetteer files.
const SOURCES: [&str; 7] = [
    "build.rs",
    "src/builder.rs",
    "src/frozen.rs",
    "src/load.rs",
    "src/trie.rs",
    "src/words.rs",
    "data/common_words.txt",
];

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let gazetteers = manifest.join("../../gazetteers");
    for source in SOURCES {
        rerun_if_changed(&manifest.join(source));
    }
    let mut builder = builder::GazetteerBuilder::new();
    for name in FILES {
        let path = gazetteers.join(name);
        rerun_if_changed(&path);
        let contents = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        if let Err(e) = builder.add_file(name, &contents) {
            panic!("bad built-in gazetteer row: {e}");
        }
    }
    let tables = builder
        .compile()
        .unwrap_or_else(|e| panic!("the built-in gazetteer does not build: {e}"));
    let (bytes, text) = tables.freeze();
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets it"));
    write(&out.join("builtin.bin"), &bytes);
    write(&out.join("builtin.txt"), text.as_bytes());
}

fn rerun_if_changed(path: &Path) {
    println!("cargo:rerun-if-changed={}", path.display());
}

fn write(path: &Path, contents: &[u8]) {
    std::fs::write(path, contents)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

//! The Python side of the ecosystem: the Spark example job, DuckDB and
//! pandas reading the output, and the JSON Schema checked by the reference
//! validator. Each test runs one script of `tests/python/` with the Python
//! named by `DEALX_PYTHON` (a virtual environment with
//! `tests/python/requirements.txt` installed; `.ci/run` makes one).
//!
//! Without `DEALX_PYTHON` the tests print a note and pass, except under CI
//! (`CI=true`), where a missing interpreter is a failure: CI must run them.
#![allow(clippy::print_stderr, clippy::print_stdout)]

use std::path::PathBuf;
use std::process::Command;

use crate::util::root;

/// The Python to run the scripts with, or `None` (after a note) when none
/// is configured outside CI.
fn python(script: &str) -> Option<PathBuf> {
    match std::env::var_os("DEALX_PYTHON") {
        Some(p) if !p.is_empty() => Some(PathBuf::from(p)),
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => panic!(
            "CI=true but DEALX_PYTHON is not set: .ci/run must create the virtual environment \
             of tests/python/requirements.txt and export DEALX_PYTHON=<venv>/bin/python"
        ),
        _ => {
            eprintln!(
                "skipped: set DEALX_PYTHON=/path/to/venv/bin/python (a venv with \
                 tests/python/requirements.txt installed) to run tests/python/{script}"
            );
            None
        }
    }
}

/// Runs `tests/python/<script>` against the dealx binary under test and
/// fails with its output when it fails.
fn run_script(script: &str) {
    let Some(python) = python(script) else {
        return;
    };
    let path = root().join("tests").join("python").join(script);
    let out = Command::new(&python)
        .arg(&path)
        .env("DEALX_BIN", env!("CARGO_BIN_EXE_dealx"))
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {} {}: {e}", python.display(), path.display()));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "tests/python/{script} failed ({}):\n{stdout}\n{stderr}",
        out.status
    );
    print!("{stdout}");
}

#[test]
fn spark_job_records_equal_dealx_extract() {
    run_script("spark_job.py");
}

#[test]
fn duckdb_and_pandas_read_numbers_as_numbers_and_iso_dates() {
    run_script("data_tools.py");
}

#[test]
fn every_corpus_record_is_valid_against_the_json_schema() {
    run_script("schema.py");
}

//! Helpers for running the real `dealx` binary.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use dealx_testkit::{Record, SentencesRecord};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled corpus directory.
pub fn corpus() -> PathBuf {
    root().join("corpus")
}

/// A `dealx` command with the given arguments.
pub fn dealx(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dealx"));
    cmd.args(args);
    cmd
}

/// Runs `dealx args`, feeding `stdin`, and returns what it did.
pub fn run_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = dealx(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dealx starts");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(stdin)
        .expect("stdin accepts input");
    child.wait_with_output().expect("dealx finishes")
}

/// Runs `dealx args` with no input and returns what it did.
pub fn run(args: &[&str]) -> Output {
    dealx(args)
        .stdin(Stdio::null())
        .output()
        .expect("dealx runs")
}

/// Standard output as text, after checking the exit status.
pub fn stdout_ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "dealx failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).expect("output is UTF-8")
}

/// The records of `extract` output, read back strictly.
pub fn records(stdout: &str) -> Vec<Record> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad record {e}: {l}")))
        .collect()
}

/// The records of `sentences` output, read back strictly.
pub fn sentence_records(stdout: &str) -> Vec<SentencesRecord> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad record {e}: {l}")))
        .collect()
}

/// The corpus `.txt` files, sorted.
pub fn corpus_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus())
        .expect("corpus/ exists")
        .map(|e| e.expect("corpus entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

/// The corpus as JSON Lines input, each article repeated `times` times with
/// ids suffixed `-<n>`.
pub fn corpus_jsonl(times: usize) -> String {
    let mut out = String::new();
    for n in 0..times {
        for path in corpus_files() {
            let id = format!("{}-{n}", stem(&path));
            let text = std::fs::read_to_string(&path).expect("corpus file is UTF-8");
            let line = serde_json::json!({"id": id, "text": text});
            out.push_str(&line.to_string());
            out.push('\n');
        }
    }
    out
}

/// The file stem as a string.
pub fn stem(path: &Path) -> String {
    path.file_stem()
        .expect("file has a stem")
        .to_string_lossy()
        .into_owned()
}

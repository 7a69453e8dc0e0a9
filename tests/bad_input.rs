//! Bad input, case by case: every input document yields exactly one output
//! line (its record, or an error record naming what was wrong and where),
//! the batch goes on, and the exit status says whether anything failed.

use std::io::{BufRead, BufReader, Write};
use std::process::{Output, Stdio};
use std::time::Duration;

use crate::util::*;
use dealx_testkit::check_record;

/// Every output line as JSON, in order.
fn lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(out.stdout.clone())
        .expect("output is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad line {e}: {l}")))
        .collect()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The error kind of an error record, or "" for a record.
fn kind(line: &serde_json::Value) -> &str {
    line["error"]["kind"].as_str().unwrap_or("")
}

/// Checks a record line against the invariants on `text` (the text the
/// record's offsets index: for lossily decoded input, the decoded text).
fn assert_valid_record(line: &serde_json::Value, text: &str) {
    let record: dealx_testkit::Record =
        serde_json::from_value(line.clone()).expect("a record under the contract");
    let extractor = dealx_pipeline::Extractor::new(&dealx_pipeline::Config::default())
        .expect("the built-in gazetteers load");
    let doc = dealx_core::Document::new("t", text);
    let sentences = serde_json::to_value(extractor.sentences_record(&doc)).expect("serialises");
    let sentences: dealx_testkit::SentencesRecord =
        serde_json::from_value(sentences).expect("sentences read back");
    let problems = check_record(text, &record, &sentences.sentences);
    assert!(problems.is_empty(), "{problems:#?}");
}

/// One dump with every kind of bad JSON line between good ones: each line
/// of input gets its line of output, in order, and the batch goes on.
#[test]
fn every_bad_json_line_gets_its_error_record_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("dump.jsonl");
    let mut input: Vec<u8> = Vec::new();
    let mut push = |line: &[u8]| {
        input.extend_from_slice(line);
        input.push(b'\n');
    };
    push(br#"{"id":"good-1","text":"Chile signed a $5 billion deal on May 23."}"#);
    push(br#"{"id":"cut","text":"Chile signed a $5 bil"#); // truncated line
    push(br#"{"id":"no-text"}"#);
    push(br#"{"id":"num-text","text":42}"#);
    push(br#"{"id":17,"text":"An id that is a number."}"#);
    push(br#"{"text":"No id at all."}"#);
    push(br#"{"id":"bad-date","text":"x","published":"yesterday"}"#);
    push(b"[1, 2, 3]");
    push(b"\x00\x01\x02 binary garbage \xff");
    push(b"   ");
    push(br#"{"id":"good-2","text":"Peru and Chile agreed."}"#);
    let nul_in_string = b"{\"id\":\"nul\",\"text\":\"a\x00b\"}";
    push(nul_in_string);
    input.extend_from_slice(br#"{"id":"tail","text":"no newline at the end"#);
    std::fs::write(&dump, &input).unwrap();

    let out = run(&["extract", dump.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let lines = lines(&out);
    let kinds: Vec<&str> = lines.iter().map(kind).collect();
    assert_eq!(
        kinds,
        [
            "",
            "malformed_json",
            "missing_text",
            "missing_text",
            "bad_id",
            "bad_id",
            "bad_published",
            "malformed_json",
            "malformed_json",
            "",
            "malformed_json",
            "malformed_json",
        ]
    );
    // Sources name the file and line (the blank line 10 is skipped).
    let sources: Vec<String> = lines
        .iter()
        .filter(|l| !kind(l).is_empty())
        .map(|l| {
            let s = l["error"]["source"].as_str().unwrap();
            s.rsplit_once(':').unwrap().1.to_string()
        })
        .collect();
    assert_eq!(
        sources,
        ["2", "3", "4", "5", "6", "7", "8", "9", "12", "13"]
    );
    assert!(lines[1]["error"]["source"]
        .as_str()
        .unwrap()
        .ends_with("dump.jsonl:2"));
    // The id is kept when it could be read.
    assert_eq!(lines[2]["id"], "no-text");
    assert_eq!(lines[4]["id"], serde_json::Value::Null);
    assert_eq!(lines[9]["id"], "good-2");
    let err = stderr(&out);
    assert!(
        err.contains("dump.jsonl:3: no 'text' field (document 'no-text')"),
        "{err}"
    );
    assert!(
        err.contains("12 documents read: 2 records, 10 error records"),
        "{err}"
    );
    assert!(err.contains("malformed_json 5"), "{err}");
}

#[test]
fn invalid_utf8_is_decoded_lossily_with_a_warning_and_valid_offsets() {
    let dir = tempfile::tempdir().unwrap();
    let txt = dir.path().join("latin1.txt");
    // "Café" in Latin-1, then a sentence with a deal.
    std::fs::write(
        &txt,
        b"Caf\xe9 talks. Chile signed a $5 billion deal with Peru on May 23.\n",
    )
    .unwrap();
    let jsonl = dir.path().join("d.jsonl");
    std::fs::write(
        &jsonl,
        b"{\"id\":\"j\",\"text\":\"S\xe3o Paulo \xff\xfe: Chile signed a $2 billion deal.\"}\n",
    )
    .unwrap();
    let out = run(&["extract", txt.to_str().unwrap(), jsonl.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines = lines(&out);
    assert_eq!(lines.len(), 2);
    for (line, raw) in lines.iter().zip([
        std::fs::read(&txt).unwrap(),
        b"S\xe3o Paulo \xff\xfe: Chile signed a $2 billion deal.".to_vec(),
    ]) {
        assert_eq!(line["warnings"], serde_json::json!(["invalid_utf8"]));
        let decoded = String::from_utf8_lossy(&raw);
        assert_valid_record(line, &decoded);
        assert_eq!(line["amounts"].as_array().unwrap().len(), 1);
    }
    let err = stderr(&out);
    assert!(
        err.contains("warning: ") && err.contains("latin1.txt"),
        "{err}"
    );
    assert!(err.contains("d.jsonl:1"), "{err}");
    assert!(err.contains("2 warnings (invalid_utf8 2)"), "{err}");
}

#[test]
fn empty_text_gets_a_record_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.txt"), "").unwrap();
    std::fs::write(dir.path().join("blank.txt"), " \n\t\n").unwrap();
    let out = run_with_stdin(
        &["extract", dir.path().to_str().unwrap(), "-"],
        br#"{"id":"e","text":""}"#,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines = lines(&out);
    let ids: Vec<&str> = lines.iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["blank", "empty", "e"]);
    for line in &lines {
        assert_eq!(line["warnings"], serde_json::json!(["empty_text"]));
        assert_eq!(line["entities"], serde_json::json!([]));
    }
    assert!(stderr(&out).contains("the text is empty"));
}

#[test]
fn binary_files_in_a_directory_are_skipped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("a.txt"), "Chile signed a deal.").unwrap();
    std::fs::write(root.join("b.txt"), b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR").unwrap();
    std::fs::write(root.join("c.jsonl"), b"\x1f\x8b\x08\x00\x00\x00\x00\x00").unwrap();
    std::fs::write(root.join("d.pdf"), b"%PDF-1.4 \x00\x01").unwrap();
    std::fs::write(root.join("e.txt"), "Peru agreed.").unwrap();
    let out = run(&["extract", root.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let ids: Vec<String> = lines(&out)
        .iter()
        .map(|l| l["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["a", "e"]);
    let err = stderr(&out);
    assert!(err.contains("b.txt: binary file"), "{err}");
    assert!(err.contains("c.jsonl: binary file"), "{err}");
    assert!(!err.contains("d.pdf"), "{err}");
    assert!(err.contains("2 warnings (binary 2)"), "{err}");
}

#[test]
fn a_binary_file_named_on_the_command_line_is_an_error_record() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("blob.txt");
    std::fs::write(&bin, b"\x00\x00\x00\x00").unwrap();
    let out = run(&["extract", bin.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let lines = lines(&out);
    assert_eq!((lines.len(), kind(&lines[0])), (1, "binary"));
    assert_eq!(lines[0]["id"], "blob");
}

#[test]
fn duplicate_ids_are_warned_about_and_both_records_written() {
    let out = run_with_stdin(
        &["extract"],
        b"{\"id\":\"x\",\"text\":\"Chile.\"}\n{\"id\":\"y\",\"text\":\"Peru.\"}\n{\"id\":\"x\",\"text\":\"Chile again.\"}\n",
    );
    assert_eq!(out.status.code(), Some(0));
    let lines = lines(&out);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["warnings"], serde_json::json!([]));
    assert_eq!(lines[2]["warnings"], serde_json::json!(["duplicate_id"]));
    let err = stderr(&out);
    assert!(
        err.contains("<stdin>:3: the id 'x' was used by an earlier document"),
        "{err}"
    );
}

#[test]
fn documents_above_max_doc_bytes_get_error_records() {
    let dir = tempfile::tempdir().unwrap();
    let big_txt = dir.path().join("big.txt");
    std::fs::write(&big_txt, "Chile signed. ".repeat(200)).unwrap();
    let dump = dir.path().join("d.jsonl");
    let big_line = serde_json::json!({"id": "huge", "text": "Peru agreed. ".repeat(500)});
    std::fs::write(
        &dump,
        format!("{big_line}\n{{\"id\":\"small\",\"text\":\"Peru agreed.\"}}\n"),
    )
    .unwrap();
    let out = run(&[
        "extract",
        "--max-doc-bytes",
        "2K",
        big_txt.to_str().unwrap(),
        dump.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let lines = lines(&out);
    let kinds: Vec<&str> = lines.iter().map(kind).collect();
    assert_eq!(kinds, ["too_large", "too_large", ""]);
    assert_eq!(lines[0]["id"], "big");
    assert_eq!(lines[1]["id"], "huge");
    assert_eq!(lines[2]["id"], "small");
    assert!(lines[1]["error"]["message"]
        .as_str()
        .unwrap()
        .contains("--max-doc-bytes"));
    // Under the default limit the same files are read.
    let out = run(&["extract", big_txt.to_str().unwrap(), dump.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
}

/// `/proc/self/mem` exists but cannot be read from offset 0, even by root:
/// an unreadable file.
#[cfg(target_os = "linux")]
#[test]
fn an_unreadable_file_is_an_error_record_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.txt");
    std::fs::write(&good, "Chile signed.").unwrap();
    let out = run(&["extract", "/proc/self/mem", good.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let lines = lines(&out);
    assert_eq!(kind(&lines[0]), "io");
    assert_eq!(lines[0]["id"], "mem");
    assert_eq!(lines[0]["error"]["source"], "/proc/self/mem");
    assert_eq!(lines[1]["id"], "good");
    assert!(stderr(&out).contains("/proc/self/mem: cannot read"));
}

/// Permissions do not stop root, so this runs only as another user.
#[cfg(unix)]
#[test]
fn an_unreadable_directory_is_an_error_record_and_the_batch_goes_on() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::write(locked.join("x.txt"), "Chile.").unwrap();
    std::fs::write(dir.path().join("z.txt"), "Peru.").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read_dir(&locked).is_ok() {
        // Running as root: the directory is readable after all.
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
        return;
    }
    let out = run(&["extract", dir.path().to_str().unwrap()]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(out.status.code(), Some(1));
    let lines = lines(&out);
    assert_eq!(kind(&lines[0]), "io");
    assert_eq!(lines[1]["id"], "z");
}

#[test]
fn a_missing_path_is_a_usage_error_before_anything_is_written() {
    let good = corpus_files()[0].clone();
    let out = run(&["extract", good.to_str().unwrap(), "no/such/file.jsonl"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).contains("no/such/file.jsonl"));
}

#[test]
fn strict_stops_at_the_first_error_and_leaves_no_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("d.jsonl");
    std::fs::write(
        &dump,
        "{\"id\":\"a\",\"text\":\"Chile.\"}\n{oops\n{\"id\":\"c\",\"text\":\"Peru.\"}\n",
    )
    .unwrap();
    let out = run(&["extract", "--strict", dump.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let lines = lines(&out);
    assert_eq!(lines.len(), 2, "the error record is the last line");
    assert_eq!(kind(&lines[1]), "malformed_json");
    assert!(stderr(&out).contains("--strict"));

    let target = dir.path().join("out.jsonl");
    let out = run(&[
        "extract",
        "--strict",
        dump.to_str().unwrap(),
        "-o",
        target.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!target.exists());
    // No temporary file is left behind either.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["d.jsonl"]);
}

#[test]
fn quiet_prints_errors_only() {
    let input = b"{\"id\":\"a\",\"text\":\"\"}\n{\"id\":\"a\",\"text\":\"x\"}\n{oops\n";
    let out = run_with_stdin(&["extract", "--quiet"], input);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("<stdin>:3: not a JSON object"), "{err}");
    let out = run_with_stdin(&["extract", "-q"], &input[..input.len() - 6]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
}

#[test]
fn the_summary_counts_documents_records_errors_and_warnings() {
    let out = run_with_stdin(
        &["extract"],
        b"{\"id\":\"a\",\"text\":\"Chile.\"}\n{\"id\":\"b\"}\n{\"id\":\"a\",\"text\":\"\"}\n",
    );
    let err = stderr(&out);
    let summary = err.lines().last().unwrap();
    assert!(
        summary.starts_with(
            "dealx: 3 documents read: 2 records, 1 error record (missing_text 1), \
             2 warnings (duplicate_id 1, empty_text 1); "
        ),
        "{summary}"
    );
    assert!(
        summary.contains(" MB in ") && summary.contains(" s"),
        "{summary}"
    );
}

/// Reads lines of `stdout` on a thread, handing each over a channel, so a
/// test can wait for one with a timeout instead of hanging.
fn line_reader(stdout: std::process::ChildStdout) -> std::sync::mpsc::Receiver<String> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

#[test]
fn a_record_comes_out_before_the_input_ends() {
    let mut child = dealx(&["extract"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let records = line_reader(child.stdout.take().unwrap());
    stdin
        .write_all(b"{\"id\":\"first\",\"text\":\"Chile signed a $5 billion deal.\"}\n")
        .unwrap();
    stdin.flush().unwrap();
    // The input is still open: the record must come anyway.
    let first = records
        .recv_timeout(Duration::from_secs(120))
        .expect("a record before the input ends");
    assert!(first.starts_with(r#"{"id":"first","#), "{first}");
    stdin
        .write_all(b"{\"id\":\"second\",\"text\":\"Peru.\"}\n")
        .unwrap();
    stdin.flush().unwrap();
    let second = records.recv_timeout(Duration::from_secs(120)).unwrap();
    assert!(second.starts_with(r#"{"id":"second","#), "{second}");
    drop(stdin);
    assert!(child.wait().unwrap().success());
}

#[cfg(unix)]
fn interrupt(child: &std::process::Child) {
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly_with_status_130() {
    let mut child = dealx(&["extract"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let records = line_reader(child.stdout.take().unwrap());
    stdin
        .write_all(b"{\"id\":\"done\",\"text\":\"Chile.\"}\n")
        .unwrap();
    stdin.flush().unwrap();
    let first = records.recv_timeout(Duration::from_secs(120)).unwrap();
    assert!(first.starts_with(r#"{"id":"done","#));
    // Interrupted while waiting for more input (stdin still open).
    interrupt(&child);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("interrupted"), "{err}");
    assert!(err.contains("1 document read"), "{err}");
    drop(stdin);
}

#[cfg(unix)]
#[test]
fn ctrl_c_with_an_output_file_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.jsonl");
    let mut child = dealx(&["extract", "-o", target.to_str().unwrap()])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(b"{\"id\":\"done\",\"text\":\"Chile.\"}\n")
        .unwrap();
    stdin.flush().unwrap();
    // Wait until the temporary output file holds the record.
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    loop {
        let written: u64 = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().metadata().unwrap().len())
            .sum();
        if written > 0 {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "nothing written");
        std::thread::sleep(Duration::from_millis(50));
    }
    interrupt(&child);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    assert!(stderr(&out).contains("was not written"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    drop(stdin);
}

// See: fuzz crashes kept in tests/fuzz/testdata; each input goes through
// the whole pass (decoded lossily, as dealx reads it) and its record must
// keep every invariant.
#[test]
fn fuzz_regressions() {
    let dir = root().join("tests/fuzz/testdata");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_none())
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let extractor = dealx_pipeline::Extractor::new(&dealx_pipeline::Config::default()).unwrap();
    for path in files {
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        let doc = dealx_core::Document::new("fuzz", text.as_str());
        let extraction = extractor.process(&doc);
        let record = serde_json::to_value(extractor.record(&extraction)).unwrap();
        let sentences: dealx_testkit::SentencesRecord =
            serde_json::from_value(serde_json::to_value(extractor.sentences_record(&doc)).unwrap())
                .unwrap();
        let record: dealx_testkit::Record = serde_json::from_value(record).unwrap();
        let problems = check_record(&text, &record, &sentences.sentences);
        assert!(problems.is_empty(), "{}: {problems:#?}", path.display());
    }
}
